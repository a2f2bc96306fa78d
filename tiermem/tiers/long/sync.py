"""``SyncedShard``: a shard's SQLite file opened, and its hnswlib graph kept in step with it.

What must change together under one lock lives here: the connection, the graph and its
mirror of SQLite (``_seq``, ``_live``, ``_stale``). Opening checks the embedder and loads
the snapshot (or rebuilds the graph); every write transaction, and every read that notices
another writer's commit, replays the change seqs it has not seen; closing saves the
snapshot. ``LongShard`` (``shard.py``) adds the reads and writes on top.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tiermem.errors import EmbedderMismatchError, InvalidInputError, TiermemError
from tiermem.tiers.long import fts, graph
from tiermem.tiers.long.graph import FLAT_LIMIT, HNSW_EF_SEARCH
from tiermem.tiers.long.schema import (
    DB_FILE,
    SCHEMA_VERSION,
    SQL_CHANGED,
    SQL_RETIRED,
    begin_read,
    data_version,
    end_read,
    initialize,
    max_seq,
)
from tiermem.tiers.long.snapshot import META_FILE, SnapshotFiles

log = logging.getLogger(__name__)


class SyncedShard:
    """A shard's connection and graph, kept in step; thread-safe under one lock."""

    def __init__(
        self,
        folder: Path,
        *,
        dim: int,
        embedder_identity: str,
        ef_search: int = HNSW_EF_SEARCH,
        flat_limit: int = FLAT_LIMIT,
        lexical_budget: int = fts.LEXICAL_POSTINGS_BUDGET,
    ) -> None:
        if dim < 1:
            raise InvalidInputError(f"dim must be positive, got {dim}")
        self.folder = Path(folder)
        self.dim = dim
        self.embedder_identity = embedder_identity
        self._ef = max(16, ef_search)
        self._flat_limit = max(0, flat_limit)
        self._lexical_budget = max(1, lexical_budget)
        self._lock = threading.RLock()
        self._closed = False
        self._dirty = False
        self._seq = 0  # highest change seq reflected in the in-memory index
        self._data_version = -1
        self._live: set[int] = set()  # labels present and not deleted in the index
        self._stale: set[int] = set()  # subset of _live whose fact is superseded
        self._document_counts = fts.DocumentCounts()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(
            self.folder / DB_FILE,
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
                f"long-term shard {self.folder} has schema version "
                f"{stored.get('schema_version')}; this tiermem reads version {SCHEMA_VERSION}"
            )
        self._snapshot = SnapshotFiles(
            self.folder,
            dim=self.dim,
            embedder_identity=self.embedder_identity,
            db_uuid=stored["db_uuid"],
        )

    def _refuse_mismatch(self, identity: object, dim: object, where: str) -> None:
        if identity != self.embedder_identity or str(dim) != str(self.dim):
            raise EmbedderMismatchError(
                f"long-term shard {self.folder} ({where}) was written with embedder "
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
        built = graph.rebuild(
            self._conn,
            dim=self.dim,
            ef=self._ef,
            flat_limit=self._flat_limit,
        )
        self._seq, self._live, self._stale = built.seq, built.live, built.stale
        self._dirty = True
        return built.index

    # --------------------------------------------------------------- plumbing

    def _check_open(self) -> None:
        if self._closed:
            raise TiermemError(f"long-term shard {self.folder} is closed")

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
            self._index = graph.new_index(self.dim, 0, self._ef, flat_limit=self._flat_limit)
            self._dirty = True

    def _forget_label(self, label: int) -> None:
        if label in self._live:
            with contextlib.suppress(RuntimeError):
                self._index.mark_deleted(label)
            self._live.discard(label)
            self._dirty = True
        self._stale.discard(label)

    def _add_to_index(self, adds: list[tuple[int, bytes]]) -> None:
        self._index, labels = graph.add_vectors(
            self._index, adds, ef=self._ef, flat_limit=self._flat_limit
        )
        self._live.update(labels)
        self._dirty = True

    # -------------------------------------------------------------- lifecycle

    def save_index(self) -> None:
        """Write the graph snapshot atomically (temp file in the same dir + os.replace)."""
        with self._lock:
            self._check_open()
            self._refresh()
            self._save()

    def _save(self) -> None:
        if graph.is_graph(self._index):
            self._snapshot.save(self._index, self._seq)
        else:
            self._snapshot.discard()  # a flat index is rebuilt from SQLite on open
        self._dirty = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def vector_bytes(self) -> int:
        """Bytes of the live vectors the index holds: what a memory budget counts (the
        graph's links add about a tenth on top at the default M)."""
        return len(self._live) * self.dim * 4

    def put_away(self) -> None:
        """Save the snapshot before the registry lets go of this shard, so opening it
        again loads the graph instead of rebuilding it. The snapshot is a cache: when it
        cannot be written the next open rebuilds from SQLite, so that is only logged."""
        with self._lock:
            if self._closed or not self._dirty:
                return
            try:
                self._save()
            except OSError as exc:
                log.warning(
                    "could not save the graph of %s before closing it: %s", self.folder, exc
                )

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
