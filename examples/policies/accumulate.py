"""Never supersede, only accumulate: the heuristic policy without updates.

Extraction, candidates, promotion and decay are the heuristic policy's. Reconciliation
is reduced to one rule: a fact whose exact text is already in long-term memory is folded
into it (NOOP: its sources and reinforcement join the old fact's), and anything else is
added beside what is there. Nothing is ever superseded and nothing is merged by
similarity, so "I live in Paris" and, a month later, "I live in Berlin" both stay current.

What it tests: what supersession is worth. Benchmarked beside ``tiermem:heuristic`` on
the updates suite it isolates the part of newest-value accuracy that comes from closing
old values (rather than from search ranking the newest statement first), and on LoCoMo it
shows whether keeping every version costs recall elsewhere.

One caveat the engine imposes, whatever this policy says: a fact stored with
``infer=False`` is reconciled by the engine's rules, not by ``reconcile``. Those rules
never supersede such a fact's neighbours either (it carries no attribute), but they may
MERGE it into a near-duplicate.
"""

from __future__ import annotations

from tiermem.consolidation.policies.base import Decision, PolicyContext
from tiermem.consolidation.policies.heuristic import HeuristicPolicy
from tiermem.types import MemoryItem


class AccumulatePolicy(HeuristicPolicy):
    """``HeuristicPolicy`` whose ``reconcile`` only ever answers NOOP or ADD."""

    name = "accumulate"

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        for other, _ in neighbours:
            if other.hash == fact.hash:
                return Decision(action="NOOP", target=other.id, reason="same text")
        return Decision(action="ADD", reason="accumulate: never supersede")
