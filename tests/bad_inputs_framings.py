"""Bad inputs of the output framings and of LSTMAutoencoder.

``return_sequences=True`` (one output per step), ``decoder_units=`` (an
encoder-decoder horizon) and the autoencoder, met with the targets and
parameters users paste in. Most cases are refused before a model is built;
those that need a fitted model are marked slow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from badinput import Bad
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMAutoencoder,
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    make_supervised,
)

TINY = {"units": 2, "epochs": 1, "batch_size": 8, "random_state": 0}
SLOW = (pytest.mark.slow,)

_rng = np.random.default_rng(0)
X = _rng.normal(size=(20, 4, 2))
PADDED = X.copy()
PADDED[::3, :2] = np.nan  # every third sample: its first two steps padded
STEP_Y = X[:, :, 0].cumsum(axis=1)
TAGS = np.where(X[:, :, 0] > 0, "B-LOC", "O")
SEQS = [_rng.normal(size=(n, 2)) for n in (3, 5, 4, 2)]
FRAME = pd.DataFrame(_rng.normal(size=(30, 2)), columns=["load", "temp"])


def per_step(estimator=LSTMRegressor, **params):
    return estimator(return_sequences=True, **{**TINY, **params})


def decoder(**params):
    return LSTMRegressor(**{**TINY, "decoder_units": 2, **params})


def detector(**params):
    return LSTMAutoencoder(**{**TINY, **params})


def with_value(values, where, value):
    values = values.astype(object if value is None else values.dtype)
    values[where] = value
    return values


def _fitted_detector():
    return detector().fit(X)


CASES = [
    # ------------------------------------------------------------ parameters
    Bad(
        "LSTMRegressor-return_sequences-string",
        lambda X, y: LSTMRegressor(return_sequences="yes", **TINY).fit(X, y),
        (X, STEP_Y),
        ValueError,
        ("'return_sequences' parameter", "bool", "Got 'yes'"),
    ),
    Bad(
        "LSTMRegressor-decoder_units-zero",
        lambda X, y: decoder(decoder_units=0).fit(X, y),
        (X, STEP_Y),
        ValueError,
        ("'decoder_units' parameter", r"range \[1, inf\)", "Got 0"),
    ),
    Bad(
        "LSTMRegressor-decoder_units-empty",
        lambda X, y: decoder(decoder_units=()).fit(X, y),
        (X, STEP_Y),
        ValueError,
        ("'decoder_units' parameter", "non-empty", r"Got \(\)"),
    ),
    Bad(
        "LSTMRegressor-decoder_units-bool",
        lambda X, y: decoder(decoder_units=True).fit(X, y),
        (X, STEP_Y),
        ValueError,
        ("'decoder_units' parameter", "not a bool", "Got True"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-and-decoder_units",
        lambda X, y: per_step(decoder_units=4).fit(X, y),
        (X, STEP_Y),
        ValueError,
        ("return_sequences=True and decoder_units=4", "two framings", "keep one"),
    ),
    Bad(
        "LSTMClassifier-decoder_units-is-the-regressor's",
        lambda: LSTMClassifier(decoder_units=4),
        (),
        TypeError,
        ("unexpected keyword argument 'decoder_units'", "dense_units"),
    ),
    Bad(
        "LSTMAutoencoder-contamination-above-half",
        lambda X: detector(contamination=0.7).fit(X),
        (X,),
        ValueError,
        ("'contamination' parameter", "auto", r"\(0.0, 0.5\]", "Got 0.7"),
    ),
    Bad(
        "LSTMAutoencoder-contamination-zero",
        lambda X: detector(contamination=0.0).fit(X),
        (X,),
        ValueError,
        ("'contamination' parameter", "Got 0.0"),
    ),
    Bad(
        "LSTMAutoencoder-contamination-word",
        lambda X: detector(contamination="high").fit(X),
        (X,),
        ValueError,
        ("'contamination' parameter", "'auto'", "Got 'high'"),
    ),
    Bad(
        "LSTMAutoencoder-contamination-misspelt",
        lambda: LSTMAutoencoder(contamintion=0.1),
        (),
        TypeError,
        ("'contamintion'", "did you mean 'contamination'"),
    ),
    Bad(
        "LSTMAutoencoder-dense_units-is-not-its-own",
        lambda: LSTMAutoencoder(dense_units=4),
        (),
        TypeError,
        ("unexpected keyword argument 'dense_units'", "'units'"),
    ),
    # ------------------------------------------------------------ targets
    Bad(
        "LSTMRegressor-3d-y-without-framing",
        lambda X, y: LSTMRegressor(**TINY).fit(X, y),
        (X, np.zeros((20, 1, 10))),
        ValueError,
        (
            r"\(20, 1, 10\) = 20 samples x 1 time step x 10 outputs",
            r"y.reshape\(20, -1\)",
            "return_sequences=True",
            "decoder_units",
        ),
    ),
    Bad(
        "LSTMClassifier-3d-y-without-framing",
        lambda X, y: LSTMClassifier(**TINY).fit(X, y),
        (X, np.eye(3)[np.arange(80).reshape(20, 4) % 3]),
        ValueError,
        (r"\(20, 4, 3\) = 20 samples x 4 time steps x 3 outputs", "return_sequences"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-1d-y",
        lambda X, y: per_step().fit(X, y),
        (X, STEP_Y[:, -1]),
        ValueError,
        ("one target per step", r"shape \(20,\)", "return_sequences=False"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-steps-differ",
        lambda X, y: per_step().fit(X, y),
        (X, np.zeros((20, 5))),
        ValueError,
        ("5 steps per sample", "X has 4 time steps", "real \\(unpadded\\) step"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-4d-y",
        lambda X, y: per_step().fit(X, y),
        (X, np.zeros((20, 4, 3, 2))),
        ValueError,
        ("4D y of shape \\(20, 4, 3, 2\\)", r"y.reshape\(20, 4, -1\)", "6 outputs"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-text-targets",
        lambda X, y: per_step().fit(X, y),
        (X, TAGS),
        ValueError,
        ("numeric targets", "'B-LOC'", "LSTMClassifier"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-nan-at-a-real-step",
        lambda X, y: per_step().fit(X, y),
        (PADDED, with_value(STEP_Y, (1, 3), np.nan)),
        ValueError,
        ("time step 3 of sample 1", "real \\(unpadded\\) step", "pad the step"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-ragged-one-sequence-short",
        lambda seqs, y: make_pipeline(SequencePadder(), per_step()).fit(seqs, y),
        (SEQS, [s[:, 0] for s in SEQS[:3]] + [np.zeros(3)]),
        ValueError,
        ("sample 3 has 2 real", r"y\[3\] holds 3"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-ragged-sequences-missing",
        lambda seqs, y: make_pipeline(SequencePadder(), per_step()).fit(seqs, y),
        (SEQS, [s[:, 0] for s in SEQS[:3]]),
        ValueError,
        ("X has 4 samples", "y has 3 targets"),
    ),
    Bad(
        "LSTMRegressor-decoder_units-1d-y",
        lambda X, y: decoder().fit(X, y),
        (X, STEP_Y[:, -1]),
        ValueError,
        ("one target per future step", r"make_supervised\(..., horizon=h\)"),
    ),
    Bad(
        "LSTMRegressor-decoder_units-two-targets-side-by-side",
        lambda X, y: decoder().fit(X, y),
        (X, make_supervised(FRAME, ["load", "temp"], horizon=3)[1].iloc[:20]),
        ValueError,
        ("horizons of 2 targets side by side", "over 6 steps", r"np.stack\("),
    ),
    Bad(
        "LSTMRegressor-decoder_units-ragged-y",
        lambda X, y: decoder().fit(X, y),
        (X, [np.zeros(2 + i % 2) for i in range(20)]),
        ValueError,
        ("targets of different lengths", "one target"),
    ),
    Bad(
        "LSTMClassifier-return_sequences-one-hot-not-one-hot",
        lambda X, y: per_step(LSTMClassifier).fit(X, y),
        (X, np.ones((20, 4, 3))),
        ValueError,
        ("read as one-hot labels", "exactly one 1", "LSTMRegressor"),
    ),
    Bad(
        "LSTMClassifier-return_sequences-missing-tag",
        lambda X, y: per_step(LSTMClassifier).fit(X, y),
        (X, with_value(TAGS, (19, 1), None)),
        ValueError,
        ("missing label at time step 1 of sample 19", "real \\(unpadded\\) step"),
    ),
    Bad(
        "LSTMClassifier-return_sequences-one-tag-only",
        lambda X, y: per_step(LSTMClassifier).fit(X, y),
        (X, np.full((20, 4), "O")),
        ValueError,
        ("single class", "at least two classes"),
    ),
    Bad(
        "LSTMRegressor-return_sequences-warm-start-other-outputs",
        lambda X, y: per_step(warm_start=True).fit(X, y).fit(X, y[..., None] * [1, 2]),
        (X, STEP_Y),
        ValueError,
        (r"targets of shape \(n_samples, 4\)", r"\(20, 4, 2\)", "warm_start=False"),
        SLOW,
    ),
    # ------------------------------------------------------------ autoencoder X
    Bad(
        "LSTMAutoencoder-2d-X",
        lambda X: detector().fit(X),
        (X[:, :, 0],),
        ValueError,
        ("expects 3D data", r"\(20, 4\) = 20 rows x 4 columns", "SlidingWindow"),
    ),
    Bad(
        "LSTMAutoencoder-sequences-of-other-lengths",
        lambda seqs: detector().fit(seqs),
        (SEQS,),
        ValueError,
        ("sequences of different lengths", "SequencePadder"),
    ),
    Bad(
        "LSTMAutoencoder-every-step-padded",
        lambda X: detector().fit(X),
        (np.full((4, 3, 2), np.nan),),
        ValueError,
        ("every time step of every sample is padding", "nothing|no observation"),
    ),
    Bad(
        "LSTMAutoencoder-partly-missing-step",
        lambda X: detector().fit(X),
        (with_value(X, (2, 1, 0), np.nan),),
        ValueError,
        ("time step 1 of sample 2", "1 of its 2 features", "SimpleImputer"),
    ),
    Bad(
        "LSTMAutoencoder-text",
        lambda X: detector().fit(X),
        (X.astype(str),),
        TypeError,
        ("numeric data", "dtype <U"),
    ),
    Bad(
        "LSTMAutoencoder-infinite",
        lambda X: detector().fit(X),
        (with_value(X, (9, 3, 1), np.inf),),
        ValueError,
        ("infinite values", "time step 3 of sample 9"),
    ),
    Bad(
        "LSTMAutoencoder-sample_weight-length",
        lambda X, w: detector().fit(X, sample_weight=w),
        (X, np.ones(19)),
        ValueError,
        ("sample_weight has 19 values", "20 samples"),
    ),
    Bad(
        "LSTMAutoencoder-score_samples-unfitted",
        lambda X: detector().score_samples(X),
        (X,),
        ValueError,
        ("not fitted yet", "fit"),
    ),
    Bad(
        "LSTMAutoencoder-transform-other-timesteps",
        lambda X: _fitted_detector().transform(X[:, :3]),
        (X,),
        ValueError,
        ("fitted on samples of 4 time steps x 2 features", "time steps differs"),
        SLOW,
    ),
    Bad(
        "LSTMAutoencoder-predict-other-features",
        lambda X: _fitted_detector().predict(X[:, :, :1]),
        (X,),
        ValueError,
        ("4 time steps x 2 features", "features differs", "same columns"),
        SLOW,
    ),
]
