"""Apply a 2D scikit-learn transformer to every time step of 3D data."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn import get_config
from sklearn.base import BaseEstimator, _fit_context, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import SequenceTransformerMixin
from ._validation import (
    AXES,
    FLOAT_DTYPES,
    check_float_array,
    check_input_features,
    check_numeric_frame,
    describe_shape,
    dimension_error,
    empty_error,
    feature_count_error,
    input_shape,
    sparse_error,
)

_OUTPUTS = ("default", "pandas")


def _inner_has(attr):
    """Whether the (fitted, if possible) inner transformer has ``attr``."""

    def check(self):
        return hasattr(getattr(self, "transformer_", self.transformer), attr)

    return check


# auto_wrap_output_keys=None: scikit-learn would otherwise wrap the transform of
# this subclass too and try to make a DataFrame of its 3D output; a 2D output is
# wrapped by _wrap_2d instead.
class StepwiseTransformer(
    SequenceTransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):
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
    never modified. Its feature names (``get_feature_names_out``) are the
    wrapped transformer's, for the features of one time step.

    Output containers: a 3D output is always a numpy array (a DataFrame has
    no third axis). A 2D output honours ``set_output(transform="pandas")``
    and ``set_config(transform_output="pandas")`` as the wrapped transformer
    alone would: it is a DataFrame with the input's index and the
    ``get_feature_names_out`` columns, so that a ``SlidingWindow`` after it
    still sees the time index. ``"polars"`` is not supported (the output
    stays a numpy array).

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
        self._n_features_out = int(
            self._to_array(self.transformer_.transform(steps[:1])).shape[1]
        )
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
            The transformed steps; padded steps are all NaN. A 2D output is
            a DataFrame when pandas output is set (see Notes).
        """
        X_in = X
        X, steps, real = self._real_steps(X, reset=True)
        self.transformer_ = clone(self.transformer)
        result = self._to_array(self.transformer_.fit_transform(steps))
        self._n_features_out = int(result.shape[1])
        out = self._fill(result, real, X.shape[:-1], self._n_features_out, X.dtype)
        return self._wrap_2d(out, X_in)

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
            A new array; padded steps are all NaN. A 2D output is a
            DataFrame when pandas output is set (see Notes).
        """
        check_is_fitted(self)
        X_in = X
        X, steps, real = self._real_steps(X, reset=False)
        result = None
        if steps.shape[0]:
            result = self._to_array(self.transformer_.transform(steps))
        out = self._fill(result, real, X.shape[:-1], self._n_features_out, X.dtype)
        return self._wrap_2d(out, X_in)

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

    def set_output(self, *, transform=None):
        """Set the container of a 2D output; a 3D output stays an array.

        Parameters
        ----------
        transform : {"default", "pandas"} or None, default=None
            ``"pandas"`` makes the output of 2D input a DataFrame;
            ``"default"`` a numpy array; None leaves the setting unchanged.
            The output of 3D input is a numpy array whatever is set.

        Returns
        -------
        self : StepwiseTransformer
            The transformer itself.
        """
        if transform is None:
            return self
        if transform not in _OUTPUTS and transform != "polars":
            raise ValueError(
                f"{type(self).__name__}.set_output: transform must be one of "
                f"{', '.join(map(repr, (*_OUTPUTS, 'polars')))} or None, got "
                f"{transform!r}."
            )
        # The attribute scikit-learn's clone copies, so that a clone keeps it.
        self._sklearn_output_config = {"transform": transform}
        return self

    def _output_container(self) -> str:
        """The container asked for a 2D output: this one's, else the global."""
        config = getattr(self, "_sklearn_output_config", {})
        return config.get("transform", get_config()["transform_output"])

    def _wrap_2d(self, out, X_in):
        """``out`` as a DataFrame if 2D input asked for pandas output."""
        if out.ndim != 2 or self._output_container() != "pandas":
            return out
        index = X_in.index if isinstance(X_in, pd.DataFrame) else None
        # A wrapped transformer without feature names gives numbered columns.
        columns = (
            self.get_feature_names_out()
            if hasattr(self, "get_feature_names_out")
            else None
        )
        return pd.DataFrame(out, index=index, columns=columns, copy=False)

    @available_if(_inner_has("get_feature_names_out"))
    def get_feature_names_out(self, input_features=None):
        """The names of the output features of each time step.

        Those of the wrapped transformer, given the names of the input
        features: the columns of a 2D DataFrame, ``input_features``, or
        ``x0, x1, ...`` (the last axis of 3D data has no names). Available
        when the wrapped transformer has ``get_feature_names_out``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The names of the features of one time step, ``n_features_in_``
            of them; by default ``feature_names_in_`` when fitted on a
            DataFrame.

        Returns
        -------
        feature_names_out : ndarray of str objects
            One name per output feature of a time step.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.decomposition import PCA
        >>> from sklstm import StepwiseTransformer
        >>> X = np.random.default_rng(0).normal(size=(4, 3, 5))
        >>> StepwiseTransformer(PCA(2)).fit(X).get_feature_names_out()
        array(['pca0', 'pca1'], dtype=object)
        """
        check_is_fitted(self)
        names = check_input_features(self, input_features)
        return np.asarray(self.transformer_.get_feature_names_out(names), dtype=object)

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
                ensure_min_samples=0,
                ensure_min_features=0,
            )
        else:
            X = check_float_array(X, who=who, ndim=3)
            if reset:
                # tslearn's convention: the features of a step, not the steps.
                self.n_features_in_ = int(X.shape[-1])
                if hasattr(self, "feature_names_in_"):
                    del self.feature_names_in_
            else:
                self._check_n_features(X.shape, self.n_features_in_, who=who)
        if 0 in X.shape:
            raise empty_error(
                who,
                X.shape,
                detail=(
                    "A 2D table is read as one time step per row."
                    if X.ndim == 2
                    else ""
                ),
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
        """Refuse sparse, ragged, non-numeric and 1D or 4D+ data."""
        if sparse.issparse(X):
            # The all-NaN test that finds padded steps has no meaning for
            # sparse rows, and the 3D input of an LSTM is dense anyway.
            raise sparse_error(who)
        check_numeric_frame(
            X,
            who=who,
            hint=(
                "Every column is one feature of a time step: drop the "
                "non-numeric columns, or encode them first (a ColumnTransformer "
                "with OneHotEncoder before the windows)."
            ),
        )
        shape = input_shape(X, who=who)
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
        fitted = (
            f"The wrapped transformer's output has {expected} features per step"
            if out
            else f"It was fitted on time steps of {expected} features"
        )
        raise feature_count_error(
            who,
            seen=shape[-1],
            expected=expected,
            shape=shape,
            detail=(
                f"{fitted} (the last axis of {AXES}, or the columns of a 2D "
                "table with one time step per row)."
            ),
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
