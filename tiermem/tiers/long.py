"""Long-term tier: durable facts, one on-disk shard per tenant.

A shard is a SQLite database (the source of truth: every field of every fact, its vector
as a float32 BLOB, and an FTS5 index over the text) plus an hnswlib graph that is only a
cache of the vectors. The graph is snapshotted to ``index.bin`` together with the change
sequence it reflects; on open the snapshot is loaded and the rows changed since are
replayed, or, when the snapshot cannot be trusted, the graph is rebuilt from SQLite. So
losing or corrupting the snapshot costs time, never data.

Every write bumps a monotonically increasing ``seq`` on the rows it touches. Readers in
other processes (or other ``LongShard`` objects on the same directory) notice commits
through ``PRAGMA data_version`` and replay the rows with a higher ``seq``, which keeps a
worker process and an API process looking at the same facts.

hnswlib labels are never reused: a replaced vector gets a fresh label and its old label
is recorded in ``retired`` (so other processes can ``mark_deleted`` it too), and deleted
rows stay as tombstones. That makes replay a pure function of the rows, with no history.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import os
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np
import numpy.typing as npt

from tiermem import lexical
from tiermem.errors import (
    EmbedderMismatchError,
    InvalidInputError,
    MemoryNotFoundError,
    TiermemError,
)
from tiermem.types import MemoryItem

Vector = npt.NDArray[np.float32]

SCHEMA_VERSION = 1
DB_FILE = "facts.sqlite"
INDEX_FILE = "index.bin"
META_FILE = "meta.json"
LOCK_FILE = "snapshot.lock"

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 96
DEFAULT_CAPACITY = 1024
_CHUNK = 500  # ids per IN (...) list: far under SQLite's host-parameter limit
# BM25 must score every posting of every query term before it can sort, so a term found
# in most facts makes a query cost ~1 ms per thousand facts. Terms are taken rarest first
# until this many postings; a term over the budget on its own is left out entirely
# (at 10k facts a 20k budget cost 12 ms a query, more than the embedding).
LEXICAL_POSTINGS_BUDGET = 2_000
_DF_CACHE_MIN = 2_000
_REBUILD_BATCH = 4096

_FIELDS = (
    "id",
    "memory",
    "hash",
    "user_id",
    "agent_id",
    "run_id",
    "role",
    "metadata",
    "created_at",
    "updated_at",
    "observed_at",
    "sources",
    "reinforcement",
    "strength",
    "last_access",
    "valid_from",
    "valid_to",
    "superseded_by",
    "slot",
)
_COLS = ", ".join(f"f.{name}" for name in _FIELDS)
_CURRENT = "f.valid_to IS NULL AND f.superseded_by IS NULL"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label INTEGER NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    memory TEXT NOT NULL,
    hash TEXT NOT NULL,
    user_id TEXT,
    agent_id TEXT,
    run_id TEXT,
    role TEXT,
    metadata TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    observed_at REAL NOT NULL,
    sources TEXT NOT NULL,
    reinforcement INTEGER NOT NULL,
    strength REAL NOT NULL,
    last_access REAL,
    valid_from REAL,
    valid_to REAL,
    superseded_by TEXT,
    slot TEXT,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS facts_seq ON facts(seq);
CREATE INDEX IF NOT EXISTS facts_hash ON facts(hash);
CREATE INDEX IF NOT EXISTS facts_slot ON facts(slot);
CREATE INDEX IF NOT EXISTS facts_created ON facts(created_at, pk);
CREATE TABLE IF NOT EXISTS retired (label INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS retired_seq ON retired(seq);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5(
    memory, content='facts', content_rowid='pk',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_vocab USING fts5vocab(facts_fts, 'row');
CREATE TRIGGER IF NOT EXISTS facts_fts_ai AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts(rowid, memory) VALUES (new.pk, new.memory);
END;
CREATE TRIGGER IF NOT EXISTS facts_fts_ad AFTER DELETE ON facts BEGIN
    INSERT INTO facts_fts(facts_fts, rowid, memory) VALUES ('delete', old.pk, old.memory);
END;
CREATE TRIGGER IF NOT EXISTS facts_fts_au AFTER UPDATE OF memory ON facts BEGIN
    INSERT INTO facts_fts(facts_fts, rowid, memory) VALUES ('delete', old.pk, old.memory);
    INSERT INTO facts_fts(rowid, memory) VALUES (new.pk, new.memory);
END;
"""

# The statements on the hot paths, named so that ``query_plans`` (and the tests) can
# prove each one is answered from an index rather than a table scan.
SQL_BY_ID = f"SELECT {_COLS} FROM facts f WHERE f.id = ? AND f.deleted = 0"
SQL_BY_LABELS = "SELECT f.label, {cols} FROM facts f WHERE f.label IN ({marks}) AND f.deleted = 0"
SQL_BY_PKS = "SELECT f.pk, {cols} FROM facts f WHERE f.pk IN ({marks}) AND f.deleted = 0"
SQL_CHANGED = (
    "SELECT label, deleted, (valid_to IS NULL AND superseded_by IS NULL), seq, vector "
    "FROM facts WHERE seq > ? ORDER BY seq"
)
SQL_RETIRED = "SELECT label FROM retired WHERE seq > ?"
SQL_BY_HASH = (
    f"SELECT {_COLS} FROM facts f WHERE f.hash = ? AND f.deleted = 0 AND {_CURRENT} "
    "ORDER BY f.created_at DESC, f.pk DESC LIMIT 1"
)


def shard_dirname(tenant: str) -> str:
    """Folder name of a tenant's shard: a hash, so no caller string ever reaches a path."""
    return hashlib.sha256(tenant.encode("utf-8")).hexdigest()[:24]


def _fts_match(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression that can only ever mean "any of these words".

    Each term is a run of letters/digits (``lexical.terms``) wrapped in double quotes, so
    FTS5 operators in the caller's text (AND, NEAR, ``*``, ``^``, ``:``, parentheses,
    quotes) are inert.
    """
    return " OR ".join(f'"{term}"' for term in terms)


class LongShard:
    """One tenant's durable facts. All methods are thread-safe (one lock per shard)."""

    def __init__(
        self,
        directory: Path,
        *,
        dim: int,
        embedder_identity: str,
        initial_capacity: int = DEFAULT_CAPACITY,
        ef_search: int = HNSW_EF_SEARCH,
        lexical_budget: int = LEXICAL_POSTINGS_BUDGET,
    ) -> None:
        if dim < 1:
            raise InvalidInputError(f"dim must be positive, got {dim}")
        self.directory = Path(directory)
        self.dim = dim
        self.embedder_identity = embedder_identity
        self._capacity = max(16, initial_capacity)
        self._ef = max(16, ef_search)
        self._lexical_budget = max(1, lexical_budget)
        self._lock = threading.RLock()
        self._closed = False
        self._dirty = False
        self._seq = 0  # highest change seq reflected in the in-memory index
        self._data_version = -1
        self._live: set[int] = set()  # labels present and not deleted in the index
        self._stale: set[int] = set()  # subset of _live whose fact is superseded
        self._df_cache: dict[str, tuple[int, int]] = {}  # term -> (facts holding it, seq)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            self.directory / DB_FILE,
            isolation_level=None,
            check_same_thread=False,
            timeout=30.0,
        )
        try:
            self._init_db()
            self._check_meta_file()
            self._index = self._open_index()
            self._data_version = self._pragma_data_version()
            self._catch_up()
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------------ setup

    def _init_db(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split_sql(_SCHEMA):
                conn.execute(statement)
            wanted = {
                "embedder_identity": self.embedder_identity,
                "dim": str(self.dim),
                "schema_version": str(SCHEMA_VERSION),
                "db_uuid": uuid.uuid4().hex,
            }
            conn.executemany(
                "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", list(wanted.items())
            )
            stored = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self._refuse_mismatch(stored.get("embedder_identity"), stored.get("dim"), "database")
        if stored.get("schema_version") != str(SCHEMA_VERSION):
            raise TiermemError(
                f"long-term shard {self.directory} has schema version "
                f"{stored.get('schema_version')}; this tiermem reads version {SCHEMA_VERSION}"
            )
        self._db_uuid = stored["db_uuid"]

    def _refuse_mismatch(self, identity: object, dim: object, where: str) -> None:
        if identity != self.embedder_identity or str(dim) != str(self.dim):
            raise EmbedderMismatchError(
                f"long-term shard {self.directory} ({where}) was written with embedder "
                f"{identity!r} (dim {dim}), but this process embeds with "
                f"{self.embedder_identity!r} (dim {self.dim}). Vectors from different models "
                "are not comparable: configure the original embedder, or use another data_dir "
                "and re-add the memories."
            )

    def _read_meta_file(self) -> dict[str, Any]:
        try:
            loaded = json.loads((self.directory / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _check_meta_file(self) -> None:
        with self._file_lock(exclusive=True):
            meta = self._read_meta_file()
            if "embedder_identity" in meta or "dim" in meta:
                self._refuse_mismatch(meta.get("embedder_identity"), meta.get("dim"), META_FILE)
            if not meta:
                self._write_meta_file(snapshot=None)

    def _write_meta_file(self, snapshot: dict[str, Any] | None) -> None:
        """Atomically replace meta.json (caller holds the exclusive file lock)."""
        meta = {
            "embedder_identity": self.embedder_identity,
            "dim": self.dim,
            "schema_version": SCHEMA_VERSION,
            "db_uuid": self._db_uuid,
            "snapshot": snapshot,
        }
        _atomic_write(self.directory / META_FILE, json.dumps(meta, indent=2).encode("utf-8"))

    @contextlib.contextmanager
    def _file_lock(self, *, exclusive: bool) -> Iterator[None]:
        """Serialise snapshot writers across processes so index.bin and meta.json agree."""
        with open(self.directory / LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _new_index(self, capacity: int) -> Any:
        index = hnswlib.Index(space="cosine", dim=self.dim)
        index.init_index(max_elements=capacity, M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION)
        index.set_ef(self._ef)
        return index

    def _open_index(self) -> Any:
        loaded = self._load_snapshot()
        if loaded is not None:
            return loaded
        return self._rebuild()

    def _load_snapshot(self) -> Any | None:
        """The snapshot index with ``_seq``/``_live``/``_stale`` as of its seq, or None.

        Only a snapshot that names this database, this dimension and the exact file size
        is trusted; anything else (missing, torn write, copied from elsewhere) is rebuilt.
        """
        path = self.directory / INDEX_FILE
        with self._file_lock(exclusive=False):
            snap = self._read_meta_file().get("snapshot")
            if not isinstance(snap, dict) or snap.get("db_uuid") != self._db_uuid:
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
        if seq > self._max_seq():
            return None  # the snapshot is newer than the database: not this history
        in_index = set(index.get_ids_list())
        live: set[int] = set()
        stale: set[int] = set()
        # State at `seq`: rows untouched since are as they are now; rows changed since
        # were not deleted then (a tombstone is never written again), so their label is
        # live in the snapshot iff present; the same holds for labels retired since.
        self._begin_read()
        try:
            rows = self._conn.execute(
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
            for (label,) in self._conn.execute(SQL_RETIRED, (seq,)):
                if label in in_index:
                    live.add(label)
        finally:
            self._end_read()
        index.set_ef(self._ef)
        self._seq, self._live, self._stale = seq, live, stale
        return index

    def _rebuild(self) -> Any:
        """A fresh index holding every live vector in SQLite (also compacts deletions)."""
        self._begin_read()
        try:
            count = self._conn.execute("SELECT COUNT(*) FROM facts WHERE deleted = 0").fetchone()[0]
            index = self._new_index(max(self._capacity, _next_capacity(count)))
            seq = self._max_seq()
            live: set[int] = set()
            stale: set[int] = set()
            cursor = self._conn.execute(
                "SELECT label, (valid_to IS NULL AND superseded_by IS NULL), vector "
                "FROM facts WHERE deleted = 0"
            )
            while batch := cursor.fetchmany(_REBUILD_BATCH):
                labels = [row[0] for row in batch]
                matrix = np.vstack([np.frombuffer(row[2], dtype=np.float32) for row in batch])
                index.add_items(matrix, labels)
                live.update(labels)
                stale.update(row[0] for row in batch if not row[1])
        finally:
            self._end_read()
        self._seq, self._live, self._stale = seq, live, stale
        self._dirty = True
        return index

    # --------------------------------------------------------------- plumbing

    def _check_open(self) -> None:
        if self._closed:
            raise TiermemError(f"long-term shard {self.directory} is closed")

    def _begin_read(self) -> None:
        self._conn.execute("BEGIN")

    def _end_read(self) -> None:
        self._conn.execute("COMMIT")

    def _pragma_data_version(self) -> int:
        value: int = self._conn.execute("PRAGMA data_version").fetchone()[0]
        return value

    def _max_seq(self) -> int:
        row = self._conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(seq) FROM facts), 0),"
            " COALESCE((SELECT MAX(seq) FROM retired), 0))"
        ).fetchone()
        value: int = row[0]
        return value

    def _next_label(self) -> int:
        row = self._conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(label) FROM facts), 0),"
            " COALESCE((SELECT MAX(label) FROM retired), 0)) + 1"
        ).fetchone()
        value: int = row[0]
        return value

    @contextlib.contextmanager
    def _write(self) -> Iterator[int]:
        """One write transaction; yields its change seq, then brings the index up to date."""
        with self._lock:
            self._check_open()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._max_seq() + 1
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._catch_up()

    def _refresh(self) -> None:
        """Replay other writers' commits when SQLite says the database changed."""
        version = self._pragma_data_version()
        if version != self._data_version:
            self._catch_up()

    def _catch_up(self) -> None:
        """Apply every row (and retired label) with seq above ``_seq`` to the index."""
        self._begin_read()
        try:
            self._data_version = self._pragma_data_version()
            retired = [row[0] for row in self._conn.execute(SQL_RETIRED, (self._seq,))]
            changed = self._conn.execute(SQL_CHANGED, (self._seq,))
            for label in retired:
                self._forget_label(label)
            top = self._seq
            while batch := changed.fetchmany(_REBUILD_BATCH):
                adds: list[tuple[int, bytes]] = []
                for label, deleted, current, seq, blob in batch:
                    top = max(top, seq)
                    if deleted:
                        self._forget_label(label)
                        continue
                    if label not in self._live and blob is not None:
                        adds.append((label, blob))
                    if current:
                        self._stale.discard(label)
                    else:
                        self._stale.add(label)
                if adds:
                    self._add_to_index(adds)
        finally:
            self._end_read()
        if top != self._seq:
            self._seq = top
            self._dirty = True
        if not self._live and self._index.get_current_count() > 0:
            # Everything is gone (delete_all): start a fresh graph instead of a tombstone one.
            self._index = self._new_index(self._capacity)
            self._dirty = True

    def _forget_label(self, label: int) -> None:
        if label in self._live:
            with contextlib.suppress(RuntimeError):
                self._index.mark_deleted(label)
            self._live.discard(label)
            self._dirty = True
        self._stale.discard(label)

    def _add_to_index(self, adds: list[tuple[int, bytes]]) -> None:
        needed = self._index.get_current_count() + len(adds)
        capacity = self._index.get_max_elements()
        if needed > capacity:
            self._index.resize_index(max(capacity * 2, _next_capacity(needed)))
        matrix = np.vstack([np.frombuffer(blob, dtype=np.float32) for _, blob in adds])
        labels = [label for label, _ in adds]
        self._index.add_items(matrix, labels)
        self._live.update(labels)
        self._dirty = True

    def _vector(self, vector: object) -> Vector:
        """A float32 copy of a finite vector of the right dimension (checked before writing)."""
        try:
            array = np.asarray(vector, dtype=np.float32)
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"vector must be numeric: {exc}") from exc
        if array.ndim == 2 and array.shape[0] == 1:
            array = array[0]
        if array.shape != (self.dim,):
            raise InvalidInputError(
                f"vector has shape {array.shape}; this shard stores ({self.dim},) vectors"
            )
        if not bool(np.all(np.isfinite(array))):
            raise InvalidInputError("vector contains NaN or infinity")
        if not bool(np.any(array)):
            raise InvalidInputError("vector is all zeros: it has no direction to compare")
        return np.ascontiguousarray(array)

    @staticmethod
    def _values(item: MemoryItem) -> tuple[Any, ...]:
        return (
            item.id,
            item.memory,
            item.hash,
            item.user_id,
            item.agent_id,
            item.run_id,
            item.role,
            json.dumps(item.metadata, ensure_ascii=False),
            item.created_at,
            item.updated_at,
            item.observed_at,
            json.dumps(item.sources, ensure_ascii=False),
            item.reinforcement,
            item.strength,
            item.last_access,
            item.valid_from,
            item.valid_to,
            item.superseded_by,
            item.slot,
        )

    @staticmethod
    def _item(row: Sequence[Any]) -> MemoryItem:
        data = dict(zip(_FIELDS, row, strict=True))
        data["metadata"] = json.loads(data["metadata"])
        data["sources"] = json.loads(data["sources"])
        data["tier"] = "long"
        return MemoryItem(**data)

    def _rows_by_labels(self, labels: list[int]) -> dict[int, MemoryItem]:
        out: dict[int, MemoryItem] = {}
        for start in range(0, len(labels), _CHUNK):
            chunk = labels[start : start + _CHUNK]
            sql = SQL_BY_LABELS.format(cols=_COLS, marks=",".join("?" * len(chunk)))
            for row in self._conn.execute(sql, chunk):
                out[row[0]] = self._item(row[1:])
        return out

    # ------------------------------------------------------------------ writes

    def add(self, item: MemoryItem, vector: np.ndarray) -> bool:
        """Store a fact; False (and nothing changed) when its id is already here.

        A deleted id stays a tombstone and is not revived: a consolidation pass replayed
        after a crash must not resurrect a fact the user deleted in between. The stored
        item always has tier "long", whatever tier the caller's copy came from.
        """
        blob = self._vector(vector).tobytes()
        values = self._values(item)
        with self._write() as seq:
            exists = self._conn.execute("SELECT 1 FROM facts WHERE id = ?", (item.id,)).fetchone()
            if exists:
                return False
            self._conn.execute(
                f"INSERT INTO facts(label, seq, vector, {', '.join(_FIELDS)}) "
                f"VALUES (?, ?, ?, {', '.join('?' * len(_FIELDS))})",
                (self._next_label(), seq, blob, *values),
            )
        return True

    def update(self, item: MemoryItem, vector: np.ndarray | None = None) -> None:
        """Replace a fact's payload, and its vector when one is given.

        A new vector gets a new hnswlib label (the old one is retired and marked deleted)
        because labels are never reused; see the module docstring.
        """
        blob = None if vector is None else self._vector(vector).tobytes()
        values = self._values(item)
        assignments = ", ".join(f"{name} = ?" for name in _FIELDS[1:])
        with self._write() as seq:
            row = self._conn.execute(
                "SELECT label FROM facts WHERE id = ? AND deleted = 0", (item.id,)
            ).fetchone()
            if row is None:
                raise MemoryNotFoundError(f"no long-term memory {item.id}")
            if blob is None:
                self._conn.execute(
                    f"UPDATE facts SET seq = ?, {assignments} WHERE id = ?",
                    (seq, *values[1:], item.id),
                )
            else:
                self._conn.execute(
                    "INSERT OR REPLACE INTO retired(label, seq) VALUES (?, ?)", (row[0], seq)
                )
                self._conn.execute(
                    f"UPDATE facts SET seq = ?, label = ?, vector = ?, {assignments} WHERE id = ?",
                    (seq, self._next_label(), blob, *values[1:], item.id),
                )

    def supersede(self, old_id: str, new_id: str, when: float) -> None:
        """Close the validity of ``old_id`` at ``when``; it is kept, never destroyed.

        ``new_id`` need not exist yet, so a caller may write the new fact either first or
        second; the engine writes it first so a crash never leaves a gap.
        """
        with self._write() as seq:
            cursor = self._conn.execute(
                "UPDATE facts SET seq = ?, valid_to = ?, superseded_by = ?, updated_at = ? "
                "WHERE id = ? AND deleted = 0",
                (seq, when, new_id, when, old_id),
            )
            if cursor.rowcount == 0:
                raise MemoryNotFoundError(f"no long-term memory {old_id}")

    def reinforce(self, memory_id: str, *, when: float, amount: int = 1) -> None:
        """Count a repetition or recall. A fact deleted meanwhile is silently skipped:
        recall reinforcement races with deletes by design and must not fail a search."""
        with self._write() as seq:
            self._conn.execute(
                "UPDATE facts SET seq = ?, reinforcement = reinforcement + ?, last_access = ? "
                "WHERE id = ? AND deleted = 0",
                (seq, amount, when, memory_id),
            )

    def delete(self, memory_id: str) -> bool:
        """Tombstone a fact: text, hash, metadata, sources and vector are wiped."""
        with self._write() as seq:
            cursor = self._conn.execute(
                "UPDATE facts SET seq = ?, deleted = 1, memory = '', hash = '', metadata = '{}',"
                " sources = '[]', slot = NULL, vector = NULL WHERE id = ? AND deleted = 0",
                (seq, memory_id),
            )
            return cursor.rowcount > 0

    def delete_all(self) -> int:
        with self._write() as seq:
            cursor = self._conn.execute(
                "UPDATE facts SET seq = ?, deleted = 1, memory = '', hash = '', metadata = '{}',"
                " sources = '[]', slot = NULL, vector = NULL WHERE deleted = 0",
                (seq,),
            )
            return cursor.rowcount

    # ------------------------------------------------------------------- reads

    def get(self, memory_id: str) -> MemoryItem | None:
        with self._lock:
            self._check_open()
            row = self._conn.execute(SQL_BY_ID, (memory_id,)).fetchone()
        return None if row is None else self._item(row)

    def get_vector(self, memory_id: str) -> Vector | None:
        with self._lock:
            self._check_open()
            row = self._conn.execute(
                "SELECT vector FROM facts WHERE id = ? AND deleted = 0", (memory_id,)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        return np.frombuffer(row[0], dtype=np.float32).copy()

    def _rows_by_ids(self, columns: str, ids: list[str]) -> list[Any]:
        """Rows of the live facts among ``ids``, fetched in IN (...) chunks."""
        rows: list[Any] = []
        with self._lock:
            self._check_open()
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                rows += self._conn.execute(
                    f"SELECT {columns} FROM facts f WHERE f.id IN ({','.join('?' * len(chunk))})"
                    " AND f.deleted = 0",
                    chunk,
                ).fetchall()
        return rows

    def get_vectors(self, ids: list[str]) -> dict[str, Vector]:
        """Stored vectors of the live facts among ``ids``, in one query per chunk."""
        rows = self._rows_by_ids("f.id, f.vector", list(dict.fromkeys(ids)))
        return {
            memory_id: np.frombuffer(blob, dtype=np.float32).copy()
            for memory_id, blob in rows
            if blob is not None
        }

    def get_many(self, ids: list[str]) -> list[MemoryItem]:
        """The live facts among ``ids``, in the order asked (missing ones left out)."""
        unique = list(dict.fromkeys(ids))
        found = {item.id: item for item in map(self._item, self._rows_by_ids(_COLS, unique))}
        return [found[i] for i in unique if i in found]

    def knn(
        self, vector: np.ndarray, k: int, *, include_superseded: bool = False
    ) -> list[tuple[MemoryItem, float]]:
        """The ``k`` nearest live facts by cosine similarity, best first."""
        query = self._vector(vector)
        if k <= 0:
            return []
        with self._lock:
            self._check_open()
            self._refresh()
            live = len(self._live)
            pool = live if include_superseded else live - len(self._stale)
            want = min(k, pool)
            if want <= 0:
                return []
            if include_superseded:
                fetch = want
            else:
                # Enough that `want` current ones are guaranteed, when that is cheap;
                # otherwise grow geometrically until they are found.
                exact = want + len(self._stale)
                fetch = exact if exact <= 4 * want + 64 else min(live, 2 * want + 16)
            while True:
                fetch = min(fetch, live)
                labels, sims = self._search(query, fetch)
                picked = [
                    (label, sim)
                    for label, sim in zip(labels, sims, strict=True)
                    if label in self._live and (include_superseded or label not in self._stale)
                ][:want]
                if len(picked) >= want or fetch >= live:
                    break
                fetch *= 4
            items = self._rows_by_labels([label for label, _ in picked])
        out: list[tuple[MemoryItem, float]] = []
        for label, sim in picked:
            item = items.get(label)
            if item is not None and (include_superseded or item.is_current):
                out.append((item, sim))
        return out

    def _search(self, query: Vector, fetch: int) -> tuple[list[int], list[float]]:
        """hnswlib search, falling back to an exact scan when deletions starve the graph."""
        try:
            self._index.set_ef(max(self._ef, fetch))
            labels, distances = self._index.knn_query(query, k=fetch)
            return (
                [int(x) for x in labels[0]],
                [float(min(1.0, max(-1.0, 1.0 - d))) for d in distances[0]],
            )
        except RuntimeError:
            pass
        finally:
            self._index.set_ef(self._ef)
        ordered = sorted(self._live)
        matrix = np.asarray(self._index.get_items(ordered), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * max(float(np.linalg.norm(query)), 1e-12)
        sims = (matrix @ query) / np.maximum(norms, 1e-12)
        top = np.argsort(-sims)[:fetch]
        return [ordered[i] for i in top], [float(sims[i]) for i in top]

    def lexical(
        self, query: str, k: int, *, include_superseded: bool = False
    ) -> list[tuple[MemoryItem, float]]:
        """Facts sharing words with ``query``, by BM25, scored ``s / (s + 1)`` in 0..1.

        Ranks row ids only, then fetches the payloads of the best ones: sorting whole rows
        would drag every matching fact through SQLite's sorter.
        """
        terms = lexical.terms(query)
        if not terms or k <= 0:
            return []
        with self._lock:
            self._check_open()
            self._refresh()
            chosen = self._affordable_terms(terms)
            if not chosen:
                return []
            match = _fts_match(chosen)
            fetch = k
            if not include_superseded and self._stale:
                # Expect superseded hits in proportion to their share; the loop below
                # widens the window if this guess is short.
                share = len(self._stale) / max(1, len(self._live))
                fetch = k + math.ceil(2 * k * share) + 8
            while True:
                ranked = self._conn.execute(
                    "SELECT rowid, -bm25(facts_fts) FROM facts_fts WHERE facts_fts MATCH ? "
                    "ORDER BY rank LIMIT ?",
                    (match, fetch),
                ).fetchall()
                allowed = self._visible_pks([pk for pk, _ in ranked], include_superseded)
                kept = [(pk, score) for pk, score in ranked if pk in allowed][:k]
                if len(kept) >= k or len(ranked) < fetch:
                    break
                fetch *= 4
            rows = self._rows_by_pks([pk for pk, _ in kept])
        out: list[tuple[MemoryItem, float]] = []
        for pk, raw in kept:
            if pk in rows:
                score = max(0.0, float(raw))
                out.append((rows[pk], score / (score + 1.0)))
        return out

    def _visible_pks(self, pks: list[int], include_superseded: bool) -> set[int]:
        """Which of ``pks`` may be returned, without building their items."""
        current = "" if include_superseded else f" AND {_CURRENT}"
        out: set[int] = set()
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT f.pk FROM facts f WHERE f.pk IN ({marks}) AND f.deleted = 0{current}"
            out.update(row[0] for row in self._conn.execute(sql, chunk))
        return out

    def _document_counts(self, terms: list[str]) -> dict[str, int]:
        """How many facts hold each term, cached while the shard has not changed much.

        fts5vocab walks a term's whole posting list to count it (~2-5 ms for a word in
        100k facts), and the counts only steer the budget, so slightly old ones will do.
        Only large counts are cached: they are the costly ones, and a cached small count
        (say 0) would hide a rare word just added.
        """
        horizon = max(100, len(self._live) // 10)
        if len(self._df_cache) > 10_000:
            self._df_cache.clear()
        counts: dict[str, int] = {}
        missing: list[str] = []
        for term in terms:
            cached = self._df_cache.get(term)
            if cached is not None and self._seq - cached[1] <= horizon:
                counts[term] = cached[0]
            else:
                missing.append(term)
        if missing:
            marks = ",".join("?" * len(missing))
            found = dict(
                self._conn.execute(
                    f"SELECT term, doc FROM facts_vocab WHERE term IN ({marks})", missing
                ).fetchall()
            )
            for term in missing:
                counts[term] = int(found.get(term, 0))
                if counts[term] >= _DF_CACHE_MIN:
                    self._df_cache[term] = (counts[term], self._seq)
        return counts

    def _affordable_terms(self, terms: list[str]) -> list[str]:
        """The query terms worth a BM25 pass, rarest first, within the postings budget."""
        counts = self._document_counts(terms)
        chosen: list[str] = []
        spent = 0
        for term in sorted(terms, key=lambda t: counts.get(t, 0)):
            postings = counts.get(term, 0)
            if postings == 0:
                continue  # unknown words, and words the tokenizer splits differently
            if chosen and spent + postings > self._lexical_budget:
                break
            if postings > self._lexical_budget:
                break  # too common to be worth its cost; the dense half covers it
            chosen.append(term)
            spent += postings
        return chosen

    def _rows_by_pks(self, pks: list[int]) -> dict[int, MemoryItem]:
        out: dict[int, MemoryItem] = {}
        for start in range(0, len(pks), _CHUNK):
            chunk = pks[start : start + _CHUNK]
            sql = SQL_BY_PKS.format(cols=_COLS, marks=",".join("?" * len(chunk)))
            for row in self._conn.execute(sql, chunk):
                out[row[0]] = self._item(row[1:])
        return out

    def find_by_hash(self, text_hash: str) -> MemoryItem | None:
        """The newest current fact with this text hash (exact-duplicate detection)."""
        if not text_hash:
            return None
        with self._lock:
            self._check_open()
            row = self._conn.execute(SQL_BY_HASH, (text_hash,)).fetchone()
        return None if row is None else self._item(row)

    def current_by_slot(self, slot_name: str) -> list[MemoryItem]:
        """Current facts whose slot is ``slot_name=<any value>`` (update detection).

        Slots are stored as ``name=value``; a range scan on the slot index finds every
        value of one name without a table scan.
        """
        low, high = f"{slot_name}=", f"{slot_name}>"
        sql = (
            f"SELECT {_COLS} FROM facts f WHERE f.slot >= ? AND f.slot < ? "
            f"AND f.deleted = 0 AND {_CURRENT} ORDER BY f.observed_at DESC LIMIT 50"
        )
        with self._lock:
            self._check_open()
            self._refresh()
            rows = self._conn.execute(sql, (low, high)).fetchall()
        return [self._item(row) for row in rows]

    def current_slotted(self, limit: int = 200) -> list[MemoryItem]:
        """Current facts that state any slot, newest first: what a past-state sentence
        ("I used to live in Lisbon") may retire, whatever the knn neighbours are."""
        sql = (
            f"SELECT {_COLS} FROM facts f WHERE f.slot IS NOT NULL AND f.slot != '' "
            f"AND f.deleted = 0 AND {_CURRENT} ORDER BY f.observed_at DESC LIMIT ?"
        )
        with self._lock:
            self._check_open()
            self._refresh()
            rows = self._conn.execute(sql, (limit,)).fetchall()
        return [self._item(row) for row in rows]

    def all(self, *, include_superseded: bool = True, limit: int | None = None) -> list[MemoryItem]:
        """Live facts, newest (by created_at) first."""
        current = "" if include_superseded else f" AND {_CURRENT}"
        sql = (
            f"SELECT {_COLS} FROM facts f WHERE f.deleted = 0{current} "
            "ORDER BY f.created_at DESC, f.pk DESC"
        )
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (max(0, limit),)
        with self._lock:
            self._check_open()
            rows = self._conn.execute(sql, params).fetchall()
        return [self._item(row) for row in rows]

    def count(self, *, include_superseded: bool = True) -> int:
        """Live facts. Read from the index mirror, which holds exactly the live rows once
        refreshed: a SQL COUNT would walk the whole table (~100 ms at 100k facts)."""
        with self._lock:
            self._check_open()
            self._refresh()
            return len(self._live) - (0 if include_superseded else len(self._stale))

    def query_plans(self) -> dict[str, str]:
        """EXPLAIN QUERY PLAN of the hot statements, for tests and diagnostics."""
        probes: dict[str, tuple[str, tuple[Any, ...]]] = {
            "by_id": (SQL_BY_ID, ("0" * 32,)),
            "by_labels": (SQL_BY_LABELS.format(cols=_COLS, marks="?,?"), (1, 2)),
            "by_pks": (SQL_BY_PKS.format(cols=_COLS, marks="?,?"), (1, 2)),
            "changed": (SQL_CHANGED, (0,)),
            "retired": (SQL_RETIRED, (0,)),
            "by_hash": (SQL_BY_HASH, ("x",)),
        }
        out: dict[str, str] = {}
        with self._lock:
            self._check_open()
            for name, (sql, params) in probes.items():
                rows = self._conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
                out[name] = " | ".join(str(row[-1]) for row in rows)
        return out

    # -------------------------------------------------------------- lifecycle

    def rebuild_index(self) -> None:
        """Rebuild the graph from SQLite: drops tombstones that slow searches down."""
        with self._lock:
            self._check_open()
            self._index = self._rebuild()
            self._data_version = self._pragma_data_version()
            self._catch_up()

    def save_index(self) -> None:
        """Write the graph snapshot atomically (temp file in the same dir + os.replace)."""
        with self._lock:
            self._check_open()
            self._refresh()
            self._save()

    def _save(self) -> None:
        target = self.directory / INDEX_FILE
        with self._file_lock(exclusive=True):
            fd, tmp_name = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=self.directory)
            os.close(fd)
            try:
                self._index.save_index(tmp_name)
                with open(tmp_name, "rb+") as handle:
                    os.fsync(handle.fileno())
                size = os.path.getsize(tmp_name)
                os.replace(tmp_name, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)
                raise
            self._write_meta_file(
                {
                    "seq": self._seq,
                    "bytes": size,
                    "count": int(self._index.element_count),
                    "db_uuid": self._db_uuid,
                }
            )
        self._dirty = False

    def close(self) -> None:
        self._close(save=True)

    def _close(self, *, save: bool) -> None:
        with self._lock:
            if self._closed:
                return
            try:
                if save and self._dirty:
                    self._save()
            finally:
                self._closed = True
                self._conn.close()


class LongTier:
    """Open shards, one per tenant, under ``root/<sha256(tenant)[:24]>/``."""

    def __init__(self, root: Path, *, dim: int, embedder_identity: str) -> None:
        self.root = Path(root)
        self.dim = dim
        self.embedder_identity = embedder_identity
        self._shards: dict[str, LongShard] = {}
        self._lock = threading.RLock()

    def path_for(self, tenant: str) -> Path:
        return self.root / shard_dirname(tenant)

    def shard(self, tenant: str) -> LongShard:
        with self._lock:
            found = self._shards.get(tenant)
            if found is None:
                found = LongShard(
                    self.path_for(tenant), dim=self.dim, embedder_identity=self.embedder_identity
                )
                self._shards[tenant] = found
            return found

    def existing_shard(self, tenant: str) -> LongShard | None:
        with self._lock:
            found = self._shards.get(tenant)
            if found is not None:
                return found
            if not (self.path_for(tenant) / DB_FILE).exists():
                return None
            return self.shard(tenant)

    def drop(self, tenant: str) -> None:
        with self._lock:
            found = self._shards.pop(tenant, None)
            if found is not None:
                found._close(save=False)
            shutil.rmtree(self.path_for(tenant), ignore_errors=True)

    def drop_all(self) -> None:
        with self._lock:
            for found in self._shards.values():
                found._close(save=False)
            self._shards.clear()
            for child in _shard_dirs(self.root):
                shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            shards = list(self._shards.values())
            self._shards.clear()
        errors: list[BaseException] = []
        for found in shards:
            try:
                found.close()
            except Exception as exc:  # close every shard even if one fails to save
                errors.append(exc)
        if errors:
            raise errors[0]


def _shard_dirs(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return [
        child
        for child in root.iterdir()
        if child.is_dir()
        and len(child.name) == 24
        and all(c in "0123456789abcdef" for c in child.name)
        and (child / DB_FILE).exists()
    ]


def _next_capacity(count: int) -> int:
    """Room for ``count`` plus a quarter, rounded up to a power of two (at least 16)."""
    return max(16, 1 << math.ceil(math.log2(max(count, 1) * 1.25)))


def _atomic_write(path: Path, data: bytes) -> None:
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


def _split_sql(script: str) -> list[str]:
    """Statements of a script, keeping trigger bodies whole (their ';' end with END;)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    return statements
