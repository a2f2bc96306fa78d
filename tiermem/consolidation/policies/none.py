"""The flat baseline: every observation becomes a fact, promoted after a minimum age,
never merged, never superseded, never decayed."""

from __future__ import annotations

from tiermem.config import TiermemConfig
from tiermem.consolidation.policies.base import (
    Decision,
    ExtractedFact,
    Extraction,
    PolicyContext,
)
from tiermem.types import MemoryItem


class NonePolicy:
    name = "none"
    decays = False
    merges = False  # dedupe repeated mentions in short -> mid

    def __init__(self, config: TiermemConfig) -> None:
        self.config = config

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return observations

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        return [verbatim(o) for o in observations]

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return now - fact.observed_at >= self.config.promote_min_age_s

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return Decision(action="ADD", reason="none policy never merges")


def verbatim(observation: MemoryItem, slot: str | None = None) -> Extraction:
    """The observation kept as its own fact, under its own id."""
    return Extraction(
        observations=[observation.id],
        facts=[
            ExtractedFact(
                text=observation.memory,
                sources=[observation.id],
                observed_at=observation.observed_at,
                slot=slot,
                keep_id=observation.id,
            )
        ],
    )
