"""Multi-step forecast with an encoder-decoder: the next six years of sunspots.

A user story: "Solar activity heats the upper atmosphere and drags satellites
down, so I plan with the path of the sunspot number over the next six years, not
only next year's value. Each forecast should be one path, year by year."

- ``make_supervised(..., horizon=6)`` pairs every year (the rows ``X``) with the
  six years after it (``y``, six named columns); the last training rows stop
  five years before the test rows, so that no training target reaches into the
  targets of the test years;
- ``SlidingWindow(timesteps=11)`` gives each year the window of the 11 years
  that end there (about one solar cycle);
- ``LSTMRegressor(decoder_units=...)`` is an encoder-decoder: the encoder reads
  the window, and a recurrent decoder unrolls its last state into one output
  per future year, so the six values are made as one path;
- ``TransformedTargetRegressor`` scales the six targets.

The forecasts from the last 40 years are scored step by step against two naive
forecasts: "it stays where it is" (this year's number for every future year)
and "the cycle repeats" (the number 11 years before each future year). In the
full run a ``GridSearchCV`` with ``TimeSeriesSplit`` picks the decoder's width.

Run: ``python examples/encoder_decoder_forecast.py`` (``SKLSTM_QUICK=1`` for a
quick run, without the search). Saves ``encoder_decoder_forecast.png`` in the
current folder.
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
from sklstm.datasets import load_sunspots

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
HORIZON = 6
CYCLE = 11  # years, roughly


def main():
    data = load_sunspots()
    X, y = make_supervised(data, "sunspots", horizon=HORIZON)
    print(f"rows X {X.shape} -> targets y {y.shape}: {', '.join(y.columns)}")
    holdout = 40
    gap = HORIZON - 1  # the targets of the last training row end before the test's
    X_train, y_train = X.iloc[: -holdout - gap], y.iloc[: -holdout - gap]
    y_test = y.iloc[-holdout:]
    print(f"training origins {X_train.index[0]}-{X_train.index[-1]}, "
          f"test origins {y_test.index[0]}-{y_test.index[-1]}")  # fmt: skip

    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=CYCLE)),
            (
                "lstm",
                LSTMRegressor(
                    units=16,
                    decoder_units=16,  # the encoder-decoder: one output per year
                    epochs=40,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    if not QUICK:  # the decoder's width is a hyper-parameter like any other
        model = GridSearchCV(
            model,
            {"regressor__lstm__decoder_units": [8, 16, 32]},
            cv=TimeSeriesSplit(n_splits=3, gap=gap),
            scoring="neg_root_mean_squared_error",
        )
    model.fit(X_train, y_train)
    if not QUICK:
        print(f"decoder units chosen by the search: "
              f"{model.best_params_['regressor__lstm__decoder_units']}")  # fmt: skip

    # Every row's window reads the years before it: forecast from all rows and
    # keep the test origins (their windows reach back into the training years).
    forecast = model.predict(X)[-holdout:]  # (40, 6): one path per origin
    actual = y_test.to_numpy()
    sunspots = data["sunspots"]
    naive = np.repeat(sunspots.loc[y_test.index].to_numpy()[:, None], HORIZON, axis=1)
    cycle = np.stack(
        [sunspots.shift(CYCLE - h).loc[y_test.index] for h in range(1, HORIZON + 1)],
        axis=1,
    )  # the number 11 years before each future year
    report = pd.DataFrame(
        {
            name: [
                root_mean_squared_error(actual[:, h], guess[:, h])
                for h in range(HORIZON)
            ]  # fmt: skip
            for name, guess in (
                ("encoder-decoder", forecast),
                ("naive: unchanged", naive),
                ("naive: cycle repeats", cycle),
            )
        },
        index=pd.Index(list(y.columns), name="target"),
    )
    print(f"\ntest RMSE from the last {holdout} origins, per year ahead:")
    print(report.round(1).to_string())
    wins = int((report["encoder-decoder"] < report.iloc[:, 1:].min(axis=1)).sum())
    print(f"the encoder-decoder beats both naive forecasts at {wins} of "
          f"{HORIZON} steps")  # fmt: skip

    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [2, 1]}
    )
    years = sunspots.index.year
    shown = years >= y_test.index[0].year - CYCLE
    left.plot(years[shown], sunspots[shown], "k.-", label="actual")
    for n, row in enumerate(range(0, holdout, 7)):
        origin = y_test.index[row].year
        path = origin + np.arange(HORIZON + 1)
        start = sunspots.loc[y_test.index[row]]
        left.plot(path, np.r_[start, forecast[row]], "-", color="C0", lw=2,
                  label="encoder-decoder, 6 years" if n == 0 else None)  # fmt: skip
        left.plot(path, np.r_[start, cycle[row]], ":", color="C1",
                  label="naive: cycle repeats" if n == 0 else None)  # fmt: skip
        left.plot(origin, start, "o", color="C0")
    left.set(xlabel="year", ylabel="sunspot number",
             title="Six-year paths from some test origins (dots)")  # fmt: skip
    left.set_ylim(-10, 240)
    left.legend(loc="upper center", fontsize=9, ncols=3)
    report.plot.bar(ax=right, rot=0, color=["C0", "C7", "C1"])
    right.set_xticks(range(HORIZON), [f"+{h}" for h in range(1, HORIZON + 1)])
    right.set(xlabel="years ahead", ylabel="RMSE", title="Test RMSE per step")
    right.legend(fontsize=9)
    fig.tight_layout()
    fig.savefig("encoder_decoder_forecast.png", dpi=100)
    print("saved encoder_decoder_forecast.png")
    return {"report": report, "wins": wins}


if __name__ == "__main__":
    results = main()
