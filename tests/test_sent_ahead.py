"""SentAhead: commands written before the caller's own work, replies read after it, on a
real redis-server (the one a Memory starts)."""

from __future__ import annotations

from typing import Any

import pytest
import redis

from tiermem import Memory
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.sent_ahead import SentAhead


def _client(memory: Memory) -> RedisClient:
    client = memory.client
    client.set("a", b"1")
    client.rpush("list", b"x", b"y")
    return client


def test_replies_come_in_order_with_refusals_as_errors(memory: Memory) -> None:
    client = _client(memory)
    commands: list[tuple[Any, ...]] = [
        ("GET", "a"),
        ("EVALSHA", "0" * 40, 0),  # no such script: refused, not raised
        ("LRANGE", "list", 0, -1),
        ("GET", "missing"),
    ]
    with SentAhead(client, commands) as sent:
        client_count = len(client.client_list())  # the caller's own work, meanwhile
        replies = sent.replies()
    assert replies[0] == b"1"
    assert isinstance(replies[1], redis.exceptions.NoScriptError)
    assert replies[2] == [b"x", b"y"]
    assert replies[3] is None
    assert client_count >= 2  # the sent commands held their own connection


def test_a_failure_in_between_leaves_no_reply_for_the_next_caller(memory: Memory) -> None:
    client = _client(memory)
    with pytest.raises(RuntimeError), SentAhead(client, [("GET", "a")] * 50):
        raise RuntimeError("the caller's own work failed")
    # Were the connection pooled with 50 unread replies, these would read them.
    for _ in range(20):
        assert client.lrange("list", 0, -1) == [b"x", b"y"]
        assert client.get("missing") is None


def test_a_connection_killed_before_the_read_falls_back_to_a_pipeline(memory: Memory) -> None:
    client = _client(memory)
    # BLPOP holds the sent connection's replies back until the kill has closed it.
    with SentAhead(client, [("BLPOP", "never", 1), ("CLIENT", "ID"), ("GET", "a")]) as sent:
        existing = [int(c["id"]) for c in client.client_list()]
        killed = client.client_kill_filter(skipme=True, _type="normal")
        replies = sent.replies()
    assert killed >= 1
    assert replies[0] is None and replies[2] == b"1"
    assert replies[1] > max(existing)  # answered on a connection opened after the kill


def test_a_search_reads_the_same_candidates_as_before(memory: Memory) -> None:
    """The overlapped read gives what each tier's own search gives, tier by tier."""
    for n in range(30):
        memory.add(f"Note {n}: the ferry to Skye leaves at {n % 12} o'clock", user_id="u")
    stores = memory.stores
    vector = stores.embedder.embed_one("When does the ferry leave?")
    from tiermem import search
    from tiermem.types import Scope

    gathered = search.gather(
        stores, Scope(user_id="u"), vector, "ferry", 30, ("short", "mid", "long"), False
    )
    alone = stores.tier("short").search("u=u", vector, 30)
    assert [i.id for i, _ in gathered.candidates] == [i.id for i, _ in alone]
    assert len(alone) == 30
