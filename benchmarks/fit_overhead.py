"""Time overhead of the sklstm Pipeline over a hand-written Keras fit and predict.

Run ``python benchmarks/fit_overhead.py`` (full sizes, several minutes) or
``python benchmarks/fit_overhead.py --quick`` (a smoke test).

What is measured
----------------
A table of ``--rows`` rows x ``--features`` float64 features (default
10,000 x 8, standard normal) with ``y`` the next value of feature 0. For each
window length ``k`` of ``--timesteps`` and each batch size of
``--batch-sizes`` (32 is the default of both Keras and ``LSTMRegressor``),
the wall time of fitting (model construction and compilation included, as
``LSTMRegressor.fit`` builds its model) and of predicting on all rows, by:

* ``sklstm pipeline``: ``make_pipeline(SlidingWindow(timesteps=k),
  LSTMRegressor(units, epochs, batch_size, random_state=0))``, fitted on the
  2D table and predicting from it. It windows the table, checks the windows,
  hands TensorFlow the rows they read and gathers each batch of windows from
  them in a ``tf.data`` pipeline.
* ``keras + Masking``: the same model (``Input``, ``Masking``, ``LSTM``,
  ``Dense(1)``, Adam, mean squared error), written by hand and fitted on the
  same windows prepared beforehand as one contiguous float32 array with the
  padded steps set to the mask value: the same inputs, the same architecture.
  ``model.fit(X3d, y, epochs, batch_size, shuffle=True)`` after
  ``keras.utils.set_random_seed(0)``; ``model.predict(X3d, batch_size=b)``
  with ``b = max(batch_size, 256)``, the batch size ``LSTMRegressor`` predicts
  with.
* ``keras, no Masking``: the same without the ``Masking`` layer (padded steps
  set to 0), which is what most hand-written models look like; masking has a
  cost of its own inside the LSTM.

The preparation of the 3D float32 array for the hand-written fits (windows,
copy, mask value) is timed once and reported apart: it is not in their fit
times. All runs happen in this one process, after one untimed warm-up of each
way on a small table, alternating between the ways (in a rotating order) for
``--repeats`` rounds; the tables give the median. Python's garbage collector
runs before each timed call and is paused during it, as ``timeit`` does. As
the ways alternate, the ratio of two ways within one round is little affected
by a change in the machine's load; the lines under the table give the median
and the range of these per-round ratios.

How to read the table
---------------------
``fit (s)`` and ``predict (s)`` are medians. ``fit vs keras+Masking`` is the
sklstm Pipeline's time over the hand-written time with the same architecture:
1.08x means an 8% overhead (target: within 10%), and below 1.00x the
Pipeline is faster. ``vs no Masking`` compares with the model without
``Masking``. The same ratios are given for predict.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import statistics
import time

import numpy as np
from _harness import machine_info, markdown_table, ratio

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Keras is imported

OURS = "sklstm pipeline"
MASKED = "keras + Masking"
PLAIN = "keras, no Masking"
METHODS = (OURS, MASKED, PLAIN)
SEED = 0
TARGET_OVERHEAD = 1.10


def make_data(rows: int, features: int):
    """``rows`` x ``features`` float64 and the next value of feature 0."""
    data = np.random.default_rng(SEED).standard_normal((rows + 1, features))
    return data[:rows], data[1:, 0].copy()


def prepare_3d(X, k: int, mask_value: float):
    """The windows of ``SlidingWindow`` as a contiguous float32 array.

    Padded (all-NaN) steps become ``mask_value``, exactly as ``LSTMRegressor``
    feeds them to Keras.
    """
    from sklstm import SlidingWindow

    X3d = np.array(SlidingWindow(timesteps=k).fit_transform(X), dtype=np.float32)
    X3d[np.isnan(X3d).all(axis=-1)] = mask_value
    return X3d


class Runner:
    """Fit and predict one way, on prepared data, timing each."""

    def __init__(self, X, y, *, k, units, epochs, batch_size):
        from sklstm.estimators._batches import MASK_VALUE

        self.X, self.y = X, y
        self.k, self.units, self.epochs, self.batch_size = k, units, epochs, batch_size
        self.mask_value = MASK_VALUE
        start = time.perf_counter()
        self.X3d_masked = prepare_3d(X, k, MASK_VALUE)
        self.prepare_s = time.perf_counter() - start
        self.X3d_zero = self.X3d_masked.copy()
        self.X3d_zero[self.X3d_zero == MASK_VALUE] = 0.0

    def run(self, method: str) -> tuple[float, float, np.ndarray]:
        """Fit then predict with ``method``: (fit seconds, predict seconds, y_pred)."""
        import keras
        from sklearn.pipeline import make_pipeline

        from sklstm import LSTMRegressor, SlidingWindow

        if method == OURS:
            start = time.perf_counter()
            model = make_pipeline(
                SlidingWindow(timesteps=self.k),
                LSTMRegressor(
                    units=self.units,
                    epochs=self.epochs,
                    batch_size=self.batch_size,
                    random_state=SEED,
                ),
            ).fit(self.X, self.y)
            fit_s = time.perf_counter() - start
            start = time.perf_counter()
            y_pred = model.predict(self.X)
            return fit_s, time.perf_counter() - start, y_pred

        X3d = self.X3d_zero if method == PLAIN else self.X3d_masked
        start = time.perf_counter()
        keras.utils.set_random_seed(SEED)
        layers = [keras.Input((self.k, X3d.shape[-1]))]
        if method != PLAIN:
            layers.append(keras.layers.Masking(mask_value=self.mask_value))
        layers += [keras.layers.LSTM(self.units), keras.layers.Dense(1)]
        model = keras.Sequential(layers)
        model.compile(optimizer="adam", loss="mean_squared_error")
        model.fit(
            X3d,
            self.y,
            epochs=self.epochs,
            batch_size=self.batch_size,
            shuffle=True,
            verbose=0,
        )
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        y_pred = model.predict(X3d, batch_size=max(self.batch_size, 256), verbose=0)
        return fit_s, time.perf_counter() - start, y_pred[:, 0]


def timed(run, method):
    """``run(method)`` with Python's garbage collector out of the way.

    As ``timeit`` does: the objects of the models fitted before (Keras keeps
    many) are collected first, and the collector is paused during the run, so
    that a full collection triggered by one way's allocations is not charged
    to that way.
    """
    gc.collect()
    gc.disable()
    try:
        return run(method)
    finally:
        gc.enable()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--rows", type=int, default=None, help="default 10,000")
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--timesteps", type=int, nargs="+", default=None)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 256])
    parser.add_argument("--units", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=None, help="default 2")
    parser.add_argument("--repeats", type=int, default=None, help="default 5")
    args = parser.parse_args(argv)
    rows = args.rows or (2_000 if args.quick else 10_000)
    timesteps = args.timesteps or ([16] if args.quick else [16, 64])
    epochs = args.epochs or (1 if args.quick else 2)
    repeats = args.repeats or (2 if args.quick else 5)

    print(f"# fit_overhead: {rows:,} rows x {args.features} features")
    print(f"machine: {machine_info()}")
    print(
        f"LSTM units={args.units}, epochs={epochs}, seed={SEED}, "
        f"median of {repeats} rounds"
    )
    started = time.perf_counter()
    import keras  # noqa: F401  (TensorFlow's import is not timed)

    # Each new model traces new functions; Keras warns about it. Expected here.
    logging.getLogger("tensorflow").setLevel(logging.ERROR)

    X, y = make_data(rows, args.features)
    small_X, small_y = make_data(min(rows, 1_000), args.features)
    for batch_size in args.batch_sizes:  # warm-up, untimed
        warm = Runner(small_X, small_y, k=8, units=4, epochs=1, batch_size=batch_size)
        for method in METHODS:
            warm.run(method)

    table, lines = [], []
    for k in timesteps:
        for batch_size in args.batch_sizes:
            runner = Runner(
                X, y, k=k, units=args.units, epochs=epochs, batch_size=batch_size
            )
            fits = {m: [] for m in METHODS}
            predicts = {m: [] for m in METHODS}
            for round_ in range(repeats):
                shift = round_ % len(METHODS)
                for method in METHODS[shift:] + METHODS[:shift]:
                    fit_s, predict_s, y_pred = timed(runner.run, method)
                    assert np.isfinite(y_pred).all(), f"{method} predicted NaN"
                    fits[method].append(fit_s)
                    predicts[method].append(predict_s)
                print(
                    f"  k={k} batch_size={batch_size} round {round_ + 1}: "
                    + ", ".join(f"{m} {fits[m][-1]:.2f}s" for m in METHODS),
                    flush=True,
                )
            fit = {m: statistics.median(v) for m, v in fits.items()}
            pred = {m: statistics.median(v) for m, v in predicts.items()}
            for method in METHODS:
                table.append(
                    [
                        str(k),
                        str(batch_size),
                        method,
                        f"{fit[method]:.2f}",
                        ratio(fit[method], fit[MASKED]),
                        ratio(fit[method], fit[PLAIN]),
                        f"{pred[method]:.3f}",
                        ratio(pred[method], pred[MASKED]),
                        ratio(pred[method], pred[PLAIN]),
                    ]
                )
            paired = [o / m for o, m in zip(fits[OURS], fits[MASKED], strict=True)]
            overhead = statistics.median(paired)
            met = "met" if overhead <= TARGET_OVERHEAD else "MISSED"
            lines.append(
                f"k={k}, batch_size={batch_size}: sklstm fit = "
                f"{ratio(fit[OURS], fit[MASKED])} keras + Masking (per round: "
                f"median {overhead:.2f}x, {min(paired):.2f}x to {max(paired):.2f}x; "
                f"{met}, target <= {TARGET_OVERHEAD:.2f}x), "
                f"{ratio(fit[OURS], fit[PLAIN])} keras without Masking, "
                f"{ratio(fit[OURS], fit[MASKED] + runner.prepare_s)} keras + "
                f"Masking counting its {runner.prepare_s:.2f} s of preparing the "
                f"3D array; predict = {ratio(pred[OURS], pred[MASKED])} keras + "
                "Masking"
            )

    headers = [
        "k",
        "batch",
        "method",
        "fit (s)",
        "fit vs keras+Masking",
        "vs no Masking",
        "predict (s)",
        "predict vs keras+Masking",
        "vs no Masking",
    ]
    print()
    print(markdown_table(headers, table))
    print()
    print("\n".join(lines))
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
