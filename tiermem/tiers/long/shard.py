"""``LongShard``: one tenant's facts, composing SQLite, the hnswlib graph and FTS5.

The shard's reads and writes. Opening the files and keeping the graph in step with SQLite
under the shard's one lock is ``SyncedShard``'s job (``sync.py``), which ``LongShard``
builds on; how each part works lives in its own module: ``schema`` and ``rows`` (SQLite),
``graph`` and ``snapshot`` (hnswlib), ``fts`` (lexical search).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiermem import lexical
from tiermem.errors import InvalidInputError, MemoryNotFoundError
from tiermem.tiers.long import fts, graph
from tiermem.tiers.long.rows import item_values, row_item, rows_by_ids, rows_by_labels, rows_by_pks
from tiermem.tiers.long.schema import (
    CHUNK,
    COLS,
    CURRENT,
    FIELDS,
    SQL_BY_HASH,
    SQL_BY_ID,
    next_label,
    query_plans,
)
from tiermem.tiers.long.sync import SyncedShard
from tiermem.types import MemoryItem, Vector


class LongShard(SyncedShard):
    """One tenant's durable facts. All methods are thread-safe (one lock per shard)."""

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

    def add_many(self, items: list[MemoryItem], vectors: np.ndarray) -> int:
        """Store many facts in one transaction (imports, restores, large fills); how many
        were new. Ids already here are skipped, as ``add`` skips them one by one: one
        commit and one graph catch-up for the batch instead of one per fact."""
        if len(items) != len(vectors):
            raise InvalidInputError(f"{len(items)} items but {len(vectors)} vectors")
        blobs = [graph.checked_vector(v, self.dim).tobytes() for v in vectors]
        insert = (
            f"INSERT INTO facts(label, seq, vector, {', '.join(FIELDS)}) "
            f"VALUES (?, ?, ?, {', '.join('?' * len(FIELDS))})"
        )
        with self._write() as seq:
            known = {
                row[0]
                for row in rows_by_ids(self._conn, "f.id", [item.id for item in items], live=False)
            }
            label = next_label(self._conn)
            rows = []
            for item, blob in zip(items, blobs, strict=True):
                if item.id in known:
                    continue
                known.add(item.id)
                rows.append((label, seq, blob, *item_values(item)))
                label += 1
            self._conn.executemany(insert, rows)
        return len(rows)

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

    def strengthen(self, ids: list[str], *, when: float, step: float) -> int:
        """Recall: raise the strength and last access of the live facts among ``ids``, in
        one transaction however many a search returned; how many were written."""
        if not ids:
            return 0
        written = 0
        unique = list(dict.fromkeys(ids))
        with self._write() as seq:
            for start in range(0, len(unique), CHUNK):
                chunk = unique[start : start + CHUNK]
                written += self._conn.execute(
                    "UPDATE facts SET seq = ?, strength = strength + ?, last_access = ? "
                    f"WHERE id IN ({','.join('?' * len(chunk))}) AND deleted = 0",
                    (seq, step, when, *chunk),
                ).rowcount
        return written

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
