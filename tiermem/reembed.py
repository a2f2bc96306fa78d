"""``tiermem reembed``: move a store to the configured embedder by embedding every memory
again from its text.

A store remembers which embedder wrote its vectors (``Embedder.identity``) and refuses
another, because vectors of two models, or of one model under two backends, are not
comparable. After a change of embedder (the ONNX default, a new model) this rewrites
every vector: the short and mid tiers' Redis vector sets, and each long-term shard's
SQLite rows, whose hnswlib graph is then rebuilt from them on the next open. Texts,
ids, history and validity are untouched.

It is safe to run again after a crash: a shard is converted in one SQLite transaction
(vectors and identity together) and skipped once converted; the Redis tiers are simply
embedded again; the store's identity in Redis changes last, so until then the store
still opens with the old embedder and nothing is half-visible. Stop every worker and
server on the store first: a consolidation run that leases a tenant makes it refuse.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from tiermem.errors import TiermemError
from tiermem.models.embedder import Embedder
from tiermem.tiers import keys
from tiermem.tiers.long import revector
from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.redis_tier import RedisTier

BATCH = 256  # texts per embedding call and per Redis transaction


class ReembedReport(BaseModel):
    old: str | None
    new: str
    redis_vectors: int = 0
    long_vectors: int = 0
    shards: int = 0
    shards_already_done: int = 0


def reembed(
    client: RedisClient,
    long_root: Path,
    embedder: Embedder,
    progress: Callable[[str], None] = lambda _: None,
) -> ReembedReport:
    stored = client.hget(keys.META, "embedder")
    old = keys.text(stored) if stored is not None else None
    report = ReembedReport(old=old, new=embedder.identity)
    if old == embedder.identity:
        return report
    tenants = sorted(keys.text(t) for t in client.smembers(keys.TENANTS))
    busy = [t for t in tenants if client.exists(keys.lease(t))]
    if busy:
        raise TiermemError(
            f"consolidation holds {', '.join(busy[:5])}: stop every worker and server on "
            "this store, then run tiermem reembed again"
        )
    for tenant in tenants:
        progress(f"{tenant}: short and mid")
        report.redis_vectors += _redis_tiers(client, tenant, embedder)
    for db in sorted(Path(long_root).glob(f"*/{DB_FILE}")):
        progress(f"{db.parent.name}: long")
        done = revector.rewrite(db.parent, embedder.embed, embedder.identity, embedder.dim)
        if done is None:
            report.shards_already_done += 1
        else:
            report.shards += 1
            report.long_vectors += done
    client.hset(keys.META, "embedder", embedder.identity)
    return report


def _redis_tiers(client: RedisClient, tenant: str, embedder: Embedder) -> int:
    written = 0
    for name in ("short", "mid"):
        tier = RedisTier(client, name)
        items = tier.all(tenant)
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            vectors = embedder.embed([i.memory for i in chunk])
            pipe = client.pipeline(transaction=True)  # dropped and put back as one
            for item, vector in zip(chunk, vectors, strict=True):
                tier.drop(pipe, item)  # (VADD over a vector of another size would fail)
                tier.put(pipe, item, vector)
            pipe.execute()
            written += len(chunk)
    return written
