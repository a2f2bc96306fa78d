"""The errors tiermem raises on purpose, all ``TiermemError`` subclasses (one more,
``RedisStartError``, lives beside the embedded Redis launcher in ``tiers.redis_server``).

Bad input is a ``ValueError`` subclass so callers that already catch ``ValueError``
(as Mem0 users do) keep working; an unknown id is also a ``KeyError``.
"""

from __future__ import annotations


class TiermemError(Exception):
    """Base class for all tiermem errors."""


class InvalidInputError(TiermemError, ValueError):
    """The caller passed something tiermem refuses to store or look up."""


class MemoryNotFoundError(TiermemError, KeyError):
    """No memory with that id exists (or it belongs to a tier that dropped it)."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else "memory not found"


class EmbedderMismatchError(TiermemError):
    """Data on disk or in Redis was written with a different embedding model."""


class RedisUnsupportedError(TiermemError):
    """The configured Redis cannot serve tiermem (no vector sets, too old)."""


class LLMError(TiermemError):
    """The LLM could not produce a valid answer within the retry budget."""


class PolicyError(TiermemError):
    """A consolidation policy raised something other than ``LLMError``: a bug in the
    policy. The engine stops that tenant's run (its state is as after a crash: nothing
    half-applied) and goes on with the other tenants; the report names the tenant."""


class LeaseLostError(TiermemError):
    """A consolidation worker lost its tenant lease; its pending writes were refused."""


class ReplicationError(TiermemError):
    """A write reached the Redis primary but not the replicas ``redis_replica_acks``
    asks for in time; it was not acknowledged, so the caller should try again."""


class LongStoreError(TiermemError):
    """The long-term store (PostgreSQL) could not take a write; nothing was written."""
