"""Conversations in the shapes people already have, read into checked messages.

Formats (``detect`` picks one from the text when none is named):

* ``jsonl``: one message per line, ``{"role", "content", "timestamp"?, "user_id"?,
  "agent_id"?, "run_id"?, "metadata"?}``;
* ``messages``: an OpenAI-style list, a JSON array of ``{"role", "content"}`` (the same
  optional keys allowed) or ``{"messages": [...]}``;
* ``locomo``: LoCoMo-shaped samples, ``{"conversation": {"speaker_a", "speaker_b",
  "session_N": [{"speaker", "text", "dia_id"}], "session_N_date_time"}}``, or a list of
  them. Each turn becomes "Speaker: text" (its photo caption appended), as the benchmarks
  store it, timed at its session's date plus 30 s per turn, since turns carry no time of
  their own and LoCoMo's dates have no zone (UTC is assumed).

Everything is checked before anything is written (``tiermem.validation``, the API's own
rules): a bad message is a one-line error naming where it is, or, when the caller
allows it, an error counted and skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from tiermem import validation
from tiermem.config import TiermemConfig
from tiermem.errors import InvalidInputError
from tiermem.types import Scope

MessageFormat = Literal["jsonl", "messages", "locomo"]
Format = Literal["tiermem", "jsonl", "messages", "locomo"]
ScopeIds = dict[str, str | None]

_SESSION = re.compile(r"session_(\d+)")
_LOCOMO_DATE = "%I:%M %p on %d %B, %Y"  # "1:56 pm on 8 May, 2023" (am/pm upper-cased first)
_TURN_GAP_S = 30.0
_ROLES = ("user", "assistant", "tool", "system")  # as ``Memory.add`` accepts them
_MESSAGE_KEYS = {"role", "content", "timestamp", "user_id", "agent_id", "run_id", "metadata"}


@dataclass(frozen=True)
class Incoming:
    """One message to store, checked: where it came from, who it belongs to, when."""

    where: str  # "line 3", "message 4", "conv-26 D2:5": for errors and for nobody else
    scope: Scope
    role: str | None
    text: str
    timestamp: float | None  # None: stored at the import's own time
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reading:
    """What a file held: messages to store, and how many were left out and why."""

    messages: list[Incoming] = field(default_factory=list)
    ignored: int = 0  # system messages: instructions to the assistant, never stored
    errors: list[str] = field(default_factory=list)  # invalid messages skipped on request


def detect(text: str) -> Format:
    """The format of a file's text, from its first JSON value."""
    body = text.lstrip()
    if not body:
        raise InvalidInputError("the file is empty")
    try:
        whole = json.loads(body)
    except json.JSONDecodeError:
        whole = None
        first = body.split("\n", 1)[0]
        try:
            head = json.loads(first)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"line 1 is not JSON: {exc.msg}") from exc
        if isinstance(head, dict) and head.get("kind") == "header":
            return "tiermem"
        return "jsonl"
    if isinstance(whole, dict):
        if whole.get("kind") == "header":
            return "tiermem"
        if "conversation" in whole:
            return "locomo"
        if "messages" in whole:
            return "messages"
        return "jsonl"  # a single message on a single line
    if isinstance(whole, list) and whole and isinstance(whole[0], dict):
        return "locomo" if "conversation" in whole[0] else "messages"
    raise InvalidInputError(
        "unrecognised input: expected a tiermem export, JSONL messages, a JSON list of "
        "messages or LoCoMo-shaped conversations (or name one with --format)"
    )


def read(
    text: str, fmt: MessageFormat, ids: ScopeIds, config: TiermemConfig, *, skip_invalid: bool
) -> Reading:
    """The checked messages of ``text``. ``ids`` are the command line's scope ids; they
    win over ids a message names, which fill in only what the command line left out."""
    reading = Reading()
    raws = {"jsonl": _jsonl, "messages": _message_list, "locomo": _locomo}[fmt](text, ids)
    for where, check in raws:
        try:
            message = check(config)
        except InvalidInputError as exc:
            if not skip_invalid:
                raise InvalidInputError(f"{where}: {exc}") from exc
            reading.errors.append(f"{where}: {exc}")
            continue
        if message is None:
            reading.ignored += 1
        else:
            reading.messages.append(message)
    return reading


Check = Callable[[TiermemConfig], Incoming | None]


def _jsonl(text: str, ids: ScopeIds) -> list[tuple[str, Check]]:
    out: list[tuple[str, Check]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append((where, _refuse(f"not JSON: {exc.msg}")))
            continue
        out.append((where, _chat_message(where, raw, ids)))
    return out


def _message_list(text: str, ids: ScopeIds) -> list[tuple[str, Check]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"not JSON: {exc.msg} (line {exc.lineno})") from exc
    if isinstance(data, dict):
        data = data.get("messages")
    if not isinstance(data, list):
        raise InvalidInputError('expected a JSON array of messages or {"messages": [...]}')
    return [(f"message {n}", _chat_message(f"message {n}", m, ids)) for n, m in enumerate(data)]


def _refuse(reason: str) -> Check:
    def check(config: TiermemConfig) -> Incoming | None:
        raise InvalidInputError(reason)

    return check


def _chat_message(where: str, raw: object, ids: ScopeIds) -> Check:
    def check(config: TiermemConfig) -> Incoming | None:
        if not isinstance(raw, dict):
            raise InvalidInputError(f"expected a JSON object, got {type(raw).__name__}")
        unknown = sorted(set(raw) - _MESSAGE_KEYS)
        if unknown:
            raise InvalidInputError(
                f"unknown key {unknown[0][:40]!r} (allowed: {', '.join(sorted(_MESSAGE_KEYS))})"
            )
        role, content = raw.get("role"), raw.get("content")
        if role not in _ROLES:
            raise InvalidInputError(f"role {role!r} is not one of {', '.join(_ROLES)}")
        if role == "system":
            return None  # instructions to the assistant, not memories (the API skips them too)
        if not isinstance(content, str):
            raise InvalidInputError(f"content must be a string, got {type(content).__name__}")
        text = validation.text(content, max_chars=config.max_text_chars, what="content")
        return Incoming(
            where=where,
            scope=_scope(ids, raw),
            role=str(role),
            text=text,
            timestamp=validation.timestamp(raw.get("timestamp")),
            metadata=validation.metadata(raw.get("metadata"), max_bytes=config.max_metadata_bytes),
        )

    return check


def _scope(ids: ScopeIds, raw: dict[str, Any]) -> Scope:
    given = {k: (v if v is not None else raw.get(k)) for k, v in ids.items()}
    if all(v is None for v in given.values()):
        raise InvalidInputError("no scope: pass --user-id (or --agent-id / --run-id)")
    return validation.scope(**given)


def _locomo(text: str, ids: ScopeIds) -> list[tuple[str, Check]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"not JSON: {exc.msg} (line {exc.lineno})") from exc
    samples = data if isinstance(data, list) else [data]
    out: list[tuple[str, Check]] = []
    for n, sample in enumerate(samples):
        if not isinstance(sample, dict) or not isinstance(sample.get("conversation"), dict):
            raise InvalidInputError(f"sample {n} has no 'conversation' object")
        name = str(sample.get("sample_id") or f"sample {n}")
        conv: dict[str, Any] = sample["conversation"]
        scope_ids = dict(ids)
        if all(v is None for v in ids.values()):
            scope_ids["user_id"] = sample.get("sample_id")  # one user per conversation
        sessions = sorted(int(m.group(1)) for k in conv if (m := _SESSION.fullmatch(k)))
        for index in sessions:
            turns = conv[f"session_{index}"]
            start = _session_time(conv.get(f"session_{index}_date_time"), f"{name} session {index}")
            if not isinstance(turns, list):
                raise InvalidInputError(f"{name} session_{index} is not a list of turns")
            for offset, turn in enumerate(turns):
                where = f"{name} session {index} turn {offset}"
                when = start + _TURN_GAP_S * offset
                out.append((where, _locomo_turn(where, turn, scope_ids, when)))
    return out


def _session_time(value: object, where: str) -> float:
    if not isinstance(value, str):
        raise InvalidInputError(f"{where} has no date_time")
    cleaned = " ".join(value.replace("am", "AM").replace("pm", "PM").split())
    try:
        return datetime.strptime(cleaned, _LOCOMO_DATE).replace(tzinfo=UTC).timestamp()
    except ValueError as exc:
        raise InvalidInputError(
            f"{where}: date_time {value[:40]!r} is not like '1:56 pm on 8 May, 2023'"
        ) from exc


def _locomo_turn(where: str, turn: object, ids: ScopeIds, when: float) -> Check:
    def check(config: TiermemConfig) -> Incoming | None:
        if not isinstance(turn, dict) or not turn.get("speaker") or "text" not in turn:
            raise InvalidInputError("a turn needs 'speaker' and 'text'")
        said = str(turn.get("text") or "").strip()
        caption = str(turn.get("blip_caption") or "").strip()
        if caption:
            said = f"{said} [shares a photo of {caption}]".strip()
        speaker = str(turn["speaker"])
        content = validation.text(
            f"{speaker}: {said}", max_chars=config.max_text_chars, what="turn text"
        )
        extra = {"speaker": speaker}
        if turn.get("dia_id") is not None:
            extra["dia_id"] = str(turn["dia_id"])
        return Incoming(
            where=where,
            scope=_scope(ids, {}),
            role=None,
            text=content,
            timestamp=when,
            metadata=extra,
        )

    return check
