"""``ReplicatedShards``: the per-tenant registry when PostgreSQL holds the truth.

The same lazy opening, LRU and memory budget as ``LongShards``, with three differences: a
tenant this node never saw is found in PostgreSQL (its cache is then built from there),
every hand-out of a shard lets it catch up (throttled by the sync interval), and dropping
tenants drops them from PostgreSQL, so every node's cache forgets them.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from tiermem.errors import LongStoreError
from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.long.shard import LongShard
from tiermem.tiers.long.shards import DEFAULT_MAX_OPEN, LongShards
from tiermem.tiers.long.truth.remote import TruthStore
from tiermem.tiers.long.truth.shard import ReplicatedShard

ABSENT_MEMO = 10_000  # tenants remembered as absent from the truth, at most


class ReplicatedShards(LongShards):
    """Open replicated shards, one per tenant, caching the truth under ``root``."""

    def __init__(
        self,
        root: Path,
        truth: TruthStore,
        *,
        sync_interval_s: float = 0.5,
        max_open: int = DEFAULT_MAX_OPEN,
        memory_budget_bytes: int | None = None,
    ) -> None:
        super().__init__(
            root,
            dim=truth.dim,
            embedder_identity=truth.embedder_identity,
            max_open=max_open,
            memory_budget_bytes=memory_budget_bytes,
        )
        self.truth = truth
        self.sync_interval_s = max(0.0, sync_interval_s)
        self._absent: dict[str, float] = {}  # tenant -> when to ask PostgreSQL again
        self._absent_lock = threading.Lock()

    def _open(self, tenant: str) -> LongShard:
        return ReplicatedShard(
            self.path_for(tenant),
            tenant=tenant,
            truth=self.truth,
            sync_interval_s=self.sync_interval_s,
            sync_now=False,  # shard() catches it up, outside the registry's lock
            dim=self.dim,
            embedder_identity=self.embedder_identity,
        )

    def shard(self, tenant: str) -> LongShard:
        found = super().shard(tenant)
        if isinstance(found, ReplicatedShard):
            found.sync()
        with self._absent_lock:
            self._absent.pop(tenant, None)
        return found

    def existing_shard(self, tenant: str) -> LongShard | None:
        """The tenant's shard if it has facts here or in PostgreSQL. A tenant found absent
        is not asked about again within the sync interval: a search of a tenant with no
        long-term facts must not cost a round trip every time."""
        with self._lock:
            held = tenant in self._shards or tenant in self._put_away
        if held or (self.path_for(tenant) / DB_FILE).exists():
            return self.shard(tenant)
        now = time.monotonic()
        with self._absent_lock:
            if self._absent.get(tenant, 0.0) > now:
                return None
        try:
            known = self.truth.exists(tenant)
        except SQLAlchemyError as exc:
            raise LongStoreError(f"long-term store unreachable: {exc}") from exc
        if known:
            return self.shard(tenant)
        with self._absent_lock:
            if len(self._absent) >= ABSENT_MEMO:
                self._absent.clear()
            self._absent[tenant] = now + self.sync_interval_s
        return None

    def drop(self, tenant: str) -> None:
        self.truth.drop_tenant(tenant)
        super().drop(tenant)

    def drop_all(self) -> None:
        self.truth.drop_all()
        super().drop_all()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.truth.dispose()
