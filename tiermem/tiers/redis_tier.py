"""What the short and mid tiers share: a Redis 8 vector set plus a payload hash per tenant.

Vectors live in the vector set (NOQUANT, so a fact carries its exact vector into the
long tier); payloads live in a hash beside it as JSON. Writers pass a pipeline so the
facade and the consolidation engine can put a tier write, the id directory and the
history event in one MULTI/EXEC: a move is all-or-nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import redis

from tiermem.models.embedder import Vector
from tiermem.tiers import keys
from tiermem.tiers.redis_server import RedisClient
from tiermem.types import MemoryItem, TierName


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


class RedisTier:
    """One Redis-backed tier; knows its key names, not policy."""

    def __init__(self, client: RedisClient, tier: TierName) -> None:
        self.client = client
        self.tier: TierName = tier

    # writes (into a caller's pipeline) -------------------------------------------------
    def put(self, pipe: Any, item: MemoryItem, vector: Vector) -> None:
        tenant = item.scope.tenant
        vec = np.ascontiguousarray(vector, dtype=np.float32)
        pipe.execute_command(
            "VADD", keys.vectors(tenant, self.tier), "FP32", vec.tobytes(), item.id, "NOQUANT"
        )
        pipe.hset(keys.items(tenant, self.tier), item.id, item.model_dump_json())
        pipe.hset(keys.hashes(tenant, self.tier), item.hash, item.id)

    def put_payload(self, pipe: Any, item: MemoryItem) -> None:
        """Rewrite the payload only (reinforcement, strength, access times)."""
        pipe.hset(keys.items(item.scope.tenant, self.tier), item.id, item.model_dump_json())

    def remove(self, pipe: Any, item: MemoryItem) -> None:
        tenant = item.scope.tenant
        pipe.execute_command("VREM", keys.vectors(tenant, self.tier), item.id)
        pipe.hdel(keys.items(tenant, self.tier), item.id)
        pipe.hdel(keys.hashes(tenant, self.tier), item.hash)

    def drop_tenant(self, pipe: Any, tenant: str) -> None:
        pipe.delete(
            keys.vectors(tenant, self.tier),
            keys.items(tenant, self.tier),
            keys.hashes(tenant, self.tier),
        )

    # reads -------------------------------------------------------------------------------
    def get(self, tenant: str, memory_id: str) -> MemoryItem | None:
        raw = self.client.hget(keys.items(tenant, self.tier), memory_id)
        return MemoryItem.model_validate_json(raw) if raw else None

    def get_many(self, tenant: str, ids: list[str]) -> list[MemoryItem]:
        if not ids:
            return []
        raws = self.client.hmget(keys.items(tenant, self.tier), ids)
        return [MemoryItem.model_validate_json(r) for r in raws if r]

    def all(self, tenant: str) -> list[MemoryItem]:
        raws = self.client.hvals(keys.items(tenant, self.tier))
        return [MemoryItem.model_validate_json(r) for r in raws]

    def ids(self, tenant: str) -> list[str]:
        return [_decode(k) for k in self.client.hkeys(keys.items(tenant, self.tier))]

    def count(self, tenant: str) -> int:
        return int(self.client.hlen(keys.items(tenant, self.tier)))

    def id_for_hash(self, tenant: str, text_hash: str) -> str | None:
        raw = self.client.hget(keys.hashes(tenant, self.tier), text_hash)
        return _decode(raw) if raw else None

    def vector(self, tenant: str, memory_id: str) -> Vector | None:
        reply = self.client.execute_command(
            "VEMB", keys.vectors(tenant, self.tier), memory_id, "RAW"
        )
        if not reply:
            return None
        blob, norm = reply[1], float(reply[2])
        return np.frombuffer(blob, dtype=np.float32) * np.float32(norm)

    def similar(self, tenant: str, vector: Vector, count: int) -> list[tuple[str, float]]:
        """(id, cosine similarity), best first. VSIM scores are (1 + cos) / 2."""
        key = keys.vectors(tenant, self.tier)
        vec = np.ascontiguousarray(vector, dtype=np.float32)
        try:
            reply = self.client.execute_command(
                "VSIM", key, "FP32", vec.tobytes(), "WITHSCORES", "COUNT", count
            )
        except redis.ResponseError as exc:
            if "key does not exist" in str(exc).lower() or "no such key" in str(exc).lower():
                return []
            raise
        if not reply:
            return []
        out = []
        for i in range(0, len(reply), 2):
            out.append((_decode(reply[i]), 2.0 * float(reply[i + 1]) - 1.0))
        return out

    def search(self, tenant: str, vector: Vector, count: int) -> list[tuple[MemoryItem, float]]:
        pairs = self.similar(tenant, vector, count)
        if not pairs:
            return []
        raws = self.client.hmget(keys.items(tenant, self.tier), [p[0] for p in pairs])
        return [
            (MemoryItem.model_validate_json(raw), sim)
            for (_, sim), raw in zip(pairs, raws, strict=True)
            if raw
        ]
