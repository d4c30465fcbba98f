"""scikit-learn's estimator checks over every public estimator of sklstm."""

from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklstm import SequencePadder, SlidingWindow, StepwiseTransformer, To3D

WINDOW_DEPENDS_ON_NEIGHBOURS = (
    "a window depends on its neighbouring rows, so changing the order or the "
    "subset of the rows changes the windows"
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
}

ESTIMATORS = [
    SlidingWindow(),
    To3D(),
    To3D(timesteps=1),
    SequencePadder(),
    StepwiseTransformer(StandardScaler()),
]


def _expected_failed_checks(estimator):
    return EXPECTED_FAILED_CHECKS.get(type(estimator).__name__, {})


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
