"""Workers share the tenants evenly through the roster in Redis, and absorb the share of
a worker that left or stopped announcing itself."""

from __future__ import annotations

import time

from conftest import MemoryFactory

from tiermem.consolidation.roster import Roster, new_worker_id


def test_live_workers_split_the_tenants_evenly_and_completely(make_memory: MemoryFactory) -> None:
    client = make_memory().stores.client
    tenants = [f"u=user{n}" for n in range(203)]
    workers = [Roster(client, new_worker_id(), ttl_s=30) for _ in range(4)]
    for worker in workers:
        worker.heartbeat()
    shares = [worker.share(tenants) for worker in workers]
    assert sorted(t for share in shares for t in share) == sorted(tenants)  # each once
    assert sorted(len(s) for s in shares) == [50, 51, 51, 51]

    workers[1].leave()
    left = [w.share(tenants) for n, w in enumerate(workers) if n != 1]
    assert sorted(t for share in left for t in share) == sorted(tenants)
    assert all(67 <= len(s) <= 68 for s in left)


def test_a_worker_that_stops_announcing_itself_drops_out(make_memory: MemoryFactory) -> None:
    client = make_memory().stores.client
    tenants = [f"u=user{n}" for n in range(10)]
    quiet = Roster(client, new_worker_id(), ttl_s=0.5)
    busy = Roster(client, new_worker_id(), ttl_s=0.5)
    quiet.heartbeat()
    assert len(busy.share(tenants)) == 5
    time.sleep(0.7)
    assert len(busy.share(tenants)) == 10


def test_work_is_counted_per_worker(make_memory: MemoryFactory) -> None:
    memory = make_memory()
    worker = Roster(memory.stores.client, "host:1:abc", ttl_s=30)
    worker.record(7)
    worker.record(0)
    worker.record(5)
    assert memory.stores.client.hget("tm:workers:work", "host:1:abc") == b"12"


def test_a_run_that_began_alone_hands_tenants_to_workers_that_arrive(
    make_memory: MemoryFactory,
) -> None:
    client = make_memory().stores.client
    tenants = [f"u=user{n}" for n in range(10)]
    early = Roster(client, new_worker_id(), ttl_s=30)
    owns = early.taker(tenants, refresh_s=0.0)
    assert all(owns(t) for t in tenants)
    late = Roster(client, new_worker_id(), ttl_s=30)
    late.heartbeat()
    mine = [t for t in tenants if owns(t)]
    assert len(mine) == 5
    assert sorted(mine + late.share(tenants)) == sorted(tenants)
