"""AsyncMemory: the same methods as Memory, awaitable, over the same core."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from conftest import DAY

from tiermem import AsyncMemory, ManualClock, Memory, MemoryNotFoundError


def test_every_public_method_of_memory_is_awaitable() -> None:
    public = {
        name
        for name, member in inspect.getmembers(Memory, inspect.isfunction)
        if not name.startswith("_") and name not in ("from_config", "start_background")
    }
    assert public <= set(dir(AsyncMemory))
    for name in public:
        assert inspect.iscoroutinefunction(getattr(AsyncMemory, name)), name
        assert getattr(AsyncMemory, name).__doc__ == getattr(Memory, name).__doc__


def test_async_calls_do_what_the_sync_ones_do(tmp_path: Path, clock: ManualClock) -> None:
    async def scenario() -> None:
        config = {"data_dir": str(tmp_path / "d"), "llm": "none", "promote_min_age_s": 0}
        async with AsyncMemory(config, clock=clock) as memory:
            added = await asyncio.gather(
                *(memory.add(f"I keep {n} hives of bees", user_id="alice") for n in range(8))
            )
            ids = {r["results"][0]["id"] for r in added}
            listed = await memory.get_all(user_id="alice")
            assert {m["id"] for m in listed["results"]} == ids
            hits = await memory.search("how many hives?", user_id="alice", limit=3)
            assert len(hits["results"]) == 3
            clock.advance(DAY)
            report = await memory.consolidate()
            assert report["observations_in"] == 8
            one = next(iter(ids))
            await memory.update(one, "I keep nine hives of bees")
            assert (await memory.get(one))["memory"] == "I keep nine hives of bees"  # type: ignore[index]
            await memory.delete(one)
            with pytest.raises(MemoryNotFoundError):
                await memory.delete(one)
            assert [e["event"] for e in await memory.history(one)][-1] == "DELETE"

    asyncio.run(scenario())


def test_wrap_shares_an_open_memory(memory: Memory) -> None:
    memory_id = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]

    async def read() -> dict[str, object] | None:
        return await AsyncMemory.wrap(memory).get(memory_id)

    found = asyncio.run(read())
    assert found is not None and found["memory"] == "I live in Paris"
