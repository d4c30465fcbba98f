"""Fit time of the sklstm Pipeline against the textbook and the best hand-tuned Keras.

Run ``python benchmarks/fit_overhead.py`` (both cases, several minutes) or
``python benchmarks/fit_overhead.py --quick`` (a smoke test).

What is measured
----------------
Two cases, the same model (``LSTM(units)``, ``Dense(1)``, Adam, mean squared
error, batch 32) fitted on the same data for the same epochs:

* ``small``: the bundled yearly sunspot numbers (308 values, standardised),
  ``y`` the next year's number, windows of ``k=11`` years, ``LSTM(16)``,
  120 epochs. Small data, many epochs: the fixed cost of a fit and the cost
  of a call from Python per batch weigh most.
* ``large``: 10,000 rows x 8 standard normal features, ``y`` the next value
  of feature 0, ``k=64``, ``LSTM(16)``, 2 epochs. Long windows: the cost of
  a step of the LSTM weighs most.

The ways, each timed from the 2D table to a fitted model (building and
compiling the model included):

* ``sklstm``: ``make_pipeline(SlidingWindow(timesteps=k),
  LSTMRegressor(units, epochs, batch_size=32, random_state=0))`` on the 2D
  table: one window per row, the first ``k - 1`` padded (and masked). It is
  timed as the later fits of a search are: its process has fitted a model of
  the same architecture before, whose traced functions it reuses.
* ``sklstm, first fit``: the same, as the first fit of its architecture in
  the process (the kept traced models are dropped before it): what a single
  fit costs, tracing included.
* ``textbook keras``: what most tutorials write: the complete windows as one
  float32 array (``sliding_window_view``), ``keras.Sequential([Input, LSTM,
  Dense])`` and ``model.fit(X, y, epochs, batch_size=32, shuffle=True)``.
* ``hand-tuned keras``: what an expert writes: the complete windows (no
  padding, so no ``Masking``), one shuffled ``tf.data`` pipeline for all
  epochs (``from_tensor_slices``, ``shuffle`` reshuffled every epoch,
  ``batch``, ``repeat``, ``prefetch``) and ``steps_per_execution`` equal to
  the steps of an epoch.

The hand-written ways build, compile and trace a new model at every fit, as
a search written by hand does. They train on ``n - k + 1`` complete windows,
sklstm on all ``n`` rows (its ``k - 1`` padded windows included): the same
epochs, slightly more samples for sklstm.

All runs happen in this one process after an untimed warm-up of each way,
alternating the ways in a rotating order for ``--repeats`` rounds. Python's
garbage collector runs before each timed fit and is paused during it, as
``timeit`` does. The table gives medians; the lines under it give the median
and the range of the per-round ratios (the ways alternate, so a change in the
machine's load affects a round's ways alike).

Targets (issue "fits as fast as the best hand-tuned Keras"): sklstm <= 1.10x
the hand-tuned fit in both cases, and <= 0.5x the textbook fit in the small
case.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import logging
import os
import statistics
import time

import numpy as np
from _harness import machine_info, markdown_table, ratio

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Keras is imported

OURS = "sklstm"
OURS_FIRST = "sklstm, first fit"
TEXTBOOK = "textbook keras"
TUNED = "hand-tuned keras"
METHODS = (OURS, OURS_FIRST, TEXTBOOK, TUNED)
SEED = 0
BATCH = 32
TARGETS = {TUNED: 1.10, TEXTBOOK: 0.5}

CASES = {
    "small": {"k": 11, "units": 16, "epochs": 120},
    "large": {"k": 64, "units": 16, "epochs": 2, "rows": 10_000, "features": 8},
}


def case_data(name: str, spec: dict, *, quick: bool):
    """The 2D table and its target of a case (float64)."""
    if name == "small":
        from sklstm.datasets import load_sunspots

        values = load_sunspots()["sunspots"].to_numpy()
        values = (values - values.mean()) / values.std()
        return values[:-1, None], values[1:].copy()
    rows = 2_000 if quick else spec["rows"]
    data = np.random.default_rng(SEED).standard_normal((rows + 1, spec["features"]))
    return data[:rows], data[1:, 0].copy()


def complete_windows(X, y, k: int):
    """The complete windows (float32) and the target of the row each ends at."""
    windows = np.lib.stride_tricks.sliding_window_view(X, k, axis=0)
    return np.ascontiguousarray(windows.transpose(0, 2, 1), np.float32), y[k - 1 :]


class Runner:
    """Fit one way on one case, timed from the 2D table."""

    def __init__(self, X, y, *, k, units, epochs):
        self.X, self.y = X, y
        self.k, self.units, self.epochs = k, units, epochs

    def _model(self, n_features):
        import keras

        keras.utils.set_random_seed(SEED)
        return keras.Sequential(
            [
                keras.Input((self.k, n_features)),
                keras.layers.LSTM(self.units),
                keras.layers.Dense(1),
            ]
        )

    def run(self, method: str) -> float:
        """Fit with ``method``; the seconds it took."""
        if method == OURS_FIRST:
            from sklstm.estimators import _reuse

            _reuse.clear()  # no traced model of this architecture is kept
        start = time.perf_counter()
        if method in (OURS, OURS_FIRST):
            from sklearn.pipeline import make_pipeline

            from sklstm import LSTMRegressor, SlidingWindow

            make_pipeline(
                SlidingWindow(timesteps=self.k),
                LSTMRegressor(
                    units=self.units,
                    epochs=self.epochs,
                    batch_size=BATCH,
                    random_state=SEED,
                ),
            ).fit(self.X, self.y)
            return time.perf_counter() - start
        X3d, y = complete_windows(self.X, self.y, self.k)
        model = self._model(X3d.shape[-1])
        if method == TEXTBOOK:
            model.compile(optimizer="adam", loss="mean_squared_error")
            model.fit(
                X3d, y, epochs=self.epochs, batch_size=BATCH, shuffle=True, verbose=0
            )
            return time.perf_counter() - start
        import tensorflow as tf

        steps = -(-len(X3d) // BATCH)
        dataset = (
            tf.data.Dataset.from_tensor_slices((X3d, y.astype(np.float32)))
            .shuffle(len(X3d), seed=SEED, reshuffle_each_iteration=True)
            .batch(BATCH)
            .repeat()
            .prefetch(tf.data.AUTOTUNE)
        )
        model.compile(
            optimizer="adam", loss="mean_squared_error", steps_per_execution=steps
        )
        model.fit(
            dataset, epochs=self.epochs, steps_per_epoch=steps, shuffle=False, verbose=0
        )
        return time.perf_counter() - start


def timed(run, method):
    """``run(method)`` with Python's garbage collector out of the way."""
    gc.collect()
    gc.disable()
    try:
        return run(method)
    finally:
        gc.enable()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--repeats", type=int, default=None, help="default 3")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.quick else 3)

    print("# fit_overhead: sklstm against textbook and hand-tuned Keras")
    print(f"machine: {machine_info()}")
    print(f"batch {BATCH}, seed {SEED}, median of {repeats} rounds")
    started = time.perf_counter()
    import keras  # noqa: F401  (TensorFlow's import is not timed)

    # Each new model traces new functions; Keras warns about it. Expected here.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)

    warm_X, warm_y = case_data("large", CASES["large"], quick=True)
    warm = Runner(warm_X[:300], warm_y[:300], k=8, units=4, epochs=1)
    for method in METHODS:  # untimed
        warm.run(method)

    table, lines = [], []
    for name in args.cases:
        spec = CASES[name]
        X, y = case_data(name, spec, quick=args.quick)
        epochs = min(spec["epochs"], 10) if args.quick else spec["epochs"]
        runner = Runner(X, y, k=spec["k"], units=spec["units"], epochs=epochs)
        fits = {m: [] for m in METHODS}
        runner.run(OURS)  # untimed: the search's earlier fit of the architecture
        for round_ in range(repeats):
            shift = round_ % len(METHODS)
            for method in METHODS[shift:] + METHODS[:shift]:
                fits[method].append(timed(runner.run, method))
            print(
                f"  {name} round {round_ + 1}: "
                + ", ".join(f"{m} {fits[m][-1]:.2f}s" for m in METHODS),
                flush=True,
            )
        fit = {m: statistics.median(v) for m, v in fits.items()}
        for method in METHODS:
            table.append(
                [
                    name,
                    f"{X.shape[0]:,} x {X.shape[1]}, k={spec['k']}, {epochs} epochs",
                    method,
                    f"{fit[method]:.2f}",
                    ratio(fit[method], fit[TEXTBOOK]),
                    ratio(fit[method], fit[TUNED]),
                ]
            )
        for ours, (other, target) in itertools.product(
            (OURS, OURS_FIRST), TARGETS.items()
        ):
            if other == TEXTBOOK and name != "small":
                continue
            paired = [o / t for o, t in zip(fits[ours], fits[other], strict=True)]
            median = statistics.median(paired)
            met = "met" if median <= target else "MISSED"
            lines.append(
                f"{name}: {ours} / {other} per round: median "
                f"{median:.2f}x ({min(paired):.2f}x to {max(paired):.2f}x); "
                f"target <= {target:.2f}x: {met}"
            )

    headers = ["case", "data", "method", "fit (s)", "vs textbook", "vs hand-tuned"]
    print()
    print(markdown_table(headers, table))
    print()
    print("\n".join(lines))
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
