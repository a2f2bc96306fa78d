"""What each inspector page shows, read from the stores (blocking: run in a thread).

Pages read through ``Memory`` where it has the call (search, history, profile) and
through the tiers' own interface otherwise (a fact's reinforcement and strength are
what the retention curve needs, and the public dict leaves them out). Nothing here
writes: a search from the playground does not reinforce what it finds.
"""

from __future__ import annotations

import json
import math
from typing import Any

from tiermem import tier_counts
from tiermem.consolidation import forgetting, run_log
from tiermem.memory import Memory
from tiermem.service.auth import Caller
from tiermem.tiers import keys
from tiermem.types import MemoryItem, TierName, iso
from tiermem.ui import access, plots

TIERS: tuple[TierName, ...] = ("short", "mid", "long")
PER_COLUMN = 200
TENANTS_SHOWN = 200
CURVES_DRAWN = 12


def _when(t: float | None) -> str:
    return (iso(t) or "")[:19].replace("T", " ") if t else ""


def overview(memory: Memory, caller: Caller, tenant: str | None, find: str) -> dict[str, Any]:
    root = memory.stores.long.shards.root
    visible = access.tenants(caller, memory)
    matching = [t for t in visible if find.lower() in t.lower()]
    counts = tier_counts.read_tenants(memory.client, root, matching[:TENANTS_SHOWN])
    rows = [{"tenant": t, **c} for t, c in counts.items()]
    plot = None
    current: dict[str, int] = {}
    if tenant is not None:
        current = counts.get(tenant) or tier_counts.read_tenant(memory.client, root, tenant)
        plot = plots.counts_over_time(run_log.read(memory.client, tenant), memory.clock(), current)
    return {
        "rows": rows,
        "hidden": max(len(matching) - TENANTS_SHOWN, 0),
        "total": len(visible),
        "current": current,
        "plot": plot,
    }


def _row(item: MemoryItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.memory,
        "attribute": item.public().get("attribute"),
        "value": item.public().get("value"),
        "reinforcement": item.reinforcement,
        "observed": _when(item.observed_at),
        "updated": _when(item.updated_at),
        "valid_from": _when(item.valid_from),
        "valid_to": _when(item.valid_to),
        "current": item.is_current,
        "sources": len(item.sources),
    }


def tiers(
    memory: Memory, tenant: str | None, q: str, attribute: str, superseded: bool
) -> dict[str, Any]:
    columns: dict[str, list[dict[str, Any]]] = {name: [] for name in TIERS}
    totals = dict.fromkeys(TIERS, 0)
    if tenant is None:
        return {"columns": columns, "totals": totals, "per_column": PER_COLUMN}
    needle, wanted = q.strip().lower(), attribute.strip().lower()
    for name in TIERS:
        items = memory.stores.tier(name).all(tenant, include_superseded=superseded)
        items.sort(key=lambda i: i.updated_at, reverse=True)
        rows = [_row(i) for i in items if not needle or needle in i.memory.lower()]
        if wanted:
            rows = [r for r in rows if (r["attribute"] or "").lower() == wanted]
        totals[name] = len(rows)
        columns[name] = rows[:PER_COLUMN]
    return {"columns": columns, "totals": totals, "per_column": PER_COLUMN}


def life(memory: Memory, tenant: str, memory_id: str) -> dict[str, Any]:
    """A memory's events, oldest first, and the observations it came from."""
    item = memory.get(memory_id)
    events = memory.history(memory_id)
    sources: list[str] = list(item.get("sources", [])) if item else []
    for event in events:
        for key in ("sources", "source_ids"):
            found = event.get("details", {}).get(key)
            if isinstance(found, list):
                sources.extend(str(s) for s in found)
    linked = []
    for source in dict.fromkeys(sources):
        found = memory.stores.registry.lookup(source)
        if found is not None and found[0] == tenant:  # never a link into another tenant
            linked.append({"id": source, "state": found[1], "itself": source == memory_id})
    return {
        "memory_id": memory_id,
        "item": item,
        "events": [
            {**e, "when": e["created_at"][:19].replace("T", " "), "details_json": _details(e)}
            for e in events
        ],
        "sources": linked,
    }


def _details(event: dict[str, Any]) -> str:
    details = {k: v for k, v in event.get("details", {}).items() if k not in ("sources",)}
    return json.dumps(details, ensure_ascii=False, sort_keys=True) if details else ""


def search(memory: Memory, tenant: str | None, q: str, limit: int) -> dict[str, Any]:
    if tenant is None or not q.strip():
        return {"hits": [], "searched": False}
    found = memory.search(
        q, **access.scope_of(tenant).ids(), limit=max(1, min(limit, 50)), explain=True, recall=False
    )
    hits = []
    for hit in found["results"]:
        parts = hit.get("explain", {})
        hits.append(
            {
                **hit,
                "parts": [(k, v) for k, v in parts.items() if not isinstance(v, (dict, list))],
            }
        )
    return {"hits": hits, "searched": True}


def runs(memory: Memory, tenant: str | None) -> dict[str, Any]:
    if tenant is None:
        return {"entries": [], "plot": None, "dead": []}
    entries = run_log.read(memory.client, tenant)
    dead = []
    for raw_id, raw in memory.client.hgetall(keys.dead_letters(tenant)).items():
        letter = json.loads(raw)
        dead.append(
            {
                "id": keys.text(raw_id),
                "reason": letter.get("reason", ""),
                "attempts": letter.get("attempts", 0),
                "at": _when(letter.get("at")),
            }
        )
    shown = [{**e.model_dump(), "when": _when(e.at), "llm": e.llm_calls} for e in reversed(entries)]
    plot = plots.actions_per_run(entries[-60:]) if entries else None
    return {"entries": shown, "plot": plot, "dead": dead}


def retention(memory: Memory, tenant: str | None) -> dict[str, Any]:
    config = memory.config
    if tenant is None:
        return {"facts": [], "plot": None, "threshold": config.decay_threshold}
    now = memory.clock()
    facts: list[dict[str, Any]] = []
    curves: list[tuple[str, float, float]] = []
    for item in memory.stores.tier("mid").all(tenant):
        s = forgetting.fact_stability(item, config)
        touched = forgetting.last_touch(item)
        r = forgetting.retention(now - touched, s)
        forget_at = touched - s * math.log(config.decay_threshold)
        facts.append(
            {
                "id": item.id,
                "text": item.memory,
                "reinforcement": item.reinforcement,
                "stability_days": s / 86400.0,
                "retention": r,
                "touched": touched,
                "forget_in_days": (forget_at - now) / 86400.0,
            }
        )
        curves.append((item.memory, touched, s))
    order = sorted(range(len(facts)), key=lambda n: float(facts[n]["retention"]))
    facts = [facts[n] for n in order]  # closest to decaying first
    curves = [curves[n] for n in order]
    plot = plots.retention_curves(curves[:CURVES_DRAWN], now, config.decay_threshold)
    return {"facts": facts, "plot": plot if facts else None, "threshold": config.decay_threshold}


def profile(memory: Memory, tenant: str | None) -> dict[str, Any]:
    if tenant is None:
        return {"attributes": {}}
    return {"attributes": memory.profile(**access.scope_of(tenant).ids())["attributes"]}
