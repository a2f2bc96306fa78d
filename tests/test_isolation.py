"""Tenants are isolated structurally: separate Redis keys and separate long-term shards."""

from __future__ import annotations

from conftest import DAY, MemoryFactory

from tiermem import ManualClock, Memory
from tiermem.tiers import keys


def test_two_users_never_see_each_other(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    a = memory.add("My secret code is 1234", user_id="alice")["results"][0]["id"]
    b = memory.add("My secret code is 9876", user_id="bob")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    memory.add("Alice's newer note about the code", user_id="alice")
    for user, own, other in (("alice", a, b), ("bob", b, a)):
        ids = {h["id"] for h in memory.search("secret code", user_id=user, limit=50)["results"]}
        assert own in ids and other not in ids
        all_ids = {m["id"] for m in memory.get_all(user_id=user)["results"]}
        assert own in all_ids and other not in all_ids


def test_keys_and_shards_are_per_tenant(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(promote_min_age_s=0)
    memory.add("I live in Paris", user_id="alice")
    memory.add("I live in Oslo", user_id="bob")
    clock.advance(DAY)
    memory.consolidate()
    alice_keys = {k.decode() for k in memory.client.scan_iter(match=keys.tenant_pattern("u=alice"))}
    bob_keys = {k.decode() for k in memory.client.scan_iter(match=keys.tenant_pattern("u=bob"))}
    assert alice_keys and bob_keys and not alice_keys & bob_keys
    long = memory.stores.long.shards
    assert long.path_for("u=alice") != long.path_for("u=bob")
    assert "alice" not in str(long.path_for("u=alice"))  # hashed: ids never become paths


def test_delete_all_of_one_user_leaves_the_other_whole(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory(promote_min_age_s=0)
    for n in range(3):
        memory.add(f"Alice fact {n} about sailing", user_id="alice")
        memory.add(f"Bob fact {n} about sailing", user_id="bob")
    clock.advance(DAY)
    memory.consolidate()
    memory.add("Alice short fact", user_id="alice")
    memory.add("Bob short fact", user_id="bob")
    bob_before = memory.get_all(user_id="bob")["results"]
    deleted = memory.delete_all(user_id="alice")["deleted"]
    assert deleted == 4
    assert memory.get_all(user_id="alice")["results"] == []
    assert memory.get_all(user_id="bob")["results"] == bob_before
    hits = memory.search("sailing", user_id="bob")["results"]
    assert [h["memory"].startswith("Bob fact") for h in hits] == [True, True, True, False]


def test_same_user_id_under_agent_scope_is_another_tenant(memory: Memory) -> None:
    memory.add("Agent-level note", agent_id="alice")
    memory.add("User-level note", user_id="alice")
    assert [m["memory"] for m in memory.get_all(agent_id="alice")["results"]] == [
        "Agent-level note"
    ]
    assert [m["memory"] for m in memory.get_all(user_id="alice")["results"]] == ["User-level note"]


def test_history_is_tenant_keyed(memory: Memory) -> None:
    a = memory.add("alice note", user_id="alice")["results"][0]["id"]
    events = memory.history(a)
    assert memory.client.exists(keys.history("u=alice", a))
    assert not memory.client.exists(keys.history("u=bob", a))
    assert events[0]["new_memory"] == "alice note"
