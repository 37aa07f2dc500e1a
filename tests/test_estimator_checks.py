"""DeepSMOTE and the over-samplers for latent codes pass the API checks of
imbalanced-learn and scikit-learn."""

from imblearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_imblearn_checks,
)
from sklearn.utils.estimator_checks import (
    parametrize_with_checks as parametrize_with_sklearn_checks,
)
from test_latent_samplers import SAMPLERS as LATENT_SAMPLERS

from imblearn_deepsmote import DeepSMOTE

# The imbalanced-learn checks resample 1000 rows of 20 features; one epoch
# in large batches keeps each training run well under a second. Seeded: the
# checks compare two runs on the same data.
SAMPLERS = [
    DeepSMOTE(max_epochs=1, batch_size=250, latent_dim=4, random_state=0),
    *LATENT_SAMPLERS,
]


def expected_failed_imblearn_checks(sampler):
    if isinstance(sampler, DeepSMOTE):
        return {
            "check_samplers_pandas_sparse": (
                "DeepSMOTE trains on dense data and refuses sparse input, a "
                "sparse DataFrame included, with a TypeError."
            ),
        }
    return {
        "check_samplers_sparse": "Dense rows only; sparse input is refused.",
        "check_samplers_pandas_sparse": "Dense rows only; sparse input is refused.",
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
