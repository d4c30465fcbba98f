"""Traced models reused across fits: the same results as a model of its own.

An estimator trains on a traced model of the same architecture, lent for the
fit (``_reuse.py``). The reference is the same estimator given a callback of
the user's, which makes it train its own ``model_`` (callbacks may keep the
model they get, so no trainer is lent to them).
"""

import threading

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklstm import LSTMAutoencoder, LSTMClassifier, LSTMRegressor, SlidingWindow
from sklstm.estimators import _reuse
from sklstm.estimators._models import Layers, many_to_one

RNG = np.random.default_rng(0)
SERIES = RNG.normal(size=(80, 2))
X = SlidingWindow(timesteps=5).fit_transform(SERIES)  # padded and complete
Y = SERIES[:, 0] + 0.5 * np.roll(SERIES[:, 1], 1)
TINY = {"units": 4, "epochs": 3, "batch_size": 16, "random_state": 0}


def own_model(estimator):
    """``estimator`` training its own model: a callback of the user's."""
    return estimator.set_params(callbacks=[keras.callbacks.Callback()])


CASES = {
    "regressor, dropout": lambda: LSTMRegressor(
        **TINY, dropout=0.2, recurrent_dropout=0.1
    ),
    "regressor, early stopping": lambda: LSTMRegressor(
        **{**TINY, "epochs": 6}, early_stopping=True, patience=1
    ),
    "regressor, bidirectional": lambda: LSTMRegressor(**TINY, bidirectional=True),
    "classifier": lambda: LSTMClassifier(**TINY),
    "per-step regressor": lambda: LSTMRegressor(**TINY, return_sequences=True),
    "encoder-decoder": lambda: LSTMRegressor(**TINY, decoder_units=3),
    "autoencoder": lambda: LSTMAutoencoder(**TINY),
}


def target(name, windows=X):
    if name == "classifier":
        return (Y > 0).astype(int)
    if name == "per-step regressor":
        return np.nan_to_num(windows[..., 0])
    if name == "encoder-decoder":
        return np.stack([Y, np.roll(Y, -1), np.roll(Y, -2)], axis=1)
    if name == "autoencoder":
        return None
    return Y


def outputs(estimator, windows=X):
    if isinstance(estimator, LSTMAutoencoder):
        return estimator.score_samples(windows)
    if isinstance(estimator, LSTMClassifier):
        return estimator.predict_proba(windows)
    return estimator.predict(windows)


@pytest.mark.parametrize("name", CASES)
def test_a_lent_trainer_fits_as_the_model_itself(name):
    _reuse.clear()
    y = target(name)
    lent = [CASES[name]().fit(X, y) for _ in range(2)]  # traced, then reused
    own = own_model(CASES[name]()).fit(X, y)
    for fitted in lent:
        assert_allclose(outputs(fitted), outputs(own), rtol=1e-6, atol=1e-6)
        assert fitted.history_.keys() == own.history_.keys()
        for key in own.history_:
            assert_allclose(fitted.history_[key], own.history_[key], rtol=1e-6)
    assert sum(map(len, _reuse._KEPT.values())) >= 1  # a trainer was kept


@pytest.mark.parametrize("name", CASES)
def test_one_trainer_serves_every_window_length(name):
    # A search over timesteps: the trainer traced on windows of 5 steps
    # trains (and predicts) the model of windows of 8 steps, untraced again.
    _reuse.clear()
    longer = SlidingWindow(timesteps=8).fit_transform(SERIES)
    CASES[name]().fit(X, target(name))
    lent = CASES[name]().fit(longer, target(name, longer))
    own = own_model(CASES[name]()).fit(longer, target(name, longer))
    assert lent.model_.input_shape == own.model_.input_shape == (None, 8, 2)
    assert_allclose(outputs(lent, longer), outputs(own, longer), rtol=1e-6, atol=1e-6)
    trainers = [trainer for kept in _reuse._KEPT.values() for trainer in kept]
    if name == "autoencoder":  # its decoder repeats the code once per step
        assert len(trainers) == 2
    else:
        (trainer,) = trainers
        assert trainer.model.input_shape == (None, None, 2)
        assert trainer.model.train_function.tracing_count() == 1


def test_warm_start_carries_the_optimizer_state_through_the_trainer():
    lent = LSTMRegressor(**TINY, warm_start=True)
    own = own_model(LSTMRegressor(**TINY, warm_start=True))
    for _ in range(2):
        lent.fit(X, Y)
        own.fit(X, Y)
    assert_allclose(lent.predict(X), own.predict(X), rtol=1e-6, atol=1e-6)
    iterations = lent.model_.optimizer.iterations.numpy()
    assert iterations == own.model_.optimizer.iterations.numpy() > 0


def test_a_later_fit_leaves_a_fitted_model_alone():
    first = LSTMRegressor(**TINY).fit(X, Y)
    before = first.predict(X)
    LSTMRegressor(**{**TINY, "random_state": 1}).fit(X[:50], Y[:50] * 3)
    assert_array_equal(first.predict(X), before)


def test_one_trainer_serves_seeds_rates_and_sample_counts():
    _reuse.clear()
    for seed, rate, n in [(0, 0.01, 80), (1, 0.1, 60), (2, None, 45)]:
        LSTMRegressor(**{**TINY, "random_state": seed}, learning_rate=rate).fit(
            X[:n], Y[:n]
        )
    assert [len(kept) for kept in _reuse._KEPT.values()] == [1]
    (trainer,) = next(iter(_reuse._KEPT.values()))
    assert trainer.model.train_function.tracing_count() == 1  # traced once
    LSTMRegressor(**{**TINY, "units": 5}).fit(X, Y)  # another architecture
    assert len(_reuse._KEPT) == 2


def test_fits_in_threads_give_the_results_of_fits_in_turn():
    _reuse.clear()
    seeds = [0, 1, 2, 3]
    in_turn = [LSTMRegressor(**{**TINY, "random_state": s}).fit(X, Y) for s in seeds]
    in_threads = [None] * len(seeds)

    def fit(i):
        in_threads[i] = LSTMRegressor(**{**TINY, "random_state": seeds[i]}).fit(X, Y)

    threads = [threading.Thread(target=fit, args=(i,)) for i in range(len(seeds))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for a, b in zip(in_turn, in_threads, strict=True):
        assert_allclose(a.predict(X), b.predict(X), rtol=1e-6, atol=1e-6)


def _model(seed=0, optimizer=None, units=4, steps=5):
    layers = Layers(
        cell="lstm", bidirectional=False, dropout=0.0, recurrent_dropout=0.0, seed=seed
    )
    model = many_to_one(
        layers,
        input_shape=(steps, 2),
        units=(units,),
        dense_units=(),
        n_outputs=1,
        activation="linear",
        name="m",
    )
    model.compile(optimizer=optimizer or keras.optimizers.Adam(0.01), loss="mse")
    return model


def test_architecture_of_any_length_sets_the_time_axis_aside():
    def key(steps, units=4, **kwargs):
        return _reuse.architecture(_model(steps=steps, units=units), "both", **kwargs)

    assert key(5) != key(9)
    assert key(5, any_length=True) == key(9, any_length=True)
    assert key(5, any_length=True) == key(None, any_length=True)
    assert key(5, any_length=True) != key(5, units=5, any_length=True)


def test_architecture_tells_what_changes_a_traced_function():
    same = _reuse.architecture(_model(0), "both")
    assert same == _reuse.architecture(_model(7, keras.optimizers.Adam(0.5)), "both")
    assert same != _reuse.architecture(_model(units=5), "both")
    assert same != _reuse.architecture(_model(), "plain")
    assert same != _reuse.architecture(
        _model(optimizer=keras.optimizers.Adam(0.01, beta_1=0.5)), "both"
    )
    assert same != _reuse.architecture(
        _model(optimizer=keras.optimizers.RMSprop(0.01)), "both"
    )


def test_models_that_no_trainer_may_train():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.01, 10, 0.9)
    decaying = _model(optimizer=keras.optimizers.Adam(schedule))
    assert _reuse.architecture(decaying, "both") is None
    eager = _model()
    eager.compile(optimizer="adam", loss="mse", run_eagerly=True)
    assert _reuse.architecture(eager, "both") is None


def test_kept_trainers_are_bounded():
    _reuse.clear()
    for units in range(1, _reuse.MAX_KEPT + 3):
        LSTMRegressor(**{**TINY, "units": units, "epochs": 1}).fit(X[:20], Y[:20])
    assert sum(map(len, _reuse._KEPT.values())) == _reuse.MAX_KEPT
