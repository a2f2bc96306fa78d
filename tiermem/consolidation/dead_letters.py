"""Items the LLM could not handle: recorded, left where they were, retried next run."""

from __future__ import annotations

import json
from typing import Any

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

MAX_ATTEMPTS = 3  # after this many failed LLM tries an item is handled without the LLM


def attempts(client: RedisClient, tenant: str, memory_id: str) -> int:
    raw = client.hget(keys.dead_letters(tenant), memory_id)
    return int(json.loads(raw)["attempts"]) if raw else 0


def record(pipe: Any, tenant: str, memory_id: str, reason: str, previous: int, now: float) -> None:
    pipe.hset(
        keys.dead_letters(tenant),
        memory_id,
        json.dumps({"reason": reason[:500], "attempts": previous + 1, "at": now}),
    )


def clear(pipe: Any, tenant: str, ids: list[str]) -> None:
    if ids:
        pipe.hdel(keys.dead_letters(tenant), *ids)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def listing(client: RedisClient, tenant: str) -> dict[str, dict[str, Any]]:
    return {_text(k): json.loads(v) for k, v in client.hgetall(keys.dead_letters(tenant)).items()}
