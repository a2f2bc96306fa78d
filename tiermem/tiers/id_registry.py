"""The id registry: which tenant every memory id belongs to, and what state it is in.

The state is a tier name while the memory lives, or what ended it (deleted, consumed
into a fact, decayed). Keeping ended ids is what lets ``get``/``history`` explain every id
``add()`` ever returned, which is the "nothing lost" invariant.

It is two maps, so that every MULTI stays inside one tenant's cluster slot:
- the **directory**, id -> tenant, global and spread over ``keys.DIRECTORY_BUCKETS``
  hashes. An entry is *claimed* before the first MULTI that writes the id and never
  changes afterwards, so it needs no transaction with the tenant's keys. A claim whose
  MULTI never ran (a crash between the two) names a tenant that has no state for the id:
  the id reads as unknown, exactly as if the write had never been tried.
- the **states**, id -> state, one hash per tenant, written inside the tenant's MULTIs
  with the change they describe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, Literal

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.replica_acks import ReplicaAcks, Write
from tiermem.types import TierName

State = Literal["short", "mid", "long", "deleted", "consumed", "decayed"]
LIVE_STATES = ("short", "mid", "long")
_BATCH = 1000


class IdRegistry:
    def __init__(self, client: RedisClient, acks: ReplicaAcks) -> None:
        self.client = client
        self.acks = acks

    def claim(self, tenant: str, ids: Iterable[str]) -> None:
        """Enter new ids in the directory and list their tenant, before their MULTI.

        Listing the tenant here too means a crash right after the MULTI still leaves the
        tenant where consolidation finds it. Claiming twice is claiming once. With
        replica acks configured, the claims are on the replicas before the MULTI runs.
        """
        writes: list[Write] = [
            (keys.directory(memory_id), partial(_claim, memory_id=memory_id, tenant=tenant))
            for memory_id in ids
        ]
        writes.append((keys.TENANTS, partial(_list, tenant=tenant)))
        self.acks.send(writes)

    @staticmethod
    def set(pipe: Any, memory_id: str, tenant: str, state: State) -> None:
        """Queue the id's new state in the tenant's MULTI (its directory entry must
        already be claimed)."""
        pipe.hset(keys.id_states(tenant), memory_id, state)

    def lookup(self, memory_id: str) -> tuple[str, State] | None:
        raw_tenant = self.client.hget(keys.directory(memory_id), memory_id)
        if raw_tenant is None:
            return None
        tenant = keys.text(raw_tenant)
        state = self.client.hget(keys.id_states(tenant), memory_id)
        if state is None:
            return None  # claimed, but its write never landed
        return tenant, keys.text(state)  # type: ignore[return-value]

    def live(self, memory_id: str) -> tuple[str, TierName] | None:
        """(tenant, tier) while the memory lives; None for an ended or unknown id."""
        found = self.lookup(memory_id)
        if found is None or found[1] not in LIVE_STATES:
            return None
        return found[0], found[1]  # type: ignore[return-value]

    def lookup_many(self, ids: Sequence[str]) -> dict[str, tuple[str, State]]:
        """(tenant, state) of every id that has both; batched by directory bucket and
        then by tenant, so a large import costs a few round trips per thousand ids."""
        tenant_of: dict[str, str] = {}
        for start in range(0, len(ids), _BATCH):
            batch = list(ids[start : start + _BATCH])
            by_bucket: dict[str, list[str]] = defaultdict(list)
            for memory_id in batch:
                by_bucket[keys.directory(memory_id)].append(memory_id)
            with self.client.pipeline(transaction=False) as pipe:
                for bucket, members in by_bucket.items():
                    pipe.hmget(bucket, members)
                replies = pipe.execute()
            for members, reply in zip(by_bucket.values(), replies, strict=True):
                for memory_id, raw in zip(members, reply, strict=True):
                    if raw is not None:
                        tenant_of[memory_id] = keys.text(raw)
        by_tenant: dict[str, list[str]] = defaultdict(list)
        for memory_id, tenant in tenant_of.items():
            by_tenant[tenant].append(memory_id)
        found: dict[str, tuple[str, State]] = {}
        for tenant, members in by_tenant.items():
            for start in range(0, len(members), _BATCH):
                part = members[start : start + _BATCH]
                states = self.client.hmget(keys.id_states(tenant), part)
                for memory_id, raw in zip(part, states, strict=True):
                    if raw is not None:
                        found[memory_id] = (tenant, keys.text(raw))  # type: ignore[assignment]
        return found

    def states(self, tenant: str) -> dict[str, State]:
        """Every id of one tenant with its state."""
        return {
            keys.text(raw_id): keys.text(raw)  # type: ignore[misc]
            for raw_id, raw in self.client.hscan_iter(keys.id_states(tenant), count=_BATCH)
        }


def _claim(pipe: Any, *, memory_id: str, tenant: str) -> None:
    pipe.hset(keys.directory(memory_id), memory_id, tenant)


def _list(pipe: Any, *, tenant: str) -> None:
    pipe.sadd(keys.TENANTS, tenant)


def migrate_legacy_registry(client: RedisClient) -> int:
    """Move a store written before the directory/state split to the new layout.

    Every step is idempotent and never overwrites (HSETNX), so two processes opening the
    same old store at once, or one interrupted half-way, end in the same place; and a
    state written by the new code meanwhile is never replaced by the old one. The old
    hash is deleted last. Returns how many ids were moved.
    """
    moved = 0
    if not client.exists(keys.LEGACY_ID_REGISTRY):
        return moved
    batch: list[tuple[str, str, str]] = []

    def flush() -> None:
        with client.pipeline(transaction=False) as pipe:
            for memory_id, tenant, state in batch:
                pipe.hsetnx(keys.directory(memory_id), memory_id, tenant)
                pipe.hsetnx(keys.id_states(tenant), memory_id, state)
            pipe.execute()
        batch.clear()

    for raw_id, raw in client.hscan_iter(keys.LEGACY_ID_REGISTRY, count=_BATCH):
        tenant, state = keys.text(raw).rsplit("|", 1)
        batch.append((keys.text(raw_id), tenant, state))
        moved += 1
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    client.delete(keys.LEGACY_ID_REGISTRY)
    return moved
