"""Bad input and limits over real HTTP: every client mistake is a 4xx with a message,
never a 5xx, and a refused write leaves Redis as it was; 413, 429 and 504."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from conftest import redis_snapshot
from service_util import FAST, Service, serve

UNKNOWN_ID = "0" * 32


@pytest.fixture
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30, headers=service.admin) as client:
        yield client


def msg(content: Any) -> dict[str, Any]:
    return {"messages": [{"role": "user", "content": content}], "user_id": "alice"}


BAD: list[tuple[str, str, dict[str, Any]]] = [
    (
        "POST",
        "/memories",
        {"content": b'{"messages": [', "headers": {"content-type": "application/json"}},
    ),
    (
        "POST",
        "/memories",
        {"content": b"\xff\xfe\x00garbage", "headers": {"content-type": "application/json"}},
    ),
    ("POST", "/memories", {"content": b"user_id=alice", "headers": {"content-type": "text/plain"}}),
    ("POST", "/memories", {"json": []}),
    ("POST", "/memories", {"json": {"messages": "hello", "user_id": "alice"}}),
    ("POST", "/memories", {"json": msg(5)}),
    ("POST", "/memories", {"json": msg("nul \x00 byte")}),
    ("POST", "/memories", {"json": msg("")}),
    ("POST", "/memories", {"json": msg("x" * 20_000)}),
    ("POST", "/memories", {"json": {**msg("hi"), "user_id": "a:b"}}),
    ("POST", "/memories", {"json": {**msg("hi"), "user_id": "*"}}),
    ("POST", "/memories", {"json": {**msg("hi"), "user_id": None}}),
    ("POST", "/memories", {"json": {**msg("hi"), "metadata": ["not", "a", "dict"]}}),
    ("POST", "/memories", {"json": {**msg("hi"), "infer": "maybe"}}),
    ("POST", "/memories", {"json": {**msg("hi"), "expiration_date": "2030-01-01"}}),
    ("POST", "/memories", {"json": {**msg("hi"), "timestamp": "yesterday-ish"}}),
    ("POST", "/memories", {"json": {"messages": [], "user_id": "alice"}}),
    ("POST", "/search", {"json": {"query": "x", "filters": {"user_id": "alice"}, "top_k": -1}}),
    ("POST", "/search", {"json": {"query": "x", "filters": {"user_id": "alice"}, "top_k": "ten"}}),
    (
        "POST",
        "/search",
        {"json": {"query": "x", "filters": {"user_id": "alice"}, "threshold": "hi"}},
    ),
    ("POST", "/search", {"json": {"query": "\x00", "filters": {"user_id": "alice"}}}),
    (
        "POST",
        "/search",
        {"json": {"query": "x", "filters": {"user_id": "alice", "k": {"regex": 1}}}},
    ),
    (
        "POST",
        "/search",
        {"json": {"query": "x", "filters": {"user_id": "alice"}, "tiers": ["attic"]}},
    ),
    ("POST", "/search", {"json": {"query": "x"}}),
    ("POST", "/search", {"json": {"query": "x", "filters": "user_id=alice"}}),
    (
        "POST",
        "/search",
        {"json": {"query": "x", "user_id": "alice", "filters": {"user_id": "bob"}}},
    ),
    ("GET", "/memories", {"params": {"user_id": "../x"}}),
    ("GET", "/memories", {"params": {"user_id": "alice", "top_k": "-3"}}),
    ("GET", "/memories/not-an-id", {}),
    ("GET", "/memories/..%2F..%2Fetc", {}),
    ("GET", f"/memories/{UNKNOWN_ID}", {}),
    ("GET", f"/memories/{UNKNOWN_ID}/history", {}),
    ("PUT", f"/memories/{UNKNOWN_ID}", {"json": {"text": "x"}}),
    ("PUT", f"/memories/{UNKNOWN_ID}", {"json": {}}),
    ("PUT", f"/memories/{UNKNOWN_ID}", {"json": {"text": 3}}),
    ("DELETE", f"/memories/{UNKNOWN_ID}", {}),
    ("DELETE", "/memories", {"params": {"user_id": "{a}"}}),
    ("POST", "/consolidate", {"json": {"passes": "decay"}}),
    ("POST", "/consolidate", {"json": {"user_id": 7}}),
    ("POST", "/configure", {"json": ["x"]}),
]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"), BAD, ids=[f"{m} {p} {n}" for n, (m, p, _) in enumerate(BAD)]
)
def test_bad_input_is_4xx_and_writes_nothing(
    service: Service, http: httpx.Client, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    service.memory.add("I already live here", user_id="alice")
    before = redis_snapshot(service.memory)
    answer = http.request(method, path, **kwargs)
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.status_code in (400, 404, 405, 422), answer.text
    detail = answer.json()["detail"]
    assert detail  # says what is wrong
    assert "\x00" not in answer.text and len(answer.text) < 4000  # no echo of the input
    assert redis_snapshot(service.memory) == before


def test_body_over_the_limit_is_413_declared_or_streamed(
    service: Service, http: httpx.Client
) -> None:
    big = msg("word " * 20_000)  # ~100 KB, over the 64 KB the test app allows
    before = redis_snapshot(service.memory)
    declared = http.post("/memories", json=big)
    assert declared.status_code == 413 and "too large" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:
        yield b'{"messages": [{"role": "user", "content": "'
        for _ in range(100):
            yield b"x" * 1024
        yield b'"}], "user_id": "alice"}'

    streamed = http.post(
        "/memories", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert redis_snapshot(service.memory) == before


def test_rate_limit_is_per_key_and_429(service: Service) -> None:
    with serve(service.memory, rate_per_s=0.5, burst=3) as url, httpx.Client(base_url=url) as http:
        codes = [http.get("/stats", headers=service.alice).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = http.get("/stats", headers=service.alice)
        assert int(limited.headers["retry-after"]) >= 1
        assert http.get("/stats", headers=service.bob).status_code == 200  # bob's own bucket
        assert http.get("/health").status_code == 200  # no key, no bucket


def test_rate_limits_are_shared_by_every_process_on_the_store(service: Service) -> None:
    """Two apps on one store stand for two ``tiermem serve`` processes behind a balancer:
    a key spends from one bucket however its requests are spread."""
    slow = replace(FAST, rate_per_s=0.2, burst=4)
    with serve(service.memory, slow) as one, serve(service.memory, slow) as two:
        codes = [
            httpx.get(f"{url}/stats", headers=service.bot).status_code
            for url in (one, two, one, two, one, two)
        ]
    assert codes == [200, 200, 200, 200, 429, 429]


def test_a_process_takes_tokens_ahead_but_never_more_than_the_rate(service: Service) -> None:
    """With a larger rate each process takes a few tokens per Redis call, and the two
    together still grant no more than the burst (plus what refills meanwhile)."""
    from tiermem.service.limits import SharedTokenBuckets, TokenBuckets

    slow = SharedTokenBuckets(service.memory.client, rate=0.01, burst=40)
    assert TokenBuckets(slow).lease == 1  # a quarter of a second's rate, at least one
    fast = SharedTokenBuckets(service.memory.client, rate=40.0, burst=40)
    a, b = TokenBuckets(fast), TokenBuckets(fast)
    assert a.lease == 10
    granted = 0
    for n in range(60):
        granted += (a if n % 2 else b).take(f"lease-test-{id(fast)}") == 0.0
    assert 40 <= granted <= 45  # the burst, and at most a few refilled while it ran


def test_threads_that_run_out_together_take_one_lease_between_them(service: Service) -> None:
    """32 worker threads of one process finding no token at the same moment: one asks
    Redis, the others spend what it took. Each taking its own lease drained the bucket
    and refused requests well inside the rate (seen under the load test)."""
    import threading

    from tiermem.service.limits import SharedTokenBuckets, TokenBuckets

    shared = SharedTokenBuckets(service.memory.client, rate=0.01, burst=40)
    buckets = TokenBuckets(shared)
    buckets.lease = 10  # as a rate of 40/s would give, with (almost) no refill meanwhile
    start = threading.Barrier(32)
    waits: list[float] = []

    def request() -> None:
        start.wait()
        waits.append(buckets.take(f"herd-{id(shared)}"))

    threads = [threading.Thread(target=request) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert waits == [0.0] * 32  # 32 requests inside a burst of 40: none refused


def test_wrong_keys_from_one_address_are_slowed_down(service: Service) -> None:
    """Guessing keys: after the allowance of wrong keys, an address gets 429 before any
    lookup, even with a valid key (it only sees 401s until then), on every process."""
    guarded = replace(FAST, auth_failures_per_s=0.05, auth_failures_burst=3)
    with serve(service.memory, guarded) as one, serve(service.memory, guarded) as two:
        wrong = {"X-API-Key": "tmk_0123456789ab_wrong"}
        codes = [
            httpx.get(f"{url}/stats", headers=wrong).status_code for url in (one, two, one, two)
        ]
        assert codes == [401, 401, 401, 429]
        refused = httpx.get(f"{two}/stats", headers=wrong)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "failed authentications" in refused.json()["detail"]
        # a key this process verified before the guessing began still works (no lookup)
    with serve(service.memory) as fresh:  # the allowance refills quickly at FAST's rate
        assert httpx.get(f"{fresh}/stats", headers=service.alice).status_code == 200


def test_a_request_past_its_deadline_is_504(service: Service) -> None:
    with serve(service.memory, timeout_s=0.0005) as url, httpx.Client(base_url=url) as http:
        answer = http.post("/search", headers=service.alice, json={"query": "anything at all"})
        assert answer.status_code == 504 and "outcome is unknown" in answer.json()["detail"]
