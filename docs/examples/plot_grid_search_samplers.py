"""
====================================
Choosing a sampler with GridSearchCV
====================================

Because :class:`~imblearn_deepsmote.DeepSMOTE` is an ordinary
imbalanced-learn sampler, a grid search can treat the sampler itself as a
hyper-parameter. This example compares no resampling, SMOTE, ADASYN and
DeepSMOTE on long-tailed 8x8 digits with cross-validation, then shows how to
keep a grid search over the classifier from training the autoencoder again
for every candidate.
"""

# %%
import torch
from threadpoolctl import threadpool_limits

# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
threadpool_limits(1)
torch.set_num_threads(1)

# %%
# Data and pipeline
# -----------------
# The digits are made long-tailed, ten times fewer 9s than 0s. The pipeline
# resamples the training folds, scales the pixels and fits a logistic
# regression. The ``"sampler"`` step is the hyper-parameter.
from imblearn.pipeline import Pipeline
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler

from imblearn_deepsmote.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X, y = make_long_tailed(X, y, imbalance_ratio=10, random_state=0)

pipeline = Pipeline(
    [
        ("sampler", "passthrough"),
        ("scale", MinMaxScaler()),
        ("classifier", LogisticRegression(max_iter=2000)),
    ]
)

# %%
# The sampler as a hyper-parameter
# --------------------------------
# Each candidate of the grid is a whole sampler. DeepSMOTE trains its
# autoencoder on the training part of every fold, so it is the slowest
# candidate by far; ``refit=False`` skips the final refit on all the data,
# which we do not need here.
import pandas as pd
from imblearn.over_sampling import ADASYN, SMOTE
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from imblearn_deepsmote import DeepSMOTE

cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
grid = GridSearchCV(
    pipeline,
    {
        "sampler": [
            "passthrough",
            SMOTE(random_state=0),
            ADASYN(n_neighbors=10, random_state=0),
            DeepSMOTE(input_shape=(8, 8), max_epochs=30, random_state=0),
        ]
    },
    scoring="balanced_accuracy",
    cv=cv,
    refit=False,
)
grid.fit(X, y)

results = pd.DataFrame(
    {
        "sampler": ["no resampling", "SMOTE", "ADASYN", "DeepSMOTE"],
        "balanced accuracy": grid.cv_results_["mean_test_score"],
        "std": grid.cv_results_["std_test_score"],
        "fit time (s)": grid.cv_results_["mean_fit_time"],
    }
)
results.round(3)

# %%
# The same scores as a chart, with one standard deviation over the folds:
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(
    results["sampler"],
    results["balanced accuracy"],
    xerr=results["std"],
    color=["0.6", "tab:blue", "tab:green", "tab:orange"],
)
ax.invert_yaxis()
ax.set_xlim(0.8, 1.0)
ax.set_xlabel("balanced accuracy (3-fold cross-validation)")
fig.tight_layout()
plt.show()

# %%
# On these data all four are within about a standard deviation of one
# another: the classes of the 8x8 digits are easy to separate, and three
# folds of a few hundred images are a noisy measure. Run such a comparison
# on your own data, with more folds, before choosing; the
# :doc:`benchmarks page </benchmarks>` collects the measurements made on
# larger data.
#
# Tuning the classifier without retraining the autoencoder
# --------------------------------------------------------
# A grid over the classifier's ``C`` refits the whole pipeline for every
# candidate and fold, and so would train the same autoencoder on the same
# fold again for each value of ``C``. An imbalanced-learn pipeline built with
# ``memory`` caches the output of its samplers, keyed by the sampler's
# parameters and its input: the autoencoder is then trained once per fold,
# and the other candidates reuse the resampled fold from the cache.
import shutil
import tempfile

from joblib import Memory

cache_dir = tempfile.mkdtemp()
cached_pipeline = Pipeline(
    [
        ("sampler", DeepSMOTE(input_shape=(8, 8), max_epochs=30, random_state=0)),
        ("scale", MinMaxScaler()),
        ("classifier", LogisticRegression(max_iter=2000)),
    ],
    memory=Memory(cache_dir, verbose=0),
)
grid = GridSearchCV(
    cached_pipeline,
    {"classifier__C": [0.1, 1.0, 10.0]},
    scoring="balanced_accuracy",
    cv=cv,
    refit=False,
)
grid.fit(X, y)
shutil.rmtree(cache_dir)

pd.DataFrame(
    {
        "C": grid.cv_results_["param_classifier__C"],
        "balanced accuracy": grid.cv_results_["mean_test_score"],
        "fit time (s)": grid.cv_results_["mean_fit_time"],
    }
).round(3)

# %%
# Only the first candidate paid for training; the others took the resampled
# folds from the cache. This works because the sampler has a fixed
# ``random_state``: the cache is keyed by the sampler's parameters, so with
# ``random_state=None`` it would keep returning the first random result.
#
# Tuning DeepSMOTE's generation parameters
# ----------------------------------------
# A grid over ``k_neighbors`` or ``latent_sampler`` changes the sampler, so
# the pipeline's cache cannot help. These parameters do not change how the
# autoencoder is trained, though, and DeepSMOTE's own ``memory`` caches the
# trained network, keyed by the training data and the training parameters:
# one network per fold is trained for the four candidates below.
from imblearn.over_sampling import RandomOverSampler

cache_dir = tempfile.mkdtemp()
caching_sampler = DeepSMOTE(
    input_shape=(8, 8),
    max_epochs=30,
    memory=cache_dir,
    random_state=0,
)
pipeline = Pipeline(
    [
        ("sampler", caching_sampler),
        ("scale", MinMaxScaler()),
        ("classifier", LogisticRegression(max_iter=2000)),
    ]
)
grid = GridSearchCV(
    pipeline,
    [
        {"sampler__k_neighbors": [3, 5, 10]},
        {"sampler__latent_sampler": [RandomOverSampler(shrinkage=0.3)]},
    ],
    scoring="balanced_accuracy",
    cv=cv,
    refit=False,
)
grid.fit(X, y)
shutil.rmtree(cache_dir)

pd.DataFrame(
    {
        "candidate": [
            ", ".join(
                f"{name.removeprefix('sampler__')}={value!r}"
                for name, value in params.items()
            )
            for params in grid.cv_results_["params"]
        ],
        "balanced accuracy": grid.cv_results_["mean_test_score"],
        "fit time (s)": grid.cv_results_["mean_fit_time"],
    }
).round(3)

# %%
# Again only the first candidate trained; the other three decoded new codes
# from the cached networks. (``k_neighbors`` is used only by the default
# latent sampler, hence the two separate grids.) See :ref:`model-selection` in the
# user guide.
