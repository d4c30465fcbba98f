"""LSTMClassifier: one class label per sample, or one per time step."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.utils import ClassifierTags
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.validation import column_or_1d

from .._validation import input_shape
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
from ._models import many_to_many, many_to_one
from ._params import as_widths, parameter_constraints
from ._scikeras import KerasClassifier
from ._targets import (
    _plain,
    align_to_steps,
    check_class_labels,
    check_step_missing,
    is_categorical_crossentropy,
)


class LSTMClassifier(LSTMBase, KerasClassifier):
    __doc__ = (
        """A recurrent (LSTM or GRU) classifier on 3D data, for Pipelines.

    Like :class:`LSTMRegressor`, for class labels (numbers or strings):
    binary and multi-class, with ``predict_proba``, one label per sample or
    one per time step (``return_sequences=True``: tags of the words of a
    sentence, states of the steps of a recording). ``is_classifier`` is true,
    so ``cross_val_score`` stratifies its folds.
"""
        + LAYERS_DOC
        + DENSE_DOC
        + """    return_sequences : bool, default=False
        One label per input time step (many-to-many): ``y`` of shape
        ``(n_samples, n_timesteps)`` (labels of any type, strings included),
        ``(n_samples, n_timesteps, n_classes)`` (one-hot), or a list of one
        array of labels per sample, one per REAL step of that sample
        (aligned to its unpadded steps, pre- or post-padded). Padded steps
        count in neither the loss nor the score.
"""
        + TRAINING_DOC
        + """    class_weight : dict, "balanced" or None, default=None
        Weights of the classes, multiplied with ``sample_weight`` (never
        written into it); per step with ``return_sequences=True``.
"""
        + KWARGS_DOC
        + FITTED_DOC
        + """    classes_ : ndarray of shape (n_classes,)
        The class labels.
    ragged_target_ : bool
        With ``return_sequences=True``: whether ``y`` was one array per
        sample of its real steps (then ``predict`` returns such a list too).

    See Also
    --------
    LSTMRegressor : The same models for numeric targets.
    SequencePadder : Pads variable-length sequences to one 3D array.

    Notes
    -----
    Two classes get one sigmoid output and the binary cross-entropy; more get
    a softmax output and the sparse categorical cross-entropy. A target of a
    single class, continuous values and missing labels are refused. Per-step
    labels always get a softmax output per step.

    With ``return_sequences=True`` and a ``(n_samples, n_timesteps)`` layout,
    ``predict`` gives at the padded steps the label the model gives there
    from its state, which means nothing (``predict_proba`` gives NaN there);
    with a list of per-sample labels it gives such a list, of the real steps
    only, which is what a tagger wants.

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

    One tag per step of sequences of different lengths:

    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import SequencePadder
    >>> seqs = [rng.normal(size=(n, 1)) for n in (3, 5, 4, 2)] * 5
    >>> tags = [np.where(s[:, 0] > 0, "B", "O") for s in seqs]
    >>> tagger = make_pipeline(
    ...     SequencePadder(),
    ...     LSTMClassifier(units=4, epochs=2, return_sequences=True,
    ...                    random_state=0)).fit(seqs, tags)
    >>> [len(t) for t in tagger.predict(seqs[:4])]
    [3, 5, 4, 2]
    """
    )

    _parameter_constraints: dict = {
        **parameter_constraints(),
        "return_sequences": ["boolean"],
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
        return_sequences=False,
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
        class_weight=None,
        **kwargs,
    ):
        store_parameters(self, locals())

    def _framing(self) -> str:
        return "steps" if self.return_sequences else "sample"

    # ------------------------------------------------------------ fit

    def fit(self, X, y, sample_weight=None, **kwargs):
        """Fit the model on 3D data and class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences; all-NaN steps are padding and are masked.
        y : array-like
            The labels: of shape (n_samples,) (or an indicator matrix of
            shape (n_samples, n_classes)); with ``return_sequences=True`` one
            label per time step (see the class's Parameters).
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the samples.
        **kwargs
            Options of ``keras.Model.fit`` for this fit only.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        if not (self.warm_start and hasattr(self, "model_")):
            self.classes_ = None  # a fit from scratch learns its classes again
        return super().fit(X, y, sample_weight=sample_weight, **kwargs)

    def partial_fit(self, X, y, classes=None, sample_weight=None, **kwargs):
        """Train the model for one more epoch on ``(X, y)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        y : array-like
            The labels, as for ``fit``.
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
            self.classes_ = np.unique(np.asarray(classes))
        elif not hasattr(self, "classes_"):
            self.classes_ = None
        return super().partial_fit(X, y, sample_weight=sample_weight, **kwargs)

    # ------------------------------------------------------------ targets

    def _labels(self, y):
        """Labels checked as scikit-learn's classifiers check them."""
        if (input_shape(y) or ())[1:] == (1,):
            y = column_or_1d(y, warn=True)  # a column of labels, as in sklearn
        if y.dtype == object and not any(isinstance(v, (str, bytes)) for v in y.flat):
            # Numbers held as objects (a pandas object column): read as the
            # numbers they are; anything else is judged as it is.
            numbers = np.asarray(y.tolist())
            if numbers.dtype.kind in "biuf":
                y = numbers
        classes = getattr(self, "classes_", None)
        target_type = check_class_labels(y, who=self._who, classes=classes)
        if target_type == "binary" and classes is not None and len(classes) > 2:
            target_type = "multiclass"  # a batch of two of the announced classes
        if classes is not None and y.ndim == 1:
            unseen = ~np.isin(y, classes)
            if unseen.any():
                raise ValueError(
                    f"{self._who}: y holds the label {_plain(y[unseen][0])!r}, "
                    "which is not among the classes "
                    f"{np.asarray(classes).tolist()} fitted first. "
                    "Pass every label as classes= at the first partial_fit."
                )
        return y, target_type

    def _step_labels(self, y, X):
        """Per-step labels at the real steps, the padding, and the layout.

        Returns ``(labels, padded, ragged, n_one_hot)``: ``n_one_hot`` is the
        number of classes of one-hot labels (whose ``labels`` are then the
        class indices), else 0.
        """
        padded = padded_steps(X)
        y, ragged = align_to_steps(y, padded, who=self._who)
        n_one_hot = y.shape[2] if y.ndim == 3 else 0
        real = y[~padded]
        if n_one_hot:
            if not (np.isin(real, (0, 1)).all() and (real.sum(axis=1) == 1).all()):
                raise ValueError(
                    f"{self._who}(return_sequences=True) got a 3D y of shape "
                    f"{tuple(y.shape)}, read as one-hot labels (n_samples, "
                    "n_timesteps, n_classes), but its real steps do not hold "
                    "exactly one 1 and 0 elsewhere. For numeric targets per "
                    "step use LSTMRegressor(return_sequences=True)."
                )
            real = real.argmax(axis=1)
        else:
            check_step_missing(y, padded, who=self._who, what="label")
        return real, padded, ragged, n_one_hot

    def _training_data(self, y, X, sample_weight, *, reset: bool):
        targets, labels = self._encoded_labels(y, X, reset=reset)
        weights = self._sample_weights(sample_weight, len(X))
        if self.class_weight is None:
            return targets, weights
        if self._framing_ == "sample":
            by_class = compute_sample_weight(self.class_weight, labels)
            return targets, by_class if weights is None else weights * by_class
        labels, real = labels
        per_step = np.zeros(real.shape)
        per_step[real] = compute_sample_weight(self.class_weight, labels)
        if weights is not None:
            per_step *= weights[:, None]
        return targets, per_step.astype(np.float32)

    def _encoded_labels(self, y, X, reset: bool):
        """The targets Keras trains on, and the labels the class weights read.

        The labels are those of the samples, or, per step, ``(labels of the
        real steps, real-step mask)``.
        """
        y = self._check_y(y)
        self._check_lengths(X, y)
        if self._framing_ == "sample":
            labels, target_type = self._labels(y)
            if reset:
                self.target_type_ = target_type
                # scikeras' encoder: ordinal labels, one-hot for a categorical
                # cross-entropy, indicator matrices as they are.
                self.target_encoder_ = self.target_encoder.fit(labels)
                vars(self).update(self.target_encoder_.get_metadata())
            return self.target_encoder_.transform(labels), labels
        labels, padded, ragged, n_one_hot = self._step_labels(y, X)
        if n_one_hot:
            if reset:
                self.classes_ = np.arange(n_one_hot)
            elif n_one_hot != self.n_classes_:
                raise ValueError(
                    f"{self._who} was fitted on one-hot labels of "
                    f"{self.n_classes_} classes, but y has {n_one_hot}."
                )
            codes = labels
        else:
            labels, target_type = self._labels(np.asarray(labels))
            if reset:
                if self.classes_ is None:
                    self.classes_ = np.unique(labels)
                self.target_type_ = target_type
            codes = np.searchsorted(self.classes_, labels)
        if reset:
            self.n_classes_ = len(self.classes_)
            self.ragged_target_ = ragged
            self.one_hot_target_ = bool(n_one_hot)
        real = ~padded
        targets = np.zeros(padded.shape, dtype=np.int32)
        targets[real] = codes
        if is_categorical_crossentropy(self.loss):
            targets = np.eye(self.n_classes_, dtype=np.float32)[targets]
        return targets, (self.classes_[codes], real)

    # ------------------------------------------------------------ model

    def _output_layer(self):
        if self._framing_ == "steps":
            return self.n_classes_, "softmax", "sparse_categorical_crossentropy"
        target_type = self.target_type_
        if target_type == "binary":
            return 1, "sigmoid", "binary_crossentropy"
        if target_type == "multiclass":
            # A user's loss="categorical_crossentropy" gets one-hot targets
            # from scikeras' encoder and overrides this default.
            return self.n_classes_, "softmax", "sparse_categorical_crossentropy"
        # multilabel-indicator: the only other type check_class_labels lets by
        return self.n_classes_, "sigmoid", "binary_crossentropy"

    def _build_model(self, layers, input_shape):
        n_outputs, activation, _ = self._output_layer()
        build = many_to_many if self._framing_ == "steps" else many_to_one
        return build(
            layers,
            input_shape=input_shape,
            units=self._units,
            dense_units=as_widths(self.dense_units),
            n_outputs=n_outputs,
            activation=activation,
            name=self._who.lower(),
        )

    def _default_loss(self):
        return self._output_layer()[2]

    # ------------------------------------------------------------ predict

    def _step_proba(self, X, **kwargs):
        """Per-step probabilities ``(n_samples, n_timesteps, n_classes)``."""
        X = self._check_X(X, reset=False, training=False)
        return self._predict_checked(X, **kwargs), padded_steps(X)

    def _per_sample(self, values, padded):
        """Per-step values as fitted: one array per sample of its real steps."""
        return [v[~p] for v, p in zip(values, padded, strict=True)]

    def predict(self, X, **kwargs):
        """Predict the class of every sample (or of every time step).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        y_pred : ndarray or list of ndarray
            Labels from ``classes_``, in the layout of the ``y`` of fit:
            ``(n_samples,)``; with ``return_sequences=True``
            ``(n_samples, n_timesteps)`` (one-hot ``(n_samples,
            n_timesteps, n_classes)``, 0 at padded steps), or one array per
            sample of its real steps when ``y`` was such a list.
        """
        self._check_fitted()
        if self._framing_ == "sample":
            raw = self._predict_raw(X, **kwargs)
            return self.target_encoder_.inverse_transform(raw)
        proba, padded = self._step_proba(X, **kwargs)
        codes = proba.argmax(axis=-1)
        if self.one_hot_target_:
            labels = np.eye(self.n_classes_, dtype=int)[codes]
            labels[padded] = 0
        else:
            labels = self.classes_[codes]
        return self._per_sample(labels, padded) if self.ragged_target_ else labels

    def predict_proba(self, X, **kwargs):
        """Class probabilities of every sample (or of every time step).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            The sequences.
        **kwargs
            Options of ``keras.Model.predict``.

        Returns
        -------
        proba : ndarray or list of ndarray
            Of shape ``(n_samples, n_classes)``, rows summing to 1 (for
            binary and multi-class targets); with ``return_sequences=True``
            ``(n_samples, n_timesteps, n_classes)`` with NaN at padded steps,
            or one ``(n_real_steps, n_classes)`` array per sample when ``y``
            was a list of per-sample labels.
        """
        self._check_fitted()
        if self._framing_ == "sample":
            raw = self._predict_raw(X, **kwargs)
            proba = self.target_encoder_.inverse_transform(raw, return_proba=True)
            # scikeras squeezes the probabilities of a single sample to 1D.
            return proba.reshape(len(raw), -1)
        proba, padded = self._step_proba(X, **kwargs)
        if self.ragged_target_:
            return self._per_sample(proba, padded)
        proba[padded] = np.nan
        return proba

    def _scored(self, X, y):
        self._check_lengths(X, y)
        if self._framing_ == "sample":
            labels, _ = self._labels(y)
            predicted = self.target_encoder_.inverse_transform(self._predict_checked(X))
            return labels, predicted, np.arange(len(labels))
        labels, padded, _, n_one_hot = self._step_labels(y, X)
        proba = self._predict_checked(X)
        codes = proba[~padded].argmax(axis=-1)
        predicted = codes if n_one_hot else self.classes_[codes]
        return labels, predicted, np.nonzero(~padded)[0]

    @staticmethod
    def _metric(y_true, y_pred, **kwargs):
        return accuracy_score(y_true, y_pred, **kwargs)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.estimator_type = "classifier"
        tags.classifier_tags = ClassifierTags()
        return tags
