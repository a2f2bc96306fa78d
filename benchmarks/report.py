"""Write one run's results: ``results.json``, ``report.md`` and PNG bar charts.

Suites describe their tables and charts as plain data; this module only renders, so
every report has the same shape and always carries the data licences (LoCoMo is
CC BY-NC 4.0, which a reader of the numbers has to know).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.datasets.locomo import LICENCE as LOCOMO_LICENCE

Interval = list[float] | None


@dataclass(frozen=True)
class Estimate:
    """A measured rate with its 95% bootstrap interval, rendered ``0.704 [0.662, 0.741]``."""

    value: float | None
    ci: Interval = None


Cell = str | float | int | Estimate | None


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """Grouped bars: one group per label, one bar per series (usually a system), with
    the series' 95% intervals as error bars where ``errors`` has them."""

    filename: str
    title: str
    ylabel: str
    series: dict[str, dict[str, float | None]]  # series -> label -> value
    errors: dict[str, dict[str, Interval]] | None = None  # series -> label -> [low, high]


INTERVAL_NOTE = (
    "Rates carry their 95% bootstrap interval in brackets (resampling unit: {unit}; see "
    "`benchmarks/uncertainty.py`)."
)


def estimate(group: dict[str, Any], metric: str) -> Estimate:
    """The ``metric`` of a scored group with its interval (``group["ci"][metric]``)."""
    return Estimate(group.get(metric), (group.get("ci") or {}).get(metric))


def licences(results: dict[str, Any]) -> list[str]:
    """The run's licences, always including LoCoMo's non-commercial notice."""
    found = list(results.get("licences", []))
    if LOCOMO_LICENCE not in found:
        found.append(LOCOMO_LICENCE)
    return found


def fmt(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, Estimate):
        if value.value is None:
            return "-"
        if value.ci is None:
            return fmt(value.value)
        return f"{fmt(value.value)} [{fmt(value.ci[0])}, {fmt(value.ci[1])}]"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown(results: dict[str, Any], tables: list[Table]) -> str:
    lines = [f"# Benchmark: {results['suite']}", ""]
    lines.append(
        f"Run {results['created']}{' (quick slice)' if results.get('quick') else ''}, "
        f"search depth k={results['k']}."
    )
    events = results.get("events", {})
    lines.append(f"{events.get('adds', 0)} observations, {events.get('questions', 0)} questions.")
    lines.append("")
    data = {k: v for k, v in results.get("data", {}).items() if isinstance(v, str | int | bool)}
    if data:
        lines.append("Data: " + ", ".join(f"{k}={v}" for k, v in data.items()) + ".")
        lines.append("")
    configured = {
        name: system
        for name, system in results["systems"].items()
        if system.get("policy") or system.get("settings")
    }
    if configured:
        lines += ["## Systems", "", "| system | policy | settings |", "|---|---|---|"]
        for name, system in configured.items():
            settings = json.dumps(system.get("settings") or {}, sort_keys=True)
            lines.append(f"| {name} | {system.get('policy') or '-'} | `{settings}` |")
        lines.append("")
    for table in tables:
        lines += [f"## {table.title}", ""]
        if table.note:
            lines += [table.note, ""]
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "---|" * len(table.columns))
        lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    skipped = {
        n: s.get("reason") or s.get("error")
        for n, s in results["systems"].items()
        if not s.get("available") or "error" in s
    }
    if skipped:
        lines += ["## Not measured", ""]
        lines += [f"- {name}: {why}" for name, why in skipped.items()]
        lines.append("")
    lines += ["## Data licences", ""]
    lines += [f"- {text}" for text in licences(results)]
    lines.append("")
    return "\n".join(lines)


def plot(chart: Chart, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(dict.fromkeys(label for values in chart.series.values() for label in values))
    width = 0.8 / max(1, len(chart.series))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.2 * len(labels) + 2), 4.0))
    for i, (series, values) in enumerate(chart.series.items()):
        xs = [j + i * width for j in range(len(labels))]
        ys = [values.get(label) or 0.0 for label in labels]
        spans = (chart.errors or {}).get(series, {})
        ends = [spans.get(label) or [y, y] for y, label in zip(ys, labels, strict=True)]
        below = [max(0.0, y - low) for y, (low, _) in zip(ys, ends, strict=True)]
        above = [max(0.0, high - y) for y, (_, high) in zip(ys, ends, strict=True)]
        has_errors = any(below) or any(above)
        ax.bar(
            xs,
            ys,
            width=width,
            label=series,
            yerr=[below, above] if has_errors else None,
            capsize=2 if has_errors else 0,
        )
    ax.set_xticks([j + width * (len(chart.series) - 1) / 2 for j in range(len(labels))])
    ax.set_xticklabels(labels, rotation=20, ha="right")
    ax.set_ylabel(chart.ylabel)
    ax.set_title(chart.title)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(out_dir: Path, results: dict[str, Any], tables: list[Table], charts: list[Chart]):
    out_dir.mkdir(parents=True, exist_ok=True)
    results = {**results, "licences": licences(results)}
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    (out_dir / "report.md").write_text(markdown(results, tables), encoding="utf-8")
    for chart in charts:
        if any(chart.series.values()):
            plot(chart, out_dir / chart.filename)


def _ok(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in results["systems"].items() if s.get("available") and "metrics" in s}


def measured(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The systems that ran to the end, by name."""
    return _ok(results)


def system_table(results: dict[str, Any]) -> Table:
    """Store size and latency per system, the same in every suite."""
    rows: list[list[Cell]] = []
    adds = int(results.get("events", {}).get("adds") or 0)

    def per_100(count: Any) -> Cell:
        return round(100.0 * count / adds, 1) if adds and count is not None else None

    for name, sys_ in _ok(results).items():
        stats, lat = sys_.get("stats", {}), sys_["latency_ms"]
        tiers = stats.get("memories_per_tier")
        tier_text = " / ".join(f"{t} {n}" for t, n in tiers.items()) if tiers else "-"
        consolidation = stats.get("consolidation") or {}
        seconds = consolidation.get("duration_s")
        rows.append(
            [
                name,
                stats.get("memories"),
                round(stats["memories"] / adds, 3) if adds and "memories" in stats else None,
                tier_text,
                Estimate(lat["add"].get("p50"), lat["add"].get("p50_ci")),
                Estimate(lat["search"].get("p50"), lat["search"].get("p50_ci")),
                Estimate(lat["search"].get("p95"), lat["search"].get("p95_ci")),
                lat["tick"].get("n"),
                Estimate(
                    round(consolidation["observations_in"] / seconds, 1) if seconds else None,
                    stats.get("consolidation_obs_per_s_ci"),
                ),
                stats.get("llm_calls"),
                per_100(stats.get("llm_calls")),
                per_100(stats.get("llm_tokens")),
                sys_.get("wall_s"),
            ]
        )
    return Table(
        "Cost: store, latency (ms) and consolidation",
        [
            "system",
            "memories",
            "memories / obs",
            "per tier",
            "add p50",
            "search p50",
            "search p95",
            "ticks",
            "consolidation obs/s",
            "LLM calls",
            "calls / 100 obs",
            "LLM tokens / 100 obs",
            "wall s",
        ],
        rows,
        "Latency percentiles carry a 95% bootstrap interval (calls resampled). Consolidation "
        "obs/s: observations consolidated per second of consolidation, with its interval "
        "(consolidation runs resampled); '-' for systems that do not consolidate. Counts "
        "(memories, LLM calls and tokens) are exact.",
    )


def latency_chart(results: dict[str, Any]) -> Chart:
    points = {"add p50": ("add", "p50"), "add p95": ("add", "p95")}
    points.update({"search p50": ("search", "p50"), "search p95": ("search", "p95")})
    ok = _ok(results)
    series = {
        name: {label: s["latency_ms"][call].get(q) for label, (call, q) in points.items()}
        for name, s in ok.items()
    }
    errors = {
        name: {label: s["latency_ms"][call].get(f"{q}_ci") for label, (call, q) in points.items()}
        for name, s in ok.items()
    }
    return Chart("latency.png", f"{results['suite']}: latency", "ms", series, errors)
