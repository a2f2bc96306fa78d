"""The service's limits: a token bucket per API key (429), a deadline per request
(504) and a cap on the body size (413).

They protect one shared store from one noisy client, and from anyone guessing keys.
Both kinds of bucket live in Redis, shared by every service process on the store.
"""

from __future__ import annotations

import functools
import json
import math
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from fastapi import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

T = TypeVar("T")


_GRAB = """
local rate, burst, want = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(held[1]) or burst, tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
if tokens < 1 then
  return {0, tostring((1 - tokens) / rate)}
end
local granted = math.min(want, math.floor(tokens))
if granted > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - granted), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
end
return {granted, '0'}
"""


def _retry_after(wait: float) -> float:
    """Whole seconds for ``Retry-After``, at least one."""
    return max(1.0, math.ceil(wait))


class SharedTokenBuckets:
    """Token buckets kept in Redis, so every service process on one store spends from
    the same ones: ``rate`` tokens a second, ``burst`` at most.

    One script call reads a bucket, refills it by Redis's own clock (the processes'
    clocks may disagree) and hands out tokens or refuses, atomically. An idle bucket
    expires once it would be full again, so Redis keeps only busy ones."""

    def __init__(self, client: RedisClient, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, float(burst)
        self._grab = client.register_script(_GRAB)

    def grab(self, bucket: str, want: int) -> tuple[int, float]:
        """(tokens handed out, up to ``want``; seconds to wait when none could be).
        ``want=0`` only looks."""
        granted, wait = self._grab(
            keys=[keys.rate_bucket(bucket)], args=[self.rate, self.burst, want]
        )
        return int(granted), float(keys.text(wait))

    def take(self, bucket: str) -> float:
        """0 if one token was spent, else seconds to wait (``Retry-After``)."""
        granted, wait = self.grab(bucket, 1)
        return 0.0 if granted else _retry_after(wait)

    def blocked(self, bucket: str) -> float:
        """0 while the bucket holds a token (none is spent), else seconds to wait."""
        wait = self.grab(bucket, 0)[1]
        return _retry_after(wait) if wait > 0 else 0.0


LEASE_S = 1.0  # how long a process may keep tokens it took ahead and has not spent


class TokenBuckets:
    """``rate`` requests a second per API key on average, ``burst`` at once, across every
    service process on the store.

    The buckets are shared (``SharedTokenBuckets``), but asking Redis on every request
    put the server's share of a search at +1.9 and +2.0 ms over in-process in two runs
    of ``python -m benchmarks service``, against +0.9 and +1.3 ms without it (runs
    differ by up to half a millisecond here), with a 3 ms HTTP overhead bar. So a
    process takes a few tokens at a time (a quarter of a second's rate, at most a
    quarter of the burst), spends them locally, and drops what it has not spent after
    ``LEASE_S``. Processes together never exceed the rate; a key spread over many
    processes may be refused a little early while a peer holds unspent tokens."""

    def __init__(
        self,
        shared: SharedTokenBuckets,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared, self.clock = shared, clock
        self.lease = max(1, min(int(shared.burst) // 4, math.ceil(shared.rate * 0.25)))
        self._leases: dict[str, tuple[int, float]] = {}  # key id -> (tokens, usable until)
        self._lock = threading.Lock()
        self._grabbing = threading.Lock()

    def spend_held(self, key_id: str) -> bool:
        """Spend a token this process already holds for the key; never asks Redis, so
        the event loop may call it."""
        with self._lock:
            tokens, until = self._leases.get(key_id, (0, 0.0))
            if tokens >= 1 and self.clock() < until:
                self._leases[key_id] = (tokens - 1, until)
                return True
        return False

    def take(self, key_id: str) -> float:
        """0 if a request may go ahead now (a token is spent), else seconds to wait.
        May ask Redis: call it from a worker thread."""
        if self.spend_held(key_id):
            return 0.0
        with self._grabbing:  # one thread asks Redis; the threads queued behind it spend
            if self.spend_held(key_id):  # what it took (32 threads each taking a lease
                return 0.0  # at once emptied a 100,000-token bucket under load)
            granted, wait = self.shared.grab(f"key:{key_id}", self.lease)
            if not granted:
                return _retry_after(wait)
            with self._lock:
                now = self.clock()
                tokens, until = self._leases.get(key_id, (0, 0.0))
                left = tokens if now < until else 0
                self._leases[key_id] = (left + granted - 1, now + LEASE_S)
        return 0.0


async def run_blocking(timeout_s: float, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn`` in a worker thread, so the event loop keeps serving; past ``timeout_s``
    the client gets a 504. The thread cannot be killed, so a write that was under way
    still completes (each ``Memory`` write is atomic): a 504 means "unknown outcome",
    never "half written"."""
    call = functools.partial(fn, *args, **kwargs)
    try:
        with anyio.fail_after(timeout_s):
            return await anyio.to_thread.run_sync(call, abandon_on_cancel=True)
    except TimeoutError:
        raise HTTPException(
            504, f"the request took longer than {timeout_s:g}s; its outcome is unknown"
        ) from None


class BodyLimit:
    """ASGI middleware: a body over ``max_bytes`` is refused with 413 before it is read
    whole, whether or not it declares its length."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False  # the server itself rejects a malformed length
            if too_big:
                await self._refuse(send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # FastAPI passes an HTTPException through
                    raise HTTPException(413, self._detail)
            return message

        await self.app(scope, counted, send)

    @property
    def _detail(self) -> str:
        return f"request body too large (limit {self.max_bytes} bytes)"

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": self._detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
