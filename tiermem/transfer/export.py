"""Read one scope out of every tier, with the history of every id, as export records.

Live memories come from the tiers themselves (the long tier with its superseded
versions); ended ids (deleted, consumed into a fact, decayed) come from the id registry,
which keeps them so ``history`` can explain every id ``add`` ever returned. A scope that
narrows its tenant (a user and an agent) exports the tenant's ended ids only where one
of its exported memories names them as a source, since an ended id has no data left to
say whose it was.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from tiermem import history
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.id_registry import LIVE_STATES, State
from tiermem.transfer.format import DeadLetter, ExportedMemory, ExportedTenant, ExportHeader
from tiermem.types import TIERS, MemoryItem, Scope


def collect(
    stores: Stores, scope: Scope
) -> tuple[ExportHeader, ExportedTenant, list[ExportedMemory]]:
    """The header, the tenant's own state, and one record per id of ``scope``: short,
    mid, long (oldest first in each), then ended ids. A narrowed scope carries only its
    own ids' dead letters and none of the tenant-wide phrasings."""
    from tiermem import __version__

    tenant = scope.tenant
    items: list[MemoryItem] = []
    for name in TIERS:
        found = stores.tier(name).all(tenant, include_superseded=True)
        items.extend(sorted((i for i in found if scope.matches(i)), key=_age))
    ended = _ended_ids(stores, tenant)
    if scope.narrowed:
        named = {s for i in items for s in i.sources}
        ended = {i: s for i, s in ended.items() if i in named}
    ids = [i.id for i in items] + sorted(ended)
    events = history.read_many(stores.client, tenant, ids)
    records = [
        ExportedMemory(id=i.id, tenant=tenant, state=i.tier, item=i, history=events[i.id])
        for i in items
    ]
    records += [
        ExportedMemory(id=i, tenant=tenant, state=ended[i], history=events[i])
        for i in sorted(ended)
    ]
    counts: dict[str, int] = {}
    for record in records:
        counts[record.state] = counts.get(record.state, 0) + 1
    state = _tenant_state(stores, tenant, set(ids), narrowed=scope.narrowed)
    header = ExportHeader(
        tiermem_version=__version__,
        exported_at=time.time(),
        embedder=stores.embedder.identity,
        scope=scope,
        tenant=tenant,
        counts=counts,
        tenant_state=not state.empty,
    )
    return header, state, records


def lines(
    header: ExportHeader, state: ExportedTenant, records: Iterable[ExportedMemory]
) -> Iterable[str]:
    """The file's lines, each one JSON document ending in a newline."""
    yield header.model_dump_json() + "\n"
    if header.tenant_state:
        yield state.model_dump_json() + "\n"
    for record in records:
        yield record.model_dump_json() + "\n"


def _age(item: MemoryItem) -> tuple[float, int, str]:
    return (item.created_at, item.added_ns, item.id)


def _tenant_state(stores: Stores, tenant: str, ids: set[str], narrowed: bool) -> ExportedTenant:
    raw = None if narrowed else stores.client.get(keys.phrasings(tenant))
    letters = {
        keys.text(memory_id): DeadLetter.model_validate_json(value)
        for memory_id, value in stores.client.hgetall(keys.dead_letters(tenant)).items()
    }
    return ExportedTenant(
        tenant=tenant,
        phrasings=json.loads(raw) if raw else None,
        dead_letters={i: letter for i, letter in sorted(letters.items()) if i in ids},
    )


def _ended_ids(stores: Stores, tenant: str) -> dict[str, State]:
    """Ids of ``tenant`` the registry lists as deleted, consumed or decayed."""
    return {i: s for i, s in stores.registry.states(tenant).items() if s not in LIVE_STATES}
