"""The main job: ``python -m sklstm demo``.

On the bundled yearly sunspot series it shows the shapes each sklstm tool
makes, then tunes the window length (``timesteps``) with ``GridSearchCV`` and
``TimeSeriesSplit``, and scores the best pipeline on the last years against
the naive forecast "next year equals this year".

Until the LSTM estimators land, the model at the end of the Pipeline is a
ridge regression on the flattened windows: the point shown here is that the
windows keep rows, so the stock scikit-learn search tunes ``timesteps``.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np


def _flatten(windows):
    """(n_samples, n_timesteps, n_features) -> 2D, missing history as 0."""
    return np.nan_to_num(windows.reshape(len(windows), -1), nan=0.0)


def demo(holdout: int = 40) -> dict:
    """Run the demo, print its report and return the scores."""
    import pandas as pd
    from sklearn.linear_model import Ridge
    from sklearn.metrics import root_mean_squared_error
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    from sklstm import SlidingWindow, sliding_windows, to_3d
    from sklstm.datasets import load_sunspots

    data = load_sunspots()
    series = data["sunspots"]
    years = f"{data.index[0]}-{data.index[-1]}"
    print(f"Yearly sunspot numbers {years}: {len(series)} values")
    print()
    print("The three axes of an LSTM input: (n_samples, n_timesteps, n_features)")
    print(f"  to_3d(series)                          -> {to_3d(series).shape}"
          "   the whole series as ONE sample")  # fmt: skip
    X_w, y_w = sliding_windows(series, series, timesteps=11)
    print(f"  sliding_windows(series, series, 11)    -> {X_w.shape}"
          f" + y {y_w.shape}   complete windows only")  # fmt: skip
    windows = SlidingWindow(timesteps=11).fit_transform(data)
    print(f"  SlidingWindow(11).fit_transform(table) -> {windows.shape}"
          "   one window per row: y stays aligned")  # fmt: skip
    print()

    # Forecast next year's value from the windows that end at this year.
    X, y = data.iloc[:-1], series.to_numpy()[1:]
    X_train, X_test = X.iloc[:-holdout], X.iloc[-holdout:]
    y_train, y_test = y[:-holdout], y[-holdout:]

    pipe = make_pipeline(
        StandardScaler().set_output(transform="pandas"),
        SlidingWindow(),
        FunctionTransformer(_flatten),
        Ridge(alpha=1.0),
    )
    grid = {"slidingwindow__timesteps": [1, 2, 3, 6, 11, 22]}
    search = GridSearchCV(
        pipe,
        grid,
        cv=TimeSeriesSplit(n_splits=5),
        scoring="neg_root_mean_squared_error",
    )
    print(f"GridSearchCV over {grid} with TimeSeriesSplit(n_splits=5) ...")
    search.fit(X_train, y_train)
    results = pd.DataFrame(
        {
            "timesteps": search.cv_results_["param_slidingwindow__timesteps"],
            "cv RMSE": -search.cv_results_["mean_test_score"],
            "std": search.cv_results_["std_test_score"],
        }
    )
    print(results.to_string(index=False, float_format="{:.2f}".format))
    best = search.best_params_["slidingwindow__timesteps"]

    # Windows at the start of the holdout reach back into the training years.
    forecast = search.predict(X)[-holdout:]
    naive = X_test["sunspots"].to_numpy()
    scores = {
        "best_timesteps": int(best),
        "model_rmse": float(root_mean_squared_error(y_test, forecast)),
        "naive_rmse": float(root_mean_squared_error(y_test, naive)),
    }
    print()
    print(f"Best timesteps: {best}")
    print(f"Test RMSE on the last {holdout} years:")
    print(f"  tuned pipeline            {scores['model_rmse']:.2f}")
    print(f"  naive (next = this year)  {scores['naive_rmse']:.2f}")
    return scores


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sklstm")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="tune the window length on the bundled sunspot data")
    args = parser.parse_args(argv)
    if args.command == "demo":
        demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
