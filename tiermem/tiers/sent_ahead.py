"""Redis commands sent before the caller's own work and read after it.

A search asks Redis for two tiers (a vector-set script each) and the tenant's vocabulary
record, and reads the long tier (hnswlib, SQLite) in process. Pipelined in one round trip
and only then reading the long tier, the process waited while the server worked and the
server idled while the process worked. Sent ahead, the two overlap: over 1,000 items per
tier the Redis part plus the long tier took 3.8 ms at p50 one after the other and 2.5 ms
overlapped (``benchmarks perf`` shows the whole search).

Only a plain client can do this: it is one pooled connection, written now and read later.
A cluster client routes each command to its node, so it runs the ordinary pipeline when
the replies are asked for; so does a plain client whose connection broke on the way (the
pipeline then retries as every other call does).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType
from typing import Any

import redis

from tiermem.tiers.redis_client import RedisClient

BROKEN = (redis.ConnectionError, redis.TimeoutError)
Command = tuple[Any, ...]


class SentAhead:
    """``with SentAhead(client, commands) as sent: ...own work...; sent.replies()``.

    Replies come in command order; a command the server refused comes back as its
    ``ResponseError`` (as a pipeline with ``raise_on_error=False`` gives them), so the
    caller decides what a refusal means (NOSCRIPT, say)."""

    def __init__(self, client: RedisClient, commands: Sequence[Command]) -> None:
        self._client = client
        self._commands = list(commands)
        self._connection: Any = None
        if isinstance(client, redis.Redis) and self._commands:
            self._send(client.connection_pool)

    def _send(self, pool: Any) -> None:
        connection = pool.get_connection()
        try:
            connection.send_packed_command(connection.pack_commands(self._commands))
        except BROKEN:
            self._drop(connection)  # the pipeline asks again, with its retries
            return
        except BaseException:
            self._drop(connection)
            raise
        self._connection = connection

    def replies(self) -> list[Any]:
        connection, self._connection = self._connection, None
        if connection is None:
            return self._pipelined()
        try:
            replies = [_reply(connection) for _ in self._commands]
        except BROKEN:
            self._drop(connection)
            return self._pipelined()
        except BaseException:
            self._drop(connection)  # unread replies must not reach the next caller
            raise
        self._client.connection_pool.release(connection)  # type: ignore[union-attr]
        return replies

    def _pipelined(self) -> list[Any]:
        with self._client.pipeline(transaction=False) as pipe:
            for command in self._commands:
                pipe.execute_command(*command)
            return list(pipe.execute(raise_on_error=False))

    def close(self) -> None:
        """Gives the connection back unread (the caller's own work failed): it is
        dropped, since replies still on it would answer somebody else's command."""
        connection, self._connection = self._connection, None
        if connection is not None:
            self._drop(connection)

    def _drop(self, connection: Any) -> None:
        """Closed before it goes back to the pool: whatever is unread on it dies with it."""
        connection.disconnect()
        self._client.connection_pool.release(connection)  # type: ignore[union-attr]

    def __enter__(self) -> SentAhead:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _reply(connection: Any) -> Any:
    try:
        return connection.read_response()
    except redis.ResponseError as refused:
        return refused
