"""Every error message quoted on docs/errors.md is produced here, text checked."""

import re
from pathlib import Path

import numpy as np
import pytest

from sklstm import LSTMRegressor, To3D

PAGE = Path(__file__).parents[1] / "docs" / "errors.md"
TINY = {"units": 2, "epochs": 1, "random_state": 0}


def _message(action):
    with pytest.raises(ValueError) as error:
        action()
    return str(error.value)


def _keras_lstm_on_2d():
    import keras

    keras.Sequential([keras.Input((10,)), keras.layers.LSTM(4)])


def _keras_fit_with_more_targets():
    import keras

    model = keras.Sequential(
        [keras.Input((20, 1)), keras.layers.LSTM(2), keras.layers.Dense(1)]
    )
    model.compile("adam", "mse")
    model.fit(np.zeros((1, 20, 1)), np.zeros(21), verbose=0)


def _predict_on_other_timesteps():
    X = np.random.default_rng(0).normal(size=(20, 6, 1))
    LSTMRegressor(**TINY).fit(X, X[:, -1, 0]).predict(X[:, :4])


def _partly_missing_step():
    X = np.zeros((5, 3, 2))
    X[1, 2, 0] = np.nan
    LSTMRegressor(**TINY).fit(X, np.zeros(5))


PRODUCERS = {
    "cannot reshape array of size 20 into shape (10,3,2)": lambda: np.arange(
        20
    ).reshape(10, 3, 2),
    "To3D(timesteps=3) got 2 columns per row; 2 is not a multiple of 3": lambda: To3D(
        timesteps=3
    ).fit(np.zeros((4, 2))),
    "Data cardinality is ambiguous. Make sure all arrays contain the same number "
    "of samples.": _keras_fit_with_more_targets,
    "X has 1 samples (shape (1, 20, 1) = 1 sample x 20 time steps x 1 feature) but "
    "y has 21 targets": lambda: LSTMRegressor(**TINY).fit(
        np.zeros((1, 20, 1)), np.zeros(21)
    ),
    "expected ndim=3, found ndim=2": _keras_lstm_on_2d,
    "LSTMRegressor expects 3D data of shape (n_samples, n_timesteps, n_features); "
    "got a 2D array of shape (50, 4) = 50 rows x 4 columns.": lambda: LSTMRegressor(
        **TINY
    ).fit(np.zeros((50, 4)), np.zeros(50)),
    "is incompatible with the layer: expected ndim=3, found ndim=2": _keras_lstm_on_2d,
    "LSTMRegressor was fitted on samples of 6 time steps x 1 features": (
        _predict_on_other_timesteps
    ),
    "has 1 of its 2 features missing (NaN)": _partly_missing_step,
}


def quoted_messages():
    return [
        line[2:].strip()
        for line in PAGE.read_text().splitlines()
        if line.startswith("> ")
    ]


def test_every_quoted_message_has_a_producer():
    assert set(quoted_messages()) == set(PRODUCERS)


@pytest.mark.parametrize("message", sorted(PRODUCERS), ids=lambda m: m[:40])
def test_message_is_produced(message):
    text = _message(PRODUCERS[message])
    assert message in re.sub(r"\s+", " ", text), text
