"""API keys and tenants over real HTTP: the 401/403 matrix of three keys (alice, bob,
admin) against every route, scoping by body, query, filters and memory id, refusals
that reveal nothing, and keys stored only as hashes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from service_util import Service

from tiermem.tiers import keys as redis_keys

UNKNOWN_ID = "0" * 32


@pytest.fixture
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        yield client


@pytest.fixture
def alice_id(service: Service) -> str:
    added = service.memory.add("I keep bees in my garden", user_id="alice")
    memory_id: str = added["results"][0]["id"]
    return memory_id


ADD = {"messages": [{"role": "user", "content": "I like tea"}], "user_id": "alice"}
# (method, path, request kwargs, status for alice, bob, admin); {id} is alice's memory.
ROUTES: list[tuple[str, str, dict[str, Any], tuple[int, int, int]]] = [
    ("POST", "/memories", {"json": ADD}, (200, 403, 200)),
    ("GET", "/memories", {"params": {"user_id": "alice"}}, (200, 403, 200)),
    ("GET", "/memories/{id}", {}, (200, 404, 200)),
    ("PUT", "/memories/{id}", {"json": {"text": "I keep wasps"}}, (200, 404, 200)),
    ("GET", "/memories/{id}/history", {}, (200, 404, 200)),
    ("DELETE", "/memories/{id}", {}, (200, 404, 200)),
    ("DELETE", "/memories", {"params": {"user_id": "alice"}}, (200, 403, 200)),
    (
        "POST",
        "/search",
        {"json": {"query": "bees", "filters": {"user_id": "alice"}}},
        (200, 403, 200),
    ),
    ("POST", "/search", {"json": {"query": "bees", "user_id": "alice"}}, (200, 403, 200)),
    ("POST", "/consolidate", {"json": {"user_id": "alice"}}, (200, 403, 200)),
    ("GET", "/stats", {}, (200, 200, 200)),
    ("GET", "/configure", {}, (403, 403, 200)),
    ("GET", "/configure/providers", {}, (200, 200, 200)),
    # the module's service runs with llm: none, so every caller who gets past auth hears 503
    ("POST", "/generate-instructions", {"json": {"use_case": "a recipe bot"}}, (503, 503, 503)),
    ("POST", "/configure", {"json": {}}, (403, 403, 200)),
    ("GET", "/metrics", {}, (403, 403, 200)),
    ("POST", "/reset", {}, (403, 403, 200)),
    ("GET", "/health", {}, (200, 200, 200)),
]
OPEN = {"/health"}


def test_the_matrix_names_every_route(service: Service, http: httpx.Client) -> None:
    """A route added later without a line here would escape the matrix below."""
    paths = http.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), path.replace("{memory_id}", "{id}"))
        for path, operations in paths.items()
        for method in operations
    }
    assert served == {(method, path) for method, path, *_ in ROUTES}


@pytest.mark.parametrize("who", ["alice", "bob", "admin"])
@pytest.mark.parametrize(
    ("method", "path", "kwargs", "expected"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES]
)
def test_key_matrix(
    service: Service,
    http: httpx.Client,
    alice_id: str,
    who: str,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    expected: tuple[int, int, int],
) -> None:
    url = path.replace("{id}", alice_id)
    answer = http.request(method, url, headers=getattr(service, who), **kwargs)
    want = expected[("alice", "bob", "admin").index(who)]
    assert answer.status_code == want, answer.text
    if who == "bob" and want == 404:  # exactly what an id never issued gets
        never = http.request(
            method, path.replace("{id}", UNKNOWN_ID), headers=service.bob, **kwargs
        )
        assert never.status_code == 404
        assert never.json()["detail"].replace(UNKNOWN_ID, "X") == answer.json()["detail"].replace(
            alice_id, "X"
        )
    if who == "bob" and want == 200 and path == "/stats":
        assert "u=alice" not in answer.text


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "expected"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES]
)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-Key": "tmk_0123456789ab_nope"},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": "Basic YWxpY2U6eA=="},
    ],
    ids=["none", "unknown-id", "garbage-bearer", "basic"],
)
def test_no_or_bad_key_is_401(
    service: Service,
    http: httpx.Client,
    alice_id: str,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    expected: tuple[int, int, int],
    headers: dict[str, str],
) -> None:
    answer = http.request(method, path.replace("{id}", alice_id), headers=headers, **kwargs)
    assert answer.status_code == (200 if path in OPEN else 401), answer.text


def test_a_revoked_key_is_refused(service: Service, http: httpx.Client) -> None:
    """Revoked elsewhere (another process: the CLI), a key is refused within the lag the
    server may go on trusting a key it verified a moment ago."""
    from tiermem.service import KeyStore
    from tiermem.service.keys import REVOCATION_LAG_S

    store = KeyStore(service.memory.client)
    record, key = store.create(user_id="zed")
    assert http.get("/stats", headers={"X-API-Key": key}).status_code == 200
    assert store.revoke(record.id)
    time.sleep(REVOCATION_LAG_S + 0.1)
    assert http.get("/stats", headers={"X-API-Key": key}).status_code == 401


def test_tenant_key_without_ids_uses_its_own_tenant(service: Service, http: httpx.Client) -> None:
    added = http.post(
        "/memories",
        headers=service.alice,
        json={"messages": [{"role": "user", "content": "I play the oboe"}]},
    )
    assert added.status_code == 200, added.text
    service.memory.add("I play the drums", user_id="bob")
    mine = http.get("/memories", headers=service.alice).json()["results"]
    assert mine and {m["user_id"] for m in mine} == {"alice"}
    hits = http.post("/search", headers=service.alice, json={"query": "instrument"}).json()
    assert {h["user_id"] for h in hits["results"]} == {"alice"}
    # An admin listing without ids sees every tenant, as Mem0's server does.
    everyone = http.get("/memories", headers=service.admin).json()["results"]
    assert {"alice", "bob"} <= {m["user_id"] for m in everyone}


def test_other_tenants_are_refused_the_same_whether_they_exist_or_not(
    service: Service, http: httpx.Client
) -> None:
    service.memory.add("I ride a red bike", user_id="bob")
    for other in ("bob", "nobody-has-this-id"):
        answers = [
            http.post(
                "/search",
                headers=service.alice,
                json={"query": "bike", "filters": {"user_id": other}},
            ),
            http.post(
                "/search",
                headers=service.alice,
                json={"query": "bike", "filters": {"AND": [{"tier": "short"}], "user_id": other}},
            ),
            http.get("/memories", headers=service.alice, params={"user_id": other}),
            http.post("/memories", headers=service.alice, json={**ADD, "user_id": other}),
            http.delete("/memories", headers=service.alice, params={"user_id": other}),
        ]
        assert [a.status_code for a in answers] == [403] * len(answers)
        assert len({a.text for a in answers}) == 1
    assert service.memory.get_all(user_id="bob")["results"]  # nothing of bob's was touched


def test_agent_key_owns_its_agent_tenant_only(service: Service, http: httpx.Client) -> None:
    added = http.post(
        "/memories",
        headers=service.bot,
        json={"messages": [{"role": "user", "content": "Reply in French"}], "run_id": "r1"},
    )
    assert added.status_code == 200, added.text
    assert service.memory.get_all(agent_id="bot")["results"]
    with_user = http.post("/memories", headers=service.bot, json=ADD)  # tenant u=alice
    assert with_user.status_code == 403
    other_agent = http.get("/memories", headers=service.bot, params={"agent_id": "spy"})
    assert other_agent.status_code == 403
    # A user key may narrow its own tenant by agent: still alice's tenant.
    narrowed = http.get("/memories", headers=service.alice, params={"agent_id": "bot"})
    assert narrowed.status_code == 200


def test_keys_are_stored_hashed(service: Service, tmp_path: Path) -> None:
    client = service.memory.client
    keys_in_play = [
        h.get("X-API-Key") or h["Authorization"].split()[1]
        for h in (service.admin, service.alice, service.bob, service.bot)
    ]
    secrets = [k.split("_", 2)[2] for k in keys_in_play]
    dump = []
    for key in client.scan_iter(match="*", count=1000):
        kind = client.type(key)
        if kind == b"hash":
            dump.append(repr(client.hgetall(key)))
        elif kind == b"string":
            dump.append(repr(client.get(key)))
        elif kind == b"list":
            dump.append(repr(client.lrange(key, 0, -1)))
        elif kind == b"set":
            dump.append(repr(client.smembers(key)))
        dump.append(repr(key))
    text = "\n".join(dump)
    stored = client.hgetall(redis_keys.API_KEYS)
    assert len(stored) >= 4
    for record in stored.values():
        assert set(json.loads(record)) >= {"sha256", "role"}
    for secret in secrets:
        assert secret not in text
    data_dir = service.memory.config.data_dir
    for path in data_dir.rglob("*"):  # the AOF on disk neither
        if path.is_file():
            raw = path.read_bytes()
            assert not any(s.encode() in raw for s in secrets), path
