"""LangChain adapters (``langchain-core`` only): a retriever and a chat message history.

``TiermemRetriever`` answers a query with tiermem's ranked search over every tier, so a
chain sees consolidated long-term facts next to what was just said. ``TiermemChatMessageHistory``
stores a conversation's messages in tiermem's short tier, where consolidation later turns
them into facts, and plugs into ``RunnableWithMessageHistory`` and friends.

Both take a ``tiermem.Memory`` or a ``tiermem.Client`` and the tenant ids, fixed at
construction: every call is scoped to them, so one user's chain never sees another's
memories.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.retrievers import BaseRetriever
from pydantic import Field, SkipValidation, model_validator

from tiermem import validation
from tiermem.adapters import MemoryLike
from tiermem.errors import InvalidInputError
from tiermem.memory import Memory

log = logging.getLogger(__name__)

ORDER_KEY = "chat_order"  # metadata: a message's place in its conversation (see _next_order)
_HIT_FIELDS = ("id", "tier", "score", "similarity", "created_at", "updated_at", "role")


class TiermemRetriever(BaseRetriever):
    """``TiermemRetriever(memory=memory, user_id="alice", k=4)``: tiermem search as a
    LangChain retriever.

    Each hit becomes a ``Document`` whose ``page_content`` is the memory's text and whose
    ``metadata`` is the memory's own metadata plus tiermem's fields (``id``, ``tier``,
    ``score``, ``similarity``, ``created_at``, ``updated_at``, ``role`` when known);
    tiermem's fields win a name clash, so ``metadata["id"]`` is always the memory id.
    ``threshold`` (cosine similarity, -1..1) leaves out weak matches.
    """

    memory: SkipValidation[MemoryLike] = Field(exclude=True)
    user_id: str | None = None
    agent_id: str | None = None
    run_id: str | None = None
    k: int = Field(default=4, ge=1, le=1000, description="How many memories to return.")
    threshold: float | None = Field(
        default=None, ge=-1.0, le=1.0, description="Leave out hits less similar than this."
    )

    @model_validator(mode="after")
    def _has_tenant(self) -> TiermemRetriever:
        validation.scope(self.user_id, self.agent_id, self.run_id)  # refuse bad ids up front
        return self

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        found = self.memory.search(
            query,
            user_id=self.user_id,
            agent_id=self.agent_id,
            run_id=self.run_id,
            limit=self.k,
            threshold=self.threshold,
        )
        return [_document(hit) for hit in found["results"]]


def _document(hit: dict[str, Any]) -> Document:
    metadata = dict(hit.get("metadata") or {})
    metadata.pop(ORDER_KEY, None)  # the history's bookkeeping, not the caller's
    metadata.update({name: hit[name] for name in _HIT_FIELDS if name in hit})
    return Document(page_content=hit["memory"], metadata=metadata, id=hit["id"])


class TiermemChatMessageHistory(BaseChatMessageHistory):
    """A conversation's messages, kept in tiermem.

    Human messages are stored with role ``user``, AI messages with role ``assistant``.
    Messages tiermem does not keep are skipped, not refused, so a chain that records
    everything keeps working: system messages (tiermem never stores instructions to the
    assistant), tool and function results, and messages with no text (an AI message that
    only calls tools).

    ``messages`` lists the scope's raw messages still in the short tier, oldest first:
    consolidation turns older ones into facts, which the retriever finds but which are
    no longer messages. ``clear()`` deletes every memory of the scope, facts included.
    Give ``run_id`` (e.g. the session id) to keep conversations of one user apart.
    """

    def __init__(
        self,
        memory: MemoryLike,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        max_messages: int | None = None,
    ) -> None:
        validation.scope(user_id, agent_id, run_id)  # refuse bad ids before the first call
        if max_messages is not None and (
            isinstance(max_messages, bool) or not isinstance(max_messages, int) or max_messages < 1
        ):
            raise InvalidInputError("max_messages must be a positive int or None")
        super().__init__()
        self.memory = memory
        self.user_id = user_id
        self.agent_id = agent_id
        self.run_id = run_id
        self.metadata = dict(metadata or {})
        self.max_messages = max_messages

    @property
    def _who(self) -> dict[str, str | None]:
        return {"user_id": self.user_id, "agent_id": self.agent_id, "run_id": self.run_id}

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        """The stored messages, oldest first (the newest ``max_messages`` if set)."""
        if isinstance(self.memory, Memory):  # it can narrow to the short tier itself
            found = self.memory.get_all(
                user_id=self.user_id,
                agent_id=self.agent_id,
                run_id=self.run_id,
                tier="short",
                limit=1_000_000,
            )
        else:
            found = self.memory.get_all(**self._who)
        said = [
            m
            for m in found["results"]
            if m.get("tier") == "short" and m.get("role") in _ROLE_TO_CLASS
        ]
        said.sort(key=_chronological)
        if self.max_messages is not None:
            said = said[-self.max_messages :]
        return [_ROLE_TO_CLASS[m["role"]](content=m["memory"], id=m["id"]) for m in said]

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        """Store each message in order; one ``add`` each, so each keeps its own time.

        Every message is checked before the first is stored, so a bad one (a NUL byte,
        too long) refuses the batch instead of leaving half a turn behind."""
        limit = sys.maxsize  # a service checks the length itself
        if isinstance(self.memory, Memory):
            limit = self.memory.config.max_text_chars
        kept: list[dict[str, str]] = []
        for n, message in enumerate(messages):
            said = _said(message)
            if said is None:
                log.debug("not stored in tiermem: a %s message", message.type)
                continue
            validation.text(said["content"], max_chars=limit, what=f"message {n}")
            kept.append(said)
        for said in kept:
            self.memory.add(
                [said], metadata={**self.metadata, ORDER_KEY: _next_order()}, **self._who
            )

    def clear(self) -> None:
        """Delete every memory of this scope: its messages and the facts made from them."""
        self.memory.delete_all(**self._who)


_ROLE_TO_CLASS: dict[str, type[HumanMessage] | type[AIMessage]] = {
    "user": HumanMessage,
    "assistant": AIMessage,
}
_TYPE_TO_ROLE = {"human": "user", "ai": "assistant"}
_CHAT_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "ai": "assistant"}


def _said(message: BaseMessage) -> dict[str, str] | None:
    """The tiermem message for a LangChain one, or None if tiermem does not keep it."""
    if message.type == "chat":  # a ChatMessage names its role freely
        role = _CHAT_ROLES.get(str(getattr(message, "role", "")).lower())
    else:
        role = _TYPE_TO_ROLE.get(message.type)
    text = str(message.text)
    if role is None or not text.strip():
        return None
    return {"role": role, "content": text}


def _chronological(stored: dict[str, Any]) -> tuple[datetime, int]:
    """When the message was added; messages added in the same instant (a frozen clock, a
    coarse one) keep the order they were added in, by ``ORDER_KEY``."""
    order = (stored.get("metadata") or {}).get(ORDER_KEY)
    return (
        datetime.fromisoformat(stored["created_at"]),
        order if isinstance(order, int) else 0,
    )


_order_lock = threading.Lock()
_last_order = 0


def _next_order() -> int:
    """Nanoseconds since the epoch, strictly increasing within this process."""
    global _last_order
    with _order_lock:
        _last_order = max(_last_order + 1, time.time_ns())
        return _last_order


__all__ = ["TiermemChatMessageHistory", "TiermemRetriever"]
