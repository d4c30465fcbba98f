"""Bad inputs to the inspection helpers, the panel splitter and the loaders:
trace_shapes, predict_frame, PanelTimeSeriesSplit and sklstm.datasets."""

import numpy as np
import pandas as pd
from badinput import Bad
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import SlidingWindow, make_supervised, predict_frame, trace_shapes
from sklstm.datasets import (
    load_grunfeld,
    load_japanese_vowels,
    load_macrodata,
    load_sunspots,
)
from sklstm.model_selection import PanelTimeSeriesSplit


def _flatten(windows):
    return np.nan_to_num(np.asarray(windows).reshape(len(windows), -1))


def _windowed(**window):
    return make_pipeline(
        SlidingWindow(timesteps=2, **window),
        FunctionTransformer(_flatten),
        LinearRegression(),
    )


def _panel(n_days=6):
    """Two stores, interleaved by day (the index), and y one day ahead."""
    frame = pd.DataFrame(
        {
            "store": ["a", "b"] * n_days,
            "sales": np.arange(2.0 * n_days),
        },
        index=pd.Index(np.repeat(np.arange(n_days), 2), name="day"),
    )
    return make_supervised(frame, "sales", groups="store")


X, y = _panel()
FITTED = _windowed(groups="store").fit(X, y)
X2, Y2 = make_supervised(_panel()[0], "sales", horizon=2, groups="store")
FITTED_TWO = _windowed(groups="store").fit(X2, Y2)
CLASH = X2.rename(columns={"store": "sales_1"})
FITTED_CLASH = _windowed(groups="sales_1").fit(CLASH, Y2)
PADDED = X.rename(columns={"store": "padded_steps"})
FITTED_PADDED = _windowed(groups="padded_steps").fit(PADDED, y)
NUMBERS = X[["sales"]]
NO_WINDOWS = make_pipeline(StandardScaler(), Ridge()).fit(NUMBERS, y)
NO_REFIT = GridSearchCV(
    _windowed(groups="store"),
    {"slidingwindow__timesteps": [1, 2]},
    refit=False,
    cv=PanelTimeSeriesSplit(n_splits=2),
).fit(X, y)
HALVES = make_pipeline(
    SlidingWindow(timesteps=2, groups="store"),
    FunctionTransformer(lambda w: _flatten(w)[::2]),
    Ridge(),
).fit(X, y[: (len(X) + 1) // 2])
ROWS = np.ones((6, 2))

CASES = [
    # ----------------------------------------------------------- trace_shapes
    Bad(
        "trace_shapes-none-instead-of-a-pipeline",
        lambda X: trace_shapes(None, X),
        (ROWS,),
        TypeError,
        (r"needs a Pipeline", r"got None"),
    ),
    Bad(
        "trace_shapes-a-class-not-an-instance",
        lambda X: trace_shapes(StandardScaler, X),
        (ROWS,),
        TypeError,
        (r"the class StandardScaler", r"StandardScaler\(\)"),
    ),
    Bad(
        "trace_shapes-a-list-of-steps",
        lambda steps, X: trace_shapes(steps, X),
        ([("window", SlidingWindow(timesteps=2)), ("ridge", Ridge())], ROWS),
        TypeError,
        (r"a list of 2 items", r"make_pipeline"),
    ),
    Bad(
        "trace_shapes-a-string",
        lambda X: trace_shapes("passthrough", X),
        (ROWS,),
        TypeError,
        (r"got a str", r"no fit method"),
    ),
    Bad(
        "trace_shapes-empty-pipeline",
        lambda pipe, X: trace_shapes(pipe, X),
        (Pipeline([]), ROWS),
        ValueError,
        (r"Pipeline with no steps", r"make_pipeline"),
    ),
    Bad(
        "trace_shapes-search-around-an-empty-pipeline",
        lambda search, X: trace_shapes(search, X),
        (GridSearchCV(Pipeline([]), {}), ROWS),
        ValueError,
        (r"Pipeline with no steps",),
    ),
    Bad(
        "trace_shapes-target-transform-around-an-empty-pipeline",
        lambda model, X: trace_shapes(model, X),
        (TransformedTargetRegressor(regressor=Pipeline([])), ROWS),
        ValueError,
        (r"Pipeline with no steps",),
    ),
    Bad(
        "trace_shapes-X-none",
        lambda pipe: trace_shapes(pipe, None),
        (make_pipeline(SlidingWindow(timesteps=2), Ridge()),),
        TypeError,
        (r"X is None", r"pass the data"),
    ),
    # ---------------------------------------------------------- predict_frame
    Bad(
        "predict_frame-X-ndarray",
        lambda X: predict_frame(FITTED, X),
        (X.to_numpy(),),
        TypeError,
        (r"DataFrame", r"an ndarray of shape \(10, 2\)", r"estimator\.predict"),
    ),
    Bad(
        "predict_frame-X-series",
        lambda X: predict_frame(FITTED, X),
        (X["sales"],),
        TypeError,
        (r"a Series", r"to_frame\(\)"),
    ),
    Bad(
        "predict_frame-X-none",
        lambda: predict_frame(FITTED, None),
        (),
        TypeError,
        (r"DataFrame, but got None",),
    ),
    Bad(
        "predict_frame-X-list-of-rows",
        lambda rows: predict_frame(FITTED, rows),
        ([[0.0, 1.0], [2.0, 3.0]],),
        TypeError,
        (r"got a list",),
    ),
    Bad(
        "predict_frame-estimator-none",
        lambda X: predict_frame(None, X),
        (X,),
        TypeError,
        (r"predict_frame needs a Pipeline", r"got None"),
    ),
    Bad(
        "predict_frame-estimator-a-class",
        lambda X: predict_frame(Pipeline, X),
        (X,),
        TypeError,
        (r"the class Pipeline", r"instance"),
    ),
    Bad(
        "predict_frame-pipeline-not-fitted",
        lambda pipe, X: predict_frame(pipe, X),
        (_windowed(groups="store"), X),
        NotFittedError,
        (r"this Pipeline|this LinearRegression", r"not fitted yet", r"fit\(X, y\)"),
    ),
    Bad(
        "predict_frame-search-not-fitted",
        lambda search, X: predict_frame(search, X),
        (GridSearchCV(_windowed(groups="store"), {}), X),
        NotFittedError,
        (r"GridSearchCV is not fitted yet",),
    ),
    Bad(
        "predict_frame-target-transform-not-fitted",
        lambda model, X: predict_frame(model, X),
        (TransformedTargetRegressor(regressor=_windowed(groups="store")), X),
        NotFittedError,
        (r"TransformedTargetRegressor is not fitted yet",),
    ),
    Bad(
        "predict_frame-search-without-refit",
        lambda X: predict_frame(NO_REFIT, X),
        (X,),
        NotFittedError,
        (r"refit=False", r"no best_estimator_", r"refit=True"),
    ),
    Bad(
        "predict_frame-a-bare-model",
        lambda X: predict_frame(Ridge().fit(NUMBERS, y), X),
        (NUMBERS,),
        TypeError,
        (r"a single Ridge", r"no step that builds 3D", r"whole Pipeline"),
    ),
    Bad(
        "predict_frame-pipeline-without-3d-step",
        lambda X: predict_frame(NO_WINDOWS, X),
        (NUMBERS,),
        TypeError,
        (r"no step .* gives 3D data", r"10 rows x 1 column", r"SlidingWindow"),
    ),
    Bad(
        "predict_frame-pipeline-of-transformers",
        lambda pipe, X: predict_frame(pipe, X),
        (make_pipeline(SlidingWindow(timesteps=2, groups="store")).fit(X), X),
        TypeError,
        (r"ends with the transformer SlidingWindow", r"no predict"),
    ),
    Bad(
        "predict_frame-name-of-a-group-column",
        lambda X: predict_frame(FITTED, X, name="store"),
        (X,),
        ValueError,
        (r"name='store'", r"group column 'store'", r"another name"),
    ),
    Bad(
        "predict_frame-name-padded-steps",
        lambda X: predict_frame(FITTED, X, name="padded_steps"),
        (X,),
        ValueError,
        (r"'padded_steps'", r"padded steps of every row", r"another name"),
    ),
    Bad(
        "predict_frame-name-of-an-index-level",
        lambda X: predict_frame(FITTED, X, name="day"),
        (X,),
        ValueError,
        (r"index level 'day'", r"reset_index", r"another name"),
    ),
    Bad(
        "predict_frame-numbered-output-hides-a-group-column",
        lambda X: predict_frame(FITTED_CLASH, X, name="sales"),
        (CLASH,),
        ValueError,
        (r"prediction column 'sales_1'", r"group column 'sales_1'"),
    ),
    Bad(
        "predict_frame-group-column-named-padded-steps",
        lambda X: predict_frame(FITTED_PADDED, X),
        (PADDED,),
        ValueError,
        (r"group column named 'padded_steps'", r"Rename it"),
    ),
    Bad(
        "predict_frame-name-not-a-string",
        lambda X: predict_frame(FITTED, X, name=0),
        (X,),
        TypeError,
        (r"name must be a non-empty string", r"got 0"),
    ),
    Bad(
        "predict_frame-name-empty",
        lambda X: predict_frame(FITTED, X, name=""),
        (X,),
        TypeError,
        (r"non-empty string", r"got ''"),
    ),
    Bad(
        "predict_frame-not-one-prediction-per-row",
        lambda X: predict_frame(HALVES, X),
        (X,),
        ValueError,
        (r"made 5 predictions", r"10 rows of X", r"one sample per row"),
    ),
    # -------------------------------------------------- PanelTimeSeriesSplit
    Bad(
        "PanelTimeSeriesSplit-huge-gap",
        lambda X: list(PanelTimeSeriesSplit(gap=10**9).split(X)),
        (X,),
        ValueError,
        (r"gap=1000000000", r"needs at least 5999999981 distinct time values"),
    ),
    Bad(
        "PanelTimeSeriesSplit-n_splits-true",
        lambda X: list(PanelTimeSeriesSplit(n_splits=True).split(X)),
        (X,),
        ValueError,
        (r"'n_splits' parameter", r"not a bool", r"Got True"),
    ),
    Bad(
        "PanelTimeSeriesSplit-gap-false",
        lambda X: list(PanelTimeSeriesSplit(gap=False).split(X)),
        (X,),
        ValueError,
        (r"'gap' parameter", r"not a bool"),
    ),
    Bad(
        "PanelTimeSeriesSplit-test_size-true",
        lambda X: list(PanelTimeSeriesSplit(test_size=True).split(X)),
        (X,),
        ValueError,
        (r"'test_size' parameter", r"not a bool"),
    ),
    Bad(
        "PanelTimeSeriesSplit-max_train_size-numpy-bool",
        lambda X: list(PanelTimeSeriesSplit(max_train_size=np.True_).split(X)),
        (X,),
        ValueError,
        (r"'max_train_size' parameter", r"not a bool"),
    ),
    Bad(
        "PanelTimeSeriesSplit-one-split",
        lambda X: list(PanelTimeSeriesSplit(n_splits=1).split(X)),
        (X,),
        ValueError,
        (r"'n_splits' parameter", r"\[2, inf\)"),
    ),
    Bad(
        "PanelTimeSeriesSplit-float-n_splits",
        lambda X: list(PanelTimeSeriesSplit(n_splits=3.0).split(X)),
        (X,),
        ValueError,
        (r"'n_splits' parameter", r"int"),
    ),
    Bad(
        "PanelTimeSeriesSplit-strings-and-numbers-in-time",
        lambda df: list(PanelTimeSeriesSplit(2, time="when").split(df)),
        (pd.DataFrame({"when": pd.Series(["2024", 1, 2, 3, 4, 5], dtype=object)}),),
        TypeError,
        (r"column 'when'", r"'2024' \(str\)", r"1 \(number\)", r"to_numeric"),
    ),
    Bad(
        "PanelTimeSeriesSplit-aware-and-naive-datetimes",
        lambda df: list(PanelTimeSeriesSplit(2, time="when").split(df)),
        (
            pd.DataFrame(
                {
                    "when": pd.Series(
                        [pd.Timestamp("2024-01-01", tz="UTC")]
                        + list(pd.date_range("2024-01-02", periods=5)),
                        dtype=object,
                    )
                }
            ),
        ),
        TypeError,
        (r"time-zone aware datetime", r"naive datetime", r"utc=True"),
    ),
    Bad(
        "PanelTimeSeriesSplit-periods-of-two-frequencies-in-a-level",
        lambda df: list(PanelTimeSeriesSplit(2).split(df)),
        (
            pd.DataFrame(
                {"x": range(6)},
                index=pd.MultiIndex.from_arrays(
                    [
                        list("aabbcc"),
                        pd.Index(
                            [
                                pd.Period("2020-01", "M"),
                                *pd.period_range("2021", periods=5, freq="Y"),
                            ],
                            dtype=object,
                        ),
                    ],
                    names=["store", "month"],
                ),
            ),
        ),
        TypeError,
        (r"last index level 'month'", r"period of freq M", r"period of freq Y"),
    ),
    Bad(
        "PanelTimeSeriesSplit-bools-among-numbers",
        lambda df: list(PanelTimeSeriesSplit(2, time="t").split(df)),
        (pd.DataFrame({"t": pd.Series([1, 2, True, 4, 5, 6], dtype=object)}),),
        TypeError,
        (r"True \(bool\)", r"\(number\)"),
    ),
    Bad(
        "PanelTimeSeriesSplit-numpy-array",
        lambda X: list(PanelTimeSeriesSplit(2).split(X)),
        (np.zeros((6, 2)),),
        ValueError,
        (r"ndarray of shape \(6, 2\)", r"no time values", r"TimeSeriesSplit"),
    ),
    Bad(
        "PanelTimeSeriesSplit-list-of-rows",
        lambda X: list(PanelTimeSeriesSplit(2).split(X)),
        ([[1.0, 2.0]] * 6,),
        ValueError,
        (r"got list", r"DataFrame"),
    ),
    Bad(
        "PanelTimeSeriesSplit-default-range-index",
        lambda df: list(PanelTimeSeriesSplit(2).split(df)),
        (X.reset_index(),),
        ValueError,
        (r"default RangeIndex", r"time='date'", r"set_index"),
    ),
    Bad(
        "PanelTimeSeriesSplit-missing-time-column",
        lambda df: list(PanelTimeSeriesSplit(2, time="date").split(df)),
        (X,),
        ValueError,
        (r"\['date'\] are not in the DataFrame", r"levels are \['day'\]"),
    ),
    Bad(
        "PanelTimeSeriesSplit-rows-without-time",
        lambda df: list(PanelTimeSeriesSplit(2, time="t").split(df)),
        (pd.DataFrame({"t": [1.0, np.nan, 3.0, 4.0, 5.0, 6.0]}),),
        ValueError,
        (r"1 row of 6 has no time value", r"row position 1", r"dropna"),
    ),
    Bad(
        "PanelTimeSeriesSplit-two-time-columns",
        lambda df: list(PanelTimeSeriesSplit(2, time="t").split(df)),
        (pd.DataFrame(np.ones((6, 2)), columns=["t", "t"]),),
        ValueError,
        (r"2 columns named 't'", r"unique"),
    ),
    Bad(
        "PanelTimeSeriesSplit-test-size-too-large",
        lambda df: list(PanelTimeSeriesSplit(3, test_size=4).split(df)),
        (X,),
        ValueError,
        (r"needs at least 13 distinct", r"holds 5 distinct time values over 10 rows"),
    ),
    Bad(
        "PanelTimeSeriesSplit-y-of-another-length",
        lambda df, y: list(PanelTimeSeriesSplit(2).split(df, y)),
        (X, np.zeros(3)),
        ValueError,
        (r"inconsistent numbers of samples",),
    ),
    Bad(
        "PanelTimeSeriesSplit-time-not-a-level-of-a-series",
        lambda s: list(PanelTimeSeriesSplit(2, time="date").split(s)),
        (X["sales"],),
        ValueError,
        (r"not a level of the index of the Series", r"\['day'\]", r"time=None"),
    ),
    # -------------------------------------------------------------- datasets
    *(
        Bad(
            f"{load.__name__}-as_frame-a-string",
            lambda load=load: load(as_frame="no"),
            (),
            ValueError,
            (rf"'as_frame' parameter of {load.__name__}", r"bool", r"Got 'no'"),
        )
        for load in (load_sunspots, load_macrodata, load_grunfeld, load_japanese_vowels)
    ),
    Bad(
        "load_sunspots-as_frame-none",
        lambda: load_sunspots(as_frame=None),
        (),
        TypeError,
        (r"'as_frame' parameter", r"Got None"),
    ),
    Bad(
        "load_grunfeld-as_frame-one",
        lambda: load_grunfeld(as_frame=1),
        (),
        TypeError,
        (r"'as_frame' parameter", r"Got 1 instead"),
    ),
    Bad(
        "load_macrodata-positional-argument",
        lambda: load_macrodata(False),
        (),
        TypeError,
        (r"load_macrodata: too many positional", r"load_macrodata\(as_frame=False\)"),
    ),
    Bad(
        "load_japanese_vowels-misspelt-option",
        lambda: load_japanese_vowels(asframe=False),
        (),
        TypeError,
        (r"unexpected keyword argument 'asframe'", r"one option, by name"),
    ),
]
