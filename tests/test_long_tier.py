"""Long-term tier against real hnswlib and SQLite, with random unit vectors.

The embedder is not needed here: the tier stores whatever vectors it is given, and random
vectors make nearest-neighbour order exactly checkable by brute force.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tiermem.errors import EmbedderMismatchError, InvalidInputError, MemoryNotFoundError
from tiermem.tiers.long import DB_FILE, INDEX_FILE, META_FILE, LongShard, LongShards, graph
from tiermem.types import MemoryItem, text_hash

DIM = 64
IDENTITY = "test-embedder@64"
T0 = 1_700_000_000.0
REPO = Path(__file__).resolve().parents[1]


def unit(vector: np.ndarray) -> np.ndarray:
    out: np.ndarray = (vector / np.linalg.norm(vector)).astype(np.float32)
    return out


def random_vectors(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((n, DIM)).astype(np.float32)
    out: np.ndarray = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return out


def near(base: np.ndarray, cosine: float, seed: int) -> np.ndarray:
    """A unit vector at exactly ``cosine`` similarity to the unit vector ``base``."""
    rng = np.random.default_rng(seed)
    other = rng.standard_normal(DIM).astype(np.float32)
    other -= (other @ base) * base
    other = unit(other)
    return unit(cosine * base + np.sqrt(1 - cosine**2) * other)


def make_item(text: str, *, when: float = T0, **extra: object) -> MemoryItem:
    return MemoryItem(
        id=uuid.uuid4().hex,
        memory=text,
        hash=text_hash(text),
        tier="long",
        user_id="alice",
        created_at=when,
        updated_at=when,
        observed_at=when,
        **extra,  # type: ignore[arg-type]
    )


def open_shard(path: Path, **kwargs: object) -> LongShard:
    """A shard on an hnswlib graph from its first fact (``flat_limit=0``), as most tests
    here are about the graph and its snapshot; pass ``flat_limit`` for the flat index."""
    kwargs.setdefault("flat_limit", 0)
    return LongShard(path, dim=DIM, embedder_identity=IDENTITY, **kwargs)  # type: ignore[arg-type]


def fill(shard: LongShard, n: int, seed: int = 0) -> tuple[list[MemoryItem], np.ndarray]:
    vectors = random_vectors(n, seed)
    items = [make_item(f"fact number {i}", when=T0 + i) for i in range(n)]
    for item, vector in zip(items, vectors, strict=True):
        assert shard.add(item, vector)
    return items, vectors


def ids(hits: list[tuple[MemoryItem, float]]) -> list[str]:
    return [item.id for item, _ in hits]


@pytest.fixture
def shard(tmp_path: Path) -> Iterator[LongShard]:
    opened = open_shard(tmp_path / "shard")
    yield opened
    opened.close()


def test_add_get_and_idempotent_add(shard: LongShard) -> None:
    item = make_item(
        "Alice lives in Lisbon",
        metadata={"source": "chat", "n": [1, 2]},
        sources=["obs1", "obs2"],
        slot="home_city",
        valid_from=T0,
        reinforcement=3,
        strength=1.5,
    )
    vector = random_vectors(1)[0]
    assert shard.add(item, vector) is True
    assert shard.add(item.model_copy(update={"memory": "changed"}), vector) is False
    got = shard.get(item.id)
    assert got is not None
    assert got.model_dump() == item.model_dump()
    stored = shard.get_vector(item.id)
    assert stored is not None and stored.dtype == np.float32
    np.testing.assert_array_equal(stored, vector)
    assert shard.count() == 1
    assert shard.get(uuid.uuid4().hex) is None
    assert shard.get_vector(uuid.uuid4().hex) is None


def test_mid_tier_copy_is_stored_as_long(shard: LongShard) -> None:
    item = make_item("promoted fact").model_copy(update={"tier": "mid"})
    shard.add(item, random_vectors(1)[0])
    got = shard.get(item.id)
    assert got is not None and got.tier == "long"


def test_get_many_keeps_order_and_skips_missing(shard: LongShard) -> None:
    items, _ = fill(shard, 5)
    missing = uuid.uuid4().hex
    wanted = [items[3].id, missing, items[0].id, items[3].id]
    assert [i.id for i in shard.get_many(wanted)] == [items[3].id, items[0].id]
    assert shard.get_many([]) == []


def test_knn_matches_brute_force_order(shard: LongShard) -> None:
    items, vectors = fill(shard, 300)
    rng = np.random.default_rng(42)
    for _ in range(5):
        query = unit(rng.standard_normal(DIM).astype(np.float32))
        hits = shard.knn(query, 10)
        exact = np.argsort(-(vectors @ query))[:10]
        assert ids(hits) == [items[i].id for i in exact]
        sims = [sim for _, sim in hits]
        assert sims == sorted(sims, reverse=True)
        np.testing.assert_allclose(sims, (vectors @ query)[exact], atol=1e-5)


def test_knn_with_known_similarities(shard: LongShard) -> None:
    base = random_vectors(1, seed=7)[0]
    cosines = [0.3, 0.9, 0.5, 0.99, 0.7]
    items = [make_item(f"c{c}") for c in cosines]
    for i, (item, c) in enumerate(zip(items, cosines, strict=True)):
        shard.add(item, near(base, c, seed=i))
    hits = shard.knn(base, 3)
    assert [item.memory for item, _ in hits] == ["c0.99", "c0.9", "c0.7"]
    np.testing.assert_allclose([s for _, s in hits], [0.99, 0.9, 0.7], atol=1e-4)
    assert len(shard.knn(base, 50)) == 5
    assert shard.knn(base, 0) == []


def test_supersede_hides_old_fact_unless_asked(shard: LongShard) -> None:
    base = random_vectors(1, seed=3)[0]
    old = make_item("Alice lives in Lisbon")
    new = make_item("Alice lives in Porto", when=T0 + 100)
    shard.add(old, near(base, 0.99, 1))
    shard.add(new, near(base, 0.95, 2))
    shard.supersede(old.id, new.id, T0 + 100)
    stored = shard.get(old.id)
    assert stored is not None
    assert stored.valid_to == T0 + 100 and stored.superseded_by == new.id
    assert not stored.is_current
    assert ids(shard.knn(base, 5)) == [new.id]
    assert ids(shard.knn(base, 5, include_superseded=True)) == [old.id, new.id]
    assert shard.find_by_hash(old.hash) is None
    found = shard.find_by_hash(new.hash)
    assert found is not None and found.id == new.id
    assert shard.count() == 2 and shard.count(include_superseded=False) == 1
    assert [i.id for i in shard.all(include_superseded=False)] == [new.id]
    assert ids(shard.lexical("Lisbon", 5)) == []
    assert ids(shard.lexical("Lisbon", 5, include_superseded=True)) == [old.id]
    with pytest.raises(MemoryNotFoundError):
        shard.supersede(uuid.uuid4().hex, new.id, T0)


@pytest.mark.parametrize("n_stale", [20, 400])
def test_knn_overfetches_past_many_superseded(tmp_path: Path, n_stale: int) -> None:
    """The closest facts are all superseded; k current ones must still come back."""
    shard = open_shard(tmp_path / "s")
    base = random_vectors(1, seed=11)[0]
    stale = [make_item(f"old {i}") for i in range(n_stale)]
    for i, item in enumerate(stale):
        shard.add(item, near(base, 0.98 - i * 1e-5, seed=i))
    current = [make_item(f"current {i}") for i in range(30)]
    for i, item in enumerate(current):
        shard.add(item, near(base, 0.5 - i * 1e-3, seed=10_000 + i))
    for item in stale:
        shard.supersede(item.id, current[0].id, T0 + 1)
    hits = shard.knn(base, 5)
    assert ids(hits) == [item.id for item in current[:5]]
    assert len(shard.knn(base, 5, include_superseded=True)) == 5
    shard.close()


def test_delete_removes_from_every_read(shard: LongShard) -> None:
    _, vectors = fill(shard, 20)
    victim = make_item("the zebra password is hunter2")
    shard.add(victim, vectors[0])
    assert victim.id in ids(shard.knn(vectors[0], 2))
    assert victim.id in ids(shard.lexical("zebra", 5))
    assert shard.delete(victim.id) is True
    assert shard.delete(victim.id) is False
    assert shard.get(victim.id) is None
    assert shard.get_vector(victim.id) is None
    assert shard.get_many([victim.id]) == []
    assert victim.id not in ids(shard.knn(vectors[0], 21))
    assert shard.lexical("zebra", 5) == []
    assert shard.find_by_hash(victim.hash) is None
    assert shard.count() == 20
    # The text is wiped from disk, not just hidden.
    with sqlite3.connect(shard.folder / DB_FILE) as conn:
        row = conn.execute("SELECT memory, vector FROM facts WHERE id = ?", (victim.id,)).fetchone()
    assert row == ("", None)
    # A tombstone is not revived by a replayed add.
    assert shard.add(victim, vectors[0]) is False
    assert shard.get(victim.id) is None


def test_delete_all_then_reuse(shard: LongShard) -> None:
    _, vectors = fill(shard, 30)
    assert shard.delete_all() == 30
    assert shard.count() == 0
    assert shard.knn(vectors[0], 5) == []
    assert shard.all() == []
    item = make_item("a fresh start")
    assert shard.add(item, vectors[1])
    assert ids(shard.knn(vectors[1], 5)) == [item.id]


def test_update_payload_and_vector(shard: LongShard) -> None:
    vectors = random_vectors(3, seed=5)
    item = make_item("Bob likes tea")
    other = make_item("unrelated")
    shard.add(item, vectors[0])
    shard.add(other, vectors[2])
    changed = item.model_copy(
        update={"memory": "Bob likes coffee", "hash": text_hash("Bob likes coffee")}
    )
    shard.update(changed)
    got = shard.get(item.id)
    assert got is not None and got.memory == "Bob likes coffee"
    assert ids(shard.lexical("coffee", 5)) == [item.id]
    assert shard.lexical("tea", 5) == []
    np.testing.assert_array_equal(shard.get_vector(item.id), vectors[0])
    shard.update(changed, vectors[1])
    np.testing.assert_array_equal(shard.get_vector(item.id), vectors[1])
    assert ids(shard.knn(vectors[1], 1)) == [item.id]
    top_old = shard.knn(vectors[0], 2)
    assert [i for i in ids(top_old)].count(item.id) == 1  # one entry, not a stale duplicate
    assert np.isclose(dict((i.id, s) for i, s in top_old)[item.id], vectors[0] @ vectors[1])
    with pytest.raises(MemoryNotFoundError):
        shard.update(make_item("never added"))


def test_bad_vectors_are_refused_before_writing(shard: LongShard) -> None:
    item = make_item("x")
    bad = [np.ones(DIM + 1), np.full(DIM, np.nan), np.zeros(DIM), np.ones((2, DIM)), "nope"]
    for vector in bad:
        with pytest.raises(InvalidInputError):
            shard.add(item, vector)  # type: ignore[arg-type]
    assert shard.count() == 0
    with pytest.raises(InvalidInputError):
        shard.knn(np.zeros(3), 5)


def test_reinforce(shard: LongShard) -> None:
    item = make_item("reinforced")
    shard.add(item, random_vectors(1)[0])
    shard.reinforce(item.id, when=T0 + 50, amount=2)
    got = shard.get(item.id)
    assert got is not None and got.reinforcement == 3 and got.last_access == T0 + 50
    shard.reinforce(uuid.uuid4().hex, when=T0)  # gone or unknown: a no-op, not an error
    assert shard.count() == 1


def test_searches_see_each_change_of_a_fact_they_read_before(shard: LongShard) -> None:
    """knn and lexical remember parsed rows by their content (``rows.parsed_row``): a
    reinforced, edited or superseded fact is read afresh, never as it was."""
    vector = random_vectors(1, seed=9)[0]
    item = make_item("Bob keeps bees")
    shard.add(item, vector)
    for _ in range(2):  # the second read is served from the remembered rows
        assert shard.knn(vector, 1)[0][0].reinforcement == 1
        assert shard.lexical("bees", 1)[0][0].reinforcement == 1
    shard.reinforce(item.id, when=T0 + 50, amount=2)
    assert shard.knn(vector, 1)[0][0].reinforcement == 3
    assert shard.lexical("bees", 1)[0][0].last_access == T0 + 50
    shard.update(item.model_copy(update={"memory": "Bob keeps wasps and bees"}))
    assert shard.knn(vector, 1)[0][0].memory == "Bob keeps wasps and bees"
    shard.update(item.model_copy(update={"valid_to": T0 + 60, "superseded_by": "x" * 32}))
    assert shard.knn(vector, 1) == [] and shard.lexical("bees", 1) == []
    ((old, _),) = shard.knn(vector, 1, include_superseded=True)
    assert old.valid_to == T0 + 60 and not old.is_current


def test_all_is_newest_first_with_limit(shard: LongShard) -> None:
    items, _ = fill(shard, 6)
    assert [i.id for i in shard.all()] == [i.id for i in reversed(items)]
    assert [i.id for i in shard.all(limit=2)] == [items[5].id, items[4].id]


@pytest.mark.parametrize("flat_limit", [0, 4096])
def test_index_grows_past_initial_capacity(tmp_path: Path, flat_limit: int) -> None:
    shard = open_shard(tmp_path / "s", flat_limit=flat_limit)
    fill(shard, 1, seed=99)
    assert shard._index.get_max_elements() <= 64
    items, vectors = fill(shard, 300)
    assert shard._index.get_max_elements() >= 301
    for i in range(0, 300, 7):
        assert ids(shard.knn(vectors[i], 1)) == [items[i].id]
    shard.close()


def _signature(shard: LongShard, queries: np.ndarray) -> list[list[tuple[str, float]]]:
    return [[(i.id, round(s, 5)) for i, s in shard.knn(q, 8)] for q in queries]


def _mixed_history(shard: LongShard) -> tuple[list[MemoryItem], np.ndarray]:
    items, vectors = fill(shard, 60)
    for item in items[:5]:
        shard.delete(item.id)
    for item in items[5:10]:
        shard.supersede(item.id, items[-1].id, T0 + 999)
    shard.update(items[10], random_vectors(1, seed=99)[0])
    return items, vectors


def test_reopen_gives_same_results(tmp_path: Path) -> None:
    queries = random_vectors(6, seed=123)
    shard = open_shard(tmp_path / "s")
    _mixed_history(shard)
    before = _signature(shard, queries)
    shard.close()
    assert (tmp_path / "s" / INDEX_FILE).exists()
    meta = json.loads((tmp_path / "s" / META_FILE).read_text())
    assert meta["embedder_identity"] == IDENTITY and meta["dim"] == DIM
    assert meta["snapshot"]["seq"] > 0
    again = open_shard(tmp_path / "s")
    # Loaded from the snapshot, not rebuilt: a rebuild would have compacted the
    # 5 tombstones and the retired label away (55 elements instead of 61).
    assert again._index.element_count == 61
    assert _signature(again, queries) == before
    assert again.count() == 55
    again.close()


def test_stale_snapshot_is_replayed(tmp_path: Path) -> None:
    queries = random_vectors(6, seed=321)
    shard = open_shard(tmp_path / "s")
    items, vectors = fill(shard, 40)
    shard.save_index()
    # After the snapshot: adds, a delete, a supersede and a vector replacement...
    late = [make_item(f"late {i}") for i in range(5)]
    for i, item in enumerate(late):
        shard.add(item, near(queries[0], 0.9 - i * 0.01, seed=i))
    shard.delete(items[0].id)
    shard.supersede(items[1].id, late[0].id, T0 + 5)
    shard.update(items[2], queries[1])
    expected = _signature(shard, queries)
    # ...then a crash: the snapshot on disk is not rewritten.
    shard._close(save=False)
    snap = json.loads((tmp_path / "s" / META_FILE).read_text())["snapshot"]
    again = open_shard(tmp_path / "s")
    assert again._seq > snap["seq"]
    # Snapshot (40) + replayed adds (5) + the replaced vector (1); a rebuild would hold 44.
    assert again._index.element_count == 46
    assert _signature(again, queries) == expected
    assert ids(again.knn(queries[0], 5)) == [item.id for item in late]
    assert items[0].id not in ids(again.knn(vectors[0], 40))
    assert ids(again.knn(queries[1], 1)) == [items[2].id]
    again.close()


@pytest.mark.parametrize("damage", ["missing", "garbage", "truncated", "foreign"])
def test_untrusted_snapshot_is_rebuilt(tmp_path: Path, damage: str) -> None:
    queries = random_vectors(6, seed=77)
    shard = open_shard(tmp_path / "s")
    _mixed_history(shard)
    expected = _signature(shard, queries)
    shard.close()
    index_path = tmp_path / "s" / INDEX_FILE
    if damage == "missing":
        index_path.unlink()
    elif damage == "garbage":
        index_path.write_bytes(b"\x00not an index" * 100)
    elif damage == "truncated":
        index_path.write_bytes(index_path.read_bytes()[:1000])
    else:  # a snapshot (index + meta) copied from another shard with as many rows
        other = open_shard(tmp_path / "other")
        _mixed_history(other)
        other.close()
        for name in (INDEX_FILE, META_FILE):
            (tmp_path / "s" / name).write_bytes((tmp_path / "other" / name).read_bytes())
    again = open_shard(tmp_path / "s")
    assert again._index.element_count == 55  # rebuilt from SQLite: live rows only
    assert _signature(again, queries) == expected
    again.close()
    # The rebuilt graph was saved, and is trusted on the next open.
    meta = json.loads((tmp_path / "s" / META_FILE).read_text())
    assert meta["snapshot"]["bytes"] == index_path.stat().st_size


def test_second_shard_object_sees_commits(tmp_path: Path) -> None:
    a = open_shard(tmp_path / "s")
    b = open_shard(tmp_path / "s")
    vectors = random_vectors(4, seed=8)
    first = make_item("written by a")
    a.add(first, vectors[0])
    assert ids(b.knn(vectors[0], 1)) == [first.id]
    got = b.get(first.id)
    assert got is not None and got.memory == "written by a"
    second = make_item("written by b")
    b.add(second, vectors[1])
    b.supersede(first.id, second.id, T0 + 1)
    assert ids(a.knn(vectors[0], 5)) == [second.id]
    a.update(second, vectors[2])
    assert ids(b.knn(vectors[2], 1)) == [second.id]
    np.testing.assert_array_equal(b.get_vector(second.id), vectors[2])
    b.delete(second.id)
    assert a.knn(vectors[2], 5) == []
    a.close()
    b.close()


_CHILD = """
import sys, uuid
import numpy as np
from pathlib import Path
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, text_hash
shard = LongShard(Path(sys.argv[1]), dim={dim}, embedder_identity="{identity}")
vector = np.frombuffer(bytes.fromhex(sys.argv[2]), dtype=np.float32)
item = MemoryItem(id=sys.argv[3], memory="from the worker", hash=text_hash("from the worker"),
                  tier="long", created_at=1.0, updated_at=1.0, observed_at=1.0)
assert shard.add(item, vector)
shard.delete(sys.argv[4])
shard.close()
"""


def test_another_process_sees_commits(tmp_path: Path) -> None:
    parent = open_shard(tmp_path / "s")
    items, vectors = fill(parent, 10)
    assert items[3].id in ids(parent.knn(vectors[3], 1))  # index loaded before the child runs
    probe = random_vectors(1, seed=55)[0]
    child_id = uuid.uuid4().hex
    script = _CHILD.format(dim=DIM, identity=IDENTITY)
    subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(tmp_path / "s"),
            probe.tobytes().hex(),
            child_id,
            items[3].id,
        ],
        check=True,
        cwd=REPO,
        timeout=120,
    )
    assert ids(parent.knn(probe, 1)) == [child_id]
    assert items[3].id not in ids(parent.knn(vectors[3], 10))
    assert parent.count() == 10
    parent.close()


def test_mismatched_embedder_is_refused(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s")
    item = make_item("kept")
    shard.add(item, random_vectors(1)[0])
    shard.close()
    with pytest.raises(EmbedderMismatchError, match="other-model@64"):
        LongShard(tmp_path / "s", dim=DIM, embedder_identity="other-model@64")
    with pytest.raises(EmbedderMismatchError, match="dim"):
        LongShard(tmp_path / "s", dim=DIM * 2, embedder_identity=IDENTITY)
    # A meta.json that disagrees is refused too, even if the database agrees.
    meta_path = tmp_path / "s" / META_FILE
    good = meta_path.read_text()
    meta_path.write_text(json.dumps({**json.loads(good), "embedder_identity": "x@64"}))
    with pytest.raises(EmbedderMismatchError):
        open_shard(tmp_path / "s")
    meta_path.write_text(good)
    again = open_shard(tmp_path / "s")  # nothing was changed by the refusals
    assert again.get(item.id) is not None
    again.close()


NASTY_QUERIES = [
    '"*:()^-NEAR AND',
    'NEAR(a b, 2) OR "unterminated',
    "memory:secret",
    "^start -minus +plus",
    "*",
    '"',
    "''",
    "\x00 zebra \x00",
    "AND OR NOT",
    "{a b}",
    "a" * 5000,
    "",
    "   ",
    "the and of",
    "___",
    "ünïcödé ☃ 漢字",
]


def test_lexical_finds_rare_words_and_survives_syntax(shard: LongShard) -> None:
    _, vectors = fill(shard, 50)
    rare = make_item("Alice plays the xylophone at the café on Sundays")
    shard.add(rare, vectors[0])
    hits = shard.lexical("who plays a XYLOPHONE?", 5)
    assert ids(hits) == [rare.id]
    assert 0.0 < hits[0][1] < 1.0
    assert ids(shard.lexical("cafe", 5)) == [rare.id]  # accents folded
    assert ids(shard.lexical("SUNDAYS", 5)) == [rare.id]  # case folded
    several = shard.lexical("fact number xylophone", 60)
    assert len(several) == 51 and all(0.0 < s < 1.0 for _, s in several)
    assert [s for _, s in several] == sorted((s for _, s in several), reverse=True)
    for query in NASTY_QUERIES:
        result = shard.lexical(query, 5)
        assert isinstance(result, list)
    assert ids(shard.lexical("\x00 zebra \x00 xylophone", 5)) == [rare.id]
    assert shard.lexical("xylophone", 0) == []


def test_lexical_sees_words_added_after_a_query(shard: LongShard) -> None:
    assert shard.lexical("zebra", 5) == []
    item = make_item("a zebra crossed")
    shard.add(item, random_vectors(1)[0])
    assert ids(shard.lexical("zebra", 5)) == [item.id]


def test_lexical_widens_past_superseded_matches(shard: LongShard) -> None:
    vectors = random_vectors(33, seed=2)
    current = [make_item(f"apple pie number {i} with cream and many more words") for i in range(3)]
    for item, vector in zip(current, vectors[:3], strict=True):
        shard.add(item, vector)
    for i in range(30):
        old = make_item(f"apple {i}")  # shorter, so BM25 ranks these first
        shard.add(old, vectors[3 + i])
        shard.supersede(old.id, current[0].id, T0 + 1)
    assert sorted(ids(shard.lexical("apple", 3))) == sorted(i.id for i in current)
    with_old = shard.lexical("apple", 3, include_superseded=True)
    assert len(with_old) == 3 and all(not i.is_current for i, _ in with_old)


def test_lexical_skips_terms_over_budget(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s", lexical_budget=10)
    vectors = random_vectors(31, seed=6)
    for i in range(30):
        shard.add(make_item(f"common filler {i}"), vectors[i])
    rare = make_item("common but quokka")
    shard.add(rare, vectors[30])
    assert shard.lexical("common", 5) == []  # 31 postings: over the budget on its own
    assert ids(shard.lexical("common quokka", 5)) == [rare.id]  # rarest first, then stop
    shard.close()
    roomy = open_shard(tmp_path / "s")  # default budget: the same word is affordable
    assert len(roomy.lexical("common", 50)) == 31
    roomy.close()


def test_query_plans_use_indexes(shard: LongShard) -> None:
    fill(shard, 50)
    shard._conn.execute("ANALYZE")
    plans = shard.query_plans()
    assert set(plans) == {"by_id", "by_labels", "by_pks", "changed", "retired", "by_hash"}
    for name, plan in plans.items():
        assert plan.startswith("SEARCH") and "SCAN" not in plan, (name, plan)
    assert "sqlite_autoindex_facts" in plans["by_id"]
    assert "facts_seq" in plans["changed"]
    assert "facts_hash" in plans["by_hash"]


def test_long_tier_hashes_dirs_and_isolates_tenants(tmp_path: Path) -> None:
    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY)
    vector = random_vectors(1, seed=4)[0]
    alice_item, bob_item = make_item("alice secret"), make_item("bob secret")
    tier.shard("u=alice").add(alice_item, vector)
    tier.shard("u=bob").add(bob_item, vector)
    assert ids(tier.shard("u=alice").knn(vector, 10)) == [alice_item.id]
    assert ids(tier.shard("u=bob").knn(vector, 10)) == [bob_item.id]
    assert tier.shard("u=bob").get(alice_item.id) is None
    assert tier.shard("u=alice").lexical("secret", 10)[0][0].id == alice_item.id
    assert len(tier.shard("u=alice").lexical("secret", 10)) == 1
    expected = hashlib.sha256(b"u=alice").hexdigest()[:24]
    assert (tmp_path / "long" / expected / DB_FILE).exists()
    names = [str(p.relative_to(tmp_path)) for p in (tmp_path / "long").rglob("*")]
    assert not any("alice" in n or "bob" in n for n in names)
    assert tier.shard("u=alice") is tier.shard("u=alice")
    # Reads of an unknown tenant create nothing.
    before = sorted((tmp_path / "long").iterdir())
    assert tier.existing_shard("u=carol") is None
    assert sorted((tmp_path / "long").iterdir()) == before
    tier.close()
    reopened = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY)
    shard = reopened.existing_shard("u=alice")
    assert shard is not None and ids(shard.knn(vector, 10)) == [alice_item.id]
    reopened.close()


def test_long_tier_drop_removes_files(tmp_path: Path) -> None:
    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY)
    vector = random_vectors(1)[0]
    for tenant in ("u=a", "u=b", "u=c"):
        tier.shard(tenant).add(make_item(tenant), vector)
    kept = tier.path_for("u=b")
    tier.drop("u=a")
    assert not tier.path_for("u=a").exists()
    assert tier.existing_shard("u=a") is None
    assert kept.exists() and tier.existing_shard("u=b") is not None
    tier.drop("u=never")  # nothing there: a no-op
    tier.drop_all()
    assert list((tmp_path / "long").iterdir()) == []
    assert tier.existing_shard("u=b") is None
    fresh = tier.shard("u=b")
    assert fresh.count() == 0
    tier.close()


def test_long_tier_concurrent_writers(tmp_path: Path) -> None:
    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY)
    vectors = random_vectors(200, seed=9)
    added: list[str] = []
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for i in range(offset, 200, 4):
                item = make_item(f"threaded {i}")
                tier.shard("u=shared").add(item, vectors[i])
                added.append(item.id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    shard = tier.shard("u=shared")
    assert shard.count() == 200
    assert len(shard.get_many(added)) == 200
    assert all(len(shard.knn(vectors[i], 1)) == 1 for i in range(0, 200, 25))
    tier.close()


# ---------------------------------------------------------------- batch writes


def test_add_many_stores_a_batch_in_one_go_and_skips_known_ids(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s")
    first, first_vectors = fill(shard, 3)
    assert shard.delete(first[0].id)
    vectors = random_vectors(5, seed=9)
    batch = [make_item(f"batch fact {i}", when=T0 + 100 + i) for i in range(5)]
    # Two ids already here (one of them a tombstone) and one repeated inside the batch.
    items = [first[0], first[1], *batch, batch[0]]
    matrix = np.vstack([first_vectors[0], first_vectors[1], vectors, vectors[0]])
    assert shard.add_many(items, matrix) == 5
    assert shard.count() == 2 + 5
    assert shard.get(first[0].id) is None  # a deleted id is not revived
    for item, vector in zip(batch, vectors, strict=True):
        best, sim = shard.knn(vector, 1)[0]
        assert best.id == item.id and sim == pytest.approx(1.0, abs=1e-5)
    shard.close()
    reopened = open_shard(tmp_path / "s")
    assert {i.id for i in reopened.all()} == {first[1].id, first[2].id, *(i.id for i in batch)}
    reopened.close()


def test_add_many_refuses_a_bad_batch_whole(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s")
    items = [make_item(f"fact {i}") for i in range(3)]
    vectors = random_vectors(3)
    with pytest.raises(InvalidInputError, match="3 items but 2 vectors"):
        shard.add_many(items, vectors[:2])
    broken = vectors.copy()
    broken[2, 0] = np.nan
    with pytest.raises(InvalidInputError, match="NaN"):
        shard.add_many(items, broken)
    assert shard.count() == 0
    shard.close()


# ------------------------------------------------------- many tenants, few open


def test_the_registry_holds_at_most_max_open_shards(tmp_path: Path) -> None:
    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY, max_open=2)
    vectors = random_vectors(4, seed=3)
    for n, vector in enumerate(vectors):
        assert tier.shard(f"u=t{n}").add(make_item(f"fact of tenant {n}"), vector)
        assert tier.open_count == min(n + 1, 2)
    # Put away while nobody held it: it opens again with its fact.
    again = tier.existing_shard("u=t0")
    assert again is not None and again.knn(vectors[0], 1)[0][0].memory == "fact of tenant 0"
    assert tier.open_count == 2
    tier.close()


def test_a_shard_put_away_while_held_stays_one_working_object(tmp_path: Path) -> None:
    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY, max_open=1)
    held = tier.shard("u=alice")
    tier.shard("u=bob")  # alice is put away, but this test still holds her shard
    assert not held.closed
    vector = random_vectors(1, seed=4)[0]
    assert held.add(make_item("written after it was put away"), vector)
    assert tier.shard("u=alice") is held  # never two live shards for one tenant
    assert held.knn(vector, 1)[0][0].memory == "written after it was put away"
    tier.drop("u=bob")
    tier.shard("u=carol")  # alice is put away again, then dropped: her held copy is closed
    tier.drop("u=alice")
    assert held.closed
    assert tier.existing_shard("u=alice") is None
    tier.close()


def test_a_put_away_shard_nobody_holds_is_closed(tmp_path: Path) -> None:
    import gc
    import weakref

    tier = LongShards(tmp_path / "long", dim=DIM, embedder_identity=IDENTITY, max_open=1)
    tier.shard("u=alice").add(make_item("alice's fact"), random_vectors(1)[0])
    watch = weakref.ref(tier.shard("u=alice"))
    tier.shard("u=bob")
    gc.collect()
    assert watch() is None  # its connection and graph went with it
    found = tier.existing_shard("u=alice")
    assert found is not None and [i.memory for i in found.all()] == ["alice's fact"]
    tier.close()


# ------------------------------------------------------------- the flat index


def _brute_force(vectors: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    return [int(i) for i in np.argsort(-(vectors @ query), kind="stable")[:k]]


def test_a_small_shard_is_searched_exactly_without_a_graph(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s", flat_limit=4096)
    items, vectors = fill(shard, 300, seed=5)
    assert not graph.is_graph(shard._index)
    gone = {0, 7, 299}
    for i in gone:
        assert shard.delete(items[i].id)
    kept = [i for i in range(300) if i not in gone]
    for q in random_vectors(10, seed=77):
        expected = [kept[j] for j in _brute_force(vectors[kept], q, 10)]
        assert [item.id for item, _ in shard.knn(q, 10)] == [items[i].id for i in expected]
    assert len(shard.knn(random_vectors(1, seed=8)[0], 1000)) == 297
    shard.close()
    assert not (tmp_path / "s" / INDEX_FILE).exists()  # nothing to snapshot: rebuilt on open
    reopened = open_shard(tmp_path / "s", flat_limit=4096)
    q = random_vectors(1, seed=9)[0]
    expected = [kept[j] for j in _brute_force(vectors[kept], q, 5)]
    assert [item.id for item, _ in reopened.knn(q, 5)] == [items[i].id for i in expected]
    reopened.close()


def test_a_flat_shard_becomes_a_graph_when_it_outgrows_the_limit(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s", flat_limit=50)
    items, vectors = fill(shard, 40, seed=1)
    assert shard.delete(items[3].id)
    more = [make_item(f"later fact {i}", when=T0 + 1000 + i) for i in range(80)]
    more_vectors = random_vectors(80, seed=2)
    assert shard.add_many(more, more_vectors) == 80
    assert graph.is_graph(shard._index)
    for item, vector in [
        *zip(items[4:], vectors[4:], strict=True),
        *zip(more, more_vectors, strict=True),
    ]:
        assert shard.knn(vector, 1)[0][0].id == item.id
    assert all(hit.id != items[3].id for hit, _ in shard.knn(vectors[3], 200))
    assert shard.count() == 39 + 80
    shard.close()
    assert (tmp_path / "s" / INDEX_FILE).exists()  # a graph is snapshotted
    reopened = open_shard(tmp_path / "s", flat_limit=50)
    assert graph.is_graph(reopened._index) and reopened.count() == 119
    reopened.close()


def test_a_shard_emptied_goes_back_to_flat_and_drops_its_old_snapshot(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s", flat_limit=20)
    fill(shard, 60)
    shard.save_index()
    assert (tmp_path / "s" / INDEX_FILE).exists()
    assert shard.delete_all() == 60
    assert not graph.is_graph(shard._index)
    fresh = make_item("after the reset")
    assert shard.add(fresh, random_vectors(1, seed=3)[0])
    shard.close()
    assert not (tmp_path / "s" / INDEX_FILE).exists()
    reopened = open_shard(tmp_path / "s", flat_limit=20)
    assert [i.id for i, _ in reopened.knn(random_vectors(1, seed=3)[0], 5)] == [fresh.id]
    reopened.close()


def test_strengthen_writes_every_recalled_fact_in_one_go(tmp_path: Path) -> None:
    shard = open_shard(tmp_path / "s")
    items, _ = fill(shard, 4)
    assert shard.delete(items[3].id)
    ids = [items[0].id, items[1].id, items[0].id, items[3].id, "no-such-id"]
    assert shard.strengthen(ids, when=T0 + 50, step=0.25) == 2  # live ones, each once
    for item in items[:2]:
        after = shard.get(item.id)
        assert after is not None and after.last_access == T0 + 50
        assert after.strength == pytest.approx(item.strength + 0.25)
        assert after.memory == item.memory and after.updated_at == item.updated_at
    untouched = shard.get(items[2].id)
    assert untouched is not None and untouched.strength == items[2].strength
    assert shard.strengthen([], when=T0, step=1.0) == 0
    shard.close()
