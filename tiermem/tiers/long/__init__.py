"""Long-term tier: durable facts, one on-disk shard per tenant.

A shard is a SQLite database (the source of truth: every field of every fact, its vector
as a float32 BLOB, and an FTS5 index over the text) plus a vector index that is only a
cache of the vectors: an exact flat index while the shard holds at most ``FLAT_LIMIT``
vectors (an hnswlib graph has a fixed cost of about 2.6 MB, and thousands of small
tenants must not each pay it), an hnswlib graph past that. The graph is snapshotted to
``index.bin`` together with the change sequence it reflects; on open the snapshot is
loaded and the rows changed since are replayed, or, when the snapshot cannot be trusted,
the graph is rebuilt from SQLite. A flat index is always rebuilt on open. So losing or
corrupting the snapshot costs time, never data.

Every write bumps a monotonically increasing ``seq`` on the rows it touches. Readers in
other processes (or other ``LongShard`` objects on the same folder) notice commits
through ``PRAGMA data_version`` and replay the rows with a higher ``seq``, which keeps a
worker process and an API process looking at the same facts.

hnswlib labels are never reused: a replaced vector gets a fresh label and its old label
is recorded in ``retired`` (so other processes can ``mark_deleted`` it too), and deleted
rows stay as tombstones. That makes replay a pure function of the rows, with no history.

Modules, one job each:

- ``schema``: the SQLite file, tables, hot statements and transaction plumbing;
- ``rows``: facts rows <-> ``MemoryItem`` and chunked ``IN (...)`` fetches;
- ``graph``: the vector index (build, grow from flat to graph, search, vector checks);
- ``flat``: ``FlatIndex``, exact search in hnswlib's shape for small shards;
- ``snapshot``: ``index.bin`` + ``meta.json`` under ``snapshot.lock``, load and save;
- ``fts``: lexical search over FTS5 within a postings budget;
- ``sync``: ``SyncedShard``, which opens a shard and keeps its graph in step with SQLite
  under one lock (replay of change seqs, snapshot on close);
- ``shard``: ``LongShard``, the reads and writes of one tenant's facts, on ``SyncedShard``;
- ``shards``: ``LongShards``, the per-tenant shard registry;
- ``tier``: ``LongTier``, the shards behind the common ``tiers.base.Tier`` interface;
- ``truth``: with ``long_store_url``, PostgreSQL holds the facts and these shards become
  each node's cache of it (imported only then; see ``docs/postgres.md``).
"""

from __future__ import annotations

from tiermem.tiers.long.fts import LEXICAL_POSTINGS_BUDGET
from tiermem.tiers.long.graph import DEFAULT_CAPACITY, FLAT_LIMIT, HNSW_EF_SEARCH
from tiermem.tiers.long.schema import DB_FILE, SCHEMA_VERSION
from tiermem.tiers.long.shard import LongShard
from tiermem.tiers.long.shards import LongShards, shard_dirname
from tiermem.tiers.long.snapshot import INDEX_FILE, LOCK_FILE, META_FILE
from tiermem.tiers.long.tier import LongTier

__all__ = [
    "DB_FILE",
    "DEFAULT_CAPACITY",
    "FLAT_LIMIT",
    "HNSW_EF_SEARCH",
    "INDEX_FILE",
    "LEXICAL_POSTINGS_BUDGET",
    "LOCK_FILE",
    "META_FILE",
    "SCHEMA_VERSION",
    "LongShard",
    "LongShards",
    "LongTier",
    "shard_dirname",
]
