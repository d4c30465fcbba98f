"""Feeding Keras batch by batch from 3D data, without copying all of it.

The windows of ``SlidingWindow`` are a strided view whose full copy would be
``timesteps`` times larger than the data. Keras' ``fit`` and ``predict`` on a
numpy array copy it whole (to a contiguous array, then to a tensor), so the
estimators hand Keras a :class:`keras.utils.PyDataset` instead: each batch is
gathered from the view on demand, converted to float32, and its padded steps
(all features NaN) are replaced by the mask value that the model's ``Masking``
layer skips.
"""

from __future__ import annotations

import math

import keras
import numpy as np

from .._windows import sample_chunks

# All-NaN steps become this value, which the model's Masking layer skips. It
# is far outside any sensibly scaled feature, and a real step would need every
# feature to equal it exactly to be masked by mistake.
MASK_VALUE = -1.0e9


def scan_steps(X, *, who: str) -> int:
    """Check the NaN pattern of 3D data and count its padded steps.

    A step whose features are all NaN is padding (masked by the model). A step
    with some but not all features NaN is an error, and so is infinity. ``X`` is
    scanned in chunks, so a strided window view is never copied whole.
    """
    n_padded = 0
    n_features = X.shape[-1]
    for start, chunk in sample_chunks(X):
        nan = np.isnan(chunk)
        n_nan = nan.sum(axis=-1)
        partial = (n_nan > 0) & (n_nan < n_features)
        if partial.any():
            sample, step = np.argwhere(partial)[0]
            sample += start
            raise ValueError(
                f"{who}: time step {step} of sample {sample} has "
                f"{n_nan[sample - start, step]} of its {n_features} features "
                "missing (NaN). An all-NaN step is padding and is masked, but a "
                "partly missing step cannot be read by an LSTM: impute the "
                "missing values before the windows are made, for example with "
                "SimpleImputer() or a forward fill (df.ffill()) as the first "
                "step of the Pipeline."
            )
        if np.isinf(chunk).any():
            raise ValueError(
                f"{who}: the data holds infinite values; replace them (they "
                "often come from a division by zero) before fitting."
            )
        n_padded += int((n_nan == n_features).sum())
    return n_padded


def prepare_batch(X, rows) -> np.ndarray:
    """Gather ``X[rows]`` as float32 with padded steps set to ``MASK_VALUE``.

    ``rows`` is sorted; a contiguous run of rows is read through a slice, so
    only the float32 batch itself is allocated.
    """
    contiguous = len(rows) and rows[-1] - rows[0] + 1 == len(rows)
    source = X[rows[0] : rows[-1] + 1] if contiguous else X[rows]
    batch = np.array(source, dtype=np.float32)  # a copy of just this batch
    padded = np.isnan(batch).all(axis=-1)
    batch[padded] = MASK_VALUE
    return batch


class WindowBatches(keras.utils.PyDataset):
    """A :class:`keras.utils.PyDataset` over 3D data, one batch at a time.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_timesteps, n_features)
        The data; often a strided view, never copied whole.
    y : ndarray of shape (n_samples, ...) or None
        The targets, or None for prediction.
    sample_weight : ndarray of shape (n_samples,) or None
        Weights of the samples.
    batch_size : int
        Samples per batch.
    shuffle : bool, default=False
        Whether to visit the samples in a new random order at every epoch.
    seed : int or None, default=None
        Seed of that order, for reproducible fits.
    rows : ndarray of int or None, default=None
        The samples to use (for example the training part of a time-ordered
        validation split); all samples when None.
    """

    def __init__(
        self,
        X,
        y=None,
        sample_weight=None,
        *,
        batch_size,
        shuffle=False,
        seed=None,
        rows=None,
    ):
        super().__init__()
        self.X, self.y, self.sample_weight = X, y, sample_weight
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self._rng = np.random.default_rng(seed)
        self._rows = np.arange(len(X)) if rows is None else np.asarray(rows)
        self._order = self._rows
        if shuffle:
            self._order = self._rng.permutation(self._rows)

    def __len__(self):
        return math.ceil(len(self._rows) / self.batch_size)

    def __getitem__(self, index):
        rows = self._order[index * self.batch_size : (index + 1) * self.batch_size]
        if self.shuffle:
            rows = np.sort(rows)  # contiguous reads; the set is what is random
        batch = prepare_batch(self.X, rows)
        if self.y is None:
            return (batch,)
        if self.sample_weight is None:
            return batch, self.y[rows]
        return batch, self.y[rows], self.sample_weight[rows]

    def on_epoch_end(self):
        if self.shuffle:
            self._order = self._rng.permutation(self._rows)
