"""TimeFeatures against plain-loop references and hand computation."""

import math
import pickle
import statistics
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import TimeFeatures
from sklstm._sliding_window import SlidingWindow

START = pd.Timestamp("2024-01-01")

# ---------------------------------------------------------------- references


def reference_elapsed(times, keys, unit):
    """Row by row: the time since the last earlier row of the same key."""
    out = []
    for i in range(len(times)):
        earlier = [j for j in range(i) if keys[j] == keys[i]]
        out.append((times[i] - times[earlier[-1]]) / unit if earlier else 0.0)
    return np.array(out, dtype=float)


def reference_median_gap(times, keys):
    gaps = []
    for i in range(len(times)):
        earlier = [j for j in range(i) if keys[j] == keys[i]]
        if earlier:
            gaps.append(times[i] - times[earlier[-1]])
    return statistics.median(gaps)


@st.composite
def panels(draw, max_rows=30):
    """Reads of a few stores at uneven moments, interleaved; the times of a
    store increase, two stores may share a time."""
    n = draw(st.integers(1, max_rows))
    stores = draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    gaps = draw(st.lists(st.integers(1, 600), min_size=n, max_size=n))
    starts = {s: draw(st.integers(0, 1_000)) for s in "abc"}
    now, times = dict(starts), []
    for store, gap in zip(stores, gaps, strict=True):
        now[store] += gap
        times.append(START + pd.Timedelta(minutes=now[store]))
    return pd.DataFrame(
        {"store": stores, "value": np.arange(n, dtype=float)},
        index=pd.DatetimeIndex(times, name="time"),
    )


def _keys(frame):
    return frame["store"].tolist()


# ---------------------------------------------------------------- elapsed


@settings(max_examples=80, deadline=None)
@given(frame=panels(), unit=st.sampled_from(["1min", "1h", "auto"]))
def test_elapsed_matches_loop_reference(frame, unit):
    keys = _keys(frame)
    times = list(frame.index)
    # With no store of two rows there is no median gap (a bad input).
    assume(unit != "auto" or len(set(keys)) < len(keys))
    before = frame.copy(deep=True)
    features = TimeFeatures(calendar=None, unit=unit, groups="store")
    out = features.fit_transform(frame)
    expected_unit = (
        reference_median_gap(times, keys) if unit == "auto" else pd.Timedelta(unit)
    )
    assert features.unit_ == expected_unit
    expected = reference_elapsed(times, keys, expected_unit)
    assert_allclose(out["time_since_previous"].to_numpy(), expected, rtol=1e-12)
    assert np.isfinite(out["time_since_previous"]).all()
    pd.testing.assert_frame_equal(frame, before)  # X is left alone
    # fit(X).transform(X) is fit_transform(X): X does not continue itself.
    pd.testing.assert_frame_equal(features.fit(frame).transform(frame), out)


@settings(max_examples=60, deadline=None)
@given(frame=panels(), cut=st.integers(0, 100))
def test_transform_continues_each_entity_from_its_last_fitted_row(frame, cut):
    # The rows after a cut continue the rows before it: each store's first
    # later row gets the time since its last earlier row, as in one table.
    assume(len(frame) >= 2)
    cut = 1 + cut % (len(frame) - 1)
    train, test = frame.iloc[:cut], frame.iloc[cut:]
    features = TimeFeatures(calendar=None, unit="1min", groups="store").fit(train)
    out = features.transform(test)
    whole = reference_elapsed(list(frame.index), _keys(frame), pd.Timedelta("1min"))
    assert_allclose(out["time_since_previous"].to_numpy(), whole[cut:])


@settings(max_examples=40, deadline=None)
@given(frame=panels())
def test_multiindex_entities_need_no_groups(frame):
    params = {"calendar": ["hour"], "unit": "1min"}
    expected = TimeFeatures(**params, groups="store").fit_transform(frame)
    multi = frame.set_index("store", append=True).swaplevel()
    out = TimeFeatures(**params).fit_transform(multi)
    assert out.index.equals(multi.index)
    assert_array_equal(out.to_numpy(), expected.drop(columns="store").to_numpy())


def test_first_rows_of_new_entities_and_overlapping_data_get_zero():
    hours = pd.date_range("2024-01-01", periods=6, freq="h")
    train = pd.DataFrame({"store": list("aabbaa"), "x": np.arange(6.0)}, index=hours)
    features = TimeFeatures(calendar=None, groups="store").fit(train)
    later = pd.DataFrame(
        {"store": ["c", "a", "c"], "x": [1.0, 2.0, 3.0]},
        index=pd.date_range("2024-01-01 08:00", periods=3, freq="2h"),
    )
    # 'c' is new: 0; 'a' was last seen at 05:00, 5 hours before 10:00.
    assert features.transform(later)["time_since_previous"].tolist() == [0, 5, 4]
    # Rows that overlap the fitted ones (here, the training rows) start at 0.
    again = features.transform(train)["time_since_previous"].tolist()
    assert again == [0, 1, 0, 1, 3, 1]


def test_periods_count_periods_and_a_length_reads_their_starts():
    months = pd.PeriodIndex(["2024-01", "2024-02", "2024-04", "2024-05"], freq="M")
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]}, index=months)
    features = TimeFeatures().fit(frame)
    assert features.unit_ == pd.offsets.MonthEnd()
    assert features.calendar_ == ["month"]
    out = features.transform(frame)
    assert out["time_since_previous"].tolist() == [0, 1, 2, 1]
    assert_allclose(out["month_sin"], np.sin(2 * np.pi * np.array([0, 1, 3, 4]) / 12))
    days = TimeFeatures(unit="1D").fit_transform(frame)["time_since_previous"]
    assert days.tolist() == [0, 31, 60, 30]


def test_numbers_and_timedeltas_have_elapsed_time_but_no_calendar():
    years = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=pd.Index([1990, 1992, 1993]))
    features = TimeFeatures().fit(years)
    assert features.unit_ == 1.5 and features.calendar_ == []
    assert features.transform(years)["time_since_previous"].tolist() == [
        0,
        4 / 3,
        2 / 3,
    ]
    named = years.rename_axis("year")
    assert TimeFeatures(unit=1).fit_transform(named).columns.tolist() == [
        "x",
        "time_since_previous",
    ]
    since = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.to_timedelta(["0s", "90s"]))
    out = TimeFeatures(unit="30s").fit_transform(since)
    assert out["time_since_previous"].tolist() == [0, 3]


def test_elapsed_time_counts_utc_and_the_calendar_the_wall_clock():
    # Over the change to summer time, 01:00 to 03:00 local is one hour.
    local = pd.DatetimeIndex(
        ["2024-03-31 00:00", "2024-03-31 01:00", "2024-03-31 03:00"]
    ).tz_localize("Europe/Paris")
    frame = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=local)
    out = TimeFeatures(calendar=["hour"], unit="1h").fit_transform(frame)
    assert out["time_since_previous"].tolist() == [0, 1, 1]
    assert_allclose(out["hour_sin"], np.sin(2 * np.pi * np.array([0, 1, 3]) / 24))


@pytest.mark.parametrize(
    "unit", ["12h", pd.Timedelta(12, "h"), timedelta(hours=12), np.timedelta64(12, "h")]
)
def test_every_kind_of_length_of_time_is_a_unit(unit):
    # np.timedelta64 is a numpy integer too: still a length of time, not a number.
    days = pd.DataFrame(
        {"x": [1.0, 2.0, 3.0]}, index=pd.date_range("2024-01-01", periods=3)
    )
    out = TimeFeatures(calendar=None, unit=unit).fit_transform(days)
    assert out["time_since_previous"].tolist() == [0, 2, 2]


# ---------------------------------------------------------------- calendar


def test_calendar_features_match_hand_computation():
    when = pd.Timestamp("2024-03-15 13:30")  # a Friday, in a leap year
    frame = pd.DataFrame({"x": [0.0]}, index=pd.DatetimeIndex([when]))
    names = ["minute", "hour", "dayofweek", "dayofmonth", "dayofyear", "month"]
    out = TimeFeatures(calendar=names, elapsed=False).fit_transform(frame)
    day = 13.5 / 24
    fractions = {
        "minute": 30 / 60,
        "hour": 13.5 / 24,
        "dayofweek": (4 + day) / 7,
        "dayofmonth": (14 + day) / 31,
        "dayofyear": (31 + 29 + 14 + day) / 366,
        "month": (2 + (14 + day) / 31) / 12,
    }
    for name, p in fractions.items():
        assert out[f"{name}_sin"].iloc[0] == pytest.approx(math.sin(2 * math.pi * p))
        assert out[f"{name}_cos"].iloc[0] == pytest.approx(math.cos(2 * math.pi * p))


def test_hourly_cycle_is_hour_over_24_and_closes():
    hours = pd.date_range("2024-01-01", periods=48, freq="h")
    frame = pd.DataFrame({"x": np.zeros(48)}, index=hours)
    out = TimeFeatures(calendar=["hour"], elapsed=False).fit_transform(frame)
    h = np.arange(48) % 24
    assert_allclose(out["hour_sin"], np.sin(2 * np.pi * h / 24), atol=1e-12)
    assert_allclose(out["hour_cos"], np.cos(2 * np.pi * h / 24), atol=1e-12)
    # 23:00 lies as close to 00:00 as 00:00 to 01:00.
    points = out[["hour_sin", "hour_cos"]].to_numpy()
    assert np.linalg.norm(points[23] - points[24]) == pytest.approx(
        np.linalg.norm(points[0] - points[1])
    )


@pytest.mark.parametrize(
    "freq, expected",
    [
        ("15min", ["hour", "dayofweek", "month"]),
        ("h", ["hour", "dayofweek", "month"]),
        ("D", ["dayofweek", "month"]),
        ("B", ["dayofweek", "month"]),
        ("W", ["month"]),
        ("MS", ["month"]),
        ("QS", ["month"]),
        ("YS", []),
    ],
)
def test_auto_calendar_chooses_the_cycles_the_rows_see(freq, expected):
    frame = pd.DataFrame(
        {"x": np.zeros(12)}, index=pd.date_range("2024-01-01", periods=12, freq=freq)
    )
    features = TimeFeatures().fit(frame)
    assert features.calendar_ == expected
    names = ["x", "time_since_previous"]
    names += [f"{name}_{f}" for name in expected for f in ("sin", "cos")]
    assert features.get_feature_names_out().tolist() == names


# ---------------------------------------------------------------- output


def test_output_keeps_index_columns_and_dtypes_and_names_the_new_columns():
    frame = pd.DataFrame(
        {"store": ["a", "b", "a"], "units": [1, 2, 3], "price": [1.5, 2.5, 3.5]},
        index=pd.date_range("2024-01-01", periods=3, freq="h", name="time"),
    )
    before = frame.copy(deep=True)
    features = TimeFeatures(groups="store")
    out = features.fit_transform(frame)
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(frame.index)
    assert out.columns.tolist() == features.get_feature_names_out().tolist()
    assert out.columns.tolist()[:3] == ["store", "units", "price"]
    pd.testing.assert_frame_equal(out[["store", "units", "price"]], frame)
    new = out.columns[3:]
    assert (out[new].dtypes == np.float64).all()
    assert np.isfinite(out[new].to_numpy()).all()
    pd.testing.assert_frame_equal(frame, before)
    # The output is the same DataFrame whatever set_output asks.
    for container in ("pandas", "default"):
        again = TimeFeatures(groups="store").set_output(transform=container)
        pd.testing.assert_frame_equal(again.fit_transform(frame), out)
        pd.testing.assert_frame_equal(again.transform(frame), out)


def test_series_is_one_column_and_a_fitted_transformer_pickles():
    series = pd.Series(
        [1.0, 2.0, 4.0], index=pd.date_range("2024-01-01", periods=3, freq="D")
    )
    features = TimeFeatures().fit(series)
    out = features.transform(series)
    assert out.columns.tolist()[:2] == [0, "time_since_previous"]
    restored = pickle.loads(pickle.dumps(features))
    pd.testing.assert_frame_equal(restored.transform(series), out)


# ---------------------------------------------------------------- pipelines


def _flat_linear(timesteps, **window):
    flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    return make_pipeline(
        TimeFeatures(**window),
        SlidingWindow(timesteps=timesteps, **window),
        flat,
        LinearRegression(),
    )


def _uneven_panel(n=60, seed=0):
    """Two sensors read at uneven moments, interleaved by time; the target
    is the level plus the minutes since the sensor's previous read, which
    only the time feature tells."""
    rng = np.random.default_rng(seed)
    parts = []
    for sensor in ("s1", "s2"):
        minutes = np.cumsum(rng.integers(1, 60, size=n))
        parts.append(
            pd.DataFrame(
                {
                    "sensor": sensor,
                    "level": rng.normal(size=n),
                    "gap": np.r_[0, np.diff(minutes)],
                },
                index=pd.DatetimeIndex(START + pd.to_timedelta(minutes, "min")),
            )
        )
    frame = pd.concat(parts).sort_index(kind="stable")
    return frame.drop(columns="gap"), frame["gap"] + frame["level"]


def test_pipeline_time_features_then_windows_fits_and_predicts():
    frame, y = _uneven_panel()
    before = frame.copy(deep=True)
    train, test = frame.iloc[:90], frame.iloc[90:]
    pipe = _flat_linear(3, groups="sensor").fit(train, y.iloc[:90])
    # The target is the time since the previous read plus the level: the
    # time feature makes it exactly learnable, on rows after the training
    # rows too (their first gaps continue from the fitted rows).
    assert_allclose(pipe.predict(test), y.iloc[90:].to_numpy(), atol=1e-6)
    pd.testing.assert_frame_equal(frame, before)
    windows = pipe[:2].transform(test)
    # level, time_since_previous, and the sin and cos of hour, dayofweek
    # and month (reads minutes apart see the day, the week and the year).
    assert windows.shape == (len(test), 3, 8)


def test_pipeline_searches_the_window_length():
    frame, y = _uneven_panel()
    search = GridSearchCV(
        _flat_linear(2, groups="sensor"),
        {"slidingwindow__timesteps": [1, 2]},
        cv=TimeSeriesSplit(n_splits=3),
    ).fit(frame, y)
    assert search.best_score_ > 0.99
