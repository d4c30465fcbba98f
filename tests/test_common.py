"""scikit-learn's estimator checks over every public estimator of sklstm.

The LSTM estimators take 3D data only, and scikit-learn's checks make 2D data,
so they are checked as users run them: at the end of a Pipeline that starts
with ``To3D`` (each row becomes one sequence of one feature per column).
"""

import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils import estimator_checks
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklstm import (
    DifferencedTargetRegressor,
    LSTMAutoencoder,
    LSTMClassifier,
    LSTMRegressor,
    SequencePadder,
    SlidingWindow,
    StepwiseTransformer,
    TimeFeatures,
    To3D,
)

WINDOW_DEPENDS_ON_NEIGHBOURS = (
    "a window depends on its neighbouring rows, so changing the order or the "
    "subset of the rows changes the windows"
)
PIPELINE_STEPS_ARE_FITTED_IN_PLACE = (
    "the check hashes the Pipeline's `steps` parameter, whose final estimator "
    "is fitted in place; it fails for every Pipeline, "
    "make_pipeline(StandardScaler(), Ridge()) included"
)
NAN_STEP_IS_PADDING = (
    "with one feature per time step a NaN is an all-NaN step, which is padding "
    "and is masked by design; infinity is refused (tested in test_estimators)"
)
FLOAT32_LAST_BIT = (
    "predict_proba can differ in float32's last bit (3e-8) when the samples "
    "come in another order: TensorFlow's CPU kernels compute a row of a batch "
    "by a path that depends on its position, and the softmax spreads that "
    "bit; the check's rtol=1e-7 is below float32's resolution (1.2e-7). It "
    "fails or passes by the trained weights (and fails on the seed code too)"
)
ROW_TIME_IS_ITS_POSITION = (
    "TimeFeatures refuses arrays (they hold no time), so the checks' rows get "
    "hourly times in row order; reordering or subsetting the rows then changes "
    "their times, and the time since the previous row depends on that row"
)
FLOAT32_BATCH_SIZE = (
    "the scores of a subset can differ in float32's last bits (1e-6 relative): "
    "TensorFlow's CPU kernels compute a batch of another size by another "
    "path; the check's rtol=1e-7 is below float32's resolution (1.2e-7). It "
    "fails or passes by the trained weights"
)
TINY_MODEL = (
    "the model of these checks is tiny and trained for one epoch to keep the "
    "suite fast; test_training_checks_with_a_model_that_learns runs this check "
    "on a model trained long enough"
)

# The one list of checks that fail by nature, with the reason for each.
EXPECTED_FAILED_CHECKS = {
    "SlidingWindow": {
        "check_methods_sample_order_invariance": WINDOW_DEPENDS_ON_NEIGHBOURS,
        "check_methods_subset_invariance": WINDOW_DEPENDS_ON_NEIGHBOURS,
    },
    "SequencePadder": {
        "check_n_features_in": (
            "n_features_in_ counts the features per time step (the last axis); "
            "the columns of a 2D array are time steps of univariate sequences, "
            "so it is 1, not X.shape[1]"
        ),
        "check_n_features_in_after_fitting": (
            "the columns of a 2D array are time steps, so an array with another "
            "number of columns holds longer or shorter sequences, which are "
            "padded or truncated to maxlen_ rather than refused"
        ),
        "check_transformer_general": (
            "dropping columns of a 2D array shortens its univariate sequences, "
            "which transform pads to maxlen_ instead of raising an error"
        ),
    },
    "TimeFeatures": {
        "check_estimators_overwrite_params": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_dont_overwrite_parameters": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_methods_sample_order_invariance": ROW_TIME_IS_ITS_POSITION,
        "check_methods_subset_invariance": ROW_TIME_IS_ITS_POSITION,
        "check_transformer_preserve_dtypes": (
            "the output is a DataFrame, whatever set_output asks (the index and "
            "the group columns must reach the SlidingWindow after it), whose "
            "columns keep their dtypes; the check reads one .dtype of an array"
        ),
    },
    "LSTMRegressor": {
        "check_estimators_overwrite_params": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_dont_overwrite_parameters": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_estimators_nan_inf": NAN_STEP_IS_PADDING,
        "check_regressors_train": TINY_MODEL,
    },
    "LSTMAutoencoder": {
        "check_estimators_overwrite_params": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_dont_overwrite_parameters": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_estimators_nan_inf": NAN_STEP_IS_PADDING,
        "check_methods_subset_invariance": FLOAT32_BATCH_SIZE,
        "check_outliers_train": (
            "the check reads estimator.offset_ and sets contamination, which a "
            "Pipeline does not expose; test_training_checks_with_a_model_that_"
            "learns runs it on a Pipeline that passes both to the autoencoder"
        ),
    },
    "LSTMClassifier": {
        "check_estimators_overwrite_params": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_dont_overwrite_parameters": PIPELINE_STEPS_ARE_FITTED_IN_PLACE,
        "check_estimators_nan_inf": NAN_STEP_IS_PADDING,
        "check_classifiers_train": TINY_MODEL,
        "check_methods_sample_order_invariance": FLOAT32_LAST_BIT,
    },
}

TINY = {"units": 2, "epochs": 1, "batch_size": 16, "random_state": 0}


def _hourly(X):
    """The rows of a check's array as hourly time steps, for TimeFeatures."""
    index = pd.date_range("2024-01-01", periods=len(X), freq="h")
    return pd.DataFrame(X, index=index)


TRANSFORMERS = [
    SlidingWindow(),
    To3D(),
    To3D(timesteps=1),
    SequencePadder(),
    StepwiseTransformer(StandardScaler()),
    make_pipeline(FunctionTransformer(_hourly, validate=True), TimeFeatures()),
]
LSTM_PIPELINES = [
    make_pipeline(To3D(), LSTMRegressor(**TINY)),
    make_pipeline(To3D(), LSTMClassifier(**TINY)),
    make_pipeline(To3D(), LSTMAutoencoder(**TINY)),
]


META_ESTIMATORS = [DifferencedTargetRegressor(LinearRegression(), level=0)]


def _expected_failed_checks(estimator):
    final = estimator[-1] if hasattr(estimator, "steps") else estimator
    return EXPECTED_FAILED_CHECKS.get(type(final).__name__, {})


@parametrize_with_checks(TRANSFORMERS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_transformer(estimator, check):
    check(estimator)


@parametrize_with_checks(
    META_ESTIMATORS, expected_failed_checks=_expected_failed_checks
)
def test_sklearn_compatible_meta_estimator(estimator, check):
    check(estimator)


@pytest.mark.slow
@parametrize_with_checks(LSTM_PIPELINES, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_lstm_estimator(estimator, check):
    check(estimator)


class DetectorPipeline(Pipeline):
    """A Pipeline that shows its final outlier detector's ``offset_`` and
    ``contamination``, which ``check_outliers_train`` reads and sets on the
    estimator it is given."""

    @property
    def offset_(self):
        return self[-1].offset_

    @property
    def contamination(self):
        return self[-1].contamination

    def set_params(self, **params):
        if "contamination" in params:
            name = f"{self.steps[-1][0]}__contamination"
            params[name] = params.pop("contamination")
        return super().set_params(**params)


@pytest.mark.slow
@pytest.mark.parametrize(
    "estimator, check",
    [
        (LSTMRegressor, estimator_checks.check_regressors_train),
        (LSTMClassifier, estimator_checks.check_classifiers_train),
        (LSTMAutoencoder, estimator_checks.check_outliers_train),
    ],
    ids=["LSTMRegressor", "LSTMClassifier", "LSTMAutoencoder"],
)
def test_training_checks_with_a_model_that_learns(estimator, check):
    learner = estimator(
        units=8, epochs=30, learning_rate=0.02, batch_size=16, random_state=0
    )
    check(estimator.__name__, DetectorPipeline([("to3d", To3D()), ("lstm", learner)]))


@pytest.mark.parametrize(
    "estimator",
    [
        LSTMRegressor(),
        LSTMClassifier(),
        LSTMAutoencoder(),
        *META_ESTIMATORS,
        TimeFeatures(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_parameter_is_declared_and_validated(estimator):
    # Every parameter has a constraint, and a value of the wrong type or out
    # of range is refused by fit and partial_fit with scikit-learn's message.
    estimator_checks.check_param_validation(type(estimator).__name__, estimator)
