"""Tests for StepwiseTransformer."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import clone, config_context
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    MinMaxScaler,
    Normalizer,
    StandardScaler,
)
from sklearn.utils._param_validation import InvalidParameterError

from sklstm._stepwise import StepwiseTransformer
from sklstm._to_3d import To3D


def reference_standard_scaling(X_fit, X):
    """StandardScaler over the real steps of X_fit applied to X, with loops."""
    real = []
    for sample in X_fit:
        for step in sample:
            if not all(np.isnan(v) for v in step):
                real.append(step)
    real = np.array(real)
    mean = real.mean(axis=0)
    std = real.std(axis=0)
    std[std == 0] = 1.0  # as StandardScaler does for a constant feature
    out = np.full(X.shape, np.nan)
    for i, sample in enumerate(X):
        for t, step in enumerate(sample):
            if not all(np.isnan(v) for v in step):
                out[i, t] = (step - mean) / std
    return out, mean


@st.composite
def padded_3d(draw, min_real=1):
    n = draw(st.integers(1, 5))
    T = draw(st.integers(1, 6))
    f = draw(st.integers(1, 4))
    padded = np.array(draw(st.lists(st.booleans(), min_size=n * T, max_size=n * T)))
    padded = padded.reshape(n, T)
    padded.flat[:min_real] = False
    seed = draw(st.integers(0, 2**32 - 1))
    X = np.random.default_rng(seed).normal(3.0, 2.0, size=(n, T, f))
    X[padded] = np.nan
    return X


@settings(max_examples=80, deadline=None)
@given(X=padded_3d(), X_new=padded_3d())
def test_standard_scaling_matches_loop_reference(X, X_new):
    if X_new.shape[-1] != X.shape[-1]:
        X_new = np.resize(X_new, X_new.shape[:-1] + X.shape[-1:])
    trans = StepwiseTransformer(StandardScaler()).fit(X)
    expected, mean = reference_standard_scaling(X, X)
    np.testing.assert_allclose(trans.transformer_.mean_, mean, rtol=1e-12)
    np.testing.assert_allclose(trans.transform(X), expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        StepwiseTransformer(StandardScaler()).fit_transform(X),
        expected,
        rtol=1e-9,
        atol=1e-12,
    )
    # New data is scaled with the statistics of the fitted data.
    expected_new, _ = reference_standard_scaling(X, X_new)
    np.testing.assert_allclose(
        trans.transform(X_new), expected_new, rtol=1e-9, atol=1e-12
    )
    assert trans.n_features_in_ == X.shape[-1]


@settings(max_examples=40, deadline=None)
@given(X=padded_3d())
def test_inverse_transform_round_trip(X):
    trans = StepwiseTransformer(MinMaxScaler()).fit(X)
    Xt = trans.transform(X)
    back = trans.inverse_transform(Xt)
    np.testing.assert_allclose(back, X, rtol=1e-9, atol=1e-9)
    assert np.array_equal(np.isnan(back), np.isnan(X))


def test_docstring_example_padded_step_stays_nan():
    X = np.array(
        [
            [[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]],
            [[np.nan, np.nan], [4.0, 40.0], [5.0, 50.0]],
        ]
    )
    out = StepwiseTransformer(StandardScaler()).fit_transform(X)
    assert np.isnan(out[1, 0]).all()
    assert not np.isnan(out[0]).any() and not np.isnan(out[1, 1:]).any()
    np.testing.assert_allclose(out[0, 0], [-np.sqrt(2), -np.sqrt(2)])


def test_partially_nan_steps_reach_the_inner_transformer():
    X = np.array([[[1.0, 10.0], [np.nan, 20.0], [3.0, 30.0]]])
    out = StepwiseTransformer(StandardScaler()).fit_transform(X)
    # feature 0 from {1, 3}, feature 1 from {10, 20, 30}
    np.testing.assert_allclose(out[0, :, 0], [-1.0, np.nan, 1.0])
    np.testing.assert_allclose(out[0, 1, 1], 0.0, atol=1e-12)


@pytest.mark.parametrize("inner", [StandardScaler(), MinMaxScaler()])
def test_2d_input_equals_plain_transformer(inner):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 3))
    X[[2, 7]] = np.nan  # padded rows
    X[4, 1] = np.nan  # a missing value
    out = StepwiseTransformer(inner).fit(X).transform(X)
    assert out.shape == (12, 3)
    np.testing.assert_allclose(out, inner.fit_transform(X))


def test_output_width_of_the_inner_transformer():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4, 5, 3))
    X[0, :2] = np.nan
    trans = StepwiseTransformer(PCA(n_components=2)).fit(X)
    out = trans.transform(X)
    assert out.shape == (4, 5, 2)
    assert np.isnan(out[0, :2]).all() and not np.isnan(out[0, 2:]).any()
    steps = X.reshape(-1, 3)
    real = ~np.isnan(steps).all(axis=1)
    np.testing.assert_allclose(
        out.reshape(-1, 2)[real],
        PCA(n_components=2).fit(steps[real]).transform(steps[real]),
    )
    # Data with no real step keeps the output width.
    empty = trans.transform(np.full((2, 3, 3), np.nan))
    assert empty.shape == (2, 3, 2) and np.isnan(empty).all()
    assert trans.inverse_transform(out).shape == (4, 5, 3)


def test_inverse_transform_only_when_the_inner_transformer_has_it():
    assert hasattr(StepwiseTransformer(StandardScaler()), "inverse_transform")
    assert not hasattr(StepwiseTransformer(Normalizer()), "inverse_transform")


def test_input_never_modified_and_output_is_new():
    X = np.random.default_rng(2).normal(size=(3, 4, 2))
    X[1, 0] = np.nan
    before = X.copy()
    trans = StepwiseTransformer(StandardScaler())
    out = trans.fit_transform(X)
    out2 = trans.transform(X)
    back = trans.inverse_transform(out2)
    np.testing.assert_array_equal(X, before)
    for result in (out, out2, back):
        assert not np.shares_memory(result, X)


def test_float32_preserved():
    X = np.random.default_rng(3).normal(size=(3, 4, 2)).astype(np.float32)
    X[0, 0] = np.nan
    trans = StepwiseTransformer(StandardScaler())
    assert trans.fit_transform(X).dtype == np.float32
    assert trans.transform(X).dtype == np.float32
    assert trans.inverse_transform(trans.transform(X)).dtype == np.float32
    assert trans.transform(X.astype(np.float64)).dtype == np.float64


def test_dataframe_and_pandas_output_inner_give_equal_results():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(10, 3))
    X[3] = np.nan
    df = pd.DataFrame(X, columns=["a", "b", "c"])
    trans = StepwiseTransformer(StandardScaler()).fit(df)
    np.testing.assert_array_equal(trans.feature_names_in_, ["a", "b", "c"])
    expected = StepwiseTransformer(StandardScaler()).fit_transform(X)
    np.testing.assert_allclose(trans.transform(df), expected)
    # A 3D fit forgets the names of an earlier 2D DataFrame fit.
    assert not hasattr(trans.fit(X[None]), "feature_names_in_")
    pandas_inner = StandardScaler().set_output(transform="pandas")
    out = StepwiseTransformer(pandas_inner).fit_transform(X[None])
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out[0], expected)


def test_pickle_round_trip():
    X = np.random.default_rng(5).normal(size=(3, 4, 2))
    trans = StepwiseTransformer(StandardScaler()).fit(X)
    clone = pickle.loads(pickle.dumps(trans))
    np.testing.assert_array_equal(clone.transform(X), trans.transform(X))


def test_parameters_of_the_inner_transformer_are_routed():
    trans = StepwiseTransformer(StandardScaler())
    params = trans.get_params(deep=True)
    assert params["transformer__with_mean"] is True
    trans.set_params(transformer__with_mean=False)
    X = np.random.default_rng(6).normal(5.0, 1.0, size=(3, 4, 2))
    out = trans.fit_transform(X)
    # Scaled but not centred.
    np.testing.assert_allclose(out, X / X.reshape(-1, 2).std(axis=0))
    assert trans.transformer_.with_mean is False
    assert not hasattr(trans.transformer, "scale_")


@pytest.mark.parametrize(
    "X, match",
    [
        (
            np.zeros(5),
            r"expects 3D data \(n_samples, n_timesteps, n_features\); got a 1D "
            r"array of shape \(5,\) = 5 values.*X.reshape\(-1, 1\)",
        ),
        (np.zeros((2, 3, 4, 1)), r"4D array of shape \(2, 3, 4, 1\).*flatten"),
        (
            np.full((2, 3, 4), np.nan),
            r"\(2, 3, 4\) = 2 samples x 3 time steps x 4 features in which every "
            r"time step is padding",
        ),
        (np.zeros((2, 0, 4)), r"\(2, 0, 4\) = 2 samples x 0 time steps"),
    ],
)
def test_fit_errors(X, match):
    with pytest.raises(ValueError, match=match):
        StepwiseTransformer(StandardScaler()).fit(X)


@pytest.mark.parametrize("X", [np.zeros((2, 3, 2)), np.zeros((6, 2))])
def test_transform_feature_count_error(X):
    trans = StepwiseTransformer(StandardScaler()).fit(np.ones((2, 3, 4)))
    with pytest.raises(
        ValueError,
        match=(
            r"X has 2 features, but StepwiseTransformer is expecting 4 features "
            r"as input; X has shape \((2, 3|6), 2\) = .*It was fitted on time "
            r"steps of 4 features \(the last axis of \(n_samples, n_timesteps, "
            r"n_features\)"
        ),
    ):
        trans.transform(X)
    with pytest.raises(ValueError, match=r"expecting 4 features as input"):
        trans.inverse_transform(X)


def test_parameter_validation():
    with pytest.raises(InvalidParameterError, match="transformer"):
        StepwiseTransformer("scaler").fit(np.ones((2, 3, 4)))


def _flatten(X3):
    # The padded steps become zeros for the linear model after the scaler.
    return np.nan_to_num(X3.reshape(len(X3), -1))


def _sequences(n=40, T=5, f=2, seed=0):
    rng = np.random.default_rng(seed)
    # A trend across samples, so that folds have clearly different means.
    X = rng.normal(size=(n, T, f)) + np.linspace(0.0, 20.0, n)[:, None, None]
    for i in range(0, n, 3):
        X[i, : 1 + i % (T - 1)] = np.nan  # padded starts of various lengths
    y = np.nansum(X[:, :, 0], axis=1) + rng.normal(scale=0.1, size=n)
    return X, y


def test_pipeline_in_grid_search():
    X, y = _sequences()
    pipe = make_pipeline(
        StepwiseTransformer(StandardScaler()), FunctionTransformer(_flatten), Ridge()
    )
    search = GridSearchCV(
        pipe,
        {"stepwisetransformer__transformer__with_std": [True, False]},
        cv=KFold(3, shuffle=True, random_state=0),
    ).fit(X, y)
    assert set(search.cv_results_["params"][0]) == {
        "stepwisetransformer__transformer__with_std"
    }
    assert search.best_score_ > 0.5
    assert search.predict(X).shape == (40,)


def test_no_leakage_across_cv_folds():
    X, y = _sequences()
    pipe = make_pipeline(
        StepwiseTransformer(StandardScaler()), FunctionTransformer(_flatten), Ridge()
    )
    result = cross_validate(
        pipe,
        X,
        y,
        cv=KFold(4, shuffle=True, random_state=1),
        return_estimator=True,
        return_indices=True,
    )
    all_steps = X.reshape(-1, 2)
    full_mean = np.nanmean(all_steps[~np.isnan(all_steps).all(axis=1)], axis=0)
    for fitted, train in zip(
        result["estimator"], result["indices"]["train"], strict=True
    ):
        # Computed independently: the real steps of the training samples only.
        steps = X[train].reshape(-1, 2)
        steps = steps[~np.isnan(steps).all(axis=1)]
        scaler = fitted.named_steps["stepwisetransformer"].transformer_
        np.testing.assert_allclose(scaler.mean_, steps.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(scaler.var_, steps.var(axis=0), rtol=1e-10)
        assert scaler.n_samples_seen_ == len(steps)
        assert not np.allclose(scaler.mean_, full_mean)


# ------------------------------------------- issue 10: inputs and conventions


@pytest.mark.parametrize(
    "X",
    [
        [np.zeros((3, 2)), np.zeros((5, 2)), np.zeros((4, 2))],
        [[[1.0, 2.0]], [[1.0, 2.0], [3.0, 4.0]]],
    ],
)
def test_ragged_sequences_point_to_sequence_padder(X):
    with pytest.raises(ValueError) as info:
        StepwiseTransformer(StandardScaler()).fit(X)
    message = str(info.value)
    assert "sequences of different lengths" in message
    assert "Put SequencePadder first" in message
    assert "1D array" not in message


def test_ragged_message_lists_the_lengths():
    X = [np.zeros((3, 2)), np.zeros((5, 2)), np.zeros((4, 2))]
    with pytest.raises(ValueError, match=r"different lengths \(3, 5, 4\)"):
        StepwiseTransformer(StandardScaler()).fit(X)


def test_non_numeric_column_is_named():
    X = pd.DataFrame({"load": [1.0, 2.0, 3.0], "day": ["mon", "tue", "wed"]})
    with pytest.raises(TypeError, match=r"column 'day' \(.*\) is not numeric.*encode"):
        StepwiseTransformer(StandardScaler()).fit(X)


def test_sparse_input_is_refused_with_the_fix():
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match=r"sparse matrix.*X\.toarray\(\)"):
        StepwiseTransformer(StandardScaler()).fit(sparse.csr_matrix(np.eye(3)))


def test_empty_data_is_refused_naming_the_axis():
    with pytest.raises(ValueError, match=r"\(0, 3, 2\) = 0 samples.*no sample"):
        StepwiseTransformer(StandardScaler()).fit(np.zeros((0, 3, 2)))
    with pytest.raises(ValueError, match=r"\(4, 0\) = 4 rows x 0 columns.*no column"):
        StepwiseTransformer(StandardScaler()).fit(np.zeros((4, 0)))


def test_feature_names_out_are_the_inner_transformers():
    X = np.random.default_rng(0).normal(size=(5, 4, 3))
    scaler = StepwiseTransformer(StandardScaler()).fit(X)
    np.testing.assert_array_equal(scaler.get_feature_names_out(), ["x0", "x1", "x2"])
    np.testing.assert_array_equal(
        scaler.get_feature_names_out(["a", "b", "c"]), ["a", "b", "c"]
    )
    with pytest.raises(ValueError, match="input_features should have length"):
        scaler.get_feature_names_out(["a", "b"])
    pca = StepwiseTransformer(PCA(n_components=2)).fit(X)
    np.testing.assert_array_equal(pca.get_feature_names_out(), ["pca0", "pca1"])
    frame = pd.DataFrame(X[0], columns=["load", "temp", "rain"])
    fitted = StepwiseTransformer(StandardScaler()).fit(frame)
    np.testing.assert_array_equal(
        fitted.get_feature_names_out(), ["load", "temp", "rain"]
    )


def test_no_feature_names_out_when_the_inner_transformer_has_none():
    class Plain(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
        def fit(self, X, y=None):
            return self

        def transform(self, X):
            return X

    trans = StepwiseTransformer(Plain()).fit(np.ones((2, 3, 2)))
    assert not hasattr(trans, "get_feature_names_out")


def test_3d_output_stays_an_array_under_pandas_output_without_warning():
    X = np.random.default_rng(0).normal(size=(5, 4, 3))
    X[0, :2] = np.nan
    trans = StepwiseTransformer(StandardScaler()).set_output(transform="pandas")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = trans.fit_transform(X)
        with config_context(transform_output="pandas"):
            again = StepwiseTransformer(StandardScaler()).fit(X).transform(X)
    assert isinstance(out, np.ndarray) and isinstance(again, np.ndarray)
    np.testing.assert_array_equal(out, again)


def test_2d_output_honours_pandas_output_with_the_index_and_names():
    index = pd.date_range("2024-01-01", periods=4, freq="h")
    X = pd.DataFrame({"load": [1.0, 2.0, 3.0, 4.0], "temp": [5.0, 6.0, 7.0, 9.0]})
    X.index = index
    trans = StepwiseTransformer(StandardScaler()).set_output(transform="pandas")
    out = trans.fit_transform(X)
    assert isinstance(out, pd.DataFrame)
    pd.testing.assert_index_equal(out.index, index)
    assert list(out.columns) == ["load", "temp"]
    np.testing.assert_allclose(out, StandardScaler().fit_transform(X))
    assert isinstance(trans.transform(X), pd.DataFrame)
    # A clone keeps the setting, "default" turns it off, 3D stays an array.
    assert isinstance(clone(trans).fit_transform(X), pd.DataFrame)
    assert isinstance(trans.set_output(transform="default").transform(X), np.ndarray)
    with config_context(transform_output="pandas"):
        assert isinstance(
            StepwiseTransformer(StandardScaler()).fit_transform(X), pd.DataFrame
        )
    with pytest.raises(ValueError, match="transform must be one of"):
        trans.set_output(transform="arrow")


def test_in_a_pandas_output_pipeline_after_a_scaler():
    X = np.random.default_rng(1).normal(size=(6, 3, 2))
    frame = pd.DataFrame(X.reshape(6, 6), columns=[f"c{i}" for i in range(6)])
    pipe = make_pipeline(
        StandardScaler(), To3D(timesteps=3), StepwiseTransformer(MinMaxScaler())
    ).set_output(transform="pandas")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = pipe.fit_transform(frame)
    assert isinstance(out, np.ndarray) and out.shape == (6, 3, 2)
    # The 3D step's features are the first step's columns, then the inner
    # scaler's names for them.
    np.testing.assert_array_equal(pipe.get_feature_names_out(), ["c0", "c1"])


def test_fitted_state_is_plain_data():
    trans = StepwiseTransformer(StandardScaler()).fit(np.ones((2, 3, 2)))
    assert type(trans.n_features_in_) is int
    assert type(trans._n_features_out) is int


def test_skops_round_trip():
    sio = pytest.importorskip("skops.io")
    X = np.arange(12.0).reshape(2, 3, 2)
    trans = StepwiseTransformer(StandardScaler()).fit(X)
    data = sio.dumps(trans)
    assert sio.get_untrusted_types(data=data) == [
        "sklstm._stepwise.StepwiseTransformer"
    ]
    back = sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    np.testing.assert_array_equal(back.transform(X), trans.transform(X))
