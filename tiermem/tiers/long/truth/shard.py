"""``ReplicatedShard``: a tenant's ``LongShard`` whose SQLite file is this node's cache of
the truth in PostgreSQL.

All reads stay local (SQLite, FTS5, the hnswlib graph), so they cost what they cost
without PostgreSQL. Writes go through ``_write``, the shard's one write path: lock the
tenant's counter row in PostgreSQL, bring the cache up to the truth, run the local write
stamped with the next truth seq, upsert the rows it changed into PostgreSQL, commit
PostgreSQL and then SQLite. A write PostgreSQL refuses is rolled back locally too; a
process that dies between the two commits finds its write in PostgreSQL at the next
catch-up. Reads catch up at most every ``sync_interval_s``: that is the lag one node can
show behind another.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from tiermem.errors import LongStoreError, TiermemError
from tiermem.tiers.long.shard import LongShard
from tiermem.tiers.long.truth import local
from tiermem.tiers.long.truth.remote import Head, TruthStore

log = logging.getLogger(__name__)


class ReplicatedShard(LongShard):
    """One tenant's facts: PostgreSQL the truth, the local SQLite file and graph its cache."""

    def __init__(
        self,
        folder: Path,
        *,
        tenant: str,
        truth: TruthStore,
        sync_interval_s: float,
        sync_now: bool = True,
        **shard_options: Any,
    ) -> None:
        """``sync_now=False`` leaves the first catch-up (for a new node, building the whole
        cache) to the first ``sync()``: the registry calls it outside its own lock, so one
        large tenant being built does not hold up every other tenant's hand-out."""
        self.tenant = tenant
        self._truth = truth
        self._interval = max(0.0, sync_interval_s)
        self._next_sync = 0.0
        self._synced_at: float | None = None
        self._reindex = False
        super().__init__(folder, **shard_options)
        try:
            epoch, _ = local.position(self._conn)
            if epoch is None and local.has_facts(self._conn):
                raise TiermemError(
                    f"long-term shard {self.folder} holds facts written without the "
                    "PostgreSQL long-term store; they are not in PostgreSQL and would be "
                    "shadowed. Use another data_dir for this node, or move those facts "
                    "(tiermem export / import) first."
                )
            if sync_now:
                self.sync(force=True)
        except BaseException:
            self._close(save=False)
            raise

    # ------------------------------------------------------------------ reads

    @property
    def lag_s(self) -> float | None:
        """Seconds since this cache last matched the truth (None: never reached it)."""
        return None if self._synced_at is None else time.monotonic() - self._synced_at

    def sync(self, *, force: bool = False) -> None:
        """Catch the cache up with the truth, at most every ``sync_interval_s`` unless
        forced. When PostgreSQL cannot be reached, a cache that copied the truth before
        keeps serving and the failure is logged: reads stay available, ``lag_s`` grows,
        and writes fail loudly. A cache that never copied anything has nothing to serve
        but a wrong "no facts", so it raises ``LongStoreError``."""
        with self._lock:
            self._check_open()
            if not force and time.monotonic() < self._next_sync:
                return
            self._next_sync = time.monotonic() + self._interval
            try:
                self._pull()
            except SQLAlchemyError as exc:
                if local.position(self._conn)[0] is None:
                    self._next_sync = 0.0  # nothing to serve: the next read asks again
                    raise LongStoreError(f"long-term store unreachable: {exc}") from exc
                log.warning("long-term store unreachable, serving %s from cache: %s", self, exc)

    def _refresh(self) -> None:
        self.sync()
        super()._refresh()

    def _pull(self) -> None:
        checked = time.monotonic()
        with self._truth.engine.connect() as pg:
            pg = pg.execution_options(isolation_level="REPEATABLE READ")  # one snapshot
            with pg.begin():
                head = self._truth.head(pg, self.tenant)
                if self._matches(head):
                    self._synced_at = checked
                    return
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._apply_truth(pg, head)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    self._reindex = False
                    raise
        self._synced_at = checked
        self._after_commit()

    def _matches(self, head: Head | None) -> bool:
        epoch, seq = local.position(self._conn)
        if head is None:
            return epoch is None
        return head.epoch == epoch and head.seq == seq

    def _apply_truth(self, pg: sa.Connection, head: Head | None) -> None:
        """Inside a SQLite write transaction: make the cache equal the truth at ``head``."""
        epoch, seq = local.position(self._conn)
        if head is None or head.epoch != epoch:
            if epoch is not None:  # the tenant was dropped, or dropped and re-created
                local.wipe(self._conn)
                self._reindex = True
            seq = 0
        if head is None:
            return
        if head.seq > seq:
            local.apply(self._conn, self._truth.rows_since(pg, self.tenant, seq, head.seq))
        local.set_position(self._conn, head.epoch, head.seq)

    def _after_commit(self) -> None:
        """Bring the graph up to the committed rows (rebuilt when the cache was wiped,
        because labels then start again)."""
        if self._reindex:
            self._reindex = False
            self._snapshot.discard()
            self._index = self._rebuild()
        self._catch_up()

    # ----------------------------------------------------------------- writes

    @contextlib.contextmanager
    def _write(self) -> Iterator[int]:
        with self._lock:
            self._check_open()
            try:
                pg = self._truth.engine.connect()
            except SQLAlchemyError as exc:
                raise LongStoreError(f"long-term store unreachable: {exc}") from exc
            with pg:
                pg_tx = pg.begin()
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    head = self._truth.lock(pg, self.tenant)
                    self._apply_truth(pg, head)
                    seq = head.seq + 1
                    yield seq
                    images = local.changed_images(self._conn, seq)
                    if images:
                        self._truth.push(pg, self.tenant, images, seq)
                        local.set_position(self._conn, head.epoch, seq)
                    pg_tx.commit()
                except BaseException as exc:
                    self._conn.execute("ROLLBACK")
                    self._reindex = False
                    if isinstance(exc, SQLAlchemyError):
                        raise LongStoreError(
                            f"the long-term store refused a write of tenant {self.tenant!r};"
                            f" nothing was written: {exc}"
                        ) from exc
                    raise
                self._commit_cache()
            self._synced_at = time.monotonic()  # caught up under the tenant's lock
            self._next_sync = self._synced_at + self._interval
            self._after_commit()

    def _commit_cache(self) -> None:
        """PostgreSQL has the write: it is acknowledged whatever happens to the cache. A
        cache that cannot commit is rolled back and catches up from the truth instead."""
        try:
            self._conn.execute("COMMIT")
        except Exception as exc:
            log.warning("cache of %s did not commit (%s); catching up from the truth", self, exc)
            with contextlib.suppress(Exception):
                self._conn.execute("ROLLBACK")
            self._reindex = False
            self._next_sync = 0.0  # if this catch-up fails too, the next read tries again
            try:
                self._pull()
            except SQLAlchemyError as again:
                log.warning("%s stays behind the truth until the next read: %s", self, again)

    def __repr__(self) -> str:
        return f"ReplicatedShard({self.folder.name})"  # the hash, never the tenant id
