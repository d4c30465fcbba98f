"""The Pipeline-unwrapping helper and predict_frame through every wrapper."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    RandomizedSearchCV,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from sklstm import (
    SlidingWindow,
    StepwiseTransformer,
    To3D,
    make_supervised,
    predict_frame,
)
from sklstm._inspect import reads_3d, unwrap
from sklstm.model_selection import PanelTimeSeriesSplit


def flatten(windows):
    return np.nan_to_num(np.asarray(windows).reshape(len(windows), -1))


def flat_pipeline(timesteps=2, final=None, **window):
    return make_pipeline(
        SlidingWindow(timesteps=timesteps, **window),
        FunctionTransformer(flatten),
        final if final is not None else LinearRegression(),
    )


def store_panel(n_days=8, stores="ab"):
    """Sales of a few stores, interleaved by day, the day an integer column."""
    k = len(stores)
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "store": list(stores) * n_days,
            "day": np.repeat(np.arange(n_days), k),
            "sales": rng.normal(size=k * n_days).round(2),
        }
    )


def supervised_panel(**kwargs):
    """X indexed by day (the store a column) and y one day ahead."""
    return make_supervised(
        store_panel(**kwargs).set_index("day"), "sales", groups="store"
    )


class ThreeDRegressor(RegressorMixin, BaseEstimator):
    """A model that reads 3D data, told only by its tags (defined in tests)."""

    def fit(self, X, y):
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        return np.full(len(X), self.mean_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        return tags


# ----------------------------------------------------------------- unwrap


def names(found):
    return [name for name, _ in found.steps], found.model and found.model[0]


@pytest.mark.parametrize(
    "wrap, through",
    [
        (lambda p: p, ()),
        (
            lambda p: TransformedTargetRegressor(regressor=p),
            ("TransformedTargetRegressor.regressor",),
        ),
        (lambda p: GridSearchCV(p, {}), ("GridSearchCV.estimator",)),
        (
            lambda p: RandomizedSearchCV(p, {"ridge__alpha": [1.0]}, n_iter=1),
            ("RandomizedSearchCV.estimator",),
        ),
        (
            lambda p: HalvingGridSearchCV(p, {"ridge__alpha": [1.0, 2.0]}),
            ("HalvingGridSearchCV.estimator",),
        ),
        (
            lambda p: GridSearchCV(TransformedTargetRegressor(regressor=p), {}),
            ("GridSearchCV.estimator", "TransformedTargetRegressor.regressor"),
        ),
        (
            lambda p: TransformedTargetRegressor(regressor=GridSearchCV(p, {})),
            ("TransformedTargetRegressor.regressor", "GridSearchCV.estimator"),
        ),
    ],
)
def test_unwrap_sees_through_every_wrapper_unfitted(wrap, through):
    pipe = make_pipeline(StandardScaler(), SlidingWindow(timesteps=3), Ridge())
    found = unwrap(wrap(pipe), fitted=False, who="test")
    assert names(found) == (["standardscaler", "slidingwindow"], "ridge")
    assert found.steps[1][1] is pipe.steps[1][1]  # the user's objects, not clones
    assert found.model[1] is pipe.steps[2][1]
    assert found.through == through


def test_unwrap_of_fitted_wrappers_gives_the_fitted_estimators():
    X, y = supervised_panel()
    search = GridSearchCV(
        TransformedTargetRegressor(
            regressor=flat_pipeline(groups="store", final=Ridge()),
            transformer=StandardScaler(),
        ),
        {"regressor__slidingwindow__timesteps": [1, 3]},
        cv=PanelTimeSeriesSplit(n_splits=2),
    ).fit(X, y)
    found = unwrap(search, fitted=True, who="test")
    fitted = search.best_estimator_.regressor_
    assert [step for _, step in found.steps] == [s for _, s in fitted.steps[:-1]]
    assert found.model[1] is fitted.steps[-1][1]
    assert found.through == (
        "GridSearchCV.best_estimator_",
        "TransformedTargetRegressor.regressor_",
    )
    # Unfitted view of a fitted search: the best estimator's parameters.
    spec = unwrap(search, fitted=False, who="test")
    assert (
        spec.steps[0][1].timesteps
        == search.best_params_["regressor__slidingwindow__timesteps"]
    )


def test_a_pipeline_as_the_last_step_is_opened_with_set_params_names():
    inner = make_pipeline(SlidingWindow(timesteps=2), ThreeDRegressor())
    outer = Pipeline([("scale", StandardScaler()), ("model", inner)])
    found = unwrap(outer, fitted=False, who="test")
    assert names(found) == (["scale", "model__slidingwindow"], "model__threedregressor")
    # The names are those set_params takes.
    outer.set_params(model__slidingwindow__timesteps=5)
    assert found.steps[1][1].timesteps == 5
    # A default TransformedTargetRegressor fits a LinearRegression.
    found = unwrap(TransformedTargetRegressor(), fitted=False, who="test")
    assert isinstance(found.model[1], LinearRegression) and found.steps == []


def test_unwrap_of_transformers_and_bare_models():
    assert names(unwrap(SlidingWindow(), fitted=False, who="t")) == (
        ["slidingwindow"],
        None,
    )
    assert names(unwrap(Ridge(), fitted=False, who="t")) == ([], "ridge")
    pipe = Pipeline([("window", SlidingWindow()), ("skip", "passthrough")])
    assert names(unwrap(pipe, fitted=False, who="t")) == (["window", "skip"], None)


def test_models_that_read_3d_data_are_told_by_their_tags():
    assert reads_3d(ThreeDRegressor())  # defined outside sklstm
    assert not reads_3d(Ridge())
    assert not reads_3d(StepwiseTransformer(StandardScaler()))  # a transformer

    class Untagged:  # no scikit-learn tags at all
        def fit(self, X, y):
            return self

    assert not reads_3d(Untagged())


def test_the_lstm_estimators_read_3d_data():
    from sklstm import LSTMClassifier, LSTMRegressor

    assert reads_3d(LSTMRegressor()) and reads_3d(LSTMClassifier())


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda: None, TypeError, "got None, which has no fit"),
        (lambda: Pipeline, TypeError, r"the class Pipeline.*Pipeline\(\)"),
        (lambda: [StandardScaler()], TypeError, "put the steps in a Pipeline"),
        (lambda: "passthrough", TypeError, "got a str"),
        (lambda: Pipeline([]), ValueError, "Pipeline with no steps"),
        (lambda: GridSearchCV(Pipeline([]), {}), ValueError, "no steps"),
    ],
)
def test_unwrap_refuses_what_is_no_estimator(make, error, words):
    with pytest.raises(error, match=words):
        unwrap(make(), fitted=False, who="test")


# ----------------------------------------------------------- predict_frame


def test_predict_frame_through_a_search_around_a_target_transform():
    X, y = supervised_panel()
    model = TransformedTargetRegressor(
        regressor=flat_pipeline(groups="store"), transformer=StandardScaler()
    )
    search = GridSearchCV(
        model,
        {"regressor__slidingwindow__timesteps": [1, 2]},
        cv=PanelTimeSeriesSplit(n_splits=2),
    ).fit(X, y)
    frame = predict_frame(search, X)
    assert list(frame.columns) == ["store", "prediction", "padded_steps"]
    assert frame.index.equals(X.index)
    assert_allclose(frame["prediction"], search.predict(X))  # target undone
    timesteps = search.best_params_["regressor__slidingwindow__timesteps"]
    first_days = frame["padded_steps"].to_numpy()[:2]
    assert_array_equal(first_days, [timesteps - 1] * 2)
    # The bare TransformedTargetRegressor, fitted, gives the same frame.
    direct = predict_frame(search.best_estimator_, X)
    pd.testing.assert_frame_equal(frame, direct)


def test_predict_frame_with_an_lstm_in_a_search():
    from sklstm import LSTMRegressor

    X, y = supervised_panel(n_days=6)
    pipe = make_pipeline(
        SlidingWindow(timesteps=2, groups="store"),
        LSTMRegressor(units=2, epochs=1, random_state=0, verbose=0),
    )
    search = GridSearchCV(
        pipe, {"slidingwindow__timesteps": [2]}, cv=PanelTimeSeriesSplit(n_splits=2)
    ).fit(X, y)
    frame = predict_frame(search, X, name="sales_tomorrow")
    assert list(frame.columns) == ["store", "sales_tomorrow", "padded_steps"]
    assert_allclose(frame["sales_tomorrow"], search.predict(X), rtol=1e-6)
    assert frame["padded_steps"].tolist()[:4] == [1, 1, 0, 0]


def test_predict_frame_groups_that_are_index_levels_stay_in_the_index():
    X, y = supervised_panel()
    by_level = X.set_index("store", append=True).swaplevel()  # (store, day)
    pipe = flat_pipeline(groups="store").fit(by_level, y)
    frame = predict_frame(pipe, by_level)
    assert list(frame.columns) == ["prediction", "padded_steps"]
    assert frame.index.equals(by_level.index)
    # The same windows as with "store" a column.
    column = predict_frame(flat_pipeline(groups="store").fit(X, y), X)
    assert_allclose(frame["prediction"], column["prediction"])
    assert_array_equal(frame["padded_steps"], column["padded_steps"])
    # A prediction named like the level would collide in frame.reset_index().
    with pytest.raises(ValueError, match="index level 'store'"):
        predict_frame(pipe, by_level, name="store")


def test_predict_frame_reads_a_group_column_an_earlier_step_made():
    X, y = supervised_panel()
    renamed = ColumnTransformer(
        [("sales", StandardScaler(), ["sales"]), ("id", "passthrough", ["store"])]
    ).set_output(transform="pandas")  # columns sales__sales, id__store
    pipe = make_pipeline(
        renamed,
        SlidingWindow(timesteps=2, groups="id__store"),
        FunctionTransformer(flatten),
        LinearRegression(),
    ).fit(X, y)
    frame = predict_frame(pipe, X)
    assert list(frame.columns) == ["id__store", "prediction", "padded_steps"]
    assert frame["id__store"].tolist() == X["store"].tolist()


def test_several_outputs_are_numbered_and_may_reuse_a_group_name():
    frame = store_panel().set_index("day")
    X, y = make_supervised(frame, "sales", horizon=2, groups="store")
    pipe = flat_pipeline(groups="store").fit(X, y)
    out = predict_frame(pipe, X, name="store")  # store_0, store_1: no clash
    assert list(out.columns) == ["store", "store_0", "store_1", "padded_steps"]
    assert out["store"].tolist() == X["store"].tolist()
    assert_allclose(out[["store_0", "store_1"]].to_numpy(), pipe.predict(X))
    clash = X.rename(columns={"store": "sales_1"})
    pipe = flat_pipeline(groups="sales_1").fit(clash, y)
    with pytest.raises(ValueError, match="'sales_1' would take the name of the gr"):
        predict_frame(pipe, clash, name="sales")


@pytest.mark.parametrize("name", ["store", "padded_steps", "day"])
def test_a_name_that_would_hide_a_column_or_level_is_refused(name):
    X, y = supervised_panel()
    pipe = flat_pipeline(groups="store").fit(X, y)
    before = X.copy()
    with pytest.raises(ValueError, match=rf"name='{name}'.*another name.*'predic"):
        predict_frame(pipe, X, name=name)
    pd.testing.assert_frame_equal(X, before)


def test_a_group_column_named_padded_steps_is_refused():
    X, y = supervised_panel()
    X = X.rename(columns={"store": "padded_steps"})
    pipe = flat_pipeline(groups="padded_steps").fit(X, y)
    with pytest.raises(ValueError, match="group column named 'padded_steps'.*Rename"):
        predict_frame(pipe, X)


def test_to3d_rows_are_samples_too():
    X = pd.DataFrame(np.arange(24.0).reshape(6, 4), columns=list("abcd"))
    pipe = make_pipeline(To3D(timesteps=2), FunctionTransformer(flatten), Ridge())
    frame = predict_frame(pipe.fit(X, X["d"]), X)
    assert list(frame) == ["prediction", "padded_steps"]
    assert frame["padded_steps"].tolist() == [0] * 6


# The errors a user meets.


def test_not_fitted_estimators_are_refused():
    X, y = supervised_panel()
    pipe = flat_pipeline(groups="store")
    for estimator in (
        pipe,
        GridSearchCV(pipe, {}),
        TransformedTargetRegressor(regressor=pipe),
    ):
        with pytest.raises(NotFittedError, match=r"not fitted yet: call fit"):
            predict_frame(estimator, X)


def test_a_search_without_refit_is_refused():
    X, y = supervised_panel()
    search = GridSearchCV(
        flat_pipeline(groups="store"),
        {"slidingwindow__timesteps": [1, 2]},
        refit=False,
        cv=PanelTimeSeriesSplit(n_splits=2),
    ).fit(X, y)
    with pytest.raises(NotFittedError, match=r"refit=False.*best_params_"):
        predict_frame(search, X)


def test_estimators_without_windows_are_refused():
    X, y = supervised_panel()
    numbers = X[["sales"]]
    with pytest.raises(TypeError, match=r"got a single Ridge.*estimator.predict"):
        predict_frame(Ridge().fit(numbers, y), numbers)
    with pytest.raises(TypeError, match=r"no step of the Pipeline gives 3D.*1 column"):
        predict_frame(make_pipeline(StandardScaler(), Ridge()).fit(numbers, y), numbers)
    transformers = make_pipeline(SlidingWindow(timesteps=2, groups="store")).fit(X)
    with pytest.raises(TypeError, match=r"ends with the transformer SlidingWindow"):
        predict_frame(transformers, X)


def test_predictions_that_are_not_one_per_row_are_refused():
    X, y = supervised_panel()
    halve = FunctionTransformer(lambda w: flatten(w)[::2])
    pipe = make_pipeline(SlidingWindow(timesteps=2, groups="store"), halve, Ridge())
    pipe.fit(X.iloc[::1], np.resize(y, (len(X) + 1) // 2))
    with pytest.raises(ValueError, match=r"made 7 predictions .* 14 rows of X"):
        predict_frame(pipe, X)


@pytest.mark.parametrize(
    "X, words",
    [
        (np.zeros((4, 2)), r"got an? ndarray of shape \(4, 2\).*estimator.predict"),
        (pd.Series([1.0, 2.0]), r"got a Series.*to_frame"),
        (None, "got None"),
        ([[1.0, 2.0]], "got a list"),
    ],
)
def test_x_must_be_a_dataframe(X, words):
    pipe = flat_pipeline()
    with pytest.raises(TypeError, match=words):
        predict_frame(pipe, X)


@pytest.mark.parametrize("name", [None, "", 3, ("a",)])
def test_name_must_be_a_non_empty_string(name):
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        predict_frame(flat_pipeline(), store_panel(), name=name)
