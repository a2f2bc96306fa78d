"""``LongShards``: the registry of open shards, one per tenant, and their folder names.

Tenant ids never become paths: a shard's folder is a hash of the tenant, so this is the
only place that maps one to the other, opens shards lazily, and drops or closes them all.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

from tiermem.tiers.long.schema import DB_FILE
from tiermem.tiers.long.shard import LongShard


def shard_dirname(tenant: str) -> str:
    """Folder name of a tenant's shard: a hash, so no caller string ever reaches a path."""
    return hashlib.sha256(tenant.encode("utf-8")).hexdigest()[:24]


class LongShards:
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
