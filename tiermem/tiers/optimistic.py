"""Redis optimistic transactions: WATCH, read, decide, MULTI, EXEC; again on a conflict.

Both writers that read before they write use this one loop: the API's edits in the Redis
tiers (``RedisTier``) and the consolidation passes' lease-fenced commits (``Lease``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import redis

from tiermem.tiers.redis_client import RedisClient

T = TypeVar("T")
Stage = Callable[[Any], T]  # queues the writes inside MULTI, returns the caller's result


class Aborted:
    """``plan`` decided not to write (what it read says the change no longer applies)."""


ABORTED = Aborted()


def transact(
    client: RedisClient,
    watch: Sequence[str],
    plan: Callable[[Any], Stage[T] | Aborted],
    *,
    retries: int,
    on_conflict: Callable[[], None] = lambda: None,
    exhausted: Callable[[], Exception],
) -> T | Aborted:
    """``plan(pipe)`` runs after WATCH and may read through ``pipe``; it returns the
    stage to queue inside MULTI, or ``ABORTED``. A concurrent write to a watched key
    calls ``on_conflict`` (which may raise) and plans again, at most ``retries`` times."""
    for _ in range(retries):
        with client.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(*watch)
                stage = plan(pipe)
                if isinstance(stage, Aborted):
                    return stage
                pipe.multi()
                result = stage(pipe)
                pipe.execute()
                return result
            except redis.WatchError:
                on_conflict()
                continue
    raise exhausted()
