"""``LongShard``: one tenant's facts, composing SQLite, the hnswlib graph and FTS5.

The shard owns what must change together under one lock: the connection, the graph and
its mirror of SQLite (``_seq``, ``_live``, ``_stale``), and keeps them in step by replaying
change seqs. How each part works lives in its own module: ``schema`` and ``rows`` (SQLite),
``graph`` and ``snapshot`` (hnswlib), ``fts`` (lexical search).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tiermem import lexical
from tiermem.errors import (
    EmbedderMismatchError,
    InvalidInputError,
    MemoryNotFoundError,
    TiermemError,
)
from tiermem.tiers.long import fts, graph
from tiermem.tiers.long.graph import DEFAULT_CAPACITY, HNSW_EF_SEARCH, Vector
from tiermem.tiers.long.rows import item_values, row_item, rows_by_ids, rows_by_labels, rows_by_pks
from tiermem.tiers.long.schema import (
    COLS,
    CURRENT,
    DB_FILE,
    FIELDS,
    SCHEMA_VERSION,
    SQL_BY_HASH,
    SQL_BY_ID,
    SQL_CHANGED,
    SQL_RETIRED,
    begin_read,
    data_version,
    end_read,
    initialize,
    max_seq,
    next_label,
    query_plans,
)
from tiermem.tiers.long.snapshot import META_FILE, SnapshotFiles
from tiermem.types import MemoryItem


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
        lexical_budget: int = fts.LEXICAL_POSTINGS_BUDGET,
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
        self._document_counts = fts.DocumentCounts()
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
            self._data_version = data_version(self._conn)
            self._catch_up()
        except BaseException:
            self._conn.close()
            raise

    # ------------------------------------------------------------------ setup

    def _init_db(self) -> None:
        stored = initialize(self._conn, embedder_identity=self.embedder_identity, dim=self.dim)
        self._refuse_mismatch(stored.get("embedder_identity"), stored.get("dim"), "database")
        if stored.get("schema_version") != str(SCHEMA_VERSION):
            raise TiermemError(
                f"long-term shard {self.directory} has schema version "
                f"{stored.get('schema_version')}; this tiermem reads version {SCHEMA_VERSION}"
            )
        self._snapshot = SnapshotFiles(
            self.directory,
            dim=self.dim,
            embedder_identity=self.embedder_identity,
            db_uuid=stored["db_uuid"],
        )

    def _refuse_mismatch(self, identity: object, dim: object, where: str) -> None:
        if identity != self.embedder_identity or str(dim) != str(self.dim):
            raise EmbedderMismatchError(
                f"long-term shard {self.directory} ({where}) was written with embedder "
                f"{identity!r} (dim {dim}), but this process embeds with "
                f"{self.embedder_identity!r} (dim {self.dim}). Vectors from different models "
                "are not comparable: configure the original embedder, or use another data_dir "
                "and re-add the memories."
            )

    def _check_meta_file(self) -> None:
        with self._snapshot.lock(exclusive=True):
            meta = self._snapshot.read_meta()
            if "embedder_identity" in meta or "dim" in meta:
                self._refuse_mismatch(meta.get("embedder_identity"), meta.get("dim"), META_FILE)
            if not meta:
                self._snapshot.write_meta(snapshot=None)

    def _open_index(self) -> Any:
        loaded = self._snapshot.load(self._conn, ef=self._ef)
        if loaded is not None:
            self._seq, self._live, self._stale = loaded.seq, loaded.live, loaded.stale
            return loaded.index
        return self._rebuild()

    def _rebuild(self) -> Any:
        """A fresh index holding every live vector in SQLite (also compacts deletions)."""
        built = graph.rebuild(self._conn, dim=self.dim, capacity=self._capacity, ef=self._ef)
        self._seq, self._live, self._stale = built.seq, built.live, built.stale
        self._dirty = True
        return built.index

    # --------------------------------------------------------------- plumbing

    def _check_open(self) -> None:
        if self._closed:
            raise TiermemError(f"long-term shard {self.directory} is closed")

    @contextlib.contextmanager
    def _write(self) -> Iterator[int]:
        """One write transaction; yields its change seq, then brings the index up to date."""
        with self._lock:
            self._check_open()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield max_seq(self._conn) + 1
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._catch_up()

    def _refresh(self) -> None:
        """Replay other writers' commits when SQLite says the database changed."""
        version = data_version(self._conn)
        if version != self._data_version:
            self._catch_up()

    def _catch_up(self) -> None:
        """Apply every row (and retired label) with seq above ``_seq`` to the index."""
        begin_read(self._conn)
        try:
            self._data_version = data_version(self._conn)
            retired = [row[0] for row in self._conn.execute(SQL_RETIRED, (self._seq,))]
            changed = self._conn.execute(SQL_CHANGED, (self._seq,))
            for label in retired:
                self._forget_label(label)
            top = self._seq
            while batch := changed.fetchmany(graph.REBUILD_BATCH):
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
            end_read(self._conn)
        if top != self._seq:
            self._seq = top
            self._dirty = True
        if not self._live and self._index.get_current_count() > 0:
            # Everything is gone (delete_all): start a fresh graph instead of a tombstone one.
            self._index = graph.new_index(self.dim, self._capacity, self._ef)
            self._dirty = True

    def _forget_label(self, label: int) -> None:
        if label in self._live:
            with contextlib.suppress(RuntimeError):
                self._index.mark_deleted(label)
            self._live.discard(label)
            self._dirty = True
        self._stale.discard(label)

    def _add_to_index(self, adds: list[tuple[int, bytes]]) -> None:
        self._live.update(graph.add_vectors(self._index, adds))
        self._dirty = True

    # ------------------------------------------------------------------ writes

    def add(self, item: MemoryItem, vector: np.ndarray) -> bool:
        """Store a fact; False (and nothing changed) when its id is already here.

        A deleted id stays a tombstone and is not revived: a consolidation pass replayed
        after a crash must not resurrect a fact the user deleted in between. The stored
        item always has tier "long", whatever tier the caller's copy came from.
        """
        blob = graph.checked_vector(vector, self.dim).tobytes()
        values = item_values(item)
        with self._write() as seq:
            exists = self._conn.execute("SELECT 1 FROM facts WHERE id = ?", (item.id,)).fetchone()
            if exists:
                return False
            self._conn.execute(
                f"INSERT INTO facts(label, seq, vector, {', '.join(FIELDS)}) "
                f"VALUES (?, ?, ?, {', '.join('?' * len(FIELDS))})",
                (next_label(self._conn), seq, blob, *values),
            )
        return True

    def update(self, item: MemoryItem, vector: np.ndarray | None = None) -> None:
        """Replace a fact's payload, and its vector when one is given.

        A new vector gets a new hnswlib label (the old one is retired and marked deleted)
        because labels are never reused; see the package docstring (``tiermem.tiers.long``).
        """
        blob = None if vector is None else graph.checked_vector(vector, self.dim).tobytes()
        values = item_values(item)
        assignments = ", ".join(f"{name} = ?" for name in FIELDS[1:])
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
                    (seq, next_label(self._conn), blob, *values[1:], item.id),
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
        return None if row is None else row_item(row)

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
        with self._lock:
            self._check_open()
            return rows_by_ids(self._conn, columns, ids)

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
        found = {item.id: item for item in map(row_item, self._rows_by_ids(COLS, unique))}
        return [found[i] for i in unique if i in found]

    def knn(
        self, vector: np.ndarray, k: int, *, include_superseded: bool = False
    ) -> list[tuple[MemoryItem, float]]:
        """The ``k`` nearest live facts by cosine similarity, best first."""
        query = graph.checked_vector(vector, self.dim)
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
            picked = graph.nearest(
                self._index,
                query,
                want,
                ef=self._ef,
                live=self._live,
                stale=self._stale,
                include_superseded=include_superseded,
            )
            items = rows_by_labels(self._conn, [label for label, _ in picked])
        out: list[tuple[MemoryItem, float]] = []
        for label, sim in picked:
            item = items.get(label)
            if item is not None and (include_superseded or item.is_current):
                out.append((item, sim))
        return out

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
            counts = self._document_counts.lookup(
                self._conn, terms, seq=self._seq, live=len(self._live)
            )
            chosen = fts.affordable_terms(terms, counts, self._lexical_budget)
            if not chosen:
                return []
            kept = fts.rank(
                self._conn,
                fts.match_expression(chosen),
                k,
                include_superseded=include_superseded,
                stale=len(self._stale),
                live=len(self._live),
            )
            rows = rows_by_pks(self._conn, [pk for pk, _ in kept])
        out: list[tuple[MemoryItem, float]] = []
        for pk, raw in kept:
            if pk in rows:
                score = max(0.0, float(raw))
                out.append((rows[pk], score / (score + 1.0)))
        return out

    def find_by_hash(self, text_hash: str) -> MemoryItem | None:
        """The newest current fact with this text hash (exact-duplicate detection)."""
        if not text_hash:
            return None
        with self._lock:
            self._check_open()
            row = self._conn.execute(SQL_BY_HASH, (text_hash,)).fetchone()
        return None if row is None else row_item(row)

    def current_by_slot(self, slot_name: str) -> list[MemoryItem]:
        """Current facts whose slot is ``slot_name=<any value>`` (update detection).

        Slots are stored as ``name=value``; a range scan on the slot index finds every
        value of one name without a table scan.
        """
        low, high = f"{slot_name}=", f"{slot_name}>"
        sql = (
            f"SELECT {COLS} FROM facts f WHERE f.slot >= ? AND f.slot < ? "
            f"AND f.deleted = 0 AND {CURRENT} ORDER BY f.observed_at DESC LIMIT 50"
        )
        with self._lock:
            self._check_open()
            self._refresh()
            rows = self._conn.execute(sql, (low, high)).fetchall()
        return [row_item(row) for row in rows]

    def current_slotted(self, limit: int = 200) -> list[MemoryItem]:
        """Current facts that state any slot, newest first: what a past-state sentence
        ("I used to live in Lisbon") may retire, whatever the knn neighbours are."""
        sql = (
            f"SELECT {COLS} FROM facts f WHERE f.slot IS NOT NULL AND f.slot != '' "
            f"AND f.deleted = 0 AND {CURRENT} ORDER BY f.observed_at DESC LIMIT ?"
        )
        with self._lock:
            self._check_open()
            self._refresh()
            rows = self._conn.execute(sql, (limit,)).fetchall()
        return [row_item(row) for row in rows]

    def all(self, *, include_superseded: bool = True, limit: int | None = None) -> list[MemoryItem]:
        """Live facts, newest (by created_at) first."""
        current = "" if include_superseded else f" AND {CURRENT}"
        sql = (
            f"SELECT {COLS} FROM facts f WHERE f.deleted = 0{current} "
            "ORDER BY f.created_at DESC, f.pk DESC"
        )
        params: tuple[int, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (max(0, limit),)
        with self._lock:
            self._check_open()
            rows = self._conn.execute(sql, params).fetchall()
        return [row_item(row) for row in rows]

    def count(self, *, include_superseded: bool = True) -> int:
        """Live facts. Read from the index mirror, which holds exactly the live rows once
        refreshed: a SQL COUNT would walk the whole table (~100 ms at 100k facts)."""
        with self._lock:
            self._check_open()
            self._refresh()
            return len(self._live) - (0 if include_superseded else len(self._stale))

    def query_plans(self) -> dict[str, str]:
        """EXPLAIN QUERY PLAN of the hot statements, for tests and diagnostics."""
        with self._lock:
            self._check_open()
            return query_plans(self._conn)

    # -------------------------------------------------------------- lifecycle

    def rebuild_index(self) -> None:
        """Rebuild the graph from SQLite: drops tombstones that slow searches down."""
        with self._lock:
            self._check_open()
            self._index = self._rebuild()
            self._data_version = data_version(self._conn)
            self._catch_up()

    def save_index(self) -> None:
        """Write the graph snapshot atomically (temp file in the same dir + os.replace)."""
        with self._lock:
            self._check_open()
            self._refresh()
            self._save()

    def _save(self) -> None:
        self._snapshot.save(self._index, self._seq)
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
