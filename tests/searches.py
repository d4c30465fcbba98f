"""Assertions shared by the tests that run one search two ways."""

from numpy.testing import assert_allclose


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
