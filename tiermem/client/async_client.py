"""``AsyncClient``: ``Client`` for asyncio code; the same calls (``client.calls``), awaited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from tiermem.client import calls


class AsyncClient:
    """``AsyncClient("http://127.0.0.1:8000", api_key="tmk_...")``; an async context manager."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=calls.headers(api_key), timeout=timeout
        )

    async def _send(self, call: calls.Call) -> Any:
        response = await self._http.request(
            call.method, call.path, params=call.params, json=call.body
        )
        return calls.read(response)

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def add(
        self,
        data: str | list[dict[str, str]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: float | str | datetime | None = None,
        infer: bool = True,
    ) -> dict[str, Any]:
        who = calls.ids(user_id, agent_id, run_id)
        return dict(await self._send(calls.add(data, who, metadata, timestamp, infer)))

    async def search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        limit: int = 10,
        filters: dict[str, Any] | None = None,
        threshold: float | None = None,
    ) -> dict[str, Any]:
        who = calls.ids(user_id, agent_id, run_id)
        return dict(await self._send(calls.search(query, who, limit, filters, threshold)))

    async def get(self, memory_id: str) -> dict[str, Any] | None:
        found = await self._send(calls.get(memory_id))
        return dict(found) if found else None

    async def get_all(
        self, *, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None
    ) -> dict[str, Any]:
        return dict(await self._send(calls.get_all(calls.ids(user_id, agent_id, run_id))))

    async def update(
        self, memory_id: str, data: str, *, metadata: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return dict(await self._send(calls.update(memory_id, data, metadata)))

    async def delete(self, memory_id: str) -> dict[str, Any]:
        return dict(await self._send(calls.delete(memory_id)))

    async def delete_all(
        self, *, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None
    ) -> dict[str, Any]:
        return dict(await self._send(calls.delete_all(calls.ids(user_id, agent_id, run_id))))

    async def history(self, memory_id: str) -> list[dict[str, Any]]:
        return list(await self._send(calls.history(memory_id)))

    async def reset(self) -> None:
        await self._send(calls.reset())

    async def consolidate(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        passes: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        who = calls.ids(user_id, agent_id, run_id)
        return dict(await self._send(calls.consolidate(who, passes)))

    async def stats(self) -> dict[str, Any]:
        return dict(await self._send(calls.stats()))
