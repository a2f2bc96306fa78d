"""``create_app``: one FastAPI app around one open ``Memory``.

The app owns no storage: it is handed the ``Memory`` (thread-safe, opened once per
process), the ``KeyStore`` and the settings, so tests and ``tiermem serve`` build it the
same way. Errors are mapped here, once: a caller's mistake is a 4xx with a message that
says what to fix, never a 500 and never an echo of the whole request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from tiermem import __version__
from tiermem.errors import InvalidInputError, MemoryNotFoundError, TiermemError
from tiermem.mcp_server import http as mcp_http
from tiermem.memory import Memory
from tiermem.service import routes_admin, routes_memories
from tiermem.service.keys import KeyStore
from tiermem.service.limits import BodyLimit, SharedTokenBuckets, TokenBuckets
from tiermem.service.metrics import RequestMetrics, ServiceMetrics
from tiermem.service.settings import ServiceSettings
from tiermem.ui import routes as ui

log = logging.getLogger("tiermem.service")

DESCRIPTION = """Mem0-compatible memory service backed by tiermem.

Send an API key as `X-API-Key: tmk_...` or `Authorization: Bearer tmk_...`
(create one with `tiermem keys create`). A tenant key reads and writes only its own
user_id or agent_id; an admin key may do everything."""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with app.state.mcp_sessions:  # the MCP transport's session manager
        yield


def create_app(memory: Memory, keys: KeyStore, settings: ServiceSettings) -> FastAPI:
    settings.check()
    app = FastAPI(title="tiermem", description=DESCRIPTION, version=__version__, lifespan=_lifespan)
    app.state.memory = memory
    app.state.keys = keys
    app.state.settings = settings
    app.state.buckets = TokenBuckets(
        SharedTokenBuckets(memory.client, settings.rate_per_s, settings.burst)
    )
    app.state.auth_failures = SharedTokenBuckets(
        memory.client, settings.auth_failures_per_s, settings.auth_failures_burst
    )
    app.state.llm, app.state.llm_lock = None, threading.Lock()  # built on first need
    app.state.metrics = metrics = ServiceMetrics(memory.stats)
    app.include_router(routes_memories.router)
    app.include_router(routes_admin.router)
    app.state.mcp_sessions = mcp_http.mount(app, memory, settings.host)  # /mcp
    ui.install(app)  # /ui, the web inspector
    _map_errors(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestMetrics, metrics=metrics)  # outermost: sees every answer
    return app


def _detail(status: int, detail: Any) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _map_errors(app: FastAPI) -> None:
    @app.exception_handler(InvalidInputError)
    async def invalid(_: Request, exc: InvalidInputError) -> JSONResponse:
        return _detail(400, str(exc))

    @app.exception_handler(MemoryNotFoundError)
    async def not_found(_: Request, exc: MemoryNotFoundError) -> JSONResponse:
        return _detail(404, str(exc))

    @app.exception_handler(ValidationError)
    async def invalid_model(_: Request, exc: ValidationError) -> JSONResponse:
        return _detail(400, _errors(exc.errors()))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _detail(422, _errors(exc.errors()))

    @app.exception_handler(redis.ConnectionError)
    async def no_redis(_: Request, exc: redis.ConnectionError) -> JSONResponse:
        log.error("Redis unreachable: %s", exc)
        return _detail(503, "the memory store is unreachable; try again")

    @app.exception_handler(TiermemError)
    async def tiermem_error(_: Request, exc: TiermemError) -> JSONResponse:
        log.error("tiermem error: %s", exc)  # a store problem, not the caller's
        return _detail(503, f"{type(exc).__name__}: {exc}")


def _errors(errors: Any) -> list[dict[str, Any]]:
    """Where and what, without pydantic's ``input`` (it would echo the request back, NUL
    bytes and megabytes included) or its documentation URLs."""
    return [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": str(e.get("msg", "invalid")),
            "type": str(e.get("type", "value_error")),
        }
        for e in errors
    ]
