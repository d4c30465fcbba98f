"""Time is the index, not the row: the grid of time steps of a table.

Where the index of a DataFrame lies on a regular grid, a window covers
``timesteps`` *time steps* of that grid and a missing time step is a padded
(all-NaN, masked) step, never a reach over the gap. This module finds the grid
of an index and the integer position of every row on it; the windowing core
(:func:`sklstm._windows.padded_windows`) turns positions into windows.

Grids, by the kind of index:

- a ``PeriodIndex``: its ordinals (every period is one step, or the smallest
  step between the periods of a group, such as every other month);
- a ``DatetimeIndex`` or ``TimedeltaIndex`` with a ``freq`` of a fixed length
  (hours, days, weeks): that length; one of months, quarters or years
  (``MS``, ``QE``, ``YS``, ...): calendar months; business days: business days;
- without a ``freq``, the smallest difference between consecutive times of
  a group, when every difference is a whole multiple of it and at least a
  fifth of them equal it (daily data with missing days), and calendar
  months when every time is the start (or every time the end) of a month;
  times on weekdays only, one day apart at least and over a weekend, are
  business days;
- numbers (a ``RangeIndex``, years, positions along a line): as for times;
  a float index such as ``np.arange(10) * 0.1`` is read with a tolerance for
  rounding. In a panel (``groups`` given), an unnamed index of numbers that
  no two entities share (the default ``RangeIndex`` of a long table, or a
  selection of it) numbers the rows, not the time: each entity's rows are
  then read in order. The last level of a MultiIndex is always the time.

Anything else (times read at any moment, strings) has no grid: windows are
then read by row.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ._validation import plural

_DAY_NS = 86_400 * 10**9
# A float index is on its grid when every position is this close to a whole
# number of steps (np.arange(10) * 0.1 is 1e-15 off).
_FLOAT_TOLERANCE = 1e-6
# The step must be the difference of at least this share of the consecutive
# times of the groups: a few stray reads between the steps of a regular
# series make it irregular, not a grid of their tiny step.
_MIN_STEP_SHARE = 0.2

_MONTHLY_OFFSETS = {
    "MonthBegin": (1, "start"),
    "MonthEnd": (1, "end"),
    "QuarterBegin": (3, "start"),
    "QuarterEnd": (3, "end"),
    "YearBegin": (12, "start"),
    "YearEnd": (12, "end"),
}


class TimeGrid(NamedTuple):
    """A regular grid of time steps, in plain values (kept by fitted estimators).

    Attributes
    ----------
    unit : {"ns", "month", "bday", "period", "number"}
        What a time counts in: nanoseconds (of UTC time, or of wall-clock
        time for daily and slower data with a time zone), calendar months,
        business days, period ordinals, or numbers.
    step : int or float
        The length of one time step, in ``unit``.
    origin : int or float
        A time of the fitted data, in ``unit``.
    tz : str or None
        The time zone of a ``DatetimeIndex`` (None when naive).
    kind : {"datetime", "timedelta", "period", "number"}
        The kind of index the grid was found on (see :func:`ticks`).
    anchor : str or None
        Months: ``"start"`` or ``"end"`` (every time is the first, or the
        last, day of its month); periods: their frequency.
    time_of_day : int
        Months and business days: the time of day of every time, in ns.
    """

    unit: str
    step: int | float
    origin: int | float
    tz: str | None = None
    kind: str = "number"
    anchor: str | None = None
    time_of_day: int = 0

    def describe(self) -> str:
        """The step in words, for messages: ``"1 hour"``, ``"3 months"``."""
        if self.unit == "ns":
            return _duration(int(self.step))
        names = {"month": "month", "bday": "business day", "period": "period"}
        if self.unit in names:
            return plural(int(self.step), names[self.unit])
        return f"{self.step:g}"

    @property
    def wall_clock(self) -> bool:
        """Whether the grid counts wall-clock time: days of a time zone."""
        return self.unit == "ns" and self.tz is not None and self.step >= _DAY_NS

    @property
    def step_value(self):
        """The step as pandas writes it: a Timedelta, a DateOffset or a number."""
        if self.unit == "ns":
            return pd.Timedelta(int(self.step), unit="ns")
        if self.unit == "month":
            return pd.DateOffset(months=int(self.step))
        if self.unit == "bday":
            return pd.offsets.BDay(int(self.step))
        return self.step

    def label(self, value) -> str:
        """A time of the grid (in ``unit``) written for a person."""
        if self.unit == "ns" and self.kind == "datetime":
            return str(pd.Timestamp(int(value), unit="ns"))
        if self.unit == "ns":
            return str(pd.Timedelta(int(value), unit="ns"))
        if self.unit == "month":
            return str(
                pd.Period(year=int(value) // 12, month=int(value) % 12 + 1, freq="M")
            )
        if self.unit == "bday":
            day = np.busday_offset(
                np.datetime64("1970-01-01", "D"), int(value), "forward"
            )
            return str(day)
        if self.unit == "period":
            return str(pd.Period(ordinal=int(value), freq=self.anchor))
        return f"{value:g}"


def _duration(nanos: int) -> str:
    """``3_600 * 10**9`` as ``"1 hour"``, ``90 * 10**9`` as ``"90 seconds"``."""
    for unit, size in (("day", _DAY_NS), ("hour", 3600 * 10**9),
                       ("minute", 60 * 10**9), ("second", 10**9),
                       ("millisecond", 10**6), ("microsecond", 10**3)):  # fmt: skip
        if nanos % size == 0:
            return plural(nanos // size, unit)
    return plural(nanos, "nanosecond")


def time_index(X: pd.DataFrame) -> pd.Index:
    """The index of ``X`` that holds time: the last level of a MultiIndex."""
    index = X.index
    if isinstance(index, pd.MultiIndex):
        return index.get_level_values(index.nlevels - 1)
    return index


def ticks(index: pd.Index) -> tuple[str, np.ndarray] | None:
    """The kind of a time index and its values as numbers, or None.

    ``("datetime" | "timedelta", int64 nanoseconds)``, ``("period", int64
    ordinals)`` or ``("number", int64 or float64)``; None for an index that
    says nothing about time (strings, bools, mixed objects).
    """
    if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)):
        kind = "datetime" if isinstance(index, pd.DatetimeIndex) else "timedelta"
        try:
            return kind, np.asarray(index.as_unit("ns").asi8)
        except (pd.errors.OutOfBoundsDatetime, pd.errors.OutOfBoundsTimedelta):
            raise ValueError(
                f"The time index holds times beyond what nanoseconds count "
                f"(years 1677 to 2262), from {index.min()} to {index.max()}. "
                "Read them as periods instead, which cover any year: "
                "X.index = X.index.to_period('D') (or the step of your data)."
            ) from None
    if isinstance(index, pd.PeriodIndex):
        return "period", np.asarray(index.asi8)
    if index.dtype.kind in "iuf" and not isinstance(index, pd.MultiIndex):
        values = np.asarray(index)
        return "number", values.astype(
            np.float64 if values.dtype.kind == "f" else np.int64
        )
    return None


def _within_group_steps(values: np.ndarray, layout) -> np.ndarray:
    """Differences between consecutive values of the same group."""
    same = layout.group[1:] == layout.group[:-1]
    return np.diff(layout.sort(values))[same]


def find_grid(index: pd.Index, layout, *, rows_are_numbered=False) -> TimeGrid | None:
    """The regular grid the index of a table lies on, or None (irregular).

    Parameters
    ----------
    index : Index
        The time index (the last level of a MultiIndex), checked increasing
        within each group.
    layout : Layout
        How the rows fall into groups (see ``sklstm._windows.group_layout``).
    rows_are_numbered : bool, default=False
        Whether an unnamed index of numbers that no two groups share numbers
        the rows (a panel's default ``RangeIndex``) rather than the time.

    Examples
    --------
    >>> from sklstm._windows import group_layout
    >>> hours = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 01:00",
    ...                           "2024-01-01 02:00", "2024-01-01 05:00"])
    >>> find_grid(hours, group_layout(None, 4)).describe()
    '1 hour'
    >>> find_grid(pd.Index([0.0, 0.5, 1.7]), group_layout(None, 3)) is None
    True
    """
    seen = ticks(index)
    if seen is None or len(index) == 0:
        return None
    kind, values = seen
    if (
        kind == "number"
        and rows_are_numbered
        and index.name is None
        and index.is_unique
    ):
        # Numbers that no two entities share number the rows of a panel (the
        # default RangeIndex, or a selection of it): they say nothing about
        # time, so the windows of each entity are read by row.
        return None
    if kind == "number" and values.dtype.kind == "f" and not np.isfinite(values).all():
        return None
    grid = _find_grid(index, layout, kind, values)
    return None if grid is None else grid._replace(kind=kind)


def _find_grid(index, layout, kind, values) -> TimeGrid | None:
    # The freq of a panel's index belongs to all entities together (their
    # union of times), not to each: a panel's step is read from each entity.
    freq = getattr(index, "freq", None) if layout.n_groups <= 1 else None
    if kind in ("datetime", "timedelta"):
        tz = str(index.tz) if kind == "datetime" and index.tz is not None else None
        grid = _offset_grid(freq, index, values, tz) if freq is not None else None
        if grid is not None:
            return grid
        if kind == "datetime":
            grid = _calendar_grid(index, layout, tz)
            if grid is not None:
                return grid
        if tz is not None:
            steps = _within_group_steps(values, layout)
            if steps.size and steps.min() >= _DAY_NS - 3600 * 10**9:
                # Daily or slower data counts days on the wall clock, so that
                # a change to or from daylight saving time is not a gap.
                values = np.asarray(index.tz_localize(None).as_unit("ns").asi8)
        return _multiples_grid("ns", values, layout, tz=tz)
    if kind == "period":
        return _multiples_grid("period", values, layout, anchor=index.freqstr)
    return _multiples_grid("number", values, layout)


def _offset_grid(freq, index, values: np.ndarray, tz) -> TimeGrid | None:
    """The grid of an explicit ``freq`` of a DatetimeIndex or TimedeltaIndex."""
    name = type(freq).__name__
    if name in _MONTHLY_OFFSETS and tz is None:
        months, anchor = _MONTHLY_OFFSETS[name]
        origin = int(_month_values(index, None).min())
        return TimeGrid(
            "month",
            months * freq.n,
            origin,
            tz,
            anchor=anchor,
            time_of_day=int(_time_of_day(index)[0]),
        )
    if name == "BusinessDay" and tz is None:
        origin = int(_bday_values(index).min())
        time_of_day = int(_time_of_day(index)[0])
        return TimeGrid("bday", freq.n, origin, tz, time_of_day=time_of_day)
    try:
        nanos = int(freq.nanos)
    except (ValueError, AttributeError):  # other calendar offsets: infer below
        return None
    if tz is not None and nanos >= _DAY_NS:
        return None  # days of a time zone: counted on the wall clock, below
    return TimeGrid("ns", nanos, int(values.min()), tz)


def _time_of_day(index: pd.DatetimeIndex) -> np.ndarray:
    local = index.tz_localize(None) if index.tz is not None else index
    return np.asarray((local - local.normalize()).as_unit("ns").asi8)


def _month_values(index: pd.DatetimeIndex, tz) -> np.ndarray:
    local = index.tz_localize(None) if tz is not None else index
    return np.asarray(local.year * 12 + local.month - 1, dtype=np.int64)


def _bday_values(index: pd.DatetimeIndex) -> np.ndarray:
    local = index.tz_localize(None) if index.tz is not None else index
    dates = np.asarray(local.normalize().as_unit("ns")).astype("datetime64[D]")
    return np.busday_count(np.datetime64("1970-01-01", "D"), dates).astype(np.int64)


def _calendar_grid(index: pd.DatetimeIndex, layout, tz) -> TimeGrid | None:
    """Months (every time the start, or every time the end, of a month at the
    same time of day) or business days (weekdays only, a day apart or more,
    over a weekend)."""
    local = index.tz_localize(None) if tz is not None else index
    times = local.unique().sort_values()
    if len(times) < 2:
        return None
    time_of_day = _time_of_day(times)
    if (time_of_day != time_of_day[0]).any():
        return None
    for anchor, on in (("start", times.is_month_start), ("end", times.is_month_end)):
        if on.all():
            grid = _multiples_grid(
                "month",
                _month_values(index, tz),
                layout,
                tz=tz,
                anchor=anchor,
                time_of_day=int(time_of_day[0]),
            )
            if grid is not None:
                return grid
    days = np.asarray(times.normalize().as_unit("ns").asi8) // _DAY_NS
    gaps = np.diff(days)
    weekdays = np.asarray(times.day_of_week)
    # A weekend must be crossed: five weekdays in a row may be the first
    # week of daily data, which a later Saturday continues.
    if (weekdays < 5).all() and gaps.min() == 1 and (gaps > 1).any():
        # Weekdays only: business days (a weekend is not a missing step; a
        # holiday is).
        return _multiples_grid(
            "bday", _bday_values(index), layout, tz=tz, time_of_day=int(time_of_day[0])
        )
    return None


def _multiples_grid(unit, values, layout, **fields) -> TimeGrid | None:
    """Step = the smallest difference within a group, if every difference is
    a whole multiple of it and it is the difference of enough of them (a
    stray read between two steps makes the times irregular, not a grid of
    its tiny step)."""
    steps = _within_group_steps(values, layout)
    origin = _plain(values.min())
    if steps.size == 0:
        # No two times in a group: each window is one step of its own.
        if unit in ("month", "bday", "period"):
            return TimeGrid(unit, 1, origin, **fields)
        return None
    if values.dtype.kind == "f":
        smallest = float(steps.min())
        if not smallest > 0:
            return None
        near = steps[steps <= smallest * (1 + _FLOAT_TOLERANCE)]
        step = float(np.median(near))
        ratio = steps / step
        if np.abs(ratio - np.round(ratio)).max() > _FLOAT_TOLERANCE:
            return None
        share = near.size / steps.size
        # The differences are the most rounded numbers: the span of the
        # longest series over its number of steps is exact to the last digit.
        count = round(float(np.round(ratio).sum()))
        span = float(np.sum(steps))
        step = span / count if count else step
    else:
        step = int(steps.min())
        if step <= 0 or (steps % step).any():
            return None
        share = np.count_nonzero(steps == step) / steps.size
    if share < _MIN_STEP_SHARE:
        return None
    return TimeGrid(unit, _plain(step), origin, **fields)


def _plain(value):
    return float(value) if isinstance(value, (float, np.floating)) else int(value)


def grid_values(index: pd.Index, grid: TimeGrid, *, who: str) -> np.ndarray:
    """The times of ``index`` in the unit of ``grid``, checked to belong to it.

    Another kind of index, time zone or period frequency than the grid's,
    and (for months and business days) times that are not the start or end
    of a month or not weekdays at the fitted time of day, are errors: they
    would be read as other steps than they are.
    """
    seen = ticks(index)
    if seen is None or seen[0] != grid.kind:
        what = "no times" if seen is None else f"{seen[0]} values"
        raise ValueError(
            f"{who}: the index of X holds {what}, but the windows were fitted "
            f"on a {grid.kind} index, whose grid of time steps "
            f"({grid.describe()}) places every row in time. Pass X with the "
            "same kind of index as in fit."
        )
    values = seen[1]
    if grid.kind == "datetime":
        check_zone(index, grid.tz, who=who, fitted="the windows were fitted")
    if grid.kind == "period" and index.freqstr != grid.anchor:
        raise ValueError(
            f"{who}: X has periods of frequency {index.freqstr!r}, but the "
            f"windows were fitted on periods of {grid.anchor!r}. Convert them "
            f"first, for example X.index.asfreq({grid.anchor!r})."
        )
    if grid.unit in ("month", "bday"):
        day_time = _time_of_day(index)
        if grid.unit == "month":
            local = index.tz_localize(None) if grid.tz is not None else index
            on = local.is_month_start if grid.anchor == "start" else local.is_month_end
            what = f"the {grid.anchor} of a month"
        else:
            local = index.tz_localize(None) if grid.tz is not None else index
            on = np.asarray(local.day_of_week) < 5
            what = "a business day"
        off = ~np.asarray(on) | (day_time != grid.time_of_day)
        if off.any():
            at = int(np.flatnonzero(off)[0])
            raise ValueError(
                f"{who}: the time {index[at]} is not {what} at "
                f"{pd.Timedelta(grid.time_of_day, unit='ns')} of the day, the "
                f"time steps ({grid.describe()}) the windows were fitted on. "
                "Align the times to the fitted ones (resample), or pass "
                "gaps='ignore' to read the windows by row."
            )
        return (
            _month_values(index, grid.tz)
            if grid.unit == "month"
            else _bday_values(index)
        )
    if grid.wall_clock:
        return np.asarray(index.tz_localize(None).as_unit("ns").asi8)
    return values


def zone_of(index: pd.DatetimeIndex) -> str | None:
    """The time zone of ``index`` as a string, None when naive."""
    return str(index.tz) if index.tz is not None else None


def check_zone(index: pd.DatetimeIndex, fitted_tz, *, who: str, fitted: str) -> None:
    """Refuse times of another time zone (or naive against aware) than in fit."""
    tz = zone_of(index)
    if tz == fitted_tz:
        return
    if tz and fitted_tz:
        fix = f"Convert them first, for example X.tz_convert({fitted_tz!r})."
    else:
        fix = (
            "Localize or convert them to the fitted time zone first "
            "(X.tz_localize(...) or X.tz_convert(...))."
        )
    raise ValueError(
        f"{who}: the times of X are {_zone(tz)}, but {fitted} on times "
        f"{_zone(fitted_tz)}. {fix}"
    )


def _zone(tz) -> str:
    return "naive (no time zone)" if tz is None else f"in time zone {tz}"


def step_positions(
    values: np.ndarray, grid: TimeGrid, layout, *, who: str, label
) -> np.ndarray:
    """The position of every time (in the unit of ``grid``) in steps.

    Positions count whole steps from each group's first time (the groups of
    a panel may lie on the grid at different phases, such as sensors read at
    :00 and at :30), placed on the grid from its origin. A time that is not a
    whole number of steps after the first time of its group, or two rows on
    one step, are errors: they would be read as other steps than they are.
    ``label(i)`` writes the time of row ``i`` for the message.
    """
    sorted_values = layout.sort(values)
    group_starts = np.flatnonzero(np.r_[True, layout.group[1:] != layout.group[:-1]])
    first = sorted_values[group_starts][layout.group] if len(values) else values
    if values.dtype.kind == "f" or isinstance(grid.step, float):
        counted = (sorted_values - first) / grid.step
        rounded = np.round(counted)
        off = np.abs(counted - rounded) > _FLOAT_TOLERANCE
        offset = np.floor((first - grid.origin) / grid.step + _FLOAT_TOLERANCE)
        result = (offset + rounded).astype(np.int64)
    else:
        within = (
            (sorted_values - first).astype(object)
            if _too_wide(sorted_values)
            else sorted_values - first
        )
        counted, remainder = np.divmod(within, grid.step)
        off = np.asarray(remainder != 0, dtype=bool)
        result = ((first - grid.origin) // grid.step + counted).astype(np.int64)
    same = layout.group[1:] == layout.group[:-1]
    shared = np.r_[False, same & (np.diff(result) == 0)]
    bad = off | shared
    if bad.any():
        at = int(np.flatnonzero(bad)[0])
        row = layout.original(np.array([at]))[0]
        start = layout.original(group_starts[layout.group[at] : layout.group[at] + 1])[
            0
        ]
        if shared[at]:
            earlier = layout.original(np.array([at - 1]))[0]
            problem = (
                f"the times {label(earlier)} and {label(row)} fall on the same "
                f"time step ({grid.describe()})"
            )
        else:
            problem = (
                f"the time {label(row)} is not a whole number of time steps "
                f"({grid.describe()}) after {label(start)}, the first time of "
                "its series: it lies between two steps"
            )
        raise ValueError(
            f"{who}: {problem}. A window covers `timesteps` time steps, so every "
            "row must fall on one step of its own. Align the times (for example "
            "df.index = df.index.floor('h')), aggregate rows of one step, "
            "resample, or pass gaps='ignore' to read the windows by row."
        )
    return layout.unsort(result)


def _too_wide(values: np.ndarray) -> bool:
    """Whether differences of these int64 values could overflow int64."""
    return values.size > 0 and (int(values.max()) - int(values.min())) >= 2**62


def positions(index: pd.Index, grid: TimeGrid, layout, *, who: str) -> np.ndarray:
    """The position of every time of ``index`` on ``grid``, in steps.

    Examples
    --------
    >>> from sklstm._windows import group_layout
    >>> hours = pd.date_range("2024-01-01", periods=10, freq="h")[[0, 1, 2, 3, 7]]
    >>> layout = group_layout(None, 5)
    >>> positions(hours, find_grid(hours, layout), layout, who="f")
    array([0, 1, 2, 3, 7])
    """
    values = grid_values(index, grid, who=who)
    return step_positions(values, grid, layout, who=who, label=lambda i: str(index[i]))


def check_increasing(index: pd.Index, layout, keys, *, who: str) -> None:
    """Check that a time index increases strictly within every group.

    Datetimes, periods, timedeltas and numbers are checked (a numeric index
    is the time of the rows too: shuffled rows show in it); an index of
    strings says nothing about time and is not.
    """
    if isinstance(index, pd.RangeIndex) and index.step > 0:
        return
    seen = ticks(index)
    if seen is None:
        return
    if index.hasnans:
        raise ValueError(
            f"{who}: the time index has missing values (NaT/NaN); every row "
            "needs a time to take its place in a window."
        )
    _, values = seen
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        raise ValueError(
            f"{who}: the time index holds infinite values; every row needs a "
            "finite time to take its place in a window."
        )
    if len(index) < 2:
        return
    sorted_values = layout.sort(values)
    same = layout.group[1:] == layout.group[:-1]
    step = (
        np.diff(sorted_values)
        if not _too_wide(values)
        else np.sign(np.diff(sorted_values.astype(object)).astype(float))
    )
    bad = np.flatnonzero(same & (step <= 0))
    if bad.size == 0:
        return
    first = bad[0]
    rows = layout.original(np.array([first, first + 1]))
    before, after = index[rows[0]], index[rows[1]]
    where = "" if len(keys) <= 1 else f" within group {keys[layout.group[first]]!r}"
    if step[first] == 0:
        raise ValueError(
            f"{who}: two rows{where} share the time stamp {before}. A window needs "
            "one row per time step: aggregate duplicates first, for example "
            "X.groupby([*group_columns, X.index]).mean(); if the rows belong "
            "to different entities, name them in groups=."
        )
    raise ValueError(
        f"{who}: the time index is not increasing{where}: {after} comes after "
        f"{before}. Windows are read in time order, so sort the rows by time "
        'first (X.sort_index(kind="stable")). Rows arrive shuffled from '
        "row-subsampling meta-estimators (BaggingRegressor, the default "
        "resource of HalvingGridSearchCV): windows of shuffled rows mean "
        "nothing, so use resource='<lstm step>__epochs' for successive "
        "halving instead."
    )
