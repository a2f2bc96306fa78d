"""`python -m benchmarks perf`: tiermem's own costs against the bare costs, in one run.

Each measured call is interleaved with its bare counterpart (embed vs add, embed+knn+VSIM
vs search) so both see the same machine load; ratios are the figures to trust, not the
milliseconds. The long tier is filled directly (not through consolidation) so 100k items
take minutes, not hours; the short and mid tiers hold 1k items each meanwhile.
"""

from __future__ import annotations

import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from benchmarks import fill
from tiermem import ManualClock, Memory
from tiermem.tiers import keys
from tiermem.types import TierName

SUBJECTS = ["I", "My sister", "Our team", "The doctor", "My neighbour", "Grandpa", "The coach"]
VERBS = [
    "visited",
    "bought",
    "painted",
    "cooked",
    "repaired",
    "photographed",
    "wrote about",
    "sold",
    "found",
    "lost",
    "borrowed",
    "designed",
]
OBJECTS = [
    "a blue bicycle",
    "the old lighthouse",
    "a lemon cake",
    "the garden shed",
    "a jazz record",
    "the mountain cabin",
    "a wooden boat",
    "the city museum",
    "a vintage camera",
    "the school library",
    "a silver necklace",
    "the harbour market",
]
WHEN = [
    "last spring",
    "on Tuesday",
    "in 2019",
    "during the storm",
    "after work",
    "before the wedding",
    "at dawn",
    "over the holidays",
]
QUERIES = [
    "What did my sister buy?",
    "Who repaired the boat?",
    "Tell me about the lighthouse",
    "What happened during the storm?",
    "cake",
    "Which camera was found in 2019?",
]


def sentences(n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        f"{SUBJECTS[rng.integers(len(SUBJECTS))]} {VERBS[rng.integers(len(VERBS))]} "
        f"{OBJECTS[rng.integers(len(OBJECTS))]} {WHEN[rng.integers(len(WHEN))]} "
        f"(note {i})"
        for i in range(n)
    ]


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000.0, q))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def measure_add(memory: Memory, n: int) -> dict[str, Any]:
    embedder = memory.stores.embedder
    texts = sentences(n, seed=1)
    bare, full = [], []
    for i, text in enumerate(tqdm(texts, desc="add vs embed", leave=False, disable=None)):
        # Alternate which goes first so neither always gets the warmer cache.
        if i % 2:
            t0 = time.perf_counter()
            embedder.embed([text + " x"])
            t1 = time.perf_counter()
            memory.add(text, user_id="perf-add", timestamp=1_700_000_000 + i)
            t2 = time.perf_counter()
            bare.append(t1 - t0)
            full.append(t2 - t1)
        else:
            t0 = time.perf_counter()
            memory.add(text, user_id="perf-add", timestamp=1_700_000_000 + i)
            t1 = time.perf_counter()
            embedder.embed([text + " x"])
            t2 = time.perf_counter()
            full.append(t1 - t0)
            bare.append(t2 - t1)
    batch_bare, batch_full = [], []
    for rep in range(max(3, n // 40)):
        msgs = [{"role": "user", "content": t} for t in sentences(100, seed=100 + rep)]
        contents = [m["content"] for m in msgs]
        first, second = (0, 1) if rep % 2 else (1, 0)
        times = [0.0, 0.0]
        for which in (first, second):
            t0 = time.perf_counter()
            if which == 0:
                embedder.embed(contents)
            else:
                memory.add(msgs, user_id="perf-batch")
            times[which] = time.perf_counter() - t0
        batch_bare.append(times[0])
        batch_full.append(times[1])
    return {
        "add_p50_ms": pct(full, 50),
        "add_p95_ms": pct(full, 95),
        "embed_p50_ms": pct(bare, 50),
        "embed_p95_ms": pct(bare, 95),
        "add_over_embed_p50": pct(full, 50) / pct(bare, 50),
        "batch100_p50_ms": pct(batch_full, 50),
        "embed100_p50_ms": pct(batch_bare, 50),
        "batch_over_embed_p50": pct(batch_full, 50) / pct(batch_bare, 50),
        "n_single": n,
        "n_batch": len(batch_full),
    }


def fill_tenant(memory: Memory, tenant_user: str, n_long: int, n_side: int) -> None:
    """n_long long-term facts plus n_side short and mid items, with realistic vectors:
    embeddings of a few thousand distinct sentences, jittered, so the index sees clusters."""
    embed = memory.stores.embedder.embed
    base_texts = sentences(min(n_long, 3000), seed=7)
    base = embed(base_texts)
    rng = np.random.default_rng(11)
    picks = np.arange(n_long) % len(base_texts)
    noise = rng.normal(0, 0.03, size=(n_long, base.shape[1])).astype(np.float32)
    matrix = base[picks] + noise
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    texts = [f"{base_texts[j]} #{i}" for i, j in enumerate(picks)]
    now = 1_700_000_000.0
    fill.put_long(memory, tenant_user, texts, matrix, now)
    memory.stores.long.shard(f"u={tenant_user}").save_index()
    seeds: tuple[tuple[TierName, int], ...] = (("short", 3), ("mid", 5))
    for tier_name, seed in seeds:
        side = sentences(n_side, seed=seed)
        fill.put_redis(memory, tenant_user, tier_name, side, embed(side), now)


def measure_search(memory: Memory, user: str, rounds: int) -> dict[str, Any]:
    """Each round asks a query not asked before ("... #r"): the query cache would
    otherwise serve both sides from memory after the first rounds."""
    stores = memory.stores
    tenant = f"u={user}"
    shard = stores.long.shard(tenant)
    full, bare = [], []
    for r in range(rounds):
        query = f"{QUERIES[r % len(QUERIES)]} #{r}"
        t0 = time.perf_counter()
        vec = stores.embedder.embed([query + " "])[0]  # embed(), never the query cache
        shard._index.knn_query(vec, k=10)  # the bare hnswlib call, nothing around it
        for tier_name in ("short", "mid"):
            memory.client.execute_command(
                "VSIM",
                keys.vectors(tenant, tier_name),
                "FP32",
                vec.tobytes(),
                "WITHSCORES",
                "COUNT",
                10,
            )
        t1 = time.perf_counter()
        memory.search(query, user_id=user, limit=10)
        t2 = time.perf_counter()
        bare.append(t1 - t0)
        full.append(t2 - t1)
    return {
        "search_p50_ms": pct(full, 50),
        "search_p95_ms": pct(full, 95),
        "bare_p50_ms": pct(bare, 50),
        "bare_p95_ms": pct(bare, 95),
        "search_over_bare_p95": pct(full, 95) / pct(bare, 95),
        "rounds": rounds,
    }


def measure_against_torch(memory: Memory, rounds: int) -> dict[str, Any]:
    """tiermem's add and search (default config) against one plain sentence-transformers
    (torch) MiniLM embedding, interleaved call by call in a random order each round, at
    2,000 memories: the yardstick of the embedding issue. Every text is new (no cache
    hit); the repeated-query search (a cache hit) is reported beside it."""
    from sentence_transformers import SentenceTransformer

    from tiermem.models.embedder import packaged_model_path

    reference = SentenceTransformer(str(packaged_model_path()), device="cpu")
    texts = sentences(2_000 + 3 * rounds, seed=21)
    for start in range(0, 2_000, 500):  # (one add takes at most 1,000 messages)
        chunk = texts[start : start + 500]
        memory.add([{"role": "user", "content": t} for t in chunk], user_id="perf-ref")
    memory.search("warm up", user_id="perf-ref")
    reference.encode(["warm up"], normalize_embeddings=True)
    fresh = iter(texts[2_000:])
    times: dict[str, list[float]] = {"torch": [], "add": [], "search": [], "search_cached": []}

    def torch_one() -> None:
        reference.encode([next(fresh)], normalize_embeddings=True, show_progress_bar=False)

    steps = {
        "torch": torch_one,
        "add": lambda: memory.add(next(fresh), user_id="perf-ref"),
        "search": lambda: memory.search(next(fresh) + "?", user_id="perf-ref"),
        "search_cached": lambda: memory.search("where do I live now?", user_id="perf-ref"),
    }
    order = np.random.default_rng(5)
    for _ in range(rounds):
        for name in order.permutation(list(steps)):
            t0 = time.perf_counter()
            steps[str(name)]()
            times[str(name)].append(time.perf_counter() - t0)
    out: dict[str, Any] = {f"{k}_p50_ms": pct(v, 50) for k, v in times.items()}
    out.update({f"{k}_p95_ms": pct(v, 95) for k, v in times.items()})
    for k in ("add", "search", "search_cached"):
        out[f"{k}_over_torch_p50"] = out[f"{k}_p50_ms"] / out["torch_p50_ms"]
    out["backend"] = memory.stores.embedder.identity
    out["rounds"] = rounds
    return out


def measure_against_mem0(sizes: list[int], rounds: int) -> dict[str, Any]:
    """Mem0 OSS (its own venv, faiss, the same MiniLM, ``infer=False``) and tiermem
    (default config) at each store size, in the same run: add p50 of a new text, search
    p50 / p95 of a new query, interleaved call by call. Mem0's times are taken inside its
    worker (no pipe, no JSON), tiermem's in process. Both stores are seeded with the same
    texts: tiermem's through its add (message lists), Mem0's through its batch seed
    (``Mem0Peer.fill``: Mem0's own add saves its whole faiss index after every memory)."""
    from benchmarks.systems.base import SystemUnavailable
    from benchmarks.systems.mem0_peer import Mem0Peer

    try:
        mem0 = Mem0Peer()
    except SystemUnavailable as exc:
        return {"unavailable": str(exc)}
    texts = sentences(max(sizes) + 4 * rounds * len(sizes), seed=31)
    fresh = iter(texts[max(sizes) :])
    out: dict[str, Any] = {"mem0_version": mem0.info.get("mem0_version"), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="tiermem-vs-mem0-") as tmp:
        memory = Memory({"data_dir": tmp, "llm": "none", "policy": "none"})
        try:
            seeded = 0
            for size in sizes:
                for start in range(seeded, size, 5_000):
                    chunk = texts[start : min(start + 5_000, size)]
                    for part in range(0, len(chunk), 500):  # one add takes 1,000 at most
                        messages = [{"role": "user", "content": t} for t in chunk[part:][:500]]
                        memory.add(messages, user_id="u")
                    mem0.fill("u", chunk)
                seeded = size
                times: dict[str, list[float]] = {k: [] for k in ("t_add", "m_add", "t_s", "m_s")}
                order = np.random.default_rng(size)
                for _ in range(rounds):
                    for step in order.permutation(list(times)):
                        text = next(fresh)
                        if step == "t_add":
                            t0 = time.perf_counter()
                            memory.add(text, user_id="u")
                            times["t_add"].append(time.perf_counter() - t0)
                        elif step == "t_s":
                            t0 = time.perf_counter()
                            memory.search(text + "?", user_id="u")
                            times["t_s"].append(time.perf_counter() - t0)
                        elif step == "m_add":
                            mem0.add("u", text, 0.0, [])
                            times["m_add"].append(mem0.last_ms / 1000.0)
                        else:
                            mem0.search("u", text + "?", 10)
                            times["m_s"].append(mem0.last_ms / 1000.0)
                seeded += 2 * rounds  # each side added ``rounds`` texts of its own
                row = {
                    "tiermem_add_p50_ms": pct(times["t_add"], 50),
                    "mem0_add_p50_ms": pct(times["m_add"], 50),
                    "tiermem_search_p50_ms": pct(times["t_s"], 50),
                    "tiermem_search_p95_ms": pct(times["t_s"], 95),
                    "mem0_search_p50_ms": pct(times["m_s"], 50),
                    "mem0_search_p95_ms": pct(times["m_s"], 95),
                }
                row["add_ratio"] = row["tiermem_add_p50_ms"] / row["mem0_add_p50_ms"]
                row["search_ratio"] = row["tiermem_search_p50_ms"] / row["mem0_search_p50_ms"]
                out["sizes"][str(size)] = row
                print(
                    f"[perf] vs Mem0 at {size:,}: add {row['add_ratio']:.2f}x, "
                    f"search {row['search_ratio']:.2f}x"
                )
        finally:
            memory.close()
            mem0.close()
    return out


_COLD = """
import json, resource, sys, tempfile
from tiermem import Memory
with Memory({"data_dir": tempfile.mkdtemp(), "llm": "none", "embedder_backend": sys.argv[1]}) as m:
    m.add("I live in Paris", user_id="a")
    m.search("where do I live?", user_id="a")
    print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "torch": "torch" in sys.modules}))
"""


def measure_cold_start(backend: str, runs: int) -> dict[str, Any]:
    """A fresh process: from its start to the first search result, and its peak RSS (the
    ONNX model already built and cached, as after the first run on a machine)."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", _COLD, backend], check=True, capture_output=True)
    seconds, rss, torch = [], [], False
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _COLD, backend], check=True, capture_output=True, text=True
        )
        seconds.append(time.perf_counter() - t0)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        rss.append(found["rss_mb"])
        torch = torch or found["torch"]
    return {"cold_start_s": float(np.median(seconds)), "rss_mb": max(rss), "torch": torch}


def run(out_dir: Path, quick: bool = False, systems: list[str] | None = None) -> dict[str, Any]:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"quick": quick, "sizes": sizes}
    result["cold"] = {b: measure_cold_start(b, 3 if quick else 5) for b in ("onnx", "torch")}
    result["vs_mem0"] = measure_against_mem0(sizes, 40 if quick else 200)
    with tempfile.TemporaryDirectory(prefix="tiermem-perf-") as tmp:
        memory = Memory(
            {"data_dir": tmp, "llm": "none", "policy": "none", "recall_reinforce_interval_s": 1e9},
            clock=ManualClock(),
        )
        with memory:
            memory.stores.embedder.embed(["warm up"] * 8)
            result["add"] = measure_add(memory, 200 if quick else 300)
            result["vs_torch"] = measure_against_torch(memory, 40 if quick else 200)
            result["search"] = {}
            for size in sizes:
                user = f"perf-{size}"
                t0 = time.perf_counter()
                fill_tenant(memory, user, size, 1_000)
                fill_s = time.perf_counter() - t0
                stats = measure_search(memory, user, 200 if quick else 300)
                stats["fill_s"] = fill_s
                result["search"][str(size)] = stats
                print(
                    f"[perf] {size:>7} long items: search p95 {stats['search_p95_ms']:.1f} ms "
                    f"vs bare {stats['bare_p95_ms']:.1f} ms = "
                    f"{stats['search_over_bare_p95']:.2f}x"
                )
        result["peak_rss_mb"] = peak_rss_mb()
    a = result["add"]
    lines = [
        "# perf",
        "",
        "| measure | tiermem | bare | ratio | bar |",
        "|---|---|---|---|---|",
        f"| add p50 (1 text) | {a['add_p50_ms']:.1f} ms | {a['embed_p50_ms']:.1f} ms "
        f"(1 embedding) | {a['add_over_embed_p50']:.2f}x | 1.3x |",
        f"| add p50 (100 messages) | {a['batch100_p50_ms']:.1f} ms | {a['embed100_p50_ms']:.1f} "
        f"ms (1 batched embedding) | {a['batch_over_embed_p50']:.2f}x | 1.3x |",
    ]
    for size, s in result["search"].items():
        lines.append(
            f"| search p95 at {int(size):,} long items (+1k short, +1k mid) | "
            f"{s['search_p95_ms']:.1f} ms | {s['bare_p95_ms']:.1f} ms (embed + knn + 2 VSIM) | "
            f"{s['search_over_bare_p95']:.2f}x | 1.5x |"
        )
    t = result["vs_torch"]
    lines += [
        "",
        f"Against one plain sentence-transformers (torch) MiniLM embedding, interleaved, at "
        f"2,000 memories ({t['backend']}):",
        "",
        "| measure | p50 | ratio to the torch embedding | bar |",
        "|---|---|---|---|",
        f"| one torch embedding | {t['torch_p50_ms']:.1f} ms | 1.00x | |",
        f"| add (new text) | {t['add_p50_ms']:.1f} ms | {t['add_over_torch_p50']:.2f}x | 0.5x |",
        f"| search (new query) | {t['search_p50_ms']:.1f} ms | "
        f"{t['search_over_torch_p50']:.2f}x | 0.6x |",
        f"| search (repeated query: cache hit) | {t['search_cached_p50_ms']:.1f} ms | "
        f"{t['search_cached_over_torch_p50']:.2f}x | |",
    ]
    m = result["vs_mem0"]
    if "unavailable" in m:
        lines += ["", f"Mem0 was not measured: {m['unavailable']}"]
    else:
        lines += [
            "",
            f"Against Mem0 OSS {m['mem0_version']} (own venv, faiss, the same MiniLM, "
            "infer=False), interleaved; Mem0 timed inside its worker:",
            "",
            "| memories | add p50 tiermem / Mem0 | ratio | search p50 tiermem / Mem0 | ratio "
            "| search p95 tiermem / Mem0 | bar |",
            "|---|---|---|---|---|---|---|",
        ]
        for size, r in m["sizes"].items():
            lines.append(
                f"| {int(size):,} | {r['tiermem_add_p50_ms']:.1f} / {r['mem0_add_p50_ms']:.1f} ms"
                f" | {r['add_ratio']:.2f}x | {r['tiermem_search_p50_ms']:.1f} / "
                f"{r['mem0_search_p50_ms']:.1f} ms | {r['search_ratio']:.2f}x | "
                f"{r['tiermem_search_p95_ms']:.1f} / {r['mem0_search_p95_ms']:.1f} ms | "
                f"{'0.5x' if int(size) == 10_000 else ''} |"
            )
    lines += [
        "",
        "A fresh process, from its start to the first search result (median of runs), and "
        "its peak RSS:",
        "",
        "| backend | cold start | peak RSS | torch imported | bar |",
        "|---|---|---|---|---|",
    ]
    for backend, c in result["cold"].items():
        lines.append(
            f"| {backend} | {c['cold_start_s']:.2f} s | {c['rss_mb']:.0f} MB | "
            f"{'yes' if c['torch'] else 'no'} | {'3 s, 400 MB' if backend == 'onnx' else ''} |"
        )
    lines += ["", f"Peak RSS of the benchmark process: {result['peak_rss_mb']:.0f} MB."]
    (out_dir / "perf.json").write_text(json.dumps(result, indent=2))
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return result
