"""A real ``tiermem serve`` under load, and killed with SIGKILL in the middle of it.

32 concurrent clients mix adds and searches over 50 tenants; every add the server
acknowledged (a 200 with ids) must be there afterwards, also across a kill -9 of the
server process and a restart on the same data dir. Latencies are printed (pytest -s)."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

CLIENTS = 32
TENANTS = 50
SECONDS = 12.0
ROOT = Path(__file__).resolve().parents[1]


def _env(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TIERMEM_DATA_DIR": str(data),
        "TIERMEM_LLM": "none",
        "TIERMEM_REDIS_APPENDFSYNC": "always",
        "TIERMEM_SERVICE_RATE_PER_S": "100000",  # the load, not the per-key limit, is tested
        "TIERMEM_SERVICE_BURST": "100000",
        "PYTHONPATH": str(ROOT),
    }


def _admin_key(data: Path) -> str:
    made = subprocess.run(
        [sys.executable, "-m", "tiermem", "keys", "create", "--admin"],
        env=_env(data),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return made.stdout.strip().splitlines()[-1]


def _serve(data: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tiermem", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(data),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("tiermem serve did not come up")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Load:
    """Clients adding and searching until told to stop; what was acknowledged, kept."""

    def __init__(self, url: str, key: str) -> None:
        self.url, self.key = url, key
        self.acked: list[tuple[str, str]] = []  # (user_id, memory id)
        self.latencies: dict[str, list[float]] = {"add": [], "search": []}
        self.errors: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def client(self, n: int, tolerate_down: threading.Event) -> None:
        rng = random.Random(n)
        with httpx.Client(base_url=self.url, headers={"X-API-Key": self.key}, timeout=30) as h:
            while not self.stop.is_set():
                user = f"user{rng.randrange(TENANTS)}"
                kind = "add" if rng.random() < 0.5 else "search"
                t0 = time.perf_counter()
                try:
                    if kind == "add":
                        body = {
                            "messages": [{"role": "user", "content": f"note {n}-{rng.random()}"}],
                            "user_id": user,
                        }
                        r = h.post("/memories", json=body)
                    else:
                        r = h.post("/search", json={"query": "note", "filters": {"user_id": user}})
                except httpx.HTTPError as exc:
                    if not tolerate_down.is_set():
                        with self.lock:
                            self.errors.append(f"{kind}: {exc!r}")
                    time.sleep(0.05)
                    continue
                took = (time.perf_counter() - t0) * 1000
                with self.lock:
                    if r.status_code != 200:
                        if not (tolerate_down.is_set() and r.status_code >= 500):
                            self.errors.append(f"{kind}: {r.status_code} {r.text[:200]}")
                        continue
                    self.latencies[kind].append(took)
                    if kind == "add":
                        self.acked += [(user, m["id"]) for m in r.json()["results"]]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))] if ordered else 0.0


def test_load_with_a_kill_9_loses_no_acknowledged_add(tmp_path: Path) -> None:
    data = tmp_path / "served"
    key = _admin_key(data)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = _serve(data, port)
    load = Load(url, key)
    down = threading.Event()
    threads = [
        threading.Thread(target=load.client, args=(n, down), daemon=True) for n in range(CLIENTS)
    ]
    try:
        for t in threads:
            t.start()
        time.sleep(SECONDS / 2)
        down.set()  # from here on, refused connections are the crash, not an error
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        server = _serve(data, port)
        time.sleep(SECONDS / 2)
        load.stop.set()
        for t in threads:
            t.join(timeout=60)
        assert not load.errors, load.errors[:5]
        assert load.acked and load.latencies["search"]
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as h:
            for user in sorted({u for u, _ in load.acked}):
                stored = {
                    m["id"] for m in h.get("/memories", params={"user_id": user}).json()["results"]
                }
                mine = {i for u, i in load.acked if u == user}
                assert mine <= stored, f"{len(mine - stored)} acknowledged adds of {user} lost"
        print(
            f"\nload: {len(load.acked)} acknowledged adds, "
            f"add p50 {_pct(load.latencies['add'], 50):.0f} ms "
            f"p95 {_pct(load.latencies['add'], 95):.0f} ms, "
            f"search p50 {_pct(load.latencies['search'], 50):.0f} ms "
            f"p95 {_pct(load.latencies['search'], 95):.0f} ms"
        )
    finally:
        load.stop.set()
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
