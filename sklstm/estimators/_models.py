"""The Keras architectures of the estimators, one function per output framing.

Every model reads inputs of shape ``(n_timesteps, n_features)`` whose padded
steps (all features equal to ``MASK_VALUE``) a ``Masking`` layer skips:

- :func:`many_to_one`: one output vector per sample;
- :func:`many_to_many`: one output vector per input time step;
- :func:`encoder_decoder`: one output vector per future step of a horizon;
- :func:`autoencoder`: the input sequence itself, through a code vector.

All are built by one :class:`Layers` factory, which seeds every random
initializer and every dropout from one seed.
"""

from __future__ import annotations

import itertools

import keras

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

    def recurrent(self, x, widths, *, sequences_out: bool):
        """One recurrent layer per width; all but the last return sequences.

        With ``sequences_out`` the last one returns its sequence too.
        """
        if not widths:
            raise ValueError("a recurrent model needs at least one recurrent layer")
        for depth, width in enumerate(widths):
            more = sequences_out or depth < len(widths) - 1
            if self.bidirectional:
                layer = keras.layers.Bidirectional(
                    self._recurrent(width, more),
                    backward_layer=self._recurrent(width, more, go_backwards=True),
                )
            else:
                layer = self._recurrent(width, more)
            x = layer(x)
        return x

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


def _masked_input(input_shape):
    inputs = keras.Input(shape=tuple(input_shape))
    return inputs, keras.layers.Masking(mask_value=MASK_VALUE)(inputs)


def many_to_one(
    layers: Layers, *, input_shape, units, dense_units, n_outputs, activation, name
) -> keras.Model:
    """``(n_timesteps, n_features)`` to ``(n_outputs,)``: from the last state."""
    inputs, x = _masked_input(input_shape)
    x = layers.recurrent(x, units, sequences_out=False)
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
    inputs, x = _masked_input(input_shape)
    x = layers.recurrent(x, units, sequences_out=True)
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
    inputs, x = _masked_input(input_shape)
    state = layers.recurrent(x, units, sequences_out=False)
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
    inputs, x = _masked_input(input_shape)
    code = layers.recurrent(x, units, sequences_out=False)
    code = keras.layers.Identity(name="code")(code)
    x = keras.layers.RepeatVector(int(n_timesteps))(code)
    x = layers.recurrent(x, tuple(reversed(units)), sequences_out=True)
    outputs = layers.dense(x, n_features, "linear")
    return keras.Model(inputs, outputs, name=name)


def encoder_of(model: keras.Model) -> keras.Model:
    """The part of an :func:`autoencoder` from its input to its code."""
    return keras.Model(model.inputs, model.get_layer("code").output)
