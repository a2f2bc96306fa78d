"""The facade's writes, planned once and committed through the one recovery path.

Every write is planned before its first try: the ids, vectors and times are fixed, so a
write whose reply was lost can be replayed and recognise its own change (see
``recovery``). Edits of existing memories go to the tier that holds them
(``tiers.base.Tier``); a memory that consolidation moves meanwhile is looked up again.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from tiermem import history
from tiermem.attributes import slot_rules, slots
from tiermem.errors import InvalidInputError, MemoryNotFoundError
from tiermem.opening import check_embedder
from tiermem.recovery import Recovery
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.base import Edit, Revise
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.long.rows import parsed_row
from tiermem.tiers.redis_tier import parsed_payload
from tiermem.types import EventKind, Matrix, MemoryItem, Scope, TierName, Vector, text_hash

MOVES = 3  # a memory consolidation moves between lookup and edit is looked up again


def observations(
    messages: list[tuple[str | None, str]],
    scope: Scope,
    metadata: dict[str, Any],
    observed: float,
    infer: bool,
) -> list[MemoryItem]:
    """New short-tier items, one per message, each its own source. Messages of one call
    share a timestamp; ``added_ns`` keeps their order (the later is the newer)."""
    added_ns = time.time_ns()
    items = []
    for n, (role, text) in enumerate(messages):
        memory_id = uuid.uuid4().hex
        items.append(
            MemoryItem(
                id=memory_id,
                memory=text,
                hash=text_hash(text),
                tier="short",
                user_id=scope.user_id,
                agent_id=scope.agent_id,
                run_id=scope.run_id,
                role=role,
                metadata=metadata,
                created_at=observed,
                updated_at=observed,
                observed_at=observed,
                sources=[memory_id],
                infer=infer,
                added_ns=added_ns + n,
            )
        )
    return items


def revision(text: str, metadata: dict[str, Any] | None, now: float) -> Revise:
    """What an API update does to a memory, whichever tier holds it."""

    def revise(old: MemoryItem) -> MemoryItem:
        return old.model_copy(
            update={
                "memory": text,
                "hash": text_hash(text),
                "updated_at": now,
                "metadata": metadata if metadata is not None else old.metadata,
                "sources": [*old.sources],
                "slot": _slot_after_edit(old, text),
            }
        )

    return revise


def forget_parsed() -> None:
    """A deleted fact's text leaves the searches' parse caches too
    (``redis_tier.parsed_payload``, ``long.rows.parsed_row``), not only the stores. The
    caches are the process's, keyed by content: clearing them costs the next searches a
    parse, never a wrong answer."""
    parsed_payload.cache_clear()
    parsed_row.cache_clear()


def _slot_after_edit(old: MemoryItem, text: str) -> str | None:
    """An edited fact states what its new text states: a stale slot value would make the
    next mention of the same value look like a change."""
    if old.slot is None:
        return None
    return slots.encoded(slot_rules.read(text))


class Writer:
    def __init__(self, stores: Stores, recovery: Recovery) -> None:
        self.stores = stores
        self.recovery = recovery
        self.client = stores.client

    def add(self, tenant: str, items: list[MemoryItem], vectors: Matrix, now: float) -> None:
        """One MULTI in the tenant's slot: the observations, their states, ADD events and
        their directory claim (``IdRegistry.claim``)."""

        def commit(replay: bool) -> None:
            if replay and self.stores.registry.lookup(items[0].id) is not None:
                return  # the first try landed; only its reply was lost
            claim = self.stores.registry.claim(tenant, [item.id for item in items])
            with self.client.pipeline(transaction=True) as pipe:
                for item, vector in zip(items, vectors, strict=True):
                    self.stores.short.put(pipe, item, vector)
                    IdRegistry.set(pipe, item.id, tenant, "short")
                    history.record(
                        pipe,
                        tenant,
                        memory_id=item.id,
                        event=EventKind.ADD,
                        new_memory=item.memory,
                        tier="short",
                        actor="api",
                        created_at=now,
                    )
                claim.stage(pipe, relist=True)
                claim.settle(pipe.execute())
            self.stores.acks.confirm(tenant)

        self.recovery.write(commit)

    def update(self, memory_id: str, revise: Revise, vector: Vector, now: float) -> None:
        edit = Edit(revise, vector, now, uuid.uuid4().hex)

        def commit(replay: bool) -> None:
            for _ in range(MOVES):
                tenant, state = self.locate(memory_id)
                if replay and any(
                    e.details.get("edit") == edit.version_id
                    for e in history.read(self.client, tenant, memory_id)
                ):
                    return
                if self.stores.tier(state).update(tenant, memory_id, edit) is not None:
                    self.stores.acks.confirm(tenant)
                    return
            raise InvalidInputError(f"memory {memory_id} kept moving; not updated, try again")

        self.recovery.write(commit)

    def delete(self, memory_id: str, now: float) -> None:
        def commit(replay: bool) -> None:
            for _ in range(MOVES):
                found = self.stores.registry.lookup(memory_id)
                if replay and found is not None and found[1] == "deleted":
                    return
                tenant, state = self.locate(memory_id)
                if self.stores.tier(state).remove(tenant, memory_id, now) is not None:
                    self.stores.acks.confirm(tenant)
                    forget_parsed()
                    return
            raise InvalidInputError(f"memory {memory_id} kept moving; not deleted, try again")

        self.recovery.write(commit)

    def forget_tenant_learning(self, tenant: str) -> None:
        """What consolidation learned from a scope's memories goes with them: a deleted
        "I signed up at FitHub" must not go on reading the user's later messages (its run
        log goes too). A tenant left with nothing is no longer listed."""
        self.recovery.write(
            lambda replay: self.client.delete(keys.phrasings(tenant), keys.run_log(tenant))
        )
        self.recovery.write(lambda replay: self.stores.unlist_if_empty(tenant))

    def reset(self) -> None:
        """Wipe every memory (API keys stay); wiping twice is wiping once."""

        def wipe(replay: bool) -> None:
            for found in self.client.scan_iter(match=f"{keys.PREFIX}:*", count=1000):
                if keys.text(found) not in keys.KEPT_ON_RESET:  # API keys outlive a reset
                    self.client.delete(found)
            self.stores.long.drop_all()
            check_embedder(self.client, self.stores.embedder)
            forget_parsed()

        self.recovery.write(wipe)

    def locate(self, memory_id: str) -> tuple[str, TierName]:
        """(tenant, tier) of a live memory; MemoryNotFoundError for any other id."""
        found = self.stores.registry.live(memory_id)
        if found is None:
            raise MemoryNotFoundError(f"no memory with id {memory_id}")
        return found
