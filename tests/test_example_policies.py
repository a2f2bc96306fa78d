"""The example policies in examples/policies/, with real parts (Redis, MiniLM, hnswlib):
each changes what consolidation does in the way its docstring says, and loads by dotted
path like any user's policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import DAY, MemoryFactory

from examples.policies.accumulate import AccumulatePolicy
from examples.policies.repeated_only import RepeatedOnlyPolicy
from tiermem import ManualClock, Memory
from tiermem.config import TiermemConfig
from tiermem.consolidation.policies import load_policy, policy_class

REPEATED_ONLY = "examples.policies.repeated_only.RepeatedOnlyPolicy"
ACCUMULATE = "examples.policies.accumulate.AccumulatePolicy"


def tier_of(memory: Memory, memory_id: str) -> str | None:
    found = memory.get(memory_id)
    return None if found is None else str(found["tier"])


def said_once_and_twice(memory: Memory, clock: ManualClock) -> dict[str, str]:
    """A slotted statement and a chatty one said once, a liking said twice; then two
    days pass (twice ``promote_min_age_s``) and consolidation runs."""
    ids = {
        "home": memory.add("I live in Paris", user_id="alice")["results"][0]["id"],
        "film": memory.add("We watched a long documentary about octopuses", user_id="alice")[
            "results"
        ][0]["id"],
        "tea": memory.add("I really like green tea", user_id="alice")["results"][0]["id"],
    }
    clock.advance(DAY / 2)
    memory.add("I really like green tea", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    return ids


def test_repeated_only_promotes_only_what_was_repeated(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    memory = make_memory(tmp_path / "repeated", policy=REPEATED_ONLY, promote_min_age_s=DAY)
    ids = said_once_and_twice(memory, clock)
    [tea] = memory.get_all(user_id="alice", tier="long")["results"]
    assert tea["id"] == ids["tea"] and tea["reinforcement"] == 2
    assert tier_of(memory, ids["home"]) == "mid"  # an attribute, said once
    assert tier_of(memory, ids["film"]) == "mid"  # content, old enough, said once
    # Age never promotes: ten days on (forty times promote_min_age_s), still in mid.
    clock.advance(10 * DAY)
    report = memory.consolidate()
    assert "PROMOTE" not in report["actions"]
    assert tier_of(memory, ids["home"]) == "mid"
    assert tier_of(memory, ids["film"]) == "mid"
    # A recall strengthens a mid fact but is not a repetition: it does not promote.
    memory.search("where do I live", user_id="alice")
    assert memory.consolidate()["actions"].get("PROMOTE") is None
    assert tier_of(memory, ids["home"]) == "mid"
    # Said again (a later run, while the first is still in mid): now it is promoted.
    memory.add("I live in Paris", user_id="alice")
    clock.advance(60)
    memory.consolidate()
    assert tier_of(memory, ids["home"]) == "long"
    assert memory.get(ids["home"])["reinforcement"] == 2  # type: ignore[index]
    assert tier_of(memory, ids["film"]) == "mid"
    events = [e for e in memory.history(ids["home"]) if e["event"] == "PROMOTE"]
    assert events and events[-1]["actor"] == "policy:repeated-only"


def test_heuristic_promotes_the_same_facts_by_age_and_attribute(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    """The same conversation under the heuristic policy: everything reaches long."""
    memory = make_memory(tmp_path / "heuristic", policy="heuristic", promote_min_age_s=DAY)
    ids = said_once_and_twice(memory, clock)
    assert {name: tier_of(memory, i) for name, i in ids.items()} == {
        "home": "long",
        "film": "long",
        "tea": "long",
    }


def test_a_fact_said_once_decays_under_repeated_only(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    """The policy still decays: what was never repeated fades out of mid instead of
    being promoted by age."""
    memory = make_memory(
        tmp_path / "decay", policy=REPEATED_ONLY, promote_min_age_s=DAY, decay_base_stability_s=DAY
    )
    once = memory.add("We watched a long documentary about octopuses", user_id="alice")
    memory_id = once["results"][0]["id"]
    clock.advance(DAY / 2)
    memory.consolidate()
    assert tier_of(memory, memory_id) == "mid"
    clock.advance(5 * DAY)  # past forget_after (about 3 x the base stability)
    report = memory.consolidate()
    assert report["actions"].get("DECAY") == 1 and "PROMOTE" not in report["actions"]
    assert memory.get(memory_id) is None
    assert memory.history(memory_id)[-1]["event"] == "DECAY"


def paris_then_berlin(memory: Memory, clock: ManualClock) -> tuple[str, str, dict[str, Any]]:
    paris = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(30 * DAY)
    berlin = memory.add("I live in Berlin", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    report = memory.consolidate()
    return paris, berlin, report


def test_accumulate_keeps_both_homes_current(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    memory = make_memory(tmp_path / "accumulate", policy=ACCUMULATE, promote_min_age_s=DAY)
    paris, berlin, report = paris_then_berlin(memory, clock)
    assert "SUPERSEDE" not in report["actions"]
    facts = memory.get_all(user_id="alice", tier="long", include_superseded=True)["results"]
    assert sorted(f["memory"] for f in facts) == ["I live in Berlin", "I live in Paris"]
    for fact in facts:
        assert fact["superseded_by"] is None and fact["valid_to"] is None, fact
    current = {f["id"] for f in memory.get_all(user_id="alice", tier="long")["results"]}
    assert current == {paris, berlin}
    assert "SUPERSEDE" not in [e["event"] for e in memory.history(paris)]
    # An exact repeat is folded into the fact it repeats (NOOP), not added again.
    again = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    assert memory.consolidate()["actions"].get("NOOP") == 1
    kept = memory.get(paris)
    assert kept is not None and kept["tier"] == "long" and set(kept["sources"]) == {paris, again}
    texts = [f["memory"] for f in memory.get_all(user_id="alice", tier="long")["results"]]
    assert sorted(texts) == ["I live in Berlin", "I live in Paris"]


def test_heuristic_supersedes_paris_in_the_same_scenario(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    memory = make_memory(tmp_path / "heuristic", policy="heuristic", promote_min_age_s=DAY)
    paris, berlin, report = paris_then_berlin(memory, clock)
    assert report["actions"].get("SUPERSEDE") == 1
    old = memory.get(paris)
    assert old is not None and old["superseded_by"] == berlin and old["valid_to"] is not None
    current = [f["id"] for f in memory.get_all(user_id="alice", tier="long")["results"]]
    assert current == [berlin]


def test_loaded_by_dotted_path(make_memory: MemoryFactory, tmp_path: Path) -> None:
    config = TiermemConfig(data_dir=tmp_path / "unused", llm="none")
    assert policy_class(ACCUMULATE) is AccumulatePolicy
    assert policy_class("examples.policies.repeated_only:RepeatedOnlyPolicy") is (
        RepeatedOnlyPolicy
    )
    loaded = load_policy(REPEATED_ONLY, config)
    assert isinstance(loaded, RepeatedOnlyPolicy) and loaded.name == "repeated-only"
    assert loaded.decays and loaded.merges and not loaded.uses_llm
    memory = make_memory(tmp_path / "loaded", policy=ACCUMULATE)
    assert isinstance(memory.engine.policy.inner, AccumulatePolicy)
    assert memory.engine.policy.name == "accumulate"
