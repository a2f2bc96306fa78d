"""``AsyncMemory``: ``Memory`` for asyncio code, over the same core.

Mem0 keeps a second copy of its logic for async callers; here every coroutine is the
synchronous method itself, run in a worker thread (``Memory`` is thread-safe), so the two
cannot drift apart: a method added to ``Memory`` is one line here, with its signature and
docstring carried over. Blocking work (embedding, Redis, SQLite) never runs on the event
loop.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

from tiermem.memory import Memory

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


def awaitable(
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """``method`` of the synchronous object at ``self.sync``, as a coroutine that runs
    it in a worker thread; name, docstring and signature carried over. Shared by
    ``AsyncMemory`` and ``client.AsyncClient``, so neither keeps a copy of the logic."""

    async def run(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return await asyncio.to_thread(method, self.sync, *args, **kwargs)

    functools.update_wrapper(run, method)  # name, docstring and signature for help()
    return run


class AsyncMemory:
    """The same methods as ``Memory``, awaitable. Open it like ``Memory`` (same
    arguments), or wrap an open one with ``AsyncMemory.wrap(memory)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sync = Memory(*args, **kwargs)

    @classmethod
    def wrap(cls, memory: Memory) -> AsyncMemory:
        """Share an open ``Memory`` (one per process is the rule)."""
        wrapper = cls.__new__(cls)
        wrapper.sync = memory
        return wrapper

    add = awaitable(Memory.add)
    search = awaitable(Memory.search)
    get = awaitable(Memory.get)
    get_all = awaitable(Memory.get_all)
    update = awaitable(Memory.update)
    delete = awaitable(Memory.delete)
    delete_all = awaitable(Memory.delete_all)
    history = awaitable(Memory.history)
    reset = awaitable(Memory.reset)
    consolidate = awaitable(Memory.consolidate)
    stats = awaitable(Memory.stats)
    profile = awaitable(Memory.profile)
    timeline = awaitable(Memory.timeline)
    close = awaitable(Memory.close)

    async def __aenter__(self) -> AsyncMemory:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
