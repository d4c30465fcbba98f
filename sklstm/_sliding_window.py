"""Row-preserving causal windows (``SlidingWindow``) and complete windows with
their targets (``sliding_windows``).

Both read time from the index of a DataFrame (see :mod:`sklstm._time`): a
window covers ``timesteps`` time steps, and a time step missing from the data
is a padded step, never a reach over the gap.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from scipy import sparse
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import StrOptions, validate_params
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from ._base import SequenceTransformerMixin
from ._time import (
    TimeGrid,
    check_increasing,
    find_grid,
    grid_values,
    step_positions,
    ticks,
    time_index,
)
from ._validation import (
    AXES,
    Count,
    check_float_array,
    column_list,
    group_codes,
    input_shape,
    numeric_frame_values,
    plural,
    ragged_lengths,
    sparse_error,
)
from ._windows import (
    Layout,
    check_base_size,
    group_layout,
    padded_windows,
    rows_ahead,
)

_GROUPS_CONSTRAINT = [None, str, Integral, list, tuple]
_GAPS_CONSTRAINT = [StrOptions({"pad", "raise", "ignore"})]
_FLOAT32_MAX = float(np.finfo(np.float32).max)


class Groups(NamedTuple):
    """The entities and the time of the rows of a table.

    Attributes
    ----------
    codes : ndarray of int of shape (n_rows,) or None
        The group of every row; None without groups.
    keys : list
        The group keys, in the order of their codes.
    key_frame : DataFrame or None
        The group values of every row, one column (0, 1, ...) per group
        column or index level, with a RangeIndex: groups are matched across
        calls on it.
    columns : list
        The group names that are columns of the table (not index levels).
    time : Index or None
        The time of every row: the index of a DataFrame (the last level of a
        MultiIndex); None for arrays.
    layout : Layout
        How the rows fall into groups.
    numbered : bool
        Whether an unnamed numeric index of unique values would number the
        rows of a panel rather than give their time (``groups`` named on a
        flat index).
    """

    codes: np.ndarray | None
    keys: list
    key_frame: pd.DataFrame | None
    columns: list
    time: pd.Index | None
    layout: Layout
    numbered: bool = False


def frame_groups(X: pd.DataFrame, groups, *, who: str) -> Groups:
    """The groups and the time of the rows of a DataFrame, checked in order.

    A name in ``groups`` is a column, or else a level of the index. A
    MultiIndex ``(entity, ..., time)`` holds the time in its last level, and
    its levels before the last always identify entities (the pandas idiom
    ``(id, date)``), with or without ``groups``. The time must increase
    within every group.
    """
    names = column_list(groups)
    index = X.index
    multi = isinstance(index, pd.MultiIndex)
    columns, parts, index_is_entity = [], [], False
    if multi:
        _check_time_is_the_last_level(index, who=who)
        parts = [index.get_level_values(i) for i in range(index.nlevels - 1)]
    levels = [name for name in index.names if name is not None]
    for name in names:
        if name in X.columns:
            columns.append(name)
            parts.append(X[name])
        elif name in levels:
            if multi and index.names.index(name) == index.nlevels - 1:
                raise ValueError(
                    f"{who}: groups={groups!r} names the index level {name!r}, "
                    "the last level of the MultiIndex, which holds the time of "
                    "every row. Name the levels (or columns) that identify "
                    f"the entities; the index levels are {list(index.names)}."
                )
            if not multi:  # the index names the entities, not the time
                parts.append(index)
                index_is_entity = True
        else:
            where = f", nor a level of its index {levels}" if levels else ""
            raise ValueError(
                f"{who}: the groups column(s) {[name]} are not in the "
                f"DataFrame, whose columns are {list(X.columns)}{where}. Name "
                "the columns or index levels that identify the entities "
                "(stores, patients, sensors)."
            )
    codes, keys, key_frame = None, [], None
    if parts:
        key_frame = pd.DataFrame(
            {i: np.asarray(part, dtype=object) for i, part in enumerate(parts)}
        )
        codes, keys = group_codes(key_frame, list(key_frame.columns))
    layout = group_layout(codes, len(X))
    time = None if index_is_entity else time_index(X)
    if time is not None:
        check_increasing(time, layout, keys, who=who)
    numbered = bool(names) and not multi
    return Groups(codes, keys, key_frame, columns, time, layout, numbered)


def _check_time_is_the_last_level(index: pd.MultiIndex, *, who: str) -> None:
    """A MultiIndex holds its entities first and its time last."""
    last_kind = ticks(index.levels[-1][:0])
    times = [
        i
        for i in range(index.nlevels - 1)
        if isinstance(index.levels[i], (pd.DatetimeIndex, pd.PeriodIndex))
    ]
    names = list(index.names)
    if times or last_kind is None:
        where = (
            f"level {names[times[0]]!r} (position {times[0]}) holds times"
            if times
            else f"its last level {names[-1]!r} holds "
            f"{index.levels[-1].dtype} values, not times"
        )
        raise ValueError(
            f"{who}: X has a MultiIndex with levels {names}, and {where}. The "
            "windows read the entities from the levels before the last and the "
            "time from the last level, the pandas idiom (store, date): reorder "
            "the levels first, for example X.swaplevel().sort_index() for a "
            "(date, store) index, or X.reorder_levels([...])."
        )


class Table(NamedTuple):
    """A table of time steps: its feature values, and its groups and time."""

    values: np.ndarray
    groups: Groups


def _split_table(X, groups, *, who: str, ndim=2) -> Table:
    """Separate the feature values of ``X`` from its groups and its time."""
    if isinstance(X, pd.Series):
        X = X.to_frame()
    if isinstance(X, pd.DataFrame):
        found = frame_groups(X, groups, who=who)
        hint = (
            "If it identifies entities (stores, patients, users), name it in "
            "groups= so that windows never cross from one entity into the "
            "next; if it holds the time of each row, make it the index "
            "(X.set_index('date')); otherwise encode it as numbers first "
            "(e.g. OneHotEncoder)."
        )
        features = X.drop(columns=found.columns)
        return Table(numeric_frame_values(features, who=who, hint=hint), found)

    group_columns = column_list(groups)
    if ndim == 1 and ragged_lengths(X) is None and np.ndim(X) == 1:
        X = np.asarray(X).reshape(-1, 1)
    if not group_columns:
        values = check_float_array(X, who=who, ndim=2)
        no_groups = Groups(None, [], None, [], None, group_layout(None, len(values)))
        return Table(values, no_groups)
    input_shape(X, who=who)  # ragged lists are refused, with advice
    if sparse.issparse(X):
        raise sparse_error(who)
    X = np.asarray(X)
    n_columns = X.shape[1] if X.ndim == 2 else 0
    if not all(
        isinstance(c, Integral)
        and not isinstance(c, bool)
        and -n_columns <= c < n_columns
        for c in group_columns
    ):
        raise ValueError(
            f"{who}: groups={groups!r} names columns, but X is a numpy array "
            f"with {n_columns} unnamed columns. Pass a pandas DataFrame, or "
            f"give the group columns as integer positions (0 .. {n_columns - 1})."
        )
    where = sorted({c % n_columns for c in group_columns})
    key_frame = pd.DataFrame({i: X[:, c].astype(object) for i, c in enumerate(where)})
    codes, keys = group_codes(key_frame, list(key_frame.columns))
    values = check_float_array(np.delete(X, where, axis=1), who=who, ndim=2)
    found = Groups(codes, keys, key_frame, [], None, group_layout(codes, len(X)))
    return Table(values, found)


def check_same_entities(history_keys, found: Groups, *, who: str, what: str) -> None:
    """Refuse X whose entities are named otherwise than in fit.

    ``history_keys`` are the group keys a transformer kept of the fitted rows
    (None for one series); ``what`` says what continues the fitted rows of
    each entity, for the message ("Windows continue").
    """
    fitted = 0 if history_keys is None else history_keys.shape[1]
    given = 0 if found.key_frame is None else found.key_frame.shape[1]
    if fitted == given:
        return

    def entities(n):
        if not n:
            return "one series (no entities)"
        return f"entities named by {plural(n, 'group column or index level')}"

    raise ValueError(
        f"{who} was fitted on {entities(fitted)}, but X has {entities(given)}. "
        f"{what} the fitted rows of each entity, so X must name its entities "
        "as in fit: keep the same groups= columns and the same MultiIndex "
        "levels."
    )


def time_positions(found: Groups, gaps: str, *, who: str, grid=None):
    """The grid of the rows' time, their times on it and their positions.

    Returns ``(grid, values, steps)``: ``values`` are the times in the unit
    of the grid, ``steps`` the positions of the rows in time steps. ``grid``
    is the fitted grid (transform); None finds it (fit). With
    ``gaps="ignore"``, for arrays and for irregular times, windows are read
    by row: ``(None, None, None)``.
    """
    if gaps == "ignore" or found.time is None:
        return None, None, None
    if grid is None:
        grid = find_grid(found.time, found.layout, rows_are_numbered=found.numbered)
        if grid is None:
            if gaps == "raise" and ticks(found.time) is not None and len(found.time):
                raise ValueError(
                    f"{who}(gaps='raise'): the times of X lie on no regular grid "
                    "of time steps (they are read at uneven moments), so a "
                    "missing step cannot be told from an uneven one. Resample "
                    "them to a grid (X.resample('h').mean()), or pass "
                    "gaps='ignore' to read the windows by row."
                )
            return None, None, None
    values = grid_values(found.time, grid, who=who)

    def label(i):
        return str(found.time[i])

    steps = step_positions(values, grid, found.layout, who=who, label=label)
    if gaps == "raise":
        _check_gaps(found, steps, grid, who=who, label=label)
    return grid, values, steps


def _check_gaps(found: Groups, steps, grid: TimeGrid, *, who: str, label):
    """``gaps="raise"``: refuse time steps missing inside a group."""
    layout = found.layout
    same = layout.group[1:] == layout.group[:-1]
    missing = (np.diff(layout.sort(steps)) - 1) * same
    if not missing.any():
        return
    first = int(np.argmax(missing > 0))
    rows = layout.original(np.array([first, first + 1]))
    where = (
        "" if len(found.keys) <= 1 else f" in group {found.keys[layout.group[first]]!r}"
    )
    n_missing = int(missing.sum())
    raise ValueError(
        f"{who}(gaps='raise'): {plural(n_missing, 'time step')} of "
        f"{grid.describe()} {'is' if n_missing == 1 else 'are'} missing from X, "
        f"the first{where} between {label(rows[0])} and {label(rows[1])}. Fill "
        "them in (for example X.asfreq(freq), or a reindex, then impute), or "
        "pass gaps='pad' to have them padded (all-NaN steps, which the LSTM "
        "estimators mask)."
    )


class SlidingWindow(SequenceTransformerMixin, BaseEstimator):
    """Turn a table of time steps into one causal window per row.

    ``n`` rows of shape ``(n_rows, n_features)`` become ``n`` windows of shape
    ``(n_rows, timesteps, n_features)``: the window of row ``i`` holds the
    ``timesteps`` time steps that end at row ``i``, oldest first, and never
    looks forward. Where a step has no row (before the start of the data or
    of a group, or a time step missing from the index), it holds
    ``fill_value``.

    Because the number of rows never changes, ``y`` stays aligned row for row,
    and ``Pipeline``, ``GridSearchCV``, ``cross_val_score`` and
    ``TimeSeriesSplit`` work unchanged: ``timesteps`` is an ordinary
    hyper-parameter.

    Parameters
    ----------
    timesteps : int, default=10
        The window length: the number of time steps of each sample.
    groups : str, int or list of them, default=None
        Column(s) or index level(s) of a DataFrame (or integer positions of
        the columns of a numpy array) that identify entities (stores,
        patients, users, sensors). A window never reaches from one entity
        into another, and group columns are not features. Rows of one entity
        need not be contiguous, only in time order. A DataFrame with a
        MultiIndex ``(entity, ..., time)`` needs no ``groups``: the levels
        before the last are the entities.
    fill_value : float, default=np.nan
        The value of steps without a row. With the default NaN, such a step
        is all-NaN, which the LSTM estimators mask, so a window at the start
        of a series, or over a missing time step, is simply a shorter
        sequence. A finite value must fit in float32.
    gaps : {"pad", "raise", "ignore"}, default="pad"
        What to do with time steps missing from the index of a DataFrame
        (see Notes): ``"pad"`` makes them padded steps, ``"raise"`` refuses
        data with a missing step, ``"ignore"`` reads the rows as consecutive
        steps whatever their times (a window may then reach over a gap).

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen in ``fit``, group columns included.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen in ``fit``, when ``X`` was a DataFrame
        with string column names.
    n_features_per_step_ : int
        Number of features of each time step: the last axis of the output
        (the columns, less the group columns).
    time_grid_ : dict or None
        The grid of time steps of the fitted index (``unit``, ``step``,
        ``origin``, ``tz``, ``kind``), or None when windows are read by row
        (arrays, irregular times, ``gaps="ignore"``).
    time_step_ : Timedelta, DateOffset, number or None
        The length of one time step of that grid, as pandas writes it.
    history_values_, history_times_, history_keys_ : ndarray or None
        The rows of the last ``timesteps - 1`` time steps of every group
        seen in ``fit`` (their features, their time steps and their group
        keys), from which the windows of data that continues the fitted data
        reach back. None when ``X`` was not a DataFrame.

    See Also
    --------
    sliding_windows : Complete windows only, with their aligned targets, for
        use outside a Pipeline.
    To3D : When every row already holds one whole sequence.
    SequencePadder : For a list of variable-length sequences.

    Notes
    -----
    **Time is the index.** Where the index of a DataFrame lies on a regular
    grid, a window covers ``timesteps`` time steps of it, and a time step
    with no row is a padded step, never a reach over the gap: hourly rows at
    0, 1, 2, 3, 7, 8, 9 o'clock give the 7 o'clock window of 3 steps
    ``[NaN, NaN, 7]``, not ``[2, 3, 7]``. The grid is the index's ``freq``
    (one series), periods, calendar months, business days, or the smallest
    difference between consecutive times of a group when every difference is
    a whole multiple of it; numbers (years, a ``RangeIndex``) likewise. Times
    read at any moment (irregular) and indexes of strings are read by row;
    so are numbers that no two entities of a panel share (the default
    ``RangeIndex`` of a long table numbers rows, not times). Name the time in
    the index (``X.set_index("date")``, or a MultiIndex ``(store, date)``)
    to be windowed by time.

    The time must increase within every group: a duplicate time or rows out
    of order are an error. Rows that arrive shuffled (the default row
    subsampling of ``HalvingGridSearchCV``, ``BaggingRegressor``) are refused
    where the index shows it; for successive halving, make the epochs the
    resource (``resource="<lstm step>__epochs"``).

    The output is a read-only strided view of one padded copy of the data
    (``timesteps - 1`` rows of fill before every group and at most as many
    in each gap), so it takes O((n_rows + n_groups x timesteps) x
    n_features) memory, not ``timesteps`` times the data. Call
    ``.copy()`` on it to get a writable array (of ``timesteps`` times the
    size). With ``groups`` whose rows are interleaved (a panel sorted by
    date), or with missing time steps, no single view holds the windows in
    row order: the output is then a :class:`~sklstm.LazyWindows`, which has
    the same shape, dtype and indexing and gathers windows on demand; the
    LSTM estimators read it batch by batch, and ``np.asarray`` materialises
    it. The dtype is the input's float dtype (float32 is kept; integers
    become float64). Under ``set_output(transform="pandas")`` the output
    stays 3D, not a DataFrame.

    **Continuation.** When ``transform`` gets a DataFrame whose rows of a
    group start after the last time of that group seen in ``fit``, its first
    windows reach back into the remembered rows (with any missing steps in
    between padded) instead of being padded whole. So the test rows of a
    ``TimeSeriesSplit`` fold, or the rows right after the training data, get
    complete windows, and a search does not favour short windows. The
    training rows themselves, overlapping or earlier data, and numpy arrays
    are windowed on their own. To forecast from the latest rows, transform
    the whole history and keep the last windows. Keep the index through the
    Pipeline: put ``StandardScaler().set_output(transform="pandas")`` before
    ``SlidingWindow``, not a scaler that returns numpy.

    NaN inside the data passes through (impute before the LSTM).

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import SlidingWindow
    >>> X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [4.0, 40.0]])
    >>> windows = SlidingWindow(timesteps=3).fit_transform(X)
    >>> windows.shape  # (n_samples, n_timesteps, n_features)
    (4, 3, 2)
    >>> windows[3]  # the window that ends at row 3
    array([[ 2., 20.],
           [ 3., 30.],
           [ 4., 40.]])
    >>> windows[0]  # row 0 has no history: the earlier steps are NaN
    array([[nan, nan],
           [nan, nan],
           [ 1., 10.]])

    Windows stop at the boundaries of the groups of a panel:

    >>> import pandas as pd
    >>> sales = pd.DataFrame({"store": ["a", "a", "b", "b"], "units": [5, 6, 7, 8]})
    >>> SlidingWindow(timesteps=2, groups="store").fit_transform(sales)[:, :, 0]
    array([[nan,  5.],
           [ 5.,  6.],
           [nan,  7.],
           [ 7.,  8.]])

    Hours 4 to 6 are missing: no window reaches over them.

    >>> hours = pd.date_range("2024-01-01", periods=10, freq="h")[[0, 1, 2, 3, 7, 8]]
    >>> reads = pd.DataFrame({"x": [0.0, 1, 2, 3, 7, 8]}, index=hours)
    >>> SlidingWindow(timesteps=3).fit_transform(reads)[3:, :, 0]
    array([[ 1.,  2.,  3.],
           [nan, nan,  7.],
           [nan,  7.,  8.]])
    """

    _parameter_constraints: dict = {
        "timesteps": [Count(1, None)],
        "groups": _GROUPS_CONSTRAINT,
        "fill_value": [Real],
        "gaps": _GAPS_CONSTRAINT,
    }

    def __init__(self, timesteps=10, *, groups=None, fill_value=np.nan, gaps="pad"):
        self.timesteps = timesteps
        self.groups = groups
        self.fill_value = fill_value
        self.gaps = gaps

    @property
    def _who(self) -> str:
        return type(self).__name__

    @property
    def time_step_(self):
        """The length of one time step of the fitted index (None: by row)."""
        check_is_fitted(self)
        grid = self._grid()
        return None if grid is None else grid.step_value

    def _grid(self) -> TimeGrid | None:
        return None if self.time_grid_ is None else TimeGrid(**self.time_grid_)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X``, find its grid of time steps and remember its last rows.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_rows, n_columns)
            One row per time step, in time order (within each group).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        self._fit(X)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit to ``X`` and return the window that ends at every row.

        The same as ``fit(X).transform(X)``, with ``X`` checked once.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_rows, n_columns)
            One row per time step, in time order (within each group).
        y : None
            Ignored.

        Returns
        -------
        windows : ndarray or LazyWindows of shape (n_rows, timesteps, \
                n_features_per_step_)
            ``windows[i]`` holds the ``timesteps`` time steps that end at row
            ``i``.
        """
        # No group of X continues the rows remembered from X itself (they are
        # its own last rows), so X is windowed on its own, as transform would.
        table, steps = self._fit(X)
        return self._windows(table.values, table.groups, steps)

    def _fit(self, X):
        """Check ``X``, record its columns, grid and history."""
        fill = float(self.fill_value)
        if np.isinf(fill) or abs(fill) > _FLOAT32_MAX:
            raise ValueError(
                f"{self._who}(fill_value={self.fill_value!r}): padded steps must "
                "hold NaN (the default, which the LSTM estimators mask) or a "
                "finite value within float32's range (+/-3.4e38), the dtype "
                "Keras computes in; this one would become infinity there."
            )
        table = _split_table(X, self.groups, who=self._who)
        if self.timesteps > 2**40:  # beyond any memory, and any int64 step count
            n_rows, n_features = table.values.shape
            check_base_size(
                n_rows + self.timesteps - 1,
                n_features,
                table.values.dtype,
                self.timesteps,
                self._who,
            )
        # Feature names and the column count are checked on X as given (group
        # columns included), like any scikit-learn transformer.
        validate_data(self, X, skip_check_array=True, reset=True)
        self.n_features_per_step_ = table.values.shape[1]
        found = table.groups
        grid, values, steps = time_positions(found, self.gaps, who=self._who)
        self.time_grid_ = None if grid is None else dict(grid._asdict())
        self._remember(table, values, steps)
        return table, steps

    def _remember(self, table: Table, values, steps):
        """Keep what later rows' windows reach back into: per group, the rows
        of the last ``timesteps - 1`` time steps (or rows), as plain arrays:
        their features, their times (in the unit of the grid, or the index's
        values when read by row) and their group keys."""
        found = table.groups
        self.history_values_ = self.history_keys_ = self.history_times_ = None
        seen = None if found.time is None else ticks(found.time)
        self.time_kind_ = None if seen is None else seen[0]
        if seen is None:
            return  # no index, or no order in it: later rows cannot continue
        layout = found.layout
        if steps is None:
            values = seen[1]
            kept = layout.position >= layout.size - (self.timesteps - 1)
        else:
            at = layout.sort(steps)
            ends = np.flatnonzero(np.r_[layout.group[1:] != layout.group[:-1], True])
            kept = at >= at[ends][layout.group] - self.timesteps + 2
        rows = np.sort(layout.original(np.flatnonzero(kept)))
        self.history_values_ = table.values[rows].copy()
        self.history_times_ = np.asarray(values)[rows].copy()
        if found.key_frame is not None:
            self.history_keys_ = found.key_frame.iloc[rows].to_numpy(dtype=object)

    def transform(self, X):
        """Return the window that ends at every row.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_rows, n_columns)
            One row per time step, with the columns seen in ``fit``.

        Returns
        -------
        windows : ndarray or LazyWindows of shape (n_rows, timesteps, \
                n_features_per_step_)
            ``windows[i]`` holds the ``timesteps`` time steps that end at row
            ``i``.
        """
        check_is_fitted(self)
        table = _split_table(X, self.groups, who=self._who)
        validate_data(self, X, skip_check_array=True, reset=False)
        found = table.groups
        self._check_entities(found)
        grid = self._grid()
        values = None
        if grid is not None and found.time is not None:
            values = grid_values(found.time, grid, who=self._who)
        elif found.time is not None:
            seen = ticks(found.time)  # read by row: continue on the same kind
            if seen is not None and seen[0] == self.time_kind_:
                values = seen[1]
        return self._windows(*self._with_history(table, values, grid))

    def _check_entities(self, found: Groups) -> None:
        """X must name its entities as the fitted data did (continuation
        matches them), when the fitted data had a time index."""
        if self.history_values_ is None or found.time is None:
            return
        check_same_entities(
            self.history_keys_, found, who=self._who, what="Windows continue"
        )

    def _with_history(self, table: Table, values, grid):
        """X's rows, after the remembered rows of the groups it continues.

        A group of ``X`` continues the fitted data when it was seen in fit and
        its first time in ``X`` comes after its last time seen there. Returns
        ``(values, groups, steps, start)``: the features, groups and time
        steps of the remembered rows of the continuing groups followed by X's
        rows, and where X's rows start.
        """
        found = table.groups
        keep = self._continuing(found, values)
        n_kept = int(keep.sum())
        features = table.values
        codes, layout = found.codes, found.layout
        times, label = values, lambda i: str(found.time[i])
        if n_kept:
            history = self.history_values_[keep].astype(features.dtype, copy=False)
            features = np.concatenate([history, features])
            if codes is not None:
                codes = self._combined_codes(found)
                codes = np.concatenate([codes[: len(keep)][keep], codes[len(keep) :]])
            layout = group_layout(codes, len(features))
            times = np.concatenate([self.history_times_[keep], values])

            def label(i):
                if i >= n_kept:
                    return str(found.time[i - n_kept])
                return grid.label(times[i]) if grid is not None else str(times[i])

        steps = None
        if grid is not None and times is not None:
            steps = step_positions(times, grid, layout, who=self._who, label=label)
            if self.gaps == "raise":
                combined = Groups(codes, found.keys, None, [], None, layout)
                _check_gaps(combined, steps, grid, who=self._who, label=label)
        combined = Groups(codes, [], None, [], None, layout)
        return features, combined, steps, n_kept

    def _combined_codes(self, found: Groups) -> np.ndarray:
        """Group codes of the remembered rows followed by X's rows."""
        keys = pd.concat(
            [pd.DataFrame(self.history_keys_), found.key_frame], ignore_index=True
        )
        return group_codes(keys, list(keys.columns))[0]

    def _continuing(self, found: Groups, values) -> np.ndarray:
        """Which remembered rows belong to a group that X continues."""
        n_history = 0 if self.history_values_ is None else len(self.history_values_)
        if not n_history or values is None:
            return np.zeros(n_history, dtype=bool)
        if found.key_frame is None:
            both = np.zeros(n_history + len(values), dtype=np.intp)
        else:
            both = self._combined_codes(found)
        last = pd.Series(self.history_times_).groupby(both[:n_history]).max()
        first = pd.Series(values).groupby(both[n_history:]).min()
        following = first.reindex(last.index) > last
        continuing = following.index[following.to_numpy(dtype=bool)]
        return np.isin(both[:n_history], continuing)

    def _windows(self, values, found: Groups, steps, start=0):
        """The windows of the rows of ``values`` from ``start`` on."""
        windows = padded_windows(
            values,
            self.timesteps,
            fill_value=self.fill_value,
            codes=found.codes,
            positions=steps,
            layout=None if found.codes is None and steps is None else found.layout,
            who=self._who,
        )
        return windows.lazy(slice(start, None))

    def get_feature_names_out(self, input_features=None):
        """The names of the features of every time step (the last axis).

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The names of the input columns (group columns included); by
            default ``feature_names_in_``, or ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The input names less the group columns: the names along the last
            axis of the windows.
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        groups = column_list(self.groups)
        if hasattr(self, "feature_names_in_"):
            keep = [name not in groups for name in self.feature_names_in_]
        else:
            n = self.n_features_in_
            dropped = {g % n for g in groups if isinstance(g, Integral) and -n <= g < n}
            keep = [j not in dropped for j in range(n)]
        return np.asarray(
            [n for n, k in zip(names, keep, strict=True) if k], dtype=object
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like", None],
        "timesteps": [Count(1, None)],
        "horizon": [Count(0, None)],
        "stride": [Count(1, None)],
        "groups": _GROUPS_CONSTRAINT,
        "gaps": _GAPS_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def sliding_windows(
    X, y=None, *, timesteps, horizon=1, stride=1, groups=None, gaps="pad"
):
    """Cut a series into complete windows, with the target that follows each.

    The classic "series to supervised" framing, for use outside a Pipeline:
    each window holds ``timesteps`` consecutive time steps, and its target is
    ``y`` ``horizon`` time steps after the window's last one. Windows that
    would need steps before the start of a series (or group), or a time step
    missing from the data, or whose target lies past the end or at a missing
    step, are dropped, so the result has fewer samples than ``X`` has rows.
    Inside a Pipeline use :class:`SlidingWindow`, which keeps every row.

    Parameters
    ----------
    X : {array-like, Series, DataFrame} of shape (n_rows, n_features) or (n_rows,)
        The series, one row per time step in time order (within each group).
        A 1D input is one feature. The index of a DataFrame is its time (see
        :class:`SlidingWindow`).
    y : array-like of shape (n_rows,) or (n_rows, n_targets), default=None
        The target of every row. Often ``X`` itself (or one of its columns)
        to forecast the series. With ``y=None`` every complete window is
        returned, including the last one, from which the future is forecast.
    timesteps : int
        The window length, in time steps.
    horizon : int, default=1
        How many time steps after the end of a window its target lies: 1 is
        the next step, 0 the window's own last row. Used only when ``y`` is
        given.
    stride : int, default=1
        Time steps between the ends of consecutive windows (within a group).
    groups : str, int or list of them, default=None
        Column(s) or index level(s) that identify entities; windows never
        cross them and they are not features (see :class:`SlidingWindow`).
    gaps : {"pad", "raise", "ignore"}, default="pad"
        Time steps missing from the index (see :class:`SlidingWindow`): a
        window or a target over one is dropped (``"pad"``), or they are an
        error (``"raise"``), or rows are read as consecutive steps
        (``"ignore"``).

    Returns
    -------
    X_windows : ndarray of shape (n_windows, timesteps, n_features)
        The windows, ordered by the row at which they end. For one series
        without missing steps, a read-only strided view of the values of
        ``X`` themselves: no copy is made when ``X`` already holds float32 or
        float64 values (a numpy array, or a DataFrame of one float dtype);
        other inputs are converted once. Call ``.copy()`` for a writable
        array.
    y_windows : ndarray, Series or DataFrame of shape (n_windows, ...) or None
        The target of each window: the rows of ``y`` ``horizon`` steps after
        each window's end (a pandas ``y`` keeps the index of those rows).
        ``None`` when ``y`` is None.

    See Also
    --------
    SlidingWindow : One window per row, for Pipelines and cross-validation.

    Examples
    --------
    The tutorial split of a univariate series, three steps in, one out:

    >>> import numpy as np
    >>> from sklstm import sliding_windows
    >>> series = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90])
    >>> X, y = sliding_windows(series, series, timesteps=3)
    >>> X.shape  # (n_samples, n_timesteps, n_features)
    (6, 3, 1)
    >>> X[0, :, 0], y[0]
    (array([10., 20., 30.]), np.int64(40))
    >>> X[-1, :, 0], y[-1]
    (array([60., 70., 80.]), np.int64(90))

    Hours 4 to 6 are missing: no window reaches over them.

    >>> import pandas as pd
    >>> hours = pd.date_range("2024-01-01", periods=10, freq="h")[[0, 1, 2, 3, 7, 8, 9]]
    >>> reads = pd.Series([0.0, 1, 2, 3, 7, 8, 9], index=hours)
    >>> X, y = sliding_windows(reads, reads, timesteps=2)
    >>> X[:, :, 0], y.to_numpy()
    (array([[0., 1.],
           [1., 2.],
           [7., 8.]]), array([2., 3., 9.]))
    """
    who = "sliding_windows"
    table = _split_table(X, groups, who=who, ndim=1)
    values, found = table
    n_rows = values.shape[0]
    if y is not None:
        n_targets = len(y)
        if n_targets != n_rows:
            raise ValueError(
                f"{who}: X has {n_rows} rows but y has {n_targets}; y must hold "
                "one target per row of X (the same rows, before any windowing)."
            )
    lookahead = horizon if y is not None else 0
    layout = found.layout
    longest = int(layout.size.max()) if n_rows else 0
    # Sizes are compared as Python integers before any array arithmetic.
    if timesteps > longest:
        raise _no_complete_window(timesteps, lookahead, longest, layout.n_groups)
    _, _, steps = time_positions(found, gaps, who=who)
    if steps is None and timesteps + lookahead > longest:  # rows are steps
        raise _no_complete_window(timesteps, lookahead, longest, layout.n_groups)
    if steps is not None and found.codes is None and (np.diff(steps) == 1).all():
        steps = None  # one series without missing steps: rows are steps
        if timesteps + lookahead > longest:
            raise _no_complete_window(timesteps, lookahead, longest, 1)
    if found.codes is None and steps is None:
        return _one_series_windows(values, y, timesteps, horizon, stride, lookahead)

    at = layout.position if steps is None else layout.sort(steps)
    stride = min(stride, int(at.max() - at.min()) + 1)  # the same ends, in int64
    first = at[np.flatnonzero(layout.position == 0)][layout.group]
    back = np.arange(len(at)) - (timesteps - 1)
    # A window is complete when its first step is a row of the same group
    # exactly timesteps - 1 steps earlier: no step of it is missing.
    complete = layout.position >= timesteps - 1
    complete[complete] = at[complete] - at[back[complete]] == timesteps - 1
    complete &= (at - first - (timesteps - 1)) % stride == 0
    target = None
    if y is not None:
        target = rows_ahead(layout, at, horizon)
        complete &= target >= 0
    ends = np.flatnonzero(complete)  # sorted positions of the windows' last rows
    if ends.size == 0:
        raise _no_complete_window(
            timesteps, lookahead, longest, layout.n_groups, gaps=steps is not None
        )
    windows = padded_windows(
        values,
        timesteps,
        codes=found.codes,
        positions=steps,
        layout=layout,
        who=who,
    )
    rows = layout.original(ends)
    evenly = ends.size == 1 or (np.diff(ends) == stride).all()
    if windows.in_order and layout.n_groups == 1 and evenly:
        X_windows = windows.view[ends[0] : ends[-1] + 1 : stride]  # still a view
    else:
        X_windows = windows.take(np.sort(rows))
    if y is None:
        return X_windows, None
    order = np.argsort(rows, kind="stable")
    target_rows = layout.original(target[ends])[order]
    if isinstance(y, (pd.Series, pd.DataFrame)):
        return X_windows, y.iloc[target_rows]
    return X_windows, np.asarray(y)[target_rows]


def _one_series_windows(values, y, timesteps, horizon, stride, lookahead):
    """``sliding_windows`` of one series: a view of ``values`` itself.

    The complete windows end at rows ``timesteps - 1, ... < n_rows -
    lookahead``, ``stride`` apart: they are read in place, as a read-only
    strided view of ``values``, with no padded copy and no per-row arrays.
    """
    n_rows = values.shape[0]
    ends = range(timesteps - 1, n_rows - lookahead, stride)
    # Row j of the view is the window that starts at row j (ends at j + k - 1).
    view = sliding_window_view(values, timesteps, axis=0)
    X_windows = view[: ends.stop - (timesteps - 1) : stride].transpose(0, 2, 1)
    if y is None:
        return X_windows, None
    if isinstance(y, (pd.Series, pd.DataFrame)):
        target_rows = np.arange(ends.start, ends.stop, stride) + horizon
        return X_windows, y.iloc[target_rows]
    return X_windows, np.asarray(y)[ends.start + horizon :: stride].copy()


def _no_complete_window(timesteps, lookahead, longest, n_groups, *, gaps=False):
    """The error of ``sliding_windows`` when no series is long enough."""
    needed = timesteps + lookahead
    target = f" and its target {lookahead} more" if lookahead else ""
    series = "series" if n_groups == 1 else f"series of the {n_groups} groups"
    gap = (
        " without a missing time step (the index has gaps, and no window or "
        "target reaches over one)"
        if gaps
        else ""
    )
    return ValueError(
        f"sliding_windows(timesteps={timesteps}) found no complete window: a "
        f"window needs {timesteps} time steps{target}, {needed} in all{gap}, "
        f"but the longest {series} has {longest} rows. Use a smaller "
        "timesteps, or SlidingWindow, which pads the start of a series (and "
        f"missing steps) instead of dropping them. The windows have shape {AXES}."
    )
