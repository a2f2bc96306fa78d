"""Who is looking, and at which tenant.

The inspector takes the service's API keys: in ``X-API-Key`` / ``Authorization`` like
any route, or, after the login form, from an HttpOnly, SameSite=Strict cookie (a
browser cannot set headers on a link). An admin key sees every tenant; a tenant key
sees only its own, and naming another is the same 403 whether it exists or not.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from tiermem import validation
from tiermem.errors import TiermemError
from tiermem.memory import Memory
from tiermem.service.auth import Caller, authenticate_key, presented_key
from tiermem.tiers import keys
from tiermem.types import Scope

COOKIE = "tiermem_ui_key"


async def viewer(request: Request) -> Caller | None:
    """The caller, or None when no valid key came (the page then shows the login form).
    Too many wrong keys from one address is still a 429."""
    presented = presented_key(request) or request.cookies.get(COOKIE) or None
    if presented is None and request.app.state.settings.auth:
        return None
    try:
        return await authenticate_key(request, presented)
    except HTTPException as exc:
        if exc.status_code == 401:
            return None
        raise


def tenants(caller: Caller, memory: Memory) -> list[str]:
    """The tenants ``caller`` may look at, sorted."""
    if caller.admin:
        return sorted(keys.text(t) for t in memory.client.smembers(keys.TENANTS))
    return [caller.tenant] if caller.tenant else []


def chosen_tenant(caller: Caller, memory: Memory, asked: str | None) -> str | None:
    """The tenant a page shows: the one asked for, if the caller may see it; else the
    caller's own (or an admin's first). None when there is nothing to show."""
    if asked:
        scope_of(asked)  # a malformed tenant is a 422, not a lookup
        if not caller.admin and asked != caller.tenant:
            raise HTTPException(403, "this API key may not look at that tenant")
        return asked
    visible = tenants(caller, memory)
    return visible[0] if visible else None


def scope_of(tenant: str) -> Scope:
    """The checked scope a tenant string (``u=alice``) names; a malformed one is a 422."""
    try:
        return validation.scope(**Scope.of_tenant(tenant).ids())
    except (ValueError, TiermemError) as exc:
        raise HTTPException(422, str(exc)) from exc


def owner_of(caller: Caller, memory: Memory, memory_id: str) -> str:
    """The tenant of a memory id the caller may see; another tenant's id is the same
    404 as an id never issued."""
    try:
        checked = validation.memory_id(memory_id)
    except TiermemError as exc:
        raise HTTPException(404, "no memory with that id") from exc
    found = memory.stores.registry.lookup(checked)
    if found is None or (not caller.admin and found[0] != caller.tenant):
        raise HTTPException(404, "no memory with that id")
    return found[0]
