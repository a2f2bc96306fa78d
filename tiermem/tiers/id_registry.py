"""The id registry: where every memory id is, ``id -> "tenant|state"``.

The state is a tier name while the memory lives, or what ended it (deleted, consumed
into a fact, decayed). Keeping ended ids here is what lets ``get``/``history`` explain
every id ``add()`` ever returned, which is the "nothing lost" invariant.
"""

from __future__ import annotations

from typing import Any, Literal

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient
from tiermem.types import TierName

State = Literal["short", "mid", "long", "deleted", "consumed", "decayed"]
LIVE_STATES = ("short", "mid", "long")


class IdRegistry:
    def __init__(self, client: RedisClient) -> None:
        self.client = client

    @staticmethod
    def set(pipe: Any, memory_id: str, tenant: str, state: State) -> None:
        pipe.hset(keys.ID_REGISTRY, memory_id, f"{tenant}|{state}")

    def lookup(self, memory_id: str) -> tuple[str, State] | None:
        raw = self.client.hget(keys.ID_REGISTRY, memory_id)
        if raw is None:
            return None
        tenant, state = keys.text(raw).rsplit("|", 1)
        return tenant, state  # type: ignore[return-value]

    def live(self, memory_id: str) -> tuple[str, TierName] | None:
        """(tenant, tier) while the memory lives; None for an ended or unknown id."""
        found = self.lookup(memory_id)
        if found is None or found[1] not in LIVE_STATES:
            return None
        return found[0], found[1]  # type: ignore[return-value]
