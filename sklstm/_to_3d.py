"""Reshape 1D and 2D data into the 3D ``(n_samples, n_timesteps, n_features)``
input of an LSTM, without windows: ``to_3d`` and ``To3D``."""

from __future__ import annotations

import re
import warnings
from itertools import islice
from numbers import Integral
from typing import NamedTuple

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
    column_list,
    describe_shape,
    dimension_error,
    empty_error,
    feature_count_error,
    input_shape,
    non_numeric_columns,
    non_numeric_error,
    numeric_frame_values,
    plural,
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


# ------------------------------------------------- time steps read from names


class _Step(NamedTuple):
    """What a column name says: the feature and the time step it holds."""

    feature: str
    # "number": a step number, larger is later (A1, A2, temp_3).
    # "offset": an offset from the current step t, larger is later, so a
    # larger lag is earlier (x(t-2), x(t), x(t+1), x_lag_3, lag_3_x, x_t-1).
    kind: str
    time: int


_SEP = r"[\s_.\-]"
_OFFSET_PATTERNS = (
    # x(t-2), x(t), x(t+1): the names of series_to_supervised and make_supervised.
    re.compile(
        r"^(?P<feature>.*?\S)\s*\(\s*t\s*(?:(?P<sign>[-+])\s*(?P<k>\d+))?\s*\)$",
        re.IGNORECASE,
    ),
    # x_t-2, x t+1, t-1
    re.compile(rf"^(?:(?P<feature>.*?\S){_SEP}+)?t(?P<sign>[-+])(?P<k>\d+)$", re.I),
    # x_lag_3, x_lag3, x lag 3, lag_3 (a separator before "lag": "flag1" is no lag)
    re.compile(rf"^(?:(?P<feature>.*?\S){_SEP}+)?lag{_SEP}*(?P<k>\d+)$", re.I),
    # lag_3_x, lag3_x
    re.compile(rf"^lag{_SEP}*(?P<k>\d+){_SEP}+(?P<feature>\S.*)$", re.I),
    # salesLag3, salesLag_3: camelCase, "Lag" after a small letter or a digit
    re.compile(rf"^(?P<feature>.*[a-z\d])Lag{_SEP}*(?P<k>\d+)$"),
)
# A1, temp_1, x.10: a name that ends in a number after a letter (or another
# character that is neither a digit nor a separator). Not after a minus sign:
# "sales-1" may be a lag as well as a step number, so it is no step.
_NUMBER_PATTERN = re.compile(r"^(?P<feature>.*[^\d\s_.\-])[\s_.]*(?P<k>\d+)$")


def _step_of(name) -> _Step | None:
    """The feature and time step a column name carries, or None.

    >>> _step_of("A3"), _step_of("sales(t-2)"), _step_of("sales_lag_3")
    (_Step(feature='A', kind='number', time=3), _Step(feature='sales', \
kind='offset', time=-2), _Step(feature='sales', kind='offset', time=-3))
    >>> _step_of("age") is None, _step_of("2024") is None
    (True, True)
    >>> _step_of("salesLag3"), _step_of("flag1")
    (_Step(feature='sales', kind='offset', time=-3), _Step(feature='flag', \
kind='number', time=1))
    """
    if not isinstance(name, str):
        return None
    name = name.strip()
    for index, pattern in enumerate(_OFFSET_PATTERNS):
        found = pattern.match(name)
        if found is None:
            continue
        k = int(found["k"]) if found["k"] is not None else 0
        # Only the (t+k) forms look forward; a lag looks back.
        sign = found.groupdict().get("sign") or "-"
        # Without a feature (t-1, lag_3), the step's own word names it.
        feature = found["feature"] or ("t" if index < 2 else "lag")
        return _Step(feature.strip(), "offset", k if sign == "+" else -k)
    found = _NUMBER_PATTERN.match(name)
    if found is None:
        return None
    return _Step(found["feature"].strip(), "number", int(found["k"]))


def _step_text(kind: str, time: int) -> str:
    """A step in the notation of its kind: ``3``, or ``t-2``, ``t``, ``t+1``."""
    if kind == "number":
        return str(time)
    return "t" if time == 0 else f"t{time:+d}"


def _steps_text(kind: str, times) -> str:
    return ", ".join(_step_text(kind, time) for time in times)


def _listing(items, limit: int = 8) -> str:
    """``'a', 'b', 'c'``, or the first ``limit`` items and how many more."""
    items = list(items)
    shown = ", ".join(repr(item) for item in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


class _NamedLayout(NamedTuple):
    """The layout of a table whose column names carry the time steps."""

    features: list  # in the order in which their first column appears
    kind: str
    times: list  # oldest first
    grid: np.ndarray  # grid[t, j]: the column of feature j at step t


# A step number beyond this, in a column name, is no time step of a window.
_FARTHEST_STEP = 10**9

_NOT_STEPS = (
    "If the numbers in these names are not time steps (co2, pm25, x0 .. x5), "
    "pass steps_from_names=False to read the columns by position."
)


def _named_layout(steps: dict, *, who: str) -> _NamedLayout:
    """The time steps x features grid of the columns ``steps`` describes.

    ``steps`` maps the position of each column to ``(name, step)``, in the
    order of the columns. Every feature must have every step, each once, and
    the steps must be evenly spaced: a ValueError says which are not.
    """
    kinds: dict[str, list] = {}
    for name, step in steps.values():
        kinds.setdefault(step.kind, []).append(name)
    if len(kinds) > 1:
        raise ValueError(
            f"{who} read the time steps from the column names, but they number "
            "their steps in two ways: step numbers, where a larger number is "
            f"later ({_listing(kinds['number'], 4)}), and offsets from the "
            "current step t, where a larger lag is earlier "
            f"({_listing(kinds['offset'], 4)}). The two do not share a time "
            "axis: name every step in one way (A1, A2, A3 or A(t-2), A(t-1), "
            f"A(t)). {_NOT_STEPS}"
        )
    (kind,) = kinds
    features: dict[str, dict[int, tuple]] = {}
    for column, (name, step) in steps.items():
        taken = features.setdefault(step.feature, {})
        if step.time in taken:
            raise ValueError(
                f"{who} read the time steps from the column names, and columns "
                f"{taken[step.time][1]!r} and {name!r} both hold step "
                f"{_step_text(kind, step.time)} of feature {step.feature!r}. "
                "Drop or rename one of them."
            )
        taken[step.time] = (column, name)
    times = sorted(set().union(*features.values()))
    far = [name for name, step in steps.values() if abs(step.time) > _FARTHEST_STEP]
    if far:
        raise ValueError(
            f"{who} read the time steps from the column names, but "
            f"{_listing(far, 4)} would be more than {_FARTHEST_STEP:,} steps "
            f"from step 0, which no window holds. {_NOT_STEPS}"
        )
    missing = [
        f"{feature!r} at step {_step_text(kind, time)}"
        for feature, found in features.items()
        for time in times
        if time not in found
    ]
    if missing:
        complete = [f for f, found in features.items() if len(found) == len(times)]
        raise ValueError(
            f"{who} read {len(times)} time steps "
            f"({_steps_text(kind, times)}) of "
            f"{plural(len(features), 'feature')} from the column names, but not every "
            "feature has every step; missing: "
            f"{', '.join(missing[:10])}{' ...' if len(missing) > 10 else ''}"
            + (f" (complete: {_listing(complete, 4)})" if complete else "")
            + ". Each time step of a sample holds every feature: add the missing "
            "columns (NaN where the value is unknown, imputed later), or drop "
            f"the incomplete features. {_NOT_STEPS}"
        )
    gaps = set(np.diff(times).tolist())
    if len(gaps) > 1:
        spacing = int(np.gcd.reduce(list(gaps)))
        present = set(times)
        grid_steps = range(times[0], times[-1] + 1, spacing)
        n_absent = len(grid_steps) - len(times)
        absent = list(islice((t for t in grid_steps if t not in present), 10))
        some = _steps_text(kind, absent) + (" ..." if n_absent > 10 else "")
        raise ValueError(
            f"{who} read the time steps {_steps_text(kind, times)} from the "
            "column names, which are not evenly spaced: "
            + (f"steps {some} are" if n_absent > 1 else f"step {some} is")
            + " missing for every feature. An LSTM takes its time steps as "
            "equally far apart: add the missing columns (NaN where the value is "
            "unknown), or, if the gaps are meant, order the columns oldest "
            "first and pass steps_from_names=False to read them by position."
        )
    grid = np.array(
        [[found[time][0] for found in features.values()] for time in times],
        dtype=np.intp,
    ).reshape(len(times), len(features))
    return _NamedLayout(list(features), kind, times, grid)


def _positional_grid(columns, timesteps: int, order: str) -> np.ndarray:
    """``grid[t, j]``: the column of feature ``j`` at step ``t``, by position."""
    columns = np.asarray(columns, dtype=np.intp)
    f = len(columns) // timesteps
    if order == "time_major":
        return columns.reshape(timesteps, f)
    return columns.reshape(f, timesteps).T


_STATIC_HINT = (
    "A static column is repeated at every time step as one more feature of the "
    "LSTM, so it must hold numbers: encode it first (for example with "
    "OneHotEncoder, whose columns can all be static), or drop it."
)
_COLUMNS_HINT = (
    "Every column of the wide table is one feature of one time step: drop the "
    "non-numeric columns, or encode them as numbers (for example with "
    "OneHotEncoder) before To3D."
)


# auto_wrap_output_keys=None: scikit-learn would otherwise wrap the transform of
# this subclass too and try to make a DataFrame of its 3D output.
class To3D(SequenceTransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Reshape each row of a wide table into one sample of LSTM input.

    A table whose rows each hold a whole sequence, ``n_timesteps`` x
    ``n_features`` values side by side, becomes the 3D array
    ``(n_samples, n_timesteps, n_features)`` that an LSTM expects, one sample
    per row. The number of rows never changes, so ``y`` stays aligned.

    Where the columns lie is read from their names when every name carries a
    time step (``A1, A2, A3, B1, ...``, ``sales(t-2), sales(t-1), sales(t)``,
    ``sales_lag_3``), else from their positions. ``static`` columns hold
    values without time (an age, a store's size): they are repeated at every
    time step.

    Parameters
    ----------
    timesteps : int or None, default=None
        The number of time steps in each row. ``None`` takes them from the
        column names when they carry steps (see ``steps_from_names``), and
        otherwise reads every column as one time step of a single feature:
        ``(n, d) -> (n, d, 1)``. With an integer ``k``, ``(n, k * f) -> (n,
        k, f)``: the number of columns (but the static ones) must be a
        multiple of ``k``.
    order : {"time_major", "feature_major"}, default="time_major"
        How the columns of a row are laid out when they are read by position.
        ``"time_major"``: all features of the first time step, then those of
        the second, ... (``t1f1, t1f2, t2f1, t2f2, ...``).
        ``"feature_major"``: all time steps of the first feature, then those
        of the second, ... (``f1t1, f1t2, ..., f2t1, ...``). Irrelevant when
        each step has one feature, or when the steps are read from the names.
    static : str, int or list of them, default=None
        Columns without time, repeated at every time step as extra features,
        after the features that have steps: names of a DataFrame's columns,
        or integer positions of a numpy array's. They must hold numbers.
    steps_from_names : "auto" or bool, default="auto"
        Whether to read the time steps and the features from the column
        names of a DataFrame. ``True``: every column but the static ones must
        carry a step. ``False``: the columns are read by position.
        ``"auto"``: with ``timesteps=None``, the names are read when every
        column but the static ones carries a step and they hold at least two
        different steps; when only some do, the others are named in an
        error. With an integer ``timesteps``, ``"auto"`` reads by position
        (and warns when the names say otherwise).

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen during ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen during ``fit``. Defined only when `X`
        has column names that are all strings.
    n_timesteps_ : int
        Number of time steps of each output sample (axis 1).
    n_features_per_step_ : int
        Number of features of each time step (axis 2), the static ones
        included.
    layout_ : ndarray of int of shape (`n_timesteps_`, `n_features_per_step_`)
        ``layout_[t, j]`` is the position of the input column that gives
        feature ``j`` at time step ``t``; a static column's position repeats
        down its column. ``transform(X)`` equals ``X[:, layout_]``.
    static_indices_ : ndarray of int
        Positions of the static columns in the input, in the order of
        ``static``; empty without static columns.
    steps_from_names_ : bool
        Whether the time steps were read from the column names.
    steps_ : ndarray of int of shape (`n_timesteps_`,)
        The time steps, oldest first: the numbers of ``A1, A2, A3`` (``[1,
        2, 3]``), the offsets from the current step of ``x(t-2), x(t-1),
        x(t)`` and ``x_lag_2, x_lag_1, x_lag_0`` (``[-2, -1, 0]``), or ``0
        .. n_timesteps_ - 1`` when the columns are read by position.

    See Also
    --------
    to_3d : One whole sequence as a single sample.
    SlidingWindow : Overlapping windows over a series, one row per time step.
    SequencePadder : A list of variable-length sequences as one 3D array.

    Notes
    -----
    **Names that carry a step.** A name is read as a feature and a step if it
    ends in a step number (``A1``, ``temp_12``, ``x.3``: a larger number is
    later), or holds an offset from the current step ``t`` (``sales(t-2)``,
    ``sales(t)``, ``sales(t+1)``, ``sales_t-2``, ``sales_lag_2``,
    ``lag_2_sales``: a larger lag is earlier). The feature is the name
    without its step (``A``, ``sales``). The columns may come in any order:
    the steps are put oldest first, and the features in the order of their
    first column. All names must number their steps in one of the two ways,
    every feature must have every step, and the steps must be evenly spaced
    (``1, 2, 3`` or lags ``14, 7, 0``); anything else is an error that names
    what is missing. A name such as ``co2`` or ``x0`` reads as a step too:
    that is why ``"auto"`` needs every column (but the static ones) to carry
    a step, and at least two different steps, before it reads them.

    When the steps were read from the names, ``transform`` takes a DataFrame
    with the fitted columns in any order; otherwise the columns must come in
    the fitted order, as everywhere in scikit-learn. A DataFrame with other
    columns is refused, naming them.

    ``transform`` returns a view of the validated input where it can: read
    by position without static columns, with ``order="time_major"`` it is a
    pure reshape, with ``"feature_major"`` a transposed view; otherwise it is
    a new array. NaN values are passed through.

    A sparse matrix is refused (densify it with ``X.toarray()``: the 3D
    input of an LSTM is dense). A DataFrame with a non-numeric column is
    refused, naming the column. Values beyond float32's range are kept: a
    scaler after To3D (``StepwiseTransformer``) may still bring them into
    the range the LSTM computes in.

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

    Columns named by their step are read by name, in any order, and a static
    column is repeated at every step:

    >>> import pandas as pd
    >>> table = pd.DataFrame(
    ...     [[12.0, 10.0, 11.0, 0.2, 0.1, 40.0]],
    ...     columns=["sales_lag_1", "sales_lag_3", "sales_lag_2",
    ...              "price_lag_1", "price_lag_3", "age"],
    ... )
    >>> table["price_lag_2"] = 0.15
    >>> to3d = To3D(static=["age"]).fit(table)
    >>> to3d.transform(table)[0]
    array([[10.  ,  0.1 , 40.  ],
           [11.  ,  0.15, 40.  ],
           [12.  ,  0.2 , 40.  ]])
    >>> to3d.get_feature_names_out()
    array(['sales', 'price', 'age'], dtype=object)
    >>> to3d.steps_
    array([-3, -2, -1])
    """

    _parameter_constraints: dict = {
        "timesteps": [Count(1, None), None],
        "order": [StrOptions({"time_major", "feature_major"})],
        # Not a set: the order of the static columns is their order in the output.
        "static": [None, str, Integral, list, tuple, np.ndarray, pd.Index],
        "steps_from_names": [StrOptions({"auto"}), "boolean"],
    }

    def __init__(
        self,
        timesteps=None,
        *,
        order="time_major",
        static=None,
        steps_from_names="auto",
    ):
        self.timesteps = timesteps
        self.order = order
        self.static = static
        self.steps_from_names = steps_from_names

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn where each time step and feature lies in the columns.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps * n_features)
            The wide table, one sample per row (and the static columns).
        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        labels = list(X.columns) if isinstance(X, pd.DataFrame) else None
        X = self._check_X(X, reset=True)
        n_columns = X.shape[1]
        static = self._static_positions(labels, n_columns)
        stepped = [c for c in range(n_columns) if c not in set(static)]
        if not stepped:
            raise ValueError(
                f"{self!r}: static={self.static!r} takes all {n_columns} "
                "columns, so none is left for the time steps. The static columns "
                "are repeated at every time step next to the features that "
                "change from step to step; leave at least one column out of "
                "static."
            )
        names = getattr(self, "feature_names_in_", None)
        grid, times = self._grid(names, stepped, n_columns)
        k = grid.shape[0]
        repeated = np.broadcast_to(np.asarray(static, dtype=np.intp), (k, len(static)))
        # Python ints and numpy arrays (a numpy int from a grid is accepted as
        # timesteps), so that the fitted state is plain data.
        self.layout_ = np.hstack([grid, repeated]).astype(np.intp)
        self.static_indices_ = np.asarray(static, dtype=np.intp)
        self.steps_from_names_ = times is not None
        self.steps_ = np.asarray(range(k) if times is None else times, dtype=np.int64)
        self.n_timesteps_ = int(k)
        self.n_features_per_step_ = int(self.layout_.shape[1])
        return self

    def transform(self, X):
        """Reshape each row into a sample of ``n_timesteps_`` time steps.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps * n_features)
            The wide table, with the columns seen in :meth:`fit` (in any order
            when the steps were read from the names).

        Returns
        -------
        X_3d : ndarray of shape (n_samples, n_timesteps, n_features)
            A float32 input stays float32, anything else becomes float64.
        """
        check_is_fitted(self)
        X = self._check_X(self._in_fitted_order(X), reset=False)
        n, k, f = X.shape[0], self.n_timesteps_, self.n_features_per_step_
        if self._is_plain_reshape():
            if self.order == "time_major":
                return X.reshape(n, k, f)
            return X.reshape(n, f, k).transpose(0, 2, 1)
        return X[:, self.layout_]

    def inverse_transform(self, X):
        """Flatten 3D samples back into the wide table, in the fitted order.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_features)
            3D data with the time steps and features of :meth:`transform`'s
            output.

        Returns
        -------
        X_2d : ndarray of shape (n_samples, n_features_in_)
            One row per sample, with the columns seen in :meth:`fit`, in their
            order. A static column is read from the first time step.
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
        if self._is_plain_reshape():
            if self.order == "feature_major":
                X = X.transpose(0, 2, 1)
            return X.reshape(n, k * f)
        # Each input column from the first (step, feature) that holds it: the
        # first time step for a static column.
        _, first = np.unique(self.layout_.ravel(), return_index=True)
        return X.reshape(n, k * f)[:, first]

    def get_feature_names_out(self, input_features=None):
        """The names of the features of each time step (the last axis).

        The output is 3D, so its feature names are those of its last axis,
        ``n_features_per_step_`` of them, static columns last. With the steps
        read from the names, a feature is named by its columns' names without
        the step (``sales`` for ``sales(t-1)``, ``sales(t)``). Read by
        position, the features are named by the columns of the first time
        step when the input had column names (or ``input_features`` is
        given), else ``x0, x1, ...``.

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
        >>> X = pd.DataFrame([[1, 10, 2, 20, 3, 30, 7]],
        ...                  columns=["a1", "b1", "a2", "b2", "a3", "b3", "size"])
        >>> To3D(static=["size"]).fit(X).get_feature_names_out()
        array(['a', 'b', 'size'], dtype=object)
        >>> by_position = To3D(timesteps=3, steps_from_names=False)
        >>> by_position.fit(X.iloc[:, :6]).get_feature_names_out()
        array(['a1', 'b1'], dtype=object)
        """
        check_is_fitted(self)
        f = self.n_features_per_step_
        if input_features is None and not hasattr(self, "feature_names_in_"):
            return np.asarray([f"x{i}" for i in range(f)], dtype=object)
        names = check_input_features(self, input_features)
        first_step = [str(names[c]) for c in self.layout_[0]]
        if self.steps_from_names_:
            n_stepped = f - len(self.static_indices_)
            for j in range(n_stepped):
                first_step[j] = _step_of(first_step[j]).feature
        return np.asarray(first_step, dtype=object)

    # ---------------------------------------------------------------- helpers

    def _is_plain_reshape(self) -> bool:
        """Read by position without static columns: a reshape, a view."""
        return not self.steps_from_names_ and not len(self.static_indices_)

    def _in_fitted_order(self, X):
        """A DataFrame with the fitted columns in another order, reordered.

        Only where the steps were read from the names, which say where each
        column goes; read by position, the order of the columns is the layout.
        """
        if not (
            getattr(self, "steps_from_names_", False) and isinstance(X, pd.DataFrame)
        ):
            return X
        fitted = self.feature_names_in_
        columns = X.columns
        if (
            len(columns) == len(fitted)
            and columns.is_unique
            and not np.array_equal(columns, fitted)
            and set(columns) == set(fitted)
        ):
            return X[list(fitted)]
        return X

    def _grid(self, names, stepped: list, n_columns: int):
        """The time steps x features grid of the non-static columns, and the
        steps read from the names (None when the columns are read by
        position)."""
        mode = self.steps_from_names
        auto = isinstance(mode, str)
        if names is None:
            if not auto and mode:
                raise ValueError(
                    f"{self!r} reads the time steps from the column names, but X "
                    "has no column names (a numpy array, or a DataFrame whose "
                    "column names are not all strings). Pass a DataFrame with "
                    "named columns, or leave steps_from_names='auto' to read the "
                    "columns by position."
                )
            return self._positional(stepped, n_columns), None
        steps = {c: (names[c], _step_of(names[c])) for c in stepped}
        odd = [name for name, step in steps.values() if step is None]
        n_steps = len({(s.kind, s.time) for _, s in steps.values() if s is not None})
        if (not auto and mode) or (auto and self.timesteps is None and n_steps >= 2):
            if odd:
                raise self._odd_names_error(steps, odd)
            named = _named_layout(steps, who=repr(self))
            if self.timesteps is not None and self.timesteps != len(named.times):
                raise ValueError(
                    f"{self!r}: the column names carry {len(named.times)} time "
                    f"steps ({_steps_text(named.kind, named.times)}) "
                    f"of {plural(len(named.features), 'feature')} "
                    f"({_listing(named.features, 4)}), not {self.timesteps}. Pass "
                    "timesteps=None to take the steps from the names, or "
                    "steps_from_names=False to split the columns by position."
                )
            return named.grid, named.times
        grid = self._positional(stepped, n_columns)
        if auto and not odd and n_steps >= 2:
            self._warn_if_names_disagree(grid, steps)
        return grid, None

    def _positional(self, stepped: list, n_columns: int) -> np.ndarray:
        k = len(stepped) if self.timesteps is None else self.timesteps
        if len(stepped) % k:
            raise ValueError(self._not_a_multiple_message(n_columns, len(stepped)))
        return _positional_grid(stepped, int(k), self.order)

    def _warn_if_names_disagree(self, grid: np.ndarray, steps: dict) -> None:
        """Warn when ``timesteps`` splits by position columns whose names say
        they lie elsewhere (``A1, A2, A3, B1, B2, B3`` read time-major)."""
        try:
            named = _named_layout(steps, who=repr(self))
        except ValueError:
            return  # the names are no consistent layout: nothing to say
        k, f = named.grid.shape
        if f == 1 and k != grid.shape[0]:
            # One feature numbered 0 .. d-1 (x0 .. x5, col_0 ...): these number
            # the columns, and timesteps splits them.
            return
        if named.grid.shape == grid.shape and np.array_equal(named.grid, grid):
            return
        names = {c: name for c, (name, _) in steps.items()}
        first = ", ".join(names[c] for c in grid[0][:4])
        first += ", ..." if grid.shape[1] > 4 else ""
        warnings.warn(
            f"{self!r} reads the columns by position, so its first time step "
            f"holds {first}; but the column names carry {k} time steps "
            f"({_steps_text(named.kind, named.times)}) of "
            f"{plural(f, 'feature')} ({_listing(named.features, 4)}), laid "
            "out otherwise. "
            "Pass timesteps=None to read the steps from the names (oldest "
            "first, whatever the column order), or steps_from_names=False if "
            "the numbers in the names are not time steps (which also silences "
            "this warning).",
            UserWarning,
            stacklevel=5,  # the caller of fit, past sklearn's _fit_context
        )

    def _odd_names_error(self, steps: dict, odd: list) -> ValueError:
        stepped = [name for name, step in steps.values() if step is not None]
        return ValueError(
            f"{self!r} reads the time steps from the column names when every "
            "column (but the static ones) carries a step, as in A1, A2, A3 or "
            f"sales(t-2), sales(t-1), sales_lag_3. Here {len(stepped)} of "
            f"{len(steps)} columns carry a step ({_listing(stepped, 6)}), but "
            f"{len(odd)} {'does' if len(odd) == 1 else 'do'} not: {_listing(odd, 10)}. "
            "If those hold values "
            f"without time, pass static={odd[:10]!r} to repeat them at every "
            "time step; if they are steps, rename them with their step "
            "(sales(t) for the current one); if the numbers in the other names "
            "are not time steps, pass steps_from_names=False to read every "
            "column by position."
        )

    def _static_positions(self, labels, n_columns: int) -> list[int]:
        """The positions of the static columns, in the order given."""
        static = column_list(self.static)
        if not static:
            return []
        if labels is not None:
            # validate_data has refused repeated column labels already.
            # A bool is no label, though True == 1 would find column 1.
            missing = [
                name
                for name in static
                if isinstance(name, (bool, np.bool_)) or name not in labels
            ]
            if missing:
                ints = any(isinstance(c, Integral) for c in missing)
                raise ValueError(
                    f"{self!r}: the static column(s) {missing} are not in the "
                    f"DataFrame, whose columns are {_listing(labels, 12)}."
                    + (
                        " For a DataFrame, static names columns; integer "
                        "positions are for numpy arrays."
                        if ints
                        else ""
                    )
                )
            positions = [labels.index(name) for name in static]
        else:
            if not all(
                isinstance(c, Integral)
                and not isinstance(c, (bool, np.bool_))
                and -n_columns <= c < n_columns
                for c in static
            ):
                raise ValueError(
                    f"{self!r}: static={self.static!r} names columns, but X is "
                    f"a numpy array with {n_columns} unnamed columns. Pass a "
                    "pandas DataFrame, or give the static columns as integer "
                    f"positions (0 .. {n_columns - 1})."
                )
            positions = [int(c) % n_columns for c in static]
        if len(set(positions)) < len(positions):
            raise ValueError(
                f"{self!r}: static={self.static!r} names a column twice. Name "
                "each static column once."
            )
        return positions

    def _check_X(self, X, *, reset):
        who = type(self).__name__
        if sparse.issparse(X):
            raise sparse_error(who)
        if isinstance(X, pd.DataFrame):
            bad = non_numeric_columns(X)
            if bad:
                static = column_list(self.static)
                hint = (
                    _STATIC_HINT
                    if any(name in static for name, _ in bad)
                    else _COLUMNS_HINT
                )
                raise non_numeric_error(who, bad, hint=hint)
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
                    f"read as {self._layout_words()} to give {AXES} = "
                    f"(n_rows, {self.n_timesteps_}, {self.n_features_per_step_})."
                    + self._changed_columns(X)
                ),
            )
        return validate_data(
            self,
            X,
            reset=reset,
            dtype=FLOAT_DTYPES,
            ensure_all_finite="allow-nan",
        )

    def _changed_columns(self, X) -> str:
        """The columns of a DataFrame that were not seen in fit, and the fitted
        columns it lacks, in a sentence (empty for other data)."""
        fitted = getattr(self, "feature_names_in_", None)
        if fitted is None or not isinstance(X, pd.DataFrame):
            return ""
        unseen = [c for c in X.columns if c not in set(fitted)]
        missing = [c for c in fitted if c not in set(X.columns)]
        words = []
        if unseen:
            words.append(f"columns unseen at fit time: {_listing(unseen, 10)}")
        if missing:
            words.append(f"fitted columns missing: {_listing(missing, 10)}")
        return f" X has {'; '.join(words)}." if words else ""

    def _layout_words(self) -> str:
        words = f"{self.n_timesteps_} time steps x {self.n_features_per_step_} features"
        n_static = len(self.static_indices_)
        if n_static:
            words += f" ({n_static} of them static, repeated at every step)"
        return words

    def _not_a_multiple_message(self, n_columns: int, n_stepped: int) -> str:
        k = self.timesteps
        divisors = [d for d in range(1, n_stepped + 1) if n_stepped % d == 0]
        if len(divisors) > 8:
            divisors = [*divisors[:7], "...", divisors[-1]]
        if n_stepped == n_columns:
            seen = f"{n_columns} columns per row"
            split = "the rows"
        else:
            seen = (
                f"{n_columns} columns per row, {n_columns - n_stepped} of them static"
            )
            split = f"the other {n_stepped} columns"
        return (
            f"{self!r} got {seen}; {n_stepped} is not a multiple of {k}, so "
            f"{split} cannot be split into {k} time steps. To3D turns each row "
            f"into one sample of the 3D array {AXES}, so a row must hold "
            "n_timesteps x n_features "
            f"values, and {n_stepped} columns / {k} time steps is not a whole "
            "number of features. Pick a timesteps that divides "
            f"{n_stepped} ({', '.join(map(str, divisors))}), or drop or add "
            f"columns so that their number is a multiple of {k}."
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags
