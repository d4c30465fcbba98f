"""LSTMAutoencoder: anomaly scores and codes of sequences, without a target."""

from __future__ import annotations

from numbers import Real

import keras
import numpy as np
from sklearn.base import ClassNamePrefixFeaturesOutMixin, OutlierMixin, TransformerMixin
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import (
    FITTED_DOC,
    KWARGS_DOC,
    LAYERS_DOC,
    TRAINING_DOC,
    LSTMBase,
    store_parameters,
)
from ._models import autoencoder, encoder_of, real_steps
from ._params import parameter_constraints
from ._scikeras import BaseWrapper


class LSTMAutoencoder(
    ClassNamePrefixFeaturesOutMixin,
    OutlierMixin,
    TransformerMixin,
    LSTMBase,
    BaseWrapper,
):
    __doc__ = (
        """A recurrent autoencoder of 3D sequences: anomaly scores and codes.

    It learns to rebuild every sample of ``(n_samples, n_timesteps,
    n_features)`` data from a code vector (the last state of a recurrent
    encoder, read at every step by a recurrent decoder). Samples it rebuilds
    badly are unlike the training data: an outlier detector with
    scikit-learn's API (``is_outlier_detector`` is true), whose ``predict``
    gives +1 for normal samples and -1 for outliers. ``transform`` gives the
    codes, so the LSTM can feed any scikit-learn model.

    It ends a Pipeline after ``SlidingWindow``, ``sliding_windows`` or
    ``SequencePadder``; padded (all-NaN) steps are masked in the input and
    left out of the reconstruction error.
"""
        + LAYERS_DOC
        + """    contamination : "auto" or float, default="auto"
        The share of outliers in the training data, which sets the threshold
        ``offset_``: with a float in (0, 0.5], that share of the training
        samples scores below it; with "auto", the samples whose error is
        beyond the upper Tukey fence of the training errors (third quartile
        plus 1.5 interquartile ranges) are outliers.
"""
        + TRAINING_DOC
        + KWARGS_DOC
        + FITTED_DOC
        + """    offset_ : float
        The threshold of ``score_samples`` below which a sample is an
        outlier: ``decision_function = score_samples - offset_``.

    See Also
    --------
    LSTMRegressor : Predicts targets of sequences.
    sklearn.ensemble.IsolationForest : An outlier detector of 2D data.

    Notes
    -----
    The decoder mirrors the encoder's widths (``units=(32, 16)`` encodes
    through 32 then 16 units and decodes through 16 then 32), and a linear
    layer rebuilds the features of every step. The loss is the mean squared
    error over the real steps; scale the features first (a
    ``StandardScaler`` before the windows), so that each counts alike.

    ``score_samples`` is minus the mean squared error of a sample's real
    steps (higher is more normal). A sample of padding only has nothing to
    rebuild and scores 0.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> t = np.arange(16)
    >>> X = np.sin(t / 2 + rng.uniform(0, 6, size=(64, 1)))[:, :, None]
    >>> X[-1] += 3 * (t == 8)[:, None]  # a burst in the last sample
    >>> detector = LSTMAutoencoder(units=8, epochs=60, learning_rate=0.02,
    ...                            contamination=1/64, random_state=0).fit(X)
    >>> int(detector.predict(X).argmin())
    63
    >>> detector.transform(X).shape  # one code of 8 values per sample
    (64, 8)
    """
    )

    _parameter_constraints: dict = {
        **{k: v for k, v in parameter_constraints().items() if k != "dense_units"},
        "contamination": [StrOptions({"auto"}), Interval(Real, 0, 0.5, closed="right")],
    }
    _per_step = True

    def __init__(
        self,
        units=32,
        *,
        cell="lstm",
        bidirectional=False,
        dropout=0.0,
        recurrent_dropout=0.0,
        contamination="auto",
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

    # ------------------------------------------------------------ fit

    def fit(self, X, y=None, sample_weight=None, **kwargs):
        """Learn to rebuild the sequences of ``X``; set the threshold.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences; all-NaN steps are padding and are masked.
        y : None
            Ignored: the targets are the sequences themselves.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` for this fit only.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit_epochs(X, None, sample_weight, kwargs, partial=False)

    def partial_fit(self, X, y=None, sample_weight=None, **kwargs):
        """Train for one more epoch on ``X``; set the threshold again.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` (not ``epochs``: one epoch).

        Returns
        -------
        self : object
            The estimator.
        """
        return self._fit_epochs(X, None, sample_weight, kwargs, partial=True)

    def _encode_target(self, y, X, reset: bool):
        return None  # the feed serves the windows as their own targets

    # The decoder repeats the code once per time step: a model per length.
    _any_length = False

    def _build_model(self, layers, input_shape):
        return autoencoder(
            layers, input_shape=input_shape, units=self._units, name=self._who.lower()
        )

    def _default_loss(self):
        return "mean_squared_error"

    def _after_fit(self, X):
        scores = self._scores(X)  # X was checked by the fit
        if self.contamination == "auto":
            errors = -scores
            q1, q3 = np.percentile(errors, [25, 75])
            self.offset_ = float(-(q3 + 1.5 * (q3 - q1)))
        else:
            self.offset_ = float(np.percentile(scores, 100.0 * self.contamination))

    # ------------------------------------------------------------ scores

    def _derived(self, name: str) -> keras.Model:
        """A model made from the fitted one (not persisted: made again)."""
        models = vars(self).setdefault("_derived_models", {})
        if name not in models:
            models[name] = (
                _error_model(self.model_)
                if name == "error"
                else encoder_of(self.model_)
            )
        return models[name]

    def _scores(self, X, **kwargs) -> np.ndarray:
        """``score_samples`` of a checked ``X``."""
        return -self._predict_checked(X, model=self._derived("error"), **kwargs)

    def score_samples(self, X, **kwargs):
        """Minus the reconstruction error of every sample: higher is more normal.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        scores : ndarray of shape (n_samples,)
            Minus the mean squared error over the features of the real steps.
        """
        self._check_fitted()
        return self._scores(self._check_X(X, reset=False, training=False), **kwargs)

    def decision_function(self, X, **kwargs):
        """``score_samples(X) - offset_``: negative for outliers.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        decision : ndarray of shape (n_samples,)
            Below 0 for the samples ``predict`` calls outliers.
        """
        return self.score_samples(X, **kwargs) - self.offset_

    def predict(self, X, **kwargs):
        """+1 for a normal sample, -1 for an outlier.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            -1 where ``decision_function`` is below 0, else +1.
        """
        return np.where(self.decision_function(X, **kwargs) < 0, -1, 1)

    def score(self, X, y=None, sample_weight=None):
        """The mean of ``score_samples``: minus the mean reconstruction error.

        ``GridSearchCV`` maximises it, so a search over ``units`` or over the
        window length upstream prefers the models that rebuild held-out
        sequences best.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples.

        Returns
        -------
        score : float
            The (weighted) mean of ``score_samples(X)``.
        """
        return float(np.average(self.score_samples(X), weights=sample_weight))

    def transform(self, X, **kwargs):
        """The code of every sample: the encoder's last state.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        codes : ndarray of shape (n_samples, n_codes)
            ``n_codes`` is the last of ``units`` (twice it when
            bidirectional).
        """
        self._check_fitted()
        X = self._check_X(X, reset=False, training=False)
        return self._predict_checked(X, model=self._derived("code"), **kwargs)

    def fit_transform(self, X, y=None, **fit_params):
        """Fit, then give the codes of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : None
            Ignored.
        **fit_params
            Passed to ``fit``.

        Returns
        -------
        codes : ndarray of shape (n_samples, n_codes)
            The codes.
        """
        return self.fit(X, y, **fit_params).transform(X)

    @property
    def _n_features_out(self):
        check_is_fitted(self, "model_")
        return int(self.model_.get_layer("code").output.shape[-1])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags


def _error_model(model: keras.Model) -> keras.Model:
    """The mean squared error of every sample over its real steps.

    The inputs hold the mask value at padded steps and the values of the real
    ones, which are the targets of the reconstruction.
    """
    inputs = model.inputs[0]
    rebuilt = model.outputs[0]
    real = keras.ops.cast(real_steps(inputs), "float32")
    squared = keras.ops.mean(keras.ops.square(rebuilt - inputs), axis=-1) * real
    n_real = keras.ops.maximum(keras.ops.sum(real, axis=-1), 1.0)
    return keras.Model(inputs, keras.ops.sum(squared, axis=-1) / n_real)
