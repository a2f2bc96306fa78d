"""Every check on caller input, in one place, run before anything is written.

Ids become parts of Redis keys and (hashed) shard folders, so they are held to a
strict alphabet: anything that could be a glob (`*`), a hash tag (`{a}`), a key
separator (`a:b`) or a path (`../x`) is refused up front with a clear message.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from tiermem.errors import InvalidInputError
from tiermem.types import TIERS, Scope, TierName

_SCOPE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$")
_MEMORY_ID = re.compile(r"^[0-9a-f]{32}$")
_ROLES = {"user", "assistant", "system", "tool"}


def scope_id(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a string, got {type(value).__name__}")
    if not _SCOPE_ID.match(value):
        raise InvalidInputError(
            f"{name} {value[:40]!r} is not allowed: use 1-128 letters, digits, '_', '.', '@' "
            "or '-', starting with a letter or digit"
        )
    return value


def scope(user_id: object = None, agent_id: object = None, run_id: object = None) -> Scope:
    result = Scope(
        user_id=scope_id("user_id", user_id),
        agent_id=scope_id("agent_id", agent_id),
        run_id=scope_id("run_id", run_id),
    )
    if result.user_id is None and result.agent_id is None and result.run_id is None:
        raise InvalidInputError("one of user_id, agent_id or run_id is required")
    return result


def memory_id(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"memory id must be a string, got {type(value).__name__}")
    if not _MEMORY_ID.match(value):
        raise InvalidInputError(f"{value[:40]!r} is not a tiermem memory id (32 hex digits)")
    return value


def text(value: object, *, max_chars: int, what: str = "text") -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{what} must be a string, got {type(value).__name__}")
    if "\x00" in value:
        raise InvalidInputError(f"{what} contains a NUL byte")
    stripped = value.strip()
    if not stripped:
        raise InvalidInputError(f"{what} is empty")
    if len(value) > max_chars:
        raise InvalidInputError(f"{what} has {len(value)} characters; the limit is {max_chars}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInputError(f"{what} is not valid Unicode text: {exc.reason}") from exc
    return stripped


SYSTEM_SKIP_REASON = "system messages are instructions to the assistant, not memories"


class Conversation(BaseModel):
    """What ``add()`` stores from its ``data``, and which messages it left out.

    ``messages`` holds the kept ``(role, text)`` pairs in input order (role ``None`` for a
    bare string). ``skipped`` holds the input indexes of the messages that were not
    stored, so the caller can say so instead of dropping them silently.
    """

    model_config = ConfigDict(frozen=True)

    messages: tuple[tuple[str | None, str], ...]
    skipped: tuple[int, ...] = ()

    def skipped_public(self) -> list[dict[str, Any]]:
        """JSON-ready entries for ``add()``'s result: which input message, and why."""
        return [{"index": i, "role": "system", "reason": SYSTEM_SKIP_REASON} for i in self.skipped]


def conversation(data: object, *, max_chars: int, max_messages: int) -> Conversation:
    """A string or a list of ``{"role", "content"}`` dicts -> the messages to store.

    System messages are skipped, not stored: they instruct the chatbot ("You are a
    helpful assistant") and say nothing about the user, yet as memories they would
    surface in every search. Their shape is still checked (a malformed list is refused
    whole), but not their length, since their text is never written. A list of only
    system messages is refused: storing nothing while returning success would hide the
    mistake.
    """
    if isinstance(data, str):
        return Conversation(messages=((None, text(data, max_chars=max_chars, what="memory text")),))
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InvalidInputError(
            f"data must be a string or a list of messages, got {type(data).__name__}"
        )
    if not data:
        raise InvalidInputError("the message list is empty")
    if len(data) > max_messages:
        raise InvalidInputError(f"{len(data)} messages; the limit is {max_messages}")
    kept: list[tuple[str | None, str]] = []
    skipped: list[int] = []
    for i, message in enumerate(data):
        role, content = _message_fields(i, message)
        if role == "system":
            skipped.append(i)
            continue
        kept.append((role, text(content, max_chars=max_chars, what=f"message {i} content")))
    if not kept:
        raise InvalidInputError(
            "every message is a system message, and system messages are not stored "
            "(they instruct the assistant; they are not facts about anyone): "
            "add the user's or the assistant's messages"
        )
    return Conversation(messages=tuple(kept), skipped=tuple(skipped))


def _message_fields(i: int, message: object) -> tuple[str, str]:
    """One message's role and content, each named when missing or of the wrong type."""
    if not isinstance(message, dict):
        raise InvalidInputError(
            f"message {i} must be a dict with 'role' and 'content', got {type(message).__name__}"
        )
    given = ", ".join(str(k)[:40] for k in list(message)[:12]) or "none"
    for key in ("role", "content"):
        if key not in message:
            raise InvalidInputError(f"message {i} has no {key!r} (keys given: {given})")
    role, content = message["role"], message["content"]
    if not isinstance(role, str) or role not in _ROLES:
        raise InvalidInputError(
            f"message {i} has role {role!r}; use one of {', '.join(sorted(_ROLES))}"
        )
    if not isinstance(content, str):
        raise InvalidInputError(
            f"message {i} content must be a string, got {type(content).__name__}"
        )
    return role, content


def metadata(value: object, *, max_bytes: int) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInputError(f"metadata must be a dict, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str) or not key or "\x00" in key:
            raise InvalidInputError(f"metadata key {key!r} must be a non-empty string")
    try:
        encoded = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"metadata must be plain JSON: {exc}") from exc
    if "\\u0000" in encoded:
        raise InvalidInputError("metadata contains a NUL byte")
    if len(encoded.encode("utf-8")) > max_bytes:
        raise InvalidInputError(f"metadata is larger than {max_bytes} bytes")
    result: dict[str, Any] = json.loads(encoded)
    return result


def timestamp(value: object) -> float | None:
    """Seconds since the epoch, a timezone-aware datetime, or an ISO-8601 string with an
    offset.

    A datetime or ISO string without a timezone is refused rather than guessed: Python
    reads a naive value as the machine's local time, so the same call would store
    different instants on a laptop and on a UTC server, and dates in answers would drift.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidInputError("timestamp must be a number, datetime or ISO string")
    if isinstance(value, int | float):
        ts = float(value)
    elif isinstance(value, datetime):
        if _naive(value):
            raise InvalidInputError(
                "timestamp must be timezone-aware, e.g. datetime.now(timezone.utc) or "
                "datetime(2024, 5, 1, tzinfo=timezone.utc); a naive datetime has no timezone"
            )
        ts = value.timestamp()
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInputError(f"timestamp {value[:40]!r} is not ISO-8601") from exc
        if _naive(parsed):
            raise InvalidInputError(
                f"timestamp {value[:40]!r} has no UTC offset: add one, "
                "e.g. '2024-05-01T12:00:00+00:00' or '2024-05-01T12:00:00Z'"
            )
        ts = parsed.timestamp()
    else:
        raise InvalidInputError(
            "timestamp must be a number (seconds since the epoch), a timezone-aware datetime "
            f"or an ISO-8601 string, got {type(value).__name__}"
        )
    if not math.isfinite(ts) or ts < 0 or ts > 32_503_680_000:  # year 3000
        raise InvalidInputError("timestamp is out of range")
    return ts


def _naive(value: datetime) -> bool:
    return value.tzinfo is None or value.tzinfo.utcoffset(value) is None


def limit(value: object, *, name: str = "limit", maximum: int = 10_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(f"{name} must be an integer")
    if value < 1 or value > maximum:
        raise InvalidInputError(f"{name} must be between 1 and {maximum}")
    return value


def threshold(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError("threshold must be a number")
    return float(value)


def tier(value: object) -> TierName:
    if value not in TIERS:
        raise InvalidInputError(f"tier must be one of {list(TIERS)}, got {value!r}")
    result: TierName = value  # type: ignore[assignment]
    return result


def tiers(value: object) -> tuple[TierName, ...]:
    if value is None:
        return TIERS
    if isinstance(value, str):
        return (tier(value),)
    if not isinstance(value, list | tuple) or not value:
        raise InvalidInputError("tiers must be a non-empty list of tier names")
    return tuple(dict.fromkeys(tier(v) for v in value))


def flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{name} must be true or false, got {type(value).__name__}")
    return value
