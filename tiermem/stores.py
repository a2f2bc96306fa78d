"""The open storage handles one ``Memory`` works with, passed as one object.

Search and the consolidation engine take this instead of the facade, so the
dependency arrows stay memory -> search/consolidation -> tiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiermem.config import TiermemConfig
from tiermem.models.embedder import Embedder
from tiermem.models.judge import Judge, judge_for
from tiermem.tiers import keys
from tiermem.tiers.base import Tier
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.long import LongTier
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.redis_tier import RedisTier
from tiermem.tiers.replica_acks import ReplicaAcks
from tiermem.types import TierName


@dataclass
class Stores:
    config: TiermemConfig
    client: RedisClient
    short: RedisTier
    mid: RedisTier
    long: LongTier
    registry: IdRegistry
    acks: ReplicaAcks
    embedder: Embedder

    def judge(self) -> Judge | None:
        """The judge model (``models.judge``), found and loaded on the first question
        that needs it, not when the ``Memory`` opens."""
        config = self.config
        return judge_for(
            config.judge_model, cache_dir=config.embedder_cache_dir, threads=config.embedder_threads
        )

    def redis_tier(self, name: TierName) -> RedisTier:
        """The short or mid tier as what it is: searches of both share a pipeline."""
        return {"short": self.short, "mid": self.mid}[name]

    def tier(self, name: TierName) -> Tier:
        """The tier called ``name``, behind the interface every tier shares."""
        tiers: dict[str, Tier] = {"short": self.short, "mid": self.mid, "long": self.long}
        return tiers[name]

    def unlist_if_empty(self, tenant: str) -> None:
        """Drop a tenant from the listing once it holds nothing.

        The listing is a global key, so on a cluster it cannot share a MULTI with the
        tenant's own keys. The tenant is unlisted first and then looked at: if anything is
        there, it is listed again. An ``add`` landing after that look finds the tenant's
        unlisted marker (set before the unlisting) in its own MULTI and lists the tenant
        again; on one server its MULTI lists the tenant itself. Either way a tenant that
        holds data ends listed.
        """
        marker = keys.unlisted(tenant)
        if self.registry.clustered:
            self.client.set(marker, b"1")
        self.client.srem(keys.TENANTS, tenant)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.hlen(keys.items(tenant, "short"))
            pipe.hlen(keys.items(tenant, "mid"))
            short, mid = pipe.execute()
        if short or mid or self.long.count(tenant):
            self.client.sadd(keys.TENANTS, tenant)
            if self.registry.clustered:
                self.client.delete(marker)
