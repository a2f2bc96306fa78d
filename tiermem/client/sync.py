"""``Client``: the ``Memory`` methods against a ``tiermem serve`` (or Mem0-shaped) server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from tiermem.client import calls


class Client:
    """``Client("http://127.0.0.1:8000", api_key="tmk_...")``; a context manager."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        self._http = httpx.Client(
            base_url=base_url, headers=calls.headers(api_key), timeout=timeout
        )

    def _send(self, call: calls.Call) -> Any:
        response = self._http.request(call.method, call.path, params=call.params, json=call.body)
        return calls.read(response)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(
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
        return dict(self._send(calls.add(data, who, metadata, timestamp, infer)))

    def search(
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
        return dict(self._send(calls.search(query, who, limit, filters, threshold)))

    def get(self, memory_id: str) -> dict[str, Any] | None:
        found = self._send(calls.get(memory_id))
        return dict(found) if found else None

    def get_all(
        self, *, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None
    ) -> dict[str, Any]:
        return dict(self._send(calls.get_all(calls.ids(user_id, agent_id, run_id))))

    def update(
        self, memory_id: str, data: str, *, metadata: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return dict(self._send(calls.update(memory_id, data, metadata)))

    def delete(self, memory_id: str) -> dict[str, Any]:
        return dict(self._send(calls.delete(memory_id)))

    def delete_all(
        self, *, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None
    ) -> dict[str, Any]:
        return dict(self._send(calls.delete_all(calls.ids(user_id, agent_id, run_id))))

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        return list(self._send(calls.history(memory_id)))

    def reset(self) -> None:
        self._send(calls.reset())

    def consolidate(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        passes: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        who = calls.ids(user_id, agent_id, run_id)
        return dict(self._send(calls.consolidate(who, passes)))

    def stats(self) -> dict[str, Any]:
        return dict(self._send(calls.stats()))
