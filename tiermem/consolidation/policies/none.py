"""The flat baseline: every observation becomes a fact, promoted after a minimum age,
never merged, never superseded, never decayed."""

from __future__ import annotations

from tiermem.config import TiermemConfig
from tiermem.consolidation import rules
from tiermem.consolidation.policies.base import Decision, Extraction, PolicyContext
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector


class NonePolicy:
    name = "none"
    uses_llm = False
    chunk_size = 64
    decays = False
    merges = False  # dedupe repeated mentions in short -> mid

    def __init__(self, config: TiermemConfig) -> None:
        self.config = config

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return observations

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        return [rules.verbatim(o) for o in observations]

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return now - fact.observed_at >= self.config.promote_min_age_s

    def candidates(
        self, fact: MemoryItem, vector: Vector, shard: LongShard
    ) -> list[tuple[MemoryItem, float]]:
        return rules.nearest(fact, vector, shard, self.config.reconcile_candidates)

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return Decision(action="ADD", reason="none policy never merges")
