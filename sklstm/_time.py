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
- without a ``freq``, the smallest difference between consecutive times of a
  group, when every difference is a whole multiple of it (daily data with
  missing days), and calendar months when every time is the start (or every
  time the end) of a month; times on weekdays only, one day apart at least,
  are business days;
- numbers (a ``RangeIndex``, years, positions along a line): the smallest
  difference, as for times; a float index such as ``np.arange(10) * 0.1``
  is read with a tolerance for rounding. In a panel, numbers that no two
  entities share (the default ``RangeIndex`` of a long table, or a selection
  of it) number the rows, not the time: each entity's rows are then read in
  order.

Anything else (times read at any moment, strings) has no grid: windows are
then read by row.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

_DAY_NS = 86_400 * 10**9
# A float index is on its grid when every position is this close to a whole
# number of steps (np.arange(10) * 0.1 is 1e-15 off).
_FLOAT_TOLERANCE = 1e-6

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
        What a position counts: nanoseconds (of UTC time, or of wall-clock
        time for daily and slower data with a time zone), calendar months,
        business days, period ordinals, or numbers.
    step : int or float
        The length of one time step, in ``unit``.
    origin : int or float
        A time on the grid, in ``unit``: positions count steps from it.
    tz : str or None
        The time zone of a ``DatetimeIndex`` (None when naive).
    kind : {"datetime", "timedelta", "period", "number"}
        The kind of index the grid was found on (see :func:`ticks`).
    """

    unit: str
    step: int | float
    origin: int | float
    tz: str | None = None
    kind: str = "number"

    def describe(self) -> str:
        """The step in words, for messages: ``"1 hour"``, ``"3 months"``."""
        if self.unit == "ns":
            return str(pd.Timedelta(int(self.step), unit="ns"))
        if self.unit == "month":
            return "1 month" if self.step == 1 else f"{self.step} months"
        if self.unit == "bday":
            return "1 business day"
        if self.unit == "period":
            return "1 period" if self.step == 1 else f"{self.step} periods"
        return f"{self.step:g}"

    @property
    def step_value(self):
        """The step as pandas writes it: a Timedelta, a DateOffset or a number."""
        if self.unit == "ns":
            return pd.Timedelta(int(self.step), unit="ns")
        if self.unit == "month":
            return pd.DateOffset(months=int(self.step))
        if self.unit == "bday":
            return pd.offsets.BDay()
        return self.step


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
    if isinstance(index, pd.DatetimeIndex):
        return "datetime", np.asarray(index.as_unit("ns").asi8)
    if isinstance(index, pd.TimedeltaIndex):
        return "timedelta", np.asarray(index.as_unit("ns").asi8)
    if isinstance(index, pd.PeriodIndex):
        return "period", np.asarray(index.asi8)
    if index.dtype.kind in "iuf" and not isinstance(index, pd.MultiIndex):
        values = np.asarray(index)
        return "number", values.astype(
            np.float64 if values.dtype.kind == "f" else np.int64
        )
    return None


def _within_group_steps(values: np.ndarray, order, same: np.ndarray) -> np.ndarray:
    """Differences between consecutive values of the same group."""
    sorted_values = values if order is None else values[order]
    return np.diff(sorted_values)[same]


def find_grid(index: pd.Index, layout) -> TimeGrid | None:
    """The regular grid the index of a table lies on, or None (irregular).

    Parameters
    ----------
    index : Index
        The time index (the last level of a MultiIndex), checked increasing
        within each group.
    layout : Layout
        How the rows fall into groups (see ``sklstm._windows.group_layout``).

    Examples
    --------
    >>> from sklstm._windows import group_layout
    >>> hours = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 01:00",
    ...                           "2024-01-01 04:00"])
    >>> find_grid(hours, group_layout(None, 3)).describe()
    '0 days 01:00:00'
    >>> find_grid(pd.Index([0.0, 0.5, 1.7]), group_layout(None, 3)) is None
    True
    """
    seen = ticks(index)
    if seen is None or len(index) == 0:
        return None
    if seen[0] == "number" and layout.n_groups > 1 and index.is_unique:
        # Numbers that no two entities share number the rows of a panel (the
        # default RangeIndex, or a selection of it): they say nothing about
        # time, so the windows of each entity are read by row.
        return None
    grid = _find_grid(index, layout, *seen)
    return None if grid is None else grid._replace(kind=seen[0])


def _find_grid(index, layout, kind, values) -> TimeGrid | None:
    same = layout.group[1:] == layout.group[:-1]
    # The freq of a panel's index belongs to all entities together (their
    # union of times), not to each: a panel's step is read from each entity.
    freq = getattr(index, "freq", None) if layout.n_groups <= 1 else None
    if kind in ("datetime", "timedelta"):
        tz = str(index.tz) if kind == "datetime" and index.tz is not None else None
        grid = _offset_grid(freq, values, tz) if freq is not None else None
        if grid is not None:
            return grid
        if kind == "datetime":
            grid = _calendar_grid(index, layout, same, tz)
            if grid is not None:
                return grid
        if tz is not None:
            steps = _within_group_steps(values, layout.order, same)
            if steps.size and steps.min() >= _DAY_NS - 3600 * 10**9:
                # Daily or slower data counts days on the wall clock, so that
                # a change to or from daylight saving time is not a gap.
                values = np.asarray(index.tz_localize(None).as_unit("ns").asi8)
                return _multiples_grid("ns", values, layout.order, same, tz)
        return _multiples_grid("ns", values, layout.order, same, tz)
    if kind == "period":
        return _multiples_grid("period", values, layout.order, same, None)
    return _multiples_grid("number", values, layout.order, same, None)


def _offset_grid(freq, values: np.ndarray, tz) -> TimeGrid | None:
    """The grid of an explicit ``freq`` of a DatetimeIndex or TimedeltaIndex."""
    name = type(freq).__name__
    if name in _MONTHLY_OFFSETS:
        months, _ = _MONTHLY_OFFSETS[name]
        return None if tz is not None else TimeGrid("month", months * freq.n, 0, tz)
    if name == "BusinessDay" and freq.n == 1 and tz is None:
        return TimeGrid("bday", 1, 0, tz)
    try:
        nanos = int(freq.nanos)
    except (ValueError, AttributeError):  # other calendar offsets: infer below
        return None
    if tz is not None and nanos >= _DAY_NS:
        return None  # days of a time zone: counted on the wall clock, below
    return TimeGrid("ns", nanos, int(values.min()), tz)


def _calendar_grid(index: pd.DatetimeIndex, layout, same, tz) -> TimeGrid | None:
    """Months (every time the start, or every time the end, of a month at the
    same time of day) or business days (weekdays only, a day apart or more)."""
    local = index.tz_localize(None) if tz is not None else index
    times = local.unique()
    if len(times) < 2:
        return None
    normalized = times.normalize()
    time_of_day = np.asarray((times - normalized).as_unit("ns").asi8)
    if (time_of_day != time_of_day[0]).any():
        return None
    month_anchored = bool(times.is_month_start.all() or times.is_month_end.all())
    if month_anchored:
        months = np.asarray(local.year * 12 + local.month - 1, dtype=np.int64)
        grid = _multiples_grid("month", months, layout.order, same, tz)
        if grid is not None and grid.step >= 1:
            return grid
    days = np.asarray(normalized.as_unit("ns").asi8) // _DAY_NS
    gaps = np.diff(days)
    weekdays = np.asarray(times.day_of_week)
    if (weekdays < 5).all() and gaps.min() == 1 and (gaps > 1).any():
        # Weekdays only, and weekends crossed: business days (a weekend is
        # not a missing step; a holiday is).
        positions = _bday_positions(local)
        return _multiples_grid("bday", positions, layout.order, same, tz, origin=0)
    return None


def _bday_positions(local: pd.DatetimeIndex) -> np.ndarray:
    dates = np.asarray(local.normalize().as_unit("ns")).astype("datetime64[D]")
    return np.busday_count(np.datetime64("1970-01-01", "D"), dates).astype(np.int64)


def _multiples_grid(unit, values, order, same, tz, origin=None) -> TimeGrid | None:
    """Step = the smallest difference within a group, if all are multiples."""
    steps = _within_group_steps(values, order, same)
    origin = values.min() if origin is None else origin
    if steps.size == 0:
        # No two times in a group: every window is one step of its own.
        step = 1 if unit in ("month", "bday", "period") else None
        if step is None:
            return None
        return TimeGrid(unit, step, _plain(origin), tz)
    step = steps.min()
    if step <= 0:  # refused by the order check before
        return None
    ratio = steps / step
    if values.dtype.kind == "f":
        if np.abs(ratio - np.round(ratio)).max() > _FLOAT_TOLERANCE:
            return None
    elif (steps % step).any():
        return None
    return TimeGrid(unit, _plain(step), _plain(origin), tz)


def _plain(value):
    return float(value) if isinstance(value, (float, np.floating)) else int(value)


def positions(index: pd.Index, grid: TimeGrid, layout, *, who: str) -> np.ndarray:
    """The position of every time of ``index`` on ``grid``, in steps.

    A time that is not a whole number of steps after the first time of its
    group is an error: it would be read as another step than it is.

    Examples
    --------
    >>> from sklstm._windows import group_layout
    >>> hours = pd.date_range("2024-01-01", periods=10, freq="h")[[0, 1, 2, 3, 7]]
    >>> layout = group_layout(None, 5)
    >>> positions(hours, find_grid(hours, layout), layout, who="f")
    array([0, 1, 2, 3, 7])
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
    if grid.unit == "month":
        local = index.tz_localize(None) if grid.tz is not None else index
        values = np.asarray(local.year * 12 + local.month - 1, dtype=np.int64)
    elif grid.unit == "bday":
        local = index.tz_localize(None) if grid.tz is not None else index
        values = _bday_positions(local)
    elif grid.unit == "ns" and grid.tz is not None and grid.step >= _DAY_NS:
        values = np.asarray(index.tz_localize(None).as_unit("ns").asi8)
    # Positions count whole steps from each group's first time (groups may
    # lie on the grid at different phases, such as the rows of an
    # interleaved panel), and that first time is placed on the grid from
    # the origin, so that positions of one group agree across calls.
    order = layout.order
    sorted_values = values if order is None else values[order]
    group_starts = np.flatnonzero(np.r_[True, layout.group[1:] != layout.group[:-1]])
    first = sorted_values[group_starts][layout.group] if len(values) else values
    within = sorted_values - first
    if isinstance(grid.step, float) or values.dtype.kind == "f":
        steps = within / grid.step
        rounded = np.round(steps)
        off = np.abs(steps - rounded) > _FLOAT_TOLERANCE
        offset = np.floor((first - grid.origin) / grid.step + _FLOAT_TOLERANCE)
        result = (offset + rounded).astype(np.int64)
    else:
        counted, remainder = np.divmod(within, grid.step)
        off = remainder != 0
        result = (first - grid.origin) // grid.step + counted
    if off.any():
        at = layout.original(np.flatnonzero(off)[:1])[0]
        start = layout.original(
            group_starts[layout.group[np.flatnonzero(off)[0]] :][:1]
        )[0]
        raise ValueError(
            f"{who}: the time {index[at]} is not a whole number of time steps "
            f"({grid.describe()}) after {index[start]}, the first time of its "
            "series: it lies between two steps. A window covers `timesteps` "
            "time steps, so every row must fall on one. Align the times (for "
            "example df.index = df.index.floor('h')), resample, or pass "
            "gaps='ignore' to read the windows by row."
        )
    if order is not None:
        unsorted = np.empty_like(result)
        unsorted[order] = result
        result = unsorted
    return result.astype(np.int64, copy=False)


def check_increasing(index: pd.Index, layout, keys, *, who: str) -> None:
    """Check that a time index increases strictly within every group.

    Datetimes, periods, timedeltas and numbers are checked (a numeric index
    is the time of the rows too: shuffled rows show in it); an index of
    strings says nothing about time and is not.
    """
    if len(index) < 2 or (isinstance(index, pd.RangeIndex) and index.step > 0):
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
    order = layout.order
    sorted_values = values if order is None else values[order]
    same = layout.group[1:] == layout.group[:-1]
    step = np.diff(sorted_values)
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
