"""How the verbs print: rich tables for people, or the API's own dicts as JSON.

``--json`` prints exactly what the Python call returned, so a script gets the same
shape as a ``Memory`` caller. Tables show what a person scans for (id, tier, text,
when) and leave the rest to ``--json``. Timestamps in tables drop their sub-seconds and
zone (always UTC) to stay narrow.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

MemoryDict = dict[str, Any]


def console() -> Console:
    """A console on the current ``sys.stdout`` (tests replace it), wide enough off a
    terminal that a 32-digit id and some text share a line."""
    out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    if not out.is_terminal:
        out = Console(file=sys.stdout, highlight=False, width=max(out.width, 140))
    return out


def print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def short_time(value: object) -> str:
    """'2025-01-01T00:00:00.123+00:00' -> '2025-01-01 00:00:00'."""
    if not isinstance(value, str):
        return ""
    return value.replace("T", " ")[:19]


def memories(rows: list[MemoryDict], *, title: str, scores: bool = False) -> None:
    """One line per memory: search hits (with scores), list results, add results."""
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("tier", no_wrap=True)
    if scores:
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("sim", justify="right", no_wrap=True)
    table.add_column("updated (UTC)", no_wrap=True)
    table.add_column("memory", overflow="fold")
    for row in rows:
        cells = [str(row.get("id", "")), _tier(row)]
        if scores:
            cells += [f"{row.get('score', 0.0):.3f}", f"{row.get('similarity', 0.0):.3f}"]
        cells += [short_time(row.get("updated_at")), str(row.get("memory", ""))]
        table.add_row(*cells)
    console().print(table)


def _tier(row: MemoryDict) -> str:
    """'long' for a current long-term fact, 'long (old)' for a superseded version."""
    tier = str(row.get("tier", ""))
    if tier == "long" and row.get("valid_to") is not None:
        return "long (old)"
    return tier


def added(result: MemoryDict) -> None:
    table = Table(title="added", title_justify="left")
    table.add_column("id", no_wrap=True, style="cyan")
    table.add_column("event", no_wrap=True)
    table.add_column("tier", no_wrap=True)
    table.add_column("memory", overflow="fold")
    for row in result.get("results", []):
        table.add_row(row["id"], row["event"], row["tier"], row["memory"])
    out = console()
    out.print(table)
    for skip in result.get("skipped", []):
        out.print(f"skipped message {skip['index']}: {skip['reason']}")


_DETAIL_ORDER = (
    "id",
    "memory",
    "tier",
    "user_id",
    "agent_id",
    "run_id",
    "role",
    "created_at",
    "updated_at",
    "valid_from",
    "valid_to",
    "superseded_by",
    "attribute",
    "value",
    "reinforcement",
    "sources",
    "metadata",
    "hash",
)


def detail(item: MemoryDict) -> None:
    """One memory, field per line; fields left empty (``None``) are not shown."""
    table = Table(show_header=False, box=None)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for name in (*_DETAIL_ORDER, *(k for k in item if k not in _DETAIL_ORDER)):
        value = item.get(name)
        if value is None:
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        table.add_row(name, shown)
    console().print(table)


def events(memory_id: str, rows: list[MemoryDict]) -> None:
    table = Table(title=f"history of {memory_id}", title_justify="left")
    table.add_column("when (UTC)", no_wrap=True)
    table.add_column("event", no_wrap=True)
    table.add_column("tier", no_wrap=True)
    table.add_column("actor", no_wrap=True)
    table.add_column("change", overflow="fold")
    table.add_column("details", overflow="fold")
    for row in rows:
        old, new = row.get("old_memory"), row.get("new_memory")
        change = f"{old} -> {new}" if old and new and old != new else str(new or old or "")
        details = row.get("details") or {}
        table.add_row(
            short_time(row.get("created_at")),
            str(row.get("event", "")),
            str(row.get("tier") or ""),
            str(row.get("actor", "")),
            change,
            json.dumps(details, ensure_ascii=False) if details else "",
        )
    console().print(table)


def line(text: str) -> None:
    """A plain sentence on standard output (a deletion, an import's summary)."""
    sys.stdout.write(text + "\n")
