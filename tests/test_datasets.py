"""The bundled data sets load offline with their documented shapes."""

import numpy as np
import pandas as pd
import pytest

from sklstm import SequencePadder, SlidingWindow, group_sequences
from sklstm.datasets import (
    load_grunfeld,
    load_japanese_vowels,
    load_macrodata,
    load_sunspots,
)

MACRO_COLUMNS = [
    "realgdp",
    "realcons",
    "realinv",
    "realgovt",
    "realdpi",
    "cpi",
    "m1",
    "tbilrate",
    "unemp",
    "pop",
    "infl",
    "realint",
]
GRUNFELD_FIRMS = [
    "American Steel",
    "Atlantic Refining",
    "Chrysler",
    "Diamond Match",
    "General Electric",
    "General Motors",
    "Goodyear",
    "IBM",
    "US Steel",
    "Union Oil",
    "Westinghouse",
]
COEFFICIENTS = [f"c{i}" for i in range(1, 13)]


def test_sunspots():
    frame = load_sunspots()
    assert frame.shape == (309, 1)
    assert isinstance(frame.index, pd.PeriodIndex)
    assert load_sunspots(as_frame=False).shape == (309,)


def test_macrodata_frame():
    macro = load_macrodata()
    assert macro.shape == (203, 12)
    assert macro.columns.tolist() == MACRO_COLUMNS
    assert (macro.dtypes == np.float64).all()
    assert not macro.isna().to_numpy().any()

    index = macro.index
    assert isinstance(index, pd.PeriodIndex)
    assert index.name == "quarter"
    assert index.freqstr == "Q-DEC"
    assert index[0] == pd.Period("1959Q1", freq="Q")
    assert index[-1] == pd.Period("2009Q3", freq="Q")
    # One row per quarter, increasing, with no gap.
    expected = pd.period_range("1959Q1", "2009Q3", freq="Q", name="quarter")
    assert index.equals(expected)
    assert index.is_monotonic_increasing and index.is_unique


def test_macrodata_array():
    values = load_macrodata(as_frame=False)
    assert isinstance(values, np.ndarray)
    assert values.shape == (203, 12)
    assert values.dtype == np.float64
    np.testing.assert_array_equal(values, load_macrodata().to_numpy())


def test_grunfeld_frame():
    panel = load_grunfeld()
    assert panel.shape == (220, 4)
    assert panel.columns.tolist() == ["firm", "invest", "value", "capital"]
    assert pd.api.types.is_string_dtype(panel["firm"])
    assert all(isinstance(firm, str) for firm in panel["firm"])
    assert (panel[["invest", "value", "capital"]].dtypes == np.float64).all()
    assert not panel.isna().to_numpy().any()

    assert isinstance(panel.index, pd.PeriodIndex)
    assert panel.index.name == "year"
    assert panel.index.freqstr == "Y-DEC"
    assert sorted(panel["firm"].unique()) == GRUNFELD_FIRMS
    assert panel["firm"].value_counts().eq(20).all()
    years = panel.index.year
    assert sorted(set(years)) == list(range(1935, 1955))

    # Sorted by year, then by firm: each year is one block of the 11 firms.
    order = pd.DataFrame({"year": years, "firm": panel["firm"].to_numpy()})
    assert order.equals(order.sort_values(["year", "firm"], ignore_index=True))
    assert panel.loc[:"1949"].shape == (165, 4)
    assert (panel.loc[:"1949"].index.year < 1950).all()


def test_grunfeld_tuple():
    data, firms, years = load_grunfeld(as_frame=False)
    panel = load_grunfeld()
    assert data.shape == (220, 3) and data.dtype == np.float64
    np.testing.assert_array_equal(data, panel[["invest", "value", "capital"]])
    assert firms.shape == (220,) and firms.tolist() == panel["firm"].tolist()
    assert years.dtype.kind == "i" and years.tolist() == panel.index.year.tolist()


def test_grunfeld_sliding_window():
    panel = load_grunfeld()
    windows = SlidingWindow(timesteps=3, groups="firm").fit_transform(panel)
    assert windows.shape == (220, 3, 3)
    # Only the first two years of each firm miss part of their history.
    assert np.isnan(windows).any(axis=(1, 2)).sum() == 2 * len(GRUNFELD_FIRMS)
    # The window of a firm's last year holds its own last three years.
    last = np.flatnonzero(panel["firm"].to_numpy() == "IBM")[-3:]
    np.testing.assert_array_equal(
        windows[last[-1]], panel.iloc[last][["invest", "value", "capital"]]
    )


def test_japanese_vowels_frame():
    vowels = load_japanese_vowels()
    assert vowels.shape == (9961, 16)
    assert vowels.columns.tolist() == ["utterance", "frame", "speaker", "split"] + (
        COEFFICIENTS
    )
    assert isinstance(vowels.index, pd.RangeIndex)
    assert vowels["utterance"].dtype == np.int64
    assert vowels["frame"].dtype == np.int64
    assert (vowels[COEFFICIENTS].dtypes == np.float64).all()
    assert pd.api.types.is_string_dtype(vowels["speaker"])
    assert not vowels.isna().to_numpy().any()

    per_utterance = vowels.groupby("utterance")
    assert per_utterance.ngroups == 640
    assert vowels["utterance"].unique().tolist() == list(range(640))
    lengths = per_utterance.size()
    assert lengths.min() == 7 and lengths.max() == 29
    # Frames run 0 .. T - 1 in order within each utterance.
    expected_frames = np.concatenate([np.arange(n) for n in lengths])
    np.testing.assert_array_equal(vowels["frame"], expected_frames)

    # One speaker and one split per utterance.
    assert per_utterance["speaker"].nunique().eq(1).all()
    assert per_utterance["split"].nunique().eq(1).all()
    speakers = per_utterance["speaker"].first()
    assert sorted(speakers.unique()) == [str(i) for i in range(1, 10)]
    split = per_utterance["split"].first()
    assert split.value_counts().to_dict() == {"test": 370, "train": 270}
    assert (split.loc[:269] == "train").all()
    assert speakers[split == "train"].value_counts().eq(30).all()


def test_japanese_vowels_tuple():
    sequences, labels = load_japanese_vowels(as_frame=False)
    vowels = load_japanese_vowels()
    assert isinstance(sequences, list) and len(sequences) == 640
    assert labels.shape == (640,)
    assert all(isinstance(label, str) for label in labels)
    assert all(s.ndim == 2 and s.shape[1] == 12 for s in sequences)
    assert all(s.dtype == np.float64 for s in sequences)
    assert {len(s) for s in sequences} <= set(range(7, 30))

    per_utterance = vowels.groupby("utterance")
    assert labels.tolist() == per_utterance["speaker"].first().tolist()
    for i in [0, 269, 270, 639]:
        expected = vowels.loc[vowels["utterance"] == i, COEFFICIENTS].to_numpy()
        np.testing.assert_array_equal(sequences[i], expected)


def test_japanese_vowels_padded():
    vowels = load_japanese_vowels()
    seqs = group_sequences(
        vowels, by="utterance", sort_by="frame", columns=COEFFICIENTS
    )
    X = SequencePadder().fit_transform(seqs)
    assert X.shape == (640, 29, 12)
    sequences, _ = load_japanese_vowels(as_frame=False)
    np.testing.assert_array_equal(SequencePadder().fit_transform(sequences), X)


@pytest.mark.parametrize(
    "loader", [load_sunspots, load_macrodata, load_grunfeld, load_japanese_vowels]
)
def test_loaders_return_fresh_objects(loader):
    first = loader()
    first.iloc[0, -1] = -1.0
    assert loader().iloc[0, -1] != -1.0
