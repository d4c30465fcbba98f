"""sklstm: from 1D and 2D data to the 3D input of an LSTM, inside scikit-learn.

An LSTM wants a float array of shape ``(n_samples, n_timesteps, n_features)``.
The transformers of sklstm build it from the data people have (a series, a
table, a panel of many entities, a list of variable-length sequences) inside a
stock scikit-learn ``Pipeline``, so that ``GridSearchCV`` can tune the window
length like any other hyper-parameter.

Importing sklstm does not import TensorFlow.
"""

from ._sequence_padder import SequencePadder, group_sequences
from ._sliding_window import SlidingWindow, sliding_windows
from ._stepwise import StepwiseTransformer
from ._to_3d import To3D, to_3d

__version__ = "0.1.0.dev0"

__all__ = [
    "SequencePadder",
    "SlidingWindow",
    "StepwiseTransformer",
    "To3D",
    "group_sequences",
    "sliding_windows",
    "to_3d",
]
