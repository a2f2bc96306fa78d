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

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from tiermem.errors import TiermemError
from tiermem.models.embedder import Embedder
from tiermem.tiers import keys
from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.long.snapshot import INDEX_FILE, META_FILE
from tiermem.tiers.redis_client import RedisClient
from tiermem.types import MemoryItem

BATCH = 256


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
        done = _long_shard(db.parent, embedder)
        if done is None:
            report.shards_already_done += 1
        else:
            report.shards += 1
            report.long_vectors += done
    client.hset(keys.META, "embedder", embedder.identity)
    return report


def _redis_tiers(client: RedisClient, tenant: str, embedder: Embedder) -> int:
    written = 0
    for tier in ("short", "mid"):
        raw = client.hgetall(keys.items(tenant, tier))
        items = [MemoryItem.model_validate_json(payload) for payload in raw.values()]
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            vectors = embedder.embed([i.memory for i in chunk])
            pipe = client.pipeline(transaction=False)
            for item, vector in zip(chunk, vectors, strict=True):
                key = keys.vectors(tenant, tier)
                pipe.execute_command("VREM", key, item.id)  # VADD over an element whose
                pipe.execute_command(  # vector has another size would fail
                    "VADD", key, "FP32", vector.tobytes(), item.id, "NOQUANT"
                )
            pipe.execute()
            written += len(chunk)
    return written


def _long_shard(folder: Path, embedder: Embedder) -> int | None:
    """Embed a shard's facts again in one transaction; None if it was already done."""
    conn = sqlite3.connect(folder / DB_FILE, isolation_level=None, timeout=30.0)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("embedder_identity") == embedder.identity:
            return None
        rows = conn.execute(
            "SELECT id, memory FROM facts WHERE vector IS NOT NULL ORDER BY id"
        ).fetchall()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                vectors = embedder.embed([text for _, text in chunk])
                conn.executemany(
                    "UPDATE facts SET vector = ? WHERE id = ?",
                    [(v.tobytes(), fid) for (fid, _), v in zip(chunk, vectors, strict=True)],
                )
            conn.executemany(
                "UPDATE meta SET value = ? WHERE key = ?",
                [(embedder.identity, "embedder_identity"), (str(embedder.dim), "dim")],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    for stale in (INDEX_FILE, META_FILE):  # the graph is rebuilt from the new vectors
        (folder / stale).unlink(missing_ok=True)
    return len(rows)
