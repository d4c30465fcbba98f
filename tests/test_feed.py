"""How the estimators read 3D data: its rows, scanned and batched without copies.

Every path is checked against plain loops over ``X[i, t]``.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from sklstm import SequencePadder
from sklstm._windows import (
    LazyWindows,
    padded_step_counts,
    padded_windows,
    window_source,
)
from sklstm.estimators._feed import (
    MASK_VALUE,
    WindowFeed,
    float32_rows,
    scan_steps,
)


def shapes(min_samples=1):
    return st.tuples(st.integers(min_samples, 12), st.integers(1, 6), st.integers(1, 3))


@st.composite
def three_d(draw):
    """3D data in the layouts the estimators meet, with NaN steps here and there."""
    n, k, f = draw(shapes())
    kind = draw(
        st.sampled_from(
            [
                "contiguous",
                "view",
                "view slice",
                "lazy",
                "reversed",
                "steps first",
                "broadcast",
                "int",
            ]
        )
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if kind in ("view", "view slice", "lazy"):
        values = rng.normal(size=(n + 3, f))
        values[rng.random(n + 3) < 0.2] = np.nan
        codes = rng.integers(0, 2, n + 3) if kind == "lazy" else None
        windows = padded_windows(values, k, codes=codes)
        X = windows.lazy()
        if kind == "view slice":
            step = draw(st.integers(1, 3))
            X = X[draw(st.integers(0, 2)) :: step]
        return X
    X = rng.normal(size=(n, k, f))
    X[rng.random((n, k)) < 0.2] = np.nan
    if kind == "reversed":
        return X[::-1]
    if kind == "steps first":
        return np.ascontiguousarray(X.transpose(1, 0, 2)).transpose(1, 0, 2)
    if kind == "broadcast":
        return np.broadcast_to(X[:1], X.shape)
    if kind == "int":
        return rng.integers(-5, 5, size=(n, k, f))
    return X


@settings(max_examples=150, deadline=None)
@given(X=three_d())
def test_the_source_reads_every_step_of_every_sample(X):
    source = window_source(X)
    dense = np.asarray(X)
    n, k, f = dense.shape
    assert source.base.shape[1] == f and source.timesteps == k
    assert source.base.shape[0] <= n * k  # never more than a copy would hold
    for i in range(n):
        for t in range(k):
            assert_array_equal(source.base[source.starts[i] + t], dense[i, t])


def test_the_source_of_windows_is_the_padded_table_itself():
    values = np.arange(40.0).reshape(20, 2)
    X = padded_windows(values, 5).lazy()
    source = window_source(X)
    assert source.base.shape == (24, 2)  # 20 rows and 4 padded ones, not 20 x 5
    assert np.shares_memory(source.base, X)
    assert not source.base.flags.writeable
    panel = padded_windows(values, 5, codes=np.arange(20) % 3).lazy()
    assert isinstance(panel, LazyWindows)
    assert window_source(panel).base.shape == (20 + 3 * 4, 2)


def loop_padded_counts(X):
    X = np.asarray(X, dtype=float)
    return np.array([sum(np.isnan(step).all() for step in sample) for sample in X])


@settings(max_examples=100, deadline=None)
@given(X=three_d())
def test_padded_step_counts_match_a_loop(X):
    assert_array_equal(padded_step_counts(X), loop_padded_counts(X))


@settings(max_examples=100, deadline=None)
@given(X=three_d(), data=st.data())
def test_the_first_partly_missing_step_is_the_one_named(X, data):
    dense = np.array(X, dtype=float)
    n, k, f = dense.shape
    if f > 1:  # make one step partly missing, at a random place
        i, t = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, k - 1))
        dense[i, t] = 1.0
        dense[i, t, 0] = np.nan
    partial = [
        (i, t)
        for i in range(n)
        for t in range(k)
        if 0 < np.isnan(dense[i, t]).sum() < f
    ]
    if not partial:
        assert scan_steps(dense, who="test") == loop_padded_counts(dense).sum()
        return
    sample, step = partial[0]
    with pytest.raises(ValueError, match=f"time step {step} of sample {sample} has"):
        scan_steps(dense, who="test")


def loop_batch(X, rows):
    batch = np.asarray(X, dtype=float)[rows].astype(np.float32)
    for sample in batch:
        for step in sample:
            if np.isnan(step).all():
                step[:] = MASK_VALUE
    return batch


def loop_groups(X, samples):
    """The padded and the complete samples, by a loop over their steps."""
    padded = [i for i in samples if any(np.isnan(step).all() for step in X[i])]
    return padded, [i for i in samples if i not in padded]


@settings(max_examples=40, deadline=None)
@given(X=three_d(), batch_size=st.integers(1, 5))
def test_batches_in_order_match_a_loop(X, batch_size):
    n = len(X)
    y = np.arange(n) * 10.0
    feed = WindowFeed(X)
    served = list(feed.batches(y, batch_size=batch_size))
    # The reference: padded samples first, then complete ones, each group in
    # sample order; full batches of padded samples from the start, full
    # batches of complete ones at the end, what is left between them.
    padded, complete = loop_groups(X, range(n))
    order = padded + complete
    head = len(padded) // batch_size * batch_size
    tail = len(order) - len(complete) // batch_size * batch_size
    expected = []
    for start, stop in [(0, head), (head, tail), (tail, len(order))]:
        part = order[start:stop]
        expected += [part[s : s + batch_size] for s in range(0, len(part), batch_size)]
    assert sum(len(b) < batch_size for b in expected) <= 1
    assert [list(t.numpy() // 10) for _, t in served] == expected
    assert_array_equal(feed.order(), padded + complete)
    assert feed.n_batches(batch_size=batch_size) == len(expected)
    windows = np.concatenate([w.numpy() for w, _ in served])
    assert_array_equal(windows, loop_batch(X, padded + complete))


def test_shuffled_epochs_are_reproducible_permutations_with_aligned_targets():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(23, 4, 2))
    X[[3, 8, 12], :2] = np.nan  # three padded samples among the first 20
    y = np.arange(23)
    feed = WindowFeed(X)

    def epochs(seed, numbers=range(3)):
        batches = feed.batches(
            y, batch_size=5, samples=slice(20), epochs=numbers, seed=seed
        )
        served = [(w.numpy(), t.numpy()) for w, t in batches]
        # 3 padded samples and 2 complete ones in one batch, 15 complete in 3
        assert len(served) == len(numbers) * 4
        for windows, targets in served:  # each window travels with its target
            assert_array_equal(windows, loop_batch(X, targets))
            n_padded = sum(t in (3, 8, 12) for t in targets)
            assert n_padded in (0, 3)  # the padded samples are batched together
        order = np.concatenate([t for _, t in served]).reshape(len(numbers), 20)
        return order, [tuple(t) for _, t in served]

    orders, batches = epochs(seed=7)
    for order in orders:  # every epoch serves each training sample once
        assert_array_equal(np.sort(order), np.arange(20))
    assert not np.array_equal(orders[0], orders[1])
    # The padded batch comes at another place in some epoch: batches shuffle.
    places = [[i for i, b in enumerate(batches[e * 4 : e * 4 + 4]) if 3 in b]
              for e in range(3)]  # fmt: skip
    assert len({p[0] for p in places}) > 1
    assert_array_equal(epochs(seed=7)[0], orders)  # the same seed, the same orders
    assert_array_equal(epochs(seed=7, numbers=range(1, 2))[0][0], orders[1])
    assert not np.array_equal(epochs(seed=8)[0], orders)
    unshuffled = feed.batches(y, batch_size=5, samples=slice(20), epochs=range(2),
                              shuffle=False)  # fmt: skip
    order = np.concatenate([t.numpy() for _, t in unshuffled])
    assert_array_equal(order, np.tile(feed.order(slice(20)), 2))


def test_the_feed_holds_the_rows_not_the_windows():
    values = np.random.default_rng(1).normal(size=(1000, 3))
    X = padded_windows(values, 200).lazy()  # 1000 windows of 200 steps
    feed = WindowFeed(X)
    assert tuple(feed._rows.shape) == (1000 + 199, 3)
    assert np.isnan(values).sum() == 0  # the input is untouched


def test_the_rows_are_aligned_for_tensorflow_to_share_them():
    # TensorFlow reads shared host memory only at 64-byte alignment (and would
    # abort on a misaligned read); numpy only promises 16.
    for n_rows in (1, 3, 1000):
        for values in (np.ones((n_rows, 3)), np.ones((n_rows, 3), np.float32)[:, :2]):
            rows = float32_rows(values)
            assert rows.ctypes.data % 64 == 0
            assert rows.dtype == np.float32 and rows.flags.c_contiguous
            assert_array_equal(rows, values)


def test_padded_float32_sequences_are_shared_not_copied():
    sequences = [np.ones((n, 2), np.float32) * n for n in (2, 5, 3)]
    X = SequencePadder(maxlen=5, dtype="float32").fit_transform(sequences)
    source = window_source(X)
    assert np.shares_memory(source.base, X)
    assert float32_rows(source.base) is source.base  # TensorFlow gets X itself
    padded, complete = WindowFeed(X).batches(batch_size=2)
    assert_array_equal(padded.numpy(), loop_batch(X, [0, 2]))
    assert_array_equal(complete.numpy(), loop_batch(X, [1]))
    # A float64 or misaligned array is copied once, aligned.
    for other in (X.astype(np.float64), np.ascontiguousarray(X[1:])):
        rows = float32_rows(window_source(other).base)
        assert not np.shares_memory(rows, X) and rows.ctypes.data % 64 == 0
