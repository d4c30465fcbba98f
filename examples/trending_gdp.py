"""Trending series: forecast next quarter's US real GDP by learning the change.

A user story: "My LSTM forecasts of GDP are worse than just repeating the last
quarter. The forecasts lag further and further behind the data." An LSTM cannot
forecast values beyond the range it was trained on: GDP in the last years of the
data is higher than in any quarter it learnt from, so a model of the level falls
behind the trend. The cure is to learn the change from now and add it back:
``DifferencedTargetRegressor`` fits the Pipeline on ``y - level`` and predicts
``level + change``, with the current level read from a column of ``X``.

Compared on the last 20% of the quarters (1999-2009, the 2008 recession
included), each model searched with ``GridSearchCV`` and ``TimeSeriesSplit``:

- the last value ("next quarter = this quarter");
- the Pipeline on levels: windows of GDP, next quarter's GDP;
- the same Pipeline inside ``DifferencedTargetRegressor``: windows of GDP, the
  change to next quarter;
- ``DifferencedTargetRegressor`` around a Pipeline that reads the quarterly
  growth rate instead of the level, so that its inputs, too, stay in the range
  it was trained on.

Run: ``python examples/trending_gdp.py`` (set ``SKLSTM_QUICK=1`` for a fast,
smaller run). Saves ``trending_gdp.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import (
    DifferencedTargetRegressor,
    LSTMRegressor,
    SlidingWindow,
    make_supervised,
)
from sklstm.datasets import load_macrodata

QUICK = os.environ.get("SKLSTM_QUICK") == "1"


def lstm_pipeline(columns):
    """Windows of ``columns``, standardised, into an LSTM (target standardised)."""
    pipe = Pipeline(
        [
            # pandas output keeps the quarters, so the windows can reach back.
            (
                "select",
                ColumnTransformer(
                    [("keep", "passthrough", columns)],
                    verbose_feature_names_out=False,
                ).set_output(transform="pandas"),
            ),
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=4)),
            (
                "lstm",
                LSTMRegressor(
                    units=8,
                    epochs=80 if QUICK else 150,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    return TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())


def searched(model, prefix):
    grid = {"window__timesteps": [4, 8], "lstm__units": [8, 16]}
    if QUICK:
        grid = {"window__timesteps": [4], "lstm__units": [8]}
    return GridSearchCV(
        model,
        {f"{prefix}regressor__{name}": values for name, values in grid.items()},
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_root_mean_squared_error",
        n_jobs=2,
    )


def main():
    gdp = load_macrodata()[["realgdp"]]  # 203 quarters, 1959Q1-2009Q3, levels
    gdp["growth"] = gdp["realgdp"].pct_change()
    gdp = gdp.iloc[1:]  # the first quarter has no growth rate
    X, y = make_supervised(gdp, "realgdp")  # y = next quarter's GDP
    n_test = round(0.2 * len(X))
    X_train, y_train = X.iloc[:-n_test], y.iloc[:-n_test]
    y_test = y.iloc[-n_test:]
    test = X.index[-n_test:]
    print(
        f"{len(X)} quarters {X.index[0]}-{X.index[-1]}; the last {n_test} "
        f"({test[0]}-) are held out"
    )

    models = {
        "LSTM on levels": searched(lstm_pipeline(["realgdp"]), ""),
        "the same, differenced": searched(
            DifferencedTargetRegressor(lstm_pipeline(["realgdp"]), level="realgdp"),
            "regressor__",
        ),
        "differenced, on growth": searched(
            DifferencedTargetRegressor(lstm_pipeline(["growth"]), level="realgdp"),
            "regressor__",
        ),
    }
    # The windows of the first test quarters reach back into the training ones.
    forecasts = {"last value": X["realgdp"].iloc[-n_test:].to_numpy()}
    for name, model in models.items():
        model.fit(X_train, y_train)
        forecasts[name] = model.predict(X)[-n_test:]

    naive = root_mean_squared_error(y_test, forecasts["last value"])
    print(f"\nTest RMSE on the last {n_test} quarters (billions of 2005 dollars):")
    scores = {}
    for name, forecast in forecasts.items():
        scores[name] = root_mean_squared_error(y_test, forecast)
        print(f"  {name:<24} {scores[name]:7.1f}  {scores[name] / naive:5.2f}x")

    fig, ax = plt.subplots(figsize=(10, 4.5))
    quarters = test.to_timestamp()
    ax.plot(quarters, y_test, "k.-", label="actual")
    styles = {"last value": "C1--", "LSTM on levels": "C3-"}
    for name, forecast in forecasts.items():
        if name != "the same, differenced":
            ax.plot(quarters, forecast, styles.get(name, "C0-"), label=name)
    ax.set(
        xlabel="quarter",
        ylabel="real GDP (billions of 2005 dollars)",
        title="Next quarter's US real GDP: levels against learnt changes",
    )
    ax.legend()
    fig.tight_layout()
    fig.savefig("trending_gdp.png", dpi=110)
    plt.close(fig)
    print("\nPlot saved to trending_gdp.png")
    return scores


if __name__ == "__main__":
    results = main()
