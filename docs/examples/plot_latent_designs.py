"""
==============================================
Where the new codes go: seven latent samplers
==============================================

DeepSMOTE makes new samples by over-sampling the latent codes of a class and
decoding them. SMOTE, the paper's choice, interpolates between two codes of
the class; the library ships other over-samplers for the codes, each a
different idea of where new codes should go:

- :class:`~imblearn_deepsmote.DeltaOverSampler` adds to a code of the rare
  class the difference between two neighbouring codes of a frequent class:
  variation borrowed from the classes that have plenty of it. With
  ``smote_share=0.5`` it interpolates half of the new codes as SMOTE does
  and borrows for the other half: DeepSMOTE's default
  (``latent_sampler=None``);
- :class:`~imblearn_deepsmote.CleanedOverSampler` runs SMOTE, then draws
  again the new codes whose nearest real codes are of another class;
- :class:`~imblearn_deepsmote.HullOverSampler` mixes a code with its
  nearest neighbours of the class (a point of their convex hull);
- :class:`~imblearn_deepsmote.CentroidOverSampler` moves a code towards the
  centre of its class;
- imbalanced-learn's ``RandomOverSampler(shrinkage=...)`` draws new codes in
  a small Gaussian cloud around real ones (a smoothed bootstrap).

This example trains one autoencoder on long-tailed digits, reuses it for
each latent sampler through ``memory``, and shows the new images of the
rarest class beside real ones, with two measures of the new images. Which
sampler helps a classifier is measured in ``benchmarks/RESULTS.md``, on
selection runs apart from the reported ones.
"""

# %%
import tempfile

import torch
from threadpoolctl import threadpool_limits

# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
threadpool_limits(1)
torch.set_num_threads(1)

# %%
# One autoencoder, seven latent samplers
# --------------------------------------
# ``memory`` caches the trained autoencoder, keyed by the data and the
# training parameters; ``latent_sampler`` only affects generation, so every
# fit after the first loads the same network instead of training again.
import numpy as np
from imblearn.over_sampling import SMOTE, RandomOverSampler
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from imblearn_deepsmote import (
    CentroidOverSampler,
    CleanedOverSampler,
    DeepSMOTE,
    DeltaOverSampler,
    HullOverSampler,
)
from imblearn_deepsmote.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X_pool, X_test, y_pool, y_test = train_test_split(
    X, y, test_size=0.5, stratify=y, random_state=0
)
X_train, y_train = make_long_tailed(X_pool, y_pool, imbalance_ratio=10, random_state=0)
print("training images per class:", np.bincount(y_train))

latent_samplers = {
    "default (half Delta)": None,
    "SMOTE": SMOTE(),
    "Delta": DeltaOverSampler(min_donor_samples=40),
    "Cleaned SMOTE": CleanedOverSampler(),
    "Hull": HullOverSampler(),
    "Centroid": CentroidOverSampler(),
    "smoothed bootstrap": RandomOverSampler(shrinkage=0.3),
}
cache = tempfile.mkdtemp()
new_images = {}
for name, latent_sampler in latent_samplers.items():
    sampler = DeepSMOTE(
        input_shape=(8, 8),
        latent_sampler=latent_sampler,
        max_epochs=60,
        memory=cache,
        random_state=0,
    )
    X_res, y_res = sampler.fit_resample(X_train, y_train)
    new_images[name] = (X_res[len(X_train) :], y_res[len(X_train) :])

# %%
# The frequent classes that lend their variation to Delta are those with at
# least ``min_donor_samples`` training images (60 for the default):
counts = np.bincount(y_train)
print("donor classes of Delta:", np.flatnonzero(counts >= 40).tolist())
print("donor classes of the default:", np.flatnonzero(counts >= 60).tolist())

# %%
# Two measures of the new images of the rarest class
# --------------------------------------------------
# *Purity*: the share of new images whose nearest held-out real image is of
# their own class (new images that look like another digit lower it).
# *Spread*: the mean distance between two new images, over the mean
# distance between two real held-out images of the class (below 1, the new
# images vary less than real ones; duplicates would score 0).
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import KNeighborsClassifier

rare = int(np.argmin(np.bincount(y_train)))
nearest_real = KNeighborsClassifier(n_neighbors=1).fit(X_test, y_test)
real_spread = pairwise_distances(X_test[y_test == rare]).mean()
for name, (X_new, y_new) in new_images.items():
    mine = X_new[y_new == rare]
    purity = np.mean(nearest_real.predict(mine) == rare)
    spread = pairwise_distances(mine).mean() / real_spread
    print(f"{name:20s} purity {purity:.2f}  spread {spread:.2f}")

# %%
# The images
# ----------
# The first row holds real training images of the rarest class; each other
# row, new images of it from one latent sampler.
import matplotlib.pyplot as plt

n_shown = 10
rows = {"real": X_train[y_train == rare]}
rows.update({name: X_new[y_new == rare] for name, (X_new, y_new) in new_images.items()})
fig, axes = plt.subplots(
    len(rows), n_shown, figsize=(n_shown * 0.8, len(rows) * 0.9), squeeze=False
)
for ax_row, (name, images) in zip(axes, rows.items(), strict=True):
    for ax, image in zip(ax_row, images[:n_shown], strict=False):
        ax.imshow(image.reshape(8, 8), cmap="gray_r")
    for ax in ax_row:
        ax.set_xticks([])
        ax.set_yticks([])
    ax_row[0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=8)
fig.suptitle(f"Digit {rare}: real images, and new ones from each latent sampler")
fig.tight_layout()
plt.show()
