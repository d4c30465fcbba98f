"""Targets from the future of the same rows: ``make_supervised``."""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import StrOptions, validate_params

from ._sliding_window import frame_groups, time_positions
from ._validation import Count, check_columns_exist
from ._windows import rows_ahead


def _target_name(column, step: int) -> str:
    return f"{column}(t+{step})"


@validate_params(
    {
        "data": ["array-like"],
        "target": [str, Integral, list, tuple],
        "horizon": [Count(1, None)],
        "groups": [None, str, Integral, list, tuple],
        "gaps": [StrOptions({"pad", "raise", "ignore"})],
        "known_future": [None, str, Integral, list, tuple],
    },
    prefer_skip_nested_validation=True,
)
def make_supervised(
    data, target, *, horizon=1, groups=None, gaps="pad", known_future=None
):
    """Split a table into the rows ``X`` and the future of its target ``y``.

    ``X`` is the table itself, one row per time step (every column, the
    target's own current value included, group columns too, so that
    ``SlidingWindow(groups=...)`` can use them); ``y`` holds the target
    ``1 .. horizon`` time steps later, within the same group. Rows whose
    future is not in the data (the last ``horizon`` steps of every group, and
    rows before a missing time step) have no known target and are dropped,
    from ``X`` and ``y`` alike, so the two stay aligned row for row and a
    Pipeline starting with ``SlidingWindow`` can be fitted on them.

    Parameters
    ----------
    data : DataFrame, Series or array-like of shape (n_rows, n_columns)
        The rows, in time order within each group; a Series is one column,
        named by its name.
    target : str, int or list of them
        The column(s) to forecast (integer positions for an array).
    horizon : int, default=1
        How many steps ahead to forecast: ``y`` holds the target at
        ``t+1 .. t+horizon`` for the row at ``t``.
    groups : str, int or list of them, default=None
        Column(s) or index level(s) that identify entities: a row's future is
        taken from its own entity. A MultiIndex ``(entity, ..., time)`` needs
        none: its levels before the last are the entities.
    gaps : {"pad", "raise", "ignore"}, default="pad"
        Time steps missing from the index (see :class:`SlidingWindow`):
        ``"pad"`` leaves a row whose future step is missing without a target
        (the row is dropped), ``"raise"`` refuses data with a missing step,
        ``"ignore"`` takes the next rows as the next steps.
    known_future : str, int or list of them, default=None
        Column(s) whose future values are known in advance (a price set for
        the coming weeks, a holiday, a planned promotion): their values at
        ``t+1 .. t+horizon``, taken within the row's group like the targets,
        become the columns ``"<column>(t+1)"`` .. of ``X`` (numpy: appended
        after the others, in that order). A row whose known future is not in
        the data has no target either, and is dropped. A target cannot be
        known in advance: naming one here is an error.

    Returns
    -------
    X : DataFrame or ndarray of shape (n_rows - horizon * n_groups, n_columns)
        The rows whose future is known, with their index.
    y : Series, DataFrame or ndarray
        With one target and ``horizon=1``, a Series named ``"<target>(t+1)"``;
        otherwise a DataFrame with one column per target and step
        (``"sales(t+1)"``, ``"sales(t+2)"``, ...). Numpy in, numpy out (1D for
        a single column).

    Warns
    -----
    UserWarning
        When whole groups are dropped because no row of theirs has a known
        future (too short, or gaps), with their count.

    See Also
    --------
    SlidingWindow : Turns the rows of ``X`` into windows, one per row.
    sliding_windows : Complete windows with their targets, outside a Pipeline.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm import make_supervised
    >>> sales = pd.DataFrame(
    ...     {"store": ["a", "a", "a", "b", "b", "b"], "units": [1, 2, 3, 10, 20, 30]},
    ...     index=pd.PeriodIndex(["2024-01", "2024-02", "2024-03"] * 2, freq="M"),
    ... )
    >>> X, y = make_supervised(sales, "units", horizon=1, groups="store")
    >>> X
            store  units
    2024-01     a      1
    2024-02     a      2
    2024-01     b     10
    2024-02     b     20
    >>> y.tolist()
    [2, 3, 20, 30]
    >>> X, y = make_supervised(sales, "units", horizon=2, groups="store")
    >>> y
             units(t+1)  units(t+2)
    2024-01           2           3
    2024-01          20          30

    A price known a month ahead is a feature of the month before:

    >>> sales["price"] = [5.0, 4.5, 4.0, 9.0, 9.5, 9.9]
    >>> X, y = make_supervised(sales, "units", groups="store", known_future="price")
    >>> X
            store  units  price  price(t+1)
    2024-01     a      1    5.0         4.5
    2024-02     a      2    4.5         4.0
    2024-01     b     10    9.0         9.5
    2024-02     b     20    9.5         9.9
    """
    who = "make_supervised"
    frame = data if isinstance(data, pd.DataFrame) else None
    if isinstance(data, pd.Series):
        frame = data.to_frame()
    if frame is None:
        array = np.asarray(data)
        if array.ndim != 2:
            raise ValueError(
                f"{who} expects a 2D table (n_rows, n_columns), one row per time "
                f"step; got an array of shape {array.shape}. A single series is "
                "one column: pass series.reshape(-1, 1) or a DataFrame."
            )
        frame = pd.DataFrame(array)
    targets = check_columns_exist(frame, target, who=who, role="target")
    ahead = []
    if known_future is not None:
        ahead = check_columns_exist(frame, known_future, who=who, role="known_future")
        both = [column for column in ahead if column in targets]
        if both:
            raise ValueError(
                f"{who}: {both} {'is' if len(both) == 1 else 'are'} both a target "
                "and known in advance (known_future): its future values as "
                "features would give the model the answers it is asked for. "
                "Remove it from known_future, or from target if its future is "
                "truly known (then it need not be forecast)."
            )
        clash = [
            _target_name(column, step)
            for column in ahead
            for step in range(1, horizon + 1)
            if _target_name(column, step) in frame.columns
        ]
        if clash:
            raise ValueError(
                f"{who}: the known future of {ahead} would be written to "
                f"columns {clash}, which the data already has. Rename them, "
                "or leave known_future out if they already hold it."
            )
    found = frame_groups(frame, groups, who=who)
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        found = found._replace(time=None)  # an array's rows are its steps
    layout = found.layout
    _, _, steps = time_positions(found, gaps, who=who)
    at = None if steps is None else layout.sort(steps)
    # The sorted rows 1 .. horizon time steps later within each group (-1
    # where the data has no row at that step: the target is unknown).
    longest = int(layout.size.max()) if len(frame) else 0
    later = []
    if horizon < longest:  # a known future needs horizon + 1 rows in a group
        later = [rows_ahead(layout, at, step) for step in range(1, horizon + 1)]
    known = np.logical_and.reduce([rows >= 0 for rows in later]) if later else None
    if known is None or not known.any():
        gap = " (without a missing time step in between)" if steps is not None else ""
        raise ValueError(
            f"{who}(horizon={horizon}): no row has a known future: every group "
            f"has at most {longest} rows, and a target {horizon} "
            f"steps ahead needs at least {horizon + 1}{gap}. Use a smaller "
            "horizon."
        )
    dropped = np.setdiff1d(np.arange(layout.n_groups), layout.group[known])
    if dropped.size:
        warnings.warn(
            f"{who}(horizon={horizon}): {dropped.size} of {layout.n_groups} "
            f"groups have no row whose next {horizon} time steps are in the "
            "data (too short, or gaps), so all their rows were dropped.",
            UserWarning,
            stacklevel=2,
        )
    sorted_rows = np.flatnonzero(known)
    rows = layout.original(sorted_rows)
    order = np.argsort(rows, kind="stable")  # keep the input's row order
    rows = rows[order]
    later_rows = [layout.original(ahead[sorted_rows])[order] for ahead in later]
    futures = {
        (column, step): frame[column].to_numpy()[later]
        for column in targets
        for step, later in enumerate(later_rows, start=1)
    }

    X = frame.iloc[rows]
    if ahead:
        X = X.assign(
            **{
                _target_name(column, step): frame[column].to_numpy()[later]
                for column in ahead
                for step, later in enumerate(later_rows, start=1)
            }
        )
    if len(futures) == 1:
        ((column, step), values) = next(iter(futures.items()))
        y = pd.Series(values, index=X.index, name=_target_name(column, step))
    else:
        y = pd.DataFrame(
            {_target_name(c, s): v for (c, s), v in futures.items()}, index=X.index
        )
    if isinstance(data, (pd.DataFrame, pd.Series)):
        return X, y
    return X.to_numpy(), y.to_numpy()
