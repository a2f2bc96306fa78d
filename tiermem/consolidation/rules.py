"""Rule-only decisions any policy (and the engine's fallbacks) may use.

They live apart from the policies because the engine needs them too: an observation the
LLM failed on too often is kept ``verbatim``, a fact whose reconciliation failed is
decided by ``reconcile_by_rules``, and every built-in policy gathers its reconciliation
``slot_candidates`` the same way. None of them calls an LLM.
"""

from __future__ import annotations

from collections.abc import Callable

from tiermem import lexical
from tiermem.attributes import cues, slots
from tiermem.attributes.phrasings import Phrasings
from tiermem.consolidation.policies.base import Decision, ExtractedFact, Extraction
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector

EXCHANGE_GAP_S = 3600.0


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


def slot_of(observation: MemoryItem, phrasings: Phrasings) -> str | None:
    """ "home=berlin" when the rules or the tenant's learned phrasings read a slot."""
    found = phrasings.read(observation.memory) if observation.infer else None
    return slots.encoded(found)


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
    new = slots.SlotValue.decode(slots.placed(fact.slot))  # an unplaced value replaces nothing
    if new is None and fact.infer:
        ended = ended_slot_fact(fact, neighbours)
        old = slots.SlotValue.decode(ended.slot) if ended is not None else None
        if ended is not None and old is not None:
            return Decision(
                action="UPDATE", target=ended.id, reason=f"{old.slot} no longer {old.value}"
            )
    if new is not None:
        for other, _ in neighbours:
            old = slots.SlotValue.decode(other.slot)
            if old is None or old.slot != new.slot:
                continue
            if (other.observed_at, other.added_ns) > (fact.observed_at, fact.added_ns):
                continue  # never let an older statement supersede a newer one
            if slots.same_value(old.value, new.value):
                return Decision(action="MERGE", target=other.id, reason="same slot value")
            if is_multi(new.slot):
                continue
            return Decision(action="UPDATE", target=other.id, reason=f"{new.slot} changed")
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
        old = slots.SlotValue.decode(other.slot)
        if old is None or other.observed_at > fact.observed_at:
            continue
        if slots.speaker_of(old.slot) == speaker and cues.ends(fact.memory, old.value):
            return other
    return None


def slot_candidates(
    fact: MemoryItem, vector: Vector, shard: LongShard, k: int
) -> list[tuple[MemoryItem, float]]:
    """What a fact is reconciled against: its ``k`` nearest long-term facts, plus every
    current fact of its slot (a new home must meet the old home however unlike their
    sentences are), plus the slotted facts an ending sentence may retire, plus an exact
    repeat. Best first."""
    found = {item.id: (item, sim) for item, sim in shard.knn(vector, k)}
    stated = slots.SlotValue.decode(fact.slot)
    if stated is not None:
        for item in shard.current_by_slot(stated.slot):
            if item.id not in found:
                stored = shard.get_vector(item.id)
                sim = float(stored @ vector) if stored is not None else 0.0
                found[item.id] = (item, sim)
    if stated is None and fact.infer and cues.may_end(fact.memory):
        for item in shard.current_slotted():
            held = slots.SlotValue.decode(item.slot)
            if item.id not in found and held and cues.ends(fact.memory, held.value):
                found[item.id] = (item, 0.0)  # retirable; see ended_slot_fact
    return _with_repeat(found, fact, shard)


def nearest(
    fact: MemoryItem, vector: Vector, shard: LongShard, k: int
) -> list[tuple[MemoryItem, float]]:
    """Candidates for a policy that reads no slots: the nearest facts and an exact repeat."""
    return _with_repeat({item.id: (item, sim) for item, sim in shard.knn(vector, k)}, fact, shard)


def _with_repeat(
    found: dict[str, tuple[MemoryItem, float]], fact: MemoryItem, shard: LongShard
) -> list[tuple[MemoryItem, float]]:
    """``found`` plus a long-term fact with exactly the same text, best first."""
    same = shard.find_by_hash(fact.hash)
    if same is not None and same.id not in found:
        found[same.id] = (same, 1.0)
    return sorted(found.values(), key=lambda p: p[1], reverse=True)
