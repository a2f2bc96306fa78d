"""The inspector's plots, drawn by matplotlib as inline SVG.

SVG keeps the text as text (searchable, readable by a screen reader) and needs no
file on disk; ``Figure`` is used without pyplot, whose global state is not meant for
a server's threads. matplotlib is imported on the first plot, so a service that never
draws one never pays for it. Each picture carries ``role="img"`` and a description.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tiermem.consolidation.run_log import RunEntry

TIER_COLOURS = {"short": "#d97706", "mid": "#2563eb", "long": "#059669"}


def _figure(width: float = 7.5, height: float = 3.0) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=96, layout="constrained")
    return fig, fig.add_subplot()


def _svg(fig: Any, description: str) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tiermem"}):
        fig.savefig(buf, format="svg")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1)


def _dates(times: Sequence[float]) -> list[datetime]:
    return [datetime.fromtimestamp(t, UTC) for t in times]


def counts_over_time(entries: Sequence[RunEntry], now: float, current: dict[str, int]) -> str:
    """Short, mid and long counts after each consolidation run, and now."""
    fig, ax = _figure()
    times = [e.at for e in entries] + [now]
    for tier, colour in TIER_COLOURS.items():
        values = [getattr(e.counts, tier) for e in entries] + [current.get(tier, 0)]
        ax.plot(_dates(times), values, marker="o", markersize=3, color=colour, label=tier)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_ylabel("memories")
    ax.set_title("Memories per tier, after each consolidation run (UTC)")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig, f"Memories per tier over {len(entries)} consolidation runs")


def actions_per_run(entries: Sequence[RunEntry]) -> str:
    """What each run did, stacked by action."""
    fig, ax = _figure(height=2.6)
    names = sorted({name for e in entries for name in e.actions})
    bottom = [0] * len(entries)
    positions = list(range(len(entries)))
    for name in names:
        heights = [e.actions.get(name, 0) for e in entries]
        ax.bar(positions, heights, bottom=bottom, label=name)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(x) + 1}"))
    ax.set_xlabel("run (oldest first)")
    ax.set_ylabel("actions")
    ax.set_title("Actions per consolidation run")
    ax.set_ylim(0, max(bottom, default=1) * 1.35 + 1)  # room for the legend
    if names:
        ax.legend(loc="upper left", fontsize="small", ncols=min(len(names), 5))
    ax.grid(alpha=0.3, axis="y")
    return _svg(fig, f"Actions of {len(entries)} consolidation runs, by kind")


def retention_curves(
    curves: Sequence[tuple[str, float, float]], now: float, threshold: float
) -> str:
    """R = exp(-dt / S) of each fact from its last touch, with now and the decay
    threshold marked. ``curves``: (label, last touch, stability in seconds)."""
    fig, ax = _figure(height=3.4)
    day = 86400.0
    horizon = max((-math.log(threshold) * s for _, _, s in curves), default=7 * day)
    start = min((t for _, t, _ in curves), default=now)
    end = max(now, start) + min(horizon, 365 * day)
    steps = 80
    for label, touched, s in curves:
        xs = [touched + (end - touched) * i / steps for i in range(steps + 1)]
        ys = [math.exp(-(x - touched) / s) for x in xs]
        ax.plot([(x - now) / day for x in xs], ys, linewidth=1.2, label=label[:40])
    ax.axvline(0.0, color="#444", linestyle="--", linewidth=1)
    ax.axhline(threshold, color="#b91c1c", linestyle=":", linewidth=1)
    ax.text(0.0, 1.02, " now", fontsize="small")
    ax.text((start - now) / day, threshold + 0.02, "decay threshold", fontsize="small")
    ax.set_xlabel("days from now")
    ax.set_ylabel("retention")
    ax.set_ylim(0, 1.08)
    ax.set_title("Mid-tier retention curves")
    if 0 < len(curves) <= 8:
        ax.legend(loc="upper right", fontsize="x-small")
    ax.grid(alpha=0.3)
    return _svg(fig, f"Retention curves of {len(curves)} mid-tier facts")
