"""Progress of long work: Keras' epochs from the estimator, folds from the search."""

import re

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklstm import LSTMRegressor

TINY = {"units": 2, "epochs": 2, "batch_size": 16, "random_state": 0}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 4, 1))
    return X, X[:, -1, 0] + 0.1 * rng.normal(size=40)


def test_verbose_2_prints_one_line_per_epoch_to_stdout(data, capsys):
    X, y = data
    LSTMRegressor(verbose=2, **TINY).fit(X, y)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    # Each epoch ends with its loss, e.g. "3/3 - 0s - 7ms/step - loss: 1.2512".
    assert len(re.findall(r"^\d+/\d+ - .*loss: \d", out, flags=re.MULTILINE)) == 2


def test_verbose_0_prints_nothing(data, capsys):
    X, y = data
    model = LSTMRegressor(verbose=0, **TINY).fit(X, y)
    model.predict(X)
    assert capsys.readouterr().out == ""


def test_search_verbose_3_prints_every_fold_with_its_parameters_and_score(data, capsys):
    X, y = data
    GridSearchCV(
        LSTMRegressor(**TINY), {"units": [2, 3]}, cv=TimeSeriesSplit(2), verbose=3
    ).fit(X, y)
    out = capsys.readouterr().out
    assert "Fitting 2 folds for each of 2 candidates, totalling 4 fits" in out
    # scikit-learn's format: "[CV 1/2] END .....units=2;, score=-0.135 total time=
    # 1.1s", the fold number, then the candidate's parameters.
    ends = re.findall(r"^\[CV (\d)/2\] END \.+units=(\d);, score=-?\d", out, re.M)
    assert sorted(ends) == [("1", "2"), ("1", "3"), ("2", "2"), ("2", "3")]


def test_search_verbose_10_also_numbers_the_candidates_and_starts(data, capsys):
    X, y = data
    GridSearchCV(
        LSTMRegressor(**TINY), {"units": [2, 3]}, cv=TimeSeriesSplit(2), verbose=10
    ).fit(X, y)
    out = capsys.readouterr().out
    # "[CV fold/n_folds; candidate/n_candidates] START units=2..."
    starts = re.findall(r"^\[CV (\d)/2; (\d)/2\] START units=(\d)", out, re.M)
    assert sorted(starts) == [
        ("1", "1", "2"),
        ("1", "2", "3"),
        ("2", "1", "2"),
        ("2", "2", "3"),
    ]
    assert len(re.findall(r"^\[CV \d/2; \d/2\] END ", out, re.M)) == 4


def test_many_fits_in_one_process_print_no_retracing_note(data, capfd):
    # Every new Keras model is traced once; TensorFlow would count the traces
    # of all of them together and warn from the fifth on.
    X, y = data
    for seed in range(6):
        LSTMRegressor(**dict(TINY, epochs=1, random_state=seed)).fit(X, y).predict(X)
    assert "retracing" not in capfd.readouterr().err
