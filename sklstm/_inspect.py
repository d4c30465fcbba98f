"""Looking into Pipelines and what wraps them.

One helper, :func:`unwrap`, sees through the wrappers a user puts around a
Pipeline (searches, ``TransformedTargetRegressor``, a Pipeline as the last
step of another) and returns its transformer steps and its model; it serves
``trace_shapes`` and :func:`predict_frame` (predictions laid back on the rows
they belong to). Estimators are recognised by their scikit-learn tags and
their interface, never by the module that defines them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted

from ._differenced import DifferencedTargetRegressor
from ._sliding_window import SlidingWindow
from ._validation import column_list, describe_shape, plural
from ._windows import padded_step_counts

# The column predict_frame adds for the padded steps of every row's window.
PADDED_STEPS = "padded_steps"

# What every inspection helper accepts, for the errors that say so.
_ACCEPTED = (
    "a Pipeline, a TransformedTargetRegressor, a search (GridSearchCV, "
    "RandomizedSearchCV, HalvingGridSearchCV) around one, or a single estimator"
)


class Unwrapped(NamedTuple):
    """What :func:`unwrap` found inside an estimator.

    Attributes
    ----------
    steps : list of (str, estimator)
        The steps before the model, in order (``"passthrough"`` and None
        included as given); the names are those of ``set_params``
        (``"model__window"`` inside a Pipeline step named ``model``).
    model : (str, estimator) or None
        The final estimator, or None when every step transforms.
    through : tuple of str
        The wrappers seen through, outermost first, for messages:
        ``("GridSearchCV.best_estimator_", "TransformedTargetRegressor.regressor_")``.
    """

    steps: list
    model: tuple | None
    through: tuple


def is_passthrough(step) -> bool:
    """Whether a Pipeline step is skipped (None or ``"passthrough"``)."""
    return step is None or (isinstance(step, str) and step == "passthrough")


def is_transformer(estimator) -> bool:
    """Whether ``estimator`` transforms data (a Pipeline step before the model)."""
    return hasattr(estimator, "transform") or hasattr(estimator, "fit_transform")


def reads_3d(estimator) -> bool:
    """Whether ``estimator`` is a model that reads 3D data (an LSTM estimator).

    Told by its tags, ``input_tags.three_d_array``, without importing Keras;
    a transformer that reads 3D data (``StepwiseTransformer``) is not a model.

    >>> from sklearn.linear_model import Ridge
    >>> reads_3d(Ridge())
    False
    """
    if is_transformer(estimator) or not hasattr(estimator, "__sklearn_tags__"):
        return False
    return bool(get_tags(estimator).input_tags.three_d_array)


def _is_search(estimator) -> bool:
    """Whether ``estimator`` is a hyper-parameter search.

    Recognised by the interface scikit-learn's searches share (GridSearchCV,
    RandomizedSearchCV, the successive halving ones and the searches of other
    libraries built on them): an ``estimator``, a ``cv`` and a ``refit``
    parameter, and ``best_estimator_`` once fitted with ``refit=True``.
    """
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        return False
    return {"estimator", "cv", "refit"} <= set(estimator.get_params(deep=False))


def _is_wrapper(estimator) -> bool:
    wrappers = (Pipeline, TransformedTargetRegressor, DifferencedTargetRegressor)
    return isinstance(estimator, wrappers) or (_is_search(estimator))


def _not_an_estimator(who: str, estimator) -> TypeError | None:
    """The error for something that is not an estimator, or None."""
    if isinstance(estimator, type):
        return TypeError(
            f"{who} got the class {estimator.__name__}, not an estimator: pass "
            f"an instance, for example {estimator.__name__}()."
        )
    if isinstance(estimator, (list, tuple)):
        return TypeError(
            f"{who} got a {type(estimator).__name__} of {len(estimator)} items, "
            "not an estimator: put the steps in a Pipeline first, "
            "Pipeline([(name, step), ...]) or make_pipeline(step, ...)."
        )
    if not hasattr(estimator, "fit"):
        got = "None" if estimator is None else _a(type(estimator).__name__)
        return TypeError(
            f"{who} needs {_ACCEPTED}; got {got}, which has no fit method."
        )
    return None


def unwrap(estimator, *, fitted: bool, who: str) -> Unwrapped:
    """The transformer steps and the model inside ``estimator``.

    Sees through, nested in any order: a ``Pipeline`` (its steps; a Pipeline,
    search or ``TransformedTargetRegressor`` as its last step is opened in
    turn), a ``TransformedTargetRegressor`` (its regressor) and a search (its
    best estimator).

    Parameters
    ----------
    estimator : estimator
        What the user passed.
    fitted : bool
        True for the fitted estimators that predict (a search's
        ``best_estimator_``, a ``TransformedTargetRegressor``'s
        ``regressor_``), which must then exist: a ``NotFittedError`` says so
        otherwise. False for the specification, fitted or not (a search's
        ``best_estimator_`` when it has one, its ``estimator`` otherwise; a
        ``TransformedTargetRegressor``'s ``regressor``).
    who : str
        The public function, in error messages.

    Returns
    -------
    unwrapped : Unwrapped
        The steps, the model and the wrappers seen through.

    Examples
    --------
    >>> from sklearn.compose import TransformedTargetRegressor
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.model_selection import GridSearchCV
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklstm import SlidingWindow
    >>> pipe = make_pipeline(SlidingWindow(timesteps=3), Ridge())
    >>> search = GridSearchCV(TransformedTargetRegressor(regressor=pipe), {})
    >>> steps, model, through = unwrap(search, fitted=False, who="example")
    >>> [name for name, _ in steps], model[0]
    (['slidingwindow'], 'ridge')
    >>> through
    ('GridSearchCV.estimator', 'TransformedTargetRegressor.regressor')
    """
    error = _not_an_estimator(who, estimator)
    if error is not None:
        raise error
    if _is_search(estimator):
        inner, attribute = _search_inner(estimator, fitted=fitted, who=who)
        found = unwrap(inner, fitted=fitted, who=who)
        seen = f"{type(estimator).__name__}.{attribute}"
        return found._replace(through=(seen, *found.through))
    if isinstance(estimator, (TransformedTargetRegressor, DifferencedTargetRegressor)):
        attribute = "regressor_" if fitted else "regressor"
        if fitted and not hasattr(estimator, "regressor_"):
            raise _not_fitted(who, estimator)
        inner = getattr(estimator, attribute)
        if inner is None:  # what TransformedTargetRegressor fits by default
            inner = LinearRegression()
        seen = f"{type(estimator).__name__}.{attribute}"
        if _is_wrapper(inner):
            found = unwrap(inner, fitted=fitted, who=who)
            return found._replace(through=(seen, *found.through))
        _check_fitted_model(who, inner, fitted)
        return Unwrapped([], ("regressor", inner), (seen,))
    if isinstance(estimator, Pipeline):
        return _pipeline_parts(estimator, fitted=fitted, who=who)
    if is_transformer(estimator):
        return Unwrapped([(type(estimator).__name__.lower(), estimator)], None, ())
    _check_fitted_model(who, estimator, fitted)
    return Unwrapped([], (type(estimator).__name__.lower(), estimator), ())


def _pipeline_parts(pipeline, *, fitted: bool, who: str) -> Unwrapped:
    steps = list(pipeline.steps)
    if not steps:
        raise ValueError(
            f"{who} got a Pipeline with no steps: there is nothing to inspect. "
            "Give it its steps, for example make_pipeline(SlidingWindow("
            "timesteps=12), LSTMRegressor())."
        )
    *head, (name, last) = steps
    if is_passthrough(last):
        return Unwrapped(steps, None, ())
    if _is_wrapper(last):  # a Pipeline, search or TTR as the last step
        found = unwrap(last, fitted=fitted, who=who)
        inner = [(f"{name}__{n}", step) for n, step in found.steps]
        model = found.model and (f"{name}__{found.model[0]}", found.model[1])
        return Unwrapped(head + inner, model, found.through)
    if is_transformer(last):
        return Unwrapped(steps, None, ())
    _check_fitted_model(who, last, fitted)
    return Unwrapped(head, (name, last), ())


def _search_inner(search, *, fitted: bool, who: str):
    """The estimator inside a search, and the attribute it was read from."""
    best = getattr(search, "best_estimator_", None)
    if best is not None:
        return best, "best_estimator_"
    if not fitted:
        return search.estimator, "estimator"
    name = type(search).__name__
    if hasattr(search, "cv_results_"):  # fitted, but nothing refitted
        raise NotFittedError(
            f"{who} needs the refitted best estimator of {name}, but it was "
            f"fitted with refit={search.refit!r}, so it keeps no "
            f"best_estimator_. Fit it with refit=True, or refit the best "
            f"parameters yourself: search.estimator.set_params(**search."
            "best_params_).fit(X, y)."
        )
    raise _not_fitted(who, search)


def _check_fitted_model(who: str, model, fitted: bool) -> None:
    if not fitted:
        return
    try:
        check_is_fitted(model)
    except NotFittedError:
        raise _not_fitted(who, model) from None


def _not_fitted(who: str, estimator) -> NotFittedError:
    return NotFittedError(
        f"{who} needs a fitted estimator, but this {type(estimator).__name__} "
        "is not fitted yet: call fit(X, y) first."
    )


def predict_frame(estimator, X, *, name="prediction"):
    """Predictions of a fitted Pipeline laid on the rows of ``X``.

    Every row of ``X`` gets its prediction, on ``X``'s index (time, entity),
    next to the group columns of the Pipeline's ``SlidingWindow`` and the
    number of padded steps of its window: rows whose window reaches before
    the start of their series (the warm-up) show it, so they can be told
    apart or dropped. Groups that are index levels of ``X`` (a MultiIndex
    ``(id, date)``) are already in the index and are not repeated as columns.

    Parameters
    ----------
    estimator : Pipeline, TransformedTargetRegressor or search
        A fitted Pipeline whose steps turn every row into one sample of 3D
        data ``(n_samples, n_timesteps, n_features)`` (``SlidingWindow``,
        ``To3D``), or a fitted ``TransformedTargetRegressor`` or search
        (``GridSearchCV``, ``RandomizedSearchCV``, ``HalvingGridSearchCV``,
        with ``refit=True``) around one, nested in any order. The
        predictions are ``estimator.predict(X)``: the target transform of a
        ``TransformedTargetRegressor`` is undone as usual.
    X : DataFrame of shape (n_rows, n_columns)
        The rows to predict.
    name : str, default="prediction"
        The name of the prediction column (``name_0``, ``name_1``, ... for
        several outputs). It may not be the name of a group column of ``X``,
        of an index level of ``X`` or ``"padded_steps"``.

    Returns
    -------
    frame : DataFrame
        Indexed like ``X``: the group columns (if any), the prediction(s) and
        ``padded_steps``.

    Raises
    ------
    TypeError
        When ``X`` is not a DataFrame, ``name`` not a string, or
        ``estimator`` no Pipeline that windows rows.
    ValueError
        When a prediction column would take the name of another column or of
        an index level, or the predictions are not one per row of ``X``.
    sklearn.exceptions.NotFittedError
        When ``estimator`` is not fitted (or is a search fitted with
        ``refit=False``).

    See Also
    --------
    trace_shapes : The shape of the data after every step of a Pipeline.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from sklstm import SlidingWindow, predict_frame
    >>> X = pd.DataFrame({"x": np.arange(5.0)},
    ...                  index=pd.date_range("2024-01-01", periods=5))
    >>> flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    >>> pipe = make_pipeline(SlidingWindow(timesteps=3), flat, LinearRegression())
    >>> predict_frame(pipe.fit(X, X["x"] + 1), X).round(2)
                prediction  padded_steps
    2024-01-01         1.0             2
    2024-01-02         2.0             1
    2024-01-03         3.0             0
    2024-01-04         4.0             0
    2024-01-05         5.0             0

    A prediction column may not hide a column of ``X``:

    >>> X["store"] = "a"
    >>> pipe = make_pipeline(SlidingWindow(timesteps=3, groups="store"), flat,
    ...                      LinearRegression()).fit(X, X["x"] + 1)
    >>> predict_frame(pipe, X, name="store")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: predict_frame(name='store'): the prediction column 'store' would ...
    """
    who = "predict_frame"
    if not isinstance(name, str) or not name:
        raise TypeError(
            f"{who}: name must be a non-empty string, the name of the "
            f"prediction column; got {name!r}."
        )
    _check_frame(who, X)
    steps, model, through = unwrap(estimator, fitted=True, who=who)
    described = _described(estimator, through)
    if model is None:
        raise TypeError(
            f"{who} needs an estimator that predicts, but {described} ends with "
            f"the transformer {type(steps[-1][1]).__name__}, which has no "
            "predict. Put the model (LSTMRegressor, LSTMClassifier) last."
        )
    model_name = type(model[1]).__name__
    if not steps:
        holds = f"{described} holds" if through else "it got"
        raise TypeError(
            f"{who} lays the predictions of a Pipeline that windows the rows of "
            f"X (SlidingWindow, To3D) back on those rows, but {holds} a single "
            f"{model_name}, with no step that builds 3D data. Pass the whole "
            "Pipeline, or use estimator.predict(X)."
        )

    data, padded, groups = X, None, {}
    for _, step in steps:
        if is_passthrough(step):
            continue
        if isinstance(step, SlidingWindow) and isinstance(data, pd.DataFrame):
            groups.update(_group_columns(step, data, X))
        data = step.transform(data)
        if np.ndim(data) == 3:  # the windows the model reads (the last 3D ones)
            padded = padded_step_counts(data)
    if padded is None:
        raise TypeError(
            f"{who} lays the predictions of windowed rows back on X, but no "
            f"step of {described} gives 3D data (n_samples, n_timesteps, "
            f"n_features): the data that reaches the {model_name} is "
            f"{_shape_text(data)}. Put "
            "SlidingWindow (each row is one time step of a series) or To3D "
            "(each row is one sample) in the Pipeline, or use "
            "estimator.predict(X) for a model without windows."
        )

    prediction = np.asarray(estimator.predict(X))
    n_predictions = len(prediction) if prediction.ndim else 1
    if prediction.ndim == 0 or n_predictions != len(X):
        raise ValueError(
            f"{who}: {described} made {n_predictions} "
            f"predictions (an array of shape {prediction.shape}) for the "
            f"{plural(len(X), 'row')} of X, so they cannot be laid on its "
            "rows: its steps must keep one sample per row, as SlidingWindow and "
            "To3D do. Use estimator.predict(X) instead."
        )
    if prediction.ndim > 2:
        raise ValueError(
            f"{who} lays one value or one vector per row, but {described} "
            f"predicts an array of shape {describe_shape(prediction.shape)} "
            "(a sequence per row). Use estimator.predict(X), or reshape it: "
            "prediction.reshape(len(X), -1)."
        )
    outputs = (
        [name]
        if prediction.ndim == 1
        else [f"{name}_{j}" for j in range(prediction.shape[1])]
    )
    _check_free_names(who, name, outputs, groups, X.index.names)
    columns = dict(groups)
    if prediction.ndim == 1:
        columns[name] = prediction
    else:
        columns.update(zip(outputs, prediction.T, strict=True))
    columns[PADDED_STEPS] = padded
    return pd.DataFrame(columns, index=X.index)


def _check_frame(who: str, X) -> None:
    if isinstance(X, pd.DataFrame):
        return
    if isinstance(X, pd.Series):
        fix = "X.to_frame() turns a Series into a one-column DataFrame."
    else:
        fix = (
            "Pass the DataFrame the Pipeline was fitted on, or use "
            "estimator.predict for arrays."
        )
    shape = getattr(X, "shape", None)
    seen = _a(type(X).__name__) + ("" if shape is None else f" of shape {shape}")
    raise TypeError(
        f"{who} lays predictions on the index of a pandas DataFrame, but got "
        f"{'None' if X is None else seen}. {fix}"
    )


def _group_columns(window: SlidingWindow, data: pd.DataFrame, X: pd.DataFrame):
    """The group columns of ``window`` (not the index levels), as arrays.

    Read from ``X`` when they are its columns (their dtype kept), otherwise
    from the data the window gets (an earlier step made them).
    """
    found = {}
    for column in column_list(window.groups):
        if column in X.columns:
            found[column] = X[column].array
        elif column in data.columns:
            found[column] = data[column].array
    return found


def _check_free_names(who, name, outputs, groups, levels) -> None:
    """Refuse a prediction column that would hide another column or level."""
    taken = {**dict.fromkeys(groups, "the group column"), PADDED_STEPS: None}
    if PADDED_STEPS in groups:
        raise ValueError(
            f"{who}: X has a group column named {PADDED_STEPS!r}, the name of "
            "the column that counts the padded steps of every row's window. "
            f"Rename it, for example X.rename(columns={{{PADDED_STEPS!r}: "
            "'group'}), and the groups of the Pipeline with it."
        )
    for output in outputs:
        if output in taken:
            what = (
                f"the column {PADDED_STEPS!r} (the padded steps of every row's window)"
                if output == PADDED_STEPS
                else f"the group column {output!r} of X"
            )
        elif output in levels:
            what = (
                f"the index level {output!r} of X (frame.reset_index() would then fail)"
            )
        else:
            continue
        suggestion = _free_name({*taken, *levels, *(c for c in outputs)})
        raise ValueError(
            f"{who}(name={name!r}): the prediction column {output!r} would "
            f"take the name of {what}. Pass another name, for example "
            f"name={suggestion!r}."
        )


def _free_name(taken) -> str:
    for candidate in ("prediction", "predicted", "forecast"):
        if not any(t == candidate or str(t).startswith(candidate) for t in taken):
            return candidate
    return "prediction_of_the_model"


def _a(name: str) -> str:
    """``name`` with its article: "a Series", "an ndarray"."""
    spoken_vowel = name[:1].lower() in "aeiou" or name.startswith("nd")  # en-dee
    return f"{'an' if spoken_vowel else 'a'} {name}"


def _described(estimator, through) -> str:
    """``"the Pipeline"``, or what it was found in, for messages."""
    if not through:
        return f"the {type(estimator).__name__}"
    return f"the {type(estimator).__name__} (seen through {' -> '.join(through)})"


def _shape_text(data) -> str:
    shape = getattr(data, "shape", None)
    if shape is None:
        return f"a {type(data).__name__}"
    return describe_shape(tuple(int(s) for s in shape))
