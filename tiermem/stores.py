"""The open storage handles one ``Memory`` works with, passed as one object.

Search and the consolidation engine take this instead of the facade, so the
dependency arrows stay memory -> search/consolidation -> tiers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiermem.config import TiermemConfig
from tiermem.models.embedder import Embedder
from tiermem.tiers.directory import Directory
from tiermem.tiers.long import LongTier
from tiermem.tiers.redis_server import RedisClient
from tiermem.tiers.redis_tier import RedisTier


@dataclass
class Stores:
    config: TiermemConfig
    client: RedisClient
    short: RedisTier
    mid: RedisTier
    long: LongTier
    directory: Directory
    embedder: Embedder

    def redis_tier(self, tier: str) -> RedisTier:
        return self.short if tier == "short" else self.mid
