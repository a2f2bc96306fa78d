"""Removing vectors around redis/redis#15424, on the real redis-server the wheel carries.

The crash itself is rare per removal (about one in 10^6 under churn), too rare to provoke
in a test; what the removal script promises is that the state the crash needs never
arises: no node ever stands above the index's max level, whatever is removed. Checked
after every removal of a long add/remove churn, with the vectors and attributes of the
survivors compared with what was added after every rebuild (forced now and then, since
the levels that call for one are as rare as the crash).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import redis
from redis_util import plain_redis

from tiermem.tiers.vector_removal import ABSENT, REBUILT, REMOVED, remove_vector

KEY = "vs"
DIM = 16


@pytest.fixture
def client(tmp_path: Path) -> Iterator[redis.Redis]:
    with plain_redis(tmp_path / "redis") as server:
        conn = redis.Redis.from_url(server.url, protocol=2)
        yield conn
        conn.close()


def add(client: redis.Redis, element: str, vector: np.ndarray, attr: str | None = None) -> None:
    extra = ["SETATTR", attr] if attr else []
    blob = vector.astype(np.float32).tobytes()
    client.execute_command("VADD", KEY, "FP32", blob, element, "NOQUANT", "EF", 50, *extra)


def remove(client: redis.Redis, element: str, *, rebuild: bool = False) -> int:
    with client.pipeline(transaction=True) as pipe:
        remove_vector(pipe, KEY, element, build_ef=50, rebuild=rebuild)
        (reply,) = pipe.execute()
    return int(reply)


def levels(client: redis.Redis, elements: list[str]) -> dict[str, int]:
    return {e: len(client.execute_command("VLINKS", KEY, e)) - 1 for e in elements}


def max_level(client: redis.Redis) -> int:
    info = client.execute_command("VINFO", KEY)
    fields = {k.decode(): v for k, v in zip(info[::2], info[1::2], strict=True)}
    return int(fields["max-level"])


def stored(client: redis.Redis, element: str) -> np.ndarray:
    return np.array([float(x) for x in client.execute_command("VEMB", KEY, element)])


def test_churn_never_leaves_a_node_above_the_max_level(client: redis.Redis) -> None:
    rng = random.Random(15424)
    gen = np.random.default_rng(15424)
    clusters = [gen.normal(size=DIM) for _ in range(3)]  # near-duplicates, as repeats are
    vectors: dict[str, np.ndarray] = {}
    attrs: dict[str, str] = {}
    alive: list[str] = []
    replies = {REMOVED: 0, REBUILT: 0}
    n = 0
    for _ in range(400):
        for _ in range(rng.randint(1, 8)):
            element = f"e{n}"
            n += 1
            near = rng.random() < 0.5
            vectors[element] = (
                clusters[rng.randrange(3)] + 0.05 * gen.normal(size=DIM)
                if near
                else gen.normal(size=DIM)
            ).astype(np.float32)
            attrs[element] = f'{{"n": {n}}}'
            add(client, element, vectors[element], attrs[element])
            alive.append(element)
        rng.shuffle(alive)
        for _ in range(len(alive) if rng.random() < 0.5 else rng.randint(0, len(alive))):
            element = alive.pop()
            forced = rng.random() < 0.05  # the rebuild a VREM would crash on, on demand
            reply = remove(client, element, rebuild=forced)
            assert reply == REBUILT if forced else reply in (REMOVED, REBUILT)
            replies[reply] += 1
            assert client.execute_command("VCARD", KEY) == len(alive)
            if alive:
                assert max(levels(client, alive).values()) <= max_level(client)
            if reply == REBUILT:  # the survivors carry what they were added with
                for survivor in alive:
                    assert np.allclose(stored(client, survivor), vectors[survivor], atol=1e-5)
                    assert (
                        client.execute_command("VGETATTR", KEY, survivor).decode()
                        == (attrs[survivor])
                    )
    assert replies[REMOVED] > 0 and replies[REBUILT] > 0  # both paths really ran


def test_removing_the_lone_top_node_keeps_the_max_level_sound(client: redis.Redis) -> None:
    gen = np.random.default_rng(7)
    for attempt in range(50):  # levels are drawn by the server: find a lone top node
        client.delete(KEY)
        elements = [f"a{attempt}-{i}" for i in range(20)]
        for element in elements:
            add(client, element, gen.normal(size=DIM))
        top = max_level(client)
        at_top = [e for e, level in levels(client, elements).items() if level == top]
        if top > 0 and len(at_top) == 1:
            break
    else:
        pytest.fail("no set of 20 with a single node at its top level in 50 tries")
    (lone,) = at_top
    assert remove(client, lone) in (REMOVED, REBUILT)  # REBUILT if its successor is short
    rest = [e for e in elements if e != lone]
    assert client.execute_command("VCARD", KEY) == len(rest)
    assert max(levels(client, rest).values()) == max_level(client)
    found = client.execute_command("VSIM", KEY, "ELE", rest[0], "COUNT", 3)
    assert found[0].decode() == rest[0]  # the graph still answers searches


def test_absent_element_and_missing_key_remove_nothing(client: redis.Redis) -> None:
    assert remove(client, "nobody") == ABSENT  # no such key yet
    add(client, "one", np.ones(DIM))
    assert remove(client, "nobody") == ABSENT
    assert remove(client, "one") == REMOVED
    assert client.exists(KEY) == 0  # the last element takes the key with it
