"""Many tiermem nodes on one machine: ``tiermem serve`` and ``tiermem worker`` processes,
each with its own data dir standing for its own machine, sharing one Redis (a cluster)
and one long-term store (PostgreSQL). The multi-node tests and ``python -m benchmarks
scale`` start their deployments here.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tiermem.tiers import keys
from tiermem.tiers.redis_client import connect
from tiermem.tiers.redis_process import spawn_logged


@dataclass
class Node:
    kind: str  # "serve" or "worker"
    name: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    url: str | None = None  # servers only
    killed: bool = False

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Deployment:
    """Servers and workers on loopback; ``settings`` are TIERMEM_* values for every node."""

    root: Path
    redis_url: str
    long_store_url: str | None
    settings: dict[str, str] = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    admin_key: str = ""

    def env(self, data_dir: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TIERMEM_")}
        env.update(
            {
                "TIERMEM_DATA_DIR": str(data_dir),
                "TIERMEM_REDIS_URL": self.redis_url,
                "TIERMEM_LLM": "none",
                "TIERMEM_POLICY": "heuristic",
                "TIERMEM_SERVICE_RATE_PER_S": "1000000",
                "TIERMEM_SERVICE_BURST": "1000000",
                "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1",
            }
        )
        if self.long_store_url:
            env["TIERMEM_LONG_STORE_URL"] = self.long_store_url
        env.update(self.settings)
        return env

    @property
    def servers(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "serve" and n.alive]

    @property
    def workers(self) -> list[Node]:
        return [n for n in self.nodes if n.kind == "worker" and n.alive]

    def create_admin_key(self) -> str:
        folder = self.root / "keys"
        made = subprocess.run(
            [sys.executable, "-m", "tiermem", "keys", "create", "--admin"],
            env=self.env(folder),
            capture_output=True,
            text=True,
            check=True,
        )
        self.admin_key = made.stdout.strip().splitlines()[-1]
        return self.admin_key

    def start(self, servers: int, workers: int, timeout_s: float = 180.0) -> Deployment:
        if not self.admin_key:
            self.create_admin_key()
        for n in range(servers):
            self.add_server(f"server{n}")
        for n in range(workers):
            self.add_worker(f"worker{n}")
        self.wait_ready(timeout_s)
        return self

    def add_server(self, name: str) -> Node:
        data_dir = self.root / name
        port = free_port()
        node = Node(
            "serve", name, data_dir, self._spawn(name, data_dir, "serve", "--port", str(port))
        )
        node.url = f"http://127.0.0.1:{port}"
        self.nodes.append(node)
        return node

    def add_worker(self, name: str) -> Node:
        data_dir = self.root / name
        node = Node("worker", name, data_dir, self._spawn(name, data_dir, "worker"))
        self.nodes.append(node)
        return node

    def _spawn(self, name: str, data_dir: Path, *argv: str) -> subprocess.Popen[bytes]:
        data_dir.mkdir(parents=True, exist_ok=True)
        return spawn_logged(
            [sys.executable, "-m", "tiermem", *argv],
            self.root / f"{name}.log",
            env=self.env(data_dir),
            append=True,
        )

    def wait_ready(self, timeout_s: float) -> None:
        """Every server answers /health and every worker has announced itself."""
        deadline = time.monotonic() + timeout_s
        for node in self.nodes:
            if node.kind != "serve" or node.killed:
                continue
            while True:
                if not node.alive:
                    raise RuntimeError(f"{node.name} exited: {self.log(node)[-2000:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(f"{node.url}/health", timeout=2).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{node.name} did not start: {self.log(node)[-2000:]}")
                time.sleep(0.2)
        while any(n.kind == "worker" and n.alive for n in self.nodes):
            started = [n for n in self.workers if "worker started" in self.log(n)]
            if len(started) == len(self.workers):
                return
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not start")
            time.sleep(0.2)

    def wait_drained(self, timeout_s: float) -> float:
        """Seconds until no tenant has short or mid items left: every add consolidated
        into the long tier."""
        client = connect(self.redis_url, cluster=None)  # a cluster or one server: asked
        began = time.monotonic()
        try:
            while time.monotonic() - began < timeout_s:
                tenants = [keys.text(t) for t in client.smembers(keys.TENANTS)]
                with client.pipeline(transaction=False) as pipe:
                    for tenant in tenants:
                        pipe.hlen(keys.items(tenant, "short"))
                        pipe.hlen(keys.items(tenant, "mid"))
                    left = sum(int(n) for n in pipe.execute())
                if tenants and left == 0:
                    return time.monotonic() - began
                time.sleep(0.3)
        finally:
            client.close()
        raise RuntimeError(f"consolidation did not drain in {timeout_s} s: {self.root}")

    def log(self, node: Node) -> str:
        path = self.root / f"{node.name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, node: Node) -> None:
        """SIGKILL, as a machine that loses power: no shutdown code runs."""
        node.killed = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(node.process.pid, signal.SIGKILL)
        node.process.wait()

    def stop(self) -> None:
        for node in self.nodes:
            if node.alive:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(node.process.pid, signal.SIGTERM)
        for node in self.nodes:
            try:
                node.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill(node)

    def __enter__(self) -> Deployment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
