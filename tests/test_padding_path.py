"""Masking only where padding is: the same predictions as a fully masked model.

The estimators' models run their recurrent layers without a mask on batches
whose steps are all real, and the feed batches padded samples among
themselves. The reference here is the model a user would write: ``Masking``
before the same layers, with the same weights, predicting every sample with
the mask, in sample order.
"""

import keras
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sklstm import (
    LSTMAutoencoder,
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    SlidingWindow,
    sliding_windows,
)
from sklstm.estimators._feed import MASK_VALUE

TINY = {"units": (4, 3), "epochs": 1, "batch_size": 8, "random_state": 0}


def fully_masked(model: keras.Model) -> keras.Model:
    """``model`` rebuilt with a ``Masking`` layer and its weights."""
    layers = [keras.Input(model.inputs[0].shape[1:])]
    for layer in model.layers[1:]:
        inner = getattr(layer, "stack", None)
        if inner is not None:
            layers.append(keras.layers.Masking(mask_value=MASK_VALUE))
        for one in inner or [layer]:
            layers.append(type(one).from_config(one.get_config()))
    reference = keras.Sequential(layers)
    reference.set_weights(model.get_weights())
    return reference


def as_keras_reads(X) -> np.ndarray:
    """The windows with their padded steps at the mask value, as float32."""
    X = np.array(X, dtype=np.float32)
    X[np.isnan(X).all(axis=-1)] = MASK_VALUE
    return X


def data(kind):
    rng = np.random.default_rng(0)
    if kind == "complete windows":
        series = rng.normal(size=(60, 2))
        return sliding_windows(series, series[:, 0], timesteps=5)[0]
    if kind == "one series":
        return SlidingWindow(timesteps=5).fit_transform(rng.normal(size=(60, 2)))
    if kind == "interleaved panel":
        panel = pd.DataFrame(rng.normal(size=(60, 2)), columns=["a", "b"])
        panel["id"] = np.arange(60) % 3
        return SlidingWindow(timesteps=5, groups="id").fit_transform(panel)
    lengths = rng.integers(2, 8, size=40)
    sequences = [rng.normal(size=(n, 2)) for n in lengths]
    return SequencePadder(padding=kind.split()[0]).fit_transform(sequences)


KINDS = ["complete windows", "one series", "interleaved panel", "pre padding",
         "post padding"]  # fmt: skip


def target(estimator, X):
    n, steps = X.shape[:2]
    if isinstance(estimator, LSTMClassifier):
        return np.arange(n * steps).reshape(n, steps) % 2 if steps else None
    if getattr(estimator, "return_sequences", False):
        return np.arange(n * steps, dtype=float).reshape(n, steps)
    if getattr(estimator, "decoder_units", None) is not None:
        return np.zeros((n, 3)) + np.arange(3)
    return np.arange(n, dtype=float)


ESTIMATORS = {
    "many-to-one": LSTMRegressor(**TINY),
    "bidirectional gru": LSTMRegressor(**TINY, cell="gru", bidirectional=True),
    "per step": LSTMRegressor(**TINY, return_sequences=True),
    "encoder-decoder": LSTMRegressor(**TINY, decoder_units=2),
    "tagger": LSTMClassifier(**TINY, return_sequences=True),
    "autoencoder": LSTMAutoencoder(**TINY),
}


# Every kind of data with the default model; every other framing on the two
# kinds whose batches take both paths in one fit.
CASES = [("many-to-one", kind) for kind in KINDS] + [
    (name, kind)
    for name in list(ESTIMATORS)[1:]
    for kind in ("interleaved panel", "pre padding")
]


@pytest.mark.parametrize("name, kind", CASES)
def test_the_fast_path_predicts_what_a_fully_masked_model_predicts(name, kind):
    X = data(kind)
    estimator = ESTIMATORS[name]
    y = None if isinstance(estimator, LSTMAutoencoder) else target(estimator, X)
    fitted = estimator.fit(X, y)
    ours = fitted._predict_checked(fitted._check_X(X, reset=False, training=False))
    reference = fully_masked(fitted.model_).predict(as_keras_reads(X), verbose=0)
    assert_allclose(ours, reference, atol=1e-5, rtol=1e-5)


def test_padding_before_or_after_gives_the_same_prediction():
    rng = np.random.default_rng(1)
    sequences = [rng.normal(size=(n, 2)) for n in (3, 7, 5, 7, 2)]
    labels = [0, 1, 0, 1, 0]
    model = LSTMClassifier(**TINY).fit(
        SequencePadder().fit_transform(sequences), labels
    )
    pre = model.predict_proba(SequencePadder(padding="pre").fit_transform(sequences))
    post = model.predict_proba(SequencePadder(padding="post").fit_transform(sequences))
    assert_allclose(pre, post, atol=1e-6)


def test_a_batch_without_padding_takes_the_unmasked_path():
    # The unmasked path is the layers without a mask: it equals the model with
    # the Masking layer removed on complete windows.
    X = data("complete windows")
    fitted = LSTMRegressor(**TINY).fit(X, target(LSTMRegressor(), X))
    stack = fitted.model_.layers[1].stack
    x = keras.ops.convert_to_tensor(as_keras_reads(X[:8]))
    for layer in stack:
        x = layer(x)
    expected = fitted.model_.layers[2](x)
    assert_allclose(fitted.predict(X[:8]), np.asarray(expected)[:, 0], rtol=1e-6)
