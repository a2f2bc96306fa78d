"""What each client call sends and how its answer is read, shared by ``Client`` and
``AsyncClient`` so the two differ only in how they wait.

The routes and JSON are Mem0's self-hosted server's (so a Mem0 client can point at
tiermem), plus tiermem's own (``/consolidate``, ``/stats``). Errors come back as the
library's own exceptions: a 4xx for bad input is ``InvalidInputError``, 404 is
``MemoryNotFoundError``, 401/403 is ``AccessDeniedError``, 429 is ``RateLimitedError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from tiermem.errors import InvalidInputError, MemoryNotFoundError, TiermemError


class AccessDeniedError(TiermemError, PermissionError):
    """The server refused the key (missing, revoked, or not allowed this tenant)."""


class ServiceError(TiermemError):
    """The server failed (5xx) or answered something that is not tiermem's JSON."""


class RateLimitedError(ServiceError):
    """429: this key sent more than its rate; retry after the server's ``Retry-After``."""


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    body: Any = None


def ids(user_id: str | None, agent_id: str | None, run_id: str | None) -> dict[str, str]:
    given = {"user_id": user_id, "agent_id": agent_id, "run_id": run_id}
    return {k: v for k, v in given.items() if v is not None}


def messages(data: str | list[dict[str, str]]) -> list[dict[str, str]]:
    """Mem0's server takes a message list; a plain string is one user message."""
    return [{"role": "user", "content": data}] if isinstance(data, str) else data


def add(
    data: str | list[dict[str, str]],
    who: dict[str, str],
    metadata: dict[str, Any] | None,
    timestamp: float | str | datetime | None,
    infer: bool,
) -> Call:
    body: dict[str, Any] = {"messages": messages(data), **who, "infer": infer}
    if metadata is not None:
        body["metadata"] = metadata
    if timestamp is not None:
        body["timestamp"] = timestamp.isoformat() if isinstance(timestamp, datetime) else timestamp
    return Call("POST", "/memories", body=body)


def search(
    query: str,
    who: dict[str, str],
    limit: int,
    filters: dict[str, Any] | None,
    threshold: float | None,
) -> Call:
    body: dict[str, Any] = {"query": query, "filters": {**(filters or {}), **who}, "top_k": limit}
    if threshold is not None:
        body["threshold"] = threshold
    return Call("POST", "/search", body=body)


@dataclass(frozen=True)
class Answer:
    status: int
    content: bytes


def read(answer: Answer) -> Any:
    """The JSON of a 2xx answer, or the matching tiermem exception."""
    text = answer.content.decode("utf-8", errors="replace")
    if answer.status < 300:
        try:
            return json.loads(text) if answer.content else None
        except ValueError as exc:
            raise ServiceError(f"{answer.status}: the answer is not JSON: {text[:200]!r}") from exc
    try:
        detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        detail = text
    message = f"{answer.status}: {detail}"
    if answer.status in (401, 403):
        raise AccessDeniedError(message)
    if answer.status == 404:
        raise MemoryNotFoundError(message)
    if answer.status == 429:
        raise RateLimitedError(message)
    if 400 <= answer.status < 500:
        raise InvalidInputError(message)
    raise ServiceError(message)


def headers(api_key: str | None) -> dict[str, str]:
    return {"X-API-Key": api_key} if api_key else {}


def _segment(memory_id: str) -> str:
    """An id as one path segment: a ``/``, ``?`` or ``#`` in it cannot reach another route."""
    return quote(memory_id, safe="")


def get(memory_id: str) -> Call:
    return Call("GET", f"/memories/{_segment(memory_id)}")


def get_all(who: dict[str, str]) -> Call:
    return Call("GET", "/memories", params=who)


def update(memory_id: str, text: str, metadata: dict[str, Any] | None) -> Call:
    body: dict[str, Any] = {"text": text}
    if metadata is not None:
        body["metadata"] = metadata
    return Call("PUT", f"/memories/{_segment(memory_id)}", body=body)


def delete(memory_id: str) -> Call:
    return Call("DELETE", f"/memories/{_segment(memory_id)}")


def delete_all(who: dict[str, str]) -> Call:
    return Call("DELETE", "/memories", params=who)


def history(memory_id: str) -> Call:
    return Call("GET", f"/memories/{_segment(memory_id)}/history")


def reset() -> Call:
    return Call("POST", "/reset")


def consolidate(who: dict[str, str], passes: tuple[str, ...] | None) -> Call:
    body: dict[str, Any] = dict(who)
    if passes is not None:
        body["passes"] = list(passes)
    return Call("POST", "/consolidate", body=body)


def stats() -> Call:
    return Call("GET", "/stats")
