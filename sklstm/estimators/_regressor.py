"""LSTMRegressor: one value per sample, per time step, or per future step."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import r2_score
from sklearn.utils import RegressorTags

from ._base import (
    DENSE_DOC,
    FITTED_DOC,
    KWARGS_DOC,
    LAYERS_DOC,
    TRAINING_DOC,
    LSTMBase,
    store_parameters,
)
from ._feed import padded_steps
from ._models import encoder_decoder, many_to_many, many_to_one
from ._params import Widths, as_widths, parameter_constraints
from ._scikeras import KerasRegressor
from ._targets import (
    align_to_steps,
    check_one_horizon,
    check_regression_target,
    check_step_missing,
)

FRAMING_DOC = """    return_sequences : bool, default=False
        One output per input time step (many-to-many): ``y`` of shape
        ``(n_samples, n_timesteps)`` or ``(n_samples, n_timesteps,
        n_outputs)``, or a list of one array per sample holding one target
        per REAL step of that sample (aligned to its unpadded steps, pre- or
        post-padded). Padded steps count in neither the loss nor the score.
    decoder_units : int, tuple of int or None, default=None
        An encoder-decoder model for a horizon of future steps: the encoder's
        last state, repeated at every future step, feeds a recurrent decoder
        of these widths, which gives one output per step. ``y`` of shape
        ``(n_samples, horizon)`` (``make_supervised(..., horizon=h)`` gives
        it) or ``(n_samples, horizon, n_outputs)`` (stack the horizons of
        several targets: ``np.stack([y_a, y_b], axis=-1)``). None: one output
        vector per sample, from the last state.
"""


class LSTMRegressor(LSTMBase, KerasRegressor):
    __doc__ = (
        """A recurrent (LSTM or GRU) regressor on 3D data, for Pipelines.

    The last step of a Pipeline that starts with ``SlidingWindow``, ``To3D``
    or ``SequencePadder``: it takes ``(n_samples, n_timesteps, n_features)``
    data, reads the window length and the number of features from the data at
    every ``fit`` (so ``GridSearchCV`` can tune ``timesteps`` upstream), masks
    padded (all-NaN) steps, and predicts, by its output framing:

    - one value, or one vector (a 2D ``y``), per sample (the default);
    - one value or vector per input time step (``return_sequences=True``);
    - one value or vector per future step of a horizon, from an
      encoder-decoder model (``decoder_units=``).

    A subclass of scikeras' ``KerasRegressor`` with correct scikit-learn tags
    (``is_regressor`` is true) and ``n_features_in_`` counting features (the
    last axis), not time steps.
"""
        + LAYERS_DOC
        + DENSE_DOC
        + FRAMING_DOC
        + TRAINING_DOC
        + KWARGS_DOC
        + FITTED_DOC
        + """    n_outputs_ : int
        Values per output step (the last axis of a 3D ``y``, else the
        columns of a 2D ``y`` per sample, else 1).
    horizon_ : int
        Future steps of the encoder-decoder (``decoder_units``), else absent.
    ragged_target_ : bool
        With ``return_sequences=True``: whether ``y`` was one array per
        sample of its real steps (then ``predict`` returns such a list too).

    See Also
    --------
    LSTMClassifier : The same models for class labels.
    LSTMAutoencoder : Anomaly scores and codes of sequences, without a target.
    SlidingWindow : Makes the windows from a table of time steps.

    Notes
    -----
    The default loss is the mean squared error, with a linear output of one
    unit per target column. Fitting gives TensorFlow the rows that the windows
    of ``X`` read, once, as float32, and gathers each batch of windows from
    them, so a strided window view is never copied whole and memory does not
    grow with the window length. Values beyond float32 (about 3.4e38) are
    refused, in X and in y: Keras would read them as infinity.

    With ``return_sequences=True`` the targets of padded steps are ignored
    (they may hold anything, NaN included), and ``predict`` gives NaN at the
    padded steps of a ``(n_samples, n_timesteps[, n_outputs])`` layout.

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

    One output per step: the running sum of every sequence.

    >>> X = np.random.default_rng(0).normal(size=(32, 6, 1))
    >>> y = X[:, :, 0].cumsum(axis=1)
    >>> model = LSTMRegressor(units=4, epochs=2, return_sequences=True,
    ...                       random_state=0).fit(X, y)
    >>> model.predict(X).shape
    (32, 6)

    Three future steps, from an encoder-decoder:

    >>> y = np.stack([X[:, -1, 0] * k for k in (1, 2, 3)], axis=1)
    >>> LSTMRegressor(units=4, decoder_units=4, epochs=2,
    ...               random_state=0).fit(X, y).predict(X).shape
    (32, 3)
    """
    )

    _parameter_constraints: dict = {
        **parameter_constraints(),
        "return_sequences": ["boolean"],
        "decoder_units": [Widths(), None],
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
        return_sequences=False,
        decoder_units=None,
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
        steps_per_execution="epoch",
        callbacks=None,
        verbose=0,
        random_state=None,
        warm_start=False,
        run_eagerly=False,
        **kwargs,
    ):
        store_parameters(self, locals())

    # ------------------------------------------------------------ framing

    def _framing(self) -> str:
        if self.return_sequences:
            return "steps"
        if self.decoder_units is not None:
            return "horizon"
        return "sample"

    def _check_framing(self) -> None:
        if self.return_sequences and self.decoder_units is not None:
            raise ValueError(
                f"{self._who} got return_sequences=True and decoder_units="
                f"{self.decoder_units!r}; they are two framings of the output, "
                "keep one: return_sequences=True for one output per input "
                "step, decoder_units for one output per future step."
            )

    # ------------------------------------------------------------ targets

    def _targets(self, y, X):
        """The checked targets, ``(n_samples, ...)`` float, and the padding.

        For per-step targets the padded steps hold 0 and ``padded`` marks
        them; otherwise ``padded`` is None.
        """
        if self._framing_ == "horizon":
            check_one_horizon(y, who=self._who)
        y = self._check_y(y)
        self._check_lengths(X, y)
        if self._framing_ != "steps":
            return check_regression_target(y, who=self._who), None, False
        padded = padded_steps(X)
        y, ragged = align_to_steps(y, padded, who=self._who)
        check_step_missing(y, padded, who=self._who, what="target")
        y = y.copy()
        y[padded] = 0  # ignored by the loss; NaN there would poison it
        return check_regression_target(y, who=self._who), padded, ragged

    def _encode_target(self, y, X, reset: bool):
        y, _, ragged = self._targets(y, X)
        framing = self._framing_
        sequence_out = framing != "sample"
        n_outputs = 1 if y.ndim == 1 or (sequence_out and y.ndim == 2) else y.shape[-1]
        if reset:
            self.y_ndim_ = y.ndim
            self.n_outputs_ = n_outputs
            if framing == "steps":
                self.ragged_target_ = ragged
            if framing == "horizon":
                self.horizon_ = y.shape[1]
        else:
            self._check_same_target(y, n_outputs)
        if sequence_out:
            return y.reshape(len(y), y.shape[1], -1).astype(np.float32)
        return y.reshape(len(y), -1).astype(np.float32)

    def _check_same_target(self, y, n_outputs: int) -> None:
        horizon = getattr(self, "horizon_", None)
        if n_outputs != self.n_outputs_ or (
            horizon is not None and y.shape[1] != horizon
        ):
            raise ValueError(
                f"{self._who} was fitted on targets of shape {_layout(self)}, "
                f"but got y of shape {tuple(y.shape)}; keep the targets' "
                "shape between fits, or fit from scratch (warm_start=False)."
            )

    # ------------------------------------------------------------ model

    def _build_model(self, layers, input_shape):
        common = {
            "input_shape": input_shape,
            "units": self._units,
            "dense_units": as_widths(self.dense_units),
            "n_outputs": self.n_outputs_,
            "activation": "linear",
            "name": self._who.lower(),
        }
        if self._framing_ == "steps":
            return many_to_many(layers, **common)
        if self._framing_ == "horizon":
            return encoder_decoder(
                layers,
                decoder_units=as_widths(self.decoder_units),
                horizon=self.horizon_,
                **common,
            )
        return many_to_one(layers, **common)

    def _default_loss(self):
        return "mean_squared_error"

    # ------------------------------------------------------------ predict

    def predict(self, X, **kwargs):
        """Predict the targets of every sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences, with the time steps and features seen in fit.
        **kwargs
            Options of ``keras.Model.predict`` (``batch_size``, ``verbose``,
            ``steps``), overriding the routed ``predict__<option>`` ones.

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Predictions in float64, like every scikit-learn regressor, in the
            layout of the ``y`` of fit: ``(n_samples,)`` or ``(n_samples,
            n_outputs)``; with ``return_sequences=True`` ``(n_samples,
            n_timesteps[, n_outputs])`` with NaN at padded steps, or one
            array per sample of its real steps when ``y`` was such a list;
            with ``decoder_units`` ``(n_samples, horizon[, n_outputs])``.
        """
        self._check_fitted()
        X = self._check_X(X, reset=False, training=False)
        raw = self._predict_checked(X, **kwargs)
        if self._framing_ != "steps":
            return raw.reshape(len(raw), *self._y_tail())
        padded = padded_steps(X)
        tail = self._y_tail()[1:]
        if self.ragged_target_:
            return [r[~p].reshape(-1, *tail) for r, p in zip(raw, padded, strict=True)]
        raw[padded] = np.nan
        return raw.reshape(len(raw), raw.shape[1], *tail)

    def _y_tail(self) -> tuple:
        """The shape of one sample's target, as in the ``y`` of fit."""
        if self._framing_ == "sample":
            return () if self.y_ndim_ == 1 else (self.n_outputs_,)
        steps = self.horizon_ if self._framing_ == "horizon" else self.n_timesteps_
        return (steps,) if self.y_ndim_ == 2 else (steps, self.n_outputs_)

    def _scored(self, X, y):
        y, padded, _ = self._targets(y, X)
        raw = self._predict_checked(X)
        if padded is None:
            return y.reshape(len(y), -1), raw.reshape(len(raw), -1), np.arange(len(y))
        real = ~padded
        n_real = int(real.sum())
        return (
            y[real].reshape(n_real, -1),
            raw[real].reshape(n_real, -1),
            np.nonzero(real)[0],
        )

    @staticmethod
    def _metric(y_true, y_pred, **kwargs):
        return r2_score(y_true, y_pred, **kwargs)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "regressor"
        tags.regressor_tags = RegressorTags()
        tags.target_tags.multi_output = True
        return tags


def _layout(estimator) -> str:
    """The fitted target shape, with ``n_samples`` spelt out."""
    sizes = ["n_samples", *map(str, estimator._y_tail())]
    return "(n_samples,)" if len(sizes) == 1 else f"({', '.join(sizes)})"
