"""Systems under test, by name, for ``--systems``.

Fixed names (``bm25``, ``mem0``, ``tiermem-heuristic``...) and ``tiermem:<policy>[@label]``:
tiermem with any consolidation policy, built in or a user's class by dotted path, each
with its own config overrides (``--policy-config``).

Factories import lazily so that a missing optional piece (Mem0's virtualenv, tiermem's
LLM) only makes that one system unavailable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from benchmarks.systems.base import BaseSystem, Hit, Item, System, SystemUnavailable

__all__ = [
    "DEFAULT_SYSTEMS",
    "FACTORIES",
    "BaseSystem",
    "Hit",
    "Item",
    "System",
    "SystemUnavailable",
    "build",
    "check_name",
    "policy_of",
]


def _flat_dense() -> System:
    from benchmarks.systems.flat_dense import FlatDense

    return FlatDense()


def _bm25() -> System:
    from benchmarks.systems.bm25 import BM25

    return BM25()


def _mem0() -> System:
    from benchmarks.systems.mem0_peer import Mem0Peer

    return Mem0Peer()


def _tiermem(policy: str) -> Callable[[], System]:
    def make() -> System:
        from benchmarks.systems.tiermem_system import TiermemSystem

        return TiermemSystem(policy)

    return make


FACTORIES: dict[str, Callable[[], System]] = {
    "flat_dense": _flat_dense,
    "bm25": _bm25,
    "mem0": _mem0,
    "tiermem-none": _tiermem("none"),
    "tiermem-heuristic": _tiermem("heuristic"),
    "tiermem-llm": _tiermem("llm"),
}

DEFAULT_SYSTEMS = (
    "flat_dense",
    "bm25",
    "mem0",
    "tiermem-none",
    "tiermem-heuristic",
    "tiermem-llm",
)


POLICY_PREFIX = "tiermem:"


def policy_of(name: str) -> str | None:
    """The policy a ``tiermem:<policy>[@label]`` system runs, or None for other names.
    ``<policy>`` is ``none``, ``heuristic``, ``llm`` or a policy class's dotted path; the
    ``@label`` only tells apart two systems of one policy with different settings."""
    if not name.startswith(POLICY_PREFIX):
        return None
    return name[len(POLICY_PREFIX) :].partition("@")[0]


def check_name(name: str) -> None:
    """Raise ValueError, saying why, for a name ``build`` would not know."""
    policy = policy_of(name)
    if policy is None:
        if name not in FACTORIES:
            known = ", ".join([*FACTORIES, "tiermem:<policy>"])
            raise ValueError(f"unknown system {name!r}; known: {known}")
        return
    from tiermem.consolidation.policies import policy_class
    from tiermem.errors import InvalidInputError

    try:
        policy_class(policy)
    except InvalidInputError as exc:
        raise ValueError(f"system {name!r}: {exc}") from exc


def build(name: str, settings: dict[str, Any] | None = None) -> System:
    """A fresh instance; SystemUnavailable says why it cannot run here. ``settings`` are
    config overrides, for ``tiermem:<policy>`` systems only."""
    policy = policy_of(name)
    if policy is not None:
        from benchmarks.systems.tiermem_system import TiermemSystem

        return TiermemSystem(policy, overrides=settings, name=name)
    if settings:
        raise ValueError(f"system {name!r} takes no settings; only tiermem:<policy> systems do")
    check_name(name)
    return FACTORIES[name]()
