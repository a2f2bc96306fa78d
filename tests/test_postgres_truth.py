"""PostgreSQL as the long-term truth, against a real server these tests start themselves.

Every test gets a fresh database on one throwaway server (``benchmarks.local_postgres``). Nodes are
``Memory`` objects (or bare shards) with their own data dirs sharing that database, and,
for ``Memory``, one Redis: exactly how two machines of a deployment share them.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from cli_util import in_process
from conftest import DAY, MemoryFactory
from test_long_tier import DIM, IDENTITY, make_item, random_vectors

from benchmarks.local_postgres import PostgresServer, running_postgres
from tiermem import ManualClock, Memory
from tiermem.config import TiermemConfig
from tiermem.errors import EmbedderMismatchError, InvalidInputError, LongStoreError
from tiermem.tiers.long import DB_FILE
from tiermem.tiers.long.truth import ReplicatedShard, ReplicatedShards, TruthStore

REPO = Path(__file__).resolve().parents[1]
INTERVAL = 0.25  # the sync interval of the multi-node tests


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    return postgres.new_database()


def sql(url: str, statement: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of a statement run straight on the server, not through tiermem."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        cursor = conn.execute(statement, params)  # type: ignore[arg-type]
        return list(cursor.fetchall()) if cursor.description else []


def node(make_memory: MemoryFactory, folder: Path, url: str, **config: object) -> Memory:
    """A Memory on its own data dir; the second and later nodes join the first's Redis."""
    config.setdefault("long_sync_interval_s", INTERVAL)
    return make_memory(data_dir=folder, long_store_url=url, promote_min_age_s=DAY, **config)


def joined(make_memory: MemoryFactory, first: Memory, folder: Path, url: str) -> Memory:
    assert first._server is not None
    return node(make_memory, folder, url, redis_url=first._server.url)


def to_long(memory: Memory, clock: ManualClock, *texts: str, user: str = "alice") -> list[str]:
    """Add ``texts`` and consolidate them into the long tier; their long-term ids."""
    for text in texts:
        memory.add(text, user_id=user)
    clock.advance(2 * DAY)
    memory.consolidate()
    long_ids = {m["memory"]: m["id"] for m in memory.get_all(user_id=user, tier="long")["results"]}
    assert set(texts) <= set(long_ids), f"not all of {texts} reached the long tier: {long_ids}"
    return [long_ids[text] for text in texts]


def texts_found(memory: Memory, query: str, user: str = "alice") -> list[str]:
    return [hit["memory"] for hit in memory.search(query, user_id=user, limit=10)["results"]]


def shard_on(
    folder: Path, url: str, tenant: str = "t1", **options: Any
) -> tuple[ReplicatedShard, TruthStore]:
    truth = TruthStore(url, embedder_identity=IDENTITY, dim=DIM)
    found = ReplicatedShard(
        folder,
        tenant=tenant,
        truth=truth,
        sync_interval_s=0.0,
        dim=DIM,
        embedder_identity=IDENTITY,
        flat_limit=0,  # an hnswlib graph from the first fact
        **options,
    )
    return found, truth


# --------------------------------------------------------------------------- Memory


def test_memory_end_to_end_keeps_the_truth_in_postgres(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, pg_url: str
) -> None:
    memory = node(make_memory, tmp_path / "a", pg_url, long_memory_budget_mb=64)
    assert memory.stores.long.shards.memory_budget_bytes == 64 * 1024 * 1024
    paris, nurse = to_long(memory, clock, "I live in Paris", "I work as a nurse")
    rows = sql(pg_url, "SELECT id, memory, deleted, seq FROM long_facts ORDER BY seq")
    assert {r[0] for r in rows} == {paris, nurse}
    assert {r[1] for r in rows} == {"I live in Paris", "I work as a nurse"}
    [(tenant, seq)] = sql(pg_url, "SELECT tenant, seq FROM long_tenants")
    assert seq == max(r[3] for r in rows)
    assert texts_found(memory, "where does the user live")[0] == "I live in Paris"

    memory.update(paris, "I live in Lisbon")
    [current] = sql(pg_url, "SELECT memory, superseded_by FROM long_facts WHERE id = %s", paris)
    assert current == ("I live in Lisbon", None)
    versions = sql(
        pg_url, "SELECT memory, valid_to FROM long_facts WHERE superseded_by = %s", paris
    )
    assert [v[0] for v in versions] == ["I live in Paris"] and versions[0][1] is not None
    assert texts_found(memory, "where does the user live")[0] == "I live in Lisbon"
    assert [e["event"] for e in memory.history(paris)][-1] == "UPDATE"

    memory.delete(nurse)
    [gone] = sql(pg_url, "SELECT deleted, memory, vector FROM long_facts WHERE id = %s", nurse)
    assert gone == (True, "", None)  # a tombstone: nothing of the text is kept
    assert "I work as a nurse" not in texts_found(memory, "what is my job")

    memory.delete_all(user_id="alice")
    live = sql(pg_url, "SELECT id FROM long_facts WHERE NOT deleted AND superseded_by IS NULL")
    assert live == []
    assert memory.get_all(user_id="alice", tier="long")["results"] == []
    assert sql(pg_url, "SELECT tenant FROM long_tenants") == [(tenant,)]

    memory.reset()
    assert sql(pg_url, "SELECT count(*) FROM long_facts") == [(0,)]
    assert sql(pg_url, "SELECT count(*) FROM long_tenants") == [(0,)]


def test_a_fact_written_on_one_node_is_found_on_another_within_the_interval(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, pg_url: str
) -> None:
    a = node(make_memory, tmp_path / "a", pg_url)
    b = joined(make_memory, a, tmp_path / "b", pg_url)
    [paris] = to_long(a, clock, "I live in Paris")
    time.sleep(INTERVAL)
    assert texts_found(b, "where does the user live")[0] == "I live in Paris"  # b's cache
    # b has just caught up, so its next catch-up is a whole interval away: the worst case.

    a.update(paris, "I live in Lisbon")
    written = time.monotonic()
    while texts_found(b, "where does the user live")[0] != "I live in Lisbon":
        assert time.monotonic() - written < INTERVAL + 2.0, "node b never caught up"
        time.sleep(0.01)
    lag = time.monotonic() - written
    print(f"catch-up lag between nodes: {lag * 1000:.0f} ms (interval {INTERVAL * 1000:.0f} ms)")
    assert lag <= INTERVAL + 0.5
    assert b.get(paris)["memory"] == "I live in Lisbon"  # type: ignore[index]

    b.delete(paris)  # and back: a write on b reaches a
    time.sleep(INTERVAL)
    assert "I live in Lisbon" not in texts_found(a, "where does the user live")
    assert a.get(paris) is None


def test_a_node_with_an_empty_data_dir_builds_its_cache_from_postgres(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, pg_url: str
) -> None:
    a = node(make_memory, tmp_path / "a", pg_url)
    paris, cello = to_long(a, clock, "I live in Paris", "My sister Ana plays the cello")
    a.update(paris, "I live in Lisbon")
    fresh = joined(make_memory, a, tmp_path / "fresh", pg_url)
    assert not (tmp_path / "fresh" / "long").exists() or not any(
        (tmp_path / "fresh" / "long").iterdir()
    )
    assert texts_found(fresh, "who plays an instrument")[0] == "My sister Ana plays the cello"
    assert texts_found(fresh, "where does the user live")[0] == "I live in Lisbon"
    everything = fresh.get_all(user_id="alice", tier="long", include_superseded=True)["results"]
    assert sorted(m["memory"] for m in everything) == [
        "I live in Lisbon",
        "I live in Paris",
        "My sister Ana plays the cello",
    ]
    assert fresh.get(cello) is not None
    assert list((tmp_path / "fresh" / "long").glob(f"*/{DB_FILE}")), "no local cache was built"


def test_tenants_never_see_each_other(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, pg_url: str
) -> None:
    a = node(make_memory, tmp_path / "a", pg_url)
    to_long(a, clock, "I live in Paris", user="alice")
    to_long(a, clock, "I live in Oslo", user="bob")
    b = joined(make_memory, a, tmp_path / "b", pg_url)
    for memory in (a, b):
        assert "I live in Oslo" not in texts_found(memory, "Oslo", user="alice")
        assert "I live in Paris" not in texts_found(memory, "Paris", user="bob")
        assert texts_found(memory, "where do I live", user="bob")[0] == "I live in Oslo"
    assert len(sql(pg_url, "SELECT tenant FROM long_tenants")) == 2


def test_sqlite_facts_are_not_shadowed_by_switching_on_postgres(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path, pg_url: str
) -> None:
    """A data dir whose long tier was written without PostgreSQL is refused, not hidden."""
    embedded = make_memory(data_dir=tmp_path / "a", promote_min_age_s=DAY)
    to_long(embedded, clock, "I live in Paris")
    embedded.close()
    switched = node(make_memory, tmp_path / "a", pg_url)
    with pytest.raises(Exception, match="written without the PostgreSQL"):
        switched.search("where do I live", user_id="alice")


# ---------------------------------------------------------------------------- shards


def test_concurrent_writers_on_two_nodes_lose_nothing(tmp_path: Path, pg_url: str) -> None:
    one, truth_one = shard_on(tmp_path / "one", pg_url)
    two, truth_two = shard_on(tmp_path / "two", pg_url)
    vectors = random_vectors(60, seed=3)
    items = [make_item(f"fact {i}") for i in range(60)]
    errors: list[BaseException] = []

    def write(shard: ReplicatedShard, start: int) -> None:
        try:
            for i in range(start, 60, 2):
                assert shard.add(items[i], vectors[i])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate((one, two))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    seqs = [r[0] for r in sql(pg_url, "SELECT seq FROM long_facts ORDER BY seq")]
    assert seqs == list(range(1, 61))  # one seq per write, gapless, none lost
    labels = {r[0] for r in sql(pg_url, "SELECT label FROM long_facts")}
    assert len(labels) == 60  # the nodes never handed out one label twice
    three, truth_three = shard_on(tmp_path / "three", pg_url)  # an empty data dir
    assert three.count() == 60  # its hnswlib graph built from PostgreSQL
    assert all(three.knn(vectors[i], 1)[0][0].id == items[i].id for i in range(60))
    three.close()
    truth_three.dispose()
    for shard in (one, two):
        shard.sync(force=True)
        assert shard.lag_s is not None and shard.lag_s < 1.0
        assert shard.count() == 60
        for i in (0, 1, 59):
            [(hit, score)] = shard.knn(vectors[i], 1)
            assert hit.id == items[i].id and score > 0.99
        shard.close()
    truth_one.dispose()
    truth_two.dispose()


def test_lru_and_memory_budget_put_shards_away_and_reopen_them(tmp_path: Path, pg_url: str) -> None:
    truth = TruthStore(pg_url, embedder_identity=IDENTITY, dim=DIM)
    per_tenant = 20
    budget = 2 * per_tenant * DIM * 4  # room for two tenants' vectors
    shards = ReplicatedShards(
        tmp_path / "node", truth, sync_interval_s=0.0, max_open=3, memory_budget_bytes=budget
    )
    written: dict[str, tuple[list[str], np.ndarray]] = {}
    for t in range(5):
        tenant = f"tenant-{t}"
        vectors = random_vectors(per_tenant, seed=t)
        items = [make_item(f"{tenant} fact {i}") for i in range(per_tenant)]
        assert shards.shard(tenant).add_many(items, vectors) == per_tenant
        written[tenant] = ([item.id for item in items], vectors)
        assert shards.open_count <= 3
    shards.shard("tenant-4")  # the budget is checked as shards are handed out
    assert shards.held_bytes <= budget
    assert shards.open_count == 2
    shards.close()

    for root in (tmp_path / "node", tmp_path / "empty"):  # reopened, and built from scratch
        again = ReplicatedShards(
            root,
            TruthStore(pg_url, embedder_identity=IDENTITY, dim=DIM),
            max_open=1,
            memory_budget_bytes=budget,
        )
        for tenant, (ids, vectors) in written.items():
            found = again.existing_shard(tenant)
            assert found is not None and found.count() == per_tenant
            for i in (0, per_tenant - 1):
                [(hit, _)] = found.knn(vectors[i], 1)
                assert hit.id == ids[i]
        assert again.existing_shard("nobody") is None
        again.close()


def test_a_refused_write_leaves_nothing_in_the_cache(tmp_path: Path) -> None:
    with running_postgres() as server:  # its own server: this test stops it
        url = server.new_database()
        shard, truth = shard_on(tmp_path / "node", url)
        kept = make_item("kept before the outage")
        vectors = random_vectors(2, seed=9)
        assert shard.add(kept, vectors[0])
        before = sqlite_rows(tmp_path / "node")
        server.stop()
        lost = make_item("written during the outage")
        with pytest.raises(LongStoreError):
            shard.add(lost, vectors[1])
        with pytest.raises(LongStoreError):
            shard.delete(kept.id)
        assert sqlite_rows(tmp_path / "node") == before  # nothing half-written locally
        assert shard.get(lost.id) is None
        [(hit, _)] = shard.knn(vectors[0], 5)  # reads go on from the cache meanwhile
        assert hit.id == kept.id
        assert shard.count() == 1
        with pytest.raises(LongStoreError):  # a cache that never copied the truth
            shard_on(tmp_path / "never-synced", url)
        shard.close()
        truth.dispose()


def test_a_write_acknowledged_by_postgres_survives_losing_the_local_commit(
    tmp_path: Path, pg_url: str
) -> None:
    """The process dies after PostgreSQL committed and before SQLite did: the cache on
    disk is the one from before the write. Reopening it catches the write up."""
    folder = tmp_path / "node"
    vectors = random_vectors(2, seed=11)
    first, second = make_item("first fact"), make_item("second fact")
    shard, truth = shard_on(folder, pg_url)
    assert shard.add(first, vectors[0])
    shard.close()
    shutil.copytree(folder, tmp_path / "before")
    shard = ReplicatedShard(
        folder,
        tenant="t1",
        truth=truth,
        sync_interval_s=0.0,
        dim=DIM,
        embedder_identity=IDENTITY,
        flat_limit=0,
    )
    assert shard.add(second, vectors[1])
    shard.close()
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "before", folder)  # the local commit of "second" is lost
    assert [row[0] for row in sqlite_rows(folder) if row[0] in (first.id, second.id)] == [first.id]
    reopened, truth_again = shard_on(folder, pg_url)
    assert reopened.get(second.id) is not None
    [(hit, score)] = reopened.knn(vectors[1], 1)
    assert hit.id == second.id and score > 0.99
    assert reopened.count() == 2
    reopened.close()
    truth.dispose()
    truth_again.dispose()


def test_a_write_postgres_refuses_at_commit_leaves_nothing_in_the_cache(
    tmp_path: Path, pg_url: str
) -> None:
    """PostgreSQL takes the rows and then refuses the commit (a deferred constraint
    trigger): the local write, already run in the SQLite transaction, is rolled back."""
    shard, truth = shard_on(tmp_path / "node", pg_url)
    vectors = random_vectors(3, seed=13)
    kept = make_item("kept")
    assert shard.add(kept, vectors[0])
    sql(
        pg_url,
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.memory LIKE 'poison%%' THEN RAISE EXCEPTION 'refused at commit'; END IF;"
        " RETURN NEW; END $$",
    )
    sql(
        pg_url,
        "CREATE CONSTRAINT TRIGGER refuse AFTER INSERT OR UPDATE ON long_facts"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse()",
    )
    before = sqlite_rows(tmp_path / "node")
    poison = make_item("poison")
    with pytest.raises(LongStoreError, match="refused at commit"):
        shard.add(poison, vectors[1])
    with pytest.raises(LongStoreError, match="refused at commit"):
        shard.update(kept.model_copy(update={"memory": "poison again"}), vectors[2])
    assert sqlite_rows(tmp_path / "node") == before
    assert shard.get(poison.id) is None and shard.get(kept.id) == kept.model_copy(
        update={"tier": "long"}
    )
    [(hit, score)] = shard.knn(vectors[0], 5)  # the graph never saw the refused vectors
    assert hit.id == kept.id and score > 0.99
    assert shard.lexical("poison", 5) == []
    assert sql(pg_url, "SELECT memory FROM long_facts") == [("kept",)]
    fine = make_item("fine")
    assert shard.add(fine, vectors[1])  # the shard goes on after a refusal
    assert sql(pg_url, "SELECT seq FROM long_facts ORDER BY seq") == [(1,), (2,)]
    shard.close()
    truth.dispose()


def sqlite_rows(folder: Path) -> list[tuple[object, ...]]:
    """Every row of the cache's facts, retired and meta tables, read with a separate
    connection."""
    [db] = folder.glob(DB_FILE) or folder.glob(f"*/{DB_FILE}")
    with sqlite3.connect(db) as conn:
        facts = conn.execute(
            "SELECT id, label, seq, deleted, memory, vector FROM facts ORDER BY id"
        ).fetchall()
        retired = conn.execute("SELECT label, seq FROM retired ORDER BY label").fetchall()
        meta = conn.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
    return facts + retired + meta


def test_a_cache_catches_up_with_replaced_vectors_and_a_dropped_tenant(
    tmp_path: Path, pg_url: str
) -> None:
    """Node two learns of node one's replaced vector (its old label retired in its graph)
    and of the tenant being dropped (its cache wiped), only through PostgreSQL."""
    one, truth_one = shard_on(tmp_path / "one", pg_url)
    two, truth_two = shard_on(tmp_path / "two", pg_url)
    vectors = random_vectors(3, seed=5)
    item = make_item("moving target")
    assert one.add(item, vectors[0])
    two.sync(force=True)
    assert two.knn(vectors[0], 1)[0][0].id == item.id
    one.update(item.model_copy(update={"memory": "moved"}), vectors[1])
    two.sync(force=True)
    [(hit, score)] = two.knn(vectors[1], 1)
    assert hit.memory == "moved" and score > 0.99
    assert two.knn(vectors[0], 1)[0][1] < 0.9  # the old vector is gone from two's graph
    assert two.lexical("moved", 5)[0][0].id == item.id
    assert two.lexical("target", 5) == []

    truth_one.drop_tenant("t1")
    two.sync(force=True)
    assert two.count() == 0 and two.all() == []
    fresh = make_item("after the drop")
    assert two.add(fresh, vectors[2])
    one.sync(force=True)
    assert [i.id for i in one.all()] == [fresh.id]
    for shard, truth in ((one, truth_one), (two, truth_two)):
        shard.close()
        truth.dispose()


def test_an_other_embedder_is_refused(tmp_path: Path, pg_url: str) -> None:
    shard, truth = shard_on(tmp_path / "one", pg_url)
    assert shard.add(make_item("x"), random_vectors(1)[0])
    shard.close()
    truth.dispose()
    other = TruthStore(pg_url, embedder_identity="another-model@64", dim=DIM)
    with pytest.raises(EmbedderMismatchError, match="another-model"):
        ReplicatedShard(
            tmp_path / "two",
            tenant="t1",
            truth=other,
            sync_interval_s=0,
            dim=DIM,
            embedder_identity="another-model@64",
        ).add(make_item("y"), random_vectors(1)[0])
    other.dispose()


# ----------------------------------------------------------------- layout and config


def test_every_table_is_ready_to_be_distributed_by_tenant(tmp_path: Path, pg_url: str) -> None:
    """What Citus needs: each table's primary key starts with tenant, no foreign keys
    between tables, no sequences (the per-tenant counter is a row)."""
    TruthStore(pg_url, embedder_identity=IDENTITY, dim=DIM).dispose()
    keys = sql(
        pg_url,
        "SELECT k.table_name, array_agg(k.column_name::text ORDER BY k.ordinal_position)"
        " FROM information_schema.table_constraints c"
        " JOIN information_schema.key_column_usage k USING (constraint_name, table_name)"
        " WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = 'public'"
        " GROUP BY k.table_name ORDER BY 1",
    )
    assert keys == [("long_facts", ["tenant", "id"]), ("long_tenants", ["tenant"])]
    tables = sql(
        pg_url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )
    assert sorted(t[0] for t in tables) == ["long_facts", "long_tenants"]
    assert (
        sql(
            pg_url,
            "SELECT constraint_name FROM information_schema.table_constraints"
            " WHERE constraint_type = 'FOREIGN KEY' AND table_schema = 'public'",
        )
        == []
    )
    assert sql(pg_url, "SELECT sequence_name FROM information_schema.sequences") == []
    index = sql(pg_url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'long_facts_tenant_seq'")
    assert "(tenant, seq)" in str(index[0][0])


def test_the_store_url_is_checked_and_never_echoed() -> None:
    with pytest.raises(InvalidInputError, match="long_store_url: must start with postgresql") as e:
        TiermemConfig.load({"long_store_url": "mysql://user:secret@db/x"})
    assert "secret" not in str(e.value)
    assert TiermemConfig.load({"long_store_url": ""}).long_store_url is None
    assert TiermemConfig.load({}).long_store_url is None


def test_the_embedded_default_never_imports_postgres_drivers(tmp_path: Path) -> None:
    probe = (
        "import sys, tiermem, tiermem.opening, tiermem.tiers.long as long\n"
        "from tiermem.config import TiermemConfig\n"
        "TiermemConfig.load({'data_dir': sys.argv[1]})\n"
        "root = __import__('pathlib').Path(sys.argv[1])\n"
        "s = long.LongShards(root, dim=4, embedder_identity='x')\n"
        "s.shard('t').count(); s.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'psycopg')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_a_wrong_password_or_host_fails_when_memory_opens(
    make_memory: MemoryFactory, tmp_path: Path, postgres: PostgresServer
) -> None:
    missing = postgres.url(f"no_such_db_{uuid.uuid4().hex[:6]}")
    with pytest.raises(LongStoreError, match="no_such_db"):
        make_memory(data_dir=tmp_path / "a", long_store_url=missing)


def test_reembed_refuses_the_postgres_store(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = in_process(monkeypatch, capsys)
    monkeypatch.setenv("TIERMEM_LONG_STORE_URL", "postgresql://nobody@/none?host=/nonexistent")
    code, out, err = run(tmp_path / "data", "reembed", "--yes")
    assert code == 2 and "PostgreSQL" in err and out == ""
    assert not (tmp_path / "data").exists()  # refused before touching anything


def test_two_processes_on_one_data_dir_see_each_others_writes(tmp_path: Path, pg_url: str) -> None:
    """An API process and a worker share a node's data dir: the cache and its position in
    the truth are shared too, and each one's graph follows the other's writes."""
    api, truth_api = shard_on(tmp_path / "node", pg_url)
    worker, truth_worker = shard_on(tmp_path / "node", pg_url)
    vectors = random_vectors(2, seed=17)
    first, second = make_item("from the worker"), make_item("from the api")
    assert worker.add(first, vectors[0])
    assert api.knn(vectors[0], 1)[0][0].id == first.id
    assert api.add(second, vectors[1])
    assert worker.knn(vectors[1], 1)[0][0].id == second.id
    assert worker.count() == api.count() == 2
    assert sql(pg_url, "SELECT seq FROM long_facts ORDER BY seq") == [(1,), (2,)]
    for shard, truth in ((api, truth_api), (worker, truth_worker)):
        shard.close()
        truth.dispose()
