"""Row-preserving causal windows (``SlidingWindow``) and complete windows with
their targets (``sliding_windows``)."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import SequenceTransformerMixin
from ._validation import (
    AXES,
    TIME_INDEXES,
    check_columns_exist,
    check_float_array,
    check_time_order,
    column_list,
    group_codes,
    numeric_frame_values,
)
from ._windows import group_layout, padded_windows

_GROUPS_CONSTRAINT = [None, str, Integral, list, tuple]


def _is_ordered_index(index: pd.Index) -> bool:
    """Whether the index values are times or numbers (so "next" means something)."""
    return isinstance(index, TIME_INDEXES) or pd.api.types.is_numeric_dtype(index)


def _time_step(index: pd.Index):
    """The step from one time value of ``index`` to the next, or None.

    The frequency of a PeriodIndex or DatetimeIndex when it has or implies one
    (business days included), otherwise the smallest difference between
    consecutive distinct values (1 for a RangeIndex or years).
    """
    if not _is_ordered_index(index):
        return None
    if getattr(index, "freq", None) is not None:
        return index.freq
    if isinstance(index, pd.RangeIndex):  # the step itself, without a scan
        return np.int64(abs(index.step)) if len(index) >= 2 else None
    times = index.unique().sort_values()
    if len(times) < 2:
        return None
    if isinstance(times, pd.DatetimeIndex) and len(times) >= 3:
        inferred = pd.DatetimeIndex(times, freq="infer").freq
        if inferred is not None:
            return inferred
    steps = times[1:] - times[:-1]  # all positive: the times are distinct
    return steps.min()


def _split_table(X, groups, *, who: str, ndim=2):
    """Separate the feature values of ``X`` from its group columns.

    Returns
    -------
    values : ndarray of shape (n_rows, n_features)
        The features, as float32 or float64.
    codes : ndarray of shape (n_rows,) or None
        The group of every row, or None without groups.
    keys : list
        The group keys, in the order of their codes.
    """
    group_columns = column_list(groups)
    if isinstance(X, pd.Series):
        X = X.to_frame()
    if isinstance(X, pd.DataFrame):
        group_columns = check_columns_exist(X, group_columns, who=who, role="groups")
        hint = (
            "If it identifies entities (stores, patients, users), name it in "
            "groups= so that windows never cross from one entity into the "
            "next; otherwise encode it as numbers first (e.g. OneHotEncoder)."
        )
        values = numeric_frame_values(X.drop(columns=group_columns), who=who, hint=hint)
        codes, keys = (None, [])
        if group_columns:
            codes, keys = group_codes(X, group_columns)
        check_time_order(X.index, codes, keys, who=who)
        return values, codes, keys

    if ndim == 1 and np.ndim(X) == 1:
        X = np.asarray(X).reshape(-1, 1)
    if not group_columns:
        return check_float_array(X, who=who, ndim=2), None, []
    X = np.asarray(X)
    n_columns = X.shape[1] if X.ndim == 2 else 0
    if not all(
        isinstance(c, Integral) and -n_columns <= c < n_columns for c in group_columns
    ):
        raise ValueError(
            f"{who}: groups={groups!r} names columns, but X is a numpy array "
            f"with {n_columns} unnamed columns. Pass a pandas DataFrame, or "
            f"give the group columns as integer positions (0 .. {n_columns - 1})."
        )
    positions = sorted({c % n_columns for c in group_columns})
    features = np.delete(X, positions, axis=1)
    key_columns = pd.DataFrame(X[:, positions])
    codes, keys = group_codes(key_columns, list(key_columns.columns))
    return check_float_array(features, who=who, ndim=2), codes, keys


class SlidingWindow(SequenceTransformerMixin, BaseEstimator):
    """Turn a table of time steps into one causal window per row.

    ``n`` rows of shape ``(n_rows, n_features)`` become ``n`` windows of shape
    ``(n_rows, timesteps, n_features)``: the window of row ``i`` holds rows
    ``i - timesteps + 1 .. i``, oldest first, and never looks forward. Where
    fewer earlier rows exist (the start of the data, or of a group), the missing
    steps hold ``fill_value``.

    Because the number of rows never changes, ``y`` stays aligned row for row,
    and ``Pipeline``, ``GridSearchCV``, ``cross_val_score`` and
    ``TimeSeriesSplit`` work unchanged: ``timesteps`` is an ordinary
    hyper-parameter.

    Parameters
    ----------
    timesteps : int, default=10
        The window length: the number of time steps of each sample.
    groups : str, int or list of them, default=None
        Column(s) of a DataFrame (or integer positions of a numpy array) that
        identify entities (stores, patients, users, sensors). A window never
        reaches from one entity into another, and group columns are not
        features. Rows of one entity need not be contiguous, only in time order.
    fill_value : float, default=np.nan
        The value of steps before the first row of a series. With the default
        NaN, such a step is all-NaN, which the LSTM estimators mask, so a window
        at the start of a series is simply a shorter sequence.

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
    history_ : DataFrame or None
        The last ``timesteps - 1`` rows of every group seen in ``fit``
        (None when ``X`` was not a DataFrame), from which the windows of data
        that continues the fitted data reach back.
    time_step_ : offset, Timedelta, number or None
        The step between consecutive time values of the fitted index (its
        frequency, or the smallest difference); data continues the fitted data
        when it starts one ``time_step_`` after it.

    See Also
    --------
    sliding_windows : Complete windows only, with their aligned targets, for
        use outside a Pipeline.
    To3D : When every row already holds one whole sequence.
    SequencePadder : For a list of variable-length sequences.

    Notes
    -----
    The output is a read-only strided view of one padded copy of the data, so
    it takes O(n_rows x n_features) memory whatever ``timesteps`` is. Call
    ``.copy()`` on it to get a writable array (of ``timesteps`` times the
    size). With ``groups`` whose rows are interleaved (a panel sorted by
    date), no single view holds the windows in row order: the output is then
    a :class:`~sklstm._windows.LazyWindows`, which has the same shape, dtype
    and indexing along the samples and gathers windows on demand; the LSTM
    estimators read it batch by batch, and ``np.asarray`` materialises it.
    The dtype is the input's float dtype (float32 is kept; integers become
    float64).

    Continuation: when ``transform`` gets a DataFrame whose rows of a group
    start at the time step right after the last row of that group seen in
    ``fit`` (by index value: ``time_step_`` later), its first windows reach
    back into the remembered rows instead of being padded. So the test rows
    of a ``TimeSeriesSplit`` fold, or the rows right after the training data,
    get complete windows, and a search does not favour short windows. The
    training rows themselves, overlapping, earlier or later data (after a
    gap) and numpy arrays are windowed on their own: a window never jumps
    over missing time steps. To forecast from the latest rows, transform the
    whole history and keep the last windows. Keep the index through the
    Pipeline: put ``StandardScaler().set_output(transform="pandas")`` before
    ``SlidingWindow``, not a scaler that returns numpy.

    A DataFrame with a ``DatetimeIndex`` (or ``PeriodIndex``) must be sorted by
    time within each group; duplicate time stamps within a group are an error.
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
    """

    _parameter_constraints: dict = {
        "timesteps": [Interval(Integral, 1, None, closed="left")],
        "groups": _GROUPS_CONSTRAINT,
        "fill_value": [Real],
    }

    def __init__(self, timesteps=10, *, groups=None, fill_value=np.nan):
        self.timesteps = timesteps
        self.groups = groups
        self.fill_value = fill_value

    @property
    def _who(self) -> str:
        return type(self).__name__

    def _validate(self, X, *, reset):
        values, codes, _ = _split_table(X, self.groups, who=self._who)
        # Feature names and the column count are checked on X as given (group
        # columns included), like any scikit-learn transformer.
        validate_data(self, X, skip_check_array=True, reset=reset)
        if reset:
            self.n_features_per_step_ = values.shape[1]
        return values, codes

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Check ``X`` and record its columns.

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
        windows : ndarray of shape (n_rows, timesteps, n_features_per_step_)
            ``windows[i]`` holds rows ``i - timesteps + 1 .. i``.
        """
        # No group of X continues the rows remembered from X itself (they are
        # its own last rows), so X is windowed on its own, as transform would.
        return self._windows(*self._fit(X))

    def _fit(self, X):
        """Check ``X``, record its columns and history; return its values."""
        values, codes = self._validate(X, reset=True)
        self.history_, self.time_step_ = None, None
        if isinstance(X, pd.DataFrame):
            self.time_step_ = _time_step(X.index)
            keep = self.timesteps - 1
            if codes is None:  # one series: its last rows, no per-row arrays
                start = len(X) - keep if keep else len(X)
                self.history_ = X.iloc[max(start, 0) :].copy()
            else:
                layout = group_layout(codes, len(X))
                tail = layout.position >= layout.size - keep
                rows = np.sort(layout.original(np.flatnonzero(tail)))
                self.history_ = X.iloc[rows]
        return values, codes

    def _continued_history(self, X):
        """The fitted rows that ``X`` continues, or None.

        A group of ``X`` continues the fitted data when the group was seen in
        fit and its first index value in ``X`` is the time step right after
        the last one seen in fit; the remembered rows of such groups are
        returned.
        """
        history = self.history_
        if (
            history is None
            or len(history) == 0
            or self.time_step_ is None
            or not isinstance(X, pd.DataFrame)
            or not _is_ordered_index(X.index)
            or not _is_ordered_index(history.index)
            or list(X.columns) != list(history.columns)
        ):
            return None
        group_columns = column_list(self.groups)
        if not group_columns:  # one series: compare two time values
            if len(X) == 0:
                return None
            try:
                following = X.index.min() == history.index.max() + self.time_step_
                return history if bool(following) else None
            except (TypeError, ValueError):  # index values that do not add up
                return None
        n_history = len(history)
        both = pd.concat([history[group_columns], X[group_columns]])
        codes, _ = group_codes(both, group_columns)
        times = pd.Series(history.index.append(X.index))
        try:
            last = times.iloc[:n_history].groupby(codes[:n_history]).max()
            first = times.iloc[n_history:].groupby(codes[n_history:]).min()
            following = first.reindex(last.index) == last + self.time_step_
        except (TypeError, ValueError):  # index values that do not add up
            return None
        continuing = following.index[following.to_numpy(dtype=bool)]
        keep = np.isin(codes[:n_history], continuing)
        return history.iloc[np.flatnonzero(keep)] if keep.any() else None

    def transform(self, X):
        """Return the window that ends at every row.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_rows, n_columns)
            One row per time step, with the columns seen in ``fit``.

        Returns
        -------
        windows : ndarray of shape (n_rows, timesteps, n_features_per_step_)
            ``windows[i]`` holds rows ``i - timesteps + 1 .. i``.
        """
        check_is_fitted(self)
        history = self._continued_history(X)
        if history is None:
            values, codes = self._validate(X, reset=False)
            start = 0
        else:  # window the remembered rows and X together, return X's windows
            validate_data(self, X, skip_check_array=True, reset=False)
            combined = pd.concat([history, X])
            values, codes, _ = _split_table(combined, self.groups, who=self._who)
            start = len(history)
        return self._windows(values, codes, start)

    def _windows(self, values, codes, start=0):
        """The windows of the rows of ``values`` from ``start`` on."""
        windows = padded_windows(
            values, self.timesteps, fill_value=self.fill_value, codes=codes
        )
        return windows.lazy(slice(start, None))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


@validate_params(
    {
        "X": ["array-like"],
        "y": ["array-like", None],
        "timesteps": [Interval(Integral, 1, None, closed="left")],
        "horizon": [Interval(Integral, 0, None, closed="left")],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "groups": _GROUPS_CONSTRAINT,
    },
    prefer_skip_nested_validation=True,
)
def sliding_windows(X, y=None, *, timesteps, horizon=1, stride=1, groups=None):
    """Cut a series into complete windows, with the target that follows each.

    The classic "series to supervised" framing, for use outside a Pipeline:
    each window holds ``timesteps`` consecutive rows, and its target is ``y``
    ``horizon`` rows after the window's last row. Windows that would need rows
    before the start of a series (or group), or whose target lies past its end,
    are dropped, so the result has fewer samples than ``X`` has rows. Inside a
    Pipeline use :class:`SlidingWindow`, which keeps every row.

    Parameters
    ----------
    X : {array-like, Series, DataFrame} of shape (n_rows, n_features) or (n_rows,)
        The series, one row per time step in time order (within each group).
        A 1D input is one feature.
    y : array-like of shape (n_rows,) or (n_rows, n_targets), default=None
        The target of every row. Often ``X`` itself (or one of its columns)
        to forecast the series. With ``y=None`` every complete window is
        returned, including the last one, from which the future is forecast.
    timesteps : int
        The window length.
    horizon : int, default=1
        How many rows after the end of a window its target lies: 1 is the next
        row, 0 the window's own last row. Used only when ``y`` is given.
    stride : int, default=1
        Distance between the ends of consecutive windows (within a group).
    groups : str, int or list of them, default=None
        Column(s) that identify entities; windows never cross them and they
        are not features (see :class:`SlidingWindow`).

    Returns
    -------
    X_windows : ndarray of shape (n_windows, timesteps, n_features)
        The windows, ordered by the row at which they end. Without groups, a
        read-only strided view of the values of ``X`` themselves: no copy is
        made when ``X`` already holds float32 or float64 values (a numpy
        array, or a DataFrame of one float dtype); other inputs are converted
        once. Call ``.copy()`` for a writable array.
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
    """
    who = "sliding_windows"
    values, codes, _ = _split_table(X, groups, who=who, ndim=1)
    n_rows = values.shape[0]
    if y is not None:
        n_targets = len(y)
        if n_targets != n_rows:
            raise ValueError(
                f"{who}: X has {n_rows} rows but y has {n_targets}; y must hold "
                "one target per row of X (the same rows, before any windowing)."
            )
    lookahead = horizon if y is not None else 0
    if codes is None:
        return _one_series_windows(values, y, timesteps, horizon, stride, lookahead)

    windows = padded_windows(values, timesteps, codes=codes)
    layout = windows.layout
    complete = (
        (layout.position >= timesteps - 1)
        & (layout.position + lookahead < layout.size)
        & ((layout.position - (timesteps - 1)) % stride == 0)
    )
    ends = np.flatnonzero(complete)  # sorted positions of the windows' last rows
    if ends.size == 0:
        raise _no_complete_window(
            timesteps, lookahead, int(layout.size.max()), layout.n_groups
        )

    rows = layout.original(ends)
    if windows.rows is None:  # one group, in row order: keep the strided view
        X_windows = windows.view[ends[0] : ends[-1] + 1 : stride]
    else:
        X_windows = windows.take(np.sort(rows))
    if y is None:
        return X_windows, None
    order = np.argsort(rows, kind="stable")
    target_rows = layout.original(ends + horizon)[order]
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
    if not ends:
        raise _no_complete_window(timesteps, lookahead, n_rows, 1)
    # Row j of the view is the window that starts at row j (ends at j + k - 1).
    view = sliding_window_view(values, timesteps, axis=0)
    X_windows = view[: ends.stop - (timesteps - 1) : stride].transpose(0, 2, 1)
    if y is None:
        return X_windows, None
    if isinstance(y, (pd.Series, pd.DataFrame)):
        target_rows = np.arange(ends.start, ends.stop, stride) + horizon
        return X_windows, y.iloc[target_rows]
    return X_windows, np.asarray(y)[ends.start + horizon :: stride].copy()


def _no_complete_window(timesteps, lookahead, longest, n_groups) -> ValueError:
    """The error of ``sliding_windows`` when no series is long enough."""
    needed = timesteps + lookahead
    target = f" and its target {lookahead} more" if lookahead else ""
    series = "series" if n_groups == 1 else f"series of the {n_groups} groups"
    return ValueError(
        f"sliding_windows(timesteps={timesteps}) found no complete window: a "
        f"window needs {timesteps} rows{target}, {needed} rows in all, but the "
        f"longest {series} has {longest} rows. Use a smaller timesteps, or "
        "SlidingWindow, which pads the start of a series instead of "
        f"dropping it. The windows have shape {AXES}."
    )
