"""Fits run at once in threads repeat exactly, as sequential fits do."""

import numpy as np
from imblearn.pipeline import make_pipeline
from joblib import Parallel, delayed, parallel_backend
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate

from imblearn_deepsmote import DeepSMOTE


def resample(X, y, seed):
    return DeepSMOTE(max_epochs=3, batch_size=8, random_state=seed).fit_resample(X, y)


def test_fits_in_threads_return_the_samples_of_a_sequential_fit(tabular_data):
    X, y = tabular_data
    expected, _ = resample(X, y, 0)

    results = Parallel(n_jobs=4, backend="threading")(
        delayed(resample)(X, y, 0) for _ in range(4)
    )

    for X_res, _ in results:
        np.testing.assert_array_equal(X_res, expected)


def test_cross_validation_in_threads_repeats_its_scores(tabular_data):
    X, y = tabular_data
    pipeline = make_pipeline(
        DeepSMOTE(max_epochs=3, batch_size=8, random_state=0),
        LogisticRegression(),
    )
    cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)

    def scores():
        with parallel_backend("threading", n_jobs=3):
            result = cross_validate(pipeline, X, y, cv=cv, scoring="balanced_accuracy")
        return result["test_score"]

    sequential = cross_validate(
        pipeline, X, y, cv=cv, scoring="balanced_accuracy", n_jobs=1
    )["test_score"]
    for _ in range(2):
        np.testing.assert_array_equal(scores(), sequential)
