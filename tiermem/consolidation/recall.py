"""Recall reinforces: a fact a search returns is strengthened, at most once per interval.

Writes are throttled per fact (``recall_reinforce_interval_s``) with one Redis hash, so a
hot query does not turn every search into a burst of writes.
"""

from __future__ import annotations

from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.types import MemoryItem

RECALL_STRENGTH_STEP = 0.25


def reinforce_recalled(stores: Stores, tenant: str, items: list[MemoryItem], now: float) -> int:
    """Returns how many facts were written (the rest were throttled or raw observations)."""
    facts = [i for i in items if i.tier in ("mid", "long") and i.is_current]
    if not facts:
        return 0
    interval = stores.config.recall_reinforce_interval_s
    key = keys.recall(tenant)
    last = stores.client.hmget(key, [i.id for i in facts])
    due = [
        i for i, raw in zip(facts, last, strict=True) if raw is None or now - float(raw) >= interval
    ]
    written = sum(_reinforce_mid(stores, tenant, i.id, now) for i in due if i.tier == "mid")
    long_ids = [i.id for i in due if i.tier == "long"]
    shard = stores.long.existing_shard(tenant) if long_ids else None
    if shard is not None:
        written += shard.strengthen(long_ids, when=now, step=RECALL_STRENGTH_STEP)
    if due:
        stores.client.hset(key, mapping={i.id: repr(now) for i in due})
    return written


def _reinforce_mid(stores: Stores, tenant: str, memory_id: str, now: float) -> int:
    import redis

    items_key = keys.items(tenant, "mid")
    with stores.client.pipeline(transaction=True) as pipe:
        try:
            pipe.watch(items_key)
            current = stores.mid.get(tenant, memory_id)
            if current is None:
                return 0  # promoted or decayed meanwhile
            updated = current.model_copy(
                update={"last_access": now, "strength": current.strength + RECALL_STRENGTH_STEP}
            )
            pipe.multi()
            stores.mid.put_payload(pipe, updated)
            pipe.execute()
            return 1
        except redis.WatchError:
            return 0  # a consolidation move won; the recall is not worth a retry
