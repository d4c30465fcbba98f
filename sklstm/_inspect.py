"""Looking into fitted Pipelines: predictions laid back on the rows they
belong to (``predict_frame``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._sliding_window import SlidingWindow
from ._validation import column_list
from ._windows import padded_step_counts


def predict_frame(estimator, X, *, name="prediction"):
    """Predictions of a fitted Pipeline laid on the rows of ``X``.

    Every row of ``X`` gets its prediction, on ``X``'s index (time, entity),
    next to the group columns of the Pipeline's ``SlidingWindow`` and the
    number of padded steps of its window: rows whose window reaches before
    the start of their series (the warm-up) show it, so they can be told
    apart or dropped.

    Parameters
    ----------
    estimator : Pipeline
        A fitted Pipeline whose last step predicts from 3D data.
    X : DataFrame of shape (n_rows, n_columns)
        The rows to predict.
    name : str, default="prediction"
        The name of the prediction column (``name_0``, ``name_1``, ... for
        several outputs).

    Returns
    -------
    frame : DataFrame
        Indexed like ``X``: the group columns (if any), the prediction(s) and
        ``padded_steps``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import FunctionTransformer
    >>> from sklstm import SlidingWindow, predict_frame
    >>> X = pd.DataFrame({"x": np.arange(5.0)},
    ...                  index=pd.date_range("2024-01-01", periods=5))
    >>> flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    >>> pipe = make_pipeline(SlidingWindow(timesteps=3), flat, LinearRegression())
    >>> predict_frame(pipe.fit(X, X["x"] + 1), X).round(2)
                prediction  padded_steps
    2024-01-01         1.0             2
    2024-01-02         2.0             1
    2024-01-03         3.0             0
    2024-01-04         4.0             0
    2024-01-05         5.0             0
    """
    if not isinstance(X, pd.DataFrame):
        raise TypeError(
            "predict_frame lays predictions on the index of a DataFrame; got "
            f"{type(X).__name__}. Use estimator.predict for arrays."
        )
    data, padded, group_columns = X, None, []
    for _, step in getattr(estimator, "steps", [])[:-1]:
        if step is None or step == "passthrough":
            continue
        if isinstance(step, SlidingWindow):
            group_columns = column_list(step.groups)
        data = step.transform(data)
        if np.ndim(data) == 3:  # the windows the model reads (the last 3D ones)
            padded = padded_step_counts(data)

    prediction = np.asarray(estimator.predict(X))
    frame = X[group_columns].copy() if group_columns else pd.DataFrame(index=X.index)
    if prediction.ndim == 1:
        frame[name] = prediction
    else:
        for j in range(prediction.shape[1]):
            frame[f"{name}_{j}"] = prediction[:, j]
    if padded is not None:
        frame["padded_steps"] = padded
    return frame
