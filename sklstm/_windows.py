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

Every window of sklstm is one :class:`Windows`: ``(base, starts, timesteps)``,
window ``i`` being ``base[starts[i] : starts[i] + timesteps]``. Padded windows,
windows of interleaved groups (served by :class:`LazyWindows`), complete
windows and any other 3D array (:func:`window_source`) are all read this way,
by the padding scan and by the estimators' feed alike.
"""

from __future__ import annotations

from numbers import Integral
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from ._validation import check_allocation, plural

# Rows of a base array read at a time when it is scanned or converted, to
# bound the memory of temporaries.
_CHUNK_VALUES = 2**18


# A cache line (and the widest vector registers); numpy aligns to 16 bytes.
CACHE_LINE = 64


def aligned_empty(shape, dtype, *, alignment: int = CACHE_LINE) -> np.ndarray:
    """An uninitialised C-contiguous array whose data starts on ``alignment`` bytes.

    >>> aligned_empty((3, 5), np.float32).ctypes.data % 64
    0
    """
    dtype = np.dtype(dtype)
    n_bytes = int(np.prod(shape)) * dtype.itemsize
    memory = np.empty(n_bytes + alignment, dtype=np.uint8)
    offset = -memory.ctypes.data % alignment
    return memory[offset : offset + n_bytes].view(dtype).reshape(shape)


def row_chunks(n_rows: int, n_features: int):
    """Slices of consecutive rows, about ``2**18`` values each."""
    step = max(1, _CHUNK_VALUES // max(1, n_features))
    for start in range(0, n_rows, step):
        yield slice(start, min(start + step, n_rows))


class Windows(NamedTuple):
    """Windows as an index into 2D rows: the one representation of a window.

    ``X[i]`` equals ``base[starts[i] : starts[i] + timesteps]``. For the
    windows of :class:`SlidingWindow` ``base`` is the padded table they view,
    so its size does not depend on ``timesteps``; for other 3D arrays it is
    the array itself, one row per time step.

    Attributes
    ----------
    base : ndarray of shape (n_base_rows, n_features)
        The rows, never a copy of strided windows. It is writeable only when
        the data is a writeable contiguous array, and nothing of sklstm
        writes to it.
    starts : ndarray of int of shape (n_samples,)
        The base row of the first step of every sample.
    timesteps : int
        Steps per sample.

    Examples
    --------
    >>> windows = Windows(np.arange(5.0)[:, None], np.array([2, 0]), 3)
    >>> windows.take()[:, :, 0]
    array([[2., 3., 4.],
           [0., 1., 2.]])
    """

    base: np.ndarray
    starts: np.ndarray
    timesteps: int

    @property
    def view(self) -> np.ndarray:
        """Every window of the base, as a read-only strided view.

        Row ``r`` of the view is the window that starts at base row ``r``.
        """
        return sliding_window_view(self.base, self.timesteps, axis=0).transpose(0, 2, 1)

    @property
    def in_order(self) -> bool:
        """Whether window ``i`` starts at base row ``i`` (a plain view)."""
        n = len(self.starts)
        return n == 0 or (
            self.starts[0] == 0
            and self.starts[-1] == n - 1
            and bool((np.diff(self.starts) == 1).all())
        )

    def select(self, positions) -> Windows:
        """The windows at ``positions`` (a slice or integer array)."""
        return Windows(self.base, self.starts[positions], self.timesteps)

    def lazy(self, positions=slice(None)):
        """The windows at ``positions``, without copying them.

        A strided ndarray view when the windows are in order and
        ``positions`` is a slice; otherwise a :class:`LazyWindows` that
        gathers windows from the base on demand.
        """
        if self.in_order and isinstance(positions, slice):
            return self.view[: len(self.starts)][positions]
        return LazyWindows(self.select(positions))

    def take(self, positions=slice(None)) -> np.ndarray:
        """The windows at ``positions`` as an ndarray.

        A view when the windows are in order and ``positions`` is a slice;
        otherwise a copy of just the selected windows.
        """
        if self.in_order and isinstance(positions, slice):
            return self.view[: len(self.starts)][positions]
        return self.view[self.starts[positions]]

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


def window_source(X) -> Windows:
    """The 2D rows that the samples of 3D data ``X`` read, without copying.

    A 3D array whose samples start a whole number of time steps apart in
    memory (a strided window view, a contiguous array, or a slice of either)
    is re-read as a 2D view of its rows. Anything else (negative or broadcast
    strides, or a view whose samples are further apart than a copy would be)
    is first made contiguous.

    Examples
    --------
    >>> windows = padded_windows(np.arange(5.0).reshape(-1, 1), 3).take()
    >>> source = window_source(windows)  # the base the view reads
    >>> source.base[:, 0], source.starts
    (array([nan, nan,  0.,  1.,  2.,  3.,  4.]), array([0, 1, 2, 3, 4]))
    """
    if isinstance(X, LazyWindows):
        return X._windows
    X = np.asarray(X)
    n_samples, timesteps, n_features = X.shape
    if n_samples == 0:
        return Windows(X.reshape(0, n_features), np.arange(0), timesteps)
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
    return Windows(base, np.arange(n_samples) * apart, timesteps)


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

    def sort(self, per_row: np.ndarray) -> np.ndarray:
        """A per-row array of the input, in sorted (group by group) order."""
        return per_row if self.order is None else per_row[self.order]

    def unsort(self, per_sorted_row: np.ndarray) -> np.ndarray:
        """A per-row array in sorted order, back in the input's row order."""
        if self.order is None:
            return per_sorted_row
        out = np.empty_like(per_sorted_row)
        out[self.order] = per_sorted_row
        return out


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


def base_positions(layout: Layout, positions, timesteps: int) -> np.ndarray:
    """The base row of every sorted row in the padded base of its windows.

    Each group starts after ``timesteps - 1`` rows of fill; a missing time
    step inside a group is one row of fill, and a gap of ``timesteps`` steps
    or more holds just ``timesteps - 1`` of them (no window spans it), as if
    a new group began. So the base never grows past ``n_rows x timesteps``
    rows, and without gaps it has ``n_rows + n_groups x (timesteps - 1)``.

    Parameters
    ----------
    layout : Layout
        How the rows fall into groups.
    positions : ndarray of int of shape (n_rows,) or None
        The time step of every row, in sorted order (increasing within each
        group); None when consecutive rows are consecutive steps.
    timesteps : int
        The window length.

    Examples
    --------
    Rows at steps 0, 1, 3 and 9 of one series, windows of 3 steps: step 2 is
    one row of fill, and the gap before step 9 is as long as a new series.

    >>> layout = group_layout(None, 4)
    >>> base_positions(layout, np.array([0, 1, 3, 9]), 3)
    array([2, 3, 5, 8])
    """
    n_rows = len(layout.group)
    if n_rows == 0:
        return np.zeros(0, dtype=np.intp)
    if positions is None:
        advance = np.ones(n_rows, dtype=np.int64)
    else:
        advance = np.empty(n_rows, dtype=np.int64)
        np.minimum(np.diff(positions), timesteps, out=advance[1:])
    new_group = np.r_[True, layout.group[1:] != layout.group[:-1]]
    advance[new_group] = timesteps
    return (np.cumsum(advance) - 1).astype(np.intp, copy=False)


def padded_windows(
    values: np.ndarray,
    timesteps: int,
    *,
    fill_value: float = np.nan,
    codes: np.ndarray | None = None,
    positions: np.ndarray | None = None,
    layout: Layout | None = None,
    who: str = "SlidingWindow",
) -> Windows:
    """Causal windows of ``timesteps`` time steps ending at every row of ``values``.

    The window of row ``i`` holds the ``timesteps`` time steps of its group
    that end at ``i``, oldest first; steps before the group's first row, and
    time steps missing from the data (see ``positions``), hold
    ``fill_value``. No window reaches across groups, nor over a missing step.

    Parameters
    ----------
    values : ndarray of shape (n_rows, n_features)
        The rows, in time order within each group. Its dtype is kept.
    timesteps : int
        Window length (>= 1).
    fill_value : float, default=np.nan
        Value of the steps before the first row of a group, and of missing
        steps.
    codes : ndarray of int of shape (n_rows,) or None
        Group of each row; ``None`` for a single series.
    positions : ndarray of int of shape (n_rows,) or None
        The time step of every row (in input row order, increasing within
        each group), from :func:`sklstm._time.positions`; None when
        consecutive rows of a group are consecutive steps.
    layout : Layout or None
        ``group_layout(codes, n_rows)``, when the caller has it already.
    who : str
        The name used in the error for a base too large for memory.

    Returns
    -------
    Windows
        Window ``i`` ends at input row ``i``; ``.take()`` gives the
        ``(n_rows, timesteps, n_features)`` array, ``.lazy()`` the same
        without a copy.

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

    Step 2 is missing: the windows of steps 3 and 4 hold it as fill.

    >>> padded_windows(values, 3, positions=np.array([0, 1, 3, 4])).take()[:, :, 0]
    array([[nan, nan,  0.],
           [nan,  0.,  1.],
           [ 1., nan,  2.],
           [nan,  2.,  3.]])
    """
    n_rows, n_features = values.shape
    pad = timesteps - 1
    if timesteps > 2**40:  # beyond any memory: refused before int64 arithmetic
        check_base_size(n_rows + pad, n_features, values.dtype, timesteps, who)
    if codes is None and positions is None:  # one series: no per-row bookkeeping
        check_base_size(n_rows + pad, n_features, values.dtype, timesteps, who)
        base = np.empty((n_rows + pad, n_features), values.dtype)
        base[:pad] = fill_value
        base[pad:] = values
        return Windows(base, np.arange(n_rows), timesteps)
    if layout is None:
        layout = group_layout(codes, n_rows)
    sorted_positions = None if positions is None else layout.sort(positions)
    at = base_positions(layout, sorted_positions, timesteps)
    n_base = int(at[-1]) + 1 if n_rows else pad
    check_base_size(n_base, n_features, values.dtype, timesteps, who)

    base = np.full((n_base, n_features), fill_value, values.dtype)
    sorted_values = layout.sort(values)
    if n_base == n_rows + pad:  # one group without gaps: one block copy
        base[pad:] = sorted_values
    else:
        base[at] = sorted_values
    starts = (at - pad).astype(np.intp, copy=False)  # of each sorted row's window
    return Windows(base, layout.unsort(starts), timesteps)


def check_base_size(n_base: int, n_features: int, dtype, timesteps: int, who: str):
    """Refuse a padded base of ``n_base`` rows that would not fit in memory."""
    check_allocation(
        n_base * n_features,
        dtype,
        who=who,
        what=(
            f"{who}(timesteps={timesteps}) would lay the rows out in a padded "
            f"table of {n_base} rows x {plural(n_features, 'feature')}, from "
            "which the windows are read"
        ),
        fix=(
            "Use a timesteps no longer than the longest series, or far fewer "
            "time steps than that: an LSTM rarely needs more than a few hundred."
        ),
    )


def rows_ahead(layout: Layout, positions, ahead: int) -> np.ndarray:
    """For every sorted row, the sorted row ``ahead`` time steps later in its
    group, or -1 where the data has no row at that step.

    Parameters
    ----------
    layout : Layout
        How the rows fall into groups.
    positions : ndarray of int of shape (n_rows,) or None
        The time step of every sorted row (increasing within each group); None
        when consecutive rows are consecutive steps.
    ahead : int
        Steps ahead (>= 0).

    Examples
    --------
    >>> layout = group_layout(np.array([0, 0, 0, 1, 1]), 5)
    >>> rows_ahead(layout, np.array([0, 1, 3, 0, 1]), 1)
    array([ 1, -1, -1,  4, -1])
    """
    n_rows = len(layout.group)
    if positions is None:
        positions = layout.position
    if n_rows == 0 or ahead > int(positions.max() - positions.min()):
        return np.full(n_rows, -1, dtype=np.intp)
    new_group = np.r_[True, layout.group[1:] != layout.group[:-1]]
    first = positions[np.flatnonzero(new_group)][layout.group]
    relative = (positions - first).astype(np.int64)
    span = int(relative.max()) + ahead + 1
    found = np.full(n_rows, -1, dtype=np.intp)
    if layout.n_groups * span < 2**62:  # one search over (group, step) keys
        keys = layout.group.astype(np.int64) * span + relative
        target = keys + ahead
        at = np.searchsorted(keys, target)
        hit = at < n_rows
        hit[hit] = keys[at[hit]] == target[hit]
        found[hit] = at[hit]
        return found
    for group in range(layout.n_groups):  # keys too large for int64
        rows = np.flatnonzero(layout.group == group)
        steps = relative[rows]
        at = np.searchsorted(steps, steps + ahead)
        hit = at < len(rows)
        hit[hit] = steps[at[hit]] == steps[hit] + ahead
        found[rows[hit]] = rows[at[hit]]
    return found


class LazyWindows(np.lib.mixins.NDArrayOperatorsMixin):
    """The windows of an interleaved panel, gathered on demand.

    :class:`SlidingWindow` (and :func:`sliding_windows`) with ``groups``
    return this when the rows of several groups are interleaved: no single
    strided view then holds every row's window in row order, and gathering
    them all would copy ``timesteps`` times the data. A ``LazyWindows``
    stands in for that ``(n_samples, n_timesteps, n_features)`` array
    without copying anything: it has its ``shape``, ``dtype``, ``ndim``,
    ``size`` and ``len``, and the LSTM estimators read it batch by batch, so
    a fit never materialises it. Users receive it; they do not build it.

    Indexing gives exactly what ``np.asarray(windows)[key]`` gives, for every
    key numpy accepts (integers, negative ones, slices, integer arrays,
    boolean masks, ``...``, ``None``, and tuples of those), as a new
    ndarray, and raises numpy's ``IndexError`` for a key numpy refuses; only
    the windows the key selects are gathered. ``np.asarray(windows)``
    materialises all of them, and anything else an ndarray offers
    (``.reshape``, ``.sum``, ``==``, ``np.isnan``, ...) works on the
    materialised windows.

    Parameters
    ----------
    windows : Windows
        The base rows, the start of every window in them, and the window
        length.

    Attributes
    ----------
    shape : tuple of int
        ``(n_samples, n_timesteps, n_features)``.
    dtype : numpy.dtype
        The dtype of the windows.

    See Also
    --------
    SlidingWindow : The transformer that returns it for interleaved groups.
    sliding_windows : Complete windows and their targets, outside a Pipeline.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from sklstm import LazyWindows, SlidingWindow
    >>> panel = pd.DataFrame({"store": ["a", "b", "a", "b"], "units": [1, 2, 3, 4]})
    >>> windows = SlidingWindow(timesteps=2, groups="store").fit_transform(panel)
    >>> isinstance(windows, LazyWindows), windows.shape
    (True, (4, 2, 1))
    >>> windows
    LazyWindows(shape=(4, 2, 1), dtype=float64)
    >>> windows[2]  # the window of row 2 (store a)
    array([[1.],
           [3.]])
    >>> windows[..., 0]  # the first feature of every step, as numpy reads it
    array([[nan,  1.],
           [nan,  2.],
           [ 1.,  3.],
           [ 2.,  4.]])
    >>> windows[[3, 1], -1, 0]  # the last step of rows 3 and 1
    array([4., 2.])
    """

    ndim = 3

    def __init__(self, windows: Windows):
        self._windows = windows
        # Row r of the view is the window that starts at base row r.
        self._view = windows.view
        self._rows = np.asarray(windows.starts, dtype=np.intp)

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
        # Exactly np.asarray(self)[key], without materialising: the part of
        # the key that indexes axis 0 picks the windows, only those are
        # gathered (each once), and the rest of the key, with that part
        # renumbered into the gathered windows, is applied to them. Every
        # index keeps its kind (int, slice, integer array), so numpy's rules
        # for mixing basic and advanced indices give the same result.
        parts = self._key_parts(key)
        if parts is None:  # a key numpy may read otherwise: its exact way
            return self._by_numpy(key)
        position = self._first_axis_part(parts)
        if position is None:  # nothing indexes axis 0: every window
            return self._view[self._rows][tuple(parts)]
        first = parts[position]
        if first is Ellipsis:  # the ellipsis covers axis 0: keep all of it
            parts.insert(position, slice(None))
            first = parts[position]
        if isinstance(first, np.ndarray) and first.dtype == bool:
            mask_axes = self.shape[: first.ndim]
            if first.ndim > self.ndim or first.shape != mask_axes:
                return self._by_numpy(key)  # numpy's IndexError
            # numpy reads a boolean mask as the integer arrays of nonzero().
            parts[position : position + 1] = first.nonzero()
            first = parts[position]
        if isinstance(first, slice):
            windows = self._view[self._rows[first]]
            parts[position] = slice(None)
        elif isinstance(first, np.ndarray):  # integer positions, any shape
            try:
                rows = self._rows[first]
            except IndexError:  # out of bounds: numpy's error, or no error
                return self._by_numpy(key)  # when the selection is empty
            samples = np.where(first < 0, first + len(self._rows), first)
            unique, inverse = np.unique(samples, return_inverse=True)
            windows = self._view[self._rows[unique]]
            parts[position] = inverse.reshape(rows.shape)
        else:  # one integer
            try:
                row = self._rows[first]
            except IndexError:
                return self._by_numpy(key)
            windows = self._view[[row]]
            parts[position] = 0
        return windows[tuple(parts)]

    def _key_parts(self, key) -> list | None:
        """The parts of ``key`` in the kinds numpy reads them as, or None.

        None stands for a key outside the cases handled here (a float, an
        object with ``__index__``, two ellipses, ...); numpy then reads it
        (or refuses it) on the materialised windows.
        """
        parts = []
        for part in key if isinstance(key, tuple) else (key,):
            if part is None or part is Ellipsis or isinstance(part, slice):
                parts.append(part)
            elif isinstance(part, (bool, np.bool_)):
                parts.append(np.asarray(part))  # a 0-d mask: a new axis
            elif isinstance(part, Integral):
                parts.append(part)
            else:
                array = np.asarray(part)
                if (
                    not isinstance(part, np.ndarray)
                    and array.size == 0
                    and array.dtype.kind not in "biu"
                ):
                    array = array.astype(np.intp)  # x[[]] is an empty selection
                if array.dtype.kind not in "biu":
                    return None
                parts.append(array)
        if sum(part is Ellipsis for part in parts) > 1:
            return None
        return parts

    def _first_axis_part(self, parts: list) -> int | None:
        """The position in ``parts`` of the index of axis 0, if any."""
        consumed = sum(self._axes_of(part) for part in parts)
        for position, part in enumerate(parts):
            if part is Ellipsis:
                if consumed < self.ndim:  # the ellipsis spans axis 0
                    return position
            elif self._axes_of(part):
                return position
        return None

    @staticmethod
    def _axes_of(part) -> int:
        """How many axes of the array an index part consumes."""
        if part is None or part is Ellipsis:
            return 0
        if isinstance(part, np.ndarray) and part.dtype == bool:
            return part.ndim  # a 0-d mask consumes none
        return 1

    def _by_numpy(self, key):
        """``np.asarray(self)[key]``, raising numpy's error without a copy.

        The key is first tried on a stand-in of the same shape that holds no
        memory, so that a key numpy refuses is refused before the windows
        are materialised.
        """
        stand_in = np.broadcast_to(np.zeros((), self.dtype), self.shape)
        result = stand_in[key]  # raises numpy's error for a bad key
        if np.size(result) == 0:
            # Nothing is selected (numpy does not check the bounds of indices
            # that broadcast to nothing): the empty result is the answer.
            return np.array(result)
        return np.asarray(self)[key]

    def __array__(self, dtype=None, copy=None):
        if copy is False:
            raise ValueError(
                "LazyWindows gathers its windows into a new array: "
                "np.array(windows, copy=False) cannot avoid the copy; use "
                "np.asarray(windows)."
            )
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
