"""Time is the index, not the row: windows and targets on a grid of time steps.

A missing time step is a padded (all-NaN) step of a window and an unknown
target, never a reach over the gap; checked against plain loops over times.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.pipeline import make_pipeline

from sklstm import SlidingWindow, make_supervised, sliding_windows

START = pd.Timestamp("2024-01-01")
HOUR = pd.Timedelta("1h")


def reference_time_windows(times, values, keys, timesteps):
    """The window of every row, built one time step at a time.

    The step is the smallest difference between two consecutive times of a
    group; the window of a row holds, for each of the ``timesteps`` steps
    ending at its time, the row of its group at that time, else NaN.
    """
    step = reference_step(times, keys)
    out = np.full((len(times), timesteps, values.shape[1]), np.nan)
    if not regular(times, keys, step):  # irregular times: read by row
        for i, k in enumerate(keys):
            own = [j for j in range(i + 1) if keys[j] == k][-timesteps:]
            for s, j in enumerate(own, start=timesteps - len(own)):
                out[i, s] = values[j]
        return out
    for i, (t, k) in enumerate(zip(times, keys, strict=True)):
        for s in range(timesteps):
            when = t - (timesteps - 1 - s) * step
            for j, (u, m) in enumerate(zip(times, keys, strict=True)):
                if m == k and u == when:
                    out[i, s] = values[j]
    return out


def regular(times, keys, step):
    """Whether every difference within a group is a whole number of steps,
    and at least a fifth of them one step."""
    diffs = []
    for g in set(keys):
        own = [t for t, k in zip(times, keys, strict=True) if k == g]
        diffs += [b - a for a, b in zip(own[:-1], own[1:], strict=True)]
    if any(d % step for d in diffs):
        return False
    return not diffs or sum(d == step for d in diffs) >= 0.2 * len(diffs)


def reference_step(times, keys):
    """The smallest difference between consecutive times of a group."""
    diffs = []
    for g in set(keys):
        own = [t for t, k in zip(times, keys, strict=True) if k == g]
        diffs += [b - a for a, b in zip(own[:-1], own[1:], strict=True)]
    return min(diffs) if diffs else HOUR


@st.composite
def hourly_panels(draw):
    """Entities read at some of 30 hours (every hour, or every other one),
    rows sorted by time with entities interleaved."""
    n_groups = draw(st.integers(1, 3))
    every = draw(st.sampled_from([1, 2]))
    rows = []
    for g in range(n_groups):
        hours = draw(st.lists(st.integers(0, 14), min_size=1, max_size=12, unique=True))
        rows += [(h * every, f"e{g}") for h in hours]
    rows.sort()
    values = draw(
        st.lists(st.floats(-100, 100), min_size=len(rows), max_size=len(rows))
    )
    times = [START + h * HOUR for h, _ in rows]
    frame = pd.DataFrame(
        {"entity": [g for _, g in rows], "x": values}, index=pd.DatetimeIndex(times)
    )
    return frame


@settings(max_examples=80, deadline=None)
@given(frame=hourly_panels(), timesteps=st.integers(1, 5))
def test_windows_cover_time_steps_against_a_loop(frame, timesteps):
    keys = frame["entity"].tolist()
    expected = reference_time_windows(
        list(frame.index), frame[["x"]].to_numpy(), keys, timesteps
    )
    out = SlidingWindow(timesteps=timesteps, groups="entity").fit_transform(frame)
    assert_array_equal(np.asarray(out), expected)
    # The same panel as a MultiIndex (entity, time), without naming groups.
    multi = frame.set_index("entity", append=True).swaplevel()
    assert_array_equal(
        np.asarray(SlidingWindow(timesteps).fit_transform(multi)), expected
    )


@settings(max_examples=60, deadline=None)
@given(frame=hourly_panels(), timesteps=st.integers(1, 4), horizon=st.integers(0, 2))
def test_complete_windows_and_targets_against_a_loop(frame, timesteps, horizon):
    keys = frame["entity"].tolist()
    values = frame[["x"]].to_numpy()
    windows = reference_time_windows(list(frame.index), values, keys, timesteps)
    # The target of row i: the row of its group `horizon` steps later, or
    # `horizon` rows later when the times are irregular (read by row).
    times = list(frame.index)
    step = reference_step(times, keys)
    by_time = {(t, k): j for j, (t, k) in enumerate(zip(times, keys, strict=True))}
    if not regular(times, keys, step):
        step = None
        by_time = {}
        for i, k in enumerate(keys):
            own = [j for j in range(i, len(keys)) if keys[j] == k]
            if len(own) > horizon:
                by_time[(times[i], k)] = own[horizon]
    expected = [
        (windows[i], frame["x"].iloc[by_time[when]])
        for i, (t, k) in enumerate(zip(frame.index, keys, strict=True))
        if not np.isnan(windows[i]).any()
        and (when := (t if step is None else t + horizon * step, k)) in by_time
    ]
    if not expected:
        with pytest.raises(ValueError, match="found no complete window"):
            sliding_windows(
                frame, frame["x"], timesteps=timesteps, horizon=horizon, groups="entity"
            )
        return
    X, y = sliding_windows(
        frame, frame["x"], timesteps=timesteps, horizon=horizon, groups="entity"
    )
    assert_array_equal(X, np.array([w for w, _ in expected]))
    assert_array_equal(y.to_numpy(), [t for _, t in expected])


def hourly(hours, **more):
    index = pd.DatetimeIndex([START + h * HOUR for h in hours])
    return pd.DataFrame({"x": np.asarray(hours, dtype=float), **more}, index=index)


def test_a_window_never_reaches_over_missing_hours():
    # Hours 4-6 are missing: the 07:00 window is not [2, 3, 7].
    frame = hourly([0, 1, 2, 3, 7, 8, 9])
    out = SlidingWindow(timesteps=3).fit_transform(frame)
    assert_array_equal(out[4, :, 0], [np.nan, np.nan, 7])
    assert_array_equal(out[5, :, 0], [np.nan, 7, 8])
    assert_array_equal(out[3, :, 0], [1, 2, 3])
    # The old row-wise reading, on request.
    rows = SlidingWindow(timesteps=3, gaps="ignore").fit_transform(frame)
    assert_array_equal(rows[4, :, 0], [2, 3, 7])
    with pytest.raises(ValueError, match=r"gaps='raise'.*3 time steps.*03:00:00"):
        SlidingWindow(timesteps=3, gaps="raise").fit(frame)


def test_targets_are_time_steps_ahead_or_none():
    frame = hourly([0, 1, 2, 3, 7, 8, 9])
    X, y = make_supervised(frame, "x", horizon=1)
    # Rows 3 (03:00 -> 04:00 is missing) and 9 have no known target.
    assert X["x"].tolist() == [0, 1, 2, 7, 8]
    assert y.tolist() == [1, 2, 3, 8, 9]
    X, y = make_supervised(frame, "x", horizon=1, gaps="ignore")
    assert y.tolist() == [1, 2, 3, 7, 8, 9]
    X, y = sliding_windows(frame, frame["x"], timesteps=2, horizon=1)
    assert_array_equal(X[:, :, 0], [[0, 1], [1, 2], [7, 8]])
    assert y.tolist() == [2, 3, 9]


@pytest.mark.parametrize(
    "index, missing",
    [
        (pd.period_range("2020-01", periods=8, freq="M").delete(3), 3),
        (pd.date_range("2020-01-01", periods=8, freq="MS").delete(3), 3),
        (pd.date_range("2020-01-31", periods=8, freq="ME").delete(3), 3),
        (pd.date_range("2020-01-01", periods=8, freq="QS").delete(3), 3),
        (pd.Index(np.arange(2000, 2008)).delete(3), 3),
        (pd.Index(np.arange(8) * 0.1).delete(3), 3),
        (pd.timedelta_range("0s", periods=8, freq="10s").delete(3), 3),
        # A holiday is a missing business day; weekends are not.
        (pd.bdate_range("2024-01-01", periods=8).delete(3), 3),
        # Days of a time zone, across the change to summer time.
        (pd.date_range("2024-03-28", periods=8, tz="Europe/Berlin").delete(3), 3),
    ],
    ids=["periods", "month-starts", "month-ends", "quarters", "years", "floats",
         "timedeltas", "business-days", "days-with-dst"],
)  # fmt: skip
def test_every_kind_of_grid_pads_its_missing_step(index, missing):
    frame = pd.DataFrame({"x": np.arange(len(index), dtype=float)}, index=index)
    out = SlidingWindow(timesteps=3).fit_transform(frame)
    # The row after the gap: its window holds the row before, a padded step,
    # and itself.
    assert_array_equal(out[missing, :, 0], [missing - 1, np.nan, missing])
    assert not np.isnan(out[missing - 1, 1:, 0]).any()


def test_irregular_times_are_read_by_row():
    # Sensor reads at any moment: no grid, so rows are consecutive steps.
    times = START + pd.to_timedelta([0, 7, 19, 24, 61], unit="s")
    frame = pd.DataFrame({"x": np.arange(5.0)}, index=times)
    window = SlidingWindow(timesteps=2).fit(frame)
    assert window.time_step_ is None
    assert_array_equal(window.transform(frame)[:, :, 0], [[np.nan, 0], [0, 1],
                       [1, 2], [2, 3], [3, 4]])  # fmt: skip


def test_continuation_over_a_gap_and_on_a_float_index():
    frame = pd.DataFrame({"x": np.arange(10.0)}, index=np.arange(10) * 0.1)
    window = SlidingWindow(timesteps=3).fit(frame.iloc[:6])
    assert_array_equal(
        window.transform(frame.iloc[6:]), SlidingWindow(3).fit_transform(frame)[6:]
    )
    hours = hourly(range(12))
    window = SlidingWindow(timesteps=4).fit(hours.iloc[:6])
    later = hours.iloc[7:]  # hour 6 is missing
    assert_array_equal(window.transform(later)[0, :, 0], [4, 5, np.nan, 7])


def test_a_transform_off_the_fitted_grid_is_refused():
    window = SlidingWindow(timesteps=3).fit(hourly(range(6)))
    half_past = hourly([6.5, 7.5])
    with pytest.raises(ValueError, match="not a whole number of time steps"):
        window.transform(half_past.set_axis(START + HOUR * np.array([6, 7.5])))
    with pytest.raises(ValueError, match="fitted on a datetime index"):
        window.transform(pd.DataFrame({"x": [1.0, 2.0]}, index=[6.0, 7.0]))


# ---------------------------------------------------------------- panels


def multi_panel():
    days = pd.date_range("2024-01-01", periods=4, freq="D")
    index = pd.MultiIndex.from_product([["a", "b"], days], names=["store", "date"])
    return pd.DataFrame({"units": np.arange(8.0)}, index=index)


def test_a_multiindex_panel_never_crosses_entities():
    panel = multi_panel()
    alone = SlidingWindow(timesteps=3).fit_transform(panel)
    named = SlidingWindow(timesteps=3, groups="store").fit_transform(panel)
    assert_array_equal(alone, named)
    assert_array_equal(alone[4, :, 0], [np.nan, np.nan, 4])  # b's first day
    # A missing day of store a is padded, store b is untouched.
    holey = panel.drop(index=("a", pd.Timestamp("2024-01-02")))
    out = SlidingWindow(timesteps=3).fit_transform(holey)
    assert_array_equal(out[1, :, 0], [0, np.nan, 2])
    with pytest.raises(ValueError, match="last level of the MultiIndex"):
        SlidingWindow(groups="date").fit(panel)
    with pytest.raises(ValueError, match="nor a level of its index"):
        SlidingWindow(groups="region").fit(panel)


def test_a_panel_numbered_by_a_default_index_is_read_by_row():
    # Unbalanced stores, interleaved: the row numbers are not times.
    frame = pd.DataFrame({"store": list("ababbb"), "x": np.arange(6.0)})
    out = SlidingWindow(timesteps=2, groups="store").fit_transform(frame)
    assert_array_equal(out[2, :, 0], [0, 2])
    assert_array_equal(out[4, :, 0], [3, 4])
    # Years shared by the entities are times: a missing year is padded.
    years = pd.DataFrame(
        {"firm": list("aabbb"), "x": np.arange(5.0)},
        index=[2000, 2002, 2000, 2001, 2002],
    )
    out = SlidingWindow(timesteps=2, groups="firm").fit_transform(years)
    assert_array_equal(out[1, :, 0], [np.nan, 1])
    assert_array_equal(out[4, :, 0], [3, 4])


def test_group_names_may_be_index_levels_in_every_function():
    panel = multi_panel()
    X, y = make_supervised(panel, "units", horizon=1, groups="store")
    assert len(X) == 6 and y.tolist() == [1, 2, 3, 5, 6, 7]
    X, y = make_supervised(panel, "units", horizon=1)  # outer level = entity
    assert y.tolist() == [1, 2, 3, 5, 6, 7]
    windows, targets = sliding_windows(panel, panel["units"], timesteps=2)
    assert_array_equal(windows[:, :, 0], [[0, 1], [1, 2], [4, 5], [5, 6]])
    assert targets.tolist() == [2, 3, 6, 7]


# ---------------------------------------------------------------- shuffled rows


def test_shuffled_rows_are_refused_where_the_index_shows_it():
    frame = pd.DataFrame({"x": np.arange(10.0)}).sample(frac=1, random_state=0)
    with pytest.raises(ValueError, match="HalvingGridSearchCV.*__epochs"):
        SlidingWindow(timesteps=3).fit(frame)
    panel = pd.DataFrame({"store": list("abab"), "x": np.arange(4.0)}).iloc[
        [2, 1, 0, 3]
    ]
    with pytest.raises(ValueError, match="not increasing within group 'a'"):
        SlidingWindow(timesteps=3, groups="store").fit(panel)


class Memorizer(RegressorMixin, BaseEstimator):
    """A regressor with an ``epochs`` resource, for successive halving."""

    def __init__(self, epochs=1):
        self.epochs = epochs

    def fit(self, X, y):
        self.n_features_in_ = X.shape[-1]
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)


def test_successive_halving_subsamples_rows_unless_epochs_are_the_resource():
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401
    from sklearn.model_selection import HalvingGridSearchCV, TimeSeriesSplit

    frame = pd.DataFrame({"x": np.sin(np.arange(80.0))})
    pipe = make_pipeline(SlidingWindow(), Memorizer())
    grid = {"slidingwindow__timesteps": [2, 4]}
    halving = HalvingGridSearchCV(
        pipe, grid, cv=TimeSeriesSplit(2), error_score="raise", random_state=0
    )
    with pytest.raises(ValueError, match="not increasing"):
        halving.fit(frame, frame["x"])
    by_epochs = HalvingGridSearchCV(
        pipe,
        grid,
        cv=TimeSeriesSplit(2),
        resource="memorizer__epochs",
        min_resources=1,
        max_resources=4,
        error_score="raise",
    ).fit(frame, frame["x"])
    assert by_epochs.best_params_["slidingwindow__timesteps"] in (2, 4)


# ---------------------------------------------------------------- sizes


def test_sizes_beyond_memory_name_the_parameter():
    frame = hourly(range(5))
    with pytest.raises(ValueError, match=r"timesteps=10000000000000.*memory"):
        SlidingWindow(timesteps=10**13).fit_transform(frame)
    with pytest.raises(ValueError, match="found no complete window"):
        sliding_windows(frame, frame["x"], timesteps=2, horizon=10**19)
    with pytest.raises(ValueError, match="no row has a known future"):
        make_supervised(frame, "x", horizon=10**19)
    with pytest.raises(ValueError, match="not a bool"):
        SlidingWindow(timesteps=True).fit(frame)
    # numpy integers are integers.
    assert SlidingWindow(timesteps=np.int64(2)).fit_transform(frame).shape == (5, 2, 1)


def test_feature_names_out_are_the_features_of_every_step():
    panel = pd.DataFrame({"store": list("ab"), "x": [1.0, 2.0], "y": [3.0, 4.0]})
    window = SlidingWindow(timesteps=2, groups="store").fit(panel)
    assert window.get_feature_names_out().tolist() == ["x", "y"]
    array = SlidingWindow(timesteps=2, groups=0).fit(np.array([[0, 1.0], [1, 2.0]]))
    assert array.get_feature_names_out().tolist() == ["x1"]


# ---------------------------------------------------------------- review findings


def test_a_date_store_multiindex_is_refused_not_read_across_stores():
    wide = pd.DataFrame(
        {"a": [1.0, 2, 3], "b": [10.0, 20, 30]},
        index=pd.date_range("2024-01-01", periods=3, freq="D"),
    )
    long = wide.stack().to_frame("x")  # (date, store), as .stack() gives
    for call in (
        lambda: SlidingWindow(2).fit(long),
        lambda: make_supervised(long, "x"),
    ):
        with pytest.raises(ValueError, match=r"holds times.*swaplevel"):
            call()
    ids = long.set_axis(long.index.set_levels([0, 1], level=1))
    with pytest.raises(ValueError, match="holds times"):
        SlidingWindow(2).fit(ids)


def test_a_transform_must_name_the_entities_fitted_on():
    panel = multi_panel()
    window = SlidingWindow(3).fit(panel)
    later = pd.DataFrame(
        {"units": [100.0]}, index=pd.date_range("2024-01-05", periods=1, freq="D")
    )
    with pytest.raises(ValueError, match="fitted on entities.*one series"):
        window.transform(later)


@pytest.mark.parametrize(
    "fit_index, later",
    [
        (pd.date_range("2024-01-01", periods=4, freq="MS"),
         pd.date_range("2024-05-01", periods=2, freq="D")),
        (pd.bdate_range("2024-01-01", periods=10),
         pd.DatetimeIndex(["2024-01-15", "2024-01-20"])),
        (pd.bdate_range("2024-01-01", periods=10),
         pd.DatetimeIndex(["2024-01-15 09:00", "2024-01-15 15:00"])),
        (pd.date_range("2024-01-01", periods=5, freq="h"),
         pd.date_range("2024-01-01 05:30", periods=2, freq="h")),
        (pd.date_range("2024-01-01", periods=5, freq="h"),
         pd.date_range("2024-01-01 05:00", periods=2, freq="h", tz="UTC")),
        (pd.period_range("2024-01", periods=3, freq="M"),
         pd.period_range("2024-04-01", periods=2, freq="D")),
    ],
    ids=["day-on-a-month-grid", "saturday-on-business-days", "two-reads-a-day",
         "half-past-on-hours", "utc-on-naive", "days-on-months"],
)  # fmt: skip
def test_times_off_the_fitted_grid_are_refused_not_merged(fit_index, later):
    window = SlidingWindow(3).fit(
        pd.DataFrame({"x": np.arange(len(fit_index), dtype=float)}, index=fit_index)
    )
    with pytest.raises(ValueError, match="not|time zone|frequency"):
        window.transform(pd.DataFrame({"x": [1.0, 2.0]}, index=later))


def test_the_grid_does_not_depend_on_the_order_of_the_entities():
    days = pd.bdate_range("2024-01-01", periods=10)
    a = pd.DataFrame({"s": "a", "x": [1.0, 2, 3, 4, 5]}, index=days[5:10])
    b = pd.DataFrame({"s": "b", "x": [10.0, 11, 12, 13, 14, 15]}, index=days[0:6])
    out = SlidingWindow(3, groups="s").fit_transform(pd.concat([a, b]))
    assert_array_equal(np.asarray(out)[-1, :, 0], [13, 14, 15])  # Fri -> Mon


def test_one_entity_of_a_long_table_is_read_as_in_the_panel():
    long = pd.DataFrame({"store": list("ababaab"), "x": [1.0, 10, 2, 20, 3, 4, 40]})
    alone = SlidingWindow(2, groups="store").fit_transform(long[long.store == "a"])
    together = SlidingWindow(2, groups="store").fit_transform(long)
    assert_array_equal(alone, np.asarray(together)[long.store.to_numpy() == "a"])


def test_the_last_level_of_a_multiindex_is_time_even_when_unshared():
    index = pd.MultiIndex.from_tuples(
        [("a", 2000), ("a", 2001), ("a", 2003), ("b", 2010), ("b", 2011)]
    )
    frame = pd.DataFrame({"x": [1.0, 2, 3, 10, 11]}, index=index)
    assert_array_equal(SlidingWindow(2).fit_transform(frame)[2, :, 0], [np.nan, 3])
    assert make_supervised(frame, "x")[1].tolist() == [2, 11]


def test_a_stray_read_makes_times_irregular_not_a_tiny_grid():
    hours = pd.date_range("2024-01-01", periods=48, freq="h")
    times = hours.append(pd.DatetimeIndex(["2024-01-01 10:01"])).sort_values()
    window = SlidingWindow(24).fit(pd.DataFrame({"x": np.arange(49.0)}, index=times))
    assert window.time_step_ is None  # read by row, as documented
    with pytest.raises(ValueError, match="no regular grid"):
        SlidingWindow(3, gaps="raise").fit(
            pd.DataFrame({"x": np.arange(49.0)}, index=times)
        )


def test_targets_may_lie_past_a_gap_longer_than_the_rows():
    index = pd.period_range("2024-01-01", periods=4, freq="D")[[0, 1, 3]]
    frame = pd.DataFrame({"x": [0.0, 1, 3]}, index=index)
    X, y = sliding_windows(frame, frame["x"], timesteps=2, horizon=2)
    assert_array_equal(X[:, :, 0], [[0, 1]])
    assert y.tolist() == [3.0]


def test_a_long_float_index_stays_on_its_grid():
    frame = pd.DataFrame({"x": np.arange(1e5)}, index=np.arange(100_000) * 0.1)
    out = SlidingWindow(3).fit_transform(frame)
    assert not np.isnan(out[2:]).any()


def test_gaps_raise_covers_the_gap_after_the_fitted_rows():
    hours = hourly(range(10))
    window = SlidingWindow(4, gaps="raise").fit(hours.iloc[:6])
    with pytest.raises(ValueError, match="1 time step of 1 hour is missing"):
        window.transform(hours.iloc[7:])


def test_huge_sizes_are_refused_before_int64_arithmetic():
    frame = hourly(range(5))
    with pytest.raises(ValueError, match="memory"):
        SlidingWindow(10**19).fit_transform(frame)
    panel = pd.DataFrame({"s": list("abab"), "x": np.arange(4.0)})
    X, _ = sliding_windows(panel, timesteps=1, stride=10**19, groups="s")
    assert_array_equal(X[:, 0, 0], [0, 1])  # the first window of each store
    with pytest.raises(ValueError, match="missing values"):
        SlidingWindow(2).fit(
            pd.DataFrame({"x": [1.0]}, index=pd.DatetimeIndex([pd.NaT]))
        )
