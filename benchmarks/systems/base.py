"""What every system under test looks like to the harness.

The harness only replays observations, ticks simulated time and asks questions; it
never knows how a system stores anything. Each retrieved memory reports the dataset
turn ids it came from, so recall is measured the same way for raw logs and for merged,
consolidated facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, runtime_checkable


class SystemUnavailable(RuntimeError):
    """The system cannot run here (missing virtualenv, package, model); the reason says why."""


@dataclass(frozen=True)
class Hit:
    text: str
    source_ids: frozenset[str]
    score: float = 0.0
    tier: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


class Item(NamedTuple):
    """One observation for ``add_batch``."""

    text: str
    timestamp: float
    source_ids: list[str]


@runtime_checkable
class System(Protocol):
    name: str

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None: ...

    def add_batch(self, user: str, items: Sequence[Item]) -> None: ...

    def tick(self, now: float) -> None: ...

    def search(self, user: str, query: str, k: int) -> list[Hit]: ...

    def stats(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class BaseSystem:
    """Defaults for the optional parts: per-item batches, no consolidation."""

    name = "base"

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None:
        raise NotImplementedError

    def add_batch(self, user: str, items: Sequence[Item]) -> None:
        for item in items:
            self.add(user, item.text, item.timestamp, item.source_ids)

    def tick(self, now: float) -> None:
        """Flat systems have nothing to consolidate between sessions."""

    def stats(self) -> dict[str, Any]:
        return {}

    def close(self) -> None:
        """Nothing to release by default."""
