"""A real ``tiermem serve`` app on loopback: uvicorn in a thread on a pre-bound socket,
one real ``Memory`` (embedded Redis, packaged MiniLM) shared by the apps of a module."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import uvicorn

from tiermem import Memory
from tiermem.service import KeyStore, ServiceSettings, create_app

FAST = ServiceSettings(rate_per_s=1000.0, burst=1000, timeout_s=30.0, max_body_bytes=65_536)


@contextmanager
def serve(memory: Memory, settings: ServiceSettings = FAST, **changes: object) -> Iterator[str]:
    """The base URL of an app on ``memory``, running until the block ends."""
    app = create_app(memory, KeyStore(memory.client), replace(settings, **changes))  # type: ignore[arg-type]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
