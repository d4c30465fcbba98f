"""Input checks, and error messages that explain the three axes.

Every public transformer of sklstm validates its input here, so that a user who
pastes in data of the wrong shape is told, in one message, which shape was
expected, which was seen (with the meaning of each axis) and what to do.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval

AXES = "(n_samples, n_timesteps, n_features)"

# float64 first: what other numeric dtypes are converted to.
FLOAT_DTYPES = (np.float64, np.float32)

_TO_3D_HINT = (
    "Put To3D (each row is one sample), SlidingWindow (each row is one time "
    "step of a series) or SequencePadder (a list of variable-length sequences) "
    "before it."
)


class Count(Interval):
    """An ``Interval`` of integers that refuses bools.

    ``True`` is an ``Integral`` to Python, so ``Interval(Integral, 1, None)``
    accepts ``timesteps=True``; a size is never a bool. numpy integers (from
    ``np.arange`` grids) are accepted.

    >>> Count(1, None).is_satisfied_by(True), Count(1, None).is_satisfied_by(3)
    (False, True)
    """

    def __init__(self, left, right, *, closed="left"):
        super().__init__(Integral, left, right, closed=closed)

    def is_satisfied_by(self, val):
        if isinstance(val, (bool, np.bool_)):
            return False
        return super().is_satisfied_by(val)

    def __str__(self):
        return f"{super().__str__()} (not a bool)"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_shape(shape: Sequence[int]) -> str:
    """Spell out a shape with the meaning of each axis.

    >>> describe_shape((5, 3, 2))
    '(5, 3, 2) = 5 samples x 3 time steps x 2 features'
    >>> describe_shape((7, 4))
    '(7, 4) = 7 rows x 4 columns'
    """
    shape = tuple(int(s) for s in shape)
    if len(shape) == 3:
        n, t, f = shape
        words = (
            f"{plural(n, 'sample')} x {plural(t, 'time step')} x {plural(f, 'feature')}"
        )
    elif len(shape) == 2:
        words = f"{plural(shape[0], 'row')} x {plural(shape[1], 'column')}"
    elif len(shape) == 1:
        words = plural(shape[0], "value")
    else:
        return str(shape)
    return f"{shape} = {words}"


def dimension_error(who: str, shape: Sequence[int], expected: int) -> ValueError:
    """The error for data with the wrong number of axes.

    Parameters
    ----------
    who : str
        The name of the estimator or function that got the data.
    shape : tuple of int
        The shape that was seen.
    expected : {2, 3}
        The number of axes that ``who`` wants.
    """
    ndim = len(shape)
    seen = f"got a {ndim}D array of shape {describe_shape(shape)}."
    if expected == 2 and ndim == 1:
        advice = (
            "Reshape your data: a single series is one feature, so pass "
            "X.reshape(-1, 1) for a numpy array or series.to_frame() for a "
            "pandas Series."
        )
        return ValueError(
            f"{who} expects a 2D table of shape (n_rows, n_features), one row "
            f"per time step; {seen} {advice}"
        )
    if expected == 2 and ndim == 3:
        return ValueError(
            f"{who} expects a 2D table of shape (n_rows, n_features) and builds "
            f"the 3D {AXES} array itself; {seen} Data that is already 3D goes "
            "straight to the LSTM estimator (or to StepwiseTransformer for "
            "scaling)."
        )
    if expected == 3 and ndim == 2:
        return ValueError(
            f"{who} expects 3D data of shape {AXES}; {seen} An LSTM needs each "
            f"sample to be a sequence of time steps. {_TO_3D_HINT}"
        )
    wanted = {2: "a 2D table (n_rows, n_features)", 3: f"3D data {AXES}"}[expected]
    return ValueError(f"{who} expects {wanted}; {seen}")


def check_float_array(
    X,
    *,
    who: str,
    ndim: int | tuple[int, ...],
    allow_nan: bool = True,
    copy: bool = False,
) -> np.ndarray:
    """Convert ``X`` to a float array with ``ndim`` axes, or explain why not.

    float32 and float64 are kept; every other numeric dtype becomes float64.
    ``X`` itself is never modified.

    Parameters
    ----------
    X : array-like
        The data.
    who : str
        The name used in error messages.
    ndim : int or tuple of int
        The accepted numbers of axes.
    allow_nan : bool, default=True
        Whether NaN is allowed (infinity never is).
    copy : bool, default=False
        Whether to force a copy.
    """
    accepted = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    seen = input_shape(X)
    if seen is not None and len(seen) not in accepted:
        raise dimension_error(who, seen, max(accepted))
    return check_array(
        X,
        dtype=FLOAT_DTYPES,
        ensure_all_finite="allow-nan" if allow_nan else True,
        ensure_2d=min(accepted) >= 2,
        allow_nd=max(accepted) > 2,
        copy=copy,
        input_name="X",
        estimator=who,
    )


def column_list(columns) -> list[Hashable]:
    """``None``, one column name or a list of names, as a list."""
    if columns is None:
        return []
    if isinstance(columns, (list, tuple, pd.Index, np.ndarray)):
        return list(columns)
    return [columns]


def check_columns_exist(df: pd.DataFrame, columns, *, who: str, role: str) -> list:
    """Check that every name in ``columns`` is a column of ``df``."""
    names = column_list(columns)
    missing = [c for c in names if c not in df.columns]
    if missing:
        raise ValueError(
            f"{who}: the {role} column(s) {missing} are not in the DataFrame, "
            f"whose columns are {list(df.columns)}."
        )
    return names


def numeric_frame_values(df: pd.DataFrame, *, who: str, hint: str = "") -> np.ndarray:
    """The values of a DataFrame's columns as a float array.

    A non-numeric column is a ``TypeError`` naming it; ``hint`` says what to do
    with it.
    """
    bad = [
        f"{name!r} ({dtype})"
        for name, dtype in df.dtypes.items()
        if not (
            pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
        )
    ]
    if bad:
        raise TypeError(
            f"{who} needs numeric feature columns, but column(s) "
            f"{', '.join(bad)} are not numeric. {hint}".rstrip()
        )
    if df.shape[1] == 0:
        raise ValueError(
            f"{who} got a DataFrame with no feature column (shape {df.shape}); "
            "every time step needs at least one feature."
        )
    return check_array(
        df, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan", estimator=who
    )


def group_codes(df: pd.DataFrame, columns: list) -> tuple[np.ndarray, list]:
    """Integer codes of the groups formed by ``columns``, and their keys.

    Codes follow the order in which each group first appears.
    """
    if len(columns) == 1:
        codes, keys = pd.factorize(df[columns[0]], sort=False, use_na_sentinel=False)
        return codes.astype(np.intp, copy=False), list(keys)
    codes, keys = pd.MultiIndex.from_frame(df[columns]).factorize(sort=False)
    return codes.astype(np.intp, copy=False), list(keys)


TIME_INDEXES = (pd.DatetimeIndex, pd.PeriodIndex, pd.TimedeltaIndex)


def check_time_order(
    index: pd.Index, codes: np.ndarray | None, keys: list, *, who: str
) -> None:
    """Check that a time index increases strictly within every group.

    Only a DatetimeIndex, PeriodIndex or TimedeltaIndex is checked: any other
    index says nothing about time.
    """
    if not isinstance(index, TIME_INDEXES) or len(index) < 2:
        return
    if index.hasnans:
        raise ValueError(
            f"{who}: the time index has missing values (NaT); every row needs a "
            "time stamp to take its place in a window."
        )
    ticks = np.asarray(index.asi8)
    if codes is None:
        codes = np.zeros(len(ticks), dtype=np.intp)
    order = np.argsort(codes, kind="stable")
    same = codes[order][1:] == codes[order][:-1]
    step = np.diff(ticks[order])
    bad = np.flatnonzero(same & (step <= 0))
    if bad.size == 0:
        return
    first = bad[0]
    before, after = index[order[first]], index[order[first + 1]]
    where = "" if len(keys) <= 1 else f" within group {keys[codes[order[first]]]!r}"
    if step[first] == 0:
        raise ValueError(
            f"{who}: two rows{where} share the time stamp {before}. A window "
            "needs one row per time step: aggregate duplicates first, for "
            "example X.groupby([*group_columns, X.index]).mean()."
        )
    raise ValueError(
        f"{who}: the time index is not increasing{where}: {after} comes after "
        f"{before}. Windows are read in row order, so sort the rows by time "
        'first, for example X.sort_index(kind="stable").'
    )


def input_shape(X) -> tuple[int, ...] | None:
    """The shape of ``X`` before any conversion, or None if numpy cannot tell.

    Used to explain a wrong number of axes before ``check_array`` or
    ``validate_data`` reject the data with a message that does not.

    >>> input_shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    >>> input_shape(np.zeros((4, 3, 2)))
    (4, 3, 2)
    """
    if hasattr(X, "shape"):
        return tuple(int(s) for s in X.shape)
    try:
        return np.shape(np.asarray(X, dtype=object))
    except ValueError:  # ragged nested lists
        return None
