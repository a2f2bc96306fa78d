"""One ranked list from every tier of a tenant.

relevance = (1 - w) * cosine + w * lexical coverage (w = config.lexical_weight)
score     = relevance * tier prior * recency * reinforcement bonus + e * exchange
where recency = (1 - r) + r * 0.5 ** (age / half-life) and exchange is the best relevance
among the other turns said within ``exchange_window_s`` of it (see ``exchange``). When
the query asks for the present value of an attribute, the newest current statement of it
leads the list. The attribute is the one the question's words name (listed or discovered; see
``attributes.questions``), or else the one its most relevant hits carry or name a value
of (or, when that best hit states a value nobody placed, the unplaced statements as
relevant); a newer own-voice statement of a value no attribute claims, as relevant as the
attribute's statements, joins them, and so does one of a value the user said word for word
as they said one of the attribute's values (an echo, ``Vocabulary.kin``). Statements of
a past state, of somebody else's facts or of a hypothetical count half, and in the
user's own voice go below every statement that speaks for now. When the query asks
about the past, the attribute's superseded values lead, the latest ended first.
Otherwise superseded facts are left out unless asked for, and then rank below every
current fact. The same text seen in two tiers (a fact mid-promotion) appears once, as
its best hit.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, NamedTuple

from tiermem import exchange, lexical, now_answer
from tiermem import filters as filter_rules
from tiermem.attributes import cues, question_focus, questions, slot_rules, slots
from tiermem.attributes.phrasings import Phrasings
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.slots import bare_value
from tiermem.attributes.vocabulary import UNPLACED, Vocabulary, cached_vectors
from tiermem.models.judge import Judge
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.sent_ahead import SentAhead
from tiermem.types import Matrix, MemoryItem, Scope, SearchHit, TierName, Vector

SUPERSEDED_PENALTY = 0.5
NOT_NOW_PENALTY = 0.5  # on a now-question: past states, other people's facts, hypotheticals
UNPLACED_SHARE = 0.9  # of the top hit's score, for "~" to lead when no statement is named
SLOT_LEAD = 0.01  # score step that keeps slot statements first, in newest-first order
LEAD_SLACK = 0.2  # judge cosine to the question a rules' statement merged into the open
# answer may fall short of the anchor's by (``_open_answer``)
JOIN_SLACK = 0.05  # judge cosine to the question a joiner may fall short of the closest
# statement of the asked attribute by


def candidate_count(limit: int, filtered: bool) -> int:
    return min(max(limit * (8 if filtered else 3), 30), 1000)


def find(
    stores: Stores,
    scope: Scope,
    query: str,
    vector: Vector | Future[Vector],
    *,
    limit: int,
    filters: dict[str, Any] | None,
    tiers: tuple[TierName, ...],
    include_superseded: bool,
    now: float,
    schema: list[AttributeSpec] | None = None,
) -> list[SearchHit]:
    """Gather and rank, with the tenant's vocabulary (``schema`` declared into it) read in
    the same round trip as the Redis tiers. A question about the past ("which bank did I
    use before?") asks for what was superseded, so it gathers superseded facts too.
    ``vector`` may still be being computed (``Embedder.embed_one_ahead``)."""
    count = candidate_count(limit, filters is not None or scope.narrowed)
    past = questions.asks_about_past(query)
    gathered = gather(stores, scope, vector, query, count, tiers, include_superseded or past)
    return rank(
        gathered.candidates,
        query=query,
        scope=scope,
        now=now,
        config=stores.config,
        filters=filters,
        vocabulary=vocabulary_from(scope.tenant, gathered.phrasings, schema),
        vector=gathered.vector,
        embed=stores.embedder.embed,
        judge=stores.judge,
    )


class Gathered(NamedTuple):
    candidates: list[tuple[MemoryItem, float]]  # (item, cosine), tier by tier
    phrasings: bytes  # the tenant's stored vocabulary record (b"" when none)
    vector: Vector  # the query's, computed by the time the candidates are in


def gather(
    stores: Stores,
    scope: Scope,
    vector: Vector | Future[Vector],
    query: str,
    count: int,
    tiers: tuple[TierName, ...],
    include_superseded: bool,
) -> Gathered:
    """Candidates (item, cosine) from each tier asked for; the current value of the
    attribute a question names by rule is always among them. The Redis tiers' searches
    and the tenant's vocabulary record go to Redis in one round trip (as three, they cost
    0.3 ms more of a 4.4 ms search over 10,000 raw observations), sent before the long tier
    is read in process and read after it, so that the server and the process work at once
    (``SentAhead``). The long tier's lexical and slot candidates need no vector: they are
    read first, while ``vector`` may still be being computed."""
    asked = slot_rules.query_slot(query)
    tenant = scope.tenant
    long_asked = "long" in tiers
    by_words = (
        stores.long.without_vector(
            tenant, count, query=query, slot=asked, include_superseded=include_superseded
        )
        if long_asked
        else []
    )
    vector = _ready(vector)
    in_redis = [name for name in tiers if name != "long"]
    commands = [("GET", keys.phrasings(tenant))]
    commands += [stores.redis_tier(name).search_command(tenant, vector, count) for name in in_redis]
    with SentAhead(stores.client, commands) as sent:
        in_long = (
            stores.long.search(
                tenant,
                vector,
                count,
                include_superseded=include_superseded,
                found_by_words=by_words,
            )
            if long_asked
            else []
        )
        replies = sent.replies()
    stored, answers = replies[0], dict(zip(in_redis, replies[1:], strict=True))
    if isinstance(stored, Exception):
        raise stored
    found: list[tuple[MemoryItem, float]] = []
    for name in tiers:
        if name in answers:
            found.extend(stores.redis_tier(name).found(answers[name], tenant, vector, count))
        else:
            found.extend(in_long)
    return Gathered(found, _as_bytes(stored), vector)


def _ready(vector: Vector | Future[Vector]) -> Vector:
    return vector.result() if isinstance(vector, Future) else vector


def _as_bytes(stored: Any) -> bytes:
    return stored.encode() if isinstance(stored, str) else bytes(stored or b"")


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
    judge: Callable[[], Judge | None] | None = None,
) -> list[SearchHit]:
    pool = [(item, sim) for item, sim in candidates if scope.matches(item)]
    pool = [(item, sim) for item, sim in pool if filter_rules.matches(item, filters)]
    if not pool:
        return []
    asks_now = asks_about_now(query)
    lex = lexical.coverage_scores(
        query,
        (item.memory for item, _ in pool),
        qualifier_share=lexical.QUALIFIER_SHARE if asks_now else 1.0,
    )
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
    hits = list(best.values())
    exchange.lift(hits, config.exchange_window_s, config.exchange_weight)
    hits.sort(key=lambda h: (h.item.is_current, h.score), reverse=True)
    return newest_value_first(hits, query, vocabulary, vector, embed, judge, w, asks_now=asks_now)


def asks_about_now(query: str) -> bool:
    """A question, and about now: it weighs a qualifying word less (``lexical``) and puts
    the newest statement of the asked attribute first (``newest_value_first``)."""
    return "?" in query and cues.asks_about_now(query)


def newest_value_first(
    hits: list[SearchHit],
    query: str,
    vocabulary: Vocabulary | None = None,
    vector: Vector | None = None,
    embed: Callable[[list[str]], Matrix] | None = None,
    judge: Callable[[], Judge | None] | None = None,
    lexical_weight: float = 0.6,
    *,
    asks_now: bool | None = None,
) -> list[SearchHit]:
    """ "Who is my dentist now?": the newest statement of the asked attribute goes first.
    Where a ruled or declared attribute answers, the reader knows which statements state
    it (``_named_attribute_first``); anywhere else a question about now takes the newest
    of the user's value statements about as close to the question as the closest one
    (``now_answer``; ``judge`` gives the stronger model that reads them, when installed;
    it is asked only for a question that says it is about the present, since "Who
    repaired the boat?" asks of an event and its 11 ms a sentence would be spent for
    nothing). A question about a member of the household ("Where do my kids go to
    school?") takes the open answer over the statements about them. ``asks_now``: whether
    the question is about now, when the caller has read it already (``asks_about_now``)."""
    if asks_now is None:
        asks_now = asks_about_now(query)
    asks_past = questions.asks_about_past(query)
    person = cues.asked_person(query) if "?" in query else None
    present = judge if asks_now and cues.asks_in_present(query, None) else None
    ranked = _named_attribute_first(
        hits, query, vocabulary, vector, embed, asks_now, asks_past, present
    )
    if not ranked or asks_past:
        return ranked
    if person is not None:  # "Where do my kids go to school?": the rules read only the
        # user, but for the child's school, which they read as the parent says it
        if (
            slot_rules.query_slot(query) is not None
            and ranked[0].parts.get("asked_by") == "question"
        ):
            return ranked
        return _open_answer(ranked, query, vocabulary, judge, lexical_weight, person)
    if not asks_now:
        return ranked
    asked = slot_rules.query_slot(query)
    if asked is not None and "lead" in ranked[0].parts:
        return ranked  # a ruled attribute's question: the rules know its statements
    # (and where they found none, "Still getting lost in the streets of Marseille since
    # the move" may answer "Which city is the user living in?" as any open answer does)
    if _known_attribute_leads(ranked, vocabulary):
        return ranked
    if asked is None and not question_focus.noun_phrase(query):
        return _open_answer(ranked, query, vocabulary, judge, lexical_weight)
    said = slot_rules.mentioned_not_asked(query) if asked is None else frozenset()
    if asked is None and not _names_an_unruled_attribute(query, vocabulary):
        said |= _close_in_name(query, _ruled_names(ranked), embed)
    aside = [_ruled_otherwise(h, asked, said) for h in ranked]
    pool = [h for h, other in zip(ranked, aside, strict=True) if not other]
    rest = [h for h, other in zip(ranked, aside, strict=True) if other]
    return _open_answer(pool, query, vocabulary, judge, lexical_weight) + rest


def _ruled_otherwise(hit: SearchHit, asked: str | None, said: frozenset[str] = frozenset()) -> bool:
    """The rules read this statement as another ruled attribute than the one asked ("I'm
    vegan now" for "What food do I love most?", "registered under Dr Tanaka" for "Who is
    my dentist now?"): it answers no open answer to it. ``said``: ruled attributes whose
    words the question holds without the rules reading it as asking for one ("who's our
    internet with now?" says the broadband's "internet with"); their statements may."""
    name = slots.slot_name(slots.placed(hit.item.slot))
    return name is not None and name != asked and name not in said and slot_rules.ruled(name)


NAME_CLOSENESS = 0.45  # MiniLM cosine of the question's noun and a ruled attribute's name at
# which the noun may be its other name: "significant other" ~ "partner" 0.57, "line of work"
# ~ "job" 0.50, "town" ~ "home" 0.48; "laptop" ~ "employer" 0.30, "email provider" ~
# "mobile network" 0.26 are other kinds


def _ruled_names(hits: list[SearchHit]) -> set[str]:
    names = {slots.slot_name(slots.placed(h.item.slot)) for h in hits}
    return {name for name in names if name is not None and slot_rules.ruled(name)}


def _close_in_name(
    query: str, names: set[str], embed: Callable[[list[str]], Matrix] | None
) -> frozenset[str]:
    """The ruled attributes among ``names`` the question's noun may be another name for
    ("Who is my significant other?" and the partner): their statements stay in the open
    answer. Without the embedder, all of them (nothing is kept out)."""
    words = question_focus.asked_words(query)
    if not names or not words or embed is None:
        return frozenset(names)
    ordered = sorted(names)
    vectors = cached_vectors([" ".join(words), *ordered], embed)
    return frozenset(
        name
        for name, vector in zip(ordered, vectors[1:], strict=True)
        if float(vector @ vectors[0]) >= NAME_CLOSENESS
    )


def _names_an_unruled_attribute(query: str, vocabulary: Vocabulary | None) -> bool:
    """The question names by its noun an attribute the user's own statements named and no
    rule reads ("Who is my dentist now?" of someone who said "My dentist is Dr Alves",
    "Which laptop am I on?" of someone who said "my laptop's the ThinkPad"): a statement
    the rules read as a ruled attribute (the GP's "registered under Dr Tanaka", the
    employer's "work laptop") is about something else. A noun the user never named an
    attribute by keeps out only the ruled attributes it is no other name for
    (``_close_in_name``: "Which laptop ...?" keeps out the employer, "Who is my significant
    other?" keeps the partner in)."""
    words = question_focus.asked_words(query)
    if not words or vocabulary is None:
        return False
    head = words[-1]
    return any(
        (a.name == head or a.name.endswith(f" {head}")) and not slot_rules.ruled(a.name)
        for a in vocabulary.attributes.values()
    )


def _open_answer(
    ranked: list[SearchHit],
    query: str,
    vocabulary: Vocabulary | None,
    judge: Callable[[], Judge | None] | None,
    lexical_weight: float,
    person: str | None = None,
) -> list[SearchHit]:
    """The newest statement of the open answer (``now_answer``) first, with the rules'
    lead merged in where both are evidence of the same attribute: each of the rules'
    statements the judge reads within ``LEAD_SLACK`` of the anchor's cosine to the
    question. The rules took an attribute whose description is close to the question
    ("Which streaming services does the user subscribe to now?" asked the broadband of
    "Our broadband is with TalkTalk now"); the judge keeps its statements out. On the
    development streams: dev2 and dev +0.005, dev4 +0.003, dev5 and dev6 +0.002, dev3
    and seen unchanged (0.15 scored about the same; 0.1 lost on dev3, 0.3 gained less)."""
    present = cues.asks_in_present(query, person)
    judged = judge() if judge is not None and present else None
    found = now_answer.answer_set(
        ranked,
        vocabulary,
        query=query,
        judge=judged,
        lexical_weight=lexical_weight,
        person=person,
    )
    if found is None:
        return ranked
    answer = found.statements
    if _agrees(ranked[0], found.anchor):  # both are evidence: the newest of all
        held = {id(h) for h in answer}
        led = [h for h in ranked if "lead" in h.parts and id(h) not in held]
        if judged is not None and led:
            led = _as_close(judged, query, [found.anchor], led, LEAD_SLACK)
        answer += led
        answer.sort(key=lambda h: h.item.observed_at, reverse=True)
    top = max(h.score for h in ranked)
    chosen = {id(h) for h in answer}
    for rank, hit in enumerate(answer):
        hit.score = top + SLOT_LEAD * (len(answer) - rank)
        hit.parts.setdefault("lead", "the newest own statement about the question")
    rest = [h for h in ranked if id(h) not in chosen]
    for hit in rest:  # a lead the answer overruled is a lead no more
        hit.parts.pop("lead", None)
    return answer + rest


def _agrees(lead: SearchHit, anchor: SearchHit) -> bool:
    """The rules' lead is about the anchor's attribute: the question names the attribute
    the rules led with, or the anchor is stored under it (a vote that fell through to a
    less relevant hit of another attribute does not agree)."""
    asked = _lead_attributes(lead)
    if asked is None:
        return False
    return lead.parts.get("asked_by") == "question" or (
        slots.slot_name(slots.placed(anchor.item.slot)) in asked
    )


def _known_attribute_leads(ranked: list[SearchHit], vocabulary: Vocabulary | None) -> bool:
    """Whether the leading statement states an attribute the slot rules read or the
    user's schema declares, and the question's words asked for it. For such an attribute
    the reader knows which statements state it, so its answer stands alone and the open
    answer is not merged into it. An attribute voted for (``_voted_attribute``: the one
    the most relevant hit carries) is no reading of the question: "What do I run in
    these days?" voted for the gym of "These days I work out at Snap Fitness". There the
    open answer decides, and the rules' lead joins it only when its anchor is stored
    under the voted attribute (``_agrees``). On the development streams: dev6 +0.009,
    dev2 +0.002, the others unchanged."""
    asked = _lead_attributes(ranked[0])
    if asked is None or ranked[0].parts.get("asked_by") != "question":
        return False
    attributes = vocabulary.attributes if vocabulary is not None else {}
    return any(
        slot_rules.ruled(name) or (name in attributes and attributes[name].declared)
        for name in asked
    )


def _lead_attributes(hit: SearchHit) -> list[str] | None:
    """The attributes a rules' lead answers (None: the hit leads by no rule)."""
    asked = hit.parts.get("asked")
    return asked if "lead" in hit.parts and isinstance(asked, list) else None


def _named_attribute_first(
    hits: list[SearchHit],
    query: str,
    vocabulary: Vocabulary | None,
    vector: Vector | None,
    embed: Callable[[list[str]], Matrix] | None,
    asks_now: bool,
    asks_past: bool,
    judge: Callable[[], Judge | None] | None = None,
) -> list[SearchHit]:
    """Among current memories that state the asked attribute (stored on consolidated
    facts, read on the fly from raw observations), the newest statement is the answer,
    so those go first, newest first, above everything else. ``judge``: the stronger
    model that checks the statements the reader did not place (``_judged_joiners``)."""
    if not hits:
        return hits
    stated = [h.item.slot for h in hits if h.item.slot and h.item.is_current]
    found = questions.asked_attributes(query, vector, stated, vocabulary, embed)
    asked = found.names
    values: list[tuple[str, str]] | None = None  # built only when a rule below reads them
    by_question = bool(asked)  # by the question's words, not by a vote of the hits
    if not asked and (asks_now or asks_past):
        values = _attribute_values(vocabulary)
        aside = slot_rules.mentioned_not_asked(query)
        asked = _voted_attribute(hits, values, strict=not asks_now, aside=aside)
    if asked or asks_now:
        _not_now_last(hits)
    if not asked:
        return hits
    if asks_past:
        return _latest_ended_first(hits, asked)
    stating: list[SearchHit] = []
    unplaced: list[SearchHit] = []
    slot_of: dict[int, str | None] = {}  # current hits' slots, raw observations read once
    for hit in hits:
        if not hit.item.is_current:
            continue
        slot = hit.item.slot
        if slot is None and hit.item.tier == "short" and hit.item.infer:
            slot = _read_raw(hit.item.memory, vocabulary)
        slot_of[id(hit)] = slot
        name = slots.slot_name(slot)
        if name in asked:
            stating.append(hit)
        elif name == UNPLACED:  # a first-person value statement, not a past event
            unplaced.append(hit)
    if asks_now:  # a statement of the past is history, not the answer
        stating = [h for h in stating if not _not_an_answer_now(h)]
    if found.named is not None and len(asked) > 1:
        stating = _look_alikes_as_relevant(stating, found.named, slot_of)
    if asked == {UNPLACED}:  # voted: only the unplaced statements as relevant as the best
        stating = _as_relevant(stating)
    if not stating and not unplaced:
        return hits
    known = _known_values(_attribute_values(vocabulary) if values is None else values, stating)
    if unplaced:  # an unclaimed value statement joins the answer when it is as relevant
        floor = max(h.score for h in stating) if stating else UNPLACED_SHARE * hits[0].score
        best = max(h.relevance for h in hits)
        joining = [
            h
            for h in unplaced
            if h.score >= floor and h.relevance >= MENTION_FLOOR * best and not _names_any(h, known)
        ]
    else:
        joining = []
    joining += _newer_mentions(hits, stating + joining, known)
    if asks_now and judge is not None and stating and joining:
        joining = _judged_joiners(stating, joining, query, judge)
    stating += joining
    stating += _echoed(hits, stating, asked, vocabulary, slot_of)
    stating += _said_again(hits, stating, known, slot_of)
    if asks_now:  # "Took Wet Leg off all my playlists" ends its value: no answer now
        stating = [h for h in stating if not (_own_voice(h) and now_answer.ends_all(h.item.memory))]
    if not stating:
        return hits
    stating.sort(key=lambda h: h.item.observed_at, reverse=True)
    top = max(h.score for h in hits)
    chosen = {id(h) for h in stating}
    for rank, hit in enumerate(stating):
        hit.score = top + SLOT_LEAD * (len(stating) - rank)
        hit.parts["lead"] = "a statement of the asked attribute, newest first"
        hit.parts["asked"] = sorted(asked)
        hit.parts["asked_by"] = "question" if by_question else "vote"
    return stating + [h for h in hits if id(h) not in chosen]


def _judged_joiners(
    stating: list[SearchHit],
    joining: list[SearchHit],
    query: str,
    judge: Callable[[], Judge | None],
) -> list[SearchHit]:
    """The statements no reader placed that join the rules' answer (an unclaimed value
    statement as relevant as the attribute's, or a newer mention of an unplaced value), kept
    only where the judge reads them about as close to the question as the closest statement
    of the asked attribute (of its ``now_answer.DEPTH`` most relevant: the judge's cost
    stays bounded however much the user said of it). MiniLM put "I'm with Lebara for my
    phone contract now" as close to "Which company am I employed by currently?" as the
    employer statements, and "also made a BeReal account, help" to "Who does the user work
    for now?"; newer, either led the answer. On dev6 this gained 3 questions and lost none
    (newest-wins@1 0.718 -> 0.723)."""
    judged = judge()
    if judged is None:
        return joining
    closest = sorted(stating, key=lambda h: h.relevance, reverse=True)[: now_answer.DEPTH]
    return _as_close(judged, query, closest, joining, JOIN_SLACK)


def _as_close(
    judge: Judge, query: str, reference: list[SearchHit], candidates: list[SearchHit], slack: float
) -> list[SearchHit]:
    """The ``candidates`` whose judge cosine to the question falls short of the closest
    ``reference`` statement's by at most ``slack``."""
    vectors = judge([query, *(h.item.memory for h in reference + candidates)])
    cosines = [float(c) for c in vectors[1:] @ vectors[0]]
    bar = max(cosines[: len(reference)]) - slack
    return [h for h, c in zip(candidates, cosines[len(reference) :], strict=True) if c >= bar]


LOOK_ALIKE_SHARE = 0.8  # of the named attribute's best relevance, for a look-alike's


def _look_alikes_as_relevant(
    stating: list[SearchHit], named: str, slot_of: dict[int, str | None]
) -> list[SearchHit]:
    """The question's words named one attribute, and others joined it because their
    descriptions read as close ("What puzzles am I doing every day?" also asked "shift
    at" and "volunteering"). A look-alike's statement stays in the answer only when it is
    about as relevant to the question as the named attribute's best: there to catch a
    newer value said another way, not a newer statement of something else."""
    names = [slots.slot_name(slot_of.get(id(h))) for h in stating]
    own = [h.relevance for h, name in zip(stating, names, strict=True) if name == named]
    if not own:
        return stating
    floor = LOOK_ALIKE_SHARE * max(own)
    return [
        h for h, name in zip(stating, names, strict=True) if name == named or h.relevance >= floor
    ]


MENTION_SHARE = 0.9  # of the best relevance among the attribute's statements
MENTION_FLOOR = 0.5  # of the best relevance of any hit


def _not_now_last(hits: list[SearchHit]) -> None:
    """On a question about now, what does not speak for now ("I used to bank with
    Rabobank", "my sister banks with Nordea", "I might try Monzo") counts half. In the
    user's own voice it also goes below every current statement that does, however many
    words it shares with the question: there it is history or context, never the answer.
    In a transcript with named speakers ("Caroline: I used to...") it only counts half,
    since a question there is mostly about the story, told in the past (demoting it
    further cost 0.02 LoCoMo dev recall@10). Scores follow the order."""
    now_scores = []
    for hit in hits:
        if hit.item.is_current and not cues.speaks_for_now(hit.item.memory):
            hit.score *= NOT_NOW_PENALTY
            hit.parts["not_now"] = NOT_NOW_PENALTY
            if _own_voice(hit):
                hit.parts["below_now"] = True
        elif hit.item.is_current:
            now_scores.append(hit.score)
    highest = max((h.score for h in hits if "below_now" in h.parts), default=0.0)
    if highest > 0.0 and now_scores:  # (a zero score is below everything already)
        scale = min(1.0, NOT_NOW_PENALTY * min(now_scores) / highest)
        for hit in hits:
            if "below_now" in hit.parts:
                hit.score *= scale
    hits.sort(key=lambda h: (h.item.is_current, "below_now" not in h.parts, h.score), reverse=True)


def _not_an_answer_now(hit: SearchHit) -> bool:
    """An own-voice statement of a past state ("X was my go-to podcast back in uni") or
    occasion ("Last time we read X for book club"), whatever attribute the reader stored
    it under. Only the past: the reader's parse knows better than the word cues that "My
    favourite colour could be described as Red" is no maybe, and for such a statement the
    rules' answer stands."""
    text = hit.item.memory  # own voice: no speaker
    return "below_now" in hit.parts and (cues.past_state(text) or cues.past_occasion(text))


def _own_voice(hit: SearchHit) -> bool:
    return slots.split_speaker(hit.item.memory)[0] is None


def _as_relevant(hits: list[SearchHit]) -> list[SearchHit]:
    """The hits about as relevant as the best of them."""
    best = max((h.relevance for h in hits), default=0.0)
    return [h for h in hits if h.relevance >= VOTE_SHARE * best]


def _attribute_values(vocabulary: Vocabulary | None) -> list[tuple[str, str]]:
    """(attribute name without speaker, value) for every value the vocabulary keeps."""
    if vocabulary is None:
        return []
    return [
        (key.rsplit(":", 1)[-1], value)
        for key, attribute in vocabulary.attributes.items()
        for value in attribute.values
    ]


def _known_values(values: list[tuple[str, str]], stating: list[SearchHit]) -> list[str]:
    """Every value this tenant has stated, current or stale: a sentence naming one again
    ("The showers at Forge Fitness were better") brings no new value."""
    return [value for _, value in values] + _stated_values(stating)


def _stated_values(stating: list[SearchHit]) -> list[str]:
    """The values the attribute's statements carry on their stored slots."""
    reads = (slots.SlotValue.decode(hit.item.slot) for hit in stating)
    return [read.value for read in reads if read is not None]


def _names_any(hit: SearchHit, values: list[str]) -> bool:
    text = hit.item.memory.lower()
    return any(v in text and slots.names_value(text, v) for v in values)


def _newer_mentions(
    hits: list[SearchHit], stating: list[SearchHit], known: list[str]
) -> list[SearchHit]:
    """Own-voice statements of a value the reader could not place ("Got the renewal letter
    from Orla Cover"), newer than every statement of the asked attribute and as relevant
    to the question, in meaning as well as in words. Nothing tied the sentence to an
    attribute when it was read, but the question is the context it lacked, and the newer
    own-voice statement is the better bet for what holds now. A known value named again,
    a past, somebody else's or a hypothetical sentence never joins."""
    if not stating:
        return []
    anchor = max(h.relevance for h in stating)
    floor = max(MENTION_SHARE * anchor, MENTION_FLOOR * max(h.relevance for h in hits))
    similar = MENTION_SHARE * max(h.similarity for h in stating)
    newest = max(h.item.observed_at for h in stating)
    chosen = {id(h) for h in stating}
    joining = []
    for hit in hits:
        item = hit.item
        read = slots.SlotValue.decode(item.slot)  # the reader saw a value, but not whose
        if id(hit) in chosen or not item.is_current or item.observed_at <= newest:
            continue
        if read is None or not slots.unplaced(read.slot) or not _own_voice(hit):
            continue  # in a transcript, a newer line is often somebody else's
        if hit.relevance < floor or hit.similarity < similar or _names_any(hit, known):
            continue
        if cues.speaks_for_now(item.memory):
            joining.append(hit)
    return joining


def _echoed(
    hits: list[SearchHit],
    stating: list[SearchHit],
    asked: set[str],
    vocabulary: Vocabulary | None,
    slot_of: dict[int, str | None],
) -> list[SearchHit]:
    """Own-voice statements of a value, speaking for now, when the user also said that
    value, word for word, in a sentence where they said one of the asked attribute's
    values ("Revolut froze my card again" as "Monzo froze my card again" before): the
    value is of the asked kind, whatever frame stated it ("Opened a current account at
    Revolut", read as another attribute or as none). Only affirmative sentences the
    reader took for a statement of that value join: "I miss Antwerp sometimes" names a
    value of the kind but does not say it holds. ``slot_of``: the current hits' slots."""
    if vocabulary is None:
        return []
    attributes = vocabulary.attributes
    seeds = {v for name in asked if name in attributes for v in attributes[name].values}
    seeds.update(_stated_values(stating))
    kin = vocabulary.kin(seeds)
    if not kin:
        return []
    chosen = {id(h) for h in stating}
    seen = sorted(seeds)
    joining = []
    for hit in hits:
        if id(hit) in chosen or id(hit) not in slot_of or not _own_voice(hit):
            continue
        read = slots.SlotValue.decode(slot_of[id(hit)])
        if read is None or bare_value(read.value) not in kin:
            continue
        if _names_any(hit, seen) or not cues.speaks_for_now(hit.item.memory):
            continue
        if cues.affirmative(hit.item.memory):  # not "I miss Antwerp", not "never liked X"
            joining.append(hit)
    return joining


FRAME_WORDS = 3  # words besides the value a frame needs to tie two statements


def _said_again(
    hits: list[SearchHit],
    stating: list[SearchHit],
    known: list[str],
    slot_of: dict[int, str | None],
) -> list[SearchHit]:
    """Newer own-voice statements said in the very words of a statement of the asked
    attribute, with another value: "I go to The Gym Group now", later "I go to Anytime
    Fitness now". The reader read no gym in the second, and its words share nothing with
    "Which gym do I go to?" that the first does not, yet saying the same sentence with a
    new value is how people report the change; so is filling the frame with a value
    written in lower case ("Training at the council gym these days" after "Training at
    David Lloyd these days"). A value of another attribute, a past, somebody else's or a
    hypothetical sentence never joins."""
    frames: dict[str, float] = {}  # frame -> when a statement of the attribute said it
    for hit in stating:
        if _own_voice(hit):
            shape = _frame_of(hit, slot_of)
            if shape is not None:
                frames[shape] = max(frames.get(shape, 0.0), hit.item.observed_at)
    if not frames:
        return []
    chosen = {id(h) for h in stating}
    joining = []
    for hit in hits:
        if id(hit) in chosen or id(hit) not in slot_of or not _own_voice(hit):
            continue
        shape = _frame_of(hit, slot_of)
        if shape is None and not now_answer.values(hit.item.memory, slot_of[id(hit)]):
            filled = now_answer.filling(hit.item.memory, frames)  # "the council gym"
            shape = filled[0] if filled is not None else None
        if shape is None or frames.get(shape, hit.item.observed_at) >= hit.item.observed_at:
            continue
        if _names_any(hit, known) or not cues.speaks_for_now(hit.item.memory):
            continue
        if cues.affirmative(hit.item.memory):
            joining.append(hit)
    return joining


def _frame_of(hit: SearchHit, slot_of: dict[int, str | None]) -> str | None:
    """The statement's words with its values masked ("i go to _ now"); None when it names
    no value or too few words are left."""
    named = now_answer.values(hit.item.memory, slot_of.get(id(hit)))
    if not named:
        return None
    shape = now_answer.frame(hit.item.memory, named)
    words = [w for w in shape.split() if w != "_"]
    return shape if "_" in shape and len(words) >= FRAME_WORDS else None


VOTE_DEPTH = 5  # the most relevant hits that may name the asked attribute
VOTE_SHARE = 0.8  # of the best hit's relevance (or an ambiguous one's) to have a say


def _voted_attribute(
    hits: list[SearchHit],
    values: list[tuple[str, str]],
    *,
    strict: bool = False,
    aside: frozenset[str] = frozenset(),
) -> set[str]:
    """The attribute the most relevant hits are about, when the question's words name
    none: "Who is my mechanic now?" asked of someone whose statements became the frame
    ``take car to``. A hit is about an attribute when it carries it, or when it names one
    of the attribute's values ("My old mechanic, Torquay Motors, retired" is about
    whatever attribute holds Torquay Motors). The retrieval did the matching; this only
    reads which attribute its best hits belong to: the best of the hits nearly as
    relevant as the best one that is about any attribute ("My phone screen cracked"
    above it names no value and has no say; "Long day at Rolls-Royce" far below "also
    growing tomatoes now" does not make a question about the allotment ask for the
    employer). A value nobody placed answers only a question about now (not ``strict``).
    Only in the user's own voice: in a transcript with named speakers the best hit may be
    anybody's, and lifting its attribute's statements newest first cost 0.02 LoCoMo dev
    recall@10. ``aside``: ruled slots the question names only as context
    (``slot_rules.mentioned_not_asked``)."""
    ranked = sorted(hits, key=lambda h: h.relevance, reverse=True)[:VOTE_DEPTH]
    if not ranked:
        return set()
    least = VOTE_SHARE * ranked[0].relevance
    for hit in ranked:
        if not _own_voice(hit) or hit.relevance < least:
            break
        if not strict and slots.slot_name(hit.item.slot) == UNPLACED:
            return {UNPLACED}  # a value nobody placed: the statements like it answer
        name = slots.slot_name(slots.placed(hit.item.slot))
        text = hit.item.memory.lower()
        named = (
            {name} if name else {k for k, v in values if v in text and slots.names_value(text, v)}
        )
        if named & aside:  # "Which vet do I take my dog to?": the best hit is the dog's,
            return set()  # the context the question gave, so the vote cannot tell
        if len(named) == 1:
            return named  # (naming values of several, it leaves the say to the next)
    return set()


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
    open reader through a copy of the tenant's vocabulary; nothing is saved). Reads are
    remembered per vocabulary object: the same observations come back question after
    question, a parse costs milliseconds, and a vocabulary that learns something is a
    new object (``vocabulary_of``), so nothing stale is served."""
    if vocabulary is None:
        found = slot_rules.read(text)
        return slots.encoded(found)
    reads = _reads_of(vocabulary)
    if text in reads:
        return reads[text]
    reading = Phrasings(vocabulary=vocabulary.model_copy(deep=True))
    slot = slots.encoded(reading.read(text))
    if len(reads) >= RAW_READS_KEPT:
        reads.pop(next(iter(reads)))
    reads[text] = slot
    return slot


RAW_READS_KEPT = 4096  # per vocabulary
_RAW_READS: dict[int, tuple[Vocabulary, dict[str, str | None]]] = {}
_RAW_READS_LOCK = threading.Lock()


def _reads_of(vocabulary: Vocabulary) -> dict[str, str | None]:
    """The remembered reads of this very vocabulary object (held here, so its id cannot
    be reused by another while its entry lives)."""
    with _RAW_READS_LOCK:
        found = _RAW_READS.get(id(vocabulary))
        if found is not None and found[0] is vocabulary:
            return found[1]
        if len(_RAW_READS) >= _VOCABULARIES_MAX:
            _RAW_READS.pop(next(iter(_RAW_READS)))
        reads: dict[str, str | None] = {}
        _RAW_READS[id(vocabulary)] = (vocabulary, reads)
        return reads


_VOCABULARIES: dict[str, tuple[bytes, list[AttributeSpec], Vocabulary]] = {}
_VOCABULARIES_MAX = 1024


def vocabulary_of(
    stores: Stores, tenant: str, schema: list[AttributeSpec] | None = None
) -> Vocabulary:
    """The tenant's vocabulary as consolidation last stored it, with ``schema`` declared
    into it (one GET: another worker may have learned since). Shared: read it, or
    ``model_copy(deep=True)`` it before changing anything."""
    return vocabulary_from(tenant, _as_bytes(stores.client.get(keys.phrasings(tenant))), schema)


def vocabulary_from(
    tenant: str, raw: bytes, schema: list[AttributeSpec] | None = None
) -> Vocabulary:
    """The vocabulary in the stored record ``raw``. A search reads it on every question,
    so the parse (and the declaration) is cached per process and redone only when the
    stored bytes or the schema change."""
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
