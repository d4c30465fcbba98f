"""trace_shapes: the shape after every step of a Pipeline, without fitting it."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.feature_selection import SelectKBest, f_regression
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from sklstm import (
    SequencePadder,
    SlidingWindow,
    StepwiseTransformer,
    To3D,
    group_sequences,
    make_supervised,
)
from sklstm._trace import ShapeTrace, TracedStep, trace_shapes
from sklstm._windows import LazyWindows
from sklstm.datasets import (
    load_grunfeld,
    load_japanese_vowels,
    load_macrodata,
    load_sunspots,
)


def lstm_regressor(**params):
    from sklstm import LSTMRegressor  # imports TensorFlow

    return LSTMRegressor(**params)


def shapes(trace):
    return [row.shape for row in trace.steps]


def assert_fits_a_terminal(trace):
    assert max(len(line) for line in str(trace).splitlines()) <= 88


def test_numpy_input_to3d():
    X = np.arange(24.0).reshape(6, 4)
    trace = trace_shapes(make_pipeline(StandardScaler(), To3D(timesteps=2), Ridge()), X)
    assert isinstance(trace, ShapeTrace)
    assert [row.name for row in trace.steps] == [
        "input",
        "standardscaler",
        "to3d",
        "ridge",
    ]
    assert shapes(trace) == [(6, 4), (6, 4), (6, 2, 2), None]
    assert [row.estimator for row in trace.steps] == [
        "",
        "StandardScaler",
        "To3D",
        "Ridge",
    ]
    assert trace.steps[1].meaning == "6 rows x 4 columns"
    assert trace.steps[2].meaning == "6 samples x 2 time steps x 2 features"
    assert trace.steps[2].output == "ndarray"
    assert trace.steps[2].dtype == "float64"
    assert trace.steps[2].padded_steps == 0
    assert trace.steps[2].padded_share == 0.0
    assert trace.steps[0].padded_steps is None  # 2D: no time steps
    assert trace.input_shape == (2, 2)
    assert trace.failed_step is None and trace.error is None
    text = str(trace)
    assert "(6, 2, 2) = 6 samples x 2 time steps x 2 features" in text
    assert "Ridge is not an LSTM estimator" in text
    assert "input_shape=(2, 2)" in text
    assert_fits_a_terminal(trace)


def test_dataframe_input_with_the_real_lstm_regressor():
    X = pd.DataFrame({"sales": [3.0, 5, 4, 6, 8, 7, 9, 11, 10, 12]})
    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=3)),
            ("lstm", lstm_regressor(units=8)),
        ]
    )
    trace = trace_shapes(pipe, X, X["sales"])
    assert shapes(trace) == [(10, 1), (10, 1), (10, 3, 1), None]
    assert [row.output for row in trace.steps[:3]] == [
        "DataFrame",
        "DataFrame",
        "ndarray",
    ]
    window = trace.steps[2]
    assert (window.padded_steps, window.padded_share) == (3, 0.1)  # 2 + 1 of 30
    assert trace.steps[-1].estimator == "LSTMRegressor"
    assert trace.steps[-1].meaning == "builds input_shape=(3, 1) (not fitted)"
    assert trace.input_shape == (3, 1)
    text = str(trace)
    assert "(10, 1) = 10 rows x 1 column" in text
    assert "(10, 3, 1) = 10 samples x 3 time steps x 1 feature" in text
    assert "3 of 30 steps padded (10.0%)" in text
    assert "LSTMRegressor will be built with input_shape=(3, 1)" in text
    assert_fits_a_terminal(trace)
    # The caller's Pipeline is neither fitted nor changed.
    for _, step in pipe.steps:
        with pytest.raises(NotFittedError):
            check_is_fitted(step)


def test_the_callers_pipeline_and_data_are_untouched():
    X, y = make_supervised(load_sunspots().iloc[:60], "sunspots")
    before_X = X.copy()
    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=5)),
            ("ridge", Ridge(alpha=2.0)),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    steps = list(pipe.steps)
    params = {name: step.get_params(deep=False) for name, step in pipe.steps}
    trace = trace_shapes(model, X, y)
    assert trace.input_shape == (5, 1)
    assert pipe.steps == steps  # the same objects
    assert {name: step.get_params(deep=False) for name, step in pipe.steps} == params
    for estimator in (model, pipe, *(step for _, step in pipe.steps)):
        with pytest.raises(NotFittedError):
            check_is_fitted(estimator)
    assert not hasattr(pipe.named_steps["window"], "n_features_in_")
    pd.testing.assert_frame_equal(X, before_X)


def test_y_is_passed_to_every_fit_like_pipeline_does():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4))
    y = X[:, 2] + 0.1 * rng.normal(size=30)
    pipe = make_pipeline(SelectKBest(f_regression, k=2), SlidingWindow(timesteps=4))
    trace = trace_shapes(pipe, X, y)
    assert shapes(trace) == [(30, 4), (30, 2), (30, 4, 2)]
    # Without y, SelectKBest fails, and the trace says so instead of raising.
    trace = trace_shapes(pipe, X)
    assert trace.failed_step == "selectkbest"
    assert isinstance(trace.error, ValueError)
    assert "y is None" in trace.steps[1].error
    assert "stopped at step 'selectkbest'" in trace.summary


# The Pipelines of examples/, on their bundled data sets.


def test_univariate_forecast_example():
    X, y = make_supervised(load_sunspots(), "sunspots", horizon=1)
    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=11)),
            ("lstm", lstm_regressor(units=16, random_state=0)),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    trace = trace_shapes(model, X, y)
    assert [row.name for row in trace.steps] == ["input", "scale", "window", "lstm"]
    assert shapes(trace) == [(308, 1), (308, 1), (308, 11, 1), None]
    assert trace.steps[2].padded_steps == sum(range(11))  # the warm-up rows
    assert trace.input_shape == (11, 1)
    text = str(trace)
    assert "(308, 11, 1) = 308 samples x 11 time steps x 1 feature" in text
    assert "LSTMRegressor will be built with input_shape=(11, 1)" in text
    assert_fits_a_terminal(trace)


def test_multivariate_horizon_example():
    macro = load_macrodata()
    table = pd.DataFrame(
        {
            "unemp": macro["unemp"],
            "infl": macro["infl"],
            "tbilrate": macro["tbilrate"],
            "gdp_growth": 400 * np.log(macro["realgdp"]).diff(),
        }
    ).iloc[1:]
    X, y = make_supervised(table, "infl", horizon=4)
    pipe = Pipeline(
        [
            ("scale", StandardScaler().set_output(transform="pandas")),
            ("window", SlidingWindow(timesteps=8)),
            ("lstm", lstm_regressor(units=16)),
        ]
    )
    model = TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler())
    trace = trace_shapes(model, X, y)
    n = len(X)
    assert shapes(trace) == [(n, 4), (n, 4), (n, 8, 4), None]
    assert trace.input_shape == (8, 4)
    assert "input_shape=(8, 4): 8 time steps x 4 features per sample" in trace.summary


def grunfeld_pipeline(final, *, timesteps=4):
    numeric = ["invest", "value", "capital"]
    scale = ColumnTransformer(
        [("numbers", StandardScaler(), numeric)],
        remainder="passthrough",
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    return Pipeline(
        [
            ("scale", scale),
            ("window", SlidingWindow(timesteps=timesteps, groups="firm")),
            ("lstm", final),
        ]
    )


def refuse(self, dtype=None, copy=None):
    raise AssertionError("the trace materialised the LazyWindows")


def test_panel_forecast_example_keeps_the_windows_lazy(monkeypatch):
    panel = load_grunfeld()
    X, y = make_supervised(panel, "invest", groups="firm")
    monkeypatch.setattr(LazyWindows, "__array__", refuse)
    trace = trace_shapes(grunfeld_pipeline(lstm_regressor(units=16)), X, y)
    assert trace.failed_step is None
    window = trace.steps[2]
    assert window.output == "LazyWindows"  # the firms are interleaved by year
    assert window.shape == (len(X), 4, 3)
    n_firms = X["firm"].nunique()
    assert window.padded_steps == n_firms * (3 + 2 + 1)
    assert trace.steps[1].output == "DataFrame"  # pandas output keeps "firm"
    assert trace.input_shape == (4, 3)
    assert "LazyWindows, float64" in str(trace)
    assert "LSTMRegressor will be built with input_shape=(4, 3)" in str(trace)


def test_lazy_windows_as_input_are_counted_in_chunks(monkeypatch):
    panel = pd.DataFrame({"store": list("ab" * 5), "units": np.arange(10.0)})
    windows = SlidingWindow(timesteps=3, groups="store").fit_transform(panel)
    assert isinstance(windows, LazyWindows)
    monkeypatch.setattr(LazyWindows, "__array__", refuse)
    trace = trace_shapes(Ridge(), windows)
    assert trace.steps[0].output == "LazyWindows"
    assert trace.steps[0].padded_steps == 2 * (2 + 1)
    assert trace.input_shape == (3, 1)


def test_sequence_classification_example():
    frames = load_japanese_vowels()
    coefficients = [f"c{i}" for i in range(1, 13)]
    sequences = group_sequences(
        frames, by="utterance", sort_by="frame", columns=coefficients
    )
    from sklstm import LSTMClassifier

    pipe = make_pipeline(
        SequencePadder(),
        StepwiseTransformer(StandardScaler()),
        LSTMClassifier(units=16),
    )
    trace = trace_shapes(pipe, sequences)
    lengths = sequences.map(len)
    n, longest = len(sequences), lengths.max()
    assert shapes(trace) == [(n,), (n, longest, 12), (n, longest, 12), None]
    assert trace.steps[0].meaning == (
        f"{n} sequences of {lengths.min()} to {longest} time steps x 12 features"
    )
    assert trace.steps[0].dtype == "float64"
    padded = int((longest - lengths).sum())
    assert trace.steps[1].padded_steps == padded
    assert trace.steps[2].padded_steps == padded  # still all-NaN after scaling
    assert trace.steps[1].padded_share == pytest.approx(padded / (n * longest))
    assert trace.input_shape == (longest, 12)
    assert f"LSTMClassifier will be built with input_shape=({longest}, 12)" in str(
        trace
    )
    assert_fits_a_terminal(trace)


def test_list_of_sequences_and_a_regular_list():
    sequences = [np.ones((n, 2)) for n in (2, 5, 3)]
    trace = trace_shapes(SequencePadder(), sequences)
    assert trace.steps[0].meaning == "3 sequences of 2 to 5 time steps x 2 features"
    assert trace.steps[1].shape == (3, 5, 2)
    assert trace.steps[1].padded_steps == 3 + 0 + 2
    trace = trace_shapes(StandardScaler(), [[1.0, 2.0], [3.0, 5.0], [4.0, 4.0]])
    assert trace.steps[0].shape == (3, 2)
    assert trace.steps[0].meaning == "3 rows x 2 columns"


def test_tutorial_reshapes_example_as_a_bare_transformer():
    series = np.arange(10, 110, 10)
    parallel = np.column_stack([series, series + 5])
    trace = trace_shapes(SlidingWindow(timesteps=3), parallel)
    assert [row.name for row in trace.steps] == ["input", "slidingwindow"]
    assert shapes(trace) == [(10, 2), (10, 3, 2)]
    assert trace.steps[0].dtype == "int64"
    assert trace.input_shape == (3, 2)
    assert "An LSTM estimator after these steps will be built with" in str(trace)
    trace = trace_shapes(To3D(), series.reshape(1, -1))
    assert trace.input_shape == (10, 1)


# Pipelines that fail, or end in 2D data.


def test_lstm_after_2d_data_says_which_transformer_to_add():
    X = np.random.default_rng(0).normal(size=(20, 3))
    trace = trace_shapes(make_pipeline(StandardScaler(), lstm_regressor()), X)
    assert trace.failed_step is None
    assert trace.input_shape is None
    assert trace.steps[-1].meaning == "needs 3D data, gets 2D data (not fitted)"
    summary = trace.summary
    assert summary.startswith("LSTMRegressor expects 3D data of shape")
    assert "(20, 3) = 20 rows x 3 columns" in summary
    for advice in ("To3D", "SlidingWindow", "SequencePadder"):
        assert advice in summary
    assert "LSTMRegressor expects 3D data" in str(trace)


def test_to3d_not_a_multiple_stops_the_trace():
    X = np.arange(20.0).reshape(5, 4)
    pipe = make_pipeline(StandardScaler(), To3D(timesteps=3), lstm_regressor())
    trace = trace_shapes(pipe, X)
    assert trace.failed_step == "to3d"
    assert isinstance(trace.error, ValueError)
    assert [row.name for row in trace.steps] == [
        "input",
        "standardscaler",
        "to3d",
        "lstmregressor",
    ]
    assert shapes(trace) == [(5, 4), (5, 4), None, None]
    failed = trace.steps[2]
    assert failed.error.startswith("ValueError: To3D(timesteps=3) got 4 columns")
    assert "not a multiple of 3" in failed.error
    assert trace.steps[3].meaning == "not reached"
    assert trace.input_shape is None
    text = str(trace)
    assert "FAILED with ValueError: To3D(timesteps=3)" in text
    assert "LSTMRegressor is not reached" in text
    assert_fits_a_terminal(trace)


def test_failure_inside_sliding_window():
    panel = load_grunfeld()  # "firm" is a string column
    one_firm = panel[panel["firm"] == "IBM"]  # one row per year: only "firm" is bad
    trace = trace_shapes(make_pipeline(SlidingWindow(timesteps=3), Ridge()), one_firm)
    assert trace.failed_step == "slidingwindow"
    assert isinstance(trace.error, TypeError)
    assert "'firm'" in trace.steps[1].error and "groups=" in trace.steps[1].error
    assert "FAILED with TypeError: SlidingWindow needs numeric" in str(trace)
    # Without pandas output, the ColumnTransformer loses the column names.
    pipe = grunfeld_pipeline(Ridge())
    pipe.steps[0][1].set_output(transform="default")
    trace = trace_shapes(pipe, panel)
    assert trace.failed_step == "window"
    assert shapes(trace)[:2] == [panel.shape, panel.shape]
    assert trace.steps[1].output == "ndarray"
    assert "Pass a pandas DataFrame" in trace.steps[2].error


def test_passthrough_steps_and_a_pipeline_of_transformers():
    X = np.ones((4, 2))
    pipe = Pipeline([("skip", "passthrough"), ("window", SlidingWindow(timesteps=2))])
    trace = trace_shapes(pipe, X)
    assert [row.estimator for row in trace.steps] == [
        "",
        "passthrough",
        "SlidingWindow",
    ]
    assert shapes(trace) == [(4, 2), (4, 2), (4, 2, 2)]
    assert trace.input_shape == (2, 2)


# The three forms: text, HTML, DataFrame.


def test_to_frame_html_and_long_names():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 6.0]})
    long_name = "a_step_with_a_name_far_too_long_for_any_table"
    pipe = Pipeline(
        [(long_name, StandardScaler()), ("to3d", To3D(timesteps=3)), ("m", Ridge())]
    )
    trace = trace_shapes(pipe, X)
    frame = trace.to_frame()
    assert list(frame.columns) == list(TracedStep.__dataclass_fields__)
    assert list(frame.columns) == [
        "name",
        "estimator",
        "output",
        "shape",
        "dtype",
        "meaning",
        "padded_steps",
        "padded_share",
        "error",
    ]
    assert frame["name"].tolist() == ["input", long_name, "to3d", "m"]
    assert frame["shape"].tolist()[:2] == [(3, 2), (3, 2)]
    assert frame["error"].isna().tolist() == [
        True,
        True,
        False,
        True,
    ]
    assert str(frame["padded_steps"].dtype) == "Int64"
    html = trace._repr_html_()
    assert html.startswith("<table") and "</table>" in html
    assert "<th>step</th>" in html and "<td>(3, 2)</td>" in html
    assert "not a multiple of 3" in html
    text = str(trace)
    assert "a_step_with_a_nam..." in text and long_name not in text
    assert_fits_a_terminal(trace)
    assert repr(trace) == text


def test_html_escapes_the_error_message():
    class Fails(StandardScaler):
        def fit_transform(self, X, y=None):
            raise ValueError("<b>bad</b> & worse")

    trace = trace_shapes(make_pipeline(Fails(), Ridge()), np.ones((3, 2)))
    html = trace._repr_html_()
    assert "&lt;b&gt;bad&lt;/b&gt; &amp; worse" in html and "<b>" not in html


def test_tracing_does_not_import_tensorflow():
    code = (
        "import sys, numpy as np\n"
        "from sklearn.pipeline import make_pipeline\n"
        "from sklearn.linear_model import Ridge\n"
        "from sklstm import SlidingWindow\n"
        "from sklstm._trace import trace_shapes\n"
        "trace = trace_shapes(make_pipeline(SlidingWindow(timesteps=2), Ridge()),"
        " np.ones((5, 1)))\n"
        "assert trace.input_shape == (2, 1)\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'scikeras') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# What trace_shapes sees through, and what it refuses.


class ThreeDModel(Ridge):
    """A model that reads 3D data, told by its tags only (defined in tests)."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        return tags


def test_models_are_recognised_by_their_tags_not_their_module():
    X = np.ones((6, 2))
    trace = trace_shapes(make_pipeline(SlidingWindow(timesteps=3), ThreeDModel()), X)
    assert trace.steps[-1].meaning == "builds input_shape=(3, 2) (not fitted)"
    assert trace.summary.startswith("ThreeDModel will be built with input_shape")
    trace = trace_shapes(make_pipeline(StandardScaler(), ThreeDModel()), X)
    assert trace.steps[-1].meaning == "needs 3D data, gets 2D data (not fitted)"
    assert trace.summary.startswith("ThreeDModel expects 3D data")


def test_searches_are_traced_with_their_estimator_or_best_estimator():
    from sklearn.model_selection import GridSearchCV

    X, y = make_supervised(load_sunspots().iloc[:80], "sunspots")
    from sklearn.preprocessing import FunctionTransformer

    flat = FunctionTransformer(lambda w: np.nan_to_num(w.reshape(len(w), -1)))
    pipe = Pipeline(
        [("window", SlidingWindow(timesteps=4)), ("flat", flat), ("model", Ridge())]
    )
    search = GridSearchCV(
        TransformedTargetRegressor(regressor=pipe, transformer=StandardScaler()),
        {"regressor__window__timesteps": [2, 6]},
        cv=2,
        scoring="neg_mean_absolute_error",
    )
    # The estimator's parameters before the fit.
    assert trace_shapes(search, X, y).steps[1].shape == (len(X), 4, 1)
    search.fit(X, y)
    best = search.best_params_["regressor__window__timesteps"]
    trace = trace_shapes(search, X, y)
    assert trace.steps[1].shape == (len(X), best, 1)  # the best parameters
    assert [row.name for row in trace.steps] == ["input", "window", "flat", "model"]
    assert search.best_estimator_.regressor_.steps[0][1].timesteps == best


def test_a_pipeline_as_the_last_step_is_traced_step_by_step():
    inner = Pipeline([("window", SlidingWindow(timesteps=2)), ("model", Ridge())])
    outer = Pipeline([("scale", StandardScaler()), ("forecaster", inner)])
    trace = trace_shapes(outer, np.ones((5, 3)))
    assert [row.name for row in trace.steps] == [
        "input",
        "scale",
        "forecaster__window",
        "forecaster__model",
    ]
    assert trace.input_shape == (2, 3)


@pytest.mark.parametrize(
    "pipeline, error, words",
    [
        (None, TypeError, r"needs a Pipeline.*got None"),
        (Pipeline, TypeError, r"the class Pipeline.*an instance"),
        ([("window", SlidingWindow())], TypeError, r"list of 1 items.*make_pipeline"),
        (Pipeline([]), ValueError, r"Pipeline with no steps"),
    ],
)
def test_what_is_no_pipeline_is_refused(pipeline, error, words):
    with pytest.raises(error, match=words):
        trace_shapes(pipeline, np.ones((4, 2)))


def test_x_none_is_refused():
    with pytest.raises(TypeError, match=r"X is None.*pass the data"):
        trace_shapes(make_pipeline(SlidingWindow(timesteps=2), Ridge()), None)
