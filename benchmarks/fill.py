"""Synthetic stores written straight into the tiers, for the cost benchmarks (perf, growth).

Consolidation would take hours to build a million facts, so these write what it would have
written: long-term facts in batches through ``LongShard.add_many`` (one transaction per
chunk), short and mid items through the Redis tiers' own ``put``, and the tenant listed.
"""

from __future__ import annotations

import uuid

import numpy as np

from tiermem import Memory
from tiermem.tiers import keys
from tiermem.types import MemoryItem, TierName, text_hash

CHUNK = 10_000  # facts per add_many transaction


def item(text: str, tier: TierName, user: str, when: float) -> MemoryItem:
    """A fact as consolidation would store it in ``tier`` (valid from ``when`` in long)."""
    return MemoryItem(
        id=uuid.uuid4().hex,
        memory=text,
        hash=text_hash(text),
        tier=tier,
        user_id=user,
        created_at=when,
        updated_at=when,
        observed_at=when,
        valid_from=when if tier == "long" else None,
    )


def put_long(memory: Memory, user: str, texts: list[str], matrix: np.ndarray, start: float) -> None:
    """``texts`` as long-term facts of ``user``, the i-th said at ``start + i``."""
    shard = memory.stores.long.shard(f"u={user}")
    for first in range(0, len(texts), CHUNK):
        chunk = texts[first : first + CHUNK]
        items = [item(t, "long", user, start + first + i) for i, t in enumerate(chunk)]
        shard.add_many(items, matrix[first : first + len(chunk)])
    memory.client.sadd(keys.TENANTS, f"u={user}")


def put_redis(
    memory: Memory, user: str, tier: TierName, texts: list[str], matrix: np.ndarray, start: float
) -> None:
    """``texts`` as short- or mid-term items of ``user``, in one pipeline."""
    store = {"short": memory.stores.short, "mid": memory.stores.mid}[tier]
    pipe = memory.client.pipeline(transaction=False)
    for k, (text, vector) in enumerate(zip(texts, matrix, strict=True)):
        store.put(pipe, item(text, tier, user, start + k), vector)
    pipe.sadd(keys.TENANTS, f"u={user}")
    pipe.execute()
