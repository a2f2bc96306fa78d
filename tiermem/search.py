"""One ranked list from every tier of a tenant.

relevance = (1 - w) * cosine + w * lexical coverage (w = config.lexical_weight)
score     = relevance * tier prior * recency * reinforcement bonus
where recency = (1 - r) + r * 0.5 ** (age / half-life). When the query asks for the
present value of an attribute (listed or discovered; see ``attributes.questions``), the
newest current statement of it leads the list, and statements of a past state, of
somebody else's facts or of a hypothetical count half; when it asks about the past, the
attribute's superseded values lead, the latest ended first. Otherwise superseded facts
are left out unless asked for, and then rank below every current fact. The same text
seen in two tiers (a fact mid-promotion) appears once, as its best hit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tiermem import filters as filter_rules
from tiermem import lexical
from tiermem.attributes import cues, questions, slot_rules, slots
from tiermem.attributes.phrasings import Phrasings
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.vocabulary import UNPLACED, Vocabulary
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.types import Matrix, MemoryItem, Scope, SearchHit, TierName, Vector

SUPERSEDED_PENALTY = 0.5
NOT_NOW_PENALTY = 0.5  # on a now-question: past states, other people's facts, hypotheticals
UNPLACED_SHARE = 0.9  # of the top hit's score, for "~" to lead when no statement is named
SLOT_LEAD = 0.01  # score step that keeps slot statements first, in newest-first order


def candidate_count(limit: int, filtered: bool) -> int:
    return min(max(limit * (8 if filtered else 3), 30), 1000)


def find(
    stores: Stores,
    scope: Scope,
    query: str,
    vector: Vector,
    *,
    limit: int,
    filters: dict[str, Any] | None,
    tiers: tuple[TierName, ...],
    include_superseded: bool,
    now: float,
    vocabulary: Vocabulary | None,
) -> list[SearchHit]:
    """Gather and rank. A question about the past ("which bank did I use before?") asks
    for what was superseded, so it gathers superseded facts too."""
    count = candidate_count(limit, filters is not None or scope.narrowed)
    past = questions.asks_about_past(query)
    candidates = gather(stores, scope, vector, query, count, tiers, include_superseded or past)
    return rank(
        candidates,
        query=query,
        scope=scope,
        now=now,
        config=stores.config,
        filters=filters,
        vocabulary=vocabulary,
        vector=vector,
        embed=stores.embedder.embed,
    )


def gather(
    stores: Stores,
    scope: Scope,
    vector: Vector,
    query: str,
    count: int,
    tiers: tuple[TierName, ...],
    include_superseded: bool,
) -> list[tuple[MemoryItem, float]]:
    """Candidates (item, cosine) from each tier asked for; the current value of the
    attribute a question names by rule is always among them."""
    asked = slot_rules.query_slot(query)
    found: list[tuple[MemoryItem, float]] = []
    for name in tiers:
        found.extend(
            stores.tier(name).search(
                scope.tenant,
                vector,
                count,
                query=query,
                slot=asked,
                include_superseded=include_superseded,
            )
        )
    return found


def rank(
    candidates: list[tuple[MemoryItem, float]],
    *,
    query: str,
    scope: Scope,
    now: float,
    config: Any,
    filters: dict[str, Any] | None,
    vocabulary: Vocabulary | None = None,
    vector: Vector | None = None,
    embed: Callable[[list[str]], Matrix] | None = None,
) -> list[SearchHit]:
    pool = [(item, sim) for item, sim in candidates if scope.matches(item)]
    pool = [(item, sim) for item, sim in pool if filter_rules.matches(item, filters)]
    if not pool:
        return []
    lex = lexical.coverage_scores(query, (item.memory for item, _ in pool))
    half_life = config.recency_half_life_days * 86400.0
    w, r = config.lexical_weight, config.recency_weight
    best: dict[str, SearchHit] = {}
    for (item, sim), lex_score in zip(pool, lex, strict=True):
        relevance = (1.0 - w) * max(sim, 0.0) + w * lex_score
        age = max(0.0, now - max(item.observed_at, item.last_access or 0.0))
        recency = (1.0 - r) + r * math.pow(0.5, age / half_life)
        bonus = 1.0 + 0.05 * math.log1p(max(item.reinforcement - 1, 0))
        score = relevance * config.tier_prior(item.tier) * recency * bonus
        if not item.is_current:
            score *= SUPERSEDED_PENALTY
        parts = {
            "lexical": lex_score,
            "relevance": relevance,
            "recency": recency,
            "tier_prior": config.tier_prior(item.tier),
            "reinforcement": bonus,
            "superseded": SUPERSEDED_PENALTY if not item.is_current else 1.0,
        }
        hit = SearchHit(item=item, score=score, similarity=sim, parts=parts)
        key = item.hash if item.is_current else item.id
        if key not in best or best[key].score < score:
            best[key] = hit
    hits = sorted(best.values(), key=lambda h: (h.item.is_current, h.score), reverse=True)
    return newest_value_first(hits, query, vocabulary, vector, embed)


def newest_value_first(
    hits: list[SearchHit],
    query: str,
    vocabulary: Vocabulary | None = None,
    vector: Vector | None = None,
    embed: Callable[[list[str]], Matrix] | None = None,
) -> list[SearchHit]:
    """ "Who is my dentist now?": among current memories that state the asked attribute
    (stored on consolidated facts, read on the fly from raw observations), the newest
    statement is the answer, so those go first, newest first, above everything else."""
    if not hits:
        return hits
    stated = [h.item.slot for h in hits if h.item.slot and h.item.is_current]
    asked = questions.asked_attributes(query, vector, stated, vocabulary, embed)
    if asked or ("?" in query and cues.asks_about_now(query)):
        for hit in hits:  # "I used to love Nirvana", "my sister loves Muse", "I might try
            if hit.item.is_current and not cues.speaks_for_now(hit.item.memory):  # X"
                hit.score *= NOT_NOW_PENALTY
                hit.parts["not_now"] = NOT_NOW_PENALTY
        hits.sort(key=lambda h: (h.item.is_current, h.score), reverse=True)
    if not asked:
        return hits
    if questions.asks_about_past(query):
        return _latest_ended_first(hits, asked)
    stating: list[SearchHit] = []
    unplaced: list[SearchHit] = []
    for hit in hits:
        if not hit.item.is_current:
            continue
        slot = hit.item.slot
        if slot is None and hit.item.tier == "short" and hit.item.infer:
            slot = _read_raw(hit.item.memory, vocabulary)
        name = slots.slot_name(slot)
        if name in asked:
            stating.append(hit)
        elif name == UNPLACED:  # a first-person value statement, not a past event
            unplaced.append(hit)
    if not stating and not unplaced:
        return hits
    if unplaced:  # an unclaimed value statement joins the answer when it is as relevant
        floor = max(h.score for h in stating) if stating else UNPLACED_SHARE * hits[0].score
        stating += [h for h in unplaced if h.score >= floor]
    if not stating:
        return hits
    stating.sort(key=lambda h: h.item.observed_at, reverse=True)
    top = max(h.score for h in hits)
    chosen = {id(h) for h in stating}
    for rank, hit in enumerate(stating):
        hit.score = top + SLOT_LEAD * (len(stating) - rank)
        hit.parts["lead"] = "a statement of the asked attribute, newest first"
    return stating + [h for h in hits if id(h) not in chosen]


def _latest_ended_first(hits: list[SearchHit], asked: set[str]) -> list[SearchHit]:
    """ "Which bank did I use before?": the asked attribute's values that were superseded
    (or retired), the most recently ended first, above everything else."""
    ended = [h for h in hits if not h.item.is_current and slots.slot_name(h.item.slot) in asked]
    if not ended:
        return hits
    ended.sort(key=lambda h: h.item.valid_to or h.item.observed_at, reverse=True)
    top = max(h.score for h in hits)
    for rank, hit in enumerate(ended):
        hit.score = top + SLOT_LEAD * (len(ended) - rank)
        hit.parts["lead"] = "an ended value of the asked attribute, latest first"
    chosen = {id(h) for h in ended}
    return ended + [h for h in hits if id(h) not in chosen]


def _read_raw(text: str, vocabulary: Vocabulary | None) -> str | None:
    """A raw observation's slot, read as consolidation would read it (rules, then the
    open reader through a copy of the tenant's vocabulary; nothing is saved)."""
    if vocabulary is None:
        found = slot_rules.read(text)
        return slots.encoded(found)
    reading = Phrasings(vocabulary=vocabulary.model_copy(deep=True))
    found = reading.read(text)
    return slots.encoded(found)


_VOCABULARIES: dict[str, tuple[bytes, list[AttributeSpec], Vocabulary]] = {}
_VOCABULARIES_MAX = 1024


def vocabulary_of(
    stores: Stores, tenant: str, schema: list[AttributeSpec] | None = None
) -> Vocabulary:
    """The tenant's vocabulary as consolidation last stored it, with ``schema`` declared
    into it. A search reads it on every question, so the parse (and the declaration) is
    cached per process and redone only when the stored bytes or the schema change (one
    GET stays: another worker may have learned since). Shared: read it, or
    ``model_copy(deep=True)`` it before changing anything."""
    stored = stores.client.get(keys.phrasings(tenant))
    raw = stored.encode() if isinstance(stored, str) else bytes(stored or b"")
    wanted = list(schema or [])
    cached = _VOCABULARIES.get(tenant)
    if cached is not None and cached[0] == raw and cached[1] == wanted:
        return cached[2]
    parsed = Phrasings.model_validate_json(raw).vocabulary if raw else Vocabulary()
    if wanted:
        parsed.declare(wanted, lambda example: [])
    if len(_VOCABULARIES) >= _VOCABULARIES_MAX:
        _VOCABULARIES.pop(next(iter(_VOCABULARIES)))
    _VOCABULARIES[tenant] = (raw, wanted, parsed)
    return parsed
