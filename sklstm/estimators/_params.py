"""The parameters of the LSTM estimators: their constraints and their names.

A misspelt keyword (``LSTMRegressor(unit=8)``) is refused with the closest
known name, as Python refuses an unknown keyword of any function; routed
parameters (``optimizer__beta_1``, ``fit__validation_freq``) are accepted
under the prefixes that scikeras routes, and those bound for ``Model.fit`` and
``Model.predict`` are checked against what those methods take.
"""

from __future__ import annotations

import difflib
from numbers import Integral, Real

import keras
from sklearn.utils._param_validation import Interval, StrOptions

from .._validation import Count
from ._feed import MASK_VALUE
from ._scikeras import ROUTING_PREFIXES, keras_fit_parameters, keras_predict_parameters


class Widths(Interval):
    """Layer widths: a positive int, or a tuple or list of positive ints.

    numpy integers are accepted (``np.arange`` grids give them), bools are not.
    With ``allow_empty`` an empty tuple means "no layer".

    >>> import numpy as np
    >>> Widths().is_satisfied_by((8, np.int64(4))), Widths().is_satisfied_by(())
    (True, False)
    >>> Widths(allow_empty=True).is_satisfied_by(()), Widths().is_satisfied_by(True)
    (True, False)
    """

    def __init__(self, *, allow_empty: bool = False):
        # An Interval, so that scikit-learn's make_constraint and
        # generate_invalid_param_val (0, a width below 1) know it.
        super().__init__(Integral, 1, None, closed="left")
        self.allow_empty = allow_empty
        self._count = Count(1, None)

    def is_satisfied_by(self, val):
        if isinstance(val, (tuple, list)):
            if not val:
                return self.allow_empty
            return all(self._count.is_satisfied_by(width) for width in val)
        return self._count.is_satisfied_by(val)

    def __str__(self):
        tail = " (empty for none)" if self.allow_empty else ""
        return (
            "an int in the range [1, inf) (not a bool), or a "
            f"{'' if self.allow_empty else 'non-empty '}tuple or list of such "
            f"ints{tail}"
        )


def parameter_constraints() -> dict:
    """The constraints of every parameter of ``LSTMRegressor``."""
    return {
        "units": [Widths()],
        "cell": [StrOptions({"lstm", "gru"})],
        "bidirectional": ["boolean"],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "recurrent_dropout": [Interval(Real, 0, 1, closed="left")],
        "dense_units": [Widths(allow_empty=True)],
        "learning_rate": [Interval(Real, 0, None, closed="neither"), None],
        "early_stopping": ["boolean"],
        "patience": [Count(0, None)],
        "validation_split": [Interval(Real, 0, 1, closed="left")],
        "optimizer": [str, type, keras.optimizers.Optimizer],
        "loss": [str, callable, None],
        "metrics": [list, tuple, dict, str, callable, None],
        "epochs": [Count(1, None)],
        "batch_size": [Count(1, None), None],
        "validation_batch_size": [Count(1, None), None],
        "shuffle": ["boolean"],
        "steps_per_execution": [Count(1, None), StrOptions({"epoch"})],
        "callbacks": [list, tuple, dict, keras.callbacks.Callback, type, None],
        "verbose": [Interval(Integral, 0, 2, closed="both"), StrOptions({"auto"})],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "run_eagerly": ["boolean"],
    }


# Options of Model.fit and Model.predict that the estimators set themselves,
# and why a routed value cannot replace them.
_MANAGED_FIT = {
    "x": "the data is the X given to fit",
    "y": "the targets are the y given to fit",
    "sample_weight": "pass sample_weight to fit",
    "validation_data": (
        "the validation samples are the latest validation_split of the training samples"
    ),
    "steps_per_epoch": "every epoch is one pass over the training samples",
    "initial_epoch": (
        "fit starts at epoch 0, partial_fit after the epochs trained so far"
    ),
    "class_weight": (
        "class weights are LSTMClassifier's class_weight parameter, by label"
    ),
}
_MANAGED_PREDICT = {"x": "the data is the X given to predict"}


def unknown_name_message(name: str, who: str, known) -> str:
    """The sentence that names an unknown keyword and the closest known one."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return f"{who} got an unexpected keyword argument {name!r}.{hint}"


_OWN_MODEL = (
    "{who} builds its own Keras model from units, cell, dense_units and the "
    "other parameters, with the Masking layer that padded (all-NaN) steps "
    "need; a model of your own would read them as {mask:g}. For a Keras model "
    "of your own, use scikeras' KerasRegressor or KerasClassifier."
)


def check_parameter_names(
    names, *, who: str, known, error: type[Exception] = TypeError
) -> None:
    """Refuse keyword arguments that are neither parameters nor routed.

    Parameters
    ----------
    names : iterable of str
        The keyword arguments given (to the constructor or to ``set_params``).
    who : str
        The estimator's name.
    known : collection of str
        Its parameters.
    error : {TypeError, ValueError}, default=TypeError
        The error to raise: a constructor raises TypeError for an unknown
        keyword, as any Python function does; ``set_params`` raises
        ValueError, as scikit-learn's does.

    Raises
    ------
    TypeError or ValueError
        For an unknown name, with the closest known one; for a routed name
        bound for ``Model.fit`` or ``Model.predict`` that they do not take,
        or that the estimator sets itself.
    """
    for name in names:
        if name in known:
            continue
        prefix, routed, rest = name.partition("__")
        if name in ("model", "build_fn") or prefix == "model":
            raise error(
                f"{who} got {name!r}. " + _OWN_MODEL.format(who=who, mask=MASK_VALUE)
            )
        if not (routed and rest and prefix in ROUTING_PREFIXES):
            prefixes = ", ".join(f"{p}__" for p in sorted(ROUTING_PREFIXES))
            candidates = set(known)
            if routed and rest:  # a misspelt prefix: optimizr__beta_1
                candidates = {f"{p}__{rest}" for p in ROUTING_PREFIXES}
            raise error(
                unknown_name_message(name, who, candidates)
                + f" Its parameters are {', '.join(sorted(known))}; routed "
                f"parameters start with one of {prefixes} (for example "
                "optimizer__beta_1=0.95 or fit__validation_freq=2)."
            )
        if prefix in ("fit", "predict") and not rest.startswith("callbacks"):
            check_keras_option(rest, where=prefix, who=who, routed=True, error=error)


def check_keras_option(
    name: str,
    *,
    where: str,
    who: str,
    routed: bool,
    error: type[Exception] = TypeError,
) -> None:
    """Refuse an option that ``Model.fit`` / ``Model.predict`` does not take.

    Parameters
    ----------
    name : str
        The option (without its ``fit__`` or ``predict__`` prefix).
    where : {"fit", "predict"}
        Its destination.
    who : str
        The estimator's name.
    routed : bool
        Whether it was given as ``<where>__<name>`` (else as a keyword
        argument of ``fit`` or ``predict``).
    error : {TypeError, ValueError}, default=TypeError
        The error to raise.
    """
    given = f"{where}__{name}" if routed else name
    options = keras_fit_parameters() if where == "fit" else keras_predict_parameters()
    managed = _MANAGED_FIT if where == "fit" else _MANAGED_PREDICT
    if name in managed:
        if name == "initial_epoch" and not routed:
            return  # fit(X, y, initial_epoch=...) is scikeras' own
        raise error(
            f"{who} sets {name!r} of Model.{where} itself ({managed[name]}), so "
            f"{given} is not accepted."
        )
    if name not in options:
        choices = [o for o in options if o not in managed]
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
        hint = ""
        if close:
            hint = f" Did you mean {f'{where}__' if routed else ''}{close[0]}?"
        raise error(
            f"{who} got {given!r}, but keras.Model.{where} has no option "
            f"{name!r}.{hint} Its options are {', '.join(choices)}."
        )


def as_widths(value) -> tuple[int, ...]:
    """``units`` or ``dense_units`` as a tuple of Python ints.

    >>> import numpy as np
    >>> as_widths(np.int64(4)), as_widths([8, np.int32(2)]), as_widths(())
    ((4,), (8, 2), ())
    """
    if isinstance(value, Integral):
        return (int(value),)
    return tuple(int(width) for width in value)
