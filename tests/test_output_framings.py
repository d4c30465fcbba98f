"""The output framings: one output per step, encoder-decoder horizons, autoencoder.

Shapes of every output, the masked loss, the alignment of ragged per-step
targets to the real steps, persistence and reproducibility of each mode, and
that each mode learns what it is for.
"""

import pickle

import numpy as np
import pandas as pd
import pytest
from helpers import layer_kinds
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from sklstm import (
    LSTMAutoencoder,
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    SlidingWindow,
    make_supervised,
)
from sklstm.estimators._targets import align_to_steps

TINY = {"units": 3, "epochs": 1, "batch_size": 8, "random_state": 0}


def sequences(n=12, seed=0, lengths=(3, 5, 4, 6)):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(lengths[i % len(lengths)], 2)) for i in range(n)]


def padded_data(n=16, timesteps=5, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, timesteps, 2))
    X[::3, :2] = np.nan  # every third sample: its first two steps padded
    return X


# ---------------------------------------------------------------- alignment


@settings(max_examples=40, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 6), min_size=1, max_size=6),
    padding=st.sampled_from(["pre", "post"]),
    outputs=st.sampled_from([(), (2,)]),
)
def test_ragged_targets_land_on_the_real_steps_as_a_loop_places_them(
    lengths, padding, outputs
):
    seqs = [np.ones((n, 1)) for n in lengths]
    X = SequencePadder(padding=padding).fit_transform(seqs)
    padded = np.isnan(X).all(axis=-1)
    targets = [
        np.arange(n * int(np.prod(outputs))).reshape(n, *outputs) + 100 * i
        for i, n in enumerate(lengths)
    ]
    aligned, ragged = align_to_steps(targets, padded, who="est")
    assert ragged  # arrays of the real steps, even when none is padded
    for i, n in enumerate(lengths):  # the reference: step by step
        real_steps = [t for t in range(X.shape[1]) if not padded[i, t]]
        assert len(real_steps) == n
        for k, t in enumerate(real_steps):
            assert_array_equal(aligned[i, t], targets[i][k])


def test_a_target_sequence_of_another_length_names_the_sample_and_both_lengths():
    seqs = sequences(4)
    tags = [np.zeros(len(s)) for s in seqs]
    tags[2] = np.zeros(len(seqs[2]) + 1)
    pipe = make_pipeline(SequencePadder(), LSTMRegressor(return_sequences=True, **TINY))
    with pytest.raises(ValueError, match=r"sample 2 has 4 real .* y\[2\] holds 5"):
        pipe.fit(seqs, tags)


def test_per_sample_targets_of_unpadded_sequences_come_back_per_sample():
    # Every training sequence has the full length: the list of per-sample
    # targets still means "one array per sample", also for shorter ones later.
    seqs = [np.ones((4, 1)) * i for i in range(6)]
    tags = [np.array(["B", "O", "B", "O"]) for _ in seqs]
    tagger = make_pipeline(
        SequencePadder(), LSTMClassifier(return_sequences=True, **TINY)
    ).fit(seqs, tags)
    predicted = tagger.predict([np.ones((2, 1)), np.ones((4, 1))])
    assert [p.shape for p in predicted] == [(2,), (4,)]
    dense = LSTMClassifier(return_sequences=True, **TINY).fit(
        SequencePadder().fit_transform(seqs), np.array(tags)
    )
    assert dense.predict(SequencePadder().fit_transform(seqs)).shape == (6, 4)


def test_a_3d_target_without_a_sequence_framing_offers_both_fixes():
    X = padded_data()
    y = np.zeros((16, 1, 10))
    with pytest.raises(ValueError) as error:
        LSTMRegressor(**TINY).fit(X, y)
    message = str(error.value)
    assert "(16, 1, 10) = 16 samples x 1 time step x 10 outputs" in message
    assert "y.reshape(16, -1)" in message
    assert "return_sequences=True" in message and "decoder_units" in message


def test_return_sequences_and_decoder_units_exclude_each_other():
    with pytest.raises(ValueError, match="keep one"):
        LSTMRegressor(return_sequences=True, decoder_units=4, **TINY).fit(
            padded_data(), np.zeros((16, 5))
        )


# ---------------------------------------------------------------- masked loss


def test_targets_at_padded_steps_change_nothing():
    X = padded_data()
    y = np.nancumsum(X[:, :, 0], axis=1)
    padded = np.isnan(X).all(axis=-1)
    other = y.copy()
    other[padded] = 1e3
    nan = y.copy()
    nan[padded] = np.nan
    params = dict(TINY, epochs=3, return_sequences=True)
    first = LSTMRegressor(**params).fit(X, y).predict(X)
    assert_allclose(LSTMRegressor(**params).fit(X, other).predict(X), first, rtol=1e-5)
    assert_allclose(LSTMRegressor(**params).fit(X, nan).predict(X), first, rtol=1e-5)
    assert np.isnan(first[padded]).all() and np.isfinite(first[~padded]).all()


def test_a_missing_target_at_a_real_step_is_refused_with_its_place():
    X = padded_data()
    y = np.zeros((16, 5))
    y[1, 3] = np.nan
    with pytest.raises(ValueError, match="time step 3 of sample 1"):
        LSTMRegressor(return_sequences=True, **TINY).fit(X, y)


# ---------------------------------------------------------------- shapes


def test_every_per_step_regression_layout_comes_back_as_given():
    X = padded_data()
    model = LSTMRegressor(return_sequences=True, **TINY)
    assert model.fit(X, np.zeros((16, 5))).predict(X).shape == (16, 5)
    assert model.fit(X, np.zeros((16, 5, 2))).predict(X).shape == (16, 5, 2)
    seqs = sequences()
    pipe = make_pipeline(SequencePadder(padding="post"), model)
    predicted = pipe.fit(seqs, [s[:, 0] for s in seqs]).predict(seqs)
    assert [p.shape for p in predicted] == [(len(s),) for s in seqs]
    assert pipe.score(seqs, [s[:, 0] for s in seqs]) <= 1


def test_encoder_decoder_gives_one_output_per_future_step():
    X = padded_data()
    model = LSTMRegressor(decoder_units=(3, 2), **TINY)
    assert model.fit(X, np.zeros((16, 4))).predict(X).shape == (16, 4)
    assert model.horizon_ == 4
    assert model.fit(X, np.zeros((16, 3, 2))).predict(X).shape == (16, 3, 2)
    kinds = layer_kinds(model.model_)
    assert "RepeatVector" in kinds and kinds.count("LSTM") == 3
    with pytest.raises(ValueError, match="one target per future step"):
        model.fit(X, np.zeros(16))


def test_per_step_labels_of_every_layout():
    X = padded_data()
    padded = np.isnan(X).all(axis=-1)
    tags = np.where(np.nan_to_num(X[:, :, 0]) > 0, "B-LOC", "O")
    clf = LSTMClassifier(return_sequences=True, **TINY).fit(X, tags)
    assert clf.classes_.tolist() == ["B-LOC", "O"]
    assert clf.predict(X).shape == (16, 5)
    proba = clf.predict_proba(X)
    assert proba.shape == (16, 5, 2) and np.isnan(proba[padded]).all()
    assert_allclose(proba[~padded].sum(axis=-1), 1, rtol=1e-5)
    assert 0 <= clf.score(X, tags) <= 1
    one_hot = np.eye(3)[np.arange(80).reshape(16, 5) % 3]
    predicted = clf.fit(X, one_hot).predict(X)
    assert predicted.shape == (16, 5, 3) and (predicted[padded] == 0).all()
    assert (predicted[~padded].sum(axis=-1) == 1).all()


def test_a_tagger_on_ragged_sequences_returns_one_tag_per_real_step():
    seqs = sequences()
    tags = [np.where(s[:, 0] > 0, "up", "down") for s in seqs]
    for padding in ("pre", "post"):
        tagger = make_pipeline(
            SequencePadder(padding=padding),
            LSTMClassifier(return_sequences=True, **TINY),
        ).fit(seqs, tags)
        predicted = tagger.predict(seqs)
        assert [len(p) for p in predicted] == [len(s) for s in seqs]
        assert [p.shape for p in tagger.predict_proba(seqs)] == [
            (len(s), 2) for s in seqs
        ]


def test_autoencoder_outputs():
    X = padded_data()
    params = dict(TINY, units=(4, 3))
    detector = LSTMAutoencoder(contamination=0.25, **params).fit(X)
    scores = detector.score_samples(X)
    assert scores.shape == (16,) and (scores <= 0).all()
    assert_allclose(detector.decision_function(X), scores - detector.offset_)
    labels = detector.predict(X)
    assert set(labels) <= {-1, 1} and (labels == -1).sum() == 4
    assert detector.transform(X).shape == (16, 3)
    assert detector.get_feature_names_out().tolist() == [
        f"lstmautoencoder{i}" for i in range(3)
    ]


# ---------------------------------------------------------------- persistence


MODES = {
    "per-step regression": (LSTMRegressor, {"return_sequences": True}, "steps"),
    "encoder-decoder": (LSTMRegressor, {"decoder_units": 2}, "horizon"),
    "per-step tags": (LSTMClassifier, {"return_sequences": True}, "tags"),
    "autoencoder": (LSTMAutoencoder, {}, None),
}


def _target(kind, X):
    if kind == "steps":
        return np.nancumsum(X[:, :, 0], axis=1)
    if kind == "horizon":
        return np.zeros((len(X), 3)) + np.arange(3)
    if kind == "tags":
        return np.where(np.nan_to_num(X[:, :, 0]) > 0, "a", "b")
    return None


def _output(model, X):
    if isinstance(model, LSTMAutoencoder):
        return model.score_samples(X)
    if isinstance(model, LSTMClassifier):
        return model.predict_proba(X)
    return model.predict(X)


@pytest.mark.parametrize("mode", list(MODES))
def test_each_mode_is_reproducible_and_pickles(mode):
    estimator, params, kind = MODES[mode]
    X = padded_data()
    y = _target(kind, X)
    first = estimator(**params, **TINY).fit(X, y)
    again = estimator(**params, **TINY).fit(X, y)
    assert_array_equal(_output(again, X), _output(first, X))
    restored = pickle.loads(pickle.dumps(first))
    assert_allclose(_output(restored, X), _output(first, X), rtol=1e-6)


# ---------------------------------------------------------------- it learns


@pytest.mark.slow
def test_per_step_regression_learns_a_running_sum():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 8, 1))
    y = X[:, :, 0].cumsum(axis=1)
    model = LSTMRegressor(
        units=16, epochs=40, learning_rate=0.01, return_sequences=True, random_state=0
    ).fit(X[:300], y[:300])
    error = np.sqrt(np.mean((model.predict(X[300:]) - y[300:]) ** 2))
    copy = np.sqrt(np.mean((X[300:, :, 0] - y[300:]) ** 2))  # predict the input
    assert error < 0.3 * copy, (error, copy)


@pytest.mark.slow
@pytest.mark.parametrize("padding", ["pre", "post"])
def test_a_tagger_of_ragged_sequences_tags_over_90_percent_right(padding):
    # Each step is tagged by how it moved from the step before, so the tag
    # needs the context the LSTM carries; the first step has its own tag.
    rng = np.random.default_rng(0)
    seqs = [rng.normal(size=(n, 1)) for n in rng.integers(4, 13, size=300)]
    tags = [
        np.r_[["start"], np.where(s[1:, 0] > s[:-1, 0], "up", "down")] for s in seqs
    ]
    tagger = make_pipeline(
        SequencePadder(padding=padding),
        LSTMClassifier(
            units=16, epochs=30, learning_rate=0.02, return_sequences=True,
            random_state=0,
        ),
    ).fit(seqs[:200], tags[:200])  # fmt: skip
    predicted = tagger.predict(seqs[200:])
    right = np.concatenate([p == t for p, t in zip(predicted, tags[200:], strict=True)])
    assert right.mean() > 0.9, right.mean()
    assert tagger.score(seqs[200:], tags[200:]) == pytest.approx(right.mean())


@pytest.mark.slow
def test_an_encoder_decoder_forecasts_six_steps_of_a_sine_well_below_the_last_value():
    rng = np.random.default_rng(0)
    t = np.arange(600)
    frame = pd.DataFrame(
        {"x": np.sin(2 * np.pi * t / 25) + 0.05 * rng.normal(size=600)}
    )
    X, y = make_supervised(frame, "x", horizon=6)  # y: the 6 values after each row
    model = make_pipeline(
        SlidingWindow(timesteps=24),
        LSTMRegressor(
            units=16, decoder_units=16, epochs=30, learning_rate=0.01, random_state=0
        ),
    ).fit(X.iloc[:450], y.iloc[:450])
    predicted = model.predict(X.iloc[450:])
    actual = y.iloc[450:].to_numpy()
    assert predicted.shape == actual.shape == (144, 6)
    error = np.sqrt(np.mean((predicted - actual) ** 2))
    last_value = np.sqrt(np.mean((X.iloc[450:, [0]].to_numpy() - actual) ** 2))
    assert error < 0.25 * last_value, (error, last_value)


@pytest.mark.slow
def test_the_autoencoder_ranks_injected_bursts_first():
    rng = np.random.default_rng(0)
    t = np.arange(20)
    X = np.sin(t / 3 + rng.uniform(0, 6, size=(200, 1)))[:, :, None]
    X += 0.05 * rng.normal(size=X.shape)
    burst = np.zeros(200, dtype=bool)
    burst[rng.choice(200, 10, replace=False)] = True
    where = rng.integers(5, 15, size=200)
    X[burst, where[burst], 0] += 2.5
    detector = LSTMAutoencoder(
        units=16, epochs=40, learning_rate=0.01, random_state=0
    ).fit(X)
    auc = roc_auc_score(burst, -detector.score_samples(X))
    assert auc > 0.95, auc


def test_the_framing_is_the_one_fitted_until_the_next_fit():
    X = padded_data()
    tags = np.where(np.nan_to_num(X[:, :, 0]) > 0, "a", "b")
    clf = LSTMClassifier(return_sequences=True, **TINY).fit(X, tags)
    clf.set_params(return_sequences=False)  # takes effect at the next fit
    assert clf.predict(X).shape == (16, 5)
    assert clf.fit(X, tags[:, -1]).predict(X).shape == (16,)


def test_class_weighted_fit_keeps_no_copy_of_the_labels():
    X = padded_data()
    tags = np.where(np.nan_to_num(X[:, :, 0]) > 0, "a", "b")
    for y, params in ((tags, {"return_sequences": True}), (tags[:, -1], {})):
        clf = LSTMClassifier(class_weight="balanced", **params, **TINY).fit(X, y)
        state = pickle.loads(pickle.dumps(clf)).__dict__
        assert not [k for k, v in state.items() if v is not None and np.size(v) >= 16]
