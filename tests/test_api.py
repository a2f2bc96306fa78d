"""Every public call of Memory, against a real Redis, the real embedder and hnswlib."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DAY, MemoryFactory

from tiermem import ManualClock, Memory, MemoryNotFoundError


def test_add_returns_mem0_shape_and_writes_short_tier_only(memory: Memory) -> None:
    result = memory.add("I live in Paris", user_id="alice", metadata={"source": "chat"})
    [entry] = result["results"]
    assert set(entry) == {"id", "memory", "event", "tier"}
    assert entry["event"] == "ADD" and entry["tier"] == "short"
    assert entry["memory"] == "I live in Paris"
    stored = memory.get(entry["id"])
    assert stored is not None
    assert stored["tier"] == "short"
    assert stored["metadata"] == {"source": "chat"}
    assert stored["user_id"] == "alice"
    assert memory.stats()["tenants"]["u=alice"] == {
        "short": 1,
        "mid": 0,
        "long": 0,
        "dead_letters": 0,
    }


def test_add_messages_stores_each_with_role(memory: Memory) -> None:
    result = memory.add(
        [
            {"role": "user", "content": "I adopted a cat named Miso"},
            {"role": "assistant", "content": "Miso is a lovely name!"},
        ],
        user_id="alice",
        agent_id="helper",
    )
    ids = [r["id"] for r in result["results"]]
    assert len(ids) == 2
    roles = [memory.get(i)["role"] for i in ids]  # type: ignore[index]
    assert roles == ["user", "assistant"]
    assert memory.get(ids[0])["agent_id"] == "helper"  # type: ignore[index]


def test_timestamp_replays_history(memory: Memory) -> None:
    result = memory.add("It snowed", user_id="alice", timestamp="2023-05-08T13:56:00+00:00")
    item = memory.get(result["results"][0]["id"])
    assert item is not None and item["created_at"].startswith("2023-05-08T13:56")


def test_search_returns_ranked_hits_with_fields(memory: Memory) -> None:
    memory.add("I live in Paris", user_id="alice")
    memory.add("My favourite food is ramen", user_id="alice")
    memory.add("The weather was nice", user_id="alice")
    hits = memory.search("What food does she like?", user_id="alice", limit=2)["results"]
    assert len(hits) == 2
    assert hits[0]["memory"] == "My favourite food is ramen"
    assert hits[0]["score"] >= hits[1]["score"]
    for key in (
        "id",
        "memory",
        "score",
        "tier",
        "created_at",
        "updated_at",
        "metadata",
        "user_id",
        "agent_id",
        "run_id",
    ):
        assert key in hits[0]


def test_search_threshold_and_tiers(memory: Memory) -> None:
    memory.add("I live in Paris", user_id="alice")
    assert memory.search("Paris", user_id="alice", threshold=10.0)["results"] == []
    assert memory.search("Paris", user_id="alice", tiers=["long"])["results"] == []
    assert len(memory.search("Paris", user_id="alice", tiers=["short"])["results"]) == 1


def test_search_filters_mem0_operators(memory: Memory) -> None:
    memory.add("Meeting notes one", user_id="alice", metadata={"kind": "work", "prio": 1})
    memory.add("Meeting notes two", user_id="alice", metadata={"kind": "work", "prio": 5})
    memory.add("Meeting notes three", user_id="alice", metadata={"kind": "home", "prio": 9})

    def found(filters: dict[str, object]) -> set[str]:
        hits = memory.search("meeting notes", user_id="alice", filters=filters)["results"]
        return {h["memory"].split()[-1] for h in hits}

    assert found({"kind": "work"}) == {"one", "two"}
    assert found({"prio": {"gte": 5}}) == {"two", "three"}
    assert found({"kind": {"in": ["home"]}}) == {"three"}
    assert found({"kind": {"ne": "work"}}) == {"three"}
    assert found({"OR": [{"prio": {"lt": 2}}, {"prio": {"gt": 8}}]}) == {"one", "three"}
    assert found({"AND": [{"kind": "work"}, {"NOT": {"prio": 1}}]}) == {"two"}
    assert found({"kind": {"nin": ["work", "home"]}}) == set()


def test_search_narrows_by_agent_and_run_inside_a_user(memory: Memory) -> None:
    memory.add("Prefers window seats", user_id="alice", agent_id="travel")
    memory.add("Prefers aisle seats", user_id="alice", agent_id="other")
    hits = memory.search("seat preference", user_id="alice", agent_id="travel")["results"]
    assert [h["memory"] for h in hits] == ["Prefers window seats"]


def test_get_all_by_tier_and_limit(memory: Memory, clock: ManualClock) -> None:
    for n in range(5):
        memory.add(f"Fact number {n} about gardening tomatoes", user_id="alice")
        clock.advance(1)
    everything = memory.get_all(user_id="alice")["results"]
    assert len(everything) == 5
    assert everything[0]["memory"].startswith("Fact number 4")  # newest first
    assert len(memory.get_all(user_id="alice", limit=2)["results"]) == 2
    assert memory.get_all(user_id="alice", tier="long")["results"] == []


def test_update_short_keeps_id_and_records_history(memory: Memory) -> None:
    mid_ = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    before = memory.search("where do I live?", user_id="alice")["results"]
    assert before[0]["memory"] == "I live in Paris"  # its parsed payload is remembered now
    memory.update(mid_, "I live in Lyon")
    item = memory.get(mid_)
    assert item is not None and item["memory"] == "I live in Lyon"
    hits = memory.search("Lyon", user_id="alice")["results"]
    assert hits[0]["id"] == mid_ and hits[0]["memory"] == "I live in Lyon"
    again = memory.search("where do I live?", user_id="alice")["results"]
    assert [h["memory"] for h in again] == ["I live in Lyon"]
    events = memory.history(mid_)
    assert [e["event"] for e in events] == ["ADD", "UPDATE"]
    assert events[1]["old_memory"] == "I live in Paris"
    assert events[1]["new_memory"] == "I live in Lyon"


def test_a_deleted_memory_leaves_the_search_parse_caches(memory: Memory) -> None:
    """Searches keep parsed payloads by their bytes; a delete empties that cache, so the
    deleted text is not kept in the process either."""
    from tiermem.tiers.redis_tier import parsed_payload

    kept = memory.add("I keep a kayak in Brest", user_id="alice")["results"][0]["id"]
    assert memory.search("where is my kayak?", user_id="alice")["results"][0]["id"] == kept
    assert parsed_payload.cache_info().currsize > 0
    memory.delete(kept)
    assert parsed_payload.cache_info().currsize == 0
    assert memory.search("where is my kayak?", user_id="alice")["results"] == []


def test_update_long_supersedes_old_value(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    mid_ = memory.add("My favourite colour is green", user_id="alice")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    assert memory.get(mid_)["tier"] == "long"  # type: ignore[index]
    clock.advance(DAY)
    memory.update(mid_, "My favourite colour is purple")
    hits = memory.search("favourite colour", user_id="alice")["results"]
    assert hits[0]["memory"] == "My favourite colour is purple"
    assert all("green" not in h["memory"] for h in hits)  # superseded: left out
    with_old = memory.search("favourite colour", user_id="alice", include_superseded=True)
    texts = [h["memory"] for h in with_old["results"]]
    assert texts.index("My favourite colour is purple") < texts.index(
        "My favourite colour is green"
    )
    update = memory.history(mid_)[-1]
    assert update["event"] == "UPDATE" and update["old_memory"] == "My favourite colour is green"
    version = memory.get(update["details"]["previous_version"])
    assert version is not None and version["superseded_by"] == mid_


def test_delete_and_history(memory: Memory) -> None:
    mid_ = memory.add("Temporary note", user_id="alice")["results"][0]["id"]
    memory.delete(mid_)
    assert memory.get(mid_) is None
    assert memory.search("Temporary note", user_id="alice")["results"] == []
    assert [e["event"] for e in memory.history(mid_)] == ["ADD", "DELETE"]
    with pytest.raises(MemoryNotFoundError):
        memory.delete(mid_)
    with pytest.raises(MemoryNotFoundError):
        memory.update(mid_, "again")


def test_get_unknown_and_history_unknown(memory: Memory) -> None:
    """As in Mem0, get of an unknown id is None; history, like update and delete, says
    the id is unknown instead of answering an empty list that looks like "no events"."""
    assert memory.get("0" * 32) is None
    with pytest.raises(MemoryNotFoundError):
        memory.history("0" * 32)


def test_delete_all_scope(memory: Memory) -> None:
    memory.add("Alice fact one", user_id="alice")
    memory.add("Alice fact two", user_id="alice", agent_id="bot")
    result = memory.delete_all(user_id="alice", agent_id="bot")
    assert result["deleted"] == 1
    assert [m["memory"] for m in memory.get_all(user_id="alice")["results"]] == ["Alice fact one"]


def test_reset_wipes_everything(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    memory.add("I live in Paris", user_id="alice")
    memory.add("I live in Oslo", user_id="bob")
    clock.advance(DAY)
    memory.consolidate()
    memory.add("Another one", user_id="alice")
    memory.reset()
    assert memory.get_all(user_id="alice")["results"] == []
    assert memory.get_all(user_id="bob")["results"] == []
    assert memory.stats()["tenants"] == {}
    memory.add("Fresh start", user_id="alice")  # still usable after reset
    assert len(memory.get_all(user_id="alice")["results"]) == 1


def test_context_manager_and_closed_memory(make_memory: MemoryFactory, tmp_path: Path) -> None:
    with Memory({"data_dir": str(tmp_path / "cm"), "llm": "none"}) as memory:
        memory.add("hello there friend", user_id="alice")
    with pytest.raises(ValueError, match="closed"):
        memory.add("after close", user_id="alice")


def test_from_config(tmp_path: Path) -> None:
    memory = Memory.from_config(
        {"data_dir": str(tmp_path / "fc"), "llm": "none", "recency_half_life_days": 7}
    )
    try:
        assert memory.config.recency_half_life_days == 7
    finally:
        memory.close()


def test_recency_breaks_ties(memory: Memory, clock: ManualClock) -> None:
    old = memory.add("I went running this morning", user_id="alice")["results"][0]["id"]
    clock.advance(120 * DAY)
    new = memory.add("I went running this morning", user_id="alice", agent_id="x")
    new_id = new["results"][0]["id"]
    hits = memory.search("running", user_id="alice")["results"]
    assert [h["id"] for h in hits] == [new_id]  # same text appears once: the fresher one
    # Both are stored: the search chose between them, nothing was dropped at add time.
    stored = memory.get_all(user_id="alice")["results"]
    assert sorted(m["id"] for m in stored) == sorted([old, new_id])


def test_update_restates_the_slot(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    fact = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    memory.update(fact, "I live in Rome")
    clock.advance(DAY)
    memory.add("We finally settled in Rome.", user_id="alice")
    clock.advance(DAY)
    memory.consolidate()
    current = memory.get_all(user_id="alice", tier="long")["results"]
    assert [m["id"] for m in current] == [fact]  # the new mention merged into the edited fact
    assert memory.get(fact)["reinforcement"] == 2  # type: ignore[index]
