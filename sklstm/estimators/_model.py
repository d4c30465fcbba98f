"""The Keras model the estimators build: masking, recurrent layers, a dense head."""

from __future__ import annotations

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
) -> keras.Model:
    """A sequence model for inputs of shape ``(n_timesteps, n_features)``.

    ``Masking`` skips the padded steps (all features equal to ``MASK_VALUE``);
    then one recurrent layer per entry of ``units`` (all but the last return
    sequences), optional dense layers, and an output layer of ``n_outputs``
    units.
    """
    layers = [
        keras.Input(shape=input_shape),
        keras.layers.Masking(mask_value=MASK_VALUE),
    ]
    units = (units,) if isinstance(units, int) else tuple(units)
    for depth, width in enumerate(units):
        layer = _CELLS[cell](
            int(width),
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            return_sequences=depth < len(units) - 1,
        )
        layers.append(keras.layers.Bidirectional(layer) if bidirectional else layer)
    for width in (dense_units,) if isinstance(dense_units, int) else dense_units:
        layers.append(keras.layers.Dense(int(width), activation="relu"))
    layers.append(keras.layers.Dense(n_outputs, activation=output_activation))
    return keras.Sequential(layers, name=name)
