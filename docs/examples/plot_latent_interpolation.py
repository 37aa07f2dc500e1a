"""
=============================
Interpolating in latent space
=============================

SMOTE creates a sample on the segment between two samples of a class.
DeepSMOTE does the same with their latent codes, for half of its new
samples by default, and decodes the result. This
example walks from one handwritten 2 to another in both spaces, which shows
the difference between averaging pixels and averaging codes.
"""

# %%
import torch
from threadpoolctl import threadpool_limits

# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
threadpool_limits(1)
torch.set_num_threads(1)

# %%
# Training the autoencoder
# ------------------------
# We fit DeepSMOTE on all 1,797 digits. ``fit_resample`` trains the
# autoencoder; the resampled output is not needed here, only the fitted
# sampler, whose :meth:`~imblearn_deepsmote.DeepSMOTE.encode` and
# :meth:`~imblearn_deepsmote.DeepSMOTE.decode` give access to the latent
# space.
from sklearn.datasets import load_digits

from imblearn_deepsmote import DeepSMOTE

X, y = load_digits(return_X_y=True)
sampler = DeepSMOTE(input_shape=(8, 8), max_epochs=60, random_state=0)
sampler.fit_resample(X, y)
print("latent codes of size", sampler.latent_dim_)

# %%
# Two samples of one class
# ------------------------
# We pick two typical 2s that are written differently: among the half of the
# 2s closest to their class mean, the pair farthest apart in pixel space.
import numpy as np
from sklearn.metrics import pairwise_distances

twos = X[y == 2]
to_mean = np.linalg.norm(twos - twos.mean(axis=0), axis=1)
twos = twos[to_mean <= np.median(to_mean)]
distances = pairwise_distances(twos)
first, second = np.unravel_index(distances.argmax(), distances.shape)
start, end = twos[first], twos[second]

# %%
# The two walks
# -------------
# At each step ``t`` from 0 to 1, SMOTE's sample is
# ``start + t * (end - start)`` in pixel space. DeepSMOTE's is the decoded
# ``code(start) + t * (code(end) - code(start))``. Both walks begin and end
# near the same two images; the decoded ends are reconstructions, so they
# are slightly smoother than the real images.
steps = np.linspace(0, 1, 8)
pixel_walk = start + steps[:, None] * (end - start)
codes = sampler.encode(np.vstack([start, end]))
code_walk = codes[0] + steps[:, None] * (codes[1] - codes[0])
decoded_walk = sampler.decode(code_walk)

# %%
# Drawn side by side, the pixel walk fades one image out while the other
# fades in, and the middle steps show both 2s at once. The decoded walk
# bends a single stroke from one shape into the other. All its images are
# smoother than the real ones: the decoder of a small autoencoder, trained
# for a few seconds, blurs details.
import matplotlib.pyplot as plt

fig, axes = plt.subplots(2, len(steps), figsize=(10, 3.2))
vmin, vmax = X.min(), X.max()
for column, t in enumerate(steps):
    for row, walk in enumerate((pixel_walk, decoded_walk)):
        ax = axes[row, column]
        ax.imshow(walk[column].reshape(8, 8), cmap="gray", vmin=vmin, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
    axes[0, column].set_title(f"t = {t:.2f}", fontsize="small")
axes[0, 0].set_ylabel("pixels\n(SMOTE)")
axes[1, 0].set_ylabel("latent codes\n(DeepSMOTE)")
fig.tight_layout()
plt.show()

# %%
# The classes of the generated samples
# ------------------------------------
# A logistic regression trained on the real digits gives, for each step of
# each walk, the probability that the image is a 2.
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler

classifier = make_pipeline(MinMaxScaler(), LogisticRegression(max_iter=2000))
classifier.fit(X, y)
for name, walk in (("pixels", pixel_walk), ("latent codes", decoded_walk)):
    probability = classifier.predict_proba(walk)[:, 2]
    print(f"{name:>13}: P(2) =", np.array2string(probability, precision=2))

# %%
# On images this small, averaging pixels rarely changes the class, so both
# walks stay 2s; the visible difference is the double exposure, not the
# label. The gap widens with larger, more detailed images, as the paper's
# MNIST and CIFAR-10 results show.
