"""The inspector's pages. Each handler checks who is looking (``access``), reads what it
shows in a worker thread (``pages``: Redis, SQLite and matplotlib all block), and
renders one template. Everything is GET except logging in and out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tiermem.memory import Memory
from tiermem.service.auth import Caller, authenticate_key
from tiermem.ui import access, pages

HERE = Path(__file__).parent
templates = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
    )
)
router = APIRouter(prefix="/ui", include_in_schema=False)
SESSION_S = 8 * 3600

NAV = [
    ("overview", "/ui", "Overview"),
    ("tiers", "/ui/tiers", "Tiers"),
    ("search", "/ui/search", "Search"),
    ("runs", "/ui/runs", "Runs"),
    ("retention", "/ui/retention", "Retention"),
    ("profile", "/ui/profile", "Profile"),
]


def _memory(request: Request) -> Memory:
    memory: Memory = request.app.state.memory
    return memory


def _render(
    request: Request, name: str, caller: Caller | None, page: str, **context: Any
) -> HTMLResponse:
    shown = {"caller": caller, "nav": NAV, "page": page, **context}
    response = templates.TemplateResponse(request, f"{name}.html", shown)
    response.headers["Cache-Control"] = "no-store"  # pages show memories: never cache them
    return response


async def _viewer(request: Request) -> Caller:
    caller = await access.viewer(request)
    if caller is None:
        raise _LoginFirst()
    return caller


class _LoginFirst(Exception):
    """No valid key: every page but the login form sends the browser there."""


def install(app: Any) -> None:
    """Add the pages, their static files and the login redirect to ``app``."""
    from fastapi.staticfiles import StaticFiles

    app.include_router(router)
    app.mount("/ui/static", StaticFiles(directory=HERE / "static"), name="ui-static")

    async def login_first(request: Request, exc: Exception) -> Response:
        return RedirectResponse("/ui/login", status_code=303)

    async def refusal(request: Request, exc: Exception) -> Response:
        """A refusal on an inspector page is a page; elsewhere it stays Mem0's JSON."""
        assert isinstance(exc, StarletteHTTPException)
        if not request.url.path.startswith("/ui"):
            return await http_exception_handler(request, exc)
        caller = await access.viewer(request)
        response = _render(request, "error", caller, "", status=exc.status_code, message=exc.detail)
        response.status_code = exc.status_code
        return response

    app.add_exception_handler(_LoginFirst, login_first)
    app.add_exception_handler(StarletteHTTPException, refusal)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request) -> HTMLResponse:
    return _render(request, "login", None, "login", error=None)


@router.post("/login", response_class=HTMLResponse)
async def log_in(request: Request, api_key: str = Form("")) -> Response:
    key = api_key.strip()
    try:
        caller = await authenticate_key(request, key) if key else None
    except HTTPException as exc:
        if exc.status_code != 401:
            raise
        caller = None
    if caller is None:
        return _render(request, "login", None, "login", error="That API key is not valid.")
    response = RedirectResponse("/ui", status_code=303)
    response.set_cookie(
        access.COOKIE,
        key,
        max_age=SESSION_S,
        path="/ui",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout")
async def log_out() -> Response:
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(access.COOKIE, path="/ui")
    return response


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, tenant: str | None = None, find: str = "") -> HTMLResponse:
    caller = await _viewer(request)
    memory = _memory(request)
    chosen = access.chosen_tenant(caller, memory, tenant)
    data = await run_in_threadpool(pages.overview, memory, caller, chosen, find)
    return _render(request, "overview", caller, "overview", tenant=chosen, find=find, **data)


async def _tenant_page(
    request: Request,
    tenant: str | None,
    page: str,
    build: Callable[..., dict[str, Any]],
    *args: Any,
    **shown: Any,
) -> HTMLResponse:
    """The common page: who looks, at which tenant, ``build(memory, tenant, *args)`` in a
    worker thread, and the template named like the page."""
    caller = await _viewer(request)
    memory = _memory(request)
    chosen = access.chosen_tenant(caller, memory, tenant)
    data = await run_in_threadpool(build, memory, chosen, *args)
    return _render(request, page, caller, page, tenant=chosen, **shown, **data)


@router.get("/tiers", response_class=HTMLResponse)
async def tiers(
    request: Request,
    tenant: str | None = None,
    q: str = "",
    attribute: str = "",
    superseded: bool = False,
) -> HTMLResponse:
    return await _tenant_page(
        request,
        tenant,
        "tiers",
        pages.tiers,
        q,
        attribute,
        superseded,
        q=q,
        attribute=attribute,
        superseded=superseded,
    )


@router.get("/memory/{memory_id}", response_class=HTMLResponse)
async def memory_page(request: Request, memory_id: str) -> HTMLResponse:
    caller = await _viewer(request)
    memory = _memory(request)
    owner = access.owner_of(caller, memory, memory_id)
    data = await run_in_threadpool(pages.life, memory, owner, memory_id)
    return _render(request, "memory", caller, "tiers", tenant=owner, **data)


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request, tenant: str | None = None, q: str = "", limit: int = 10
) -> HTMLResponse:
    return await _tenant_page(request, tenant, "search", pages.search, q, limit, q=q, limit=limit)


@router.get("/runs", response_class=HTMLResponse)
async def runs(request: Request, tenant: str | None = None) -> HTMLResponse:
    return await _tenant_page(request, tenant, "runs", pages.runs)


@router.get("/retention", response_class=HTMLResponse)
async def retention(request: Request, tenant: str | None = None) -> HTMLResponse:
    return await _tenant_page(request, tenant, "retention", pages.retention)


@router.get("/profile", response_class=HTMLResponse)
async def profile(request: Request, tenant: str | None = None) -> HTMLResponse:
    return await _tenant_page(request, tenant, "profile", pages.profile)
