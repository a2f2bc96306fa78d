"""No LLM: exact and near-duplicate merging, slot rules for updates, promotion by
reinforcement or by age-with-content, decay of what is neither."""

from __future__ import annotations

from collections.abc import Callable

from tiermem import lexical
from tiermem.config import TiermemConfig
from tiermem.consolidation import slots
from tiermem.consolidation.phrasings import Phrasings
from tiermem.consolidation.policies.base import (
    Decision,
    ExtractedFact,
    Extraction,
    PolicyContext,
)
from tiermem.consolidation.policies.none import verbatim
from tiermem.types import MemoryItem

MIN_CONTENT_WORDS = 3  # "ok thanks!" is chit-chat; it may decay instead of being promoted


class HeuristicPolicy:
    name = "heuristic"
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
            if pending and is_exchange(o, pending[0]):
                out.append(exchange(o, pending.pop(0), ctx.phrasings))
                continue
            out.append(verbatim(o, slot=slot_of(o, ctx.phrasings)))
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
        return reconcile_by_rules(
            fact, neighbours, self.config.dedupe_cosine, ctx.phrasings.vocabulary.is_multi
        )


EXCHANGE_GAP_S = 3600.0


def slot_of(observation: MemoryItem, phrasings: Phrasings) -> str | None:
    """ "home=berlin" when the rules or the tenant's learned phrasings read a slot."""
    found = phrasings.read(observation.memory) if observation.infer else None
    return f"{found.slot}={found.value}" if found else None


def is_exchange(question: MemoryItem, answer: MemoryItem) -> bool:
    """A question from one speaker answered right away by another ("A: where did you
    go? B: Lisbon!"): the answer is meaningless alone and the question holds its words."""
    asker, asked = slots.split_speaker(question.memory)
    replier, _ = slots.split_speaker(answer.memory)
    return (
        question.infer
        and answer.infer
        and asker is not None
        and replier is not None
        and asker != replier
        and "?" in asked
        and 0 <= answer.observed_at - question.observed_at <= EXCHANGE_GAP_S
        and question.scope == answer.scope
    )


def exchange(question: MemoryItem, answer: MemoryItem, phrasings: Phrasings) -> Extraction:
    """One memory for a question and its answer, keeping both as sources; the answer's
    own slot (if it states one) is the fact's slot."""
    return Extraction(
        observations=[question.id, answer.id],
        facts=[
            ExtractedFact(
                text=f"{question.memory}\n{answer.memory}",
                sources=[question.id, answer.id],
                observed_at=answer.observed_at,
                slot=slot_of(answer, phrasings),
            )
        ],
    )


def reconcile_by_rules(
    fact: MemoryItem,
    neighbours: list[tuple[MemoryItem, float]],
    dedupe_cosine: float,
    is_multi: Callable[[str], bool] = lambda name: False,
) -> Decision:
    """Same text: NOOP. A slot value that changed: UPDATE (supersede) the older fact, unless
    the attribute takes many values ("a second dog"), where a new value joins the others.
    A sentence that ends a value ("I sold the Golf"): UPDATE it with no successor value."""
    for other, _ in neighbours:
        if other.hash == fact.hash:
            return Decision(action="NOOP", target=other.id, reason="same text")
    new_slot = parse_slot(fact.slot)
    if new_slot is not None and slots.unplaced(new_slot[0]):
        new_slot = None  # a value of no known attribute replaces nothing
    if new_slot is None and fact.infer:
        ended = ended_slot_fact(fact, neighbours)
        if ended is not None:
            name, value = parse_slot(ended.slot) or ("", "")
            return Decision(action="UPDATE", target=ended.id, reason=f"{name} no longer {value}")
    if new_slot is not None:
        for other, _ in neighbours:
            old_slot = parse_slot(other.slot)
            if old_slot is None or old_slot[0] != new_slot[0]:
                continue
            if (other.observed_at, other.added_ns) > (fact.observed_at, fact.added_ns):
                continue  # never let an older statement supersede a newer one
            if slots.same_value(old_slot[1], new_slot[1]):
                return Decision(action="MERGE", target=other.id, reason="same slot value")
            if is_multi(new_slot[0]):
                continue
            return Decision(action="UPDATE", target=other.id, reason=f"{new_slot[0]} changed")
    for other, sim in neighbours:
        if slots.placed(other.slot) == slots.placed(fact.slot) and lexical.near_duplicate(
            fact.memory, other.memory, sim, dedupe_cosine
        ):
            return Decision(action="MERGE", target=other.id, reason=f"cosine {sim:.3f}")
    return Decision(action="ADD", reason="new")


def ended_slot_fact(
    fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]]
) -> MemoryItem | None:
    """The current slot fact an unslotted fact retires ("I used to be a big Nirvana fan"
    retires favourite band = nirvana): same speaker, stated earlier, value named in a
    past-state sentence. The slot is then left with no current value rather than a
    wrong one, and the retiring fact supersedes it, so history says who ended it."""
    speaker, _ = slots.split_speaker(fact.memory)
    for other, _ in neighbours:
        parsed = parse_slot(other.slot)
        if parsed is None or other.observed_at > fact.observed_at:
            continue
        if slots.speaker_of(parsed[0]) == speaker and slots.ends(fact.memory, parsed[1]):
            return other
    return None


def parse_slot(slot: str | None) -> tuple[str, str] | None:
    if not slot or "=" not in slot:
        return None
    name, value = slot.rsplit("=", 1)
    return name, value
