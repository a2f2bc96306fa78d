"""The graph snapshot on disk: ``index.bin`` + ``meta.json``, guarded by ``snapshot.lock``.

``meta.json`` names the embedder, the dimension and the database the shard belongs to, and
the snapshot's seq, byte size and element count. A snapshot is trusted only when all of
these match; then the rows changed since its seq are replayed. Both files are replaced
atomically under an exclusive cross-process file lock, so they always agree.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hnswlib

from tiermem.tiers.long.graph import IndexState
from tiermem.tiers.long.schema import SCHEMA_VERSION, SQL_RETIRED, begin_read, end_read, max_seq

INDEX_FILE = "index.bin"
META_FILE = "meta.json"
LOCK_FILE = "snapshot.lock"


class SnapshotFiles:
    """The snapshot files of one shard folder, for one embedder and one database."""

    def __init__(self, folder: Path, *, dim: int, embedder_identity: str, db_uuid: str) -> None:
        self.folder = folder
        self.dim = dim
        self.embedder_identity = embedder_identity
        self.db_uuid = db_uuid

    @contextlib.contextmanager
    def lock(self, *, exclusive: bool) -> Iterator[None]:
        """Serialise snapshot writers across processes so index.bin and meta.json agree."""
        with open(self.folder / LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def read_meta(self) -> dict[str, Any]:
        try:
            loaded = json.loads((self.folder / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def write_meta(self, snapshot: dict[str, Any] | None) -> None:
        """Atomically replace meta.json (caller holds the exclusive file lock)."""
        meta = {
            "embedder_identity": self.embedder_identity,
            "dim": self.dim,
            "schema_version": SCHEMA_VERSION,
            "db_uuid": self.db_uuid,
            "snapshot": snapshot,
        }
        atomic_write(self.folder / META_FILE, json.dumps(meta, indent=2).encode("utf-8"))

    def save(self, index: Any, seq: int) -> None:
        """Write the graph, reflecting change ``seq``, then the meta naming it."""
        target = self.folder / INDEX_FILE
        with self.lock(exclusive=True):
            fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=self.folder)
            os.close(fd)
            try:
                index.save_index(tmp_name)
                with open(tmp_name, "rb+") as handle:
                    os.fsync(handle.fileno())
                size = os.path.getsize(tmp_name)
                os.replace(tmp_name, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
                raise
            self.write_meta(
                {
                    "seq": seq,
                    "bytes": size,
                    "count": int(index.element_count),
                    "db_uuid": self.db_uuid,
                }
            )

    def discard(self) -> None:
        """No snapshot: the meta names none and an old ``index.bin`` is removed, so an
        outdated graph is never loaded and replayed when a rebuild is what is wanted."""
        with self.lock(exclusive=True):
            if self.read_meta().get("snapshot") is not None:
                self.write_meta(None)
            with contextlib.suppress(FileNotFoundError):
                (self.folder / INDEX_FILE).unlink()

    def load(self, conn: sqlite3.Connection, *, ef: int) -> IndexState | None:
        """The snapshot index with its seq and live/stale labels as of that seq, or None.

        Only a snapshot that names this database, this dimension and the exact file size
        is trusted; anything else (missing, torn write, copied from elsewhere) is rebuilt.
        """
        path = self.folder / INDEX_FILE
        with self.lock(exclusive=False):
            snap = self.read_meta().get("snapshot")
            if not isinstance(snap, dict) or snap.get("db_uuid") != self.db_uuid:
                return None
            seq, size, count = snap.get("seq"), snap.get("bytes"), snap.get("count")
            if not (isinstance(seq, int) and isinstance(size, int) and isinstance(count, int)):
                return None
            try:
                if path.stat().st_size != size:
                    return None
                index = hnswlib.Index(space="cosine", dim=self.dim)
                index.load_index(str(path), max_elements=0)
            except (OSError, RuntimeError, ValueError, MemoryError):
                return None
        if index.dim != self.dim or index.element_count != count:
            return None
        if seq > max_seq(conn):
            return None  # the snapshot is newer than the database: not this history
        in_index = set(index.get_ids_list())
        live: set[int] = set()
        stale: set[int] = set()
        # State at `seq`: rows untouched since are as they are now; rows changed since
        # were not deleted then (a tombstone is never written again), so their label is
        # live in the snapshot iff present; the same holds for labels retired since.
        begin_read(conn)
        try:
            rows = conn.execute(
                "SELECT label, seq, deleted, (valid_to IS NULL AND superseded_by IS NULL) "
                "FROM facts"
            )
            for label, row_seq, deleted, current in rows:
                if row_seq > seq:
                    if label in in_index:  # replay will delete, keep or re-flag it
                        live.add(label)
                elif not deleted:
                    if label not in in_index:
                        return None
                    live.add(label)
                    if not current:
                        stale.add(label)
            for (label,) in conn.execute(SQL_RETIRED, (seq,)):
                if label in in_index:
                    live.add(label)
        finally:
            end_read(conn)
        index.set_ef(ef)
        return IndexState(index, seq, live, stale)


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
