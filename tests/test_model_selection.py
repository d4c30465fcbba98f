"""PanelTimeSeriesSplit: folds by time value on random panels, and in searches."""

from time import perf_counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm._sliding_window import SlidingWindow
from sklstm.model_selection import PanelTimeSeriesSplit

# ------------------------------------------------------------------ helpers

TIME_KINDS = ("int", "datetime", "period")


def as_times(steps, kind):
    """Integer time steps as years, days or monthly periods."""
    steps = np.asarray(steps)
    if kind == "int":
        return 1990 + steps
    if kind == "datetime":
        return pd.Timestamp("2024-01-01") + pd.to_timedelta(steps, unit="D")
    return pd.Period("2020-01", freq="M") + steps


def panel(coverage, kind="int", order=None):
    """A long table, one row per (entity, covered time step).

    ``coverage[e]`` lists the time steps of entity ``e``; rows are grouped
    entity by entity unless ``order`` (a permutation of the rows) is given.
    """
    stores, steps = [], []
    for entity, covered in enumerate(coverage):
        stores += [f"s{entity}"] * len(covered)
        steps += list(covered)
    df = pd.DataFrame(
        {
            "store": stores,
            "date": as_times(steps, kind),
            "x": np.arange(len(steps), dtype=float),
        }
    )
    if order is not None:
        df = df.iloc[list(order)].reset_index(drop=True)
    return df


def needed_times(n_splits, gap, test_size, n_times):
    """Whether ``n_times`` distinct times suffice, as TimeSeriesSplit counts."""
    size = test_size if test_size is not None else n_times // (n_splits + 1)
    return n_times >= n_splits + 1 and n_times - gap - size * n_splits > 0


@st.composite
def panels(draw):
    """Random panels: entities that start and end at different times, miss
    some time steps, and rows in random order."""
    n_entities = draw(st.integers(1, 4))
    n_steps = draw(st.integers(3, 40))
    coverage = []
    for _ in range(n_entities):
        start = draw(st.integers(0, n_steps // 2))
        stop = draw(st.integers(start + 1, n_steps))
        steps = range(start, stop)
        missed = draw(st.sets(st.sampled_from(steps), max_size=len(steps) // 3))
        coverage.append([s for s in steps if s not in missed])
    n_rows = sum(len(c) for c in coverage)
    order = draw(st.permutations(range(n_rows)))
    kind = draw(st.sampled_from(TIME_KINDS))
    return panel(coverage, kind, order)


splitters = st.builds(
    PanelTimeSeriesSplit,
    n_splits=st.integers(2, 5),
    time=st.just("date"),
    gap=st.integers(0, 3),
    test_size=st.none() | st.integers(1, 3),
    max_train_size=st.none() | st.integers(1, 6),
)


# ---------------------------------------------------------- fold properties


@settings(max_examples=300, deadline=None)
@given(df=panels(), cv=splitters)
def test_folds_split_time_not_rows(df, cv):
    unique = np.sort(df["date"].unique())
    n_times = len(unique)
    position = pd.Series(np.arange(n_times), index=unique)[df["date"]].to_numpy()
    if not needed_times(cv.n_splits, cv.gap, cv.test_size, n_times):
        with pytest.raises(ValueError, match="distinct time values"):
            list(cv.split(df))
        return

    folds = list(cv.split(df))
    assert len(folds) == cv.get_n_splits(df) == cv.n_splits
    test_size = cv.test_size or n_times // (cv.n_splits + 1)
    tested = set()
    for train, test in folds:
        for rows in (train, test):
            assert rows.dtype.kind == "i"
            assert np.all(np.diff(rows) > 0), "indices ascending, no duplicates"
        assert len(train) and len(test)
        assert not set(train) & set(test)
        train_pos, test_pos = set(position[train]), set(position[test])
        assert max(train_pos) < min(test_pos)
        # ``gap`` distinct time values left out, not rows.
        assert min(test_pos) - max(train_pos) == cv.gap + 1
        # Contiguous time ranges, of the requested sizes.
        assert test_pos == set(range(min(test_pos), min(test_pos) + test_size))
        assert train_pos == set(range(min(train_pos), max(train_pos) + 1))
        if cv.max_train_size is not None:
            assert len(train_pos) <= cv.max_train_size
        else:
            assert min(train_pos) == 0
        # Every row of a selected time value is in the fold: all entities.
        assert_array_equal(test, np.flatnonzero(np.isin(position, list(test_pos))))
        assert_array_equal(train, np.flatnonzero(np.isin(position, list(train_pos))))
        tested |= test_pos
    last = set(range(n_times - cv.n_splits * test_size, n_times))
    assert tested == last


@settings(max_examples=100, deadline=None)
@given(
    n_times=st.integers(3, 40),
    n_splits=st.integers(2, 5),
    gap=st.integers(0, 3),
    test_size=st.none() | st.integers(1, 4),
    max_train_size=st.none() | st.integers(1, 8),
)
def test_single_series_equals_time_series_split(
    n_times, n_splits, gap, test_size, max_train_size
):
    params = dict(
        n_splits=n_splits, gap=gap, test_size=test_size, max_train_size=max_train_size
    )
    series = pd.DataFrame(
        {"y": np.arange(n_times, dtype=float)},
        index=pd.date_range("2024-01-01", periods=n_times, freq="D", name="date"),
    )
    if not needed_times(n_splits, gap, test_size, n_times):
        with pytest.raises(ValueError, match="distinct time values"):
            list(PanelTimeSeriesSplit(**params).split(series))
        return
    ours = list(PanelTimeSeriesSplit(**params).split(series))
    theirs = list(TimeSeriesSplit(**params).split(series))
    assert len(ours) == len(theirs)
    for (a_train, a_test), (b_train, b_test) in zip(ours, theirs, strict=True):
        assert_array_equal(a_train, b_train)
        assert_array_equal(a_test, b_test)


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(2, 4),
    n_times=st.integers(4, 20),
    n_splits=st.integers(2, 3),
    gap=st.integers(0, 2),
    test_size=st.integers(1, 3),
    max_train_size=st.none() | st.integers(1, 5),
)
def test_balanced_sorted_panel_equals_scaled_time_series_split(
    k, n_times, n_splits, gap, test_size, max_train_size
):
    """The documented case where TimeSeriesSplit suffices: sorted by time, every
    entity at every step, and sizes given as multiples of the entity count."""
    if not needed_times(n_splits, gap, test_size, n_times):
        return
    coverage = [range(n_times)] * k
    order = np.arange(k * n_times).reshape(k, n_times).T.ravel()  # interleave
    df = panel(coverage, "int", order)
    ours = PanelTimeSeriesSplit(
        n_splits,
        time="date",
        gap=gap,
        test_size=test_size,
        max_train_size=max_train_size,
    )
    rows = TimeSeriesSplit(
        n_splits,
        gap=k * gap,
        test_size=k * test_size,
        max_train_size=None if max_train_size is None else k * max_train_size,
    )
    for (a_train, a_test), (b_train, b_test) in zip(
        ours.split(df), rows.split(df), strict=True
    ):
        assert_array_equal(a_train, b_train)
        assert_array_equal(a_test, b_test)


def test_time_series_split_fails_on_panels_as_documented():
    """The two failures of row splits described in the Notes and the docs."""
    coverage = [range(5), range(5)]  # 2 stores x 5 days
    interleaved = panel(coverage, "int", [0, 5, 1, 6, 2, 7, 3, 8, 4, 9])
    grouped = panel(coverage, "int")
    days = interleaved["date"].to_numpy() - 1990
    train, test = list(TimeSeriesSplit(n_splits=2).split(interleaved))[1]
    assert_array_equal(test, [7, 8, 9])
    assert set(days[train]) & set(days[test]) == {3}  # day 3 on both sides

    days = grouped["date"].to_numpy() - 1990
    train, test = list(TimeSeriesSplit(n_splits=2).split(grouped))[1]
    assert set(grouped["store"][test]) == {"s1"}
    assert list(days[test]) == [2, 3, 4]
    assert max(days[train]) == 4 > min(days[test])  # trains on the future

    for df in (interleaved, grouped):
        days = df["date"].to_numpy() - 1990
        folds = list(PanelTimeSeriesSplit(n_splits=2, time="date").split(df))
        assert [sorted(set(days[test])) for _, test in folds] == [[3], [4]]
        for train, test in folds:
            assert set(df["store"][test]) == {"s0", "s1"}
            assert max(days[train]) < min(days[test])


@pytest.mark.parametrize("horizon", [1, 2, 3, 5])
def test_gap_of_horizon_minus_one_keeps_training_targets_known(horizon):
    """With y at t+h for the row of time t, gap=h-1 is the smallest gap for
    which no training target lies after the first test time."""
    n_times = 30
    df = panel(
        [range(n_times)] * 3, "int", order=np.random.default_rng(0).permutation(90)
    )
    step = df["date"].to_numpy() - 1990  # positions among the distinct times
    target_time = step + horizon

    def latest_training_target_after_origin(gap):
        cv = PanelTimeSeriesSplit(n_splits=4, time="date", gap=gap, test_size=3)
        lateness = [
            target_time[train].max() - step[test].min() for train, test in cv.split(df)
        ]
        return max(lateness)

    # gap = h - 1: the latest training target is at the first test time itself.
    assert latest_training_target_after_origin(horizon - 1) == 0
    # gap = h: strictly before it (for targets unknown at their own row).
    assert latest_training_target_after_origin(horizon) == -1
    if horizon > 1:  # one less and a training target lies in the test future
        assert latest_training_target_after_origin(horizon - 2) == 1


# ----------------------------------------------------------- time sources


@pytest.mark.parametrize("kind", TIME_KINDS)
def test_time_column_index_and_index_level_agree(kind):
    df = panel([range(8), range(2, 10), range(0, 10, 2)], kind)
    df = df.sample(frac=1.0, random_state=1).reset_index(drop=True)
    expected = list(PanelTimeSeriesSplit(3, time="date").split(df))

    by_index = df.set_index("date")
    by_level = df.set_index(["store", "date"])
    by_series = by_index["x"]
    for X, time in [
        (by_index, None),
        (by_index, "date"),
        (by_level, "date"),
        (by_series, None),
        (by_series, "date"),
    ]:
        got = list(PanelTimeSeriesSplit(3, time=time).split(X))
        for (a_train, a_test), (b_train, b_test) in zip(got, expected, strict=True):
            assert_array_equal(a_train, b_train)
            assert_array_equal(a_test, b_test)


def test_unsorted_rows_select_the_same_rows_as_sorted_rows():
    df = panel([range(12), range(3, 12), range(6)], "datetime")
    order = np.random.default_rng(3).permutation(len(df))
    shuffled = df.iloc[order].reset_index(drop=True)
    cv = PanelTimeSeriesSplit(3, time="date", gap=1)
    for (a_train, a_test), (b_train, b_test) in zip(
        cv.split(df), cv.split(shuffled), strict=True
    ):
        assert_array_equal(np.sort(order[b_train]), a_train)
        assert_array_equal(np.sort(order[b_test]), a_test)


def test_timezone_aware_times_and_a_named_range_index():
    df = panel([range(6), range(6)], "datetime")
    df["date"] = df["date"].dt.tz_localize("Europe/Paris")
    assert len(list(PanelTimeSeriesSplit(2, time="date").split(df))) == 2
    steps = pd.DataFrame({"x": range(6)}, index=pd.RangeIndex(6, name="t"))
    folds = list(PanelTimeSeriesSplit(2).split(steps))
    assert_array_equal(folds[-1][1], [4, 5])


# ------------------------------------------------------------- in searches


def numeric_columns(X):
    return X.select_dtypes("number")


def flatten_windows(windows):
    return np.nan_to_num(windows.reshape(len(windows), -1))


def sales(time_as_index):
    rng = np.random.default_rng(0)
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    df = pd.DataFrame(
        {
            "date": np.repeat(days, 3),
            "store": np.tile(["a", "b", "c"], 40),
            "x": rng.normal(size=120),
        }
    )
    y = 2.0 * df["x"].to_numpy() + rng.normal(scale=0.1, size=120)
    return (df.set_index("date") if time_as_index else df), y


@pytest.mark.parametrize("time_as_index", [True, False])
def test_grid_search_and_cross_val_score(time_as_index):
    X, y = sales(time_as_index)
    cv = PanelTimeSeriesSplit(n_splits=3, time=None if time_as_index else "date")
    model = make_pipeline(ColumnTransformer([("x", "passthrough", ["x"])]), Ridge())
    search = GridSearchCV(model, {"ridge__alpha": [0.1, 10.0]}, cv=cv).fit(X, y)
    assert search.n_splits_ == cv.get_n_splits() == 3
    assert {f"split{i}_test_score" for i in range(3)} <= set(search.cv_results_)
    assert search.best_params_ == {"ridge__alpha": 0.1}
    scores = cross_val_score(model, X, y, cv=cv)
    assert scores.shape == (3,)
    assert np.all(scores > 0.9)


def test_grid_search_over_window_length_on_an_interleaved_panel():
    X, y = sales(time_as_index=True)
    model = make_pipeline(
        SlidingWindow(timesteps=2, groups="store"),
        FunctionTransformer(flatten_windows),
        Ridge(),
    )
    cv = PanelTimeSeriesSplit(n_splits=3, test_size=5, gap=0)
    search = GridSearchCV(model, {"slidingwindow__timesteps": [1, 3]}, cv=cv)
    search.fit(X, y)
    assert search.n_splits_ == 3
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


# ---------------------------------------------------------------- errors


def test_numpy_array_is_refused_with_advice():
    with pytest.raises(ValueError, match=r"ndarray of shape \(6, 2\).*TimeSeriesSplit"):
        list(PanelTimeSeriesSplit(2).split(np.zeros((6, 2))))


def test_missing_time_column_names_columns_and_levels():
    df = panel([range(6)] * 2)
    with pytest.raises(
        ValueError, match=r"\['day'\] are not in the DataFrame.*'date'.*unnamed"
    ):
        list(PanelTimeSeriesSplit(2, time="day").split(df))
    with pytest.raises(ValueError, match=r"levels are \['store'\]"):
        list(PanelTimeSeriesSplit(2, time="day").split(df.set_index("store")))
    with pytest.raises(ValueError, match="not a level of the index of the Series"):
        list(PanelTimeSeriesSplit(2, time="day").split(df.set_index("date")["x"]))


def test_index_that_is_not_a_time_is_refused():
    df = panel([range(6)] * 2)
    with pytest.raises(ValueError, match="default RangeIndex.*time='date'"):
        list(PanelTimeSeriesSplit(2).split(df))


@pytest.mark.parametrize("names", [["store", "date"], [None, None]])
def test_multiindex_without_time_uses_its_last_level(names):
    """The pandas idiom (entity, date): the last level is the time."""
    df = panel([range(8), range(2, 10)], "datetime")
    order = np.random.default_rng(0).permutation(len(df))
    df = df.iloc[order].reset_index(drop=True)
    indexed = df.set_index(["store", "date"]).rename_axis(names)
    expected = list(PanelTimeSeriesSplit(3, time="date").split(df))
    got = list(PanelTimeSeriesSplit(3).split(indexed))
    assert len(got) == 3
    for (a_train, a_test), (b_train, b_test) in zip(got, expected, strict=True):
        assert_array_equal(a_train, b_train)
        assert_array_equal(a_test, b_test)
    # Three levels (region, store, date): still the last one.
    deeper = df.assign(region="north").set_index(["region", "store", "date"])
    for (a_train, a_test), (b_train, b_test) in zip(
        PanelTimeSeriesSplit(3).split(deeper), expected, strict=True
    ):
        assert_array_equal(a_train, b_train)
        assert_array_equal(a_test, b_test)
    # Missing times are reported in the last level.
    with_nat = df.copy()
    with_nat.loc[0, "date"] = pd.NaT
    level = "level 'date'" if names[-1] else "level"
    with pytest.raises(ValueError, match=f"last index {level}.*get_level_values"):
        list(
            PanelTimeSeriesSplit(3).split(
                with_nat.set_index(["store", "date"]).rename_axis(names)
            )
        )


@pytest.mark.parametrize("kind", ["int", "datetime"])
def test_missing_times_are_refused(kind):
    df = panel([range(6)] * 2, kind)
    df["date"] = df["date"].astype("float" if kind == "int" else df["date"].dtype)
    df.loc[[3, 7], "date"] = np.nan
    with pytest.raises(
        ValueError, match=r"2 rows of 12 have no time value.*row position 3.*dropna"
    ):
        list(PanelTimeSeriesSplit(2, time="date").split(df))
    with pytest.raises(ValueError, match=r"in the index.*X\[X.index.notna\(\)\]"):
        list(PanelTimeSeriesSplit(2).split(df.set_index("date")))


def test_too_few_distinct_times_reports_the_counts():
    df = panel([range(3)] * 2)  # 6 rows, 3 distinct times
    with pytest.raises(
        ValueError,
        match=r"needs at least 4 distinct time values.*holds 3 distinct time values "
        r"over 6 rows",
    ):
        list(PanelTimeSeriesSplit(3, time="date").split(df))
    with pytest.raises(ValueError, match=r"needs at least 6 distinct.*a gap of 1"):
        list(PanelTimeSeriesSplit(2, time="date", gap=1, test_size=2).split(df))


@pytest.mark.parametrize(
    "n_splits, gap, test_size", [(2, 10**9, None), (5, 10**12, None), (3, 10**9, 2)]
)
def test_a_huge_gap_is_refused_at_once(n_splits, gap, test_size):
    """The number of time values needed is computed, not counted up to."""
    df = panel([range(20)] * 2)
    cv = PanelTimeSeriesSplit(n_splits, time="date", gap=gap, test_size=test_size)
    start = perf_counter()
    with pytest.raises(ValueError, match=r"needs at least \d{9,} distinct time"):
        list(cv.split(df))
    assert perf_counter() - start < 1.0


@pytest.mark.parametrize("n_splits", [2, 3, 5, 8])
@pytest.mark.parametrize("gap", [0, 1, 2, 4, 7, 8, 9, 20, 63])
def test_the_needed_number_of_times_is_the_smallest_that_splits(n_splits, gap):
    """The number in the message: the smallest n_times that TimeSeriesSplit
    (with the default test_size) accepts, found here by counting."""
    need = n_splits + 1
    while not needed_times(n_splits, gap, None, need):
        need += 1
    steps = pd.DataFrame({"x": 0.0}, index=pd.RangeIndex(need, name="t"))
    assert len(list(PanelTimeSeriesSplit(n_splits, gap=gap).split(steps))) == n_splits
    with pytest.raises(ValueError, match=f"needs at least {need} distinct"):
        list(PanelTimeSeriesSplit(n_splits, gap=gap).split(steps.iloc[:-1]))


@pytest.mark.parametrize(
    "values, kinds",
    [
        (["2024-01-01", 5, 6, 7, 8, 9], r"'2024-01-01' \(str\).*5 \(number\)"),
        ([1, 2, True, 4, 5, 6], r"\(number\).*True \(bool\)"),
        (
            [pd.Timestamp("2024-01-01", tz="UTC")]
            + list(pd.date_range("2024-01-02", periods=5)),
            r"time-zone aware datetime.*naive datetime.*utc=True",
        ),
        (
            [pd.Period("2020-01", "M"), *pd.period_range("2021", periods=5, freq="Y")],
            r"period of freq M.*period of freq Y",
        ),
    ],
)
def test_time_values_that_do_not_compare_are_refused(values, kinds):
    df = pd.DataFrame({"when": pd.Series(values, dtype=object), "x": range(6)})
    before = df.copy()
    with pytest.raises(TypeError, match=r"in the column 'when'.*" + kinds):
        list(PanelTimeSeriesSplit(2, time="when").split(df))
    pd.testing.assert_frame_equal(df, before)
    indexed = df.set_index(["x", "when"])
    level = indexed.index.get_level_values("when")
    if list(map(type, level)) != list(map(type, df["when"])):
        return  # building the index, pandas made True the level value 1
    with pytest.raises(TypeError, match=r"in the last index level 'when'"):
        list(PanelTimeSeriesSplit(2).split(indexed))
    with pytest.raises(TypeError, match=r"in the index level 'when'"):
        list(PanelTimeSeriesSplit(2, time="when").split(indexed))


def test_times_of_one_kind_that_do_not_order_are_refused():
    df = pd.DataFrame({"when": pd.Series([1j * t for t in range(6)], dtype=object)})
    with pytest.raises(TypeError, match=r"cannot order the time values in the col"):
        list(PanelTimeSeriesSplit(2, time="when").split(df))


def test_mixed_time_zones_of_aware_datetimes_compare():
    paris = pd.date_range("2024-01-01", periods=3, tz="Europe/Paris")
    utc = pd.date_range("2024-01-04", periods=3, tz="UTC")
    df = pd.DataFrame({"when": pd.Series([*paris, *utc], dtype=object)})
    folds = list(PanelTimeSeriesSplit(2, time="when").split(df))
    assert_array_equal(folds[-1][1], [4, 5])


@pytest.mark.parametrize(
    "params, name",
    [
        ({"n_splits": True}, "n_splits"),
        ({"gap": False}, "gap"),
        ({"test_size": True}, "test_size"),
        ({"max_train_size": np.True_}, "max_train_size"),
    ],
)
def test_sizes_refuse_bools(params, name):
    cv = PanelTimeSeriesSplit(**params)
    with pytest.raises(ValueError, match=f"'{name}' parameter.*not a bool"):
        list(cv.split(panel([range(6)] * 2)))


def test_numpy_integer_sizes_are_sizes():
    params = dict(n_splits=np.int64(2), gap=np.int32(1), test_size=np.int64(2))
    cv = PanelTimeSeriesSplit(**params, max_train_size=np.int64(3), time="date")
    folds = list(cv.split(panel([range(8)] * 2)))
    assert len(folds) == 2


@pytest.mark.parametrize(
    "params, name",
    [
        ({"n_splits": 1}, "n_splits"),
        ({"gap": -1}, "gap"),
        ({"test_size": 0}, "test_size"),
        ({"max_train_size": 0}, "max_train_size"),
        ({"time": 1.5}, "time"),
    ],
)
def test_invalid_parameters(params, name):
    df = panel([range(6)] * 2)
    cv = PanelTimeSeriesSplit(**params)
    with pytest.raises(ValueError, match=f"'{name}' parameter of PanelTimeSeriesSplit"):
        list(cv.split(df))
    with pytest.raises(ValueError, match=f"'{name}' parameter"):
        cv.get_n_splits()


def test_y_of_another_length_is_refused():
    df = panel([range(6)] * 2)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        list(PanelTimeSeriesSplit(2, time="date").split(df, np.zeros(5)))


def test_repr():
    cv = PanelTimeSeriesSplit(3, time="date", gap=1)
    assert repr(cv).startswith("PanelTimeSeriesSplit(")
    assert "gap=1" in repr(cv) and "time='date'" in repr(cv)
