"""LazyWindows indexes exactly as the ndarray it stands for, gathering little."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sklstm
from sklstm import LazyWindows, SlidingWindow
from sklstm._windows import padded_windows


def interleaved_windows(n_rows, timesteps, n_features, n_groups, seed):
    """The LazyWindows of a panel whose groups take turns row by row."""
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(n_rows, n_features))
    codes = np.arange(n_rows) % n_groups
    windows = padded_windows(values, timesteps, codes=codes).lazy()
    assert isinstance(windows, LazyWindows)
    return windows


@st.composite
def lazy_windows(draw):
    n_groups = draw(st.integers(2, 3))
    n_rows = draw(st.integers(n_groups, 9))  # every group has a row
    return interleaved_windows(
        n_rows,
        timesteps=draw(st.integers(2, 4)),  # 1 needs no padding: a view
        n_features=draw(st.integers(1, 3)),
        n_groups=n_groups,
        seed=draw(st.integers(0, 2**16)),
    )


def index_part(size):
    """One part of a key, for an axis of ``size``: valid or not."""
    near = st.integers(-size - 2, size + 1)  # out of bounds too
    return st.one_of(
        near,
        near.map(np.int64),
        st.slices(size + 2),
        st.none(),
        st.just(Ellipsis),
        st.booleans(),
        st.lists(near, max_size=4),
        st.lists(near, min_size=1, max_size=6).map(
            lambda v: np.array(v).reshape(-1, 1) if len(v) % 2 else np.array(v)
        ),
        st.lists(st.booleans(), min_size=size, max_size=size).map(np.array),
        st.lists(st.booleans(), min_size=0, max_size=size + 2).map(np.array),
        st.just(np.array(1)),
        st.sampled_from([[], [[]], ()]),  # empty lists select nothing
        st.sampled_from([np.array([]), np.array([], dtype=int), np.array(1.0)]),
    )


@st.composite
def keys(draw, shape):
    """A key: one part, or a tuple of parts (each for the axis it may hit)."""
    n_parts = draw(st.integers(0, 4))
    parts = [draw(index_part(shape[min(i, 2)])) for i in range(n_parts)]
    if n_parts == 1 and draw(st.booleans()):
        return parts[0]
    if draw(st.booleans()):  # a whole-array mask, as from np.isnan(windows)
        return draw(st.just(None)) or np.ones(shape, dtype=bool)
    return tuple(parts)


def numpy_answer(array, key):
    try:
        return array[key], None
    except Exception as error:  # the kind of error numpy raises
        return None, type(error)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_every_key_gives_what_numpy_gives(data):
    windows = data.draw(lazy_windows())
    array = np.asarray(windows)
    key = data.draw(keys(windows.shape))
    expected, error = numpy_answer(array, key)
    if error is not None:
        with pytest.raises(error):
            windows[key]
        return
    got = windows[key]
    assert type(got) is type(expected)
    assert np.shape(got) == np.shape(expected)
    assert np.asarray(got).dtype == np.asarray(expected).dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "key",
    [
        (Ellipsis, 0),  # the features of every step, not the steps
        (slice(None), slice(None), 0),
        (Ellipsis, -1, 0),
        (None, 2),
        (2, None, Ellipsis, 1),
        ([0, 2], slice(None), [1, 0]),  # advanced indices separated by a slice
        (0, slice(None), [0, 1]),
        (np.array([[0, 1], [3, 2]]), -1),
        (),
        Ellipsis,
        True,
        (False, 0),
        (False, [9]),  # broadcasts to nothing: numpy checks no bound
        ([], [9]),
    ],
)
def test_keys_that_used_to_differ(key):
    windows = interleaved_windows(6, timesteps=3, n_features=2, n_groups=2, seed=0)
    expected = np.asarray(windows)[key]
    got = windows[key]
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_ellipsis_then_zero_gives_the_first_feature():
    panel = pd.DataFrame(
        {"g": ["a", "b"] * 3, "x": np.arange(6.0), "y": -np.arange(6.0)}
    )
    windows = SlidingWindow(timesteps=2, groups="g").fit_transform(panel)
    assert isinstance(windows, LazyWindows)
    assert windows[..., 0].shape == (6, 2)  # (n_samples, n_timesteps)
    np.testing.assert_array_equal(windows[..., 1], -windows[..., 0])


@pytest.mark.parametrize(
    "key",
    [6, -7, (0, 3), (0, 0, 2), (0, 0, 0, 0), np.zeros(5, dtype=bool), [0, 9], 1.5],
)
def test_refused_keys_raise_numpy_index_error_without_materialising(key, monkeypatch):
    windows = interleaved_windows(6, timesteps=3, n_features=2, n_groups=2, seed=0)

    def refuse(*args, **kwargs):
        raise AssertionError("a refused key materialised the windows")

    monkeypatch.setattr(LazyWindows, "__array__", refuse)
    with pytest.raises(IndexError):
        windows[key]


class RecordingView:
    """A window view that records how many windows each gather takes."""

    def __init__(self, view):
        self.view, self.gathered = view, []

    shape = property(lambda self: self.view.shape)
    dtype = property(lambda self: self.view.dtype)

    def __getitem__(self, key):
        self.gathered.append(len(np.atleast_1d(key)))
        return self.view[key]


@pytest.mark.parametrize(
    "key, n_gathered",
    [
        (3, 1),
        ((-1, Ellipsis, 0), 1),
        (slice(2, 5), 3),
        ([4, 1, 4, 4], 2),  # repeated samples are gathered once
        ((np.array([0, 0, 0]), slice(None), [1, 0, 1]), 1),
    ],
)
def test_only_the_selected_windows_are_gathered(key, n_gathered):
    inner = interleaved_windows(8, timesteps=3, n_features=2, n_groups=2, seed=1)
    windows = LazyWindows(inner._windows)
    recorder = windows._view = RecordingView(windows._view)
    np.testing.assert_array_equal(windows[key], np.asarray(inner)[key])
    assert recorder.gathered == [n_gathered]


def test_results_are_new_writeable_arrays():
    windows = interleaved_windows(6, timesteps=3, n_features=2, n_groups=2, seed=0)
    for key in (0, slice(None), [1, 2], (Ellipsis, 0)):
        got = windows[key]
        assert got.flags.writeable
        assert not np.shares_memory(got, windows._view)
    got = windows[0]
    got[:] = 99.0  # the caller's own work on the result
    assert not (np.asarray(windows) == 99.0).any()


def test_copy_false_is_refused_as_numpy_does():
    windows = interleaved_windows(4, timesteps=2, n_features=1, n_groups=2, seed=0)
    with pytest.raises(ValueError, match="copy"):
        np.array(windows, copy=False)
    assert np.array(windows, dtype=np.float32).dtype == np.float32


def test_is_public_and_documented():
    assert sklstm.LazyWindows is LazyWindows
    assert "LazyWindows" in sklstm.__all__
    doc = LazyWindows.__doc__
    assert "np.asarray(windows)[key]" in doc
    assert "See Also" in doc and "SlidingWindow" in doc
