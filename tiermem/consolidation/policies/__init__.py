"""Consolidation policies: ``none``, ``heuristic``, ``llm``, or a user's class by dotted path."""

from __future__ import annotations

import importlib

from tiermem.config import TiermemConfig
from tiermem.consolidation.policies.base import Policy
from tiermem.consolidation.policies.heuristic import HeuristicPolicy
from tiermem.consolidation.policies.llm import LLMPolicy
from tiermem.consolidation.policies.none import NonePolicy
from tiermem.errors import InvalidInputError

BUILT_IN: dict[str, type] = {"none": NonePolicy, "heuristic": HeuristicPolicy, "llm": LLMPolicy}


def load_policy(name: str, config: TiermemConfig) -> Policy:
    if name in BUILT_IN:
        policy: Policy = BUILT_IN[name](config)
        return policy
    module_name, _, attr = name.replace(":", ".").rpartition(".")
    if not module_name:
        raise InvalidInputError(
            f"unknown policy {name!r}: use none, heuristic, llm or a dotted path"
        )
    try:
        cls = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise InvalidInputError(f"cannot load policy {name!r}: {exc}") from exc
    custom: Policy = cls(config)
    return custom
