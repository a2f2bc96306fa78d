"""The consolidation run log the inspector reads: one entry per tenant run, with that
tenant's share of the actions and its tier counts after the run."""

from __future__ import annotations

from conftest import DAY, MemoryFactory

from tiermem import ManualClock
from tiermem.consolidation import run_log


def test_each_tenant_run_is_logged_with_its_counts(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    memory.add("I live in Paris", user_id="alice")
    memory.add("I keep two cats", user_id="alice")
    memory.add("I play chess on Sundays", user_id="bob")
    memory.consolidate()
    clock.advance(2 * DAY)
    memory.add("I moved to Berlin", user_id="alice")
    memory.consolidate(user_id="alice")

    alice = run_log.read(memory.client, "u=alice")
    assert [e.at for e in alice] == sorted(e.at for e in alice) and len(alice) == 2
    first, second = alice
    assert first.observations_in == 2 and first.actions.get("EXTRACT") == 2
    assert second.observations_in == 1 and second.actions.get("SUPERSEDE") == 1
    counts = memory.stats()["tenants"]["u=alice"]
    assert second.counts.model_dump() == {k: counts[k] for k in ("short", "mid", "long")}
    bob = run_log.read(memory.client, "u=bob")
    assert len(bob) == 1 and bob[0].observations_in == 1  # bob's run holds only bob's work

    memory.delete_all(user_id="alice")
    assert run_log.read(memory.client, "u=alice") == []
    assert len(run_log.read(memory.client, "u=bob")) == 1
