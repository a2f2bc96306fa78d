"""``python -m benchmarks compare RUN_A RUN_B``: did the change from A to B help?

Both runs saved every question's score (``per_question`` in ``results.json``), so the two
are compared question by question: for each metric and each group the report gives A's
and B's mean over the questions both answered, the change B - A, its paired 95% bootstrap
interval (``benchmarks.uncertainty``), and whether that interval excludes zero. Systems are
paired by name; with one system on each side and no common name, those two are paired
(``--a`` and ``--b`` choose explicitly).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.paths import RESULTS_DIR
from benchmarks.uncertainty import interval, resampling_unit, significant

LOWER_IS_BETTER = frozenset({"stale_above_current@5", "removed_surfaced@10"})
CLUSTER_NAMES = {"locomo": "conversation", "updates": "user", "goodai": "definition"}


def load(run: Path) -> dict[str, Any]:
    path = run / "results.json" if run.is_dir() else run
    if not path.is_file():
        raise ValueError(f"{run}: no results.json (give a result folder of one suite)")
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if "systems" not in results or "suite" not in results:
        raise ValueError(f"{path}: not a suite's results.json")
    return results


def measured(results: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """System name -> its per-question records, for the systems that saved them."""
    return {
        name: system["per_question"]
        for name, system in results["systems"].items()
        if system.get("per_question")
    }


def pairs(
    a: dict[str, Any], b: dict[str, Any], name_a: str | None, name_b: str | None
) -> list[tuple[str, str]]:
    left, right = measured(a), measured(b)
    if name_a or name_b:
        chosen = (name_a or name_b or "", name_b or name_a or "")
        if chosen[0] not in left or chosen[1] not in right:
            raise ValueError(
                f"--a {chosen[0]!r} / --b {chosen[1]!r}: run A has {sorted(left)}, "
                f"run B has {sorted(right)} (with per-question scores)"
            )
        return [chosen]
    common = [n for n in left if n in right]
    if common:
        return [(n, n) for n in common]
    if len(left) == 1 and len(right) == 1:
        return [(next(iter(left)), next(iter(right)))]
    raise ValueError(
        f"no system in both runs: A has {sorted(left)}, B has {sorted(right)}; "
        "choose with --a NAME --b NAME"
    )


def compare_pair(
    a: list[dict[str, Any]], b: list[dict[str, Any]], cluster_name: str
) -> list[dict[str, Any]]:
    """One row per (group, metric): means over shared questions, the change and its CI."""
    right = {r["key"]: r for r in b}
    shared = [(r, right[r["key"]]) for r in a if r["key"] in right]
    groups = list(dict.fromkeys(g for r, _ in shared for g in r["groups"]))
    metrics = list(dict.fromkeys(m for r, _ in shared for m in r["values"]))
    rows = []
    for group in groups:
        for metric in metrics:
            both = [
                (x["values"][metric], y["values"][metric], x["cluster"])
                for x, y in shared
                if group in x["groups"]
                and x["values"].get(metric) is not None
                and y["values"].get(metric) is not None
            ]
            if not both:
                continue
            deltas = [y - x for x, y, _ in both]
            clusters = [c for _, _, c in both]
            ci = interval(deltas, clusters)
            delta = sum(deltas) / len(deltas)
            rows.append(
                {
                    "group": group,
                    "metric": metric,
                    "questions": len(both),
                    "a": sum(x for x, _, _ in both) / len(both),
                    "b": sum(y for _, y, _ in both) / len(both),
                    "delta": delta,
                    "ci": ci,
                    "significant": significant(ci),
                    "verdict": verdict(metric, delta, significant(ci)),
                    "resampled": resampling_unit(clusters, cluster_name),
                }
            )
    return rows


def verdict(metric: str, delta: float, is_significant: bool) -> str:
    if not is_significant:
        return "no significant change"
    better = delta < 0 if metric in LOWER_IS_BETTER else delta > 0
    return "B better" if better else "B worse"


def markdown(a_dir: Path, b_dir: Path, suite: str, compared: dict[str, Any]) -> str:
    lines = [
        f"# Compare: {suite}",
        "",
        f"A: `{a_dir}`  ",
        f"B: `{b_dir}`",
        "",
        "Each row: the mean of A and of B over the questions both answered, the change B - A "
        "and its paired 95% bootstrap interval; **bold** when the interval excludes 0. "
        f"Lower is better for {', '.join(sorted(LOWER_IS_BETTER))}.",
        "",
    ]
    for label, rows in compared.items():
        changed = [r for r in rows if r["significant"]]
        lines += [f"## {label}", ""]
        lines.append(
            f"{len(changed)} of {len(rows)} (group, metric) rows changed significantly"
            + (f"; resampled by {rows[0]['resampled']}" if rows else "")
            + "."
        )
        lines += ["", "| group | metric | questions | A | B | B - A [95% CI] | verdict |"]
        lines.append("|---|---|---|---|---|---|---|")
        for r in rows:
            ci = "-" if r["ci"] is None else f"[{r['ci'][0]:+.3f}, {r['ci'][1]:+.3f}]"
            change = f"{r['delta']:+.3f} {ci}"
            if r["significant"]:
                change = f"**{change}**"
            lines.append(
                f"| {r['group']} | {r['metric']} | {r['questions']} | {r['a']:.3f} | "
                f"{r['b']:.3f} | {change} | {r['verdict']} |"
            )
        lines.append("")
    return "\n".join(lines)


def plot(compared: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(label, r) for label, found in compared.items() for r in found]
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(8.0, max(2.5, 0.22 * len(rows) + 1.0)))
    ys = list(range(len(rows)))[::-1]
    for y, (_, r) in zip(ys, rows, strict=True):
        low, high = r["ci"] or (r["delta"], r["delta"])
        color = "tab:green" if r["verdict"] == "B better" else "tab:red"
        color = color if r["significant"] else "tab:gray"
        ax.errorbar(
            r["delta"],
            y,
            xerr=[[max(0.0, r["delta"] - low)], [max(0.0, high - r["delta"])]],
            fmt="o",
            color=color,
            capsize=2,
        )
    multi = len(compared) > 1
    ax.set_yticks(ys)
    ax.set_yticklabels(
        [f"{label}: " * multi + f"{r['group']} {r['metric']}" for label, r in rows], fontsize=7
    )
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlabel("B - A (95% bootstrap interval; green better, red worse, grey no change)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def run(
    a_dir: Path, b_dir: Path, out_dir: Path, name_a: str | None = None, name_b: str | None = None
) -> dict[str, Any]:
    a, b = load(a_dir), load(b_dir)
    if a["suite"] != b["suite"]:
        raise ValueError(f"run A is {a['suite']}, run B is {b['suite']}: compare one suite")
    cluster_name = CLUSTER_NAMES.get(a["suite"], "cluster")
    compared = {
        (x if x == y else f"{x} (A) vs {y} (B)"): compare_pair(
            measured(a)[x], measured(b)[y], cluster_name
        )
        for x, y in pairs(a, b, name_a, name_b)
    }
    if not any(compared.values()):
        raise ValueError("the two runs share no scored question: same suite and slice?")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = {"suite": a["suite"], "a": str(a_dir), "b": str(b_dir), "pairs": compared}
    (out_dir / "compare.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(a_dir, b_dir, a["suite"], compared)
    (out_dir / "report.md").write_text(text, encoding="utf-8")
    plot(compared, out_dir / "compare.png")
    print(text)
    print(f"[compare] report: {out_dir / 'report.md'}")
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks compare", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("run_a", type=Path, help="result folder of the baseline")
    parser.add_argument("run_b", type=Path, help="result folder of the change")
    parser.add_argument("--a", dest="name_a", help="the system of run A to compare")
    parser.add_argument("--b", dest="name_b", help="the system of run B to compare")
    parser.add_argument("--out", type=Path, default=None, help="report folder")
    args = parser.parse_args(argv)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS_DIR / f"compare-{stamp}"
    try:
        run(args.run_a, args.run_b, out, args.name_a, args.name_b)
    except ValueError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    return 0
