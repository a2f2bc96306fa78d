"""No LLM: exact and near-duplicate merging, slot rules for updates, promotion by
reinforcement or by age-with-content, decay of what is neither."""

from __future__ import annotations

from tiermem import lexical
from tiermem.attributes import slots
from tiermem.config import TiermemConfig
from tiermem.consolidation import rules
from tiermem.consolidation.policies.base import Decision, Extraction, PolicyContext
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector

MIN_CONTENT_WORDS = 3  # "ok thanks!" is chit-chat; it may decay instead of being promoted


class HeuristicPolicy:
    name = "heuristic"
    uses_llm = False
    chunk_size = 64
    decays = True
    merges = True  # dedupe repeated mentions in short -> mid

    def __init__(self, config: TiermemConfig) -> None:
        self.config = config

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return observations

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        out = []
        pending = list(observations)
        while pending:
            o = pending.pop(0)
            if pending and rules.is_exchange(o, pending[0]):
                out.append(rules.exchange(o, pending.pop(0), ctx.phrasings))
                continue
            out.append(rules.verbatim(o, slot=rules.slot_of(o, ctx.phrasings)))
        return out

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        if fact.reinforcement >= self.config.promote_min_reinforcement or slots.placed(fact.slot):
            return True
        old_enough = now - fact.observed_at >= self.config.promote_min_age_s
        _, body = slots.split_speaker(fact.memory)  # "Caroline: Thanks!" is one word of content
        return old_enough and len(lexical.tokens(body)) >= MIN_CONTENT_WORDS

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return rules.reconcile_by_rules(
            fact, neighbours, self.config.dedupe_cosine, ctx.phrasings.vocabulary.is_multi
        )

    def candidates(
        self, fact: MemoryItem, vector: Vector, shard: LongShard
    ) -> list[tuple[MemoryItem, float]]:
        return rules.slot_candidates(fact, vector, shard, self.config.reconcile_candidates)
