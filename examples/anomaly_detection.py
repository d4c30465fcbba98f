"""Anomaly detection with an LSTM autoencoder: errors in a copy of a yearly series.

A user story: "I have a digitised copy of the yearly sunspot numbers. The years
up to 1900 have been checked against the originals; the rest were typed in and
may hold errors. Which stretches of years should I check first?"

To have a ground truth, this example puts three errors into the copy of the
bundled series on purpose (they are injected, not historical):

- 1921: the count 26.1 typed as 126.1 (a digit too many);
- 1947: the count of the maximum, 151.6, entered as 0 (a missing reading);
- 1984-1987: the 1983 count copied down four rows (the counts stay at 66.6
  while the real cycle falls to its minimum); no yearly change is unusual.

The copy becomes windows of 11 years (about one solar cycle), each ending at
its year: ``FunctionTransformer(np.sqrt)`` evens out the size of strong and
weak cycles, ``StandardScaler`` scales, ``SlidingWindow(timesteps=11)`` makes
the windows and ``LSTMAutoencoder`` learns to rebuild the checked windows (up
to 1900). A window of the later years that it rebuilds badly is unlike any
window of the checked years: ``score_samples`` is minus its reconstruction
error, and ``predict`` flags it (-1) beyond the threshold learned from the
checked windows (``contamination="auto"``: the upper Tukey fence of their
errors). The windows of 1901 on continue the checked years: the first ones
reach back before 1901.

An error enters the windows at their last step, so the first flagged window
that holds it dates it. The scores of the windows are checked against the truth
with the ROC AUC, and compared with a simple detector: the largest absolute
z-score of the year-to-year changes in the window. A window without an error
can be flagged too: the autoencoder flags what is unlike the checked years, and
the strongest cycles on record (the maximum of 1957) came after 1900.

Run: ``python examples/anomaly_detection.py`` (``SKLSTM_QUICK=1`` for a small
run). Saves ``anomaly_detection.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import LSTMAutoencoder, SlidingWindow
from sklstm.datasets import load_sunspots

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
WINDOW = 11  # years, about one solar cycle


ERRORS = {  # (first year, last year): what was injected there
    (1921, 1921): "26.1 typed as 126.1",
    (1947, 1947): "the maximum, 151.6, entered as 0",
    (1984, 1987): "the 1983 count, 66.6, copied down four rows",
}


def runs(years):
    """Consecutive years as "first-last" strings."""
    if not len(years):
        return []
    cuts = np.flatnonzero(np.diff(years) > 1) + 1
    return [
        f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in np.split(years, cuts)
    ]


def main():
    sunspots = load_sunspots()
    copy = sunspots.copy()  # the digitised copy, with three injected errors
    copy.loc["1921", "sunspots"] = 126.1
    copy.loc["1947", "sunspots"] = 0.0
    copy.loc["1984":"1987", "sunspots"] = copy.loc["1983", "sunspots"]
    years = copy.index.year.to_numpy()
    wrong = copy["sunspots"].to_numpy() != sunspots["sunspots"].to_numpy()
    print("injected errors (the ground truth):")
    for (first, last), what in ERRORS.items():
        print(f"  {runs(np.arange(first, last + 1))[0]}: {what}")

    checked, unchecked = copy.loc[:"1900"], copy.loc["1901":]
    detector = make_pipeline(
        FunctionTransformer(np.sqrt),  # keeps the DataFrame and its years
        StandardScaler().set_output(transform="pandas"),
        SlidingWindow(timesteps=WINDOW),
        LSTMAutoencoder(
            units=16 if QUICK else 32,
            epochs=40,
            learning_rate=0.01,
            random_state=0,
        ),
    )
    detector.fit(checked)
    print(f"trained on the {len(checked)} windows that end in the checked years "
          f"{years[0]}-1900; scoring the {len(unchecked)} windows of {WINDOW} "
          f"years that end in 1901-{years[-1]}")  # fmt: skip

    error = -detector.score_samples(unchecked)  # the reconstruction error
    flagged = detector.predict(unchecked) == -1
    ends = unchecked.index.year.to_numpy()
    inside = (years[None, :] > ends[:, None] - WINDOW) & (
        years[None, :] <= ends[:, None]
    )  # inside[i, j]: the window ending in ends[i] holds the year years[j]
    holds_error = (inside & wrong).any(axis=1)

    print(f"\nflagged {flagged.sum()} of {len(ends)} windows; per error:")
    found = 0
    for first, last in ERRORS:
        holding = inside[:, (years >= first) & (years <= last)].any(axis=1)
        hits = ends[holding & flagged]
        found += bool(hits.size)
        dated = f", the first ends in {hits[0]}" if hits.size else ""
        print(f"  {runs(np.arange(first, last + 1))[0]}: "
              f"{(holding & flagged).sum()} of the {holding.sum()} windows that "
              f"hold it flagged{dated}")  # fmt: skip
    false_alarms = ends[flagged & ~holds_error]
    print(f"flagged windows without an error end in: "
          f"{', '.join(runs(false_alarms)) or 'none'}")  # fmt: skip

    # A simple detector: the largest |z-score| of the yearly changes in a
    # window, the changes scaled by those of the checked years.
    change = copy["sunspots"].diff()
    reference = change.loc[:"1900"]
    z = ((change - reference.mean()) / reference.std()).abs().fillna(0)
    simple = z.rolling(WINDOW, min_periods=1).max().loc["1901":].to_numpy()
    results = {
        "auc": roc_auc_score(holds_error, error),
        "baseline_auc": roc_auc_score(holds_error, simple),
        "found": found,
        "precision": float(holds_error[flagged].mean()) if flagged.any() else 0.0,
    }
    print(f"\nROC AUC, windows that hold an injected error against the others:\n"
          f"  LSTM autoencoder (reconstruction error)     {results['auc']:.3f}\n"
          f"  largest |z-score| of a yearly change        "
          f"{results['baseline_auc']:.3f}")  # fmt: skip
    print(f"{found} of {len(ERRORS)} errors lie in flagged windows; "
          f"{results['precision']:.0%} of the flagged windows hold one")  # fmt: skip

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6.5), sharex=True)
    shown = years > 1880
    top.plot(years[shown], sunspots["sunspots"][shown], color="0.6", lw=1,
             label="original")  # fmt: skip
    top.plot(years[shown], copy["sunspots"][shown], "k.-", lw=1, label="copy")
    top.plot(years[wrong], copy["sunspots"][wrong], "rx", ms=9, mew=2,
             label="injected error")  # fmt: skip
    for n, end in enumerate(ends[flagged]):
        top.axvspan(end - 0.5, end + 0.5, color="C1", alpha=0.25, lw=0,
                    label="a flagged window ends here" if n == 0 else None)  # fmt: skip
    top.axvline(1900.5, color="k", ls=":", label="last checked year")
    top.set(ylabel="sunspot number", title="The copy and its flagged windows")
    top.set_ylim(-10, 250)
    top.legend(loc="upper left", fontsize=9, ncols=3)
    bottom.plot(ends, error, "-", color="C0", label="autoencoder error")
    bottom.plot(ends[flagged], error[flagged], "o", color="C1", ms=4,
                label="flagged")  # fmt: skip
    bottom.axhline(-detector[-1].offset_, color="C1", ls="--", label="threshold")
    bottom.plot(ends[holds_error], np.zeros(holds_error.sum()), "r|", ms=12,
                label="the window holds an error")  # fmt: skip
    bottom.set(xlabel="last year of the window", ylabel="reconstruction error",
               title=f"Anomaly score of each {WINDOW}-year window: ROC AUC "
               f"{results['auc']:.2f} (simple detector "
               f"{results['baseline_auc']:.2f})")  # fmt: skip
    bottom.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    fig.savefig("anomaly_detection.png", dpi=100)
    print("saved anomaly_detection.png")
    return results


if __name__ == "__main__":
    results = main()
