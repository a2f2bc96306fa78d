"""``GuardedPolicy``: the engine's side of the policy contract, enforced at every call.

A policy is user code. Whatever it returns is checked before anything is written (see
``passes.short_to_mid.checked_extractions`` and ``passes.mid_to_long.checked_decision``:
output that breaks the contract is handled like an ``LLMError``, i.e. dead-lettered and
retried, then decided by the rules), and whatever it raises besides ``LLMError`` becomes a
``PolicyError`` naming the policy and the method, which ends that tenant's run without
touching the other tenants of the run (``Engine``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tiermem.consolidation.policies.base import Decision, Extraction, Policy, PolicyContext
from tiermem.errors import LLMError, PolicyError
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector

T = TypeVar("T")


class GuardedPolicy:
    """Delegates to ``inner``; its declared attributes are read once, up front."""

    def __init__(self, inner: Policy) -> None:
        self.inner = inner
        self.name = str(inner.name)
        self.uses_llm = bool(inner.uses_llm)
        self.chunk_size = max(1, int(inner.chunk_size))
        self.decays = bool(inner.decays)
        self.merges = bool(inner.merges)

    def _call(self, method: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except LLMError:
            raise
        except Exception as exc:
            raise PolicyError(
                f"policy {self.name!r}: {method} raised {type(exc).__name__}: {exc}"
            ) from exc

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        return self._call("ready", lambda: self.inner.ready(observations, now))

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        return self._call("extract", lambda: self.inner.extract(observations, ctx, now))

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return bool(self._call("should_promote", lambda: self.inner.should_promote(fact, now)))

    def candidates(
        self, fact: MemoryItem, vector: Vector, shard: LongShard
    ) -> list[tuple[MemoryItem, float]]:
        return self._call("candidates", lambda: self.inner.candidates(fact, vector, shard))

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        return self._call("reconcile", lambda: self.inner.reconcile(fact, neighbours, ctx))
