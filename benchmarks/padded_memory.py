"""Memory of a fit on padded variable-length sequences, float32 against float64.

Run ``python benchmarks/padded_memory.py`` (about a minute) or
``python benchmarks/padded_memory.py --quick`` (a smoke test).

What is measured
----------------
``--sequences`` sequences (default 4,000) of 200 to 500 steps x 25 float32
features, padded by ``SequencePadder(maxlen=500)`` to one 3D array (the
only 3D array of the path), and one epoch of ``LSTMRegressor(units=2,
batch_size=256)`` on it, each way in a fresh process:

* ``sklstm, float32``: ``SequencePadder(dtype="float32")``; the estimator
  hands the padded array to TensorFlow as it is.
* ``sklstm, float64``: ``SequencePadder(dtype="float64")``; the estimator
  makes one float32 copy of it for TensorFlow.
* ``hand-written keras``: the float32 padded array with its padded steps set
  to the mask value, fitted by ``model.fit(X3d, y)`` on the same model
  (``Masking``, ``LSTM(2)``, ``Dense(1)``) written by hand.

``above baseline MB`` is the peak RSS during the fit minus the RSS right
before it (TensorFlow imported, the padded array made; see ``_harness.py``);
``vs array`` divides it by the size of the padded array. A fit that copied
the array would need at least 1.0x.
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
    run_child,
)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # before Keras is imported

METHODS = ("sklstm, float32", "sklstm, float64", "hand-written keras")
MAXLEN, FEATURES, UNITS, BATCH_SIZE, SEED = 500, 25, 2, 256, 0


def child(payload: dict) -> dict:
    """One epoch of one way of fitting, in this fresh process."""
    import keras

    from sklstm import LSTMRegressor, SequencePadder
    from sklstm.estimators._feed import MASK_VALUE

    method = payload["method"]
    rng = np.random.default_rng(SEED)
    lengths = rng.integers(200, MAXLEN + 1, size=payload["sequences"])
    sequences = [rng.normal(size=(n, FEATURES)).astype(np.float32) for n in lengths]
    y = rng.normal(size=len(sequences))
    dtype = "float64" if method.endswith("float64") else "float32"
    X = SequencePadder(maxlen=MAXLEN, dtype=dtype).fit_transform(sequences)
    del sequences
    if method == "hand-written keras":
        X[np.isnan(X).all(axis=-1)] = MASK_VALUE
    gc.collect()
    with PeakMemory() as memory:
        start = time.perf_counter()
        if method.startswith("sklstm"):
            LSTMRegressor(
                units=UNITS, epochs=1, batch_size=BATCH_SIZE, random_state=SEED
            ).fit(X, y)
        else:
            keras.utils.set_random_seed(SEED)
            model = keras.Sequential(
                [
                    keras.Input((MAXLEN, FEATURES)),
                    keras.layers.Masking(mask_value=MASK_VALUE),
                    keras.layers.LSTM(UNITS),
                    keras.layers.Dense(1),
                ]
            )
            model.compile(optimizer="adam", loss="mean_squared_error")
            model.fit(X, y, epochs=1, batch_size=BATCH_SIZE, verbose=0)
        fit_s = time.perf_counter() - start
    return {
        "array_mb": X.nbytes / 2**20,
        "above_mb": memory.delta_mb,
        "fit_s": fit_s,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 sequences")
    parser.add_argument("--sequences", type=int, default=None, help="default 4,000")
    args = parser.parse_args(argv)
    n = args.sequences or (400 if args.quick else 4_000)

    print(f"# padded_memory: {n:,} sequences of 200-{MAXLEN} steps x {FEATURES}")
    print(f"machine: {machine_info()}")
    print(f"LSTM units={UNITS}, batch_size={BATCH_SIZE}, epochs=1, seed={SEED}")
    started = time.perf_counter()
    script = str(Path(__file__).resolve())
    table = []
    for method in METHODS:
        r = run_child(script, {"method": method, "sequences": n}, timeout_s=3600)
        table.append(
            [
                method,
                f"{r['array_mb']:,.0f}",
                f"{r['fit_s']:.1f}",
                f"{r['above_mb']:,.0f}",
                ratio(r["above_mb"], r["array_mb"]),
            ]
        )
        print(f"  {method:<20} fit {r['fit_s']:.1f}s", flush=True)
    headers = ["method", "array MB", "fit (s)", "above baseline MB", "vs array"]
    print()
    print(markdown_table(headers, table))
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    if not child_entry(child):
        main()
