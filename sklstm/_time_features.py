"""Time as features of the rows: ``TimeFeatures``.

``SlidingWindow`` reads a table whose index lies on a regular grid by time
step, and a missing step is padding. Reads taken at uneven moments have no
grid: they are windowed by row, and the model can only tell how far apart two
reads are if that is a feature of the rows. ``TimeFeatures`` adds it (the
time since the previous row of the same entity) and, for dates, the position
of every row in the cycles of the calendar (the day, the week, the year) as
points on a circle, so that 23:00 lies next to 00:00 and December next to
January. It works on the 2D table, before the windows.
"""

from __future__ import annotations

import difflib
from datetime import timedelta
from numbers import Integral, Real

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import (
    _check_feature_names_in,
    check_is_fitted,
    validate_data,
)

from ._sliding_window import Groups, check_same_entities, frame_groups
from ._time import check_zone, ticks, zone_of
from ._validation import Amount, empty_error, group_codes, input_shape

ELAPSED = "time_since_previous"

# The position of a time in each cycle, from 0 (its start) to 1 (its end),
# computed on the wall-clock times (naive DatetimeIndex). ``of_day`` is the
# fraction of the day elapsed at every time.
CALENDAR = ("minute", "hour", "dayofweek", "dayofmonth", "dayofyear", "month")

_DAY = pd.Timedelta(days=1)
# calendar="auto" chooses a cycle when the typical gap between the rows of an
# entity is at most half of it: the rows then see it at two phases or more
# (hourly rows see the day, daily rows the week, monthly rows the year).
_AUTO_CYCLES = (
    ("hour", _DAY),
    ("dayofweek", 7 * _DAY),
    ("month", pd.Timedelta(days=365.2425)),
)


def _phases(times: pd.DatetimeIndex, name: str) -> np.ndarray:
    """The position of every (naive) time in the cycle of ``name``, in [0, 1)."""
    of_day = np.asarray((times - times.normalize()) / _DAY, dtype=np.float64)
    if name == "minute":
        hour = pd.Timedelta(hours=1)
        return np.asarray((times - times.floor("h")) / hour, dtype=np.float64)
    if name == "hour":
        return of_day
    if name == "dayofweek":
        return (np.asarray(times.day_of_week) + of_day) / 7
    month_length = np.asarray(times.days_in_month, dtype=np.float64)
    of_month = (np.asarray(times.day) - 1 + of_day) / month_length
    if name == "dayofmonth":
        return of_month
    if name == "dayofyear":
        year_length = 365 + np.asarray(times.is_leap_year, dtype=np.float64)
        return (np.asarray(times.day_of_year) - 1 + of_day) / year_length
    return (np.asarray(times.month) - 1 + of_month) / 12  # month


class TimeFeatures(TransformerMixin, BaseEstimator):
    """Add the time since the previous row and cyclical calendar features.

    A 2D transformer for a table of time steps, before
    :class:`SlidingWindow`: it reads the time of every row from the index of a
    DataFrame and appends, to the columns of the table,

    - ``time_since_previous``: the time since the previous row of the same
      entity, in units of ``unit_``; 0 for the first row of an entity (never
      NaN). Reads taken at uneven moments are windowed by row, and this is
      how the model learns how far apart they are.
    - ``<name>_sin`` and ``<name>_cos`` for every calendar feature of
      ``calendar_``: the position of the row's time in a cycle of the
      calendar (the day for ``hour``, the week for ``dayofweek``, the year
      for ``month``) as a point on the unit circle, so that the end of a
      cycle lies next to its start.

    Parameters
    ----------
    calendar : "auto", str, list of str or None, default="auto"
        The calendar feature(s), among ``"minute"`` (the minute of the hour),
        ``"hour"`` (the time of day), ``"dayofweek"``, ``"dayofmonth"``,
        ``"dayofyear"`` and ``"month"`` (see Notes). ``"auto"`` chooses those
        the rows see at two phases or more, from the median gap between
        consecutive rows of an entity in ``fit``: ``hour``, ``dayofweek`` and
        ``month`` for hourly rows, ``dayofweek`` and ``month`` for daily
        rows, ``month`` for weekly to quarterly rows, none for yearly rows,
        nor for an index of numbers or timedeltas (which have no calendar).
        None (or an empty list) adds none.
    elapsed : bool, default=True
        Whether to add ``time_since_previous``.
    unit : "auto", str, timedelta or float, default="auto"
        The unit of ``time_since_previous``. A length of time (``"h"``,
        ``"15min"``, ``"1D"``, ``pd.Timedelta(minutes=5)``) for an index of
        dates, periods or timedeltas; a number for an index of numbers.
        ``"auto"`` counts the periods of a ``PeriodIndex`` (months for
        monthly periods), and otherwise takes the median gap between
        consecutive rows of an entity in ``fit``, so that a regular series
        has 1.0 between consecutive rows (1 hour for hourly rows with a few
        missing hours). The unit chosen is ``unit_``. Months and years vary
        in length: monthly or yearly dates on a ``PeriodIndex``
        (``X.to_period("M")``) are counted in whole months or years.
    groups : str, int or list of them, default=None
        Column(s) or index level(s) of the DataFrame that identify entities
        (stores, patients, sensors): the previous row of a row is that of its
        own entity. Rows of one entity need not be contiguous, only in time
        order. A MultiIndex ``(entity, ..., time)`` needs no ``groups``: the
        levels before the last are the entities. Group columns are kept in
        the output, for the ``SlidingWindow(groups=...)`` after it.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen in ``fit``, group columns included.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen in ``fit``, when they are all strings.
    unit_ : Timedelta, DateOffset, float or None
        The unit of ``time_since_previous``: a ``Timedelta`` for dates and
        timedeltas, the frequency of a ``PeriodIndex`` (an offset such as
        ``<MonthEnd>``) under ``unit="auto"``, or a number for an index of
        numbers. None when ``elapsed=False``.
    calendar_ : list of str
        The calendar features added (``calendar="auto"`` resolved); empty
        for none.
    time_kind_ : {"datetime", "period", "timedelta", "number"}
        The kind of index seen in ``fit``; ``transform`` wants the same.
    time_zone_ : str or None
        The time zone of the dates seen in ``fit`` (None when naive, or not
        dates); ``transform`` wants the same.
    history_keys_ : ndarray of object of shape (n_groups, n_group_levels) or None
        The entities seen in ``fit`` (their values in the group columns and
        index levels); None without entities or with ``elapsed=False``.
    history_times_ : ndarray of shape (n_groups,) or None
        The last time of each of them in ``fit`` (nanoseconds, period
        ordinals or numbers), from which ``transform`` continues; None with
        ``elapsed=False``.

    See Also
    --------
    SlidingWindow : The windows over the rows, after this transformer.
    make_supervised : The future of a target as ``y``, before both.

    Notes
    -----
    **Time.** The index is the time: a ``DatetimeIndex`` (a time zone
    counts elapsed time on the clock of UTC and calendar features on the
    local wall clock), a ``PeriodIndex`` (read at the start of every period
    for the calendar, and for a ``unit`` given as a length of time), a
    ``TimedeltaIndex`` or numbers (a year, a position along a line; no
    calendar), or the last level of a MultiIndex ``(entity, ..., time)``.
    It must increase within every entity. A default ``RangeIndex`` numbers
    the rows and holds no time: make the time column the index
    (``X.set_index("date")``). A numpy array has no time and is refused.

    **Continuation.** In ``transform``, the first row of an entity that
    ``fit`` saw, whose time comes after the last time ``fit`` saw of it
    (the rows right after the training data, a ``TimeSeriesSplit`` test
    fold), gets the time since that last fitted row, as it would within one
    table; the first row of any other entity, and of data that overlaps or
    precedes the fitted rows (the training rows themselves), gets 0. So
    ``fit(X).transform(X)`` equals ``fit_transform(X)``, and a
    ``SlidingWindow`` after it, whose test windows reach back into the
    training rows, sees no false start of a series there.

    **Calendar features.** Each is the fraction ``p`` of its cycle elapsed
    at the row's time, the smaller fields included (13:30 is 13.5 hours into
    the day), written as ``sin(2 pi p)`` and ``cos(2 pi p)``:

    ============  ======================================================
    name          ``p``
    ============  ======================================================
    minute        (minute + second / 60) / 60
    hour          (hour + minute / 60 + ...) / 24
    dayofweek     (day of the week, Monday 0, + time of day) / 7
    dayofmonth    (day - 1 + time of day) / days in the month
    dayofyear     (day of the year - 1 + time of day) / days in the year
    month         (month - 1 + fraction of the month elapsed) / 12
    ============  ======================================================

    For hourly, daily or monthly rows this is the usual ``hour / 24``,
    ``dayofweek / 7`` and ``(month - 1) / 12``; for reads at any moment it
    varies smoothly.

    **Output.** The output is a DataFrame with the index and the columns of
    ``X`` (unchanged, of their own dtypes, non-numeric group columns
    included) followed by the new float64 columns, whatever
    ``set_output`` says: the ``SlidingWindow`` after it reads the time from
    that index and the entities from those columns. ``X`` is never
    modified. A column of ``X`` with the name of a new column is an error.

    Examples
    --------
    Reads of a sensor at uneven moments; the median gap (30 minutes) is the
    unit of the time since the previous read:

    >>> import pandas as pd
    >>> from sklstm import TimeFeatures
    >>> reads = pd.DataFrame(
    ...     {"temp": [20.0, 20.5, 21.0, 22.5]},
    ...     index=pd.to_datetime(["2024-01-01 09:00", "2024-01-01 09:30",
    ...                           "2024-01-01 10:00", "2024-01-01 11:30"]),
    ... )
    >>> features = TimeFeatures(calendar=None).fit(reads)
    >>> features.unit_
    Timedelta('0 days 00:30:00')
    >>> features.transform(reads)
                         temp  time_since_previous
    2024-01-01 09:00:00  20.0                  0.0
    2024-01-01 09:30:00  20.5                  1.0
    2024-01-01 10:00:00  21.0                  1.0
    2024-01-01 11:30:00  22.5                  3.0

    The rows of a panel, interleaved; every store has its own previous row,
    and daily rows get the day of the week and the month:

    >>> sales = pd.DataFrame(
    ...     {"store": ["a", "b", "a", "b", "b"], "units": [5, 7, 6, 8, 9]},
    ...     index=pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02",
    ...                           "2024-01-02", "2024-01-05"]),
    ... )
    >>> features = TimeFeatures(groups="store").fit(sales)
    >>> features.unit_, features.calendar_
    (Timedelta('1 days 00:00:00'), ['dayofweek', 'month'])
    >>> features.transform(sales).iloc[:, :5].round(3)
               store  units  time_since_previous  dayofweek_sin  dayofweek_cos
    2024-01-01     a      5                  0.0          0.000          1.000
    2024-01-01     b      7                  0.0          0.000          1.000
    2024-01-02     a      6                  1.0          0.782          0.623
    2024-01-02     b      8                  1.0          0.782          0.623
    2024-01-05     b      9                  3.0         -0.434         -0.901

    Before the windows, in a Pipeline:

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import SlidingWindow
    >>> pipe = make_pipeline(TimeFeatures(groups="store"),
    ...                      SlidingWindow(timesteps=2, groups="store"))
    >>> pipe.fit_transform(sales).shape  # (n_samples, n_timesteps, n_features)
    (5, 2, 6)
    """

    _parameter_constraints: dict = {
        "calendar": [StrOptions({"auto", *CALENDAR}), list, tuple, None],
        "elapsed": ["boolean"],
        "unit": [
            str,
            timedelta,
            np.timedelta64,
            pd.offsets.BaseOffset,
            Amount(0, None, closed="neither"),
        ],
        "groups": [None, str, Integral, list, tuple],
    }

    def __init__(self, calendar="auto", *, elapsed=True, unit="auto", groups=None):
        self.calendar = calendar
        self.elapsed = elapsed
        self.unit = unit
        self.groups = groups

    @property
    def _who(self) -> str:
        return type(self).__name__

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Read the kind of time of ``X``, its unit and calendar features.

        Parameters
        ----------
        X : DataFrame or Series of shape (n_rows, n_columns)
            One row per time step, its time in the index, in time order
            within each entity.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        names = self._calendar_names()  # parameters first, then the data
        frame = self._frame(X)
        validate_data(self, frame, skip_check_array=True, reset=True)
        found = frame_groups(frame, self.groups, who=self._who)
        time = self._time(frame, found)
        kind = ticks(time)[0]
        self.time_kind_ = kind
        self.time_zone_ = zone_of(time) if kind == "datetime" else None
        self.calendar_ = self._fit_calendar(names, time, found)
        self.unit_ = self._fit_unit(time, found) if self.elapsed else None
        if not self.elapsed and not self.calendar_:
            if names is not None:
                why = f"calendar={self.calendar!r}"
            elif kind not in ("datetime", "period"):
                why = f"{self._kind_words(kind)} have no calendar"
            else:
                gap = self._typical_gap(time, found)
                why = (
                    f"calendar='auto' chose none, as the rows are {gap} apart "
                    "(the median gap), too far apart to see a day, a week or "
                    "a year go round"
                )
            raise ValueError(
                f"{self._who}(elapsed=False) would add no feature: {why}. "
                "Keep elapsed=True, name calendar features (calendar=['month']), "
                "or leave the transformer out."
            )
        self._check_names_free(frame)
        self.history_keys_ = self.history_times_ = None
        if self.elapsed:
            layout = found.layout
            values = self._clock_values(time)
            last = np.flatnonzero(np.r_[layout.group[1:] != layout.group[:-1], True])
            self.history_times_ = layout.sort(values)[last].copy()
            if found.key_frame is not None:
                rows = layout.original(last)
                self.history_keys_ = found.key_frame.iloc[rows].to_numpy(dtype=object)
        return self

    def transform(self, X):
        """Append the time features to the columns of ``X``.

        Parameters
        ----------
        X : DataFrame or Series of shape (n_rows, n_columns)
            One row per time step, with the columns seen in ``fit`` and the
            same kind of index.

        Returns
        -------
        X_out : DataFrame of shape (n_rows, n_columns + n_new)
            ``X``'s index and columns, then ``time_since_previous`` and the
            ``<name>_sin``, ``<name>_cos`` pairs of ``calendar_`` (the names
            of ``get_feature_names_out``).
        """
        check_is_fitted(self)
        frame = self._frame(X)
        validate_data(self, frame, skip_check_array=True, reset=False)
        found = frame_groups(frame, self.groups, who=self._who)
        time = self._time(frame, found)
        kind = ticks(time)[0]
        if kind != self.time_kind_:
            raise ValueError(
                f"{self._who}: the index of X holds {self._kind_words(kind)}, but "
                f"the transformer was fitted on {self._kind_words(self.time_kind_)}. "
                "Pass X with the same kind of index as in fit."
            )
        if kind == "datetime":
            check_zone(
                time,
                self.time_zone_,
                who=self._who,
                fitted="the transformer was fitted",
            )
        self._check_names_free(frame)
        new = {}
        if self.elapsed:
            new[ELAPSED] = self._elapsed(time, found)
        if self.calendar_:
            wall = self._wall_clock(time)
            for name in self.calendar_:
                angle = 2 * np.pi * _phases(wall, name)
                new[f"{name}_sin"] = np.sin(angle)
                new[f"{name}_cos"] = np.cos(angle)
        added = pd.DataFrame(new, index=frame.index)
        # A new frame: X's columns keep their dtypes and X is left alone.
        return pd.concat([frame, added], axis=1)

    # ------------------------------------------------------------ the input

    def _frame(self, X) -> pd.DataFrame:
        """``X`` as a DataFrame with rows, or a ``TypeError`` that teaches."""
        if isinstance(X, pd.Series):
            X = X.to_frame()
        if not isinstance(X, pd.DataFrame):
            if sparse.issparse(X):
                what = "a sparse matrix"
            else:
                shape = input_shape(X)
                name = "numpy array" if isinstance(X, np.ndarray) else type(X).__name__
                what = f"a {name}" + (f" of shape {shape}" if shape else "")
            raise TypeError(
                f"{self._who} reads the time of every row from the index of a "
                f"pandas DataFrame, but X is {what}, which has no time. Pass the "
                "table as a DataFrame whose index holds the times, for example "
                "pd.DataFrame(X, index=pd.DatetimeIndex(times)) or "
                "df.set_index('date'), and put TimeFeatures first in the "
                "Pipeline (before any step that returns numpy arrays, or set "
                'set_output(transform="pandas") on those).'
            )
        if len(X) == 0:
            raise empty_error(
                self._who,
                X.shape,
                detail="Time features need at least one row with a time.",
            )
        return X

    def _time(self, X: pd.DataFrame, found: Groups) -> pd.Index:
        """The time index of ``X``, refused with advice when it holds no time."""
        time = found.time
        if time is None:  # groups= named the index itself
            raise ValueError(
                f"{self._who}: groups={self.groups!r} names the index of X, so "
                "the index identifies the entities and X has no time index. "
                "Put the entities and the times in a MultiIndex, for example "
                "X.set_index('date', append=True), or make the entities a "
                "column."
            )
        index = X.index
        if (
            isinstance(time, pd.RangeIndex) and time.name is None
        ) or self._numbers_rows(found):
            raise ValueError(
                f"{self._who}: X has a default index of row numbers "
                f"({type(time).__name__} {self._first_values(time)}), which "
                f"holds no time. {self._index_advice(X)}"
            )
        if ticks(time) is None:
            where = (
                "last level of the index"
                if isinstance(index, pd.MultiIndex)
                else "index"
            )
            raise ValueError(
                f"{self._who}: the {where} of X holds {time.dtype} values "
                f"({self._first_values(time)}), not times. Convert it, for "
                "example X.index = pd.to_datetime(X.index) (or "
                f"pd.PeriodIndex(X.index, freq='M') for months). "
                f"{self._index_advice(X)}"
            )
        return time

    @staticmethod
    def _numbers_rows(found: Groups) -> bool:
        """An unnamed index of numbers no two entities share, on a flat index
        with groups=: the row numbers of a panel (as for SlidingWindow)."""
        time = found.time
        return (
            found.numbered
            and time.name is None
            and time.dtype.kind in "iuf"
            and time.is_unique
            and len(found.keys) > 1
        )

    @staticmethod
    def _first_values(index: pd.Index) -> str:
        shown = ", ".join(str(v) for v in index[:3])
        return f"{shown}, ..." if len(index) > 3 else shown

    @staticmethod
    def _index_advice(X: pd.DataFrame) -> str:
        dated = [
            column
            for column in X.columns
            if pd.api.types.is_datetime64_any_dtype(X[column])
            or isinstance(X[column].dtype, pd.PeriodDtype)
        ]
        if dated:
            return (
                f"The column {dated[0]!r} holds {X[dated[0]].dtype} values: make "
                f"it the index, X.set_index({dated[0]!r}) (or, for a panel, "
                f"X.set_index(['<entity>', {dated[0]!r}]))."
            )
        return (
            "Make the column of times the index, X.set_index('date') (or, for "
            "a panel, X.set_index(['store', 'date'])); an index of numbers "
            "counts as time when it is named, X.rename_axis('step')."
        )

    @staticmethod
    def _kind_words(kind) -> str:
        return {
            "datetime": "dates",
            "period": "periods",
            "timedelta": "timedeltas",
            "number": "numbers",
        }.get(kind, str(kind))

    # ------------------------------------------------------------ calendar

    def _calendar_names(self) -> list[str] | None:
        """The calendar names asked for (None: "auto"), checked."""
        if isinstance(self.calendar, str):
            return None if self.calendar == "auto" else [self.calendar]
        names = list(self.calendar or [])
        for name in names:
            if name not in CALENDAR:
                close = difflib.get_close_matches(str(name), CALENDAR, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise ValueError(
                    f"{self._who}(calendar={self.calendar!r}): {name!r} is not a "
                    f"calendar feature; they are {list(CALENDAR)}, or "
                    f"calendar='auto'.{hint}"
                )
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(
                f"{self._who}(calendar={self.calendar!r}) names {repeated} more "
                "than once; name each calendar feature once."
            )
        return names

    def _fit_calendar(self, names, time: pd.Index, found: Groups) -> list[str]:
        kind = ticks(time)[0]
        dated = kind in ("datetime", "period")
        if names is not None:
            if names and not dated:
                raise ValueError(
                    f"{self._who}(calendar={self.calendar!r}): calendar features "
                    f"need dates, but the index of X holds "
                    f"{self._kind_words(kind)} ({self._first_values(time)}), "
                    "which have no calendar. Pass calendar=None, or an index of "
                    "dates (pd.to_datetime) or periods."
                )
            return names
        if not dated:
            return []
        gap = self._typical_gap(time, found)
        if gap is None:
            raise ValueError(
                f"{self._who}(calendar='auto') reads the calendar features from "
                "the gap between consecutive rows of an entity, but no entity of "
                f"X has two rows: {_single_rows(len(time))}. Name them, for "
                "example calendar=['hour', 'dayofweek'], or fit on more rows."
            )
        return [name for name, cycle in _AUTO_CYCLES if gap <= cycle / 2]

    def _typical_gap(self, time: pd.Index, found: Groups) -> pd.Timedelta | None:
        """The median gap between consecutive rows of an entity, as a length
        of time (from the start of periods); one period for periods alone."""
        starts = self._start_times(time)
        gaps = _within_group_gaps(np.asarray(starts.asi8), found.layout)
        if gaps.size:
            return pd.Timedelta(int(np.median(gaps)), unit="ns")
        if isinstance(time, pd.PeriodIndex):
            first = time[:1]
            end = first.to_timestamp(how="end").as_unit("ns")
            return pd.Timedelta(end[0] - starts[0]) + pd.Timedelta(1, unit="ns")
        return None

    def _start_times(self, time: pd.Index) -> pd.DatetimeIndex:
        """The times of a DatetimeIndex, or the starts of periods, in ns."""
        if isinstance(time, pd.PeriodIndex):
            try:
                return time.to_timestamp(how="start").as_unit("ns")
            except pd.errors.OutOfBoundsDatetime:
                raise ValueError(
                    f"{self._who}: the periods of X, from {time.min()} to "
                    f"{time.max()}, start beyond what nanoseconds count (years "
                    "1677 to 2262), so they have no calendar here nor a length "
                    "of time between them. Pass unit='auto' (periods are "
                    "counted) and calendar=None."
                ) from None
        return time.as_unit("ns")

    def _wall_clock(self, time: pd.Index) -> pd.DatetimeIndex:
        """The local, naive times of the rows, for the calendar."""
        times = self._start_times(time)
        return times.tz_localize(None) if times.tz is not None else times

    # ------------------------------------------------------------ elapsed

    def _fit_unit(self, time: pd.Index, found: Groups):
        kind = ticks(time)[0]
        unit = self.unit
        if isinstance(unit, str) and unit == "auto":
            if kind == "period":
                return time.freq
            gaps = _within_group_gaps(ticks(time)[1], found.layout)
            if not gaps.size:
                raise ValueError(
                    f"{self._who}(unit='auto') takes the unit of "
                    f"{ELAPSED} from the gaps between consecutive rows of an "
                    "entity, but no entity of X has two rows: "
                    f"{_single_rows(len(time))}. Give the unit, for example "
                    "unit='1h' (or a number for an index of numbers)."
                )
            median = np.median(gaps)
            if kind in ("datetime", "timedelta"):
                return pd.Timedelta(int(round(median)), unit="ns")
            return int(median) if float(median).is_integer() else float(median)
        # np.timedelta64 is a numpy integer, but a length of time.
        number = isinstance(unit, Real) and not isinstance(unit, np.timedelta64)
        if kind == "number":
            if number:
                return unit
            raise ValueError(
                f"{self._who}(unit={unit!r}): a length of time, but the index of X "
                f"holds numbers ({self._first_values(time)}). Give the unit as a "
                "number of the index's units (unit=1), or unit='auto'."
            )
        if number:
            raise ValueError(
                f"{self._who}(unit={unit!r}): a number, but the index of X holds "
                f"{self._kind_words(kind)}. Give a length of time, for example "
                "unit='1h', unit='15min' or unit='1D', or unit='auto'."
            )
        length = _fixed_length(unit)
        if length is None:
            raise ValueError(
                f"{self._who}(unit={unit!r}): not a fixed length of time (months, "
                "years, business days and weeks that start on a given day have "
                "none), and the time since the previous row is counted in one. "
                "Pass a fixed length such as 'h', '15min', '1D' or '7D'; for "
                "monthly data, use a PeriodIndex (X.to_period('M')) with "
                "unit='auto', which counts months."
            )
        if length <= pd.Timedelta(0):
            raise ValueError(
                f"{self._who}(unit={unit!r}): the unit must be a positive length "
                "of time, such as '1h'."
            )
        return length

    def _clock_values(self, time: pd.Index) -> np.ndarray:
        """The times as numbers of the unit's kind: nanoseconds (for a unit
        of time), period ordinals, or the index's numbers."""
        if isinstance(self.unit_, pd.Timedelta):
            return np.asarray(self._start_times(time).asi8)
        if isinstance(time, pd.PeriodIndex) and time.freq != self.unit_:
            fitted = pd.Period("2000-01-01", freq=self.unit_).freqstr
            raise ValueError(
                f"{self._who}: X has periods of frequency {time.freqstr!r}, but "
                f"the transformer was fitted on periods of {fitted!r}, which "
                f"{ELAPSED} counts. Convert them first, for example "
                f"X.index = X.index.asfreq({fitted!r})."
            )
        return ticks(time)[1]

    def _unit_size(self):
        """One unit in the numbers of ``_clock_values``."""
        if isinstance(self.unit_, pd.Timedelta):
            return self.unit_.as_unit("ns").value
        if isinstance(self.unit_, pd.offsets.BaseOffset):
            return self.unit_.n
        return self.unit_

    def _elapsed(self, time: pd.Index, found: Groups) -> np.ndarray:
        """The time since the previous row of the same entity, in units."""
        layout = found.layout
        values = layout.sort(self._clock_values(time))
        same = layout.group[1:] == layout.group[:-1]
        # Differences of int64 nanoseconds are exact; only then made floats.
        gaps = np.zeros(len(values), dtype=np.float64)
        gaps[1:][same] = (values[1:] - values[:-1])[same]
        first, previous = self._continued(found, values)
        if first.size:
            gaps[first] = values[first] - previous
        return layout.unsort(gaps / self._unit_size())

    def _continued(self, found: Groups, values: np.ndarray):
        """The first (sorted) rows of the entities of X that continue the
        fitted rows, and the last fitted time of each of them."""
        layout = found.layout
        check_same_entities(
            self.history_keys_,
            found,
            who=self._who,
            what="The time since the previous row continues",
        )
        starts = np.flatnonzero(layout.position == 0)
        n_fitted = len(self.history_times_)
        if found.key_frame is None:
            codes = np.zeros(n_fitted + len(starts), dtype=np.intp)
        else:
            keys = pd.concat(
                [
                    pd.DataFrame(self.history_keys_),
                    found.key_frame.iloc[layout.original(starts)],
                ],
                ignore_index=True,
            )
            codes = group_codes(keys, list(keys.columns))[0]
        at = pd.Index(codes[:n_fitted]).get_indexer(codes[n_fitted:])
        seen = at >= 0
        last = self.history_times_[at[seen]]
        first = starts[seen]
        after = values[first] > last
        return first[after], last[after]

    # ------------------------------------------------------------ names

    def _new_names(self) -> list[str]:
        names = [ELAPSED] if self.elapsed else []
        for name in self.calendar_:
            names += [f"{name}_sin", f"{name}_cos"]
        return names

    def _check_names_free(self, X: pd.DataFrame) -> None:
        taken = [name for name in self._new_names() if name in X.columns]
        if taken:
            raise ValueError(
                f"{self._who}: X already has the column(s) {taken}, which it would "
                "write. Is TimeFeatures in the Pipeline twice? Otherwise rename "
                "those columns first (X.rename(columns=...))."
            )

    def get_feature_names_out(self, input_features=None):
        """The names of the output columns: the input's, then the new ones.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The names of the input columns; by default ``feature_names_in_``,
            or ``x0, x1, ...``.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The input names followed by ``time_since_previous`` (with
            ``elapsed=True``) and ``<name>_sin``, ``<name>_cos`` for every
            name of ``calendar_``.
        """
        check_is_fitted(self)
        names = list(_check_feature_names_in(self, input_features))
        return np.asarray(names + self._new_names(), dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Columns pass through untouched, NaN included.
        tags.input_tags.allow_nan = True
        return tags


def _single_rows(n_rows: int) -> str:
    """Rows that are each the only row of their entity, in words."""
    if n_rows == 1:
        return "X has one sample (n_samples = 1)"
    return f"X has {n_rows} rows, each the only row of its entity"


def _within_group_gaps(values: np.ndarray, layout) -> np.ndarray:
    """Differences between consecutive times of the same group."""
    same = layout.group[1:] == layout.group[:-1]
    return np.diff(layout.sort(values))[same]


def _fixed_length(unit) -> pd.Timedelta | None:
    """``unit`` as a Timedelta, or None when it has no fixed length."""
    candidates = [unit]
    if isinstance(unit, str):
        try:
            candidates.append(to_offset(unit))  # "h", "D": no number
        except ValueError:
            pass
    for candidate in candidates:
        try:
            length = pd.Timedelta(candidate)
        except (ValueError, TypeError):
            continue
        if length is not pd.NaT:
            return length
    return None
