"""``LongTier``: the long-term shards seen through the common ``Tier`` interface.

Edits keep versions: an update leaves the replaced text as a superseded version under a
new id (``valid_to`` set, ``superseded_by`` pointing at the memory), and the memory's own
id takes the new text, so ids held by callers stay valid and history stays answerable.
A superseded version is history: it cannot be edited. SQLite (the truth) is written
first and Redis (id registry and history) second; replaying an edit whose Redis half was
lost writes only that half again.
"""

from __future__ import annotations

from typing import Any

from tiermem import history
from tiermem.errors import InvalidInputError
from tiermem.tiers.base import Edit
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.long.shard import LongShard
from tiermem.tiers.long.shards import LongShards
from tiermem.tiers.redis_client import RedisClient
from tiermem.types import EventKind, MemoryItem, TierName, Vector


class LongTier:
    name: TierName = "long"

    def __init__(self, shards: LongShards, client: RedisClient, registry: IdRegistry) -> None:
        self.shards = shards
        self.client = client
        self.registry = registry

    # the shard registry, for the consolidation passes ---------------------------------
    def shard(self, tenant: str) -> LongShard:
        return self.shards.shard(tenant)

    def existing_shard(self, tenant: str) -> LongShard | None:
        return self.shards.existing_shard(tenant)

    def drop_all(self) -> None:
        self.shards.drop_all()

    def close(self) -> None:
        self.shards.close()

    # reads -----------------------------------------------------------------------------
    def get(self, tenant: str, memory_id: str) -> MemoryItem | None:
        shard = self.existing_shard(tenant)
        return shard.get(memory_id) if shard else None

    def all(self, tenant: str, *, include_superseded: bool = False) -> list[MemoryItem]:
        shard = self.existing_shard(tenant)
        return shard.all(include_superseded=include_superseded) if shard else []

    def count(self, tenant: str) -> int:
        """Current facts only: superseded versions are history, not memories."""
        shard = self.existing_shard(tenant)
        return shard.count(include_superseded=False) if shard else 0

    def search(
        self,
        tenant: str,
        vector: Vector,
        count: int,
        *,
        query: str = "",
        slot: str | None = None,
        include_superseded: bool = False,
        found_by_words: list[tuple[MemoryItem, Vector | None]] | None = None,
    ) -> list[tuple[MemoryItem, float]]:
        """Nearest by vector, plus facts the lexical index finds for ``query`` and the
        current facts of ``slot`` (the current value of an asked attribute is always a
        candidate, however unlike its sentence is the question). ``found_by_words``: those
        extras, already read by ``without_vector`` (a search reads them while its query
        is embedded)."""
        shard = self.existing_shard(tenant)
        if shard is None:
            return []
        found = shard.knn(vector, count, include_superseded=include_superseded)
        if found_by_words is None:
            found_by_words = self.without_vector(
                tenant, count, query=query, slot=slot, include_superseded=include_superseded
            )
        seen = {item.id for item, _ in found}
        for item, vec in found_by_words:
            if item.id not in seen:
                found.append((item, float(vec @ vector) if vec is not None else 0.0))
        return found

    def without_vector(
        self,
        tenant: str,
        count: int,
        *,
        query: str = "",
        slot: str | None = None,
        include_superseded: bool = False,
    ) -> list[tuple[MemoryItem, Vector | None]]:
        """The candidates no vector is needed to find, with their stored vectors: what the
        lexical index finds for ``query``, and the current facts of ``slot``."""
        shard = self.existing_shard(tenant)
        if shard is None:
            return []
        extra: dict[str, MemoryItem] = {}
        if query:
            for item, _ in shard.lexical(query, count, include_superseded=include_superseded):
                extra.setdefault(item.id, item)
        if slot is not None:
            for item in shard.current_by_slot(slot):
                extra.setdefault(item.id, item)
        stored = shard.get_vectors(list(extra))
        return [(item, stored.get(item.id)) for item in extra.values()]

    # the API's edits -------------------------------------------------------------------
    def update(self, tenant: str, memory_id: str, edit: Edit) -> MemoryItem | None:
        shard = self.existing_shard(tenant)
        old = shard.get(memory_id) if shard else None
        if shard is None or old is None:
            return None
        if shard.get(edit.version_id) is None:  # else a replay: SQLite already has it
            if not old.is_current:
                raise InvalidInputError(
                    f"memory {memory_id} is a superseded version and history cannot be "
                    f"edited; update the current version {old.superseded_by or ''}".rstrip()
                )
            old_vector = shard.get_vector(memory_id)
            version = old.model_copy(
                update={
                    "id": edit.version_id,
                    "valid_to": edit.now,
                    "superseded_by": memory_id,
                    "updated_at": edit.now,
                }
            )
            new = edit.revise(old).model_copy(update={"valid_from": edit.now})
            shard.add(version, old_vector if old_vector is not None else edit.vector)
            shard.update(new, edit.vector)
        else:
            new = old
            old = shard.get(edit.version_id) or old
        claim = self.registry.claim(tenant, [edit.version_id])
        pipe = self.client.pipeline(transaction=True)
        claim.stage(pipe)
        IdRegistry.set(pipe, edit.version_id, tenant, "long")
        history.record(
            pipe,
            tenant,
            memory_id=memory_id,
            event=EventKind.UPDATE,
            old_memory=old.memory,
            new_memory=new.memory,
            tier="long",
            actor="api",
            created_at=edit.now,
            details={"previous_version": edit.version_id, "edit": edit.version_id},
        )
        history.record(
            pipe,
            tenant,
            memory_id=edit.version_id,
            event=EventKind.SUPERSEDE,
            old_memory=old.memory,
            new_memory=new.memory,
            tier="long",
            actor="api",
            created_at=edit.now,
            details={"superseded_by": memory_id, "version_of": memory_id},
        )
        pipe.execute()
        return new

    def remove(self, tenant: str, memory_id: str, now: float) -> MemoryItem | None:
        shard = self.existing_shard(tenant)
        old = shard.get(memory_id) if shard else None
        if shard is None:
            return None
        shard.delete(memory_id)  # idempotent: a replay finds the row already gone
        pipe: Any = self.client.pipeline(transaction=True)
        IdRegistry.set(pipe, memory_id, tenant, "deleted")
        history.record(
            pipe,
            tenant,
            memory_id=memory_id,
            event=EventKind.DELETE,
            old_memory=old.memory if old else None,
            tier="long",
            actor="api",
            created_at=now,
        )
        pipe.execute()
        return old
