"""Follow the shape of the data through the steps of a Pipeline (``trace_shapes``)."""

from __future__ import annotations

import html
import textwrap
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone

from ._inspect import is_passthrough, reads_3d, unwrap
from ._validation import _TO_3D_HINT, AXES, describe_shape, dimension_error, plural
from ._windows import padded_step_counts

# The text form fits a terminal this wide; long cells wrap, between axes first.
_WIDTH = 88
# (field, title, widest) of the columns of the text form; the last one wraps.
_TEXT_COLUMNS = (("name", "step", 20), ("estimator", "estimator", 24))
_HTML_COLUMNS = (
    ("name", "step"),
    ("estimator", "estimator"),
    ("output", "output"),
    ("shape", "shape"),
    ("meaning", "meaning"),
    ("dtype", "dtype"),
    ("padded", "padded steps"),
)


@dataclass(frozen=True)
class TracedStep:
    """One row of a :class:`ShapeTrace`: a step and the data it returned.

    Attributes
    ----------
    name : str
        The step's name in the Pipeline; ``"input"`` for the data itself.
    estimator : str
        The class name of the step ("" for the input).
    output : str
        The type of the data the step returned (``"DataFrame"``,
        ``"ndarray"``, ``"LazyWindows"``, ...); "" for the final estimator,
        which is not fitted, and for a step that failed.
    shape : tuple of int or None
        The shape of that data; for a collection of sequences of different
        lengths, the number of sequences ``(n_sequences,)``.
    dtype : str
        Its dtype (the sequences' dtype for a collection of sequences).
    meaning : str
        The meaning of each axis, for example ``"309 samples x 11 time steps
        x 1 feature"``; for the final estimator, what it is built with; for a
        failed step, "".
    padded_steps : int or None
        For 3D data ``(n_samples, n_timesteps, n_features)``, the number of
        padded time steps (all features NaN) over all samples.
    padded_share : float or None
        ``padded_steps`` as a share of all ``n_samples * n_timesteps`` steps.
    error : str or None
        ``"<ErrorType>: <message>"`` for the step that failed.
    """

    name: str
    estimator: str
    output: str
    shape: tuple[int, ...] | None
    dtype: str
    meaning: str
    padded_steps: int | None = None
    padded_share: float | None = None
    error: str | None = None

    def _padded_text(self, unit: str = "") -> str:
        """``"3 of 30 (10.0%)"``: the padded steps among all steps."""
        if self.padded_steps is None:
            return ""
        text = f"{self.padded_steps} of {self.shape[0] * self.shape[1]}{unit}"
        if self.padded_share is None:  # no step at all
            return text
        return f"{text} ({self.padded_share:.1%})"

    def _lines(self, width: int) -> list[str]:
        """The text of the "output" column: the shape, then the details."""
        if self.error is not None:
            return textwrap.wrap(f"FAILED with {self.error}", width)
        if self.shape is None:
            return _wrap_axes(self.meaning, width)
        lines = _wrap_axes(f"{self.shape} = {self.meaning}", width)
        details = ", ".join(part for part in (self.output, self.dtype) if part)
        if self.padded_steps is not None:
            details += f", {self._padded_text(' steps padded')}"
        return lines + textwrap.wrap(details, width)

    def _html_cells(self) -> dict[str, str]:
        return {
            "name": self.name,
            "estimator": self.estimator,
            "output": self.output,
            "shape": "" if self.shape is None else str(self.shape),
            "meaning": self.meaning if self.error is None else self.error,
            "dtype": self.dtype,
            "padded": self._padded_text(),
        }


class ShapeTrace:
    """The shapes of the data through the steps of a Pipeline.

    Returned by :func:`trace_shapes`. Print it for a table, show it in a
    notebook for an HTML table, or call :meth:`to_frame` for a DataFrame.

    Attributes
    ----------
    steps : list of TracedStep
        One row per step: the input first, then every transformer, and the
        final estimator last (when the Pipeline ends with one).
    input_shape : tuple of int or None
        ``(n_timesteps, n_features)``: the last two axes of the 3D data that
        reaches the final step, which an LSTM estimator there is built with.
        None when that data is not 3D or a step failed.
    failed_step : str or None
        The name of the step that raised an error, which ends the trace.
    error : Exception or None
        That error.
    summary : str
        What the final step gets, in a sentence (and what to do about it).
    """

    def __init__(self, steps, *, input_shape, failed_step, error, summary):
        self.steps = list(steps)
        self.input_shape = input_shape
        self.failed_step = failed_step
        self.error = error
        self.summary = summary

    def to_frame(self) -> pd.DataFrame:
        """The rows as a DataFrame, one per step, with the fields of TracedStep."""
        columns = list(TracedStep.__dataclass_fields__)
        frame = pd.DataFrame([asdict(row) for row in self.steps], columns=columns)
        return frame.astype({"padded_steps": "Int64", "padded_share": float})

    def __str__(self) -> str:
        widths = [
            min(
                widest, max(len(title), *(len(getattr(row, key)) for row in self.steps))
            )
            for key, title, widest in _TEXT_COLUMNS
        ]
        indent = sum(widths) + 2 * len(widths)
        last = max(40, _WIDTH - indent)

        def line(cells, text=""):
            start = "  ".join(
                _shorten(cell, w).ljust(w)
                for cell, w in zip(cells, widths, strict=True)
            )
            return f"{start}  {text}".rstrip()

        lines = [line([title for _, title, _ in _TEXT_COLUMNS], "output"), ""]
        for row in self.steps:
            first, *more = row._lines(last)
            lines.append(
                line([getattr(row, key) for key, _, _ in _TEXT_COLUMNS], first)
            )
            lines.extend(" " * indent + text for text in more)
        lines[1] = "-" * max(len(text) for text in lines)  # under the titles
        lines.extend(textwrap.wrap(self.summary, _WIDTH, subsequent_indent="  "))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(title)}</th>" for _, title in _HTML_COLUMNS)
        body = []
        for row in self.steps:
            cells = row._html_cells()
            style = ' style="color: #b00020"' if row.error is not None else ""
            tds = "".join(
                f"<td>{html.escape(cells[key])}</td>" for key, _ in _HTML_COLUMNS
            )
            body.append(f"<tr{style}>{tds}</tr>")
        return (
            '<table class="sklstm-shape-trace">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table><p>{html.escape(self.summary)}</p>"
        )


def trace_shapes(pipeline, X, y=None) -> ShapeTrace:
    """Show the shape of the data after every step of a Pipeline.

    Each transformer of ``pipeline`` is cloned and fitted on the output of
    the one before (``fit_transform(X, y)``, as ``Pipeline.fit`` does), and
    the shape of what it returns is recorded with the meaning of each axis:
    rows x columns for a table, ``(n_samples, n_timesteps, n_features)`` for
    3D data, with the number of padded (all-NaN) time steps. The final
    estimator is not fitted (it is the model); the trace ends with the
    ``input_shape=(n_timesteps, n_features)`` an LSTM estimator there is
    built with, or, when the data that reaches it is not 3D, with which
    transformer to add. ``pipeline`` itself is never fitted or changed.

    A step that raises an error ends the trace: its row holds the error's
    type and message, which the trace shows instead of raising.

    Parameters
    ----------
    pipeline : Pipeline, TransformedTargetRegressor, search or estimator
        A scikit-learn ``Pipeline`` (its last step is taken as the model
        unless it has ``transform``), a ``TransformedTargetRegressor`` whose
        ``regressor`` is one (its target transform changes the values of
        ``y``, not the shapes, so ``y`` is passed as given), a search
        (``GridSearchCV``, ``RandomizedSearchCV``, ``HalvingGridSearchCV``)
        around either, nested in any order, or a single transformer or
        model. A fitted search is traced with the parameters of its
        ``best_estimator_``, an unfitted one with those of its
        ``estimator``. A Pipeline as the last step of another is opened, its
        steps named as ``set_params`` names them (``"model__window"``).
        ``None``, a class or a list of steps is a ``TypeError``, a Pipeline
        without steps a ``ValueError``.
    X : array-like, DataFrame or list of sequences
        The data the Pipeline is fitted on (not None).
    y : array-like, default=None
        The target, passed to every ``fit_transform`` like ``Pipeline.fit``
        does.

    Returns
    -------
    trace : ShapeTrace
        Its text form is a table (``print(trace)``), it renders as an HTML
        table in a notebook, and ``trace.to_frame()`` gives a DataFrame;
        ``trace.input_shape`` and ``trace.failed_step`` hold the outcome.

    See Also
    --------
    predict_frame : Predictions of a fitted Pipeline on the rows of ``X``.

    Notes
    -----
    The trace itself copies no data: windows that ``SlidingWindow``
    returns as a ``LazyWindows`` are counted for padding a chunk at a time.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.pipeline import Pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklstm import LSTMRegressor, SlidingWindow
    >>> from sklstm._trace import trace_shapes
    >>> X = pd.DataFrame({"sales": [3.0, 5, 4, 6, 8, 7, 9, 11, 10, 12]})
    >>> pipe = Pipeline([("scale", StandardScaler().set_output(transform="pandas")),
    ...                  ("window", SlidingWindow(timesteps=3)),
    ...                  ("lstm", LSTMRegressor(units=8))])
    >>> trace = trace_shapes(pipe, X, X["sales"])
    >>> print(trace)
    step    estimator       output
    --------------------------------------------------------------------------
    input                   (10, 1) = 10 rows x 1 column
                            DataFrame, float64
    scale   StandardScaler  (10, 1) = 10 rows x 1 column
                            DataFrame, float64
    window  SlidingWindow   (10, 3, 1) = 10 samples x 3 time steps x 1 feature
                            ndarray, float64, 3 of 30 steps padded (10.0%)
    lstm    LSTMRegressor   builds input_shape=(3, 1) (not fitted)
    LSTMRegressor will be built with input_shape=(3, 1): 3 time steps x 1 feature per
      sample.
    >>> trace.input_shape
    (3, 1)

    A step that fails ends the trace, with its error:

    >>> from sklstm import To3D
    >>> trace = trace_shapes(Pipeline([("to3d", To3D(timesteps=3)),
    ...                                ("lstm", LSTMRegressor())]), X)
    >>> trace.failed_step, trace.input_shape
    ('to3d', None)
    """
    if X is None:
        raise TypeError(
            "trace_shapes follows the data through the steps, but X is None: "
            "pass the data the Pipeline is fitted on (a DataFrame, an array or "
            "a list of sequences)."
        )
    steps, model, _ = unwrap(pipeline, fitted=False, who="trace_shapes")
    rows = [_row("input", "", X)]
    data, failed, error = X, None, None
    for name, step in steps:
        if is_passthrough(step):
            rows.append(_row(name, "passthrough", data))
            continue
        try:
            fitted = clone(step)
            if hasattr(fitted, "fit_transform"):
                data = fitted.fit_transform(data, y)
            else:
                data = fitted.fit(data, y).transform(data)
            rows.append(_row(name, type(step).__name__, data))
        except Exception as exc:  # the trace reports it instead of raising
            failed, error = name, exc
            message = f"{type(exc).__name__}: {exc}"
            rows.append(
                TracedStep(name, type(step).__name__, "", None, "", "", error=message)
            )
            break

    shape = None if failed is not None else _shape(data)
    input_shape = tuple(shape[1:]) if shape is not None and len(shape) == 3 else None
    if model is not None:
        name, estimator = model
        rows.append(_model_row(name, estimator, shape, failed))
    summary = _summary(model, shape, input_shape, failed)
    return ShapeTrace(
        rows,
        input_shape=input_shape,
        failed_step=failed,
        error=error,
        summary=summary,
    )


def _model_row(name, estimator, shape, failed) -> TracedStep:
    who = type(estimator).__name__
    if failed is not None:
        meaning = "not reached"
    elif not reads_3d(estimator):
        meaning = "the final estimator (not fitted)"
    elif shape is not None and len(shape) == 3:
        meaning = f"builds input_shape={tuple(shape[1:])} (not fitted)"
    else:
        got = "data of no single shape" if shape is None else f"{len(shape)}D data"
        meaning = f"needs 3D data, gets {got} (not fitted)"
    return TracedStep(name, who, "", None, "", meaning)


def _summary(model, shape, input_shape, failed) -> str:
    """What the final step gets, as a sentence, with advice when it is wrong."""
    who, lstm = "An LSTM estimator after these steps", True
    if model is not None:
        lstm = reads_3d(model[1])
        who = type(model[1]).__name__
    if failed is not None:
        if model is None:
            return f"The trace stopped at step {failed!r}: fix it to see its output."
        return (
            f"{who} is not reached, so its input_shape is unknown: fix step "
            f"{failed!r} first."
        )
    if input_shape is not None:
        n_timesteps, n_features = input_shape
        per_sample = (
            f"{plural(n_timesteps, 'time step')} x "
            f"{plural(n_features, 'feature')} per sample"
        )
        if lstm:
            return f"{who} will be built with input_shape={input_shape}: {per_sample}."
        return (
            f"{who} is not an LSTM estimator; it gets 3D data "
            f"{describe_shape(shape)}. An LSTM estimator in its place would be "
            f"built with input_shape={input_shape}: {per_sample}."
        )
    if shape is None:
        return (
            f"{who} gets data of no single shape, but an LSTM needs 3D data "
            f"{AXES}. Put SequencePadder before it to pad sequences of "
            "different lengths into one array."
        )
    if lstm:
        message = str(dimension_error(who, shape, 3))
        return message if _TO_3D_HINT in message else f"{message} {_TO_3D_HINT}"
    return (
        f"{who} is not an LSTM estimator; it gets {len(shape)}D data "
        f"{describe_shape(shape)}. An LSTM estimator in its place would need "
        f"3D data {AXES}. {_TO_3D_HINT}"
    )


def _shape(data) -> tuple[int, ...] | None:
    shape = getattr(data, "shape", None)
    if shape is None:
        return None
    return tuple(int(s) for s in shape)


def _row(name: str, estimator: str, data) -> TracedStep:
    """Describe ``data``, the output of step ``name``, without copying it."""
    output = type(data).__name__
    items = _items(data)
    if items is not None:
        return _sequences_row(name, estimator, output, items)
    shape = _shape(data)
    if shape is None:
        return TracedStep(name, estimator, output, None, "", f"a {output}")
    meaning = describe_shape(shape).partition(" = ")[2] or f"{len(shape)} axes"
    padded = share = None
    if len(shape) == 3 and getattr(data, "dtype", np.dtype(object)).kind in "fcbiu":
        padded = int(padded_step_counts(data).sum())
        total = shape[0] * shape[1]
        share = padded / total if total else None
    return TracedStep(
        name, estimator, output, shape, _dtype(data), meaning, padded, share
    )


def _dtype(data) -> str:
    dtypes = getattr(data, "dtypes", None)
    if isinstance(dtypes, pd.Series):  # a DataFrame: its distinct dtypes
        distinct = list(dict.fromkeys(str(d) for d in dtypes))
        return ", ".join(distinct)
    dtype = getattr(data, "dtype", None)
    return "" if dtype is None else str(dtype)


def _items(data):
    """The items of a list, tuple or 1D object array or Series, or None."""
    if isinstance(data, (list, tuple)):
        return data
    if isinstance(data, (pd.Series, np.ndarray)) and data.ndim == 1:
        if data.dtype == object:
            return data.array if isinstance(data, pd.Series) else data
    return None


def _sequences_row(name, estimator, output, items) -> TracedStep:
    """Describe a collection of sequences, the shape of each item only."""
    try:
        shapes = [np.shape(item) for item in items]
    except ValueError:  # ragged nested lists
        shapes = None
    if not shapes or not all(shapes):  # empty, ragged or not sequences
        shape = (len(items),)
        return TracedStep(
            name, estimator, output, shape, "", plural(len(items), "item")
        )
    dtypes = {_dtype(item) or type(item).__name__ for item in items}
    dtype = dtypes.pop() if len(dtypes) == 1 else "mixed"
    if output in ("list", "tuple") and len(set(shapes)) == 1:  # a regular array
        shape = (len(items), *shapes[0])
        meaning = describe_shape(shape).partition(" = ")[2] or f"{len(shape)} axes"
        return TracedStep(name, estimator, output, shape, dtype, meaning)
    lengths = [s[0] for s in shapes]
    low, high = min(lengths), max(lengths)
    steps = f"{low} to {high} time steps" if low != high else plural(low, "time step")
    features = {s[1:] for s in shapes}
    if features == {()}:
        steps += " of one feature"
    elif len(features) == 1 and len(next(iter(features))) == 1:
        steps += f" x {plural(next(iter(features))[0], 'feature')}"
    else:
        steps += " with different numbers of features"
    meaning = f"{plural(len(shapes), 'sequence')} of {steps}"
    return TracedStep(name, estimator, output, (len(shapes),), dtype, meaning)


def _wrap_axes(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width``, breaking between axes (at " x ") first."""
    lines = [""]
    for i, part in enumerate(text.split(" x ")):
        joined = f"{lines[-1]} x {part}" if i else part
        if len(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(f"x {part}")
    return [line for long in lines for line in textwrap.wrap(long, width) or [""]]


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
