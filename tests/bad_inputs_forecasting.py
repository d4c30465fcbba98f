"""Bad inputs to forecasting: DifferencedTargetRegressor and backtest."""

import numpy as np
import pandas as pd
from badinput import Bad
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, TimeSeriesSplit
from sklearn.preprocessing import StandardScaler

from sklstm import DifferencedTargetRegressor, make_supervised
from sklstm.model_selection import PanelTimeSeriesSplit, backtest

SERIES = pd.DataFrame({"gdp": np.arange(1.0, 21.0), "rate": np.linspace(0, 1, 20)})
X, Y = make_supervised(SERIES, "gdp", horizon=2)
GAPPY = X.assign(gdp=X["gdp"].where(X.index != 3))
TWICE = pd.concat([X[["gdp"]], X[["gdp"]]], axis=1)


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
]
# fmt: on
