"""Bad inputs to TimeFeatures: tables without a time index, times out of
order, and parameters that name no unit or no calendar feature."""

import numpy as np
import pandas as pd
from badinput import Bad
from scipy import sparse

from sklstm import TimeFeatures

HOURS = pd.date_range("2024-01-01", periods=6, freq="h")
SERIES = pd.DataFrame({"x": np.arange(6.0)}, index=HOURS)
PANEL = pd.DataFrame(
    {"store": ["a", "b"] * 3, "x": np.arange(6.0)}, index=HOURS[:3].repeat(2)
)
MULTI = PANEL.set_index("store", append=True).swaplevel()
DATES_AS_COLUMN = PANEL.reset_index(names="date")
NO_DATES = PANEL.reset_index(drop=True)
TEXT_INDEX = SERIES.set_axis(HOURS.astype(str))
YEARS = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=pd.Index([1990, 1991, 1992]))
YEARLY = pd.DataFrame(
    {"x": [1.0, 2.0, 3.0]}, index=pd.date_range("2000-01-01", periods=3, freq="YS")
)
MONTHS = pd.DataFrame(
    {"x": [1.0, 2.0]}, index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M")
)
WITH_NAT = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.DatetimeIndex([HOURS[0], pd.NaT]))


def _fit(**params):
    return lambda X: TimeFeatures(**params).fit(X)


def _fitted_then(X_fit, **params):
    features = TimeFeatures(**params).fit(X_fit)
    return lambda X: features.transform(X)


CASES = [
    # ------------------------------------------------------------ parameters
    Bad("TimeFeatures-calendar-misspelt-name", _fit(calendar=["day_of_week"]),
        (SERIES,), ValueError, ("'day_of_week'", "not a calendar feature",
                                "Did you mean 'dayofweek'")),
    Bad("TimeFeatures-calendar-misspelt-string", _fit(calendar="hours"),
        (SERIES,), ValueError, ("calendar", "hour", "auto")),
    Bad("TimeFeatures-calendar-repeated", _fit(calendar=["hour", "hour"]),
        (SERIES,), ValueError, ("\\['hour'\\]", "more than once")),
    Bad("TimeFeatures-elapsed-string", _fit(elapsed="yes"), (SERIES,),
        ValueError, ("elapsed", "bool")),
    Bad("TimeFeatures-unit-zero", _fit(unit=0), (YEARS,),
        ValueError, ("unit", r"range \(0")),
    Bad("TimeFeatures-unit-bool", _fit(unit=True), (YEARS,),
        ValueError, ("unit", "not a bool")),
    Bad("TimeFeatures-unit-months", _fit(unit="MS"), (SERIES,),
        ValueError, ("'MS'", "not a fixed length", "to_period")),
    Bad("TimeFeatures-unit-unknown-word", _fit(unit="fortnight"), (SERIES,),
        ValueError, ("'fortnight'", "'15min'")),
    Bad("TimeFeatures-unit-negative-length", _fit(unit="-1h"), (SERIES,),
        ValueError, ("positive length",)),
    Bad("TimeFeatures-unit-length-on-numbers", _fit(unit="1h"), (YEARS,),
        ValueError, ("length of time", "holds numbers", "unit=1")),
    Bad("TimeFeatures-unit-number-on-dates", _fit(unit=2), (SERIES,),
        ValueError, ("a number", "dates", "'1h'")),
    Bad("TimeFeatures-groups-float", _fit(groups=1.5), (PANEL,),
        ValueError, ("groups",)),
    Bad("TimeFeatures-nothing-to-add", _fit(elapsed=False, calendar=None),
        (SERIES,), ValueError, ("no feature", "calendar=None")),
    Bad("TimeFeatures-nothing-to-add-for-yearly-rows", _fit(elapsed=False),
        (YEARLY,), ValueError, ("no feature", "365 days", "calendar=")),
    # ------------------------------------------------------------ no time
    Bad("TimeFeatures-numpy-array", _fit(), (np.zeros((4, 2)),),
        TypeError, ("numpy array of shape \\(4, 2\\)", "no time", "DataFrame",
                    "set_index")),
    Bad("TimeFeatures-list", _fit(), ([[1.0, 2.0], [3.0, 4.0]],),
        TypeError, ("list", "no time", "DataFrame")),
    Bad("TimeFeatures-sparse", _fit(), (sparse.csr_matrix(np.eye(3)),),
        TypeError, ("sparse matrix", "no time")),
    Bad("TimeFeatures-empty", _fit(), (SERIES.iloc[:0],),
        ValueError, ("empty", "0 rows")),
    Bad("TimeFeatures-dates-as-a-column", _fit(groups="store"),
        (DATES_AS_COLUMN,), ValueError, ("row numbers", "'date'", "set_index")),
    Bad("TimeFeatures-range-index", _fit(), (NO_DATES,),
        ValueError, ("row numbers", "holds no time", "set_index", "rename_axis")),
    Bad("TimeFeatures-row-numbers-of-a-panel", _fit(groups="store"),
        (NO_DATES.iloc[[0, 1, 3, 4]],), ValueError, ("row numbers",)),
    Bad("TimeFeatures-dates-as-text", _fit(), (TEXT_INDEX,),
        ValueError, ("str values", "not times", "pd.to_datetime")),
    Bad("TimeFeatures-groups-name-the-index", _fit(groups="store"),
        (PANEL.reset_index(drop=True).set_index("store"),),
        ValueError, ("names the index", "MultiIndex", "append=True")),
    Bad("TimeFeatures-calendar-on-numbers", _fit(calendar=["month"]), (YEARS,),
        ValueError, ("need dates", "numbers", "calendar=None")),
    Bad("TimeFeatures-one-row-auto-unit", _fit(calendar=None), (SERIES.iloc[:1],),
        ValueError, ("two rows", "n_samples = 1", "unit='1h'")),
    Bad("TimeFeatures-one-row-per-entity-auto-calendar", _fit(groups="store"),
        (PANEL.iloc[:2],), ValueError, ("two rows", "only row of its entity",
                                        "calendar=\\['hour'")),
    # ------------------------------------------------------------ order
    Bad("TimeFeatures-decreasing-index", _fit(), (SERIES.iloc[::-1],),
        ValueError, ("not increasing", "sort_index")),
    Bad("TimeFeatures-shuffled-within-group", _fit(groups="store"),
        (PANEL.iloc[[2, 1, 0, 3, 4, 5]],),
        ValueError, ("not increasing within group 'a'",)),
    Bad("TimeFeatures-panel-without-groups", _fit(), (PANEL,),
        ValueError, ("share the time stamp", "groups=")),
    Bad("TimeFeatures-missing-time", _fit(), (WITH_NAT,),
        ValueError, ("missing values", "NaT")),
    Bad("TimeFeatures-date-store-multiindex", _fit(),
        (PANEL.set_index("store", append=True),),
        ValueError, ("holds times", "swaplevel")),
    # ------------------------------------------------------------ columns
    Bad("TimeFeatures-group-column-missing", _fit(groups="shop"), (PANEL,),
        ValueError, ("'shop'", "columns are", "store")),
    Bad("TimeFeatures-twice", lambda X: TimeFeatures().fit(
        TimeFeatures().fit_transform(X)), (SERIES,),
        ValueError, ("already has", "time_since_previous", "twice")),
    # ------------------------------------------------------------ transform
    Bad("TimeFeatures-transform-numpy", _fitted_then(SERIES),
        (SERIES.to_numpy(),), TypeError, ("numpy array", "no time")),
    Bad("TimeFeatures-transform-other-columns", _fitted_then(SERIES),
        (SERIES.rename(columns={"x": "y"}),), ValueError, ("feature names",)),
    Bad("TimeFeatures-transform-other-kind-of-index", _fitted_then(SERIES),
        (YEARS,), ValueError, ("holds numbers", "fitted on dates")),
    Bad("TimeFeatures-transform-other-periods", _fitted_then(MONTHS),
        (MONTHS.set_axis(MONTHS.index.asfreq("D")),),
        ValueError, ("frequency 'D'", "fitted on periods of 'M'", "asfreq")),
    Bad("TimeFeatures-transform-aware-after-naive", _fitted_then(SERIES),
        (SERIES.tz_localize("US/Eastern"),),
        ValueError, ("time zone US/Eastern", "naive", "tz_localize")),
    Bad("TimeFeatures-transform-another-time-zone",
        _fitted_then(SERIES.tz_localize("UTC")),
        (SERIES.tz_localize("UTC").tz_convert("Asia/Tokyo"),),
        ValueError, ("Asia/Tokyo", "fitted on times in time zone UTC",
                     r"tz_convert\('UTC'\)")),
    Bad("TimeFeatures-transform-without-the-entities", _fitted_then(MULTI),
        (SERIES,), ValueError, ("fitted on entities", "one series")),
]  # fmt: skip
