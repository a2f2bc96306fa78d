"""``tiermem.Client`` and ``tiermem.AsyncClient`` against a real uvicorn on loopback:
the Memory methods over HTTP, and the server's refusals as tiermem's exceptions."""

from __future__ import annotations

import asyncio

import pytest
from service_util import Service

from tiermem import AsyncClient, Client, InvalidInputError, MemoryNotFoundError
from tiermem.client import AccessDeniedError, ServiceError


def _key(headers: dict[str, str]) -> str:
    return headers.get("X-API-Key") or headers["Authorization"].removeprefix("Bearer ")


def test_the_memory_methods_over_http(service: Service) -> None:
    with Client(service.url, api_key=_key(service.alice)) as alice:
        added = alice.add("I keep honey bees in the back garden", user_id="alice")
        memory_id = added["results"][0]["id"]
        assert alice.get(memory_id)["memory"] == "I keep honey bees in the back garden"  # type: ignore[index]
        hits = alice.search("bees", user_id="alice", limit=3)["results"]
        assert hits[0]["id"] == memory_id and "similarity" in hits[0]
        assert memory_id in {m["id"] for m in alice.get_all(user_id="alice")["results"]}
        alice.update(memory_id, "I keep two hives of honey bees")
        assert alice.get(memory_id)["memory"] == "I keep two hives of honey bees"  # type: ignore[index]
        assert [e["event"] for e in alice.history(memory_id)] == ["ADD", "UPDATE"]
        report = alice.consolidate(user_id="alice", passes=("short_to_mid",))
        assert report["actions"]["EXTRACT"] >= 1
        assert set(alice.stats()["tenants"]) == {"u=alice"}
        alice.delete(memory_id)
        with pytest.raises(MemoryNotFoundError):
            alice.delete(memory_id)
        alice.add("I live in Paris", user_id="alice")
        alice.delete_all(user_id="alice")
        assert alice.get_all(user_id="alice")["results"] == []


def test_refusals_come_back_as_tiermem_exceptions(service: Service) -> None:
    with Client(service.url, api_key=_key(service.alice)) as alice:
        with pytest.raises(AccessDeniedError):
            alice.get_all(user_id="bob")
        with pytest.raises(InvalidInputError):
            alice.add("", user_id="alice")
        with pytest.raises(AccessDeniedError):
            alice.reset()
    with (
        Client(service.url, api_key="tmk_000000000000_nope") as stranger,
        pytest.raises(AccessDeniedError),
    ):
        stranger.search("anything", user_id="alice")


def test_the_async_client_does_the_same(service: Service) -> None:
    async def scenario() -> None:
        async with AsyncClient(service.url, api_key=_key(service.bob)) as bob:
            added = await asyncio.gather(
                *(bob.add(f"Bob's note number {n}", user_id="bob") for n in range(4))
            )
            ids = {a["results"][0]["id"] for a in added}
            listed = await bob.get_all(user_id="bob")
            assert ids <= {m["id"] for m in listed["results"]}
            hits = await bob.search("note", user_id="bob", limit=10)
            assert ids <= {h["id"] for h in hits["results"]}
            with pytest.raises(AccessDeniedError):
                await bob.get_all(user_id="alice")

    asyncio.run(scenario())


def test_odd_ids_and_unsendable_input_are_refused_cleanly(service: Service) -> None:
    with Client(service.url, api_key=_key(service.alice)) as alice:
        kept = alice.add("I collect old maps", user_id="alice")["results"][0]["id"]
        for odd in ("../../reset", f"{kept}?user_id=bob", "a/b", "x#y"):
            with pytest.raises((MemoryNotFoundError, InvalidInputError)):
                alice.delete(odd)
        with pytest.raises(InvalidInputError, match="not JSON"):
            alice.add("I own a kite", user_id="alice", metadata={"when": object()})
        with pytest.raises(InvalidInputError, match="not JSON"):
            alice.add("I own a kite", user_id="alice", metadata={"score": float("nan")})
        assert [m["id"] for m in alice.get_all(user_id="alice")["results"]] == [kept]


def test_an_unreachable_server_is_a_service_error() -> None:
    with (
        Client("http://127.0.0.1:9", api_key="tmk_x", timeout=2) as nowhere,
        pytest.raises(ServiceError, match="failed"),
    ):
        nowhere.search("anything", user_id="alice")
    with pytest.raises(InvalidInputError, match="base_url"):
        Client("127.0.0.1:8000")
