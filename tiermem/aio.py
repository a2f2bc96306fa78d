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


def _in_thread(
    method: Callable[Concatenate[Memory, P], R],
) -> Callable[Concatenate[AsyncMemory, P], Coroutine[Any, Any, R]]:
    async def run(self: AsyncMemory, /, *args: P.args, **kwargs: P.kwargs) -> R:
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

    add = _in_thread(Memory.add)
    search = _in_thread(Memory.search)
    get = _in_thread(Memory.get)
    get_all = _in_thread(Memory.get_all)
    update = _in_thread(Memory.update)
    delete = _in_thread(Memory.delete)
    delete_all = _in_thread(Memory.delete_all)
    history = _in_thread(Memory.history)
    reset = _in_thread(Memory.reset)
    consolidate = _in_thread(Memory.consolidate)
    stats = _in_thread(Memory.stats)
    profile = _in_thread(Memory.profile)
    timeline = _in_thread(Memory.timeline)
    close = _in_thread(Memory.close)

    async def __aenter__(self) -> AsyncMemory:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
