"""Every private name of scikeras (and of Keras) that sklstm reads or overrides.

scikeras' wrappers are extended through methods whose names start with an
underscore; they are not a public API and may change in any release. They are
listed here, once, so that ``tests/test_estimators.py`` can pin them: when a
scikeras release renames one, that test says which, instead of an estimator
silently falling back to scikeras' own behaviour.

The hooks that the estimators override (same names, same signatures):

- ``_validate_data(X, y, reset, y_numeric)``: the 3D check and the target checks.
- ``_validate_sample_weight(X, y, sample_weight)``: weights are checked, not
  used to drop samples (which would copy X whole).
- ``_build_keras_model()`` and ``_keras_build_fn(meta, compile_kwargs)``.
- ``_fit_keras_model(X, y, sample_weight, warm_start, epochs, initial_epoch)``.
- ``_predict_raw(X, **kwargs)``.
- ``_get_param_names()``: the parameters of the signature and the routed ones.

The ones that they read: ``_get_metadata()``, ``_get_compile_kwargs()``,
``_initialize_callbacks()``, ``_random_state``, ``_fit_callbacks`` and
``_predict_callbacks`` (set by scikeras), and ``_user_params`` (read by
scikeras, computed here).
"""

from __future__ import annotations

import inspect
import os
import tempfile

import keras
from scikeras.wrappers import BaseWrapper, KerasClassifier, KerasRegressor

__all__ = [
    "BaseWrapper",
    "KerasClassifier",
    "KerasRegressor",
    "HOOKS",
    "READ",
    "ROUTING_PREFIXES",
    "keras_fit_parameters",
    "keras_predict_parameters",
    "model_from_bytes",
    "model_to_bytes",
]

# name -> the parameters (after ``self``) that sklstm's override relies on.
HOOKS = {
    "_validate_data": ("X", "y", "reset", "y_numeric"),
    "_validate_sample_weight": ("X", "y", "sample_weight"),
    "_build_keras_model": (),
    "_fit_keras_model": (
        "X",
        "y",
        "sample_weight",
        "warm_start",
        "epochs",
        "initial_epoch",
        "kwargs",
    ),
    "_predict_raw": ("X", "kwargs"),
    "_get_param_names": (),
}
# Methods of scikeras that are called, not overridden.
READ = ("_get_metadata", "_get_compile_kwargs", "_initialize_callbacks")

# The prefixes under which scikeras routes a parameter to its destination:
# ``optimizer__beta_1`` to the optimizer, ``fit__validation_freq`` to
# ``Model.fit`` and so on. scikeras' own set (``BaseWrapper._routing_prefixes``)
# lacks "callbacks" and "score", which it also routes; "model" routes to a
# model-building function of the user's, which sklstm's estimators do not take.
ROUTING_PREFIXES = (
    frozenset(BaseWrapper._routing_prefixes) | {"callbacks", "score"}
) - {"model"}


def _parameters(method) -> tuple[str, ...]:
    return tuple(
        name
        for name, p in inspect.signature(method).parameters.items()
        if name != "self" and p.kind is not p.VAR_KEYWORD
    )


def keras_fit_parameters() -> tuple[str, ...]:
    """The keyword arguments of ``keras.Model.fit``.

    >>> "validation_freq" in keras_fit_parameters()
    True
    """
    return _parameters(keras.Model.fit)


def keras_predict_parameters() -> tuple[str, ...]:
    """The keyword arguments of ``keras.Model.predict``.

    >>> "batch_size" in keras_predict_parameters()
    True
    """
    return _parameters(keras.Model.predict)


def model_to_bytes(model: keras.Model) -> bytes:
    """A Keras model in Keras' own ``.keras`` format, as bytes.

    The format holds the architecture, the weights and the optimizer's state,
    and loading it runs no pickle. Keras' public saving API writes files only,
    so the model goes through a temporary one.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        keras.saving.save_model(model, path)
        with open(path, "rb") as file:
            return file.read()


def model_from_bytes(data: bytes) -> keras.Model:
    """The Keras model that :func:`model_to_bytes` saved, compiled again."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        with open(path, "wb") as file:
            file.write(data)
        return keras.saving.load_model(path, compile=True, safe_mode=True)
