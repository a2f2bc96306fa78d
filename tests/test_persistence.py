"""Memories survive Memory restarts, a second process, and a kill -9 of Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import DAY, MemoryFactory

from tiermem import EmbedderMismatchError, ManualClock, Memory
from tiermem.models.embedder import packaged_model_path


def test_restart_keeps_every_tier(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    data = tmp_path / "persist"
    memory = make_memory(data, promote_min_age_s=0)
    long_id = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(DAY)
    memory.consolidate()
    short_id = memory.add("I bought a red bicycle", user_id="alice")["results"][0]["id"]
    memory.close()
    again = make_memory(data, promote_min_age_s=0)
    assert again.get(long_id)["tier"] == "long"  # type: ignore[index]
    assert again.get(short_id)["tier"] == "short"  # type: ignore[index]
    hits = again.search("bicycle", user_id="alice")["results"]
    assert hits[0]["id"] == short_id


def test_kill_9_of_redis_loses_nothing_acknowledged(
    make_memory: MemoryFactory, tmp_path: Path
) -> None:
    memory = make_memory(tmp_path / "kill", redis_appendfsync="always")
    ids = [
        memory.add(f"Observation {n} about the garden", user_id="alice")["results"][0]["id"]
        for n in range(20)
    ]
    server = memory._server
    assert server is not None and server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    time.sleep(0.2)
    # The next call notices, restarts the server from its AOF and carries on.
    after = memory.add("Observation after the crash", user_id="alice")["results"][0]["id"]
    stored = {m["id"] for m in memory.get_all(user_id="alice")["results"]}
    assert set(ids) | {after} <= stored


def test_second_process_sees_the_same_memories(make_memory: MemoryFactory, tmp_path: Path) -> None:
    data = tmp_path / "shared"
    memory = make_memory(data)
    mid_ = memory.add("The spare key is under the blue pot", user_id="alice")["results"][0]["id"]
    script = textwrap.dedent(f"""
        from tiermem import Memory
        with Memory({{"data_dir": {str(data)!r}, "llm": "none"}}) as m:
            hit = m.search("where is the spare key", user_id="alice")["results"][0]
            print(hit["id"])
            m.add("Written by the second process", user_id="alice")
    """)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=240, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == mid_
    texts = {m["memory"] for m in memory.get_all(user_id="alice")["results"]}
    assert "Written by the second process" in texts  # our server was shared, not replaced


def test_reopening_with_another_model_is_refused(
    make_memory: MemoryFactory, tmp_path: Path
) -> None:
    data = tmp_path / "model"
    memory = make_memory(data)
    memory.add("hello there", user_id="alice")
    memory.close()
    renamed = tmp_path / "other-model"
    renamed.symlink_to(packaged_model_path(), target_is_directory=True)
    with pytest.raises(EmbedderMismatchError, match="all-MiniLM-L6-v2@384"):
        Memory({"data_dir": str(data), "llm": "none", "embedder_model": str(renamed)})
    with pytest.raises(EmbedderMismatchError):
        Memory({"data_dir": str(data), "llm": "none", "embedder_truncate_dim": 128})


def test_long_shard_refuses_another_model(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    """Even with a fresh Redis, a shard on disk written by another model is refused."""
    data = tmp_path / "shard"
    memory = make_memory(data, promote_min_age_s=0)
    memory.add("I live in Paris", user_id="alice")
    clock.advance(DAY)
    memory.consolidate()
    memory.close()
    # New Redis (another data dir), same long-tier folder, other model dimension.
    other = Memory(
        {"data_dir": str(tmp_path / "fresh"), "llm": "none", "embedder_truncate_dim": 128}
    )
    try:
        with pytest.raises(EmbedderMismatchError):
            from tiermem.tiers.long import LongShards

            LongShards(
                data / "long", dim=128, embedder_identity=other.stores.embedder.identity
            ).shard("u=alice").count()
    finally:
        other.close()
