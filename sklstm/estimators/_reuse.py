"""Traced Keras models, kept for the next fit of the same architecture.

Keras traces a ``tf.function`` for the training step of every new model, and
for a small LSTM that tracing costs as much as a hundred epochs: most of a
small fit, and most of a search, whose every fit builds a new model. The
architecture is the same across a search's folds, seeds and learning rates,
and, for a model that reads any number of time steps, across window lengths:
the models of one process are traced once per architecture here and serve
every fit of it:

- the estimator builds and compiles its own ``model_`` as ever (seeded
  initial weights, a fresh optimizer);
- :func:`trainer` lends a traced model of the same architecture (a
  *trainer*; a new one, traced at its first use, when there is none free;
  built with a time axis of any length when the estimator's model allows),
  sets every variable of it (weights, dropout seeds, the optimizer's slots,
  step count and learning rate) from ``model_``, trains it, and sets every
  variable of ``model_`` back from it;
- :func:`predictor` lends one likewise for ``predict``.

A trainer is never the estimator's own model: it is lent for one call and
taken back, so a fitted ``model_`` is never changed by a later fit. The
number of batches per call (Keras' ``steps_per_execution``, which depends on
the number of samples) is read from a variable of the trainer, not fixed
when its functions are traced.

Two models share a trainer when everything but names, seeds and the learning
rate (a variable of the optimizer) is equal in their configuration and in
their compilation (:func:`architecture`; with ``any_length``, the length of
their time axis aside), and they take the same paths
through their :class:`~._models.PaddingAware` layers. Models run under a
distribution strategy, eagerly, with a learning-rate schedule that is not a
plain rate, or with callbacks of the user's (which may keep the model they
are given) are trained as they are, tracing their own functions.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from contextlib import contextmanager

import keras
import tensorflow as tf

from ._models import paths_taken, set_paths

#: Trainers kept at most, all architectures together (the least recently
#: used goes first). A search over a few widths needs a few.
MAX_KEPT = 8

_LOCK = threading.Lock()
_KEPT: OrderedDict[str, list[_Trainer]] = OrderedDict()


class _Trainer:
    """A compiled model with its functions, traced once for many fits."""

    def __init__(self, model: keras.Model, paths: str):
        set_paths(model, paths)
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        self.model = model
        # Batches per call, read by the traced functions at every call.
        self.steps = tf.Variable(1, dtype=tf.int32, trainable=False)
        model.train_function = _many_steps(model.train_step, self.steps)
        model.test_function = _many_steps(model.test_step, self.steps)
        model.predict_function = None  # Keras' own, one batch per call

    def calls(self, steps_per_execution: int) -> None:
        """Run ``steps_per_execution`` batches per call of its functions."""
        self.steps.assign(steps_per_execution)
        # Keras' loop counts the batches of a call from this attribute.
        self.model.steps_per_execution = steps_per_execution


def _many_steps(step, steps: tf.Variable):
    """Keras' function of ``steps`` batches per call, ``steps`` a variable.

    The loop of ``keras.src.backend.tensorflow.trainer`` (Keras 3), which
    fixes the number of batches when it is traced, with the number read
    from ``steps`` instead. On the default strategy, where trainers run, a
    step needs no reduction across replicas.
    """
    one_step = tf.function(step, reduce_retracing=True)

    @tf.function(reduce_retracing=True)
    def steps_on_iterator(iterator):
        # The spec of the outputs is known once the first step is traced.
        empty = tf.experimental.Optional.empty(None)

        def more(i, outputs, inputs):
            return tf.logical_and(tf.less(i, steps), inputs.has_value())

        def body(i, outputs, inputs):
            def run():
                done = tf.experimental.Optional.from_value(one_step(inputs.get_value()))
                empty._element_spec = done.element_spec
                return done

            def keep():
                outputs._element_spec = empty._element_spec
                return outputs

            outputs = tf.cond(more(i, outputs, inputs), run, keep)
            inputs = tf.cond(
                tf.less(i + 1, steps), iterator.get_next_as_optional, lambda: inputs
            )
            return i + 1, outputs, inputs

        _, outputs, _ = tf.while_loop(
            more, body, [tf.constant(0), empty, iterator.get_next_as_optional()]
        )
        outputs._element_spec = empty.element_spec
        return outputs

    def function(iterator):
        outputs = steps_on_iterator(iterator)
        if not outputs.has_value():
            raise StopIteration
        return outputs.get_value()

    function.tracing_count = steps_on_iterator.experimental_get_tracing_count
    return function


# The keys of a configuration that hold the shape of a tensor or an input.
_SHAPES = frozenset({"batch_shape", "input_shape", "shape"})


def _canonical(config, names: dict, *, any_length: bool = False):
    """``config`` without what does not change a traced function.

    Names become their order of appearance; seeds (which only set initial
    weights and the state of seed generators, both variables) and a plain
    learning rate (a variable of the optimizer) are dropped. With
    ``any_length``, every sequence shape ``(batch, time, width)`` reads
    ``(None, None, width)``: a model built with a time axis of any length
    runs the same functions whatever the length of the windows.
    """

    def canonical(value):
        return _canonical(value, names, any_length=any_length)

    if isinstance(config, dict):
        out = {}
        for key, value in config.items():
            if key == "seed" or (key == "learning_rate" and isinstance(value, float)):
                continue
            if key == "name" and isinstance(value, str):
                names.setdefault(value, f"#{len(names)}")
            if (
                any_length
                and key in _SHAPES
                and isinstance(value, (list, tuple))
                and len(value) == 3
                and value[0] is None
            ):
                value = [None, None, value[2]]
            out[key] = canonical(value)
        return out
    if isinstance(config, (list, tuple)):
        return [canonical(x) for x in config]
    if isinstance(config, str):
        return names.setdefault(config, f"#{len(names)}") if config in names else config
    if config is None or isinstance(config, (bool, int, float)):
        return config
    raise TypeError(f"not a configuration value: {type(config).__name__}")


def architecture(
    model: keras.Model, paths: str, *, any_length: bool = False
) -> str | None:
    """The key of the trainers that may train ``model``, or None (none may).

    With ``any_length``, the key is the same whatever the length of the
    model's time axis (its trainers are built with a time axis of any
    length).

    >>> from sklstm.estimators._models import Layers, many_to_one
    >>> def build(seed, rate, steps=5):
    ...     layers = Layers(cell="lstm", bidirectional=False, dropout=0.0,
    ...                     recurrent_dropout=0.0, seed=seed)
    ...     model = many_to_one(layers, input_shape=(steps, 2), units=(4,),
    ...                         dense_units=(), n_outputs=1,
    ...                         activation="linear", name="m")
    ...     model.compile(optimizer=keras.optimizers.Adam(rate), loss="mse")
    ...     return model
    >>> architecture(build(0, 0.1), "plain") == architecture(build(1, 0.01), "plain")
    True
    >>> architecture(build(0, 0.1), "plain") == architecture(build(0, 0.1), "both")
    False
    >>> architecture(build(0, 0.1), "both") == architecture(build(0, 0.1, 9), "both")
    False
    >>> architecture(build(0, 0.1), "both", any_length=True) == architecture(
    ...     build(0, 0.1, None), "both", any_length=True)
    True
    """
    if model.run_eagerly or model.jit_compile:
        return None
    if tf.distribute.has_strategy() or model.distribute_strategy is not (
        tf.distribute.get_strategy()
    ):
        return None
    if not isinstance(model.optimizer.learning_rate, keras.Variable):
        return None  # a schedule or a callable: part of the traced step
    try:
        config = {
            "model": model.get_config(),
            "compile": model.get_compile_config(),
            "class": type(model).__qualname__,
            "dtype_policy": keras.config.dtype_policy().name,
            "paths": paths,
        }
        # Layer names first: they appear as names and as references.
        return json.dumps(_canonical(config, {}, any_length=any_length), sort_keys=True)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return None


def _take(key: str) -> _Trainer | None:
    with _LOCK:
        kept = _KEPT.get(key)
        if kept:
            _KEPT.move_to_end(key)
            return kept.pop()
    return None


def _give_back(key: str, trainer: _Trainer) -> None:
    with _LOCK:
        _KEPT.setdefault(key, []).append(trainer)
        _KEPT.move_to_end(key)
        while sum(map(len, _KEPT.values())) > MAX_KEPT:
            oldest = next(iter(_KEPT))
            _KEPT[oldest].pop(0)
            if not _KEPT[oldest]:
                del _KEPT[oldest]


def clear() -> None:
    """Forget every trainer (the next fit of each architecture traces again)."""
    with _LOCK:
        _KEPT.clear()


def _copy(source: keras.Model, target: keras.Model, *, optimizer: bool) -> None:
    """Set every variable of ``target`` from ``source`` (same architecture)."""
    pairs = [(source.variables, target.variables)]
    if optimizer:
        for model in (source, target):
            if not model.optimizer.built:
                model.optimizer.build(model.trainable_variables)
        pairs.append((source.optimizer.variables, target.optimizer.variables))
    for sources, targets in pairs:
        if len(sources) != len(targets):
            raise RuntimeError("a trainer does not match the model it trains")
        for a, b in zip(sources, targets, strict=True):
            b.assign(a)


@contextmanager
def _borrowed(model, *, build, paths, steps_per_execution, train, reusable, any_length):
    """``model`` itself, or a trainer of its architecture set from it."""
    key = architecture(model, paths, any_length=any_length) if reusable else None
    if key is None:
        with paths_taken(
            model, paths=paths, steps_per_execution=steps_per_execution
        ) as model:
            yield model
        return
    lent = _take(key)
    if lent is None:
        built = build()
        if architecture(built, paths, any_length=any_length) != key:
            raise RuntimeError("a model built again differs from the first")
        lent = _Trainer(built, paths)
    _copy(model, lent.model, optimizer=train)
    lent.calls(steps_per_execution)
    try:
        yield lent.model
    finally:
        try:
            if train:
                _copy(lent.model, model, optimizer=True)
        finally:
            _give_back(key, lent)


def trainer(
    model, *, build, paths, steps_per_execution, reusable=True, any_length=False
):
    """The model that trains ``model``: a trainer, or ``model`` itself.

    Within the block, ``model.fit`` of the yielded model trains ``model``:
    its variables are set back from the trainer at the end of the block (also
    when training stops with an exception). ``build()`` gives a new compiled
    model of the same architecture, when no trainer of it is free: with
    ``any_length``, one with a time axis of any length (``None``), which
    then trains the models of every window length.
    """
    return _borrowed(
        model,
        build=build,
        paths=paths,
        steps_per_execution=steps_per_execution,
        train=True,
        reusable=reusable,
        any_length=any_length,
    )


def predictor(model, *, build, paths, reusable=True, any_length=False):
    """The model that predicts as ``model`` does: a trainer, or ``model``."""
    return _borrowed(
        model,
        build=build,
        paths=paths,
        steps_per_execution=1,
        train=False,
        reusable=reusable,
        any_length=any_length,
    )
