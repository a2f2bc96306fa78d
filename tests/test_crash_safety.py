"""Kill consolidation workers at random instants, run two at once: nothing lost, nothing
doubled. Workers are forked children (they inherit the loaded embedder and parser, so a
kill costs milliseconds, not a model load) talking to the same real Redis and shard files."""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

from conftest import DAY, MemoryFactory
from test_consolidation import accounted_for, no_fact_in_two_tiers

from tiermem import ManualClock, Memory
from tiermem.tiers import keys

USERS = ("alice", "bob")
CITIES = ["Paris", "Berlin", "Lisbon", "Oslo", "Rome", "Vienna", "Madrid", "Prague"]


def worker_config(memory: Memory, data_dir: Path) -> dict[str, Any]:
    url = memory._server.url if memory._server else memory.config.redis_url
    return {
        "data_dir": str(data_dir),
        "redis_url": url,
        "llm": "none",
        "policy": "heuristic",
        "promote_min_age_s": 0,
        "lease_ttl_s": 0.5,
        "extract_batch_size": 8,
    }


def fork_worker(config: dict[str, Any], now: float, loops: int = 1_000) -> int:
    pid = os.fork()
    if pid == 0:  # child: consolidate until killed (or done), never return into pytest
        code = 0
        try:
            worker = Memory(config, clock=ManualClock(start=now))
            for _ in range(loops):
                worker.consolidate(now=now)
            worker.close()
        except BaseException:
            code = 1
        os._exit(code)
    return pid


def add_round(memory: Memory, rng: random.Random, n: int, when: float) -> list[str]:
    ids = []
    for k in range(n):
        user = rng.choice(USERS)
        kind = rng.random()
        if kind < 0.3:
            text = f"I live in {rng.choice(CITIES)}"
        elif kind < 0.5:
            text = "I really enjoy long walks by the river"  # repeated mention
        else:
            text = f"Note {rng.randrange(10_000)} about the {rng.choice(CITIES)} trip plans"
        ids.append(memory.add(text, user_id=user, timestamp=when + k)["results"][0]["id"])
    return ids


def drain(memory: Memory, clock: ManualClock) -> None:
    for _ in range(50):
        time.sleep(0.6)  # let any dead worker's lease expire
        memory.consolidate(now=clock.now)
        busy = any(
            memory.stores.short.count(f"u={u}") or memory.client.hlen(keys.journal(f"u={u}"))
            for u in USERS
        )
        if not busy:
            return
    raise AssertionError("consolidation never finished")


def check_invariants(memory: Memory, ids: list[str]) -> None:
    accounted_for(memory, ids)
    for user in USERS:
        no_fact_in_two_tiers(memory, user)
        current = memory.get_all(user_id=user, tier="long", limit=100_000)["results"]
        hashes = Counter(f["hash"] for f in current)
        assert max(hashes.values(), default=1) == 1, "a fact was promoted twice"
        sources = Counter(
            s
            for tier in ("mid", "long")
            for f in memory.get_all(
                user_id=user, tier=tier, limit=100_000, include_superseded=True
            )["results"]
            for s in f["sources"]
        )
        assert max(sources.values(), default=1) == 1, "an observation fed two facts"
        for fact in current:
            promotes = [e for e in memory.history(fact["id"]) if e["event"] == "PROMOTE"]
            assert len(promotes) == 1


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    data = tmp_path / "crash"
    memory = make_memory(data, promote_min_age_s=0, lease_ttl_s=0.5, redis_appendfsync="always")
    config = worker_config(memory, data)
    assert memory.engine is not None  # loads the parser here, so every fork inherits it
    rng = random.Random(20261129)
    ids: list[str] = []
    kills = interrupted = 0
    for round_ in range(25):
        clock.advance(DAY)
        ids += add_round(memory, rng, 24, clock.now)
        pid = fork_worker(config, clock.now)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        kills += os.WIFSIGNALED(status)
        left = sum(memory.stores.short.count(f"u={u}") for u in USERS)
        interrupted += left > 0  # the kill landed before the worker drained the short tier
        if round_ % 5 == 4:
            time.sleep(0.6)  # sometimes the lease expires before the next worker comes
    assert kills >= 20
    assert interrupted >= 5  # kills really hit unfinished work...
    assert memory.stats()["tenants"]["u=alice"]["long"] > 0  # ...and workers made progress
    drain(memory, clock)
    check_invariants(memory, ids)


def test_two_workers_at_once_never_double_promote(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    data = tmp_path / "two"
    memory = make_memory(data, promote_min_age_s=0, lease_ttl_s=0.5)
    config = worker_config(memory, data)
    rng = random.Random(7)
    ids: list[str] = []
    for _ in range(4):
        clock.advance(DAY)
        ids += add_round(memory, rng, 40, clock.now)
        pids = [fork_worker(config, clock.now, loops=3) for _ in range(2)]
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    drain(memory, clock)
    check_invariants(memory, ids)
