"""Apply a 2D scikit-learn transformer to every time step of 3D data."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import (
    AXES,
    FLOAT_DTYPES,
    check_float_array,
    describe_shape,
    dimension_error,
    input_shape,
)


def _inner_has(attr):
    """Whether the (fitted, if possible) inner transformer has ``attr``."""

    def check(self):
        return hasattr(getattr(self, "transformer_", self.transformer), attr)

    return check


class StepwiseTransformer(TransformerMixin, BaseEstimator):
    """Apply a 2D transformer to the features of every time step of 3D data.

    The wrapped transformer (for example a ``StandardScaler``) is fitted on
    the feature vectors of all real time steps of ``X``, of shape
    ``(n_samples, n_timesteps, n_features)``, as if they were the rows of one
    table ``(n_real_steps, n_features)``, and then applied to each of them.
    Padded steps, whose features are all NaN (what ``SlidingWindow`` and
    ``SequencePadder`` produce where there is no observation), are left out
    of the fit and stay all-NaN in the output.

    Inside a ``Pipeline``, this scales 3D data without leaking: in a
    cross-validation the scaler is fitted on the training folds only.

    Parameters
    ----------
    transformer : estimator object
        A scikit-learn transformer that works on 2D data ``(n_rows,
        n_features)``. It is cloned in ``fit``; its parameters are
        reachable as ``transformer__<name>`` (for example in a grid search).

    Attributes
    ----------
    transformer_ : estimator object
        The clone of ``transformer`` fitted on the real time steps.
    n_features_in_ : int
        Number of features of each time step seen during ``fit`` (the
        last axis of ``X``).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during ``fit``. Defined only when `X`
        is a DataFrame (2D input) whose column names are all strings.

    See Also
    --------
    SlidingWindow : Windows over a series, padded with NaN at its start.
    SequencePadder : Variable-length sequences, padded with NaN.
    To3D : Each row of a wide table as one sample.

    Notes
    -----
    A time step is padding only when all its features are NaN. A step with
    some NaN features is passed to the wrapped transformer like any other
    (``StandardScaler`` ignores NaN when fitting and keeps it when
    transforming); imputing such values first is usually better.

    2D input ``(n_steps, n_features)`` is read as time steps already, one per
    row: the wrapped transformer is fitted on and applied to the rows that
    are not all NaN, and all-NaN rows stay NaN. For a transformer that
    handles NaN per value, such as ``StandardScaler``, this is the same as
    using the plain transformer.

    The output has as many features as the wrapped transformer returns (for
    example ``PCA(n_components=2)`` gives 2), as a new float array: ``X`` is
    never modified.

    Examples
    --------
    Two sequences of three time steps with two features; the first step of
    the second sequence is padding:

    >>> import numpy as np
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklstm import StepwiseTransformer
    >>> X = np.array([[[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]],
    ...               [[np.nan, np.nan], [4.0, 40.0], [5.0, 50.0]]])
    >>> scaler = StepwiseTransformer(StandardScaler()).fit(X)
    >>> scaler.transformer_.mean_  # over the five real steps
    array([ 3., 30.])
    >>> np.round(scaler.transform(X), 2)
    array([[[-1.41, -1.41],
            [-0.71, -0.71],
            [ 0.  ,  0.  ]],
           [[  nan,   nan],
            [ 0.71,  0.71],
            [ 1.41,  1.41]]])
    """

    _parameter_constraints: dict = {
        "transformer": [HasMethods(["fit", "transform"])],
    }

    def __init__(self, transformer):
        self.transformer = transformer

    # The inner transformer's parameters are validated by its own fit.
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Fit the wrapped transformer on the real time steps of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_steps, n_features)
            3D data, or a 2D table with one time step per row.
        y : None
            Ignored: a target belongs to a sample, not to a time step.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        _, steps, _ = self._real_steps(X, reset=True)
        self.transformer_ = clone(self.transformer).fit(steps)
        # Remembered so that data with no real step can still be given the
        # right number of output features.
        self._n_features_out = self._to_array(
            self.transformer_.transform(steps[:1])
        ).shape[1]
        return self

    @_fit_context(prefer_skip_nested_validation=False)
    def fit_transform(self, X, y=None):
        """Fit the wrapped transformer on the real steps and transform ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_steps, n_features)
            3D data, or a 2D table with one time step per row.
        y : None
            Ignored: a target belongs to a sample, not to a time step.

        Returns
        -------
        X_out : ndarray of shape (n_samples, n_timesteps, n_features_out) or \
                (n_steps, n_features_out)
            The transformed steps; padded steps are all NaN.
        """
        X, steps, real = self._real_steps(X, reset=True)
        self.transformer_ = clone(self.transformer)
        result = self._to_array(self.transformer_.fit_transform(steps))
        self._n_features_out = result.shape[1]
        return self._fill(result, real, X.shape[:-1], self._n_features_out, X.dtype)

    def transform(self, X):
        """Apply the fitted transformer to every real time step of ``X``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features) or \
                (n_steps, n_features)
            3D data, or a 2D table with one time step per row, with the
            features seen in :meth:`fit`.

        Returns
        -------
        X_out : ndarray of shape (n_samples, n_timesteps, n_features_out) or \
                (n_steps, n_features_out)
            A new array; padded steps are all NaN.
        """
        check_is_fitted(self)
        X, steps, real = self._real_steps(X, reset=False)
        result = None
        if steps.shape[0]:
            result = self._to_array(self.transformer_.transform(steps))
        return self._fill(result, real, X.shape[:-1], self._n_features_out, X.dtype)

    @available_if(_inner_has("inverse_transform"))
    def inverse_transform(self, X):
        """Undo the wrapped transformer on every real time step of ``X``.

        Available when the wrapped transformer has ``inverse_transform``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features_out) or \
                (n_steps, n_features_out)
            Data shaped like the output of :meth:`transform`.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_timesteps, n_features) \
                or (n_steps, n_features)
            A new array; padded steps are all NaN.
        """
        check_is_fitted(self)
        who = f"{type(self).__name__}.inverse_transform"
        X = self._check_ndim(X, who=who)
        X = check_float_array(X, who=who, ndim=(2, 3))
        self._check_n_features(X.shape, self._n_features_out, who=who, out=True)
        steps, real = self._split(X)
        result = None
        if steps.shape[0]:
            result = self._to_array(self.transformer_.inverse_transform(steps))
        return self._fill(result, real, X.shape[:-1], self.n_features_in_, X.dtype)

    def _real_steps(self, X, *, reset):
        """Validate ``X``; return it, its real steps as 2D rows, and the mask."""
        who = type(self).__name__
        X = self._check_ndim(X, who=who)
        shape = input_shape(X)
        if not reset and shape is not None:
            self._check_n_features(shape, self.n_features_in_, who=who)
        if shape is not None and len(shape) == 2:
            X = validate_data(
                self,
                X,
                reset=reset,
                dtype=FLOAT_DTYPES,
                ensure_all_finite="allow-nan",
            )
        else:
            X = check_float_array(X, who=who, ndim=3)
            if reset:
                # tslearn's convention: the features of a step, not the steps.
                self.n_features_in_ = X.shape[-1]
                if hasattr(self, "feature_names_in_"):
                    del self.feature_names_in_
            else:
                self._check_n_features(X.shape, self.n_features_in_, who=who)
        if 0 in X.shape:
            raise ValueError(
                f"{who} got data of shape {describe_shape(X.shape)}, which has "
                f"no value; 3D data {AXES} needs at least one sample, one time "
                "step and one feature."
            )
        steps, real = self._split(X)
        if reset and steps.shape[0] == 0:
            raise ValueError(
                f"{who} got data of shape {describe_shape(X.shape)} in which "
                "every time step is padding (all its features are NaN), so "
                "there is nothing to fit the transformer on. Fit it on data "
                "with observed time steps."
            )
        return X, steps, real

    @staticmethod
    def _check_ndim(X, *, who):
        shape = input_shape(X)
        if shape is None or len(shape) in (2, 3):
            return X
        error = dimension_error(who, shape, 3)
        if len(shape) == 1:
            error = ValueError(
                f"{error} Reshape your data: a 2D table of shape "
                "(n_steps, n_features), one time step per row, is also "
                "accepted, and a single "
                "series is one feature, so pass X.reshape(-1, 1) (or "
                "series.to_frame() for a pandas Series)."
            )
        elif len(shape) > 3:
            error = ValueError(
                f"{error} If the trailing axes all describe one time step, "
                "flatten them into one features axis: "
                "X.reshape(X.shape[0], X.shape[1], -1)."
            )
        raise error

    def _check_n_features(self, shape, expected, *, who, out=False):
        if shape[-1] == expected:
            return
        seen = describe_shape(shape)
        fitted = (
            f"the wrapped transformer's output has {expected} features per step"
            if out
            else f"it was fitted on time steps of {expected} features"
        )
        raise ValueError(
            f"X has {shape[-1]} features, but {who} is expecting {expected} "
            f"features as input: {fitted} (the last axis of {AXES}, or the "
            "columns of a 2D table with one time step per row), and X has "
            f"shape {seen}. Pass data with the same features, in the same "
            "order."
        )

    @staticmethod
    def _split(X):
        """The rows of real (not all-NaN) steps, and where they are."""
        steps = X.reshape(-1, X.shape[-1])
        real = ~np.isnan(steps).all(axis=1)
        return steps[real], real

    @staticmethod
    def _to_array(result):
        # A DataFrame when the wrapped transformer has set_output("pandas"),
        # a sparse matrix for some encoders.
        if sparse.issparse(result):
            result = result.toarray()
        result = np.asarray(result)
        if result.ndim != 2:
            raise ValueError(
                "StepwiseTransformer needs a wrapped transformer that returns "
                "a 2D array (n_rows, n_features_out) for 2D input; got an "
                f"array of shape {result.shape}."
            )
        return result

    @staticmethod
    def _fill(result, real, shape, width, dtype):
        """Put the transformed real steps back among NaN padded steps.

        ``width`` and ``dtype`` are used when there is no real step (``result``
        is None); otherwise those of ``result`` are.
        """
        if result is not None:
            width, dtype = result.shape[1], result.dtype
        # NaN needs a float dtype; float32 stays float32.
        out = np.full(
            (real.shape[0], width), np.nan, dtype=np.result_type(dtype, np.float32)
        )
        if result is not None:
            out[real] = result
        return out.reshape(*shape, width)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        try:
            inner = get_tags(self.transformer)
        except AttributeError:  # not a scikit-learn estimator: keep defaults
            inner = None
        if inner is not None:
            tags.non_deterministic = inner.non_deterministic
            tags.input_tags.positive_only = inner.input_tags.positive_only
            if inner.transformer_tags is not None:
                tags.transformer_tags.preserves_dtype = list(
                    inner.transformer_tags.preserves_dtype
                )
        # Padded steps are all NaN; they never reach the wrapped transformer.
        tags.input_tags.allow_nan = True
        tags.input_tags.three_d_array = True
        tags.input_tags.sparse = False
        return tags
