"""Who is calling, and which tenant they may touch.

Every request but ``/health`` and the docs carries a key (``X-API-Key``, as Mem0's
server reads it, or ``Authorization: Bearer``). An admin key may touch every tenant; a
tenant key owns exactly one tenant (``u=<user_id>`` or ``a=<agent_id>``) and every id a
request names, in the body, the query or ``filters``, must fall inside it. A request
without ids is filled in with the key's own ids, so ``POST /search {"query": ...}``
works for a tenant key as it does in Mem0's per-user setups.

Refusals reveal nothing: naming another tenant is always the same 403 whether that
tenant exists or not, and a memory id of another tenant is the same 404 as an id never
issued, with the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from tiermem import validation
from tiermem.errors import MemoryNotFoundError
from tiermem.memory import Memory
from tiermem.service.keys import ApiKey, KeyStore
from tiermem.service.limits import SharedTokenBuckets, TokenBuckets

FORBIDDEN_SCOPE = "this API key may not access that user_id / agent_id / run_id"
_SCOPE_IDS = ("user_id", "agent_id", "run_id")


@dataclass(frozen=True)
class Caller:
    """The authenticated caller. ``key_id`` names the rate-limit bucket."""

    key_id: str
    admin: bool
    user_id: str | None = None
    agent_id: str | None = None
    tenant: str | None = None

    @classmethod
    def of(cls, key: ApiKey) -> Caller:
        return cls(key.id, key.is_admin, key.user_id, key.agent_id, key.tenant)


ANONYMOUS_ADMIN = Caller("no-auth", admin=True)  # --no-auth, loopback only


def presented_key(request: Request) -> str | None:
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


async def authenticate(request: Request) -> Caller:
    """FastAPI dependency: the caller, after the key check and the rate limits."""
    return await authenticate_key(request, presented_key(request))


async def authenticate_key(request: Request, presented: str | None) -> Caller:
    """The caller presenting ``presented`` (from a header, or the inspector's cookie)."""
    state = request.app.state
    presented = presented if state.settings.auth else None
    if state.settings.auth and presented is None:
        raise HTTPException(
            401,
            "missing API key: send X-API-Key or Authorization: Bearer",
            headers={"WWW-Authenticate": "Bearer"},
        )
    known = state.keys.recently_verified(presented) if presented is not None else None
    caller: Caller | None
    if known is not None or presented is None:
        # The common path: a key verified a moment ago (or auth off) mostly spends a
        # token this process already holds, on the loop with no thread hop; taking new
        # tokens asks Redis, which never happens on the loop (a Redis that does not
        # answer would stall every request, /health included).
        caller = Caller.of(known) if known is not None else ANONYMOUS_ADMIN
        buckets: TokenBuckets = state.buckets
        held = buckets.spend_held(caller.key_id)
        wait = 0.0 if held else await run_in_threadpool(buckets.take, caller.key_id)
    else:
        address = request.client.host if request.client else "unknown"
        caller, wait = await run_in_threadpool(_admit, state, presented, address)
    if caller is None and wait > 0:
        raise HTTPException(
            429,
            "too many failed authentications from this address",
            headers={"Retry-After": f"{wait:.0f}"},
        )
    if caller is None:
        raise HTTPException(401, "invalid API key", headers={"WWW-Authenticate": "Bearer"})
    if wait > 0:
        raise HTTPException(
            429, "rate limit exceeded for this API key", headers={"Retry-After": f"{wait:.0f}"}
        )
    request.state.caller = caller
    return caller


def _admit(state: Any, presented: str, address: str) -> tuple[Caller | None, float]:
    """(caller, seconds to wait) for a key not verified lately; (None, wait) refuses it.

    It is looked up only while its client address has failed authentication less than
    its allowance, and a wrong key spends from that allowance, so guessing keys is slow
    and every process on the store counts the same failures."""
    failures: SharedTokenBuckets = state.auth_failures
    bucket = f"auth-failures:{address}"
    blocked = failures.blocked(bucket)
    if blocked > 0:
        return None, blocked
    keystore: KeyStore = state.keys
    key = keystore.verify(presented)
    if key is None:
        failures.take(bucket)
        return None, 0.0
    caller = Caller.of(key)
    buckets: TokenBuckets = state.buckets
    return caller, buckets.take(caller.key_id)


async def require_admin(request: Request) -> Caller:
    caller = await authenticate(request)
    if not caller.admin:
        raise HTTPException(403, "this route needs an admin API key")
    return caller


AnyKey = Annotated[Caller, Depends(authenticate)]
AdminKey = Annotated[Caller, Depends(require_admin)]


def scope_ids(
    caller: Caller,
    user_id: str | None = None,
    agent_id: str | None = None,
    run_id: str | None = None,
    filters: dict[str, Any] | None = None,
) -> dict[str, str | None]:
    """The ids to call ``Memory`` with: the request's own for an admin; for a tenant key,
    the request's checked against the key's tenant and completed with the key's ids.

    Ids at the top of ``filters`` count as given (Mem0 2.x puts them there); ``Memory``
    itself refuses an id given twice with different values.
    """
    given: dict[str, str | None] = {"user_id": user_id, "agent_id": agent_id, "run_id": run_id}
    if caller.admin:
        return given
    named = dict(given)
    for name in _SCOPE_IDS:
        inside = (filters or {}).get(name)
        if isinstance(inside, str) and named[name] is None:
            named[name] = inside
    if caller.user_id is not None:
        if named["user_id"] not in (None, caller.user_id):
            raise HTTPException(403, FORBIDDEN_SCOPE)
        given["user_id"] = caller.user_id
    else:  # an agent key: its tenant is a=<agent_id>, which no user_id may name
        if named["user_id"] is not None or named["agent_id"] not in (None, caller.agent_id):
            raise HTTPException(403, FORBIDDEN_SCOPE)
        given["agent_id"] = caller.agent_id
    return given


def check_owner(caller: Caller, memory: Memory, memory_id: str) -> str:
    """The checked id, if ``caller`` may touch it. Another tenant's id raises the same
    ``MemoryNotFoundError`` text as an id never issued. Blocking: run it in a thread."""
    checked = validation.memory_id(memory_id)
    if caller.admin:
        return checked
    found = memory.stores.registry.lookup(checked)
    if found is None or found[0] != caller.tenant:
        raise MemoryNotFoundError(f"no memory with id {checked}")
    return checked
