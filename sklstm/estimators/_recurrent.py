"""LSTMRegressor and LSTMClassifier: scikeras estimators for 3D sequence data."""

from __future__ import annotations

import inspect
import math
from collections import defaultdict
from contextlib import contextmanager

import keras
import numpy as np
import sklearn
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.utils import ClassifierTags, RegressorTags
from sklearn.utils._param_validation import (
    StrOptions,
    validate_parameter_constraints,
)
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import check_is_fitted, column_or_1d

from .._validation import (
    AXES,
    describe_shape,
    dimension_error,
    empty_error,
    input_shape,
    sparse_error,
)
from ._batches import WindowFeed, scan_steps
from ._model import build_recurrent_model
from ._params import (
    as_widths,
    check_keras_option,
    check_parameter_names,
    is_routed,
    parameter_constraints,
)
from ._scikeras import (
    BaseWrapper,
    KerasClassifier,
    KerasRegressor,
    model_from_bytes,
    model_to_bytes,
)
from ._targets import (
    _plain,
    check_class_labels,
    check_regression_target,
    check_sample_weight,
    check_target_shape,
)

_SHARED_DOC = """
    Parameters
    ----------
    units : int or tuple of int, default=32
        Width of the recurrent layer; a tuple stacks one layer per entry, for
        example ``(32, 16)``. At least one layer: ``()`` is refused.
    cell : {"lstm", "gru"}, default="lstm"
        The recurrent layer.
    bidirectional : bool, default=False
        Read every sequence in both directions.
    dropout, recurrent_dropout : float, default=0.0
        Dropout of the recurrent layers' inputs and of their recurrent state.
    dense_units : int or tuple of int, default=()
        Widths of ReLU dense layers between the recurrent layers and the output.
    learning_rate : float or None, default=None
        Learning rate of the optimizer (None: the optimizer's default). With an
        optimizer instance it applies to the copy that is trained.
    early_stopping : bool, default=False
        Stop when the loss on the validation tail (see ``validation_split``)
        has not improved for ``patience`` epochs, and keep the best weights.
    patience : int, default=10
        Epochs without improvement before early stopping.
    validation_split : float, default=0.0
        Fraction of the training samples, taken from the END (the latest
        samples, never a shuffled subset), used to compute a validation loss.
        With ``early_stopping=True`` and 0.0, the last 10% are used.
    optimizer : str, keras optimizer class or instance, default="adam"
        An instance is copied at every fit (its configuration, not its
        state), so the instance itself is never trained or changed.
    loss : str, keras loss or None, default=None
        None chooses the loss from the task (see Notes).
    metrics : list of str or keras metrics, default=None
        Metrics reported in ``history_`` after every epoch.
    epochs : int, default=50
        Passes over the training samples.
    batch_size : int, default=32
        Samples per training batch; predictions use batches of at least 256
        unless ``predict__batch_size`` is given.
    validation_batch_size : int or None, default=None
        Samples per validation batch (None: ``batch_size``).
    shuffle : bool, default=True
        Visit the training samples in a new random order every epoch (the
        samples are whole windows, so their inner time order is kept).
    callbacks : list of keras callbacks, default=None
        Called during fit and predict (``fit__callbacks`` and
        ``predict__callbacks`` for one of them only).
    verbose : {0, 1, 2, "auto"}, default=0
        Keras' progress output: 0 silent, 1 a progress bar, 2 a line per epoch.
    random_state : int, RandomState or None, default=None
        Seed of the weights, the dropout and the shuffling: the same seed gives
        the same model, fit after fit, on CPU.
    warm_start : bool, default=False
        Keep the trained model at the next ``fit`` instead of building a new
        one.
    run_eagerly : bool, default=False
        Run the model in eager mode (slow; for debugging).
"""

_KWARGS_DOC = """    **kwargs
        Routed parameters, as in scikeras: ``optimizer__beta_1=0.95`` (to
        the optimizer), ``loss__delta=2.0`` (to the loss), ``fit__<option>``
        and ``predict__<option>`` (to ``Model.fit`` and ``Model.predict``,
        for example ``fit__validation_freq=2`` or ``predict__batch_size=64``),
        ``compile__``, ``metrics__``, ``callbacks__`` and ``score__``. Any
        other name is refused with the closest parameter's name.
"""

# Keras' fit and predict options that a routed value (``fit__batch_size``)
# or a keyword argument of fit / predict may set, with their constraints.
_OPTION_CONSTRAINTS = {
    "batch_size": "batch_size",
    "validation_batch_size": "validation_batch_size",
    "epochs": "epochs",
    "shuffle": "shuffle",
    "validation_split": "validation_split",
    "verbose": "verbose",
}


@contextmanager
def _arrays_out():
    """scikit-learn's ``transform_output`` set to numpy arrays.

    scikeras encodes X and y with scikit-learn transformers
    (``FunctionTransformer``, ``OrdinalEncoder``); under
    ``set_config(transform_output="pandas")`` they would return DataFrames
    (and FunctionTransformer warns that it cannot). Keras reads arrays, and
    nothing of these encodings is returned to the user.
    """
    with sklearn.config_context(transform_output="default"):
        yield


def _store_parameters(estimator, params: dict) -> None:
    """What an ``__init__`` does: store every argument, check routed names."""
    kwargs = params.pop("kwargs")
    params.pop("self")
    check_parameter_names(kwargs, who=type(estimator).__name__, known=params)
    for name, value in {**params, **kwargs}.items():
        setattr(estimator, name, value)


class _RecurrentMixin:
    """What the two estimators share: parameters, 3D validation, model, feed."""

    # scikeras reads these attributes; sklstm's estimators build their own
    # model (with the Masking layer padded steps need), so a model or a
    # build_fn of the user's is not a parameter (see _params.check_parameter_names).
    model = None
    build_fn = None
    # scikeras passes these names, un-routed, to a user's model-building
    # function; there is none here.
    _user_params = frozenset()

    # ------------------------------------------------------------ parameters

    @classmethod
    def _signature_names(cls) -> list[str]:
        return [
            name
            for name, p in inspect.signature(cls.__init__).parameters.items()
            if name != "self" and p.kind is not p.VAR_KEYWORD
        ]

    def _get_param_names(self):
        # The parameters of the signature and the routed ones given (which
        # scikeras stores as attributes), so clone and grids keep both.
        routed = [name for name in vars(self) if is_routed(name)]
        return sorted(self._signature_names() + routed)

    def set_params(self, **params):
        """Set the parameters of this estimator, routed ones included.

        Parameters
        ----------
        **params : dict
            Parameters (``units=8``) and routed parameters
            (``optimizer__beta_1=0.95``). An unknown name is a ValueError that
            names the closest parameter.

        Returns
        -------
        self : object
            The estimator.
        """
        known = self._signature_names()
        check_parameter_names(params, who=self._who, known=known, error=ValueError)
        plain = {}
        for name, value in params.items():
            if name in known:
                plain[name] = value
            else:  # routed: stored as an attribute, as scikeras does
                setattr(self, name, value)
        return BaseEstimator.set_params(self, **plain)

    def __repr__(self, N_CHAR_MAX=700):
        # scikit-learn's repr (changed parameters only), not scikeras' list of
        # every parameter.
        return BaseEstimator.__repr__(self, N_CHAR_MAX=N_CHAR_MAX)

    @property
    def _who(self) -> str:
        return type(self).__name__

    def _routed(self, where: str) -> dict:
        """The routed ``<where>__<option>`` values, by option (not callbacks)."""
        prefix = f"{where}__"
        return {
            name[len(prefix) :]: value
            for name, value in vars(self).items()
            if name.startswith(prefix)
            and "__" not in name[len(prefix) :]
            and name != f"{prefix}callbacks"
        }

    def _check_options(self, options: dict, *, where: str, routed: bool) -> None:
        """Names and values of options bound for ``Model.fit`` / ``predict``."""
        for name in options:
            check_keras_option(name, where=where, who=self._who, routed=routed)
        constraints = self._parameter_constraints
        checked = {
            (f"{where}__{name}" if routed else name): value
            for name, value in options.items()
            if name in _OPTION_CONSTRAINTS
        }
        validate_parameter_constraints(
            {
                key: constraints[_OPTION_CONSTRAINTS[key.rpartition("__")[2]]]
                for key in checked
            },
            checked,
            caller_name=f"{self._who}.{where}" if not routed else self._who,
        )

    def _check_setup(self, fit_kwargs: dict) -> None:
        """Everything about the parameters that a fit would trip over later."""
        self._validate_params()
        check_parameter_names(
            [k for k in vars(self) if "__" in k and not k.startswith("_")],
            who=self._who,
            known=self._signature_names(),
        )
        self._check_options(self._routed("fit"), where="fit", routed=True)
        self._check_options(self._routed("predict"), where="predict", routed=True)
        self._check_options(
            {k: v for k, v in fit_kwargs.items() if k != "initial_epoch"},
            where="fit",
            routed=False,
        )
        routed_optimizer = sorted(k for k in vars(self) if k.startswith("optimizer__"))
        if isinstance(self.optimizer, keras.optimizers.Optimizer):
            if routed_optimizer:
                raise ValueError(
                    f"{self._who}: {', '.join(routed_optimizer)} set options of "
                    "an optimizer given by name or class, but optimizer is an "
                    f"instance ({type(self.optimizer).__name__}); set them on "
                    "the instance, or pass optimizer="
                    f"{type(self.optimizer).__name__!r} by name."
                )
            rate = self.optimizer.get_config().get("learning_rate")
            if self.learning_rate is not None and isinstance(rate, dict):
                raise ValueError(
                    f"{self._who}: learning_rate={self.learning_rate} would "
                    "replace the learning-rate schedule of the optimizer "
                    f"instance ({type(self.optimizer).__name__}). Keep one: "
                    "learning_rate=None to use the schedule."
                )
        elif self.learning_rate is not None and "optimizer__learning_rate" in vars(
            self
        ):
            raise ValueError(
                f"{self._who}: learning_rate={self.learning_rate} and "
                f"optimizer__learning_rate={self.optimizer__learning_rate} both "
                "set the learning rate; keep one of them."
            )

    # ------------------------------------------------------------ validation

    def _check_X(self, X, *, reset: bool, training: bool):
        if sparse.issparse(X):
            raise sparse_error(self._who)
        shape = input_shape(X, who=self._who)  # sequences of other lengths: refused
        if len(shape) != 3:
            raise dimension_error(self._who, shape, 3)
        if not (hasattr(X, "dtype") and hasattr(X, "__getitem__")):
            X = np.asarray(X)  # lists; arrays and lazy windows are read as they are
        if X.dtype.kind not in "fiub":
            raise TypeError(
                f"{self._who} needs numeric data; got dtype {X.dtype}. Encode "
                "categories as numbers before the windows are made, and write "
                "missing values as NaN (not None)."
            )
        if 0 in X.shape:
            raise empty_error(self._who, X.shape)
        n_padded = scan_steps(X, who=self._who)
        n_steps = X.shape[0] * X.shape[1]
        if training and n_padded == n_steps:
            raise ValueError(
                f"{self._who} got X of shape {describe_shape(X.shape)} in which "
                "every time step of every sample is padding (all its features "
                "NaN): there is no observation to learn from. Check that the "
                "values reached the windows (a column of NaN, a SlidingWindow "
                "fill_value, a SequencePadder maxlen that cuts every sequence "
                "away)."
            )
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
        # scikeras passes y when it trains (fit, partial_fit) and for score.
        if reset and y is None:
            check_target_shape(None, who=self._who)
        if X is not None:
            X = self._check_X(X, reset=reset, training=y is not None)
        if y is not None:
            y = self._check_target(check_target_shape(y, who=self._who))
            # scikeras records (or compares) the target's type, dtype, ndim.
            _, y = super()._validate_data(X=None, y=y, reset=reset)
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

    def _validate_sample_weight(self, X, y, sample_weight):
        # Weights are checked and kept: scikeras drops the zero-weight
        # samples, which copies X whole, and Keras handles zero weights.
        return X, y, check_sample_weight(sample_weight, len(X), who=self._who)

    # ------------------------------------------------------------ model

    def _build_keras_model(self):
        # scikeras builds the model inside its tensorflow_random_state, which
        # sets TF_DETERMINISTIC_OPS before it asks whether op determinism was
        # on, and so leaves op determinism on for the rest of the process;
        # tf.data then copies the rows a fit reads. Every layer here is seeded
        # from random_state, so the model is built without that context.
        return self._keras_build_fn(
            meta=self._get_metadata(), compile_kwargs=self._get_compile_kwargs()
        )

    def _keras_build_fn(self, meta, compile_kwargs):
        n_outputs, activation, default_loss = self._output_layer(meta)
        model = build_recurrent_model(
            input_shape=tuple(meta["X_shape_"][1:]),
            units=as_widths(self.units),
            cell=self.cell,
            bidirectional=self.bidirectional,
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            dense_units=as_widths(self.dense_units),
            n_outputs=n_outputs,
            output_activation=activation,
            name=self._who.lower(),
            seed=self._random_state,
        )
        compile_kwargs = dict(compile_kwargs)
        if compile_kwargs.get("loss") is None:
            compile_kwargs["loss"] = default_loss
        compile_kwargs["optimizer"] = self._optimizer(compile_kwargs["optimizer"])
        model.compile(**compile_kwargs)
        return model

    def _optimizer(self, optimizer):
        """The optimizer to train with, its learning rate set."""
        if isinstance(self.optimizer, keras.optimizers.Optimizer):
            # A fresh copy of the user's instance: training builds its state
            # (and changes its iterations) on the copy, so the instance stays
            # as given and can serve another fit or a clone.
            config = self.optimizer.get_config()
            if self.learning_rate is not None:
                config["learning_rate"] = float(self.learning_rate)
            return type(self.optimizer).from_config(config)
        if self.learning_rate is not None:
            # Built by scikeras from a name or a class, for this model only.
            optimizer.learning_rate = float(self.learning_rate)
        return optimizer

    # ------------------------------------------------------------ fit

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Fit the model on 3D data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences; all-NaN steps are padding and are masked.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            One target per sample.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` for this fit only (``epochs``,
            ``batch_size``, ``validation_freq``, ...); the same as the routed
            ``fit__<option>`` parameters, which they override.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        self._check_setup(kwargs)
        if y is None:
            check_target_shape(None, who=self._who)
        with _arrays_out():
            self._start_fit()
            sample_weight = self._class_weighted(y, sample_weight)
            BaseWrapper.fit(self, X, y, sample_weight=sample_weight, **kwargs)
        return self

    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        """Train the model for one more epoch on ``(X, y)``.

        The first call builds the model; every call validates the parameters
        and the data as ``fit`` does.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            One target per sample.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` (not ``epochs``: one epoch).

        Returns
        -------
        self : object
            The estimator.
        """
        self._check_setup(kwargs)
        if y is None:
            check_target_shape(None, who=self._who)
        with _arrays_out():
            sample_weight = self._class_weighted(y, sample_weight)
            BaseWrapper.partial_fit(self, X, y, sample_weight=sample_weight, **kwargs)
        return self

    def _start_fit(self):
        """Reset what a fit from scratch must not inherit (the classifier's)."""

    def _class_weighted(self, y, sample_weight):
        return sample_weight

    def _fit_keras_model(
        self, X, y, sample_weight, warm_start, epochs, initial_epoch, **kwargs
    ):
        # Options: the parameters, then the routed fit__ values, then the
        # keyword arguments of this fit.
        options = {**self._routed("fit"), **kwargs}
        options.pop("epochs", None)  # scikeras passes epochs and initial_epoch
        options.pop("initial_epoch", None)
        batch_size = options.pop("batch_size", None) or self.batch_size or 32
        shuffle = options.pop("shuffle", self.shuffle)
        fraction = options.pop("validation_split", self.validation_split)
        verbose = options.pop("verbose", self.verbose)
        validation_batch_size = (
            options.pop("validation_batch_size", None)
            or self.validation_batch_size
            or batch_size
        )
        n_samples = len(X)
        if self.early_stopping and not fraction:
            fraction = 0.1
        n_valid = math.ceil(fraction * n_samples) if fraction else 0
        if n_valid and n_valid >= n_samples:
            raise ValueError(
                f"{self._who}: validation_split={fraction} of {n_samples} "
                "samples leaves none to train on."
            )
        seed = self._random_state
        targets = (y,) if sample_weight is None else (y, sample_weight)
        fit_args = {
            "epochs": initial_epoch + epochs,
            "initial_epoch": initial_epoch,
            "verbose": verbose,
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
        if shuffle:  # all epochs in one dataset, each in its own order
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
                batch_size=validation_batch_size,
                samples=slice(n_train, n_samples),
            )
        # What is left are Keras' own options, such as validation_freq.
        fit_args.update(options)
        history = self.model_.fit(train, **fit_args)
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.history.items():
            self.history_[key] += values

    # ------------------------------------------------------------ predict

    def _predict_raw(self, X, **kwargs):
        check_is_fitted(self, "model_")
        for name in kwargs:
            check_keras_option(name, where="predict", who=self._who, routed=False)
        X, _ = self._validate_data(X=X)
        options = {**self._routed("predict"), **kwargs}
        batch_size = options.pop("batch_size", None) or max(self.batch_size or 32, 256)
        verbose = options.pop("verbose", self.verbose)
        batches = WindowFeed(X).batches(batch_size=batch_size)
        return self.model_.predict(
            batches, verbose=verbose, callbacks=self._predict_callbacks, **options
        )

    def score(self, X, y, sample_weight=None):
        """The default score of the estimator's kind on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The true targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples.

        Returns
        -------
        score : float
            R² for the regressor, accuracy for the classifier.
        """
        if y is None:
            check_target_shape(None, who=self._who)
        with _arrays_out():
            return BaseWrapper.score(self, X, y, sample_weight=sample_weight)

    # ------------------------------------------------------------ persistence

    def __getstate__(self):
        # The Keras model is stored in Keras' own format (bytes of a .keras
        # file), so pickle and skops.io store no Python object of Keras or
        # TensorFlow; the callbacks are made again from the parameters.
        state = dict(super().__getstate__())
        if "model_" in state:
            state["model_"] = model_to_bytes(state["model_"])
        state.pop("_fit_callbacks", None)
        state.pop("_predict_callbacks", None)
        return state

    def __setstate__(self, state):
        state = dict(state)
        fitted = "model_" in state
        if fitted and isinstance(state["model_"], (bytes, bytearray)):
            state["model_"] = model_from_bytes(bytes(state["model_"]))
        super().__setstate__(state)
        if fitted:
            self._initialize_callbacks()

    # ------------------------------------------------------------ tags

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True  # all-NaN steps are padding
        tags.target_tags.required = True
        return tags


_PARAMETERS_OF_BOTH = """
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
        The loss (and validation loss, and metrics) per epoch.
"""


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
        + _KWARGS_DOC
        + _PARAMETERS_OF_BOTH
        + """
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
    grow with the window length. Values beyond float32 (about 3.4e38) are
    refused, in X and in y: Keras would read them as infinity.

    A fitted estimator pickles, and persists with ``skops.io``, with its Keras
    model in Keras' own ``.keras`` format.

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
    >>> LSTMRegressor(units=4, epochs=2)
    LSTMRegressor(epochs=2, units=4)
    """
    )

    _parameter_constraints: dict = parameter_constraints()

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
        metrics=None,
        epochs=50,
        batch_size=32,
        validation_batch_size=None,
        shuffle=True,
        callbacks=None,
        verbose=0,
        random_state=None,
        warm_start=False,
        run_eagerly=False,
        **kwargs,
    ):
        _store_parameters(self, locals())

    def _check_target(self, y):
        return check_regression_target(y, who=self._who)

    def _output_layer(self, meta):
        return meta["n_outputs_"], "linear", "mean_squared_error"

    def predict(self, X, **kwargs):
        """Predict the target of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences, with the time steps and features seen in fit.
        **kwargs
            Options of ``keras.Model.predict`` (``batch_size``, ``verbose``,
            ``steps``), overriding the routed ``predict__<option>`` ones.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            Predictions in float64, like every scikit-learn regressor.
        """
        with _arrays_out():
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
        + """    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplied with ``sample_weight`` (never
        written into it).
"""
        + _KWARGS_DOC
        + _PARAMETERS_OF_BOTH
        + """    classes_ : ndarray of shape (n_classes,)
        The class labels.

    See Also
    --------
    LSTMRegressor : The same model for numeric targets.
    SequencePadder : Pads variable-length sequences to one 3D array.

    Notes
    -----
    Two classes get one sigmoid output and the binary cross-entropy; more get
    a softmax output and the sparse categorical cross-entropy. A target of a
    single class, continuous values and missing labels are refused.

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

    _parameter_constraints: dict = {
        **parameter_constraints(),
        "class_weight": [dict, StrOptions({"balanced"}), None],
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
        metrics=None,
        epochs=50,
        batch_size=32,
        validation_batch_size=None,
        shuffle=True,
        callbacks=None,
        verbose=0,
        random_state=None,
        warm_start=False,
        run_eagerly=False,
        class_weight=None,
        **kwargs,
    ):
        _store_parameters(self, locals())

    def _start_fit(self):
        self.classes_ = None  # a fit from scratch learns its classes again

    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """Train the model for one more epoch on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like of shape (n_samples,)
            The labels.
        classes : array-like of shape (n_classes,), default=None
            Every label of the whole training set, needed at the first call
            when its batch does not hold them all.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` (not ``epochs``: one epoch).

        Returns
        -------
        self : object
            The estimator.
        """
        if classes is not None:
            self.classes_ = np.asarray(classes)
        elif not hasattr(self, "classes_"):
            self.classes_ = None
        return super().partial_fit(X, y, sample_weight=sample_weight, **kwargs)

    def _class_weighted(self, y, sample_weight):
        """``sample_weight`` times the class weights, as a new array."""
        if self.class_weight is None:
            return sample_weight
        labels = self._check_target(check_target_shape(y, who=self._who))
        if sample_weight is None:
            weights = np.ones(len(labels))
        else:
            weights = check_sample_weight(sample_weight, len(labels), who=self._who)
        return weights * compute_sample_weight(self.class_weight, labels)

    def _check_target(self, y):
        if (input_shape(y) or ())[1:] == (1,):
            y = column_or_1d(y, warn=True)  # a column of labels, as in sklearn
        if y.dtype == object and not any(isinstance(v, (str, bytes)) for v in y.flat):
            # Numbers held as objects (a pandas object column): read as the
            # numbers they are; anything else is judged as it is.
            numbers = np.asarray(y.tolist())
            if numbers.dtype.kind in "biuf":
                y = numbers
        classes = getattr(self, "classes_", None)
        check_class_labels(y, who=self._who, classes=classes)
        fitted = getattr(self, "target_encoder_", None)
        if classes is not None and fitted is not None and y.ndim == 1:
            unseen = ~np.isin(y, classes)
            if unseen.any():
                raise ValueError(
                    f"{self._who}: y holds the label {_plain(y[unseen][0])!r}, "
                    "which is not among the classes "
                    f"{np.asarray(classes).tolist()} fitted first. "
                    "Pass every label as classes= at the first partial_fit."
                )
        return y

    def _output_layer(self, meta):
        target_type = meta["target_type_"]
        if target_type == "binary":
            return 1, "sigmoid", "binary_crossentropy"
        if target_type == "multiclass":
            # A user's loss="categorical_crossentropy" gets one-hot targets
            # from scikeras' encoder and overrides this default.
            return meta["n_classes_"], "softmax", "sparse_categorical_crossentropy"
        # multilabel-indicator: the only other type check_class_labels lets by
        return meta["n_classes_"], "sigmoid", "binary_crossentropy"

    def predict(self, X, **kwargs):
        """Predict the class of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        with _arrays_out():
            return super().predict(X, **kwargs)

    def predict_proba(self, X, **kwargs):
        """Class probabilities of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Rows sum to 1 (for binary and multi-class targets).
        """
        with _arrays_out():
            proba = super().predict_proba(X, **kwargs)
        # scikeras squeezes the probabilities of a single sample to 1D.
        return proba.reshape(input_shape(X)[0], -1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        return tags
