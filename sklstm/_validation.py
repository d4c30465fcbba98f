"""Input checks, and error messages that explain the three axes.

Every public transformer of sklstm validates its input here, so that a user who
pastes in data of the wrong shape is told, in one message, which shape was
expected, which was seen (with the meaning of each axis) and what to do.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import sparse
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


class Amount(Interval):
    """An ``Interval`` of real numbers that refuses bools.

    >>> Amount(0, None, closed="neither").is_satisfied_by(True)
    False
    """

    def __init__(self, left, right, *, closed="left", kind=Real):
        super().__init__(kind, left, right, closed=closed)

    def is_satisfied_by(self, val):
        if isinstance(val, (bool, np.bool_)):
            return False
        return super().is_satisfied_by(val)

    def __str__(self):
        return f"{super().__str__()} (not a bool)"


class Count(Amount):
    """An ``Interval`` of integers that refuses bools.

    ``True`` is an ``Integral`` to Python, so ``Interval(Integral, 1, None)``
    accepts ``timesteps=True``; a size is never a bool. numpy integers (from
    ``np.arange`` grids) are accepted.

    >>> Count(1, None).is_satisfied_by(True), Count(1, None).is_satisfied_by(3)
    (False, True)
    """

    def __init__(self, left, right, *, closed="left"):
        super().__init__(left, right, closed=closed, kind=Integral)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def describe_shape(shape: Sequence[int], *, target: bool = False) -> str:
    """Spell out a shape with the meaning of each axis.

    With ``target=True`` the shape is that of a target ``y``: its first axis
    counts samples and its last one outputs.

    >>> describe_shape((5, 3, 2))
    '(5, 3, 2) = 5 samples x 3 time steps x 2 features'
    >>> describe_shape((7, 4))
    '(7, 4) = 7 rows x 4 columns'
    >>> describe_shape((62, 1, 10), target=True)
    '(62, 1, 10) = 62 samples x 1 time step x 10 outputs'
    >>> describe_shape((62, 3), target=True)
    '(62, 3) = 62 samples x 3 outputs'
    """
    shape = tuple(int(s) for s in shape)
    last = "output" if target else "feature"
    if len(shape) == 3:
        n, t, f = shape
        words = f"{plural(n, 'sample')} x {plural(t, 'time step')} x {plural(f, last)}"
    elif len(shape) == 2 and target:
        words = f"{plural(shape[0], 'sample')} x {plural(shape[1], 'output')}"
    elif len(shape) == 2:
        words = f"{plural(shape[0], 'row')} x {plural(shape[1], 'column')}"
    elif len(shape) == 1:
        words = plural(shape[0], "sample" if target else "value")
    else:
        return str(shape)
    return f"{shape} = {words}"


def ragged_error(who: str, lengths=None) -> ValueError:
    """The error for sequences of different lengths handed to one array.

    Parameters
    ----------
    who : str
        The name of the estimator or function that got the sequences.
    lengths : sequence of int, optional
        The length of each sequence, when known; the first few are shown.

    Returns
    -------
    ValueError
        The error, to be raised.

    Examples
    --------
    >>> print(ragged_error("To3D", [3, 5, 4, 2, 6, 7, 3]))  # doctest: +ELLIPSIS
    To3D got sequences of different lengths (3, 5, 4, 2, 6, 7, ...): they ...
    """
    if lengths is None:
        seen = "sequences of different lengths"
    else:
        lengths = [int(n) for n in lengths]
        shown = ", ".join(map(str, lengths[:6])) + (", ..." if len(lengths) > 6 else "")
        seen = f"sequences of different lengths ({shown})"
    return ValueError(
        f"{who} got {seen}: they have no single shape {AXES}, so they are not "
        "one array. Put SequencePadder first: it pads them to one length (with "
        "all-NaN steps, which the LSTM estimators mask) and returns that 3D "
        "array; it also takes the place of To3D, whose rows must all have one "
        "length."
    )


def feature_count_error(
    who: str, *, seen: int, expected: int, shape, detail: str = ""
) -> ValueError:
    """The error for data with another number of features than in ``fit``.

    It opens as scikit-learn's own message does, then says which shape was
    seen, what the fitted features were (``detail``) and what to do.

    Parameters
    ----------
    who : str
        The name of the fitted estimator.
    seen : int
        The number of features of the data.
    expected : int
        The number of features seen in ``fit``.
    shape : tuple of int
        The shape of the data.
    detail : str, default=""
        What the fitted features are, in a sentence.

    Returns
    -------
    ValueError
        The error, to be raised.

    Examples
    --------
    >>> print(feature_count_error("To3D", seen=3, expected=2, shape=(5, 3)))
    X has 3 features, but To3D is expecting 2 features as input; X has shape \
(5, 3) = 5 rows x 3 columns. Pass data with the same features, in the same order, \
as in fit.
    """
    detail = f" {detail.strip()}" if detail else ""
    return ValueError(
        f"X has {seen} features, but {who} is expecting {expected} features as "
        f"input; X has shape {describe_shape(shape)}.{detail} Pass data with "
        "the same features, in the same order, as in fit."
    )


def empty_error(
    who: str, shape, *, axes: Sequence[str] | None = None, detail: str = ""
) -> ValueError:
    """The error for data with no value, naming the axes of length 0.

    Parameters
    ----------
    who : str
        The name of the estimator or function that got the data.
    shape : tuple of int
        The shape of the data.
    axes : sequence of str, optional
        What one entry of each axis is to ``who`` (singular), for example
        ``("time step", "feature")`` for one sequence. By default rows and
        columns for 2D data, samples, time steps and features for 3D data.
    detail : str, default=""
        What to do, in a sentence.

    Returns
    -------
    ValueError
        The error, to be raised.

    Examples
    --------
    >>> print(empty_error("StepwiseTransformer", (0, 3, 2)))
    StepwiseTransformer got empty data of shape (0, 3, 2) = 0 samples x 3 time \
steps x 2 features: it has no sample (found array with 0 sample(s) (shape=(0, 3, \
2)) while a minimum of 1 is required). It needs at least one sample, one time \
step and one feature (the three axes of (n_samples, n_timesteps, n_features)).
    >>> print(empty_error("to_3d", (5, 0), axes=("time step", "feature")))
    to_3d got empty data of shape (5, 0) = 5 time steps x 0 features: it has no \
feature (found array with 0 feature(s) (shape=(5, 0)) while a minimum of 1 is \
required). It needs at least one time step and one feature.
    """
    shape = tuple(int(s) for s in shape)
    default = {
        1: ("value",),
        2: ("row", "column"),
        3: ("sample", "time step", "feature"),
    }.get(len(shape), tuple(f"entry of axis {i}" for i in range(len(shape))))
    names = tuple(axes) if axes is not None else default
    if axes is None:
        seen = describe_shape(shape)
    else:
        sizes = " x ".join(
            plural(n, name) for n, name in zip(shape, names, strict=True)
        )
        seen = f"{shape} = {sizes}"
    missing = " and no ".join(
        n for n, size in zip(names, shape, strict=True) if size == 0
    )
    needed = ", ".join(f"one {n}" for n in names)
    needed = " and ".join(needed.rsplit(", ", 1))
    of = f" (the three axes of {AXES})" if axes is None and len(shape) == 3 else ""
    detail = f" {detail.strip()}" if detail else ""
    # scikit-learn's own words too, which its estimator checks and users'
    # searches look for.
    found = ""
    if len(shape) >= 2 and (shape[0] == 0 or shape[-1] == 0):
        axis = "sample" if shape[0] == 0 else "feature"
        found = (
            f" (found array with 0 {axis}(s) (shape={shape}) while a minimum "
            "of 1 is required)"
        )
    return ValueError(
        f"{who} got empty data of shape {seen}: it has no {missing or 'value'}"
        f"{found}. It needs at least {needed}{of}.{detail}"
    )


def non_numeric_error(who: str, columns, *, hint: str = "") -> TypeError:
    """The error for non-numeric columns, naming each with its dtype.

    Parameters
    ----------
    who : str
        The name of the estimator or function that got the data.
    columns : list of (name, dtype)
        The non-numeric columns.
    hint : str, default=""
        What to do with them; by default, to drop or encode them.

    Returns
    -------
    TypeError
        The error, to be raised.

    Examples
    --------
    >>> print(non_numeric_error("To3D", [("city", "object")]))  # doctest: +ELLIPSIS
    To3D needs numeric feature columns, but column 'city' (object) is not ...
    """
    columns = list(columns)
    named = ", ".join(f"{name!r} ({dtype})" for name, dtype in columns)
    which = f"column {named} is" if len(columns) == 1 else f"columns {named} are"
    hint = hint or (
        "An LSTM reads numbers only: drop these columns, or encode them as "
        "numbers first (for example with OneHotEncoder or OrdinalEncoder, or "
        "dates as calendar features)."
    )
    # Numbers read from a file as text, or mixed with None, have this dtype.
    textual = [name for name, dtype in columns if str(dtype) in ("object", "str")]
    if textual:
        hint = (
            f"{hint} If {textual[0]!r} holds numbers stored as text, convert "
            f"it with pd.to_numeric(X[{textual[0]!r}])."
        )
    return TypeError(
        f"{who} needs numeric feature columns, but {which} not numeric. {hint}"
    )


def sparse_error(who: str) -> TypeError:
    """The error for a sparse matrix, which sklstm does not window.

    Parameters
    ----------
    who : str
        The name of the estimator or function that got the data.

    Returns
    -------
    TypeError
        The error, to be raised.

    Examples
    --------
    >>> print(sparse_error("To3D"))  # doctest: +ELLIPSIS
    To3D got a sparse matrix. ... densify with X.toarray() ...
    """
    return TypeError(
        f"{who} got a sparse matrix. The 3D {AXES} input of an LSTM is dense "
        "(windows of a sparse table would be dense anyway, and Keras' LSTM "
        "reads dense tensors), so sklstm takes dense data only: densify with "
        "X.toarray() first, after checking that the dense table fits in memory "
        "(n_rows x n_columns x 8 bytes)."
    )


_FLOAT32_MAX = float(np.finfo(np.float32).max)


def check_float32_range(values, *, who: str, what: str = "X") -> None:
    """Refuse finite values too large for float32, the dtype Keras computes in.

    Such a value becomes infinity in float32: a Keras fit on it "succeeds" and
    every prediction is NaN. The largest magnitude is found chunk by chunk
    (minimum and maximum, no temporary of the size of ``values``).

    Parameters
    ----------
    values : ndarray
        The data; float32 or narrower data cannot hold such values and is not
        scanned.
    who : str
        The name of the estimator or function that got the data.
    what : str, default="X"
        The name of the data in the message.

    Raises
    ------
    ValueError
        If a finite value's magnitude exceeds ``3.4e38``, naming the largest
        one and its position.

    Examples
    --------
    >>> check_float32_range(np.array([1.0, -2e38]), who="SequencePadder")
    >>> check_float32_range(np.array([[1.0, 1e39]]), who="SequencePadder")
    Traceback (most recent call last):
    ...
    ValueError: SequencePadder: X holds 1e+39 at X[0, 1], beyond ...
    """
    values = np.asarray(values)
    if values.dtype.kind not in "fc" or values.dtype.itemsize <= 4 or not values.size:
        return
    if values.dtype.kind == "c":
        values = np.abs(values)  # rare; a temporary is acceptable here
    if values.ndim == 0:
        values = values.reshape(1)
    # Chunks of whole rows along the first axis are views of any array (a
    # strided window view included), so nothing of its size is copied.
    per_row = max(1, values.size // max(1, len(values)))
    step = max(1, 2**18 // per_row)
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        # nanmin/nanmax need no temporary; only a chunk that looks out of
        # range (or holds infinity, refused elsewhere) is looked at closely.
        with np.errstate(invalid="ignore"):
            low, high = np.nanmin(chunk), np.nanmax(chunk)
        if not (low < -_FLOAT32_MAX or high > _FLOAT32_MAX):
            continue
        size = np.where(np.isfinite(chunk), np.abs(chunk), 0)
        if size.max() <= _FLOAT32_MAX:
            continue
        within = np.unravel_index(int(np.argmax(size)), size.shape)
        where = (start + int(within[0]), *within[1:])
        value = chunk[within]
        index = ", ".join(str(int(i)) for i in where)
        raise ValueError(
            f"{who}: {what} holds {value:.4g} at {what}[{index}], beyond the "
            f"largest float32 value ({_FLOAT32_MAX:.4g}). Keras computes in "
            "float32, where this is infinity: the fit would seem to succeed and "
            "every prediction would be NaN. Scale the data first, for example "
            "with StandardScaler (or StepwiseTransformer(StandardScaler()) for "
            "3D data)."
        )


def _human_bytes(n_bytes: int) -> str:
    """A byte count in binary units.

    >>> _human_bytes(3 * 2**40), _human_bytes(512), _human_bytes(10**30)
    ('3.0 TiB', '512 bytes', '827181 YiB')
    """
    n_bytes = int(n_bytes)
    if n_bytes < 1024:
        return f"{n_bytes} bytes"
    units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]
    power = 1
    while power < len(units) and n_bytes >= 1024 ** (power + 1):
        power += 1
    size = n_bytes / 1024**power
    text = f"{size:.1f}" if size < 100 else f"{size:.0f}"
    return f"{text} {units[power - 1]}"


def physical_memory() -> int:
    """The bytes of physical memory of this machine (``2**40`` if unknown)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, OSError, ValueError):  # not POSIX, or no answer
        return 2**40


def check_allocation(n_values: int, dtype, *, who: str, what: str, fix: str) -> None:
    """Refuse an output that would need more memory than the machine has.

    Without this, numpy raises ``MemoryError`` (or ``OverflowError`` past
    int64) with nothing to say which parameter asked for it. Sizes are Python
    integers, which do not overflow.

    Parameters
    ----------
    n_values : int
        The number of values of the output.
    dtype : dtype-like
        Its dtype.
    who : str
        The name of the estimator or function that would allocate it.
    what : str
        What would be made, naming the parameter and the sizes, for example
        ``"SequencePadder(maxlen=10**15) would make an array of 3 samples x
        10**15 time steps x 2 features"``.
    fix : str
        What to do instead.

    Raises
    ------
    ValueError
        If ``n_values`` values of ``dtype`` exceed the physical memory.

    Examples
    --------
    >>> check_allocation(10, np.float64, who="To3D", what="an array", fix="")
    >>> check_allocation(
    ...     3 * 10**15 * 2, np.float32, who="SequencePadder",
    ...     what="SequencePadder(maxlen=10**15) would make an array of 3 "
    ...     "samples x 10**15 time steps x 2 features",
    ...     fix="Pass a smaller maxlen.")
    Traceback (most recent call last):
    ...
    ValueError: SequencePadder(maxlen=10**15) would make an array of 3 samples ...
    """
    n_bytes = int(n_values) * np.dtype(dtype).itemsize
    memory = physical_memory()
    if n_bytes <= memory:
        return
    raise ValueError(
        f"{what}: {_human_bytes(n_bytes)} of {np.dtype(dtype).name}, more than "
        f"the {_human_bytes(memory)} of memory of this machine, so {who} "
        f"refuses it rather than fail in the allocator. {fix}".rstrip()
    )


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
    ``X`` itself is never modified. A sparse matrix, sequences of different
    lengths, non-numeric DataFrame columns and empty data are refused with
    the errors of :func:`sparse_error`, :func:`ragged_error`,
    :func:`non_numeric_error` and :func:`empty_error`.

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

    Returns
    -------
    ndarray
        ``X`` as a float32 or float64 array.

    Examples
    --------
    >>> check_float_array([[1, 2], [3, 4]], who="To3D", ndim=2).dtype
    dtype('float64')
    >>> check_float_array([[1, 2], [3, 4, 5]], who="To3D", ndim=2)
    Traceback (most recent call last):
    ...
    ValueError: To3D got sequences of different lengths (2, 3): they have ...
    """
    accepted = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if sparse.issparse(X):
        raise sparse_error(who)
    check_numeric_frame(X, who=who)
    seen = input_shape(X, who=who)
    if seen is not None and len(seen) not in accepted:
        raise dimension_error(who, seen, max(accepted))
    if seen is not None and len(seen) >= 2 and 0 in seen:
        raise empty_error(who, seen)
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


def non_numeric_columns(df: pd.DataFrame) -> list[tuple[Hashable, object]]:
    """The ``(name, dtype)`` of every column of ``df`` that is not numeric.

    Booleans count as numbers (0 and 1).

    >>> df = pd.DataFrame({"a": [1], "b": ["x"], "c": [True]})
    >>> [name for name, dtype in non_numeric_columns(df)]
    ['b']
    """
    return [
        (name, dtype)
        for name, dtype in df.dtypes.items()
        if not (
            pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
        )
    ]


def check_numeric_frame(X, *, who: str, hint: str = "") -> None:
    """Refuse a DataFrame with non-numeric columns, naming them.

    Anything else than a DataFrame passes: its values are checked when they
    are converted.

    >>> check_numeric_frame(pd.DataFrame({"day": ["mon"]}), who="To3D")
    Traceback (most recent call last):
    ...
    TypeError: To3D needs numeric feature columns, but column 'day' (...) is not ...
    """
    if isinstance(X, pd.DataFrame):
        bad = non_numeric_columns(X)
        if bad:
            raise non_numeric_error(who, bad, hint=hint)


def column_list(columns) -> list[Hashable]:
    """``None``, one column name or a list of names, as a list."""
    if columns is None:
        return []
    if isinstance(columns, (list, tuple, pd.Index, np.ndarray)):
        return list(columns)
    return [columns]


def check_columns_exist(df: pd.DataFrame, columns, *, who: str, role: str) -> list:
    """Check that every name in ``columns`` is one column of ``df``."""
    names = column_list(columns)
    missing = [c for c in names if c not in df.columns]
    if missing:
        raise ValueError(
            f"{who}: the {role} column(s) {missing} are not in the DataFrame, "
            f"whose columns are {list(df.columns)}."
        )
    repeated = [c for c in names if df.columns.get_indexer_for([c]).size > 1]
    if repeated:
        raise ValueError(
            f"{who}: the {role} column(s) {repeated} appear more than once in the "
            "DataFrame, so the name does not say which column is meant. Rename "
            "the copies, or drop them: df.loc[:, ~df.columns.duplicated()]."
        )
    return names


def numeric_frame_values(df: pd.DataFrame, *, who: str, hint: str = "") -> np.ndarray:
    """The values of a DataFrame's columns as a float array.

    A non-numeric column is a ``TypeError`` naming it (see
    :func:`non_numeric_error`); ``hint`` says what to do with it.
    """
    check_numeric_frame(df, who=who, hint=hint)
    if df.shape[1] == 0:
        raise ValueError(
            f"{who} got a DataFrame with no feature column (shape {df.shape}); "
            "every time step needs at least one feature."
        )
    return check_array(
        df, dtype=FLOAT_DTYPES, ensure_all_finite="allow-nan", estimator=who
    )


def check_input_features(estimator, input_features) -> np.ndarray:
    """The names of the columns ``estimator`` was fitted on, as strings.

    ``input_features`` (the names to use instead) must have
    ``n_features_in_`` names, equal to ``feature_names_in_`` when the
    estimator has them. Without both, the names are ``x0, x1, ...``, as in
    scikit-learn.

    >>> from sklearn.preprocessing import StandardScaler
    >>> scaler = StandardScaler().fit([[1.0, 2.0]])
    >>> check_input_features(scaler, None)
    array(['x0', 'x1'], dtype=object)
    """
    n_features = estimator.n_features_in_
    fitted = getattr(estimator, "feature_names_in_", None)
    if input_features is None:
        if fitted is not None:
            return np.asarray(fitted, dtype=object)
        return np.asarray([f"x{i}" for i in range(n_features)], dtype=object)
    names = np.asarray(input_features, dtype=object)
    who = type(estimator).__name__
    if names.ndim != 1 or len(names) != n_features:
        raise ValueError(
            f"input_features should have length equal to number of features "
            f"({n_features}) that {who} was fitted on, got {len(names)} names. "
            "Pass one name per input column (per feature of a time step for "
            "3D input), or None to use the fitted names."
        )
    if fitted is not None and not np.array_equal(names, fitted):
        raise ValueError(
            f"input_features is not equal to feature_names_in_: {who} was "
            f"fitted on columns {list(fitted)}, got {list(names)}. Pass None "
            "to use the fitted names."
        )
    return np.asarray([str(name) for name in names], dtype=object)


def group_codes(df: pd.DataFrame, columns: list) -> tuple[np.ndarray, list]:
    """Integer codes of the groups formed by ``columns``, and their keys.

    Codes follow the order in which each group first appears.
    """
    if len(columns) == 1:
        codes, keys = pd.factorize(df[columns[0]], sort=False, use_na_sentinel=False)
        return codes.astype(np.intp, copy=False), list(keys)
    codes, keys = pd.MultiIndex.from_frame(df[columns]).factorize(sort=False)
    return codes.astype(np.intp, copy=False), list(keys)


def ragged_lengths(X) -> list[int] | None:
    """The lengths of the sequences of ``X`` if they differ, else None.

    ``X`` is a list or tuple (or a 1D object array or Series) of sequences.
    Nested lists are looked into at every depth: ``[[1, 2], [3]]`` as an item
    is ragged too, and then the lengths are those of the first level that
    differs, or ``[]`` when they are deeper than the items.

    >>> ragged_lengths([[1, 2, 3], [4, 5]]), ragged_lengths([[1, 2], [3, 4]])
    ([3, 2], None)
    >>> ragged_lengths([[[1, 2], [3]], [[4, 5], [6, 7]]])
    []
    """
    if isinstance(X, (list, tuple)):
        items = X
    elif isinstance(X, (np.ndarray, pd.Series)) and X.dtype == object and X.ndim == 1:
        items = list(X)
    else:
        return None
    lengths = []
    for item in items:
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__"):
            return None  # numbers (or mixed): not a collection of sequences
        lengths.append(len(item))
    if len(set(lengths)) > 1:
        return lengths
    # Equal lengths: the items themselves may be ragged nested lists.
    for item in items:
        if isinstance(item, (list, tuple)) and ragged_lengths(item) is not None:
            return []
    return None


def input_shape(X, *, who: str | None = None) -> tuple[int, ...] | None:
    """The shape of ``X`` before any conversion, or None if numpy cannot tell.

    Used to explain a wrong number of axes before ``check_array`` or
    ``validate_data`` reject the data with a message that does not.
    Sequences of different lengths have no shape: with ``who`` they are
    refused with :func:`ragged_error`, without it the shape is None.

    >>> input_shape([[1, 2, 3], [4, 5, 6]])
    (2, 3)
    >>> input_shape(np.zeros((4, 3, 2)))
    (4, 3, 2)
    >>> input_shape([[1, 2, 3], [4, 5]]) is None
    True
    """
    lengths = ragged_lengths(X)
    if lengths is not None:
        if who is not None:
            raise ragged_error(who, lengths or None)
        return None
    if hasattr(X, "shape"):
        return tuple(int(s) for s in X.shape)
    try:
        return np.shape(np.asarray(X, dtype=object))
    except ValueError:  # ragged in a way numpy alone detects
        if who is not None:
            raise ragged_error(who) from None
        return None
