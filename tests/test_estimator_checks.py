"""DeepSMOTE passes the API checks of imbalanced-learn and scikit-learn."""

from imblearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_imblearn_checks,
)
from sklearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_sklearn_checks,
)

from imblearn_deepsmote import DeepSMOTE

# The imbalanced-learn checks resample 1000 rows of 20 features; one epoch
# in large batches keeps each training run well under a second.
SAMPLERS = [DeepSMOTE(max_epochs=1, batch_size=250, latent_dim=4, random_state=0)]


def expected_failed_imblearn_checks(sampler):
    return {
        "check_samplers_pandas_sparse": (
            "DeepSMOTE trains on dense data and refuses sparse input, a sparse "
            "DataFrame included, with a TypeError."
        ),
    }


@parametrize_with_imblearn_checks(
    SAMPLERS, expected_failed_checks=expected_failed_imblearn_checks
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)


@parametrize_with_sklearn_checks(SAMPLERS)
def test_sklearn_estimator_checks(estimator, check, monkeypatch):
    # scikit-learn skips its array API check (array API dispatch with NumPy
    # input) unless this variable is set; the check then runs on NumPy only.
    monkeypatch.setenv("SCIPY_ARRAY_API", "1")
    check(estimator)
