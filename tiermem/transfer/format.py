"""The export file: JSON lines, a header first, then one line per memory id.

Why this shape: one line per id diffs and greps well and carries the id's history
beside its data, so a line is understandable alone; the header says what wrote the file
and which format version it is, so a later tiermem can refuse or convert it.
Timestamps stay the floats tiermem stores (not ISO strings) because an import must give
back exactly the same validity intervals and event times. Vectors are not written: the
file stays text, and an import embeds the texts again with its own model.

Every id of the scope is written, ended ones too (deleted, consumed into a fact,
decayed): they have no data any more, but ``history`` still explains them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tiermem.tiers.id_registry import LIVE_STATES, State
from tiermem.types import Event, MemoryItem, Scope

FORMAT: Literal["tiermem-export"] = "tiermem-export"
VERSION = 1
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


ExportLine = ExportHeader | ExportedMemory
