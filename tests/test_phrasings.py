"""Slot phrasings learned per tenant: reading "Sweaty hour at Iron Temple" as a gym change
because this user said "Sweaty hour at FitHub" while the rules knew FitHub was their gym."""

from __future__ import annotations

from typing import Any

from conftest import DAY, MemoryFactory

from tiermem import ManualClock
from tiermem.attributes.phrasings import MAX_VALUES_PER_SLOT, Phrasings
from tiermem.attributes.slots import SlotValue
from tiermem.models.embedder import Embedder
from tiermem.tiers import keys


def read(p: Phrasings, text: str) -> tuple[str, str] | None:
    found = p.read(text)
    return (found.slot, found.value) if found else None


def test_a_habitual_phrasing_with_a_new_filler_reads_as_the_slot_changing() -> None:
    p = Phrasings()
    assert read(p, "I signed up at FitHub.") == ("gym", "fithub")  # a rule
    assert read(p, "Sweaty hour at FitHub this morning, ouch.") is None  # known value: teaches
    assert read(p, "Sweaty hour at Iron Temple this morning, ouch.") == ("gym", "iron temple")
    # naming an earlier value again is not a move back
    assert read(p, "Sweaty hour at FitHub this morning, ouch.") is None


def test_nothing_is_learned_before_a_rule_has_read_a_value() -> None:
    p = Phrasings()
    assert read(p, "Sweaty hour at FitHub this morning, ouch.") is None
    assert read(p, "Sweaty hour at Iron Temple this morning, ouch.") is None
    assert p.contexts == {}


def test_negated_and_second_hand_sentences_neither_teach_nor_read() -> None:
    p = Phrasings()
    read(p, "I moved to Lisbon.")
    assert read(p, "I miss the streets of Lisbon at night.") is None
    assert read(p, "Lost in the streets of Porto at night.") is None  # nothing was taught
    read(p, "Walking the streets of Lisbon at night again.")
    assert read(p, "My sister loves the streets of Madrid at night.") is None
    assert read(p, "I don't like the streets of Madrid at night.") is None
    assert read(p, "Walking the streets of Porto at night again.") == ("home", "porto")


def test_function_words_and_bare_sentence_shapes_are_not_values() -> None:
    p = Phrasings()
    read(p, "I bought a Honda Civic.")
    read(p, "Traded up for a Honda Civic.")  # context "for a | . $": one real word only
    assert read(p, "We went for a long walk.") is None
    read(p, "Washed the Honda Civic today, it looks brand new.")
    assert read(p, "Washed the dog today, it looks brand new.") is None  # "the dog": "the"?
    assert read(p, "Washed the Kia Niro today, it looks brand new.") == ("car", "kia niro")


def test_each_speaker_has_their_own_phrasings() -> None:
    p = Phrasings()
    read(p, "Caroline: I moved to Paris.")
    read(p, "Caroline: Cycling around Paris all weekend, bliss.")
    assert read(p, "Melanie: Cycling around Rome all weekend, bliss.") is None
    assert read(p, "Caroline: Cycling around Rome all weekend, bliss.") == (
        "Caroline:home",
        "rome",
    )


def test_state_stays_bounded() -> None:
    p = Phrasings()
    for n in range(3 * MAX_VALUES_PER_SLOT):
        read(p, f"I moved to Town{n}.")
    assert len(p.values["home"]) == MAX_VALUES_PER_SLOT
    assert p.values["home"][-1] == f"town{3 * MAX_VALUES_PER_SLOT - 1}"
    # what is stored round-trips (the parse cache and the embedder are not stored)
    assert Phrasings.model_validate_json(p.model_dump_json()).model_dump() == p.model_dump()
    assert len(p.vocabulary.attributes["home"].values) <= MAX_VALUES_PER_SLOT


def test_consolidation_learns_per_tenant_and_search_follows_the_change(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(promote_min_age_s=DAY)
    for user in ("alice", "bob"):
        memory.add("I signed up at FitHub.", user_id=user)
    clock.advance(DAY)
    memory.add("Sweaty hour at FitHub this morning, ouch.", user_id="alice")
    clock.advance(DAY)
    memory.consolidate()  # the phrasing is learned in one run ...
    stored = memory.client.get(keys.phrasings("u=alice"))
    assert stored is not None and b"fithub" in stored
    clock.advance(30 * DAY)
    for user in ("alice", "bob"):
        memory.add("Sweaty hour at Iron Temple this morning, ouch.", user_id=user)
    clock.advance(DAY)
    memory.consolidate()  # ... and read in a later one, from Redis
    top = memory.search("Which gym does the user go to now?", user_id="alice")["results"][0]
    assert "Iron Temple" in top["memory"]
    signed_up = [
        m
        for m in memory.get_all(user_id="alice", include_superseded=True)["results"]
        if m["memory"] == "I signed up at FitHub."
    ]
    assert signed_up and signed_up[0]["superseded_by"]
    # bob never said "Sweaty hour at FitHub": alice's habit does not read his message
    bob = memory.get_all(user_id="bob")["results"]
    assert all(not m.get("superseded_by") for m in bob)
    assert next(m for m in bob if "Iron Temple" in m["memory"]).get("slot") is None
    memory.delete_all(user_id="alice")
    assert not memory.client.exists(keys.phrasings("u=alice"))
    assert memory.client.exists(keys.phrasings("u=bob"))


def test_a_policy_that_reads_no_slots_stores_no_phrasings(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(policy="none", promote_min_age_s=0)
    memory.add("I signed up at FitHub.", user_id="alice")
    clock.advance(60)
    assert memory.consolidate()["observations_in"] == 1
    assert not memory.client.exists(keys.phrasings("u=alice"))


def test_the_int8_embedder_leaves_the_words_to_linking(embedder: Embedder) -> None:
    """Embedding every statement's value and topic words at once pays only where a batch
    is cheaper than its texts one by one; the int8 model runs one text at a time, and
    linking compares about two words in five. Reading gives the same values either way."""
    assert embedder.quantized and not embedder.batches
    assert Embedder(quantized=False, backend="onnx").batches
    texts = [
        "My dentist is Dr Alves.",
        "I bank with Monzo these days.",
        "My dentist is Dr Kim now.",
        "I bank with Starling now.",
    ]
    read: dict[bool, list[SlotValue | None]] = {}
    for batch_words in (True, False):
        calls: list[int] = []

        def counted(batch: list[str], calls: list[int] = calls) -> Any:
            calls.append(len(batch))
            return embedder.embed(batch)

        phrasings = Phrasings()
        phrasings.prepare(texts, counted, batch_words=batch_words)
        assert (len(calls) == 1) is batch_words  # one call up front, or none
        read[batch_words] = [phrasings.read(t) for t in texts]
    assert read[True] == read[False]
    assert any(r is not None and r.value == "dr kim" for r in read[False])
