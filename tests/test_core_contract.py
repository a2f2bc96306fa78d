"""What the facade promises a Mem0 user, and what the engine asks of a policy: ids in
``filters``, the score scale and ``threshold``, one return shape, immutable history, and
a user policy the engine runs without knowing its name."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from conftest import DAY, MemoryFactory, redis_snapshot

from tiermem import ManualClock, Memory
from tiermem.config import TiermemConfig
from tiermem.consolidation import rules
from tiermem.consolidation.policies.base import Decision, Extraction, PolicyContext
from tiermem.errors import InvalidInputError
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector


def test_ids_inside_filters_scope_the_call(memory: Memory) -> None:
    memory.add("Dave keeps his bike in the shed", user_id="dave")
    memory.add("Erin keeps her bike in the hall", user_id="erin")
    hits = memory.search("where is the bike?", filters={"user_id": "dave"})["results"]
    assert hits and {h["user_id"] for h in hits} == {"dave"}
    listed = memory.get_all(filters={"user_id": "erin"})["results"]
    assert [m["memory"] for m in listed] == ["Erin keeps her bike in the hall"]
    both = memory.search("bike", user_id="dave", filters={"user_id": "dave"})["results"]
    assert {h["user_id"] for h in both} == {"dave"}


def test_ids_given_twice_must_agree(memory: Memory) -> None:
    with pytest.raises(InvalidInputError, match="user_id is given twice"):
        memory.search("bike", user_id="dave", filters={"user_id": "erin"})
    with pytest.raises(InvalidInputError, match="one of user_id, agent_id or run_id"):
        memory.search("bike", filters={"role": "user"})


def test_other_filters_still_apply_next_to_ids(memory: Memory) -> None:
    memory.add("I like tea", user_id="dave", metadata={"topic": "drinks"})
    memory.add("I like chess", user_id="dave", metadata={"topic": "games"})
    found = memory.get_all(filters={"user_id": "dave", "topic": "games"})["results"]
    assert [m["memory"] for m in found] == ["I like chess"]


def test_threshold_is_a_floor_on_cosine_similarity(memory: Memory) -> None:
    memory.add("My dentist is Dr Kim", user_id="dave")
    memory.add("The weather in Oslo was grey all week", user_id="dave")
    hits = memory.search("who is my dentist?", user_id="dave")["results"]
    assert all(-1.0 <= h["similarity"] <= 1.0 for h in hits)
    top = hits[0]
    assert top["memory"] == "My dentist is Dr Kim"
    floor = (top["similarity"] + hits[1]["similarity"]) / 2
    kept = memory.search("who is my dentist?", user_id="dave", threshold=floor)["results"]
    assert [h["memory"] for h in kept] == ["My dentist is Dr Kim"]
    assert kept[0]["similarity"] >= floor


def test_consolidate_returns_a_dict_and_names_the_passes(
    memory: Memory, clock: ManualClock
) -> None:
    memory.add("I live in Paris", user_id="dave")
    report = memory.consolidate(passes=("short_to_mid",))
    assert isinstance(report, dict) and report["actions"]["EXTRACT"] == 1
    with pytest.raises(InvalidInputError, match=r"valid passes are \['short_to_mid'"):
        memory.consolidate(passes=("nope",))
    with pytest.raises(InvalidInputError, match="list of pass names"):
        memory.consolidate(passes="decay")  # type: ignore[arg-type]


def test_a_superseded_version_cannot_be_edited(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(promote_min_age_s=0)
    old = memory.add("I live in Paris", user_id="dave")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    memory.add("I moved to Berlin", user_id="dave")
    clock.advance(DAY)
    memory.consolidate()
    assert memory.get(old)["superseded_by"]  # type: ignore[index]
    before = redis_snapshot(memory)
    with pytest.raises(InvalidInputError, match="superseded version"):
        memory.update(old, "I live in Rome")
    assert redis_snapshot(memory) == before
    assert memory.get(old)["memory"] == "I live in Paris"  # type: ignore[index]


def test_update_keeps_the_id_on_the_new_text(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(promote_min_age_s=0)
    kept = memory.add("My dentist is Dr Alves on Main Street", user_id="dave")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    memory.update(kept, "My dentist is Dr Kim on Main Street")
    assert memory.get(kept)["memory"] == "My dentist is Dr Kim on Main Street"  # type: ignore[index]
    version = memory.history(kept)[-1]["details"]["previous_version"]
    replaced = memory.get(version)
    assert replaced is not None and replaced["memory"] == "My dentist is Dr Alves on Main Street"
    assert replaced["superseded_by"] == kept


def test_delete_all_unlists_the_emptied_tenant(memory: Memory) -> None:
    memory.add("I live in Paris", user_id="dave")
    memory.add("I live in Oslo", user_id="erin")
    memory.delete_all(user_id="dave")
    assert list(memory.stats()["tenants"]) == ["u=erin"]
    memory.add("I came back", user_id="dave")
    assert sorted(memory.stats()["tenants"]) == ["u=dave", "u=erin"]


class EveryOtherPolicy:
    """A user's policy: extracts in chunks of two and keeps each observation verbatim.
    ``chunks`` records what the engine handed it."""

    name = "every-other"
    uses_llm = False
    chunk_size = 2
    decays = False
    merges = False
    chunks: ClassVar[list[int]] = []

    def __init__(self, config: TiermemConfig) -> None:
        self.config = config

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return observations

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        EveryOtherPolicy.chunks.append(len(observations))
        return [rules.verbatim(o) for o in observations]

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return True

    def candidates(
        self, fact: MemoryItem, vector: Vector, shard: LongShard
    ) -> list[tuple[MemoryItem, float]]:
        return rules.nearest(fact, vector, shard, 3)

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return Decision(action="ADD", reason="every-other")


def test_the_engine_runs_a_user_policy_by_what_it_declares(make_memory: MemoryFactory) -> None:
    EveryOtherPolicy.chunks.clear()
    memory = make_memory(policy=f"{__name__}.EveryOtherPolicy", llm="embedded")
    memory.add([{"role": "user", "content": f"fact number {n}"} for n in range(5)], user_id="d")
    report: dict[str, Any] = memory.consolidate()
    assert EveryOtherPolicy.chunks == [2, 2, 1]
    assert report["actions"]["PROMOTE"] == 5
    assert memory.engine.llm is None  # an LLM is configured, but uses_llm = False
    history = memory.history(memory.get_all(user_id="d")["results"][0]["id"])
    assert history[-1]["actor"] == "policy:every-other"


class OldStylePolicy:
    """A policy written before the engine asked for candidates and declarations."""

    def __init__(self, config: TiermemConfig) -> None:
        self.config = config

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return observations

    def extract(self, observations: list[MemoryItem], ctx: Any, now: float) -> list[Extraction]:
        return []

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return True

    def reconcile(self, fact: MemoryItem, neighbours: Any, ctx: Any) -> Decision:
        return Decision(action="ADD")


def test_a_policy_missing_what_the_engine_needs_is_refused_at_open(
    make_memory: MemoryFactory,
) -> None:
    with pytest.raises(InvalidInputError, match="the class has no candidates"):
        make_memory(policy=f"{__name__}.OldStylePolicy")
    OldStylePolicy.candidates = EveryOtherPolicy.candidates  # type: ignore[attr-defined]
    try:
        with pytest.raises(InvalidInputError, match="does not declare name, uses_llm"):
            make_memory(policy=f"{__name__}.OldStylePolicy")
    finally:
        del OldStylePolicy.candidates  # type: ignore[attr-defined]


def test_explain_gives_the_score_parts(memory: Memory, clock: ManualClock) -> None:
    memory.add("My dentist is Dr Alves", user_id="dave")
    clock.advance(DAY)
    memory.consolidate()  # the dentist is now a known attribute of dave's
    memory.add("My dentist is Dr Kim now", user_id="dave")
    memory.add("The weather in Oslo was grey all week", user_id="dave")
    plain = memory.search("weather in Oslo", user_id="dave")["results"]
    assert "explain" not in plain[0]
    hits = memory.search("weather in Oslo", user_id="dave", explain=True)["results"]
    parts = hits[0]["explain"]
    made = parts["relevance"] * parts["tier_prior"] * parts["recency"] * parts["reinforcement"]
    assert made * parts["superseded"] == pytest.approx(hits[0]["score"], abs=1e-5)
    assert parts["similarity"] == pytest.approx(hits[0]["similarity"], abs=1e-5)
    lifted = memory.search("Who is my dentist now?", user_id="dave", explain=True)["results"]
    assert lifted[0]["memory"] == "My dentist is Dr Kim now"
    assert "asked attribute" in lifted[0]["explain"]["lead"]
    with pytest.raises(InvalidInputError, match="explain must be true or false"):
        memory.search("x", user_id="dave", explain="yes")  # type: ignore[arg-type]
