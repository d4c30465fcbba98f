"""Tests for to_3d and To3D."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import config_context
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from sklstm._to_3d import To3D, to_3d

ORDERS = ["time_major", "feature_major"]


def column_of(t, j, k, f, order):
    """Column of time step t, feature j, in a row of k steps of f features."""
    return t * f + j if order == "time_major" else j * k + t


def reference_to3d(X, k, f, order):
    n = len(X)
    out = np.empty((n, k, f))
    for i in range(n):
        for t in range(k):
            for j in range(f):
                out[i, t, j] = X[i][column_of(t, j, k, f, order)]
    return out


def reference_inverse(X3, order):
    n, k, f = len(X3), len(X3[0]), len(X3[0][0])
    out = np.empty((n, k * f))
    for i in range(n):
        for t in range(k):
            for j in range(f):
                out[i, column_of(t, j, k, f, order)] = X3[i][t][j]
    return out


@st.composite
def wide_tables(draw):
    n = draw(st.integers(1, 6))
    k = draw(st.integers(1, 5))
    f = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    X = np.random.default_rng(seed).normal(size=(n, k * f))
    # Some NaN, which To3D passes through untouched.
    if draw(st.booleans()):
        X[np.random.default_rng(seed + 1).random(X.shape) < 0.2] = np.nan
    return X, k, f


# ---------------------------------------------------------------- to_3d


@settings(max_examples=60, deadline=None)
@given(
    T=st.integers(1, 12),
    f=st.one_of(st.none(), st.integers(1, 4)),
    seed=st.integers(0, 2**32 - 1),
)
def test_to_3d_matches_loop_reference(T, f, seed):
    rng = np.random.default_rng(seed)
    seq = rng.integers(-50, 50, size=T if f is None else (T, f))
    width = 1 if f is None else f
    expected = np.empty((1, T, width))
    for t in range(T):
        for j in range(width):
            expected[0, t, j] = seq[t] if f is None else seq[t][j]
    out = to_3d(seq.tolist())
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(to_3d(seq), expected)


def test_to_3d_tutorial_shapes():
    seq = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    X = to_3d(seq)
    assert X.shape == (1, 10, 1)
    np.testing.assert_array_equal(X[0, :, 0], seq)
    in1 = np.array(seq)
    in2 = in1 + 5
    X = to_3d(np.column_stack([in1, in2]))
    assert X.shape == (1, 10, 2)
    np.testing.assert_array_equal(X[0, 3], [40, 45])


def test_to_3d_pandas():
    s = pd.Series([1.0, 2.0, np.nan, 4.0], index=pd.date_range("2024", periods=4))
    X = to_3d(s)
    assert X.shape == (1, 4, 1)
    np.testing.assert_array_equal(X[0, :, 0], s.to_numpy())
    df = pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5]})
    X = to_3d(df)
    assert X.shape == (1, 3, 2)
    np.testing.assert_array_equal(X[0], df.to_numpy())
    np.testing.assert_array_equal(X, to_3d(df.to_numpy()))


def test_to_3d_dtypes_and_view():
    x32 = np.arange(6, dtype=np.float32).reshape(3, 2)
    assert to_3d(x32).dtype == np.float32
    assert to_3d(np.arange(3)).dtype == np.float64
    assert to_3d([True, False]).dtype == np.float64
    x = np.linspace(0, 1, 7)
    out = to_3d(x)
    assert np.shares_memory(out, x)  # no needless copy
    assert np.shares_memory(to_3d(x32), x32)


def test_to_3d_never_modifies_input():
    x = np.array([[1.0, np.nan], [3.0, 4.0]])
    before = x.copy()
    out = to_3d(x)
    out = out + 1  # the caller's own work on the result
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize(
    "seq, error, match",
    [
        (np.zeros((2, 3, 4)), ValueError, r"already \(n_samples, n_timesteps, n_feat"),
        (np.zeros((2, 3, 4)), ValueError, r"2 samples x 3 time steps x 4 features"),
        (np.zeros((1, 2, 3, 4)), ValueError, r"4D array of shape \(1, 2, 3, 4\)"),
        ([], ValueError, r"empty data of shape \(0,\).*no time step"),
        (
            np.zeros((5, 0)),
            ValueError,
            r"\(5, 0\) = 5 time steps x 0 features.*no feat",
        ),
        (["a", "b"], TypeError, r"needs numbers.*dtype <U1"),
        (
            pd.DataFrame({"x": [1.0, 2.0], "when": ["mon", "tue"]}),
            TypeError,
            r"'when' \((object|str)\)",
        ),
        (pd.Series(["a", "b"]), TypeError, r"not numeric"),
        ([[1, 2], [3]], ValueError, r"different lengths.*SequencePadder"),
        ([1.0, np.inf], ValueError, r"infinity"),
    ],
)
def test_to_3d_errors(seq, error, match):
    with pytest.raises(error, match=match):
        to_3d(seq)


# ---------------------------------------------------------------- To3D


@settings(max_examples=80, deadline=None)
@given(data=wide_tables(), order=st.sampled_from(ORDERS))
def test_to3d_matches_loop_reference(data, order):
    X, k, f = data
    trans = To3D(timesteps=k, order=order).fit(X)
    out = trans.transform(X)
    assert out.shape == (X.shape[0], k, f)
    np.testing.assert_array_equal(out, reference_to3d(X, k, f, order))
    assert (trans.n_timesteps_, trans.n_features_per_step_) == (k, f)
    assert trans.n_features_in_ == k * f


@settings(max_examples=80, deadline=None)
@given(data=wide_tables(), order=st.sampled_from(ORDERS))
def test_to3d_inverse_matches_loop_reference_and_round_trips(data, order):
    X, k, f = data
    trans = To3D(timesteps=k, order=order).fit(X)
    np.testing.assert_array_equal(trans.inverse_transform(trans.transform(X)), X)
    # An independent 3D array, not one that transform produced.
    X3 = np.random.default_rng(0).normal(size=(X.shape[0] + 1, k, f))
    back = trans.inverse_transform(X3)
    np.testing.assert_array_equal(back, reference_inverse(X3, order))
    np.testing.assert_array_equal(trans.transform(back), X3)


@settings(max_examples=30, deadline=None)
@given(data=wide_tables(), order=st.sampled_from(ORDERS))
def test_to3d_default_reads_each_column_as_a_step(data, order):
    X, k, f = data
    out = To3D(order=order).fit_transform(X)
    assert out.shape == (X.shape[0], k * f, 1)
    np.testing.assert_array_equal(out, reference_to3d(X, k * f, 1, order))


def test_to3d_docstring_shapes():
    X = np.arange(24).reshape(4, 6)
    out = To3D(timesteps=3).fit_transform(X)
    assert out.shape == (4, 3, 2)
    np.testing.assert_array_equal(out[1, 2], [10, 11])


def test_to3d_time_major_is_a_view_and_input_is_never_modified():
    X = np.arange(12.0).reshape(2, 6)
    X[0, 1] = np.nan
    before = X.copy()
    for order in ORDERS:
        trans = To3D(timesteps=2, order=order)
        out = trans.fit_transform(X)
        trans.inverse_transform(out)
        np.testing.assert_array_equal(X, before)
    assert np.shares_memory(To3D(timesteps=3).fit_transform(X), X)
    assert np.shares_memory(To3D(3, order="feature_major").fit_transform(X), X)


@pytest.mark.parametrize("order", ORDERS)
def test_to3d_float32_kept_other_dtypes_float64(order):
    X = np.arange(12).reshape(3, 4)
    trans = To3D(timesteps=2, order=order)
    assert trans.fit_transform(X.astype(np.float32)).dtype == np.float32
    assert trans.fit_transform(X).dtype == np.float64
    X3 = trans.transform(X.astype(np.float32))
    assert trans.inverse_transform(X3).dtype == np.float32


@pytest.mark.parametrize("order", ORDERS)
def test_to3d_dataframe_equals_ndarray(order):
    X = np.random.default_rng(1).normal(size=(5, 6))
    df = pd.DataFrame(X, columns=[f"c{i}" for i in range(6)])
    trans = To3D(timesteps=3, order=order).fit(df)
    np.testing.assert_array_equal(trans.feature_names_in_, df.columns)
    np.testing.assert_array_equal(
        trans.transform(df), To3D(3, order=order).fit_transform(X)
    )
    assert not hasattr(To3D(3).fit(X), "feature_names_in_")
    with pytest.warns(UserWarning, match="feature names"):
        trans.transform(X)


def test_to3d_pickle_round_trip():
    X = np.random.default_rng(2).normal(size=(4, 6))
    trans = To3D(timesteps=2, order="feature_major").fit(X)
    clone = pickle.loads(pickle.dumps(trans))
    np.testing.assert_array_equal(clone.transform(X), trans.transform(X))
    assert clone.n_timesteps_ == 2 and clone.n_features_per_step_ == 3


def test_to3d_not_a_multiple_error_names_sizes_axes_and_fix():
    with pytest.raises(ValueError) as info:
        To3D(timesteps=3).fit(np.zeros((4, 2)))
    message = str(info.value)
    assert message.startswith(
        "To3D(timesteps=3) got 2 columns per row; 2 is not a multiple of 3, so "
        "the rows cannot be split into 3 time steps."
    )
    assert "(n_samples, n_timesteps, n_features)" in message
    assert "Pick a timesteps that divides 2 (1, 2)" in message
    with pytest.raises(ValueError, match=r"divides 10 \(1, 2, 5, 10\)"):
        To3D(timesteps=4).fit(np.zeros((1, 10)))


@pytest.mark.parametrize(
    "X, match",
    [
        (np.zeros(5), r"got a 1D array of shape \(5,\) = 5 values.*to_3d\(series\)"),
        ([1.0, 2.0], r"1D array of shape \(2,\).*X.reshape\(1, -1\)"),
        (np.zeros((2, 3, 4)), r"2 samples x 3 time steps x 4 features.*already 3D"),
    ],
)
def test_to3d_wrong_number_of_axes(X, match):
    with pytest.raises(ValueError, match=match):
        To3D().fit(X)
    fitted = To3D().fit(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=match):
        fitted.transform(X)


def test_to3d_transform_column_count_error():
    trans = To3D(timesteps=3).fit(np.zeros((2, 6)))
    with pytest.raises(
        ValueError,
        match=(
            r"X has 4 features, but To3D is expecting 6 features as input; X has "
            r"shape \(2, 4\) = 2 rows x 4 columns. It was fitted on rows of 6 "
            r"columns, read as 3 time steps x 2 features"
        ),
    ):
        trans.transform(np.zeros((2, 4)))


def test_to3d_inverse_transform_errors():
    trans = To3D(timesteps=3).fit(np.zeros((2, 6)))
    with pytest.raises(ValueError, match=r"2D array of shape \(2, 6\) = 2 rows x 6"):
        trans.inverse_transform(np.zeros((2, 6)))
    with pytest.raises(
        ValueError,
        match=(
            r"shape \(5, 2, 3\) = 5 samples x 2 time steps x 3 features, but "
            r"To3D\(timesteps=3\) was fitted to produce samples of shape "
            r"\(5, 3, 2\) = 5 samples x 3 time steps x 2 features"
        ),
    ):
        trans.inverse_transform(np.zeros((5, 2, 3)))


@pytest.mark.parametrize(
    "params", [{"timesteps": 0}, {"timesteps": 2.5}, {"order": "rows"}]
)
def test_to3d_parameter_validation(params):
    with pytest.raises(InvalidParameterError):
        To3D(**params).fit(np.zeros((2, 4)))


def test_to3d_timesteps_is_a_searchable_hyper_parameter():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 12))
    y = X[:, :2].sum(axis=1)
    pipe = make_pipeline(
        To3D(),
        FunctionTransformer(lambda X3: X3[:, -1, :]),  # the last time step
        Ridge(alpha=1e-6),
    )
    search = GridSearchCV(pipe, {"to3d__timesteps": [1, 6, 12]}, cv=3).fit(X, y)
    # With 6 steps of 2 features the last step holds columns 10 and 11, with
    # one step it holds all columns: only that one can fit y exactly.
    assert search.best_params_ == {"to3d__timesteps": 1}
    assert search.best_score_ > 0.99


# ------------------------------------------- issue 10: inputs and conventions


@pytest.mark.parametrize("timesteps", [True, False, np.True_])
def test_to3d_bool_timesteps_is_refused(timesteps):
    with pytest.raises(InvalidParameterError, match=r"not a bool"):
        To3D(timesteps=timesteps).fit(np.zeros((2, 4)))


def test_to3d_numpy_integer_timesteps_is_accepted_and_stored_as_int():
    trans = To3D(timesteps=np.int64(2)).fit(np.zeros((3, 4)))
    assert type(trans.n_timesteps_) is int and trans.n_timesteps_ == 2
    assert type(trans.n_features_per_step_) is int
    assert trans.transform(np.zeros((3, 4))).shape == (3, 2, 2)


@pytest.mark.parametrize(
    "X", [[[1.0, 2.0, 3.0], [4.0, 5.0]], ([1.0], [2.0, 3.0], [4.0, 5.0, 6.0])]
)
def test_to3d_ragged_rows_point_to_sequence_padder(X):
    with pytest.raises(ValueError) as info:
        To3D().fit(X)
    message = str(info.value)
    assert "sequences of different lengths" in message
    assert "SequencePadder" in message
    assert "1D array" not in message and "reshape" not in message


def test_to3d_non_numeric_column_is_named():
    X = pd.DataFrame({"a1": [1.0, 2.0], "city": ["x", "y"]})
    with pytest.raises(TypeError, match=r"column 'city' \(.*\) is not numeric.*"):
        To3D().fit(X)
    fitted = To3D().fit(np.zeros((2, 2)))
    with pytest.raises(TypeError, match=r"'city'.*OneHotEncoder"):
        fitted.transform(X)


def test_to3d_and_to_3d_refuse_sparse_input_with_the_fix():
    sparse = pytest.importorskip("scipy.sparse")
    matrix = sparse.csr_matrix(np.array([[0.0, 1.0, 0.0, 2.0], [3.0, 0.0, 0.0, 0.0]]))
    for call in (To3D(timesteps=2).fit, to_3d):
        with pytest.raises(TypeError, match=r"sparse matrix.*X\.toarray\(\)"):
            call(matrix)


def test_to3d_empty_table_is_refused_naming_the_axis():
    with pytest.raises(ValueError, match=r"\(0, 4\) = 0 rows x 4 columns.*no row"):
        To3D().fit(np.zeros((0, 4)))
    with pytest.raises(ValueError, match=r"\(3, 0\) = 3 rows x 0 columns.*no column"):
        To3D().fit(np.zeros((3, 0)))


def test_to3d_feature_names_out_are_the_features_of_one_step():
    columns = ["temp_1", "rain_1", "temp_2", "rain_2", "temp_3", "rain_3"]
    X = pd.DataFrame(np.arange(12.0).reshape(2, 6), columns=columns)
    trans = To3D(timesteps=3).fit(X)
    np.testing.assert_array_equal(trans.get_feature_names_out(), ["temp_1", "rain_1"])
    assert trans.get_feature_names_out().dtype == object
    by_feature = ["t1", "t2", "t3", "r1", "r2", "r3"]
    trans = To3D(timesteps=3, order="feature_major").fit(X.set_axis(by_feature, axis=1))
    np.testing.assert_array_equal(trans.get_feature_names_out(), ["t1", "r1"])
    # Without names: x0 .. x{f-1}, the features of a step (not the columns).
    trans = To3D(timesteps=3, order="feature_major").fit(X.to_numpy())
    np.testing.assert_array_equal(trans.get_feature_names_out(), ["x0", "x1"])
    np.testing.assert_array_equal(
        trans.get_feature_names_out([f"c{i}" for i in range(6)]), ["c0", "c3"]
    )
    with pytest.raises(ValueError, match="input_features should have length"):
        trans.get_feature_names_out(["a", "b"])
    # By position, every column is one step of a single feature.
    by_position = To3D(steps_from_names=False).fit(X)
    np.testing.assert_array_equal(by_position.get_feature_names_out(), ["temp_1"])
    # These names carry steps: by default they are read, and name the features.
    np.testing.assert_array_equal(
        To3D().fit(X).get_feature_names_out(), ["temp", "rain"]
    )


def test_to3d_in_a_pandas_output_pipeline_stays_3d_without_warning():
    X = pd.DataFrame(np.arange(24.0).reshape(4, 6), columns=list("abcdef"))
    pipe = make_pipeline(StandardScaler(), To3D(timesteps=3)).set_output(
        transform="pandas"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = pipe.fit_transform(X)
        with config_context(transform_output="pandas"):
            again = make_pipeline(StandardScaler(), To3D(timesteps=3)).fit_transform(X)
    assert isinstance(out, np.ndarray) and out.shape == (4, 3, 2)
    np.testing.assert_array_equal(out, again)
    # The scaler's DataFrame carries the names through to the 3D step.
    np.testing.assert_array_equal(pipe.get_feature_names_out(), ["a", "b"])


def test_to3d_fitted_state_is_plain_data():
    X = pd.DataFrame(np.zeros((2, 4)), columns=list("abcd"))
    trans = To3D(timesteps=2).fit(X)
    for name, value in vars(trans).items():
        if name.endswith("_") and not name.startswith("_"):
            assert isinstance(value, (int, np.ndarray)), name


def test_to3d_skops_round_trip_trusts_only_the_class():
    sio = pytest.importorskip("skops.io")
    X = pd.DataFrame(np.arange(8.0).reshape(2, 4), columns=list("abcd"))
    trans = To3D(timesteps=2).fit(X)
    data = sio.dumps(trans)
    assert sio.get_untrusted_types(data=data) == ["sklstm._to_3d.To3D"]
    back = sio.loads(data, trusted=["sklstm._to_3d.To3D"])
    np.testing.assert_array_equal(back.transform(X), trans.transform(X))
    np.testing.assert_array_equal(back.get_feature_names_out(), ["a", "b"])


# ------------------------- static features, and time steps read from the names


def name_of(stem, kind, time, style, sep=""):
    """A column name for feature ``stem`` at ``time`` in one naming style."""
    if kind == "number":
        return f"{stem}{sep}{time}"
    if style == "paren":
        return f"{stem}(t)" if time == 0 else f"{stem}(t{time:+d})"
    if style == "t":
        return f"{stem}_t{time:+d}"
    if style == "lag":
        return f"{stem}_lag_{-time}"
    return f"lag_{-time}_{stem}"  # "prefix"


def offset_styles(time):
    """The styles that can name an offset: a lag looks back, t-2 needs a sign."""
    styles = ["paren"]
    if time != 0:
        styles.append("t")
    if time <= 0:
        styles += ["lag", "prefix"]
    return styles


# Letters only: a stem never ends in a digit. "lag" is left out, since "lag_2"
# is lag 2 of an unnamed series (tested on its own), not step 2 of "lag".
STEMS = st.from_regex(r"[a-z]{1,6}", fullmatch=True).filter(lambda s: s != "lag")


@st.composite
def stepped_tables(draw):
    """A DataFrame whose column names carry the steps, in a shuffled order,
    with static columns among them; and the plain-loop expected output."""
    n = draw(st.integers(1, 4))
    stems = draw(st.lists(STEMS, min_size=1, max_size=3, unique=True))
    k = draw(st.integers(2, 5))
    kind = draw(st.sampled_from(["number", "offset"]))
    spacing = draw(st.integers(1, 3))
    if kind == "number":
        first = draw(st.integers(0, 3))
    else:
        first = draw(st.integers(-3, 2)) - spacing * (k - 1)
    times = [first + spacing * t for t in range(k)]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    columns = {}
    for stem in stems:
        for time in times:
            if kind == "number":
                name = name_of(stem, kind, time, "", draw(st.sampled_from(SEPS)))
            else:
                style = draw(st.sampled_from(offset_styles(time)))
                name = name_of(stem, kind, time, style)
            columns[(stem, time)] = name
    # Static names may look stepped ("5_zip3"): they are never read as steps.
    static = [f"{i}_zip{i}" for i in range(draw(st.integers(0, 2)))]
    names = draw(st.permutations([*columns.values(), *static]))
    df = pd.DataFrame(rng.normal(size=(n, len(names))), columns=names)
    # The features in the order of their first column.
    order = sorted(stems, key=lambda s: min(names.index(columns[s, t]) for t in times))
    expected = np.empty((n, k, len(order) + len(static)))
    for i in range(n):
        for t, time in enumerate(times):
            for j, stem in enumerate(order):
                expected[i, t, j] = df[columns[stem, time]].iloc[i]
            for j, name in enumerate(static):
                expected[i, t, len(order) + j] = df[name].iloc[i]
    return df, static, times, order, expected


SEPS = ["", "_", ".", " "]


@settings(max_examples=120, deadline=None)
@given(table=stepped_tables(), again=st.randoms(use_true_random=False))
def test_to3d_reads_steps_from_names_in_any_column_order(table, again):
    df, static, times, order, expected = table
    trans = To3D(static=static).fit(df)
    out = trans.transform(df)
    np.testing.assert_array_equal(out, expected)
    assert trans.steps_from_names_ is True
    assert (trans.n_timesteps_, trans.n_features_per_step_) == expected.shape[1:]
    np.testing.assert_array_equal(trans.steps_, times)
    np.testing.assert_array_equal(trans.get_feature_names_out(), [*order, *static])
    np.testing.assert_array_equal(out, df.to_numpy()[:, trans.layout_])
    # Back to the fitted columns, in their order.
    np.testing.assert_array_equal(trans.inverse_transform(out), df.to_numpy())
    # transform takes the same columns in any other order.
    shuffled = list(df.columns)
    again.shuffle(shuffled)
    np.testing.assert_array_equal(trans.transform(df[shuffled]), expected)
    # Forcing the names gives the same, and so does an explicit, matching count.
    forced = To3D(len(times), static=static, steps_from_names=True)
    np.testing.assert_array_equal(forced.fit_transform(df), expected)


@st.composite
def tables_with_static(draw):
    """An array of k x f columns read by position, with static columns among
    them; the static positions; and the plain-loop expected output."""
    n = draw(st.integers(1, 5))
    k = draw(st.integers(1, 4))
    f = draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    d = k * f + s
    static = draw(st.lists(st.integers(0, d - 1), min_size=s, max_size=s, unique=True))
    order = draw(st.sampled_from(ORDERS))
    X = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(size=(n, d))
    stepped = [c for c in range(d) if c not in static]
    expected = np.empty((n, k, f + s))
    for i in range(n):
        for t in range(k):
            for j in range(f):
                expected[i, t, j] = X[i, stepped[column_of(t, j, k, f, order)]]
            for j, c in enumerate(static):
                expected[i, t, f + j] = X[i, c]
    return X, k, static, order, expected


@settings(max_examples=100, deadline=None)
@given(table=tables_with_static())
def test_to3d_static_columns_repeat_at_every_step(table):
    X, k, static, order, expected = table
    trans = To3D(timesteps=k, order=order, static=static).fit(X)
    out = trans.transform(X)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(trans.static_indices_, static)
    assert trans.steps_from_names_ is False
    np.testing.assert_array_equal(trans.steps_, np.arange(k))
    np.testing.assert_array_equal(trans.inverse_transform(out), X)
    # Negative positions count from the end, as in numpy.
    negative = [c - X.shape[1] for c in static]
    np.testing.assert_array_equal(
        To3D(k, order=order, static=negative).fit_transform(X), expected
    )
    # A DataFrame with names that carry no step, static named: the same.
    names = [f"col_{chr(97 + c % 26)}{chr(97 + c // 26)}" for c in range(X.shape[1])]
    df = pd.DataFrame(X, columns=names)
    by_name = To3D(k, order=order, static=[names[c] for c in static]).fit(df)
    np.testing.assert_array_equal(by_name.transform(df), expected)
    f = trans.n_features_per_step_ - len(static)
    first_step = [names[c] for c in trans.layout_[0, :f]]
    np.testing.assert_array_equal(
        by_name.get_feature_names_out(), [*first_step, *(names[c] for c in static)]
    )
    np.testing.assert_array_equal(
        trans.get_feature_names_out(), [f"x{i}" for i in range(f + len(static))]
    )


def test_to3d_lag_columns_plus_features_without_lags():
    # The issue: "A1 A2 A3 lag columns plus 8 features without lags".
    rng = np.random.default_rng(4)
    lagged = {f"{f}{t}": rng.normal(size=5) for f in "AB" for t in (1, 2, 3)}
    plain = {f"feature_{name}": rng.normal(size=5) for name in "abcdefgh"}
    df = pd.DataFrame({**plain, **lagged})
    trans = To3D(static=list(plain)).fit(df)
    out = trans.transform(df)
    assert out.shape == (5, 3, 2 + 8)
    np.testing.assert_array_equal(out[:, :, 0], df[["A1", "A2", "A3"]].to_numpy())
    np.testing.assert_array_equal(out[:, :, 1], df[["B1", "B2", "B3"]].to_numpy())
    for t in range(3):
        np.testing.assert_array_equal(out[:, t, 2:], df[list(plain)].to_numpy())
    assert list(trans.get_feature_names_out()) == ["A", "B", *plain]


@pytest.mark.parametrize(
    "names, steps",
    [
        (["sales_lag_1", "sales_lag_2", "sales_lag_3"], [-3, -2, -1]),
        (["sales(t)", "sales(t-1)", "sales(t-2)"], [-2, -1, 0]),
        (["sales(t+1)", "sales(t-1)", "sales(t)"], [-1, 0, 1]),
        (["y_t-2", "y_t-4", "y_t-6"], [-6, -4, -2]),
        (["lag_2", "lag_1", "lag_3"], [-3, -2, -1]),  # lags of one series
        (["lag1_sales", "lag2_sales", "lag3_sales"], [-3, -2, -1]),
        (["A3", "A1", "A2"], [1, 2, 3]),  # a larger step number is later
        (["temp_10", "temp_9", "temp_11"], [9, 10, 11]),  # numbers, not text
        (["x1(t-1)", "x1(t)", "x1(t-2)"], [-2, -1, 0]),
    ],
)
def test_to3d_puts_the_oldest_step_first(names, steps):
    df = pd.DataFrame(np.arange(6.0).reshape(2, 3), columns=names)
    trans = To3D().fit(df)
    np.testing.assert_array_equal(trans.steps_, steps)
    oldest_first = sorted(range(3), key=lambda c: trans.layout_[:, 0].tolist().index(c))
    np.testing.assert_array_equal(
        trans.transform(df)[:, :, 0], df.iloc[:, oldest_first].to_numpy()
    )


def test_to3d_names_without_steps_or_with_one_step_keep_the_positional_layout():
    X = np.arange(12.0).reshape(2, 6)
    for names in (
        ["temp", "rain", "wind", "load", "price", "size"],
        ["co2", "no2", "temp", "rain", "wind", "size"],  # one "step" (2): names
        ["a1", "b1", "c1", "d1", "e1", "f1"],  # one step only
        ["pm2.5", "x-1", "y-2", "2024", "_1", "co"],  # none carries a step
    ):
        trans = To3D().fit(pd.DataFrame(X, columns=names))
        assert trans.steps_from_names_ is False
        assert trans.transform(pd.DataFrame(X, columns=names)).shape == (2, 6, 1)
        np.testing.assert_array_equal(trans.get_feature_names_out(), names[:1])


def test_to3d_steps_from_names_false_reads_stepped_names_by_position():
    columns = ["A1", "B1", "A2", "B2"]
    df = pd.DataFrame(np.arange(8.0).reshape(2, 4), columns=columns)
    np.testing.assert_array_equal(
        To3D(steps_from_names=False).fit_transform(df), df.to_numpy()[:, :, None]
    )
    np.testing.assert_array_equal(
        To3D(steps_from_names=True).fit_transform(df),
        df.to_numpy().reshape(2, 2, 2),
    )
    # A table of pollutants is no table of steps: False reads it as it is.
    pollutants = pd.DataFrame(np.zeros((2, 3)), columns=["co2", "pm25", "no2"])
    with pytest.raises(ValueError, match="steps_from_names=False"):
        To3D().fit(pollutants)
    assert To3D(steps_from_names=False).fit_transform(pollutants).shape == (2, 3, 1)


def test_to3d_static_without_steps_in_the_names_is_positional():
    # "q time steps plus r static features", read by position.
    X = np.arange(20.0).reshape(2, 10)
    df = pd.DataFrame(X, columns=[*"abcdefgh", "age", "size"])
    out = To3D(timesteps=4, static=["age", "size"]).fit_transform(df)
    assert out.shape == (2, 4, 2 + 2)
    np.testing.assert_array_equal(out[0, 1], [2.0, 3.0, 8.0, 9.0])
    # One static name and one static position, as for groups= elsewhere.
    np.testing.assert_array_equal(
        To3D(4, static="age").fit_transform(df.drop(columns="size"))[0, 0], [0, 1, 8]
    )
    np.testing.assert_array_equal(
        To3D(4, static=np.int64(8)).fit_transform(X[:, :9])[0, 3], [6, 7, 8]
    )
    np.testing.assert_array_equal(
        To3D(4, static=pd.Index(["age", "size"])).fit_transform(df), out
    )


def test_to3d_transform_takes_read_columns_in_any_order_but_not_other_columns():
    df = pd.DataFrame(
        np.arange(10.0).reshape(2, 5), columns=["A1", "B1", "A2", "B2", "k"]
    )
    trans = To3D(static=["k"]).fit(df)
    reordered = df[["k", "B2", "A1", "A2", "B1"]]
    np.testing.assert_array_equal(trans.transform(reordered), trans.transform(df))
    with pytest.raises(
        ValueError, match=r"unseen at fit time:\n- A3\n.*missing:\n- A2"
    ):
        trans.transform(df.rename(columns={"A2": "A3"}))
    with pytest.raises(ValueError, match=r"unseen at fit time: 'C1'.*missing: 'k'"):
        trans.transform(df.drop(columns="k").assign(C1=1.0, C2=2.0))
    # Read by position, the order of the columns is the layout: refused.
    positional = To3D(timesteps=2, static=["k"], steps_from_names=False).fit(df)
    with pytest.raises(ValueError, match="same order as they were in fit"):
        positional.transform(reordered)


def test_to3d_warns_when_timesteps_splits_columns_that_their_names_place_elsewhere():
    df = pd.DataFrame(np.zeros((2, 6)), columns=["A1", "A2", "A3", "B1", "B2", "B3"])
    with pytest.warns(UserWarning, match=r"first time step holds A1, A2; but the") as w:
        To3D(timesteps=3).fit(df)
    assert w[0].filename == __file__  # points at the caller's fit
    assert "timesteps=None" in str(w[0].message)
    lags = pd.DataFrame(np.zeros((2, 3)), columns=["y_lag_1", "y_lag_2", "y_lag_3"])
    with pytest.warns(UserWarning, match=r"3 time steps \(t-3, t-2, t-1\)"):
        To3D(timesteps=3).fit(lags)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # Names that agree with the positional layout, names that number the
        # columns (x0 .. x5, as set_output names them), and an explicit False.
        To3D(timesteps=3, order="feature_major").fit(df)
        To3D(timesteps=3).fit(df.set_axis([f"x{i}" for i in range(6)], axis=1))
        To3D(timesteps=3, steps_from_names=False).fit(df)
    with pytest.warns(UserWarning):
        # Read by position, as asked: the newest lag first.
        np.testing.assert_array_equal(To3D(timesteps=3).fit(lags).steps_, [0, 1, 2])


def test_to3d_refit_replaces_the_layout():
    df = pd.DataFrame(np.arange(8.0).reshape(2, 4), columns=["A1", "B1", "A2", "B2"])
    trans = To3D(static=[3]).fit(df.to_numpy())
    assert trans.steps_from_names_ is False
    trans.set_params(static=None).fit(df)
    assert trans.steps_from_names_ is True and len(trans.static_indices_) == 0
    np.testing.assert_array_equal(trans.steps_, [1, 2])
    trans.fit(df.to_numpy())
    assert trans.steps_from_names_ is False
    np.testing.assert_array_equal(trans.steps_, [0, 1, 2, 3])


def test_to3d_inverse_reads_a_static_column_from_the_first_step():
    X = np.arange(10.0).reshape(2, 5)
    trans = To3D(timesteps=2, static=[0]).fit(X)
    X3 = trans.transform(X)
    X3[:, 1, -1] = -1.0  # a static value that changed at the second step
    np.testing.assert_array_equal(trans.inverse_transform(X3), X)


def test_to3d_float32_and_nan_through_static_and_names():
    df = pd.DataFrame(
        np.array([[1.0, np.nan, 3.0, 4.0, 5.0]], dtype=np.float32),
        columns=["a(t-1)", "a(t)", "b(t-1)", "b(t)", "age"],
    )
    out = To3D(static=["age"]).fit_transform(df)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out[0], [[1, 3, 5], [np.nan, 4, 5]])


def test_to3d_with_static_and_names_in_a_pipeline_search():
    rng = np.random.default_rng(5)
    lags = {f"y_lag_{k}": rng.normal(size=40) for k in (1, 2, 3)}
    df = pd.DataFrame({**lags, "size": rng.normal(size=40)})
    y = df["y_lag_1"] + df["size"]
    pipe = make_pipeline(
        To3D(),
        FunctionTransformer(lambda X3: X3[:, -1, :]),  # the newest step
        Ridge(alpha=1e-6),
    )
    pipe.set_params(to3d__static=["size"])
    # Read by position, the last column is lag 3: the names put lag 1 last.
    grid = {"to3d__steps_from_names": [False, "auto"]}
    search = GridSearchCV(pipe, grid, cv=2, error_score="raise").fit(df, y)
    assert search.best_params_ == {"to3d__steps_from_names": "auto"}
    assert search.best_score_ > 0.99


def test_to3d_fitted_state_with_names_and_static_is_plain_data_and_round_trips():
    sio = pytest.importorskip("skops.io")
    df = pd.DataFrame(
        np.arange(10.0).reshape(2, 5), columns=["A1", "B1", "A2", "B2", "k"]
    )
    trans = To3D(static=["k"]).fit(df)
    for name, value in vars(trans).items():
        if name.endswith("_") and not name.startswith("_"):
            assert isinstance(value, (int, np.ndarray)), name
    data = sio.dumps(trans)
    assert sio.get_untrusted_types(data=data) == ["sklstm._to_3d.To3D"]
    back = sio.loads(data, trusted=["sklstm._to_3d.To3D"])
    np.testing.assert_array_equal(back.transform(df), trans.transform(df))
    np.testing.assert_array_equal(back.get_feature_names_out(), ["A", "B", "k"])
    clone = pickle.loads(pickle.dumps(trans))
    np.testing.assert_array_equal(
        clone.transform(df[df.columns[::-1]]), back.transform(df)
    )


def _frame(*names):
    return pd.DataFrame(np.zeros((2, len(names))), columns=list(names))


@pytest.mark.parametrize(
    "trans, X, error, match",
    [
        pytest.param(
            To3D(),
            _frame("A1", "A2", "A3", "B1", "B2", "B3", "age", "income"),
            ValueError,
            r"6 of 8 columns carry a step.*2 do not: 'age', 'income'.*"
            r"static=\['age', 'income'\].*steps_from_names=False",
            id="some-names-without-a-step",
        ),
        pytest.param(
            To3D(steps_from_names=True),
            _frame("A1", "age"),
            ValueError,
            r"1 of 2 columns carry a step \('A1'\), but 1 does not: 'age'",
            id="forced-names-without-a-step",
        ),
        pytest.param(
            To3D(),
            _frame("A1", "A2", "A3", "B1", "B3", "C2"),
            ValueError,
            r"3 time steps \(1, 2, 3\) of 3 features.*missing: 'B' at step 2, "
            r"'C' at step 1, 'C' at step 3 \(complete: 'A'\)",
            id="feature-without-a-step",
        ),
        pytest.param(
            To3D(),
            _frame("y(t-3)", "y(t-1)", "y(t)"),
            ValueError,
            r"time steps t-3, t-1, t from the column names, which are not evenly "
            r"spaced: step t-2 is missing for every feature",
            id="steps-not-evenly-spaced",
        ),
        pytest.param(
            To3D(),
            _frame("A1", "A2", "sales(t-1)", "sales(t)"),
            ValueError,
            r"two ways: step numbers.*\('A1', 'A2'\).*offsets.*"
            r"\('sales\(t-1\)', 'sales\(t\)'\)",
            id="steps-numbered-two-ways",
        ),
        pytest.param(
            To3D(),
            _frame("A1", "A_1", "A2"),
            ValueError,
            r"columns 'A1' and 'A_1' both hold step 1 of feature 'A'",
            id="a-step-twice",
        ),
        pytest.param(
            To3D(steps_from_names=True),
            np.zeros((2, 4)),
            ValueError,
            r"reads the time steps from the column names, but X has no column "
            r"names \(a numpy array",
            id="forced-names-of-an-array",
        ),
        pytest.param(
            To3D(timesteps=2, steps_from_names=True),
            _frame("A1", "A2", "A3"),
            ValueError,
            r"carry 3 time steps \(1, 2, 3\) of 1 feature \('A'\), not 2",
            id="forced-names-and-another-timesteps",
        ),
        pytest.param(
            To3D(static=["agee"]),
            _frame("a", "b", "age"),
            ValueError,
            r"static column\(s\) \['agee'\] are not in the DataFrame, whose "
            r"columns are 'a', 'b', 'age'",
            id="static-not-a-column",
        ),
        pytest.param(
            To3D(static=[2]),
            _frame("a", "b", "age"),
            ValueError,
            r"\[2\] are not in the DataFrame.*integer positions are for numpy",
            id="static-position-of-a-dataframe",
        ),
        pytest.param(
            To3D(static=["age"]),
            np.zeros((2, 3)),
            ValueError,
            r"names columns, but X is a numpy array with 3 unnamed columns.*"
            r"integer positions \(0 \.\. 2\)",
            id="static-name-of-an-array",
        ),
        pytest.param(
            To3D(static=[3]),
            np.zeros((2, 3)),
            ValueError,
            r"static=\[3\] names columns, but X is a numpy array",
            id="static-position-out-of-range",
        ),
        pytest.param(
            To3D(static=[True]),
            np.zeros((2, 3)),
            ValueError,
            r"static=\[True\] names columns",
            id="static-bool",
        ),
        pytest.param(
            To3D(static=[0, -3]),
            np.zeros((2, 3)),
            ValueError,
            r"names a column twice",
            id="static-twice",
        ),
        pytest.param(
            To3D(static=["a", "b"]),
            _frame("a", "b"),
            ValueError,
            r"takes all 2 columns, so none is left for the time steps",
            id="everything-static",
        ),
        pytest.param(
            To3D(static=["city"]),
            _frame("A1", "A2").assign(city="Oslo"),
            TypeError,
            r"column 'city' \(.*\) is not numeric\. A static column is repeated "
            r"at every time step.*OneHotEncoder",
            id="static-not-numeric",
        ),
        pytest.param(
            To3D(timesteps=4, static=[0]),
            np.zeros((2, 7)),
            ValueError,
            r"got 7 columns per row, 1 of them static; 6 is not a multiple of 4, "
            r"so the other 6 columns cannot be split into 4 time steps.*"
            r"divides 6 \(1, 2, 3, 6\)",
            id="static-and-not-a-multiple",
        ),
    ],
)
def test_to3d_names_and_static_misuse_is_explained(trans, X, error, match):
    with pytest.raises(error, match=match):
        trans.fit(X)


@pytest.mark.parametrize(
    "params",
    [{"static": 1.5}, {"static": {"a"}}, {"steps_from_names": "yes"}],
)
def test_to3d_new_parameters_are_validated(params):
    with pytest.raises(InvalidParameterError):
        To3D(**params).fit(np.zeros((2, 4)))


def test_to3d_non_numeric_column_that_is_not_static_keeps_its_hint():
    with pytest.raises(TypeError, match=r"'city'.*OneHotEncoder\) before To3D"):
        To3D(static=["a"]).fit(_frame("a", "b").assign(city="Oslo"))
