"""The checks of the targets and the sample weights of the LSTM estimators.

Each refusal says what was seen (with the axes, where a shape is at fault) and
what to do; the wrong kind of target names the other estimator.
"""

from __future__ import annotations

import re

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


def check_target_shape(y, *, who: str, framing: str = "sample"):
    """``y`` as an array of one target (or one row of targets) per sample.

    Parameters
    ----------
    y : array-like
        The targets.
    who : str
        The estimator's name.
    framing : {"sample", "steps", "horizon"}, default="sample"
        The output framing: one vector per sample (``y`` 1D or 2D), one per
        time step (``return_sequences=True``: ``y`` 2D, 3D, or one array per
        sample, returned as it is) or one per future step (``decoder_units``:
        2D or 3D).

    Returns
    -------
    ndarray or list
        ``y`` itself when it is an array (never copied or modified); ragged
        per-step targets as they are.
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
        if framing == "steps":
            return y  # one array per sample, aligned to the real steps later
        raise ValueError(
            f"{who} got targets of different lengths in y; it needs one target, "
            "or one row of n_outputs targets, per sample: a 1D array of shape "
            "(n_samples,) or a 2D array of shape (n_samples, n_outputs). For "
            "one target per time step of each sequence, pass "
            "return_sequences=True."
        )
    if len(shape) == 0:
        raise ValueError(
            f"{who} got a single value as y ({y!r}); it needs one target per "
            "sample, an array of shape (n_samples,)."
        )
    if len(shape) == 3 and framing == "sample":
        n, steps, outputs = shape
        raise ValueError(
            f"{who} predicts one vector of outputs per sample, so y is 1D "
            f"(n_samples,) or 2D (n_samples, n_outputs); got a 3D y of shape "
            f"{describe_shape(shape, target=True)}. Either predict all "
            f"{steps * outputs} values of a sample from its last step, "
            f"flattened: y.reshape({n}, -1); or predict one vector per step: "
            f"return_sequences=True when the {plural(steps, 'step')} of y are "
            "the time steps of X (one output per input step), or, for "
            f"LSTMRegressor, decoder_units=... when they are {steps} future "
            "steps (an encoder-decoder model)."
        )
    if framing == "steps" and len(shape) == 1 and not _holds_sequences(y):
        raise ValueError(
            f"{who}(return_sequences=True) predicts one output per time step, "
            f"so y holds one target per step of every sample: shape "
            f"(n_samples, n_timesteps), (n_samples, n_timesteps, n_outputs), "
            f"or one array per sample; got y of shape {tuple(shape)}, one "
            "target per sample. For one target per sample, use "
            "return_sequences=False."
        )
    if framing == "horizon" and len(shape) == 1:
        raise ValueError(
            f"{who}(decoder_units=...) predicts a sequence of future steps, so "
            "y holds one target per future step: shape (n_samples, horizon) "
            f"or (n_samples, horizon, n_outputs); got y of shape {tuple(shape)}, "
            "one target per sample. make_supervised(..., horizon=h) gives the "
            "(n_samples, h) targets; for one target per sample, use "
            "decoder_units=None."
        )
    if len(shape) > 3:
        n, steps = shape[:2]
        raise ValueError(
            f"{who} needs y of shape (n_samples,), (n_samples, n_outputs) or, "
            "for a sequence output, (n_samples, n_steps, n_outputs); got a "
            f"{len(shape)}D y of shape {tuple(shape)}. Read the axes after the "
            "first two as the outputs of a step, flattened: "
            f"y.reshape({n}, {steps}, -1) keeps {n} samples x "
            f"{plural(steps, 'step')} x {int(np.prod(shape[2:]))} outputs "
            "(or drop the axes of size 1: y.squeeze())."
        )
    if framing == "steps" and _holds_sequences(y):
        return y
    return y if isinstance(y, np.ndarray) else np.asarray(y)


def _holds_sequences(y) -> bool:
    """Whether ``y`` is a collection of per-sample arrays (ragged or not)."""
    if isinstance(y, np.ndarray) and y.dtype != object:
        return False
    items = y.tolist() if isinstance(y, (np.ndarray, pd.Series)) else y
    return len(items) > 0 and all(
        isinstance(item, (list, tuple, np.ndarray, pd.Series)) for item in items
    )


_HORIZON_COLUMN = re.compile(r"^(?P<name>.+)\(t\+(?P<step>\d+)\)$")


def check_one_horizon(y, *, who: str) -> None:
    """Refuse the horizons of several targets side by side as one sequence.

    ``make_supervised(df, ["load", "temp"], horizon=3)`` gives the columns
    ``load(t+1) .. load(t+3), temp(t+1) .. temp(t+3)``; an encoder-decoder
    would read them as one target over 6 future steps.
    """
    columns = getattr(y, "columns", None)
    if columns is None:
        return
    names = [m["name"] for m in map(_HORIZON_COLUMN.match, map(str, columns)) if m]
    targets = list(dict.fromkeys(names))
    if len(names) == len(columns) and len(targets) > 1:
        parts = ", ".join(f"y.filter(like={t + '(t+'!r})" for t in targets)
        raise ValueError(
            f"{who}(decoder_units=...) reads the columns of y as the future "
            f"steps of one target, but y holds the horizons of "
            f"{len(targets)} targets side by side ({', '.join(targets)}): "
            f"they would be read as one target over {len(columns)} steps. "
            "Stack them into (n_samples, horizon, n_targets): "
            f"np.stack([{parts}], axis=-1)."
        )


def align_to_steps(y, padded: np.ndarray, *, who: str) -> tuple[np.ndarray, bool]:
    """Per-step targets as one array of shape ``(n_samples, n_timesteps, ...)``.

    Parameters
    ----------
    y : array-like or list of array-like
        Either an array whose second axis is the time steps of ``X`` (the
        value at step ``t`` is the target of step ``t``; values at padded
        steps are ignored), or one array per sample holding one target per
        REAL step of that sample, in order, wherever its padding is.
    padded : ndarray of bool of shape (n_samples, n_timesteps)
        The padded steps of ``X``.
    who : str
        The estimator's name.

    Returns
    -------
    targets : ndarray of shape (n_samples, n_timesteps[, n_outputs])
        The targets at the steps; what padded steps hold is unspecified.
    ragged : bool
        Whether ``y`` gave one array per sample of its real steps.

    >>> padded = np.array([[True, False, False], [False, False, False]])
    >>> targets, ragged = align_to_steps([[1, 2], [3, 4, 5]], padded, who="est")
    >>> targets[0, 1:].tolist(), targets[1].tolist(), ragged
    ([1, 2], [3, 4, 5], True)
    """
    n_samples, n_timesteps = padded.shape
    shape = input_shape(y)
    real = ~padded
    if shape is not None and len(shape) >= 2 and shape[1] == n_timesteps:
        # One target per step of X, padded steps included. But a list of
        # per-sample arrays, with X unpadded, is read as one array per sample
        # of its real steps (the two readings agree there), so that predict
        # gives such a list back, also for padded samples later on.
        per_sample = not isinstance(y, np.ndarray) and all(
            isinstance(item, (np.ndarray, pd.Series)) for item in y
        )
        if not (per_sample and real.all()):
            return (y if isinstance(y, np.ndarray) else np.asarray(y)), False
    elif not _holds_sequences(y):
        raise ValueError(
            f"{who}(return_sequences=True) got y of shape {tuple(shape)}: "
            f"{shape[1]} steps per sample, but X has {n_timesteps} time steps "
            f"per sample (shape {(n_samples, n_timesteps)} + features). Give "
            "y one target per time step of X, shape (n_samples, n_timesteps) "
            "or (n_samples, n_timesteps, n_outputs), or a list of one array "
            "per sample holding one target per real (unpadded) step."
        )
    items = y.tolist() if isinstance(y, (np.ndarray, pd.Series)) else list(y)
    if len(items) != n_samples:
        raise ValueError(
            f"{who}: X has {n_samples} samples but y has {len(items)} "
            "sequences of targets; every sample needs its own."
        )
    arrays = [np.asarray(item) for item in items]
    tails = {a.shape[1:] for a in arrays}
    if len(tails) > 1 or any(a.ndim not in (1, 2) for a in arrays):
        raise ValueError(
            f"{who}: the per-sample targets in y have different shapes per "
            f"step ({', '.join(str(t) for t in sorted(tails))}); every step "
            "needs a target of one shape: a value, or n_outputs values."
        )
    for i, (targets, steps) in enumerate(zip(arrays, real, strict=True)):
        if len(targets) != steps.sum():
            raise ValueError(
                f"{who}: sample {i} has {steps.sum()} real (unpadded) time "
                f"steps in X but y[{i}] holds {len(targets)} targets; each "
                "sample needs one target per real step. If the sequences were "
                "truncated (SequencePadder(maxlen=...)), truncate the targets "
                "alike (the last maxlen with truncating='pre', the first with "
                "'post'), or pass maxlen=None. A step whose features are all "
                "NaN (a missing reading) is padding too: leave its target out, "
                "or impute the step."
            )
    kinds = {a.dtype.kind for a in arrays}
    dtype = (
        np.result_type(*arrays) if kinds <= set("biuf") or kinds <= set("U") else object
    )
    out = np.zeros((n_samples, n_timesteps, *tails.pop()), dtype=dtype)
    for i, targets in enumerate(arrays):
        out[i, real[i]] = targets
    return out, True


def check_step_missing(y: np.ndarray, padded: np.ndarray, *, who: str, what: str):
    """Refuse a missing target at a real step, naming the sample and the step."""
    missing = np.asarray(pd.isna(y), dtype=bool)
    if missing.ndim > 2:
        missing = missing.any(axis=tuple(range(2, missing.ndim)))
    missing &= ~padded
    if missing.any():
        sample, step = np.argwhere(missing)[0]
        raise ValueError(
            f"{who}: Input y contains NaN, a missing {what} at time step {step} "
            f"of sample {sample}, which is a real (unpadded) step of X; "
            f"every real step needs a known {what} (padded steps may hold "
            "anything). Impute or drop the sample, or pad the step in X too."
        )


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


def is_categorical_crossentropy(loss) -> bool:
    """Whether ``loss`` is the categorical cross-entropy (one-hot targets)."""
    import keras

    return (
        isinstance(loss, keras.losses.CategoricalCrossentropy)
        or loss is keras.losses.categorical_crossentropy
        or getattr(loss, "__name__", None) == "categorical_crossentropy"
        or loss in ("categorical_crossentropy", "cce", "CategoricalCrossentropy")
    )


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
