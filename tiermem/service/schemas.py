"""Request and response models: Mem0's self-hosted server shapes, plus tiermem's extras.

Request models follow Mem0's ``server/main.py`` field for field, so a Mem0 client works
unchanged; fields Mem0 has and tiermem cannot honour (``expiration_date``, ``prompt``,
``memory_type``) are accepted in the schema but refused when set, because silently
ignoring an expiry date would keep data the caller asked to drop. Unknown extra fields
are ignored, as Mem0 does. Response models list the fields tiermem always returns and
allow the rest (``attribute``, ``valid_to``, ...), so OpenAPI documents the contract
without dropping data.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Message(BaseModel):
    role: str = Field(..., description="Role of the message (user or assistant).")
    content: str = Field(..., description="Message content.")


class MemoryCreate(BaseModel):
    messages: list[Message] = Field(..., description="List of messages to store.")
    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None
    metadata: dict[str, Any] | None = None
    infer: bool | None = Field(default=None, description="Extract facts (default true).")
    timestamp: float | str | None = Field(
        default=None, description="tiermem: when it was said (epoch seconds or ISO-8601)."
    )
    expiration_date: str | None = Field(default=None, description="Not supported by tiermem.")
    memory_type: str | None = Field(default=None, description="Not supported by tiermem.")
    prompt: str | None = Field(default=None, description="Not supported by tiermem.")


class MemoryUpdate(BaseModel):
    text: str | None = Field(default=None, description="New content of the memory.")
    metadata: dict[str, Any] | None = Field(default=None, description="Metadata to set.")
    expiration_date: str | None = Field(default=None, description="Not supported by tiermem.")


class SearchRequest(BaseModel):
    query: str = Field(..., description="Search query.")
    user_id: str | None = Field(default=None, description="Deprecated: pass inside `filters`.")
    run_id: str | None = Field(default=None, description="Deprecated: pass inside `filters`.")
    agent_id: str | None = Field(default=None, description="Deprecated: pass inside `filters`.")
    filters: dict[str, Any] | None = None
    top_k: int | None = Field(default=None, description="Maximum number of results (default 10).")
    threshold: float | None = Field(default=None, description="Minimum similarity (cosine).")
    explain: bool | None = Field(default=None, description="Include score details for each hit.")
    show_expired: bool | None = Field(
        default=None, description="Include superseded (no longer current) memories."
    )
    tiers: list[str] | None = Field(default=None, description="tiermem: search only these tiers.")


class ConsolidateRequest(BaseModel):
    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None
    passes: list[str] | None = Field(
        default=None, description="Any of short_to_mid, mid_to_long, decay (default: all)."
    )


class _Open(BaseModel):
    """A response object whose listed fields are guaranteed and others may follow."""

    model_config = ConfigDict(extra="allow")


class MessageResponse(BaseModel):
    message: str


class UpdateResponse(MessageResponse):
    id: str


class MemoryOut(_Open):
    id: str
    memory: str
    hash: str | None = None
    tier: str
    metadata: dict[str, Any]
    created_at: str | None
    updated_at: str | None
    user_id: str | None
    agent_id: str | None
    run_id: str | None


class Explain(BaseModel):
    """What a hit's score is made of: score = relevance x tier_prior x recency x
    reinforcement x superseded (x not_now), with relevance blending similarity and
    lexical; ``lead`` says why a hit was lifted above the rest, when it was."""

    similarity: float = Field(..., description="Cosine between query and memory.")
    lexical: float = Field(..., description="IDF-weighted share of the query's words.")
    relevance: float
    recency: float
    tier_prior: float = Field(..., description="The tier's configured weight.")
    reinforcement: float = Field(..., description="Bonus for repeated mentions and recalls.")
    superseded: float = Field(..., description="Penalty for a superseded version (else 1).")
    not_now: float | None = Field(default=None, description="Penalty on a now-question.")
    lead: str | None = None


class SearchHitOut(MemoryOut):
    score: float
    similarity: float
    explain: Explain | None = None


class AddedOut(BaseModel):
    id: str
    memory: str
    event: str
    tier: str


class AddResponse(_Open):
    results: list[AddedOut]


class MemoriesResponse(BaseModel):
    results: list[MemoryOut]


class SearchResponse(BaseModel):
    results: list[SearchHitOut]


class EventOut(_Open):
    memory_id: str
    event: str
    old_memory: str | None
    new_memory: str | None
    tier: str | None
    created_at: str | None


class TierCounts(BaseModel):
    short: int
    mid: int
    long: int
    dead_letters: int


class StatsResponse(BaseModel):
    tenants: dict[str, TierCounts]


class ConsolidateResponse(_Open):
    tenants: list[str] = Field(default_factory=list)
    actions: dict[str, int] = Field(default_factory=dict)
    llm_calls: int = 0


class HealthResponse(BaseModel):
    status: str
    version: str
