"""Keras LSTM estimators (scikeras subclasses) that end sklstm Pipelines.

Importing this module imports Keras and TensorFlow.
"""

from ._recurrent import LSTMClassifier, LSTMRegressor

__all__ = ["LSTMClassifier", "LSTMRegressor"]
