"""The MCP server through the SDK's own client, over both transports: ``tiermem mcp``
as a real stdio subprocess, and ``/mcp`` in a real uvicorn with the service's keys.
Real Redis, the real embedder; tool mistakes come back as ``isError``, never a crash."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from service_util import Service
from test_cli import REPO

TOOLS = {
    "add_memory",
    "search_memories",
    "list_memories",
    "get_memory",
    "update_memory",
    "delete_memory",
    "memory_history",
    "profile",
}


def _run(scenario: Callable[[Client], Awaitable[None]], server: Any) -> None:
    async def main() -> None:
        async with Client(server) as client:
            await scenario(client)

    anyio.run(main)


def _http(url: str, headers: dict[str, str]) -> Any:
    return streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers, timeout=60))


async def _ok(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert isinstance(result.structured_content, dict)
    return result.structured_content


async def _refused(client: Client, tool: str, **arguments: Any) -> str:
    result = await client.call_tool(tool, arguments)
    assert result.is_error
    return " ".join(getattr(part, "text", "") for part in result.content)


def test_stdio_lists_the_tools_adds_finds_and_refuses(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TIERMEM_")}
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "tiermem", "mcp", "--user-id", "alice"],
        env={**clean, "TIERMEM_DATA_DIR": str(tmp_path / "data"), "TIERMEM_LLM": "none"},
        cwd=str(REPO),
    )

    async def scenario(client: Client) -> None:
        listed = await client.list_tools()
        assert {t.name for t in listed.tools} == TOOLS
        assert all(len(t.description or "") > 40 for t in listed.tools)  # says when to call
        added = await _ok(client, "add_memory", text="My sister Ines lives in Porto")
        memory_id = added["results"][0]["id"]
        found = await _ok(client, "search_memories", query="where does my sister live?")
        assert found["results"][0]["id"] == memory_id
        assert "empty" in await _refused(client, "add_memory", text="")
        assert "empty" in await _refused(client, "add_memory", text="   \n")
        assert await _refused(client, "add_memory", text="a\x00b")
        assert await _refused(client, "add_memory", text=12)  # wrong type
        assert await _refused(client, "search_memories", query="x", limit=0)
        assert "no memory" in await _refused(client, "get_memory", id="0" * 32)
        assert await _refused(client, "get_memory", id="../../etc/passwd")
        assert await _refused(client, "no_such_tool")
        # after every refusal the server still answers, and nothing half-written is left
        listed_memories = await _ok(client, "list_memories")
        assert [m["id"] for m in listed_memories["results"]] == [memory_id]
        got = await _ok(client, "get_memory", id=memory_id)
        assert got["memory"] == "My sister Ines lives in Porto"
        await _ok(client, "update_memory", id=memory_id, text="My sister Ines lives in Braga")
        events = await _ok(client, "memory_history", id=memory_id)
        assert [e["event"] for e in events["events"]] == ["ADD", "UPDATE"]
        assert "attributes" in await _ok(client, "profile")
        await _ok(client, "delete_memory", id=memory_id)
        assert (await _ok(client, "list_memories"))["results"] == []

    _run(scenario, params)


def test_http_tools_act_for_the_keys_tenant(service: Service) -> None:
    url = f"{service.url}/mcp"
    state: dict[str, str] = {}

    async def as_alice(client: Client) -> None:
        assert {t.name for t in (await client.list_tools()).tools} == TOOLS
        added = await _ok(client, "add_memory", text="I play the oboe in a quartet")
        state["alice_id"] = added["results"][0]["id"]
        found = await _ok(client, "search_memories", query="which instrument do I play?")
        assert found["results"][0]["id"] == state["alice_id"]
        assert "empty" in await _refused(client, "add_memory", text="")

    async def as_bob(client: Client) -> None:
        found = await _ok(client, "search_memories", query="oboe quartet instrument")
        assert all("oboe" not in hit["memory"] for hit in found["results"])
        for tool in ("get_memory", "delete_memory", "memory_history"):
            refusal = await _refused(client, tool, id=state["alice_id"])
            never_issued = await _refused(client, tool, id="f" * 32)
            assert "no memory" in refusal  # and nothing more than for an id never issued:
            assert refusal.replace(state["alice_id"], "?") == never_issued.replace("f" * 32, "?")
        assert await _refused(client, "update_memory", id=state["alice_id"], text="mine now")

    async def as_admin_for_alice(client: Client) -> None:
        listed = await _ok(client, "list_memories")
        assert [m["memory"] for m in listed["results"]] == ["I play the oboe in a quartet"]

    _run(as_alice, _http(url, service.alice))
    _run(as_bob, _http(url, {"Authorization": service.bob["Authorization"]}))
    _run(as_admin_for_alice, _http(f"{url}?user_id=alice", service.admin))
    assert service.memory.get(state["alice_id"])["memory"] == "I play the oboe in a quartet"  # type: ignore[index]


def test_http_refuses_before_the_transport(service: Service) -> None:
    url = f"{service.url}/mcp"
    hello = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "0"},
        },
    }
    accept = {"Accept": "application/json, text/event-stream"}
    cases = [
        ({}, url, 401),  # no key
        ({"X-API-Key": "tmk_000000000000_nope"}, url, 401),  # a wrong key
        (service.admin, url, 400),  # an admin key names no tenant
        (service.alice, f"{url}?user_id=bob", 403),  # a tenant key naming another tenant
        (service.bot, f"{url}?user_id=alice", 403),
        (service.admin, f"{url}?user_id=a%00b", 422),  # an odd id
    ]
    with httpx.Client(timeout=30) as http:
        for headers, target, status in cases:
            answer = http.post(target, json=hello, headers={**headers, **accept})
            assert answer.status_code == status, (target, answer.text)
            assert "oboe" not in answer.text
        ok = http.post(url, json=hello, headers={**service.alice, **accept})
        assert ok.status_code == 200
        assert json.loads(ok.text)["result"]["serverInfo"]["name"] == "tiermem"
