"""PostgreSQL as the long-term truth, with each node's SQLite shards as its cache.

Used only when ``long_store_url`` is set; nothing else in tiermem imports this package,
so the embedded default never loads SQLAlchemy or psycopg.

Modules, one job each:

- ``tables``: the PostgreSQL tables (laid out for Citus) and the engine;
- ``remote``: ``TruthStore``, the statements sent to PostgreSQL (tenant counter rows,
  row images since a seq, upserts, drops);
- ``local``: the cache's position in the truth and applying row images to SQLite;
- ``shard``: ``ReplicatedShard``, a ``LongShard`` whose writes go through PostgreSQL and
  whose reads catch up from it;
- ``shards``: ``ReplicatedShards``, the registry that opens them.
"""

from __future__ import annotations

from tiermem.tiers.long.truth.remote import TruthStore
from tiermem.tiers.long.truth.shard import ReplicatedShard
from tiermem.tiers.long.truth.shards import ReplicatedShards

__all__ = ["ReplicatedShard", "ReplicatedShards", "TruthStore"]
