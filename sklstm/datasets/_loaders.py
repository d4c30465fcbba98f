"""Loaders of the bundled data sets."""

from __future__ import annotations

from importlib import resources

import pandas as pd


def _read_csv(name: str, **kwargs) -> pd.DataFrame:
    with resources.files(__package__).joinpath("data", name).open("rb") as f:
        return pd.read_csv(f, **kwargs)


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
