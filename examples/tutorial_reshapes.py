"""The two reshapes every LSTM tutorial starts with, and what to do instead.

A user story: "I have 10 values (or two parallel series of 10 values) and was told
to reshape them to 3D for an LSTM." This script shows the tutorial reshape with
``to_3d``, explains the three axes, and then shows why a long series is usually
cut into many samples (``sliding_windows`` / ``SlidingWindow``) instead.

Run: ``python examples/tutorial_reshapes.py``
"""

import numpy as np

from sklstm import SlidingWindow, sliding_windows, to_3d

# 1. Ten values of one series -> one sample of 10 time steps of 1 feature.
series = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
one_sample = to_3d(series)
print("univariate:", series.shape, "->", one_sample.shape,
      "= (1 sample, 10 time steps, 1 feature)")  # fmt: skip

# 2. Two parallel series of ten values -> one sample of 10 steps of 2 features.
in1 = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
in2 = np.array([15, 25, 35, 45, 55, 65, 75, 85, 95, 105])
parallel = np.column_stack([in1, in2])
two_features = to_3d(parallel)
print("parallel:  ", parallel.shape, "->", two_features.shape,
      "= (1 sample, 10 time steps, 2 features)")  # fmt: skip

# One sample is nothing to learn from. To forecast the next value, cut the
# series into many samples: 3 steps in, the next value out.
X, y = sliding_windows(series, series, timesteps=3)
print("supervised:", X.shape, "windows with", y.shape, "targets")
for window, target in zip(X[:3, :, 0], y[:3], strict=True):
    print("   ", window, "->", target)

# Inside a Pipeline, keep one window per row so that y stays aligned.
windows = SlidingWindow(timesteps=3).fit_transform(parallel)
print("SlidingWindow keeps rows:", parallel.shape, "->", windows.shape)
print("   first window (no history yet):", windows[0].tolist())
