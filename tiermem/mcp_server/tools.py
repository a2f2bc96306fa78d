"""The memory tools an MCP client sees, and what each may touch.

Every tool acts on one tenant, which the transport decides (the command line for stdio,
the API key for HTTP), never an argument the model fills in: a model cannot be talked
into reading somebody else's memories. Ids given to the id tools are checked against
that tenant, and another tenant's id is the same "no memory" as an id never issued.

A mistake (empty text, an unknown id, a bad limit) comes back as a tool error
(``isError``) with tiermem's one-line message; the server keeps running. The blocking
``Memory`` calls run in worker threads, so one slow call never stalls the transport.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from tiermem import __version__, validation
from tiermem.errors import MemoryNotFoundError, TiermemError
from tiermem.memory import Memory
from tiermem.types import Scope

T = TypeVar("T")
MemoryId = Annotated[str, Field(description="a memory id, as add_memory or a search returned it")]

INSTRUCTIONS = """Long-term memory about the user, kept across conversations.
Call search_memories before answering anything that may depend on what the user told
you earlier (their preferences, people, plans, where they live or work). Call add_memory
when the user states a lasting fact about themselves or asks you to remember something.
Newer statements win: when the user's situation changes, add the new fact; do not
delete the old one (it stays as history, and search puts the current value first)."""


Resolve = Callable[[Context], Scope]  # the tenant a call acts for (``validation.scope``)


def build_server(memory: Memory, resolve: Resolve) -> MCPServer:
    """An ``MCPServer`` whose tools call ``memory`` for the tenant ``resolve`` names."""
    server = MCPServer(
        name="tiermem", instructions=INSTRUCTIONS, version=__version__, log_level="WARNING"
    )  # (the SDK calls logging.basicConfig: at INFO it would log every tool call)

    async def call(ctx: Context, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            owner = resolve(ctx)
            return await anyio.to_thread.run_sync(functools.partial(fn, owner, *args, **kwargs))
        except TiermemError as exc:
            raise ToolError(str(exc)) from exc

    def owned(owner: Scope, memory_id: str) -> str:
        checked = validation.memory_id(memory_id)
        found = memory.stores.registry.lookup(checked)
        if found is None or found[0] != owner.tenant:
            raise MemoryNotFoundError(f"no memory with id {checked}")
        return checked

    @server.tool(
        description="Remember a lasting fact the user stated or asked you to keep "
        "(for example 'I moved to Lisbon', 'my daughter is called Ada'). One fact per "
        "call, in the user's words. Returns the new memory's id."
    )
    async def add_memory(
        text: str, ctx: Context, metadata: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.add(text, **owner.ids(), metadata=metadata)

        return await call(ctx, run)

    @server.tool(
        description="Find what you know about the user that bears on a question, most "
        "relevant first; for a question about the present ('where do I live now?') the "
        "newest statement leads. Call it before answering anything personal. limit: 1-100."
    )
    async def search_memories(query: str, ctx: Context, limit: int = 10) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.search(query, **owner.ids(), limit=validation.limit(limit, maximum=100))

        return await call(ctx, run)

    @server.tool(
        description="List every memory kept about the user, newest change first (up to "
        "limit, 1-1000). Use it when asked what you remember; prefer search_memories "
        "to answer a question."
    )
    async def list_memories(ctx: Context, limit: int = 100) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.get_all(**owner.ids(), limit=validation.limit(limit, maximum=1000))

        return await call(ctx, run)

    @server.tool(description="One memory by its id, with its tier and validity.")
    async def get_memory(id: MemoryId, ctx: Context) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            found = memory.get(owned(owner, id))
            if found is None:
                raise MemoryNotFoundError(f"no memory with id {id}")
            return found

        return await call(ctx, run)

    @server.tool(
        description="Correct the wording of a memory the user says is wrong. For a fact "
        "that changed (a new job, a new city) use add_memory instead: history is kept."
    )
    async def update_memory(id: MemoryId, text: str, ctx: Context) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.update(owned(owner, id), text)

        return await call(ctx, run)

    @server.tool(
        description="Forget one memory, only when the user asks you to forget it or it "
        "was recorded by mistake."
    )
    async def delete_memory(id: MemoryId, ctx: Context) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.delete(owned(owner, id))

        return await call(ctx, run)

    @server.tool(
        description="How one memory came to be: its events (ADD, EXTRACT, MERGE, "
        "PROMOTE, SUPERSEDE, UPDATE, DELETE) oldest first. Use it when asked why you "
        "believe something or when it changed."
    )
    async def memory_history(id: MemoryId, ctx: Context) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return {"events": memory.history(owned(owner, id))}

        return await call(ctx, run)

    @server.tool(
        description="The user's profile: every tracked attribute (home city, employer, "
        "pets, ...) with its current value or values, since when, and what each "
        "replaced. Use it for an overview of who the user is now."
    )
    async def profile(ctx: Context) -> dict[str, Any]:
        def run(owner: Scope) -> dict[str, Any]:
            return memory.profile(**owner.ids())

        return await call(ctx, run)

    return server
