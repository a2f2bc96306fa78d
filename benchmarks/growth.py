"""`python -m benchmarks growth`: how search latency and memory grow with the store.

Two shapes, each measured as a ladder so the growth itself is the figure:

- **one big tenant**: 10k, 100k, then 1M long-term facts in one user's shard;
- **many small tenants** (the chatbot-backend shape): 100, 1,000, then 10,000 tenants of
  100 items each (80 long-term facts, 10 mid-term, 10 short-term).

At each rung: ``Memory.search`` p50/p95 for a new query (no query-cache hit), the process
RSS, Redis's ``used_memory`` and the bytes on disk, each divided by the items stored. The
many-tenant shape asks a random tenant each time, so most asks open a shard the registry
had put away; a second series asks each tenant twice and times the second ask (shard open).

Facts are written straight into the long tier in batches (``LongShard.add_many``) rather
than through consolidation, so a million take minutes, not a day. Their vectors are the
embeddings of 3,000 distinct generated sentences, each jittered (cosine about 0.97 to its
source) so the graph sees clusters like real memories and every vector is distinct; their
texts are unique. ``--quick`` stops each ladder one rung early (100k facts, 1,000 tenants).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import multiprocessing
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from benchmarks import fill
from benchmarks.perf import QUERIES, pct, sentences
from tiermem import ManualClock, Memory
from tiermem.types import TierName

BASE_SENTENCES = 3_000
LONG_PER_TENANT, MID_PER_TENANT, SHORT_PER_TENANT = 80, 10, 10
NOW = 1_700_000_000.0


def rss_mb() -> float:
    """The current resident set (not the peak): what the store holds now, after garbage
    is collected and freed heap pages go back to the system (so the figure is what is
    held, not what the allocator happens to keep)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS in /proc/self/status")


def disk_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


class Vectors:
    """Jittered embeddings of generated sentences: realistic clusters, cheap to make."""

    def __init__(self, memory: Memory) -> None:
        self.texts = sentences(BASE_SENTENCES, seed=7)
        self.base = memory.stores.embedder.embed(self.texts)
        self.rng = np.random.default_rng(11)
        self.made = 0

    def take(self, n: int) -> tuple[list[str], np.ndarray]:
        picks = (np.arange(self.made, self.made + n) * 7919) % len(self.texts)
        noise = self.rng.normal(0, 0.012, size=(n, self.base.shape[1])).astype(np.float32)
        matrix = self.base[picks] + noise
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        texts = [f"{self.texts[j]} #{self.made + i}" for i, j in enumerate(picks)]
        self.made += n
        return texts, matrix


def add_long(memory: Memory, user: str, vectors: Vectors, n: int) -> None:
    texts, matrix = vectors.take(n)
    fill.put_long(memory, user, texts, matrix, NOW)


def add_redis_tiers(memory: Memory, user: str, vectors: Vectors) -> None:
    sizes: tuple[tuple[TierName, int], ...] = (("short", SHORT_PER_TENANT), ("mid", MID_PER_TENANT))
    for tier, n in sizes:
        texts, matrix = vectors.take(n)
        fill.put_redis(memory, user, tier, texts, matrix, NOW)


def timed_searches(
    memory: Memory, rounds: int, pick_user: Callable[[int], str], *, opened: bool = False
) -> tuple[list[float], list[int]]:
    """New queries (``"... #r"``: never a cache hit), each against ``pick_user(r)``; with
    ``opened``, an untimed search of that tenant first, so its shard is open."""
    times, hits = [], []
    for r in range(rounds):
        query = f"{QUERIES[r % len(QUERIES)]} #{r}"
        user = pick_user(r)
        if opened:
            memory.search(f"{query} first", user_id=user, limit=10)
        t0 = time.perf_counter()
        found = memory.search(query, user_id=user, limit=10)
        times.append(time.perf_counter() - t0)
        hits.append(len(found["results"]))
    return times, hits


def redis_used_mb(memory: Memory) -> float:
    return float(memory.client.info("memory")["used_memory"]) / 2**20


def one_tenant(
    memory: Memory, data_dir: Path, rungs: list[int], rounds: int
) -> list[dict[str, Any]]:
    vectors = Vectors(memory)
    memory.search("warm up", user_id="big")
    base_rss = rss_mb()
    rows, stored = [], 0
    for size in rungs:
        t0 = time.perf_counter()
        with tqdm(total=size, initial=stored, desc=f"one tenant to {size:,}", disable=None) as bar:
            while stored < size:
                step = min(fill.CHUNK * 10, size - stored)
                add_long(memory, "big", vectors, step)
                stored += step
                bar.update(step)
        memory.stores.long.shard("u=big").save_index()
        fill_s = time.perf_counter() - t0
        times, hits = timed_searches(memory, rounds, lambda r: "big")
        rss = rss_mb()
        disk = disk_bytes(data_dir / "long")
        row = {
            "items": size,
            "fill_s": fill_s,
            "search_p50_ms": pct(times, 50),
            "search_p95_ms": pct(times, 95),
            "full_results": sum(h == 10 for h in hits) / len(hits),
            "rss_mb": rss,
            "rss_bytes_per_item": (rss - base_rss) * 2**20 / size,
            "disk_bytes_per_item": disk / size,
        }
        rows.append(row)
        print(
            f"[growth] one tenant, {size:>9,} facts: search p95 {row['search_p95_ms']:.1f} ms, "
            f"{row['rss_bytes_per_item']:.0f} B RSS and {row['disk_bytes_per_item']:.0f} B "
            "disk per fact"
        )
    return rows


def many_tenants(
    memory: Memory, data_dir: Path, rungs: list[int], rounds: int
) -> list[dict[str, Any]]:
    vectors = Vectors(memory)
    memory.search("warm up", user_id="t0")
    base_rss, base_redis = rss_mb(), redis_used_mb(memory)
    rows, made = [], 0
    rng = np.random.default_rng(13)
    for tenants in rungs:
        t0 = time.perf_counter()
        for n in tqdm(range(made, tenants), desc=f"tenants to {tenants:,}", disable=None):
            add_long(memory, f"t{n}", vectors, LONG_PER_TENANT)
            add_redis_tiers(memory, f"t{n}", vectors)
        made = tenants
        fill_s = time.perf_counter() - t0
        users = [f"t{n}" for n in rng.integers(0, tenants, size=rounds)]
        random_times, random_hits = timed_searches(memory, rounds, users.__getitem__)
        same_times, _ = timed_searches(memory, rounds, users.__getitem__, opened=True)
        items = tenants * (LONG_PER_TENANT + MID_PER_TENANT + SHORT_PER_TENANT)
        rss, redis = rss_mb(), redis_used_mb(memory)
        disk = disk_bytes(data_dir / "long")
        row = {
            "tenants": tenants,
            "items": items,
            "fill_s": fill_s,
            "search_p50_ms": pct(random_times, 50),
            "search_p95_ms": pct(random_times, 95),
            "search_open_p50_ms": pct(same_times, 50),
            "search_open_p95_ms": pct(same_times, 95),
            "full_results": sum(h == 10 for h in random_hits) / len(random_hits),
            "open_shards": memory.stores.long.shards.open_count,
            "rss_mb": rss,
            "rss_bytes_per_item": (rss - base_rss) * 2**20 / items,
            "redis_mb": redis,
            "redis_bytes_per_redis_item": (redis - base_redis)
            * 2**20
            / (tenants * (MID_PER_TENANT + SHORT_PER_TENANT)),
            "disk_bytes_per_long_item": disk / (tenants * LONG_PER_TENANT),
        }
        rows.append(row)
        print(
            f"[growth] {tenants:>6,} tenants: search p95 {row['search_p95_ms']:.1f} ms random "
            f"tenant, {row['search_open_p95_ms']:.1f} ms open tenant; RSS {rss:.0f} MB"
        )
    return rows


def measure_shape(shape: str, rungs: list[int], rounds: int) -> tuple[int, list[dict[str, Any]]]:
    """One shape's ladder in this process, on a fresh store: (open-shard limit, rows)."""
    measure = one_tenant if shape == "one_tenant" else many_tenants
    settings = {"llm": "none", "policy": "none", "recall_reinforce_interval_s": 1e9}
    with (
        tempfile.TemporaryDirectory(prefix=f"tiermem-growth-{shape}-") as tmp,
        Memory({"data_dir": tmp, **settings}, clock=ManualClock()) as memory,
    ):
        return memory.config.long_open_shards, measure(memory, Path(tmp), rungs, rounds)


def report(result: dict[str, Any]) -> list[str]:
    lines = [
        "# growth",
        "",
        "One tenant, long-term facts written in batches (see `benchmarks/growth.py`):",
        "",
        "| facts | search p50 | search p95 | p95 / first rung | RSS per fact | disk per fact |",
        "|---|---|---|---|---|---|",
    ]
    first = result["one_tenant"][0]["search_p95_ms"]
    for r in result["one_tenant"]:
        lines.append(
            f"| {r['items']:,} | {r['search_p50_ms']:.1f} ms | {r['search_p95_ms']:.1f} ms | "
            f"{r['search_p95_ms'] / first:.2f}x | {r['rss_bytes_per_item']:,.0f} B | "
            f"{r['disk_bytes_per_item']:,.0f} B |"
        )
    lines += [
        "",
        f"Many tenants of {LONG_PER_TENANT} long-term, {MID_PER_TENANT} mid-term and "
        f"{SHORT_PER_TENANT} short-term items each; at most {result['max_open']} long-term "
        "shards open (`long_open_shards`). A random tenant per search, and the tenant just "
        "searched (its shard open):",
        "",
        "| tenants | items | search p95 random tenant (p50) | search p95 open tenant (p50) "
        "| p95 / first rung | RSS per item | Redis per short/mid item | disk per long fact |",
        "|---|---|---|---|---|---|---|---|",
    ]
    first = result["many_tenants"][0]["search_p95_ms"]
    for r in result["many_tenants"]:
        lines.append(
            f"| {r['tenants']:,} | {r['items']:,} | {r['search_p95_ms']:.1f} "
            f"({r['search_p50_ms']:.1f}) ms | {r['search_open_p95_ms']:.1f} "
            f"({r['search_open_p50_ms']:.1f}) ms | {r['search_p95_ms'] / first:.2f}x | "
            f"{r['rss_bytes_per_item']:,.0f} B | {r['redis_bytes_per_redis_item']:,.0f} B | "
            f"{r['disk_bytes_per_long_item']:,.0f} B |"
        )
    return lines


def run(
    out_dir: Path,
    quick: bool = False,
    *,
    facts: list[int] | None = None,
    tenants: list[int] | None = None,
    rounds: int | None = None,
) -> dict[str, Any]:
    """Both ladders; ``facts``, ``tenants`` and ``rounds`` override the rungs (tests)."""
    facts = facts or ([10_000, 100_000] if quick else [10_000, 100_000, 1_000_000])
    tenants = tenants or ([100, 1_000] if quick else [100, 1_000, 10_000])
    rounds = rounds or (100 if quick else 300)
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"quick": quick}
    spawn = multiprocessing.get_context("spawn")  # each shape in a fresh process: RSS is its own
    for shape, rungs in (("one_tenant", facts), ("many_tenants", tenants)):
        with spawn.Pool(1) as pool:
            result["max_open"], result[shape] = pool.apply(measure_shape, (shape, rungs, rounds))
    lines = report(result)
    (out_dir / "growth.json").write_text(json.dumps(result, indent=2))
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return result
