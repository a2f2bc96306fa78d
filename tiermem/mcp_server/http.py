"""``/mcp`` in ``tiermem serve``: the memory tools over Streamable HTTP, behind the
service's API keys.

Each request is authenticated as a REST call is (same keys, same rate limits, same
failure allowance), and the key decides the tenant: a tenant key acts for its own
user or agent, and an admin key must name one in the URL (``/mcp?user_id=alice``).
The transport is stateless with JSON answers, so any ``tiermem serve`` process behind
a load balancer can take any request.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from mcp.server.mcpserver import Context
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from starlette.routing import Route
from starlette.types import Receive, Send
from starlette.types import Scope as AsgiScope

from tiermem import validation
from tiermem.errors import TiermemError
from tiermem.mcp_server.tools import build_server
from tiermem.memory import Memory
from tiermem.service.auth import authenticate, scope_ids
from tiermem.types import Scope

PATH = "/mcp"
_STATE_KEY = "tiermem_mcp_tenant"


def mount(app: FastAPI, memory: Memory, host: str) -> Any:
    """Add ``/mcp`` to ``app``; returns the async context manager the app's lifespan
    must hold open (the SDK's session manager)."""
    server = build_server(memory, _tenant_of_request)
    server.streamable_http_app(  # builds the session manager the route below serves
        streamable_http_path=PATH, stateless_http=True, json_response=True, host=host
    )
    gate = KeyGate(StreamableHTTPASGIApp(server.session_manager))
    app.router.routes.append(Route(PATH, endpoint=gate, methods=["GET", "POST", "DELETE"]))
    return server.session_manager.run()


def _tenant_of_request(ctx: Context) -> Scope:
    request = ctx.request_context.request
    tenant = getattr(request, "scope", {}).get("state", {}).get(_STATE_KEY)
    if not isinstance(tenant, Scope):  # the gate always sets it; never act unowned
        raise TiermemError("this request carries no authenticated tenant")
    return tenant


class KeyGate:
    """ASGI: the API key check and the tenant choice, before the MCP transport."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: AsgiScope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            caller = await authenticate(request)
            query = request.query_params
            ids = scope_ids(
                caller, query.get("user_id"), query.get("agent_id"), query.get("run_id")
            )
            if not any(ids.values()):
                raise HTTPException(
                    400, "an admin key must name the tenant: /mcp?user_id=... or ?agent_id=..."
                )
            tenant = validation.scope(**ids)
        except HTTPException as exc:
            refusal = JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
            await refusal(scope, receive, send)
            return
        except TiermemError as exc:  # an odd id in the URL
            await JSONResponse({"detail": str(exc)}, 422)(scope, receive, send)
            return
        scope.setdefault("state", {})[_STATE_KEY] = tenant
        await self.app(scope, receive, send)
