"""Give a closed long-term shard another embedder's vectors (``tiermem reembed``).

Here because only the long tier knows its tables: every fact's vector and the shard's
embedder identity change in one SQLite transaction, so a shard is either converted or
untouched; the hnswlib snapshot is then deleted and the graph rebuilt from the new
vectors when the shard next opens. No process may have the shard open meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.long.snapshot import INDEX_FILE, META_FILE
from tiermem.types import Matrix

BATCH = 256


def rewrite(
    folder: Path, embed: Callable[[list[str]], Matrix], identity: str, dim: int
) -> int | None:
    """Embed a shard's facts again in one transaction; None if it was already done."""
    conn = sqlite3.connect(folder / DB_FILE, isolation_level=None, timeout=30.0)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("embedder_identity") == identity:
            return None
        rows = conn.execute(
            "SELECT id, memory FROM facts WHERE vector IS NOT NULL ORDER BY id"
        ).fetchall()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                vectors = embed([text for _, text in chunk])
                conn.executemany(
                    "UPDATE facts SET vector = ? WHERE id = ?",
                    [(v.tobytes(), fid) for (fid, _), v in zip(chunk, vectors, strict=True)],
                )
            conn.executemany(
                "UPDATE meta SET value = ? WHERE key = ?",
                [(identity, "embedder_identity"), (str(dim), "dim")],
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
