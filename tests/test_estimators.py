"""LSTMRegressor and LSTMClassifier: tags, searches, masking, errors."""

import pickle
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from helpers import assert_same_search, layer_kinds, noisy_sine
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.metrics import root_mean_squared_error
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    TimeSeriesSplit,
    check_cv,
    cross_val_score,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import (
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    SlidingWindow,
    StepwiseTransformer,
)
from sklstm.estimators._feed import MASK_VALUE, WindowFeed

TINY = {"units": 4, "epochs": 2, "batch_size": 16, "random_state": 0}


def windows_and_target(n=120, timesteps=6, seed=0):
    frame = noisy_sine(n, seed=seed)
    X = SlidingWindow(timesteps=timesteps).fit_transform(frame.iloc[:-1])
    return X, frame["value"].to_numpy()[1:]


# ---------------------------------------------------------------- tags, params


def test_tags_make_scikit_learn_see_a_regressor_and_a_classifier():
    assert is_regressor(LSTMRegressor()) and not is_classifier(LSTMRegressor())
    assert is_classifier(LSTMClassifier()) and not is_regressor(LSTMClassifier())
    assert is_regressor(make_pipeline(SlidingWindow(), LSTMRegressor()))
    # So cross-validation of the classifier stratifies its folds.
    cv = check_cv(3, np.array([0, 1] * 10), classifier=is_classifier(LSTMClassifier()))
    assert isinstance(cv, StratifiedKFold)


def test_parameters_are_top_level_for_grids_and_clone():
    pipe = Pipeline([("window", SlidingWindow()), ("lstm", LSTMRegressor())])
    params = pipe.get_params()
    for name in ["units", "dropout", "bidirectional", "cell", "learning_rate"]:
        assert f"lstm__{name}" in params
    pipe.set_params(lstm__units=(8, 4), lstm__cell="gru", window__timesteps=3)
    copy = clone(pipe)
    assert copy.get_params()["lstm__units"] == (8, 4)
    assert copy.get_params()["lstm__cell"] == "gru"
    assert copy.get_params()["window__timesteps"] == 3


def test_n_features_in_counts_features_not_timesteps():
    X = np.random.default_rng(0).normal(size=(20, 7, 3))
    model = LSTMRegressor(**TINY).fit(X, X[:, -1, 0])
    assert model.n_features_in_ == 3
    assert model.n_timesteps_ == 7


def test_invalid_parameter_is_refused():
    X, y = windows_and_target()
    with pytest.raises(ValueError, match="cell"):
        LSTMRegressor(cell="rnn").fit(X, y)


# ---------------------------------------------------------------- the model


def test_stacked_bidirectional_gru_with_dense_head():
    X, y = windows_and_target()
    params = dict(TINY, units=(6, 4), cell="gru", bidirectional=True, dense_units=3)
    model = LSTMRegressor(**params).fit(X, y)
    kinds = layer_kinds(model.model_)
    assert kinds == ["Bidirectional", "Bidirectional", "Dense", "Dense"]
    assert model.predict(X).shape == (len(X),)


def test_learning_rate_reaches_the_optimizer():
    X, y = windows_and_target()
    model = LSTMRegressor(learning_rate=0.05, **TINY).fit(X, y)
    assert float(model.model_.optimizer.learning_rate) == pytest.approx(0.05)


def test_multi_output_regression():
    frame = noisy_sine(150)
    horizon = np.column_stack([frame["value"].shift(-h) for h in (1, 2, 3)])[:-3]
    X = SlidingWindow(timesteps=5).fit_transform(frame.iloc[:-3])
    model = LSTMRegressor(**TINY).fit(X, horizon)
    pred = model.predict(X)
    assert pred.shape == (len(X), 3) and pred.dtype == np.float64


def test_classification_with_string_labels_and_probabilities():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5, 2))
    y = np.array(["calm", "rising", "falling"])[
        np.digitize(X[:, :, 0].mean(axis=1), [-0.2, 0.2])
    ]
    clf = LSTMClassifier(**TINY).fit(X, y)
    assert list(clf.classes_) == ["calm", "falling", "rising"]
    proba = clf.predict_proba(X)
    assert proba.shape == (60, 3)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-5)
    assert set(clf.predict(X)) <= set(clf.classes_)
    assert clf.predict_proba(X[:1]).shape == (1, 3)


def test_binary_classification_in_stratified_cross_validation():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 4, 2))
    y = np.repeat(["no", "yes"], 20)  # sorted: plain KFold would train on one class
    scores = cross_val_score(LSTMClassifier(**TINY), X, y, cv=3)
    assert scores.shape == (3,)


# ---------------------------------------------------------------- masking


def test_padded_windows_give_finite_predictions():
    X, y = windows_and_target(timesteps=10)
    assert np.isnan(X[0]).all(axis=-1).sum() == 9  # the first window is padding
    model = LSTMRegressor(**TINY).fit(X, y)
    assert model.n_padded_steps_ == 9 * 10 // 2
    assert np.isfinite(model.predict(X)).all()


def test_more_padding_does_not_change_a_prediction():
    rng = np.random.default_rng(2)
    sequences = [rng.normal(size=(length, 2)) for length in rng.integers(2, 8, 40)]
    labels = np.array([s[:, 0].sum() for s in sequences])
    pipe = make_pipeline(SequencePadder(maxlen=10), LSTMRegressor(**TINY))
    pipe.fit(sequences, labels)
    seq = rng.normal(size=(3, 2))
    padded = np.full((3, 10, 2), np.nan)
    padded[0, -3:] = seq  # padded before
    padded[1, :3] = seq  # padded after
    padded[2, [1, 4, 8]] = seq  # padding steps in between
    pred = pipe[-1].predict(padded)
    assert_allclose(pred, pred[0], rtol=1e-5, atol=1e-6)


def test_batches_hold_the_mask_value_on_padded_steps_only():
    X = np.arange(24, dtype=float).reshape(2, 4, 3)
    X[0, 0] = np.nan
    padded, complete = (b.numpy() for b in WindowFeed(X).batches(batch_size=1))
    assert padded.dtype == complete.dtype == np.float32
    assert (padded[0, 0] == MASK_VALUE).all()
    assert_array_equal(padded[0, 1:], X[0, 1:])
    assert_array_equal(complete[0], X[1])
    assert np.isnan(X[0, 0]).all()  # the input is untouched


def test_fit_does_not_copy_the_windows_whole():
    values = np.random.default_rng(3).normal(size=(4000, 4))
    X = SlidingWindow(timesteps=250).fit_transform(values)  # a strided view
    full_copy = X.shape[0] * X.shape[1] * X.shape[2] * 8  # 32 MB
    # Python allocations are traced (numpy's included, TensorFlow's graph
    # building too, a few MB); a copy of the windows would show up whole.
    model = LSTMRegressor(units=2, epochs=1, batch_size=256, random_state=0)
    tracemalloc.start()
    model.fit(X, values[:, 0])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < full_copy / 2, (peak, full_copy)


# ---------------------------------------------------------------- reproducibility


def test_same_random_state_gives_the_same_predictions():
    X, y = windows_and_target()
    params = dict(TINY, dropout=0.2, shuffle=True)
    first = LSTMRegressor(**params).fit(X, y).predict(X)
    again = LSTMRegressor(**params).fit(X, y).predict(X)
    assert_array_equal(first, again)
    other = LSTMRegressor(**dict(params, random_state=1)).fit(X, y).predict(X)
    assert not np.allclose(first, other)


def test_pickled_fitted_pipeline_predicts_the_same():
    frame = noisy_sine(100)
    pipe = make_pipeline(
        StandardScaler().set_output(transform="pandas"),
        SlidingWindow(timesteps=4),
        LSTMRegressor(**TINY),
    ).fit(frame.iloc[:-1], frame["value"].to_numpy()[1:])
    restored = pickle.loads(pickle.dumps(pipe))
    assert_array_equal(restored.predict(frame), pipe.predict(frame))


def test_early_stopping_validates_on_the_latest_samples():
    X, y = windows_and_target(n=200)
    y = y.copy()
    y[-40:] += 100.0  # only the tail is far off: a shuffled split would mix it in
    model = LSTMRegressor(
        units=4, epochs=3, early_stopping=True, validation_split=0.2, random_state=0
    ).fit(X, y)
    assert max(model.history_["loss"]) < 10
    assert min(model.history_["val_loss"]) > 1000


def test_early_stopping_stops():
    X, y = windows_and_target()
    model = LSTMRegressor(
        units=2, epochs=200, early_stopping=True, patience=1, random_state=0
    ).fit(X, y)
    assert len(model.history_["loss"]) < 200


# ---------------------------------------------------------------- errors


def test_2d_input_says_which_transformer_to_put_first():
    with pytest.raises(ValueError, match=r"got a 2D array.*To3D.*SlidingWindow"):
        LSTMRegressor(**TINY).fit(np.zeros((10, 3)), np.zeros(10))


def test_partly_missing_step_suggests_an_imputer():
    X, y = windows_and_target()
    X = X.copy()
    X = np.concatenate([X, X], axis=2)
    X[20, 3, 0] = np.nan
    with pytest.raises(ValueError, match=r"time step 3 of sample 20 .*SimpleImputer"):
        LSTMRegressor(**TINY).fit(X, y)


def test_infinite_values_are_refused():
    X, y = windows_and_target()
    X = X.copy()
    X[5, 5, 0] = np.inf
    with pytest.raises(ValueError, match="infinite"):
        LSTMRegressor(**TINY).fit(X, y)


def test_y_of_another_length_names_both_counts():
    X, y = windows_and_target()
    with pytest.raises(ValueError, match=r"X has 1 samples .* y has 21 targets"):
        LSTMRegressor(**TINY).fit(X[:1], y[:21])


def test_predict_on_other_timesteps_or_features_names_both_shapes():
    X, y = windows_and_target(timesteps=6)
    model = LSTMRegressor(**TINY).fit(X, y)
    with pytest.raises(ValueError, match=r"6 time steps x 1 features.*time steps"):
        model.predict(X[:, :4])
    with pytest.raises(ValueError, match=r"number of features differs"):
        model.predict(np.concatenate([X, X], axis=2))


def test_non_numeric_data_is_refused():
    with pytest.raises(TypeError, match="numeric"):
        LSTMRegressor(**TINY).fit(np.full((4, 2, 1), "a"), np.zeros(4))


def test_predict_before_fit():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LSTMRegressor().predict(np.zeros((2, 3, 1)))


# ---------------------------------------------------------------- searches


@pytest.mark.slow
def test_grid_search_over_timesteps_and_units_learns_the_sine():
    frame = noisy_sine(400)
    X, y = frame.iloc[:-1], frame["value"].to_numpy()[1:]
    X_train, X_test, y_train, y_test = X[:320], X[320:], y[:320], y[320:]
    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=12)),
            ("lstm", LSTMRegressor(units=8, epochs=30, learning_rate=0.01)),
        ]
    )
    pipe.set_params(lstm__random_state=0)
    search = GridSearchCV(
        pipe,
        {"window__timesteps": [2, 12], "lstm__units": [4, 8]},
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_root_mean_squared_error",
    ).fit(X_train, y_train)
    assert search.cv_results_["mean_test_score"].shape == (4,)
    # Windows of the test rows reach back into the training rows.
    forecast = search.predict(X)[320:]
    model_rmse = root_mean_squared_error(y_test, forecast)
    naive_rmse = root_mean_squared_error(y_test, X_test["value"])
    print(f"tuned {search.best_params_}: RMSE {model_rmse:.3f}, naive {naive_rmse:.3f}")
    assert model_rmse < 0.75 * naive_rmse


@pytest.mark.slow
def test_search_in_two_processes_matches_one():
    X, y = windows_and_target(n=100, timesteps=4)
    grid = {"units": [2, 4]}
    estimator = LSTMRegressor(epochs=2, batch_size=16, random_state=0)
    serial = GridSearchCV(estimator, grid, cv=TimeSeriesSplit(2)).fit(X, y)
    parallel = GridSearchCV(estimator, grid, cv=TimeSeriesSplit(2), n_jobs=2).fit(X, y)
    assert_same_search(parallel, serial, X)


def test_stepwise_scaling_then_lstm_on_padded_sequences():
    rng = np.random.default_rng(4)
    sequences = [rng.normal(5, 3, size=(n, 2)) for n in rng.integers(3, 9, 30)]
    labels = np.where([s[:, 1].mean() > 5 for s in sequences], "high", "low")
    pipe = make_pipeline(
        SequencePadder(), StepwiseTransformer(StandardScaler()), LSTMClassifier(**TINY)
    ).fit(sequences, labels)
    assert pipe.predict(sequences[:4]).shape == (4,)


def test_class_weight_reaches_the_classifier_and_survives_clone():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(30, 4, 1))
    y = np.array(["rare"] * 5 + ["common"] * 25)
    clf = clone(LSTMClassifier(class_weight="balanced", **TINY))
    assert clf.get_params()["class_weight"] == "balanced"
    assert clf.fit(X, y).predict(X).shape == (30,)


def test_panel_windows_are_fitted_without_materialising_them():
    rng = np.random.default_rng(6)
    n_days, stores = 1200, 5
    panel = pd.DataFrame(
        {
            "store": list("abcde") * n_days,
            "x": rng.normal(size=n_days * stores),
            "z": rng.normal(size=n_days * stores),
        },
        index=pd.date_range("2024-01-01", periods=n_days).repeat(stores),
    )
    X = SlidingWindow(timesteps=250, groups="store").fit_transform(panel)
    assert type(X).__name__ == "LazyWindows"
    full_copy = len(panel) * 250 * 2 * 8  # 24 MB
    model = LSTMRegressor(units=2, epochs=1, batch_size=256, random_state=0)
    tracemalloc.start()
    model.fit(X, panel["x"].to_numpy())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < full_copy / 2, (peak, full_copy)
    # Same model as on the materialised windows.
    dense = LSTMRegressor(units=2, epochs=1, batch_size=256, random_state=0)
    dense.fit(np.asarray(X), panel["x"].to_numpy())
    assert_allclose(model.predict(X[:50]), dense.predict(np.asarray(X[:50])), rtol=1e-5)


def test_zero_sample_weights_are_kept_not_copied_out():
    X, y = windows_and_target()
    weights = np.ones(len(y))
    weights[::2] = 0
    model = LSTMRegressor(**TINY).fit(X, y, sample_weight=weights)
    assert model.predict(X).shape == (len(X),)
    with pytest.raises(ValueError, match="non-zero"):
        LSTMRegressor(**TINY).fit(X, y, sample_weight=np.zeros(len(y)))


def test_a_seeded_fit_leaves_tensorflow_op_determinism_off():
    # With op determinism on, tf.data copies the rows a fit reads whenever it
    # starts a pass; scikeras' seeding context leaves it on for good.
    from tensorflow.python.framework import config

    X, y = windows_and_target()
    assert not config.is_op_determinism_enabled()
    LSTMRegressor(**TINY).fit(X, y).predict(X)
    assert not config.is_op_determinism_enabled()
