"""Peak memory of one epoch of fitting, short against long windows.

Run ``python benchmarks/fit_memory.py`` (full sizes, a few minutes) or
``python benchmarks/fit_memory.py --quick`` (5,000 rows, a smoke test).

What is measured
----------------
A table of ``--rows`` rows x ``--features`` float64 features (default
100,000 x 8, standard normal) with ``y`` the next value of feature 0, and for
each window length ``k`` of ``--timesteps`` (default 16 and 256) one epoch of:

* ``sklstm pipeline``: ``make_pipeline(SlidingWindow(timesteps=k),
  LSTMRegressor(units=8, epochs=1, batch_size=256, random_state=0)).fit(X, y)``;
  the estimator reads batches from the strided window view.
* ``hand-written keras``: ``windows, y_w = sliding_windows(X, y, timesteps=k)``,
  ``np.ascontiguousarray(windows, dtype=np.float32)``, then
  ``keras.Sequential([Input((k, f)), LSTM(8), Dense(1)])`` compiled with Adam
  and the mean squared error, ``.fit(X3d, y_w, epochs=1, batch_size=256)``:
  the usual way, which materialises every window. (It has ``k - 1`` fewer
  samples, the windows without a full history; a negligible difference.)
* ``keras, 1 batch``: the floor under both: the model of ``LSTMRegressor``
  (``Masking``, ``LSTM(8)``, ``Dense(1)``) fitted by Keras on ONE batch of 256
  contiguous float32 windows. What it needs grows with ``k`` whatever the
  data: the graph of the recurrent loop and, for back-propagation through
  time, the activations of every step of a batch (``k x batch_size`` of
  them).

Each configuration runs in a fresh child process, which imports TensorFlow and
makes the data first. ``baseline MB`` is the child's RSS right before the fit
(TensorFlow alone is about 500 MB of it), ``peak MB`` the peak RSS during the
fit (the kernel's high-water mark, reset right before it; see
``_harness.py``), and ``above baseline MB`` their difference: the memory the
fit itself needs, window materialisation included for the hand-written fit.

How to read the table
---------------------
The lines under the table give ``peak(k=256) / peak(k=16)`` for each way, on
the memory above the baseline and on the total peak. sklstm's windows are
views, so its fit should need about the same memory whatever ``k`` (target:
its peak RSS at the longest ``k`` within 1.3x of that at the shortest); the
hand-written fit needs memory proportional to ``k``. The memory above the
baseline is the stricter measure, but it includes the floor, which grows
with ``k`` whatever the input (about 1.5x from 16 to 256 steps): the last line
also gives what sklstm needs beyond the floor. ``hand-written / sklstm``
compares the two at the same ``k``; ``sklstm - floor`` is what the pipeline
needs beyond the one-batch floor of Keras at the same ``k``.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path

import numpy as np
from _harness import (
    PeakMemory,
    child_entry,
    machine_info,
    markdown_table,
    ratio,
    rss_mb,
    run_child,
)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Keras is imported

OURS = "sklstm pipeline"
HAND = "hand-written keras"
FLOOR = "keras, 1 batch"
METHODS = (OURS, HAND, FLOOR)
UNITS, BATCH_SIZE, SEED = 8, 256, 0
TARGET_GROWTH = 1.3


def make_data(rows: int, features: int):
    """``rows`` x ``features`` float64 and the next value of feature 0."""
    data = np.random.default_rng(SEED).standard_normal((rows + 1, features))
    return data[:rows], data[1:, 0].copy()


def child(payload: dict) -> dict:
    """One epoch of one way of fitting, in this fresh process."""
    import keras
    from sklearn.pipeline import make_pipeline

    from sklstm import LSTMRegressor, SlidingWindow, sliding_windows
    from sklstm.estimators._feed import MASK_VALUE

    method, k = payload["method"], payload["timesteps"]
    X, y = make_data(payload["rows"], payload["features"])
    gc.collect()
    extra = {}
    with PeakMemory() as memory:
        start = time.perf_counter()
        if method == OURS:
            pipe = make_pipeline(
                SlidingWindow(timesteps=k),
                LSTMRegressor(
                    units=UNITS, epochs=1, batch_size=BATCH_SIZE, random_state=SEED
                ),
            )
            pipe.fit(X, y)
            n_samples = len(X)
        elif method == HAND:
            keras.utils.set_random_seed(SEED)
            windows, y_windows = sliding_windows(X, y, timesteps=k)
            X3d = np.ascontiguousarray(windows, dtype=np.float32)
            extra["materialised_mb"] = X3d.nbytes / 2**20
            model = keras.Sequential(
                [
                    keras.Input((k, X.shape[1])),
                    keras.layers.LSTM(UNITS),
                    keras.layers.Dense(1),
                ]
            )
            model.compile(optimizer="adam", loss="mean_squared_error")
            model.fit(X3d, y_windows, epochs=1, batch_size=BATCH_SIZE, verbose=0)
            n_samples = len(X3d)
        else:
            keras.utils.set_random_seed(SEED)
            windows, y_windows = sliding_windows(X, y, timesteps=k)
            X3d = np.ascontiguousarray(windows[:BATCH_SIZE], dtype=np.float32)
            extra["materialised_mb"] = X3d.nbytes / 2**20
            model = keras.Sequential(
                [
                    keras.Input((k, X.shape[1])),
                    keras.layers.Masking(mask_value=MASK_VALUE),
                    keras.layers.LSTM(UNITS),
                    keras.layers.Dense(1),
                ]
            )
            model.compile(optimizer="adam", loss="mean_squared_error")
            model.fit(
                X3d, y_windows[:BATCH_SIZE], epochs=1, batch_size=BATCH_SIZE, verbose=0
            )
            n_samples = len(X3d)
        fit_s = time.perf_counter() - start
    return {
        "baseline_mb": memory.before_mb,
        "peak_mb": memory.peak_mb,
        "above_mb": memory.delta_mb,
        "after_mb": rss_mb(),
        "peak_reset": memory.peak_reset,
        "fit_s": fit_s,
        "n_samples": n_samples,
        **extra,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 rows")
    parser.add_argument("--rows", type=int, default=None, help="default 100,000")
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--timesteps", type=int, nargs="+", default=[16, 256])
    args = parser.parse_args(argv)
    rows = args.rows or (5_000 if args.quick else 100_000)

    print(f"# fit_memory: one epoch on {rows:,} rows x {args.features} features")
    print(f"machine: {machine_info()}")
    print(f"LSTM units={UNITS}, batch_size={BATCH_SIZE}, epochs=1, seed={SEED}")
    started = time.perf_counter()
    script = str(Path(__file__).resolve())
    results = {}
    for method in METHODS:
        for k in args.timesteps:
            payload = {
                "method": method,
                "timesteps": k,
                "rows": rows,
                "features": args.features,
            }
            results[method, k] = run_child(script, payload, timeout_s=3600)
            r = results[method, k]
            print(
                f"  {method:<20} k={k:<4} fit {r['fit_s']:.1f}s, "
                f"peak {r['peak_mb']:.0f} MB ({r['above_mb']:.0f} above baseline)",
                flush=True,
            )

    headers = [
        "method",
        "k",
        "samples",
        "fit (s)",
        "baseline MB",
        "peak MB",
        "above baseline MB",
        "3D float32 copy MB",
    ]
    table = []
    for (method, k), r in results.items():
        copy_mb = r.get("materialised_mb")
        table.append(
            [
                method,
                str(k),
                f"{r['n_samples']:,}",
                f"{r['fit_s']:.1f}",
                f"{r['baseline_mb']:,.0f}",
                f"{r['peak_mb']:,.0f}",
                f"{r['above_mb']:,.0f}",
                "none (view)" if copy_mb is None else f"{copy_mb:,.0f}",
            ]
        )
    print()
    print(markdown_table(headers, table))
    print()
    lo, hi = min(args.timesteps), max(args.timesteps)
    for method in (OURS, HAND, FLOOR):
        a, b = results[method, lo], results[method, hi]
        print(
            f"{method}: peak(k={hi}) / peak(k={lo}) = "
            f"{ratio(b['peak_mb'], a['peak_mb'])} in total, "
            f"{ratio(b['above_mb'], a['above_mb'])} above baseline"
        )
    a, b = results[OURS, lo], results[OURS, hi]
    beyond = [
        results[OURS, k]["above_mb"] - results[FLOOR, k]["above_mb"] for k in (lo, hi)
    ]
    verdict = "met" if b["peak_mb"] <= TARGET_GROWTH * a["peak_mb"] else "MISSED"
    print(
        f"target: sklstm's peak RSS at k={hi} within {TARGET_GROWTH}x of k={lo}: "
        f"{verdict} ({ratio(b['peak_mb'], a['peak_mb'])}); above the baseline "
        f"{ratio(b['above_mb'], a['above_mb'])}, sklstm beyond the Keras floor "
        f"{ratio(beyond[1], beyond[0])} ({beyond[0]:.0f} MB to {beyond[1]:.0f} MB)"
    )
    for k in args.timesteps:
        ours, hand = results[OURS, k], results[HAND, k]
        print(
            f"k={k}: hand-written / sklstm = "
            f"{ratio(hand['above_mb'], ours['above_mb'])} above baseline, "
            f"{ratio(hand['peak_mb'], ours['peak_mb'])} in total; "
            f"sklstm - floor = {ours['above_mb'] - results[FLOOR, k]['above_mb']:.0f} "
            f"MB (floor {results[FLOOR, k]['above_mb']:.0f} MB)"
        )
    if not all(r["peak_reset"] for r in results.values()):
        print("note: the RSS peak could not be reset; peaks are child lifetime peaks")
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if not child_entry(child):
        main()
