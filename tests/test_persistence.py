"""Persistence without pickle: skops.io round-trips of every fitted estimator.

``skops.io`` stores an object's state as a tree of known types and refuses to
load any type it is not told to trust, so a file can be inspected before it
is loaded. The LSTM estimators store their Keras model in Keras' own
``.keras`` format (bytes), never as a pickled Keras object.
"""

import io
import pickle
import zipfile

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from helpers import noisy_sine
from numpy.testing import assert_array_equal
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import (
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    SlidingWindow,
    StepwiseTransformer,
    To3D,
)

TINY = {"units": 2, "epochs": 1, "batch_size": 8, "random_state": 0}


def round_trip(obj):
    """``obj`` through skops.io, trusting exactly the types the file names."""
    data = sio.dumps(obj)
    trusted = sio.get_untrusted_types(data=data)
    # Keras and TensorFlow objects are not in the file: the model is bytes.
    assert not [t for t in trusted if t.startswith(("keras", "tensorflow"))], trusted
    return sio.loads(data, trusted=trusted)


@pytest.fixture(scope="module")
def sequences():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 5, 2))
    return X, X[:, -1, 0].copy()


# ---------------------------------------------------------------- estimators


def test_a_fitted_regressor_round_trips_with_identical_predictions(sequences):
    X, y = sequences
    model = LSTMRegressor(**TINY).fit(X, y)
    restored = round_trip(model)
    assert type(restored) is LSTMRegressor
    assert_array_equal(restored.predict(X), model.predict(X))
    assert restored.get_params() == model.get_params()
    assert restored.n_features_in_ == 2 and restored.n_timesteps_ == 5
    assert dict(restored.history_) == dict(model.history_)


def test_a_fitted_classifier_round_trips_with_identical_probabilities(sequences):
    X, y = sequences
    labels = np.where(y > 0, "up", "down")
    model = LSTMClassifier(**TINY, class_weight="balanced").fit(X, labels)
    restored = round_trip(model)
    assert_array_equal(restored.classes_, model.classes_)
    assert_array_equal(restored.predict_proba(X), model.predict_proba(X))
    assert_array_equal(restored.predict(X), model.predict(X))


def test_the_keras_model_is_stored_in_keras_format(sequences):
    X, y = sequences
    model = LSTMRegressor(**TINY).fit(X, y)
    state = model.__getstate__()
    assert isinstance(state["model_"], bytes)
    with zipfile.ZipFile(io.BytesIO(state["model_"])) as archive:
        assert "config.json" in archive.namelist()  # a .keras archive
    assert "_fit_callbacks" not in state  # made again from the parameters
    assert model.model_ is not None  # the estimator itself is untouched


def test_a_restored_model_keeps_training(sequences):
    X, y = sequences
    model = LSTMRegressor(**TINY).fit(X, y)
    restored = round_trip(model)
    restored.partial_fit(X, y)
    assert len(restored.history_["loss"]) == 2
    assert np.isfinite(restored.predict(X)).all()


def test_a_fitted_pipeline_ending_in_an_lstm_round_trips():
    frame = noisy_sine(80)
    pipe = make_pipeline(
        StandardScaler(), SlidingWindow(timesteps=4), LSTMRegressor(**TINY)
    ).fit(frame.iloc[:-1], frame["value"].to_numpy()[1:])
    restored = round_trip(pipe)
    assert_array_equal(restored.predict(frame), pipe.predict(frame))


def test_an_unfitted_estimator_round_trips_with_its_routed_parameters():
    model = LSTMRegressor(units=(4, 2), optimizer__beta_1=0.8, fit__validation_freq=2)
    restored = round_trip(model)
    assert restored.get_params() == model.get_params()
    assert repr(restored) == repr(model)


def test_pickle_keeps_working(sequences):
    X, y = sequences
    labels = np.where(y > 0, "up", "down")
    for model in (
        LSTMRegressor(**TINY).fit(X, y),
        LSTMClassifier(**TINY).fit(X, labels),
    ):
        restored = pickle.loads(pickle.dumps(model))
        assert_array_equal(restored.predict(X), model.predict(X))
        assert isinstance(pickle.dumps(model), bytes)


# ---------------------------------------------------------------- transformers


def _panel():
    rng = np.random.default_rng(1)
    days = pd.date_range("2024-01-01", periods=12, freq="D")
    return pd.DataFrame(
        {
            "store": np.repeat(["a", "b"], 12),
            "sales": rng.normal(size=24),
            "price": rng.normal(size=24),
        },
        index=days.append(days),
    )


def _sequences():
    rng = np.random.default_rng(2)
    return [rng.normal(size=(n, 2)) for n in (3, 5, 4)]


TRANSFORMERS = [
    pytest.param(To3D(timesteps=3), lambda: np.arange(24.0).reshape(4, 6), id="To3D"),
    pytest.param(SequencePadder(maxlen=6), _sequences, id="SequencePadder"),
    pytest.param(
        StepwiseTransformer(StandardScaler()),
        lambda: np.random.default_rng(3).normal(size=(6, 4, 2)),
        id="StepwiseTransformer",
    ),
    pytest.param(
        SlidingWindow(timesteps=3),
        lambda: np.random.default_rng(4).normal(size=(10, 2)),
        id="SlidingWindow-numpy",
    ),
    pytest.param(
        SlidingWindow(timesteps=3, groups="store"),
        _panel,
        id="SlidingWindow-DataFrame-groups",
    ),
]


@pytest.mark.parametrize("transformer, make_data", TRANSFORMERS)
def test_a_fitted_transformer_round_trips_with_identical_output(transformer, make_data):
    X = make_data()
    fitted = transformer.fit(X)
    restored = round_trip(fitted)
    assert_array_equal(
        np.asarray(restored.transform(X)), np.asarray(fitted.transform(X))
    )
    assert repr(restored) == repr(fitted)  # NaN fill values differ under ==


def test_restored_sliding_window_still_continues_the_fitted_rows():
    panel = _panel()
    train, test = panel.groupby("store").head(8), panel.groupby("store").tail(4)
    fitted = SlidingWindow(timesteps=3, groups="store").fit(train)
    restored = round_trip(fitted)
    windows = np.asarray(restored.transform(test))
    assert_array_equal(windows, np.asarray(fitted.transform(test)))
    assert not np.isnan(windows).any()  # the first test windows reach back
