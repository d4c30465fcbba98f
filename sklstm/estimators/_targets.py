"""The checks of the targets and the sample weights of the LSTM estimators.

Each refusal says what was seen (with the axes, where a shape is at fault) and
what to do; the wrong kind of target names the other estimator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils.multiclass import type_of_target

from .._validation import check_float32_range, describe_shape, input_shape, plural


def _first(mask: np.ndarray) -> str:
    """Where the first True of a per-sample (or per-value) mask is."""
    where = np.argwhere(mask)[0]
    n = int(mask.sum())
    at = f"sample {where[0]}" if len(where) == 1 else f"y[{', '.join(map(str, where))}]"
    return f"{at}{'' if n == 1 else f' and {n - 1} more'}"


def check_target_shape(y, *, who: str) -> np.ndarray:
    """``y`` as an array of one target (or one row of targets) per sample.

    Parameters
    ----------
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The targets.
    who : str
        The estimator's name.

    Returns
    -------
    ndarray
        ``y`` itself when it is an array (never copied or modified).
    """
    if y is None:
        # The opening is scikit-learn's own message for a missing target.
        raise ValueError(
            f"{who} requires y to be passed, but the target y is None. It "
            "needs a target y: fit(X, y) with one target per sample (the "
            "value to predict for each window or sequence). To make "
            "targets from a series, use make_supervised (the value h steps "
            "ahead of every row) or sliding_windows (windows and their targets "
            "together)."
        )
    if sparse.issparse(y):
        raise TypeError(
            f"{who} got y as a sparse matrix; targets are dense: pass y.toarray()."
        )
    shape = input_shape(y)
    if shape is None:
        raise ValueError(
            f"{who} got targets of different lengths in y; it needs one target, "
            "or one row of n_outputs targets, per sample: a 1D array of shape "
            "(n_samples,) or a 2D array of shape (n_samples, n_outputs)."
        )
    if len(shape) == 0:
        raise ValueError(
            f"{who} got a single value as y ({y!r}); it needs one target per "
            "sample, an array of shape (n_samples,)."
        )
    if len(shape) == 3:
        n = shape[0]
        raise ValueError(
            f"{who} predicts one vector of outputs per sample, so y is 1D "
            f"(n_samples,) or 2D (n_samples, n_outputs); got a 3D y of shape "
            f"{describe_shape(shape, target=True)}. To predict all of them from the "
            f"last step, flatten the outputs of each sample: "
            f"y.reshape({n}, -1). (One output per time step is not supported "
            "yet; a later version adds it.)"
        )
    if len(shape) > 3:
        raise ValueError(
            f"{who} needs y of shape (n_samples,) or (n_samples, n_outputs); "
            f"got a {len(shape)}D y of shape {shape}."
        )
    return y if isinstance(y, np.ndarray) else np.asarray(y)


def check_regression_target(y: np.ndarray, *, who: str) -> np.ndarray:
    """Numeric, known, finite targets within float32; else an error."""
    if y.dtype.kind in "OUS":
        missing = np.asarray(pd.isna(y), dtype=bool)
        if missing.any():
            raise ValueError(_missing_message(who, y, missing, "target"))
        try:
            y = y.astype(np.float64)
        except (TypeError, ValueError):
            flat = y.ravel()
            bad = next(v for v in flat if not _is_number(v))
            raise ValueError(
                f"{who} needs numeric targets, but y holds {_plain(bad)!r}, "
                "which is not a number. For class labels use LSTMClassifier; "
                "for numbers stored as text, convert them first "
                "(y.astype(float) or pd.to_numeric)."
            ) from None
    elif y.dtype.kind not in "fiub":
        raise TypeError(
            f"{who} needs numeric targets; got y of dtype {y.dtype}. Convert "
            "it to numbers (for times, for example, the seconds since a start)."
        )
    if y.dtype.kind == "f":
        missing = np.isnan(y)
        if missing.any():
            raise ValueError(_missing_message(who, y, missing, "target"))
        _check_no_infinity(y, who=who)
    check_float32_range(y, who=who, what="y")
    return y


def check_class_labels(y: np.ndarray, *, who: str, classes=None) -> str:
    """The target type of class labels, or an error saying what is wrong.

    ``classes`` (the labels that ``partial_fit`` announces) allows a batch of
    a single class.
    """
    if y.dtype.kind in "OUSf":
        missing = np.asarray(pd.isna(y), dtype=bool)
        if missing.any():
            raise ValueError(_missing_message(who, y, missing, "label"))
    if y.dtype.kind == "f":
        _check_no_infinity(y, who=who)
    try:
        target_type = type_of_target(y, input_name="y")
    except (TypeError, ValueError):  # labels that cannot be sorted together
        kinds = sorted({type(_plain(v)).__name__ for v in np.ravel(y)})
        raise ValueError(
            f"{who} needs class labels of one kind (all strings or all "
            f"numbers) in y, which sorts them; got labels of the types "
            f"{', '.join(kinds)}. Convert them first, for example "
            "y.astype(str)."
        ) from None
    if target_type in ("continuous", "continuous-multioutput"):
        shown = ", ".join(f"{v:g}" for v in np.unique(y)[:3])
        raise ValueError(
            f"{who} got a continuous target (values such as {shown}) where it "
            "needs class labels. To predict these numbers use LSTMRegressor; to "
            "classify them, bin them into classes first (for example with "
            "np.digitize or pd.cut)."
        )
    if target_type not in ("binary", "multiclass", "multilabel-indicator"):
        raise ValueError(
            f"Unknown label type: {target_type!r}. "
            f"{who} supports one label per sample (binary or multi-class) and "
            "multi-label indicator matrices (one 0/1 column per class); got a "
            f"{target_type!r} target of shape {tuple(y.shape)}. For several "
            "multi-class outputs fit one classifier per output."
        )
    if target_type != "multilabel-indicator" and classes is None:
        labels = np.unique(y)
        if len(labels) < 2:
            raise ValueError(
                f"{who} got a single class in y ({_plain(labels[0])!r}, all "
                f"{plural(len(y), 'sample')}); a classifier needs at least two "
                "classes to tell apart, and its predict_proba would have one "
                "column. Check that the labels were not all filtered to one "
                "(a split, a dropna); with partial_fit, pass all the labels as "
                "classes=."
            )
    return target_type


def check_sample_weight(sample_weight, n_samples: int, *, who: str) -> np.ndarray:
    """Non-negative, finite weights, one per sample, as a new float32 array."""
    shape = input_shape(sample_weight)
    if shape is None or len(shape) != 1:
        raise ValueError(
            f"{who} needs sample_weight of shape (n_samples,), one weight per "
            f"sample; got {'a ragged list' if shape is None else f'shape {shape}'}."
        )
    weights = np.asarray(sample_weight)
    if weights.dtype.kind not in "fiub":
        raise TypeError(
            f"{who} needs numeric sample weights; got dtype {weights.dtype}."
        )
    if len(weights) != n_samples:
        raise ValueError(
            f"{who}: sample_weight has {len(weights)} values but X has "
            f"{n_samples} samples; pass one weight per sample."
        )
    if not np.isfinite(weights).all():
        raise ValueError(
            f"{who}: sample_weight holds NaN or infinity at "
            f"{_first(~np.isfinite(weights))}; weights must be finite."
        )
    if (weights < 0).any():
        raise ValueError(
            f"{who}: sample_weight holds negative weights "
            f"({weights[weights < 0][0]:g} at {_first(weights < 0)}); a weight "
            "says how much a sample counts and cannot be below 0. Use 0 to "
            "leave a sample out."
        )
    if not weights.any():
        raise ValueError(
            f"{who}: every sample weight is 0, which leaves nothing to train "
            "on; at least one weight must be non-zero."
        )
    return weights.astype(np.float32)


def _plain(value):
    """A numpy scalar as the Python value it holds, for messages."""
    return value.item() if isinstance(value, np.generic) else value


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_no_infinity(y: np.ndarray, *, who: str) -> None:
    infinite = np.isinf(y)
    if infinite.any():
        if infinite.ndim > 1:
            infinite = infinite.any(axis=tuple(range(1, infinite.ndim)))
        # The opening is scikit-learn's own message for the same problem.
        raise ValueError(
            f"{who}: Input y contains infinity or a value too large for "
            f"dtype('float64') (at {_first(infinite)}); targets must be finite "
            "(infinity often comes from a division by zero or a log of 0)."
        )


def _missing_message(who: str, y, missing: np.ndarray, what: str) -> str:
    if missing.ndim > 1:
        missing = missing.any(axis=tuple(range(1, missing.ndim)))
    first = y[int(np.argmax(missing))]
    if y.ndim > 1:
        first = next(v for v in np.ravel(first) if pd.isna(v))
    first = _plain(first)
    # The opening is scikit-learn's own message for a NaN target.
    seen = "NaN" if isinstance(first, float) else repr(first)
    return (
        f"{who}: Input y contains {seen}, a missing {what} (at "
        f"{_first(missing)}); every sample needs a known {what}. Drop the "
        f"samples whose {what} is unknown (the same rows of X and y); "
        "make_supervised drops them for you."
    )
