"""Per-tenant tier counts, read without the embedder: what ``tiermem stats`` prints.

Counting needs Redis (short, mid, dead letters) and each tenant's SQLite shard (long),
nothing else. Opening a full ``Memory`` for it would import torch and load the embedding
model, seconds of work for a few integers, so this module reads the stores directly:
it joins (or starts) the embedded Redis exactly as ``Memory`` does, and opens each shard
read-only, which neither loads its vector graph nor writes anything to it.
``Memory.stats()`` returns the same dict.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from tiermem.config import TiermemConfig
from tiermem.opening import redis_client
from tiermem.tiers import keys
from tiermem.tiers.long.schema import CURRENT, DB_FILE
from tiermem.tiers.long.shards import shard_dirname
from tiermem.tiers.redis_client import RedisClient

# Current facts, as ``LongShard.count(include_superseded=False)`` counts them: live rows
# (not deleted, with a vector) whose validity is still open.
_CURRENT_FACTS = (
    f"SELECT COUNT(*) FROM facts f WHERE f.deleted = 0 AND f.vector IS NOT NULL AND {CURRENT}"
)


def collect(config: TiermemConfig) -> dict[str, Any]:
    """``{"tenants": {tenant: {"short", "mid", "long", "dead_letters"}}}`` for the stores
    ``config`` names. A data dir that does not exist yet holds no tenants; it is not
    created (a read-only command leaves no trace)."""
    if not config.redis_url and not config.data_dir.is_dir():
        return {"tenants": {}}
    with redis_client(config) as client:
        return read(client, config.data_dir / "long")


def read(client: RedisClient, long_root: Path) -> dict[str, Any]:
    """The counts, from an open Redis client and the long tier's root folder.

    Every tenant Redis lists is reported, also one whose counts are all zero: this
    reports what is stored, it does not decide which tenants matter.
    """
    tenants = sorted(keys.text(raw) for raw in client.smembers(keys.TENANTS))
    return {"tenants": read_tenants(client, long_root, tenants)}


def read_tenants(
    client: RedisClient, long_root: Path, tenants: list[str]
) -> dict[str, dict[str, int]]:
    """tenant -> ``short``, ``mid``, ``long``, ``dead_letters``: one Redis round trip for
    all of them, and each tenant's shard opened read-only."""
    pipe = client.pipeline(transaction=False)
    for tenant in tenants:
        pipe.hlen(keys.items(tenant, "short"))
        pipe.hlen(keys.items(tenant, "mid"))
        pipe.hlen(keys.dead_letters(tenant))
    replies = [int(n) for n in pipe.execute()] if tenants else []
    out: dict[str, dict[str, int]] = {}
    for n, tenant in enumerate(tenants):
        short, mid, dead = replies[3 * n : 3 * n + 3]
        out[tenant] = {
            "short": short,
            "mid": mid,
            "long": long_count(long_root, tenant),
            "dead_letters": dead,
        }
    return out


def read_tenant(client: RedisClient, long_root: Path, tenant: str) -> dict[str, int]:
    """One tenant's counts, as ``read_tenants`` gives them."""
    return read_tenants(client, long_root, [tenant])[tenant]


def long_count(long_root: Path, tenant: str) -> int:
    """Current long-term facts of ``tenant``; 0 when it has no shard yet."""
    path = Path(long_root) / shard_dirname(tenant) / DB_FILE
    if not path.is_file():
        return 0
    # mode=ro: never create, migrate or write a shard just to count it.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0)
    try:
        conn.execute("PRAGMA busy_timeout=30000")
        found: int = conn.execute(_CURRENT_FACTS).fetchone()[0]
    finally:
        conn.close()
    return found
