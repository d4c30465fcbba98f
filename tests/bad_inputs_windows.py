"""Bad inputs to the windows over time: SlidingWindow, sliding_windows and
make_supervised."""

import numpy as np
import pandas as pd
from badinput import Bad
from scipy import sparse

from sklstm import SlidingWindow, make_supervised, sliding_windows

HOURS = pd.date_range("2024-01-01", periods=8, freq="h")
SERIES = pd.DataFrame({"x": np.arange(8.0)}, index=HOURS)
GAPPY = SERIES.drop(index=HOURS[[3, 4]])
PANEL = pd.DataFrame(
    {"store": ["a", "b"] * 4, "x": np.arange(8.0)}, index=HOURS[:4].repeat(2)
)
MULTI = PANEL.set_index("store", append=True).swaplevel()
SHUFFLED = pd.DataFrame({"x": np.arange(10.0)}).sample(frac=1, random_state=0)
DUPLICATED = pd.DataFrame({"x": [1.0, 2.0]}, index=[HOURS[0], HOURS[0]])
BACKWARDS = SERIES.iloc[::-1]
WITH_NAT = pd.DataFrame({"x": [1.0, 2.0]}, index=pd.DatetimeIndex([HOURS[0], pd.NaT]))
WORDS = PANEL.assign(city=["x", "y"] * 4)
DATES_AS_COLUMN = PANEL.reset_index(names="date")
ARRAY = np.arange(12.0).reshape(6, 2)
RAGGED = [[1.0, 2.0], [3.0]]
HALF_PAST = pd.DataFrame(
    {"x": [1.0, 2.0]}, index=pd.DatetimeIndex(["2024-01-01 08:00", "2024-01-01 09:30"])
)
NUMBERED = pd.DataFrame({"x": [1.0, 2.0]}, index=[8.0, 9.0])
YEAR_3000 = pd.DataFrame(
    {"x": [1.0, 2.0]},
    index=pd.DatetimeIndex(np.array(["3000-01-01", "3000-01-02"], "datetime64[s]")),
)
DATE_STORE = PANEL.set_index("store", append=True)  # (date, store): time first


def _fit(**params):
    return lambda X: SlidingWindow(**params).fit(X)


def _fitted_then(X_fit, **params):
    window = SlidingWindow(**params).fit(X_fit)
    return lambda X: window.transform(X)


CASES = [
    # ------------------------------------------------------------ parameters
    Bad("SlidingWindow-timesteps-bool", _fit(timesteps=True), (SERIES,),
        ValueError, ("timesteps", "not a bool")),
    Bad("SlidingWindow-timesteps-zero", _fit(timesteps=0), (SERIES,),
        ValueError, ("timesteps", r"range \[1, inf\)")),
    Bad("SlidingWindow-timesteps-float", _fit(timesteps=2.5), (SERIES,),
        ValueError, ("timesteps", "int")),
    Bad("SlidingWindow-timesteps-string", _fit(timesteps="12"), (SERIES,),
        ValueError, ("timesteps",)),
    Bad("SlidingWindow-timesteps-beyond-memory",
        lambda X: SlidingWindow(timesteps=10**13).fit_transform(X), (SERIES,),
        ValueError, ("timesteps=10000000000000", "memory", "smaller|fewer")),
    Bad("SlidingWindow-gaps-misspelt", _fit(gaps="padded"), (SERIES,),
        ValueError, ("gaps", "pad", "raise", "ignore")),
    Bad("SlidingWindow-fill-infinite", _fit(fill_value=np.inf), (SERIES,),
        ValueError, ("fill_value", "float32", "NaN")),
    Bad("SlidingWindow-fill-beyond-float32", _fit(fill_value=-1e39), (SERIES,),
        ValueError, ("fill_value", "float32")),
    Bad("SlidingWindow-fill-string", _fit(fill_value="nan"), (SERIES,),
        ValueError, ("fill_value",)),
    Bad("SlidingWindow-groups-float", _fit(groups=1.5), (PANEL,),
        ValueError, ("groups",)),
    # ------------------------------------------------------------ shapes
    Bad("SlidingWindow-1d", _fit(), (np.arange(5.0),),
        ValueError, ("2D table", r"reshape\(-1, 1\)")),
    Bad("SlidingWindow-3d", _fit(), (np.zeros((4, 3, 2)),),
        ValueError, ("already", "3D")),
    Bad("SlidingWindow-ragged", _fit(), (RAGGED,),
        ValueError, ("different lengths", "SequencePadder")),
    Bad("SlidingWindow-ragged-with-groups", _fit(groups=0), (RAGGED,),
        ValueError, ("different lengths", "SequencePadder")),
    Bad("SlidingWindow-sparse-with-groups", _fit(groups=0),
        (sparse.csr_matrix(ARRAY),), TypeError, ("sparse", "toarray")),
    Bad("SlidingWindow-empty", _fit(), (np.zeros((0, 2)),),
        ValueError, ("0 sample|empty|minimum of 1",)),
    Bad("SlidingWindow-no-feature-column", _fit(groups="store"), (PANEL[["store"]],),
        ValueError, ("no feature column",)),
    Bad("SlidingWindow-infinity", _fit(), (SERIES.assign(x=np.inf),),
        ValueError, ("infinity|infinite",)),
    # ------------------------------------------------------------ columns
    Bad("SlidingWindow-non-numeric-column", _fit(groups="store"), (WORDS,),
        TypeError, ("'city'", "groups=", "OneHotEncoder")),
    Bad("SlidingWindow-dates-as-a-column", _fit(groups="store"), (DATES_AS_COLUMN,),
        TypeError, ("'date'", "set_index")),
    Bad("SlidingWindow-group-column-missing", _fit(groups="shop"), (PANEL,),
        ValueError, ("'shop'", "columns are", "store")),
    Bad("SlidingWindow-group-level-missing", _fit(groups="shop"), (MULTI,),
        ValueError, ("'shop'", "nor a level of its index")),
    Bad("SlidingWindow-groups-the-time-level",
        lambda X: SlidingWindow(groups=X.index.names[-1]).fit(X),
        (MULTI.rename_axis(["store", "when"]),),
        ValueError, ("'when'", "last level", "time")),
    Bad("SlidingWindow-named-groups-on-array", _fit(groups="store"), (ARRAY,),
        ValueError, ("numpy array", "integer positions")),
    Bad("SlidingWindow-group-position-out-of-range", _fit(groups=5), (ARRAY,),
        ValueError, ("0 .. 1",)),
    Bad("SlidingWindow-transform-other-columns",
        _fitted_then(SERIES), (SERIES.rename(columns={"x": "y"}),),
        ValueError, ("feature names",)),
    # ------------------------------------------------------------ time
    Bad("SlidingWindow-shuffled-rows", _fit(), (SHUFFLED,),
        ValueError, ("not increasing", "HalvingGridSearchCV", "__epochs")),
    Bad("SlidingWindow-shuffled-within-group", _fit(groups="store"),
        (PANEL.iloc[[2, 1, 0, 3, 4, 5, 6, 7]],),
        ValueError, ("not increasing within group 'a'", "sort")),
    Bad("SlidingWindow-duplicate-time", _fit(), (DUPLICATED,),
        ValueError, ("share the time stamp", "groupby", "groups=")),
    Bad("SlidingWindow-panel-without-groups", _fit(), (PANEL,),
        ValueError, ("share the time stamp", "groups=")),
    Bad("SlidingWindow-decreasing-index", _fit(), (BACKWARDS,),
        ValueError, ("not increasing", "sort_index")),
    Bad("SlidingWindow-missing-time", _fit(), (WITH_NAT,),
        ValueError, ("missing values", "NaT")),
    Bad("SlidingWindow-gaps-raise", _fit(gaps="raise"), (GAPPY,),
        ValueError, ("gaps='raise'", "2 time steps", "asfreq", "gaps='pad'")),
    Bad("SlidingWindow-transform-off-the-grid", _fitted_then(SERIES), (HALF_PAST,),
        ValueError, ("not a whole number of time steps", "floor", "gaps='ignore'")),
    Bad("SlidingWindow-transform-other-kind-of-index", _fitted_then(SERIES),
        (NUMBERED,), ValueError, ("number values", "datetime index")),
    Bad("SlidingWindow-times-beyond-nanoseconds", _fit(), (YEAR_3000,),
        ValueError, ("1677 to 2262", "to_period")),
    Bad("SlidingWindow-date-store-multiindex", _fit(), (DATE_STORE,),
        ValueError, ("holds times", "swaplevel")),
    Bad("make_supervised-date-store-multiindex",
        lambda X: make_supervised(X, "x"), (DATE_STORE,),
        ValueError, ("holds times", "swaplevel")),
    Bad("SlidingWindow-transform-without-the-entities",
        _fitted_then(MULTI), (SERIES.iloc[4:],),
        ValueError, ("fitted on entities", "one series")),
    Bad("SlidingWindow-transform-saturday-on-business-days",
        _fitted_then(pd.DataFrame({"x": np.arange(10.0)},
                                  index=pd.bdate_range("2024-01-01", periods=10))),
        (pd.DataFrame({"x": [1.0]}, index=pd.DatetimeIndex(["2024-01-20"])),),
        ValueError, ("not a business day",)),
    Bad("SlidingWindow-transform-other-time-zone", _fitted_then(SERIES),
        (SERIES.tz_localize("UTC"),), ValueError, ("time zone", "naive")),
    Bad("SlidingWindow-gaps-raise-irregular", _fit(gaps="raise"),
        (pd.DataFrame({"x": [1.0, 2, 3]}, index=pd.to_datetime(
            ["2024-01-01 00:00:00", "2024-01-01 00:00:07", "2024-01-01 00:00:19"])),),
        ValueError, ("no regular grid", "resample", "gaps='ignore'")),
    Bad("SlidingWindow-transform-gaps-raise", _fitted_then(SERIES, gaps="raise"),
        (GAPPY,), ValueError, ("gaps='raise'", "missing")),
    # ------------------------------------------------------------ sliding_windows
    Bad("sliding_windows-timesteps-bool",
        lambda X: sliding_windows(X, timesteps=True), (SERIES,),
        ValueError, ("timesteps", "not a bool")),
    Bad("sliding_windows-horizon-negative",
        lambda X: sliding_windows(X, X["x"], timesteps=2, horizon=-1), (SERIES,),
        ValueError, ("horizon",)),
    Bad("sliding_windows-horizon-huge",
        lambda X: sliding_windows(X, X["x"], timesteps=2, horizon=10**19), (SERIES,),
        ValueError, ("no complete window", "smaller timesteps")),
    Bad("sliding_windows-timesteps-huge",
        lambda X: sliding_windows(X, timesteps=10**15, groups="store"), (PANEL,),
        ValueError, ("no complete window", "longest series of the 2 groups")),
    Bad("sliding_windows-y-length",
        lambda X, y: sliding_windows(X, y, timesteps=2), (SERIES, np.zeros(5)),
        ValueError, ("X has 8 rows but y has 5", "before any windowing")),
    Bad("sliding_windows-gaps-leave-no-window",
        lambda X: sliding_windows(X, X["x"], timesteps=4), (GAPPY,),
        ValueError, ("no complete window", "missing time step")),
    Bad("sliding_windows-gaps-raise",
        lambda X: sliding_windows(X, timesteps=2, gaps="raise"), (GAPPY,),
        ValueError, ("gaps='raise'", "missing")),
    Bad("sliding_windows-shuffled", lambda X: sliding_windows(X, timesteps=2),
        (SHUFFLED,), ValueError, ("not increasing",)),
    Bad("sliding_windows-ragged", lambda X: sliding_windows(X, timesteps=2),
        (RAGGED,), ValueError, ("different lengths", "SequencePadder")),
    # ------------------------------------------------------------ make_supervised
    Bad("make_supervised-horizon-bool",
        lambda X: make_supervised(X, "x", horizon=True), (SERIES,),
        ValueError, ("horizon", "not a bool")),
    Bad("make_supervised-horizon-zero",
        lambda X: make_supervised(X, "x", horizon=0), (SERIES,),
        ValueError, ("horizon",)),
    Bad("make_supervised-horizon-huge",
        lambda X: make_supervised(X, "x", horizon=10**19), (SERIES,),
        ValueError, ("no row has a known future", "smaller horizon")),
    Bad("make_supervised-target-missing",
        lambda X: make_supervised(X, "sales"), (SERIES,),
        ValueError, ("'sales'", "columns are")),
    Bad("make_supervised-known-future-missing",
        lambda X: make_supervised(X, "x", known_future="price"), (SERIES,),
        ValueError, ("known_future", "'price'", "columns are")),
    Bad("make_supervised-known-future-number-for-a-frame",
        lambda X: make_supervised(X, "x", known_future=1.5), (SERIES,),
        ValueError, ("known_future",)),
    Bad("make_supervised-known-future-overwrites",
        lambda X: make_supervised(X, "x", known_future="price"),
        (SERIES.assign(price=1.0, **{"price(t+1)": 0.0}),),
        ValueError, (r"price\(t\+1\)", "already has", "Rename")),
    Bad("make_supervised-target-known-in-advance",
        lambda X: make_supervised(X, "x", known_future=["x"]), (SERIES,),
        ValueError, (r"\['x'\] is both a target and known in advance",)),
    Bad("make_supervised-target-column-twice",
        lambda X: make_supervised(X, "x"),
        (pd.concat([SERIES, SERIES], axis=1),),
        ValueError, (r"\['x'\] appear more than once", "duplicated")),
    Bad("make_supervised-group-missing",
        lambda X: make_supervised(X, "x", groups="shop"), (PANEL,),
        ValueError, ("'shop'",)),
    Bad("make_supervised-gaps-misspelt",
        lambda X: make_supervised(X, "x", gaps="skip"), (SERIES,),
        ValueError, ("gaps",)),
    Bad("make_supervised-gaps-raise",
        lambda X: make_supervised(X, "x", gaps="raise"), (GAPPY,),
        ValueError, ("gaps='raise'", "missing")),
    Bad("make_supervised-shuffled",
        lambda X: make_supervised(X, "x"), (SHUFFLED,),
        ValueError, ("not increasing", "HalvingGridSearchCV")),
    Bad("make_supervised-panel-without-groups",
        lambda X: make_supervised(X, "x"), (PANEL,),
        ValueError, ("share the time stamp", "groups=")),
    Bad("make_supervised-1d",
        lambda X: make_supervised(X, 0), (np.arange(5.0),),
        ValueError, ("2D table", r"reshape\(-1, 1\)")),
]  # fmt: skip
