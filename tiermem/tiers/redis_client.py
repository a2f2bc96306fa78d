"""Connecting to the Redis behind the short and mid tiers: embedded, external, or a cluster.

Every tiermem client is made one way (``connect``: RESP2, raw bytes, quick failure), and a
server is refused up front, with the remedy, when it lacks what tiermem needs: Redis 8
vector sets (``check_vector_sets``). A Redis Cluster gets redis-py's cluster client, which
follows slot moves and failovers; everything above it is the same code, because every
MULTI tiermem sends stays inside one tenant's hash tag (see ``keys``).
"""

from __future__ import annotations

import contextlib
import secrets
import struct
from typing import Any, TypeAlias
from urllib.parse import urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.cluster import RedisCluster
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

from tiermem.errors import InvalidInputError, RedisUnsupportedError

# A string alias: redis-py's runtime class is not generic, the type stubs make it generic.
RedisClient: TypeAlias = "redis.Redis | RedisCluster"

MIN_REDIS_MAJOR = 8

_REMEDY = (
    "tiermem needs Redis >= 8.0 with vector sets (VADD/VSIM): point TIERMEM_REDIS_URL at such "
    "a server, or unset TIERMEM_REDIS_URL to use the embedded Redis that tiermem starts itself"
)


def connect(url: str, *, socket_timeout: float = 30.0, cluster: bool | None = False) -> RedisClient:
    """A redis-py client for tiermem: RESP2, raw bytes, bounded timeouts, quick failure.

    RESP2 because the reply shapes of VSIM & co. are then flat lists on every server;
    bytes because vectors and payloads are binary. Retries are few and short so that a
    dead embedded server is noticed quickly and ``ensure_running()`` can bring it back.
    ``cluster=None`` asks the server whether it is a cluster node.
    """
    scheme = urlsplit(url).scheme if isinstance(url, str) else None
    if scheme not in ("redis", "rediss", "unix"):
        # The URL itself is not echoed: it may carry a password.
        raise InvalidInputError(
            f"Redis URL must start with redis://, rediss:// or unix:// (scheme: {scheme!r})"
        )
    # `protocol` is newer than the type stubs in use, hence passed through a plain dict.
    extra: dict[str, Any] = {"protocol": 2}
    if cluster is None:
        cluster = _is_cluster_node(url, socket_timeout)
    if cluster:
        if scheme == "unix":
            raise InvalidInputError("a Redis Cluster is reached over redis:// or rediss://")
        # A failover takes the cluster's node timeout plus an election (seconds): the
        # cluster client retries long enough to ride it out, refreshing its slot map.
        return RedisCluster.from_url(
            url,
            decode_responses=False,
            socket_timeout=socket_timeout,
            socket_connect_timeout=min(2.0, socket_timeout),
            retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 12),
            **extra,
        )
    return redis.Redis.from_url(
        url,
        decode_responses=False,
        socket_timeout=socket_timeout,
        socket_connect_timeout=min(5.0, socket_timeout),
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=0.25, base=0.02), 3),
        **extra,
    )


def _is_cluster_node(url: str, socket_timeout: float) -> bool:
    """Whether the server at ``url`` runs in cluster mode (``INFO cluster``)."""
    probe = redis.Redis.from_url(
        url, decode_responses=False, socket_timeout=socket_timeout, protocol=2
    )
    try:
        return bool(probe.info("cluster").get("cluster_enabled"))
    except ResponseError:  # INFO denied by ACL: take the server as a single node
        return False
    finally:
        probe.close()


def _describe(client: RedisClient) -> str:
    """Where the client points, without credentials."""
    if isinstance(client, RedisCluster):
        nodes = client.get_nodes()
        return "cluster " + ", ".join(f"{n.host}:{n.port}" for n in nodes[:3])
    kwargs = client.connection_pool.connection_kwargs
    if kwargs.get("path"):
        return f"unix://{kwargs['path']}"
    return f"redis://{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"


def parse_redis_version(text: str) -> tuple[int, ...]:
    """``'8.2.3'`` -> ``(8, 2, 3)``; unparsable parts count as 0 (never crash on odd builds)."""
    parts: list[int] = []
    for piece in text.strip().split(".")[:3]:
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts) or (0,)


def check_vector_sets(client: RedisClient) -> None:
    """Refuse, with a clear remedy, a server that cannot serve tiermem's vector sets.

    The version check catches plain old servers; the VADD/VSIM probe catches the rest
    (module missing, commands renamed or denied by ACL). The probe key has a random name
    so concurrent starts never collide, and it is always deleted.
    """
    where = _describe(client)
    try:
        info = client.info("server")
    except ResponseError:  # INFO itself may be denied by ACL: the probe below still decides
        info = {}
    version = str(info.get("redis_version", "")) if info else ""
    if version and parse_redis_version(version)[0] < MIN_REDIS_MAJOR:
        raise RedisUnsupportedError(
            f"the Redis at {where} is version {version}, which has no vector sets; {_REMEDY}"
        )
    key = f"tm:probe:{secrets.token_hex(8)}"
    vector = struct.pack("<2f", 1.0, 0.0)
    try:
        client.execute_command("VADD", key, "FP32", vector, "probe", "NOQUANT")
        hits = client.execute_command("VSIM", key, "FP32", vector, "WITHSCORES", "COUNT", 1)
    except ResponseError as exc:
        raise RedisUnsupportedError(
            f"the Redis at {where} (version {version or 'unknown'}) cannot run vector-set "
            f"commands ({exc}); {_REMEDY}"
        ) from exc
    finally:
        with contextlib.suppress(RedisError):
            client.delete(key)
    first = hits[0] if isinstance(hits, list) and hits else None
    if first not in (b"probe", "probe"):
        raise RedisUnsupportedError(
            f"the Redis at {where} answered VSIM with {hits!r} instead of the probe element; "
            f"{_REMEDY}"
        )
