"""The two embedding backends on the real packaged MiniLM: ONNX Runtime (the default,
built once from the packaged weights) against sentence-transformers on torch; the
identity each writes; the query cache; and a process on the ONNX path without torch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_cli import REPO, tiermem

from tiermem import Memory
from tiermem.errors import EmbedderMismatchError, InvalidInputError
from tiermem.models import onnx_build
from tiermem.models.embedder import Embedder

TEXTS = [
    "I live in Paris",
    "Which bank does the user use now?",
    "cake",
    "Caroline: I went to the LGBTQ support group yesterday and it was so powerful.",
    "word " * 400,  # past the 256-token limit: truncated the same way by both
]


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return Embedder(backend="torch").embed(TEXTS)


def test_onnx_fp32_reproduces_torch_and_int8_stays_close(torch_vectors: np.ndarray) -> None:
    fp32 = Embedder(backend="onnx", quantized=False).embed(TEXTS)
    int8 = Embedder(backend="onnx", quantized=True).embed(TEXTS)
    assert fp32.shape == int8.shape == torch_vectors.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    assert (fp32 * torch_vectors).sum(axis=1).min() > 0.9999
    assert (int8 * torch_vectors).sum(axis=1).min() > 0.97
    # a text's vector does not depend on what is embedded with it
    alone = np.stack([Embedder(backend="onnx").embed([t])[0] for t in TEXTS])
    assert np.allclose(alone, int8, atol=1e-5)
    shuffled = Embedder(backend="onnx", quantized=False).embed([TEXTS[2], *TEXTS[:2]])
    assert np.allclose(shuffled, fp32[[2, 0, 1]], atol=1e-5)


def test_each_backend_has_its_own_identity_and_refuses_the_others_store(tmp_path: Path) -> None:
    identities = {
        Embedder(backend="torch").identity,
        Embedder(backend="onnx", quantized=False).identity,
        Embedder(backend="onnx").identity,
    }
    assert identities == {
        "all-MiniLM-L6-v2@384",
        "all-MiniLM-L6-v2@384+onnx",
        "all-MiniLM-L6-v2@384+onnx-int8",
    }
    data = str(tmp_path / "data")
    with Memory({"data_dir": data, "llm": "none", "embedder_backend": "torch"}) as memory:
        memory.add("I live in Paris", user_id="alice")
    with pytest.raises(EmbedderMismatchError, match="all-MiniLM-L6-v2@384"):
        Memory({"data_dir": data, "llm": "none"})
    with Memory({"data_dir": data, "llm": "none", "embedder_backend": "torch"}) as memory:
        assert memory.search("where do I live?", user_id="alice")["results"]
    with pytest.raises(InvalidInputError, match="backend"):
        Embedder(backend="tensorflow")  # type: ignore[arg-type]


def test_the_query_cache_is_bounded_and_read_only() -> None:
    embedder = Embedder(query_cache=2)
    first = embedder.embed_one("where do I live?")
    assert embedder.embed_one("where do I live?") is first  # served from the cache
    assert not first.flags.writeable
    embedder.embed_one("what do I eat?")
    embedder.embed_one("who is my dentist?")  # evicts the least recently used
    again = embedder.embed_one("where do I live?")
    assert again is not first and np.allclose(again, first)
    uncached = Embedder(query_cache=0)
    assert uncached.embed_one("cake") is not uncached.embed_one("cake")


def test_a_query_embedded_ahead_is_the_cached_vector_and_a_fork_gets_its_own_thread() -> None:
    """A search embeds its query on a worker thread; a forked worker (consolidation
    forks) inherits no threads, so the pool must be made again in the child, not waited on
    forever."""
    embedder = Embedder()
    ahead = embedder.embed_one_ahead("which bank do I use?").result(timeout=60)
    assert ahead is embedder.embed_one("which bank do I use?")
    pid = os.fork()
    if pid == 0:  # the child: exit 0 only if its own pool answers
        code = 1
        try:
            found = embedder.embed_one_ahead("who is my dentist?").result(timeout=60)
            code = 0 if np.allclose(found, embedder.embed(["who is my dentist?"])[0]) else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def test_a_build_is_cached_and_reused(tmp_path: Path) -> None:
    model = Path(Embedder().path)
    built = onnx_build.built_model(model, tmp_path, quantized=True)
    assert built.is_file() and built.name == onnx_build.INT8
    stamp = built.stat().st_mtime_ns
    assert onnx_build.built_model(model, tmp_path, quantized=False).parent == built.parent
    assert onnx_build.built_model(model, tmp_path, quantized=True).stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [built.parent.name]  # no staging left


def test_the_onnx_path_never_imports_torch(tmp_path: Path) -> None:
    script = f"""
import json, sys
from tiermem import Memory
with Memory({{"data_dir": {str(tmp_path / "data")!r}, "llm": "none", "policy": "heuristic"}}) as m:
    m.add("I moved to Berlin", user_id="alice")
    m.consolidate()
    hits = m.search("where do I live now?", user_id="alice")["results"]
print(json.dumps({{"torch": "torch" in sys.modules, "top": hits[0]["memory"]}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"torch": False, "top": "I moved to Berlin"}


def test_reembed_moves_a_torch_store_to_onnx_in_every_tier(tmp_path: Path) -> None:
    data = tmp_path / "data"
    torch_store = {"data_dir": str(data), "llm": "none", "embedder_backend": "torch"}
    with Memory({**torch_store, "promote_min_age_s": 0}) as memory:
        memory.add("I moved to Berlin", user_id="alice")
        memory.add("My dentist is Dr Kim", user_id="alice")
        memory.consolidate()  # facts reach mid and long
        memory.add("I keep bees on the roof", user_id="alice")  # stays in short
        memory.add("I play chess on Sundays", user_id="bob")
        before = {m["id"]: m for m in memory.get_all(user_id="alice")["results"]}
        tiers = {m["tier"] for m in before.values()}
        history = {i: memory.history(i) for i in before}
    assert {"short", "long"} <= tiers
    env = {"TIERMEM_DATA_DIR": str(data), "TIERMEM_LLM": "none"}
    dry = tiermem("reembed", env=env)
    assert (
        dry.returncode == 0
        and "all-MiniLM-L6-v2@384 -> all-MiniLM-L6-v2@384+onnx-int8" in dry.stdout
    )
    with pytest.raises(EmbedderMismatchError):  # a dry run changed nothing
        Memory({"data_dir": str(data), "llm": "none"})
    done = tiermem("reembed", "--yes", env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["new"].endswith("+onnx-int8") and report["shards"] >= 1
    assert report["redis_vectors"] >= 2 and report["long_vectors"] >= 1
    again = tiermem("reembed", "--yes", env=env)
    assert "nothing to do" in again.stdout
    with Memory({"data_dir": str(data), "llm": "none"}) as memory:  # the ONNX default opens it
        after = {m["id"]: m for m in memory.get_all(user_id="alice")["results"]}
        assert after.keys() == before.keys()
        assert all(after[i]["memory"] == before[i]["memory"] for i in after)
        assert {i: memory.history(i) for i in after} == history
        for query, expected in (
            ("where do I live now?", "I moved to Berlin"),
            ("who is my dentist?", "My dentist is Dr Kim"),
            ("bees on the roof", "I keep bees on the roof"),
        ):
            hits = memory.search(query, user_id="alice", limit=3)["results"]
            assert hits and hits[0]["memory"] == expected, (query, hits[:2])
        assert memory.search("chess", user_id="bob")["results"][0]["memory"] == (
            "I play chess on Sundays"
        )
        embedder = memory.stores.embedder
        for memory_id, item in after.items():  # every stored vector is the new embedder's
            if item["tier"] == "long":
                stored = memory.stores.long.shard("u=alice").get_vector(memory_id)
            else:
                redis_tier = memory.stores.short if item["tier"] == "short" else memory.stores.mid
                stored = redis_tier.vector("u=alice", memory_id)
            assert stored is not None
            fresh = embedder.embed([item["memory"]])[0]
            assert float(np.dot(stored, fresh)) > 0.9999, item["memory"]
