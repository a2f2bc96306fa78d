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
