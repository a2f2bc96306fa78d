"""Pydantic models at tiermem's boundaries.

Internally every timestamp is float seconds since the epoch (cheap to compare and to
store in Redis/SQLite); the public dicts render them as ISO-8601 UTC strings, as Mem0 does.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal, TypedDict

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from tiermem.attributes.slots import SlotValue

Vector = npt.NDArray[np.float32]  # one embedding, float32, L2-normalised
Matrix = npt.NDArray[np.float32]  # embeddings, one per row

TierName = Literal["short", "mid", "long"]
TIERS: tuple[TierName, ...] = ("short", "mid", "long")


class EventKind(StrEnum):
    ADD = "ADD"
    UPDATE = "UPDATE"
    DELETE = "DELETE"
    EXTRACT = "EXTRACT"
    MERGE = "MERGE"
    PROMOTE = "PROMOTE"
    SUPERSEDE = "SUPERSEDE"
    REINFORCE = "REINFORCE"
    DECAY = "DECAY"
    NOOP = "NOOP"


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, tz=UTC).isoformat()


def text_hash(text: str) -> str:
    """Hash of the normalised text: the exact-duplicate key."""
    normal = " ".join(text.lower().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


class ScopeIds(TypedDict):
    """A scope's ids as keyword arguments of ``Memory`` (``**scope.ids()``)."""

    user_id: str | None
    agent_id: str | None
    run_id: str | None


_TENANT_KINDS = {"u": "user_id", "a": "agent_id", "r": "run_id"}


class Scope(BaseModel):
    """Who a memory belongs to.

    The *tenant* is the most specific owner given: ``user_id``, else ``agent_id``, else
    ``run_id``. Each tenant has its own Redis keys and its own long-term shard, so
    isolation is structural; the remaining ids narrow results inside the tenant.
    """

    model_config = ConfigDict(frozen=True)

    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None

    @property
    def tenant(self) -> str:
        if self.user_id is not None:
            return f"u={self.user_id}"
        if self.agent_id is not None:
            return f"a={self.agent_id}"
        if self.run_id is not None:
            return f"r={self.run_id}"
        raise ValueError("scope has no owner")

    @classmethod
    def of_tenant(cls, tenant: str) -> Scope:
        """``u=alice`` -> ``Scope(user_id="alice")``: the owner a tenant string names, the
        inverse of ``tenant``. The id itself is not checked (``validation.scope`` does)."""
        kind, _, value = tenant.partition("=")
        if kind not in _TENANT_KINDS or not value:
            raise ValueError(f"{tenant[:40]!r} is not a tenant: u=, a= or r=<id>")
        return cls.model_validate({_TENANT_KINDS[kind]: value})

    def ids(self) -> ScopeIds:
        return ScopeIds(user_id=self.user_id, agent_id=self.agent_id, run_id=self.run_id)

    @property
    def narrowed(self) -> bool:
        """True when the scope filters inside its tenant (e.g. user plus agent)."""
        return sum(v is not None for v in (self.user_id, self.agent_id, self.run_id)) > 1

    def matches(self, item: MemoryItem) -> bool:
        """True when every id given here equals the item's."""
        return (
            (self.user_id is None or item.user_id == self.user_id)
            and (self.agent_id is None or item.agent_id == self.agent_id)
            and (self.run_id is None or item.run_id == self.run_id)
        )


class MemoryItem(BaseModel):
    """One memory in any tier. Tier-specific fields keep their defaults elsewhere."""

    id: str
    memory: str
    hash: str
    tier: TierName
    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None
    role: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: float
    updated_at: float
    observed_at: float  # when the fact was said (dataset/replay time), for date resolution
    sources: list[str] = Field(default_factory=list)  # observation ids it came from
    reinforcement: int = 1
    strength: float = 1.0  # forgetting-curve stability multiplier (see consolidation.forgetting)
    last_access: float | None = None
    valid_from: float | None = None
    valid_to: float | None = None
    superseded_by: str | None = None
    slot: str | None = None  # e.g. "home_city": what the fact is the value of, if known
    infer: bool = True  # False: keep the text verbatim through consolidation (Mem0's infer=False)
    added_ns: int = 0  # wall-clock order of add() calls: breaks ties between equal timestamps

    @property
    def scope(self) -> Scope:
        return Scope(user_id=self.user_id, agent_id=self.agent_id, run_id=self.run_id)

    @property
    def attribute(self) -> str | None:
        """ "dentist" for slot "dentist=dr kim" (a named speaker's "Caroline:home" too)."""
        found = SlotValue.decode(self.slot)
        return found.slot if found else None

    @property
    def value(self) -> str | None:
        found = SlotValue.decode(self.slot)
        return found.value if found else None

    @property
    def is_current(self) -> bool:
        return self.valid_to is None and self.superseded_by is None

    def public(self) -> dict[str, Any]:
        """The Mem0-shaped dict callers see."""
        out: dict[str, Any] = {
            "id": self.id,
            "memory": self.memory,
            "hash": self.hash,
            "tier": self.tier,
            "metadata": dict(self.metadata),
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "user_id": self.user_id,
            "agent_id": self.agent_id,
            "run_id": self.run_id,
            "sources": list(self.sources),
            "reinforcement": self.reinforcement,
        }
        if self.role is not None:
            out["role"] = self.role
        if self.attribute is not None and not self.attribute.rsplit(":", 1)[-1].startswith("~"):
            out["attribute"] = self.attribute  # "~" (a value of no known attribute) stays inside
            out["value"] = self.value
        if self.tier == "long":
            out["valid_from"] = iso(self.valid_from)
            out["valid_to"] = iso(self.valid_to)
            out["superseded_by"] = self.superseded_by
        return out


class SearchHit(BaseModel):
    item: MemoryItem
    score: float
    similarity: float
    parts: dict[str, Any] = Field(default_factory=dict)  # what the score is made of

    @property
    def relevance(self) -> float:
        """The score's relevance part (cosine and word overlap), before recency and tier."""
        return float(self.parts.get("relevance", 0.0))

    def public(self, explain: bool = False) -> dict[str, Any]:
        out = self.item.public()
        out["score"] = round(self.score, 6)
        out["similarity"] = round(self.similarity, 6)
        if explain:
            parts = {"similarity": self.similarity, **self.parts}
            out["explain"] = {
                k: round(v, 6) if isinstance(v, float) else v for k, v in parts.items()
            }
        return out


class Event(BaseModel):
    """One append-only history record."""

    memory_id: str
    event: EventKind
    old_memory: str | None = None
    new_memory: str | None = None
    tier: TierName | None = None
    actor: str = "api"
    created_at: float
    details: dict[str, Any] = Field(default_factory=dict)

    def public(self) -> dict[str, Any]:
        return {
            "memory_id": self.memory_id,
            "event": self.event.value,
            "old_memory": self.old_memory,
            "new_memory": self.new_memory,
            "tier": self.tier,
            "actor": self.actor,
            "created_at": iso(self.created_at),
            "details": dict(self.details),
        }
