"""
================================================
Another imbalanced-learn sampler in latent space
================================================

DeepSMOTE over-samples the latent codes with
:class:`~imblearn_deepsmote.DeltaOverSampler` by default (half of the new
codes interpolated as SMOTE does, half borrowing the variation of frequent
classes), but any imbalanced-learn over-sampler can take its place through
``latent_sampler``. This example
uses :class:`~imblearn.over_sampling.BorderlineSMOTE`, which creates new
codes only near the border with other classes, and compares where its codes
land with those of plain SMOTE on the same trained autoencoder.
"""

# %%
import torch
from threadpoolctl import threadpool_limits

# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
threadpool_limits(1)
torch.set_num_threads(1)

# %%
# BorderlineSMOTE on the codes
# ----------------------------
# DeepSMOTE clones the latent sampler, sets its ``sampling_strategy`` to the
# counts that DeepSMOTE's own ``sampling_strategy`` asks for, and gives it a
# ``random_state`` derived from DeepSMOTE's when it has none.
import numpy as np
from imblearn.over_sampling import BorderlineSMOTE
from sklearn.datasets import load_digits

from imblearn_deepsmote import DeepSMOTE
from imblearn_deepsmote.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X, y = make_long_tailed(X, y, imbalance_ratio=20, random_state=0)

sampler = DeepSMOTE(
    input_shape=(8, 8),
    latent_sampler=BorderlineSMOTE(),
    max_epochs=60,
    random_state=0,
)
X_res, y_res = sampler.fit_resample(X, y)
print("images per class before:", np.bincount(y))
print("images per class after: ", np.bincount(y_res))

# %%
# Some classes may not reach the size of the largest class:
target = np.bincount(y).max()
short = np.flatnonzero(np.bincount(y_res) < target)
print(f"classes short of {target} images: {short}")

# %%
# BorderlineSMOTE interpolates only from codes "in danger", those with more
# than half of their neighbours in other classes; a class whose codes are all
# well inside it gets no new samples at all. That is BorderlineSMOTE's
# design, in latent space as in pixel space: always check the class counts
# of the output when you change the latent sampler.
# ``RandomOverSampler(shrinkage=...)``, which draws new codes in a small
# Gaussian cloud around existing ones, always produces the counts asked for,
# and even works for a class with a single sample.
#
# SMOTE on the same codes
# -----------------------
# :meth:`~imblearn_deepsmote.DeepSMOTE.encode` and
# :meth:`~imblearn_deepsmote.DeepSMOTE.decode` expose the trained
# autoencoder, so another sampler can be tried on the same codes without
# training again. Here plain SMOTE over-samples the codes and the decoder
# turns its new codes into images.
from imblearn.over_sampling import SMOTE

codes = sampler.encode(X)
codes_smote, y_smote = SMOTE(random_state=0).fit_resample(codes, y)
new_codes = {"SMOTE": codes_smote[len(X) :]}
labels = {"SMOTE": y_smote[len(X) :]}
print("codes:", codes.shape)

# %%
# ``latent_sampler_`` is the fitted BorderlineSMOTE; its ``random_state`` is
# fixed, so running it again on the same codes returns the very codes that
# DeepSMOTE decoded.
codes_borderline, y_borderline = sampler.latent_sampler_.fit_resample(codes, y)
new_codes["BorderlineSMOTE"] = codes_borderline[len(X) :]
labels["BorderlineSMOTE"] = y_borderline[len(X) :]

# %%
# Where the new codes land
# ------------------------
# We look at the rarest class that BorderlineSMOTE over-sampled, and at the
# two classes most often found among its nearest neighbours in latent space.
from collections import Counter

from sklearn.neighbors import NearestNeighbors

rare = min(np.unique(labels["BorderlineSMOTE"]), key=lambda c: np.sum(y == c))
nearest = NearestNeighbors(n_neighbors=11).fit(codes)
_, neighbours = nearest.kneighbors(codes[y == rare])
neighbour_counts = Counter(y[neighbours[:, 1:]].ravel().tolist())
close = [c for c, _ in neighbour_counts.most_common() if c != rare][:2]
print(f"digit {rare}: {np.sum(y == rare)} real images; closest classes: {close}")

# %%
# A PCA of the codes of these three classes shows where each sampler put the
# new codes of the rare class. SMOTE interpolates between any code of the
# class and its nearest codes of the same class, so its new codes spread over
# the class. BorderlineSMOTE starts only from the codes that have many
# neighbours of other classes, so its new codes come from fewer real codes,
# those closest to the other classes, and cover less of the class.
import matplotlib.pyplot as plt
from sklearn.decomposition import PCA

shown = np.isin(y, [rare, *close])
pca = PCA(n_components=2).fit(codes[shown])
colours = {close[0]: "tab:blue", close[1]: "tab:green", rare: "tab:orange"}
fig, axes = plt.subplots(1, 2, figsize=(9, 4.2), sharex=True, sharey=True)
for ax, name in zip(axes, new_codes, strict=True):
    for label, colour in colours.items():
        real = pca.transform(codes[y == label])
        ax.scatter(*real.T, s=14, c=colour, alpha=0.6, label=f"real {label}")
    new = pca.transform(new_codes[name][labels[name] == rare])
    ax.scatter(*new.T, s=14, marker="x", c="black", label=f"new {rare}")
    ax.set_title(f"{name} in latent space")
axes[0].legend(fontsize="small")
fig.tight_layout()
plt.show()

# %%
# The decoded digits
# ------------------
# The images that DeepSMOTE returned with BorderlineSMOTE: the classes that
# got no new codes show "none". Samples made near a border may look
# ambiguous, which is what BorderlineSMOTE aims for: they teach a classifier
# where the border lies.
from imblearn_deepsmote import plot_class_samples

plot_class_samples(
    X,
    y,
    X_res[len(X) :],
    y_res[len(X) :],
    image_shape=(8, 8),
    figure=plt.figure(figsize=(9, 8.5), layout="constrained"),
)
plt.show()
