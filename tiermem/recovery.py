"""The one way the facade survives a Redis that stopped answering.

With the embedded server (``redis_url`` unset) a broken connection means the process
died or was killed; it is restarted, its append-only file replays every write it
acknowledged, and the call is tried once more. A read is simply read again. A write is
*replayed*: it was planned before the first try (ids, vectors, times), and the replay
first looks whether its own change already landed (the connection can break after EXEC
reached the server but before its reply did), so it is written exactly once. With an
external Redis the error reaches the caller: nothing was acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import redis

from tiermem.tiers.redis_server import EmbeddedRedis

log = logging.getLogger("tiermem")
R = TypeVar("R")
BROKEN = (redis.ConnectionError, redis.TimeoutError)


class Recovery:
    def __init__(self, server: EmbeddedRedis | None) -> None:
        self.server = server

    def read(self, op: Callable[[], R]) -> R:
        try:
            return op()
        except BROKEN:
            if self.server is None:
                raise
            self._restart(self.server)
            return op()

    def write(self, op: Callable[[bool], R]) -> R:
        """``op(replay)``: with ``replay`` True it must first check whether its change
        is already stored, and if so only report it."""
        try:
            return op(False)
        except BROKEN:
            if self.server is None:
                raise
            self._restart(self.server)
            return op(True)

    @staticmethod
    def _restart(server: EmbeddedRedis) -> None:
        log.warning("embedded Redis stopped answering; restarting it")
        server.ensure_running()
