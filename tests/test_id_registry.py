"""The id registry's two maps (global directory, per-tenant states), on the embedded Redis:
a claim whose MULTI never ran reads as unknown, and a store written with the single
``tm:dir`` hash of earlier versions is moved to the new layout when it is opened."""

from __future__ import annotations

from typing import Any

from conftest import MemoryFactory

from tiermem.tiers import keys


def test_a_claim_without_its_write_reads_as_unknown(make_memory: MemoryFactory) -> None:
    memory = make_memory()
    memory.stores.registry.claim("u=alice", ["0" * 32])
    assert memory.stores.registry.lookup("0" * 32) is None
    assert memory.get("0" * 32) is None
    kept = memory.add("I live in Lyon", user_id="alice")["results"][0]["id"]
    assert memory.stores.registry.lookup(kept) == ("u=alice", "short")


def test_a_store_with_the_old_single_registry_is_migrated_on_open(
    make_memory: MemoryFactory,
) -> None:
    memory = make_memory()
    lives = memory.add("I live in Lyon", user_id="alice")["results"][0]["id"]
    gone = memory.add("I keep bees", user_id="alice")["results"][0]["id"]
    bobs = memory.add("My car is a Fiat", user_id="bob")["results"][0]["id"]
    memory.consolidate()
    memory.delete(gone)
    client = memory.stores.client
    expected = {i: memory.stores.registry.lookup(i) for i in (lives, gone, bobs)}
    assert expected[gone] == ("u=alice", "deleted") and expected[lives] == ("u=alice", "long")

    # Rewrite the store as the earlier versions left it: one hash id -> "tenant|state".
    legacy: dict[Any, Any] = {}
    for tenant in ("u=alice", "u=bob"):
        for memory_id, state in memory.stores.registry.states(tenant).items():
            legacy[memory_id] = f"{tenant}|{state}"
        client.delete(keys.id_states(tenant))
    client.delete(*keys.directory_buckets())
    client.hset(keys.LEGACY_ID_REGISTRY, mapping=legacy)
    memory.close()

    reopened = make_memory()
    assert not reopened.stores.client.exists(keys.LEGACY_ID_REGISTRY)
    assert {i: reopened.stores.registry.lookup(i) for i in expected} == expected
    assert (reopened.get(lives) or {}).get("memory") == "I live in Lyon"
    assert reopened.get(gone) is None
    assert reopened.history(gone)[-1]["event"] == "DELETE"
    reopened.update(bobs, "My car is a Panda")
    assert (reopened.get(bobs) or {}).get("memory") == "My car is a Panda"
