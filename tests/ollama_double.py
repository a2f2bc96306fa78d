"""A real HTTP server speaking enough of the Ollama protocol for the official client.

No Ollama daemon runs in CI, yet OllamaLLM and ``make_llm("auto")`` must be tested over
real HTTP with the real ``ollama`` client. This double serves ``GET /api/tags``,
``GET /api/version`` and ``POST /api/chat``; chats are answered by the real embedded
model (the request's ``format`` schema becomes its grammar), unless a test scripted the
next raw answers with :meth:`OllamaDouble.script` to exercise failure handling.

Response shapes follow ``ollama._types`` (``ChatResponse``, ``ListResponse``): the client
builds those pydantic models straight from our JSON, so a wrong field would fail there.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tiermem.models.llm import EmbeddedLLM, RawCompletion

VERSION = "0.6.0"


def _now() -> str:
    return datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    double: OllamaDouble


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        return

    def _send(self, status: int, body: dict[str, Any] | str) -> None:
        raw = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:
        double = self.server.double
        if self.path == "/api/tags":
            self._send(200, {"models": [double.model_entry()]})
        elif self.path == "/api/version":
            self._send(200, {"version": VERSION})
        else:
            self._send(404, {"error": f"no route {self.path}"})

    def do_POST(self) -> None:
        if self.path != "/api/chat":
            self._send(404, {"error": f"no route {self.path}"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
        except json.JSONDecodeError:
            self._send(400, {"error": "invalid JSON body"})
            return
        status, body = self.server.double.chat(request)
        if status == 200 and request.get("stream", True):
            # Streaming clients read NDJSON; one final chunk is a valid stream.
            self._send(200, json.dumps(body) + "\n")
        else:
            self._send(status, body)


class OllamaDouble:
    """Context manager: ``with OllamaDouble(llm) as double: ... double.url ...``.

    ``llm`` may be None when a test only uses scripted answers.
    """

    def __init__(self, llm: EmbeddedLLM | None = None, model: str = "smollm2:135m") -> None:
        self.llm = llm
        self.model = model
        self.requests: list[dict[str, Any]] = []
        self.replies: list[dict[str, Any]] = []
        self._script: deque[str | int] = deque()
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the double first (use it as a context manager)"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, answers: list[str | int]) -> None:
        """Queue raw answers for the next chats: a str is returned as the message content
        verbatim (e.g. broken JSON); an int is answered as that HTTP error status."""
        with self._lock:
            self._script.extend(answers)

    def model_entry(self) -> dict[str, Any]:
        return {
            "name": self.model,
            "model": self.model,
            "modified_at": _now(),
            "size": 101_000_000,
            "digest": "0" * 64,
            "details": {
                "format": "gguf",
                "family": "llama",
                "parameter_size": "134.52M",
                "quantization_level": "Q4_1",
            },
        }

    def chat(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.requests.append(request)
            scripted = self._script.popleft() if self._script else None
        if request.get("model") != self.model:
            return 404, {"error": f"model '{request.get('model')}' not found"}
        messages = request.get("messages") or []
        started = time.perf_counter_ns()
        if isinstance(scripted, int):
            return scripted, {"error": f"scripted failure {scripted}"}
        if isinstance(scripted, str):
            words = sum(len(str(m.get("content", "")).split()) for m in messages)
            raw = RawCompletion(scripted, words, max(1, len(scripted.split())))
        elif self.llm is None:
            return 500, {"error": "double has no model and nothing scripted"}
        else:
            raw = self._run_model(messages, request)
        took = time.perf_counter_ns() - started
        reply = {
            "model": self.model,
            "created_at": _now(),
            "message": {"role": "assistant", "content": raw.content},
            "done": True,
            "done_reason": "stop",
            "total_duration": took,
            "load_duration": 0,
            "prompt_eval_count": raw.prompt_tokens,
            "prompt_eval_duration": took // 3,
            "eval_count": raw.completion_tokens,
            "eval_duration": took - took // 3,
        }
        with self._lock:
            self.replies.append(reply)
        return 200, reply

    def _run_model(self, messages: list[dict[str, Any]], request: dict[str, Any]) -> RawCompletion:
        assert self.llm is not None
        fmt = request.get("format")
        schema: dict[str, Any] | None
        if isinstance(fmt, dict):
            schema = fmt
        elif fmt == "json":
            schema = {"type": "object"}
        else:
            schema = None
        options = request.get("options") or {}
        return self.llm.generate(
            [{"role": str(m["role"]), "content": str(m.get("content", ""))} for m in messages],
            schema,
            temperature=float(options.get("temperature", 0.8)),
            seed=int(options.get("seed", 0)),
            max_tokens=options.get("num_predict"),
        )

    def __enter__(self) -> OllamaDouble:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.double = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="ollama-double")
        self._thread.daemon = True
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
