"""Scores, their summary over seeds, and the benchmark's table and plots."""

import numpy as np
from imblearn.metrics import geometric_mean_score
from sklearn.metrics import balanced_accuracy_score, f1_score, recall_score

METRICS = ("acsa", "gm", "f1")
METRIC_NAMES = {"acsa": "ACSA", "gm": "GM", "f1": "F1"}
TESTS = ("balanced_test", "imbalanced_test")

# The paper's results (percent), keyed by benchmark mode, test set and
# method, with a note for under the tables; its "DeepSMOTE" is shown next to
# our default and to our run of the paper's settings.
_FMNIST_DEEPSMOTE = {"acsa": 84.88, "gm": 91.63, "f1": 83.79}
_MNIST_DEEPSMOTE = {"acsa": 96.16, "gm": 98.11, "f1": 96.44}
PAPER_RESULTS = {
    "full": {
        "note": "paper: the DeepSMOTE paper's Fashion-MNIST results (ResNet-18, "
        "five folds); its DeepSMOTE (its architecture and penalty, 200 epochs) "
        "is shown beside our default DeepSMOTE and beside our run of the "
        "paper's settings.",
        "imbalanced_test": {
            "smote": {"acsa": 67.94, "gm": 74.84, "f1": 67.12},
            "deepsmote": _FMNIST_DEEPSMOTE,
            "deepsmote_paper_arch": _FMNIST_DEEPSMOTE,
        },
        "balanced_test": {
            name: {"acsa": 83.63, "gm": 90.61, "f1": 83.27}
            for name in ("deepsmote", "deepsmote_paper_arch")
        },
    },
    "mnist": {
        "note": "paper: the DeepSMOTE paper's results on the full MNIST "
        "(4000...40 training images), not on this sample; for orientation "
        "only.",
        "imbalanced_test": {
            "smote": {"acsa": 81.48, "gm": 83.99, "f1": 82.44},
            "deepsmote": _MNIST_DEEPSMOTE,
            "deepsmote_paper_arch": _MNIST_DEEPSMOTE,
        },
        "balanced_test": {
            name: {"acsa": 96.09, "gm": 97.80, "f1": 96.03}
            for name in ("deepsmote", "deepsmote_paper_arch")
        },
    },
}


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


def summarise(runs, method_names):
    """Mean and standard deviation over seeds of each method's scores.

    Parameters
    ----------
    runs : list of dict
        The per-seed, per-method records of the benchmark; records with an
        ``error`` are left out.
    method_names : list of str
        Methods to summarise, in the order wanted.

    Returns
    -------
    summary : dict
        ``{method: {"n_seeds", "seconds", "new_percent", test: {metric:
        [mean, std], "per_class_recall": [mean per class]}}}`` for each
        method with at least one successful run; ``seconds`` is the mean
        time of a run, ``new_percent`` the mean number of images added in
        percent of those that balance the classes. The standard deviation is that of the
        sample (ddof=1), 0 for a single seed.
    """
    summary = {}
    for name in method_names:
        done = [run for run in runs if run["method"] == name and "error" not in run]
        if not done:
            continue
        entry = {
            "n_seeds": len(done),
            "seconds": float(np.mean([run["timings"]["total_s"] for run in done])),
            "new_percent": float(np.mean([_new_percent(run) for run in done])),
        }
        for test in TESTS:
            entry[test] = {
                metric: _mean_std([run[test][metric] for run in done])
                for metric in (*METRICS, "accuracy")
            }
            recalls = np.array([run[test]["per_class_recall"] for run in done])
            entry[test]["per_class_recall"] = recalls.mean(axis=0).tolist()
        summary[name] = entry
    return summary


def _new_percent(run):
    """Images a run added, in percent of those that balance the classes."""
    before = np.array(run["train_counts"])
    after = np.array(run["resampled_counts"])
    return (
        100 * (after.sum() - before.sum()) / (before.max() * len(before) - before.sum())
    )


def _mean_std(values):
    std = np.std(values, ddof=1) if len(values) > 1 else 0.0
    return [float(np.mean(values)), float(std)]


def ranking(summary):
    """Method names, best balanced-test ACSA first."""
    return sorted(summary, key=lambda name: -summary[name]["balanced_test"]["acsa"][0])


def markdown_table(summary, methods, mode, errors=()):
    """The results as markdown: one table per test set, best method first.

    Each table gives ACSA, GM and macro F1 as mean ± standard deviation over
    seeds, the share of the balancing images added, the mean seconds per run
    (resampling, training, prediction), and the paper's numbers in adjacent
    columns where the paper reports the method (modes "full" and "mnist"
    only).

    Parameters
    ----------
    summary : dict
        From :func:`summarise`.
    methods : dict
        ``{name: Method}``, for the descriptions.
    mode : str
        Benchmark mode, to pick the paper's numbers.
    errors : sequence of str, default=()
        Failed runs, listed under the tables.
    """
    paper = PAPER_RESULTS.get(mode)
    order = ranking(summary)
    lines = []
    for test, title in (
        ("balanced_test", "Balanced test set (ranking)"),
        ("imbalanced_test", "Imbalanced test set (paper's protocol; same order)"),
    ):
        header = ["method", "seeds", *(METRIC_NAMES[m] for m in METRICS)]
        if paper:
            header += [f"{METRIC_NAMES[m]} (paper)" for m in METRICS]
        header += ["new", "s/run"]
        lines += [f"### {title}", "", _row(header), _row(["---"] * len(header))]
        for name in order:
            entry = summary[name]
            cells = [f"{name}: {methods[name].description}", str(entry["n_seeds"])]
            cells += [_format(*entry[test][metric]) for metric in METRICS]
            if paper:
                reported = paper[test].get(name, {})
                cells += [f"{reported[m]:.2f}" if reported else "" for m in METRICS]
            cells += [f"{entry['new_percent']:.0f}%", f"{entry['seconds']:.0f}"]
            lines.append(_row(cells))
        lines.append("")
    if paper:
        lines += [paper["note"], ""]
    if errors:
        lines += ["Failed runs:", ""] + [f"- {error}" for error in errors] + [""]
    return "\n".join(lines)


def _row(cells):
    return "| " + " | ".join(cells) + " |"


def _format(mean, std):
    return f"{mean:.2f} ± {std:.2f}"


def plot_per_class_recall(summary, class_names, train_counts, path):
    """Heat map of mean balanced-test recall, methods by classes; saved to path.

    Methods are rows, best balanced-test ACSA first; each column is a class,
    labelled with its training count. Needs matplotlib.
    """
    from matplotlib.figure import Figure

    order = ranking(summary)
    recall = np.array(
        [summary[name]["balanced_test"]["per_class_recall"] for name in order]
    )
    figure = Figure(
        figsize=(1.0 * len(class_names) + 3, 0.45 * len(order) + 2),
        layout="constrained",
    )
    ax = figure.subplots()
    image = ax.imshow(recall, cmap="viridis", vmin=0, vmax=100, aspect="auto")
    for (row, col), value in np.ndenumerate(recall):
        ax.text(
            col,
            row,
            f"{value:.0f}",
            ha="center",
            va="center",
            fontsize=8,
            color="black" if value > 60 else "white",
        )
    labels = [
        f"{name}\n({count})"
        for name, count in zip(class_names, train_counts, strict=True)
    ]
    ax.set_xticks(range(len(class_names)), labels, fontsize=8)
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel("class (training images)")
    ax.set_title("Recall per class on the balanced test set (%, mean over seeds)")
    figure.colorbar(image, ax=ax, label="recall (%)")
    figure.savefig(path, dpi=120)
