"""``LongShards``: the registry of open shards, one per tenant, and their folder names.

Tenant ids never become paths: a shard's folder is a hash of the tenant, so this is the
only place that maps one to the other, opens shards lazily, and drops or closes them all.

At most ``max_open`` shards are held open. A chatbot backend has thousands of tenants,
and each open shard keeps a SQLite connection (three file descriptors) and its graph in
memory, so the least recently used one is put away when the limit is passed: its snapshot
is saved and the registry lets go of it. An optional memory budget (bytes of vectors held
by the open shards' indexes) puts shards away the same way, least recently used first,
because a few large tenants can weigh more than thousands of small ones. A caller still
holding a put-away shard keeps a working one (it is only closed when nobody refers to it
any more), and asking for that tenant again returns the same object, so one tenant never
has two live shards in this process.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.long.shard import LongShard

DEFAULT_MAX_OPEN = 256


def shard_dirname(tenant: str) -> str:
    """Folder name of a tenant's shard: a hash, so no caller string ever reaches a path."""
    return hashlib.sha256(tenant.encode("utf-8")).hexdigest()[:24]


class LongShards:
    """Open shards, one per tenant, under ``root/<sha256(tenant)[:24]>/``."""

    def __init__(
        self,
        root: Path,
        *,
        dim: int,
        embedder_identity: str,
        max_open: int = DEFAULT_MAX_OPEN,
        memory_budget_bytes: int | None = None,
    ) -> None:
        self.root = Path(root)
        self.dim = dim
        self.embedder_identity = embedder_identity
        self.max_open = max(1, max_open)
        self.memory_budget_bytes = memory_budget_bytes
        self._shards: OrderedDict[str, LongShard] = OrderedDict()  # least recent first
        self._put_away: weakref.WeakValueDictionary[str, LongShard] = weakref.WeakValueDictionary()
        self._lock = threading.RLock()

    def path_for(self, tenant: str) -> Path:
        return self.root / shard_dirname(tenant)

    @property
    def open_count(self) -> int:
        with self._lock:
            return len(self._shards)

    def shard(self, tenant: str) -> LongShard:
        with self._lock:
            found = self._shards.get(tenant)
            if found is not None:
                self._shards.move_to_end(tenant)
            else:
                found = self._put_away.pop(tenant, None)
                if found is None or found.closed:
                    found = self._open(tenant)
                self._shards[tenant] = found
            evicted = self._over_limit()  # shards grow between hand-outs: checked each time
        for old in evicted:
            old.put_away()
        return found

    def _open(self, tenant: str) -> LongShard:
        return LongShard(
            self.path_for(tenant), dim=self.dim, embedder_identity=self.embedder_identity
        )

    @property
    def held_bytes(self) -> int:
        """Bytes of vectors held by the open shards' indexes (what the budget counts)."""
        with self._lock:
            return sum(found.vector_bytes for found in self._shards.values())

    def _over_limit(self) -> list[LongShard]:
        """Put away the least recently used shards past ``max_open``, then past the memory
        budget; the shard just asked for (the most recent) is always kept."""
        evicted = []
        while len(self._shards) > self.max_open:
            tenant, old = self._shards.popitem(last=False)
            self._put_away[tenant] = old
            evicted.append(old)
        if self.memory_budget_bytes is not None:
            held = self.held_bytes
            while held > self.memory_budget_bytes and len(self._shards) > 1:
                tenant, old = self._shards.popitem(last=False)
                self._put_away[tenant] = old
                evicted.append(old)
                held -= old.vector_bytes
        return evicted

    def existing_shard(self, tenant: str) -> LongShard | None:
        with self._lock:
            held = tenant in self._shards or tenant in self._put_away
            if not held and not (self.path_for(tenant) / DB_FILE).exists():
                return None
            return self.shard(tenant)

    def _all_held(self) -> list[LongShard]:
        """Every shard object this process may still use: open ones and put-away ones."""
        held = list(self._shards.values()) + list(self._put_away.values())
        self._shards.clear()
        self._put_away.clear()
        return held

    def drop(self, tenant: str) -> None:
        with self._lock:
            for found in (self._shards.pop(tenant, None), self._put_away.pop(tenant, None)):
                if found is not None:
                    found._close(save=False)
            shutil.rmtree(self.path_for(tenant), ignore_errors=True)

    def drop_all(self) -> None:
        with self._lock:
            for found in self._all_held():
                found._close(save=False)
            for child in _shard_dirs(self.root):
                shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            shards = self._all_held()
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
