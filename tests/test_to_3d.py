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
    assert len(To3D().fit(X).get_feature_names_out()) == 1  # one feature per step


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
