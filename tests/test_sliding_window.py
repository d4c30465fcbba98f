"""SlidingWindow and sliding_windows against plain-loop references."""

import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm._sliding_window import SlidingWindow, sliding_windows

# ---------------------------------------------------------------- references


def reference_windows(values, timesteps, fill_value=np.nan, group_ids=None):
    """Window of every row, built one step at a time."""
    n_rows, n_features = values.shape
    if group_ids is None:
        group_ids = [0] * n_rows
    out = np.full((n_rows, timesteps, n_features), fill_value, dtype=float)
    for i in range(n_rows):
        history = [j for j in range(i + 1) if group_ids[j] == group_ids[i]]
        history = history[-timesteps:]
        for step, j in enumerate(history, start=timesteps - len(history)):
            out[i, step] = values[j]
    return out


def reference_supervised(values, y, timesteps, horizon, stride, group_ids=None):
    """Complete windows and targets, group by group, ordered by their end row."""
    n_rows = len(values)
    if group_ids is None:
        group_ids = [0] * n_rows
    found = []
    for g in dict.fromkeys(group_ids):
        rows = [j for j in range(n_rows) if group_ids[j] == g]
        for p in range(timesteps - 1, len(rows), stride):
            if y is not None and p + horizon >= len(rows):
                continue
            window = values[rows[p - timesteps + 1 : p + 1]]
            target = None if y is None else y[rows[p + horizon]]
            found.append((rows[p], window, target))
    found.sort(key=lambda item: item[0])
    return found


# ---------------------------------------------------------------- strategies


@st.composite
def tables(draw, max_rows=25, max_groups=4):
    n_rows = draw(st.integers(1, max_rows))
    n_features = draw(st.integers(1, 3))
    values = draw(
        st.lists(
            st.floats(-1e6, 1e6, allow_nan=False),
            min_size=n_rows * n_features,
            max_size=n_rows * n_features,
        )
    )
    values = np.array(values, dtype=float).reshape(n_rows, n_features)
    group_ids = draw(
        st.lists(st.integers(0, max_groups - 1), min_size=n_rows, max_size=n_rows)
    )
    return values, np.array(group_ids)


def as_frame(values, group_ids=None):
    df = pd.DataFrame(values, columns=[f"x{j}" for j in range(values.shape[1])])
    if group_ids is not None:
        df.insert(0, "entity", [f"e{g}" for g in group_ids])
    return df


# ---------------------------------------------------------------- SlidingWindow


@settings(max_examples=60, deadline=None)
@given(data=tables(), timesteps=st.integers(1, 30))
def test_windows_match_loop_reference(data, timesteps):
    values, _ = data
    out = SlidingWindow(timesteps=timesteps).fit_transform(values)
    assert out.shape == (len(values), timesteps, values.shape[1])
    assert_array_equal(out, reference_windows(values, timesteps))


@settings(max_examples=60, deadline=None)
@given(data=tables(), timesteps=st.integers(1, 8), fill=st.sampled_from([np.nan, 0.0]))
def test_grouped_windows_match_loop_reference(data, timesteps, fill):
    values, group_ids = data
    window = SlidingWindow(timesteps=timesteps, groups="entity", fill_value=fill)
    out = window.fit_transform(as_frame(values, group_ids))
    assert_array_equal(out, reference_windows(values, timesteps, fill, group_ids))
    # The same with the group as an integer column position of a numpy array.
    array = np.column_stack([group_ids, values])
    out_np = SlidingWindow(
        timesteps=timesteps, groups=0, fill_value=fill
    ).fit_transform(array)
    assert_array_equal(out_np, out)


@settings(max_examples=40, deadline=None)
@given(data=tables(max_groups=3), timesteps=st.integers(1, 6), row=st.integers(0, 24))
def test_changing_a_row_changes_no_earlier_window_nor_other_group(data, timesteps, row):
    values, group_ids = data
    row = row % len(values)
    before = SlidingWindow(timesteps=timesteps, groups="entity").fit_transform(
        as_frame(values, group_ids)
    )
    changed = values.copy()
    changed[row] += 1.0
    after = SlidingWindow(timesteps=timesteps, groups="entity").fit_transform(
        as_frame(changed, group_ids)
    )
    differs = ~np.all((before == after) | (np.isnan(before) & np.isnan(after)), (1, 2))
    affected = np.flatnonzero(differs)
    # Causality: only windows ending at or after the row can change ...
    assert np.all(affected >= row)
    # ... and group isolation: only windows of the row's own group.
    assert np.all(group_ids[affected] == group_ids[row])
    assert row in affected


def test_length_one_input_and_timesteps_longer_than_series():
    out = SlidingWindow(timesteps=4).fit_transform(np.array([[3.0]]))
    assert_array_equal(out, [[[np.nan], [np.nan], [np.nan], [3.0]]])


def test_output_is_a_view_not_a_timesteps_fold_copy():
    values = np.random.default_rng(0).normal(size=(1000, 3))
    out = SlidingWindow(timesteps=50).fit_transform(values)
    assert out.shape == (1000, 50, 3)
    # Consecutive windows are one row apart in memory: a strided view.
    assert out.strides[0] == out.strides[1] == 3 * 8
    assert not out.flags.owndata and not out.flags.writeable
    base = out
    while base.base is not None:
        base = base.base
    assert base.nbytes == (1000 + 49) * 3 * 8


@pytest.mark.parametrize(
    "dtype, expected",
    [(np.float32, np.float32), (np.float64, np.float64), (np.int64, np.float64)],
)
def test_output_dtype(dtype, expected):
    X = np.arange(12).reshape(6, 2).astype(dtype)
    assert SlidingWindow(timesteps=3).fit_transform(X).dtype == expected
    assert SlidingWindow(timesteps=3).fit_transform(as_frame(X)).dtype == expected


def test_dataframe_and_array_give_the_same_windows():
    values = np.random.default_rng(1).normal(size=(30, 2))
    df = as_frame(values)
    df.index = pd.date_range("2024-01-01", periods=30, freq="D")
    assert_array_equal(
        SlidingWindow(timesteps=5).fit_transform(df),
        SlidingWindow(timesteps=5).fit_transform(values),
    )


def test_input_is_never_modified():
    values = np.random.default_rng(2).normal(size=(20, 2))
    df = as_frame(values, np.arange(20) % 3)
    df_copy, values_copy = df.copy(), values.copy()
    SlidingWindow(timesteps=4, groups="entity").fit_transform(df)
    SlidingWindow(timesteps=4).fit_transform(values)
    pd.testing.assert_frame_equal(df, df_copy)
    assert_array_equal(values, values_copy)


def test_pickle_round_trip():
    df = as_frame(np.arange(20.0).reshape(10, 2), np.arange(10) % 2)
    window = SlidingWindow(timesteps=3, groups="entity").fit(df)
    restored = pickle.loads(pickle.dumps(window))
    assert_array_equal(restored.transform(df), window.transform(df))
    assert restored.n_features_per_step_ == 2
    assert list(restored.feature_names_in_) == ["entity", "x0", "x1"]


def test_interleaved_groups_sorted_by_datetime_index():
    # A panel in long format sorted by date, stores interleaved.
    dates = pd.date_range("2024-01-01", periods=4, freq="D").repeat(2)
    df = pd.DataFrame({"store": ["a", "b"] * 4, "units": range(8)}, index=dates)
    out = SlidingWindow(timesteps=2, groups="store").fit_transform(df)
    assert_array_equal(out[:, :, 0], [[np.nan, 0], [np.nan, 1], [0, 2], [1, 3],
                                      [2, 4], [3, 5], [4, 6], [5, 7]])  # fmt: skip


def test_several_group_columns():
    df = pd.DataFrame(
        {"country": ["x", "x", "y", "x"], "store": [1, 2, 1, 1], "units": [1, 2, 3, 4]}
    )
    out = SlidingWindow(timesteps=2, groups=["country", "store"]).fit_transform(df)
    assert_array_equal(out[:, :, 0], [[np.nan, 1], [np.nan, 2], [np.nan, 3], [1, 4]])


def test_windows_keep_rows_so_a_grid_search_over_timesteps_works():
    rng = np.random.default_rng(3)
    series = np.sin(np.arange(200) / 5) + rng.normal(scale=0.1, size=200)
    X, y = series[:-1].reshape(-1, 1), series[1:]
    flatten = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    pipe = make_pipeline(SlidingWindow(), flatten, Ridge())
    search = GridSearchCV(
        pipe, {"slidingwindow__timesteps": [1, 4, 8]}, cv=TimeSeriesSplit(3)
    ).fit(X, y)
    assert search.best_params_["slidingwindow__timesteps"] > 1
    assert search.predict(X).shape == (199,)


# ---------------------------------------------------------------- errors


def test_1d_input_explains_how_to_make_a_column():
    with pytest.raises(ValueError, match=r"1D array of shape \(5,\).*reshape\(-1, 1\)"):
        SlidingWindow().fit(np.arange(5.0))


def test_3d_input_says_it_is_already_windowed():
    with pytest.raises(ValueError, match=r"\(2, 3, 4\) = 2 samples x 3 time steps"):
        SlidingWindow().fit(np.zeros((2, 3, 4)))


def test_non_numeric_column_is_named_with_advice():
    df = pd.DataFrame({"store": ["a", "b"], "units": [1.0, 2.0]})
    with pytest.raises(TypeError, match=r"'store'.*groups="):
        SlidingWindow().fit(df)


def test_unsorted_datetime_index_says_to_sort():
    df = pd.DataFrame(
        {"units": [1.0, 2.0, 3.0]},
        index=pd.to_datetime(["2024-01-02", "2024-01-01", "2024-01-03"]),
    )
    with pytest.raises(ValueError, match=r"not increasing.*sort_index"):
        SlidingWindow().fit(df)


def test_unsorted_within_a_group_names_the_group():
    df = pd.DataFrame(
        {"store": ["a", "b", "a", "b"], "units": [1.0, 2.0, 3.0, 4.0]},
        index=pd.to_datetime(["2024-01-02", "2024-01-01", "2024-01-01", "2024-01-02"]),
    )
    with pytest.raises(ValueError, match=r"within group 'a'"):
        SlidingWindow(groups="store").fit(df)
    # Sorted by time, the same rows are fine.
    SlidingWindow(groups="store").fit(df.sort_index(kind="stable"))


def test_duplicate_time_stamp_within_a_group():
    df = pd.DataFrame(
        {"units": [1.0, 2.0]}, index=pd.to_datetime(["2024-01-01", "2024-01-01"])
    )
    with pytest.raises(ValueError, match="share the time stamp 2024-01-01"):
        SlidingWindow().fit(df)


def test_missing_group_column():
    with pytest.raises(ValueError, match=r"groups column\(s\) \['shop'\]"):
        SlidingWindow(groups="shop").fit(pd.DataFrame({"units": [1.0]}))


def test_named_groups_on_a_numpy_array():
    with pytest.raises(ValueError, match="Pass a pandas DataFrame"):
        SlidingWindow(groups="store").fit(np.zeros((3, 2)))


def test_transform_with_other_columns_than_fit():
    window = SlidingWindow(timesteps=2).fit(np.zeros((5, 3)))
    with pytest.raises(ValueError, match="X has 2 features, but SlidingWindow"):
        window.transform(np.zeros((5, 2)))


def test_invalid_timesteps():
    with pytest.raises(ValueError, match="timesteps"):
        SlidingWindow(timesteps=0).fit(np.zeros((5, 1)))


# ---------------------------------------------------------------- sliding_windows


@settings(max_examples=80, deadline=None)
@given(
    data=tables(),
    timesteps=st.integers(1, 6),
    horizon=st.integers(0, 3),
    stride=st.integers(1, 3),
    grouped=st.booleans(),
    with_y=st.booleans(),
    kind=st.sampled_from(["array", "frame", "float32", "fortran", "1d", "series"]),
)
def test_sliding_windows_match_loop_reference(
    data, timesteps, horizon, stride, grouped, with_y, kind
):
    values, group_ids = data
    if kind in ("1d", "series"):
        values = values[:, :1]
    elif kind == "float32":
        values = values.astype(np.float32)
    y = values[:, 0] * 10 + 1 if with_y else None
    expected = reference_supervised(
        values, y, timesteps, horizon, stride, group_ids if grouped else None
    )
    if grouped:
        X = as_frame(values, group_ids)
    else:
        X = {
            "frame": as_frame(values),
            "fortran": np.asfortranarray(values),
            "1d": values[:, 0],
            "series": pd.Series(values[:, 0]),
        }.get(kind, values)
    call = {"timesteps": timesteps, "horizon": horizon, "stride": stride}
    if grouped:
        call["groups"] = "entity"
    if not expected:
        with pytest.raises(ValueError, match="found no complete window"):
            sliding_windows(X, y, **call)
        return
    X_w, y_w = sliding_windows(X, y, **call)
    assert X_w.dtype == values.dtype
    if not grouped:  # a view of the input, which must not be written through
        assert not X_w.flags.writeable
    assert_array_equal(X_w, np.array([window for _, window, _ in expected]))
    if with_y:
        assert_array_equal(y_w, [target for _, _, target in expected])
    else:
        assert y_w is None


def test_the_tutorial_univariate_split():
    series = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90])
    X, y = sliding_windows(series, series, timesteps=3)
    assert X.shape == (6, 3, 1)
    assert_array_equal(X[:, :, 0], [series[i : i + 3] for i in range(6)])
    assert_array_equal(y, [40, 50, 60, 70, 80, 90])


def test_without_y_the_last_window_is_kept_for_forecasting():
    X, y = sliding_windows(np.arange(5.0), timesteps=3)
    assert y is None
    assert_array_equal(X[-1, :, 0], [2, 3, 4])


def test_pandas_target_keeps_the_index_of_the_target_rows():
    index = pd.date_range("2024-01-01", periods=6, freq="h")
    df = pd.DataFrame({"load": np.arange(6.0)}, index=index)
    X, y = sliding_windows(df, df["load"], timesteps=2, horizon=2)
    assert list(y.index) == list(index[3:])
    assert_array_equal(X[:, -1, 0] + 2, y.to_numpy())


def test_sliding_windows_is_a_view_without_groups():
    values = np.zeros((100, 2))
    X, _ = sliding_windows(values, timesteps=10, stride=3)
    assert not X.flags.owndata and X.strides[1] == 16


def test_sliding_windows_of_one_series_read_the_input_in_place():
    values = np.random.default_rng(4).normal(size=(200, 3))
    before = values.copy()
    X, y = sliding_windows(values, values[:, 0], timesteps=16, horizon=2, stride=3)
    # No copy of the data: the windows are a strided view of the input itself.
    assert np.shares_memory(X, values) and not X.flags.owndata
    assert X.strides == (3 * 3 * 8, 3 * 8, 8)
    # ... which cannot be written through, so the input cannot be changed.
    assert not X.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        X[0, 0, 0] = 1.0
    assert values.flags.writeable
    assert_array_equal(values, before)
    # The targets are a copy: writing to them leaves the input alone.
    assert not np.shares_memory(y, values)
    assert_array_equal(y, values[17::3, 0])
    assert_array_equal(X[-1], values[len(y) * 3 - 3 : len(y) * 3 + 13])


@pytest.mark.parametrize(
    "make, shares",
    [
        (lambda v: v, True),
        (lambda v: v.astype(np.float32), True),
        (lambda v: np.asfortranarray(v), True),
        (lambda v: v[:, 0], True),  # 1D: one feature
        (lambda v: pd.DataFrame(v, columns=["a", "b"]), True),
        (lambda v: pd.Series(v[:, 0]), True),
        (lambda v: (v * 100).astype(np.int64), False),  # converted once
    ],
)
def test_sliding_windows_copies_only_what_needs_converting(make, shares):
    X = make(np.random.default_rng(5).normal(size=(40, 2)))
    data = X.to_numpy() if isinstance(X, (pd.Series, pd.DataFrame)) else X
    windows, _ = sliding_windows(X, timesteps=4)
    assert np.shares_memory(windows, data) is shares
    assert windows.dtype == (np.float32 if data.dtype == np.float32 else np.float64)
    assert windows.shape == (37, 4, 1 if data.ndim == 1 else 2)
    assert not windows.flags.writeable


def test_sliding_windows_errors():
    with pytest.raises(ValueError, match="X has 5 rows but y has 4"):
        sliding_windows(np.zeros(5), np.zeros(4), timesteps=2)
    with pytest.raises(
        ValueError, match=r"needs 4 time steps and its target 2 more.*longest.*has 5"
    ):
        sliding_windows(np.zeros(5), np.zeros(5), timesteps=4, horizon=2)
    with pytest.raises(ValueError, match="longest series of the 2 groups has 2 rows"):
        sliding_windows(
            as_frame(np.zeros((4, 1)), [0, 1, 0, 1]), timesteps=3, groups="entity"
        )
    with pytest.raises(ValueError, match="stride"):
        sliding_windows(np.zeros(5), timesteps=2, stride=0)


# ---------------------------------------------------------------- continuation


def daily(values, start="2024-01-01", **columns):
    index = pd.date_range(start, periods=len(values), freq="D")
    return pd.DataFrame({"x": values, **columns}, index=index)


def test_later_rows_continue_the_fitted_rows():
    frame = daily(np.arange(30.0))
    window = SlidingWindow(timesteps=5).fit(frame.iloc[:20])
    assert_array_equal(
        window.transform(frame.iloc[20:]),
        SlidingWindow(timesteps=5).fit_transform(frame)[20:],
    )


@pytest.mark.parametrize("timesteps, remembered", [(1, 0), (3, 2), (8, 6), (30, 6)])
def test_one_series_remembers_its_last_rows(timesteps, remembered):
    frame = daily(np.arange(6.0))
    window = SlidingWindow(timesteps=timesteps).fit(frame)
    # Plain arrays (persistable without pickle): the values and time steps
    # of the last rows, copied so as not to keep all of X alive.
    assert_array_equal(window.history_values_, frame.to_numpy()[6 - remembered :])
    nanos = frame.index.as_unit("ns").asi8  # times in the unit of the grid
    assert_array_equal(window.history_times_, nanos[6 - remembered :])
    assert window.history_values_.base is None
    assert window.time_step_ == pd.Timedelta("1D")
    assert window.time_grid_["unit"] == "ns"
    assert_array_equal(
        window.fit_transform(frame),
        SlidingWindow(timesteps).fit(frame).transform(frame),
    )


def test_time_step_of_a_range_index_is_its_step():
    frame = pd.DataFrame({"x": np.arange(10.0)}, index=pd.RangeIndex(100, 0, -10))
    assert SlidingWindow(timesteps=3).fit(frame.iloc[::-1]).time_step_ == 10
    # A decreasing index runs backwards in time: refused, not windowed.
    with pytest.raises(ValueError, match="not increasing: 90 comes after 100"):
        SlidingWindow(timesteps=3).fit(frame)
    one = SlidingWindow(timesteps=3).fit(frame.iloc[:1])
    assert_array_equal(one.transform(frame.iloc[:1])[0, :, 0], [np.nan, np.nan, 0])
    frame = pd.DataFrame({"x": np.arange(30.0)})  # the default RangeIndex
    window = SlidingWindow(timesteps=4).fit(frame.iloc[:20])
    assert_array_equal(
        window.transform(frame.iloc[20:]),
        SlidingWindow(timesteps=4).fit_transform(frame)[20:],
    )


def test_training_rows_overlapping_rows_and_arrays_are_windowed_on_their_own():
    frame = daily(np.arange(30.0))
    window = SlidingWindow(timesteps=5).fit(frame.iloc[:20])
    alone = SlidingWindow(timesteps=5).fit_transform
    # The training rows: predict on them is unchanged by continuation.
    assert_array_equal(window.transform(frame.iloc[:20]), alone(frame.iloc[:20]))
    # Rows that start at or before the last fitted row do not continue it.
    assert_array_equal(window.transform(frame.iloc[19:]), alone(frame.iloc[19:]))
    assert_array_equal(window.transform(frame.iloc[5:25]), alone(frame.iloc[5:25]))
    # A numpy array has no index to say where it lies in time.
    array = frame.iloc[20:].to_numpy()
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        assert_array_equal(window.transform(array), alone(array))


@settings(max_examples=40, deadline=None)
@given(data=tables(max_rows=30), timesteps=st.integers(1, 6), cut=st.integers(0, 30))
def test_continuation_per_group_matches_windowing_everything(data, timesteps, cut):
    values, group_ids = data
    frame = as_frame(values, group_ids)
    # Every entity has a row at every day of its own, rows interleaved.
    day = frame.groupby("entity").cumcount().to_numpy()
    frame.index = pd.Timestamp("2024-01-01") + pd.to_timedelta(day, unit="D")
    cut = min(cut, len(frame) - 1)
    earlier, later = frame.iloc[:cut], frame.iloc[cut:]
    everything = SlidingWindow(timesteps=timesteps, groups="entity").fit_transform(
        frame
    )
    # The time step is learned from two distinct fitted times at least.
    assume(earlier.index.nunique() >= 2)
    window = SlidingWindow(timesteps=timesteps, groups="entity").fit(earlier)
    out = window.transform(later)
    # Groups seen in fit continue; groups new in `later` start afresh, which is
    # what windowing everything gives them too.
    assert_array_equal(out, everything[cut:])


def test_a_group_that_starts_before_its_fitted_rows_is_windowed_on_its_own():
    frame = pd.DataFrame(
        {"store": ["a", "b"] * 6, "x": np.arange(12.0)},
        index=pd.date_range("2024-01-01", periods=6, freq="D").repeat(2),
    )
    window = SlidingWindow(timesteps=3, groups="store").fit(frame.iloc[:8])
    later_a = frame.iloc[8:][frame.iloc[8:]["store"] == "a"]
    early_b = frame.iloc[:4][frame.iloc[:4]["store"] == "b"]
    mixed = pd.concat([later_a, early_b]).sort_index(kind="stable")
    out = window.transform(mixed)
    # Store a continues (its window reaches back), store b does not.
    assert_array_equal(
        out[mixed["store"].to_numpy() == "a"][:, :, 0], [[4, 6, 8], [6, 8, 10]]
    )
    assert np.isnan(out[mixed["store"].to_numpy() == "b"][0, :2]).all()


class PaddingRecorder(RegressorMixin, BaseEstimator):
    """Records the padded steps of the windows it is asked to predict on."""

    padded_steps = []

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        return self

    def predict(self, X):
        PaddingRecorder.padded_steps.append(int(np.isnan(X).all(axis=-1).sum()))
        return np.zeros(len(X))


def test_test_folds_of_a_search_get_complete_windows_through_a_pipeline():
    rng = np.random.default_rng(5)
    frame = daily(rng.normal(size=60), other=rng.normal(size=60))
    pipe = make_pipeline(
        StandardScaler().set_output(transform="pandas"),
        SlidingWindow(),
        PaddingRecorder(),
    )
    PaddingRecorder.padded_steps.clear()
    search = GridSearchCV(
        pipe, {"slidingwindow__timesteps": [3, 8]}, cv=TimeSeriesSplit(n_splits=4)
    )
    search.fit(frame, frame["x"].to_numpy())
    # 2 candidates x 4 folds scored, and no test window was padded.
    assert PaddingRecorder.padded_steps == [0] * 8
    # Without the pandas output the scaler drops the index: no continuation.
    PaddingRecorder.padded_steps.clear()
    plain = make_pipeline(
        StandardScaler(), SlidingWindow(timesteps=8), PaddingRecorder()
    )
    GridSearchCV(plain, {}, cv=TimeSeriesSplit(n_splits=4)).fit(frame, frame["x"])
    assert all(count > 0 for count in PaddingRecorder.padded_steps)


def test_rows_after_a_gap_reach_back_over_padded_missing_days():
    frame = daily(np.arange(30.0))
    window = SlidingWindow(timesteps=5).fit(frame.iloc[:20])
    assert window.time_step_ == pd.Timedelta("1D")
    # Days 20-21 are missing: the window of day 22 holds days 18 and 19 and
    # two padded steps, never a reach over the gap.
    out = window.transform(frame.iloc[22:])
    assert_array_equal(out[0, :, 0], [18, 19, np.nan, np.nan, 22])
    assert_array_equal(out[3, :, 0], [np.nan, 22, 23, 24, 25])
    assert_array_equal(out[4:], SlidingWindow(timesteps=5).fit_transform(frame)[26:])
    # Rows read as consecutive steps, the old behaviour, with gaps="ignore".
    ignore = SlidingWindow(timesteps=5, gaps="ignore").fit(frame.iloc[:20])
    assert_array_equal(ignore.transform(frame.iloc[22:])[0, :, 0], [16, 17, 18, 19, 22])
    # Forecasting from the latest rows: window the whole history.
    latest = window.transform(frame)[-1]
    assert_array_equal(latest[:, 0], [25, 26, 27, 28, 29])


@pytest.mark.parametrize(
    "index",
    [
        pd.period_range("2001", periods=12, freq="Y"),
        pd.RangeIndex(12),
        pd.Index(np.arange(1990, 2002)),
        pd.bdate_range("2024-01-01", periods=12),  # business days skip weekends
    ],
    ids=["years", "range", "integers", "business-days"],
)
def test_continuation_with_other_time_indexes(index):
    frame = pd.DataFrame({"x": np.arange(12.0)}, index=index)
    window = SlidingWindow(timesteps=4).fit(frame.iloc[:8])
    assert_array_equal(
        window.transform(frame.iloc[8:]),
        SlidingWindow(timesteps=4).fit_transform(frame)[8:],
    )


# ---------------------------------------------------------------- lazy windows


def interleaved_panel(n_days=50, stores=("a", "b", "c")):
    rng = np.random.default_rng(7)
    days = pd.date_range("2024-01-01", periods=n_days, freq="D")
    return pd.DataFrame(
        {"store": list(stores) * n_days, "x": rng.normal(size=n_days * len(stores))},
        index=days.repeat(len(stores)),
    )


def test_interleaved_groups_give_lazy_windows_that_act_like_the_array():
    panel = interleaved_panel()
    windows = SlidingWindow(timesteps=4, groups="store").fit_transform(panel)
    assert type(windows).__name__ == "LazyWindows"
    ids = panel["store"].map({"a": 0, "b": 1, "c": 2}).to_numpy()
    expected = reference_windows(panel[["x"]].to_numpy(), 4, group_ids=ids)
    assert windows.shape == expected.shape and windows.dtype == expected.dtype
    assert len(windows) == len(panel) and windows.ndim == 3
    assert_array_equal(np.asarray(windows), expected)
    assert_array_equal(windows[7], expected[7])
    assert_array_equal(windows[3:9], expected[3:9])
    assert_array_equal(windows[[5, 1, 40]], expected[[5, 1, 40]])
    assert_array_equal(windows[10, -1], expected[10, -1])
    assert_array_equal(windows[:, -1, 0], expected[:, -1, 0])
    assert_array_equal(np.isnan(windows), np.isnan(expected))
    assert_array_equal(windows.reshape(len(windows), -1), expected.reshape(150, -1))
    assert ((windows == expected) | np.isnan(expected)).all()
    restored = pickle.loads(pickle.dumps(windows))
    assert_array_equal(np.asarray(restored), expected)


def test_one_series_gives_a_plain_strided_view():
    series = interleaved_panel(stores=("a",))[["x"]]
    windows = SlidingWindow(timesteps=4).fit_transform(series)
    assert isinstance(windows, np.ndarray) and not windows.flags.owndata


def test_pandas_output_of_a_pipeline_keeps_the_windows_3d():
    import warnings

    from sklearn import config_context

    frame = daily(np.arange(10.0), other=np.arange(10.0) * 2)
    pipe = make_pipeline(StandardScaler(), SlidingWindow(timesteps=3))
    pipe.set_output(transform="pandas")
    out = pipe.fit_transform(frame)
    assert isinstance(out, np.ndarray) and out.shape == (10, 3, 2)
    # The scaler's pandas output kept the index: later rows continue.
    pipe.fit(frame.iloc[:7])
    assert not np.isnan(pipe.transform(frame.iloc[7:])).any()
    assert pipe[-1].get_feature_names_out().tolist() == ["x", "other"]
    with config_context(transform_output="pandas"), warnings.catch_warnings():
        warnings.simplefilter("error")
        windows = make_pipeline(StandardScaler(), SlidingWindow(3)).fit_transform(frame)
    assert windows.shape == (10, 3, 2)
