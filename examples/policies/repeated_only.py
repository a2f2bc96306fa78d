"""Promote only what was repeated: the heuristic policy, with age taken out of promotion.

The heuristic policy promotes a mid-tier fact when it was repeated, when it states an
attribute ("I live in Paris"), or when it is older than ``promote_min_age_s`` and has some
content. This policy keeps only the first reason: a fact reaches long-term memory once it
has been said at least ``promote_min_reinforcement`` times (config, default 2); everything
else waits in the mid tier and, since the policy still decays, fades out there along the
forgetting curve (about three weeks for a fact said once, with the default settings).

What it tests: how much of long-term memory's value comes from facts said only once.
Benchmarked beside ``tiermem:heuristic`` it shows what age- and attribute-based promotion
buy (or cost) in recall and in the newest-value questions, where an attribute stated once
("I moved to Berlin") never reaches long-term memory and so never supersedes the old one.

What ``reinforcement`` counts (read from the engine, not assumed): a mid fact starts at 1
and gains one for each further observation the short -> mid pass merges into it (an exact
or near-duplicate mention, in the same run or a later one, while it is still in mid); a
fact that repeats one already in long-term memory enters mid with
``promote_min_reinforcement`` at once. Recall (a search returning the fact) does *not*
raise it: recall raises ``strength``, which slows decay, not ``reinforcement``.
"""

from __future__ import annotations

from tiermem.consolidation.policies.heuristic import HeuristicPolicy
from tiermem.types import MemoryItem


class RepeatedOnlyPolicy(HeuristicPolicy):
    """Extraction, reconciliation and decay as in ``HeuristicPolicy``; promotion by
    repetition alone."""

    name = "repeated-only"

    def should_promote(self, fact: MemoryItem, now: float) -> bool:
        return fact.reinforcement >= self.config.promote_min_reinforcement
