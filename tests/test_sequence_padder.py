"""Tests of SequencePadder and group_sequences."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn import config_context
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from sklstm._sequence_padder import SequencePadder, group_sequences
from sklstm._stepwise import StepwiseTransformer

# ---------------------------------------------------------------------------
# Plain-loop references


def _reference_pad(seqs, maxlen, padding, truncating, fill):
    """Keras pad_sequences, spelled out one time step at a time."""
    steps_of = []
    for seq in seqs:
        steps = []
        for step in np.asarray(seq, dtype=float).tolist():
            steps.append(step if isinstance(step, list) else [step])
        steps_of.append(steps)
    if maxlen is None:
        maxlen = max(len(steps) for steps in steps_of)
    n_features = len(steps_of[0][0])
    out = []
    for steps in steps_of:
        if len(steps) > maxlen:
            start = len(steps) - maxlen if truncating == "pre" else 0
            steps = [steps[start + k] for k in range(maxlen)]
        n_fill = maxlen - len(steps)
        sample = []
        for t in range(maxlen):
            k = t - n_fill if padding == "pre" else t
            if 0 <= k < len(steps):
                sample.append(list(steps[k]))
            else:
                sample.append([fill] * n_features)
        out.append(sample)
    return np.array(out, dtype=float)


def _reference_group(df, by, sort_by, columns):
    """One sequence per entity, with Python loops and sorted()."""
    keys = sorted({tuple(row) for row in df[by].itertuples(index=False)})
    out = {}
    for key in keys:
        rows = [
            i
            for i, row in enumerate(df[by].itertuples(index=False))
            if tuple(row) == key
        ]
        if sort_by is not None:
            rows = sorted(rows, key=lambda i: df[sort_by].iloc[i])  # stable
        out[key] = np.array(
            [[float(df[c].iloc[i]) for c in columns] for i in rows], dtype=float
        ).reshape(len(rows), len(columns))
    return out


# ---------------------------------------------------------------------------
# Strategies

_values = st.one_of(st.floats(-1e6, 1e6, allow_nan=False, width=64), st.just(np.nan))
_fills = st.one_of(st.just(np.nan), st.floats(-10, 10, allow_nan=False))
_sides = st.sampled_from(["pre", "post"])
_maxlens = st.one_of(st.none(), st.integers(1, 15))


@st.composite
def _sequence_lists(draw, n_features=None):
    """1 to 8 sequences of 1 to 12 steps, univariate ones sometimes as (T,)."""
    if n_features is None:
        n_features = draw(st.integers(1, 3))
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=8))
    seqs = []
    for length in lengths:
        seq = draw(arrays(np.float64, (length, n_features), elements=_values))
        if n_features == 1 and draw(st.booleans()):
            seq = seq[:, 0]
        seqs.append(seq)
    return seqs


_SETTINGS = settings(max_examples=60, deadline=None)


# ---------------------------------------------------------------------------
# SequencePadder: properties against the reference


@_SETTINGS
@given(_sequence_lists(), _maxlens, _sides, _sides, _fills)
def test_fit_transform_matches_reference(seqs, maxlen, padding, truncating, fill):
    padder = SequencePadder(
        maxlen, padding=padding, truncating=truncating, fill_value=fill
    )
    got = padder.fit_transform(seqs)
    expected = _reference_pad(seqs, maxlen, padding, truncating, fill)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)
    assert padder.maxlen_ == expected.shape[1]
    assert padder.n_features_in_ == expected.shape[2]


@_SETTINGS
@given(st.data(), st.integers(1, 3), _maxlens, _sides, _sides, _fills)
def test_transform_of_other_sequences_matches_reference(
    data, n_features, maxlen, padding, truncating, fill
):
    fit_seqs = data.draw(_sequence_lists(n_features))
    seqs = data.draw(_sequence_lists(n_features))
    padder = SequencePadder(
        maxlen, padding=padding, truncating=truncating, fill_value=fill
    ).fit(fit_seqs)
    learned = max(len(s) for s in fit_seqs) if maxlen is None else maxlen
    assert padder.maxlen_ == learned
    expected = _reference_pad(seqs, learned, padding, truncating, fill)
    np.testing.assert_array_equal(padder.transform(seqs), expected)


@_SETTINGS
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 8), st.integers(1, 12), st.integers(1, 3)),
        elements=_values,
    ),
    st.booleans(),
    _maxlens,
    _sides,
    _sides,
    _fills,
)
def test_stacked_array_matches_reference(X, two_d, maxlen, padding, truncating, fill):
    if two_d:  # (n, T): n univariate sequences
        X = X[:, :, 0]
    padder = SequencePadder(
        maxlen, padding=padding, truncating=truncating, fill_value=fill
    )
    got = padder.fit_transform(X)
    expected = _reference_pad(list(X), maxlen, padding, truncating, fill)
    np.testing.assert_array_equal(got, expected)
    # The same sequences as a list go through the other code path.
    np.testing.assert_array_equal(padder.transform(list(X)), expected)


# ---------------------------------------------------------------------------
# SequencePadder: behaviour


def test_maxlen_learned_from_longest_and_truncation_sides():
    seqs = [np.arange(2.0), np.arange(5.0), np.arange(3.0)]
    padder = SequencePadder(fill_value=-1).fit(seqs)
    assert padder.maxlen_ == 5
    assert padder.n_features_in_ == 1

    long = [np.arange(10.0, 17.0)]
    np.testing.assert_array_equal(padder.transform(long)[0, :, 0], [12, 13, 14, 15, 16])
    padder.set_params(truncating="post").fit(seqs)
    np.testing.assert_array_equal(padder.transform(long)[0, :, 0], [10, 11, 12, 13, 14])


def test_padding_sides_and_fill_value():
    seqs = [[1.0, 2.0], [3.0, 4.0, 5.0]]
    pre = SequencePadder(fill_value=9).fit_transform(seqs)
    post = SequencePadder(padding="post", fill_value=9).fit_transform(seqs)
    np.testing.assert_array_equal(pre[:, :, 0], [[9, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(post[:, :, 0], [[1, 2, 9], [3, 4, 5]])
    default = SequencePadder().fit_transform(seqs)
    assert np.isnan(default[0, 0, 0]) and not np.isnan(default[0, 1:]).any()


def test_explicit_maxlen_overrides_longest():
    seqs = [np.ones((2, 2)), np.ones((6, 2))]
    padder = SequencePadder(4).fit(seqs)
    assert padder.maxlen_ == 4
    assert padder.transform(seqs).shape == (2, 4, 2)


def test_univariate_sequences_have_one_feature():
    seqs = [[1, 2], np.array([[3], [4], [5]]), pd.Series([6.0])]
    padder = SequencePadder(fill_value=0)
    X = padder.fit_transform(seqs)
    assert X.shape == (3, 3, 1)
    assert padder.n_features_in_ == 1
    np.testing.assert_array_equal(X[:, :, 0], [[0, 1, 2], [3, 4, 5], [0, 0, 6]])


def test_2d_array_is_equal_length_univariate_sequences():
    X = np.arange(12).reshape(3, 4)
    padder = SequencePadder(6, fill_value=0)
    out = padder.fit_transform(X)
    assert out.shape == (3, 6, 1)
    assert padder.n_features_in_ == 1
    np.testing.assert_array_equal(out[1, :, 0], [0, 0, 4, 5, 6, 7])
    # A DataFrame is read the same way: one row per sequence.
    np.testing.assert_array_equal(padder.transform(pd.DataFrame(X)), out)


def test_3d_array_input():
    X = np.arange(24.0).reshape(2, 4, 3)
    padder = SequencePadder(3).fit(X)
    assert padder.n_features_in_ == 3
    np.testing.assert_array_equal(padder.transform(X), X[:, 1:, :])


def test_collection_types_give_equal_results():
    rng = np.random.default_rng(0)
    arrays_ = [rng.normal(size=(n, 2)) for n in (3, 1, 4)]
    expected = SequencePadder().fit_transform(arrays_)
    as_object = np.empty(3, dtype=object)
    for i, a in enumerate(arrays_):
        as_object[i] = a
    variants = {
        "tuple": tuple(arrays_),
        "series": pd.Series(arrays_, index=[10, 30, 20]),
        "object array": as_object,
        "nested lists": [a.tolist() for a in arrays_],
        "list of frames": [pd.DataFrame(a, columns=["x", "y"]) for a in arrays_],
        "series of frames": pd.Series(
            [pd.DataFrame(a) for a in arrays_], index=list("abc")
        ),
    }
    for name, X in variants.items():
        got = SequencePadder().fit_transform(X)
        np.testing.assert_array_equal(got, expected, err_msg=name)


def test_object_with_array_protocol_goes_through_asarray():
    class Wrapped:
        def __init__(self, data):
            self.data = data

        def __array__(self, dtype=None, copy=None):
            return np.asarray(self.data, dtype=dtype)

    X = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(
        SequencePadder().fit_transform(Wrapped(X)), X[:, :, None]
    )


@pytest.mark.parametrize(
    "seqs, dtype",
    [
        ([np.ones(2, np.float32), np.ones((3, 1), np.float32)], np.float32),
        (np.ones((2, 3), np.float32), np.float32),
        ([pd.Series([1.0, 2.0], dtype=np.float32)], np.float32),
        ([np.ones(2, np.float32), np.ones(3)], np.float64),
        ([np.ones(2, np.int32), np.ones(3, np.int64)], np.float64),
        ([[True, False], [True]], np.float64),
        ([np.ones(2, np.float16)], np.float64),
        (np.ones((2, 3), np.int64), np.float64),
        ([pd.Series([1, None], dtype="Int64")], np.float64),
    ],
)
def test_output_dtype(seqs, dtype):
    assert SequencePadder().fit_transform(seqs).dtype == dtype


def test_nan_passes_through():
    seqs = [np.array([[np.nan, 1.0], [2.0, np.nan]]), np.array([[3.0, 4.0]])]
    out = SequencePadder(fill_value=0).fit_transform(seqs)
    np.testing.assert_array_equal(out[0], seqs[0])
    np.testing.assert_array_equal(out[1], [[0, 0], [3, 4]])


def test_inputs_are_never_modified_nor_shared():
    seqs = [np.array([[1.0, np.nan], [2.0, 3.0]]), np.array([[4.0, 5.0]])]
    before = [s.copy() for s in seqs]
    stacked = np.arange(6.0).reshape(2, 3, 1)
    stacked_before = stacked.copy()

    for X, padder in [
        (seqs, SequencePadder()),
        (seqs, SequencePadder(1, padding="post", truncating="post")),
        (stacked, SequencePadder()),  # maxlen_ == T: the output is still a copy
    ]:
        out = padder.fit_transform(X)
        out[...] = -7.0  # writing to the output must not reach the input
    for s, b in zip(seqs, before, strict=True):
        np.testing.assert_array_equal(s, b)
    np.testing.assert_array_equal(stacked, stacked_before)

    series = pd.Series([s.copy() for s in seqs])
    SequencePadder().fit_transform(series)
    for s, b in zip(series, before, strict=True):
        np.testing.assert_array_equal(s, b)


def test_pickle_round_trip():
    seqs = [np.arange(4.0).reshape(2, 2), np.arange(6.0).reshape(3, 2)]
    padder = SequencePadder(padding="post", fill_value=-1).fit(seqs)
    restored = pickle.loads(pickle.dumps(padder))
    assert restored.maxlen_ == padder.maxlen_ == 3
    np.testing.assert_array_equal(restored.transform(seqs), padder.transform(seqs))


def test_y_is_ignored():
    seqs = [[1.0], [2.0, 3.0]]
    a = SequencePadder().fit(seqs, y=[0, 1]).transform(seqs)
    b = SequencePadder().fit(seqs).transform(seqs)
    np.testing.assert_array_equal(a, b)


def test_tags():
    tags = SequencePadder().__sklearn_tags__()
    assert tags.input_tags.allow_nan
    assert tags.transformer_tags.preserves_dtype == ["float64", "float32"]
    assert tags.requires_fit


# ---------------------------------------------------------------------------
# SequencePadder: errors


def _seq(*shape, fill=1.0):
    return np.full(shape, fill)


_obj_with_dict = np.array([[1.0, 2.0], [3.0, {"a": 1}]], dtype=object)


@pytest.mark.parametrize(
    "X, error, match",
    [
        (
            [_seq(2, 3), _seq(4, 3), _seq(1, 3), _seq(2, 3), _seq(5, 2)],
            ValueError,
            r"different numbers of features.*sequence 0 has 3, sequence 4 has 2 "
            r"\(shape \(5, 2\) = 5 time steps x 2 features\)",
        ),
        (
            [_seq(3, 2), _seq(0, 2)],
            ValueError,
            r"sequence 1 has shape \(0, 2\) = 0 time steps.*no time step",
        ),
        ([_seq(3), []], ValueError, r"sequence 1 has shape \(0,\).*no time step"),
        ([_seq(3, 0)], ValueError, r"sequence 0 has shape \(3, 0\).*no feature"),
        (
            [_seq(3, 2), _seq(2, 3, 4)],
            ValueError,
            r"sequence 1 has 3 axes, shape \(2, 3, 4\).*\(n_timesteps, n_features\)",
        ),
        ([_seq(2), ["a", "b"]], TypeError, r"sequence 1 holds non-numeric.*<U1"),
        ([_seq(2), [1.0, "b"]], TypeError, r"sequence 1 holds non-numeric"),
        (["abc"], TypeError, r"sequence 0 holds non-numeric"),
        (
            [_seq(2), pd.DataFrame({"x": [1.0], "name": ["a"]})],
            TypeError,
            r"sequence 1.*'name' \(",
        ),
        ([_seq(2), np.array([1.0, np.inf])], ValueError, r"sequence 1.*infinity"),
        (
            [_seq(2), pd.Series([1.0, -np.inf])],
            ValueError,
            r"sequence 1.*infinity",
        ),
        (np.array([[1.0, np.inf]]), ValueError, r"infinity"),
        ([_seq(2), np.array([1j, 2])], ValueError, r"sequence 1.*Complex data"),
        (np.array([[1j, 2]]), ValueError, r"Complex data not supported"),
        ([_seq(2), [[1, 2], [3]]], ValueError, r"sequence 1 is ragged"),
        ([_seq(2), 5.0], ValueError, r"sequence 1 is a single value \(5.0\)"),
        (
            [],
            ValueError,
            r"\(0,\) = 0 sequences: it has no sequence.*\(n_samples, n_timesteps",
        ),
        (np.empty(0, dtype=object), ValueError, r"0 sequences: it has no sequence"),
        (pd.Series([], dtype=object), ValueError, r"0 sequences: it has no sequen"),
        (
            np.arange(5.0),
            ValueError,
            r"flat 1D array of shape \(5,\) = 5 values.*\[x\].*to_3d\(x\)",
        ),
        ([1, 2, 3], ValueError, r"flat 1D array of shape \(3,\).*\[x\].*to_3d"),
        (pd.Series([1.0, 2.0]), ValueError, r"flat 1D array of shape \(2,\)"),
        (np.float64(3.0), ValueError, r"0 axes"),
        (np.ones((2, 2, 2, 2)), ValueError, r"4 axes, shape \(2, 2, 2, 2\)"),
        (
            np.ones((12, 0)),
            ValueError,
            r"\(12, 0\) = 12 sequences x 0 time steps: it has no time step",
        ),
        (np.ones((0, 3)), ValueError, r"\(0, 3\) = 0 sequences.*no sequence"),
        (np.ones((2, 0, 3)), ValueError, r"it has no time step.*one time step"),
        (_obj_with_dict, TypeError, r"argument must be a string.* number"),
    ],
)
def test_invalid_input(X, error, match):
    with pytest.raises(error, match=match):
        SequencePadder().fit(X)


def test_sparse_input_is_refused():
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match="dense"):
        SequencePadder().fit(sparse.csr_matrix(np.ones((2, 3))))


def test_transform_with_other_feature_count():
    padder = SequencePadder().fit([_seq(2, 3), _seq(4, 3)])
    with pytest.raises(
        ValueError,
        match=r"fitted on sequences with 3 features per time step, but sequence 1 "
        r"has 2 \(shape \(4, 2\) = 4 time steps x 2 features\).*"
        r"\(n_samples, n_timesteps, n_features\)",
    ):
        padder.transform([_seq(2, 3), _seq(4, 2)])
    with pytest.raises(
        ValueError,
        match=r"X has 2 features, but SequencePadder is expecting 3 features as "
        r"input; X has shape \(5, 4, 2\) = 5 samples x 4 time steps x 2 features"
        r"\. It was fitted on sequences with 3 features per time step, but every "
        r"sequence of X has 2",
    ):
        padder.transform(np.ones((5, 4, 2)))
    with pytest.raises(ValueError, match=r"3 features.*has 1"):
        padder.transform(np.ones((5, 4)))


def test_transform_before_fit():
    with pytest.raises(NotFittedError):
        SequencePadder().transform([[1.0]])


@pytest.mark.parametrize(
    "params",
    [
        {"maxlen": 0},
        {"maxlen": 2.5},
        {"padding": "middle"},
        {"truncating": "both"},
        {"fill_value": "zero"},
    ],
)
def test_invalid_parameters(params):
    with pytest.raises(InvalidParameterError):
        SequencePadder(**params).fit([[1.0]])


# ---------------------------------------------------------------------------
# SequencePadder in model selection


def _labelled_sequences(n=30):
    """Sequences whose label is the sign of their values: easy to learn."""
    rng = np.random.default_rng(0)
    y = np.arange(n) % 2
    seqs = [
        (1 if label else -1) * rng.uniform(1, 2, size=(rng.integers(2, 7), 2))
        for label in y
    ]
    return seqs, y


def _flat_model(**padder_params):
    return make_pipeline(
        SequencePadder(fill_value=0, **padder_params),
        FunctionTransformer(lambda X: X.reshape(len(X), -1)),
        LogisticRegression(),
    )


@pytest.mark.parametrize("container", [list, pd.Series])
def test_cross_val_score_with_sequences(container):
    seqs, y = _labelled_sequences()
    scores = cross_val_score(_flat_model(), container(seqs), y, cv=3)
    assert scores.shape == (3,)
    assert scores.min() == 1.0


def test_grid_search_over_padding():
    seqs, y = _labelled_sequences()
    search = GridSearchCV(
        _flat_model(),
        {"sequencepadder__maxlen": [2, 8], "sequencepadder__padding": ["pre", "post"]},
        cv=3,
    ).fit(seqs, y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_estimator_[0].maxlen_ in (2, 8)
    assert search.predict(seqs[:5]).tolist() == y[:5].tolist()


# ---------------------------------------------------------------------------
# group_sequences


@st.composite
def _long_tables(draw):
    n_rows = draw(st.integers(1, 30))
    n_features = draw(st.integers(1, 2))
    return pd.DataFrame(
        {
            "entity": draw(
                st.lists(st.sampled_from("dbca"), min_size=n_rows, max_size=n_rows)
            ),
            "site": draw(st.lists(st.integers(0, 1), min_size=n_rows, max_size=n_rows)),
            "time": draw(st.lists(st.integers(0, 5), min_size=n_rows, max_size=n_rows)),
            **{
                f"f{j}": draw(
                    st.lists(
                        st.floats(-100, 100, allow_nan=False),
                        min_size=n_rows,
                        max_size=n_rows,
                    )
                )
                for j in range(n_features)
            },
        }
    )


@_SETTINGS
@given(
    _long_tables(),
    st.sampled_from([["entity"], ["entity", "site"], ["site", "entity"]]),
    st.sampled_from([None, "time"]),
)
def test_group_sequences_matches_reference(df, by, sort_by):
    # The default columns: every column but by and sort_by, in df's order.
    columns = [c for c in df.columns if c not in {*by, sort_by}]
    got = group_sequences(df, by if len(by) > 1 else by[0], sort_by=sort_by)
    expected = _reference_group(df, by, sort_by, columns)
    assert list(got.index.names) == by
    assert got.name == "sequence"
    keys = [k if isinstance(k, tuple) else (k,) for k in got.index]
    assert keys == list(expected)
    for key, seq in zip(keys, got, strict=True):
        np.testing.assert_array_equal(seq, expected[key])


def test_group_sequences_example_and_label_alignment():
    df = pd.DataFrame(
        {
            "patient": [7, 3, 7, 3, 7],
            "day": [3, 2, 1, 1, 2],
            "pulse": [70, 80, 72, 85, 74],
            "sick": [0, 1, 0, 1, 0],
        }
    )
    labels = df.groupby("patient")["sick"].first().loc[[7, 3]]  # other order
    seqs = group_sequences(df, "patient", sort_by="day", columns="pulse")
    assert seqs.index.tolist() == [3, 7]
    assert seqs.index.name == "patient"
    np.testing.assert_array_equal(seqs[3], [[85], [80]])
    np.testing.assert_array_equal(seqs[7], [[72], [74], [70]])
    assert labels.loc[seqs.index].tolist() == [1, 0]

    X = SequencePadder(fill_value=0).fit_transform(seqs)
    np.testing.assert_array_equal(X[:, :, 0], [[0, 85, 80], [72, 74, 70]])


def test_group_sequences_default_columns_and_row_order():
    df = pd.DataFrame(
        {"a": [1.0, 2.0, 3.0, 4.0], "id": ["x", "y", "x", "x"], "b": [5, 6, 7, 8]}
    )
    seqs = group_sequences(df, "id")  # no sort_by: row order within an entity
    np.testing.assert_array_equal(seqs["x"], [[1, 5], [3, 7], [4, 8]])
    np.testing.assert_array_equal(seqs["y"], [[2, 6]])
    assert seqs["x"].dtype == np.float64


def test_group_sequences_ties_in_sort_by_keep_row_order():
    df = pd.DataFrame({"id": [1, 1, 1, 1], "t": [2, 1, 2, 1], "v": [10, 11, 12, 13]})
    seqs = group_sequences(df, "id", sort_by="t")
    np.testing.assert_array_equal(seqs[1][:, 0], [11, 13, 10, 12])


def test_group_sequences_multiple_by_columns():
    df = pd.DataFrame(
        {
            "store": ["s2", "s1", "s2", "s1"],
            "item": [1, 1, 1, 2],
            "sales": [1.0, 2.0, 3.0, 4.0],
        }
    )
    seqs = group_sequences(df, ["store", "item"])
    assert isinstance(seqs.index, pd.MultiIndex)
    assert list(seqs.index.names) == ["store", "item"]
    assert seqs.index.tolist() == [("s1", 1), ("s1", 2), ("s2", 1)]
    np.testing.assert_array_equal(seqs[("s2", 1)], [[1.0], [3.0]])


def test_group_sequences_index_levels_and_datetime_sort():
    df = pd.DataFrame(
        {
            "id": ["a", "a", "b"],
            "date": pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"]),
            "v": [1.0, 2.0, 3.0],
        }
    )
    by_column = group_sequences(df, "id", sort_by="date")
    by_index = group_sequences(df.set_index("date"), "id", sort_by="date")
    by_level = group_sequences(df.set_index(["id", "date"]), "id", sort_by="date")
    for seqs in (by_column, by_index, by_level):
        assert seqs.index.tolist() == ["a", "b"]
        np.testing.assert_array_equal(seqs["a"], [[2.0], [1.0]])


def test_group_sequences_does_not_modify_or_share_df():
    df = pd.DataFrame({"id": [2, 1, 2], "t": [1, 0, 0], "v": [1.0, 2.0, 3.0]})
    before = df.copy()
    seqs = group_sequences(df, "id", sort_by="t")
    pd.testing.assert_frame_equal(df, before)
    df.loc[:, "v"] = 0.0  # later changes to df do not reach the sequences
    np.testing.assert_array_equal(seqs[2], [[3.0], [1.0]])

    one = pd.DataFrame({"id": [1, 1], "v": [1.0, 2.0]})
    seqs = group_sequences(one, "id")
    assert not np.shares_memory(seqs[1], one["v"].to_numpy())


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"by": "id"},
            TypeError,
            r"column 'name' \(.*\) is not numeric.*columns=",
        ),
        ({"by": "nope"}, ValueError, r"by column\(s\) \['nope'\] are not in"),
        (
            {"by": "id", "sort_by": "when"},
            ValueError,
            r"sort_by column\(s\) \['when'\] are not in",
        ),
        (
            {"by": "id", "columns": ["v", "w"]},
            ValueError,
            r"feature column\(s\) \['w'\] are not in.*\['id', 't', 'v', 'name'\]",
        ),
        ({"by": "id", "columns": []}, ValueError, r"no feature column"),
        ({"by": []}, ValueError, r"at least one `by` column"),
    ],
)
def test_group_sequences_errors(kwargs, error, match):
    df = pd.DataFrame({"id": [1, 2], "t": [0, 0], "v": [1.0, 2.0], "name": ["a", "b"]})
    with pytest.raises(error, match=match):
        group_sequences(df, **kwargs)


def test_group_sequences_input_errors():
    with pytest.raises(ValueError, match=r"empty DataFrame \(shape \(0, 2\)\)"):
        group_sequences(pd.DataFrame({"id": [], "v": []}), "id")
    with pytest.raises(TypeError, match="expects a pandas DataFrame.*ndarray"):
        group_sequences(np.ones((3, 2)), 0)
    missing_key = pd.DataFrame({"id": [1.0, np.nan, 1.0], "v": [1.0, 2.0, 3.0]})
    with pytest.raises(ValueError, match=r"by values of 1 row are missing"):
        group_sequences(missing_key, "id")
    missing_time = pd.DataFrame({"id": [1, 1], "t": [None, 1.0], "v": [1.0, 2.0]})
    with pytest.raises(ValueError, match=r"sort_by values of 1 row are missing"):
        group_sequences(missing_time, "id", sort_by="t")
    with pytest.raises(ValueError, match="infinity"):
        group_sequences(pd.DataFrame({"id": [1], "v": [np.inf]}), "id")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_output_is_built_in_the_asked_dtype(dtype):
    sequences = [
        np.arange(6.0).reshape(3, 2),
        np.arange(4, dtype=np.int64).reshape(2, 2),
    ]
    out = SequencePadder(dtype=dtype).fit_transform(sequences)
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out[0], sequences[0])
    np.testing.assert_array_equal(out[1, 1:], sequences[1])


# ------------------------------------------- issue 10: inputs and conventions


@pytest.mark.parametrize("maxlen", [True, False, np.True_])
def test_bool_maxlen_is_refused(maxlen):
    with pytest.raises(InvalidParameterError, match=r"not a bool"):
        SequencePadder(maxlen=maxlen).fit([_seq(2)])


def test_numpy_integer_maxlen_is_accepted_and_stored_as_int():
    padder = SequencePadder(maxlen=np.int64(3)).fit([_seq(2)])
    assert type(padder.maxlen_) is int and padder.maxlen_ == 3
    assert type(padder.n_features_in_) is int


def test_maxlen_beyond_memory_is_an_error_naming_it():
    with pytest.raises(
        ValueError,
        match=r"SequencePadder\(maxlen=1000000000000000\) would make samples of "
        r"1000000000000000 time steps x 2 features, and a single one needs: "
        r"14\.2 PiB of float64, more than the .* of memory.*smaller maxlen",
    ):
        SequencePadder(maxlen=10**15).fit([_seq(2, 2), _seq(3, 2)])
    # Fitted with a fine maxlen, a transform too large is refused before any
    # allocation, naming the number of samples.
    padder = SequencePadder(maxlen=10**6, dtype="float32").fit([_seq(2, 50)])
    many = np.broadcast_to(np.float32(1), (10**6, 1, 50))  # holds no memory
    with pytest.raises(ValueError, match=r"1000000 samples x 1000000 time steps"):
        padder.transform(many)


@pytest.mark.parametrize("fill_value", [1e39, -1e300, np.inf, -np.inf])
def test_fill_value_beyond_float32_is_refused(fill_value):
    with pytest.raises(
        ValueError, match=r"fill_value=.*largest float32 value.*not masked"
    ):
        SequencePadder(fill_value=fill_value).fit([_seq(2)])
    padder = SequencePadder().fit([_seq(2)])
    padder.set_params(fill_value=fill_value)
    with pytest.raises(ValueError, match=r"fill_value="):
        padder.transform([_seq(1)])


@pytest.mark.parametrize("fill_value", [np.nan, 0, -1.0, 3.0e38, -3.4e38])
def test_fill_value_within_float32_is_kept(fill_value):
    out = SequencePadder(fill_value=fill_value, dtype="float32").fit_transform(
        [_seq(1), _seq(2)]
    )
    assert np.isfinite(out).all() or np.isnan(fill_value)
    np.testing.assert_array_equal(out[0, 0], np.float32(fill_value))


def test_values_beyond_float32_are_refused_for_float32_output():
    seqs = [_seq(2, 2), np.array([[1.0, 2.0], [3.0, -5e40], [0.0, 0.0]])]
    with pytest.raises(
        ValueError, match=r"sequence 1 holds -5e\+40 at sequence 1\[1, 1\].*StandardSc"
    ):
        SequencePadder(dtype="float32").fit_transform(seqs)
    with pytest.raises(ValueError, match=r"X holds 1e\+39 at X\[1, 0, 0\]"):
        SequencePadder(dtype="float32").fit_transform(np.array([[[1.0]], [[1e39]]]))
    # float64 output keeps them: a scaler after the padder may still bring
    # them into range.
    out = SequencePadder().fit_transform(seqs)
    assert out.dtype == np.float64 and np.nanmin(out) == -5e40


def test_dataframe_sequences_are_read_by_column_name():
    a = pd.DataFrame({"pulse": [70.0, 72.0], "temp": [36.6, 36.8]})
    b = pd.DataFrame({"temp": [38.1, 38.0, 37.5], "pulse": [83.0, 80.0, 78.0]})
    padder = SequencePadder()
    out = padder.fit_transform([a, b])
    np.testing.assert_array_equal(padder.feature_names_in_, ["pulse", "temp"])
    assert padder.feature_names_in_.dtype == object
    np.testing.assert_array_equal(out[1], b[["pulse", "temp"]].to_numpy())
    np.testing.assert_array_equal(out[0, 1:], a.to_numpy())
    # transform reads later DataFrames by the fitted names too.
    np.testing.assert_array_equal(padder.transform([b])[0], out[1])
    np.testing.assert_array_equal(padder.get_feature_names_out(), ["pulse", "temp"])
    # Arrays carry no names: read by position.
    np.testing.assert_array_equal(padder.transform([a.to_numpy()])[0, 1:], a)


@pytest.mark.parametrize(
    "columns, match",
    [
        (["pulse", "rate"], r"lacks column\(s\) \['temp'\] and has extra column\(s\) "),
        (["pulse"], r"lacks column\(s\) \['temp'\]"),
        (["pulse", "temp", "spo2"], r"has extra column\(s\) \['spo2'\]"),
    ],
)
def test_dataframe_sequence_with_other_columns_is_refused_naming_them(columns, match):
    fit_on = [pd.DataFrame({"pulse": [70.0], "temp": [36.6]})]
    other = pd.DataFrame(np.ones((2, len(columns))), columns=columns)
    padder = SequencePadder().fit(fit_on)
    with pytest.raises(ValueError, match=match + r".*\['pulse', 'temp'\]"):
        padder.transform([other])
    with pytest.raises(ValueError, match=r"DataFrame sequence 1 " + match[:4]):
        SequencePadder().fit([*fit_on, other])


def test_refitting_on_arrays_forgets_the_feature_names():
    padder = SequencePadder().fit([pd.DataFrame({"a": [1.0]})])
    assert hasattr(padder, "feature_names_in_")
    padder.fit([_seq(2)])
    assert not hasattr(padder, "feature_names_in_")
    np.testing.assert_array_equal(padder.get_feature_names_out(), ["x0"])
    with pytest.raises(ValueError, match="input_features should have length"):
        padder.get_feature_names_out(["a", "b"])


def test_3d_output_in_a_pandas_output_pipeline():
    seqs = [
        pd.DataFrame({"pulse": [70.0, 72.0], "temp": [36.6, 36.8]}),
        pd.DataFrame({"pulse": [83.0], "temp": [38.1]}),
    ]
    pipe = make_pipeline(
        SequencePadder(), StepwiseTransformer(StandardScaler())
    ).set_output(transform="pandas")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = pipe.fit_transform(seqs)
        with config_context(transform_output="pandas"):
            again = SequencePadder().fit_transform(seqs)
    assert isinstance(out, np.ndarray) and out.shape == (2, 2, 2)
    assert isinstance(again, np.ndarray)
    np.testing.assert_array_equal(pipe.get_feature_names_out(), ["pulse", "temp"])


def test_sparse_input_names_the_fix():
    sparse = pytest.importorskip("scipy.sparse")
    with pytest.raises(TypeError, match=r"sparse matrix.*X\.toarray\(\)"):
        SequencePadder().fit(sparse.csr_matrix(np.ones((2, 3))))


def test_skops_round_trip_keeps_the_feature_names():
    sio = pytest.importorskip("skops.io")
    seqs = [pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})]
    padder = SequencePadder(maxlen=3).fit(seqs)
    data = sio.dumps(padder)
    assert sio.get_untrusted_types(data=data) == [
        "sklstm._sequence_padder.SequencePadder"
    ]
    back = sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    np.testing.assert_array_equal(back.feature_names_in_, ["a", "b"])
    swapped = [seqs[0][["b", "a"]]]
    np.testing.assert_array_equal(back.transform(swapped), padder.transform(seqs))
