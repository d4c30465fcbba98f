"""The windowing core: causal windows as strided views of one padded base array.

``SlidingWindow`` and ``sliding_windows`` with groups call :func:`padded_windows`.
It never copies a window: it lays the rows of each group after ``timesteps - 1``
rows of ``fill_value`` in one base array, and reads the windows as a strided view
of that base, so memory is O(n_rows x n_features) whatever ``timesteps`` is.
(``sliding_windows`` of one series needs no padding: it views the data itself.)
The estimators go the other way with :func:`window_source`: from 3D data back to
the 2D rows its windows read, which TensorFlow then holds instead of the windows.

Layout of the base for two groups ``a`` (3 rows) and ``b`` (2 rows) and
``timesteps=3`` (``.`` is ``fill_value``)::

    base rows:   .  .  a0 a1 a2 .  .  b0 b1
    view row 0:  .  .  a0                    <- window of a0
    view row 1:     .  a0 a1                 <- window of a1
    view row 2:        a0 a1 a2              <- window of a2
    view rows 3-4 straddle the gap and belong to no input row
    view row 5:              .  .  b0        <- window of b0
    view row 6:                 .  b0 b1     <- window of b1

so the window of the ``j``-th row of group ``g`` (groups counted from 0, rows in
sorted order) is view row ``j + g * (timesteps - 1)``.
"""

from __future__ import annotations

from numbers import Integral
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

# Rows of a base array read at a time when it is scanned or converted, to
# bound the memory of temporaries.
_CHUNK_VALUES = 2**18


# TensorFlow reads host memory shared with it (through DLPack) only at this
# alignment, the widest vector registers it is built for; numpy aligns to 16.
ALIGNMENT = 64


def aligned_empty(shape, dtype) -> np.ndarray:
    """An uninitialised C-contiguous array whose data starts on 64 bytes.

    >>> aligned_empty((3, 5), np.float32).ctypes.data % ALIGNMENT
    0
    """
    dtype = np.dtype(dtype)
    n_bytes = int(np.prod(shape)) * dtype.itemsize
    memory = np.empty(n_bytes + ALIGNMENT, dtype=np.uint8)
    offset = -memory.ctypes.data % ALIGNMENT
    return memory[offset : offset + n_bytes].view(dtype).reshape(shape)


def row_chunks(n_rows: int, n_features: int):
    """Slices of consecutive rows, about ``2**18`` values each."""
    step = max(1, _CHUNK_VALUES // max(1, n_features))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


class WindowSource(NamedTuple):
    """3D data read as windows of the rows of a 2D array.

    ``X[i]`` equals ``base[starts[i] : starts[i] + timesteps]``. For the
    windows of :class:`SlidingWindow` (a strided view, or a
    :class:`LazyWindows`) ``base`` is the padded table they view, so its size
    does not depend on ``timesteps``; for other 3D arrays it is the array
    itself, one row per time step.

    Attributes
    ----------
    base : ndarray of shape (n_base_rows, n_features)
        A view of the data's memory, never a copy of strided windows. It is
        writeable only when the data is a writeable contiguous array, and
        nothing of sklstm writes to it.
    starts : ndarray of int of shape (n_samples,)
        The base row of the first step of every sample.
    timesteps : int
        Steps per sample.
    """

    base: np.ndarray
    starts: np.ndarray
    timesteps: int

    def per_sample(self, flags: np.ndarray) -> np.ndarray:
        """How many of the flagged base rows each sample's window holds."""
        counts = np.zeros(len(flags) + 1, dtype=np.intp)
        np.cumsum(flags, out=counts[1:])
        return counts[self.starts + self.timesteps] - counts[self.starts]

    def first_flagged(self, flags: np.ndarray) -> tuple[int, int] | None:
        """``(sample, step)`` of the first flagged row in sample order, or None."""
        hits = np.flatnonzero(self.per_sample(flags))
        if not hits.size:
            return None
        sample = int(hits[0])
        start = self.starts[sample]
        step = int(np.argmax(flags[start : start + self.timesteps]))
        return sample, step


def window_source(X) -> WindowSource:
    """The 2D rows that the samples of 3D data ``X`` read, without copying.

    A 3D array whose samples start a whole number of time steps apart in
    memory (a strided window view, a contiguous array, or a slice of either)
    is re-read as a 2D view of its rows. Anything else (negative or broadcast
    strides, or a view whose samples are further apart than a copy would be)
    is first made contiguous.

    Examples
    --------
    >>> windows = padded_windows(np.arange(5.0).reshape(-1, 1), 3).take()
    >>> source = window_source(windows)
    >>> source.base[:, 0], source.starts
    (array([nan, nan,  0.,  1.,  2.,  3.,  4.]), array([0, 1, 2, 3, 4]))
    """
    if isinstance(X, LazyWindows):
        inner = window_source(X._view)
        return WindowSource(inner.base, inner.starts[X._rows], inner.timesteps)
    X = np.asarray(X)
    n_samples, timesteps, n_features = X.shape
    if n_samples == 0:
        return WindowSource(X.reshape(0, n_features), np.arange(0), timesteps)
    step, feature = X.strides[1:]
    apart = X.strides[0] // step if step > 0 else -1
    n_base = (n_samples - 1) * apart + timesteps
    if (
        step <= 0
        or X.strides[0] < 0
        or X.strides[0] % step
        or n_base > n_samples * timesteps
    ):
        X = np.ascontiguousarray(X)
        step, feature, apart = X.strides[1], X.strides[2], timesteps
        n_base = n_samples * timesteps
    if X.flags.c_contiguous:  # the array itself, one row per time step
        base = X.reshape(n_base, n_features)
    else:
        base = as_strided(X, (n_base, n_features), (step, feature), writeable=False)
    return WindowSource(base, np.arange(n_samples) * apart, timesteps)


def nan_rows(base: np.ndarray) -> np.ndarray:
    """The number of NaN features of every row of a 2D array, read in chunks."""
    counts = np.zeros(len(base), dtype=np.intp)
    if base.dtype.kind in "fc":
        for rows in row_chunks(*base.shape):
            counts[rows] = np.isnan(base[rows]).sum(axis=1)
    return counts


def padded_step_counts(X) -> np.ndarray:
    """The number of all-NaN (padded) steps of every sample of 3D data.

    Counted on the rows the windows view (see :func:`window_source`), so the
    cost does not grow with the window length.

    >>> X = np.zeros((2, 3, 2))
    >>> X[0, :2] = np.nan
    >>> padded_step_counts(X)
    array([2, 0])
    """
    source = window_source(X)
    return source.per_sample(nan_rows(source.base) == source.base.shape[1])


class Layout(NamedTuple):
    """How the rows of a table fall into groups.

    Attributes
    ----------
    order : ndarray of shape (n_rows,)
        Row positions sorted by group, keeping row order within each group.
        ``None`` when the rows are already in that order.
    group : ndarray of shape (n_rows,)
        The group (0 .. n_groups-1) of each sorted position, non-decreasing.
    position : ndarray of shape (n_rows,)
        The position of each sorted row within its group (0 for its first row).
    size : ndarray of shape (n_rows,)
        The number of rows of the group of each sorted row.
    """

    order: np.ndarray | None
    group: np.ndarray
    position: np.ndarray
    size: np.ndarray

    @property
    def n_groups(self) -> int:
        return int(self.group[-1]) + 1 if len(self.group) else 0

    def original(self, sorted_positions: np.ndarray) -> np.ndarray:
        """Map sorted positions back to row positions of the input."""
        if self.order is None:
            return sorted_positions
        return self.order[sorted_positions]


def group_layout(codes: np.ndarray | None, n_rows: int) -> Layout:
    """Describe how ``n_rows`` rows with group ``codes`` form contiguous segments.

    Parameters
    ----------
    codes : ndarray of int of shape (n_rows,) or None
        Group of each row, numbered 0 .. n_groups-1 in any order (for example
        from :func:`pandas.factorize`). ``None`` means one group.
    n_rows : int
        The number of rows.

    Examples
    --------
    >>> layout = group_layout(np.array([1, 0, 1, 0, 1]), 5)
    >>> layout.order, layout.group, layout.position
    (array([1, 3, 0, 2, 4]), array([0, 0, 1, 1, 1]), array([0, 1, 0, 1, 2]))
    """
    if codes is None or n_rows == 0:
        positions = np.arange(n_rows)
        sizes = np.full(n_rows, n_rows)
        return Layout(None, np.zeros(n_rows, np.intp), positions, sizes)
    codes = np.asarray(codes, dtype=np.intp)
    if np.all(codes[1:] >= codes[:-1]) and codes[0] == 0:
        order, group = None, codes
    else:
        order = np.argsort(codes, kind="stable")
        group = codes[order]
    # Renumber so that the groups are 0 .. n_groups-1 with no gap.
    new_group = np.r_[True, group[1:] != group[:-1]]
    group = np.cumsum(new_group) - 1
    starts = np.flatnonzero(new_group)
    sizes = np.diff(np.r_[starts, n_rows])
    position = np.arange(n_rows) - starts[group]
    return Layout(order, group, position, sizes[group])


class Windows(NamedTuple):
    """Causal windows of every row, as a view and a row index into it.

    Attributes
    ----------
    view : ndarray of shape (n_view_rows, timesteps, n_features)
        A read-only strided view of the padded base array.
    rows : ndarray of shape (n_rows,) or None
        ``view[rows[i]]`` is the window that ends at input row ``i``. ``None``
        when ``view`` is already aligned with the input rows (one group in row
        order), in which case ``view[i]`` is that window.
    layout : Layout or None
        The group layout the windows were built from (None for one series).
    """

    view: np.ndarray
    rows: np.ndarray | None
    layout: Layout | None

    def lazy(self, positions=slice(None)):
        """The windows ending at the given input rows, without copying them.

        A strided ndarray view when the windows are aligned; otherwise a
        :class:`LazyWindows` that gathers windows from the view on demand.
        """
        if self.rows is None:
            return self.view[positions]
        return LazyWindows(self.view, self.rows[positions])

    def take(self, positions=None) -> np.ndarray:
        """The windows ending at the given input rows (all rows by default).

        A view when the windows are aligned and ``positions`` is a slice or
        ``None``; otherwise a copy of just the selected windows.
        """
        if positions is None:
            positions = slice(None)
        if self.rows is None:
            return self.view[positions]
        return self.view[self.rows[positions]]


def padded_windows(
    values: np.ndarray,
    timesteps: int,
    *,
    fill_value: float = np.nan,
    codes: np.ndarray | None = None,
) -> Windows:
    """Causal windows of ``timesteps`` rows ending at every row of ``values``.

    The window of row ``i`` holds the ``timesteps`` rows of its group that end at
    ``i``, oldest first; steps before the group's first row hold ``fill_value``.
    No window reaches across groups.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_features)
        The rows, in time order within each group. Its dtype is kept.
    timesteps : int
        Window length (>= 1).
    fill_value : float, default=np.nan
        Value of the steps before the first row of a group.
    codes : ndarray of int of shape (n_rows,) or None
        Group of each row; ``None`` for a single series.

    Returns
    -------
    Windows
        The view and the row index; ``.take()`` gives the
        ``(n_rows, timesteps, n_features)`` array.

    Examples
    --------
    >>> values = np.arange(4.0).reshape(-1, 1)
    >>> padded_windows(values, 3).take()[:, :, 0]
    array([[nan, nan,  0.],
           [nan,  0.,  1.],
           [ 0.,  1.,  2.],
           [ 1.,  2.,  3.]])
    >>> padded_windows(values, 2, codes=np.array([0, 1, 0, 1])).take()[:, :, 0]
    array([[nan,  0.],
           [nan,  1.],
           [ 0.,  2.],
           [ 1.,  3.]])
    """
    n_rows, n_features = values.shape
    pad = timesteps - 1
    if codes is None:  # one series: no per-row bookkeeping at all
        base = np.empty((n_rows + pad, n_features), values.dtype)
        base[:pad] = fill_value
        base[pad:] = values
        view = sliding_window_view(base, timesteps, axis=0).transpose(0, 2, 1)
        return Windows(view, None, None)
    layout = group_layout(codes, n_rows)
    n_groups = max(layout.n_groups, 1)

    base = np.full((n_rows + n_groups * pad, n_features), fill_value, values.dtype)
    # The j-th sorted row of group g sits after (g + 1) blocks of padding.
    sorted_values = values if layout.order is None else values[layout.order]
    base_start = np.arange(n_rows) + layout.group * pad  # where its window starts
    if n_groups == 1:
        base[pad:] = sorted_values
    else:
        base[base_start + pad] = sorted_values

    view = sliding_window_view(base, timesteps, axis=0).transpose(0, 2, 1)
    if n_groups == 1 and layout.order is None:
        return Windows(view, None, layout)
    rows = np.empty(n_rows, dtype=np.intp)
    if layout.order is None:
        rows[:] = base_start
    else:
        rows[layout.order] = base_start
    return Windows(view, rows, layout)


class LazyWindows(np.lib.mixins.NDArrayOperatorsMixin):
    """Windows of a grouped table, gathered on demand from one strided view.

    When the rows of several groups are interleaved, no single strided view
    holds every row's window in row order, and gathering them would copy
    ``timesteps`` times the data. This object stands in for that
    ``(n_samples, n_timesteps, n_features)`` array: it has its ``shape``,
    ``dtype`` and ``ndim``, indexing along the first axis (an integer, a slice
    or an array of positions) returns those windows as an ndarray, and
    ``np.asarray`` materialises all of them. Anything else an ndarray offers
    (``.reshape``, ``.sum``, ``==``, ``np.isnan``, ...) works on the
    materialised windows. The LSTM estimators read it batch by batch, so a fit
    never materialises it.

    Parameters
    ----------
    view : ndarray of shape (n_view_rows, n_timesteps, n_features)
        The strided view of the padded base array.
    rows : ndarray of shape (n_samples,)
        The view row of each sample's window.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm import SlidingWindow
    >>> panel = pd.DataFrame({"store": ["a", "b", "a", "b"], "units": [1, 2, 3, 4]})
    >>> windows = SlidingWindow(timesteps=2, groups="store").fit_transform(panel)
    >>> windows
    LazyWindows(shape=(4, 2, 1), dtype=float64)
    >>> windows[2]  # the window of row 2 (store a)
    array([[1.],
           [3.]])
    >>> np.asarray(windows)[:, :, 0]
    array([[nan,  1.],
           [nan,  2.],
           [ 1.,  3.],
           [ 2.,  4.]])
    """

    ndim = 3

    def __init__(self, view: np.ndarray, rows: np.ndarray):
        self._view = view
        self._rows = np.asarray(rows, dtype=np.intp)

    @property
    def shape(self) -> tuple[int, int, int]:
        return (len(self._rows), *self._view.shape[1:])

    @property
    def dtype(self) -> np.dtype:
        return self._view.dtype

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, key):
        if not isinstance(key, tuple):
            return self._view[self._rows[key]]
        samples, rest = key[0], key[1:]
        selected = self._view[self._rows[samples]]
        if isinstance(samples, Integral):  # one window: (n_timesteps, n_features)
            return selected[rest]
        return selected[(slice(None), *rest)]

    def __array__(self, dtype=None, copy=None):
        windows = self._view[self._rows]
        return windows if dtype is None else windows.astype(dtype, copy=False)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = [np.asarray(x) if isinstance(x, LazyWindows) else x for x in inputs]
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __getattr__(self, name):
        # Other ndarray attributes and methods act on the materialised windows;
        # anything an ndarray lacks is refused before materialising.
        if name.startswith("_") or not hasattr(np.ndarray, name):
            raise AttributeError(f"'LazyWindows' object has no attribute {name!r}")
        return getattr(np.asarray(self), name)

    def __repr__(self) -> str:
        return f"LazyWindows(shape={self.shape}, dtype={self.dtype})"
