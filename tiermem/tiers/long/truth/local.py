"""The SQLite side of a replicated shard: the cache's position in the truth, and
applying the truth's row images to the cache.

The cache records which incarnation of the tenant it copies (``truth_epoch``) and up to
which change seq (``truth_seq``) in its own ``meta`` table, in the same transaction as
the rows, so a crash never leaves the position and the rows disagreeing. Local rows carry
the truth's seqs, so the shard's graph replay (``sync.py``) picks up applied rows exactly
as it picks up local writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from tiermem.tiers.long.rows import rows_by_ids
from tiermem.tiers.long.schema import CHUNK
from tiermem.tiers.long.truth.tables import IMAGE

EPOCH_KEY = "truth_epoch"
SEQ_KEY = "truth_seq"

_IMAGE_COLS = ", ".join(IMAGE)
SQL_IMAGES = f"SELECT {_IMAGE_COLS} FROM facts WHERE seq = ? ORDER BY label"
SQL_INSERT = f"INSERT INTO facts({_IMAGE_COLS}) VALUES ({', '.join('?' * len(IMAGE))})"
SQL_UPDATE = f"UPDATE facts SET {', '.join(f'{name} = ?' for name in IMAGE[1:])} WHERE id = ?"


def position(conn: sqlite3.Connection) -> tuple[str | None, int]:
    """(epoch, seq) of the truth this cache reflects; (None, 0) when it never synced."""
    meta = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (EPOCH_KEY, SEQ_KEY))
    )
    return meta.get(EPOCH_KEY), int(meta.get(SEQ_KEY, 0))


def set_position(conn: sqlite3.Connection, epoch: str | None, seq: int) -> None:
    if epoch is None:
        conn.execute("DELETE FROM meta WHERE key IN (?, ?)", (EPOCH_KEY, SEQ_KEY))
        return
    conn.executemany(
        "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
        [(EPOCH_KEY, epoch), (SEQ_KEY, str(seq))],
    )


def has_facts(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM facts LIMIT 1").fetchone() is not None


def changed_images(conn: sqlite3.Connection, seq: int) -> list[Sequence[Any]]:
    """Full row images of the rows a write stamped with ``seq``: what goes to the truth."""
    return conn.execute(SQL_IMAGES, (seq,)).fetchall()


def wipe(conn: sqlite3.Connection) -> None:
    """Empty the cache (its tenant was dropped or re-created in the truth); the caller
    rebuilds the graph, since labels start again."""
    conn.execute("DELETE FROM facts")
    conn.execute("DELETE FROM retired")
    set_position(conn, None, 0)


def apply(conn: sqlite3.Connection, images: Iterable[Sequence[Any]]) -> int:
    """Write the truth's row images into the cache; how many rows changed.

    An image replaces the local row only when it is newer (a higher seq), so applying
    twice, or after this process's own write, changes nothing. When a fact's hnswlib
    label changed (its vector was replaced), the old label is recorded in ``retired`` so
    every graph on this node forgets it, as a local write would have done.
    """
    changed = 0
    batch: list[Sequence[Any]] = []
    for image in images:
        batch.append(image)
        if len(batch) >= CHUNK:
            changed += _apply_batch(conn, batch)
            batch = []
    if batch:
        changed += _apply_batch(conn, batch)
    return changed


def _apply_batch(conn: sqlite3.Connection, images: list[Sequence[Any]]) -> int:
    known = {
        row[0]: (row[1], row[2])
        for row in rows_by_ids(conn, "f.id, f.label, f.seq", [i[0] for i in images], live=False)
    }
    changed = 0
    for image in images:
        values = _local(image)
        memory_id, label, seq = values[0], values[1], values[2]
        if memory_id not in known:
            conn.execute(SQL_INSERT, values)
        else:
            old_label, old_seq = known[memory_id]
            if old_seq >= seq:
                continue
            if old_label != label:
                conn.execute(
                    "INSERT OR REPLACE INTO retired(label, seq) VALUES (?, ?)", (old_label, seq)
                )
            conn.execute(SQL_UPDATE, (*values[1:], memory_id))
        known[memory_id] = (label, seq)
        changed += 1
    return changed


def _local(image: Sequence[Any]) -> tuple[Any, ...]:
    """A truth row image as SQLite stores it (deleted as 0/1, the vector as bytes)."""
    values = list(image)
    values[3] = int(bool(values[3]))
    if values[-1] is not None:
        values[-1] = bytes(values[-1])
    return tuple(values)
