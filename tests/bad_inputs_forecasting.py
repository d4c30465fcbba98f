"""Bad inputs to forecasting: DifferencedTargetRegressor, backtest, forecast."""

import numpy as np
import pandas as pd
from badinput import Bad
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import DifferencedTargetRegressor, SlidingWindow, forecast, make_supervised
from sklstm.model_selection import PanelTimeSeriesSplit, backtest

SERIES = pd.DataFrame({"gdp": np.arange(1.0, 21.0), "rate": np.linspace(0, 1, 20)})
X, Y = make_supervised(SERIES, "gdp", horizon=2)
GAPPY = X.assign(gdp=X["gdp"].where(X.index != 3))
TWICE = pd.concat([X[["gdp"]], X[["gdp"]]], axis=1)


QUARTERS = SERIES.set_axis(pd.period_range("2000Q1", periods=20, freq="Q"))


def _forecaster(data=QUARTERS, horizon=2, known_future=None, **window):
    X, y = make_supervised(data, "gdp", horizon=horizon, known_future=known_future)
    flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    return make_pipeline(SlidingWindow(timesteps=3, **window), flat,
                         LinearRegression()).fit(X, y)  # fmt: skip


FORECASTER = _forecaster()
PRICED = QUARTERS.assign(price=np.linspace(3.0, 2.0, 20))
PRICED_MODEL = _forecaster(PRICED, known_future="price")
PRICES = pd.DataFrame(
    {"price": [1.9, 1.8]}, index=pd.period_range("2005Q1", periods=2, freq="Q")
)


TWO_TARGETS = make_pipeline(
    SlidingWindow(timesteps=3),
    FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1))),
    LinearRegression(),
).fit(*make_supervised(QUARTERS, ["gdp", "rate"], horizon=2))
# Two stores' rows, one store after the other: the times go back at row 20.
STORES = pd.concat([QUARTERS, QUARTERS])


def _fit(**params):
    def fit(X, y):
        params.setdefault("level", "gdp")
        return DifferencedTargetRegressor(LinearRegression(), **params).fit(X, y)

    return fit


# fmt: off
CASES = [
    Bad("DifferencedTargetRegressor-level-missing", _fit(level="GDP"), (X, Y),
        ValueError, ("'GDP' is not in X", r"\['gdp', 'rate'\]")),
    Bad("DifferencedTargetRegressor-level-name-on-an-array", _fit(),
        (X.to_numpy(), Y.to_numpy()), TypeError, ("names a column", "DataFrame")),
    Bad("DifferencedTargetRegressor-level-position-out-of-range", _fit(level=5),
        (X.to_numpy(), Y.to_numpy()), ValueError, ("level=5", "2 columns")),
    Bad("DifferencedTargetRegressor-level-bool", _fit(level=True),
        (X.to_numpy(), Y.to_numpy()), (TypeError, ValueError), ("level",)),
    Bad("DifferencedTargetRegressor-level-nan", _fit(), (GAPPY, Y),
        ValueError, ("NaN or infinity", "1 rows", "Fill")),
    Bad("DifferencedTargetRegressor-level-duplicated-column", _fit(), (TWICE, Y),
        ValueError, ("2 columns named 'gdp'",)),
    Bad("DifferencedTargetRegressor-level-text", _fit(level="name"),
        (X.assign(name="a"), Y), TypeError, ("level column 'name'", "numeric")),
    Bad("DifferencedTargetRegressor-target-of-another-column", _fit(level="rate"),
        (X, Y), ValueError, (r"future of \['gdp'\]", "level='rate'")),
    Bad("DifferencedTargetRegressor-no-target", _fit(), (X, None),
        ValueError, ("requires y",)),
    Bad("DifferencedTargetRegressor-target-rows-differ", _fit(), (X, Y.iloc[:-2]),
        ValueError, ("does not match", "18 samples")),
    Bad("DifferencedTargetRegressor-target-3d", _fit(),
        (X, np.zeros((len(X), 2, 1))), ValueError, ("y",)),
    Bad("DifferencedTargetRegressor-windows-4d", _fit(level=0),
        (np.zeros((4, 3, 2, 1)), np.zeros(4)), ValueError,
        ("2D table", r"shape \(4, 3, 2, 1\)")),
    Bad("DifferencedTargetRegressor-regressor-without-predict",
        lambda X, y: DifferencedTargetRegressor(object(), level="gdp").fit(X, y),
        (X, Y), ValueError, ("regressor",)),
    # ------------------------------------------------------------ backtest
    Bad("backtest-cv-an-int",
        lambda X, y: backtest(LinearRegression(), X, y, cv=3), (X, Y),
        TypeError, ("TimeSeriesSplit", "in time order")),
    Bad("backtest-cv-shuffled-kfold",
        lambda X, y: backtest(LinearRegression(), X, y,
                              cv=KFold(3, shuffle=True, random_state=0)),
        (X, Y), ValueError, ("trains on rows that are not before", "its past")),
    Bad("backtest-no-target",
        lambda X: backtest(LinearRegression(), X, None, cv=TimeSeriesSplit(2)),
        (X,), ValueError, ("target y",)),
    Bad("backtest-target-rows-differ",
        lambda X, y: backtest(LinearRegression(), X, y, cv=TimeSeriesSplit(2)),
        (X, Y.iloc[:-3]), ValueError, ("18 rows", "15")),
    Bad("backtest-a-transformer",
        lambda X, y: backtest(StandardScaler(), X, y, cv=TimeSeriesSplit(2)),
        (X, Y), TypeError, ("fit and predict", "StandardScaler")),
    Bad("backtest-panel-split-of-an-array",
        lambda X, y: backtest(LinearRegression(), X, y, cv=PanelTimeSeriesSplit(2)),
        (X.to_numpy(), Y.to_numpy()), ValueError, ("DataFrame", "TimeSeriesSplit")),
    Bad("backtest-scoring-misspelt",
        lambda X, y: backtest(LinearRegression(), X, y, cv=TimeSeriesSplit(2),
                              scoring="neg_rmse"),
        (X, Y), ValueError, ("neg_rmse",)),
    # ------------------------------------------------------------ forecast
    Bad("forecast-history-an-array", lambda h: forecast(FORECASTER, h),
        (QUARTERS.to_numpy(),), TypeError, ("DataFrame",)),
    Bad("forecast-unfitted", lambda h: forecast(make_pipeline(SlidingWindow(),
                                                LinearRegression()), h),
        (QUARTERS,), ValueError, ("not fitted", "fit")),
    Bad("forecast-beyond-the-horizon-with-a-covariate",
        lambda h: forecast(FORECASTER, h, steps=3, target="gdp"), (QUARTERS,),
        ValueError, ("steps=3", r"\['gdp', 'rate'\]", "at most 2")),
    Bad("forecast-steps-zero", lambda h: forecast(FORECASTER, h, steps=0, target="gdp"),
        (QUARTERS,), ValueError, ("positive int",)),
    Bad("forecast-steps-float",
        lambda h: forecast(FORECASTER, h, steps=2.5, target="gdp"),
        (QUARTERS,), ValueError, ("positive int", "2.5")),
    Bad("forecast-history-without-a-column",
        lambda h: forecast(FORECASTER, h), (QUARTERS[["gdp"]],),
        ValueError, (r"lacks the columns \['rate'\]", "make_supervised")),
    Bad("forecast-targets-do-not-split",
        lambda h: forecast(FORECASTER, h, target=["gdp", "rate", "x"]), (QUARTERS,),
        ValueError, ("2 outputs", "3 targets")),
    Bad("forecast-rows-read-by-position",
        lambda h: forecast(_forecaster(gaps="ignore"), h), (QUARTERS,),
        ValueError, ("regular grid", "gaps='ignore'")),
    Bad("forecast-known-future-without-future",
        lambda h: forecast(PRICED_MODEL, h), (PRICED,),
        ValueError, (r"\['price'\] known in advance", "future=")),
    Bad("forecast-future-an-array",
        lambda h: forecast(PRICED_MODEL, h, future=PRICES.to_numpy()), (PRICED,),
        TypeError, ("future must be a DataFrame", "ndarray")),
    Bad("forecast-future-without-the-column",
        lambda h: forecast(PRICED_MODEL, h, future=PRICES.rename(columns=str.upper)),
        (PRICED,), ValueError, (r"future lacks the columns \['price'\]", "PRICE")),
    Bad("forecast-future-a-step-short",
        lambda h: forecast(PRICED_MODEL, h, future=PRICES.iloc[:1]), (PRICED,),
        ValueError, ("no row 2 time steps after", "2004Q4", "each of the 2")),
    Bad("forecast-future-inside-the-history",
        lambda h: forecast(PRICED_MODEL, h, future=PRICES.set_axis(h.index[-2:])),
        (PRICED,), ValueError, ("must follow each group's history", "increasing")),
    Bad("forecast-two-targets-unnamed",
        lambda h: forecast(TWO_TARGETS, h), (QUARTERS,),
        ValueError, ("4 outputs per row", r"\['gdp', 'rate'\]",
                     r"target=\['gdp', 'rate'\]")),
    Bad("backtest-panel-rows-by-entity-with-a-split-by-position",
        lambda X, y: backtest(make_pipeline(StandardScaler(), LinearRegression()),
                              X, y, cv=TimeSeriesSplit(2)),
        (STORES, STORES["gdp"]),
        ValueError, ("not in time order", "row 20", "PanelTimeSeriesSplit")),
    Bad("forecast-future-for-a-model-without-known-future",
        lambda h: forecast(FORECASTER, h, future=PRICES), (QUARTERS,),
        ValueError, ("reads none", "Leave future out")),
]
# fmt: on
