"""`python -m benchmarks scale`: tiermem on many nodes, sharing a Redis Cluster and PostgreSQL.

For 1, 2 and 4 nodes (N ``tiermem serve`` and N ``tiermem worker`` processes, each with its
own data dir standing for its own machine, all on loopback) it measures:
- adds/s and searches/s through HTTP, clients spread over the servers round-robin, and
  each server's share of the requests and its p50 (how evenly the work spreads);
- each worker's share of the consolidation work (observations it consolidated, from the
  roster's counts in Redis) against an even split;
- the catch-up lag of the hnswlib caches: an update of a long-term fact through one
  server, then the time until another server's ``get`` returns the new text.

Two cores cap the totals on this machine: more nodes share the same two cores, so the
figures to read are the spread and the lag, not a speed-up. Then, on paper for 1M
tenants: bytes per tenant per tier (measured here), the Redis and PostgreSQL sizes they
imply, and the hit rate of a node's cache of open tenants under Zipf-distributed tenant
activity (simulated).
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.local_postgres import running_postgres
from benchmarks.nodes import Deployment
from tiermem import Client
from tiermem.tiers import keys
from tiermem.tiers.redis_client import connect
from tiermem.tiers.redis_cluster import LocalCluster

EVEN_SPLIT_BAR = 0.20  # each worker's share within 20% of 1/N
NODE_SETTINGS = {
    "TIERMEM_REDIS_REPLICA_ACKS": "1",
    "TIERMEM_SHORT_TO_MID_INTERVAL_S": "1",
    "TIERMEM_MID_TO_LONG_INTERVAL_S": "1",
    "TIERMEM_PROMOTE_MIN_AGE_S": "0",
    "TIERMEM_PROMOTE_MIN_REINFORCEMENT": "1",
    "TIERMEM_LONG_SYNC_INTERVAL_S": "0.5",
}
PAPER_TENANTS = 1_000_000
PROFILE = {"short": 10, "mid": 40, "long": 200}  # items per tenant, for the paper sizing


def _sentence(rng: random.Random, n: int) -> str:
    things = ["tea", "cello", "harbour", "Lyon", "bees", "a red Golf", "Rex", "sourdough"]
    verbs = ["likes", "mentioned", "visited", "talked about", "is learning about"]
    return f"note {n}: the user {rng.choice(verbs)} {rng.choice(things)} on day {n % 97}"


def _drive(
    clients: list[Client], seconds: float, threads: int, call: str, users: list[str]
) -> dict[str, Any]:
    """``call`` ('add' or 'search') from ``threads`` threads for ``seconds``, each request
    to the next server in turn; requests per second, per-server counts and p50s."""
    stop = time.monotonic() + seconds
    done: list[list[float]] = [[] for _ in clients]
    errors = [0]
    lock = threading.Lock()

    def work(k: int) -> None:
        rng = random.Random(k)
        n = k
        while time.monotonic() < stop:
            server = n % len(clients)
            user = rng.choice(users)
            started = time.perf_counter()
            try:
                if call == "add":
                    clients[server].add(_sentence(rng, n), user_id=user)
                else:
                    clients[server].search("what does the user like?", user_id=user)
            except Exception:
                with lock:
                    errors[0] += 1
            else:
                with lock:
                    done[server].append(time.perf_counter() - started)
            n += threads

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    began = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    took = time.monotonic() - began
    total = sum(len(d) for d in done)
    return {
        "per_s": total / took,
        "errors": errors[0],
        "server_share": [len(d) / total if total else 0.0 for d in done],
        "server_p50_ms": [statistics.median(d) * 1000 if d else None for d in done],
    }


def _catch_up_lag(clients: list[Client], user: str, trials: int) -> list[float]:
    """Update a long-term fact through server 0; seconds until server 1 reads it."""
    facts = [f for f in clients[0].get_all(user_id=user)["results"] if f["tier"] == "long"]
    lags = []
    for n in range(trials):
        fact = facts[n % len(facts)]
        text = f"{fact['memory'].split(' (edit')[0]} (edit {n})"
        clients[0].update(fact["id"], text)
        began = time.monotonic()
        while (clients[1].get(fact["id"]) or {}).get("memory") != text:
            if time.monotonic() - began > 30:
                raise RuntimeError("a server never caught up with an update")
            time.sleep(0.01)
        lags.append(time.monotonic() - began)
    return lags


def hot_bytes_per_item(client: Any, users: list[str]) -> float:
    """Redis bytes per short/mid item: its payload, vector-set entry and hash index
    (MEMORY USAGE of those keys over the items they hold), measured right after adds."""
    used = items = 0
    for user in users:
        for tier in ("short", "mid"):
            tenant = f"u={user}"
            count = int(client.hlen(keys.items(tenant, tier)))
            if not count:
                continue
            items += count
            for name in (keys.items, keys.vectors, keys.hashes):
                used += int(client.memory_usage(name(tenant, tier), samples=0) or 0)
    return used / max(1, items)


def cold_bytes(client: Any, pg_url: str, users: list[str]) -> dict[str, float]:
    """After consolidation drained: Redis bytes per id that stays (its state, history and
    directory entry), PostgreSQL bytes per long fact (tables and indexes over rows)."""
    import sqlalchemy as sa

    used = ids = 0
    for user in users:
        tenant = f"u={user}"
        ids += int(client.hlen(keys.id_states(tenant)))
        for name in client.scan_iter(match=keys.tenant_pattern(tenant), count=1000):
            used += int(client.memory_usage(name, samples=0) or 0)
    buckets = keys.directory_buckets()
    directory = sum(int(client.memory_usage(b, samples=0) or 0) for b in buckets)
    listed = sum(int(client.hlen(b)) for b in buckets)
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        facts = conn.execute(sa.text("SELECT count(*) FROM long_facts")).scalar_one()
        size = conn.execute(
            sa.text(
                "SELECT pg_total_relation_size('long_facts') + "
                "pg_total_relation_size('long_tenants')"
            )
        ).scalar_one()
    engine.dispose()
    return {
        "redis_bytes_per_id": used / max(1, ids) + directory / max(1, listed),
        "postgres_bytes_per_fact": float(size) / max(1, int(facts)),
        "postgres_facts": float(facts),
    }


def lru_hit_rate(tenants: int, cache: int, exponent: float, requests: int, seed: int) -> float:
    """Share of requests whose tenant is already in an LRU of ``cache`` tenants, when
    tenant activity follows Zipf(``exponent``) over ``tenants`` tenants."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, tenants + 1) ** exponent
    draws = rng.choice(tenants, size=requests, p=weights / weights.sum())
    lru: OrderedDict[int, None] = OrderedDict()
    hits = 0
    warm = requests // 5
    for n, tenant in enumerate(draws.tolist()):
        if tenant in lru:
            lru.move_to_end(tenant)
            hits += n >= warm
        else:
            lru[tenant] = None
            if len(lru) > cache:
                lru.popitem(last=False)
    return hits / (requests - warm)


def paper(sizes: dict[str, float], requests: int) -> dict[str, Any]:
    """Per tier, bytes per tenant of the ``PROFILE`` tenant, and the totals for
    ``PAPER_TENANTS``: Redis holds the hot items and every id's state, history and
    directory entry; PostgreSQL the long-term facts; each node a cache of the tenants it
    serves (SQLite and the hnswlib snapshot, on disk)."""
    hot, per_id = sizes["hot_bytes_per_item"], sizes["redis_bytes_per_id"]
    tiers = {
        "short": {"redis": PROFILE["short"] * (hot + per_id)},
        "mid": {"redis": PROFILE["mid"] * (hot + per_id)},
        "long": {
            "redis": PROFILE["long"] * per_id,
            "postgres": PROFILE["long"] * sizes["postgres_bytes_per_fact"],
            "node_cache": PROFILE["long"] * sizes["cache_bytes_per_fact"],
        },
    }
    per_tenant_redis = sum(t["redis"] for t in tiers.values())
    per_tenant_pg = tiers["long"]["postgres"]
    hit = {
        f"zipf {s}": {
            str(c): lru_hit_rate(PAPER_TENANTS, c, s, requests, seed=7) for c in (1_000, 10_000)
        }
        for s in (0.8, 1.0, 1.2)
    }
    return {
        "tenants": PAPER_TENANTS,
        "profile": PROFILE,
        "bytes_per_tenant": tiers,
        "redis_bytes_per_tenant": per_tenant_redis,
        "postgres_bytes_per_tenant": per_tenant_pg,
        "redis_gb": per_tenant_redis * PAPER_TENANTS / 1e9,
        "postgres_gb": per_tenant_pg * PAPER_TENANTS / 1e9,
        "cache_hit_rate": hit,
    }


def cache_bytes_per_fact(deployment: Deployment, facts: float) -> float:
    """Disk of the servers' long-term caches (SQLite files and hnswlib snapshots) per
    fact each holds: every server read every tenant by then (the search phase)."""
    servers = [n for n in deployment.nodes if n.kind == "serve"]
    used = sum(
        f.stat().st_size for n in servers for f in (n.data_dir / "long").rglob("*") if f.is_file()
    )
    return used / max(1.0, facts * len(servers))


def measure(n: int, cluster: LocalCluster, pg_url: str, root: Path, quick: bool) -> dict[str, Any]:
    seconds = 8.0 if quick else 20.0
    users = [f"user{k}" for k in range(60 if quick else 200)]
    deployment = Deployment(root / f"nodes{n}", cluster.url, pg_url, dict(NODE_SETTINGS))
    with deployment:
        deployment.start(servers=n, workers=0)
        clients = [Client(s.url or "", api_key=deployment.admin_key) for s in deployment.servers]
        adds = _drive(clients, seconds, threads=4, call="add", users=users)
        client = connect(cluster.url, cluster=True)
        hot = hot_bytes_per_item(client, users)  # every add still in the short tier
        observations = sum(int(client.hlen(keys.items(f"u={u}", "short"))) for u in users)
        for k in range(n):  # the workers start once the adds are in: they drain them
            deployment.add_worker(f"worker{k}")
        deployment.wait_ready(timeout_s=180)
        drain_s = deployment.wait_drained(timeout_s=900)
        searches = _drive(clients, seconds, threads=4, call="search", users=users)
        raw = client.hgetall(keys.WORKER_WORK)
        work = sorted(int(v) for v in raw.values())
        total = sum(work)
        shares = [w / total for w in work] if total else []
        lags = _catch_up_lag(clients, users[0], 10 if quick else 30) if n > 1 else []
        sizes = {"hot_bytes_per_item": hot, **cold_bytes(client, pg_url, users)} if n == 1 else {}
        client.close()
        for c in clients:
            c.close()
    if sizes:  # the servers saved their snapshots on the way out
        sizes["cache_bytes_per_fact"] = cache_bytes_per_fact(deployment, sizes["postgres_facts"])
    return {
        "nodes": n,
        "adds": adds,
        "searches": searches,
        "observations": observations,
        "drain_s": drain_s,
        "consolidated_per_s": observations / drain_s if drain_s else None,
        "worker_shares": shares,
        "worker_max_deviation": max((abs(s * n - 1) for s in shares), default=0.0),
        "catch_up_lag_s": lags,
        "sizes": sizes,
    }


def _flush(cluster: LocalCluster) -> None:
    for node in cluster.primaries():
        node.client().flushall()


def report(result: dict[str, Any]) -> list[str]:
    lines = [
        "# scale",
        "",
        "N `tiermem serve` + N `tiermem worker` processes, each its own data dir, one Redis "
        "Cluster (3 primaries, 3 replicas, `redis_replica_acks=1`) and one PostgreSQL, on "
        "loopback, 2 cores in all. Clients: 4 threads, servers in turn. Adds run first, "
        "with no worker; then the workers start and drain every observation into "
        "PostgreSQL (consolidated obs/s); then searches; then the lag: an update through "
        "server 0, read through server 1 (`long_sync_interval_s` = "
        f"{NODE_SETTINGS['TIERMEM_LONG_SYNC_INTERVAL_S']} s).",
        "",
        "| nodes | adds/s | searches/s | consolidated obs/s | per-server share of requests "
        "| per-server search p50 | worker shares (bar: within 20% of 1/N) "
        "| catch-up lag p50 / p95 / max |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        lag = r["catch_up_lag_s"]
        lag_text = (
            f"{np.percentile(lag, 50) * 1000:.0f} / {np.percentile(lag, 95) * 1000:.0f} / "
            f"{max(lag) * 1000:.0f} ms"
            if lag
            else "n/a (one server)"
        )
        lines.append(
            f"| {r['nodes']} | {r['adds']['per_s']:.1f} | {r['searches']['per_s']:.1f} | "
            f"{r['consolidated_per_s']:.0f} | "
            f"{', '.join(f'{s:.2f}' for s in r['searches']['server_share'])} | "
            f"{', '.join(f'{p:.1f} ms' for p in r['searches']['server_p50_ms'] if p)} | "
            f"{', '.join(f'{s:.2f}' for s in r['worker_shares'])} "
            f"(max deviation {r['worker_max_deviation']:.0%}) | {lag_text} |"
        )
    restarts = result.get("redis_restarts", [])
    lines += [
        "",
        f"Redis nodes restarted by the cluster's supervision during the run: {len(restarts)}"
        + (
            f" ({'; '.join(restarts)}: redis-server 8.2's VREM crash, redis/redis#15424; "
            "writes to the shard were refused, never acknowledged unreplicated, until the "
            "node was back)"
            if restarts
            else ""
        )
        + ".",
    ]
    p = result["paper"]
    lines += [
        "",
        f"On paper, {p['tenants']:,} tenants of {p['profile']['short']} short, "
        f"{p['profile']['mid']} mid and {p['profile']['long']} long-term items each "
        "(bytes per item measured in the one-node run):",
        "",
        "| tier | Redis per tenant | PostgreSQL per tenant | a node's cache per tenant |",
        "|---|---|---|---|",
        *(
            f"| {tier} | {b['redis'] / 1024:,.1f} KiB | "
            + (f"{b['postgres'] / 1024:,.1f} KiB | " if "postgres" in b else "- | ")
            + (f"{b['node_cache'] / 1024:,.1f} KiB |" if "node_cache" in b else "- |")
            for tier, b in p["bytes_per_tenant"].items()
        ),
        "",
        f"- Redis: {p['redis_bytes_per_tenant'] / 1024:,.1f} KiB per tenant, "
        f"{p['redis_gb']:,.0f} GB in all (spread over the cluster's primaries; double it "
        "with one replica each).",
        f"- PostgreSQL: {p['postgres_bytes_per_tenant'] / 1024:,.1f} KiB per tenant, "
        f"{p['postgres_gb']:,.0f} GB in all.",
        "- Hit rate of one node's cache of open tenants (LRU, simulated), by Zipf exponent of "
        "tenant activity and cache size:",
        "",
        "| activity | 1,000 tenants cached | 10,000 tenants cached |",
        "|---|---|---|",
    ]
    for name, rates in p["cache_hit_rate"].items():
        lines.append(f"| {name} | {rates['1000']:.1%} | {rates['10000']:.1%} |")
    return lines


def run(
    out_dir: Path, quick: bool = False, *, nodes: tuple[int, ...] | None = None
) -> dict[str, Any]:
    nodes = nodes or ((1, 2) if quick else (1, 2, 4))
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"quick": quick, "runs": []}
    with (
        tempfile.TemporaryDirectory(prefix="tiermem-scale-") as tmp,
        LocalCluster(Path(tmp) / "redis") as cluster,
        running_postgres(durable=True) as postgres,
    ):
        for n in nodes:
            _flush(cluster)
            pg_url = postgres.new_database()
            result["runs"].append(measure(n, cluster, pg_url, Path(tmp), quick))
        result["redis_restarts"] = list(cluster.restarts)
    sizes = next(r["sizes"] for r in result["runs"] if r["sizes"])
    result["paper"] = paper(sizes, requests=200_000 if quick else 1_000_000)
    lines = report(result)
    (out_dir / "scale.json").write_text(json.dumps(result, indent=2))
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return result
