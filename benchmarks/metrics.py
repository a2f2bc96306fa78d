"""LLM-free retrieval metrics over ranked memories that carry their source turn ids.

A memory may stand for several turns (a merged or consolidated fact carries the union of
its sources), so the metrics count *evidence turns covered*, not memories: a system that
merges two evidence turns into one fact at rank 1 scores as well as one that returns the
two raw turns at ranks 1 and 2. Value checks (newest wins, stale above current) use
whole-word, case-insensitive matching so "Rome" does not match "Romeo".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from benchmarks.textmatch import mentions

SourceSets = Sequence[Iterable[str]]


def recall_at_k(evidence: Iterable[str], sources: SourceSets, k: int) -> float | None:
    """|evidence ∩ sources(top k)| / |evidence|; None when there is no evidence to find."""
    wanted = set(evidence)
    if not wanted:
        return None
    covered: set[str] = set()
    for hit in sources[:k]:
        covered.update(hit)
    return len(wanted & covered) / len(wanted)


def hit_at_k(evidence: Iterable[str], sources: SourceSets, k: int) -> float | None:
    """1.0 when any of the top k memories came from an evidence turn."""
    wanted = set(evidence)
    if not wanted:
        return None
    return 1.0 if any(wanted & set(hit) for hit in sources[:k]) else 0.0


def ndcg_at_k(evidence: Iterable[str], sources: SourceSets, k: int) -> float | None:
    """nDCG with binary relevance per evidence turn.

    Each evidence turn is a relevant unit found at the rank of the first memory whose
    sources include it; the ideal list finds one new turn per rank. A memory covering
    several evidence turns gains for each, and the score is capped at 1, so merging
    relevant turns is never punished and duplicates of a found turn earn nothing.
    """
    wanted = set(evidence)
    if not wanted:
        return None
    seen: set[str] = set()
    dcg = 0.0
    for rank, hit in enumerate(sources[:k]):
        new = (wanted & set(hit)) - seen
        seen |= new
        dcg += len(new) / math.log2(rank + 2)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(wanted))))
    return min(1.0, dcg / ideal)


def first_rank(texts: Sequence[str], values: Iterable[str]) -> int | None:
    """Index of the first text that mentions any of ``values``."""
    wanted = [v for v in values if v]
    for rank, text in enumerate(texts):
        if any(mentions(text, v) for v in wanted):
            return rank
    return None


def newest_wins_at_1(texts: Sequence[str], current: str) -> float:
    """1.0 when the top hit mentions the current value."""
    return 1.0 if texts and mentions(texts[0], current) else 0.0


def stale_above_current(texts: Sequence[str], current: str, stale: Iterable[str], k: int) -> float:
    """1.0 when a stale value outranks the current one, or the current one is not in top k.

    A hit that mentions both (e.g. "moved from Paris to Lisbon") counts as current, not
    as stale above it.
    """
    top = list(texts[:k])
    cur = first_rank(top, [current])
    if cur is None:
        return 1.0
    old = first_rank(top, stale)
    return 1.0 if old is not None and old < cur else 0.0


def value_at_k(texts: Sequence[str], value: str, k: int) -> float:
    """1.0 when any of the top k hits mentions ``value``."""
    return 1.0 if first_rank(list(texts[:k]), [value]) is not None else 0.0


def percentiles(
    samples: Sequence[float], points: Sequence[float] = (50, 95, 99)
) -> dict[str, float]:
    """Nearest-rank percentiles (no interpolation), keyed "p50" etc.; empty input -> {}."""
    if not samples:
        return {}
    ordered = sorted(samples)
    out = {}
    for p in points:
        rank = max(1, math.ceil(p / 100.0 * len(ordered)))
        out[f"p{p:g}"] = ordered[rank - 1]
    return out


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; None when none is defined."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None
