"""Tagging every step of variable-length sequences: the phase of the solar cycle.

A user story: "Observers counted sunspots over stretches of years, some for 20
years, some for 40. Each observer counts on a personal scale (the 'k factor' of
the Wolf number) and the counts are noisy. For every year of every record I want
a tag: is the solar cycle ``rising`` (from a minimum to the maximum) or
``falling``?" One tag per step is what a named-entity tagger does with the words
of a sentence, and the tag of a year is a matter of context: the same count is
seen on the way up and on the way down, and a noisy change from the year before
points the wrong way often. Whether a year lies before or after the maximum is
told by the years around it, on both sides.

The records are made from the bundled yearly sunspot numbers: stretches of 20 to
40 years, each read with its own scale factor and noise, tagged with the phases
of the real cycles (their minima and maxima, found in the clean series). The
records before 1901 train the tagger; those from 1901 on test it.

- the records are a plain list of arrays of different lengths, and the tags a
  list of string arrays, one tag per year;
- ``SequencePadder`` pads the records to one 3D array (NaN steps, masked);
- ``StepwiseTransformer(StandardScaler())`` scales every real step;
- ``LSTMClassifier(return_sequences=True, bidirectional=True)`` gives one tag
  per step, reading each record forwards and backwards, and ``predict`` returns
  one array of tags per record, of its own length.

Baselines, scored on the same held-out years: the most frequent tag, a logistic
regression on each year alone (its count and its change from the year before,
relative to the record's mean), and the sign of the change of a 5-year moving
average (context by hand).

Run: ``python examples/step_tagging.py`` (``SKLSTM_QUICK=1`` for a small run).
Saves ``step_tagging.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from scipy.signal import find_peaks
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMClassifier, SequencePadder, StepwiseTransformer
from sklstm.datasets import load_sunspots

QUICK = os.environ.get("SKLSTM_QUICK") == "1"


def cycle_phases(counts):
    """The tag of every year: "rising" up to a maximum, "falling" down to a minimum."""
    maxima, _ = find_peaks(counts, prominence=20)
    minima, _ = find_peaks(-counts, prominence=20)
    turns = sorted([(i, "rising") for i in maxima] + [(i, "falling") for i in minima])
    tags = np.empty(len(counts), dtype=object)
    start = 0
    for i, phase in turns:  # the years up to a turning point, that point included
        tags[start : i + 1] = phase
        start = i + 1
    tags[start:] = "rising" if turns[-1][1] == "falling" else "falling"
    return tags.astype(str)


def observe(counts, tags, first, last, n_records, rng):
    """Records of random stretches of the years ``first`` to ``last - 1``."""
    records, record_tags, starts, factors = [], [], [], []
    for _ in range(n_records):
        length = rng.integers(20, 41)
        start = rng.integers(first, last - length + 1)
        factor = rng.uniform(0.6, 1.4)  # the observer's personal scale
        true = counts[start : start + length]
        noisy = factor * true * np.exp(0.3 * rng.normal(size=length))
        noisy = np.maximum(noisy + rng.normal(size=length), 0)
        records.append(noisy.round(1))  # one feature: a 1D array per record
        record_tags.append(tags[start : start + length])
        starts.append(start)
        factors.append(factor)
    return records, record_tags, np.array(starts), np.array(factors)


def per_year_features(records):
    """Each year on its own: its count and change, relative to the record's mean."""
    rows = []
    for record in records:
        relative = record / max(record.mean(), 1.0)
        rows.append(np.c_[relative, np.r_[0.0, np.diff(relative)]])
    return np.concatenate(rows)


def moving_average_trend(records):
    """Rising where a centred 5-year moving average goes up."""
    tags = []
    for record in records:
        smooth = pd.Series(record).rolling(5, center=True, min_periods=1).mean()
        tags.append(np.where(np.gradient(smooth.to_numpy()) > 0, "rising", "falling"))
    return np.concatenate(tags)


def main():
    sunspots = load_sunspots()["sunspots"]
    counts = sunspots.to_numpy()
    years = sunspots.index.year.to_numpy()
    tags = cycle_phases(counts)
    rng = np.random.default_rng(0)
    split = int(np.searchsorted(years, 1901))
    # The same test records in the small and the full run.
    X_test, y_test, test_starts, test_factors = observe(
        counts, tags, split, len(counts), 100, rng
    )
    X_train, y_train, _, _ = observe(
        counts, tags, 0, split, 300 if QUICK else 1000, rng
    )
    lengths = [len(record) for record in X_train + X_test]
    print(f"{len(X_train)} training records (1700-1900) and {len(X_test)} test "
          f"records (1901-2008) of {min(lengths)}-{max(lengths)} years, "
          f"one tag per year: {', '.join(sorted(set(tags)))}")  # fmt: skip

    tagger = make_pipeline(
        SequencePadder(),
        StepwiseTransformer(StandardScaler()),
        LSTMClassifier(
            units=16 if QUICK else 32,
            bidirectional=True,  # a year's phase depends on the years after it too
            return_sequences=True,
            epochs=30,
            learning_rate=0.01,
            random_state=0,
        ),
    )
    tagger.fit(X_train, y_train)
    predicted = tagger.predict(X_test)  # one array of tags per test record
    assert [len(p) for p in predicted] == [len(record) for record in X_test]

    truth = np.concatenate(y_test)
    train_truth = np.concatenate(y_train)
    per_year = make_pipeline(StandardScaler(), LogisticRegression()).fit(
        per_year_features(X_train), train_truth
    )
    most_frequent = pd.Series(train_truth).mode()[0]
    guesses = {  # key of the results: (label, the tags it gives)
        "lstm": ("LSTM tagger on whole records", np.concatenate(predicted)),
        "most frequent tag": ("most frequent tag", np.full(len(truth), most_frequent)),
        "per-year logistic regression": (
            "logistic regression, year by year",
            per_year.predict(per_year_features(X_test)),
        ),
        "trend": ("trend of a 5-year moving average", moving_average_trend(X_test)),
    }
    results = {}
    print(f"\naccuracy per year, {len(truth)} years of the test records:")
    for name, (label, guess) in guesses.items():
        results[name] = float(np.mean(guess == truth))
        print(f"  {label:<36} {results[name]:.3f}")
    baselines = max(results[name] for name in list(guesses)[1:])
    print("the LSTM tagger beats every baseline" if results["lstm"] > baselines
          else "a baseline matches or beats the LSTM tagger")  # fmt: skip

    short = int(np.argmin([len(record) for record in X_test]))
    record_years = years[test_starts[short]] + np.arange(len(X_test[short]))
    print(f"\nthe shortest test record, {record_years[0]}-{record_years[-1]}:")
    table = pd.DataFrame(
        {"count": X_test[short], "true tag": y_test[short], "LSTM": predicted[short]},
        index=pd.Index(record_years, name="year"),
    )
    table[""] = np.where(table["LSTM"] != table["true tag"], "<- wrong", "")
    print(table.to_string())

    by_length = np.argsort([len(record) for record in X_test], kind="stable")
    shown = by_length[[0, 33, 66, 99]]  # short to long
    fig, axes = plt.subplots(len(shown), 1, figsize=(10, 9))
    for ax, i in zip(axes, shown, strict=True):
        record_years = years[test_starts[i]] + np.arange(len(X_test[i]))
        for year, tag in zip(record_years, y_test[i], strict=True):
            if tag == "rising":
                ax.axvspan(year - 0.5, year + 0.5, color="C2", alpha=0.15, lw=0)
        ax.plot(record_years, X_test[i], "k-", lw=1)
        for tag, marker, color in (("rising", "^", "C2"), ("falling", "v", "C3")):
            where = predicted[i] == tag
            ax.plot(record_years[where], X_test[i][where], marker, color=color,
                    label=f"LSTM: {tag}")  # fmt: skip
        wrong = predicted[i] != y_test[i]
        ax.plot(record_years[wrong], X_test[i][wrong], "o", mfc="none", mec="k",
                ms=11, label="wrong tag")  # fmt: skip
        ax.set_xlim(record_years[0] - 1, record_years[0] + 40)  # one scale for all
        ax.set_title(f"{len(wrong)} years, observer's scale {test_factors[i]:.2f}: "
                     f"{int((~wrong).sum())} tagged right", fontsize=10)  # fmt: skip
        ax.set_ylabel("count")
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(Patch(color="C2", alpha=0.15, label="truly rising"))
    fig.legend(handles=handles, loc="lower center", ncols=4)
    axes[-1].set_xlabel("year")
    fig.suptitle("Phase of the solar cycle, tagged year by year on test records")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    fig.savefig("step_tagging.png", dpi=100)
    print("saved step_tagging.png")
    return results


if __name__ == "__main__":
    results = main()
