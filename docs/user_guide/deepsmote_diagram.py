"""The figure of "How DeepSMOTE works": training and generation, with the
real outputs of a small DeepSMOTE trained on the 8x8 digits."""

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import FancyArrowPatch, Polygon
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_limits

from imblearn_deepsmote import DeepSMOTE

torch.set_num_threads(1)
with threadpool_limits(1):
    X, y = load_digits(return_X_y=True)
    sampler = DeepSMOTE(input_shape=(8, 8), max_epochs=40, random_state=0)
    sampler.fit_resample(X, y)
    rng = np.random.RandomState(3)
    batch = X[rng.choice(len(X), 4, replace=False)]
    threes = X[y == 3]
    class_batch = threes[rng.choice(len(threes), 3, replace=False)]
    codes3 = sampler.encode(threes)
    # One step of latent SMOTE, by hand: a base code, the fifth nearest other
    # code of the class (SMOTE picks one of the five nearest), and a gap of 0.5.
    base = 0
    distances = np.linalg.norm(codes3 - codes3[base], axis=1)
    neighbour = int(np.argsort(distances)[5])
    new_code = codes3[base] + 0.5 * (codes3[neighbour] - codes3[base])
    decoded = {
        "batch": sampler.decode(sampler.encode(batch)),
        "penalty": sampler.decode(np.roll(sampler.encode(class_batch), -1, axis=0)),
        "new": sampler.decode(new_code[None])[0],
    }
    projection = PCA(n_components=2).fit(codes3)

# The canvas is WIDTH x HEIGHT units; images and plots are placed in them.
WIDTH, HEIGHT = 99, 64
fig = plt.figure(figsize=(7.8, 6.0))
canvas = fig.add_axes((0, 0, 1, 1))
canvas.set_xlim(0, WIDTH)
canvas.set_ylim(0, HEIGHT)
canvas.set_axis_off()


def images(x, y_top, pictures, label=None, size=5.0, gap=0.6):
    """Draw a column of 8x8 images whose top left corner is (x, y_top)."""
    for i, picture in enumerate(pictures):
        bottom = y_top - (i + 1) * size - i * gap
        ax = fig.add_axes((x / WIDTH, bottom / HEIGHT, size / WIDTH, size / HEIGHT))
        ax.imshow(picture.reshape(8, 8), cmap="gray", vmin=0, vmax=16)
        ax.set_xticks([])
        ax.set_yticks([])
    if label:
        canvas.text(x + size / 2, y_top + 1.2, label, ha="center", fontsize=9)


def network(x, y_mid, name, widening):
    """A trapezoid: narrowing for the encoder, widening for the decoder."""
    wide, narrow = 6.0, 2.5
    left, right = (narrow, wide) if widening else (wide, narrow)
    corners = [
        (x, y_mid - left),
        (x + 8, y_mid - right),
        (x + 8, y_mid + right),
        (x, y_mid + left),
    ]
    colour = "#cfe2f3" if name == "encoder" else "#d9ead3"
    canvas.add_patch(Polygon(corners, closed=True, fc=colour, ec="0.3"))
    canvas.text(x + 4, y_mid, name, ha="center", va="center", fontsize=9)


def arrow(x0, y0, x1, y1, text=None, style="-|>", colour="0.2"):
    canvas.add_patch(
        FancyArrowPatch(
            (x0, y0), (x1, y1), arrowstyle=style, mutation_scale=12, color=colour
        )
    )
    if text:
        canvas.text((x0 + x1) / 2, y0 + 1.0, text, ha="center", fontsize=8)


def codes(x, y_mid, labels):
    """A column of small code vectors."""
    for i, label in enumerate(labels):
        top = y_mid + (len(labels) / 2 - i) * 3.2
        canvas.add_patch(
            Polygon(
                [(x, top - 2.4), (x + 3.5, top - 2.4), (x + 3.5, top), (x, top)],
                fc="#fff2cc",
                ec="0.3",
            )
        )
        canvas.text(x + 1.75, top - 1.2, label, ha="center", va="center", fontsize=8)


# Panel titles.
canvas.text(
    2,
    61.5,
    "1. Training: one autoencoder for all classes",
    fontsize=11,
    fontweight="bold",
)
canvas.text(
    2,
    20.8,
    "2. Generation: new codes of a class (half as SMOTE makes them), then decode",
    fontsize=11,
    fontweight="bold",
)

# Reconstruction loss, on a batch of all classes.
images(4, 57, batch[:2], "batch B")
network(14, 51.5, "encoder", widening=False)
arrow(10, 51.5, 14, 51.5)
arrow(22, 51.5, 26, 51.5)
codes(26, 51.5, ["z1", "z2"])
arrow(29.5, 51.5, 33.5, 51.5)
network(33.5, 51.5, "decoder", widening=True)
arrow(41.5, 51.5, 45.5, 51.5)
images(45.5, 57, decoded["batch"][:2], "decoded")
canvas.text(53.5, 51.5, "reconstruction loss\nMSE(decoded, B)", va="center", fontsize=9)

# Penalty loss, on a batch of one class.
images(4, 40.5, class_batch, "class batch C", size=4.6)
network(14, 31.7, "encoder", widening=False)
arrow(10, 31.7, 14, 31.7)
arrow(22, 31.7, 26, 31.7)
codes(26, 31.7, ["z1", "z2", "z3"])
arrow(29.5, 31.7, 34, 31.7, "shift")
codes(34, 31.7, ["z2", "z3", "z1"])
arrow(37.5, 31.7, 41.5, 31.7)
network(41.5, 31.7, "decoder", widening=True)
arrow(49.5, 31.7, 53.5, 31.7)
images(53.5, 40.5, decoded["penalty"], "decoded", size=4.6)
canvas.text(
    61,
    31.7,
    "penalty loss\n"
    '"paper": MSE(decoded, C)\n'
    '"released": MSE(decoded,\n'
    "    shifted C), codes detached\n\n"
    "loss = reconstruction\n"
    "    + penalty_weight x penalty",
    va="center",
    fontsize=9,
)

# Generation.
images(4, 17.0, threes[[base, neighbour]], "two real 3s", size=4.6)
arrow(9.6, 10.6, 14.6, 10.6, "encode")
latent = fig.add_axes((15 / WIDTH, 1.5 / HEIGHT, 22 / WIDTH, 16.5 / HEIGHT))
points = projection.transform(codes3)
latent.scatter(*points.T, s=8, c="tab:blue", alpha=0.35, label="codes of the 3s")
ends = projection.transform(codes3[[base, neighbour]])
latent.plot(*ends.T, c="0.2", lw=1)
latent.scatter(
    *ends.T, s=30, c="tab:blue", ec="black", zorder=3, label="base and neighbour"
)
new_point = projection.transform(new_code[None])
latent.scatter(
    *new_point.T,
    s=90,
    marker="*",
    c="tab:orange",
    ec="black",
    zorder=4,
    label="new code (gap 0.5)",
)
latent.set_xticks([])
latent.set_yticks([])
latent.set_title("latent space (PCA view)", fontsize=9)
latent.legend(fontsize=7, loc="lower left")
arrow(38.5, 10.5, 45.5, 10.5, "new code")
network(45.5, 10.5, "decoder", widening=True)
arrow(53.5, 10.5, 57.5, 10.5)
images(57.5, 13.2, [decoded["new"]], "new 3", size=5.4)
canvas.text(
    65.5,
    10.5,
    "SMOTE's half:\n"
    "new code = base\n"
    "    + gap x (neighbour - base)\n"
    "gap uniform in [0, 1); neighbour\n"
    "among the k nearest codes of\n"
    "the class\n\n"
    "the other half: new code = base\n"
    "    + (b - a), a and b neighbouring\n"
    "codes of a frequent class",
    va="center",
    fontsize=9,
)
