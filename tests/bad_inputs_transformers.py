"""Bad inputs to the reshaping transformers: to_3d, To3D, SequencePadder,
group_sequences, StepwiseTransformer, and the LazyWindows they may meet."""

import numpy as np
import pandas as pd
from badinput import Bad
from scipy import sparse
from sklearn.linear_model import Ridge
from sklearn.preprocessing import StandardScaler

from sklstm import (
    LazyWindows,
    SequencePadder,
    StepwiseTransformer,
    To3D,
    group_sequences,
    to_3d,
)
from sklstm._windows import padded_windows

_RAGGED = ("sequences of different lengths", "SequencePadder first")
_NOT_A_BOOL = (r"not a bool", r"Got (True|False)")


def _seq(*shape, fill=1.0):
    return np.full(shape, fill)


def _fit(estimator, X):
    return estimator.fit(X)


def _fit_transform(estimator, X):
    return estimator.fit_transform(X)


def _transform_after(fit_on):
    """Fit a clone of the estimator on ``fit_on``, then transform ``X``."""

    def call(estimator, X):
        from sklearn.base import clone

        return clone(estimator).fit(fit_on).transform(X)

    return call


def _inverse_after(fit_on):
    def call(estimator, X):
        from sklearn.base import clone

        return clone(estimator).fit(fit_on).inverse_transform(X)

    return call


def _names_after(fit_on):
    def call(estimator, names):
        from sklearn.base import clone

        return clone(estimator).fit(fit_on).get_feature_names_out(names)

    return call


def _lazy():
    """The windows of two interleaved stores, as SlidingWindow returns them."""
    values = np.arange(12.0).reshape(6, 2)
    windows = padded_windows(values, 3, codes=np.array([0, 1] * 3)).lazy()
    assert isinstance(windows, LazyWindows)
    return windows


def _index(key):
    # The windows are made here: the harness compares its inputs with copies,
    # and the key is the user's input.
    return _lazy()[key]


_wide = pd.DataFrame(np.arange(8.0).reshape(2, 4), columns=["a1", "b1", "a2", "b2"])


def _named(*names):
    """A DataFrame of two rows with these column names."""
    return pd.DataFrame(np.arange(2.0 * len(names)).reshape(2, -1), columns=list(names))


_stepped = _named("A1", "A2", "A3", "B1", "B2", "B3", "age")
_with_text = pd.DataFrame({"load": [1.0, 2.0], "city": ["x", "y"]})
_visits = [
    pd.DataFrame({"pulse": [70.0, 72.0], "temp": [36.6, 36.8]}),
    pd.DataFrame({"temp": [38.1], "pulse": [83.0]}),
]
_long = pd.DataFrame(
    {
        "patient": ["a", "a", "b"],
        "day": [1, 2, 1],
        "pulse": [70.0, 72.0, 80.0],
        "name": ["x", "x", "y"],
    }
)


def _as_sparse(call):
    """``call`` with its last input as a sparse matrix, made in the call.

    The harness compares the inputs with copies after the call, which a
    sparse matrix does not support; the user's data is the dense one (or
    the shape of an empty sparse matrix).
    """

    def with_sparse(*inputs):
        *rest, data = inputs
        return call(*rest, sparse.csr_matrix(data))

    return with_sparse


_huge = (2, 10**14)  # an empty sparse matrix of this shape holds no memory
_padded = np.array([[[1.0, 2.0], [3.0, 4.0]], [[np.nan, np.nan], [5.0, 6.0]]])


CASES = [
    # ------------------------------------------------------------------ to_3d
    Bad(
        "to_3d-already-3d",
        to_3d,
        (np.zeros((2, 3, 4)),),
        words=(r"already \(n_samples, n_timesteps, n_features\)", "straight to"),
    ),
    Bad("to_3d-4d", to_3d, (np.zeros((1, 2, 3, 4)),), words=(r"4D array",)),
    Bad("to_3d-empty", to_3d, (np.zeros(0),), words=(r"\(0,\)", "no time step")),
    Bad(
        "to_3d-no-feature",
        to_3d,
        (np.zeros((5, 0)),),
        words=(r"5 time steps x 0 features", "no feature"),
    ),
    Bad(
        "to_3d-strings",
        to_3d,
        (np.array(["a", "b"]),),
        TypeError,
        (r"needs numbers", r"calendar features"),
    ),
    Bad(
        "to_3d-non-numeric-column",
        to_3d,
        (_with_text,),
        TypeError,
        (r"column 'city'", r"encode them as numbers"),
    ),
    Bad(
        "to_3d-rows-of-different-lengths",
        to_3d,
        ([[1.0, 2.0], [3.0]],),
        words=(r"different lengths", "SequencePadder"),
    ),
    Bad("to_3d-infinity", to_3d, (np.array([1.0, np.inf]),), words=("infinity",)),
    Bad(
        "to_3d-sparse",
        _as_sparse(to_3d),
        (_huge,),
        TypeError,
        (r"sparse matrix", r"X\.toarray\(\)"),
    ),
    # ------------------------------------------------------------------- To3D
    Bad(
        "To3D-timesteps-bool",
        _fit,
        (To3D(timesteps=True), np.zeros((2, 4))),
        words=("timesteps", *_NOT_A_BOOL),
    ),
    Bad(
        "To3D-timesteps-zero",
        _fit,
        (To3D(timesteps=0), np.zeros((2, 4))),
        words=("timesteps", r"range \[1, inf\)"),
    ),
    Bad(
        "To3D-timesteps-float",
        _fit,
        (To3D(timesteps=2.5), np.zeros((2, 4))),
        words=("timesteps", "int"),
    ),
    Bad(
        "To3D-order-unknown",
        _fit,
        (To3D(order="rows"), np.zeros((2, 4))),
        words=("order", "time_major"),
    ),
    Bad(
        "To3D-columns-not-a-multiple",
        _fit,
        (To3D(timesteps=4), np.zeros((2, 6))),
        words=(r"6 is not a multiple of 4", r"Pick a timesteps that divides 6"),
    ),
    Bad(
        "To3D-1d",
        _fit,
        (To3D(), np.arange(5.0)),
        words=(r"1D array of shape \(5,\)", r"to_3d\(series\)", r"reshape\(1, -1\)"),
    ),
    Bad(
        "To3D-3d",
        _fit,
        (To3D(), np.zeros((2, 3, 4))),
        words=(r"2 samples x 3 time steps x 4 features", "straight to"),
    ),
    Bad(
        "To3D-ragged-rows",
        _fit,
        (To3D(), [[1.0, 2.0, 3.0], [4.0, 5.0]]),
        words=(*_RAGGED, r"\(3, 2\)"),
    ),
    Bad(
        "To3D-ragged-tuple-of-rows",
        _fit,
        (To3D(timesteps=1), ([1.0], [2.0, 3.0])),
        words=_RAGGED,
    ),
    Bad(
        "To3D-non-numeric-column",
        _fit,
        (To3D(), _with_text),
        TypeError,
        (r"column 'city' \(", r"OneHotEncoder"),
    ),
    Bad(
        "To3D-no-row",
        _fit,
        (To3D(), np.zeros((0, 4))),
        words=(r"0 rows x 4 columns", "no row"),
    ),
    Bad(
        "To3D-no-column",
        _fit,
        (To3D(), np.zeros((3, 0))),
        words=(r"3 rows x 0 columns", "no column"),
    ),
    Bad(
        "To3D-infinity",
        _fit,
        (To3D(), np.array([[1.0, np.inf]])),
        words=("infinity",),
    ),
    Bad(
        "To3D-complex",
        _fit,
        (To3D(), np.array([[1j, 2.0]])),
        words=("Complex",),
    ),
    Bad(
        "To3D-sparse",
        _as_sparse(_fit),
        (To3D(), _huge),
        TypeError,
        (r"sparse matrix", r"X\.toarray\(\)"),
    ),
    Bad(
        "To3D-transform-other-column-count",
        _transform_after(np.zeros((2, 6))),
        (To3D(timesteps=3), np.zeros((2, 4))),
        words=(
            r"X has 4 features, but To3D is expecting 6 features as input",
            r"2 rows x 4 columns",
            r"3 time steps x 2 features",
            r"same features",
        ),
    ),
    Bad(
        "To3D-transform-other-column-names",
        _transform_after(_wide),
        (To3D(timesteps=2), _wide.set_axis(["a1", "a2", "b1", "b2"], axis=1)),
        words=(r"feature names",),
    ),
    Bad(
        "To3D-inverse-of-2d",
        _inverse_after(np.zeros((2, 6))),
        (To3D(timesteps=3), np.zeros((2, 6))),
        words=(r"2D array of shape \(2, 6\)", "nothing to undo"),
    ),
    Bad(
        "To3D-inverse-of-other-shape",
        _inverse_after(np.zeros((2, 6))),
        (To3D(timesteps=3), np.zeros((5, 2, 3))),
        words=(r"was fitted to produce samples", r"5 samples x 3 time steps"),
    ),
    Bad(
        "To3D-inverse-of-ragged",
        _inverse_after(np.zeros((2, 6))),
        (To3D(timesteps=3), [np.zeros((3, 2)), np.zeros((2, 2))]),
        words=_RAGGED,
    ),
    Bad(
        "To3D-feature-names-wrong-length",
        _names_after(np.zeros((2, 6))),
        (To3D(timesteps=3), ["a", "b"]),
        words=(r"input_features should have length", r"\(6\)"),
    ),
    # ----------------------------------- To3D: steps read from names, static
    Bad(
        "To3D-names-some-without-a-step",
        _fit,
        (To3D(), _named("A1", "A2", "A3", "B1", "B2", "B3", "age", "income")),
        words=(
            r"6 of 8 columns carry a step",
            r"do not: 'age', 'income'",
            r"static=\['age', 'income'\]",
            r"steps_from_names=False",
        ),
    ),
    Bad(
        "To3D-names-feature-missing-a-step",
        _fit,
        (To3D(), _named("A1", "A2", "A3", "B1", "B3")),
        words=(r"missing: 'B' at step 2", r"add the missing columns"),
    ),
    Bad(
        "To3D-names-steps-not-evenly-spaced",
        _fit,
        (To3D(), _named("y(t-3)", "y(t-1)", "y(t)")),
        words=(r"not evenly spaced", r"step t-2 is missing", r"equally far apart"),
    ),
    Bad(
        "To3D-names-steps-numbered-two-ways",
        _fit,
        (To3D(), _named("A1", "A2", "sales(t-1)", "sales(t)")),
        words=(r"two ways", r"larger lag is earlier", r"'sales\(t-1\)'"),
    ),
    Bad(
        "To3D-names-a-step-twice",
        _fit,
        (To3D(), _named("A1", "A_1", "A2")),
        words=(r"'A1' and 'A_1' both hold step 1 of feature 'A'",),
    ),
    Bad(
        "To3D-names-that-are-no-steps",
        _fit,
        (To3D(), _named("co2", "pm25", "no2")),
        words=(r"'co' at step 25", r"steps_from_names=False"),
    ),
    Bad(
        "To3D-names-steps-beyond-any-window",
        _fit,
        (To3D(), _named("x_0", "x_10000000000000000000", "x_20000000000000000000")),
        words=(r"more than 1,000,000,000 steps", r"steps_from_names=False"),
    ),
    Bad(
        "To3D-steps-from-names-of-an-array",
        _fit,
        (To3D(steps_from_names=True), np.zeros((2, 4))),
        words=(r"X has no column names", r"DataFrame with named columns"),
    ),
    Bad(
        "To3D-steps-from-names-and-other-timesteps",
        _fit,
        (To3D(timesteps=2, steps_from_names=True), _stepped.drop(columns="age")),
        words=(r"carry 3 time steps \(1, 2, 3\) of 2 features", r"not 2"),
    ),
    Bad(
        "To3D-steps-from-names-unknown",
        _fit,
        (To3D(steps_from_names="yes"), np.zeros((2, 4))),
        words=("steps_from_names", "auto"),
    ),
    Bad(
        "To3D-static-a-set",
        _fit,
        (To3D(static={"age"}), _stepped),
        words=("static", "list"),
    ),
    Bad(
        "To3D-static-not-a-column",
        _fit,
        (To3D(static=["agee"]), _stepped),
        words=(r"static column\(s\) \['agee'\] are not in the DataFrame", "'age'"),
    ),
    Bad(
        "To3D-static-name-of-an-array",
        _fit,
        (To3D(static=["age"]), np.zeros((2, 7))),
        words=(r"numpy array with 7 unnamed columns", r"positions \(0 \.\. 6\)"),
    ),
    Bad(
        "To3D-static-position-out-of-range",
        _fit,
        (To3D(static=[7]), np.zeros((2, 7))),
        words=(r"static=\[7\] names columns", r"positions \(0 \.\. 6\)"),
    ),
    Bad(
        "To3D-static-twice",
        _fit,
        (To3D(static=["age", "age"]), _stepped),
        words=(r"names a column twice",),
    ),
    Bad(
        "To3D-static-everything",
        _fit,
        (To3D(static=[0, 1]), np.zeros((2, 2))),
        words=(r"takes all 2 columns", r"none is left for the time steps"),
    ),
    Bad(
        "To3D-static-not-numeric",
        _fit,
        (To3D(static=["city"]), _stepped.assign(city="Oslo")),
        TypeError,
        (r"column 'city' \(", r"A static column is repeated at every time step"),
    ),
    Bad(
        "To3D-static-columns-not-a-multiple",
        _fit,
        (To3D(timesteps=4, static=[0]), np.zeros((2, 7))),
        words=(r"7 columns per row, 1 of them static", r"divides 6"),
    ),
    Bad(
        "To3D-transform-stepped-names-changed",
        _transform_after(_stepped),
        (To3D(static=["age"]), _stepped.rename(columns={"B2": "C2"})),
        words=(r"unseen at fit time:\n- C2", r"missing:\n- B2"),
    ),
    Bad(
        "To3D-transform-stepped-names-dropped",
        _transform_after(_stepped),
        (To3D(static=["age"]), _stepped.drop(columns="age")),
        words=(r"expecting 7 features", r"fitted columns missing: 'age'"),
    ),
    # --------------------------------------------------------- SequencePadder
    Bad(
        "SequencePadder-maxlen-bool",
        _fit,
        (SequencePadder(maxlen=True), [_seq(2)]),
        words=("maxlen", *_NOT_A_BOOL),
    ),
    Bad(
        "SequencePadder-maxlen-zero",
        _fit,
        (SequencePadder(maxlen=0), [_seq(2)]),
        words=("maxlen", r"range \[1, inf\)"),
    ),
    Bad(
        "SequencePadder-maxlen-beyond-memory",
        _fit,
        (SequencePadder(maxlen=10**15), [_seq(2, 2), _seq(3, 2)]),
        words=(
            r"SequencePadder\(maxlen=1000000000000000\) would make samples of",
            r"time steps x 2 features",
            r"PiB",
            r"smaller maxlen",
        ),
    ),
    Bad(
        "SequencePadder-fill-value-beyond-float32",
        _fit,
        (SequencePadder(fill_value=1e39), [_seq(2)]),
        words=(r"fill_value=1e\+39", r"largest float32", r"not masked", r"np\.nan"),
    ),
    Bad(
        "SequencePadder-fill-value-very-negative",
        _fit,
        (SequencePadder(fill_value=-1e300), [_seq(2)]),
        words=(r"fill_value=-1e\+300", r"infinity"),
    ),
    Bad(
        "SequencePadder-fill-value-infinite",
        _fit,
        (SequencePadder(fill_value=np.inf), [_seq(2)]),
        words=(r"fill_value=inf", r"not masked"),
    ),
    Bad(
        "SequencePadder-fill-value-text",
        _fit,
        (SequencePadder(fill_value="zero"), [_seq(2)]),
        words=("fill_value", "float", "'zero'"),
    ),
    Bad(
        "SequencePadder-padding-unknown",
        _fit,
        (SequencePadder(padding="middle"), [_seq(2)]),
        words=("padding", "pre", "post"),
    ),
    Bad(
        "SequencePadder-dtype-float16",
        _fit,
        (SequencePadder(dtype="float16"), [_seq(2)]),
        words=("dtype", "float32"),
    ),
    Bad(
        "SequencePadder-flat-1d",
        _fit,
        (SequencePadder(), np.arange(5.0)),
        words=(r"flat 1D array", r"\[x\]", r"to_3d\(x\)"),
    ),
    Bad(
        "SequencePadder-no-sequence",
        _fit,
        (SequencePadder(), []),
        words=(r"0 sequences", r"no sequence"),
    ),
    Bad(
        "SequencePadder-no-sequence-2d",
        _fit,
        (SequencePadder(), np.zeros((0, 3))),
        words=(r"0 sequences x 3 time steps", r"no sequence"),
    ),
    Bad(
        "SequencePadder-features-differ",
        _fit,
        (SequencePadder(), [_seq(2, 3), _seq(5, 2)]),
        words=(r"different numbers of features", r"sequence 1 has 2"),
    ),
    Bad(
        "SequencePadder-ragged-steps",
        _fit,
        (SequencePadder(), [_seq(2), [[1.0, 2.0], [3.0]]]),
        words=(r"sequence 1 is ragged",),
    ),
    Bad(
        "SequencePadder-text-sequence",
        _fit,
        (SequencePadder(), [_seq(2), ["a", "b"]]),
        TypeError,
        (r"sequence 1 holds non-numeric", r"OneHotEncoder"),
    ),
    Bad(
        "SequencePadder-non-numeric-column",
        _fit,
        (SequencePadder(), [_with_text]),
        TypeError,
        (r"sequence 0", r"column 'city'"),
    ),
    Bad(
        "SequencePadder-infinity",
        _fit,
        (SequencePadder(), [_seq(2), np.array([1.0, np.inf])]),
        words=(r"sequence 1 contains infinity",),
    ),
    Bad(
        "SequencePadder-complex",
        _fit,
        (SequencePadder(), [np.array([1j, 2.0])]),
        words=(r"Complex", r"real and imaginary"),
    ),
    Bad(
        "SequencePadder-3-axis-sequence",
        _fit,
        (SequencePadder(), [_seq(3, 2), _seq(2, 3, 4)]),
        words=(r"sequence 1 has 3 axes", r"\(n_timesteps, n_features\)"),
    ),
    Bad(
        "SequencePadder-single-value",
        _fit,
        (SequencePadder(), [_seq(2), 5.0]),
        words=(r"sequence 1 is a single value",),
    ),
    Bad(
        "SequencePadder-sparse",
        _as_sparse(_fit),
        (SequencePadder(), np.ones((2, 3))),
        TypeError,
        (r"sparse matrix", r"X\.toarray\(\)"),
    ),
    Bad(
        "SequencePadder-beyond-float32-for-float32-output",
        _fit_transform,
        (SequencePadder(dtype="float32"), [_seq(2), np.array([1.0, -5e40])]),
        words=(r"sequence 1 holds -5e\+40", r"largest float32", r"StandardScaler"),
    ),
    Bad(
        "SequencePadder-dataframe-lacks-a-column",
        _fit,
        (SequencePadder(), [_visits[0], _visits[0][["pulse"]]]),
        words=(r"DataFrame sequence 1 lacks column\(s\) \['temp'\]", r"same feature"),
    ),
    Bad(
        "SequencePadder-transform-extra-column",
        _transform_after(_visits),
        (SequencePadder(), [_visits[0].assign(spo2=97.0)]),
        words=(r"has extra column\(s\) \['spo2'\]", r"\['pulse', 'temp'\]"),
    ),
    Bad(
        "SequencePadder-transform-fewer-features",
        _transform_after([_seq(2, 3)]),
        (SequencePadder(), [_seq(2, 2)]),
        words=(
            r"X has 2 features, but SequencePadder is expecting 3",
            r"features per time step",
        ),
    ),
    Bad(
        "SequencePadder-transform-3d-other-features",
        _transform_after([_seq(2, 3)]),
        (SequencePadder(), np.ones((5, 4, 2))),
        words=(r"X has 2 features", r"5 samples x 4 time steps x 2 features"),
    ),
    # -------------------------------------------------------- group_sequences
    Bad(
        "group_sequences-not-a-dataframe",
        group_sequences,
        (np.zeros((3, 2)), "id"),
        TypeError,
        (r"expects a pandas DataFrame", r"ndarray"),
    ),
    Bad(
        "group_sequences-empty",
        group_sequences,
        (_long.iloc[:0], "patient"),
        words=(r"empty DataFrame",),
    ),
    Bad(
        "group_sequences-by-not-a-column",
        group_sequences,
        (_long, "nope"),
        words=(r"by column\(s\) \['nope'\] are not in",),
    ),
    Bad(
        "group_sequences-no-by",
        group_sequences,
        (_long, []),
        words=(r"at least one `by` column",),
    ),
    Bad(
        "group_sequences-non-numeric-feature",
        group_sequences,
        (_long, "patient"),
        TypeError,
        (r"column 'name' \(", r"columns=\[\.\.\.\]"),
    ),
    Bad(
        "group_sequences-missing-entity",
        lambda df, by: group_sequences(df, by, columns=["pulse"]),
        (_long.assign(patient=["a", None, "b"]), "patient"),
        words=(r"by values of 1 row are missing", r"Drop or fill"),
    ),
    Bad(
        "group_sequences-sort-by-not-a-column",
        lambda df, by: group_sequences(df, by, sort_by="when", columns=["pulse"]),
        (_long, "patient"),
        words=(r"sort_by column\(s\) \['when'\]",),
    ),
    # ---------------------------------------------------- StepwiseTransformer
    Bad(
        "StepwiseTransformer-not-a-transformer",
        _fit,
        (StepwiseTransformer(Ridge()), np.ones((2, 3, 2))),
        words=(r"'transformer' parameter", r"'fit' and 'transform'"),
    ),
    Bad(
        "StepwiseTransformer-1d",
        _fit,
        (StepwiseTransformer(StandardScaler()), np.zeros(5)),
        words=(r"1D array of shape \(5,\)", r"reshape\(-1, 1\)"),
    ),
    Bad(
        "StepwiseTransformer-4d",
        _fit,
        (StepwiseTransformer(StandardScaler()), np.zeros((2, 3, 4, 1))),
        words=(r"4D array", "flatten"),
    ),
    Bad(
        "StepwiseTransformer-ragged",
        _fit,
        (
            StepwiseTransformer(StandardScaler()),
            [_seq(3, 2), _seq(5, 2), _seq(4, 2)],
        ),
        words=(*_RAGGED, r"\(3, 5, 4\)"),
    ),
    Bad(
        "StepwiseTransformer-non-numeric-column",
        _fit,
        (StepwiseTransformer(StandardScaler()), _with_text),
        TypeError,
        (r"column 'city' \(", r"OneHotEncoder"),
    ),
    Bad(
        "StepwiseTransformer-sparse",
        _as_sparse(_fit),
        (StepwiseTransformer(StandardScaler()), np.eye(3)),
        TypeError,
        (r"sparse matrix", r"X\.toarray\(\)"),
    ),
    Bad(
        "StepwiseTransformer-all-padding",
        _fit,
        (StepwiseTransformer(StandardScaler()), np.full((2, 3, 2), np.nan)),
        words=(r"every time step is padding", r"observed time steps"),
    ),
    Bad(
        "StepwiseTransformer-no-sample",
        _fit,
        (StepwiseTransformer(StandardScaler()), np.zeros((0, 3, 2))),
        words=(r"0 samples x 3 time steps x 2 features", r"no sample"),
    ),
    Bad(
        "StepwiseTransformer-infinity",
        _fit,
        (StepwiseTransformer(StandardScaler()), np.full((1, 2, 2), np.inf)),
        words=(r"infinity",),
    ),
    Bad(
        "StepwiseTransformer-transform-other-features",
        _transform_after(np.ones((2, 3, 4))),
        (StepwiseTransformer(StandardScaler()), np.zeros((2, 3, 2))),
        words=(
            r"X has 2 features, but StepwiseTransformer is expecting 4",
            r"2 samples x 3 time steps x 2 features",
        ),
    ),
    Bad(
        "StepwiseTransformer-inverse-other-features",
        _inverse_after(_padded),
        (StepwiseTransformer(StandardScaler()), np.zeros((2, 3, 5))),
        words=(r"X has 5 features", r"wrapped transformer's output has 2"),
    ),
    Bad(
        "StepwiseTransformer-set-output-unknown",
        lambda est, how: est.set_output(transform=how),
        (StepwiseTransformer(StandardScaler()), "arrow"),
        words=(r"transform must be one of", r"'pandas'"),
    ),
    Bad(
        "StepwiseTransformer-feature-names-wrong-length",
        _names_after(_padded),
        (StepwiseTransformer(StandardScaler()), ["a", "b", "c"]),
        words=(r"input_features should have length", r"\(2\)"),
    ),
    # ------------------------------------------------------------ LazyWindows
    Bad(
        "LazyWindows-index-out-of-bounds",
        _index,
        (6,),
        IndexError,
        (r"index 6 is out of bounds for axis 0 with size 6",),
    ),
    Bad(
        "LazyWindows-feature-out-of-bounds",
        _index,
        ((Ellipsis, 2),),
        IndexError,
        (r"index 2 is out of bounds for axis 2 with size 2",),
    ),
    Bad(
        "LazyWindows-mask-of-other-length",
        _index,
        (np.ones(4, dtype=bool),),
        IndexError,
        (r"boolean index did not match",),
    ),
    Bad(
        "LazyWindows-float-key",
        _index,
        (1.5,),
        IndexError,
        (r"only integers, slices",),
    ),
    Bad(
        "LazyWindows-copy-false",
        lambda dtype: np.array(_lazy(), dtype=dtype, copy=False),
        (np.float64,),
        words=(r"cannot avoid the copy", r"np\.asarray"),
    ),
]
