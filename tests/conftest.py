"""Shared fixtures: every test gets real parts (a redis-server started by tiermem's own
launcher in a temp dir, the packaged MiniLM embedder, real hnswlib shards)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from service_util import Service, running_service

from benchmarks.paths import data_dir, goodai_definitions_dir, locomo_file
from tiermem import ManualClock, Memory
from tiermem.models.embedder import Embedder
from tiermem.tiers import keys

CI = bool(os.environ.get("CI"))  # .ci/run sets it: there a missing part fails, never skips
START = 1_735_689_600.0  # 2025-01-01T00:00:00Z
DAY = 86400.0

MemoryFactory = Callable[..., Memory]


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The packaged MiniLM, loaded once for the tests that rank real candidates."""
    return Embedder()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=START)


@pytest.fixture
def make_memory(tmp_path: Path, clock: ManualClock) -> Iterator[MemoryFactory]:
    """Open Memory objects on one temp data dir; all closed at teardown."""
    opened: list[Memory] = []

    def factory(data_dir: Path | None = None, **config: Any) -> Memory:
        cfg: dict[str, Any] = {
            "data_dir": str(data_dir or tmp_path / "data"),
            "llm": "none",
            "policy": "heuristic",
        }
        llm = config.pop("llm_instance", None)
        cfg.update(config)
        memory = Memory(cfg, clock=clock, llm=llm)
        opened.append(memory)
        return memory

    yield factory
    for memory in reversed(opened):
        memory.close()


@pytest.fixture
def memory(make_memory: MemoryFactory) -> Memory:
    return make_memory()


def redis_snapshot(memory: Memory) -> dict[bytes, Any]:
    """Every tiermem key and its full value: to prove a refused call wrote nothing. The
    service's rate-limit buckets are left out: a refused request rightly spends a token."""
    client = memory.client
    out: dict[bytes, Any] = {}
    spent = keys.rate_bucket("").encode()
    for key in client.scan_iter(match=f"{keys.PREFIX}:*", count=1000):
        if key.startswith(spent):
            continue
        kind = client.type(key)
        if kind == b"hash":
            out[key] = client.hgetall(key)
        elif kind == b"list":
            out[key] = client.lrange(key, 0, -1)
        elif kind == b"set":
            out[key] = client.smembers(key)
        elif kind == b"vectorset":
            out[key] = client.execute_command("VCARD", key)
        else:
            out[key] = client.get(key)
    return out


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """For the tests that read the data sets (and only those). Outside CI a checkout
    without ../shared/data skips them; CI always has the data beside the clone, so
    there a missing folder fails instead of skipping silently. The generator, metrics
    and parser tests need no data and always run."""
    folder = data_dir()
    missing = [p for p in (locomo_file(), goodai_definitions_dir()) if not p.exists()]
    if missing:
        if CI:
            pytest.fail(f"benchmark data not found: {', '.join(map(str, missing))}")
        pytest.skip(f"benchmark data not found: {', '.join(map(str, missing))}")
    return folder


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """A real uvicorn on loopback with one real Memory and four keys, per test module."""
    with running_service(tmp_path_factory.mktemp("service")) as running:
        yield running
