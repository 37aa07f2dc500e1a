"""
====================================
Over-sampling images: the 8x8 digits
====================================

DeepSMOTE was designed for images. This example makes scikit-learn's 8x8
handwritten digits long-tailed, over-samples every class up to the largest
one with DeepSMOTE, and shows real and generated digits of each class side
by side with :func:`~imblearn_deepsmote.plot_class_samples`. For contrast,
the same grid for SMOTE in pixel space shows why interpolating pixels is not
enough.
"""

# %%
import torch
from threadpoolctl import threadpool_limits

# The networks and data here are tiny: one thread runs them faster than
# several, and much faster on a busy machine.
threadpool_limits(1)
torch.set_num_threads(1)

# %%
# A long-tailed set of digits
# ---------------------------
# Each row of ``load_digits`` is a flattened 8x8 image with pixel values from
# 0 to 16. :func:`~imblearn_deepsmote.datasets.make_long_tailed` keeps an
# exponentially falling number of images per class, 20 times fewer for the
# digit 9 than for the digit 0.
import numpy as np
from sklearn.datasets import load_digits

from imblearn_deepsmote.datasets import make_long_tailed

X, y = load_digits(return_X_y=True)
X, y = make_long_tailed(X, y, imbalance_ratio=20, random_state=0)
print(X.shape, X.dtype)
print("images per class:", np.bincount(y))

# %%
# Over-sampling with DeepSMOTE
# ----------------------------
# ``input_shape=(8, 8)`` tells DeepSMOTE that each row is an 8x8 image, so it
# trains a convolutional autoencoder instead of a fully connected one.
# Passing the images as an array of shape ``(n_samples, 8, 8)`` instead would
# need no ``input_shape``. Pixels are scaled to [-1, 1] for the network, and
# the generated pixels come back in the scale and dtype of ``X``.
from imblearn_deepsmote import DeepSMOTE

sampler = DeepSMOTE(input_shape=(8, 8), max_epochs=100, random_state=0)
X_res, y_res = sampler.fit_resample(X, y)
print("images per class:", np.bincount(y_res))
X_new, y_new = X_res[len(X) :], y_res[len(X) :]
print(
    f"{len(X_new)} generated images, pixel values from {X_new.min():.2f} "
    f"to {X_new.max():.2f}"
)

# %%
# Real and generated digits
# -------------------------
# One row per class: five real images on the left, the first five generated
# ones on the right (the digit 0, the largest class, gets none). The
# generated digits are as sharp as the real ones. The decoder of a small
# autoencoder trained for a few seconds blurs details, so by default
# (``residual="nearest"``) each generated image is the decoded new code plus
# the detail that decoding loses from the real image of its class whose
# code is nearest. :ref:`sphx_glr_auto_examples_plot_penalty_forms.py` shows
# the decoder's own, smoother images (``residual=None``), and compares this
# plain autoencoder (the default, ``penalty=None``) with the paper's penalty
# loss.
import matplotlib.pyplot as plt

from imblearn_deepsmote import plot_class_samples

plot_class_samples(
    X,
    y,
    X_new,
    y_new,
    image_shape=(8, 8),
    figure=plt.figure(figsize=(9, 8.5), layout="constrained"),
)
plt.show()

# %%
# SMOTE in pixel space, for contrast
# ----------------------------------
# SMOTE draws each new image on the straight line between two real images of
# the same class: a weighted average of their pixels. Its images keep the
# sharp strokes of the real ones, but where the two images write the digit
# differently the result is a double exposure of both.
from imblearn.over_sampling import SMOTE

X_smote, y_smote = SMOTE(random_state=0).fit_resample(X, y)
plot_class_samples(
    X,
    y,
    X_smote[len(X) :],
    y_smote[len(X) :],
    image_shape=(8, 8),
    figure=plt.figure(figsize=(9, 8.5), layout="constrained"),
)
plt.show()

# %%
# Which of the two helps a classifier more depends on the data; on 8x8
# digits neither kind of artefact matters much, as
# :ref:`sphx_glr_auto_examples_plot_grid_search_samplers.py` measures. The
# blur of interpolated pixels grows with the size and detail of the images,
# which is where DeepSMOTE is meant to help.
