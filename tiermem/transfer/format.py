"""The export file: JSON lines, a header first, then one line per memory id.

Why this shape: one line per id diffs and greps well and carries the id's history
beside its data, so a line is understandable alone; the header says what wrote the file
and which format version it is, so a later tiermem can refuse or convert it.
Timestamps stay the floats tiermem stores (not ISO strings) because an import must give
back exactly the same validity intervals and event times. Vectors are not written: the
file stays text, and an import embeds the texts again with its own model.

Every id of the scope is written, ended ones too (deleted, consumed into a fact,
decayed): they have no data any more, but ``history`` still explains them. What the tenant
holds beyond its memories (the phrasings consolidation learned from its messages, and the
observations the LLM failed on, still waiting for a retry) is one ``tenant`` line right
after the header, so a restored tenant consolidates as the original would have.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from tiermem.attributes.phrasings import Phrasings
from tiermem.tiers.id_registry import LIVE_STATES, State
from tiermem.types import Event, MemoryItem, Scope

FORMAT: Literal["tiermem-export"] = "tiermem-export"
VERSION = 2  # 2 added the tenant line; a version 1 file is read as it always was
_ID = re.compile(r"^[0-9a-f]{32}$")


class ExportHeader(BaseModel):
    """The first line: what wrote the file and which scope it holds."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["header"] = "header"
    format: Literal["tiermem-export"] = FORMAT
    version: int = VERSION
    tiermem_version: str
    exported_at: float
    embedder: str  # the model the source store used; informative, vectors are re-embedded
    scope: Scope
    tenant: str
    counts: dict[str, int] = Field(default_factory=dict)  # records per state
    tenant_state: bool = False  # a tenant line follows the header (version 2)

    @model_validator(mode="after")
    def _known_version(self) -> ExportHeader:
        if self.version < 1 or self.version > VERSION:
            raise ValueError(
                f"export format version {self.version} is not supported (this tiermem reads "
                f"{VERSION}); import it with the tiermem that wrote it, or a newer one"
            )
        if self.scope.tenant != self.tenant:
            raise ValueError(f"header tenant {self.tenant!r} is not its scope's")
        return self


class ExportedMemory(BaseModel):
    """One id: its state, its data while it lives, and every event of its history."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["memory"] = "memory"
    id: str
    tenant: str
    state: State
    item: MemoryItem | None = None  # None for an ended id (deleted, consumed, decayed)
    history: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ExportedMemory:
        """A line that contradicts itself is refused before anything is written."""
        if not _ID.match(self.id):
            raise ValueError(f"{self.id[:40]!r} is not a tiermem memory id")
        live = self.state in LIVE_STATES
        if live and self.item is None:
            raise ValueError(f"memory {self.id} is {self.state} but has no item")
        if not live and self.item is not None:
            raise ValueError(f"memory {self.id} is {self.state} and cannot carry an item")
        if self.item is not None:
            if self.item.id != self.id or self.item.tier != self.state:
                raise ValueError(f"memory {self.id}: item id or tier disagrees with the line")
            if self.item.scope.tenant != self.tenant:
                raise ValueError(f"memory {self.id}: item belongs to another tenant")
        if any(e.memory_id != self.id for e in self.history):
            raise ValueError(f"memory {self.id}: history holds another id's events")
        return self


class DeadLetter(BaseModel):
    """An observation the LLM failed on: why, how many tries so far, when last."""

    model_config = ConfigDict(extra="forbid")

    reason: str
    attempts: int = Field(ge=1)
    at: float


class ExportedTenant(BaseModel):
    """The tenant's learned phrasings (``attributes.phrasings``, as stored) and its dead
    letters, keyed by the id of the observation waiting for a retry."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["tenant"] = "tenant"
    tenant: str
    phrasings: dict[str, Any] | None = None
    dead_letters: dict[str, DeadLetter] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> ExportedTenant:
        """Phrasings that would not load would stop the tenant's consolidation later,
        so they are refused now, before anything is written."""
        for memory_id in self.dead_letters:
            if not _ID.match(memory_id):
                raise ValueError(f"dead letter {memory_id[:40]!r} is not a tiermem memory id")
        if self.phrasings is not None:
            try:
                Phrasings.model_validate(self.phrasings)
            except ValidationError as exc:
                raise ValueError(f"phrasings do not load: {exc.errors()[0]['msg']}") from None
        return self

    @property
    def empty(self) -> bool:
        return self.phrasings is None and not self.dead_letters


ExportRecord = Annotated[ExportedMemory | ExportedTenant, Field(discriminator="kind")]
RECORD = TypeAdapter(ExportRecord)
ExportLine = ExportHeader | ExportedMemory | ExportedTenant
