"""tiermem on a real Redis Cluster: 3 primaries and 3 replicas started from the same
redis-server binary as the embedded server (``LocalCluster``).

What is proved here:
- every public call works unchanged on a cluster (every MULTI stays in one tenant's slot);
- a tenant's keys all hash to one slot, and the only keys outside a tenant's tag are the
  global registries (id directory buckets, tenant list, embedder identity, API keys);
- with ``redis_replica_acks=1``, a primary SIGKILLed in the middle of a load loses no
  acknowledged add: every id ``add()`` returned is found after the failover, by a process
  that connects afresh.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_util import InProcess, in_process
from conftest import MemoryFactory
from redis.cluster import RedisCluster
from redis.crc import key_slot

from tiermem import Memory
from tiermem.service.keys import KeyStore
from tiermem.tiers import keys
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.redis_cluster import LocalCluster


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    with LocalCluster(tmp_path_factory.mktemp("cluster")) as running:
        yield running


@pytest.fixture
def on_cluster(make_memory: MemoryFactory, cluster: LocalCluster) -> Memory:
    memory = make_memory(redis_url=cluster.url)
    memory.reset()
    return memory


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    return in_process(monkeypatch, capsys)


def test_the_client_is_a_cluster_client_found_by_asking(on_cluster: Memory) -> None:
    assert isinstance(on_cluster.stores.client, RedisCluster)


def test_every_call_works_on_a_cluster(on_cluster: Memory) -> None:
    m = on_cluster
    first = m.add("I live in Paris", user_id="alice")["results"][0]["id"]
    m.add(
        [
            {"role": "user", "content": "My sister Ana is a nurse"},
            {"role": "user", "content": "I play the cello on Sundays"},
        ],
        user_id="alice",
    )
    m.add("My dog is called Rex", user_id="bob", agent_id="helper")
    assert m.search("where do I live?", user_id="alice")["results"][0]["id"] == first

    report = m.consolidate()
    assert set(report["tenants"]) == {"u=alice", "u=bob"}
    assert report["failed_tenants"] == {}
    assert (m.get(first) or {}).get("tier") == "long"

    m.update(first, "I live in Berlin")
    assert (m.get(first) or {}).get("memory") == "I live in Berlin"
    events = [e["event"] for e in m.history(first)]
    assert events[:3] == ["ADD", "EXTRACT", "PROMOTE"] and "UPDATE" in events

    assert m.search("where do I live?", user_id="alice")["results"][0]["memory"] == (
        "I live in Berlin"
    )
    bob = m.get_all(user_id="bob", agent_id="helper")["results"]
    assert [r["memory"] for r in bob] == ["My dog is called Rex"]
    assert m.delete_all(user_id="bob", agent_id="helper")["deleted"] == 1
    assert m.get_all(user_id="bob", agent_id="helper")["results"] == []
    assert m.history(bob[0]["id"])[-1]["event"] == "DELETE"
    assert sorted(keys.text(t) for t in m.stores.client.smembers(keys.TENANTS)) == ["u=alice"]

    m.delete(first)
    assert m.get(first) is None
    assert m.history(first)[-1]["event"] == "DELETE"


def test_a_tenant_lives_in_one_slot_and_only_registries_are_global(
    on_cluster: Memory, cluster: LocalCluster
) -> None:
    m = on_cluster
    for user in ("alice", "bob", "carol"):
        m.add(f"{user} likes green tea", user_id=user)
        m.add(f"{user} works at the harbour", user_id=user)
    m.consolidate()
    m.add("a fresh observation", user_id="alice")
    client = m.stores.client
    assert isinstance(client, RedisCluster)
    names = [keys.text(k) for k in client.scan_iter(match="tm:*", count=1000)]
    slots: dict[str, set[int]] = {}
    global_keys = set()
    for name in names:
        tag = name[name.index("{") + 1 : name.index("}")] if "{" in name else None
        if tag is None or name.startswith("tm:dir:"):
            global_keys.add(name.split("{")[0])
            continue
        slots.setdefault(tag, set()).add(key_slot(name.encode()))
    assert set(slots) == {"u=alice", "u=bob", "u=carol"}
    assert all(len(s) == 1 for s in slots.values())
    assert global_keys <= {"tm:meta", "tm:tenants", "tm:dir:", "tm:apikeys"}
    assert "tm:dir:" in global_keys and keys.LEGACY_ID_REGISTRY not in names
    # the three tenants are spread over more than one primary
    owners = {client.get_node_from_key(f"tm:{{{t}}}:x").name for t in slots}
    assert len(owners) >= 2


def test_api_keys_and_export_import_on_a_cluster(
    on_cluster: Memory,
    cluster: LocalCluster,
    run: InProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = KeyStore(on_cluster.stores.client)
    record, secret = store.create(user_id="alice")
    assert store.verify(secret) == record
    on_cluster.add("I drive a red Golf", user_id="alice")
    on_cluster.consolidate()
    on_cluster.add("I bake bread on Fridays", user_id="alice")
    monkeypatch.setenv("TIERMEM_REDIS_URL", cluster.url)
    # the same data dir: without a shared long-term store, long facts live on its disk
    code, exported, err = run(on_cluster.config.data_dir, "export", "--user-id", "alice")
    assert code == 0, err
    on_cluster.reset()
    assert on_cluster.get_all(user_id="alice")["results"] == []
    file = tmp_path / "alice.jsonl"
    file.write_text(exported, encoding="utf-8")
    code, _, err = run(on_cluster.config.data_dir, "import", str(file))
    assert code == 0, err
    texts = {r["memory"]: r["tier"] for r in on_cluster.get_all(user_id="alice")["results"]}
    assert texts == {"I drive a red Golf": "long", "I bake bread on Fridays": "short"}
    assert store.verify(secret) == record  # reset keeps API keys


class Load:
    """Adds from two threads to tenants spread over every primary, recording what was
    acknowledged (the id returned) and what failed (an exception: not acknowledged)."""

    def __init__(self, memory: Memory, users: list[str]) -> None:
        self.memory = memory
        self.users = users
        self.acked: dict[str, str] = {}  # id -> user
        self.acked_at: list[float] = []
        self.failed = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()

    def work(self, offset: int) -> None:
        n = offset
        while not self.stop.is_set():
            user = self.users[n % len(self.users)]
            try:
                out = self.memory.add(f"note {n} from {user}", user_id=user)
            except Exception:
                with self._lock:
                    self.failed += 1
                time.sleep(0.02)
            else:
                with self._lock:
                    self.acked[out["results"][0]["id"]] = user
                    self.acked_at.append(time.monotonic())
            n += 2


def test_a_killed_primary_loses_no_acknowledged_add(
    make_memory: MemoryFactory, tmp_path: Path
) -> None:
    settings: dict[str, Any] = {"redis_replica_acks": 1, "redis_replica_ack_timeout_ms": 2000}
    with LocalCluster(tmp_path / "failover") as cluster:
        memory = make_memory(tmp_path / "node", redis_url=cluster.url, **settings)
        client = memory.stores.client
        assert isinstance(client, RedisCluster)
        victim = cluster.primaries()[0]
        users = [f"user{n}" for n in range(24)]
        on_victim = [
            u for u in users if client.get_node_from_key(f"tm:{{u={u}}}:x").port == victim.port
        ]
        assert on_victim, "some tenants must live on the primary that is killed"

        load = Load(memory, users)
        threads = [threading.Thread(target=load.work, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(1.5)
            before_kill = len(load.acked)
            killed_at = time.monotonic()
            cluster.kill(victim)
            promoted = cluster.wait_for_failover(victim, timeout_s=30)
            # Until a replica is back, the promoted primary cannot get a replica's ack:
            # its adds are refused (ReplicationError), never acknowledged unreplicated.
            cluster.revive(victim, promoted)
            revived_at = time.monotonic()
            time.sleep(1.5)
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(timeout=60)
        assert before_kill > 20
        assert sum(t > revived_at for t in load.acked_at) > 20, "the load went on"
        assert any(t > killed_at for t in load.acked_at)
        victims_acked = [i for i, u in load.acked.items() if u in on_victim]
        assert len(victims_acked) > 20

        # A process that connects afresh, through the promoted replica, finds every id.
        fresh = make_memory(tmp_path / "other-node", redis_url=promoted.url, **settings)
        missing = [i for i in load.acked if fresh.get(i) is None]
        assert missing == [], f"{len(missing)} of {len(load.acked)} acknowledged adds lost"
        for user in on_victim:
            stored = {r["id"] for r in fresh.get_all(user_id=user, limit=10_000)["results"]}
            assert {i for i, u in load.acked.items() if u == user} <= stored


def test_a_crashed_primary_is_restarted_only_after_its_replica_took_over(
    tmp_path: Path,
) -> None:
    """A node that dies on its own (redis-server 8.2 can crash in VREM) is restarted by
    supervision. Without persistence, a primary restarted before the failover would come
    back empty and still primary, and its replica would copy the empty set: every
    acknowledged write of its slots gone (a CI run lost a whole tenant that way). So a
    crashed primary with a live replica waits for the failover and rejoins as a replica."""
    with LocalCluster(tmp_path / "crash") as cluster:
        client = RedisCluster(host="127.0.0.1", port=cluster.nodes[0].port, protocol=2)
        victim = cluster.primaries()[0]
        names = [f"k{n}" for n in range(400)]
        mine = [k for k in names if client.get_node_from_key(k).port == victim.port]
        assert mine
        node = client.get_node_from_key(mine[0])
        for key in mine:
            client.set(key, b"acknowledged")
        assert client.execute_command("WAIT", 1, 2000, target_nodes=node) >= 1
        os.kill(victim.process.pid, signal.SIGKILL)  # a crash, not ``cluster.kill``
        victim.process.wait()
        deadline = time.monotonic() + 60
        while not (victim.alive and cluster.restarts):
            assert time.monotonic() < deadline, "supervision never restarted the node"
            time.sleep(0.1)
        role = victim.client().execute_command("ROLE")
        assert role[0] == b"slave", "restarted as a primary, before its replica took over"
        fresh = RedisCluster(host="127.0.0.1", port=victim.port, protocol=2)
        assert [fresh.get(k) for k in mine] == [b"acknowledged"] * len(mine)
        fresh.close()
        client.close()


def test_tiermem_redis_cluster_runs_one_and_brings_it_back(
    make_memory: MemoryFactory, tmp_path: Path
) -> None:
    """The README's command: it prints the URL to use, stops on SIGTERM, and started
    again on the same --dir brings the same cluster back, data included (AOF)."""
    folder = tmp_path / "cluster"

    def launch() -> tuple[subprocess.Popen[str], str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tiermem", "redis-cluster", "--dir", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("TIERMEM_REDIS_URL="):
                return proc, line.strip().split("=", 1)[1]
        raise AssertionError("".join(lines))

    def stop(proc: subprocess.Popen[str]) -> None:
        proc.terminate()
        try:
            code = proc.wait(timeout=45)
        except subprocess.TimeoutExpired:
            proc.kill()
            logs = {
                log.parent.name: log.read_text(errors="replace").splitlines()[-8:]
                for log in sorted(folder.glob("node*/redis.log"))
            }
            raise AssertionError(f"redis-cluster did not stop on SIGTERM; logs: {logs}") from None
        assert code == 0

    proc, url = launch()
    try:
        first = make_memory(tmp_path / "a", redis_url=url)
        kept = first.add("I keep a boat in Brest", user_id="zoe")["results"][0]["id"]
        first.close()
    finally:
        stop(proc)
    proc, url = launch()
    try:
        again = make_memory(tmp_path / "a", redis_url=url)
        assert (again.get(kept) or {}).get("memory") == "I keep a boat in Brest"
        again.close()
    finally:
        stop(proc)
    # Each node shut down cleanly both times (AOF flushed), none was SIGKILLed: a replica
    # still writing its first AOF after a sync refuses the first SIGTERM.
    for log in folder.glob("node*/redis.log"):
        assert log.read_text(errors="replace").count("ready to exit, bye bye") == 2, log


def test_an_add_racing_with_unlisting_lists_its_tenant_again(on_cluster: Memory) -> None:
    """The interleaving a ``delete_all`` and an ``add`` can take on a cluster: the add's
    claim lists the tenant, the unlisting runs (the tenant still looks empty), then the
    add's MULTI lands. The MULTI finds the unlisted marker and the tenant is listed again;
    a MULTI that does not ask for the marker (``relist=False``) leaves it unlisted."""
    stores = on_cluster.stores
    client = stores.client

    def listed(tenant: str) -> bool:
        return bool(client.sismember(keys.TENANTS, tenant))

    for relist in (True, False):
        tenant, memory_id = f"u=race{relist}", ("ab" if relist else "cd") * 16
        claim = stores.registry.claim(tenant, [memory_id])
        assert listed(tenant)
        stores.unlist_if_empty(tenant)
        assert not listed(tenant)
        with client.pipeline(transaction=True) as pipe:
            IdRegistry.set(pipe, memory_id, tenant, "short")
            claim.stage(pipe, relist=relist)
            claim.settle(pipe.execute())
        assert listed(tenant) is relist
        assert stores.registry.lookup(memory_id) == (tenant, "short")


def test_a_node_that_dies_on_its_own_is_restarted(cluster: LocalCluster) -> None:
    """Supervision, as a process manager gives it: a replica that exits without being
    killed on purpose is started again and rejoins its primary."""
    replica = next(n for n in cluster.nodes if n.master_port not in (None, -1) and n.alive)
    before = len(cluster.restarts)
    os.kill(replica.process.pid, signal.SIGKILL)  # not cluster.kill(): a crash
    deadline = time.monotonic() + 30
    while not (replica.alive and len(cluster.restarts) > before):
        assert time.monotonic() < deadline, "the node was not restarted"
        time.sleep(0.1)
    assert cluster.restarts[-1].startswith(f"{replica.port}: ")
    while replica.client().info("replication").get("master_link_status") != "up":
        assert time.monotonic() < deadline, "the restarted replica did not rejoin"
        time.sleep(0.1)
