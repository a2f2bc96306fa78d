"""The id registry: which tenant every memory id belongs to, and what state it is in.

The state is a tier name while the memory lives, or what ended it (deleted, consumed
into a fact, decayed). Keeping ended ids is what lets ``get``/``history`` explain every id
``add()`` ever returned, which is the "nothing lost" invariant.

It is two maps, so that every MULTI stays inside one tenant's cluster slot:
- the **directory**, id -> tenant, global and spread over ``keys.DIRECTORY_BUCKETS``
  hashes. An entry is *claimed* with the first MULTI that writes the id and never changes
  afterwards, so on a cluster it can be written just before that MULTI, outside it. A
  claim whose MULTI never ran (a crash between the two) names a tenant that has no state
  for the id: the id reads as unknown, exactly as if the write had never been tried.
- the **states**, id -> state, one hash per tenant, written inside the tenant's MULTIs
  with the change they describe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, Literal

from redis.cluster import RedisCluster

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.replica_acks import ReplicaAcks, Write
from tiermem.types import TierName

State = Literal["short", "mid", "long", "deleted", "consumed", "decayed"]
LIVE_STATES = ("short", "mid", "long")
_BATCH = 1000


class Claim:
    """New ids of one tenant on their way in: what their tenant's MULTI must carry.

    On one server the directory entries and the listing go into that MULTI, atomic with
    the write and without a round trip of their own. On a cluster they live in other
    slots, so ``IdRegistry.claim`` has already sent them; the MULTI then only takes the
    tenant's unlisted marker (``Stores.unlist_if_empty``), and ``settle`` lists the tenant
    again if a ``delete_all`` unlisted it meanwhile.
    """

    def __init__(self, client: RedisClient, tenant: str, ids: list[str], *, sent: bool) -> None:
        self.client = client
        self.tenant = tenant
        self.ids = ids
        self.sent = sent
        self.relisting = False

    def stage(self, pipe: Any, *, relist: bool = False) -> None:
        """Queue inside the tenant's MULTI. ``relist``: this write may bring data to an
        unlisted tenant (an add, an import), so the MULTI takes the marker, as its last
        command, for ``settle``."""
        if self.sent:
            if relist:
                pipe.getdel(keys.unlisted(self.tenant))
                self.relisting = True
            return
        for memory_id in self.ids:
            _claim(pipe, memory_id=memory_id, tenant=self.tenant)
        _list(pipe, tenant=self.tenant)

    def settle(self, results: list[Any]) -> None:
        """After EXEC, with its results: list the tenant again if it was unlisted."""
        if self.relisting and results[-1] is not None:
            self.client.sadd(keys.TENANTS, self.tenant)


class IdRegistry:
    def __init__(self, client: RedisClient, acks: ReplicaAcks) -> None:
        self.client = client
        self.acks = acks
        self.clustered = isinstance(client, RedisCluster)

    def claim(self, tenant: str, ids: Iterable[str]) -> Claim:
        """Make new ids findable and their tenant listed, with the MULTI that writes them.

        On a cluster the directory entries and the listing are sent here, before that
        MULTI (and, with replica acks, are on the replicas before it runs): a crash in
        between leaves an entry whose id reads as unknown, and a tenant listed that
        consolidation finds. Claiming twice is claiming once.
        """
        wanted = list(ids)
        if not self.clustered:
            return Claim(self.client, tenant, wanted, sent=False)
        writes: list[Write] = [
            (keys.directory(memory_id), partial(_claim, memory_id=memory_id, tenant=tenant))
            for memory_id in wanted
        ]
        writes.append((keys.TENANTS, partial(_list, tenant=tenant)))
        self.acks.send(writes)
        return Claim(self.client, tenant, wanted, sent=True)

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
