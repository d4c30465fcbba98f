"""Feeding Keras from 3D data in batches, without copying the windows.

The windows of ``SlidingWindow`` are a strided view whose full copy would be
``timesteps`` times larger than the data, and Keras' ``fit`` on a numpy array
copies it whole (to float32, then to a tensor). The estimators instead give
TensorFlow the rows that the windows read (see
:func:`sklstm._windows.window_source`) as float32, shared with TensorFlow
without a copy (and not even converted when they already are float32, as the
output of ``SequencePadder(dtype="float32")`` is). A ``tf.data`` pipeline then
gathers each batch of windows from them, inside TensorFlow, and sets padded
steps (all features NaN) to the mask value that the model's ``Masking`` layer
skips. Memory does not grow with ``timesteps``, and no Python code runs per
batch.
"""

from __future__ import annotations

import numpy as np

from .._validation import check_float32_range
from .._windows import aligned_empty, nan_rows, row_chunks, window_source

# TensorFlow reads host memory shared with it (through DLPack) only at this
# alignment, the widest vector registers it is built for (a misaligned read
# aborts the process); numpy aligns to 16 bytes. SequencePadder allocates its
# output on 64-byte cache lines, so that a float32 one is shared as it is.
ALIGNMENT = 64

# All-NaN steps become this value, which the model's Masking layer skips. It
# is far outside any sensibly scaled feature, and a real step would need every
# feature to equal it exactly to be masked by mistake.
MASK_VALUE = -1.0e9

_FLOAT32_MAX = float(np.finfo(np.float32).max)


def scan_steps(X, *, who: str) -> int:
    """Check the NaN pattern of 3D data and count its padded steps.

    A step whose features are all NaN is padding (masked by the model). A step
    with some but not all features NaN is an error, and so are infinity and
    finite values beyond float32 (which Keras would read as infinity). The
    rows the windows read are scanned in chunks, so the cost does not grow
    with the window length and no window is copied.
    """
    source = window_source(X)
    base = source.base
    n_features = base.shape[1]
    n_nan = nan_rows(base)
    partial = source.first_flagged((n_nan > 0) & (n_nan < n_features))
    if partial is not None:
        sample, step = partial
        raise ValueError(
            f"{who}: time step {step} of sample {sample} has "
            f"{n_nan[source.starts[sample] + step]} of its {n_features} features "
            "missing (NaN). An all-NaN step is padding and is masked, but a "
            "partly missing step cannot be read by an LSTM: impute the "
            "missing values before the windows are made, for example with "
            "SimpleImputer() or a forward fill (df.ffill()) as the first "
            "step of the Pipeline."
        )
    if base.dtype.kind in "fc":
        infinite = np.zeros(len(base), dtype=bool)
        for rows in row_chunks(*base.shape):
            infinite[rows] = np.isinf(base[rows]).any(axis=1)
        flagged = source.first_flagged(infinite)
        if flagged is not None:
            sample, step = flagged
            raise ValueError(
                f"{who}: the data holds infinite values (time step {step} of "
                f"sample {sample} is the first); replace them (they often come "
                "from a division by zero) before fitting."
            )
    if base.dtype.kind == "f" and base.dtype.itemsize > 4:
        # Keras reads float32, where these values are infinity. The rows are
        # scanned here; only the sample that holds one is looked at closely,
        # so the message can say where it is in X.
        big = np.zeros(len(base), dtype=bool)
        for rows in row_chunks(*base.shape):
            chunk = base[rows]
            big[rows] = ((np.abs(chunk) > _FLOAT32_MAX) & np.isfinite(chunk)).any(
                axis=1
            )
        flagged = source.first_flagged(big)
        if flagged is not None:
            sample = flagged[0]
            check_float32_range(np.asarray(X[sample]), who=who, what=f"X[{sample}]")
    return int(source.per_sample(n_nan == n_features).sum())


def padded_steps(X) -> np.ndarray:
    """Which time step of which sample is padding (all its features NaN).

    A boolean array of shape ``(n_samples, n_timesteps)``, read from the rows
    the windows of ``X`` share: no window is copied.

    >>> X = np.ones((2, 3, 2))
    >>> X[0, :2] = np.nan
    >>> padded_steps(X)
    array([[ True,  True, False],
           [False, False, False]])
    """
    source = window_source(X)
    padded_rows = nan_rows(source.base) == source.base.shape[1]
    return padded_rows[source.starts[:, None] + np.arange(source.timesteps)]


def float32_rows(base: np.ndarray) -> np.ndarray:
    """``base`` as float32 rows that TensorFlow can share without a copy.

    ``base`` itself when it already is (float32, C-contiguous, writeable and
    aligned on 64 bytes, as the output of ``SequencePadder(dtype="float32")``
    is); otherwise an aligned float32 copy, converted in chunks so that no
    float64 temporary of the whole array is made.

    >>> rows = float32_rows(np.array([[1.0, 2.0], [np.nan, np.nan]]))
    >>> rows, rows.ctypes.data % 64
    (array([[ 1.,  2.],
           [nan, nan]], dtype=float32), 0)
    >>> float32_rows(rows) is rows
    True
    """
    if (
        base.dtype == np.float32
        and base.flags.c_contiguous
        and base.flags.writeable
        and base.ctypes.data % ALIGNMENT == 0
    ):
        return base
    out = aligned_empty(base.shape, np.float32, alignment=ALIGNMENT)
    for rows in row_chunks(*base.shape):
        out[rows] = base[rows]
    return out


def batch_bounds(group_sizes, batch_size: int) -> np.ndarray:
    """``(start, stop)`` of the batches of two consecutive groups of samples.

    The first group is cut into full batches from its start, the second from
    its end; what is left of each, side by side, makes one batch (two when
    it exceeds ``batch_size``). So a pass has as many batches as without
    groups, one batch at most is short of ``batch_size`` and one at most
    mixes the groups: a group of a few samples gets no batch of its own,
    which would give those few samples a whole step of the optimizer.

    >>> batch_bounds([5, 3], 2)
    array([[0, 2],
           [2, 4],
           [4, 6],
           [6, 8]])
    >>> batch_bounds([2, 30], 32)
    array([[ 0, 32]])
    >>> batch_bounds([3, 3], 4)
    array([[0, 4],
           [4, 6]])
    """
    first, second = group_sizes
    n_first, n_second = first // batch_size, second // batch_size
    middle_start = n_first * batch_size
    middle_stop = first + second - n_second * batch_size
    cuts = [
        *range(0, middle_start, batch_size),
        *range(middle_start, middle_stop, batch_size),
        *range(middle_stop, first + second, batch_size),
        first + second,
    ]
    cuts = np.array(cuts, dtype=np.int64)
    return np.column_stack([cuts[:-1], cuts[1:]])


class WindowFeed:
    """3D data held by TensorFlow as its rows, served as batches of windows.

    Samples that hold a padded step are batched among themselves, apart from
    the complete ones (but for one batch, :func:`batch_bounds`): the model
    masks only the batches that hold padding (see
    :class:`~sklstm.estimators._models.PaddingAware`), and the windows of a
    long series are nearly all complete.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_timesteps, n_features)
        The data: a strided window view, a :class:`~sklstm.LazyWindows` or any
        3D array. Only the rows its windows read go to TensorFlow, as float32
        (shared as they are when they already are float32 and aligned); the
        windows themselves are never copied whole, and their padded steps are
        masked batch by batch.

    Examples
    --------
    >>> X = np.arange(18.0).reshape(3, 3, 2)
    >>> X[1, 0] = np.nan
    >>> feed = WindowFeed(X)
    >>> y = np.array([5.0, 7.0, 9.0])
    >>> [targets.numpy() for _, targets in feed.batches(y, batch_size=2)]
    [array([7.]), array([5., 9.])]
    >>> feed.order()  # the padded sample first, in a batch of its own
    array([1, 0, 2])
    >>> (windows, _), _ = feed.batches(y, batch_size=2)
    >>> windows.numpy()[:, :, 0]
    array([[-1.e+09,  8.e+00,  1.e+01]], dtype=float32)
    """

    def __init__(self, X):
        import tensorflow as tf

        source = window_source(X)
        self.n_samples = len(source.starts)
        n_features = source.base.shape[1]
        self.padded = source.per_sample(nan_rows(source.base) == n_features) > 0
        # Shared with TensorFlow through DLPack: tf.convert_to_tensor would
        # copy the rows again, and hold two copies while it does. TensorFlow
        # only reads them.
        rows = float32_rows(source.base)
        self._rows = tf.experimental.dlpack.from_dlpack(rows.__dlpack__())
        self._starts = tf.convert_to_tensor(source.starts, dtype=tf.int64)
        self._steps = tf.range(source.timesteps, dtype=tf.int64)

    def _groups(self, samples) -> tuple[np.ndarray, np.ndarray]:
        """The padded and the complete samples of ``samples``, in order."""
        start, stop, _ = (samples or slice(None)).indices(self.n_samples)
        positions = np.arange(start, stop)
        padded = self.padded[start:stop]
        return positions[padded], positions[~padded]

    def order(self, samples=None) -> np.ndarray:
        """The samples in the order an unshuffled pass serves them.

        The padded samples first, then the complete ones, each in sample
        order: ``predict`` puts the outputs back in sample order with it.
        """
        return np.concatenate(self._groups(samples))

    def n_batches(self, samples=None, *, batch_size: int) -> int:
        """Batches of one pass over ``samples``."""
        return len(batch_bounds([len(g) for g in self._groups(samples)], batch_size))

    def batches(
        self,
        y=None,
        sample_weight=None,
        *,
        batch_size,
        samples=None,
        epochs=None,
        shuffle=True,
        seed=None,
        prefetch=2,
        reconstruct=False,
        step_weights=False,
    ):
        """A ``tf.data.Dataset`` of batches of windows, targets and weights.

        Parameters
        ----------
        y : ndarray of shape (n_samples, ...), default=None
            The targets, batched along with the windows.
        sample_weight : ndarray of shape (n_samples,), default=None
            The weights of the samples, batched along with them.
        batch_size : int
            Samples per batch.
        samples : slice, default=None
            The samples to serve (for example the training part of a
            time-ordered validation split); all when None.
        epochs : range or None, default=None
            One pass over the samples for each epoch number, all in one
            dataset; None serves one pass, in :meth:`order`.
        shuffle : bool, default=True
            With ``epochs``: draw each pass's order from ``(seed, epoch)``:
            the padded and the complete samples are each shuffled, cut into
            batches, and the batches shuffled, so a fit that reads them as
            ``len(epochs)`` epochs is reproducible whatever re-reads the
            dataset (a distribution strategy, a worker thread). False serves
            every pass in :meth:`order`.
        seed : int or None, default=None
            Seed of the shuffled orders; None draws one.
        prefetch : int, default=2
            Batches prepared ahead of the model, and the most held in memory.
        reconstruct : bool, default=False
            The targets are the windows themselves, as they are (padded
            steps hold 0 there): an autoencoder's. ``y`` must be None.
        step_weights : bool, default=False
            Weigh every time step: 1 for a real step, 0 for a padded one,
            times the sample's weight. The loss of a per-step output then
            ignores the padded steps, whatever the targets hold there.

        Returns
        -------
        tf.data.Dataset
            Elements ``windows`` (float32, shape ``(batch, n_timesteps,
            n_features)``, padded steps set to ``MASK_VALUE``), or
            ``(windows, targets)``, or ``(windows, targets, weights)``, as
            Keras reads them. The time axis of the windows (and of targets
            and weights per time step) is ``None`` in the dataset's spec.
        """
        import tensorflow as tf

        if reconstruct and y is not None:
            raise ValueError("the targets are either y or the windows, not both")
        groups = self._groups(samples)
        bounds = batch_bounds([len(g) for g in groups], batch_size)
        n_batches = len(bounds)
        shuffle = shuffle and epochs is not None
        if shuffle and seed is None:
            seed = int(np.random.default_rng().integers(2**31))
        group_tensors = [tf.constant(g, dtype=tf.int64) for g in groups]
        bounds = tf.constant(bounds)

        def one_pass(epoch=None):
            if epoch is None:
                return tf.concat(group_tensors, axis=0), bounds

            def shuffled(values, k):  # three draws per epoch: k = 0, 1, 2
                key = tf.stack([tf.constant(seed, tf.int64), 3 * epoch + k])
                return tf.random.experimental.stateless_shuffle(values, seed=key)

            positions = tf.concat(
                [shuffled(g, k) for k, g in enumerate(group_tensors)], axis=0
            )
            return positions, shuffled(bounds, 2)

        def in_batches(positions, pass_bounds):
            return tf.data.Dataset.from_tensor_slices(pass_bounds).map(
                lambda b: positions[b[0] : b[1]]
            )

        if epochs is not None:
            numbers = tf.data.Dataset.range(epochs.start, epochs.stop)
            passes = numbers.map(one_pass if shuffle else lambda _: one_pass())
            n_passes = len(epochs)
        else:
            passes = tf.data.Dataset.from_tensors(one_pass())
            n_passes = 1
        positions = passes.flat_map(in_batches).apply(
            tf.data.experimental.assert_cardinality(n_passes * n_batches)
        )
        targets = None if y is None else tf.convert_to_tensor(y)
        weights = None
        if sample_weight is not None:
            weights = tf.convert_to_tensor(sample_weight, dtype=tf.float32)

        def any_length(batch):
            # The time axis left unknown in the dataset's spec: a model traced
            # on these batches runs on windows of any length without a new
            # trace (a search's trainers serve every timesteps; _reuse.py).
            return tf.raw_ops.PlaceholderWithDefault(
                input=batch, shape=[None, None, *batch.shape[2:]]
            )

        def gather(index):
            if shuffle:
                index = tf.sort(index)  # reads in memory order; the set is random
            steps = tf.gather(self._starts, index)[:, None] + self._steps
            windows = tf.gather(self._rows, steps)
            # Padded steps (all features NaN; partly missing ones were
            # refused by scan_steps) become the value the model skips.
            missing = tf.math.is_nan(windows)
            inputs = any_length(tf.where(missing, MASK_VALUE, windows))
            if reconstruct:
                batch_targets = any_length(
                    tf.where(missing, tf.zeros_like(windows), windows)
                )
            elif targets is not None:
                batch_targets = tf.gather(targets, index)
                if step_weights:  # a target per time step
                    batch_targets = any_length(batch_targets)
            else:
                return inputs
            batch_weights = None if weights is None else tf.gather(weights, index)
            if step_weights:
                real = tf.cast(~tf.reduce_all(missing, axis=-1), tf.float32)
                if batch_weights is not None:  # per sample, or per step
                    if batch_weights.shape.rank == 1:
                        batch_weights = batch_weights[:, None]
                    real = real * batch_weights
                batch_weights = any_length(real)
            if batch_weights is None:
                return inputs, batch_targets
            return inputs, batch_targets, batch_weights

        options = tf.data.Options()
        # Keras' own array pipeline does the same: the default rewrites only
        # cost time on a pipeline this small.
        options.experimental_optimization.apply_default_optimizations = False
        # Nothing here is tuned (one map, a fixed prefetch), and the tuning
        # thread can hold up the deletion of an iterator for seconds: Keras
        # deletes one at the end of every fit.
        options.autotune.enabled = False
        dataset = positions.map(gather)
        if prefetch:
            dataset = dataset.prefetch(prefetch)
        return dataset.with_options(options)
