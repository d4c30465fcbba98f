"""forecast: the future after each group's history, with its dates."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.compose import TransformedTargetRegressor
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import (
    DifferencedTargetRegressor,
    SlidingWindow,
    forecast,
    make_supervised,
)


def flat(windows):
    return np.nan_to_num(np.asarray(windows).reshape(len(windows), -1))


def pipeline(timesteps=3, groups=None, model=None):
    return make_pipeline(
        SlidingWindow(timesteps=timesteps, groups=groups),
        FunctionTransformer(flat),
        model or LinearRegression(),
    )


RNG = np.random.default_rng(0)
DAILY = pd.DataFrame(
    {"load": np.sin(np.arange(80) / 4) + RNG.normal(scale=0.1, size=80)},
    index=pd.date_range("2024-03-01", periods=80, freq="D"),
)


def fitted(data, target, horizon, **kwargs):
    X, y = make_supervised(data, target, horizon=horizon, groups=kwargs.get("groups"))
    return pipeline(**kwargs).fit(X, y)


def test_direct_forecast_is_the_last_rows_prediction_on_the_next_dates():
    model = fitted(DAILY, "load", 3)
    before = DAILY.copy()
    future = forecast(model, DAILY)
    expected = model.predict(DAILY)[-1]  # the window reaches back into history
    assert_allclose(future["load"], expected)
    assert list(future.index) == list(pd.date_range("2024-05-20", periods=3))
    assert not np.allclose(model.predict(DAILY.iloc[-1:])[0], expected)  # padded
    pd.testing.assert_frame_equal(DAILY, before)  # the history is untouched
    assert_allclose(forecast(model, DAILY, steps=2)["load"], expected[:2])


@pytest.mark.parametrize("horizon, steps", [(1, 4), (2, 5), (3, 6)])
def test_recursive_forecast_equals_feeding_the_predictions_back_by_hand(horizon, steps):
    model = fitted(DAILY, "load", horizon)
    history, values = DAILY.copy(), []
    while len(values) < steps:  # by hand: predict, append, predict again
        block = model.predict(history)[-1].reshape(-1)[: steps - len(values)]
        dates = pd.date_range(history.index[-1], periods=len(block) + 1)[1:]
        history = pd.concat([history, pd.DataFrame({"load": block}, index=dates)])
        values += list(block)
    future = forecast(model, DAILY, steps=steps)
    assert_allclose(future["load"], values)
    assert future.index.equals(history.index[-steps:])


def panel(interleaved=True):
    days = pd.date_range("2024-01-01", periods=40, freq="D")
    stores = {"a": 10.0, "b": -5.0, "c": 0.0}
    frames = [
        pd.DataFrame(
            {"store": s, "sales": base + np.cumsum(RNG.normal(size=40))}, index=days
        )
        for s, base in stores.items()
    ]
    data = pd.concat(frames)
    return data.sort_index(kind="stable") if interleaved else data


@pytest.mark.parametrize("interleaved", [True, False])
def test_every_entity_is_forecast_from_its_own_last_window(interleaved):
    data = panel(interleaved)
    model = fitted(data, "sales", 2, groups="store")
    future = forecast(model, data)
    assert future.index.names == ["store", None]
    predicted = model.predict(data)
    for store, rows in data.groupby("store"):
        last = np.flatnonzero(data["store"].to_numpy() == store)[-1]
        assert_allclose(future.loc[store, "sales"], predicted[last])
        assert list(future.loc[store].index) == list(
            pd.date_range(rows.index[-1], periods=3)[1:]
        )
    recursive = forecast(model, data, steps=4)
    assert recursive.groupby(level="store").size().tolist() == [4, 4, 4]


def test_a_multiindex_panel_keeps_its_levels():
    data = panel().set_index("store", append=True).swaplevel().sort_index()
    X, y = make_supervised(data, "sales", horizon=1)
    model = pipeline().fit(X, y)
    future = forecast(model, data, steps=2)
    assert future.index.names == ["store", None]
    assert future.index.get_level_values(-1).unique().tolist() == list(
        pd.date_range("2024-02-10", periods=2)
    )


def test_recursive_forecasts_keep_the_layout_of_the_history():
    # The same panel with its entities as columns, as a named MultiIndex level
    # beside a group column, and as an unnamed level: the same forecasts.
    regions = {"a": "x", "b": "y", "c": "z"}
    data = panel().assign(region=lambda d: d["store"].map(regions))
    expected = forecast(
        fitted(data, "sales", 1, groups=["store", "region"]), data, steps=3
    )
    indexed = data.set_index("store", append=True).swaplevel().sort_index()
    for history, names in [
        (indexed, ["store", "region", None]),
        (indexed.rename_axis([None, None]), [None, "region", None]),
    ]:
        future = forecast(
            fitted(history, "sales", 1, groups="region"), history, steps=3
        )
        assert future.index.names == names
        assert future.index.droplevel(0).equals(expected.index.droplevel(0))
        assert_allclose(future["sales"], expected["sales"], rtol=1e-8)


DATES = pd.to_datetime


@pytest.mark.parametrize(
    "index, expected",
    [
        (pd.date_range("2020-01-31", periods=30, freq="ME"),
         DATES(["2022-07-31", "2022-08-31"])),
        (pd.date_range("2020-01-01", periods=30, freq="MS"),
         DATES(["2022-07-01", "2022-08-01"])),
        (pd.bdate_range("2024-01-01", periods=30), DATES(["2024-02-12", "2024-02-13"])),
        (pd.period_range("2000Q1", periods=30, freq="Q"),
         pd.PeriodIndex(["2007Q3", "2007Q4"], freq="Q")),
        (pd.Index(np.arange(1950, 2010, 2)), pd.Index([2010, 2012])),
        (pd.date_range("2024-01-01", periods=30, freq="15min"),
         DATES(["2024-01-01 07:30", "2024-01-01 07:45"])),
        # Days of a time zone stay at midnight across a change of the clocks.
        (pd.date_range("2024-03-01", periods=30, freq="D", tz="Europe/Paris"),
         pd.DatetimeIndex(["2024-03-31", "2024-04-01"], tz="Europe/Paris")),
    ],
    ids=["month-ends", "month-starts", "business-days", "quarters", "every-2-years",
         "quarter-hours", "days-across-summer-time"],
)  # fmt: skip
def test_the_future_is_dated_on_the_grid_of_the_history(index, expected):
    data = pd.DataFrame({"v": np.arange(30.0)}, index=index)
    model = fitted(data, "v", 2)
    assert list(forecast(model, data).index) == list(expected)
    # Fed back, the forecasts are rows on the same grid: the model reads on.
    assert list(forecast(model, data, steps=4).index[:2]) == list(expected)


def test_wrappers_are_seen_through():
    trend = pd.DataFrame(
        {"gdp": 100 + np.arange(60.0) * 2},
        index=pd.period_range("2000Q1", periods=60, freq="Q"),
    )
    X, y = make_supervised(trend, "gdp", horizon=2)
    differenced = DifferencedTargetRegressor(pipeline(model=Ridge()), level="gdp")
    search = GridSearchCV(
        TransformedTargetRegressor(differenced),
        {"regressor__regressor__ridge__alpha": [0.1, 1.0]},
        cv=TimeSeriesSplit(2),
    ).fit(X, y)
    future = forecast(search, trend, steps=4)
    assert_allclose(future["gdp"], 100 + 2 * np.arange(60, 64), rtol=1e-3)


def test_misuse_is_explained():
    model = fitted(DAILY, "load", 2)
    with pytest.raises(TypeError, match="DataFrame"):
        forecast(model, DAILY.to_numpy())
    with pytest.raises(TypeError, match="has none"):
        forecast(make_pipeline(LinearRegression()).fit(DAILY, DAILY["load"]), DAILY)
    two = DAILY.assign(temp=1.0)
    X, y = make_supervised(two, "load", horizon=2)
    both = pipeline().fit(X, y)
    assert len(forecast(both, two, target="load")) == 2
    with pytest.raises(ValueError, match=r"target=\['load'\]\) for one target 2 steps"):
        forecast(both, two)  # load 2 steps ahead, or load and temp 1 step?
    with pytest.raises(ValueError, match=r"inputs are \['load', 'temp'\]"):
        forecast(both, two, steps=3, target="load")
    with pytest.raises(ValueError, match="lacks the columns"):
        forecast(both, DAILY)
    with pytest.raises(ValueError, match="do not split into the 3 targets"):
        forecast(model, DAILY, target=["a", "b", "c"])
    with pytest.raises(ValueError, match="positive int"):
        forecast(model, DAILY, steps=0)
    uneven = DAILY.iloc[[0, 1, 3, 7, 8, 9, 20, 21, 22, 30, 31, 40]]
    model = (
        pipeline().set_params(slidingwindow__gaps="ignore").fit(uneven, uneven["load"])
    )
    with pytest.raises(ValueError, match="regular grid"):
        forecast(model, uneven)


def _known_future_by_hand(history, future, column, horizon, groups):
    """The columns ``column(t+k)`` of every history row, by a loop over rows."""
    both = pd.concat([history, future])
    keys = both[groups] if groups else pd.Series(0, index=both.index)
    values = {}
    for k in range(1, horizon + 1):
        out = []
        for row in range(len(history)):
            key, time = keys.iloc[row], history.index[row]
            later = time + pd.Timedelta(days=k)
            same = (keys.to_numpy() == key) & (both.index == later)
            out.append(both[column].to_numpy()[same][0] if same.any() else np.nan)
        values[f"{column}(t+{k})"] = out
    return history.assign(**values)


@pytest.mark.parametrize("interleaved", [True, False])
def test_known_future_values_come_from_future_within_each_group(interleaved):
    data = panel(interleaved)
    data["price"] = RNG.uniform(1, 2, len(data))
    horizon = 3
    X, y = make_supervised(
        data, "sales", horizon=horizon, groups="store", known_future="price"
    )
    model = pipeline(groups="store").fit(X, y)
    # Each store's prices for the 3 days after its history, shuffled, plus a
    # later day that the model does not read.
    last = data.index.max()
    future = pd.DataFrame(
        {
            "store": np.repeat(["a", "b", "c"], horizon + 1),
            "price": RNG.uniform(1, 2, 3 * (horizon + 1)),
        },
        index=np.tile(pd.date_range(last, periods=horizon + 2)[1:], 3),
    )
    before = future.copy()
    forecasts = forecast(model, data, future=future.sample(frac=1, random_state=0))
    pd.testing.assert_frame_equal(future, before)
    with_known = _known_future_by_hand(data, future, "price", horizon, "store")
    predicted = model.predict(with_known[X.columns])
    for store in ["a", "b", "c"]:
        last_row = np.flatnonzero(data["store"].to_numpy() == store)[-1]
        assert_allclose(forecasts.loc[store, "sales"], predicted[last_row])
    # The known future moves the forecast: other prices, another forecast.
    cheaper = future.assign(price=future["price"] - 1)
    assert not np.allclose(
        forecast(model, data, future=cheaper)["sales"], forecasts["sales"]
    )


def test_known_future_misuse_is_explained():
    data = DAILY.assign(price=np.linspace(2, 1, len(DAILY)))
    X, y = make_supervised(data, "load", horizon=2, known_future="price")
    model = pipeline().fit(X, y)
    after = pd.date_range("2024-05-20", periods=2)
    prices = pd.DataFrame({"price": [0.9, 0.8]}, index=after)
    assert len(forecast(model, data, future=prices)) == 2
    with pytest.raises(ValueError, match=r"known in advance.*future is None"):
        forecast(model, data)
    with pytest.raises(TypeError, match="future must be a DataFrame"):
        forecast(model, data, future=prices.to_numpy())
    with pytest.raises(ValueError, match=r"future lacks the columns \['price'\]"):
        forecast(model, data, future=prices.rename(columns={"price": "cost"}))
    with pytest.raises(ValueError, match="no row 2 time steps after"):
        forecast(model, data, future=prices.iloc[:1])
    with pytest.raises(ValueError, match="must follow each group's history"):
        forecast(model, data, future=prices.set_axis(after - pd.Timedelta(days=5)))
    with pytest.raises(ValueError, match=r"inputs are \['load', 'price'\]"):
        forecast(model, data, future=prices, steps=3)
    with pytest.raises(ValueError, match=r"lacks the columns \['price', 'price\(t\+1"):
        forecast(model, DAILY, future=prices)  # the price's history is missing
    plain = fitted(DAILY, "load", 2)
    with pytest.raises(ValueError, match="reads none.*Leave future out"):
        forecast(plain, DAILY, future=prices)


class Recorder(FunctionTransformer):
    """Passes its input on and keeps the last table it was given."""

    def transform(self, X):
        self.seen_ = X.copy()
        return super().transform(X)


@st.composite
def priced_panels(draw):
    """Hourly stores whose history may miss a step before its last
    ``horizon + 1`` rows, and each store's prices after its history."""
    horizon = draw(st.integers(1, 3))
    history, future = [], []
    for store in draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3,
                               unique=True)):  # fmt: skip
        n = draw(st.integers(horizon + 5, 12))
        start = draw(st.integers(0, 5))
        hours = np.arange(start, start + n)
        if draw(st.booleans()):  # one missing step, before the last rows
            hours = np.delete(hours, draw(st.integers(2, n - horizon - 3)))
        extra = draw(st.integers(0, 2))
        ahead = hours[-1] + np.arange(1, horizon + extra + 1)
        for part, at in ((history, hours), (future, ahead)):
            part.append(pd.DataFrame(
                {"store": store, "price": RNG.uniform(1, 2, len(at)).round(2)},
                index=pd.Timestamp("2024-01-01") + pd.to_timedelta(at, unit="h"),
            ))  # fmt: skip
    history = pd.concat(history)
    history["sales"] = RNG.normal(size=len(history)).round(2)
    interleave = draw(st.booleans())
    history = history.sort_index(kind="stable") if interleave else history
    return history, pd.concat(future).sample(frac=1, random_state=0), horizon


@settings(max_examples=40, deadline=None)
@given(priced_panels())
def test_known_future_matches_a_loop_reference(data):
    history, future, horizon = data
    X, y = make_supervised(
        history, "sales", horizon=horizon, groups="store", known_future="price"
    )
    recorder = Recorder()
    model = make_pipeline(
        recorder,
        SlidingWindow(timesteps=2, groups="store"),
        FunctionTransformer(flat),
        LinearRegression(),
    ).fit(X, y)
    forecast(model, history, future=future)
    both = pd.concat([history, future])
    expected = history.copy()
    for k in range(1, horizon + 1):  # by a loop over rows: the price k hours on
        values = []
        for i in range(len(history)):
            same = (both["store"].to_numpy() == history["store"].iloc[i]) & (
                both.index == history.index[i] + pd.Timedelta(hours=k)
            )
            values.append(both["price"].to_numpy()[same][0] if same.any() else np.nan)
        expected[f"price(t+{k})"] = values
    pd.testing.assert_frame_equal(recorder.seen_, expected[list(X.columns)])
