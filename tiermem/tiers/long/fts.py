"""Lexical search over the shard's FTS5 index, within a postings budget.

Picks the query terms worth scoring (from cached document counts), builds a MATCH
expression that cannot carry FTS5 operators, and ranks row ids by BM25. It lives apart from
the shard because its cost model, the budget below, shapes every line of it.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable

from tiermem.tiers.long.schema import CHUNK, CURRENT

# BM25 must score every posting of every query term before it can sort, so a term found
# in most facts makes a query cost ~1 ms per thousand facts. Terms are taken rarest first
# until this many postings; a term over the budget on its own is left out entirely
# (at 10k facts a 20k budget cost 12 ms a query, more than the embedding). A search reads
# these candidates while its query is embedded (``search.gather``), so they cost nothing
# while they take less than the embedding: at 2,000 postings they took more at 10k facts
# (p50 3.3 ms beside the embedding), and search p95 was 1.51-1.61x its bare cost there, against
# 1.21-1.29x at 1,000 (`python -m benchmarks perf --quick`). LoCoMo recall and the update
# streams, whose tenants hold under a thousand facts, rank the same at either budget.
LEXICAL_POSTINGS_BUDGET = 1_000
DF_CACHE_MIN = 2_000


def match_expression(terms: Iterable[str]) -> str:
    """An FTS5 MATCH expression that can only ever mean "any of these words".

    Each term is a run of letters/digits (``lexical.terms``) wrapped in double quotes, so
    FTS5 operators in the caller's text (AND, NEAR, ``*``, ``^``, ``:``, parentheses,
    quotes) are inert.
    """
    return " OR ".join(f'"{term}"' for term in terms)


class DocumentCounts:
    """How many facts hold each term, cached while the shard has not changed much.

    fts5vocab walks a term's whole posting list to count it (~2-5 ms for a word in
    100k facts), and the counts only steer the budget, so slightly old ones will do.
    Only large counts are cached: they are the costly ones, and a cached small count
    (say 0) would hide a rare word just added. Not thread-safe: the shard's lock guards it.
    """

    def __init__(self) -> None:
        self._cache: dict[str, tuple[int, int]] = {}  # term -> (facts holding it, seq)

    def lookup(
        self, conn: sqlite3.Connection, terms: list[str], *, seq: int, live: int
    ) -> dict[str, int]:
        """Counts of ``terms`` for a shard at change ``seq`` holding ``live`` facts."""
        horizon = max(100, live // 10)
        if len(self._cache) > 10_000:
            self._cache.clear()
        counts: dict[str, int] = {}
        missing: list[str] = []
        for term in terms:
            cached = self._cache.get(term)
            if cached is not None and seq - cached[1] <= horizon:
                counts[term] = cached[0]
            else:
                missing.append(term)
        if missing:
            marks = ",".join("?" * len(missing))
            found = dict(
                conn.execute(
                    f"SELECT term, doc FROM facts_vocab WHERE term IN ({marks})", missing
                ).fetchall()
            )
            for term in missing:
                counts[term] = int(found.get(term, 0))
                if counts[term] >= DF_CACHE_MIN:
                    self._cache[term] = (counts[term], seq)
        return counts


def affordable_terms(terms: list[str], counts: dict[str, int], budget: int) -> list[str]:
    """The query terms worth a BM25 pass, rarest first, within the postings budget."""
    chosen: list[str] = []
    spent = 0
    for term in sorted(terms, key=lambda t: counts.get(t, 0)):
        postings = counts.get(term, 0)
        if postings == 0:
            continue  # unknown words, and words the tokenizer splits differently
        if chosen and spent + postings > budget:
            break
        if postings > budget:
            break  # too common to be worth its cost; the dense half covers it
        chosen.append(term)
        spent += postings
    return chosen


def rank(
    conn: sqlite3.Connection,
    match: str,
    k: int,
    *,
    include_superseded: bool,
    stale: int,
    live: int,
) -> list[tuple[int, float]]:
    """The best ``k`` visible facts for ``match`` as ``(pk, -bm25)``, best first.

    Ranks row ids only: sorting whole rows would drag every matching fact through
    SQLite's sorter. ``stale`` and ``live`` are the shard's superseded and live counts.
    """
    fetch = k
    if not include_superseded and stale:
        # Expect superseded hits in proportion to their share; the loop below
        # widens the window if this guess is short.
        share = stale / max(1, live)
        fetch = k + math.ceil(2 * k * share) + 8
    while True:
        ranked = conn.execute(
            "SELECT rowid, -bm25(facts_fts) FROM facts_fts WHERE facts_fts MATCH ? "
            "ORDER BY rank LIMIT ?",
            (match, fetch),
        ).fetchall()
        allowed = visible_pks(conn, [pk for pk, _ in ranked], include_superseded)
        kept = [(pk, score) for pk, score in ranked if pk in allowed][:k]
        if len(kept) >= k or len(ranked) < fetch:
            break
        fetch *= 4
    return kept


def visible_pks(conn: sqlite3.Connection, pks: list[int], include_superseded: bool) -> set[int]:
    """Which of ``pks`` may be returned, without building their items."""
    current = "" if include_superseded else f" AND {CURRENT}"
    out: set[int] = set()
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT f.pk FROM facts f WHERE f.pk IN ({marks}) AND f.deleted = 0{current}"
        out.update(row[0] for row in conn.execute(sql, chunk))
    return out
