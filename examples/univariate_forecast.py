"""Univariate forecast: next year's sunspot number from the years before.

A user story: "I have one yearly series and want next year's value. I was told to
reshape it to 3D for an LSTM." Here the series stays a table (one row per year):
``make_supervised`` pairs every year with the next year's number, ``SlidingWindow``
turns each row into the window of years that ends there, and ``GridSearchCV`` with
``TimeSeriesSplit`` picks the window length. The forecast of the held-out years is
compared with the naive forecast "next year = this year", ``predict_frame`` shows
the predictions on their years (with the warm-up rows), and the year after the data
is forecast from the window that ends at the last year.

Run: ``python examples/univariate_forecast.py`` (set ``SKLSTM_QUICK=1`` for a
fast, smaller run). Saves ``univariate_forecast.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMRegressor, SlidingWindow, make_supervised, predict_frame
from sklstm.datasets import load_sunspots

QUICK = os.environ.get("SKLSTM_QUICK") == "1"


def main():
    data = load_sunspots()  # 309 years, one column
    X, y = make_supervised(data, "sunspots", horizon=1)  # y = next year's number
    print(f"rows: {X.shape} -> targets: {y.shape} ({y.name})")
    holdout = 40
    X_train, X_test = X.iloc[:-holdout], X.iloc[-holdout:]
    y_train, y_test = y.iloc[:-holdout], y.iloc[-holdout:]

    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow()),
            (
                "lstm",
                LSTMRegressor(
                    units=16,
                    epochs=30 if QUICK else 100,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    grid = {"regressor__window__timesteps": [3, 11] if QUICK else [3, 6, 11, 22]}
    search = GridSearchCV(
        model,
        grid,
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_root_mean_squared_error",
    ).fit(X_train, y_train)
    timesteps = search.best_params_["regressor__window__timesteps"]
    print(f"best window: {timesteps} years")

    # The test rows continue the training rows: their windows reach back.
    forecast = search.predict(X_test)
    naive = X_test["sunspots"].to_numpy()  # next year = this year
    results = {
        "timesteps": timesteps,
        "model_rmse": root_mean_squared_error(y_test, forecast),
        "naive_rmse": root_mean_squared_error(y_test, naive),
    }
    print(f"test RMSE, last {holdout} years: LSTM {results['model_rmse']:.1f}, "
          f"naive {results['naive_rmse']:.1f}")  # fmt: skip
    better = results["model_rmse"] < results["naive_rmse"]
    print("the LSTM beats the naive forecast" if better else "the naive forecast wins")

    frame = predict_frame(search.best_estimator_.regressor_, X_train)
    print("\nfirst training years: predictions (scaled) and padded window steps")
    print(frame.head(timesteps).round(2).to_string())

    # Next year: the window that ends at the last observed year (window the
    # whole history, keep the last prediction).
    next_year = search.predict(data)[-1]
    print(f"\nforecast for {data.index[-1] + 1}: {next_year:.1f}")
    results["next_year"] = next_year

    years = X_test.index.year + 1
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(years, y_test, "k.-", label="actual")
    ax.plot(years, forecast, label=f"LSTM, window {timesteps} years")
    ax.plot(years, naive, "--", label="naive: this year")
    ax.set(xlabel="year", ylabel="sunspot number", title="Next-year forecast")
    ax.legend()
    fig.tight_layout()
    fig.savefig("univariate_forecast.png", dpi=100)
    print("saved univariate_forecast.png")
    return results


if __name__ == "__main__":
    results = main()
