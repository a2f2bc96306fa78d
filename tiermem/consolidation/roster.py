"""Which tenants a scheduled worker consolidates when several share one store.

Leases alone keep workers apart, but not even: the worker whose timer fires first takes
every tenant, and the others find them all leased. So each worker announces itself in a
roster (a sorted set scored by the Redis server's clock, so hosts need no synchronised
clocks) and takes every N-th tenant of the tenant list sorted by a hash, N being the live
workers and its place among them fixed by its id. A worker that stops announcing itself
drops out after ``ttl_s`` and the others absorb its share. While the roster changes, two
workers may choose one tenant (its lease lets one through) or none may (the next run
takes it): nothing is done twice and nothing waits longer than one more run.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import socket
import time
from collections.abc import Callable

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient


def new_worker_id() -> str:
    """Host, pid and a random part: a restarted worker is a new member, never a ghost."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _order(tenant: str) -> bytes:
    return hashlib.blake2b(tenant.encode("utf-8"), digest_size=8).digest()


class Roster:
    def __init__(self, client: RedisClient, worker_id: str, ttl_s: float) -> None:
        self.client = client
        self.worker_id = worker_id
        self.ttl_s = ttl_s

    def _server_time(self) -> float:
        seconds, micros = self.client.time()
        return float(seconds) + float(micros) / 1e6

    def heartbeat(self) -> list[str]:
        """Announce this worker; the live workers, sorted (this one among them)."""
        now = self._server_time()
        with self.client.pipeline(transaction=False) as pipe:
            pipe.zadd(keys.WORKERS, {self.worker_id: now})
            pipe.zremrangebyscore(keys.WORKERS, "-inf", now - self.ttl_s)
            pipe.zrange(keys.WORKERS, 0, -1)
            *_, members = pipe.execute()
        return sorted(keys.text(m) for m in members)

    def share(self, tenants: list[str]) -> list[str]:
        """This worker's tenants: every N-th one of the hash-sorted list."""
        owns = self.taker(tenants)
        return [t for t in tenants if owns(t)]

    def taker(self, tenants: list[str], refresh_s: float = 1.0) -> Callable[[str], bool]:
        """Whether this worker takes a tenant of ``tenants``, asked just before it does.

        The roster is read again at most every ``refresh_s``: a long run that began
        before the other workers announced themselves (all starting at once on a
        backlog) hands them their tenants as soon as they are there, instead of
        draining the whole backlog alone.
        """
        position = {t: n for n, t in enumerate(sorted(tenants, key=_order))}
        live = self.heartbeat()
        read_at = time.monotonic()

        def owns(tenant: str) -> bool:
            nonlocal live, read_at
            if time.monotonic() - read_at >= refresh_s:
                live, read_at = self.heartbeat(), time.monotonic()
            return position[tenant] % len(live) == live.index(self.worker_id)

        return owns

    def record(self, observations: int) -> None:
        """Count the observations this worker consolidated (``tiermem stats`` and the
        scale benchmark read how evenly work spread)."""
        if observations:
            self.client.hincrby(keys.WORKER_WORK, self.worker_id, observations)

    def leave(self) -> None:
        self.client.zrem(keys.WORKERS, self.worker_id)
