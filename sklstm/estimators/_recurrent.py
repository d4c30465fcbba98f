"""LSTMRegressor and LSTMClassifier: scikeras estimators for 3D sequence data."""

from __future__ import annotations

import math
from collections import defaultdict
from numbers import Integral, Real

import keras
import numpy as np
from scikeras.wrappers import KerasClassifier, KerasRegressor
from sklearn.utils import ClassifierTags, RegressorTags, assert_all_finite
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    column_or_1d,
)

from .._validation import AXES, describe_shape, dimension_error, input_shape
from ._batches import WindowFeed, scan_steps
from ._model import build_recurrent_model

_SHARED_DOC = """
    Parameters
    ----------
    units : int or tuple of int, default=32
        Width of the recurrent layer; a tuple stacks one layer per entry, for
        example ``(32, 16)``.
    cell : {"lstm", "gru"}, default="lstm"
        The recurrent layer.
    bidirectional : bool, default=False
        Read every sequence in both directions.
    dropout, recurrent_dropout : float, default=0.0
        Dropout of the recurrent layers' inputs and of their recurrent state.
    dense_units : int or tuple of int, default=()
        Widths of ReLU dense layers between the recurrent layers and the output.
    learning_rate : float or None, default=None
        Learning rate of the optimizer (None: the optimizer's default).
    early_stopping : bool, default=False
        Stop when the loss on the validation tail (see ``validation_split``)
        has not improved for ``patience`` epochs, and keep the best weights.
    patience : int, default=10
        Epochs without improvement before early stopping.
    validation_split : float, default=0.0
        Fraction of the training samples, taken from the END (the latest
        samples, never a shuffled subset), used to compute a validation loss.
        With ``early_stopping=True`` and 0.0, the last 10% are used.
    optimizer : str or keras optimizer, default="adam"
    loss : str, keras loss or None, default=None
        None chooses the loss from the task (see Notes).
    epochs : int, default=50
    batch_size : int, default=32
    shuffle : bool, default=True
        Visit the training samples in a new random order every epoch (the
        samples are whole windows, so their inner time order is kept).
    callbacks : list of keras callbacks, default=None
    verbose : int, default=0
        Keras' progress output: 0 silent, 1 a progress bar, 2 a line per epoch.
    random_state : int or None, default=None
        Seed of the weights, the dropout and the shuffling: the same seed gives
        the same model, fit after fit, on CPU.
    **kwargs
        Other scikeras parameters, for example routed ones such as
        ``optimizer__beta_1``.
"""


class _RecurrentMixin:
    """What the two estimators share: 3D validation, model, batch feeding."""

    _parameter_constraints: dict = {
        "units": [Interval(Integral, 1, None, closed="left"), tuple, list],
        "cell": [StrOptions({"lstm", "gru"})],
        "bidirectional": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "dense_units": [Interval(Integral, 1, None, closed="left"), tuple, list],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "early_stopping": ["boolean"],
        "patience": [Interval(Integral, 0, None, closed="left")],
        "validation_split": [Interval(Real, 0, 1, closed="left")],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(
        self,
        units=32,
        *,
        cell="lstm",
        bidirectional=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        dense_units=(),
        learning_rate=None,
        early_stopping=False,
        patience=10,
        validation_split=0.0,
        optimizer="adam",
        loss=None,
        epochs=50,
        batch_size=32,
        shuffle=True,
        callbacks=None,
        verbose=0,
        random_state=None,
        **kwargs,
    ):
        # The scikeras parameters (and the classifier's class_weight, passed in
        # kwargs) go to KerasRegressor / KerasClassifier.
        super().__init__(
            optimizer=optimizer,
            loss=loss,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=shuffle,
            callbacks=callbacks,
            verbose=verbose,
            random_state=random_state,
            validation_split=validation_split,
            **kwargs,
        )
        self.units = units
        self.cell = cell
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.dense_units = dense_units
        self.learning_rate = learning_rate
        self.early_stopping = early_stopping
        self.patience = patience

    # ------------------------------------------------------------ validation

    @property
    def _who(self) -> str:
        return type(self).__name__

    def _check_X(self, X, reset: bool):
        shape = input_shape(X)
        if shape is None or len(shape) != 3:
            if shape is None:
                raise ValueError(
                    f"{self._who} expects 3D data of shape {AXES}; got a ragged "
                    "collection. Put SequencePadder before it to pad sequences "
                    "of different lengths."
                )
            raise dimension_error(self._who, shape, 3)
        if not (hasattr(X, "dtype") and hasattr(X, "__getitem__")):
            X = np.asarray(X)  # lists; arrays and lazy windows are read as they are
        if X.dtype.kind not in "fiub":
            raise TypeError(
                f"{self._who} needs numeric data; got dtype {X.dtype}. Encode "
                "categories as numbers before the windows are made."
            )
        if 0 in X.shape:
            raise ValueError(
                f"{self._who} got data of shape {describe_shape(X.shape)}; it "
                "needs at least one sample, one time step and one feature."
            )
        n_padded = scan_steps(X, who=self._who)
        if reset:
            self.X_shape_ = X.shape
            self.X_dtype_ = X.dtype
            self.n_features_in_ = X.shape[-1]  # features, the last axis
            self.n_timesteps_ = X.shape[1]
            self.n_padded_steps_ = n_padded
        elif X.shape[1:] != self.X_shape_[1:]:
            fitted = self.X_shape_[1:]
            axis = "time steps" if X.shape[1] != fitted[0] else "features"
            raise ValueError(
                f"{self._who} was fitted on samples of {fitted[0]} time steps x "
                f"{fitted[1]} features (shape {AXES} = {tuple(self.X_shape_)}), "
                f"but got X of shape {describe_shape(X.shape)}: the number of "
                f"{axis} differs. Prepare X exactly as in fit, with the same "
                "timesteps and the same columns; a fitted Pipeline does this "
                "for you."
            )
        return X

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        if y is not None:
            if np.asarray(y).dtype.kind in "fc":
                assert_all_finite(y, input_name="y")
            _, y = super()._validate_data(X=None, y=y, reset=reset)
        if X is not None:
            X = self._check_X(X, reset=reset)
        if X is not None and y is not None and len(X) != len(y):
            raise ValueError(
                f"{self._who}: X has {len(X)} samples (shape "
                f"{describe_shape(X.shape)}) but y has {len(y)} targets. Every "
                "sample needs one target. This happens when X was reshaped to "
                "3D and y was not: SlidingWindow keeps one window per row so y "
                "stays aligned, and sliding_windows returns X and its matching "
                "y together."
            )
        return X, y

    # ------------------------------------------------------------ model

    def _build_keras_model(self):
        # scikeras builds the model inside its tensorflow_random_state, which
        # sets TF_DETERMINISTIC_OPS before it asks whether op determinism was
        # on, and so leaves op determinism on for the rest of the process;
        # tf.data then copies the rows a fit reads. Every layer here is seeded
        # from random_state, so the model is built without that context.
        if self.model is not None:  # a model of the user's: scikeras builds it
            return super()._build_keras_model()
        return self._keras_build_fn(
            meta=self._get_metadata(), compile_kwargs=self._get_compile_kwargs()
        )

    def _keras_build_fn(self, meta, compile_kwargs):
        n_outputs, activation, default_loss = self._output_layer(meta)
        model = build_recurrent_model(
            input_shape=tuple(meta["X_shape_"][1:]),
            units=self.units,
            cell=self.cell,
            bidirectional=self.bidirectional,
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            dense_units=self.dense_units,
            n_outputs=n_outputs,
            output_activation=activation,
            name=self._who.lower(),
            seed=self._random_state,
        )
        compile_kwargs = dict(compile_kwargs)
        if compile_kwargs.get("loss") is None:
            compile_kwargs["loss"] = default_loss
        optimizer = compile_kwargs["optimizer"]
        routed = hasattr(self, "optimizer__learning_rate")
        if self.learning_rate is not None and not routed and optimizer is not None:
            if not isinstance(self.optimizer, keras.optimizers.Optimizer):
                optimizer.learning_rate = self.learning_rate
        model.compile(**compile_kwargs)
        return model

    # ------------------------------------------------------------ fit

    @staticmethod
    def _validate_sample_weight(X, y, sample_weight):
        # scikeras drops the zero-weight samples, which copies X whole; Keras
        # handles zero weights itself, so only the weights are checked here.
        # (scikit-learn's check refuses weights that are all zero.)
        return X, y, _check_sample_weight(sample_weight, X, dtype=np.float32)

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Fit the model on 3D data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences; all-NaN steps are padding and are masked.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            One target per sample.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples.
        **kwargs
            Passed to ``keras.Model.fit``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        self._validate_params()
        return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
    ):
        n_samples = len(X)
        fraction = self.validation_split
        if self.early_stopping and not fraction:
            fraction = 0.1
        n_valid = math.ceil(fraction * n_samples) if fraction else 0
        if n_valid and n_valid >= n_samples:
            raise ValueError(
                f"{self._who}: validation_split={fraction} of {n_samples} "
                "samples leaves none to train on."
            )
        batch_size = self.batch_size or 32
        seed = self._random_state
        targets = (y,) if sample_weight is None else (y, sample_weight)
        fit_args = {
            "epochs": initial_epoch + epochs,
            "initial_epoch": initial_epoch,
            "verbose": self.verbose,
            "callbacks": list(self._fit_callbacks),
            "shuffle": False,  # the batches shuffle themselves, reproducibly
        }
        if n_valid and self.early_stopping:
            fit_args["callbacks"].append(
                keras.callbacks.EarlyStopping(
                    monitor="val_loss",
                    patience=self.patience,
                    restore_best_weights=True,
                )
            )
        # Every random op of the fit is seeded from random_state (weights,
        # dropout, the order of the samples), so TensorFlow's global seed
        # and op determinism are left alone: with op determinism on, tf.data
        # copies the rows whenever it starts a pass over them.
        feed = WindowFeed(X)
        n_train = n_samples - n_valid
        epoch_numbers = None
        if self.shuffle:  # all epochs in one dataset, each in its own order
            epoch_numbers = range(initial_epoch, initial_epoch + epochs)
            fit_args["steps_per_epoch"] = math.ceil(n_train / batch_size)
        train = feed.batches(
            *targets,
            batch_size=batch_size,
            samples=slice(n_train),
            epochs=epoch_numbers,
            seed=seed,
        )
        if n_valid:
            fit_args["validation_data"] = feed.batches(
                *targets,
                batch_size=batch_size,
                samples=slice(n_train, n_samples),
            )
        fit_args.update(kwargs)
        history = self.model_.fit(train, **fit_args)
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.history.items():
            self.history_[key] += values

    # ------------------------------------------------------------ predict

    def _predict_raw(self, X, **kwargs):
        check_is_fitted(self, "model_")
        X, _ = self._validate_data(X=X)
        batches = WindowFeed(X).batches(batch_size=max(self.batch_size or 32, 256))
        return self.model_.predict(
            batches, verbose=self.verbose, callbacks=self._predict_callbacks, **kwargs
        )

    # ------------------------------------------------------------ tags

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True  # all-NaN steps are padding
        tags.target_tags.required = True
        return tags


class LSTMRegressor(_RecurrentMixin, KerasRegressor):
    __doc__ = (
        """A recurrent (LSTM or GRU) regressor on 3D data, for Pipelines.

    The last step of a Pipeline that starts with ``SlidingWindow``, ``To3D``
    or ``SequencePadder``: it takes ``(n_samples, n_timesteps, n_features)``
    data, reads the window length and the number of features from the data at
    every ``fit`` (so ``GridSearchCV`` can tune ``timesteps`` upstream), masks
    padded (all-NaN) steps, and predicts one value, or several (a 2D ``y``,
    such as a multi-step horizon), per sample.

    A subclass of scikeras' ``KerasRegressor`` with correct scikit-learn tags
    (``is_regressor`` is true) and ``n_features_in_`` counting features (the
    last axis), not time steps.
"""
        + _SHARED_DOC
        + """
    Attributes
    ----------
    model_ : keras.Model
        The fitted Keras model.
    n_features_in_ : int
        Features per time step (the last axis).
    n_timesteps_ : int
        Time steps per sample seen in fit.
    n_padded_steps_ : int
        Number of padded (masked) steps in the training data.
    history_ : dict
        The loss (and validation loss) per epoch.

    See Also
    --------
    LSTMClassifier : The same model for class labels.
    SlidingWindow : Makes the windows from a table of time steps.

    Notes
    -----
    The default loss is the mean squared error, with a linear output of one
    unit per target column. Fitting gives TensorFlow the rows that the windows
    of ``X`` read, once, as float32, and gathers each batch of windows from
    them, so a strided window view is never copied whole and memory does not
    grow with the window length.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import LSTMRegressor, SlidingWindow
    >>> series = np.sin(np.arange(60) / 4).reshape(-1, 1)
    >>> X, y = series[:-1], series[1:, 0]
    >>> pipe = make_pipeline(SlidingWindow(timesteps=5),
    ...                      LSTMRegressor(units=4, epochs=2, random_state=0))
    >>> pipe.fit(X, y).predict(X).shape
    (59,)
    """
    )

    def _output_layer(self, meta):
        return meta["n_outputs_"], "linear", "mean_squared_error"

    def predict(self, X, **kwargs):
        """Predict the target of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences, with the time steps and features seen in fit.
        **kwargs
            Passed to ``keras.Model.predict``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions in float64, like every scikit-learn regressor.
        """
        return np.asarray(super().predict(X, **kwargs), dtype=np.float64)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.multi_output = True
        return tags


class LSTMClassifier(_RecurrentMixin, KerasClassifier):
    __doc__ = (
        """A recurrent (LSTM or GRU) classifier on 3D data, for Pipelines.

    Like :class:`LSTMRegressor`, for class labels (numbers or strings):
    binary and multi-class, with ``predict_proba``. ``is_classifier`` is true,
    so ``cross_val_score`` stratifies its folds.
"""
        + _SHARED_DOC
        + """
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    model_ : keras.Model
        The fitted Keras model.
    n_features_in_ : int
        Features per time step (the last axis).
    n_timesteps_ : int
        Time steps per sample seen in fit.

    See Also
    --------
    LSTMRegressor : The same model for numeric targets.
    SequencePadder : Pads variable-length sequences to one 3D array.

    Notes
    -----
    Two classes get one sigmoid output and the binary cross-entropy; more get
    a softmax output and the sparse categorical cross-entropy.

    Examples
    --------
    >>> import numpy as np
    >>> from sklstm import LSTMClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(40, 6, 2))
    >>> y = np.where(X[:, :, 0].mean(axis=1) > 0, "up", "down")
    >>> clf = LSTMClassifier(units=4, epochs=2, random_state=0).fit(X, y)
    >>> clf.classes_.tolist()
    ['down', 'up']
    >>> clf.predict_proba(X[:3]).shape
    (3, 2)
    """
    )

    def _output_layer(self, meta):
        target_type = meta["target_type_"]
        if target_type == "binary":
            return 1, "sigmoid", "binary_crossentropy"
        if target_type == "multiclass":
            # A user's loss="categorical_crossentropy" gets one-hot targets
            # from scikeras' encoder and overrides this default.
            return meta["n_classes_"], "softmax", "sparse_categorical_crossentropy"
        if target_type == "multilabel-indicator":
            return meta["n_classes_"], "sigmoid", "binary_crossentropy"
        raise ValueError(
            f"{self._who} supports binary, multi-class and multi-label targets; "
            f"got a {target_type!r} target."
        )

    def _validate_data(self, X=None, y=None, reset=False, y_numeric=False):
        if y is not None and (input_shape(y) or ())[1:] == (1,):
            y = column_or_1d(y, warn=True)  # a column of labels, as in sklearn
        return super()._validate_data(X=X, y=y, reset=reset, y_numeric=y_numeric)

    def predict_proba(self, X, **kwargs):
        """Class probabilities of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Passed to ``keras.Model.predict``.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1 (for binary and multi-class targets).
        """
        proba = super().predict_proba(X, **kwargs)
        return proba.reshape(input_shape(X)[0], -1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        return tags
