"""Learn the change of a trending target, predict its level."""

from __future__ import annotations

import re
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context, clone
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.validation import check_array, check_is_fitted

from ._validation import describe_shape

_STEP_NAME = re.compile(r"^(?P<column>.+)\(t\+\d+\)$")


class DifferencedTargetRegressor(RegressorMixin, BaseEstimator):
    """Learn the change of the target from the current level; predict levels.

    A recurrent network cannot forecast values beyond the range it was
    trained on, so on a trending series (prices, GDP, a growing user count)
    it falls behind the trend. The usual cure is to learn the change from
    now and add it back: this regressor fits ``regressor`` on ``y - level``,
    where ``level`` is the current value of a column of ``X`` (in every row,
    the value at the time the forecast is made), and predicts
    ``regressor.predict(X) + level``. With a multi-step ``y`` (one column per
    step ahead, as :func:`make_supervised` makes it) every step is the
    change from the same current level.

    ``TransformedTargetRegressor`` cannot do this: its transformer never
    sees ``X``. The regressor sees ``X`` unchanged, the current level
    included, so a Pipeline starting with :class:`SlidingWindow` still reads
    the window of levels that ends at each row.

    Parameters
    ----------
    regressor : estimator
        The regressor of the changes: a Pipeline ending in
        :class:`LSTMRegressor`, a search over one, any scikit-learn
        regressor. Its parameters are searchable as ``regressor__<name>``.
    level : str or int
        The column of ``X`` that holds the target's current value: a column
        name of a DataFrame, or a column position of an array. For 3D ``X``
        (windows), the feature of that position at the last time step.

    Attributes
    ----------
    regressor_ : estimator
        The fitted clone of ``regressor``, which predicts the changes.
    n_features_in_ : int
        Columns of ``X`` seen in fit.
    feature_names_in_ : ndarray of str
        The column names of ``X``, when it was a DataFrame with string names.

    See Also
    --------
    make_supervised : Targets ``1 .. horizon`` steps ahead, with the rows.
    sklearn.compose.TransformedTargetRegressor : A transform of ``y`` alone.

    Examples
    --------
    A straight trend, learnt from its first 60 rows by a decision tree and
    forecast at row 80: on levels the tree is stuck at the highest level it
    saw; on changes it learns that every step adds 2.

    >>> import pandas as pd
    >>> from sklearn.tree import DecisionTreeRegressor
    >>> from sklstm import DifferencedTargetRegressor, make_supervised
    >>> trend = pd.DataFrame({"level": 2.0 * np.arange(100)})
    >>> X, y = make_supervised(trend, "level", horizon=2)
    >>> tree = DecisionTreeRegressor(random_state=0)
    >>> tree.fit(X[:60], y[:60]).predict(X[80:81])  # stuck at the last level seen
    array([[120., 122.]])
    >>> model = DifferencedTargetRegressor(tree, level="level").fit(X[:60], y[:60])
    >>> model.predict(X[80:81])
    array([[162., 164.]])
    >>> y[80:81].to_numpy()
    array([[162., 164.]])
    """

    _parameter_constraints: dict = {
        "regressor": [HasMethods(["fit", "predict"])],
        "level": [str, Integral],
    }

    def __init__(self, regressor, *, level):
        self.regressor = regressor
        self.level = level

    def _levels(self, X) -> tuple[np.ndarray, int]:
        """The current level of every sample of ``X`` (floats), and its columns."""
        who = type(self).__name__
        level = self.level
        if isinstance(X, pd.DataFrame):
            if level not in X.columns:
                raise ValueError(
                    f"{who}: the level column {level!r} is not in X, whose "
                    f"columns are {list(X.columns)}. level names the column "
                    "that holds the target's current value."
                )
            values = X[level]
            if isinstance(values, pd.DataFrame):
                raise ValueError(
                    f"{who}: X has {values.shape[1]} columns named {level!r}; "
                    "the level needs one."
                )
            if not pd.api.types.is_numeric_dtype(values.dtype):
                raise TypeError(
                    f"{who}: the level column {level!r} must be numeric, the "
                    f"target's current value; got dtype {values.dtype}."
                )
            values, n_columns = values.to_numpy()[:, None], X.shape[1]
        else:
            if isinstance(level, str):
                raise TypeError(
                    f"{who}: level={level!r} names a column, but X is an array, "
                    "without column names. Pass X as a DataFrame, or level as "
                    "the column's position."
                )
            if isinstance(level, bool):
                raise TypeError(f"{who}: level must be a column, not {level!r}.")
            array = check_array(
                X,
                accept_sparse=("csr", "csc"),
                ensure_all_finite=False,
                allow_nd=True,
                estimator=who,
            )
            if array.ndim not in (2, 3):
                raise ValueError(
                    f"{who} reads the level from a 2D table (n_rows, "
                    "n_columns) or from windows (n_samples, n_timesteps, "
                    f"n_features); got X of shape {array.shape}."
                )
            n_columns = array.shape[-1]
            if not -n_columns <= level < n_columns:
                raise ValueError(
                    f"{who}: level={level} is not a column of X, which has "
                    f"{n_columns} columns (shape {describe_shape(array.shape)})."
                )
            if sparse.issparse(array):
                values = array[:, [level]].toarray()
            else:
                values = array[:, -1, level] if array.ndim == 3 else array[:, level]
        values = check_array(
            np.reshape(values, (-1, 1)),
            ensure_all_finite=False,
            input_name=f"the level column {level!r}",
            estimator=who,
        ).ravel()
        bad = np.flatnonzero(~np.isfinite(values))
        if bad.size:
            raise ValueError(
                f"{who}: the level column {level!r} holds NaN or infinity at "
                f"{bad.size} rows (positions {bad[:5].tolist()}): the change "
                "is taken from the current value, which every row needs. Fill "
                "or drop those rows."
            )
        return values.astype(np.float64, copy=False), n_columns

    def _check_target_names(self, y) -> None:
        """Refuse a target made from another column than ``level``."""
        names = (
            [y.name] if isinstance(y, pd.Series) else list(getattr(y, "columns", []))
        )
        columns = {
            m["column"] for n in names if (m := _STEP_NAME.match(str(n))) is not None
        }
        if columns and columns != {str(self.level)}:
            raise ValueError(
                f"{type(self).__name__}: y holds the future of {sorted(columns)} "
                f"but level={self.level!r}: the change of a target is taken "
                "from its own current value. Set level to the target's column."
            )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, **fit_params):
        """Fit the regressor on the change of ``y`` from the current level.

        Parameters
        ----------
        X : DataFrame or array-like
            The rows (or windows); the ``level`` column holds the target's
            current value.
        y : array-like of shape (n_samples,) or (n_samples, n_steps)
            The target's future levels.
        **fit_params
            Passed to the regressor's ``fit``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target "
                "y is None: y holds the future levels to forecast."
            )
        levels, n_columns = self._levels(X)
        self._check_target_names(y)
        target = check_array(
            y,
            ensure_2d=False,
            dtype=np.float64,
            ensure_all_finite=False,
            input_name="y",
            estimator=type(self).__name__,
        )
        if target.ndim not in (1, 2) or len(target) != len(levels):
            raise ValueError(
                f"{type(self).__name__}: y of shape {target.shape} does not "
                f"match X's {len(levels)} samples; y needs one row per sample, "
                "one column per step ahead."
            )
        change = target - (levels[:, None] if target.ndim == 2 else levels)
        self.regressor_ = clone(self.regressor).fit(X, change, **fit_params)
        self._y_ndim = target.ndim
        self.n_features_in_ = n_columns
        if isinstance(X, pd.DataFrame) and all(isinstance(c, str) for c in X.columns):
            self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        return self

    def predict(self, X, **predict_params):
        """The forecast levels: the predicted change plus the current level.

        Parameters
        ----------
        X : DataFrame or array-like
            As in fit.
        **predict_params
            Passed to the regressor's ``predict``.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_steps)
            The levels, shaped as ``y`` was in fit.
        """
        check_is_fitted(self)
        change = np.asarray(self.regressor_.predict(X, **predict_params))
        levels, _ = self._levels(X)
        if self._y_ndim == 1:
            return change.reshape(len(levels)) + levels
        return change.reshape(len(levels), -1) + levels[:, None]

    def score(self, X, y, sample_weight=None):
        """R² of the forecast levels (not of the changes) on ``(X, y)``.

        Parameters
        ----------
        X : DataFrame or array-like
            As in fit.
        y : array-like of shape (n_samples,) or (n_samples, n_steps)
            The true future levels.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples.

        Returns
        -------
        score : float
            R² of ``self.predict(X)``, averaged uniformly over the steps.
        """
        from sklearn.metrics import r2_score

        return float(r2_score(y, self.predict(X), sample_weight=sample_weight))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.regressor)
        tags.input_tags = inner.input_tags
        tags.target_tags.multi_output = inner.target_tags.multi_output
        tags.target_tags.required = True
        return tags
