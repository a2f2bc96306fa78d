"""Write exported memories back into their tiers under their own ids and fields.

This is the one place that writes a memory somewhere other than through ``add``: an
import must give back the same ids, tiers, validity intervals and history, which no API
call can. It uses the tiers' staged writes the way the consolidation passes do: a Redis
tier's payload and vector (``RedisTier.put``), the id-registry entry and the history
events go into one MULTI, so an id is restored whole or not at all; a long-term fact is
written to its SQLite shard first (``LongShard.add``) and its Redis half second, as
``mid_to_long`` does.

Every step is idempotent, so a batch interrupted anywhere is simply written again: the
shard ignores an id it already has, the history list is rewritten from the export, and
registry and payload writes overwrite. Ids the store already knows are skipped, which
is what makes importing the same export twice add nothing. A memory deleted since the
export stays deleted, unless the import is asked to restore deletions (a backup put
back): then it returns with the store's history, deletion included, and one more ADD
event that says it was restored. The tenant line's phrasings and dead letters never
overwrite what the store holds: phrasings only go where the tenant has none yet, and a
dead letter only beside an observation this import wrote. Vectors are embedded again
from the texts (the export carries none); a fact whose vector was the mean of its
sources' (a verbatim question-and-answer pair) gets the embedding of its text instead,
so search scores may differ in the third decimal.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from tiermem import history
from tiermem.recovery import Recovery
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.id_registry import LIVE_STATES, IdRegistry
from tiermem.transfer.format import ExportedMemory, ExportedTenant
from tiermem.types import Event, EventKind, Matrix, MemoryItem


def known_ids(stores: Stores, ids: Sequence[str]) -> set[str]:
    """The ids the id registry already lists, whatever their state: an id tiermem ever
    issued here (even one deleted since) is never written again."""
    return set(stores.registry.lookup_many(ids))


def to_write(
    stores: Stores, records: Sequence[ExportedMemory], *, restore_deleted: bool, now: float
) -> list[ExportedMemory]:
    """The records an import writes: ids the store does not know, and with
    ``restore_deleted`` the live ones the store has deleted since, each carrying the
    store's own history plus the ADD event of its return."""
    found = stores.registry.lookup_many([r.id for r in records])
    back = [
        r
        for r in records
        if restore_deleted
        and r.id in found
        and found[r.id] == (r.tenant, "deleted")
        and r.state in LIVE_STATES
    ]
    kept: dict[str, list[Event]] = {}
    for tenant in {r.tenant for r in back}:  # pipelined reads, not one round trip per id
        ids = [r.id for r in back if r.tenant == tenant]
        kept.update(history.read_many(stores.client, tenant, ids))
    returning = {r.id: _returned(r, r.item, kept[r.id], now) for r in back if r.item}
    return [returning.get(r.id, r) for r in records if r.id not in found or r.id in returning]


def _returned(
    record: ExportedMemory, item: MemoryItem, kept: list[Event], now: float
) -> ExportedMemory:
    """``record`` with the store's history of it, and the ADD event of its return."""
    back = Event(
        memory_id=record.id,
        event=EventKind.ADD,
        new_memory=item.memory,
        tier=item.tier,
        actor="import",
        created_at=now,
        details={"restored": "deleted after the export it was imported from"},
    )
    return record.model_copy(update={"history": [*kept, back]})


def restore_tenant(stores: Stores, state: ExportedTenant, written: set[str]) -> None:
    """The tenant line, without overwriting anything (see the module docstring)."""
    with stores.client.pipeline(transaction=True) as pipe:
        if state.phrasings is not None:
            stored = json.dumps(state.phrasings, separators=(",", ":"), ensure_ascii=False)
            pipe.set(keys.phrasings(state.tenant), stored, nx=True)  # as Phrasings.save
        for memory_id, letter in state.dead_letters.items():
            if memory_id in written:
                pipe.hsetnx(keys.dead_letters(state.tenant), memory_id, letter.model_dump_json())
        pipe.execute()


def restore(
    stores: Stores,
    recovery: Recovery,
    records: Sequence[ExportedMemory],
    *,
    batch_size: int = 100,
    progress: Callable[[int], None] = lambda done: None,
) -> None:
    """Write ``records`` (ids the store does not know; see ``known_ids``) in batches,
    calling ``progress(n)`` after each batch of ``n``."""
    touched_long: set[str] = set()
    for start in range(0, len(records), max(1, batch_size)):
        batch = records[start : start + max(1, batch_size)]
        live = [r.item for r in batch if r.item is not None]
        vectors = stores.embedder.embed([i.memory for i in live])
        recovery.write(partial(_write, stores, batch, live, vectors))
        touched_long.update(r.tenant for r in batch if r.state == "long")
        progress(len(batch))
    for tenant in sorted(touched_long):
        stores.long.shard(tenant).save_index()


def _write(
    stores: Stores,
    batch: Sequence[ExportedMemory],
    live: list[MemoryItem],
    vectors: Matrix,
    replay: bool,
) -> None:
    """One batch; ``replay`` needs no check of its own, as every step is idempotent."""
    vector_of = {item.id: vector for item, vector in zip(live, vectors, strict=True)}
    long_facts: dict[str, list[MemoryItem]] = {}
    for record in batch:  # SQLite first: the Redis half below is what marks an id done
        if record.item is not None and record.state == "long":
            long_facts.setdefault(record.tenant, []).append(record.item)
    for tenant, items in long_facts.items():
        matrix = np.vstack([vector_of[item.id] for item in items])
        stores.long.shard(tenant).add_many(items, matrix)
    for tenant in sorted({r.tenant for r in batch}):  # one MULTI per tenant: one slot each
        records = [r for r in batch if r.tenant == tenant]
        claim = stores.registry.claim(tenant, [r.id for r in records])
        with stores.client.pipeline(transaction=True) as pipe:
            for record in records:
                _stage(stores, pipe, record, vector_of)
            claim.stage(pipe, relist=True)
            claim.settle(pipe.execute())
        stores.acks.confirm(tenant)


def _stage(stores: Stores, pipe: Any, record: ExportedMemory, vector_of: dict[str, Any]) -> None:
    item = record.item
    if item is not None and record.state in ("short", "mid"):
        tier = stores.short if record.state == "short" else stores.mid
        tier.put(pipe, item, vector_of[record.id])
    IdRegistry.set(pipe, record.id, record.tenant, record.state)
    pipe.delete(keys.history(record.tenant, record.id))  # a replay rewrites, not doubles
    for event in record.history:
        history.append(pipe, record.tenant, event)
