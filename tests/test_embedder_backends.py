"""The two embedding backends on the real packaged MiniLM: ONNX Runtime (the default,
built once from the packaged weights) against sentence-transformers on torch; the
identity each writes; the query cache; and a process on the ONNX path without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_cli import REPO

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
    # the order of texts in a batch changes nothing (batches are sorted by length inside)
    backwards = Embedder(backend="onnx").embed(TEXTS[::-1])[::-1]
    assert np.allclose(backwards, int8, atol=1e-5)


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
