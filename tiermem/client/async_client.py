"""``AsyncClient``: ``Client`` for asyncio code. Each coroutine is the ``Client`` method
run in a worker thread (as ``AsyncMemory`` does for ``Memory``), so the calls, their JSON
and their errors exist once, in ``Client`` and ``client.calls``."""

from __future__ import annotations

from tiermem.aio import awaitable
from tiermem.client.sync import Client


class AsyncClient:
    """``AsyncClient("http://127.0.0.1:8000", api_key="tmk_...")``; an async context manager."""

    def __init__(self, base_url: str, api_key: str | None = None, timeout: float = 30.0) -> None:
        self.sync = Client(base_url, api_key=api_key, timeout=timeout)

    add = awaitable(Client.add)
    search = awaitable(Client.search)
    get = awaitable(Client.get)
    get_all = awaitable(Client.get_all)
    update = awaitable(Client.update)
    delete = awaitable(Client.delete)
    delete_all = awaitable(Client.delete_all)
    history = awaitable(Client.history)
    reset = awaitable(Client.reset)
    consolidate = awaitable(Client.consolidate)
    stats = awaitable(Client.stats)
    close = awaitable(Client.close)

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
