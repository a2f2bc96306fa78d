"""The open storage handles one ``Memory`` works with, passed as one object.

Search and the consolidation engine take this instead of the facade, so the
dependency arrows stay memory -> search/consolidation -> tiers.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

from tiermem.config import TiermemConfig
from tiermem.models.embedder import Embedder
from tiermem.tiers import keys
from tiermem.tiers.base import Tier
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.long import LongTier
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.redis_tier import RedisTier
from tiermem.types import TierName


@dataclass
class Stores:
    config: TiermemConfig
    client: RedisClient
    short: RedisTier
    mid: RedisTier
    long: LongTier
    registry: IdRegistry
    embedder: Embedder

    def tier(self, name: TierName) -> Tier:
        """The tier called ``name``, behind the interface every tier shares."""
        tiers: dict[str, Tier] = {"short": self.short, "mid": self.mid, "long": self.long}
        return tiers[name]

    def unlist_if_empty(self, tenant: str) -> None:
        """Drop a tenant from the listing once it holds nothing. Under WATCH of its Redis
        tiers, so an ``add`` racing with this keeps its tenant listed."""
        short, mid = keys.items(tenant, "short"), keys.items(tenant, "mid")
        with self.client.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(short, mid)
                if pipe.hlen(short) or pipe.hlen(mid) or self.long.count(tenant):
                    return
                pipe.multi()
                pipe.srem(keys.TENANTS, tenant)
                pipe.execute()
            except redis.WatchError:
                return  # something was added meanwhile: the tenant stays listed
