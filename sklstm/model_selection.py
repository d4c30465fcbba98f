"""Cross-validation by time for panel data (``PanelTimeSeriesSplit``).

A panel stacks many entities (stores, patients, sensors) in one long table, one
row per entity per time step. scikit-learn's ``TimeSeriesSplit`` splits *rows*;
``PanelTimeSeriesSplit`` splits *time values*, and puts every row of a time
value on the same side, so that every fold trains on the earlier times of all
entities and tests on the later times of all entities.
"""

from __future__ import annotations

import datetime
from numbers import Integral, Real
from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.base import clone, is_classifier
from sklearn.metrics import accuracy_score, check_scoring, r2_score
from sklearn.model_selection import BaseCrossValidator, TimeSeriesSplit
from sklearn.utils import _safe_indexing, get_tags, indexable
from sklearn.utils._param_validation import validate_parameter_constraints
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed

from ._time import time_index
from ._validation import (
    Count,
    check_columns_exist,
    column_list,
    describe_shape,
    plural,
)

__all__ = ["Backtest", "PanelTimeSeriesSplit", "backtest"]


class PanelTimeSeriesSplit(BaseCrossValidator):
    """Time-ordered train/test folds for panel data, split by time value.

    The distinct time values of the rows are sorted and split like
    :class:`~sklearn.model_selection.TimeSeriesSplit` splits samples (same
    ``n_splits``, ``test_size``, ``max_train_size`` and ``gap``, all counted
    in distinct time values, not rows). Then every row whose time falls in the
    training times goes to the training set and every row whose time falls in
    the test times goes to the test set. Each fold therefore trains on earlier
    time steps of every entity and tests on later time steps of every entity,
    whether the rows are interleaved (sorted by date, entities mixed), grouped
    (entity by entity) or in any order, and whether entities start and end at
    the same time or not.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds. Must be at least 2. Like the other sizes, an
        integer (numpy integers too), never a bool.
    time : str or None, default=None
        Where the time of each row is: the name of a column of ``X``, or the
        name of a level of its (Multi)Index. None uses the index of ``X``:
        a single-level index of times (not the default unnamed
        ``RangeIndex``, which holds row numbers), or, for a ``MultiIndex``,
        its **last level**, as in the pandas idiom ``(entity, date)`` for a
        panel (the outer levels name the entity). Times may be datetimes,
        periods, integers (e.g. years) or anything sortable, but of one
        kind: a mixture that does not compare (strings and numbers,
        time-zone aware and naive datetimes) is a ``TypeError``.
    gap : int, default=0
        Number of time values left out between the last training time and the
        first test time. With targets up to ``h`` steps ahead (``y`` at
        ``t+h`` for the row of time ``t``), use ``gap=h-1``: see Notes.
    test_size : int, default=None
        Number of time values in each test fold. Defaults to
        ``n_times // (n_splits + 1)``, where ``n_times`` is the number of
        distinct time values.
    max_train_size : int, default=None
        Maximum number of time values in a training fold (a rolling window
        instead of an expanding one). None keeps all earlier times.

    See Also
    --------
    sklearn.model_selection.TimeSeriesSplit : Splits rows; enough for a single
        series (see Notes for panels).
    SlidingWindow : Row-preserving windows, whose ``groups`` keep entities apart.

    Notes
    -----
    **The gap and the horizon.** Let ``f`` be the first test time and
    ``t_last = f - gap - 1`` the last training time (in steps of the sorted
    distinct times). A training row of time ``t`` carries targets up to
    ``t + h``, so the latest target the model learns from is at
    ``t_last + h = f + h - gap - 1``. A forecaster standing at ``f`` (the
    origin of the first test forecast) knows the data up to ``f`` included,
    the row of time ``f`` being among its inputs, and nothing later. No
    training target may therefore lie after ``f``: ``f + h - gap - 1 <= f``,
    that is ``gap >= h - 1``. With ``h = 2`` and the first test time
    ``f = 5``:

    ====  ===========  ======================  ==========================
    gap   train times  last training target    verdict
    ====  ===========  ======================  ==========================
    0     ... 4        row 4 -> y at time 6    leak: 6 is after origin 5
    1     ... 3        row 3 -> y at time 5    correct: known at origin 5
    2     ... 2        row 2 -> y at time 4    correct, one time wasted
    ====  ===========  ======================  ==========================

    So one-step-ahead targets (``h = 1``) need no gap. If the value at time
    ``s`` is *not* known when the row of time ``s`` is predicted (for example
    features recorded at the start of a day and the target at its end), no
    training target may reach ``f`` either: use ``gap=h``. The gap counts
    distinct time values present in the data; a time absent from every
    entity (a closed day) is not a step.

    **When TimeSeriesSplit is enough.** ``TimeSeriesSplit(gap=h-1)`` splits
    rows, which is right for a single series with one row per time step. It
    also works for a panel whose rows are sorted by time, with every entity
    present at every time step (``k`` rows per time), if ``test_size``,
    ``gap`` and ``max_train_size`` are given as multiples of ``k`` (the
    default ``test_size`` need not be one). Otherwise it goes wrong: with
    2 stores x 5 days interleaved (10 rows), ``TimeSeriesSplit(n_splits=2)``
    tests on rows 7-9 (store b on day 3, both stores on day 4) after training
    on rows 0-6, which include store a on day 3, so the same day is in both
    sets. With the rows grouped store by store (a's days 0-4, then b's), the
    same folds train on all of store a, days 3 and 4 included, and test on
    store b's days 2-4: the model is trained on the future of the test.
    ``PanelTimeSeriesSplit(n_splits=2)`` tests on day 3, then on day 4, of
    both stores, after training on all earlier days of both.

    Time can be a column of ``X``; keep it out of the features, for example by
    making it the index (``df.set_index("date")``), which ``SlidingWindow``
    also reads to continue windows across the train/test boundary.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklstm.model_selection import PanelTimeSeriesSplit
    >>> df = pd.DataFrame({
    ...     "day": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
    ...     "store": ["a", "b"] * 6,
    ...     "units": [5, 7, 6, 8, 5, 9, 7, 8, 6, 9, 8, 7],
    ... })
    >>> cv = PanelTimeSeriesSplit(n_splits=2, time="day")
    >>> list(cv.split(df))
    [(array([0, 1, 2, 3]), array([4, 5, 6, 7])),
     (array([0, 1, 2, 3, 4, 5, 6, 7]), array([ 8,  9, 10, 11]))]
    >>> for train, test in cv.split(df):
    ...     print(sorted(set(df.day[train])), sorted(set(df.store[train])),
    ...           "->", sorted(set(df.day[test])), sorted(set(df.store[test])))
    [1, 2] ['a', 'b'] -> [3, 4] ['a', 'b']
    [1, 2, 3, 4] ['a', 'b'] -> [5, 6] ['a', 'b']

    With a ``gap`` of one day (for targets two days ahead):

    >>> cv = PanelTimeSeriesSplit(n_splits=2, time="day", test_size=2, gap=1)
    >>> for train, test in cv.split(df):
    ...     print(sorted(set(df.day[train])), "->", sorted(set(df.day[test])))
    [1] -> [3, 4]
    [1, 2, 3] -> [5, 6]

    A panel indexed ``(store, day)`` needs no ``time``: the last level of a
    MultiIndex is the time.

    >>> panel = df.set_index(["store", "day"])
    >>> cv = PanelTimeSeriesSplit(n_splits=2)
    >>> [sorted(set(df.day[test])) for _, test in cv.split(panel)]
    [[3, 4], [5, 6]]
    """

    _parameter_constraints: dict = {
        "n_splits": [Count(2, None)],
        "time": [None, str, Integral],
        "gap": [Count(0, None)],
        "test_size": [None, Count(1, None)],
        "max_train_size": [None, Count(1, None)],
    }

    def __init__(
        self, n_splits=5, *, time=None, gap=0, test_size=None, max_train_size=None
    ):
        self.n_splits = n_splits
        self.time = time
        self.gap = gap
        self.test_size = test_size
        self.max_train_size = max_train_size

    def _validate_params(self):
        validate_parameter_constraints(
            self._parameter_constraints,
            {name: getattr(self, name) for name in self._parameter_constraints},
            caller_name=type(self).__name__,
        )

    def get_n_splits(self, X=None, y=None, groups=None):
        """Return the number of folds, ``n_splits``.

        Parameters
        ----------
        X, y, groups : object
            Ignored; present for API compatibility.

        Returns
        -------
        n_splits : int
            The number of splitting iterations.
        """
        self._validate_params()
        return self.n_splits

    def split(self, X, y=None, groups=None):
        """Generate the row indices of every train/test fold.

        Parameters
        ----------
        X : DataFrame or Series of shape (n_rows, n_columns)
            The panel, one row per entity per time step, in any row order. Its
            ``time`` column or index gives the time of every row.
        y : array-like of shape (n_rows,), default=None
            Ignored (its length is checked against ``X``).
        groups : array-like of shape (n_rows,), default=None
            Ignored: entities need no labels, every fold holds all of them.

        Yields
        ------
        train : ndarray of int
            The rows of the training times, in ascending row order.
        test : ndarray of int
            The rows of the test times, in ascending row order.
        """
        self._validate_params()
        X, y, groups = indexable(X, y, groups)
        times, where, fix = self._row_times(X)
        codes, n_times = _time_codes(times, where, fix)
        n_splits, gap = self.n_splits, self.gap
        test_size = (
            self.test_size if self.test_size is not None else n_times // (n_splits + 1)
        )
        if n_times < n_splits + 1 or n_times - gap - test_size * n_splits <= 0:
            raise self._too_few_times(n_times, len(codes), where)

        splitter = TimeSeriesSplit(
            n_splits=n_splits,
            gap=gap,
            test_size=self.test_size,
            max_train_size=self.max_train_size,
        )
        for train_times, test_times in splitter.split(np.empty(n_times)):
            train = _rows_of(codes, train_times, n_times)
            yield train, _rows_of(codes, test_times, n_times)

    def _row_times(self, X):
        """The time of every row of ``X``, where it was read, and how to drop
        the rows without a time (the last two for error messages)."""
        who = type(self).__name__
        if not isinstance(X, (pd.DataFrame, pd.Series)):
            shape = np.shape(X)
            raise ValueError(
                f"{who} reads the time of every row from a pandas DataFrame "
                f"(a column or the index), but got {type(X).__name__} of shape "
                f"{describe_shape(shape)}, which has no time values. Pass a "
                "DataFrame with a time column (time='date') or a time index, or "
                "use sklearn.model_selection.TimeSeriesSplit, which splits rows "
                "(right for a single series with one row per time step)."
            )
        index = X.index
        levels = [name for name in index.names if name is not None]
        if self.time is None:
            if isinstance(index, pd.MultiIndex):
                # The pandas idiom for a panel is the index (entity, time):
                # the outer levels name the entity, the last one the time.
                last = index.names[-1]
                level = "level" if last is None else f"level {last!r}"
                return (
                    index.get_level_values(-1),
                    f"the last index {level}",
                    "X[X.index.get_level_values(-1).notna()]",
                )
            if isinstance(index, pd.RangeIndex) and index.name is None:
                columns = (
                    f" (the columns are {list(X.columns)})"
                    if isinstance(X, pd.DataFrame)
                    else ""
                )
                raise ValueError(
                    f"{who}(time=None) uses the index of X as the time of every "
                    f"row, but X has the default RangeIndex ({index.start} .. "
                    f"{index.stop - 1}), which numbers rows and says nothing "
                    "about time. Name the time column, for example "
                    f"{who}(time='date'){columns}, or make it "
                    "the index: X.set_index('date')."
                )
            return index, "the index", "X[X.index.notna()]"

        if isinstance(X, pd.DataFrame) and self.time in X.columns:
            values = X[self.time]
            if isinstance(values, pd.DataFrame):
                raise ValueError(
                    f"{who}: X has {values.shape[1]} columns named "
                    f"{self.time!r}; the time column must be unique."
                )
            return (
                values,
                f"the column {self.time!r}",
                f"X.dropna(subset=[{self.time!r}])",
            )
        if self.time in levels:
            return (
                index.get_level_values(self.time),
                f"the index level {self.time!r}",
                f"X[X.index.get_level_values({self.time!r}).notna()]",
            )
        if isinstance(X, pd.Series):
            raise ValueError(
                f"{who}: time={self.time!r} is not a level of the index of the "
                f"Series X (its index levels are {list(index.names)}). Pass "
                "time=None to use the index, or pass a DataFrame."
            )
        try:
            check_columns_exist(X, column_list(self.time), who=who, role="time")
        except ValueError as error:
            raise ValueError(
                f"{error} Nor is it a level of the index ("
                + (f"whose levels are {levels}" if levels else "which is unnamed")
                + "). Name the column or index level that "
                "holds the time of each row, or pass time=None to use the index."
            ) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _too_few_times(self, n_times, n_rows, where):
        """The error for data with too few distinct times for the folds."""
        who = type(self).__name__
        n_splits, gap, test_size = self.n_splits, self.gap, self.test_size
        if test_size is None:
            need = _default_size_need(n_splits, gap)
            folds = (
                f"{n_splits} test folds of the default test_size "
                f"(n_times // (n_splits + 1) = {n_times // (n_splits + 1)} here)"
            )
        else:
            need = test_size * n_splits + gap + 1
            folds = f"{n_splits} test folds of {plural(test_size, 'time value')}"
        return ValueError(
            f"{who}(n_splits={n_splits}, gap={gap}, test_size={test_size}) needs "
            f"at least {need} distinct time values ({folds}, a gap of {gap} and "
            f"at least one training time), but {where} holds "
            f"{plural(n_times, 'distinct time value')} over "
            f"{plural(n_rows, 'row')}. The splits count time values, not rows: "
            "use fewer splits, a smaller test_size or gap, or longer data."
        )


def _default_size_need(n_splits: int, gap: int) -> int:
    """The fewest time values that give ``n_splits`` folds of the default
    ``test_size = n_times // (n_splits + 1)`` after a gap of ``gap``.

    ``TimeSeriesSplit`` needs ``n_times >= n_splits + 1`` and at least one
    training time: ``n_times - gap - test_size * n_splits >= 1``. Write
    ``n_times = q * (n_splits + 1) + r`` with ``0 <= r <= n_splits``: then
    ``test_size = q`` and the condition reads ``q + r >= gap + 1`` with
    ``q >= 1``. A unit of ``r`` costs one time value and a unit of ``q``
    costs ``n_splits + 1``, so the smallest ``n_times`` takes ``r`` as large
    as it helps, ``r = min(gap, n_splits)``, and ``q = gap + 1 - r`` (at
    least 1). This replaces a count one by one, which never ends for a gap
    of ``10**9``.

    >>> _default_size_need(3, 0), _default_size_need(3, 2), _default_size_need(3, 5)
    (4, 6, 15)
    """
    r = min(gap, n_splits)
    q = max(1, gap + 1 - r)
    return q * (n_splits + 1) + r


def _time_kind(value) -> str:
    """The kind of one time value: values of different kinds do not compare."""
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, datetime.datetime):  # pd.Timestamp included
        return "naive datetime" if value.tzinfo is None else "time-zone aware datetime"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, (datetime.timedelta, np.timedelta64)):
        return "timedelta"
    if isinstance(value, np.datetime64):
        return "naive datetime"
    if isinstance(value, pd.Period):
        return f"period of freq {value.freqstr}"
    if isinstance(value, Real):
        return "number"
    return type(value).__name__


def _check_comparable(times: pd.Index, where: str) -> None:
    """Refuse time values of kinds that do not compare (``TypeError``).

    pandas sorts some mixtures without complaint (numbers before strings,
    ``True`` equal to ``1``), which would give folds in no time order.
    """
    if times.dtype != object:
        return
    values = times.to_numpy()
    types = set(map(type, values))
    if len(types) == 1 and not issubclass(
        types.pop(), (datetime.datetime, pd.Period)
    ):  # one type, and not one whose values may still differ (time zone, freq)
        return
    kinds: dict[str, object] = {}
    for value in values:
        if not pd.isna(value):
            kinds.setdefault(_time_kind(value), value)
    if len(kinds) > 1:
        examples = ", ".join(f"{value!r} ({kind})" for kind, value in kinds.items())
        raise TypeError(
            f"PanelTimeSeriesSplit cannot order the time values in {where}: "
            f"they mix kinds that do not compare, for example {examples}. "
            "Make them one kind first: pd.to_datetime(values) for dates (with "
            "utc=True when some carry a time zone and some do not), or "
            "pd.to_numeric(values) for numbers such as years."
        )


def _time_codes(times, where: str, fix: str) -> tuple[np.ndarray, int]:
    """The position of every row's time among the sorted distinct times.

    ``where`` names the time source and ``fix`` shows how to drop the rows
    without a time, in error messages.
    """
    times = pd.Index(times)
    missing = np.flatnonzero(pd.isna(times))
    if missing.size:
        raise ValueError(
            f"PanelTimeSeriesSplit: {plural(missing.size, 'row')} of {len(times)} "
            f"{'has' if missing.size == 1 else 'have'} no time value (NaT/NaN) in "
            f"{where}, the first at row position {missing[0]}. Every row needs a "
            "time to be put in the training or the test set: drop or fill those "
            f"rows first, for example {fix}."
        )
    _check_comparable(times, where)
    try:
        codes, uniques = pd.factorize(times, sort=True)
    except TypeError as error:  # values of one kind that do not order
        raise TypeError(
            f"PanelTimeSeriesSplit cannot order the time values in {where} "
            f"({error}). Times must be sortable: datetimes, periods of one "
            "frequency, or numbers."
        ) from None
    return codes.astype(np.intp, copy=False), len(uniques)


def _rows_of(codes: np.ndarray, time_positions: np.ndarray, n_times: int):
    """The rows (ascending) whose time is at one of ``time_positions``."""
    selected = np.zeros(n_times, dtype=bool)
    selected[time_positions] = True
    return np.flatnonzero(selected[codes])


class Backtest(NamedTuple):
    """What :func:`backtest` returns.

    Attributes
    ----------
    predictions : DataFrame
        One row per test row of every fold, on the index of ``X``: the
        ``fold`` that predicted it, the ``prediction`` (``prediction_0``,
        ``prediction_1``, ... for several outputs) and the ``actual``
        target (``actual_0``, ...), in the order of the folds.
    scores : DataFrame
        One row per fold: its first and last training and test labels (of
        ``X``'s index), its numbers of training and test rows, and its
        ``score``.
    """

    predictions: pd.DataFrame
    scores: pd.DataFrame


def backtest(estimator, X, y, *, cv, scoring=None, params=None, n_jobs=None):
    """Walk-forward out-of-sample predictions, and the score of every fold.

    Every fold of ``cv`` fits a clone of ``estimator`` on its training rows
    only, then predicts its test rows, each from the window that ends at it
    (which reaches back into the rows before the test, the training rows
    included, as a forecast made at that time would). ``cross_val_predict``
    cannot do this: it needs every row in exactly one test fold, which a
    time-ordered split never gives, and it would predict the test rows
    without the rows before them.

    Parameters
    ----------
    estimator : estimator
        What to fit and predict: a Pipeline that windows the rows
        (``SlidingWindow`` ... ``LSTMRegressor``), a search or a wrapper
        around one, any scikit-learn regressor or classifier.
    X : DataFrame or array-like of shape (n_rows, n_columns)
        The rows, in time order (within each entity for a panel).
    y : array-like of shape (n_rows,) or (n_rows, n_outputs)
        The target of every row.
    cv : TimeSeriesSplit, PanelTimeSeriesSplit or any splitter
        The folds. Every fold's training rows must come before its test rows
        in time: a fold that trains on the future of its test is refused, and
        so are rows whose time index goes back, with a splitter that cuts the
        rows by position (any but ``PanelTimeSeriesSplit``).
    scoring : str or callable, default=None
        A scikit-learn scorer name or callable ``scorer(estimator, X, y)``;
        None gives R² for a regressor and accuracy for a classifier.
    params : dict, default=None
        Passed to the estimator's ``fit`` in every fold.
    n_jobs : int, default=None
        Folds fitted in parallel (joblib).

    Returns
    -------
    result : Backtest
        ``(predictions, scores)``: see :class:`Backtest`.

    See Also
    --------
    PanelTimeSeriesSplit : Folds by time for panels of many entities.
    predict_frame : The predictions of a fitted Pipeline on the rows of X.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.model_selection import TimeSeriesSplit
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from sklstm import SlidingWindow
    >>> from sklstm.model_selection import backtest
    >>> X = pd.DataFrame({"x": np.arange(12.0)},
    ...                  index=pd.period_range("2024-01", periods=12, freq="M"))
    >>> flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    >>> pipe = make_pipeline(SlidingWindow(timesteps=2), flat, LinearRegression())
    >>> predictions, scores = backtest(pipe, X, X["x"] + 1, cv=TimeSeriesSplit(2))
    >>> predictions.round(2)
             fold  prediction  actual
    2024-05     0         5.0     5.0
    2024-06     0         6.0     6.0
    2024-07     0         7.0     7.0
    2024-08     0         8.0     8.0
    2024-09     1         9.0     9.0
    2024-10     1        10.0    10.0
    2024-11     1        11.0    11.0
    2024-12     1        12.0    12.0
    >>> scores[["train_end", "test_start", "n_train", "n_test", "score"]]
      train_end test_start  n_train  n_test  score
    0   2024-04    2024-05        4       4    1.0
    1   2024-08    2024-09        8       4    1.0
    """
    who = "backtest"
    if not hasattr(estimator, "fit") or not hasattr(estimator, "predict"):
        raise TypeError(
            f"{who} needs an estimator with fit and predict (a Pipeline ending "
            f"in a model, a search, a regressor); got {type(estimator).__name__}."
        )
    if not hasattr(cv, "split"):
        raise TypeError(
            f"{who} needs cv, a splitter such as TimeSeriesSplit(n_splits=5) or "
            f"PanelTimeSeriesSplit(n_splits=5); got {cv!r}. An int is not "
            "accepted: the folds of a backtest must be in time order."
        )
    if y is None:
        raise ValueError(f"{who} needs the target y, to fit every fold and score it.")
    if len(X) != len(y):
        raise ValueError(
            f"{who}: X has {len(X)} rows but y has {len(y)}; every row needs "
            "its target."
        )
    X, y = indexable(X, y)
    order = _time_order(cv, X)
    folds = []
    for number, (train, test) in enumerate(cv.split(X, y)):
        train, test = np.asarray(train), np.asarray(test)
        if len(train) == 0 or len(test) == 0:
            raise ValueError(f"{who}: fold {number} has no training or no test row.")
        if order[train].max() >= order[test].min():
            raise ValueError(
                f"{who}: fold {number} of {type(cv).__name__} trains on rows "
                "that are not before its test rows in time: a backtest fits "
                "every fold on its past only. Use TimeSeriesSplit (one series) "
                "or PanelTimeSeriesSplit (a panel of entities)."
            )
        context = np.flatnonzero(order <= order[test].max())
        folds.append((number, train, test, context))
    scorer = _backtest_scorer(estimator, scoring)
    results = Parallel(n_jobs=n_jobs)(
        delayed(_backtest_fold)(estimator, X, y, fold, scorer, params or {})
        for fold in folds
    )
    return _backtest_frames(X, y, folds, results)


def _time_order(cv, X) -> np.ndarray:
    """The place of every row in time: its time's rank for a panel split,
    its position otherwise (the rows of one series, in time order)."""
    if isinstance(cv, PanelTimeSeriesSplit):
        times, where, fix = cv._row_times(X)
        return _time_codes(times, where, fix)[0]
    times = time_index(X) if isinstance(X, (pd.DataFrame, pd.Series)) else None
    if isinstance(times, (pd.DatetimeIndex, pd.TimedeltaIndex, pd.PeriodIndex)):
        # Another splitter cuts the rows by position, which is their order
        # in time only when their times never go back.
        back = np.flatnonzero(np.asarray(times[1:] < times[:-1]))
        if back.size:
            row = int(back[0]) + 1
            raise ValueError(
                f"backtest: the rows of X are not in time order (row {row}, at "
                f"{times[row]}, comes after row {row - 1}, at {times[row - 1]}), "
                f"and {type(cv).__name__} cuts the rows by position: a fold "
                "would train on rows later than its test rows. For a panel of "
                "entities (each in time order), use PanelTimeSeriesSplit("
                "n_splits=...), which folds by time; for one series, sort the "
                "rows by time first (X.sort_index())."
            )
    return np.arange(len(X))


def _backtest_scorer(estimator, scoring):
    if scoring is not None:
        return check_scoring(estimator, scoring=scoring)
    return None


def _rows(data, rows):
    return data.iloc[rows] if hasattr(data, "iloc") else _safe_indexing(data, rows)


def _backtest_fold(estimator, X, y, fold, scorer, params):
    """Fit on the training rows; predict the test rows within their context."""
    number, train, test, context = fold
    fitted = clone(estimator).fit(_rows(X, train), _rows(y, train), **params)
    at = np.searchsorted(context, test)  # the test rows among the context rows
    in_context = _InContext(fitted, _rows(X, context), at)
    prediction = in_context.predict(None)
    y_test = _rows(y, test)
    if scorer is None:
        metric = accuracy_score if is_classifier(fitted) else r2_score
        score = metric(y_test, prediction)
    else:
        score = scorer(in_context, _rows(X, test), y_test)
    return prediction, float(score)


class _InContext:
    """A fitted estimator that answers for the test rows of a fold, each
    predicted from the context rows (the test rows and all rows before),
    whatever rows a scorer passes (the test rows, without their past)."""

    def __init__(self, fitted, context, at):
        self._fitted, self._context, self._at = fitted, context, at
        if hasattr(fitted, "classes_"):
            self.classes_ = fitted.classes_

    def __sklearn_tags__(self):
        return get_tags(self._fitted)

    def _answer(self, method):
        return np.asarray(getattr(self._fitted, method)(self._context))[self._at]

    def predict(self, X):
        return self._answer("predict")

    @available_if(lambda self: hasattr(self._fitted, "predict_proba"))
    def predict_proba(self, X):
        return self._answer("predict_proba")

    @available_if(lambda self: hasattr(self._fitted, "decision_function"))
    def decision_function(self, X):
        return self._answer("decision_function")

    def fit(self, X, y=None):  # scorers may check for an estimator
        return self


def _backtest_frames(X, y, folds, results):
    index = X.index if isinstance(X, (pd.DataFrame, pd.Series)) else None
    rows = np.concatenate([test for _, _, test, _ in folds])
    predictions = np.concatenate([np.asarray(p) for p, _ in results])
    actual = np.asarray(_rows(y, rows))

    def columns(name, values):
        if values.ndim == 1:
            return {name: values}
        return {f"{name}_{j}": values[:, j] for j in range(values.shape[1])}

    if predictions.size == actual.size:  # (n, 1) predictions of a 1D target
        predictions = predictions.reshape(actual.shape)
    folds_of_rows = [np.full(len(test), number) for number, _, test, _ in folds]
    frame = pd.DataFrame(
        {
            "fold": np.concatenate(folds_of_rows),
            **columns("prediction", predictions),
            **columns("actual", actual),
        },
        index=None if index is None else index[rows],
    )
    labels = index if index is not None else pd.RangeIndex(len(X))
    scores = pd.DataFrame(
        [
            {
                "fold": number,
                "train_start": labels[train.min()],
                "train_end": labels[train.max()],
                "test_start": labels[test.min()],
                "test_end": labels[test.max()],
                "n_train": len(train),
                "n_test": len(test),
                "score": score,
            }
            for (number, train, test, _), (_, score) in zip(folds, results, strict=True)
        ]
    )
    return Backtest(frame, scores)
