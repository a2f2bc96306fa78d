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


POLICY_METHODS = ("ready", "extract", "should_promote", "candidates", "reconcile")
POLICY_ATTRIBUTES = ("name", "uses_llm", "chunk_size", "decays", "merges")


def policy_class(name: str) -> type:
    """The class ``name`` stands for: a built-in name, or the dotted path of a class with
    the ``Policy`` methods. Refuses anything else, saying why and what is built in."""
    names = ", ".join(BUILT_IN)
    if name in BUILT_IN:
        return BUILT_IN[name]
    module_name, _, attr = name.replace(":", ".").rpartition(".")
    if not module_name or not attr:
        raise InvalidInputError(
            f"unknown policy {name!r}: use one of {names}, or the dotted path of a "
            "policy class (e.g. mypackage.policies.MyPolicy)"
        )
    try:
        found = getattr(importlib.import_module(module_name), attr)
    except ImportError as exc:
        raise InvalidInputError(
            f"cannot load policy {name!r}: {exc}; the built-in policies are {names}"
        ) from exc
    except AttributeError as exc:
        raise InvalidInputError(
            f"cannot load policy {name!r}: module {module_name} has no {attr!r}; "
            f"the built-in policies are {names}"
        ) from exc
    except Exception as exc:  # the user's module itself failed to import
        raise InvalidInputError(
            f"cannot load policy {name!r}: importing {module_name} raised "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(found, type):
        raise InvalidInputError(f"cannot load policy {name!r}: it is not a class")
    missing = [m for m in POLICY_METHODS if not callable(getattr(found, m, None))]
    if missing:
        raise InvalidInputError(
            f"cannot load policy {name!r}: the class has no {', '.join(missing)} "
            "(see tiermem.consolidation.policies.base.Policy)"
        )
    return found


def load_policy(name: str, config: TiermemConfig) -> Policy:
    """An instance of the policy ``name``, checked for what the engine reads from it."""
    policy: Policy = policy_class(name)(config)
    missing = [a for a in POLICY_ATTRIBUTES if not hasattr(policy, a)]
    if missing:
        raise InvalidInputError(
            f"policy {name!r} does not declare {', '.join(missing)} "
            "(see tiermem.consolidation.policies.base.Policy)"
        )
    return policy
