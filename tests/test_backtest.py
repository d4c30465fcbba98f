"""backtest: walk-forward out-of-sample predictions, every fold fitted on its past."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import mean_absolute_error, roc_auc_score
from sklearn.model_selection import KFold, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from sklstm import LSTMRegressor, SlidingWindow, make_supervised
from sklstm.model_selection import PanelTimeSeriesSplit, backtest


def flat(windows):
    return np.nan_to_num(np.asarray(windows).reshape(len(windows), -1))


def windowed(model, timesteps=3, groups=None):
    return make_pipeline(
        SlidingWindow(timesteps=timesteps, groups=groups),
        FunctionTransformer(flat),
        model,
    )


RNG = np.random.default_rng(0)
SERIES = pd.DataFrame(
    {"x": RNG.normal(size=60).cumsum()},
    index=pd.date_range("2024-01-01", periods=60, freq="D"),
)
X1, Y1 = make_supervised(SERIES, "x", horizon=2)

DAYS = pd.date_range("2024-01-01", periods=30, freq="D")
PANEL = pd.DataFrame(
    {
        "store": np.tile(["a", "b", "c"], 30),
        "sales": RNG.normal(size=90).cumsum(),
    },
    index=DAYS.repeat(3),
)
XP, YP = make_supervised(PANEL, "sales", groups="store")


class Recorder(RegressorMixin, BaseEstimator):
    """Remembers the time index of every fit; predicts the last x."""

    fits: list = []

    def fit(self, X, y):
        Recorder.fits.append(X.index.copy())
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X):
        last = np.asarray(X)[:, -1]
        return np.column_stack([last, last])


def test_folds_are_fitted_on_their_past_only():
    Recorder.fits = []
    cv = TimeSeriesSplit(n_splits=4, gap=1)
    predictions, scores = backtest(Recorder(), X1[["x"]], Y1, cv=cv)
    assert len(Recorder.fits) == 4
    for fitted_on, (train, test) in zip(Recorder.fits, cv.split(X1), strict=True):
        assert fitted_on.equals(X1.index[train])
        assert fitted_on.max() < X1.index[test].min()
    assert_array_equal(predictions["fold"], np.repeat(np.arange(4), len(test)))


def test_predictions_match_a_loop_that_predicts_from_the_past():
    pipe = windowed(LinearRegression())
    cv = TimeSeriesSplit(n_splits=3)
    predictions, scores = backtest(pipe, X1, Y1, cv=cv)
    expected, rows = [], []
    for train, test in cv.split(X1):
        fitted = clone(pipe).fit(X1.iloc[train], Y1.iloc[train])
        # Every test row's window reaches back into the rows before it.
        expected.append(fitted.predict(X1.iloc[: test.max() + 1])[test])
        rows.append(test)
    expected = np.concatenate(expected)
    assert_allclose(predictions[["prediction_0", "prediction_1"]], expected)
    assert_allclose(
        predictions[["actual_0", "actual_1"]], Y1.iloc[np.concatenate(rows)]
    )
    assert predictions.index.equals(X1.index[np.concatenate(rows)])
    # Predicting the test rows alone would pad their windows: another answer.
    train, test = list(cv.split(X1))[0]
    alone = clone(pipe).fit(X1.iloc[train], Y1.iloc[train]).predict(X1.iloc[test + 5])
    assert not np.allclose(alone, expected[5 : 5 + len(test)])
    assert list(scores.columns) == [
        "fold", "train_start", "train_end", "test_start", "test_end",
        "n_train", "n_test", "score",
    ]  # fmt: skip


def test_panel_folds_predict_every_entity_from_its_own_past():
    pipe = windowed(LinearRegression(), groups="store")
    cv = PanelTimeSeriesSplit(n_splits=3)
    predictions, _ = backtest(pipe, XP, YP, cv=cv)
    times = XP.index
    expected = []
    for train, test in cv.split(XP):
        fitted = clone(pipe).fit(XP.iloc[train], YP.iloc[train])
        context = np.flatnonzero(times <= times[test].max())
        predicted = pd.Series(fitted.predict(XP.iloc[context]), index=context)
        expected.append(predicted.loc[test].to_numpy())
    assert_allclose(predictions["prediction"], np.concatenate(expected))
    assert (predictions.groupby("fold").size() == 3 * (29 // 4)).all()


def test_scoring_names_and_classifier_probabilities():
    cv = TimeSeriesSplit(n_splits=3)
    predictions, scores = backtest(
        windowed(LinearRegression()), X1, Y1.iloc[:, 0], cv=cv,
        scoring="neg_mean_absolute_error",
    )  # fmt: skip
    for fold, rows in predictions.groupby("fold"):
        mae = mean_absolute_error(rows["actual"], rows["prediction"])
        assert scores["score"][fold] == pytest.approx(-mae)
    rises = (Y1.iloc[:, 0] > X1["x"]).astype(int)
    pipe = windowed(LogisticRegression())
    _, scores = backtest(pipe, X1, rises, cv=cv, scoring="roc_auc")
    train, test = list(cv.split(X1))[-1]
    fitted = clone(pipe).fit(X1.iloc[train], rises.iloc[train])
    proba = fitted.predict_proba(X1.iloc[: test.max() + 1])[test, 1]
    assert scores["score"].iloc[-1] == pytest.approx(
        roc_auc_score(rises.iloc[test], proba)
    )


def test_a_fold_that_trains_on_its_future_is_refused():
    with pytest.raises(ValueError, match="fold 0 of KFold trains on rows that are not"):
        backtest(LinearRegression(), X1, Y1, cv=KFold(3))
    with pytest.raises(TypeError, match="in time order"):
        backtest(LinearRegression(), X1, Y1, cv=3)


@pytest.mark.slow
def test_an_lstm_pipeline_is_backtested_in_parallel():
    pipe = make_pipeline(
        SlidingWindow(timesteps=4),
        LSTMRegressor(units=4, epochs=2, random_state=0),
    )
    cv = TimeSeriesSplit(n_splits=2)
    serial = backtest(pipe, X1, Y1, cv=cv)
    parallel = backtest(pipe, X1, Y1, cv=cv, n_jobs=2)
    pd.testing.assert_frame_equal(serial.predictions, parallel.predictions)
    assert serial.scores["n_test"].tolist() == [19, 19]
