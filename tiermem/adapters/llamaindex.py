"""LlamaIndex adapter (``llama-index-core`` only): tiermem as a block of LlamaIndex's
``Memory``.

LlamaIndex's ``Memory`` keeps the recent chat itself and hands the messages it flushes
out of its window to its memory blocks (``aput``); before each turn it asks every block
for text to put in the prompt (``aget``). ``TiermemMemoryBlock`` stores what is flushed
in tiermem, which consolidates it into lasting facts, and answers ``aget`` with a tiermem
search for the latest user message: what the window forgot, still found when relevant.

Every tiermem call is blocking I/O (embedding, Redis), so it runs in a worker thread,
never on the event loop; given a ``tiermem.AsyncMemory`` or ``tiermem.AsyncClient``, the
block awaits it instead.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable
from typing import Any, Protocol, cast

from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.memory import BaseMemoryBlock
from pydantic import Field, SkipValidation, model_validator

from tiermem import validation
from tiermem.adapters import MemoryLike

log = logging.getLogger(__name__)


class AsyncMemoryLike(Protocol):
    """What the block calls on an async memory: ``AsyncMemory`` and ``AsyncClient``."""

    async def add(
        self,
        data: str | list[dict[str, str]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]: ...

    async def search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        limit: int = 10,
        threshold: float | None = None,
    ) -> dict[str, Any]: ...


_ROLES = {
    MessageRole.USER: "user",
    MessageRole.ASSISTANT: "assistant",
    MessageRole.CHATBOT: "assistant",
    MessageRole.MODEL: "assistant",
}


class TiermemMemoryBlock(BaseMemoryBlock[str]):
    """``TiermemMemoryBlock(memory=memory, user_id="alice")``, for
    ``Memory.from_defaults(memory_blocks=[...])``.

    ``aput`` stores user and assistant messages (system, developer, tool and function
    messages, and messages without text, are skipped: tiermem keeps what was said, not
    instructions or tool output). ``aget`` returns the ``limit`` memories that best match
    the latest user message, one ``- text`` line each, or ``""`` when there is no user
    message or nothing matches; ``threshold`` (cosine similarity, -1..1) leaves out weak
    matches, so an unrelated question adds nothing to the prompt.
    """

    name: str = Field(default="tiermem", description="The name of the memory block.")
    description: str | None = Field(
        default="What tiermem remembers that bears on the latest user message.",
        description="A description of the memory block.",
    )
    memory: SkipValidation[MemoryLike | AsyncMemoryLike] = Field(exclude=True)
    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None
    limit: int = Field(default=5, ge=1, le=1000, description="How many memories to return.")
    threshold: float | None = Field(
        default=None, ge=-1.0, le=1.0, description="Leave out hits less similar than this."
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Stored with every message this block puts."
    )

    @model_validator(mode="after")
    def _has_tenant(self) -> TiermemMemoryBlock:
        validation.scope(self.user_id, self.agent_id, self.run_id)  # refuse bad ids up front
        return self

    async def _aget(self, messages: list[ChatMessage] | None = None, **block_kwargs: Any) -> str:
        query = _latest_user_text(messages or [])
        if query is None:
            return ""
        found = await self._call("search", query, limit=self.limit, threshold=self.threshold)
        return "\n".join(f"- {hit['memory']}" for hit in found["results"])

    async def _aput(self, messages: list[ChatMessage]) -> None:
        said = [m for m in map(_said, messages) if m is not None]
        if len(said) < len(messages):
            log.debug("not stored in tiermem: %d messages", len(messages) - len(said))
        if said:
            await self._call("add", said, metadata=dict(self.metadata) or None)

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Awaitable[dict[str, Any]]:
        """``memory.<method>`` for this block's tenant, awaitable and off the event loop."""
        bound = getattr(self.memory, method)
        who = {"user_id": self.user_id, "agent_id": self.agent_id, "run_id": self.run_id}
        if inspect.iscoroutinefunction(bound):
            return cast(Awaitable[dict[str, Any]], bound(*args, **kwargs, **who))
        return asyncio.to_thread(bound, *args, **kwargs, **who)


def _text(message: ChatMessage) -> str:
    return (message.content or "").strip()


def _latest_user_text(messages: list[ChatMessage]) -> str | None:
    for message in reversed(messages):
        if message.role == MessageRole.USER and _text(message):
            return _text(message)
    return None


def _said(message: ChatMessage) -> dict[str, str] | None:
    role = _ROLES.get(message.role)
    text = _text(message)
    if role is None or not text:
        return None
    return {"role": role, "content": text}


__all__ = ["AsyncMemoryLike", "TiermemMemoryBlock"]
