"""A real ``tiermem serve`` app on loopback: uvicorn in a thread on a pre-bound socket,
one real ``Memory`` (embedded Redis, packaged MiniLM) shared by the apps of a module."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import uvicorn

from tiermem import Memory
from tiermem.service import KeyStore, ServiceSettings, create_app

FAST = ServiceSettings(
    rate_per_s=1000.0,
    burst=1000,
    auth_failures_per_s=1000.0,  # the key matrix sends many wrong keys on purpose
    auth_failures_burst=1000,
    timeout_s=30.0,
    max_body_bytes=65_536,
)


@contextmanager
def serve(memory: Memory, settings: ServiceSettings = FAST, **changes: object) -> Iterator[str]:
    """The base URL of an app on ``memory``, running until the block ends."""
    app = create_app(memory, KeyStore(memory.client), replace(settings, **changes))  # type: ignore[arg-type]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
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


@dataclass
class Service:
    """A running app and the headers of its keys: admin, users alice and bob (bob's as a
    Bearer token), agent bot."""

    url: str
    memory: Memory
    admin: dict[str, str]
    alice: dict[str, str]
    bob: dict[str, str]
    bot: dict[str, str]


@contextmanager
def running_service(tmp: Path, settings: ServiceSettings = FAST) -> Iterator[Service]:
    memory = Memory({"data_dir": str(tmp / "data"), "llm": "none", "policy": "heuristic"})
    store = KeyStore(memory.client)
    try:
        with serve(memory, settings) as url:
            yield Service(
                url,
                memory,
                admin={"X-API-Key": store.create(admin=True)[1]},
                alice={"X-API-Key": store.create(user_id="alice")[1]},
                bob={"Authorization": f"Bearer {store.create(user_id='bob')[1]}"},
                bot={"X-API-Key": store.create(agent_id="bot")[1]},
            )
    finally:
        memory.close()
