"""Recency for attributes nobody listed, end to end through the public API on real Redis,
the real embedder, real hnswlib and the real spaCy pipeline: supersession with history,
many-valued attributes, decoys that change nothing, raw observations, now- and past-
questions, a declared schema, and the profile and timeline views."""

from __future__ import annotations

import json
from typing import Any

from conftest import DAY, MemoryFactory

from tiermem import ManualClock, Memory
from tiermem.attributes.vocabulary import Attribute, Vocabulary


def _add(memory: Memory, text: str, user: str = "alice") -> str:
    return str(memory.add(text, user_id=user)["results"][0]["id"])


def _consolidate(memory: Memory, clock: ManualClock) -> None:
    clock.advance(2 * DAY)
    memory.consolidate()


def test_an_unlisted_attribute_is_superseded_with_history(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    old = _add(memory, "My dentist is Dr Alves.")
    _add(memory, "I bank with Nordea.")
    _consolidate(memory, clock)
    new = _add(memory, "My dentist is Dr Kim now.")
    _consolidate(memory, clock)
    stale = memory.get(old)
    assert stale is not None
    assert stale["superseded_by"] == new and stale["valid_to"] is not None
    event = memory.history(old)[-1]
    assert event["event"] == "SUPERSEDE"
    assert event["new_memory"] == "My dentist is Dr Kim now."  # names the sentence that ended it
    hits = memory.search("Who is my dentist now?", user_id="alice")["results"]
    assert hits[0]["id"] == new and old not in {h["id"] for h in hits}
    assert hits[0]["attribute"] == "dentist" and hits[0]["value"] == "dr kim"
    bank = memory.search("Which bank am I with?", user_id="alice")["results"]
    assert bank[0]["memory"] == "I bank with Nordea."  # untouched by the dentist's change


def test_the_same_frame_with_a_new_value_wins(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    old = _add(memory, "I do my weekly shop at Lidl.")
    _consolidate(memory, clock)
    new = _add(memory, "I do my weekly shop at Aldi now.")
    _consolidate(memory, clock)
    hits = memory.search("Which supermarket do I shop at?", user_id="alice")["results"]
    assert hits[0]["id"] == new
    assert memory.get(old)["superseded_by"] == new  # type: ignore[index]


def test_many_valued_attributes_accumulate_and_lose_one_value(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    rex = _add(memory, "We have a dog, Rex.")
    _consolidate(memory, clock)
    nala = _add(memory, "We adopted a second dog, Nala!")
    _consolidate(memory, clock)
    assert memory.get(rex)["superseded_by"] is None  # type: ignore[index]
    profile = memory.profile(user_id="alice")["attributes"]
    assert profile["dog"]["multi"] is True
    assert set(profile["dog"]["values"]) == {"rex", "nala"}
    clock.advance(DAY)
    gone = _add(memory, "We had to rehome Rex, so sad.")
    _consolidate(memory, clock)
    assert memory.get(rex)["superseded_by"] == gone  # type: ignore[index]
    assert memory.get(nala)["superseded_by"] is None  # type: ignore[index]
    assert memory.profile(user_id="alice")["attributes"]["dog"]["values"] == ["nala"]


def test_decoys_change_nothing(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory()
    dentist = _add(memory, "My dentist is Dr Alves.")
    bank = _add(memory, "I bank with Nordea.")
    _consolidate(memory, clock)
    for decoy in (
        "My brother's dentist is Dr Moreau.",
        "My sister banks with Revolut.",
        "I might switch to Monzo if they're cheaper.",
        "I used to bank with Handelsbanken.",
        "I'm thinking about a new dentist, maybe Dr Osei.",
    ):
        _add(memory, decoy)
        clock.advance(3600)
    _consolidate(memory, clock)
    for kept in (dentist, bank):
        assert memory.get(kept)["superseded_by"] is None  # type: ignore[index]
    hits = memory.search("Which bank do I use now?", user_id="alice")["results"]
    assert hits[0]["id"] == bank
    profile = memory.profile(user_id="alice")["attributes"]
    assert profile["dentist"]["values"] == ["dr alves"]


def test_a_trip_is_not_a_move(make_memory: MemoryFactory, clock: ManualClock) -> None:
    """ "I visited Berlin" names a city like the one the user lives in, but a visit is a
    one-off event: the home stays Paris (found by review: it once read as a move)."""
    memory = make_memory()
    home = _add(memory, "I live in Paris")
    _consolidate(memory, clock)
    for trip in ("I visited Berlin", "I flew to Rome for a long weekend"):
        _add(memory, trip)
        _consolidate(memory, clock)
    assert memory.get(home)["superseded_by"] is None  # type: ignore[index]
    hits = memory.search("Where do I live now?", user_id="alice")["results"]
    assert hits[0]["id"] == home
    assert memory.profile(user_id="alice")["attributes"]["home"]["values"] == ["paris"]


def test_a_raw_observation_leads_before_consolidation(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    _add(memory, "My dentist is Dr Alves.")
    _consolidate(memory, clock)
    clock.advance(DAY)
    raw = _add(memory, "My dentist is Dr Kim now.")  # still in the short tier
    hits = memory.search("Who is my dentist these days?", user_id="alice")["results"]
    assert hits[0]["id"] == raw and hits[0]["tier"] == "short"


def test_past_questions_get_the_past(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory()
    first = _add(memory, "My dentist is Dr Alves.")
    _consolidate(memory, clock)
    second = _add(memory, "My dentist is Dr Kim now.")
    _consolidate(memory, clock)
    hits = memory.search("Who was my dentist before?", user_id="alice")["results"]
    assert hits[0]["id"] == first and hits[0]["superseded_by"] == second
    now = memory.search("Who is my dentist?", user_id="alice")["results"]
    assert now[0]["id"] == second


def test_a_declared_schema_names_and_filters_attributes(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    schema = [
        {
            "name": "home_city",
            "description": "the city the user lives in",
            "examples": ["I live in Lisbon.", "We moved to Porto."],
        },
        {
            "name": "languages",
            "description": "languages the user speaks",
            "examples": ["I speak Portuguese."],
            "multi": True,
        },
    ]
    memory = make_memory(attributes=schema)
    lisbon = _add(memory, "I live in Lisbon.")
    _add(memory, "I speak Finnish.")
    _add(memory, "My dentist is Dr Alves.")
    _consolidate(memory, clock)
    berlin = _add(memory, "I moved to Berlin.")
    _add(memory, "I speak Korean.")
    _consolidate(memory, clock)
    homes = memory.get_all(user_id="alice", filters={"attribute": "home_city"})["results"]
    assert [h["id"] for h in homes] == [berlin]
    everything = memory.get_all(
        user_id="alice", filters={"attribute": "home_city"}, include_superseded=True
    )["results"]
    assert {h["id"] for h in everything} == {lisbon, berlin}
    profile = memory.profile(user_id="alice")["attributes"]
    assert profile["home_city"]["declared"] is True
    assert profile["home_city"]["values"] == ["berlin"]
    assert profile["home_city"]["current"][0]["replaced"][0]["id"] == lisbon
    assert profile["languages"]["multi"] is True
    assert set(profile["languages"]["values"]) == {"finnish", "korean"}
    assert "dentist" in profile  # discovered beside the declared ones


def test_schema_through_the_constructor_is_validated(make_memory: MemoryFactory) -> None:
    import pytest

    from tiermem import InvalidInputError

    with pytest.raises(InvalidInputError):
        make_memory(attributes=[{"name": "Bad Name!", "examples": []}])


def test_profile_and_timeline_are_json_ready(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    memory = make_memory()
    first = _add(memory, "My accountant is Fade Factory.")
    _consolidate(memory, clock)
    second = _add(memory, "My accountant is Snip Studio now.")
    _consolidate(memory, clock)
    profile = memory.profile(user_id="alice")
    json.dumps(profile)
    accountant = profile["attributes"]["accountant"]["current"][0]
    assert accountant["value"] == "snip studio" and accountant["sources"] == [second]
    assert accountant["since"] is not None and accountant["replaced"][0]["value"] == "fade factory"
    timeline = memory.timeline(user_id="alice", attribute="accountant")
    json.dumps(timeline)
    changes = timeline["changes"]
    assert [c["id"] for c in changes] == [first, second]
    assert changes[0]["until"] == changes[1]["since"] and changes[1]["current"] is True
    assert memory.timeline(user_id="bob", attribute="accountant")["changes"] == []


FILLER = (
    "The weather was lovely today.",
    "I walked to the river after lunch.",
)  # room under the call cap


def _facts_reply(*texts: str) -> str:
    return json.dumps({"items": [{"message": n, "facts": [t]} for n, t in enumerate(texts, 1)]})


def _pairs_reply(*answers: str) -> str:
    return json.dumps({"answers": [{"item": n, "answer": a} for n, a in enumerate(answers, 1)]})


INDIRECT = "Got the renewal letter from Vantrust, the premium went down."


def _insurer_then_indirect(
    make_memory: MemoryFactory, clock: ManualClock, double: Any, answers: tuple[str, str]
) -> tuple[Memory, str, str, Any]:
    """The llm policy through the Ollama protocol double (a scripted capable model): the
    user's insurer is stated, then an indirect statement of a new one, and the model
    answers the two contrasting questions with ``answers``."""
    memory = make_memory(
        policy="llm",
        llm="ollama",
        ollama_host=double.url,
        promote_min_age_s=0,
        llm_calls_per_100_observations=100,
        llm_max_retries=0,
    )
    old = _add(memory, "My insurer is Aegisure.")
    for text in FILLER:
        _add(memory, text)
    double.script([_facts_reply("My insurer is Aegisure.", *FILLER)])
    clock.advance(DAY)
    first = memory.consolidate()
    assert first["llm_calls"] == 1  # the extraction; nothing unsure, no question
    new = _add(memory, INDIRECT)
    double.script([_facts_reply(INDIRECT), _pairs_reply(*answers)])
    clock.advance(DAY)
    return memory, old, new, memory.consolidate()


def test_the_llm_is_asked_only_where_the_rules_are_unsure(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """An indirect statement the vocabulary could almost tie to the user's insurer is put
    to the model as two contrasting questions in one call; a consistent answer ties it,
    and the old insurer is superseded. A clear statement costs no question."""
    from ollama_double import OllamaDouble

    with OllamaDouble() as double:
        memory, old, new, report = _insurer_then_indirect(make_memory, clock, double, ("yes", "no"))
        assert report["llm_calls"] == 2
        asked = double.requests[-1]["messages"][-1]["content"]
        assert 'insurer now "vantrust"' in asked and 'insurer still "aegisure"' in asked
        facts = {
            f["memory"]: f
            for f in memory.get_all(user_id="alice", include_superseded=True)["results"]
        }
        stale, fresh = facts["My insurer is Aegisure."], facts[INDIRECT]
        assert stale["sources"] == [old] and fresh["sources"] == [new]
        assert fresh["attribute"] == "insurer" and stale["superseded_by"] == fresh["id"]
        hits = memory.search("Which insurance company am I with now?", user_id="alice")
        assert hits["results"][0]["id"] == fresh["id"]


def test_an_answer_that_does_not_hold_together_ties_nothing(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """A model that says yes to everything (as the tiny embedded one tends to) cannot
    supersede anything: "now Vantrust" and "still Aegisure" cannot both be true."""
    from ollama_double import OllamaDouble

    with OllamaDouble() as double:
        memory, _, _, report = _insurer_then_indirect(make_memory, clock, double, ("yes", "yes"))
        assert report["llm_calls"] == 2
        facts = {f["memory"]: f for f in memory.get_all(user_id="alice")["results"]}
        assert facts["My insurer is Aegisure."]["superseded_by"] is None
        assert "attribute" not in facts[INDIRECT]


def test_the_open_reader_can_be_turned_off(make_memory: MemoryFactory, clock: ManualClock) -> None:
    memory = make_memory(open_attributes=False)
    old = _add(memory, "My dentist is Dr Alves.")
    home = _add(memory, "I live in Lisbon.")
    _consolidate(memory, clock)
    _add(memory, "My dentist is Dr Kim now.")
    moved = _add(memory, "I moved to Porto.")
    _consolidate(memory, clock)
    assert memory.get(old)["superseded_by"] is None  # type: ignore[index]
    assert memory.get(home)["superseded_by"] == moved  # type: ignore[index]  # the rules still read


def test_echoes_tie_values_said_in_the_same_sentence() -> None:
    """Word for word but for the value, and with enough words to say what kind of thing
    the value is; a sentence that values of many attributes share says nothing."""
    vocabulary = Vocabulary()
    vocabulary.attributes["bank with"] = Attribute(name="bank with", values=["monzo"])
    vocabulary.echo("Monzo froze my card again, ugh.")
    vocabulary.echo("I love Monzo")  # two words besides the value: no echo
    vocabulary.echo("Revolut froze my card again, ugh.", loose="revolut")
    assert "revolut" in vocabulary.loose
    assert vocabulary.echoes["{} froze my card again ugh"] == ["monzo", "revolut"]
    assert not any(key.startswith("i love") for key in vocabulary.echoes)
    assert vocabulary.kin({"monzo"}) == {"revolut"}
    assert vocabulary.kin({"nordea"}) == set()
    for name, value in (("tea", "matcha"), ("gym", "forge"), ("phone", "pixel")):
        vocabulary.attributes[name] = Attribute(name=name, values=[value])
        vocabulary.echo(f"Told my friends all about {value} today.")
    vocabulary.echo("Told my friends all about Monzo today.")
    assert vocabulary.kin({"matcha"}) == set()  # four kinds share it: generic


def test_a_ruled_keyword_outside_what_the_question_asks_for_does_not_answer(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """ "Which vet do I take my dog to?" asks for a vet: the dog (a ruled pet) is what the
    vet sees, and "Where do I get my car fixed?" asks for a garage, not for the car."""
    memory = make_memory()
    _add(memory, "We adopted a dog called Nala.")
    _add(memory, "I drive a Volkswagen Golf.")
    _add(memory, "Paws & Claws vet looked after Nala's paw.")
    _add(memory, "Kwik Garage fixed my brakes.")
    _consolidate(memory, clock)
    vet = _add(memory, "Changed vets, Riverside Vets is much closer.")
    garage = _add(memory, "Switched garages, Bolt Motors does all my repairs now.")
    _consolidate(memory, clock)
    hits = memory.search("Which vet do I take my dog to these days?", user_id="alice")
    assert hits["results"][0]["id"] == vet
    hits = memory.search("Where do I get my car fixed these days?", user_id="alice")
    assert hits["results"][0]["id"] == garage
    # The car and the pet are still what their own questions find.
    assert (
        "Golf" in memory.search("What car do I drive now?", user_id="alice")["results"][0]["memory"]
    )


def test_a_ruled_question_the_rules_cannot_answer_gets_the_open_answer(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """ "Which city am I living in now?" names a ruled slot, but no rule reads "getting
    lost in the streets of Marseille since the move": the newest statement of the city
    still answers, as for an attribute nobody listed."""
    memory = make_memory()
    _add(memory, "Still getting lost in the streets of Lyon since the move.")
    _add(memory, "Made sourdough again this weekend.")
    _consolidate(memory, clock)
    newest = _add(memory, "Still getting lost in the streets of Marseille since the move.")
    _consolidate(memory, clock)
    hits = memory.search("Which city am I living in now?", user_id="alice")["results"]
    assert hits[0]["id"] == newest
    explained = memory.search("Which city am I living in now?", user_id="alice", explain=True)
    assert "lead" in explained["results"][0]["explain"]


def test_a_question_about_a_household_member_gets_their_newest_value(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """ "Which school do my kids go to now?" asks about the user's children: statements
    about them are the user's own for it, and the newest leads; a sister's kids, or a
    past statement, do not answer."""
    memory = make_memory()
    _add(memory, "My son goes to Oakhurst Juniors.")
    _add(memory, "Made sourdough again this weekend.")
    _consolidate(memory, clock)
    moved = _add(memory, "Our boy has transferred to Ashcombe Primary.")
    _consolidate(memory, clock)
    _add(memory, "My sister's kids go to Elm Primary School now.")
    _add(memory, "He used to love Oakhurst Juniors school.")
    _consolidate(memory, clock)
    hits = memory.search("Which school do my kids go to now?", user_id="alice")["results"]
    assert hits[0]["id"] == moved


def test_a_second_named_pet_joins_the_first(make_memory: MemoryFactory, clock: ManualClock) -> None:
    """The rules read pets by name ("I have a cat named Luna", "Ziggy got a treat, spoiled
    hamster"); a pet said to be one more keeps the first current."""
    memory = make_memory()
    luna = _add(memory, "I have a cat named Luna.")
    _consolidate(memory, clock)
    rex = _add(memory, "We have a dog called Rex as well now.")
    _consolidate(memory, clock)
    assert memory.get(luna)["superseded_by"] is None  # type: ignore[index]
    assert memory.get(rex)["superseded_by"] is None  # type: ignore[index]


def test_a_statement_the_rules_read_as_the_gp_answers_no_question_about_the_dentist(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """Both are a "Dr" by name; the rules know the GP's words, and "who's my dentist now?"
    names an attribute the user named ("My dentist is ...") and no rule reads, so the GP's
    newer statement stays out of its answer."""
    memory = make_memory()
    dentist = _add(memory, "My dentist is Dr Alves.")
    _consolidate(memory, clock)
    _add(memory, "Switched surgeries, I'm registered under Dr Tanaka now.")
    _consolidate(memory, clock)
    hits = memory.search("who's my dentist now?", user_id="alice")["results"]
    assert hits[0]["id"] == dentist
    gp = memory.search("who's my doctor now?", user_id="alice")["results"]
    assert "Dr Tanaka" in gp[0]["memory"]


def test_a_value_that_only_looks_like_a_ruled_attributes_retires_nothing(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """ "DAZN" looks like "Dr Nowak" to the embedder; a subscription said in no words the
    rules know must not become the GP and retire him."""
    memory = make_memory()
    gp = _add(memory, "My GP is Dr Nowak now.")
    _consolidate(memory, clock)
    _add(memory, "subscribed to DAZN now btw")
    _consolidate(memory, clock)
    assert memory.get(gp)["superseded_by"] is None  # type: ignore[index]
    hits = memory.search("Who is my GP at the moment?", user_id="alice")["results"]
    assert hits[0]["id"] == gp


def test_the_childs_school_is_the_newest_the_parent_spoke_of(
    make_memory: MemoryFactory, clock: ManualClock
) -> None:
    """A question about the household's child asks for the ruled school, read as the parent
    says it; a vote for the football team (a kid who "supported Liverpool") does not lead."""
    memory = make_memory()
    _add(memory, "Our son goes to Oakwood Academy now.")
    _add(memory, "Liverpool are my team now, no going back")
    _consolidate(memory, clock)
    _add(memory, "As a kid I supported Everton because of my dad, but I grew out of it.")
    _add(memory, "Claire's two are at Westfield Academy, she rates it")
    _consolidate(memory, clock)
    newest = _add(memory, "Parents' evening at Hillcrest School on Thursday, dreading it lol")
    _consolidate(memory, clock)
    hits = memory.search("what school are my kids at now?", user_id="alice")["results"]
    assert hits[0]["id"] == newest


def test_only_an_attribute_the_user_named_keeps_the_rules_statements_out() -> None:
    """A question's noun keeps the rules' statements out of its open answer only when the
    user named an attribute by it that no rule reads: "dentist" of someone who said "My
    dentist is ...", but not "significant other", which may be the partner's other name."""
    from tiermem.search import _names_an_unruled_attribute

    vocabulary = Vocabulary(
        attributes={
            "dentist": Attribute(name="dentist", values=["dr alves"]),
            "partner": Attribute(name="partner", values=["priya"]),
        }
    )
    assert _names_an_unruled_attribute("who's my dentist now?", vocabulary)
    assert not _names_an_unruled_attribute("Who is my significant other these days?", vocabulary)
    assert not _names_an_unruled_attribute("Who is my partner now?", vocabulary)  # ruled
    assert not _names_an_unruled_attribute("Which company do I work for?", vocabulary)
    assert not _names_an_unruled_attribute("who's my dentist now?", None)


def test_a_noun_keeps_out_only_the_ruled_attributes_it_is_no_other_name_for(
    make_memory: MemoryFactory,
) -> None:
    from tiermem.search import _close_in_name

    embed = make_memory().stores.embedder.embed
    ruled = {"partner", "employer", "mobile network"}
    assert "partner" in _close_in_name("Who is my significant other now?", ruled, embed)
    kept_in = _close_in_name("Which laptop am I using these days?", ruled, embed)
    assert "employer" not in kept_in
    assert "mobile network" not in _close_in_name("Which email provider do I use?", ruled, embed)
    assert _close_in_name("Which company do I work for?", ruled, embed) == frozenset(ruled)
