"""sklstm: from 1D and 2D data to the 3D input of an LSTM, inside scikit-learn.

An LSTM wants a float array of shape ``(n_samples, n_timesteps, n_features)``.
The transformers of sklstm build it from the data people have (a series, a
table, a panel of many entities, a list of variable-length sequences) inside a
stock scikit-learn ``Pipeline``, so that ``GridSearchCV`` can tune the window
length like any other hyper-parameter.

Importing sklstm does not import TensorFlow; the LSTM estimators do, on first
use.
"""

from ._differenced import DifferencedTargetRegressor
from ._forecast import forecast
from ._inspect import predict_frame
from ._sequence_padder import SequencePadder, group_sequences
from ._sliding_window import SlidingWindow, sliding_windows
from ._stepwise import StepwiseTransformer
from ._supervised import make_supervised
from ._time_features import TimeFeatures
from ._to_3d import To3D, to_3d
from ._trace import trace_shapes
from ._windows import LazyWindows

__version__ = "0.1.0.dev0"

# The estimators import Keras and TensorFlow (seconds); load them on first use.
_ESTIMATORS = ("LSTMAutoencoder", "LSTMClassifier", "LSTMRegressor")


def __getattr__(name):
    if name in _ESTIMATORS:
        from . import estimators

        return getattr(estimators, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(__all__)


__all__ = [
    "DifferencedTargetRegressor",
    "LSTMAutoencoder",
    "LSTMClassifier",
    "LSTMRegressor",
    "LazyWindows",
    "SequencePadder",
    "SlidingWindow",
    "StepwiseTransformer",
    "TimeFeatures",
    "To3D",
    "forecast",
    "group_sequences",
    "make_supervised",
    "predict_frame",
    "sliding_windows",
    "to_3d",
    "trace_shapes",
]
