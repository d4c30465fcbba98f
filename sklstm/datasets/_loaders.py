"""Loaders of the bundled data sets."""

from __future__ import annotations

import functools
import inspect
from importlib import resources

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import validate_params


def _loader(func):
    """Check the arguments of a loader before it reads anything.

    ``as_frame`` is declared like the parameters of scikit-learn's own
    loaders: ``as_frame="no"`` would be truthy and silently return a
    DataFrame, so anything but a bool is refused with the parameter's name.
    A positional or misspelt argument is a ``TypeError`` that names the
    loader and its one option (the bare ``bind`` error does not).
    """
    checked = validate_params(
        {"as_frame": ["boolean"]}, prefer_skip_nested_validation=True
    )(func)
    signature = inspect.signature(func)

    @functools.wraps(func)
    def load(*args, **kwargs):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(
                f"{func.__name__}: {error}. It takes one option, by name: "
                f"{func.__name__}(as_frame=True) for a DataFrame (the default) "
                f"or {func.__name__}(as_frame=False) for numpy arrays."
            ) from None
        return checked(*args, **kwargs)

    return load


def _read_csv(name: str, **kwargs) -> pd.DataFrame:
    with resources.files(__package__).joinpath("data", name).open("rb") as f:
        return pd.read_csv(f, **kwargs)


@_loader
def load_sunspots(*, as_frame: bool = True):
    """Yearly mean sunspot numbers, 1700 to 2008 (309 values).

    A classic univariate series with a cycle of about 11 years whose amplitude
    varies from cycle to cycle: a simple model learns the cycle, and longer
    windows help it see where in the cycle a year lies.

    Parameters
    ----------
    as_frame : bool, default=True
        Return a DataFrame with a yearly ``PeriodIndex`` named ``"year"`` and
        one column ``"sunspots"``. With ``False``, a float array of shape
        ``(309,)``.

    Returns
    -------
    data : DataFrame of shape (309, 1) or ndarray of shape (309,)

    Notes
    -----
    Source: the National Geophysical Data Center (NOAA), yearly sunspot
    numbers, as shipped in the ``statsmodels`` package
    (``statsmodels.datasets.sunspots``). Licence: public domain.

    Examples
    --------
    >>> from sklstm.datasets import load_sunspots
    >>> sunspots = load_sunspots()
    >>> sunspots.shape
    (309, 1)
    >>> sunspots.index[[0, -1]].tolist()
    [Period('1700', 'Y-DEC'), Period('2008', 'Y-DEC')]
    """
    raw = _read_csv("sunspots.csv")
    index = pd.PeriodIndex(raw["YEAR"].astype(int).astype(str), freq="Y", name="year")
    frame = pd.DataFrame(
        {"sunspots": raw["SUNACTIVITY"].to_numpy(dtype=float)}, index=index
    )
    return frame if as_frame else frame["sunspots"].to_numpy()


@_loader
def load_macrodata(*, as_frame: bool = True):
    """US quarterly macroeconomic data, 1959Q1 to 2009Q3 (203 quarters).

    Twelve series observed together, such as real GDP, consumption,
    investment, inflation, unemployment and the interest rate: a small
    multivariate forecasting problem where one series (say ``realgdp``) is
    predicted from windows of all of them.

    Parameters
    ----------
    as_frame : bool, default=True
        Return a DataFrame with a quarterly ``PeriodIndex`` named
        ``"quarter"`` and twelve float columns: ``realgdp``, ``realcons``,
        ``realinv``, ``realgovt``, ``realdpi``, ``cpi``, ``m1``, ``tbilrate``,
        ``unemp``, ``pop``, ``infl`` and ``realint``. With ``False``, the
        float array of those columns, of shape ``(203, 12)``.

    Returns
    -------
    data : DataFrame of shape (203, 12) or ndarray of shape (203, 12)

    Notes
    -----
    The ``real*`` series are in billions of chained 2005 dollars (seasonally
    adjusted annual rates), ``cpi`` and ``m1`` are end-of-quarter values,
    ``tbilrate`` is the 3-month treasury bill rate, ``unemp`` the unemployment
    rate in percent, ``pop`` the population in millions, ``infl`` the
    annualised inflation ``400 * ln(cpi_t / cpi_{t-1})`` and ``realint``
    is ``tbilrate - infl`` (both are 0 in the first quarter, which has no
    previous one).

    Source: compiled by Skipper Seabold from FRED (Federal Reserve Bank of
    St. Louis) and, for the unemployment rate, the Bureau of Labor Statistics,
    as shipped in the ``statsmodels`` package
    (``statsmodels.datasets.macrodata``). Licence: public domain.

    Examples
    --------
    >>> from sklstm.datasets import load_macrodata
    >>> macro = load_macrodata()
    >>> macro.shape
    (203, 12)
    >>> macro.index[[0, -1]].tolist()
    [Period('1959Q1', 'Q-DEC'), Period('2009Q3', 'Q-DEC')]
    >>> macro.columns[:4].tolist()
    ['realgdp', 'realcons', 'realinv', 'realgovt']
    """
    raw = _read_csv("macrodata.csv")
    labels = raw["year"].astype(int).astype(str) + "Q" + raw["quarter"].astype(str)
    index = pd.PeriodIndex(labels, freq="Q", name="quarter")
    values = raw.drop(columns=["year", "quarter"]).astype(float)
    frame = values.set_axis(index, axis=0)
    return frame if as_frame else frame.to_numpy()


_GRUNFELD_COLUMNS = ["invest", "value", "capital"]


@_loader
def load_grunfeld(*, as_frame: bool = True):
    """Grunfeld's investment panel: 11 US firms, 20 years each, 1935 to 1954.

    A small panel (220 rows): every year, the gross investment, market value
    and capital stock of each firm. Windows must stay within a firm, which is
    what ``SlidingWindow(groups="firm")`` does.

    Parameters
    ----------
    as_frame : bool, default=True
        Return a long DataFrame with a yearly ``PeriodIndex`` named ``"year"``,
        a string column ``"firm"`` and three float columns ``"invest"``,
        ``"value"`` and ``"capital"``, sorted by year, then by firm. With
        ``False``, a tuple ``(data, firms, years)``: the float array of
        shape ``(220, 3)`` of those three columns, the firm of each row (an
        array of str) and its year (an int array), in the same order.

    Returns
    -------
    data : DataFrame of shape (220, 4) or tuple of ndarray

    Notes
    -----
    Rows are sorted by year, then by firm, so each year is one block of 11
    rows: ``data.loc[:"1949"]`` and ``data.loc["1950":]`` split the panel in
    time, and ``SlidingWindow(groups="firm")`` windows every firm's own past
    (the year is the index, so it is not taken as a feature). Values are in
    millions of 1947 dollars: ``invest`` is the gross investment, ``value``
    the market value of the firm on 31 December and ``capital`` its stock of
    plant and equipment. The firms: American Steel, Atlantic Refining,
    Chrysler, Diamond Match, General Electric, General Motors, Goodyear, IBM,
    US Steel, Union Oil and Westinghouse (many textbooks use only 10 of them,
    without American Steel).

    Source: Y. Grunfeld (1958), "The Determinants of Corporate Investment",
    PhD thesis, University of Chicago, in the 11-firm version recreated by
    C. Kleiber and A. Zeileis (2010), "The Grunfeld Data at 50", German
    Economic Review 11(4), as shipped in the ``statsmodels`` package
    (``statsmodels.datasets.grunfeld``). Licence: public domain.

    Examples
    --------
    >>> from sklstm import SlidingWindow
    >>> from sklstm.datasets import load_grunfeld
    >>> panel = load_grunfeld()
    >>> panel.shape
    (220, 4)
    >>> panel.iloc[:2]
                       firm  invest  value  capital
    year
    1935     American Steel   2.938 30.284   52.011
    1935  Atlantic Refining  39.680 157.700 183.200
    >>> SlidingWindow(timesteps=3, groups="firm").fit_transform(panel).shape
    (220, 3, 3)
    """
    raw = _read_csv("grunfeld.csv", dtype={"firm": str})
    raw = raw.sort_values(["year", "firm"], kind="stable", ignore_index=True)
    index = pd.PeriodIndex(raw["year"].astype(int).astype(str), freq="Y", name="year")
    frame = (
        raw[["firm", *_GRUNFELD_COLUMNS]]
        .astype(dict.fromkeys(_GRUNFELD_COLUMNS, float))
        .set_axis(index, axis=0)
    )
    if as_frame:
        return frame
    return (
        frame[_GRUNFELD_COLUMNS].to_numpy(),
        frame["firm"].to_numpy(dtype=object),
        raw["year"].to_numpy(dtype=int),
    )


_VOWEL_COLUMNS = [f"c{i}" for i in range(1, 13)]


@_loader
def load_japanese_vowels(*, as_frame: bool = True):
    """Japanese Vowels: 640 utterances of 7 to 29 frames, 9 speakers.

    Nine male speakers each uttered the Japanese vowels /ae/; each utterance
    is a sequence of frames of 12 LPC cepstrum coefficients, of 7 to 29
    frames. The task is to tell the speaker (``"1"`` to ``"9"``) from the
    sequence: a small classification problem with sequences of unequal
    length, for ``group_sequences`` and ``SequencePadder``.

    Parameters
    ----------
    as_frame : bool, default=True
        Return a long DataFrame, one row per frame (9961 rows), with a default
        ``RangeIndex`` and the columns ``"utterance"`` (int id, 0 to 639),
        ``"frame"`` (int, 0 to ``T - 1``), ``"speaker"`` (str, ``"1"`` to
        ``"9"``), ``"split"`` (``"train"`` or ``"test"``) and ``"c1"`` to
        ``"c12"`` (float), sorted by utterance, then by frame. With ``False``,
        a tuple ``(sequences, labels)``: a list of 640 float arrays of shape
        ``(n_frames, 12)`` and the array of their 640 speakers (str), in the
        order of ``utterance``.

    Returns
    -------
    data : DataFrame of shape (9961, 16) or tuple (list of ndarray, ndarray)

    Notes
    -----
    Utterances 0 to 269 are the original training set (30 per speaker), and
    270 to 639 the original test set (24 to 88 per speaker).

    Source: the UCI Machine Learning Repository, "Japanese Vowels", by
    M. Kudo, J. Toyama and M. Shimbo (1999), "Multidimensional curve
    classification using passing-through regions", Pattern Recognition
    Letters 20(11-13), 1103-1111; as shipped in the ``sktime`` package
    (``JapaneseVowels_TRAIN.ts`` and ``JapaneseVowels_TEST.ts``), converted
    to one long CSV with the values unchanged. Licence: CC BY 4.0 (UCI
    Machine Learning Repository); ``sktime`` redistributes it without a
    licence of its own for the data (its code is BSD-3-Clause).

    Examples
    --------
    >>> from sklstm import SequencePadder, group_sequences
    >>> from sklstm.datasets import load_japanese_vowels
    >>> vowels = load_japanese_vowels()
    >>> vowels.shape
    (9961, 16)
    >>> coefficients = [f"c{i}" for i in range(1, 13)]
    >>> seqs = group_sequences(
    ...     vowels, "utterance", sort_by="frame", columns=coefficients
    ... )
    >>> SequencePadder().fit_transform(seqs).shape
    (640, 29, 12)
    >>> speakers = vowels.groupby("utterance")["speaker"].first()
    >>> speakers.loc[seqs.index].nunique()
    9
    """
    frame = _read_csv(
        "japanese_vowels.csv.gz",
        compression="gzip",
        dtype={
            "utterance": "int64",
            "frame": "int64",
            "speaker": str,
            "split": str,
            **dict.fromkeys(_VOWEL_COLUMNS, "float64"),
        },
    )
    if as_frame:
        return frame
    utterance = frame["utterance"].to_numpy()
    starts = np.flatnonzero(np.diff(utterance)) + 1
    values = np.ascontiguousarray(frame[_VOWEL_COLUMNS].to_numpy())
    sequences = np.split(values, starts)
    labels = frame["speaker"].to_numpy(dtype=object)[np.r_[0, starts]]
    return sequences, labels
