"""The one recovery path: a Redis killed at the worst moment costs neither a write nor a
double write.

The worst moment is after the server applied a transaction and before its reply reached
us: the caller cannot tell from the error whether the write landed. These tests kill the
real embedded redis-server (SIGKILL) exactly there, by running the real EXEC and then
killing the server before the reply is handed back; and, for contrast, just before EXEC
(then the real client itself finds the connection dead)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from conftest import DAY, MemoryFactory

from tiermem import ManualClock, Memory


def _kill(memory: Memory) -> None:
    server = memory._server
    assert server is not None and server.pid is not None
    pid = server.pid
    os.kill(pid, signal.SIGKILL)
    for _ in range(100):  # wait until the process is really gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


@pytest.fixture
def killing(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Memory, str], None]]:
    """``arm(memory, when)``: the next MULTI/EXEC on any pipeline kills the server,
    ``"after"`` the transaction was applied (reply lost) or ``"before"`` it is sent."""
    real = redis.client.Pipeline.execute
    armed: dict[str, Any] = {}

    def execute(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not armed or not self.transaction:
            return real(self, *args, **kwargs)
        memory, when = armed.pop("memory"), armed.pop("when")
        if when == "before":
            _kill(memory)
            return real(self, *args, **kwargs)  # the real client finds the socket dead
        real(self, *args, **kwargs)  # applied; its reply is what gets lost
        _kill(memory)
        raise redis.ConnectionError("connection lost before the EXEC reply was read")

    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)

    def arm(memory: Memory, when: str) -> None:
        armed.update(memory=memory, when=when)

    yield arm
    assert not armed, "the armed kill never fired: the test did not test anything"


def _durable(make_memory: MemoryFactory, tmp_path: Path, **config: Any) -> Memory:
    return make_memory(tmp_path / "data", redis_appendfsync="always", **config)


@pytest.mark.parametrize("when", ["after", "before"])
def test_add_is_stored_exactly_once(
    make_memory: MemoryFactory, tmp_path: Path, killing: Callable[[Memory, str], None], when: str
) -> None:
    memory = _durable(make_memory, tmp_path)
    killing(memory, when)
    out = memory.add(
        [{"role": "user", "content": "I keep bees"}, {"role": "user", "content": "and a goat"}],
        user_id="alice",
    )
    ids = [r["id"] for r in out["results"]]
    stored = memory.get_all(user_id="alice")["results"]
    assert sorted(m["id"] for m in stored) == sorted(ids)  # both there, neither twice
    assert [m["memory"] for m in stored].count("I keep bees") == 1
    assert memory.stats()["tenants"]["u=alice"]["short"] == 2
    for memory_id in ids:
        assert [e["event"] for e in memory.history(memory_id)] == ["ADD"]


@pytest.mark.parametrize("when", ["after", "before"])
def test_update_in_a_redis_tier_is_applied_once(
    make_memory: MemoryFactory, tmp_path: Path, killing: Callable[[Memory, str], None], when: str
) -> None:
    memory = _durable(make_memory, tmp_path)
    memory_id = memory.add("I keep bees", user_id="alice")["results"][0]["id"]
    killing(memory, when)
    memory.update(memory_id, "I keep two hives of bees")
    assert memory.get(memory_id)["memory"] == "I keep two hives of bees"  # type: ignore[index]
    assert [e["event"] for e in memory.history(memory_id)] == ["ADD", "UPDATE"]
    assert memory.stats()["tenants"]["u=alice"]["short"] == 1


@pytest.mark.parametrize("when", ["after", "before"])
def test_update_in_the_long_tier_keeps_one_version(
    make_memory: MemoryFactory,
    tmp_path: Path,
    clock: ManualClock,
    killing: Callable[[Memory, str], None],
    when: str,
) -> None:
    memory = _durable(make_memory, tmp_path, promote_min_age_s=0)
    memory_id = memory.add("I keep honey bees in the back garden", user_id="alice")["results"][0][
        "id"
    ]
    clock.advance(DAY)
    memory.consolidate()
    assert memory.get(memory_id)["tier"] == "long"  # type: ignore[index]
    killing(memory, when)  # the long tier's Redis half (directory + history) is the MULTI
    memory.update(memory_id, "I keep two hives of honey bees in the back garden")
    every = memory.get_all(user_id="alice", include_superseded=True)["results"]
    assert sorted(m["memory"] for m in every) == [
        "I keep honey bees in the back garden",
        "I keep two hives of honey bees in the back garden",
    ]
    events = memory.history(memory_id)
    assert [e["event"] for e in events] == ["ADD", "EXTRACT", "PROMOTE", "UPDATE"][-len(events) :]
    assert [e["event"] for e in events].count("UPDATE") == 1
    version = events[-1]["details"]["previous_version"]
    assert [e["event"] for e in memory.history(version)] == ["SUPERSEDE"]


@pytest.mark.parametrize("when", ["after", "before"])
def test_delete_reports_success_once(
    make_memory: MemoryFactory, tmp_path: Path, killing: Callable[[Memory, str], None], when: str
) -> None:
    memory = _durable(make_memory, tmp_path)
    memory_id = memory.add("I keep bees", user_id="alice")["results"][0]["id"]
    killing(memory, when)
    assert memory.delete(memory_id) == {"message": "Memory deleted successfully!"}
    assert memory.get(memory_id) is None
    assert [e["event"] for e in memory.history(memory_id)] == ["ADD", "DELETE"]
