"""From a table to a forecast: US real GDP, the next four quarters with their dates.

A user story: "I have a quarterly table. I want to know how well an LSTM would have
forecast the past, and then the next year, quarter by quarter." The steps:

1. ``make_supervised(horizon=4)``: every quarter gets the GDP of the next four as
   its target, so one model forecasts the whole year at once.
2. A searched Pipeline: windows of the quarterly growth rate into an LSTM, inside
   ``DifferencedTargetRegressor`` (GDP trends: the model learns the change from the
   current level), tuned by ``GridSearchCV`` over ``TimeSeriesSplit``.
3. ``backtest``: walk-forward, each fold fitted on its past only (the search
   included), its forecasts made from the quarters before them, scored per fold
   against the last value.
4. ``forecast``: the four quarters after the end of the data, indexed by their
   quarters.

Run: ``python examples/table_to_forecast.py`` (set ``SKLSTM_QUICK=1`` for a fast,
smaller run). Saves ``table_to_forecast.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import (
    DifferencedTargetRegressor,
    LSTMRegressor,
    SlidingWindow,
    forecast,
    make_supervised,
)
from sklstm.datasets import load_macrodata
from sklstm.model_selection import backtest

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
HORIZON = 4  # quarters ahead


def model():
    """The searched Pipeline of the changes of GDP, from windows of its growth."""
    pipe = Pipeline(
        [
            (
                "select",
                ColumnTransformer(
                    [("growth", "passthrough", ["growth"])],
                    verbose_feature_names_out=False,
                ).set_output(transform="pandas"),
            ),
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=4)),
            (
                "lstm",
                LSTMRegressor(
                    units=8,
                    epochs=60 if QUICK else 150,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    scaled = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    changes = DifferencedTargetRegressor(scaled, level="realgdp")
    grid = {
        "regressor__regressor__window__timesteps": [4] if QUICK else [4, 8],
        "regressor__regressor__lstm__units": [8] if QUICK else [8, 16],
    }
    # Targets 4 quarters ahead: a gap of 3 keeps every training target known
    # at the first test quarter.
    cv = TimeSeriesSplit(n_splits=2 if QUICK else 3, gap=HORIZON - 1)
    return GridSearchCV(changes, grid, cv=cv, scoring="neg_root_mean_squared_error")


def main():
    gdp = load_macrodata()[["realgdp"]]  # 1959Q1-2009Q3, billions of 2005 dollars
    gdp["growth"] = gdp["realgdp"].pct_change()
    gdp = gdp.iloc[1:]  # the first quarter has no growth rate
    X, y = make_supervised(gdp, "realgdp", horizon=HORIZON)
    print(f"X {X.shape}, y {y.shape}: {list(y.columns)}")

    # 1. How the model would have forecast the past: each fold is searched and
    # fitted on the quarters before it only.
    folds = TimeSeriesSplit(n_splits=2 if QUICK else 4, test_size=12, gap=HORIZON - 1)
    predictions, scores = backtest(
        model(), X, y, cv=folds, scoring="neg_root_mean_squared_error"
    )
    last_value = X["realgdp"].loc[predictions.index].to_numpy()
    predicted = predictions.filter(like="prediction_").to_numpy()
    actual = predictions.filter(like="actual_").to_numpy()
    scores["RMSE"] = -scores.pop("score")
    scores["last value RMSE"] = [
        np.sqrt(np.mean((actual[rows] - last_value[rows, None]) ** 2))
        for rows in (predictions["fold"].to_numpy() == f for f in scores["fold"])
    ]
    print("\nBacktest, RMSE over the 4 quarters ahead of every test quarter:")
    columns = ["fold", "test_start", "test_end", "RMSE", "last value RMSE"]
    print(scores[columns].to_string(index=False, float_format="{:.1f}".format))
    model_rmse = float(np.sqrt(np.mean((predicted - actual) ** 2)))
    naive_rmse = float(np.sqrt(np.mean((actual - last_value[:, None]) ** 2)))
    print(f"all folds: LSTM {model_rmse:.1f}, last value {naive_rmse:.1f}")

    # 2. The future: the search refitted on every row with a known future, then
    # the year after the last quarter of the table.
    fitted = model().fit(X, y)
    future = forecast(fitted, gdp, target="realgdp")
    print(f"\nForecast of the next {HORIZON} quarters:")
    print(future.round(1).to_string())

    fig, (past, ahead) = plt.subplots(1, 2, figsize=(13, 4.5))
    # Each forecast is drawn at the quarter it forecasts.
    origins = predictions.index
    past.plot((origins + 1).to_timestamp(), actual[:, 0], "k.-", label="actual")
    past.plot((origins + 1).to_timestamp(), predicted[:, 0], "C0-",
              label="forecast 1 quarter ahead")  # fmt: skip
    past.plot((origins + HORIZON).to_timestamp(), predicted[:, -1], "C2:",
              label=f"forecast {HORIZON} quarters ahead")  # fmt: skip
    past.set(title="Backtest: out-of-sample forecasts", ylabel="real GDP ($bn 2005)")
    past.legend()
    recent = gdp["realgdp"].iloc[-24:]
    ahead.plot(recent.index.to_timestamp(), recent, "k.-", label="history")
    ahead.plot(future.index.to_timestamp(), future["realgdp"], "C0o-", label="forecast")
    ahead.set(title="The next four quarters", xlabel="quarter")
    ahead.legend()
    fig.tight_layout()
    fig.savefig("table_to_forecast.png", dpi=110)
    plt.close(fig)
    print("\nPlot saved to table_to_forecast.png")
    return {
        "model_rmse": model_rmse,
        "naive_rmse": naive_rmse,
        "future": future,
        "scores": scores,
    }


if __name__ == "__main__":
    results = main()
