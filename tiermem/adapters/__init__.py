"""Framework adapters: tiermem behind the interfaces agent frameworks already call.

Each adapter is its own module so that importing ``tiermem`` (or this package) never pulls
in a framework; install the extra and import the module you use:

- ``tiermem.adapters.langchain``: ``TiermemRetriever`` and ``TiermemChatMessageHistory``
  (extra ``langchain``, needs only ``langchain-core``);
- ``tiermem.adapters.llamaindex``: ``TiermemMemoryBlock``, a block for LlamaIndex's
  ``Memory`` (extra ``llamaindex``, needs only ``llama-index-core``);
- ``tiermem.adapters.tools``: OpenAI function-calling schemas for ``add_memory`` and
  ``search_memories`` and ``call_tool``, their checked dispatcher (no extra needed).

Every adapter takes a ``tiermem.Memory`` or a ``tiermem.Client``: both have the methods of
``MemoryLike`` below, so an app can move from in-process to a service without touching
its chains or agents. The tenant ids (``user_id``, ``agent_id``, ``run_id``) are fixed
when the adapter is built, by the application, never by what a model says.
"""

from __future__ import annotations

from typing import Any, Protocol


class MemoryLike(Protocol):
    """What the adapters call: the methods ``Memory`` and ``Client`` share."""

    def add(
        self,
        data: str | list[dict[str, str]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]: ...

    def search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        limit: int = 10,
        threshold: float | None = None,
    ) -> dict[str, Any]: ...

    def get_all(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]: ...

    def delete_all(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]: ...


__all__ = ["MemoryLike"]
