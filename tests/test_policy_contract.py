"""What the engine enforces whatever a policy says (docs/policies.md), with real parts.

Each broken policy below is the heuristic policy with one method gone wrong; the tests
check that the damage stays with the broken call: output that breaks the contract is
dead-lettered and retried like a failed LLM call, then decided by the rules; an exception
stops only that tenant's run; nothing is half-written.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DAY, MemoryFactory

from tiermem import ManualClock, Memory
from tiermem.config import TiermemConfig
from tiermem.consolidation.engine import Engine
from tiermem.consolidation.policies.base import (
    Decision,
    ExtractedFact,
    Extraction,
    PolicyContext,
)
from tiermem.consolidation.policies.heuristic import HeuristicPolicy
from tiermem.errors import LLMError
from tiermem.types import MemoryItem


def _with_policy(memory: Memory, clock: ManualClock, policy: Any) -> Memory:
    memory._engine = Engine(memory.stores, clock=clock, policy=policy)
    return memory


class RaisesForAlice(HeuristicPolicy):
    name = "raises-for-alice"

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        if any(o.user_id == "alice" for o in observations):
            raise KeyError("a bug in the policy")
        return super().extract(observations, ctx, now)


class ConsumesNothing(HeuristicPolicy):
    name = "consumes-nothing"

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        return []


class CitesStrangers(HeuristicPolicy):
    name = "cites-strangers"

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        fact = ExtractedFact(text="made up", sources=["not-an-observation"], observed_at=now)
        return [Extraction(observations=[o.id for o in observations], facts=[fact])]


class TouchesStrangers(HeuristicPolicy):
    name = "touches-strangers"

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return Decision(action="UPDATE", target="a-fact-it-was-not-shown")


class AddsWithATarget(HeuristicPolicy):
    name = "adds-with-a-target"

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return Decision(action="ADD", target=neighbours[0][0].id if neighbours else "x")


def test_a_policy_that_raises_stops_only_that_tenant(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = _with_policy(make_memory(), clock, RaisesForAlice(TiermemConfig.of({})))
    memory.add("I live in Paris", user_id="alice")
    memory.add("I live in Rome", user_id="bob")
    clock.advance(1)
    report = memory.consolidate()
    assert "u=alice" in report["failed_tenants"]
    assert "raises-for-alice" in report["failed_tenants"]["u=alice"]
    assert "extract raised KeyError" in report["failed_tenants"]["u=alice"]
    tenants = memory.stats()["tenants"]
    assert tenants["u=alice"]["short"] == 1 and tenants["u=alice"]["mid"] == 0  # untouched
    bob = tenants["u=bob"]
    assert bob["short"] == 0 and bob["mid"] + bob["long"] == 1  # went on


def test_consuming_nothing_leaves_the_observations_waiting(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = _with_policy(make_memory(), clock, ConsumesNothing(TiermemConfig.of({})))
    memory.add("I live in Paris", user_id="alice")
    clock.advance(1)
    report = memory.consolidate()
    assert report["failed_tenants"] == {} and report["observations_in"] == 0
    assert memory.stats()["tenants"]["u=alice"]["short"] == 1


def test_facts_citing_unknown_observations_are_dead_lettered_then_kept_verbatim(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = _with_policy(make_memory(), clock, CitesStrangers(TiermemConfig.of({})))
    added = memory.add("My dentist is Dr Alves", user_id="alice")["results"][0]["id"]
    for attempt in range(1, 3):
        clock.advance(1)
        report = memory.consolidate()
        assert report["actions"].get("DEAD_LETTER") == 1, attempt
        assert memory.stats()["tenants"]["u=alice"]["short"] == 1
    clock.advance(1)
    memory.consolidate()  # third failure: the observation is kept in its own words
    facts = memory.get_all(user_id="alice")["results"]
    assert [f["memory"] for f in facts] == ["My dentist is Dr Alves"]
    assert "made up" not in str(facts) and facts[0]["id"] == added


def test_a_decision_about_a_fact_it_was_not_shown_is_dead_lettered(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(promote_min_age_s=DAY)
    memory.add("I live in Paris", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()  # Paris is in long now, by the heuristic policy
    _with_policy(memory, clock, TouchesStrangers(TiermemConfig.of({"promote_min_age_s": DAY})))
    memory.add("I moved to Berlin", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(2 * DAY)
    report = memory.consolidate()
    assert report["actions"].get("DEAD_LETTER") == 1 and not report["failed_tenants"]
    assert memory.stats()["tenants"]["u=alice"]["mid"] == 1  # Berlin waits in mid
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(2 * DAY)
    memory.consolidate()  # third failure: the rules decide, and they supersede Paris
    current = [f["memory"] for f in memory.get_all(user_id="alice")["results"]]
    assert current == ["I moved to Berlin"]


def test_an_add_never_claims_to_supersede(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=DAY)
    memory.add("I live in Paris", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    config = TiermemConfig.of({"promote_min_age_s": DAY})
    _with_policy(memory, clock, AddsWithATarget(config))
    berlin = memory.add("I moved to Berlin", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(2 * DAY)
    memory.consolidate()
    promoted = [e for e in memory.history(berlin) if e["event"] == "PROMOTE"]
    assert promoted and all(not e.get("supersedes") for e in promoted)
    assert len(memory.get_all(user_id="alice")["results"]) == 2  # nothing was superseded


def test_complete_json_needs_a_granted_take_call() -> None:
    ctx = PolicyContext(TiermemConfig.of({}), llm=None, budget=[5])
    assert not ctx.take_call()  # no model: never granted
    with pytest.raises(LLMError, match="take_call"):
        ctx.complete_json([{"role": "user", "content": "hi"}], {"type": "object"})
