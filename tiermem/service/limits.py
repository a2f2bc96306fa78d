"""The service's limits: a token bucket per API key (429), a deadline per request
(504) and a cap on the body size (413).

They protect one shared store from one noisy client, and from anyone guessing keys.
The wrong-key allowance lives in Redis, shared by every service process on the store; a
key's request rate is counted per process (see ``TokenBuckets`` for why).
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


_TAKE = """
local rate, burst, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(held[1]) or burst, tonumber(held[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
if tokens < math.max(cost, 1) then
  return tostring((math.max(cost, 1) - tokens) / rate)
end
if cost > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - cost), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
end
return '0'
"""


class TokenBuckets:
    """``rate`` requests a second per key on average, ``burst`` at once, in this process.

    Per process on purpose: the same buckets kept in Redis (``SharedTokenBuckets``) cost
    one script call per request, which added about 0.7 ms to every request's server
    share in ``python -m benchmarks service`` (+1.3 -> +2.0 ms over in-process), against
    an HTTP overhead bar of 3 ms. Several processes on one store each grant the rate."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, float(burst), clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key id -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, key_id: str) -> float:
        """0 if a request may go ahead now (a token is spent), else seconds to wait."""
        with self._lock:
            now = self.clock()
            tokens, then = self._buckets.get(key_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key_id] = (tokens, now)
            return max(1.0, math.ceil((1.0 - tokens) / self.rate))


class SharedTokenBuckets:
    """Token buckets kept in Redis, so that every service process on one store spends
    from the same ones: used for the wrong-key allowance of a client address, which only
    requests with a key not verified lately pay for, so guessing keys is slow however
    many processes a guesser spreads over.

    One script call: it reads the bucket, refills it by Redis's own clock (the
    processes' clocks may disagree), and spends or refuses, atomically. An idle bucket
    expires once it would be full again, so Redis keeps only busy ones."""

    def __init__(self, client: RedisClient, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, float(burst)
        self._take = client.register_script(_TAKE)

    def take(self, bucket: str, cost: float = 1.0) -> float:
        """0 if a request may go ahead now (``cost`` tokens are spent), else the seconds
        to wait, rounded up to whole ones for ``Retry-After``. ``cost=0`` only looks."""
        raw = self._take(keys=[keys.rate_bucket(bucket)], args=[self.rate, self.burst, cost])
        wait = float(keys.text(raw))
        return 0.0 if wait <= 0 else max(1.0, math.ceil(wait))


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
