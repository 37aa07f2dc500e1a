"""
=========================================
A drop-in replacement for SMOTE on tables
=========================================

:class:`~imblearn_deepsmote.DeepSMOTE` takes the same ``sampling_strategy``,
``k_neighbors`` and ``random_state`` as imbalanced-learn's ``SMOTE``, so it
can replace it in an :class:`imblearn.pipeline.Pipeline` without any other
change. This example does that on a table: scikit-learn's breast cancer
data, with the malignant class made rare, and compares a logistic
regression trained without resampling, with SMOTE and with DeepSMOTE.
"""

# %%
# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
import torch
from threadpoolctl import threadpool_limits

threadpool_limits(1)
torch.set_num_threads(1)

# %%
# An imbalanced table
# -------------------
# The breast cancer data have 30 numeric features per row. We keep 40 of the
# 212 malignant tumours (class 0) and all 357 benign ones (class 1).
from collections import Counter

from imblearn.datasets import make_imbalance
from sklearn.datasets import load_breast_cancer

X, y = load_breast_cancer(return_X_y=True)
X, y = make_imbalance(X, y, sampling_strategy={0: 40}, random_state=0)
print(X.shape, sorted(Counter(y.tolist()).items()))

# %%
# Resampling once
# ---------------
# ``fit_resample`` trains a small fully connected autoencoder on all the
# rows (standardised internally), makes new latent codes of the rare class
# and decodes them: by default half are interpolated between codes of the
# class, as SMOTE does, and half add to a code of the class the difference
# between two neighbouring codes of the frequent class. The original rows
# come first in the output, the synthetic ones after them.
from imblearn_deepsmote import DeepSMOTE

sampler = DeepSMOTE(max_epochs=40, random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print(sorted(Counter(y_res.tolist()).items()))
print("synthetic rows:", X_res[len(X) :].shape)
print("latent codes of size", sampler.latent_dim_)

# %%
# The same swap in a pipeline
# ---------------------------
# The sampler is a step of an imbalanced-learn pipeline: it resamples the
# training folds only, never the rows that are scored. We cross-validate the
# same pipeline (five folds) three times, changing nothing but the sampler.
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer, recall_score
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler

pipeline = Pipeline(
    [
        ("scale", StandardScaler()),
        ("sampler", "passthrough"),
        ("classifier", LogisticRegression(max_iter=1000)),
    ]
)
samplers = {
    "no resampling": "passthrough",
    "SMOTE": SMOTE(random_state=0),
    "DeepSMOTE": DeepSMOTE(max_epochs=40, random_state=0),
}
scoring = {
    "balanced_accuracy": "balanced_accuracy",
    "malignant_recall": make_scorer(recall_score, pos_label=0),
}
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
results = {}
for name, step in samplers.items():
    pipeline.set_params(sampler=step)
    scores = cross_validate(pipeline, X, y, cv=cv, scoring=scoring)
    results[name] = {
        "balanced accuracy": scores["test_balanced_accuracy"].mean(),
        "(std)": scores["test_balanced_accuracy"].std(),
        "recall of malignant": scores["test_malignant_recall"].mean(),
        "fit time (s)": scores["fit_time"].mean(),
    }
pd.DataFrame(results).T.round(3)

# %%
# Both samplers raise the recall of the rare class compared with no
# resampling; the gap between them is within one standard deviation over
# the folds. On a small, nearly linearly separable table like this one,
# DeepSMOTE is not expected to beat SMOTE by much: SMOTE's straight lines
# between rows are already plausible rows, and the autoencoder costs a
# training run per fit. DeepSMOTE was designed for images, where SMOTE's interpolations
# are not plausible samples.
#
# Where the new rows land
# -----------------------
# A two-dimensional PCA view of the rows, fitted on the standardised real
# data, shows the synthetic malignant rows of each sampler. SMOTE puts them
# on segments between real rows. DeepSMOTE decodes its new codes and, by
# default, adds to each the residual of the real row whose code is
# nearest, so its rows start from real rows and move as the autoencoder
# learned the data varies. With no penalty loss (the default) they spread out
# like the real rows; with the paper's penalty, ``penalty="paper"``, they
# gather in tight clusters next to real rows: that penalty pulls the decoded
# rows of a class towards their average (see
# :ref:`sphx_glr_auto_examples_plot_penalty_forms.py`), so decoding two codes
# of a class gives nearly the same row, and a new row moves little away from
# the real row whose residual it gets.
import matplotlib.pyplot as plt
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline

projection = make_pipeline(StandardScaler(), PCA(n_components=2)).fit(X)
X_smote, _ = SMOTE(random_state=0).fit_resample(X, y)
paper = DeepSMOTE(penalty="paper", max_epochs=40, random_state=0)
X_paper, _ = paper.fit_resample(X, y)
synthetic = {
    "SMOTE": X_smote[len(X) :],
    "DeepSMOTE (no penalty, the default)": X_res[len(X) :],
    'DeepSMOTE, penalty="paper"': X_paper[len(X) :],
}

fig, axes = plt.subplots(1, 3, figsize=(12, 4), sharex=True, sharey=True)
for ax, (name, X_new) in zip(axes, synthetic.items(), strict=True):
    for label, colour in ((1, "tab:blue"), (0, "tab:orange")):
        real = projection.transform(X[y == label])
        ax.scatter(*real.T, s=12, c=colour, alpha=0.5, label=f"real, class {label}")
    new = projection.transform(X_new)
    ax.scatter(*new.T, s=12, marker="x", c="black", label="synthetic, class 0")
    ax.set_title(name)
    ax.set_xlabel("first principal component")
axes[0].set_ylabel("second principal component")
axes[0].legend(loc="upper right", fontsize="small")
fig.tight_layout()
plt.show()

# %%
# The classifier scores above did not depend on this spread, but a sampler
# meant to add variety should add it: compare the penalty forms on your data
# (:ref:`choosing-parameters`).
