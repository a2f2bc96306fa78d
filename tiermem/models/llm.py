"""The LLM behind the consolidation policies: one tiny protocol, two backends, one choice.

``make_llm`` builds the backend the config asks for, and callers import the LLM names from
here. The protocol, usage accounting and bounded JSON retries live in ``llm_base``; the
backends in ``llm_embedded`` (SmolLM2 through llama.cpp, offline) and ``llm_ollama``.
"""

from __future__ import annotations

import logging

from tiermem.config import TiermemConfig
from tiermem.models.llm_base import LLM, LLMUsage, RawCompletion
from tiermem.models.llm_embedded import EmbeddedLLM
from tiermem.models.llm_ollama import OllamaLLM, probe_ollama

__all__ = ["LLM", "EmbeddedLLM", "LLMUsage", "OllamaLLM", "RawCompletion", "make_llm"]

log = logging.getLogger("tiermem")


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
