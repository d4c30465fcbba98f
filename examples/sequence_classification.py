"""Variable-length sequence classification: who is speaking?

A user story: "I have a long table of recordings, one row per frame, 12
coefficients per frame, and recordings of different lengths (7 to 29 frames).
Which of 9 speakers said each one?"

- ``group_sequences`` turns the long table into one (frames, 12) array per
  recording, indexed by recording, so the labels line up by index;
- ``SequencePadder`` pads them to one (n_recordings, 29, 12) array (NaN steps,
  masked by the LSTM);
- ``StepwiseTransformer(StandardScaler())`` scales the 12 coefficients of every
  real frame, fitted inside each fold;
- ``LSTMClassifier`` predicts the speaker (string labels), scored with
  stratified cross-validation on the training recordings, then on the test
  recordings of the original split.

Baselines: the most frequent speaker, and a logistic regression on each
recording's mean frame (what a model that ignores time order can do).

Run: ``python examples/sequence_classification.py`` (``SKLSTM_QUICK=1`` for a
small run). Saves ``sequence_classification.png`` in the current folder.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import ConfusionMatrixDisplay, accuracy_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMClassifier, SequencePadder, StepwiseTransformer, group_sequences
from sklstm.datasets import load_japanese_vowels

QUICK = os.environ.get("SKLSTM_QUICK") == "1"
COEFFICIENTS = [f"c{i}" for i in range(1, 13)]


def main():
    frames = load_japanese_vowels()  # one row per frame of a recording
    sequences = group_sequences(
        frames, by="utterance", sort_by="frame", columns=COEFFICIENTS
    )
    per_recording = frames.groupby("utterance")[["speaker", "split"]].first()
    speakers = per_recording.loc[sequences.index, "speaker"]
    train = (per_recording.loc[sequences.index, "split"] == "train").to_numpy()
    lengths = sequences.map(len)
    print(f"{len(frames)} frames -> {len(sequences)} recordings of "
          f"{lengths.min()}-{lengths.max()} frames x 12 coefficients, "
          f"{speakers.nunique()} speakers")  # fmt: skip

    model = make_pipeline(
        SequencePadder(),
        StepwiseTransformer(StandardScaler()),
        LSTMClassifier(
            units=16 if QUICK else 32,
            epochs=15 if QUICK else 60,
            learning_rate=0.005,
            random_state=0,
        ),
    )
    X_train, y_train = sequences[train], speakers[train]
    X_test, y_test = sequences[~train], speakers[~train]
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    scores = cross_val_score(model, X_train, y_train, cv=cv)
    print(f"LSTM, 3-fold stratified CV accuracy on {train.sum()} training "
          f"recordings: {scores.mean():.3f} +/- {scores.std():.3f}")  # fmt: skip

    model.fit(X_train, y_train)
    predicted = model.predict(X_test)
    mean_frame = np.stack(sequences.map(lambda s: s.mean(axis=0)))
    baselines = {
        "most frequent speaker": DummyClassifier().fit(mean_frame[train], y_train),
        "mean frame + logistic regression": make_pipeline(
            StandardScaler(), LogisticRegression(max_iter=2000)
        ).fit(mean_frame[train], y_train),
    }
    results = {"cv_accuracy": scores.mean(), "lstm": accuracy_score(y_test, predicted)}
    print(f"\ntest accuracy on {len(y_test)} recordings:")
    print(f"  LSTM on the padded sequences        {results['lstm']:.3f}")
    for name, baseline in baselines.items():
        accuracy = accuracy_score(y_test, baseline.predict(mean_frame[~train]))
        results[name] = accuracy
        print(f"  {name:<35} {accuracy:.3f}")
    print("the LSTM beats both baselines"
          if results["lstm"] > max(results[name] for name in baselines)
          else "a baseline matches or beats the LSTM")  # fmt: skip

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    left.hist(lengths, bins=range(5, 32), color="C0")
    left.set(xlabel="frames per recording", ylabel="recordings",
             title="Variable lengths, padded to 29")  # fmt: skip
    ConfusionMatrixDisplay.from_predictions(y_test, predicted, ax=right, colorbar=False)
    right.set_title(f"LSTM on the test recordings: accuracy {results['lstm']:.2f}")
    fig.tight_layout()
    fig.savefig("sequence_classification.png", dpi=100)
    print("saved sequence_classification.png")
    return results


if __name__ == "__main__":
    results = main()
