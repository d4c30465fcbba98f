"""Bad inputs of LSTMRegressor and LSTMClassifier: parameters, targets, weights, X.

Every case is refused before a model is trained (most before one is built),
so the whole area runs in seconds; the few that need a fitted model are
marked slow.
"""

from __future__ import annotations

import keras
import numpy as np
import pandas as pd
import pytest
from badinput import Bad
from scipy import sparse
from sklearn.pipeline import make_pipeline

from sklstm import LSTMClassifier, LSTMRegressor, To3D

TINY = {"units": 2, "epochs": 1, "batch_size": 8, "random_state": 0}

_rng = np.random.default_rng(0)
X = _rng.normal(size=(20, 4, 2))
Y = X[:, -1, 0].copy()
LABELS = np.array(["up", "down"] * 10)


def reg(**params):
    return LSTMRegressor(**{**TINY, **params})


def clf(**params):
    return LSTMClassifier(**{**TINY, **params})


def fit_reg(X, y, **params):
    return reg(**params).fit(X, y)


def fit_clf(X, y, **params):
    return clf(**params).fit(X, y)


def with_nan(values, where):
    values = values.copy()
    values[where] = np.nan
    return values


def _fitted_regressor():
    return reg().fit(X, Y)


SLOW = (pytest.mark.slow,)

CASES = [
    # ------------------------------------------------------------ names
    Bad(
        "LSTMRegressor-misspelt-unit",
        lambda: LSTMRegressor(unit=8),
        (),
        TypeError,
        ("unexpected keyword argument 'unit'", "did you mean 'units'"),
    ),
    Bad(
        "LSTMClassifier-misspelt-class_weights",
        lambda: LSTMClassifier(class_weights="balanced"),
        (),
        TypeError,
        ("'class_weights'", "did you mean 'class_weight'"),
    ),
    Bad(
        "LSTMRegressor-misspelt-routing-prefix",
        lambda: LSTMRegressor(optimiser__beta_1=0.9),
        (),
        TypeError,
        ("'optimiser__beta_1'", "did you mean 'optimizer__beta_1'", "routed"),
    ),
    Bad(
        "LSTMRegressor-misspelt-fit-option",
        lambda: LSTMRegressor(fit__validation_frq=2),
        (),
        TypeError,
        ("keras.Model.fit has no option 'validation_frq'", "fit__validation_freq"),
    ),
    Bad(
        "LSTMRegressor-misspelt-predict-option",
        lambda: LSTMRegressor(predict__batchsize=64),
        (),
        TypeError,
        ("keras.Model.predict", "predict__batch_size"),
    ),
    Bad(
        "LSTMRegressor-model-of-ones-own",
        lambda: LSTMRegressor(model=keras.Sequential()),
        (),
        TypeError,
        ("builds its own Keras model", "Masking", "KerasRegressor"),
    ),
    Bad(
        "LSTMClassifier-routed-model-parameter",
        lambda: LSTMClassifier(model__hidden=8),
        (),
        TypeError,
        ("'model__hidden'", "builds its own Keras model"),
    ),
    Bad(
        "LSTMRegressor-fit__validation_data-is-managed",
        lambda: LSTMRegressor(fit__validation_data=(X, Y)),
        (),
        TypeError,
        ("sets 'validation_data'", "validation_split"),
    ),
    Bad(
        "LSTMRegressor-fit__sample_weight-is-managed",
        lambda: LSTMRegressor(fit__sample_weight=np.ones(20)),
        (),
        TypeError,
        ("sets 'sample_weight'", "pass sample_weight to fit"),
    ),
    Bad(
        "LSTMRegressor-set_params-misspelt",
        lambda est: est.set_params(dropuot=0.1),
        (LSTMRegressor(),),
        ValueError,
        ("'dropuot'", "did you mean 'dropout'"),
    ),
    Bad(
        "LSTMRegressor-fit-keyword-misspelt",
        lambda X, y: reg().fit(X, y, epoch=3),
        (X, Y),
        TypeError,
        ("'epoch'", "did you mean epochs"),
    ),
    Bad(
        "LSTMRegressor-predict-keyword-misspelt",
        lambda X: _fitted_regressor().predict(X, batchsize=4),
        (X,),
        TypeError,
        ("keras.Model.predict has no option 'batchsize'", "batch_size"),
        SLOW,
    ),
    # ------------------------------------------------------------ values
    Bad(
        "LSTMRegressor-units-empty",
        lambda X, y: fit_reg(X, y, units=()),
        (X, Y),
        ValueError,
        ("'units' parameter", "non-empty tuple", r"Got \(\) instead"),
    ),
    Bad(
        "LSTMClassifier-units-bool",
        lambda X, y: fit_clf(X, y, units=True),
        (X, LABELS),
        ValueError,
        ("'units' parameter", "not a bool", "Got True"),
    ),
    Bad(
        "LSTMRegressor-units-entry-zero",
        lambda X, y: fit_reg(X, y, units=(8, 0)),
        (X, Y),
        ValueError,
        ("'units' parameter", r"Got \(8, 0\)"),
    ),
    Bad(
        "LSTMRegressor-units-entry-float",
        lambda X, y: fit_reg(X, y, units=[8, 2.5]),
        (X, Y),
        ValueError,
        ("'units' parameter", r"Got \[8, 2.5\]"),
    ),
    Bad(
        "LSTMRegressor-dense_units-negative",
        lambda X, y: fit_reg(X, y, dense_units=(4, -1)),
        (X, Y),
        ValueError,
        ("'dense_units' parameter", "empty for none"),
    ),
    Bad(
        "LSTMRegressor-partial_fit-cell-rnn",
        lambda X, y: LSTMRegressor(cell="rnn").partial_fit(X, y),
        (X, Y),
        ValueError,
        ("'cell' parameter", "lstm", "gru", "'rnn'"),
    ),
    Bad(
        "LSTMClassifier-partial_fit-epochs-zero",
        lambda X, y: clf(epochs=0).partial_fit(X, y),
        (X, LABELS),
        ValueError,
        ("'epochs' parameter", "Got 0"),
    ),
    Bad(
        "LSTMRegressor-batch_size-bool",
        lambda X, y: fit_reg(X, y, batch_size=True),
        (X, Y),
        ValueError,
        ("'batch_size' parameter", "not a bool"),
    ),
    Bad(
        "LSTMRegressor-dropout-one",
        lambda X, y: fit_reg(X, y, dropout=1.0),
        (X, Y),
        ValueError,
        ("'dropout' parameter", r"\[0.0, 1.0\)"),
    ),
    Bad(
        "LSTMRegressor-routed-fit-batch-size-zero",
        lambda X, y: fit_reg(X, y, fit__batch_size=0),
        (X, Y),
        ValueError,
        ("'fit__batch_size' parameter", "Got 0"),
    ),
    Bad(
        "LSTMRegressor-fit-keyword-validation-split-one",
        lambda X, y: reg().fit(X, y, validation_split=1.0),
        (X, Y),
        ValueError,
        ("'validation_split' parameter of LSTMRegressor.fit",),
    ),
    Bad(
        "LSTMRegressor-two-learning-rates",
        lambda X, y: fit_reg(X, y, learning_rate=0.01, optimizer__learning_rate=0.1),
        (X, Y),
        ValueError,
        ("learning_rate=0.01 and optimizer__learning_rate=0.1", "keep one"),
    ),
    Bad(
        "LSTMRegressor-optimizer-instance-with-routed-option",
        lambda X, y: fit_reg(
            X, y, optimizer=keras.optimizers.Adam(), optimizer__beta_1=0.5
        ),
        (X, Y),
        ValueError,
        ("optimizer__beta_1", "instance", "set them on the instance"),
    ),
    Bad(
        "LSTMRegressor-learning-rate-over-a-schedule",
        lambda X, y: fit_reg(
            X,
            y,
            learning_rate=0.01,
            optimizer=keras.optimizers.SGD(
                keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
            ),
        ),
        (X, Y),
        ValueError,
        ("replace the learning-rate schedule", "learning_rate=None"),
    ),
    Bad(
        "LSTMRegressor-validation-split-leaves-nothing",
        lambda X, y: fit_reg(X[:2], y[:2], validation_split=0.9),
        (X, Y),
        ValueError,
        ("validation_split=0.9 of 2 samples", "none to train on"),
    ),
    # ------------------------------------------------------------ targets
    Bad(
        "LSTMRegressor-y-None",
        lambda X: reg().fit(X, None),
        (X,),
        ValueError,
        ("needs a target y", "make_supervised", "sliding_windows"),
    ),
    Bad(
        "LSTMClassifier-y-None",
        lambda X: clf().fit(X, None),
        (X,),
        ValueError,
        ("LSTMClassifier requires y to be passed", "needs a target y"),
    ),
    Bad(
        "LSTMRegressor-pipeline-fit-without-y",
        lambda table: make_pipeline(To3D(), reg()).fit(table),
        (_rng.normal(size=(20, 4)),),
        ValueError,
        ("LSTMRegressor requires y to be passed",),
    ),
    Bad(
        "LSTMRegressor-y-strings",
        lambda X, y: fit_reg(X, y),
        (X, LABELS),
        ValueError,
        ("numeric targets", "'up'", "use LSTMClassifier"),
    ),
    Bad(
        "LSTMRegressor-y-None-inside",
        lambda X, y: fit_reg(X, y),
        (X, np.array([1.0, None] * 10, dtype=object)),
        ValueError,
        ("Input y contains None", "missing target", "at sample 1", "drop the samples"),
    ),
    Bad(
        "LSTMRegressor-y-NaN",
        lambda X, y: fit_reg(X, y),
        (X, with_nan(Y, 3)),
        ValueError,
        ("Input y contains NaN", "missing target", "at sample 3", "make_supervised"),
    ),
    Bad(
        "LSTMRegressor-y-infinite",
        lambda X, y: fit_reg(X, y),
        (X, np.where(np.arange(20) == 5, np.inf, Y)),
        ValueError,
        ("contains infinity", "at sample 5", "must be finite"),
    ),
    Bad(
        "LSTMRegressor-y-beyond-float32",
        lambda X, y: fit_reg(X, y),
        (X, np.where(np.arange(20) == 7, 1e39, Y)),
        ValueError,
        (r"y holds 1e\+39 at y\[7\]", "float32", "every prediction would be NaN"),
    ),
    Bad(
        "LSTMRegressor-y-datetimes",
        lambda X, y: fit_reg(X, y),
        (X, pd.date_range("2024-01-01", periods=20).to_numpy()),
        TypeError,
        ("numeric targets", "datetime64"),
    ),
    Bad(
        "LSTMRegressor-y-3d",
        lambda X, y: fit_reg(X, y),
        (_rng.normal(size=(62, 3, 2)), np.zeros((62, 1, 10))),
        ValueError,
        (
            r"\(62, 1, 10\) = 62 samples x 1 time step x 10 outputs",
            r"y\.reshape\(62, -1\)",
        ),
    ),
    Bad(
        "LSTMClassifier-y-3d",
        lambda X, y: fit_clf(X, y),
        (X, np.zeros((20, 4, 1))),
        ValueError,
        (r"\(20, 4, 1\) = 20 samples x 4 time steps x 1 output", "reshape"),
    ),
    Bad(
        "LSTMRegressor-y-ragged",
        lambda X, y: fit_reg(X, y),
        (X[:3], [[1.0, 2.0], [3.0], [4.0, 5.0]]),
        ValueError,
        ("targets of different lengths", r"\(n_samples, n_outputs\)"),
    ),
    Bad(
        "LSTMRegressor-y-scalar",
        lambda X, y: fit_reg(X, y),
        (X, 3.0),
        ValueError,
        ("a single value as y", "one target per sample"),
    ),
    Bad(
        "LSTMRegressor-y-sparse",
        # Made in the call: the harness compares inputs with ==, which a
        # sparse matrix does not answer with one bool.
        lambda X, y: fit_reg(X, sparse.csr_matrix(y.reshape(-1, 1))),
        (X, Y),
        TypeError,
        ("sparse", r"y\.toarray\(\)"),
    ),
    Bad(
        "LSTMRegressor-y-shorter-than-X",
        lambda X, y: fit_reg(X, y),
        (X, Y[:15]),
        ValueError,
        ("X has 20 samples", "y has 15 targets", "SlidingWindow"),
    ),
    Bad(
        "LSTMClassifier-y-continuous",
        lambda X, y: fit_clf(X, y),
        (X, Y),
        ValueError,
        ("continuous target", "use LSTMRegressor", "np.digitize"),
    ),
    Bad(
        "LSTMClassifier-y-one-class",
        lambda X, y: fit_clf(X, y),
        (X, np.array(["up"] * 20)),
        ValueError,
        ("single class", "'up'", "predict_proba would have one column"),
    ),
    Bad(
        "LSTMClassifier-labels-holding-None",
        lambda X, y: fit_clf(X, y),
        (X, np.array(["up", None] * 10, dtype=object)),
        ValueError,
        ("contains None", "missing label", "at sample 1", "drop the samples"),
    ),
    Bad(
        "LSTMClassifier-labels-NaN",
        lambda X, y: fit_clf(X, y),
        (X, with_nan(np.tile([0.0, 1.0], 10), 4)),
        ValueError,
        ("contains NaN", "missing label", "sample 4"),
    ),
    Bad(
        "LSTMClassifier-labels-infinite",
        lambda X, y: fit_clf(X, y),
        (X, np.where(np.arange(20) == 8, np.inf, np.tile([0.0, 1.0], 10))),
        ValueError,
        ("contains infinity", "at sample 8"),
    ),
    Bad(
        "LSTMClassifier-labels-of-mixed-types",
        lambda X, y: fit_clf(X, y),
        (X, np.array(["up", 1] * 10, dtype=object)),
        ValueError,
        ("labels of one kind", "int, str", r"y\.astype\(str\)"),
    ),
    Bad(
        "LSTMClassifier-multiclass-multioutput",
        lambda X, y: fit_clf(X, y),
        (X, np.tile([[0, 1], [1, 2], [2, 0]], (7, 1))[:20]),
        ValueError,
        ("Unknown label type", "multiclass-multioutput", "one classifier per output"),
    ),
    # ------------------------------------------------------------ weights
    Bad(
        "LSTMRegressor-negative-sample-weight",
        lambda X, y, w: reg().fit(X, y, sample_weight=w),
        (X, Y, np.where(np.arange(20) == 2, -1.0, 1.0)),
        ValueError,
        ("negative weights", "-1 at sample 2", "Use 0 to leave a sample out"),
    ),
    Bad(
        "LSTMClassifier-negative-weight-with-class-weight",
        lambda X, y, w: clf(class_weight="balanced").fit(X, y, sample_weight=w),
        (X, LABELS, np.where(np.arange(20) == 4, -0.5, 1.0)),
        ValueError,
        ("negative weights", "-0.5 at sample 4"),
    ),
    Bad(
        "LSTMRegressor-NaN-sample-weight",
        lambda X, y, w: reg().fit(X, y, sample_weight=w),
        (X, Y, with_nan(np.ones(20), 6)),
        ValueError,
        ("sample_weight holds NaN", "sample 6"),
    ),
    Bad(
        "LSTMRegressor-sample-weight-of-another-length",
        lambda X, y, w: reg().fit(X, y, sample_weight=w),
        (X, Y, np.ones(12)),
        ValueError,
        ("sample_weight has 12 values but X has 20 samples",),
    ),
    Bad(
        "LSTMRegressor-sample-weights-all-zero",
        lambda X, y, w: reg().fit(X, y, sample_weight=w),
        (X, Y, np.zeros(20)),
        ValueError,
        ("every sample weight is 0", "non-zero"),
    ),
    # ------------------------------------------------------------ X
    Bad(
        "LSTMRegressor-ragged-sequences",
        lambda X, y: fit_reg(X, y),
        ([np.ones((3, 2)), np.ones((5, 2)), np.ones((4, 2))], np.zeros(3)),
        ValueError,
        ("sequences of different lengths", r"\(3, 5, 4\)", "SequencePadder"),
    ),
    Bad(
        "LSTMClassifier-sparse-X",
        lambda X, y: fit_clf(sparse.csr_matrix(X), y),
        (np.eye(20), LABELS),
        TypeError,
        ("sparse matrix", r"X\.toarray\(\)"),
    ),
    Bad(
        "LSTMRegressor-all-padding",
        lambda X, y: fit_reg(X, y),
        (np.full((5, 3, 2), np.nan), np.zeros(5)),
        ValueError,
        (
            r"\(5, 3, 2\) = 5 samples x 3 time steps x 2 features",
            "every time step of every sample is padding",
        ),
    ),
    Bad(
        "LSTMRegressor-X-beyond-float32",
        lambda X, y: fit_reg(X, y),
        (np.where(np.arange(20)[:, None, None] == 9, 3e40, X), Y),
        ValueError,
        (r"X\[9\] holds 3e\+40", "float32", "StandardScaler"),
    ),
    Bad(
        "LSTMClassifier-X-beyond-float32-negative",
        lambda X, y: fit_clf(X, y),
        (np.where(np.arange(20)[:, None, None] == 0, -1e300, X), LABELS),
        ValueError,
        (r"X\[0\] holds -1e\+300", "float32"),
    ),
    Bad(
        "LSTMRegressor-2d-table",
        lambda X, y: fit_reg(X, y),
        (_rng.normal(size=(20, 4)), Y),
        ValueError,
        ("got a 2D array", "To3D", "SlidingWindow", "SequencePadder"),
    ),
    Bad(
        "LSTMRegressor-dataframe",
        lambda X, y: fit_reg(X, y),
        (pd.DataFrame(_rng.normal(size=(20, 3)), columns=list("abc")), Y),
        ValueError,
        ("got a 2D array", r"\(20, 3\) = 20 rows x 3 columns", "SlidingWindow"),
    ),
    Bad(
        "LSTMRegressor-4d",
        lambda X, y: fit_reg(X, y),
        (np.zeros((20, 4, 2, 1)), Y),
        ValueError,
        ("got a 4D array", r"\(n_samples, n_timesteps, n_features\)"),
    ),
    Bad(
        "LSTMRegressor-empty",
        lambda X, y: fit_reg(X, y),
        (np.zeros((0, 4, 2)), np.zeros(0)),
        ValueError,
        ("empty data", r"\(0, 4, 2\)", "no sample"),
    ),
    Bad(
        "LSTMRegressor-X-strings",
        lambda X, y: fit_reg(X, y),
        (np.full((20, 4, 2), "a"), Y),
        TypeError,
        ("numeric data", "dtype <U1", "Encode categories"),
    ),
    Bad(
        "LSTMRegressor-partly-missing-step",
        lambda X, y: fit_reg(X, y),
        (with_nan(X, (3, 1, 0)), Y),
        ValueError,
        ("time step 1 of sample 3", "SimpleImputer"),
    ),
    Bad(
        "LSTMClassifier-infinite-X",
        lambda X, y: fit_clf(X, y),
        (np.where(np.arange(20)[:, None, None] == 11, np.inf, X), LABELS),
        ValueError,
        ("infinite values", "sample 11"),
    ),
    Bad(
        "LSTMRegressor-predict-other-timesteps",
        lambda X: _fitted_regressor().predict(X[:, :3]),
        (X,),
        ValueError,
        ("fitted on samples of 4 time steps x 2 features", "time steps differs"),
        SLOW,
    ),
    Bad(
        "LSTMClassifier-partial_fit-unseen-label",
        lambda X, y: (
            clf()
            .partial_fit(X, y, classes=["up", "down"])
            .partial_fit(X, np.where(y == "up", "sideways", y))
        ),
        (X, LABELS),
        ValueError,
        ("label 'sideways'", "not among the classes", "classes="),
        SLOW,
    ),
]
