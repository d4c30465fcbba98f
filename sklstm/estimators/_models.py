"""The Keras architectures of the estimators, one function per output framing.

Every model reads inputs of shape ``(n_timesteps, n_features)`` whose padded
steps hold ``MASK_VALUE`` in every feature. Its recurrent layers skip them:
they sit in a :class:`PaddingAware` layer, which masks the steps of a batch
that holds padding and runs a batch without any unmasked, as fast as a
model with no ``Masking`` at all (the mask costs a quarter to a half of an
LSTM's step time on CPU):

- :func:`many_to_one`: one output vector per sample;
- :func:`many_to_many`: one output vector per input time step;
- :func:`encoder_decoder`: one output vector per future step of a horizon;
- :func:`autoencoder`: the input sequence itself, through a code vector.

All are built by one :class:`Layers` factory, which seeds every random
initializer and every dropout from one seed.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager

import keras
from keras import ops

from ._feed import MASK_VALUE

_CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


class Layers:
    """The layers of a model, each random one seeded from ``seed``.

    With a ``seed``, every random initializer and every dropout gets its own
    seed derived from it. Keras would otherwise draw them from Python's global
    ``random``, which other threads (a Dask worker's, for one) may draw from
    while the model is built, and the same ``random_state`` would not always
    give the same model.
    """

    def __init__(
        self, *, cell: str, bidirectional: bool, dropout, recurrent_dropout, seed
    ):
        self.cell = _CELLS[cell]
        self.bidirectional = bidirectional
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout
        self.seed = seed
        self._counter = itertools.count()

    def _seeded(self) -> dict:
        """Keyword arguments of a random initializer or dropout, seeded."""
        if self.seed is None:
            return {}
        return {"seed": (int(self.seed) * 1009 + next(self._counter)) % 2**31}

    def _recurrent(self, width, return_sequences, go_backwards=False):
        return self.cell(
            int(width),
            dropout=self.dropout,
            recurrent_dropout=self.recurrent_dropout,
            return_sequences=return_sequences,
            go_backwards=go_backwards,
            kernel_initializer=keras.initializers.GlorotUniform(**self._seeded()),
            recurrent_initializer=keras.initializers.Orthogonal(**self._seeded()),
            **self._seeded(),
        )

    def stack(self, widths, *, sequences_out: bool) -> list:
        """One recurrent layer per width; all but the last return sequences.

        With ``sequences_out`` the last one returns its sequence too.
        """
        if not widths:
            raise ValueError("a recurrent model needs at least one recurrent layer")
        stack = []
        for depth, width in enumerate(widths):
            more = sequences_out or depth < len(widths) - 1
            if self.bidirectional:
                layer = keras.layers.Bidirectional(
                    self._recurrent(width, more),
                    backward_layer=self._recurrent(width, more, go_backwards=True),
                )
            else:
                layer = self._recurrent(width, more)
            stack.append(layer)
        return stack

    def recurrent(self, x, widths, *, sequences_out: bool):
        """The recurrent layers of ``widths`` applied to ``x`` (no padding)."""
        for layer in self.stack(widths, sequences_out=sequences_out):
            x = layer(x)
        return x

    def padding_aware(self, inputs, widths, *, sequences_out: bool):
        """The recurrent layers of ``widths``, skipping the padded steps."""
        stack = self.stack(widths, sequences_out=sequences_out)
        return PaddingAware(stack, sequences_out=sequences_out)(inputs)

    def dense(self, x, width, activation="relu"):
        """A dense layer; on a sequence it applies to every step alike."""
        return keras.layers.Dense(
            int(width),
            activation=activation,
            kernel_initializer=keras.initializers.GlorotUniform(**self._seeded()),
        )(x)

    def head(self, x, dense_units, n_outputs, activation):
        """ReLU dense layers of ``dense_units``, then the output layer."""
        for width in dense_units:
            x = self.dense(x, width)
        return self.dense(x, n_outputs, activation)


def real_steps(inputs):
    """Which steps of a batch are real: any feature differs from MASK_VALUE.

    The rule of Keras' ``Masking(mask_value=MASK_VALUE)``.
    """
    return ops.any(ops.not_equal(inputs, MASK_VALUE), axis=-1)


@keras.saving.register_keras_serializable(package="sklstm")
class PaddingAware(keras.layers.Layer):
    """Recurrent layers that skip padded steps, masking only batches with padding.

    On a batch whose steps are all real the layers run without a mask, which
    is what they compute with a mask of ones, only faster; on a batch that
    holds a padded step (every feature ``MASK_VALUE``) they run with the
    mask Keras' ``Masking`` layer would give them. The two paths share their
    weights: one model, whichever batches it meets. The feed batches padded
    samples among themselves, so that few batches take the masked path.

    Parameters
    ----------
    layers : list of keras layers
        Recurrent layers (or ``Bidirectional`` ones), applied in turn.
    sequences_out : bool
        Whether the last layer returns its sequence; its output then carries
        the mask of the real steps (which the loss reads).
    """

    #: The paths a call may take: "plain" (no padding in the data), "masked"
    #: (every sample padded) or "both" (decided batch by batch). Set for the
    #: data at hand by the estimator (:func:`take_paths`): a function traced
    #: for one path only costs half the tracing of one with both.
    paths = "both"

    def __init__(self, layers, *, sequences_out: bool, **kwargs):
        super().__init__(**kwargs)
        self.stack = list(layers)
        self.sequences_out = bool(sequences_out)
        self.supports_masking = True

    def build(self, input_shape):
        shape = input_shape
        for layer in self.stack:
            layer.build(shape)
            shape = layer.compute_output_shape(shape)

    def call(self, inputs, training=None):
        real = real_steps(inputs)
        unpadded = ops.all(real)
        # As Masking does, padded steps read 0 (their state is skipped).
        x = ops.where(real[..., None], inputs, 0.0)
        for layer in self.stack:
            if self.paths == "plain":
                x = layer(x, training=training)
            elif self.paths == "masked":
                x = layer(x, mask=real, training=training)
            else:
                # One condition per layer: TensorFlow's type inference warns
                # about the gradient of a condition around several of them.
                x = ops.cond(
                    unpadded,
                    lambda layer=layer, x=x: layer(x, training=training),
                    lambda layer=layer, x=x: layer(x, mask=real, training=training),
                )
        return x

    def compute_mask(self, inputs, mask=None):
        return real_steps(inputs) if self.sequences_out else None

    def compute_output_shape(self, input_shape):
        for layer in self.stack:
            input_shape = layer.compute_output_shape(input_shape)
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "layers": [keras.saving.serialize_keras_object(x) for x in self.stack],
            "sequences_out": self.sequences_out,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        layers = [
            keras.saving.deserialize_keras_object(x) for x in config.pop("layers")
        ]
        return cls(layers, **config)


def paths_of(padded) -> str:
    """The paths of samples of which ``padded`` hold padding.

    "plain" when none does, "masked" when all do, else "both".

    >>> import numpy as np
    >>> paths_of(np.array([False, True])), paths_of(np.array([True, True]))
    ('both', 'masked')
    """
    return "plain" if not padded.any() else "masked" if padded.all() else "both"


def set_paths(model: keras.Model, paths: str) -> None:
    """Set the paths of the :class:`PaddingAware` layers of ``model``.

    TensorFlow's type inference warns (30 lines of it) about the gradient of
    a condition around a bidirectional layer that reads a mask: those always
    take the masked path when some samples are padded.
    """
    for layer in model.layers:
        if isinstance(layer, PaddingAware):
            bidirectional = any(
                isinstance(x, keras.layers.Bidirectional) for x in layer.stack
            )
            layer.paths = "masked" if paths == "both" and bidirectional else paths


@contextmanager
def paths_taken(model: keras.Model, *, paths: str, steps_per_execution: int):
    """Within the block, ``model`` runs on samples that take ``paths``.

    Sets the paths of its :class:`PaddingAware` layers (:func:`paths_of`)
    and the batches Keras runs per call; Keras traces its functions for them
    at its next call. At the end of the block the layers take "both" paths
    again and those functions are dropped, so that the model serves any data
    afterwards, as its user may call it.
    """
    if model.distribute_strategy.num_replicas_in_sync > 1:
        # On several replicas, Keras' many-steps loop around a masked LSTM
        # fails in TensorFlow 2.21 (a placeholder of the LSTM's condition is
        # not fed): there, one batch per call.
        steps_per_execution = 1
    set_paths(model, paths)
    model.steps_per_execution = steps_per_execution
    model.train_function = model.test_function = model.predict_function = None
    try:
        yield model
    finally:
        set_paths(model, "both")
        model.steps_per_execution = 1
        model.train_function = model.test_function = model.predict_function = None


def many_to_one(
    layers: Layers, *, input_shape, units, dense_units, n_outputs, activation, name
) -> keras.Model:
    """``(n_timesteps, n_features)`` to ``(n_outputs,)``: from the last state."""
    inputs = keras.Input(shape=tuple(input_shape))
    x = layers.padding_aware(inputs, units, sequences_out=False)
    outputs = layers.head(x, dense_units, n_outputs, activation)
    return keras.Model(inputs, outputs, name=name)


def many_to_many(
    layers: Layers, *, input_shape, units, dense_units, n_outputs, activation, name
) -> keras.Model:
    """``(n_timesteps, n_features)`` to ``(n_timesteps, n_outputs)``.

    The output at step ``t`` reads the steps up to ``t`` (or the whole
    sequence, when bidirectional). The mask of the padded steps reaches the
    loss, which the per-step weights of the feed also zero there.
    """
    inputs = keras.Input(shape=tuple(input_shape))
    x = layers.padding_aware(inputs, units, sequences_out=True)
    outputs = layers.head(x, dense_units, n_outputs, activation)
    return keras.Model(inputs, outputs, name=name)


def encoder_decoder(
    layers: Layers,
    *,
    input_shape,
    units,
    decoder_units,
    horizon,
    dense_units,
    n_outputs,
    activation,
    name,
) -> keras.Model:
    """``(n_timesteps, n_features)`` to ``(horizon, n_outputs)``.

    The encoder's last state, repeated at every step of the horizon, is the
    input of a recurrent decoder, which gives one output per future step.
    """
    inputs = keras.Input(shape=tuple(input_shape))
    state = layers.padding_aware(inputs, units, sequences_out=False)
    x = keras.layers.RepeatVector(int(horizon))(state)
    x = layers.recurrent(x, decoder_units, sequences_out=True)
    outputs = layers.head(x, dense_units, n_outputs, activation)
    return keras.Model(inputs, outputs, name=name)


def autoencoder(layers: Layers, *, input_shape, units, name) -> keras.Model:
    """``(n_timesteps, n_features)`` to itself, through a code vector.

    The encoder's last state is the code (the layer named ``"code"``); the
    decoder mirrors the encoder's widths, reads the code at every step and
    rebuilds every feature of every step, linearly.
    """
    n_timesteps, n_features = input_shape
    inputs = keras.Input(shape=tuple(input_shape))
    code = layers.padding_aware(inputs, units, sequences_out=False)
    code = keras.layers.Identity(name="code")(code)
    x = keras.layers.RepeatVector(int(n_timesteps))(code)
    x = layers.recurrent(x, tuple(reversed(units)), sequences_out=True)
    outputs = layers.dense(x, n_features, "linear")
    return keras.Model(inputs, outputs, name=name)


def encoder_of(model: keras.Model) -> keras.Model:
    """The part of an :func:`autoencoder` from its input to its code."""
    return keras.Model(model.inputs, model.get_layer("code").output)
