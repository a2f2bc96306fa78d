"""``Tier``: what every tier offers, whatever the storage behind it.

The facade and search talk to tiers only through this: get, all (list), search, count,
and the
API's own edits, update and remove. An edit is applied by the tier that holds the memory
together with its history event and id-registry entry, in the way that storage makes
atomic (one Redis MULTI under WATCH for the Redis tiers; SQLite first, then one MULTI,
for the long tier), so no caller writes storage-specific retry loops.

Edits are *replayable*: ``update`` and ``remove`` take the ids and times the caller fixed
before the first try, and answer ``done`` when they find their own change already there.
That is what lets the facade retry a write whose reply was lost, without writing twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from tiermem.types import MemoryItem, TierName, Vector

Revise = Callable[[MemoryItem], MemoryItem]  # old version -> new version (the caller's edit)


@dataclass(frozen=True)
class Edit:
    """One API update, fixed before the first try so a retry repeats it exactly."""

    revise: Revise
    vector: Vector
    now: float
    version_id: str  # the id the replaced text keeps where a tier keeps versions (long)


class Tier(Protocol):
    name: TierName

    def get(self, tenant: str, memory_id: str) -> MemoryItem | None: ...

    def all(self, tenant: str, *, include_superseded: bool = False) -> list[MemoryItem]: ...

    def search(
        self,
        tenant: str,
        vector: Vector,
        count: int,
        *,
        query: str = "",
        slot: str | None = None,
        include_superseded: bool = False,
    ) -> list[tuple[MemoryItem, float]]:
        """(item, cosine), best first. ``query`` and ``slot`` are hints a tier with a
        lexical index or a slot index uses to add candidates the vectors miss."""
        ...

    def count(self, tenant: str) -> int: ...

    def update(self, tenant: str, memory_id: str, edit: Edit) -> MemoryItem | None:
        """Apply ``edit``; the new version, or None when the memory is not (or no longer)
        in this tier, e.g. consolidation moved it meanwhile."""
        ...

    def remove(self, tenant: str, memory_id: str, now: float) -> MemoryItem | None:
        """Delete for good (history keeps a DELETE event); the removed item, or None when
        it is not in this tier."""
        ...
