"""Windowing speed and memory: sklstm's strided views against the usual recipes.

Run ``python benchmarks/windowing.py`` (full sizes, a few minutes) or
``python benchmarks/windowing.py --quick`` (small sizes, a smoke test).

What is measured
----------------
For a table of ``--rows`` rows x ``--features`` float64 features (default
1,000,000 x 8) and each window length ``k`` of ``--timesteps`` (default 16, 64,
256), the time and the peak memory of turning the table into windows of shape
``(n_windows, k, n_features)``:

* ``SlidingWindow``: ``SlidingWindow(timesteps=k).fit_transform(X)``, a
  read-only strided view of one padded copy of ``X`` (one window per row, the
  first ``k - 1`` padded with NaN).
* ``SlidingWindow + sum()``: the same, then ``windows.sum()``, which reads
  every value of every window once.
* ``SlidingWindow + float32 batches``: the same, then every batch of
  ``--batch`` windows copied to a new float32 array, one batch at a time: the
  work of one epoch of a fit's input pipeline (``LSTMRegressor`` gathers the
  float32 batches inside TensorFlow, from a float32 copy of the rows).
* ``sliding_windows``: ``sliding_windows(X, timesteps=k)``, the complete windows
  only: a read-only strided view of ``X`` itself, no copy.
* ``pandas shift+concat``: the "series to supervised" blog recipe,
  ``pd.concat([df.shift(i) for i in range(k-1, -1, -1)], axis=1)``, then
  ``.to_numpy().reshape(n, k, f)``: every row kept, the first ``k - 1``
  windows padded with NaN, as ``SlidingWindow`` makes them.
* ``pandas shift+concat+dropna``: the same recipe with its usual last step,
  ``.dropna()`` before ``.to_numpy()``: the complete windows only, as
  ``sliding_windows``, the Python loop and Keras make them.
* ``Python loop + np.stack``:
  ``np.stack([X[i-k+1:i+1] for i in range(k-1, n)])``.
* ``keras timeseries_dataset``:
  ``keras.utils.timeseries_dataset_from_array(X, None, sequence_length=k,
  batch_size=--batch)``, fully iterated (the batch sizes are summed, so every
  batch is made). It never holds all windows, so it always runs on all rows.

Each (method, k) runs in a fresh child process, which makes the data, then
measures one call for memory and repeats the call for time:

* time: ``time.perf_counter`` around the call, best of up to ``--repeats``
  calls (fewer when a call is slow: the repeats stop after ~10 s). The
  construction of the input DataFrame for the pandas recipe and the import of
  Keras are not timed.
* peak memory: the peak RSS during the call (the kernel's high-water mark,
  reset right before the call; see ``_harness.py`` for why it is read from
  ``/proc/self/status`` rather than ``ru_maxrss``) minus the RSS right before
  the call, so the input and the imports are not counted. RSS is used for
  every method because TensorFlow allocates outside Python's allocator; for
  the methods without TensorFlow, the ``tracemalloc`` peak of a separate call
  (numpy reports its buffers to ``tracemalloc``) is shown as a cross-check.

The methods that materialise every window (the pandas recipe and the Python
loop) would need ``n x k x f x 8`` bytes and more: 16 GB at 1M x 256 x 8. They
run on the largest number of rows (a multiple of 1,000) whose estimated peak
stays under ``--mem-cap-gb`` (default 3 GB), and their time and memory are
scaled linearly to the full row count. Such figures are marked ``*`` and the
``rows run`` column gives the rows actually used.

How to read the table
---------------------
All times and memory are for the full row count. ``time vs SW`` is the
method's time over the time of ``SlidingWindow`` (so ``350x`` means 350 times
slower than building the view); ``time vs s_w`` is the same over the time of
``sliding_windows``, the view of the same complete windows that the pandas
recipe with ``dropna``, the loop and Keras make; ``time vs SW+f32`` compares
with building the view AND copying every window to float32 batch by batch, the
fair comparison when the windows are actually consumed. ``memory vs SW`` is
the ratio of the peak memory to that of ``SlidingWindow``. The lines under the
table say the same in words, each method against the view of the same
windows, and check the target that building the views is at least 100x faster
than the pandas recipe: ``SlidingWindow`` against the recipe that keeps every
row, ``sliding_windows`` against the recipe with ``dropna``.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from _harness import (
    MB,
    PeakMemory,
    best_time,
    child_entry,
    machine_info,
    markdown_table,
    ratio,
    run_child,
)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Keras is imported

SW = "SlidingWindow"
SW_SUM = "SlidingWindow + sum()"
SW_F32 = "SlidingWindow + float32 batches"
SW_FN = "sliding_windows"
PANDAS = "pandas shift+concat"
PANDAS_DROPNA = "pandas shift+concat+dropna"
LOOP = "Python loop + np.stack"
KERAS = "keras timeseries_dataset"
METHODS = (SW, SW_SUM, SW_F32, SW_FN, PANDAS, PANDAS_DROPNA, LOOP, KERAS)
# The methods that make the complete windows only, as sliding_windows does.
COMPLETE = (PANDAS_DROPNA, LOOP, KERAS)
# Each view against the pandas recipe that makes the same windows.
PANDAS_OF = {SW: PANDAS, SW_FN: PANDAS_DROPNA}

# Estimated peak bytes per row of the methods that hold every window, as a
# multiple of the windows' size (measured: the pandas recipe peaks at about
# twice its output, the shifted frames plus the concatenation; dropna adds a
# little) plus a fixed cost per row (the loop's list of one view object per
# window).
MATERIALISING = {PANDAS: (2.2, 0), PANDAS_DROPNA: (2.3, 0), LOOP: (1.0, 400)}
TARGET_VS_PANDAS = 100


# ---------------------------------------------------------------- the methods


def _make_call(method: str, X: np.ndarray, k: int, batch: int):
    """A function running ``method`` once on ``X``; made before any timing."""
    n, f = X.shape
    if method in (SW, SW_SUM, SW_F32, SW_FN):
        from sklstm import SlidingWindow, sliding_windows

        if method == SW:
            return lambda: SlidingWindow(timesteps=k).fit_transform(X)
        if method == SW_FN:
            return lambda: sliding_windows(X, timesteps=k)[0]
        if method == SW_SUM:
            return lambda: SlidingWindow(timesteps=k).fit_transform(X).sum()

        def float32_batches():
            windows = SlidingWindow(timesteps=k).fit_transform(X)
            n_values = 0
            for start in range(0, len(windows), batch):
                chunk = np.array(windows[start : start + batch], dtype=np.float32)
                n_values += chunk.size
            return n_values

        return float32_batches
    if method in (PANDAS, PANDAS_DROPNA):
        import pandas as pd

        df = pd.DataFrame(X)  # the recipe's input, built before measuring
        dropna = method == PANDAS_DROPNA

        def recipe():
            shifted = pd.concat([df.shift(i) for i in range(k - 1, -1, -1)], axis=1)
            if dropna:  # the complete windows only
                shifted = shifted.dropna()
            return shifted.to_numpy().reshape(len(shifted), k, f)

        return recipe
    if method == LOOP:
        return lambda: np.stack([X[i - k + 1 : i + 1] for i in range(k - 1, n)])
    if method == KERAS:
        import keras

        def dataset():
            windows = keras.utils.timeseries_dataset_from_array(
                X, None, sequence_length=k, batch_size=batch
            )
            return sum(int(b.shape[0]) for b in windows)

        return dataset
    raise ValueError(f"unknown method {method!r}")


def child(payload: dict) -> dict:
    """Measure one method at one window length, in this fresh process."""
    method, k = payload["method"], payload["timesteps"]
    rows, features, batch = payload["rows"], payload["features"], payload["batch"]
    if method == KERAS:
        import keras  # noqa: F401  (imported before the baseline is taken)
    X = np.random.default_rng(0).standard_normal((rows, features))
    call = _make_call(method, X, k, batch)
    gc.collect()

    with PeakMemory() as memory:
        start = time.perf_counter()
        out = call()
        first_time = time.perf_counter() - start
    del out
    gc.collect()
    best, calls = first_time, 1
    if payload["repeats"] > 1 and first_time < 10:
        more, n_more = best_time(call, repeats=payload["repeats"] - 1, budget_s=10.0)
        best, calls = min(best, more), calls + n_more

    traced = None
    if method != KERAS:
        tracemalloc.start()
        out = call()
        traced = tracemalloc.get_traced_memory()[1] / MB
        tracemalloc.stop()
        del out
    return {
        "rows": rows,
        "time_s": best,
        "calls": calls,
        "peak_mb": memory.delta_mb,
        "peak_reset": memory.peak_reset,
        "tracemalloc_mb": traced,
    }


# ---------------------------------------------------------------- the parent


def rows_to_run(method: str, rows: int, k: int, features: int, cap_gb: float) -> int:
    """All rows, or for a materialising method the most that fit under the cap."""
    if method not in MATERIALISING:
        return rows
    factor, per_row = MATERIALISING[method]
    bytes_per_row = factor * k * features * 8 + per_row
    fitting = int(cap_gb * 1e9 // bytes_per_row)
    if fitting >= rows:
        return rows
    return max(k + 10, fitting // 1000 * 1000 if fitting >= 1000 else fitting)


def check_equivalence() -> None:
    """The methods make the same windows (on a tiny table), or stop here."""
    import pandas as pd

    from sklstm import SlidingWindow, sliding_windows

    n, k, f = 50, 5, 3
    X = np.random.default_rng(1).standard_normal((n, f))
    view = SlidingWindow(timesteps=k).fit_transform(X)
    complete = sliding_windows(X, timesteps=k)[0]
    df = pd.DataFrame(X)
    shifted = pd.concat([df.shift(i) for i in range(k - 1, -1, -1)], axis=1)
    recipe = shifted.to_numpy().reshape(n, k, f)
    dropped = shifted.dropna().to_numpy().reshape(n - k + 1, k, f)
    loop = np.stack([X[i - k + 1 : i + 1] for i in range(k - 1, n)])
    assert np.array_equal(view, recipe, equal_nan=True), "SlidingWindow != pandas"
    assert np.array_equal(complete, dropped), "sliding_windows != pandas dropna"
    assert np.array_equal(complete, loop), "loop differs"
    assert np.array_equal(view[k - 1 :], loop), "SlidingWindow != loop"
    assert np.shares_memory(complete, X), "sliding_windows copied X"


def _fmt_seconds(seconds: float) -> str:
    if seconds >= 100:
        return f"{seconds:,.0f}"
    if seconds >= 1:
        return f"{seconds:.2f}"
    return f"{seconds:.4f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--rows", type=int, default=None, help="default 1,000,000")
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument(
        "--timesteps", type=int, nargs="+", help="default 16 64 256 (quick: 16 256)"
    )
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--mem-cap-gb",
        type=float,
        default=None,
        help="estimated peak allowed to a materialising method (default 3)",
    )
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    args = parser.parse_args(argv)
    rows = args.rows or (20_000 if args.quick else 1_000_000)
    args.timesteps = args.timesteps or ([16, 256] if args.quick else [16, 64, 256])
    # --quick also lowers the cap, so that the extrapolation path is exercised.
    cap = args.mem_cap_gb or (0.1 if args.quick else 3.0)

    check_equivalence()
    print(f"# windowing: {rows:,} rows x {args.features} float64 features")
    print(f"machine: {machine_info()}")
    print(
        f"batch={args.batch}, best of up to {args.repeats} calls, "
        f"materialising methods capped at ~{cap:g} GB (* = scaled to {rows:,} rows)"
    )
    started = time.perf_counter()
    script = str(Path(__file__).resolve())
    results: dict[tuple[int, str], dict] = {}
    for k in args.timesteps:
        for method in args.methods:
            m = rows_to_run(method, rows, k, args.features, cap)
            payload = {
                "method": method,
                "timesteps": k,
                "rows": m,
                "features": args.features,
                "batch": args.batch,
                "repeats": args.repeats,
            }
            result = run_child(script, payload)
            scale = rows / m
            result["time_full_s"] = result["time_s"] * scale
            result["peak_full_mb"] = result["peak_mb"] * scale
            if result["tracemalloc_mb"] is not None:
                result["tracemalloc_mb"] *= scale
            result["scaled"] = m < rows
            results[k, method] = result
            print(
                f"  k={k:<4} {method:<32} rows={m:>9,} "
                f"time={result['time_s']:.4f}s peak={result['peak_mb']:.1f}MB "
                f"({result['child_wall_s']:.0f}s in child)",
                file=sys.stderr,
                flush=True,
            )

    print()
    print(render(results, args.timesteps, args.methods, rows))
    if not all(r["peak_reset"] for r in results.values()):
        print("note: the RSS peak could not be reset; peaks are child lifetime peaks")
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")


def render(results, timesteps, methods, rows) -> str:
    headers = [
        "k",
        "method",
        "rows run",
        "time (s)",
        "time vs SW",
        "time vs s_w",
        "time vs SW+f32",
        "peak MB",
        "memory vs SW",
        "tracemalloc MB",
    ]
    table, lines = [], []
    for k in timesteps:
        sw = results.get((k, SW))
        fn = results.get((k, SW_FN))
        f32 = results.get((k, SW_F32))
        for method in methods:
            r = results[k, method]
            mark = "*" if r["scaled"] else ""
            traced = r["tracemalloc_mb"]
            table.append(
                [
                    str(k),
                    method,
                    f"{r['rows']:,}{mark}",
                    _fmt_seconds(r["time_full_s"]) + mark,
                    ratio(r["time_full_s"], sw["time_full_s"]) if sw else "",
                    ratio(r["time_full_s"], fn["time_full_s"]) if fn else "",
                    ratio(r["time_full_s"], f32["time_full_s"]) if f32 else "",
                    f"{r['peak_full_mb']:,.0f}{mark}",
                    ratio(r["peak_full_mb"], sw["peak_full_mb"]) if sw else "",
                    "" if traced is None else f"{traced:,.0f}{mark}",
                ]
            )
            if sw and method not in (SW, SW_SUM, SW_F32):
                lines.append(_line(k, method, r, sw, fn, f32))
    targets = []
    for view, recipe in PANDAS_OF.items():
        verdicts = []
        for k in timesteps:
            if (k, view) not in results or (k, recipe) not in results:
                continue
            speedup = (
                results[k, recipe]["time_full_s"] / results[k, view]["time_full_s"]
            )
            met = "met" if speedup >= TARGET_VS_PANDAS else "MISSED"
            verdicts.append(f"k={k}: {speedup:,.0f}x ({met})")
        if verdicts:
            targets.append(
                f"target: {view} >= {TARGET_VS_PANDAS}x faster than {recipe}: "
                + "; ".join(verdicts)
            )
    out = [markdown_table(headers, table), "", *lines]
    return "\n".join(out + ["", *targets] if targets else out)


def _line(k, method, r, sw, fn, f32) -> str:
    """One method against the views, in words; first the view of its windows."""
    against = []
    if fn and method in COMPLETE:
        against.append(
            f"{ratio(r['time_full_s'], fn['time_full_s'])} the time of "
            "sliding_windows (the same complete windows)"
        )
    against.append(
        f"{ratio(r['time_full_s'], sw['time_full_s'])} the time of "
        "building the SlidingWindow view"
    )
    if f32:
        against.append(
            f"{ratio(r['time_full_s'], f32['time_full_s'])} the time "
            "of building it and copying every window to float32"
        )
    extra = " (extrapolated)" if r["scaled"] else ""
    return (
        f"k={k}: {method}: "
        + ", ".join(against)
        + f", {ratio(r['peak_full_mb'], sw['peak_full_mb'])} its peak memory{extra}"
    )


if __name__ == "__main__":
    if not child_entry(child):
        main()
