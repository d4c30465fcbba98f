"""LSTMRegressor and LSTMClassifier: parameters, routing, targets and weights.

The refusals themselves (error type, words, inputs kept) are in the bad-input
matrix (``bad_inputs_estimators.py``); these tests show what is accepted, and
that what is accepted reaches Keras.
"""

import inspect
import warnings

import keras
import numpy as np
import pandas as pd
import pytest
import sklearn
from helpers import layer_kinds, noisy_sine
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklstm import LSTMAutoencoder, LSTMClassifier, LSTMRegressor, SlidingWindow, To3D
from sklstm.estimators import _scikeras
from sklstm.estimators._scikeras import BaseWrapper, KerasClassifier, KerasRegressor

TINY = {"units": 2, "epochs": 1, "batch_size": 8, "random_state": 0}


def data(n=24, timesteps=4, n_features=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, timesteps, n_features))
    return X, X[:, -1, 0].copy()


class BatchCounter(keras.callbacks.Callback):
    """Counts the batches of every fit and predict it is given to."""

    def __init__(self):
        super().__init__()
        self.train = self.predict = 0

    def on_train_batch_end(self, batch, logs=None):
        self.train += 1

    def on_predict_batch_end(self, batch, logs=None):
        self.predict += 1


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "given, suggested",
    [
        ({"unit": 8}, "units"),
        ({"dense_unit": 4}, "dense_units"),
        ({"learningrate": 0.1}, "learning_rate"),
        ({"optimizr__beta_1": 0.9}, "optimizer__beta_1"),
    ],
)
def test_a_misspelt_parameter_names_the_closest_one(given, suggested):
    with pytest.raises(TypeError, match=f"Did you mean '{suggested}'"):
        LSTMRegressor(**given)


def test_routed_parameters_survive_get_params_clone_and_set_params():
    model = LSTMRegressor(units=4, optimizer__beta_1=0.8, fit__validation_freq=2)
    params = model.get_params()
    assert params["optimizer__beta_1"] == 0.8
    assert params["fit__validation_freq"] == 2
    copy = clone(model)
    assert copy.get_params() == params
    copy.set_params(optimizer__beta_1=0.7, predict__batch_size=64, units=3)
    assert copy.get_params()["optimizer__beta_1"] == 0.7
    assert copy.get_params()["predict__batch_size"] == 64
    assert copy.units == 3
    assert model.get_params()["optimizer__beta_1"] == 0.8  # the original kept
    with pytest.raises(ValueError, match="Did you mean 'units'"):
        copy.set_params(unitz=4)


def test_every_signature_parameter_is_a_parameter_and_nothing_else():
    for estimator in (LSTMRegressor(), LSTMClassifier()):
        names = [
            name
            for name in inspect.signature(type(estimator)).parameters
            if name != "kwargs"
        ]
        assert sorted(estimator.get_params()) == sorted(names)
        # scikeras' model and build_fn are not parameters here.
        assert "model" not in names and "build_fn" not in names
    assert "class_weight" in LSTMClassifier().get_params()
    assert "class_weight" not in LSTMRegressor().get_params()


def test_repr_shows_the_changed_parameters_only():
    assert repr(LSTMRegressor()) == "LSTMRegressor()"
    assert repr(LSTMRegressor(units=8)) == "LSTMRegressor(units=8)"
    assert (
        repr(LSTMClassifier(units=(8, 4), class_weight="balanced"))
        == "LSTMClassifier(class_weight='balanced', units=(8, 4))"
    )
    assert repr(LSTMRegressor(fit__validation_freq=2)) == (
        "LSTMRegressor(fit__validation_freq=2)"
    )


# ---------------------------------------------------------------- sizes


def test_numpy_integer_units_from_a_grid_build_the_model():
    X, y = data()
    table = X.reshape(len(X), -1)  # To3D makes one step per column again
    pipe = make_pipeline(To3D(), LSTMRegressor(epochs=1, batch_size=8, random_state=0))
    search = GridSearchCV(
        pipe,
        {"lstmregressor__units": np.array([2, 4])},
        cv=KFold(2),
        error_score="raise",
    ).fit(table, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert isinstance(search.best_params_["lstmregressor__units"], np.integer)
    model = search.best_estimator_[-1].model_
    widths = [layer.units for layer in model.layers[1].stack]
    assert widths == [int(search.best_params_["lstmregressor__units"])]


def test_stacked_units_and_dense_units_as_lists_of_numpy_integers():
    X, y = data()
    model = LSTMRegressor(
        **dict(TINY, units=[np.int64(3), np.int32(2)], dense_units=[np.int64(2)])
    ).fit(X, y)
    assert layer_kinds(model.model_) == ["LSTM", "LSTM", "Dense", "Dense"]


# ---------------------------------------------------------------- routing


def test_fit__validation_freq_reaches_model_fit():
    X, y = data(40)
    model = LSTMRegressor(
        **dict(TINY, epochs=4), validation_split=0.25, fit__validation_freq=2
    ).fit(X, y)
    assert len(model.history_["loss"]) == 4
    assert len(model.history_["val_loss"]) == 2  # epochs 2 and 4


def test_routed_batch_sizes_reach_fit_and_predict():
    X, y = data(20)
    counter = BatchCounter()
    model = LSTMRegressor(
        **TINY,
        callbacks=[counter],
        fit__batch_size=5,
        predict__batch_size=3,
        steps_per_execution=1,  # the callbacks see every batch
    ).fit(X, y)
    assert counter.train == 4  # 20 samples in batches of 5
    model.predict(X[:10])
    assert counter.predict == 4  # 10 samples in batches of 3
    # A keyword argument of predict overrides the routed value.
    model.predict(X[:10], batch_size=10)
    assert counter.predict == 5


def test_fit_keywords_override_the_routed_options():
    X, y = data(20)
    counter = BatchCounter()
    model = LSTMRegressor(
        **TINY, callbacks=[counter], fit__batch_size=5, steps_per_execution=1
    )
    model.fit(X, y, batch_size=10, epochs=2)
    assert counter.train == 4  # 2 epochs of 2 batches
    assert len(model.history_["loss"]) == 2


class EpochLog(BatchCounter):
    """Records the batch numbers and the epochs a fit reports."""

    def __init__(self):
        super().__init__()
        self.batches, self.epochs = [], []

    def on_train_batch_end(self, batch, logs=None):
        self.batches.append(batch)

    def on_epoch_end(self, epoch, logs=None):
        self.epochs.append((epoch, sorted(logs)))


@pytest.mark.parametrize(
    "steps_per_execution, calls",
    [
        ("epoch", [3]),  # one call per epoch, named by its last batch
        (1, [0, 1, 2, 3]),
        (3, [1, 3]),  # 3 does not divide 4 batches: 2 per call
        (4, [3]),
    ],
)
def test_callbacks_are_called_once_per_execution(steps_per_execution, calls):
    X, y = data(40)
    log = EpochLog()
    model = LSTMRegressor(
        **dict(TINY, epochs=3, batch_size=8),  # 32 training samples: 4 batches
        validation_split=0.2,
        callbacks=[log],
        steps_per_execution=steps_per_execution,
    ).fit(X, y)
    # Keras numbers a call by its last batch, counted from 0.
    assert log.batches == calls * 3
    assert [epoch for epoch, _ in log.epochs] == [0, 1, 2]
    assert all(keys == ["loss", "val_loss"] for _, keys in log.epochs)
    assert len(model.history_["val_loss"]) == 3


def test_validation_batch_size_is_used_for_the_validation_tail():
    X, y = data(40)

    class ValidationBatches(BatchCounter):
        def on_test_batch_end(self, batch, logs=None):
            self.predict += 1

    counter = ValidationBatches()
    LSTMRegressor(
        **TINY,
        validation_split=0.5,
        validation_batch_size=5,
        callbacks=[counter],
        steps_per_execution=1,  # the callbacks see every batch
    ).fit(X, y)
    assert counter.predict == 4  # 20 validation samples in batches of 5


# ---------------------------------------------------------------- optimizer


def test_learning_rate_applies_to_a_copy_of_an_optimizer_instance():
    X, y = data()
    optimizer = keras.optimizers.Adam(learning_rate=0.1, beta_1=0.8)
    model = LSTMRegressor(**TINY, optimizer=optimizer, learning_rate=0.02).fit(X, y)
    trained = model.model_.optimizer
    assert trained is not optimizer
    assert float(trained.learning_rate) == pytest.approx(0.02)
    assert float(trained.beta_1) == pytest.approx(0.8)  # the rest of its config
    # The user's instance is as given: not trained, its rate unchanged.
    assert float(optimizer.learning_rate) == pytest.approx(0.1)
    assert int(optimizer.iterations) == 0
    assert model.optimizer is optimizer
    # So it can serve a second fit, and a clone.
    model.fit(X, y)
    clone(model).fit(X, y)


def test_an_optimizer_instance_without_learning_rate_keeps_its_own():
    X, y = data()
    optimizer = keras.optimizers.SGD(learning_rate=0.3)
    model = LSTMRegressor(**TINY, optimizer=optimizer).fit(X, y)
    assert float(model.model_.optimizer.learning_rate) == pytest.approx(0.3)


@pytest.mark.parametrize("optimizer", ["sgd", keras.optimizers.RMSprop])
def test_learning_rate_with_an_optimizer_by_name_or_class(optimizer):
    X, y = data()
    model = LSTMRegressor(**TINY, optimizer=optimizer, learning_rate=0.04).fit(X, y)
    assert float(model.model_.optimizer.learning_rate) == pytest.approx(0.04)


def test_routed_optimizer_option_with_an_optimizer_by_name():
    X, y = data()
    model = LSTMRegressor(**TINY, optimizer="adam", optimizer__beta_1=0.7).fit(X, y)
    assert float(model.model_.optimizer.beta_1) == pytest.approx(0.7)


# ---------------------------------------------------------------- partial_fit


def test_partial_fit_validates_its_parameters_and_trains_an_epoch_per_call():
    X, y = data()
    model = LSTMRegressor(**TINY)
    model.partial_fit(X, y).partial_fit(X, y)
    assert len(model.history_["loss"]) == 2
    model.set_params(dropout=2.0)
    with pytest.raises(ValueError, match="'dropout' parameter"):
        model.partial_fit(X, y)


def test_partial_fit_of_a_batch_of_one_class_with_all_classes_announced():
    X, _ = data()
    clf = LSTMClassifier(**TINY)
    clf.partial_fit(X, np.array(["a"] * len(X)), classes=["a", "b"])
    clf.partial_fit(X, np.array(["b"] * len(X)))
    assert clf.classes_.tolist() == ["a", "b"]
    assert clf.predict_proba(X).shape == (len(X), 2)


# ---------------------------------------------------------------- targets, weights


def test_class_weight_is_not_written_into_the_users_sample_weight():
    X, _ = data()
    y = np.array(["rare"] * 4 + ["common"] * (len(X) - 4))
    weights = np.ones(len(X))
    clf = LSTMClassifier(**TINY, class_weight="balanced")
    clf.fit(X, y, sample_weight=weights)
    assert_array_equal(weights, np.ones(len(X)))  # scikeras multiplies in place
    clf.partial_fit(X, y, sample_weight=weights)
    assert_array_equal(weights, np.ones(len(X)))


def test_class_weight_dict_by_label():
    X, _ = data()
    y = np.array(["a", "b"] * (len(X) // 2))
    clf = LSTMClassifier(**TINY, class_weight={"a": 2.0, "b": 0.5}).fit(X, y)
    assert clf.predict(X).shape == (len(X),)


def test_numbers_as_objects_are_numeric_targets():
    X, y = data()
    model = LSTMRegressor(**TINY).fit(X, y.astype(object))
    assert model.predict(X).dtype == np.float64


def test_integer_and_boolean_labels_classify():
    X, y = data()
    for labels in (y > 0, (y > 0).astype(int) + 3):
        clf = LSTMClassifier(**TINY).fit(X, labels)
        assert set(clf.predict(X)) <= set(np.unique(labels))


def test_integer_labels_held_as_objects_classify_as_numbers():
    X, y = data()
    labels = np.where(y > 0, 2, 7).astype(object)  # a pandas object column
    clf = LSTMClassifier(**TINY).fit(X, labels)
    assert clf.classes_.tolist() == [2, 7]


def test_zero_weights_are_accepted():
    X, y = data()
    weights = np.ones(len(X))
    weights[:5] = 0
    LSTMRegressor(**TINY).fit(X, y, sample_weight=weights)


def test_values_beyond_float32_are_refused_in_predict_too():
    X, y = data()
    model = LSTMRegressor(**TINY).fit(X, y)
    far = X.copy()
    far[3, 2, 1] = 1e39
    with pytest.raises(ValueError, match=r"X\[3\] holds 1e\+39 at X\[3\]\[2, 1\]"):
        model.predict(far)
    # float32 data cannot hold such values and is read without a scan.
    assert model.predict(X.astype(np.float32)).shape == (len(X),)


def test_a_sample_of_padding_only_is_predicted_but_all_padding_is_not_fitted():
    X, y = data()
    X = X.copy()
    X[0] = np.nan  # one window before any observation, as SlidingWindow makes
    model = LSTMRegressor(**TINY).fit(X, y)
    assert np.isfinite(model.predict(X)).all()
    with pytest.raises(ValueError, match="every time step of every sample"):
        LSTMRegressor(**TINY).fit(np.full_like(X, np.nan), y)


# ---------------------------------------------------------------- pandas output


def test_pandas_transform_output_adds_no_warning_to_a_fit():
    frame = noisy_sine(60)
    X, y = frame.iloc[:-1], frame["value"].to_numpy()[1:]
    with sklearn.config_context(transform_output="pandas"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            regressor = make_pipeline(
                StandardScaler(),
                SlidingWindow(timesteps=3),
                LSTMRegressor(**TINY),
            ).fit(X, y)
            prediction = regressor.predict(X)
            classifier = make_pipeline(
                StandardScaler(),
                SlidingWindow(timesteps=3),
                LSTMClassifier(**TINY),
            ).fit(X, y > 0)
            labels = classifier.predict(X)
            proba = classifier.predict_proba(X)
    assert isinstance(prediction, np.ndarray) and prediction.shape == (len(X),)
    assert set(labels) <= {True, False}
    assert isinstance(proba, np.ndarray) and proba.shape == (len(X), 2)


def test_estimators_fit_under_pandas_output_on_3d_arrays():
    X, y = data()
    with sklearn.config_context(transform_output="pandas"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            clf = LSTMClassifier(**TINY).fit(X, np.where(y > 0, "up", "down"))
            assert clf.score(X, np.where(y > 0, "up", "down")) >= 0
            assert LSTMRegressor(**TINY).fit(X, y).predict(X).shape == (len(X),)


def test_dataframe_and_series_targets():
    X, y = data()
    LSTMRegressor(**TINY).fit(X, pd.Series(y))
    two = pd.DataFrame({"a": y, "b": -y})
    assert LSTMRegressor(**TINY).fit(X, two).predict(X).shape == (len(X), 2)


# ---------------------------------------------------------------- scikeras


@pytest.mark.parametrize("wrapper", [KerasRegressor, KerasClassifier, BaseWrapper])
def test_the_scikeras_hooks_sklstm_relies_on_are_still_there(wrapper):
    # A scikeras release that renames one of these would leave sklstm's
    # override unused, silently; this says which one changed.
    for name, expected in _scikeras.HOOKS.items():
        method = getattr(wrapper, name)
        parameters = list(inspect.signature(method).parameters)
        assert parameters[1:] == list(expected) or parameters == list(expected), (
            name,
            parameters,
        )
    for name in _scikeras.READ:
        assert callable(getattr(wrapper, name)), name
    assert set(wrapper._routing_prefixes) >= {"fit", "predict", "optimizer"}
    assert {"validation_freq", "batch_size"} <= set(_scikeras.keras_fit_parameters())
    assert "batch_size" in _scikeras.keras_predict_parameters()


class Marker(keras.callbacks.Callback):
    def __init__(self, tag="default"):
        super().__init__()
        self.tag = tag


@pytest.mark.parametrize("estimator", [LSTMRegressor, LSTMClassifier, LSTMAutoencoder])
def test_what_sklstm_reads_from_scikeras_behaves_as_relied_on(estimator):
    # compile_kwargs: optimizer built from its name with the routed options,
    # loss and metrics as given.
    model = estimator(optimizer="adam", optimizer__beta_1=0.8, metrics=["mae"])
    options = _scikeras.compile_kwargs(model)
    assert isinstance(options["optimizer"], keras.optimizers.Adam)
    assert options["optimizer"].beta_1 == pytest.approx(0.8)
    assert options["loss"] is None
    assert [type(m).__name__ for m in options["metrics"]] == ["MeanAbsoluteError"]
    # callbacks: shared ones first, then those of fit or of predict; classes
    # are instantiated with their routed options.
    shared, only_fit = Marker("shared"), Marker("fit")
    model = estimator(
        callbacks=[shared],
        fit__callbacks=[only_fit],
        predict__callbacks=[Marker],
        predict__callbacks__0__tag="predict",
    )
    fit_callbacks, predict_callbacks = _scikeras.callbacks(model)
    assert fit_callbacks == [shared, only_fit]
    assert predict_callbacks[0] is shared
    assert predict_callbacks[1].tag == "predict"
    for name in _scikeras.SET_BY_SCIKERAS:
        assert hasattr(model, name)
    # get_params: the signature and the routed parameters, nothing else.
    params = estimator(optimizer__beta_1=0.8).get_params()
    assert "optimizer__beta_1" in params and "model" not in params
