"""What the LSTM estimators share: parameters, 3D validation, the fit loop.

:class:`LSTMBase` is mixed into scikeras' wrappers (``KerasRegressor``,
``KerasClassifier``, ``BaseWrapper``) but runs its own fit loop: it validates
the 3D data, asks the estimator to encode its target, builds the Keras model
of the estimator's output framing (``_models.py``) and trains it on batches
that ``tf.data`` gathers from the rows the windows read (``_feed.py``). From
scikeras it keeps the parameters, their routing and the compilation of the
optimizer, loss, metrics and callbacks, through ``_scikeras.py``.

A subclass defines:

- ``_encode_target(y, X, reset)``: the target as Keras trains on it (or None,
  for an autoencoder), setting the target's fitted attributes on reset (or
  ``_training_data``, which also gives the weights, where they depend on the
  target: the classifier's class weights);
- ``_build_model(layers, input_shape)``: the Keras model, compiled by the
  base with the loss that ``_default_loss()`` gives when ``loss`` is None;
- ``_framing()``: the output framing its parameters ask for, which a fit
  from scratch records as ``_framing_`` (what fitting, predicting and
  scoring read, so that a changed parameter takes effect at the next fit).
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from contextlib import contextmanager

import keras
import numpy as np
import sklearn
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import validate_parameter_constraints
from sklearn.utils.validation import check_is_fitted

from .._validation import (
    AXES,
    describe_shape,
    dimension_error,
    empty_error,
    input_shape,
    sparse_error,
)
from ._feed import WindowFeed, scan_steps
from ._models import Layers, paths_of
from ._params import as_widths, check_keras_option, check_parameter_names
from ._reuse import predictor, trainer
from ._scikeras import (
    ScikerasParams,
    callbacks,
    compile_kwargs,
    model_from_bytes,
    model_to_bytes,
)
from ._targets import check_sample_weight, check_target_shape

LAYERS_DOC = """
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
"""

DENSE_DOC = """    dense_units : int or tuple of int, default=()
        Widths of ReLU dense layers between the recurrent layers and the output
        (applied at every step of a sequence output).
"""

TRAINING_DOC = """    learning_rate : float or None, default=None
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
        Samples with padded steps are batched among themselves (see Notes).
    steps_per_execution : int or "epoch", default="epoch"
        Training batches that TensorFlow runs per call from Python: "epoch"
        runs a whole epoch in one call, the fastest on small data; an int
        ``n`` runs the largest number of batches up to ``n`` that divides an
        epoch evenly. Callbacks' per-batch methods (``on_train_batch_end``)
        are then called once per call, with the logs of its last batch; the
        per-epoch ones, early stopping and ``verbose`` work as usual. Under a
        distribution strategy of several replicas, one batch runs per call.
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

KWARGS_DOC = """    **kwargs
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


# Predictions of at most this many batches call the model on each batch
# instead of tracing Model.predict's function.
_DIRECT_BATCHES = 2


class _OwnRetracing(logging.Filter):
    """Drops TensorFlow's warning that a function was traced again.

    TensorFlow counts the traces of every ``tf.function`` made from the same
    Python code together: Keras makes new train and predict functions for
    every new model, from the same code, so the fifth model a process fits
    (any search does) gets "5 out of the last 5 calls ... triggered
    tf.function retracing". Each of those models is traced once, by design.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


@contextmanager
def _keras_call():
    """Around the estimators' own calls of Keras: arrays out, no retrace notes.

    scikeras encodes X and y with scikit-learn transformers
    (``FunctionTransformer``, ``OrdinalEncoder``); under
    ``set_config(transform_output="pandas")`` they would return DataFrames
    (and FunctionTransformer warns that it cannot). Keras reads arrays, and
    nothing of these encodings is returned to the user. TensorFlow's note on
    the functions of each new model is dropped while sklstm calls Keras
    (see :class:`_OwnRetracing`); the user's own calls are left alone.
    """
    logger = logging.getLogger("tensorflow")
    quiet = _OwnRetracing()
    logger.addFilter(quiet)
    try:
        with sklearn.config_context(transform_output="default"):
            yield
    finally:
        logger.removeFilter(quiet)


def store_parameters(estimator, params: dict) -> None:
    """What an ``__init__`` does: store every argument, check routed names."""
    kwargs = params.pop("kwargs")
    params.pop("self")
    check_parameter_names(kwargs, who=type(estimator).__name__, known=params)
    for name, value in {**params, **kwargs}.items():
        setattr(estimator, name, value)


def steps_per_execution(wanted, steps_per_epoch: int) -> int:
    """Batches per call: the epoch's, or the most up to ``wanted`` dividing it.

    Keras runs an epoch of one dataset in calls of exactly this many batches,
    so it must divide the epoch (or a call would read the next one's).

    >>> steps_per_execution("epoch", 12), steps_per_execution(5, 12)
    (12, 4)
    """
    if wanted == "epoch":
        return steps_per_epoch
    wanted = min(int(wanted), steps_per_epoch)
    return max(n for n in range(1, wanted + 1) if steps_per_epoch % n == 0)


def seed_of(random_state) -> int | None:
    """The integer seed of the model, the dropout and the shuffling.

    A RandomState gives the same seed for the same state (its copy is drawn
    from, so the user's generator does not advance).
    """
    if random_state is None or isinstance(random_state, (int, np.integer)):
        return None if random_state is None else int(random_state)
    state = check_random_state(random_state).get_state()
    copy = np.random.RandomState()
    copy.set_state(state)
    return int(copy.randint(2**31 - 1))


class LSTMBase(ScikerasParams):
    """The parameters, validation, fit loop and persistence of the estimators."""

    # scikeras reads these attributes; sklstm's estimators build their own
    # model (with the Masking layer padded steps need), so a model or a
    # build_fn of the user's is not a parameter (see _params.check_parameter_names).
    model = None
    build_fn = None
    _user_params = frozenset()

    @property
    def _per_step(self) -> bool:
        """Whether the loss is weighted per time step (1 real, 0 padded)."""
        return self._framing_ == "steps"

    # ------------------------------------------------------------ parameters

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
        if "compile__steps_per_execution" in vars(self):
            raise ValueError(
                f"{self._who} sets the steps per execution of the model itself "
                "(one epoch per call by default), so compile__steps_per_execution "
                "is not accepted; use the steps_per_execution parameter."
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
        self._check_framing()

    def _check_framing(self) -> None:
        """Parameters that exclude each other (the regressor's)."""

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

    def _check_lengths(self, X, y) -> None:
        if len(X) != len(y):
            raise ValueError(
                f"{self._who}: X has {len(X)} samples (shape "
                f"{describe_shape(X.shape)}) but y has {len(y)} targets. Every "
                "sample needs one target. This happens when X was reshaped to "
                "3D and y was not: SlidingWindow keeps one window per row so y "
                "stays aligned, and sliding_windows returns X and its matching "
                "y together."
            )

    def _check_y(self, y):
        """``y`` present and of a known shape (3D only where it may be)."""
        return check_target_shape(y, who=self._who, framing=self._framing_)

    def _framing(self) -> str:
        """The output framing of the parameters: "sample", "steps" or "horizon"."""
        return "sample"

    def _training_data(self, y, X, sample_weight, *, reset: bool):
        """The targets and the weights (or None) that Keras trains on."""
        targets = self._encode_target(y, X, reset=reset)
        return targets, self._sample_weights(sample_weight, len(X))

    def _sample_weights(self, sample_weight, n_samples: int):
        """The user's weights, checked, as a new array (or None)."""
        if sample_weight is None:
            return None
        return check_sample_weight(sample_weight, n_samples, who=self._who)

    # ------------------------------------------------------------ model

    #: Whether the model reads windows of any length, so that one traced
    #: trainer (built with a time axis of ``None``) serves every window
    #: length of a search (see _reuse.py). False for a model whose layers
    #: depend on the length (an autoencoder repeats its code once per step).
    _any_length = True

    def _compiled_model(self, *, any_length: bool = False) -> keras.Model:
        """A new compiled model for the data of fit.

        With ``any_length``, its time axis is ``None``: the same weights,
        for windows of any length.
        """
        layers = Layers(
            cell=self.cell,
            bidirectional=self.bidirectional,
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            seed=self._seed,
        )
        n_timesteps, n_features = self.X_shape_[1:]
        model = self._build_model(
            layers, (None if any_length else n_timesteps, n_features)
        )
        options = dict(compile_kwargs(self))
        if options.get("loss") is None:
            options["loss"] = self._default_loss()
        options["optimizer"] = self._optimizer(options["optimizer"])
        model.compile(**options)
        return model

    def _trainer_model(self) -> keras.Model:
        """A new model to trace once and train many (see _reuse.py)."""
        return self._compiled_model(any_length=self._any_length)

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

    @property
    def _units(self) -> tuple[int, ...]:
        return as_widths(self.units)

    # ------------------------------------------------------------ fit

    def _fit_epochs(self, X, y, sample_weight, kwargs, *, partial: bool):
        """The fit loop of ``fit`` (``partial=False``) and ``partial_fit``."""
        if partial:
            for name in ("epochs", "initial_epoch"):
                if name in kwargs:
                    raise TypeError(
                        f"{self._who}.partial_fit trains one epoch, from the "
                        f"epochs trained so far; it takes no {name!r}."
                    )
        self._check_setup(kwargs)
        options = dict(kwargs)
        epochs = options.pop("epochs", self._routed("fit").get("epochs", self.epochs))
        initial_epoch = options.pop("initial_epoch", 0)
        if partial:
            epochs, initial_epoch = 1, self.current_epoch
        keep = (partial or self.warm_start) and hasattr(self, "model_")
        with _keras_call():
            if keep:
                X = self._check_X(X, reset=False, training=True)
                targets, weights = self._training_data(y, X, sample_weight, reset=False)
            else:
                X, targets, weights = self._initialize(X, y, sample_weight)
            self._train(
                X,
                targets,
                weights,
                epochs=epochs,
                initial_epoch=initial_epoch,
                warm_start=keep,
                options=options,
            )
        self._after_fit(X)
        return self

    def _initialize(self, X, y, sample_weight=None):
        """Validate, learn the target's encoding, build the model: no training."""
        self._derived_models = {}
        self._framing_ = self._framing()
        X = self._check_X(X, reset=True, training=True)
        targets, weights = self._training_data(y, X, sample_weight, reset=True)
        self._seed = seed_of(self.random_state)
        self.model_ = self._compiled_model()
        self._fit_callbacks, self._predict_callbacks = callbacks(self)
        return X, targets, weights

    def initialize(self, X, y=None):
        """Build the model for ``(X, y)`` without training it.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like, default=None
            The targets, as for ``fit``.

        Returns
        -------
        self : object
            The estimator, ready to predict (with untrained weights) or to
            train further with ``partial_fit``.
        """
        self._check_setup({})
        with _keras_call():
            self._initialize(X, y)
        return self

    def _after_fit(self, X):
        """What the fitted model gives on its training data (the autoencoder's)."""

    def _train(
        self, X, y, sample_weight, *, epochs, initial_epoch, warm_start, options
    ):
        # Options: the parameters, then the routed fit__ values, then the
        # keyword arguments of this fit.
        options = {**self._routed("fit"), **options}
        options.pop("epochs", None)
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
        feed = WindowFeed(X)
        n_train = n_samples - n_valid
        steps = feed.n_batches(slice(n_train), batch_size=batch_size)
        fit_args = {
            "epochs": initial_epoch + epochs,
            "initial_epoch": initial_epoch,
            "steps_per_epoch": steps,
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
        framing = {
            "reconstruct": y is None,
            "step_weights": self._per_step,
        }
        # All epochs in one dataset, each pass in its own order (or in the
        # same order, without shuffle), run an epoch per call by default.
        train = feed.batches(
            y,
            sample_weight,
            batch_size=batch_size,
            samples=slice(n_train),
            epochs=range(initial_epoch, initial_epoch + epochs),
            shuffle=shuffle,
            seed=self._seed,
            **framing,
        )
        if n_valid:
            fit_args["validation_data"] = feed.batches(
                y,
                sample_weight,
                batch_size=validation_batch_size,
                samples=slice(n_train, n_samples),
                **framing,
            )
        # What is left are Keras' own options, such as validation_freq.
        fit_args.update(options)
        # Traced once per architecture in this process (see _reuse.py); the
        # user's callbacks get the estimator's own model.
        with trainer(
            self.model_,
            build=self._trainer_model,
            paths=paths_of(feed.padded[:n_samples]),
            steps_per_execution=steps_per_execution(self.steps_per_execution, steps),
            reusable=not (self._fit_callbacks or "callbacks" in options),
            any_length=self._any_length,
        ) as model:
            history = model.fit(train, **fit_args)
        if not warm_start or not hasattr(self, "history_") or initial_epoch == 0:
            self.history_ = defaultdict(list)
        for key, values in history.history.items():
            self.history_[key] += values

    # ------------------------------------------------------------ predict

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Fit the model on 3D data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences; all-NaN steps are padding and are masked.
        y : array-like
            The targets: of shape (n_samples,) or (n_samples, n_outputs),
            one per sample; with ``return_sequences=True`` one per time step
            (see the class's Parameters); with ``decoder_units`` one per
            future step.
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
        return self._fit_epochs(X, y, sample_weight, kwargs, partial=False)

    def partial_fit(self, X, y, sample_weight=None, **kwargs):
        """Train the model for one more epoch on ``(X, y)``.

        The first call builds the model; every call validates the parameters
        and the data as ``fit`` does.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like
            The targets, as for ``fit``.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` (not ``epochs``: one epoch).

        Returns
        -------
        self : object
            The estimator.
        """
        return self._fit_epochs(X, y, sample_weight, kwargs, partial=True)

    def score(self, X, y, sample_weight=None):
        """The default score of the estimator's kind on ``(X, y)``.

        Per-step outputs are scored over the real (unpadded) steps of every
        sample, each weighted by its sample's weight.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like
            The true targets, as for ``fit``.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples.

        Returns
        -------
        score : float
            R² for the regressor, accuracy for the classifier.
        """
        self._check_fitted()
        X = self._check_X(X, reset=False, training=False)
        y_true, y_pred, rows = self._scored(X, self._check_y(y))
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, len(X), who=self._who)
            sample_weight = sample_weight[rows]
        return float(
            self._metric(
                y_true, y_pred, sample_weight=sample_weight, **self._routed("score")
            )
        )

    def _check_fitted(self) -> None:
        check_is_fitted(self, "model_")

    def _predict_raw(self, X, **kwargs):
        """The output of the Keras model for every sample of ``X``."""
        self._check_fitted()
        X = self._check_X(X, reset=False, training=False)
        return self._predict_checked(X, **kwargs)

    def _predict_checked(self, X, *, model=None, **kwargs):
        """The output of the Keras model (or of ``model``) for a checked ``X``."""
        for name in kwargs:
            check_keras_option(name, where="predict", who=self._who, routed=False)
        options = {**self._routed("predict"), **kwargs}
        batch_size = options.pop("batch_size", None) or max(self.batch_size or 32, 256)
        verbose = options.pop("verbose", self.verbose)
        own = model is None
        model = model or self.model_
        feed = WindowFeed(X)
        paths = paths_of(feed.padded)
        batches = feed.batches(batch_size=batch_size)
        direct = feed.n_batches(batch_size=batch_size) <= _DIRECT_BATCHES
        with _keras_call():
            if direct and not (options or verbose or self._predict_callbacks):
                # A few batches: the model is called on each, as Keras advises
                # for small inputs, with no function to trace (eagerly, the
                # PaddingAware layers run one path per batch).
                raw = np.concatenate(
                    [np.asarray(model(windows, training=False)) for windows in batches]
                )
            else:
                # One batch per call: Keras unrolls a many-step predict into
                # one graph per step. Traced once per architecture.
                with predictor(
                    model,
                    build=self._trainer_model,
                    paths=paths,
                    reusable=own and not self._predict_callbacks,
                    any_length=self._any_length,
                ) as lent:
                    raw = lent.predict(
                        batches,
                        verbose=verbose,
                        callbacks=self._predict_callbacks,
                        **options,
                    )
        # The feed serves the padded samples first: back to sample order.
        out = np.empty(raw.shape, dtype=np.float64)
        out[feed.order()] = raw
        return out

    # ------------------------------------------------------------ persistence

    def __getstate__(self):
        # The Keras model is stored in Keras' own format (bytes of a .keras
        # file), so pickle and skops.io store no Python object of Keras or
        # TensorFlow; the callbacks are made again from the parameters.
        state = dict(super().__getstate__())
        if "model_" in state:
            state["model_"] = model_to_bytes(state["model_"])
        for name in ("_fit_callbacks", "_predict_callbacks", "_derived_models"):
            state.pop(name, None)
        return state

    def __setstate__(self, state):
        state = dict(state)
        fitted = "model_" in state
        if fitted and isinstance(state["model_"], (bytes, bytearray)):
            state["model_"] = model_from_bytes(bytes(state["model_"]))
        super().__setstate__(state)
        if fitted:
            self._fit_callbacks, self._predict_callbacks = callbacks(self)

    # ------------------------------------------------------------ tags

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        tags.input_tags.allow_nan = True  # all-NaN steps are padding
        tags.target_tags.required = True
        return tags


FITTED_DOC = """
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
