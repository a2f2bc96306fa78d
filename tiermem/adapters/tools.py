"""Memory as tools a model can call: OpenAI function-calling schemas and their dispatcher.

A model writes its tool arguments itself, so ``call_tool`` treats them as untrusted
input: they are parsed and checked (pydantic, strict types, no unknown fields) before
tiermem sees them, and every refusal is an ``InvalidInputError`` whose message says what
was wrong, ready to hand back to the model. The tenant ids are ``call_tool``'s own
arguments, given by the application: the schemas have no field for them and unknown
fields are refused, so a model cannot read or write another user's memories by naming
them. Plain Python; no framework needed.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from tiermem.adapters import MemoryLike
from tiermem.errors import InvalidInputError

ADD_MEMORY = "add_memory"
SEARCH_MEMORIES = "search_memories"
DEFAULT_SEARCH_LIMIT = 5
MAX_SEARCH_LIMIT = 50  # more hits than this crowd a prompt; a model asking for 10_000 is wrong


def _readable(value: str) -> str:
    """Text a model sent: not blank and free of NUL bytes (which Redis keys and logs
    mishandle); tiermem checks the length."""
    if "\x00" in value:
        raise ValueError("contains a NUL byte")
    if not value.strip():
        raise ValueError("is empty")
    return value


class AddMemoryArgs(BaseModel):
    """The arguments of ``add_memory``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str
    metadata: dict[str, JsonValue] | None = None

    @field_validator("text")
    @classmethod
    def _text_readable(cls, value: str) -> str:
        return _readable(value)


class SearchMemoriesArgs(BaseModel):
    """The arguments of ``search_memories``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    query: str
    limit: int = Field(default=DEFAULT_SEARCH_LIMIT, ge=1, le=MAX_SEARCH_LIMIT)

    @field_validator("query")
    @classmethod
    def _query_readable(cls, value: str) -> str:
        return _readable(value)


_ARGUMENTS: dict[str, type[BaseModel]] = {
    ADD_MEMORY: AddMemoryArgs,
    SEARCH_MEMORIES: SearchMemoriesArgs,
}


def add_memory_schema() -> dict[str, Any]:
    """The OpenAI tool schema of ``add_memory(text, metadata?)``."""
    return {
        "type": "function",
        "function": {
            "name": ADD_MEMORY,
            "description": (
                "Save one fact worth remembering about the user or the conversation, "
                "e.g. a preference, a plan or a personal detail. Write it as a short, "
                "self-contained sentence."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "text": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The fact to remember, as one sentence.",
                    },
                    "metadata": {
                        "type": "object",
                        "description": "Optional labels to store with the fact, e.g. a topic.",
                    },
                },
                "required": ["text"],
                "additionalProperties": False,
            },
        },
    }


def search_memories_schema() -> dict[str, Any]:
    """The OpenAI tool schema of ``search_memories(query, limit?)``."""
    return {
        "type": "function",
        "function": {
            "name": SEARCH_MEMORIES,
            "description": (
                "Search what is remembered about the user and past conversations. Use it "
                "before answering questions about the user's preferences, plans or history."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "query": {
                        "type": "string",
                        "minLength": 1,
                        "description": "What to look for, in plain words.",
                    },
                    "limit": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_SEARCH_LIMIT,
                        "default": DEFAULT_SEARCH_LIMIT,
                        "description": "How many memories to return at most.",
                    },
                },
                "required": ["query"],
                "additionalProperties": False,
            },
        },
    }


def tool_schemas() -> list[dict[str, Any]]:
    """Both schemas, for the ``tools`` argument of a chat completion request."""
    return [add_memory_schema(), search_memories_schema()]


def call_tool(
    memory: MemoryLike,
    name: str,
    arguments: dict[str, Any] | str,
    *,
    user_id: str | None = None,
    agent_id: str | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Run the tool call ``name(arguments)`` for the tenant the caller names.

    ``arguments`` is the model's JSON string or the dict parsed from it. Returns a
    JSON-ready dict for the tool message: ``add_memory`` gives ``add``'s result,
    ``search_memories`` gives ``{"results": [{"id", "memory", "created_at", "score"}]}``.
    Raises ``InvalidInputError`` for an unknown tool or bad arguments.
    """
    if user_id is None and agent_id is None and run_id is None:
        raise InvalidInputError("call_tool needs the tenant: one of user_id, agent_id or run_id")
    if not isinstance(name, str) or name not in _ARGUMENTS:
        known = ", ".join(sorted(_ARGUMENTS))
        raise InvalidInputError(f"unknown tool {str(name)[:60]!r}; the tools are {known}")
    checked = _checked(name, arguments)
    if isinstance(checked, AddMemoryArgs):
        metadata = dict(checked.metadata) if checked.metadata is not None else None
        return memory.add(
            checked.text, user_id=user_id, agent_id=agent_id, run_id=run_id, metadata=metadata
        )
    assert isinstance(checked, SearchMemoriesArgs)
    found = memory.search(
        checked.query, user_id=user_id, agent_id=agent_id, run_id=run_id, limit=checked.limit
    )
    return {
        "results": [
            {
                "id": hit["id"],
                "memory": hit["memory"],
                "created_at": hit.get("created_at"),
                "score": hit.get("score"),
            }
            for hit in found["results"]
        ]
    }


def _checked(name: str, arguments: object) -> BaseModel:
    """The arguments as the tool's model, or an ``InvalidInputError`` naming each fault."""
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except ValueError as exc:
            raise InvalidInputError(f"the arguments of {name} are not valid JSON: {exc}") from exc
    if not isinstance(arguments, dict):
        raise InvalidInputError(
            f"the arguments of {name} must be a JSON object, got {type(arguments).__name__}"
        )
    model = _ARGUMENTS[name]
    try:
        return model.model_validate(arguments)
    except ValidationError as exc:
        raise InvalidInputError(_explain(name, model, exc)) from None


def _explain(name: str, model: type[BaseModel], exc: ValidationError) -> str:
    """One line per fault, in words a model can act on."""
    takes = ", ".join(model.model_fields)
    faults = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "arguments"
        if error["type"] == "extra_forbidden":
            faults.append(f"{field!r} is not an argument of {name} (it takes: {takes})")
        elif error["type"] == "missing":
            faults.append(f"{field!r} is required")
        else:
            faults.append(f"{field!r} {_lower_first(error['msg'])}")
    return f"bad arguments for {name}: " + "; ".join(faults)


def _lower_first(message: str) -> str:
    message = message.removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


__all__ = [
    "ADD_MEMORY",
    "SEARCH_MEMORIES",
    "AddMemoryArgs",
    "SearchMemoriesArgs",
    "add_memory_schema",
    "call_tool",
    "search_memories_schema",
    "tool_schemas",
]
