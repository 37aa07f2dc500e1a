"""How close generated samples are to real ones, in a classifier's features.

Precision, recall, density and coverage (Naeem et al., "Reliable Fidelity
and Diversity Metrics for Generative Models", ICML 2020) with k = 5, and the
Fréchet distance between Gaussians fitted to the two sets, computed on
feature vectors. The features are those of the benchmark's CNN trained on
the real (not resampled) training set: its penultimate layer (the hidden
fully connected layer, after its ReLU). No downloaded weights.
"""

import warnings

import numpy as np
import torch
from scipy import linalg
from scipy.spatial.distance import cdist

K = 5
MAX_POINTS = 2000
"""Each set is cut to at most this many points, drawn at random, before
scoring: the distance matrix stays small, and every sampler of a class is
scored on as many points."""


def penultimate_features(net, X, batch_size=1000):
    """Feature vectors of ``X`` (float32 images) in a fitted skorch net.

    For :class:`SmallCNN`, the output of the hidden layer of its head; for a
    module without a ``head``, the output of its ``features``.
    """
    module = net.module_
    module.eval()
    parts = []
    with torch.no_grad():
        for start in range(0, len(X), batch_size):
            x = torch.as_tensor(X[start : start + batch_size], device=net.device)
            h = module.features(x)
            if hasattr(module, "head"):
                h = module.head[:-1](h)
            parts.append(h.cpu().numpy().astype(np.float64))
    return np.concatenate(parts)


def _kth_neighbour_distance(points, k):
    """Distance from each point to its k-th nearest other point."""
    distances = cdist(points, points)
    return np.sort(distances, axis=1)[:, k]


def prdc(real, fake, k=K):
    """Precision, recall, density and coverage of ``fake`` against ``real``.

    Each real point's ball has the radius of its distance to its k-th
    nearest real neighbour; each generated point's, to its k-th nearest
    generated neighbour (used by recall only).
    """
    real_radii = _kth_neighbour_distance(real, k)
    fake_radii = _kth_neighbour_distance(fake, k)
    distances = cdist(real, fake)
    inside_real = distances < real_radii[:, np.newaxis]
    return {
        "precision": float(inside_real.any(axis=0).mean()),
        "recall": float((distances < fake_radii[np.newaxis, :]).any(axis=1).mean()),
        "density": float(inside_real.sum(axis=0).mean() / k),
        "coverage": float((distances.min(axis=1) < real_radii).mean()),
    }


def frechet_distance(real, fake):
    """||mu_r - mu_f||^2 + Tr(S_r + S_f - 2 (S_r S_f)^(1/2))."""
    mu_real, mu_fake = real.mean(axis=0), fake.mean(axis=0)
    cov_real = np.cov(real, rowvar=False)
    cov_fake = np.cov(fake, rowvar=False)
    with warnings.catch_warnings():
        # Dead ReLU units make a covariance singular: the root of the
        # product is then found on the remaining subspace, as FID does.
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(cov_real @ cov_fake)
    if not np.isfinite(root).all():
        offset = 1e-6 * np.eye(len(cov_real))
        root = linalg.sqrtm((cov_real + offset) @ (cov_fake + offset))
    if np.iscomplexobj(root):
        root = root.real
    return float(
        np.sum((mu_real - mu_fake) ** 2) + np.trace(cov_real + cov_fake - 2 * root)
    )


def sample_quality(real, fake, seed):
    """Every measure of one class: PRDC (k = 5) and the Fréchet distance.

    Both sets are first cut to at most :data:`MAX_POINTS` points at random
    (``seed``); each set needs more than K points.
    """
    rng = np.random.default_rng(seed)
    real, fake = (
        points[rng.permutation(len(points))[:MAX_POINTS]] for points in (real, fake)
    )
    return {
        "n_real": len(real),
        "n_generated": len(fake),
        **prdc(real, fake),
        "frechet": frechet_distance(real, fake),
    }


def class_quality(X_real, y_real, X_new, y_new, features, seed):
    """Per class, new samples against real held-out samples of the class.

    ``features`` maps samples to feature vectors. Classes with too few new
    or real samples to score (at most :data:`K`) are left out.
    """
    records = []
    for label in np.unique(y_real):
        fake = X_new[y_new == label]
        real = X_real[y_real == label]
        if min(len(fake), len(real)) <= K:
            continue
        records.append(
            {
                "class": int(label),
                **sample_quality(features(real), features(fake), seed),
            }
        )
    return records
