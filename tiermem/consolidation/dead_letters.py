"""Items the LLM could not handle: recorded, left where they were, retried next run.

After ``MAX_ATTEMPTS`` failed tries an item is handled without the LLM (kept verbatim,
or reconciled by the rules), so a broken model delays consolidation but never stops it.
"""

from __future__ import annotations

import json
from typing import Any

from tiermem.consolidation.lease import Lease
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


def retry_or_give_up(
    client: RedisClient, tenant: str, ids: list[str]
) -> tuple[list[str], list[tuple[str, int]]]:
    """Split items the LLM just failed on: those out of tries (to be handled without the
    LLM now) and those to retry on a later run, with the tries they already had."""
    give_up: list[str] = []
    retry: list[tuple[str, int]] = []
    for memory_id in ids:
        tries = attempts(client, tenant, memory_id)
        if tries + 1 >= MAX_ATTEMPTS:
            give_up.append(memory_id)
        else:
            retry.append((memory_id, tries))
    return give_up, retry


def record_all(
    lease: Lease, tenant: str, retry: list[tuple[str, int]], reason: str, now: float
) -> None:
    """One fenced commit recording a failed try for each of ``retry``."""
    if not retry:
        return

    def fill(pipe: Any) -> None:
        for memory_id, tries in retry:
            record(pipe, tenant, memory_id, reason, tries, now)

    lease.commit(fill)
