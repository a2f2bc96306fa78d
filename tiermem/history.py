"""Append-only event log, kept in Redis beside the data it describes.

An event is written in the same MULTI/EXEC as the change it records, so the log can
never disagree with the tiers: either both happened or neither did.
"""

from __future__ import annotations

from typing import Any

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient
from tiermem.types import Event


def append(pipe: Any, tenant: str, event: Event) -> None:
    pipe.rpush(keys.history(tenant, event.memory_id), event.model_dump_json())


def record(pipe: Any, tenant: str, **fields: Any) -> None:
    """Queue one event (the ``Event`` fields as keywords) beside the change it records."""
    append(pipe, tenant, Event(**fields))


def read(client: RedisClient, tenant: str, memory_id: str) -> list[Event]:
    raws = client.lrange(keys.history(tenant, memory_id), 0, -1)
    return [Event.model_validate_json(raw) for raw in raws]


_READ_BATCH = 500  # LRANGEs per pipeline round trip


def read_many(client: RedisClient, tenant: str, ids: list[str]) -> dict[str, list[Event]]:
    """Every id's events, read in pipelined batches (one round trip per batch)."""
    out: dict[str, list[Event]] = {}
    for start in range(0, len(ids), _READ_BATCH):
        batch = ids[start : start + _READ_BATCH]
        with client.pipeline(transaction=False) as pipe:
            for memory_id in batch:
                pipe.lrange(keys.history(tenant, memory_id), 0, -1)
            replies = pipe.execute()
        for memory_id, raws in zip(batch, replies, strict=True):
            out[memory_id] = [Event.model_validate_json(raw) for raw in raws]
    return out
