"""Mem0's memory routes, with Mem0's request and response JSON.

Each handler checks the caller's scope first (``auth``), then runs the ``Memory`` call
in a worker thread under the request deadline (``limits.run_blocking``): ``Memory`` is
thread-safe and blocking, and the event loop must keep answering other clients.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse

from tiermem.errors import InvalidInputError, MemoryNotFoundError
from tiermem.memory import Memory
from tiermem.service.auth import AnyKey, check_owner, scope_ids
from tiermem.service.limits import run_blocking
from tiermem.service.schemas import (
    AddResponse,
    EventOut,
    MemoriesResponse,
    MemoryCreate,
    MemoryOut,
    MemoryUpdate,
    MessageResponse,
    SearchRequest,
    SearchResponse,
    UpdateResponse,
)
from tiermem.tiers import keys as redis_keys
from tiermem.types import Scope

T = TypeVar("T")
router = APIRouter(tags=["memories"])
ALL_MEMORIES_LIMIT = 1000  # as Mem0's server caps a listing


async def blocking(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await run_blocking(request.app.state.settings.timeout_s, fn, *args, **kwargs)


def _memory(request: Request) -> Memory:
    memory: Memory = request.app.state.memory
    return memory


def _unsupported(**fields: object) -> None:
    for name, value in fields.items():
        if value is not None:
            raise InvalidInputError(f"{name} is not supported by tiermem; leave it out")


@router.post("/memories", summary="Create memories", response_model=AddResponse)
async def add_memory(body: MemoryCreate, request: Request, caller: AnyKey) -> dict[str, Any]:
    """Store messages as observations in the short tier (one per message)."""
    _unsupported(
        expiration_date=body.expiration_date, memory_type=body.memory_type, prompt=body.prompt
    )
    ids = scope_ids(caller, body.user_id, body.agent_id, body.run_id)
    messages = [m.model_dump() for m in body.messages]
    return await blocking(
        request,
        _memory(request).add,
        messages,
        **ids,
        metadata=body.metadata,
        timestamp=body.timestamp,
        infer=True if body.infer is None else body.infer,
    )


@router.get("/memories", summary="Get memories", response_model=MemoriesResponse)
async def get_all_memories(
    request: Request,
    caller: AnyKey,
    user_id: str | None = None,
    run_id: str | None = None,
    agent_id: str | None = None,
    top_k: Annotated[int | None, Query(ge=0, le=ALL_MEMORIES_LIMIT)] = None,
) -> dict[str, Any]:
    """A scope's memories, newest change first. Without ids: an admin key lists every
    tenant's, a tenant key its own."""
    memory = _memory(request)
    limit = ALL_MEMORIES_LIMIT if top_k is None else top_k
    ids = scope_ids(caller, user_id, agent_id, run_id)
    if any(v is not None for v in ids.values()):
        return await blocking(request, memory.get_all, **ids, limit=limit)
    return await blocking(request, _list_everything, memory, limit)


def _list_everything(memory: Memory, limit: int) -> dict[str, Any]:
    """Every tenant's memories (an admin listing, as Mem0's server offers)."""
    found: list[dict[str, Any]] = []
    for raw in memory.client.smembers(redis_keys.TENANTS):
        try:
            owner = Scope.of_tenant(redis_keys.text(raw))
        except ValueError:
            continue
        found += memory.get_all(**owner.ids(), limit=limit)["results"]
    found.sort(key=lambda m: m.get("updated_at") or "", reverse=True)
    return {"results": found[:limit]}


@router.get("/memories/{memory_id}", summary="Get a memory", response_model=MemoryOut)
async def get_memory(memory_id: str, request: Request, caller: AnyKey) -> dict[str, Any]:
    memory = _memory(request)

    def read() -> dict[str, Any]:
        found = memory.get(check_owner(caller, memory, memory_id))
        if found is None:
            raise MemoryNotFoundError(f"no memory with id {memory_id}")
        return found

    return await blocking(request, read)


@router.put("/memories/{memory_id}", summary="Update a memory", response_model=UpdateResponse)
async def update_memory(
    memory_id: str, body: MemoryUpdate, request: Request, caller: AnyKey
) -> dict[str, Any]:
    """New text and/or metadata; the memory keeps its id. Metadata alone keeps the text."""
    _unsupported(expiration_date=body.expiration_date)
    if body.text is None and body.metadata is None:
        raise InvalidInputError("give text, metadata or both")
    memory = _memory(request)

    def update() -> dict[str, Any]:
        checked = check_owner(caller, memory, memory_id)
        text = body.text
        if text is None:
            current = memory.get(checked)
            if current is None:
                raise MemoryNotFoundError(f"no memory with id {checked}")
            text = current["memory"]
        return memory.update(checked, text, metadata=body.metadata)

    return await blocking(request, update)


@router.delete("/memories/{memory_id}", summary="Delete a memory", response_model=MessageResponse)
async def delete_memory(memory_id: str, request: Request, caller: AnyKey) -> dict[str, Any]:
    memory = _memory(request)
    await blocking(request, lambda: memory.delete(check_owner(caller, memory, memory_id)))
    return {"message": "Memory deleted successfully"}


@router.get(
    "/memories/{memory_id}/history",
    summary="Get memory history",
    response_model=list[EventOut],
)
async def memory_history(memory_id: str, request: Request, caller: AnyKey) -> list[dict[str, Any]]:
    memory = _memory(request)
    return await blocking(request, lambda: memory.history(check_owner(caller, memory, memory_id)))


@router.delete("/memories", summary="Delete all memories", response_model=MessageResponse)
async def delete_all_memories(
    request: Request,
    caller: AnyKey,
    user_id: str | None = None,
    run_id: str | None = None,
    agent_id: str | None = None,
) -> dict[str, Any]:
    """Every memory of one scope. A tenant key without ids deletes its own tenant's."""
    ids = scope_ids(caller, user_id, agent_id, run_id)
    if all(v is None for v in ids.values()):
        raise HTTPException(400, "At least one identifier is required.")
    await blocking(request, _memory(request).delete_all, **ids)
    return {"message": "All relevant memories deleted"}


@router.post("/search", summary="Search memories", response_model=SearchResponse)
async def search_memories(body: SearchRequest, request: Request, caller: AnyKey) -> Response:
    """One ranked list from every tier. Ids may be top-level (deprecated in Mem0) or
    inside ``filters``. ``explain`` adds each hit's score parts (``Memory.search``)."""
    memory = _memory(request)
    ids = scope_ids(caller, body.user_id, body.agent_id, body.run_id, body.filters)
    found = await blocking(
        request,
        memory.search,
        body.query,
        **ids,
        limit=10 if body.top_k is None else body.top_k,
        filters=body.filters,
        threshold=body.threshold,
        tiers=body.tiers,
        include_superseded=bool(body.show_expired),
        explain=bool(body.explain),
    )
    return JSONResponse(found)  # already JSON-ready: skip re-validating what Memory built
