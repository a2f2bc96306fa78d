"""The Ollama backend: a model served by Ollama, and the probe that says whether one is.

Requests go through the official ``ollama`` client with the schema as ``format=``; the
probe lets ``make_llm`` prefer a running Ollama that has the configured model.
"""

from __future__ import annotations

from typing import Any

from tiermem.config import TiermemConfig
from tiermem.errors import LLMError
from tiermem.models.llm_base import RETRY_TEMPERATURE, SEED, RawCompletion, RetryingLLM

PROBE_TIMEOUT_S = 1.0


class OllamaLLM(RetryingLLM):
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
