"""Open what one ``Memory`` works with: Redis (embedded or configured), the embedder,
and the three tiers; refuse a store that was written with another embedding model."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from tiermem.config import TiermemConfig
from tiermem.errors import EmbedderMismatchError
from tiermem.models.embedder import Embedder
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.id_registry import IdRegistry, migrate_legacy_registry
from tiermem.tiers.long import LongShards, LongTier
from tiermem.tiers.redis_client import RedisClient, check_vector_sets, connect
from tiermem.tiers.redis_server import EmbeddedRedis
from tiermem.tiers.redis_tier import RedisTier
from tiermem.tiers.replica_acks import ReplicaAcks


def open_stores(config: TiermemConfig) -> tuple[EmbeddedRedis | None, Stores]:
    """Start or connect to Redis, load the embedder, open the tiers. On any failure the
    embedded server started here is stopped again."""
    config.data_dir.mkdir(parents=True, exist_ok=True)
    server, url = start_redis(config)
    try:
        client = _connect(config, url)
        check_vector_sets(client)
        migrate_legacy_registry(client)
        acks = ReplicaAcks(client, config.redis_replica_acks, config.redis_replica_ack_timeout_ms)
        embedder = embedder_for(config)
        check_embedder(client, embedder)
        registry = IdRegistry(client, acks)
        shards = long_shards(config, embedder)
        stores = Stores(
            config=config,
            client=client,
            short=RedisTier(client, "short"),
            mid=RedisTier(client, "mid"),
            long=LongTier(shards, client, registry),
            registry=registry,
            acks=acks,
            embedder=embedder,
        )
    except BaseException:
        if server is not None:
            server.stop()
        raise
    return server, stores


def long_shards(config: TiermemConfig, embedder: Embedder) -> LongShards:
    """The long tier's shard registry: local SQLite shards, or (with ``long_store_url``)
    local caches of PostgreSQL, which is imported only then."""
    budget = config.long_memory_budget_mb
    budget_bytes = None if budget is None else int(budget * 1024 * 1024)
    root = config.data_dir / "long"
    if config.long_store_url is None:
        return LongShards(
            root,
            dim=embedder.dim,
            embedder_identity=embedder.identity,
            max_open=config.long_open_shards,
            memory_budget_bytes=budget_bytes,
        )
    from tiermem.tiers.long.truth import ReplicatedShards, TruthStore

    truth = TruthStore(config.long_store_url, embedder_identity=embedder.identity, dim=embedder.dim)
    return ReplicatedShards(
        root,
        truth,
        sync_interval_s=config.long_sync_interval_s,
        max_open=config.long_open_shards,
        memory_budget_bytes=budget_bytes,
    )


def _connect(config: TiermemConfig, url: str) -> RedisClient:
    """The embedded server is never a cluster; a configured one may be (asked if unset)."""
    return connect(url, cluster=config.redis_cluster if config.redis_url else False)


def start_redis(config: TiermemConfig) -> tuple[EmbeddedRedis | None, str]:
    """The configured Redis's URL; without one, the embedded server on the data dir,
    joined if another process runs it, else started (the caller stops it when done)."""
    if config.redis_url:
        return None, config.redis_url
    server = EmbeddedRedis(
        config.data_dir,
        appendfsync=config.redis_appendfsync,
        start_timeout_s=config.redis_start_timeout_s,
    )
    return server, server.start()


@contextlib.contextmanager
def redis_client(config: TiermemConfig) -> Iterator[RedisClient]:
    """A client on the configured Redis, for commands that need no ``Memory`` (stats,
    keys, reembed): the embedded server is joined or started as ``Memory`` does, and
    released (stopped if we were its last user) afterwards."""
    server, url = start_redis(config)
    try:
        client = _connect(config, url)
        try:
            yield client
        finally:
            client.close()
    finally:
        if server is not None:
            server.stop()


def embedder_for(config: TiermemConfig, *, query_cache: int | None = None) -> Embedder:
    """The embedder the configuration names (the one place its settings are read)."""
    return Embedder(
        config.embedder_model,
        batch_size=config.embedder_batch_size,
        threads=config.embedder_threads,
        truncate_dim=config.embedder_truncate_dim,
        backend=config.embedder_backend,
        quantized=config.embedder_quantized,
        cache_dir=config.embedder_cache_dir,
        query_cache=config.embedder_query_cache if query_cache is None else query_cache,
    )


def check_embedder(client: RedisClient, embedder: Embedder) -> None:
    """The first embedder to open a store claims it; any other is refused, because
    vectors from two models cannot be compared."""
    client.hsetnx(keys.META, "embedder", embedder.identity)
    stored = client.hget(keys.META, "embedder")
    if stored is not None and keys.text(stored) != embedder.identity:
        was = keys.text(stored)
        hint = "use the same model or a new data dir / Redis"
        if was.split("+")[0] == embedder.identity.split("+")[0]:  # same model, other backend
            backend = "onnx" if "+onnx" in was else "torch"
            hint = (
                f"set embedder_backend={backend}"
                + (f", embedder_quantized={'int8' in was}" if backend == "onnx" else "")
                + " (TIERMEM_EMBEDDER_BACKEND / TIERMEM_EMBEDDER_QUANTIZED) to keep using it, "
                "or run `tiermem reembed --yes` once to move it"
            )
        raise EmbedderMismatchError(
            f"this Redis holds memories embedded with {was}, but the configured "
            f"embedder is {embedder.identity}; {hint}"
        )
