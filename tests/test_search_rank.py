"""``tiermem.search.rank`` on its own: real MemoryItems, real MiniLM vectors, real config.

Each test builds candidates as the tiers hand them over (item, cosine to the query) and
checks one ordering property of the formula
``relevance * tier prior * recency * reinforcement bonus`` and of the rules around it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import DAY, START, MemoryFactory

from tiermem import ManualClock, lexical
from tiermem.attributes import cues, questions
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.vocabulary import Attribute, Vocabulary
from tiermem.config import TiermemConfig
from tiermem.models.embedder import Embedder
from tiermem.search import SUPERSEDED_PENALTY, gather, rank
from tiermem.tiers import keys
from tiermem.types import MemoryItem, Scope, SearchHit, TierName, text_hash

NOW = START + 400 * DAY
ALICE = Scope(user_id="alice")
_ids = itertools.count()


def item(
    text: str,
    *,
    tier: TierName = "long",
    age_days: float = 10.0,
    user: str = "alice",
    agent: str | None = None,
    **fields: Any,
) -> MemoryItem:
    at = NOW - age_days * DAY
    return MemoryItem(
        id=f"m{next(_ids)}",
        memory=text,
        hash=text_hash(text),
        tier=tier,
        user_id=user,
        agent_id=agent,
        created_at=at,
        updated_at=at,
        observed_at=at,
        valid_from=at if tier == "long" else None,
        **fields,
    )


def ranked(
    embedder: Embedder,
    query: str,
    items: list[MemoryItem],
    *,
    scope: Scope = ALICE,
    filters: dict[str, Any] | None = None,
    vocabulary: Vocabulary | None = None,
    **config: Any,
) -> list[SearchHit]:
    """Candidates with their real cosine to the query, ranked with ``config``."""
    vectors = embedder.embed([query, *(i.memory for i in items)])
    candidates = [(i, float(vectors[n + 1] @ vectors[0])) for n, i in enumerate(items)]
    return rank(
        candidates,
        query=query,
        scope=scope,
        now=NOW,
        config=TiermemConfig(**config),
        filters=filters,
        vocabulary=vocabulary,
        vector=vectors[0],
        embed=embedder.embed,
    )


def texts(hits: list[SearchHit]) -> list[str]:
    return [h.item.memory for h in hits]


def known(*attributes: Attribute) -> Vocabulary:
    """A tenant's vocabulary holding ``attributes``, each under its own name."""
    return Vocabulary(attributes={a.name: a for a in attributes})


def test_more_relevant_ranks_first(embedder: Embedder) -> None:
    items = [
        item("The weather was cold and grey today"),
        item("My dog Rex loves chasing balls in the park"),
        item("I bought new running shoes"),
    ]
    hits = ranked(embedder, "which pet does the user have", items)
    assert texts(hits)[0] == "My dog Rex loves chasing balls in the park"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    # The same order with the lexical part switched off: this one is won on meaning.
    dense = ranked(embedder, "which pet does the user have", items, lexical_weight=0.0)
    assert texts(dense)[0] == texts(hits)[0]
    assert hits[0].similarity > max(h.similarity for h in hits[1:])


def test_an_exact_rare_word_outranks_a_vaguer_paraphrase(embedder: Embedder) -> None:
    items = [
        item("My puppy adores crunchy treats and chew toys"),
        item("Sprocket is the name of my hamster"),
    ]
    query = "Sprocket"
    hits = ranked(embedder, query, items)
    assert texts(hits)[0] == "Sprocket is the name of my hamster"
    # With relevance purely lexical, the text without the word scores nothing at all.
    lexical_only = ranked(embedder, query, items, lexical_weight=1.0, recency_weight=0.0)
    assert [h.score for h in lexical_only] == [pytest.approx(1.0), 0.0]


@pytest.mark.parametrize("newer", [0, 1])
def test_newer_wins_a_tie(embedder: Embedder, newer: int) -> None:
    """Two near-identical texts (distinct hashes): whichever was said later leads, and
    with recency switched off the order is decided by relevance alone."""
    words = ["I went running this morning", "I went running this morning!"]
    items = [item(words[n], age_days=1 if n == newer else 200) for n in range(2)]
    hits = ranked(embedder, "running", items)
    assert texts(hits) == [words[newer], words[1 - newer]]
    assert hits[0].score > hits[1].score
    flat = ranked(embedder, "running", items, recency_weight=0.0)
    assert flat[0].score == pytest.approx(flat[1].score, rel=0.02)  # the tie recency broke


@pytest.mark.parametrize("used", [0, 1])
def test_last_access_counts_as_recent(embedder: Embedder, used: int) -> None:
    """Both said 300 days ago; the one read back yesterday ranks as a fresh one."""
    words = ["I went running this morning", "I went running this morning!"]
    items = [
        item(words[n], age_days=300, last_access=NOW - DAY if n == used else None) for n in range(2)
    ]
    hits = ranked(embedder, "running", items)
    assert texts(hits) == [words[used], words[1 - used]]


def test_same_text_in_two_tiers_appears_once_as_its_best_hit(embedder: Embedder) -> None:
    mid_promotion = [
        item("I keep my bike in the blue shed", tier="short", age_days=30),
        item("I keep my bike in the blue shed", tier="long", age_days=2),
    ]
    hits = ranked(embedder, "where is the bike", mid_promotion)
    assert len(hits) == 1 and hits[0].item.tier == "long"  # the fresher copy scores higher


def test_tier_prior_weighs_each_tier(embedder: Embedder) -> None:
    items = [
        item("I keep my bike in the blue shed", tier="short"),
        item("I keep my bike in the blue shed!", tier="long"),
    ]
    query = "where is the bike"
    favour_short = ranked(embedder, query, items, tier_prior_short=2.0)
    favour_long = ranked(embedder, query, items, tier_prior_long=2.0)
    assert [h.item.tier for h in favour_short] == ["short", "long"]
    assert [h.item.tier for h in favour_long] == ["long", "short"]
    assert favour_short[0].score == pytest.approx(2 * favour_short[1].score, rel=0.05)


def test_reinforcement_adds_a_small_bonus(embedder: Embedder) -> None:
    once = item("I drink green tea every afternoon")
    often = item("I drink green tea every afternoon!", reinforcement=8)
    hits = ranked(embedder, "tea", [once, often], recency_weight=0.0)
    assert texts(hits)[0] == often.memory
    assert hits[0].score / hits[1].score == pytest.approx(1.1, rel=0.05)  # 1 + 0.05 ln 8


def test_filters_apply(embedder: Embedder) -> None:
    items = [
        item("I love sushi", metadata={"category": "food"}),
        item("I play tennis on Sundays", metadata={"category": "sport"}),
        item("Pizza on Fridays is a family tradition", metadata={"category": "food"}),
        item("I also like ramen"),
    ]
    hits = ranked(embedder, "food", items, filters={"category": "food"})
    assert sorted(texts(hits)) == ["I love sushi", "Pizza on Fridays is a family tradition"]
    hits = ranked(embedder, "food", items, filters={"NOT": {"category": "food"}})
    assert sorted(texts(hits)) == ["I also like ramen", "I play tennis on Sundays"]
    assert ranked(embedder, "food", items, filters={"category": "travel"}) == []


def test_scope_is_respected(embedder: Embedder) -> None:
    items = [
        item("I like jazz", agent="x"),
        item("I like jazz records", agent="y"),
        item("I like jazz concerts", user="bob"),
    ]
    by_agent = ranked(embedder, "jazz", items, scope=Scope(user_id="alice", agent_id="x"))
    assert texts(by_agent) == ["I like jazz"]
    whole_user = ranked(embedder, "jazz", items, scope=ALICE)
    assert sorted(texts(whole_user)) == ["I like jazz", "I like jazz records"]


def test_superseded_facts_rank_below_every_current_one(embedder: Embedder) -> None:
    berlin = item("I moved to Berlin", age_days=5, slot="home=berlin")
    paris = item(
        "I live in Paris",
        age_days=100,
        slot="home=paris",
        valid_to=NOW - 5 * DAY,
        superseded_by=berlin.id,
    )
    croissants = item("I love croissants in the morning")
    hits = ranked(embedder, "Paris", [paris, berlin, croissants])
    # By far the most relevant to "Paris", and still last: it is no longer true.
    assert texts(hits)[-1] == "I live in Paris"
    assert hits[-1].similarity > max(h.similarity for h in hits[:-1])
    [ended] = ranked(embedder, "Paris", [paris])
    [as_if_current] = ranked(
        embedder, "Paris", [paris.model_copy(update={"valid_to": None, "superseded_by": None})]
    )
    assert ended.score == pytest.approx(SUPERSEDED_PENALTY * as_if_current.score)


def test_a_restated_old_value_is_not_merged_with_its_superseded_copy(
    embedder: Embedder,
) -> None:
    """Duplicates collapse by text only among current facts: a superseded fact with the
    same words as a current one is a different moment of the story and stays listed."""
    old = item("I live in Paris", age_days=300, valid_to=NOW - 100 * DAY, superseded_by="m-x")
    again = item("I live in Paris", age_days=10)
    hits = ranked(embedder, "Paris", [old, again])
    assert [h.item.id for h in hits] == [again.id, old.id]


def test_a_question_about_now_puts_the_newest_statement_first(embedder: Embedder) -> None:
    alves = item(
        "My dentist is Dr Alves, I have seen him for years", age_days=60, slot="dentist=dr alves"
    )
    kim = item("I switched to Dr Kim", age_days=3, slot="dentist=dr kim")
    other = item("My dentist appointment went fine")
    hits = ranked(embedder, "Who is my dentist now?", [alves, kim, other])
    assert texts(hits)[0] == "I switched to Dr Kim"
    # ... although the older statement is closer to the question's words.
    by_id = {h.item.id: h for h in hits}
    assert by_id[alves.id].similarity > by_id[kim.id].similarity


def test_a_question_about_the_past_puts_the_ended_value_first(embedder: Embedder) -> None:
    kim = item("My dentist is Dr Kim", age_days=3, slot="dentist=dr kim")
    alves = item(
        "My dentist is Dr Alves",
        age_days=60,
        slot="dentist=dr alves",
        valid_to=NOW - 3 * DAY,
        superseded_by=kim.id,
    )
    unrelated = item("I was at the dentist before lunch and the waiting room was full")
    vocabulary = Vocabulary()  # as a tenant that declared the attribute has it
    vocabulary.declare(
        [AttributeSpec(name="dentist", description="the user's dentist")], lambda _: []
    )
    query = "Who was my dentist before?"
    hits = ranked(embedder, query, [kim, unrelated, alves], vocabulary=vocabulary)
    assert texts(hits)[0] == "My dentist is Dr Alves"
    # Without the vocabulary the best hit's attribute is voted for, with the same answer.
    voted = ranked(embedder, query, [kim, unrelated, alves])
    assert texts(voted)[0] == "My dentist is Dr Alves"
    # Without any attribute the ended value ranks last: superseded facts go below.
    bare = [i.model_copy(update={"slot": None}) for i in (kim, unrelated, alves)]
    assert texts(ranked(embedder, query, bare))[-1] == "My dentist is Dr Alves"


def test_on_a_now_question_a_past_statement_goes_below_every_current_one(
    embedder: Embedder,
) -> None:
    used_to = item("I used to bank with Rabobank.", age_days=1)
    sister = item("My sister banks with Nationwide.", age_days=2)
    rent = item("Paid the rent through Barclays this morning.", age_days=5)
    hits = ranked(embedder, "Who do I bank with?", [used_to, sister, rent])
    assert texts(hits)[0] == "Paid the rent through Barclays this morning."
    assert hits[0].score > hits[1].score > hits[2].score  # the scores follow the order
    # ... although the past and the sister's statements share the question's words.
    by_id = {h.item.id: h for h in hits}
    assert by_id[used_to.id].parts["relevance"] > by_id[rent.id].parts["relevance"]
    assert by_id[sister.id].parts["relevance"] > by_id[rent.id].parts["relevance"]
    # A question about something else leaves them where their words put them.
    assert texts(ranked(embedder, "Rabobank", [used_to, sister, rent]))[0] == used_to.memory


def test_a_state_over_a_span_that_ended_is_the_past_on_a_now_question(
    embedder: Embedder,
) -> None:
    """ "We had Vodafone for years but the price kept creeping up" names no "used to", yet
    it is a former provider: the newer indirect statement of the current one leads."""
    hyperoptic = item("the Hyperoptic router is blinking orange AGAIN ugh", age_days=40)
    vodafone = item(
        "We had Vodafone for years but the price kept creeping up every April.", age_days=2
    )
    query = "Which broadband provider does the user have now?"
    assert texts(ranked(embedder, query, [vodafone, hyperoptic]))[0] == hyperoptic.memory
    # The same sentence said of a change that still holds keeps its place.
    switched = item("Switched to Vodafone years ago, the price is fine.", age_days=2)
    assert texts(ranked(embedder, query, [switched, hyperoptic]))[0] == switched.memory


def test_a_question_about_an_event_is_not_a_question_about_now(embedder: Embedder) -> None:
    """ "Who repaired the boat?" asks of an event: the uncle who did it answers, though a
    question about now would put somebody else's statement and a newer own one aside."""
    uncle = item("My uncle repaired the boat after the storm.", age_days=30)
    fence = item("I repaired the fence this weekend.", age_days=2, slot="repair=fence")
    hits = ranked(embedder, "Who repaired the boat?", [fence, uncle])
    assert texts(hits)[0] == uncle.memory
    assert "lead" not in hits[0].parts and "lead" not in hits[1].parts
    # The same words asked in the present are a question about now: the own statement
    # leads and the uncle's goes below it.
    now = ranked(embedder, "Who repairs the boat now?", [fence, uncle])
    assert texts(now)[0] == fence.memory


@pytest.mark.parametrize(
    ("query", "event"),
    [
        ("Who repaired the boat?", True),
        ("What happened during the storm?", True),
        ("Which team won the cup?", True),
        ("Who cuts my hair?", False),  # present simple: about now
        ("Which gym am I signed up with?", False),  # a participle after an auxiliary
        ("Which speed do I need?", False),
        ("red or blue?", False),
    ],
)
def test_an_event_question_is_told_by_its_verb(query: str, event: bool) -> None:
    assert cues.tells_of_event(query) is event
    assert cues.asks_about_now(query) is not event


def test_a_statement_of_the_asked_attribute_told_in_the_past_never_leads(
    embedder: Embedder,
) -> None:
    """The reader stored both under the attribute, but one is a memory of uni: the answer
    to a question about now is the other, older one."""
    current = item(
        "I'm hooked on Slow Burn Science these days.", age_days=40, slot="podcast=slow burn science"
    )
    nostalgic = item(
        "Pocket History was my go-to podcast back in uni.",
        age_days=2,
        slot="podcast=pocket history",
    )
    vocabulary = known(Attribute(name="podcast", values=["slow burn science", "pocket history"]))
    hits = ranked(
        embedder, "Which podcast am I into now?", [nostalgic, current], vocabulary=vocabulary
    )
    assert texts(hits) == [current.memory, nostalgic.memory]
    assert "lead" in hits[0].parts and "lead" not in hits[1].parts
    assert hits[1].parts["below_now"] is True


def test_a_statement_the_reader_stored_leads_though_a_cue_reads_a_maybe(
    embedder: Embedder,
) -> None:
    """ "could be described as" trips the word cue for a maybe, but the reader stored the
    statement as the colour that holds now, and the rules' answer stands (GoodAI Colours)."""
    red = item(
        "My favourite colour could be described as Red.",
        age_days=2,
        slot="favourite colour=red",
    )
    chat = item("Long day today, I'm exhausted.", age_days=1)
    hits = ranked(embedder, "What is my favourite colour?", [chat, red])
    assert texts(hits)[0] == red.memory
    assert "lead" in hits[0].parts


def test_in_a_transcript_a_past_statement_only_counts_half(embedder: Embedder) -> None:
    used_to = item("Ann: I used to bank with Rabobank.", age_days=1)
    rent = item("Ann: Paid the rent through Barclays this morning.", age_days=5)
    hits = {h.item.id: h for h in ranked(embedder, "Who does Ann bank with?", [used_to, rent])}
    assert hits[used_to.id].parts["not_now"] == 0.5
    assert "below_now" not in hits[used_to.id].parts  # a story told in the past may answer


def test_a_now_question_votes_for_the_attribute_of_its_best_hits(embedder: Embedder) -> None:
    """ "mechanic" names no attribute of this user: their statements became the frame
    "take car to". The best hits carry it, or name one of its values."""
    old = item(
        "I take my car to Torquay Motors these days, my mechanic there is great.",
        age_days=90,
        is_current=True,
        slot="take car to=torquay motors",
    )
    retired = item("My old mechanic, Torquay Motors, retired.", age_days=2)
    new = item("Piston Pete's looks after my car now.", age_days=30, slot="take car to=piston pete")
    vocabulary = known(Attribute(name="take car to", values=["torquay motors", "piston pete"]))
    query = "Who is my mechanic now?"
    hits = ranked(embedder, query, [old, retired, new], vocabulary=vocabulary)
    assert texts(hits)[0] == new.memory
    assert hits[0].parts["lead"].startswith("a statement of the asked attribute")
    # Without the attribute on the facts the open answer decides; the old garage, which
    # "My old mechanic, Torquay Motors, retired" gave up, no longer answers.
    bare = [i.model_copy(update={"slot": None}) for i in (old, retired, new)]
    assert texts(ranked(embedder, query, bare))[0] == new.memory
    # Without that sentence the words decide, and the old garage leads.
    assert texts(ranked(embedder, query, [bare[0], bare[2]]))[0] == old.memory


def test_chat_naming_no_value_has_no_say_in_the_vote(embedder: Embedder) -> None:
    """The phone question's best words are in a complaint that names no phone; the vote
    goes to the best hit that is about an attribute."""
    cracked = item("My phone screen cracked, so annoying.", age_days=1)
    old = item("I'm using a Pixel 7a these days.", age_days=90, slot="handset=pixel 7a")
    new = item(
        "Traded the Pixel for a Galaxy S23, love it.", age_days=20, slot="handset=galaxy s23"
    )
    hits = ranked(embedder, "What phone do I have now?", [cracked, old, new])
    by_id = {h.item.id: h for h in hits}
    assert by_id[cracked.id].parts["relevance"] > by_id[new.id].parts["relevance"]
    assert texts(hits)[:2] == [new.memory, old.memory]
    assert "lead" in hits[0].parts


def test_unplaced_value_statements_answer_when_no_attribute_claims_them(
    embedder: Embedder,
) -> None:
    """Nobody ever named the phone, so its statements stayed unplaced (``~``); the newest
    as relevant as the best of them answers, an unplaced statement about something else
    does not."""
    cracked = item("My phone screen cracked, so annoying.", age_days=1)
    pixel = item("I've got a Pixel Fold phone now.", age_days=90, slot="~=pixel fold")
    galaxy = item("Finally upgraded my phone to the Galaxy S23!", age_days=10, slot="~=galaxy s23")
    vespa = item("Picked up a Vespa for the summer.", age_days=2, slot="~=vespa")
    hits = ranked(embedder, "What phone do I have now?", [cracked, pixel, galaxy, vespa])
    assert texts(hits)[:2] == [galaxy.memory, pixel.memory]
    assert "lead" not in {h.item.id: h for h in hits}[vespa.id].parts


def test_a_newer_unplaced_mention_as_relevant_joins_the_answer(embedder: Embedder) -> None:
    """Nothing tied "renewal ... from Orla Cover" to the insurer, but the question is about
    insurance and the sentence is newer than the attribute's last statement. Without it
    joining, the lifted Kestrel statement would lead."""
    kestrel = item(
        "I switched insurers to Kestrel Insurance last month.",
        age_days=60,
        slot="insurer=kestrel insurance",
    )
    orla = item(  # the reader saw a value in it, but no attribute it belongs to
        "My insurer switched me over to Orla Cover, the premium went down.",
        slot="~?=orla cover",
    )
    sister = item("My sister got her home insurance from Zurvana.", age_days=1)
    stray = item("Grabbed a croissant at Little Ember on the way in.", age_days=1)
    query = "Who is my insurer these days?"
    hits = ranked(embedder, query, [kestrel, orla, sister, stray])
    assert texts(hits)[:2] == [orla.memory, kestrel.memory]
    assert "lead" in hits[0].parts and "lead" in hits[1].parts
    # An older mention goes below the attribute's own, newer statement.
    orla_before = orla.model_copy(update={"observed_at": NOW - 90 * DAY})
    hits = ranked(embedder, query, [kestrel, orla_before, sister, stray])
    assert texts(hits)[:2] == [kestrel.memory, orla_before.memory]


def test_a_value_echoing_one_of_the_asked_attribute_joins_the_answer(
    embedder: Embedder,
) -> None:
    """Revolut was stated in a frame of its own ("open account at"), but it is as close to
    the question as the Monzo statement (``now_answer``), and once the user says of it,
    word for word, what they had said of Monzo, the rules know it is of the bank's kind."""
    monzo = item("I bank with Monzo now.", age_days=90, slot="bank with=monzo")
    revolut = item(
        "Opened a current account at Revolut and closed the old one.",
        age_days=30,
        slot="open account at=revolut",
    )
    others = item("My sister banks with Nordea and loves it.", age_days=1)
    vocabulary = known(
        Attribute(name="bank with", values=["monzo"]),
        Attribute(name="open account at", values=["revolut"]),
    )
    query = "Who do I bank with now?"
    before = ranked(embedder, query, [monzo, revolut, others], vocabulary=vocabulary)
    assert texts(before)[0] == revolut.memory  # no echo yet: taken by closeness alone
    vocabulary.echo("Monzo froze my card again, ugh.")
    vocabulary.echo("Revolut froze my card again, ugh.")
    hits = ranked(embedder, query, [monzo, revolut, others], vocabulary=vocabulary)
    assert texts(hits)[:2] == [revolut.memory, monzo.memory]
    assert "lead" in hits[0].parts and "lead" not in {h.item.id: h for h in hits}[others.id].parts
    # A past statement of the echoed value does not join: it does not speak for now.
    past = revolut.model_copy(
        update={"memory": "I used to have an account at Revolut.", "slot": None}
    )
    hits = ranked(embedder, query, [monzo, past], vocabulary=vocabulary)
    assert texts(hits)[0] == monzo.memory
    # Nor one that names it without saying it holds, even if read as a value statement.
    missed = revolut.model_copy(
        update={"memory": "I miss Revolut sometimes.", "slot": "~=revolut", "id": "missed"}
    )
    hits = ranked(embedder, query, [monzo, missed], vocabulary=vocabulary)
    assert texts(hits)[0] == monzo.memory


def test_nothing_to_rank(embedder: Embedder) -> None:
    assert ranked(embedder, "anything", []) == []
    assert ranked(embedder, "jazz", [item("I like jazz", user="bob")]) == []


def test_gather_leaves_superseded_facts_out_unless_asked(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """The long tier is where facts are superseded; gather asks it for current facts
    only, unless the caller asked for the superseded ones too."""
    memory = make_memory(promote_min_age_s=DAY)
    paris = memory.add("I live in Paris", user_id="alice")["results"][0]["id"]
    clock.advance(2 * DAY)
    memory.consolidate()
    clock.advance(30 * DAY)
    memory.add("I moved to Berlin", user_id="alice")
    clock.advance(2 * DAY)
    memory.consolidate()
    stores = memory.stores
    vector = stores.embedder.embed_one("Paris")

    def found(include_superseded: bool) -> set[str]:
        got = gather(stores, ALICE, vector, "Paris", 30, ("long",), include_superseded)
        return {candidate.id for candidate, _ in got.candidates}

    assert paris not in found(False)
    assert paris in found(True)


def test_gather_reads_every_tier_and_the_vocabulary_in_one_round_trip(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """Short and mid are searched, and the vocabulary record read, in one pipeline; a
    server that lost its scripts (as after a restart) answers NOSCRIPT there, and the
    tier is searched again the way that loads the script, with the same result."""
    memory = make_memory()
    memory.add("I live in Paris and work as a baker", user_id="alice")  # a slot: to long
    memory.add("We had a lovely walk along the beach today", user_id="alice")  # to mid
    memory.consolidate()  # which also stores the vocabulary record it learned
    raw = memory.add("My sister lives in Lyon", user_id="alice")["results"][0]["id"]
    stores = memory.stores
    vector = stores.embedder.embed_one("Where does alice live?")
    tiers: tuple[TierName, ...] = ("short", "mid")
    first = gather(stores, ALICE, vector, "Where does alice live?", 30, tiers, False)
    assert {item.tier for item, _ in first.candidates} == {"short", "mid"}
    assert raw in {item.id for item, _ in first.candidates}
    stored = stores.client.get(keys.phrasings(ALICE.tenant))
    assert stored and first.phrasings == stored
    stores.client.script_flush()
    sha = stores.short._search_script.sha
    assert stores.client.script_exists(sha) == [False]
    again = gather(stores, ALICE, vector, "Where does alice live?", 30, tiers, False)
    assert [(i.id, round(c, 6)) for i, c in again.candidates] == [
        (i.id, round(c, 6)) for i, c in first.candidates
    ]
    assert stores.client.script_exists(sha) == [True]  # loaded again by the fallback


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Which tea do I drink these days?", ["tea", "drink"]),
        ("What phone am I using at the moment?", ["phone", "using"]),
        ("Where do I currently live?", ["live"]),
        ("How many days did the trip take?", ["many", "days", "trip", "take"]),
        ("What puzzles am I doing every day at the moment?", ["puzzles"]),  # "doing": a stopword
        ("What did I do on my last day at work?", ["last", "day"]),  # "at work": a place
    ],
)
def test_the_time_of_asking_is_no_search_word(query: str, words: list[str]) -> None:
    """ "these days" would otherwise rank "I'm drinking more water these days" first."""
    assert lexical.terms(query) == words


def test_a_light_verb_weighs_less_than_the_words_that_name_the_topic() -> None:
    """ "got" is rare among the candidates, so by its rarity alone it outweighed "garden"
    and made a statement about books the most relevant to a question about flowers."""
    books, garden = lexical.coverage_scores(
        "Which flowers have I got in my garden at the moment?",
        ["Got totally hooked on Stephen King's books", "Watered the garden before work"],
    )
    assert 0.0 < books < garden
    assert books < lexical.LIGHT_VERB_SHARE


def test_where_a_day_happens_is_no_topic() -> None:
    """ "before work" and "on the way home" say where a day happens: they do not make a
    run before work an answer to whom the user works for, nor strawberries picked on the
    way home an answer about the animals at home. "work" as the verb still counts."""
    employer, run = lexical.coverage_scores(
        "Who does the user work for now?",
        ["I work for Accenture these days", "Quick 5k in my Saucony Ride before work"],
    )
    assert employer > 0.0 and run == 0.0
    pets, berries, broadband = lexical.coverage_scores(
        "Which animals do I have at home at the moment?",
        [
            "Also looking after a tortoise now",
            "Picked some strawberries on the way home",
            "We've got TalkTalk broadband at home now",
        ],
    )
    assert pets == berries == broadband == 0.0
    assert lexical.coverage_scores("Who do I work for now?", ["I work for Acme"])[0] == 1.0


def test_working_out_is_not_work_and_liking_is_no_topic() -> None:
    """ "Where do I work out?" is about exercise: "Work gave me the ThinkPad" shares no
    word with it, "Working out at PureGym now" does. "Which pub do I like best?" is about
    a pub: "the best coffee spots" shares only how much, which weighs as a light verb."""
    laptop, gym = lexical.coverage_scores(
        "Where do I work out these days?",
        ["Work gave me the ThinkPad X1 Carbon", "Working out at PureGym now"],
    )
    assert laptop == 0.0 and gym == 1.0
    coffee, pub = lexical.coverage_scores(
        "Which pub do I like best these days?",
        ["Leeds has the best coffee spots, honestly.", "The Crown is the pub for me"],
    )
    assert 0.0 < coffee < lexical.LIGHT_VERB_SHARE < pub


def test_a_word_that_only_qualifies_another_is_a_weak_match() -> None:
    """ "What phone do I have now?" asks for a phone; "my phone plan" is about a plan, so
    its "phone" counts for little beside "my phone is a Pixel 8". Where the question
    asks of the same kind of thing ("phone network"), or the memory puts a value into a
    collection of the asked thing ("to the games shelf"), the word counts in full. A
    recall question keeps every word's full weight: a mention in passing is evidence."""
    share = lexical.QUALIFIER_SHARE
    memories = ["Lebara is who I pay for my phone plan these days.", "My phone is a Pixel 8"]
    plan, phone = lexical.coverage_scores(
        "What phone does the user have now?", memories, qualifier_share=share
    )
    assert 0.0 < plan == pytest.approx(share * phone)
    assert lexical.coverage_scores("What phone does the user have now?", memories) == [
        phone,
        phone,
    ]
    network, screen = lexical.coverage_scores(
        "What phone network am I on?",
        ["Lebara is my phone plan", "My phone screen cracked"],
        qualifier_share=share,
    )
    assert network == screen > 0.0  # the question's own "phone" qualifies its network
    (shelf,) = lexical.coverage_scores(
        "Which games do I have now?",
        ["Added Wingspan to the games shelf too."],
        qualifier_share=share,
    )
    assert shelf == 1.0
    names, died = lexical.coverage_scores(
        "Which laptop do I have?",
        ["The Laptop Company sold me a Dell", "My laptop died today"],
        qualifier_share=share,
    )
    assert names == died == 1.0  # a name qualifies nothing; a verb follows no qualifier


def test_only_a_question_about_now_discounts_a_qualifying_word(
    embedder: Embedder,
) -> None:
    """Through ``rank``, with the real embedder: a question about now weighs "phone" in
    "my phone plan" at ``QUALIFIER_SHARE``; a question about the past is no now-question
    and keeps the full lexical weight."""
    pixel = item("I've got the Pixel 8 now.", age_days=40)
    plan = item("Lebara is who I pay for my phone plan these days.", age_days=2)
    query = "What phone does the user have now?"
    pool = [pixel.memory, plan.memory]
    hits = ranked(embedder, query, [pixel, plan])
    lexical_of = {h.item.memory: h.parts["lexical"] for h in hits}
    full = lexical.coverage_scores(query, pool)[1]
    assert 0.0 < lexical_of[plan.memory] == pytest.approx(lexical.QUALIFIER_SHARE * full)
    asked_of_the_past = "Which phone did I have in May?"  # would discount "phone plan"
    past = ranked(embedder, asked_of_the_past, [pixel, plan])
    assert {h.item.memory: h.parts["lexical"] for h in past}[plan.memory] == pytest.approx(
        lexical.coverage_scores(asked_of_the_past, pool)[1]
    )


def test_a_plural_in_the_question_meets_its_singular_in_a_memory() -> None:
    """ "Which plants..." and "Misted the snake plant": a regular plural is one word with
    its singular, both ways; other words stay as they are."""
    scores = lexical.coverage_scores(
        "Which plants and allergies do I have?",
        ["Misted the snake plant before work.", "My allergy to cats flared up.", "Weeds again."],
    )
    assert scores[0] > 0.0 and scores[1] > 0.0 and scores[2] == 0.0
    assert lexical.coverage_scores("my boxes", ["a box of tea"])[0] == 1.0
    assert [lexical.singular(w) for w in ("news", "bus", "glasses", "series", "berries")] == [
        "news",
        "bus",
        "glass",
        "series",
        "berry",
    ]


def test_a_look_alike_attribute_answers_only_when_as_relevant(embedder: Embedder) -> None:
    """The question names "puzzle"; "daily habit" joins it as a look-alike (its
    description reads as close to the question), "volunteering" is too far to. The
    look-alike's newer statement is about something else and much less relevant to the
    question: it is no statement of the asked attribute."""
    puzzle = item(
        "one more puzzle for the morning, now doing Numbrix Nine",
        age_days=20,
        slot="puzzle=numbrix nine",
    )
    volunteering = item(
        "Just started volunteering at Parkside Litter Pickers as well on Wednesdays.",
        age_days=5,
        slot="volunteering=parkside litter pickers",
    )
    shift = item(
        "Shift at Brightstart Homework Club on Sunday.",
        age_days=1,
        slot="daily habit=brightstart homework club",
    )
    vocabulary = known(
        Attribute(
            name="volunteering",
            values=["parkside litter pickers"],
            contexts=["volunteer wednesday"],
        ),
        Attribute(name="daily habit", values=["brightstart homework club"], contexts=["every day"]),
    )
    query = "What puzzles am I doing every day at the moment?"
    hits = ranked(embedder, query, [shift, volunteering, puzzle], vocabulary=vocabulary)
    led = [
        h for h in hits if h.parts.get("lead") == "a statement of the asked attribute, newest first"
    ]
    assert [h.item.memory for h in led] == [puzzle.memory]
    assert led[0].parts["asked"] == ["daily habit", "puzzle"]  # the look-alike was asked


def test_a_named_attribute_with_no_stated_value_brings_no_unrelated_look_alike(
    embedder: Embedder,
) -> None:
    """ "hobbies" names the hobby attribute, which nothing has stated a value of yet; the
    closest attribute the user has stated ("do browsing in") is no hobby and must not join
    the question, so its newer statement does not lead over the hobby said another way."""
    hobby = item("added metal detecting to the list of hobbies lol", age_days=20)
    browser = item(
        "I do all my browsing in LibreWolf now.", age_days=2, slot="do browsing in=librewolf"
    )
    vocabulary = known(
        Attribute(name="do browsing in", values=["librewolf"], contexts=["browsing"])
    )
    query = "What hobbies does the user have now?"
    vector = embedder.embed([query])[0]
    asked = questions.asked_attributes(
        query, vector, ["do browsing in"], vocabulary, embedder.embed
    )
    assert asked.named == "hobby"
    assert asked.names == {"hobby"}
    hits = ranked(embedder, query, [browser, hobby], vocabulary=vocabulary)
    assert texts(hits)[0] == hobby.memory


def test_a_statement_giving_a_value_up_never_answers_a_question_about_now(
    embedder: Embedder,
) -> None:
    """The reader stored "Took Wet Leg off all my playlists" under the asked attribute; it
    is the newest, but it says what the user no longer listens to."""
    radiohead = item("Added Radiohead to my rotation as well", age_days=9, slot="artist=radiohead")
    wet_leg = item("Took Wet Leg off all my playlists", age_days=1, slot="artist=wet leg")
    vocabulary = known(
        Attribute(name="artist", values=["radiohead", "wet leg"], contexts=["playlist rotation"])
    )
    query = "Which artists is the user listening to now?"
    hits = ranked(embedder, query, [wet_leg, radiohead], vocabulary=vocabulary)
    assert texts(hits)[0] == radiohead.memory
    assert "lead" not in hits[1].parts


def test_only_attributes_close_to_the_question_join_the_one_it_names(
    embedder: Embedder,
) -> None:
    """ "app" is named, but its statements were about music, so its description is far
    from a question about takeaway; attributes merely as far from it ("pack", "signature
    scent") are no look-alikes of it. And a light verb names nothing: "keep" in "What
    meals do I keep making?" is no word of "keep password in"."""
    vocabulary = known(
        Attribute(name="app", values=["qobuz"], contexts=["music", "listen album bus"]),
        Attribute(name="pack", values=["tom ford oud wood"], contexts=["pack mini"]),
        Attribute(name="scent", values=["byredo gypsy water"], contexts=["signature scent"]),
        Attribute(name="keep password in", values=["keepassxc"], contexts=["password"]),
    )
    query = "Which takeaway app does the user use now?"
    vector = embedder.embed([query])[0]
    asked = questions.asked_attributes(query, vector, ["app", "pack"], vocabulary, embedder.embed)
    assert asked == questions.Asked({"app"}, "app")
    meals = "What meals do I keep making at the moment?"
    assert questions.asked_attribute(meals, ["keep password in"], vocabulary) is None


def test_a_far_less_relevant_hit_has_no_say_in_the_vote(embedder: Embedder) -> None:
    """No attribute is named by "What is the user growing on their allotment now?" and
    the best hits carry none; a day at work, further down, must not decide that the
    question asks about the employer and lift its statements first."""
    crops = item("also growing Cherokee Purple tomatoes now, the plot's crowded", age_days=20)
    kale = item("Put kale in as well this spring.", age_days=40)
    work = item(
        "Long day at Rolls-Royce, so many meetings", age_days=2, slot="employer=rolls-royce"
    )
    hits = ranked(embedder, "What is the user growing on their allotment now?", [crops, kale, work])
    assert hits[0].item.id == crops.id
    assert "lead" not in next(h for h in hits if h.item.id == work.id).parts


def test_the_same_sentence_with_a_new_value_is_the_change(embedder: Embedder) -> None:
    """ "I go to The Gym Group now", later "I go to Anytime Fitness now": the reader took
    only the first for the gym, but saying the very same sentence with a new value is
    how the change was told. A newer "go to" sentence of another shape does not join,
    nor does the same sentence in somebody else's mouth."""
    old = item("I go to The Gym Group now.", age_days=90, slot="gym=the gym group")
    new = item("I go to Anytime Fitness now.", age_days=10, slot="go to=anytime fitness")
    other = item("We go to Reel for films these days.", age_days=5, slot="go to=reel")
    sister = item("My sister goes to PureGym now.", age_days=2)
    hits = ranked(embedder, "Which gym does the user go to now?", [old, new, other, sister])
    assert [h.item.id for h in hits[:2]] == [new.id, old.id]
    # the same with the new value in lower case, which no value finder reads
    old = item("Training at David Lloyd these days.", age_days=90, slot="gym=david lloyd")
    new = item("Training at the council gym these days.", age_days=10)
    hits = ranked(embedder, "Which gym does the user go to now?", [old, new, sister])
    assert [h.item.id for h in hits[:2]] == [new.id, old.id]


def test_home_internet_asks_nothing_of_the_home_the_user_lives_in(embedder: Embedder) -> None:
    """ "my home internet" says what kind of internet; the rules' home city, which the slot
    rules' own question patterns did not ask for, joins no question by its description's
    cosine either, so "I live in San Diego now" does not answer it."""
    vocabulary = known(
        Attribute(name="home", values=["san diego"], contexts=["live"]),
        Attribute(name="with for internet", values=["bt"], contexts=["internet"]),
    )
    query = "Who do I get my home internet from at the moment?"
    vector = embedder.embed([query])[0]
    asked = questions.asked_attributes(query, vector, ["home"], vocabulary, embedder.embed)
    assert "home" not in asked.names
    assert questions.asked_attribute("Where is home these days?", [], vocabulary) == "home"
