"""Items the LLM could not handle: recorded, left where they were, retried next run."""

from __future__ import annotations

import json
from typing import Any

import redis

from tiermem.tiers import keys

MAX_ATTEMPTS = 3  # after this many failed LLM tries an item is handled without the LLM


def attempts(client: redis.Redis, tenant: str, memory_id: str) -> int:
    raw = client.hget(keys.dead_letters(tenant), memory_id)
    return int(json.loads(raw)["attempts"]) if raw else 0


def record(pipe: Any, tenant: str, memory_id: str, reason: str, previous: int, now: float
           ) -> None:
    pipe.hset(
        keys.dead_letters(tenant),
        memory_id,
        json.dumps({"reason": reason[:500], "attempts": previous + 1, "at": now}),
    )


def clear(pipe: Any, tenant: str, ids: list[str]) -> None:
    if ids:
        pipe.hdel(keys.dead_letters(tenant), *ids)


def listing(client: redis.Redis, tenant: str) -> dict[str, dict[str, Any]]:
    return {
        k.decode(): json.loads(v) for k, v in client.hgetall(keys.dead_letters(tenant)).items()
    }
