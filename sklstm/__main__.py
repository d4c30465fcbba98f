"""The main job: ``python -m sklstm demo``.

On the bundled yearly sunspot numbers (1700-2008) it shows the shapes each
sklstm tool makes, then tunes the window length (``timesteps``) and the LSTM
width (``units``) together with ``GridSearchCV`` and ``TimeSeriesSplit``,
prints the table of results, scores the best pipeline on the last years
against the naive forecast "next year equals this year", and saves a plot of
the forecast and of the score over the grid.

Its output is for a person: the report and the progress of the search, and
nothing else. :func:`main` sets what keeps TensorFlow's start-up notes out of
it, for its own process and for the worker processes of the search, which
inherit its environment. Importing this module (or ``sklstm``) sets nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

# The environment of the main job and of the search's workers, set before
# TensorFlow is imported (it reads these as it starts). A value the user has
# set is kept: TF_CPP_MIN_LOG_LEVEL=0 shows TensorFlow's notes again.
ENVIRONMENT = {
    # TensorFlow's C++ log, fatal errors only. Its CUDA build also logs an
    # error, "failed call to cuInit", on every machine without a GPU.
    "TF_CPP_MIN_LOG_LEVEL": "3",
    # TensorFlow announces its oneDNN operations (on by default on CPUs with
    # AVX512-VNNI or AMX) before it reads TF_CPP_MIN_LOG_LEVEL, so only
    # switching them off stops that line. They fit LSTMs this small no faster,
    # and without them the same kernels run on every CPU.
    "TF_ENABLE_ONEDNN_OPTS": "0",
    # The workers' progress lines as they happen, also into a file or a pipe,
    # where a worker's buffered lines would come at its end, or be lost when
    # loky stops it.
    "PYTHONUNBUFFERED": "1",
}

# loky replaces a worker whose memory has grown by 300 MB, and warns in this
# process that it did. TensorFlow keeps the graphs of every architecture a
# process has traced (tens of MB each): the demo's grid traces three per
# worker, but a wider grid, or one run under another TensorFlow, can reach
# the limit. Expected, and not the reader's concern.
_WORKER_REPLACED = "A worker stopped while some jobs were given to the executor"

# Years forecast after the end of the data, one solar cycle.
FUTURE_YEARS = 11

FULL = {
    "grid": {"timesteps": [3, 6, 11, 22], "units": [8, 16, 32]},
    "epochs": 120,
    "n_splits": 4,
}
QUICK = {
    "grid": {"timesteps": [3, 11], "units": [4, 8]},
    "epochs": 30,
    "n_splits": 2,
}


def _show_shapes(data) -> None:
    from sklstm import SlidingWindow, sliding_windows, to_3d

    series = data["sunspots"]
    print("The three axes of an LSTM input: (n_samples, n_timesteps, n_features)")
    shapes = [
        ("to_3d(series)", to_3d(series).shape, "the whole series as ONE sample"),
        (
            "sliding_windows(series, series, timesteps=11)",
            sliding_windows(series, series, timesteps=11)[0].shape,
            "complete windows only, y cut to match",
        ),
        (
            "SlidingWindow(timesteps=11).fit_transform(table)",
            SlidingWindow(timesteps=11).fit_transform(data).shape,
            "one window per row: y stays aligned",
        ),
    ]
    for call, shape, meaning in shapes:
        print(f"  {call:<50} -> {str(shape):<13} {meaning}")
    print()


def _pipeline(epochs: int):
    from sklearn.compose import TransformedTargetRegressor
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from sklstm import LSTMRegressor, SlidingWindow

    pipe = Pipeline(
        [
            # pandas output keeps the index, so windows can reach back in time.
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=11)),
            (
                "lstm",
                LSTMRegressor(
                    units=16,
                    epochs=epochs,
                    batch_size=32,
                    learning_rate=0.01,
                    random_state=0,
                ),
            ),
        ]
    )
    # The LSTM learns best on a standardised target, predicted back in units.
    return TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())


def demo(*, quick: bool = False, output: str | Path = "demo-output", n_jobs=1):
    """Run the demo, print its report, save its plot and return the scores."""
    import pandas as pd
    from sklearn.metrics import root_mean_squared_error
    from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

    from sklstm.datasets import load_sunspots

    settings = QUICK if quick else FULL
    data = load_sunspots()
    years = f"{data.index[0]}-{data.index[-1]}"
    print(f"Yearly sunspot numbers {years}: {len(data)} values (bundled data)")
    print()
    _show_shapes(data)

    # Forecast next year's number from the window that ends at this year.
    holdout = 40
    X, y = data.iloc[:-1], data["sunspots"].to_numpy()[1:]
    X_train, y_train = X.iloc[:-holdout], y[:-holdout]
    y_test = y[-holdout:]

    grid = {
        "regressor__window__timesteps": settings["grid"]["timesteps"],
        "regressor__lstm__units": settings["grid"]["units"],
    }
    n_candidates = len(grid["regressor__window__timesteps"]) * len(
        grid["regressor__lstm__units"]
    )
    cv = TimeSeriesSplit(n_splits=settings["n_splits"])
    print(
        f"GridSearchCV: timesteps {settings['grid']['timesteps']} x units "
        f"{settings['grid']['units']} = {n_candidates} candidates x "
        f"{cv.n_splits} TimeSeriesSplit folds, {settings['epochs']} epochs each"
    )
    search = GridSearchCV(
        _pipeline(settings["epochs"]),
        grid,
        cv=cv,
        scoring="neg_root_mean_squared_error",
        n_jobs=n_jobs,
        verbose=2,  # one line per fit: the progress of the search
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=_WORKER_REPLACED,
            category=UserWarning,
            module=r"joblib\.externals\.loky\.",
        )
        search.fit(X_train, y_train)
    elapsed = time.perf_counter() - start

    results = pd.DataFrame(
        {
            "timesteps": search.cv_results_["param_regressor__window__timesteps"],
            "units": search.cv_results_["param_regressor__lstm__units"],
            "cv RMSE": -search.cv_results_["mean_test_score"],
            "+/-": search.cv_results_["std_test_score"],
            "rank": search.cv_results_["rank_test_score"],
        }
    ).sort_values("rank")
    print()
    print(f"Search finished in {elapsed:.0f} s. Cross-validated RMSE per candidate:")
    print(results.to_string(index=False, float_format="{:.2f}".format))

    # The windows of the first test years reach back into the training years.
    forecast = search.predict(X)[-holdout:]
    naive = X["sunspots"].to_numpy()[-holdout:]
    best = search.best_params_
    scores = {
        "best_timesteps": int(best["regressor__window__timesteps"]),
        "best_units": int(best["regressor__lstm__units"]),
        "model_rmse": float(root_mean_squared_error(y_test, forecast)),
        "naive_rmse": float(root_mean_squared_error(y_test, naive)),
        "seconds": elapsed,
    }
    print()
    print(f"Best: timesteps={scores['best_timesteps']}, units={scores['best_units']}")
    print(f"Test RMSE on the last {holdout} years ({data.index[-holdout]}-):")
    print(f"  tuned LSTM pipeline        {scores['model_rmse']:6.2f}")
    print(f"  naive (next = this year)   {scores['naive_rmse']:6.2f}")
    ratio = scores["model_rmse"] / scores["naive_rmse"]
    print(f"  the LSTM's error is {ratio:.0%} of the naive forecast's")

    # The years after the data: the best pipeline refitted on every year,
    # its forecasts fed back year by year.
    from sklearn.base import clone

    from sklstm import forecast as forecast_future

    final = clone(search.best_estimator_).fit(X, y)
    future = forecast_future(final, data, steps=FUTURE_YEARS)
    future_years = future.index.year
    print()
    print(
        f"Forecast of the next {FUTURE_YEARS} years, each from the years "
        "before (its forecasts fed back):"
    )
    for year, value in zip(future_years, future["sunspots"], strict=True):
        print(f"  {year}  {value:6.1f}")
    scores["future"] = future

    test_years = data.index[-holdout:].year + 1
    plot = _plot(
        results,
        test_years,
        y_test,
        forecast,
        naive,
        (future_years, future["sunspots"].to_numpy()),
        Path(output),
    )
    if plot:
        print(f"\nPlot saved to {plot}")
    scores["plot"] = plot
    return scores


def _plot(results, years, actual, forecast, naive, future, output: Path):
    import numpy as np

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("\n(matplotlib is not installed: no plot)")
        return None
    output.mkdir(parents=True, exist_ok=True)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [2, 1]}
    )
    left.plot(years, actual, "k.-", label="actual")
    left.plot(years, forecast, "C0-", lw=2, label="tuned LSTM")
    left.plot(years, naive, "C1--", label="naive: last year")
    left.plot(*future, "C0o:", label="the years after the data")
    left.set(xlabel="year", ylabel="sunspot number", title="One-year-ahead forecast")
    left.legend()
    table = results.pivot(index="timesteps", columns="units", values="cv RMSE")
    image = right.imshow(table.to_numpy(), cmap="viridis_r", aspect="auto")
    right.set_xticks(range(table.shape[1]), table.columns)
    right.set_yticks(range(table.shape[0]), table.index)
    right.set(xlabel="units", ylabel="timesteps", title="CV RMSE over the grid")
    middle = np.nanmean(table.to_numpy())
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        colour = "k" if value < middle else "w"  # dark text on the light cells
        right.text(j, i, f"{value:.1f}", ha="center", va="center", color=colour)
    fig.colorbar(image, ax=right)
    fig.tight_layout()
    path = output / "sunspots_forecast.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sklstm")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "demo", help="tune timesteps x units of an LSTM on bundled sunspot data"
    )
    run.add_argument("--quick", action="store_true", help="a small grid, for a check")
    run.add_argument("--output", default="demo-output", help="folder of the plot")
    run.add_argument("--n-jobs", type=int, default=2, help="parallel fits")
    args = parser.parse_args(argv)
    if args.command == "demo":
        for name, value in ENVIRONMENT.items():
            os.environ.setdefault(name, value)
        sys.stdout.reconfigure(line_buffering=True)  # in order with the workers'
        demo(quick=args.quick, output=args.output, n_jobs=args.n_jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
