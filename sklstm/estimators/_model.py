"""The Keras model the estimators build: masking, recurrent layers, a dense head."""

from __future__ import annotations

import itertools
from numbers import Integral

import keras

from ._batches import MASK_VALUE

_CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


def build_recurrent_model(
    *,
    input_shape: tuple[int, int],
    units,
    cell: str,
    bidirectional: bool,
    dropout: float,
    recurrent_dropout: float,
    dense_units,
    n_outputs: int,
    output_activation: str,
    name: str,
    seed: int | None = None,
) -> keras.Model:
    """A sequence model for inputs of shape ``(n_timesteps, n_features)``.

    ``Masking`` skips the padded steps (all features equal to ``MASK_VALUE``);
    then one recurrent layer per entry of ``units`` (all but the last return
    sequences), optional dense layers, and an output layer of ``n_outputs``
    units.

    With a ``seed``, every random initializer and every dropout gets its own
    seed derived from it. Keras would otherwise draw them from Python's global
    ``random``, which other threads (a Dask worker's, for one) may draw from
    while the model is built, and the same ``random_state`` would not always
    give the same model.
    """
    counter = itertools.count()

    def seeded():
        """Keyword arguments of a random initializer or dropout, seeded."""
        if seed is None:
            return {}
        return {"seed": (int(seed) * 1009 + next(counter)) % 2**31}

    def recurrent(width, return_sequences, go_backwards=False):
        return _CELLS[cell](
            int(width),
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            return_sequences=return_sequences,
            go_backwards=go_backwards,
            kernel_initializer=keras.initializers.GlorotUniform(**seeded()),
            recurrent_initializer=keras.initializers.Orthogonal(**seeded()),
            **seeded(),
        )

    layers = [
        keras.Input(shape=input_shape),
        keras.layers.Masking(mask_value=MASK_VALUE),
    ]
    # numpy integers (from np.arange grids) are widths too, not sequences.
    units = (units,) if isinstance(units, Integral) else tuple(units)
    if not units:
        raise ValueError("a recurrent model needs at least one recurrent layer")
    for depth, width in enumerate(units):
        more = depth < len(units) - 1
        if bidirectional:
            layers.append(
                keras.layers.Bidirectional(
                    recurrent(width, more),
                    backward_layer=recurrent(width, more, go_backwards=True),
                )
            )
        else:
            layers.append(recurrent(width, more))
    dense_units = (
        (dense_units,) if isinstance(dense_units, Integral) else tuple(dense_units)
    )
    for width in dense_units:
        layers.append(
            keras.layers.Dense(
                int(width),
                activation="relu",
                kernel_initializer=keras.initializers.GlorotUniform(**seeded()),
            )
        )
    layers.append(
        keras.layers.Dense(
            n_outputs,
            activation=output_activation,
            kernel_initializer=keras.initializers.GlorotUniform(**seeded()),
        )
    )
    return keras.Sequential(layers, name=name)
