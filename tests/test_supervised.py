"""make_supervised and predict_frame, and the panel recipes they serve."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import SlidingWindow, make_supervised, predict_frame
from sklstm._time import _MIN_STEP_SHARE


def reference_supervised(frame, targets, horizon, group, gaps="ignore"):
    """Row by row: keep a row when its group has a row at each of the next
    `horizon` steps: the next rows (gaps="ignore"), or the rows 1 .. horizon
    time steps later (gaps="pad"), a step being the smallest difference
    between the hours of two rows of a group, if every difference is a
    multiple of it and enough of them equal it (else rows are read in order)."""
    keys = frame[group].tolist() if group else [0] * len(frame)
    hours = [int((t - frame.index[0]) / pd.Timedelta("1h")) for t in frame.index]
    diffs = [
        hours[j] - hours[i]
        for i in range(len(frame))
        for j in range(i + 1, len(frame))
        if keys[j] == keys[i] and not any(keys[m] == keys[i] for m in range(i + 1, j))
    ]
    step = min(diffs) if diffs else None
    by_time = (
        gaps == "pad"
        and step is not None
        and all(d % step == 0 for d in diffs)
        # A few reads at the smallest difference among many at multiples of
        # it are stray reads of irregular times, not a grid of that step.
        and diffs.count(step) / len(diffs) >= _MIN_STEP_SHARE
    )
    kept, futures = [], []
    for i in range(len(frame)):
        later = [j for j in range(i + 1, len(frame)) if keys[j] == keys[i]]
        if by_time:
            at = {hours[j]: j for j in later}
            later = [at.get(hours[i] + s * step) for s in range(1, horizon + 1)]
            if None in later:
                continue
        if len(later) >= horizon:
            kept.append(i)
            futures.append(
                [
                    frame[c].iloc[later[s - 1]]
                    for c in targets
                    for s in range(1, horizon + 1)
                ]
            )
    return kept, np.array(futures, dtype=float).reshape(
        len(kept), len(targets) * horizon
    )


@st.composite
def panels(draw):
    n = draw(st.integers(2, 30))
    stores = draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n))
    sales = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    visits = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    return pd.DataFrame(
        {"store": stores, "sales": sales, "visits": visits},
        index=pd.date_range("2024-01-01", periods=n, freq="h"),
    )


@settings(max_examples=60, deadline=None)
@given(
    frame=panels(),
    horizon=st.integers(1, 3),
    targets=st.sampled_from([["sales"], ["sales", "visits"]]),
    grouped=st.booleans(),
    gaps=st.sampled_from(["pad", "ignore"]),
    known_future=st.booleans(),
)
def test_make_supervised_matches_loop_reference(
    frame, horizon, targets, grouped, gaps, known_future
):
    group = "store" if grouped else None
    kept, futures = reference_supervised(frame, targets, horizon, group, gaps)
    target = targets[0] if len(targets) == 1 else targets
    call = {"horizon": horizon, "groups": group, "gaps": gaps}
    expected_X = frame.iloc[kept]
    if known_future and "visits" not in targets:  # known in advance: features
        call["known_future"] = ["visits"]
        _, visits_ahead = reference_supervised(frame, ["visits"], horizon, group, gaps)
        for step in range(1, horizon + 1):
            expected_X = expected_X.assign(
                **{f"visits(t+{step})": visits_ahead[:, step - 1].astype(np.int64)}
            )
    if not kept:
        with pytest.raises(ValueError, match="no row has a known future"):
            make_supervised(frame, target, **call)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # groups too short: tested below
        X, y = make_supervised(frame, target, **call)
    pd.testing.assert_frame_equal(X, expected_X)
    assert y.index.equals(X.index)
    assert_array_equal(np.asarray(y, dtype=float).reshape(len(kept), -1), futures)


def test_names_of_the_target_columns():
    frame = pd.DataFrame({"sales": [1, 2, 3, 4], "visits": [5, 6, 7, 8]})
    _, y = make_supervised(frame, "sales")
    assert y.name == "sales(t+1)"
    _, y = make_supervised(frame, ["sales", "visits"], horizon=2)
    assert list(y.columns) == ["sales(t+1)", "sales(t+2)", "visits(t+1)", "visits(t+2)"]
    assert_array_equal(y.to_numpy(), [[2, 3, 6, 7], [3, 4, 7, 8]])


def test_numpy_in_numpy_out():
    data = np.arange(12.0).reshape(6, 2)
    X, y = make_supervised(data, 1, horizon=2)
    assert_array_equal(X, data[:4])
    assert_array_equal(y, [[3, 5], [5, 7], [7, 9], [9, 11]])


def test_input_is_not_modified():
    frame = pd.DataFrame({"store": list("aabb"), "sales": [1.0, 2.0, 3.0, 4.0]})
    before = frame.copy()
    make_supervised(frame, "sales", groups="store")
    pd.testing.assert_frame_equal(frame, before)


def test_group_shorter_than_the_horizon_is_dropped_with_a_count():
    frame = pd.DataFrame({"store": list("aaab"), "sales": [1, 2, 3, 4]})
    with pytest.warns(UserWarning, match="1 of 2 groups have no row whose next 1"):
        X, y = make_supervised(frame, "sales", groups="store")
    assert X["store"].tolist() == ["a", "a"]
    with pytest.raises(ValueError, match=r"at most 3 rows.*needs at least 4"):
        make_supervised(frame, "sales", horizon=3, groups="store")


def test_bad_input_is_explained():
    frame = pd.DataFrame(
        {"sales": [1.0, 2.0, 3.0]},
        index=pd.to_datetime(["2024-01-02", "2024-01-01", "2024-01-03"]),
    )
    with pytest.raises(ValueError, match=r"target column\(s\) \['units'\]"):
        make_supervised(frame, "units")
    with pytest.raises(ValueError, match="not increasing"):
        make_supervised(frame, "sales")
    duplicated = frame.set_axis(pd.to_datetime(["2024-01-01"] * 2 + ["2024-01-02"]))
    with pytest.raises(ValueError, match="share the time stamp"):
        make_supervised(duplicated, "sales")
    with pytest.raises(ValueError, match="one column"):
        make_supervised(np.arange(5.0), 0)
    with pytest.raises(ValueError, match="horizon"):
        make_supervised(frame.sort_index(), "sales", horizon=0)
    with pytest.raises(ValueError, match=r"known_future column\(s\) \['price'\]"):
        make_supervised(frame.sort_index(), "sales", known_future="price")
    clashing = frame.sort_index().assign(price=1.0, **{"price(t+1)": 0.0})
    with pytest.raises(ValueError, match=r"columns \['price\(t\+1\)'\]"):
        make_supervised(clashing, "sales", known_future="price")
    with pytest.raises(ValueError, match="both a target and known in advance"):
        make_supervised(frame.sort_index(), "sales", known_future="sales")


def test_known_future_of_an_array_is_appended_after_the_columns():
    data = np.arange(12.0).reshape(6, 2)
    X, y = make_supervised(data, 1, horizon=2, known_future=0)
    assert_array_equal(X, np.column_stack([data[:4], data[1:5, 0], data[2:6, 0]]))
    assert_array_equal(y, [[3, 5], [5, 7], [7, 9], [9, 11]])


# ---------------------------------------------------------------- panel recipes


def test_static_entity_features_ride_along_in_every_step():
    panel = pd.DataFrame(
        {
            "store": ["a", "b"] * 4,
            "store_size": [100.0, 40.0] * 4,  # static: one value per store
            "sales": np.arange(8.0),
        },
        index=pd.date_range("2024-01-01", periods=4, freq="D").repeat(2),
    )
    windows = SlidingWindow(timesteps=3, groups="store").fit_transform(panel)
    assert windows.shape == (8, 3, 2)  # features: store_size and sales
    real = ~np.isnan(windows).all(axis=-1)
    sizes = np.where(panel["store"] == "a", 100.0, 40.0)
    for i in range(8):
        assert_array_equal(windows[i][real[i], 0], sizes[i])


def test_an_entity_shorter_than_the_window_gets_padded_windows():
    panel = pd.DataFrame({"store": ["a"] * 6 + ["b"] * 2, "sales": np.arange(8.0)})
    windows = SlidingWindow(timesteps=5, groups="store").fit_transform(panel)
    padded = np.isnan(windows).all(axis=-1).sum(axis=1)
    assert padded.tolist() == [4, 3, 2, 1, 0, 0, 4, 3]


def _flat_linear(timesteps, **window):
    flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    return make_pipeline(
        SlidingWindow(timesteps=timesteps, **window), flat, LinearRegression()
    )


def test_predict_frame_lays_predictions_on_entity_and_time():
    panel = pd.DataFrame(
        {"store": ["a", "b"] * 5, "sales": np.arange(10.0)},
        index=pd.date_range("2024-01-01", periods=5, freq="D").repeat(2),
    )
    X, y = make_supervised(panel, "sales", groups="store")
    pipe = _flat_linear(2, groups="store").fit(X, y)
    frame = predict_frame(pipe, X)
    assert frame.index.equals(X.index)
    assert list(frame.columns) == ["store", "prediction", "padded_steps"]
    assert frame["padded_steps"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0]
    assert_array_equal(frame["prediction"].to_numpy(), pipe.predict(X))


def test_predict_frame_names_several_outputs_and_refuses_arrays():
    frame = pd.DataFrame({"x": np.arange(8.0)})
    X, y = make_supervised(frame, "x", horizon=2)
    pipe = _flat_linear(3).fit(X, y)
    assert list(predict_frame(pipe, X, name="x")) == ["x_0", "x_1", "padded_steps"]
    with pytest.raises(TypeError, match="DataFrame"):
        predict_frame(pipe, X.to_numpy())
