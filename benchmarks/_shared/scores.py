"""Scores of one prediction: ACSA, GM, macro F1, accuracy, per-class recall."""

import numpy as np
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import balanced_accuracy_score, f1_score, recall_score


def score(y_true, y_pred, n_classes):
    """ACSA, GM, macro F1 and accuracy (percent), and per-class recall.

    ACSA is the balanced accuracy; GM is imbalanced-learn's
    ``geometric_mean_score(average="macro")``, the mean over classes of
    ``sqrt(sensitivity * specificity)``.
    """
    labels = np.arange(n_classes)
    recall = recall_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    return {
        "acsa": 100 * balanced_accuracy_score(y_true, y_pred),
        "gm": 100 * geometric_mean_score(y_true, y_pred, average="macro"),
        "f1": 100 * f1_score(y_true, y_pred, average="macro", zero_division=0),
        "accuracy": 100 * float(np.mean(y_true == y_pred)),
        "per_class_recall": (100 * recall).tolist(),
    }
