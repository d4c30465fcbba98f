"""Reshape 1D and 2D data into the 3D ``(n_samples, n_timesteps, n_features)``
input of an LSTM, without windows: ``to_3d`` and ``To3D``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, _fit_context
from sklearn.utils import check_array
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import SequenceTransformerMixin
from ._validation import (
    AXES,
    FLOAT_DTYPES,
    Count,
    check_float_array,
    check_input_features,
    check_numeric_frame,
    describe_shape,
    dimension_error,
    empty_error,
    feature_count_error,
    input_shape,
    numeric_frame_values,
    sparse_error,
)

_NUMERIC_KINDS = "biuf"


def to_3d(sequence):
    """Turn one whole sequence into one sample of 3D LSTM input.

    This is the reshape of the classic tutorials: a sequence of ``T`` time
    steps becomes an array of shape ``(1, T, n_features)``, that is
    ``(n_samples, n_timesteps, n_features)`` with a single sample.

    - ``(T,)``, a list or a pandas Series: one feature, ``(1, T, 1)``.
    - ``(T, f)``, a 2D array or a DataFrame with one row per time step and one
      column per feature: ``(1, T, f)``.

    A long series is usually better cut into many samples (one per position)
    with :class:`SlidingWindow`: an LSTM fitted on a single sample has a
    single example to learn from.

    Parameters
    ----------
    sequence : array-like of shape (n_timesteps,) or (n_timesteps, n_features)
        One sequence, time along the first axis. A list, numpy array, pandas
        Series or DataFrame of numbers; NaN is allowed, infinity is not. A
        sparse matrix is refused: densify it with ``X.toarray()``.

    Returns
    -------
    X : ndarray of shape (1, n_timesteps, n_features)
        A float32 input stays float32, any other numeric dtype becomes float64.
        When no conversion is needed this is a view of ``sequence``, which is
        never modified.

    Raises
    ------
    ValueError
        If ``sequence`` is already 3D (or has more axes), or has no time step
        or no feature.
    TypeError
        If ``sequence`` holds something other than numbers.

    See Also
    --------
    To3D : Each row of a wide table as one sample.
    SlidingWindow : Many overlapping samples from one long series.
    SequencePadder : Many sequences of different lengths as one 3D array.

    Examples
    --------
    Ten values of one series are one sample of ten time steps with one
    feature:

    >>> import numpy as np
    >>> from sklstm import to_3d
    >>> seq = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    >>> X = to_3d(seq)
    >>> X.shape
    (1, 10, 1)
    >>> X[0, :3, 0]
    array([10., 20., 30.])

    Two parallel series of ten values are one sample of ten time steps with
    two features:

    >>> in1 = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    >>> in2 = np.array([15, 25, 35, 45, 55, 65, 75, 85, 95, 105])
    >>> X = to_3d(np.column_stack([in1, in2]))
    >>> X.shape
    (1, 10, 2)
    >>> X[0, 0]
    array([10., 15.])
    """
    who = "to_3d"
    if sparse.issparse(sequence):
        raise sparse_error(who)
    if isinstance(sequence, pd.Series):
        sequence = sequence.to_frame()
    shape = input_shape(sequence)
    if shape is not None and len(shape) not in (1, 2):
        raise _to_3d_dimension_error(shape)
    if isinstance(sequence, pd.DataFrame):
        _check_not_empty(sequence.shape)
        values = numeric_frame_values(
            sequence,
            who=who,
            hint="Drop them, or encode them as numbers, before calling to_3d.",
        )
    else:
        values = _numeric_array(sequence)
        if values.ndim not in (1, 2):
            raise _to_3d_dimension_error(values.shape)
        _check_not_empty(values.shape)
        values = check_array(
            values,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
            ensure_2d=False,
            input_name="sequence",
            estimator=who,
        )
    if values.ndim == 1:
        return values.reshape(1, -1, 1)
    return values.reshape(1, *values.shape)


def _numeric_array(sequence) -> np.ndarray:
    """``sequence`` as a numpy array of numbers, or a TypeError saying why not."""
    try:
        values = np.asarray(sequence)
    except ValueError as exc:  # numpy refuses ragged nested lists
        raise ValueError(
            "to_3d takes one sequence, a 1D (n_timesteps,) or 2D "
            "(n_timesteps, n_features) array, but the rows of this one have "
            "different lengths, so it has no shape. Several sequences of "
            "different lengths are made into one 3D array by SequencePadder."
        ) from exc
    if values.dtype.kind in _NUMERIC_KINDS:
        return values
    if values.dtype.kind == "O":
        # An object array may still hold only numbers (e.g. Python ints and
        # None); anything float() rejects is not a time series value.
        try:
            return values.astype(np.float64)
        except (TypeError, ValueError):
            pass
    raise TypeError(
        f"to_3d needs numbers, but got an array of dtype {values.dtype}. "
        "Convert the values to numbers (for dates, use the time differences "
        "or calendar features) before calling to_3d."
    )


def _check_not_empty(shape) -> None:
    if 0 in tuple(shape):
        raise empty_error(
            "to_3d",
            shape,
            axes=("time step", "feature")[: len(shape)],
            detail=f"The result {AXES} = (1, n_timesteps, n_features) is one "
            "sample of at least one time step of at least one feature.",
        )


def _to_3d_dimension_error(shape) -> ValueError:
    if len(shape) == 3:
        return ValueError(
            f"to_3d turns one 1D or 2D sequence into one sample of shape "
            f"(1, n_timesteps, n_features); got a 3D array of shape "
            f"{describe_shape(shape)}, which is already {AXES}. Pass it "
            "straight to the LSTM estimator; no reshape is needed."
        )
    return ValueError(
        f"to_3d takes one sequence, a 1D (n_timesteps,) or 2D "
        f"(n_timesteps, n_features) array; got a {len(shape)}D array of shape "
        f"{describe_shape(shape)}."
    )


# auto_wrap_output_keys=None: scikit-learn would otherwise wrap the transform of
# this subclass too and try to make a DataFrame of its 3D output.
class To3D(SequenceTransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Reshape each row of a wide table into one sample of LSTM input.

    A table whose rows each hold a whole sequence, ``n_timesteps`` x
    ``n_features`` values side by side, becomes the 3D array
    ``(n_samples, n_timesteps, n_features)`` that an LSTM expects, one sample
    per row. The number of rows never changes, so ``y`` stays aligned.

    Parameters
    ----------
    timesteps : int or None, default=None
        The number of time steps in each row. ``None`` reads every column as
        one time step of a single feature: ``(n, d) -> (n, d, 1)``. With an
        integer ``k``, ``(n, k * f) -> (n, k, f)``; the number of columns must
        be a multiple of ``k``.
    order : {"time_major", "feature_major"}, default="time_major"
        How the columns of a row are laid out. ``"time_major"``: all features
        of the first time step, then those of the second, ... (``t1f1, t1f2,
        t2f1, t2f2, ...``). ``"feature_major"``: all time steps of the first
        feature, then those of the second, ... (``f1t1, f1t2, ..., f2t1,
        ...``). Irrelevant when each step has one feature.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen during ``fit`` (``n_timesteps_ *
        n_features_per_step_``).
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen during ``fit``. Defined only when `X`
        has column names that are all strings.
    n_timesteps_ : int
        Number of time steps of each output sample (axis 1).
    n_features_per_step_ : int
        Number of features of each time step (axis 2).

    See Also
    --------
    to_3d : One whole sequence as a single sample.
    SlidingWindow : Overlapping windows over a series, one row per time step.
    SequencePadder : A list of variable-length sequences as one 3D array.

    Notes
    -----
    ``transform`` returns a view of the validated input where it can: with
    ``order="time_major"`` it is a pure reshape, with ``"feature_major"`` a
    transposed view. NaN values are passed through.

    A sparse matrix is refused (densify it with ``X.toarray()``: the 3D
    input of an LSTM is dense). A DataFrame with a
    non-numeric column is refused, naming the column. Values beyond float32's
    range are kept: a scaler after To3D (``StepwiseTransformer``) may still
    bring them into the range the LSTM computes in.

    The output is 3D, so ``set_output(transform="pandas")`` leaves it an
    array; ``get_feature_names_out`` gives the names along its last axis, the
    features of one time step.

    Examples
    --------
    Four rows of six columns, read as three time steps of two features
    (``t1f1, t1f2, t2f1, t2f2, t3f1, t3f2``):

    >>> import numpy as np
    >>> from sklstm import To3D
    >>> X = np.arange(24).reshape(4, 6)
    >>> X[0]
    array([0, 1, 2, 3, 4, 5])
    >>> X3 = To3D(timesteps=3).fit_transform(X)
    >>> X3.shape
    (4, 3, 2)
    >>> X3[0]
    array([[0., 1.],
           [2., 3.],
           [4., 5.]])

    The same columns read feature by feature (``f1t1, f1t2, f1t3, f2t1,
    ...``):

    >>> To3D(timesteps=3, order="feature_major").fit_transform(X)[0]
    array([[0., 3.],
           [1., 4.],
           [2., 5.]])

    By default every column is one time step of a single feature:

    >>> To3D().fit_transform(X).shape
    (4, 6, 1)
    """

    _parameter_constraints: dict = {
        "timesteps": [Count(1, None), None],
        "order": [StrOptions({"time_major", "feature_major"})],
    }

    def __init__(self, timesteps=None, *, order="time_major"):
        self.timesteps = timesteps
        self.order = order

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn the number of columns and how they split into steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps * n_features)
            The wide table, one sample per row.
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        X = self._check_X(X, reset=True)
        n_columns = X.shape[1]
        timesteps = n_columns if self.timesteps is None else self.timesteps
        if n_columns % timesteps:
            raise ValueError(self._not_a_multiple_message(n_columns))
        # Python ints (a numpy int from a grid is accepted as timesteps), so
        # that the fitted state is plain data.
        self.n_timesteps_ = int(timesteps)
        self.n_features_per_step_ = int(n_columns // timesteps)
        return self

    def transform(self, X):
        """Reshape each row into a sample of ``n_timesteps_`` time steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps * n_features)
            The wide table, with the columns seen in :meth:`fit`.

        Returns
        -------
        X_3d : ndarray of shape (n_samples, n_timesteps, n_features)
            A float32 input stays float32, anything else becomes float64.
        """
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        n, k, f = X.shape[0], self.n_timesteps_, self.n_features_per_step_
        if self.order == "time_major":
            return X.reshape(n, k, f)
        return X.reshape(n, f, k).transpose(0, 2, 1)

    def inverse_transform(self, X):
        """Flatten 3D samples back into the wide table, in the fitted order.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            3D data with the time steps and features of :meth:`transform`'s
            output.

        Returns
        -------
        X_2d : ndarray of shape (n_samples, n_timesteps * n_features)
            One row per sample, columns laid out as ``order`` says.
        """
        check_is_fitted(self)
        who = f"{type(self).__name__}.inverse_transform"
        shape = input_shape(X)
        if shape is not None and len(shape) == 2:
            raise ValueError(
                f"{who} expects 3D data of shape {AXES}, like the output of "
                f"transform; got a 2D array of shape {describe_shape(shape)}. "
                "A 2D table is already the wide format that inverse_transform "
                "returns; there is nothing to undo."
            )
        X = check_float_array(X, who=who, ndim=3)
        n, k, f = X.shape[0], self.n_timesteps_, self.n_features_per_step_
        if X.shape[1:] != (k, f):
            raise ValueError(
                f"{who} got 3D data of shape {describe_shape(X.shape)}, but "
                f"{self!r} was fitted to produce samples of shape "
                f"{describe_shape((n, k, f))}. The time steps (axis 1) and the "
                "features (axis 2) must match the fitted ones; pass the output "
                "of this transformer's transform (or an array of the same "
                "layout)."
            )
        if self.order == "feature_major":
            X = X.transpose(0, 2, 1)
        return X.reshape(n, k * f)

    def get_feature_names_out(self, input_features=None):
        """The names of the features of each time step (the last axis).

        The output is 3D, so its feature names are those of its last axis,
        ``n_features_per_step_`` of them: the names of the columns of the
        first time step of a row when the input had column names (or
        ``input_features`` is given), else ``x0, x1, ...``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The names of the input columns; by default ``feature_names_in_``
            if fitted on a DataFrame.

        Returns
        -------
        feature_names_out : ndarray of str objects
            ``n_features_per_step_`` names.

        Examples
        --------
        >>> import pandas as pd
        >>> from sklstm import To3D
        >>> X = pd.DataFrame([[1, 10, 2, 20, 3, 30]],
        ...                  columns=["a1", "b1", "a2", "b2", "a3", "b3"])
        >>> To3D(timesteps=3).fit(X).get_feature_names_out()
        array(['a1', 'b1'], dtype=object)
        """
        check_is_fitted(self)
        k, f = self.n_timesteps_, self.n_features_per_step_
        if input_features is None and not hasattr(self, "feature_names_in_"):
            return np.asarray([f"x{i}" for i in range(f)], dtype=object)
        names = check_input_features(self, input_features)
        # The columns of the first time step, wherever order puts them.
        first_step = names[:f] if self.order == "time_major" else names[::k]
        return np.asarray([str(name) for name in first_step], dtype=object)

    def _check_X(self, X, *, reset):
        who = type(self).__name__
        if sparse.issparse(X):
            raise sparse_error(who)
        check_numeric_frame(
            X,
            who=who,
            hint=(
                "Every column of the wide table is one feature of one time "
                "step: drop the non-numeric columns, or encode them as numbers "
                "(for example with OneHotEncoder) before To3D."
            ),
        )
        shape = input_shape(X, who=who)
        if shape is not None and len(shape) == 1:
            # dimension_error's 1D advice is for tables with one time step
            # per row; here a row is a whole sample.
            raise ValueError(
                f"{who} expects a 2D table of shape "
                "(n_samples, n_timesteps * n_features), one sample per row; got "
                f"a 1D array of shape {describe_shape(shape)}. Reshape your data: to "
                "make a whole series one sample of shape (1, n_timesteps, 1), use "
                "to_3d(series); to cut it into many samples, use SlidingWindow; "
                "if it is a single row of the table, pass X.reshape(1, -1)."
            )
        if shape is not None and len(shape) != 2:
            raise dimension_error(who, shape, 2)
        if shape is not None and 0 in shape:
            raise empty_error(
                who,
                shape,
                detail=(
                    "Each row is one sample and its columns the n_timesteps x "
                    "n_features values of that sample."
                ),
            )
        if not reset and shape is not None and shape[1] != self.n_features_in_:
            raise feature_count_error(
                who,
                seen=shape[1],
                expected=self.n_features_in_,
                shape=shape,
                detail=(
                    f"It was fitted on rows of {self.n_features_in_} columns, "
                    f"read as {self.n_timesteps_} time steps x "
                    f"{self.n_features_per_step_} features to give {AXES} = "
                    f"(n_rows, {self.n_timesteps_}, {self.n_features_per_step_})."
                ),
            )
        return validate_data(
            self,
            X,
            reset=reset,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )

    def _not_a_multiple_message(self, n_columns: int) -> str:
        k = self.timesteps
        divisors = [d for d in range(1, n_columns + 1) if n_columns % d == 0]
        if len(divisors) > 8:
            divisors = [*divisors[:7], "...", divisors[-1]]
        return (
            f"{self!r} got {n_columns} columns per row; {n_columns} is not a "
            f"multiple of {k}, so the rows cannot be split into {k} time steps. "
            f"To3D turns each row into one sample of the 3D array {AXES}, so a "
            "row must hold n_timesteps x n_features values, and "
            f"{n_columns} columns / {k} time steps is not a whole number of "
            f"features. Pick a timesteps that divides "
            f"{n_columns} ({', '.join(map(str, divisors))}), or drop or add "
            f"columns so that their number is a multiple of {k}."
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
