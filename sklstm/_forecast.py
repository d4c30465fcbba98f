"""The future itself, with its dates: ``forecast``."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._inspect import _check_frame, _described, unwrap
from ._sliding_window import SlidingWindow, frame_groups, time_positions
from ._time import TimeGrid, time_index
from ._validation import column_list, plural
from ._windows import rows_ahead

# The columns make_supervised(known_future=...) writes: "price(t+2)".
_KNOWN_FUTURE = re.compile(r"^(?P<column>.+)\(t\+(?P<step>[1-9][0-9]*)\)$")


def forecast(estimator, history, *, steps=None, target=None, future=None):
    """Forecast the time steps after the end of each group's history.

    The forecast is made at the last row of every group (entity) of
    ``history``, from the window that ends there, which reaches back into the
    history. A model trained on ``y`` from ``make_supervised(..., horizon=h)``
    forecasts the ``h`` steps after that row at once (direct); beyond ``h``,
    its forecasts are fed back as the next rows of the history and it
    forecasts again (recursive), which needs every input column to be a
    forecast target.

    Parameters
    ----------
    estimator : Pipeline, search or wrapper
        A fitted Pipeline whose ``SlidingWindow`` windows the rows over time
        (with its groups), or a fitted search, ``TransformedTargetRegressor``
        or ``DifferencedTargetRegressor`` around one. Its prediction for a
        row is the target at the next ``h`` time steps.
    history : DataFrame
        The rows up to now, as the Pipeline reads them (every row of the
        table, the last ones included: not the ``X`` of ``make_supervised``,
        which drops the rows without a known future). Its index holds the
        time (the last level of a MultiIndex), on the regular grid the
        ``SlidingWindow`` was fitted on.
    steps : int, default=None
        How many time steps to forecast; None gives the model's horizon
        ``h``.
    target : str or list of str, default=None
        The column(s) the model forecasts, in the order of ``y``'s columns
        (``make_supervised`` puts each target's steps side by side). None
        takes the only value column of ``history`` (group columns and
        columns known in advance aside); with none or several, a model of
        one output per row forecasts ``"forecast"``, and a model of more
        outputs needs ``target`` (its outputs may be several targets or
        several steps). A recursive forecast needs the targets named.
    future : DataFrame, default=None
        The values known in advance at the time steps after each group's
        history: the columns of ``make_supervised(..., known_future=...)``
        (a price set for the coming weeks), indexed like ``history`` (the
        time, and the group as columns or index levels), for at least the
        ``h`` steps after every group's last row. Needed by, and only by, a
        model trained with ``known_future``; it forecasts at most ``h``
        steps.

    Returns
    -------
    future : DataFrame
        One row per group and future time step, indexed by the future time
        stamps (and, for a panel, the group: a MultiIndex ``(group, time)``),
        one column per target.

    Raises
    ------
    TypeError
        When ``history`` is not a DataFrame, or ``estimator`` has no
        ``SlidingWindow``.
    ValueError
        When the time index is not on a regular grid (nothing dates the
        future), ``steps`` goes beyond the horizon while some input column is
        not forecast, ``target`` does not match the model's outputs, or
        columns the model needs are missing from ``history``, or ``future``
        is missing, not needed, or lacks a value the model reads.

    See Also
    --------
    make_supervised : Targets ``1 .. horizon`` steps ahead, for the model.
    sklstm.model_selection.backtest : Out-of-sample forecasts of the past.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from sklstm import SlidingWindow, forecast, make_supervised
    >>> sales = pd.DataFrame({"sales": np.arange(24.0)},
    ...                      index=pd.period_range("2024-01", periods=24, freq="M"))
    >>> X, y = make_supervised(sales, "sales", horizon=2)
    >>> flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    >>> pipe = make_pipeline(SlidingWindow(timesteps=3), flat, LinearRegression())
    >>> forecast(pipe.fit(X, y), sales).round(2)  # the 2 steps of y, direct
             sales
    2026-01   24.0
    2026-02   25.0
    >>> forecast(pipe, sales, steps=5).round(2)  # fed back, 2 steps at a time
             sales
    2026-01   24.0
    2026-02   25.0
    2026-03   26.0
    2026-04   27.0
    2026-05   28.0

    A price known in advance is a feature of the rows before it; the
    forecast reads its future values from ``future``:

    >>> sales["price"] = 20.0 - sales["sales"] / 2  # lowered every month
    >>> X, y = make_supervised(sales, "sales", horizon=2, known_future="price")
    >>> pipe = pipe.fit(X, y)
    >>> prices = pd.DataFrame({"price": [8.0, 7.5]},
    ...                       index=pd.period_range("2026-01", periods=2, freq="M"))
    >>> forecast(pipe, sales, future=prices).round(2)
             sales
    2026-01   24.0
    2026-02   25.0
    """
    who = "forecast"
    _check_frame(who, history)
    found_steps, model, through = unwrap(estimator, fitted=True, who=who)
    windows = [step for _, step in found_steps if isinstance(step, SlidingWindow)]
    if not windows:
        raise TypeError(
            f"{who} dates the future from the time grid of a SlidingWindow, but "
            f"{_described(estimator, through)} has none. Forecast with a "
            "Pipeline that starts with SlidingWindow(timesteps=...), fitted on "
            "the rows of a series (or panel) over time."
        )
    window = windows[0]
    if window.time_grid_ is None:
        raise ValueError(
            f"{who} needs the times of the history on a regular grid to date "
            "the future, but the SlidingWindow was fitted on rows read by "
            "position (an array, irregular times, or gaps='ignore'). Fit it on "
            "a DataFrame whose index holds the time at a regular step."
        )
    grid = TimeGrid(**window.time_grid_)
    known, names = _known_future(who, found_steps, history, future)
    groups = frame_groups(history, window.groups, who=who)
    ends = _last_rows(groups)
    inputs = [c for c in history.columns if c not in groups.columns]
    if known:
        history = _with_known_future(who, history, future, known, names, window, groups)

    outputs = _predict(estimator, history, ends)
    candidates = [c for c in inputs if c not in known]  # known: not forecast
    targets = _targets(who, target, candidates, outputs.shape[1])
    horizon = outputs.shape[1] // len(targets)
    if steps is None:
        steps = horizon
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"{who}: steps must be a positive int; got {steps!r}.")
    if steps > horizon and sorted(map(str, inputs)) != sorted(map(str, targets)):
        raise ValueError(
            f"{who}(steps={steps}): the model forecasts "
            f"{plural(horizon, 'step')} of {targets}; beyond that its forecasts "
            "are fed back as the next rows, which needs every input column to "
            f"be forecast, but the inputs are {inputs}. Forecast at most "
            f"{horizon} steps, or train on y with horizon={steps} "
            "(make_supervised(..., horizon=...))."
        )

    blocks, done = [], 0
    while True:
        take = min(horizon, steps - done)
        block = _future_rows(history, groups, ends, grid, outputs, targets, take, done)
        blocks.append(block)
        done += take
        if done == steps:
            break
        # The forecasts become rows of the history; the model reads on.
        history = pd.concat([history, _as_history_rows(block, history, groups)])
        groups = frame_groups(history, window.groups, who=who)
        ends = _last_rows(groups)
        outputs = _predict(estimator, history, ends)
    future = pd.concat(blocks)
    return future.sort_index(kind="stable") if groups.codes is not None else future


def _known_future(who, steps, history, future) -> tuple[dict, list]:
    """The columns known in advance that the model reads, ``{column: h}``,
    and the names of the columns the Pipeline was fitted on.

    Refuse a history without the columns the Pipeline was fitted on (apart
    from those ``make_supervised(known_future=...)`` adds), a model that
    reads a known future without ``future``, and ``future`` for one that
    reads none.
    """
    if future is not None and not isinstance(future, pd.DataFrame):
        raise TypeError(
            f"{who}: future must be a DataFrame of the values known in advance, "
            f"indexed by their future times; got {type(future).__name__}."
        )
    first = next(
        (step for _, step in steps if hasattr(step, "feature_names_in_")), None
    )
    names = [] if first is None else list(first.feature_names_in_)
    missing = [c for c in names if c not in history.columns]
    ahead, lacking = {}, []
    for name in missing:
        match = _KNOWN_FUTURE.match(str(name))
        if match is None or match["column"] not in history.columns:
            lacking.append(name)
            continue
        column, step = match["column"], int(match["step"])
        ahead[column] = max(ahead.get(column, 0), step)
    if lacking:
        raise ValueError(
            f"{who}: the history lacks the columns {lacking}, which "
            "the Pipeline was fitted on. Pass the table as it was before "
            "make_supervised."
        )
    if ahead and future is None:
        raise ValueError(
            f"{who}: the model reads the values of {list(ahead)} known in "
            f"advance ({plural(max(ahead.values()), 'step')} ahead, from "
            "make_supervised(known_future=...)), but future is None. Pass "
            "their values at the next time steps of every group: "
            "forecast(model, history, future=DataFrame indexed by those times)."
        )
    if future is not None and not ahead:
        raise ValueError(
            f"{who}: future holds values known in advance, but the model reads "
            "none (it was not trained on make_supervised(..., "
            "known_future=...)). Leave future out."
        )
    return ahead, names


def _with_known_future(who, history, future, known, names, window, groups):
    """``history`` with the columns ``"price(t+k)"`` that the model reads.

    Every row's known future is taken within its group from the history and
    then ``future``, on the SlidingWindow's grid, as ``make_supervised`` did.
    """
    lacking = [c for c in known if c not in future.columns]
    if lacking:
        raise ValueError(
            f"{who}: future lacks the columns {lacking}, whose values known in "
            f"advance the model reads; it has {list(future.columns)}."
        )
    shared = [c for c in history.columns if c in future.columns]
    # The future rows in time order, each group's after its history.
    combined = pd.concat([history, future[shared].sort_index(kind="stable")])
    try:
        found = frame_groups(combined, window.groups, who=who)
        _, _, positions = time_positions(
            found, window.gaps, who=who, grid=window._grid()
        )
    except ValueError as error:
        raise ValueError(
            f"{who}: the rows of future must follow each group's history on "
            f"its time grid, indexed like the history (with its group "
            f"columns or index levels). Reading them after the history "
            f"failed: {error}"
        ) from error
    ends = _last_rows(groups)
    layout = found.layout
    at = None if positions is None else layout.sort(positions)
    horizon = max(known.values())
    later = np.full((horizon, len(combined)), -1, dtype=np.intp)
    for step in range(1, horizon + 1):
        sorted_later = rows_ahead(layout, at, step)
        hit = sorted_later >= 0
        later[step - 1, layout.original(np.flatnonzero(hit))] = layout.original(
            sorted_later[hit]
        )
    unknown = later[:, ends] < 0  # an end row's later rows are future rows
    if unknown.any():
        step, end = np.argwhere(unknown)[0]
        row = ends[end]
        group = ""
        if groups.key_frame is not None:
            key = tuple(groups.key_frame.iloc[row])
            group = f" of group {key[0] if len(key) == 1 else key!r}"
        raise ValueError(
            f"{who}: future has no row {plural(step + 1, 'time step')} after "
            f"the last row{group} at {time_index(history)[row]!s}. The model "
            f"reads the values known in advance {plural(horizon, 'step')} "
            f"ahead, so future needs a row at each of the {horizon} time steps "
            "after every group's last row."
        )
    columns = {}
    for column, steps in known.items():
        values = combined[column].to_numpy()
        for step in range(1, steps + 1):
            rows = later[step - 1, : len(history)]
            columns[f"{column}(t+{step})"] = np.where(
                rows >= 0, values[np.maximum(rows, 0)], np.nan
            )
    return history.assign(**columns)[names]


def _last_rows(groups) -> np.ndarray:
    """The row of every group's last time, in the order of the groups."""
    layout = groups.layout
    ends = np.flatnonzero(np.r_[layout.group[1:] != layout.group[:-1], True])
    return layout.original(ends)


def _predict(estimator, history, ends) -> np.ndarray:
    prediction = np.asarray(estimator.predict(history), dtype=np.float64)
    if prediction.ndim == 1:
        prediction = prediction[:, None]
    return prediction.reshape(len(history), -1)[ends]


def _targets(who, target, candidates, n_outputs) -> list:
    if target is None:
        if len(candidates) == 1:
            return candidates
        if n_outputs == 1:
            return ["forecast"]
        # Several targets side by side, or one target several steps ahead:
        # the outputs alone cannot tell. (The candidates are none or several.)
        if candidates:
            one, two = candidates[:1], candidates[:2]
            columns = f"the value columns {candidates}"
        else:
            one, two = ["y"], ["y", "z"]
            columns = "no value column but groups and columns known in advance"
        raise ValueError(
            f"{who}: the model gives {n_outputs} outputs per row and the history "
            f"has {columns}, so which outputs are which target's steps is "
            "unknown. Name the forecast targets in the order of y's columns: "
            f"forecast(..., target={one!r}) for one target {n_outputs} steps "
            f"ahead, or target={two!r} for two, as make_supervised(data, "
            f"{two!r}, horizon=h) put them."
        )
    targets = column_list(target)
    if n_outputs % len(targets):
        raise ValueError(
            f"{who}: the model gives {n_outputs} outputs per row, which do not "
            f"split into the {len(targets)} targets {targets}: y had one column "
            "per target and step ahead, each target's steps side by side."
        )
    return targets


def _future_times(last, grid: TimeGrid, offsets) -> list:
    """The times ``offsets`` steps after ``last``, on ``grid``."""
    step = int(grid.step) if grid.unit != "number" else grid.step
    if grid.unit == "month":
        offset = pd.offsets.MonthEnd if grid.anchor == "end" else pd.offsets.MonthBegin
        return [last + offset(k * step) for k in offsets]
    if grid.unit == "bday":
        return [last + pd.offsets.BDay(k * step) for k in offsets]
    if grid.wall_clock:
        # Days of a time zone are counted on the wall clock, as the grid
        # counts them: midnight stays midnight across a change of the clocks.
        local = last.tz_localize(None)
        return [
            (local + pd.Timedelta(k * step, unit="ns")).tz_localize(grid.tz)
            for k in offsets
        ]
    if grid.unit == "ns":
        return [last + pd.Timedelta(k * step, unit="ns") for k in offsets]
    return [last + k * step for k in offsets]  # periods and numbers


def _future_rows(history, groups, ends, grid, outputs, targets, take, done):
    """The forecast rows ``done + 1 .. done + take`` of every group."""
    times = time_index(history)
    horizon = outputs.shape[1] // len(targets)
    offsets = range(1, take + 1)
    labels, values = [], []
    for g, row in enumerate(ends):
        future = _future_times(times[row], grid, offsets)
        key = () if groups.key_frame is None else tuple(groups.key_frame.iloc[row])
        labels += [(*key, t) for t in future]
        per_target = outputs[g].reshape(len(targets), horizon)[:, :take]
        values.append(per_target.T)
    data = pd.DataFrame(np.concatenate(values), columns=targets)
    if groups.key_frame is None:
        data.index = pd.Index([label[-1] for label in labels], name=times.name)
    else:
        names = [*_group_names(history, groups), times.name]
        data.index = pd.MultiIndex.from_tuples(labels, names=names)
    return data


def _group_names(history, groups) -> list:
    index = history.index
    if isinstance(index, pd.MultiIndex):
        return list(index.names[:-1]) + list(groups.columns)
    return list(groups.columns)


def _as_history_rows(block, history, groups) -> pd.DataFrame:
    """Forecast rows laid out as rows of ``history`` (its columns and index)."""
    # The levels of a block's index: the history's own index levels but its
    # time, the group columns, then the time (see _group_names).
    levels = [block.index.get_level_values(i) for i in range(block.index.nlevels)]
    n_own = history.index.nlevels - 1
    values = dict(zip(groups.columns, levels[n_own:-1], strict=True))
    values.update((column, block[column].to_numpy()) for column in block.columns)
    frame = pd.DataFrame(
        {column: values.get(column, np.nan) for column in history.columns},
        columns=history.columns,
    )
    if n_own:
        frame.index = pd.MultiIndex.from_arrays(
            [*levels[:n_own], levels[-1]], names=history.index.names
        )
    else:
        frame.index = pd.Index(levels[-1], name=history.index.name)
    # Forecasts stay floats (an int column of the history becomes float).
    kept = {c: t for c, t in history.dtypes.items() if c not in block.columns}
    return frame.astype(kept)
