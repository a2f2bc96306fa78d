"""The service's limits: a token bucket per API key (429), a deadline per request
(504) and a cap on the body size (413).

They protect one shared ``Memory`` from one noisy client. The buckets live in this
process (one ``Memory`` per process, so one process per store); several service
processes on one store would each grant the full rate.
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

T = TypeVar("T")


class TokenBuckets:
    """``rate`` requests a second per key on average, ``burst`` at once."""

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
