"""The matrix's report: tables, ranks, Friedman and Wilcoxon tests, figure.

Blocks are (data set, seed or fold, classifier); within a block, samplers
are ranked by balanced accuracy (ACSA) on the test set, 1 = best, ties
averaged. A rank table takes the samplers that ran on at least 80% of
the blocks it covers and the blocks where all of them ran, so its rows
compare like with like.
"""

import numpy as np
import pandas as pd
from _methods import METHODS
from scipy.stats import friedmanchisquare, rankdata, wilcoxon

IMAGE_DATASETS = ("digits", "mnist", "fmnist", "fmnist_harsh")
DEEPSMOTE_PREFIX = "deepsmote"
GROUPS = ("images", "tabular")
METRICS = ("acsa", "gm", "f1")


def runs_frame(results):
    """One row per run: data set, split, sampler, classifier, scores."""
    rows = [
        {
            "group": "images" if run["dataset"] in IMAGE_DATASETS else "tabular",
            "dataset": run["dataset"],
            "split": run["split"],
            "sampler": run["sampler"],
            "classifier": run["classifier"],
            **{metric: run["test"][metric] for metric in METRICS},
        }
        for run in results["runs"]
    ]
    return pd.DataFrame(
        rows,
        columns=["group", "dataset", "split", "sampler", "classifier", *METRICS],
    )


def _order(names):
    """Samplers in the order of the matrix (baselines, then DeepSMOTE)."""
    names = set(names)
    return [s for s in METHODS if s in names]


def block_table(frame, metric="acsa", share=0.8):
    """Blocks as rows, samplers as columns, and no gaps.

    Samplers that ran on fewer than ``share`` of the blocks (class weights
    where some classifiers take none) are left out; then blocks that lack
    any of the rest (those of a run cut short) are.
    """
    table = frame.pivot_table(
        index=["dataset", "split", "classifier"], columns="sampler", values=metric
    )
    table = table.loc[:, table.notna().mean() >= share].dropna(axis=0, how="any")
    return table[_order(table.columns)]


def mean_ranks(table):
    """Mean rank of each sampler (column) over the blocks (rows); 1 = best."""
    ranks = np.apply_along_axis(rankdata, 1, -table.to_numpy())
    return pd.Series(ranks.mean(axis=0), index=table.columns)


def friedman(table):
    """Friedman test over the blocks; None with too few samplers or blocks."""
    if table.shape[1] < 3 or table.shape[0] < 2:
        return None
    return float(friedmanchisquare(*table.to_numpy().T).pvalue)


def paired(a, b):
    """Mean and sd of a - b, wins/ties/losses, two-sided Wilcoxon p."""
    diff = np.asarray(a) - np.asarray(b)
    if np.allclose(diff, 0):
        p = 1.0
    else:
        p = float(wilcoxon(diff).pvalue)
    return {
        "n": len(diff),
        "mean": float(diff.mean()),
        "sd": float(diff.std(ddof=1)) if len(diff) > 1 else 0.0,
        "wins": int((diff > 0).sum()),
        "ties": int((diff == 0).sum()),
        "losses": int((diff < 0).sum()),
        "p": p,
    }


def rank_summary(frame):
    """Per group: mean ranks per classifier and overall, Friedman p."""
    summary = {}
    for group in GROUPS:
        part = frame[frame.group == group]
        if part.empty:
            continue
        columns = {}
        for classifier in sorted(part.classifier.unique(), key=_classifier_key):
            table = block_table(part[part.classifier == classifier])
            columns[classifier] = _ranks_entry(table)
        columns["all"] = _ranks_entry(block_table(part))
        summary[group] = columns
    return summary


def _rank_cell(entry, sampler):
    rank = entry["ranks"].get(sampler)
    return "" if rank is None else f"{rank:.2f}"


def _p_cell(p):
    return "" if p is None else f"{p:.2g}"


def _classifier_key(name):
    return ["lr", "svc", "knn", "rf", "mlp", "cnn"].index(name)


def _ranks_entry(table):
    return {
        "blocks": int(table.shape[0]),
        "datasets": sorted(set(table.index.get_level_values("dataset"))),
        "ranks": mean_ranks(table).to_dict() if table.shape[0] else {},
        "friedman_p": friedman(table),
    }


def wilcoxon_summary(frame):
    """Each DeepSMOTE variant against each baseline, per group and classifier.

    The variants other than the defaults are also tested against the
    defaults (``deepsmote``). Pairs are the blocks where both ran; ``"all"``
    pools the classifiers.
    """
    out = {}
    table = frame.pivot_table(
        index=["group", "dataset", "split", "classifier"],
        columns="sampler",
        values="acsa",
    )
    samplers = _order(table.columns)
    variants = [s for s in samplers if s.startswith(DEEPSMOTE_PREFIX)]
    baselines = [s for s in samplers if not s.startswith(DEEPSMOTE_PREFIX)]
    for group in GROUPS:
        if group not in table.index.get_level_values("group"):
            continue
        part = table.xs(group, level="group")
        classifiers = sorted(
            set(part.index.get_level_values("classifier")), key=_classifier_key
        )
        for classifier in [*classifiers, "all"]:
            rows = part
            if classifier != "all":
                rows = part.xs(classifier, level="classifier", drop_level=False)
            for variant in variants:
                # Each other variant is also tested against the defaults.
                against = baselines + ["deepsmote"] * (
                    variant != "deepsmote" and "deepsmote" in variants
                )
                for baseline in against:
                    both = rows[[variant, baseline]].dropna()
                    if len(both) < 2:
                        continue
                    key = f"{group}|{classifier}|{variant}|{baseline}"
                    out[key] = paired(both[variant], both[baseline])
    return out


def dataset_tables(frame, metric="acsa"):
    """Per data set: samplers by classifiers, mean ± sd of ``metric``."""
    tables = {}
    for dataset in frame.dataset.unique():
        part = frame[frame.dataset == dataset]
        stats = part.groupby(["sampler", "classifier"])[metric].agg(
            ["mean", "std", "count"]
        )
        tables[dataset] = stats
    return tables


def quality_summary(results):
    """Per data set and sampler: measures averaged over classes and splits."""
    if not results.get("quality"):
        return None
    frame = pd.DataFrame(results["quality"])
    # The real training images are scored on the classes that got new ones.
    key = ["dataset", "split", "class"]
    generated = frame.loc[frame.sampler != "real_train", key].drop_duplicates()
    real = frame[frame.sampler == "real_train"].merge(generated, on=key)
    frame = pd.concat([frame[frame.sampler != "real_train"], real])
    measures = ["precision", "recall", "density", "coverage", "frechet"]
    return frame.groupby(["dataset", "sampler"])[measures].agg(["mean", "std"])


def cost_summary(results):
    """Per image data set and sampler: mean resampling seconds."""
    frame = pd.DataFrame(results["resamples"])
    if frame.empty:
        return None
    seconds = frame.groupby(["dataset", "sampler"])["seconds"]
    return seconds.agg(["mean", "std", "count"])


def plot_ranks(summary, path):
    """Heat maps of mean ranks: samplers by classifiers, one panel a group."""
    from matplotlib.figure import Figure

    groups = [g for g in GROUPS if g in summary]
    figure = Figure(figsize=(6.5 * len(groups), 5.5), layout="constrained")
    axes = np.atleast_1d(figure.subplots(1, len(groups)))
    for ax, group in zip(axes, groups, strict=True):
        columns = summary[group]
        samplers = _order({s for entry in columns.values() for s in entry["ranks"]})
        values = np.full((len(samplers), len(columns)), np.nan)
        for j, entry in enumerate(columns.values()):
            for i, sampler in enumerate(samplers):
                values[i, j] = entry["ranks"].get(sampler, np.nan)
        image = ax.imshow(values, cmap="viridis_r", aspect="auto")
        for (i, j), value in np.ndenumerate(values):
            if not np.isnan(value):
                best = value == np.nanmin(values[:, j])
                ax.text(
                    j,
                    i,
                    f"{value:.1f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    fontweight="bold" if best else "normal",
                    color="white" if value > np.nanmean(values) else "black",
                )
        labels = [
            f"{name}\n({entry['blocks']} blocks)" for name, entry in columns.items()
        ]
        ax.set_xticks(range(len(columns)), labels, fontsize=8)
        ax.set_yticks(range(len(samplers)), samplers, fontsize=8)
        ax.set_title(f"{group}: mean rank by balanced accuracy (1 = best)")
        figure.colorbar(image, ax=ax, label="mean rank")
    figure.savefig(path, dpi=110)


def _table(first, columns, rows, align="---:"):
    """Markdown table lines: a header, then ``(label, cells)`` rows."""
    lines = [
        f"| {first} | " + " | ".join(columns) + " |",
        "|---|" + f"{align}|" * len(columns),
    ]
    return lines + [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]


def _mean_sd(stats, key, digits=2, count=False):
    """``mean ± sd`` of a groupby row, or "" where the row is missing."""
    if key not in stats.index:
        return ""
    row = stats.loc[key]
    sd = 0.0 if np.isnan(row["std"]) else row["std"]
    cell = f"{row['mean']:.{digits}f} ± {sd:.{digits}f}"
    return cell + (f" ({int(row['count'])})" if count else "")


def _fmt(entry):
    return (
        f"{entry['mean']:+.2f} ± {entry['sd']:.2f} "
        f"({entry['wins']}/{entry['ties']}/{entry['losses']}, p={entry['p']:.3g})"
    )


def markdown(results, summary, tests):
    """The whole report as markdown."""
    frame = runs_frame(results)
    lines = [
        f"## Comparison matrix, mode {results['settings']['mode']}",
        "",
        f"Wall time {sum(results.get('wall_s', [0])):.0f} s "
        f"({results['machine']['cpus_usable']} CPUs, load average "
        f"{results['machine']['load_average_at_start'][0]:.1f} at start); "
        f"{len(frame)} classifier runs. Scores in percent on the balanced test "
        "set (images) or the held-out fold (tabular).",
        "",
    ]
    lines += ["### Mean ranks by balanced accuracy (1 = best)", ""]
    for group, columns in summary.items():
        names = list(columns)
        samplers = _order({s for e in columns.values() for s in e["ranks"]})
        rows = [
            (sampler, [_rank_cell(columns[n], sampler) for n in names])
            for sampler in samplers
        ]
        rows.append(("blocks", [str(columns[n]["blocks"]) for n in names]))
        rows.append(("Friedman p", [_p_cell(columns[n]["friedman_p"]) for n in names]))
        lines += [f"#### {group}", "", *_table("sampler", names, rows), ""]
    lines += [
        "### DeepSMOTE against each baseline (paired Wilcoxon)",
        "",
        "Difference in balanced accuracy, DeepSMOTE variant minus baseline, "
        "mean ± sd over paired blocks (wins/ties/losses, two-sided p).",
        "",
    ]
    for group in GROUPS:
        keys = [k for k in tests if k.startswith(group + "|")]
        if not keys:
            continue
        lines += [f"#### {group}", ""]
        variants = _order({k.split("|")[2] for k in keys})
        baselines = _order({k.split("|")[3] for k in keys})
        classifiers = list(dict.fromkeys(k.split("|")[1] for k in keys))
        for variant in variants:
            rows = [
                (
                    classifier,
                    [
                        _fmt(tests[key])
                        if (key := f"{group}|{classifier}|{variant}|{b}") in tests
                        else ""
                        for b in baselines
                    ],
                )
                for classifier in classifiers
            ]
            table = _table("classifier", baselines, rows, "---")
            lines += [f"{variant}:", "", *table, ""]
    lines += ["### Balanced accuracy per data set (mean ± sd over splits)", ""]
    for dataset, stats in dataset_tables(frame).items():
        classifiers = sorted(
            set(stats.index.get_level_values("classifier")), key=_classifier_key
        )
        rows = [
            (sampler, [_mean_sd(stats, (sampler, c), count=True) for c in classifiers])
            for sampler in _order(set(stats.index.get_level_values("sampler")))
        ]
        lines += [f"#### {dataset}", "", *_table("sampler", classifiers, rows), ""]
    lines += _gm_f1_lines(frame)
    quality = quality_summary(results)
    if quality is not None:
        lines += [
            "### Sample quality (generated vs held-out real images of each class)",
            "",
            "Features: the hidden layer of the CNN trained on the real training "
            "set of the split. k = 5; mean ± sd over classes that got new "
            "samples and over splits; real_train: the real training images of "
            "the same classes, for reference. Fréchet distance: lower is better.",
            "",
            "| data set | sampler | precision | recall | density | coverage "
            "| Fréchet |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for (dataset, sampler), row in quality.iterrows():
            cells = [
                f"{row[(m, 'mean')]:.3f} ± {row[(m, 'std')]:.3f}"
                if m != "frechet"
                else f"{row[(m, 'mean')]:.2f} ± {row[(m, 'std')]:.2f}"
                for m in ("precision", "recall", "density", "coverage", "frechet")
            ]
            lines.append(f"| {dataset} | {sampler} | " + " | ".join(cells) + " |")
        lines.append("")
    cost = cost_summary(results)
    if cost is not None:
        samplers = _order(cost.index.get_level_values(1))
        rows = [
            (dataset, [_mean_sd(cost, (dataset, s)) for s in samplers])
            for dataset in cost.index.get_level_values(0).unique()
        ]
        lines += [
            "### Resampling time (s, mean ± sd over splits)",
            "",
            *_table("data set", samplers, rows),
            "",
        ]
    return "\n".join(lines)


def _gm_f1_lines(frame):
    """G-mean and macro F1, mean over all blocks of a group, per sampler."""
    lines = [
        "### G-mean and macro F1 (mean over every run of a group)",
        "",
        "| group | sampler | ACSA | GM | F1 | runs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for group in GROUPS:
        part = frame[frame.group == group]
        for sampler in _order(set(part.sampler)):
            rows = part[part.sampler == sampler]
            lines.append(
                f"| {group} | {sampler} | {rows.acsa.mean():.2f} | "
                f"{rows.gm.mean():.2f} | {rows.f1.mean():.2f} | {len(rows)} |"
            )
    return [*lines, ""]


def write_report(results, output_dir):
    """Write results.md and ranks.png; store the summaries in the results."""
    frame = runs_frame(results)
    if frame.empty:
        return
    summary = rank_summary(frame)
    tests = wilcoxon_summary(frame)
    results["rank_summary"] = summary
    results["wilcoxon"] = tests
    text = markdown(results, summary, tests)
    (output_dir / "results.md").write_text(text)
    plot_ranks(summary, output_dir / "ranks.png")
    print(text)
