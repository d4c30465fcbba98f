"""Data and assertions shared by several test modules."""

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose


def noisy_sine(n=300, noise=0.1, seed=0):
    """An hourly sine with noise, as a one-column DataFrame named ``value``."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    values = np.sin(t / 6) + noise * rng.normal(size=n)
    return pd.DataFrame(
        {"value": values}, index=pd.date_range("2024-01-01", periods=n, freq="h")
    )


def assert_same_search(other, serial, X):
    """``other`` found what the serial search found, and predicts the same."""
    assert other.best_params_ == serial.best_params_
    assert other.cv_results_["params"] == serial.cv_results_["params"]
    assert_allclose(
        other.cv_results_["mean_test_score"],
        serial.cv_results_["mean_test_score"],
        rtol=1e-4,
    )
    # The best estimator, refitted after the search, predicts the same.
    assert_allclose(other.predict(X), serial.predict(X), rtol=1e-4, atol=1e-5)


def layer_kinds(model) -> list[str]:
    """The class names of a Keras model's layers after its input, with the
    recurrent layers inside a ``PaddingAware`` layer listed in its place."""
    kinds = []
    for layer in model.layers[1:]:
        inner = getattr(layer, "stack", None)
        kinds += [type(x).__name__ for x in inner] if inner else [type(layer).__name__]
    return kinds
