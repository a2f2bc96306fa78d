"""What every LLM backend shares: the protocol, usage accounting and bounded retries.

Consolidation only ever needs "give me a JSON object shaped like this schema", so the
protocol is exactly that (:meth:`LLM.complete_json`) plus a usage counter that a
consolidation report can diff per run. Both backends constrain decoding to the schema
(Ollama ``format=``, a llama.cpp grammar), but the answer is still untrusted: anything
that does not parse to a JSON object is retried a bounded number of times and then
raised as :class:`~tiermem.errors.LLMError`, so a policy can dead-letter the batch
instead of writing garbage. Callers still validate the *content* with pydantic.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_none

from tiermem.errors import InvalidInputError, LLMError

ROLES = frozenset({"system", "user", "assistant"})
SEED = 42
RETRY_TEMPERATURE = 0.7
"""Temperature for attempts after the first.

Attempt 1 is greedy (temperature 0) so answers are reproducible. A greedy retry of the
same prompt would reproduce the same bad answer, so retries sample instead, each with
its own fixed seed: still deterministic run to run, but actually a second opinion.
"""


class LLMUsage(BaseModel):
    """Running totals for one LLM object; ``calls`` counts attempts, retries included."""

    calls: int = 0
    failures: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    ms: float = 0.0

    def snapshot(self) -> LLMUsage:
        """A frozen copy, so a run can later report ``usage.since(before)``."""
        return self.model_copy()

    def since(self, earlier: LLMUsage) -> LLMUsage:
        """What was spent between ``earlier`` (a snapshot) and now."""
        return LLMUsage(
            calls=self.calls - earlier.calls,
            failures=self.failures - earlier.failures,
            prompt_tokens=self.prompt_tokens - earlier.prompt_tokens,
            completion_tokens=self.completion_tokens - earlier.completion_tokens,
            ms=self.ms - earlier.ms,
        )


@runtime_checkable
class LLM(Protocol):
    """What a consolidation policy may ask of a language model."""

    name: str
    usage: LLMUsage

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any]
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class RawCompletion:
    """One backend answer before parsing: the text and what it cost."""

    content: str
    prompt_tokens: int
    completion_tokens: int


class _BadAnswer(Exception):
    """An attempt that produced no usable JSON object; tenacity retries on it."""


def parse_json_object(content: str) -> dict[str, Any]:
    """Parse a model answer, tolerating a Markdown code fence but nothing else."""
    text = content.strip()
    if text.startswith("```"):
        text = text.strip("`").strip()
        if text.startswith("json"):
            text = text[4:]
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise _BadAnswer(f"invalid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise _BadAnswer(f"expected a JSON object, got {type(value).__name__}")
    return value


def _check_request(messages: Any, schema: Any) -> None:
    if not isinstance(schema, dict) or not schema:
        raise InvalidInputError("schema must be a non-empty JSON-schema dict")
    if not isinstance(messages, list) or not messages:
        raise InvalidInputError("messages must be a non-empty list")
    for message in messages:
        if (
            not isinstance(message, dict)
            or message.get("role") not in ROLES
            or not isinstance(message.get("content"), str)
        ):
            raise InvalidInputError(
                "each message must be {'role': system|user|assistant, 'content': str}"
            )


class RetryingLLM:
    """Shared retry and accounting; a backend only implements :meth:`_attempt`."""

    name: str
    usage: LLMUsage

    def __init__(self, name: str, max_retries: int) -> None:
        self.name = name
        self.usage = LLMUsage()
        self.max_retries = max_retries
        self._usage_lock = threading.Lock()

    def _attempt(
        self, messages: list[dict[str, str]], schema: dict[str, Any], attempt: int
    ) -> RawCompletion:
        raise NotImplementedError

    def complete_json(
        self, messages: list[dict[str, str]], schema: dict[str, Any]
    ) -> dict[str, Any]:
        _check_request(messages, schema)
        retrying = Retrying(
            stop=stop_after_attempt(self.max_retries + 1),
            retry=retry_if_exception_type(_BadAnswer),
            wait=wait_none(),
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._one_call(messages, schema, attempt.retry_state.attempt_number)
        except RetryError as exc:
            cause = exc.last_attempt.exception()
            raise LLMError(
                f"{self.name}: no valid JSON object after {self.max_retries + 1} attempts: {cause}"
            ) from cause
        raise AssertionError("unreachable: tenacity either returns or raises")  # pragma: no cover

    def _one_call(
        self, messages: list[dict[str, str]], schema: dict[str, Any], attempt: int
    ) -> dict[str, Any]:
        started = time.perf_counter()
        raw: RawCompletion | None = None
        failed = True
        try:
            raw = self._attempt(messages, schema, attempt)
            value = parse_json_object(raw.content)
            failed = False
            return value
        except (_BadAnswer, LLMError):
            raise
        except Exception as exc:  # transport and model errors get the same bounded retries
            raise _BadAnswer(f"{type(exc).__name__}: {exc}") from exc
        finally:
            self._count(raw, started, failed=failed)

    def _count(self, raw: RawCompletion | None, started: float, *, failed: bool) -> None:
        with self._usage_lock:
            self.usage.calls += 1
            self.usage.failures += int(failed)
            if raw is not None:
                self.usage.prompt_tokens += raw.prompt_tokens
                self.usage.completion_tokens += raw.completion_tokens
            self.usage.ms += (time.perf_counter() - started) * 1000.0
