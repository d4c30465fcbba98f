"""Panel forecast: next year's investment of 11 US firms with one model.

A user story: "I have one table with a row per firm per year. I want one LSTM for
all firms, without windows that run from one firm into the next, and a
cross-validation that never trains on a later year than it tests on."

- ``make_supervised(..., groups="firm")`` pairs each row with the firm's own
  investment a year later; the model learns the change from this year (log
  investment is persistent), and the forecast is this year plus that change;
- a ``ColumnTransformer`` scales the numeric columns, passes the firm through and
  keeps the year index (pandas output);
- ``SlidingWindow(groups="firm")`` builds each firm's windows on its own rows;
- ``PanelTimeSeriesSplit`` splits by year across all firms: every fold trains on
  earlier years and tests on later years of every firm;
- the held-out years are scored against the naive forecast "same as this year",
  and ``predict_frame`` lays the predictions on (year, firm).

Run: ``python examples/panel_forecast.py`` (``SKLSTM_QUICK=1`` for a small run).
Saves ``panel_forecast.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMRegressor, SlidingWindow, make_supervised, predict_frame
from sklstm.datasets import load_grunfeld
from sklstm.model_selection import PanelTimeSeriesSplit

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
NUMERIC = ["invest", "value", "capital"]


def main():
    panel = load_grunfeld()  # 11 firms x 20 years, yearly index, sorted by year
    panel[NUMERIC] = np.log(panel[NUMERIC])  # firms differ by orders of magnitude
    X, y = make_supervised(panel, "invest", groups="firm")
    print(f"panel {panel.shape} -> X {X.shape}, y {y.shape} ({y.name}, log)")

    # Investment is persistent: learn next year's change, not its level.
    change = y - X["invest"]
    test = X.index.year >= 1950  # forecast 1951-1954 from 1950-1953
    X_train, X_test, y_train, y_test = X[~test], X[test], change[~test], y[test]

    scale = ColumnTransformer(
        [("numbers", StandardScaler(), NUMERIC)],
        remainder="passthrough",  # the firm column
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    pipe = Pipeline(
        [
            ("scale", scale),
            ("window", SlidingWindow(timesteps=4, groups="firm")),
            (
                "lstm",
                LSTMRegressor(
                    units=16,
                    epochs=40,  # 165 training rows: more epochs overfit
                    batch_size=16,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    cv = PanelTimeSeriesSplit(n_splits=3)  # splits by the year index
    for fold, (train, valid) in enumerate(cv.split(X_train), start=1):
        years = X_train.index.year
        print(f"fold {fold}: train {years[train].min()}-{years[train].max()}, "
              f"test {years[valid].min()}-{years[valid].max()}, all firms")  # fmt: skip
    search = GridSearchCV(
        pipe,
        {"window__timesteps": [2, 4] if QUICK else [2, 4, 8]},
        cv=cv,
        scoring="neg_root_mean_squared_error",
    ).fit(X_train, y_train)
    timesteps = search.best_params_["window__timesteps"]
    print(f"best window: {timesteps} years")

    # The test years continue every firm's training years.
    naive = X_test["invest"].to_numpy()  # next year = this year
    forecast = naive + search.predict(X_test)
    results = {
        "timesteps": timesteps,
        "model_rmse": root_mean_squared_error(y_test, forecast),
        "naive_rmse": root_mean_squared_error(y_test, naive),
    }
    print(
        f"test RMSE of log investment, {test.sum()} firm-years: LSTM "
        f"{results['model_rmse']:.3f}, naive {results['naive_rmse']:.3f}"
    )
    better = results["model_rmse"] < results["naive_rmse"]
    print("the LSTM beats the naive forecast" if better else "the naive forecast wins")

    frame = predict_frame(search.best_estimator_, X_test, name="change")
    frame["forecast"] = forecast
    frame["actual"] = y_test
    print("\npredictions on (year, firm):")
    print(frame.head(6).round(3).to_string())

    fig, ax = plt.subplots(figsize=(9, 5))
    for i, (firm, rows) in enumerate(frame.groupby("firm")):
        if i >= 5:
            break
        history = panel[panel["firm"] == firm]["invest"]
        ax.plot(history.index.year, history, color=f"C{i}", alpha=0.5)
        ax.plot(rows.index.year + 1, rows["forecast"], "o--", color=f"C{i}",
                label=f"{firm}: forecast")  # fmt: skip
    ax.set(xlabel="year", ylabel="log investment", title="One model, many firms")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig("panel_forecast.png", dpi=100)
    print("saved panel_forecast.png")
    return results


if __name__ == "__main__":
    results = main()
