"""DifferencedTargetRegressor: the change from the current level, as levels."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline

from sklstm import (
    DifferencedTargetRegressor,
    LSTMRegressor,
    SlidingWindow,
    make_supervised,
)


def reference(X, y, level_column, X_new, level_new):
    """By hand: a linear model fitted on y minus the level, the level added back."""
    y = np.asarray(y, dtype=float)
    levels = np.asarray(level_column, dtype=float)
    change = y - (levels[:, None] if y.ndim == 2 else levels)
    predicted = LinearRegression().fit(X, change).predict(X_new)
    new = np.asarray(level_new, dtype=float)
    return predicted + (new[:, None] if y.ndim == 2 else new)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(8, 40),
    horizon=st.integers(1, 3),
    frame=st.booleans(),
    level=st.integers(0, 2),
    seed=st.integers(0, 1000),
)
def test_predictions_match_the_change_added_to_the_level_by_hand(
    n, horizon, frame, level, seed
):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)).cumsum(axis=0)
    y = X[:, [level]] + rng.normal(size=(n, horizon))
    if horizon == 1:
        y = y[:, 0]
    X_new = rng.normal(size=(5, 3))
    expected = reference(X, y, X[:, level], X_new, X_new[:, level])
    if frame:
        columns = ["a", "b", "c"]
        X, X_new = (
            pd.DataFrame(X, columns=columns),
            pd.DataFrame(X_new, columns=columns),
        )
        level = columns[level]
    model = DifferencedTargetRegressor(LinearRegression(), level=level).fit(X, y)
    assert_allclose(model.predict(X_new), expected, rtol=1e-9, atol=1e-9)
    assert model.predict(X_new).shape == (5,) + np.shape(y)[1:]


def test_windows_read_the_level_at_their_last_step():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4, 2))
    y = X[:, -1, 1] + 1.0
    model = DifferencedTargetRegressor(
        make_pipeline(_Flat(), LinearRegression()), level=1
    ).fit(X, y)
    assert_allclose(model.predict(X), y, atol=1e-9)


class _Flat:
    """3D windows flattened to 2D, for a linear model (stateless)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.asarray(X).reshape(len(X), -1)

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


def test_the_regressor_is_searchable_and_the_input_kept():
    trend = pd.DataFrame({"level": np.arange(60.0) * 2, "other": np.ones(60)})
    X, y = make_supervised(trend, "level", horizon=2)
    before = X.copy()
    model = DifferencedTargetRegressor(Ridge(), level="level")
    search = GridSearchCV(
        model, {"regressor__alpha": [0.1, 10.0]}, cv=TimeSeriesSplit(3)
    ).fit(X, y)
    assert search.best_estimator_.regressor_.alpha in (0.1, 10.0)
    pd.testing.assert_frame_equal(X, before)
    assert clone(model).get_params()["regressor__alpha"] == 1.0
    assert list(model.fit(X, y).feature_names_in_) == ["level", "other"]


@pytest.mark.slow
def test_an_lstm_pipeline_extrapolates_a_trend_that_it_cannot_on_levels():
    # A trend with noise: trained on its first 150 steps, forecast on the
    # last 50, which lie above every level seen in training.
    rng = np.random.default_rng(0)
    values = 0.5 * np.arange(200) + rng.normal(scale=1.0, size=200).cumsum() * 0.3
    series = pd.DataFrame({"level": values})
    X, y = make_supervised(series, "level")
    pipe = make_pipeline(
        SlidingWindow(timesteps=5),
        LSTMRegressor(units=8, epochs=40, learning_rate=0.02, random_state=0),
    )
    train, test = slice(0, 150), slice(150, None)
    on_levels = clone(pipe).fit(X[train], y[train]).predict(X)[test]
    differenced = DifferencedTargetRegressor(pipe, level="level")
    on_changes = differenced.fit(X[train], y[train]).predict(X)[test]

    def rmse(pred):
        return float(np.sqrt(np.mean((pred - y[test].to_numpy()) ** 2)))

    assert rmse(on_changes) < 0.5 * rmse(on_levels)
    assert rmse(on_changes) < 1.5 * rmse(X["level"][test].to_numpy())  # ~ last value
