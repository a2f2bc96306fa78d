"""Systems under test, by name, for ``--systems``.

Factories import lazily so that a missing optional piece (Mem0's virtualenv, tiermem's
LLM) only makes that one system unavailable.
"""

from __future__ import annotations

from collections.abc import Callable

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


def build(name: str) -> System:
    """A fresh instance; SystemUnavailable says why it cannot run here."""
    if name not in FACTORIES:
        raise ValueError(f"unknown system {name!r}; known: {', '.join(FACTORIES)}")
    return FACTORIES[name]()
