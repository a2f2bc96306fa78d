"""decay: mid-tier facts nobody reinforced or recalled fade out.

Retention follows the forgetting curve (``consolidation.forgetting``); a fact below the
threshold is removed from mid in one fenced MULTI, its id marked ``decayed`` in the
id registry and a DECAY event kept, so ``get``/``history`` still explain it.
"""

from __future__ import annotations

from typing import Any

from tiermem import history
from tiermem.consolidation.forgetting import fact_stability, last_touch, retention
from tiermem.consolidation.lease import unchanged
from tiermem.consolidation.passes.tenant_run import TenantRun
from tiermem.tiers import keys
from tiermem.tiers.id_registry import IdRegistry
from tiermem.types import EventKind, MemoryItem


def run(tr: TenantRun) -> None:
    cfg, tenant = tr.config, tr.tenant
    mid_items = keys.items(tenant, "mid")
    for fact in tr.stores.mid.all(tenant):
        s = fact_stability(fact, cfg)
        r = retention(tr.now - last_touch(fact), s)
        if r >= cfg.decay_threshold:
            continue
        raw = tr.stores.client.hget(mid_items, fact.id)
        if raw is None:
            continue

        def fill(pipe: Any, f: MemoryItem = fact, r_: float = r, s_: float = s) -> None:
            tr.stores.mid.drop(pipe, f)
            IdRegistry.set(pipe, f.id, tenant, "decayed")
            history.record(
                pipe,
                tenant,
                memory_id=f.id,
                event=EventKind.DECAY,
                old_memory=f.memory,
                tier="mid",
                actor=tr.actor,
                created_at=tr.now,
                details={"retention": round(r_, 6), "stability_s": s_},
            )

        if tr.lease.commit(fill, mid_items, check=unchanged(mid_items, fact.id, raw)):
            tr.report.count("DECAY")
