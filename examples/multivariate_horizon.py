"""Multivariate forecast with a multi-step horizon: US inflation, 1-4 quarters.

A user story: "I have a quarterly table of several economic series and want the
inflation rate for each of the next four quarters." ``make_supervised`` keeps the
table as the rows ``X`` (every column, inflation included) and builds ``y`` =
inflation at t+1 .. t+4, four named columns. One ``LSTMRegressor``
predicts all four (multi-output). ``TimeSeriesSplit(gap=3)`` keeps the targets of
the training rows, which reach 4 quarters ahead, out of the test quarters. The
held-out quarters are scored step by step against the naive forecast "inflation
stays where it is" (the last observed rate for every step).

Run: ``python examples/multivariate_horizon.py`` (``SKLSTM_QUICK=1`` for a small
run). Saves ``multivariate_horizon.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMRegressor, SlidingWindow, make_supervised
from sklstm.datasets import load_macrodata

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
HORIZON = 4


def main():
    macro = load_macrodata()
    table = pd.DataFrame(
        {
            "unemp": macro["unemp"],
            "infl": macro["infl"],
            "tbilrate": macro["tbilrate"],
            "gdp_growth": 400 * np.log(macro["realgdp"]).diff(),  # annualised %
        }
    ).iloc[1:]
    X, y = make_supervised(table, "infl", horizon=HORIZON)
    print(f"rows X {X.shape}, targets y {y.shape}: {list(y.columns)}")

    holdout = 40
    X_train, X_test = X.iloc[:-holdout], X.iloc[-holdout:]
    y_train, y_test = y.iloc[:-holdout], y.iloc[-holdout:]

    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=8)),
            (
                "lstm",
                LSTMRegressor(
                    units=16,
                    epochs=40 if QUICK else 150,
                    learning_rate=0.005,
                    random_state=0,
                ),
            ),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    search = GridSearchCV(
        model,
        {"regressor__window__timesteps": [4, 8] if QUICK else [4, 8, 16]},
        cv=TimeSeriesSplit(n_splits=3, gap=HORIZON - 1),
        scoring="neg_root_mean_squared_error",
    ).fit(X_train, y_train)
    timesteps = search.best_params_["regressor__window__timesteps"]
    print(f"best window: {timesteps} quarters")

    forecast = search.predict(X_test)  # (40, 4): one column per step ahead
    naive = np.repeat(X_test[["infl"]].to_numpy(), HORIZON, axis=1)
    steps = range(HORIZON)
    actual = y_test.to_numpy()
    model_rmse = [root_mean_squared_error(actual[:, h], forecast[:, h]) for h in steps]
    naive_rmse = [root_mean_squared_error(actual[:, h], naive[:, h]) for h in steps]
    report = pd.DataFrame(
        {"LSTM RMSE": model_rmse, "naive RMSE": naive_rmse},
        index=pd.Index(list(y.columns), name="target"),
    )
    print(f"\ntest RMSE on the last {holdout} quarters, per step ahead:")
    print(report.round(3).to_string())
    wins = int((report["LSTM RMSE"] < report["naive RMSE"]).sum())
    print(f"the LSTM beats the naive forecast at {wins} of {HORIZON} steps")

    quarters = X_test.index.to_timestamp()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    for ax, h in zip(axes, (1, HORIZON), strict=True):
        ax.plot(quarters, y_test.iloc[:, h - 1], "k.-", label="actual")
        ax.plot(quarters, forecast[:, h - 1], label="LSTM")
        ax.plot(quarters, naive[:, h - 1], "--", label="naive: unchanged")
        ax.set(title=f"inflation, {h} quarter(s) ahead", ylabel="% a year")
        ax.legend()
    fig.tight_layout()
    fig.savefig("multivariate_horizon.png", dpi=100)
    print("saved multivariate_horizon.png")
    return {"timesteps": timesteps, "report": report, "wins": wins}


if __name__ == "__main__":
    results = main()
