"""Every private name of scikeras (and of Keras) that sklstm reads or overrides.

scikeras' wrappers are extended through methods whose names start with an
underscore; they are not a public API and may change in any release. sklstm's
estimators run their own fit loop (validation, target encoding, the model,
the ``tf.data`` feed), so they need only a few of them, and every one is used
in this module alone, which ``tests/test_estimator_inputs.py`` pins: when a
scikeras release renames or changes one, that test says which, instead of an
estimator silently falling back to scikeras' own behaviour.

- Overridden (:class:`ScikerasParams`): ``_get_param_names()``, so that
  ``get_params`` (and ``clone``, grids) holds the signature's parameters and
  the routed ones given (``optimizer__beta_1``).
- Called: ``_get_compile_kwargs()`` (the optimizer, loss and metrics, built
  from names, classes and routed options: :func:`compile_kwargs`) and
  ``_initialize_callbacks()`` (the callbacks of fit and of predict:
  :func:`callbacks`), which sets ``_fit_callbacks`` and ``_predict_callbacks``.
- Read: ``BaseWrapper._routing_prefixes`` (:data:`ROUTING_PREFIXES`).
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
    "SET_BY_SCIKERAS",
    "ScikerasParams",
    "callbacks",
    "compile_kwargs",
    "is_routed",
    "keras_fit_parameters",
    "keras_predict_parameters",
    "model_from_bytes",
    "model_to_bytes",
]

# name -> the parameters (after ``self``) that sklstm's override relies on.
HOOKS = {"_get_param_names": ()}
# Methods of scikeras that are called, not overridden.
READ = ("_get_compile_kwargs", "_initialize_callbacks")
# Attributes that READ's methods set.
SET_BY_SCIKERAS = ("_fit_callbacks", "_predict_callbacks")

# The prefixes under which scikeras routes a parameter to its destination:
# ``optimizer__beta_1`` to the optimizer, ``fit__validation_freq`` to
# ``Model.fit`` and so on. scikeras' own set (``BaseWrapper._routing_prefixes``)
# lacks "callbacks" and "score", which it also routes; "model" routes to a
# model-building function of the user's, which sklstm's estimators do not take.
ROUTING_PREFIXES = (
    frozenset(BaseWrapper._routing_prefixes) | {"callbacks", "score"}
) - {"model"}


def is_routed(name: str) -> bool:
    """Whether ``name`` is a routed parameter such as ``optimizer__beta_1``.

    >>> is_routed("optimizer__beta_1"), is_routed("units"), is_routed("fit__")
    (True, False, False)
    """
    prefix, routed, rest = name.partition("__")
    return bool(routed and rest) and prefix in ROUTING_PREFIXES


class ScikerasParams:
    """``get_params`` of the signature's parameters and of the routed ones."""

    @classmethod
    def _signature_names(cls) -> list[str]:
        return [
            name
            for name, p in inspect.signature(cls.__init__).parameters.items()
            if name != "self" and p.kind is not p.VAR_KEYWORD
        ]

    def _get_param_names(self):
        # scikeras stores routed parameters (optimizer__beta_1) as attributes
        # and lists every public attribute; scikit-learn lists the signature.
        # Both are needed, and nothing else, so that clone and grids keep
        # what was given.
        routed = [name for name in vars(self) if is_routed(name)]
        return sorted(self._signature_names() + routed)


def compile_kwargs(estimator) -> dict:
    """The keyword arguments of ``Model.compile`` that scikeras builds.

    ``optimizer`` is an optimizer instance (built from a name or a class with
    the routed ``optimizer__`` options) or the user's instance; ``loss`` and
    ``metrics`` are built the same way (``loss`` None when not given).
    """
    return estimator._get_compile_kwargs()


def callbacks(estimator) -> tuple[list, list]:
    """The callbacks of ``Model.fit`` and of ``Model.predict``, as scikeras
    builds them from ``callbacks``, ``fit__callbacks`` and
    ``predict__callbacks`` (classes are instantiated with their routed
    options)."""
    estimator._initialize_callbacks()
    return list(estimator._fit_callbacks), list(estimator._predict_callbacks)


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
