"""Keras LSTM estimators (scikeras subclasses) that end sklstm Pipelines.

Importing this module imports Keras and TensorFlow.
"""

from ._autoencoder import LSTMAutoencoder
from ._classifier import LSTMClassifier
from ._regressor import LSTMRegressor

__all__ = ["LSTMAutoencoder", "LSTMClassifier", "LSTMRegressor"]
