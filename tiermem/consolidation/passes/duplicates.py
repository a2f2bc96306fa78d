"""Is a new fact one the tenant already has? Checked on the way into the mid tier.

A repeated mention reinforces the fact it repeats instead of becoming a second copy:
first among the facts the same chunk is about to write, then in the mid tier (by exact
text hash, then by the nearest vector), and a fact that repeats a long-term one is
promoted sooner. Facts stating different slot values are never duplicates, however alike
their sentences ("I live in Paris" / "I live in Berlin").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiermem.attributes import slots
from tiermem.lexical import near_duplicate
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector


def fact_vectors(
    stores: Stores, tenant: str, facts: list[Any], observations: dict[str, MemoryItem]
) -> list[Vector]:
    """Verbatim facts carry their observation's vector, and a fact that is just its
    sources' texts joined (a question and its answer) gets their length-weighted mean,
    which is what mean pooling over the joined text approximates; only new wording is
    embedded (that is what keeps the heuristic pass fast)."""
    out: list[Vector | None] = []
    to_embed: list[int] = []
    stored = dict(zip(observations, stores.short.vectors(tenant, list(observations)), strict=True))
    for n, fact in enumerate(facts):
        sources = [observations[s] for s in fact.sources if s in observations]
        vec = None
        if sources and fact.text == "\n".join(o.memory for o in sources):
            parts = [stored[o.id] for o in sources]
            if all(p is not None for p in parts):
                weights = [max(len(o.memory.split()), 1) for o in sources]
                mean = sum(w * p for w, p in zip(weights, parts, strict=True) if p is not None)
                vec = np.asarray(mean / np.linalg.norm(mean), dtype=np.float32)
        out.append(vec)
        if vec is None:
            to_embed.append(n)
    if to_embed:
        fresh = stores.embedder.embed([facts[n].text for n in to_embed])
        for n, vec in zip(to_embed, fresh, strict=True):
            out[n] = vec
    return [v for v in out if v is not None]


def pending_duplicate(
    text: str,
    vector: Vector,
    slot: str | None,
    pending: list[tuple[MemoryItem, Vector]],
    dedupe_cosine: float,
) -> MemoryItem | None:
    """A near-duplicate among the facts this same chunk is about to write."""
    for item, other in pending:
        if slots.placed(item.slot) == slots.placed(slot) and near_duplicate(
            text, item.memory, float(other @ vector), dedupe_cosine
        ):
            return item
    return None


def mid_duplicate(
    stores: Stores,
    tenant: str,
    h: str,
    text: str,
    repeats: tuple[str | None, list[tuple[str, float]]],
    slot: str | None,
    reinforced: dict[str, MemoryItem],
    seen_raw: dict[str, Any],
) -> MemoryItem | None:
    """A mid-tier fact this one repeats; ``repeats`` is what ``RedisTier.repeats`` found
    for it (the same text's id, the nearest item). The payload it was read from goes into
    ``seen_raw``, so the commit can check nobody changed it meanwhile."""
    dedupe_cosine = stores.config.dedupe_cosine
    target_id, nearest = repeats
    similarity = 1.0
    if target_id is None:
        for cand_id, sim in nearest:
            if sim >= dedupe_cosine:
                target_id, similarity = cand_id, sim
    if target_id is None:
        return None
    if target_id in reinforced:
        target = reinforced[target_id]
    else:
        raw = stores.client.hget(keys.items(tenant, "mid"), target_id)
        if raw is None:
            return None
        target = MemoryItem.model_validate_json(raw)
        seen_raw[target_id] = raw
    if target.hash != h and (
        slots.placed(target.slot) != slots.placed(slot)
        or not near_duplicate(text, target.memory, similarity, dedupe_cosine)
    ):
        if target_id not in reinforced:
            seen_raw.pop(target_id, None)
        return None  # similar wording, different value: not a duplicate
    return target


def long_duplicate(
    shard: LongShard, item: MemoryItem, vector: Vector, dedupe_cosine: float
) -> bool:
    if shard.find_by_hash(item.hash) is not None:
        return True
    hits = shard.knn(vector, 1)
    return bool(hits) and near_duplicate(item.memory, hits[0][0].memory, hits[0][1], dedupe_cosine)
