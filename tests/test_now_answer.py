"""The open answer to a question about now (``now_answer``), on real cosines from the
packaged MiniLM, and through ``Memory.search`` on a real Redis and hnswlib."""

from __future__ import annotations

import pytest
from conftest import DAY, MemoryFactory
from test_search_rank import item, ranked

from tiermem import ManualClock
from tiermem.models.embedder import Embedder
from tiermem.now_answer import (
    EVIDENCE_FLOOR,
    answer_set,
    candidates,
    ends_all,
    frame,
    likeliest_newest,
    member_probability,
    requests,
    values,
)
from tiermem.types import SearchHit


def test_a_reason_given_for_an_ending_names_no_value_taken_up() -> None:
    """ "it was eating my RAM" says why Vivaldi went: the sentence answers no question
    about now. A clause naming what came instead still does."""
    assert ends_all("ditched Vivaldi a while back, it was eating my RAM")
    assert ends_all("Stopped listening to Fontaines D.C., just over it.")
    assert not ends_all("Cancelled Netflix, signed up for Disney Plus instead")
    assert not ends_all("Cancelled Netflix, because Disney Plus is cheaper")
    assert not ends_all("Sold the old bike and bought the Genesis")


def test_everyday_endings_give_a_value_up_and_accidents_do_not() -> None:
    """ "had to bin", "dropped Korean", "Returned X to Boots", "closed my X account" give
    something up; dropping a phone again, returning to a city and a price that dropped do
    not."""
    assert ends_all("had to bin a Chinese money plant after the move, total casualty")
    assert ends_all("dropped Korean after my streak broke, no regrets")
    assert ends_all("Returned hyaluronic acid to Boots, it broke me out.")
    assert ends_all("closed my Lloyds account after years of rubbish service")
    assert ends_all("We said goodbye to Bear this week.")
    assert ends_all("Mochi went to live with my parents, they've got more space")
    assert not ends_all("Dropped the OnePlus 11 again, no crack luckily.")
    assert not ends_all("Dropped the kids at Westfield this morning")
    assert not ends_all("New Left Field FM episode dropped today")
    assert not ends_all("Returned to Leeds after uni")
    assert not ends_all("Put the Kindle box in the bin")


def test_values_are_names_and_numbers_not_sentence_capitals() -> None:
    assert values("Trim at Lockwood & Vane on Saturday.") == {"lockwood & vane"}
    assert values("Lockwood & Vane squeezed me in for a quick cut.") == {"lockwood & vane"}
    assert values("New Left Field FM episode dropped today.") == {"left field fm"}
    assert values("The Pegasus 40 are so bouncy.") == {"pegasus 40"}
    assert values("Started on omega-3 in January.") == {"omega-3"}
    assert values("Muddy run this morning.") == frozenset()
    # A first word that is no English word is a name: the MiniLM vocabulary splits it.
    assert values("Bingeworks is the only subscription I pay for now.") == {"bingeworks"}
    assert values("Sunday class as usual. Lidl had no oat milk.") == {"lidl"}
    assert values("Watched a documentary after dinner.") == frozenset()
    assert values("switched over to iHeartRadio for listening to songs") == {"iheartradio"}
    assert values("Sold my old iPhone 12 on eBay.") == {"iphone 12", "ebay"}
    assert values("Paris was lovely.") == frozenset()  # a whole vocabulary word: unread
    assert values("Caroline: I moved to Leeds", "Caroline:home=leeds") == {"leeds"}
    assert frame("Trim at Lockwood & Vane on Saturday.", values("Trim at Lockwood & Vane")) == (
        "trim at _ on saturday"
    )


def test_a_question_answered_by_its_speaker_states_its_answer() -> None:
    assert not requests("fave place to eat rn? Trattoria Lume, no contest")
    assert requests("Is Fernhill Bank any good?")  # asks, and names nothing after
    assert requests("Anyone got good vegan recipes? running out of ideas")
    assert requests("Can you recommend a good podcast for the commute")


def test_a_self_answered_question_answers_now(embedder: Embedder) -> None:
    """ "fave place to eat rn? X, no contest": the "?" is the speaker's own, and what
    follows it is the answer. Read as a question to the assistant, it stated nothing and
    the older favourite led."""
    old = item("Trattoria Lume has ruined every other restaurant for me.", age_days=200)
    new = item("fave place to eat rn? Ember & Oak, no contest", age_days=10)
    hits = ranked(embedder, "What is my favourite restaurant at the moment?", [old, new])
    found = answer_set(hits)
    assert found is not None and found.statements[0].item.id == new.id


def test_an_aside_in_another_clause_leaves_the_value_a_candidate(embedder: Embedder) -> None:
    """ "Went to Priya for my cut and I'm never going anywhere else": the "never" is the
    aside's, not the value's, so the statement may answer. Read over the whole sentence,
    it was no candidate at all; a "never" in the value's own clause still keeps one out."""
    said = [
        item("Went to Toni & Guy for my cut, fine as always", age_days=200),
        item("Went to Priya for my cut and I'm never going anywhere else", age_days=10),
        item("I'm never going back to Shear Genius for my cut", age_days=5),
    ]
    hits = ranked(embedder, "Who does my hair these days?", said)
    assert {h.item.id for h in candidates(hits)} == {said[0].id, said[1].id}


def test_a_statement_opening_with_its_value_answers(embedder: Embedder) -> None:
    """ "Bingeworks is the only subscription I pay for now" names its value in its first
    word; read as a sentence capital it named nothing and could not answer, and an older
    statement of the stale value led."""
    old = item("Watched a documentary on Vidora after dinner.", age_days=200)
    new = item("Bingeworks is the only subscription I pay for now.", age_days=10)
    hits = ranked(embedder, "What do I stream my shows on these days?", [old, new])
    found = answer_set(hits)
    assert found is not None and found.statements[0].item.id == new.id
    assert hits[0].item.id == new.id


def test_a_value_in_lower_case_answers_when_close_to_the_question(embedder: Embedder) -> None:
    """ "Commuting by tram now" names its value in lower case, as people write ways to
    work, sports and crops: close to the question, it answers. Requests about the
    question's topic and an effort ("trying to walk more") state nothing."""
    bus = item("Going in by bus every day, it's cheap.", age_days=200)
    tram = item("Commuting by tram now, so much quicker.", age_days=30)
    trying = item("I'm trying to walk more these days.", age_days=5)
    asking = item("Can you recommend a good route for the commute?", age_days=2)
    reminder = item("Remind me to top up my commute card on Friday.", age_days=1)
    hits = ranked(embedder, "How do I commute these days?", [bus, tram, trying, asking, reminder])
    found = answer_set(hits)
    assert found is not None
    assert [h.item.id for h in found.statements] == [tram.id, bus.id]
    assert hits[0].item.id == tram.id
    # Far from the question, a sentence naming nothing is no statement of a value.
    far = ranked(embedder, "How do I commute these days?", [bus, item("Lovely walk today.")])
    assert [h.item.id for h in answer_set(far).statements] == [bus.id]  # type: ignore[union-attr]


def test_a_who_question_is_answered_by_a_name(embedder: Embedder) -> None:
    """ "Who's treating my injury these days?" asks for a name: "My back has been sore all
    week" is close to it and newest, but names nobody, so the physio answers."""
    physio = item("I see Mobility Works for my knee these days.", age_days=20)
    sore = item("My back has been sore all week and my knee hurts.", age_days=2)
    query = "Who's treating my injury these days?"
    hits = ranked(embedder, query, [physio, sore])
    by_id = {h.item.id: h for h in hits}
    assert by_id[sore.id].similarity >= 0.35  # close enough to answer a "what" question
    found = answer_set(hits, query=query)
    assert found is not None
    assert [h.item.id for h in found.statements] == [physio.id]
    assert hits[0].item.id == physio.id


def test_membership_rises_with_closeness_to_the_question() -> None:
    assert member_probability(0.5, 1.0) > 0.9
    assert member_probability(0.15, 0.4) < 0.2
    assert member_probability(0.3, 0.8) > member_probability(0.3, 0.4)


def test_the_likeliest_newest_statement_weighs_every_newer_belief() -> None:
    """The lead is the statement most likely to be the attribute's newest, not the
    newest one believed more likely in than out: two newer statements at 0.45 say the
    attribute has likely moved on, one at 0.45 is a better bet than a member at 0.6 just
    before it, and beliefs under the floor, however many, count as none."""

    def hits(*ages: float) -> list[SearchHit]:
        return [
            SearchHit(item=item(f"statement {n}", age_days=a), score=1.0, similarity=0.5)
            for n, a in enumerate(ages)
        ]

    sure, borderline, other = 0, 1, 2
    eligible = hits(30, 10, 5)
    everyone = [sure, borderline, other]
    assert likeliest_newest(eligible, [1.0, 0.45, 0.45], everyone) == other
    assert likeliest_newest(eligible, [1.0, 0.45, 0.1], everyone) == sure
    assert likeliest_newest(eligible, [1.0, 0.6, 0.45], everyone) == other
    assert likeliest_newest(eligible, [1.0, 0.6, 0.25], everyone) == borderline
    assert likeliest_newest(eligible, [1.0, 0.2, 0.6], everyone) == other
    assert likeliest_newest(eligible, [1.0, 0.6, 0.6], [sure, borderline]) == borderline
    far = hits(30, *range(1, 13))  # a sure statement and a dozen newer far ones
    beliefs = [1.0] + [EVIDENCE_FLOOR - 0.01] * 12
    assert likeliest_newest(far, beliefs, list(range(13))) == 0


def test_a_newer_statement_in_other_words_answers_over_the_closer_old_one(
    embedder: Embedder,
) -> None:
    """Nothing names the attribute's frame twice ("my laptop is" / "replaced my laptop,
    went for"); the newer statement is about the question all the same, and leads.
    Another attribute's newer statement stays out of the answer."""
    old = item("My laptop is a Pavilion Aero, I use it for everything.", age_days=200)
    new = item("Finally replaced my laptop, went for the ThinkPad X1 Carbon.", age_days=20)
    gym = item("Joined Lotus Loft, unlimited classes for the month.", age_days=5)
    hits = ranked(embedder, "What laptop am I using these days?", [old, new, gym])
    by_id = {h.item.id: h for h in hits}
    assert by_id[old.id].similarity > by_id[new.id].similarity  # the old one is closer
    assert [h.item.id for h in hits[:2]] == [new.id, old.id]
    found = answer_set(hits)
    assert found is not None and found.anchor.item.id == old.id
    assert gym.id not in {h.item.id for h in found.statements}


def test_decoys_never_answer(embedder: Embedder) -> None:
    """Somebody else's value, a past one, a maybe and a given-up one are not the user's
    current value, however new and close to the question."""
    mine = item("My dentist is Dr Alves.", age_days=100)
    decoys = [
        item("My husband sees Dr Kim at Pearlgate Dental.", age_days=3),
        item("I used to see Dr Moreau for my teeth.", age_days=2),
        item("I might try Floss Lane Dental if this filling keeps hurting.", age_days=1),
        item("Someone at work swears by Dr Nwosu.", age_days=1),
    ]
    hits = ranked(embedder, "Who is the dentist I go to these days?", [mine, *decoys])
    assert hits[0].item.id == mine.id
    found = answer_set(hits)
    assert found is not None and [h.item.id for h in found.statements] == [mine.id]


def test_a_shared_frame_pulls_a_distant_statement_in(embedder: Embedder) -> None:
    """ "Trim at Fringe & Fade" is not close enough to the question by itself; said in the
    frame of a member ("Trim at Halden Hair"), it is one of theirs, and the newest."""
    set_old = item("I get my hair done at Halden Hair these days.", age_days=300)
    trim_old = item("Trim at Halden Hair on Saturday.", age_days=250)
    trim_new = item("Trim at Fringe & Fade on Saturday.", age_days=10)
    gym = item("Leg day at Barbell Club, ouch.", age_days=5)
    hits = ranked(embedder, "Who does my hair these days?", [set_old, trim_old, trim_new, gym])
    found = answer_set(hits)
    assert found is not None
    joined = {h.item.id: h for h in hits}[trim_new.id]
    closeness = member_probability(
        joined.similarity, joined.parts["relevance"] / found.anchor.parts["relevance"]
    )
    assert closeness < 0.5  # not a member by closeness alone
    assert hits[0].item.id == trim_new.id
    assert gym.id not in {h.item.id for h in found.statements}


def test_a_multi_valued_attribute_keeps_the_newest_value_first(embedder: Embedder) -> None:
    dog = item("We adopted a beagle called Nala.", age_days=300)
    cat = item("We got a second dog, a collie called Miso.", age_days=30)
    sold = item("I sold the Golf last week.", age_days=2)  # an ending never answers
    hits = ranked(embedder, "Which pets do I have now?", [dog, cat, sold])
    assert hits[0].item.id == cat.id
    found = answer_set(hits)
    assert found is not None and sold.id not in {h.item.id for h in found.statements}


def test_a_value_given_up_no_longer_answers(embedder: Embedder) -> None:
    """ "Stopped using Nightbloom Cream" retires the statements of that value said before
    it, whatever attribute (if any) consolidation gave them; the one still used answers,
    though the given-up one is newer and closer to the question."""
    kept = item("Clayhouse Mask is the newest addition to my routine.", age_days=200)
    cream = item("Nightbloom Cream is part of my skincare routine now.", age_days=100)
    stopped = item("Stopped using Nightbloom Cream, it wasn't doing anything.", age_days=20)
    hits = ranked(embedder, "Which skincare products do I use these days?", [kept, cream, stopped])
    found = answer_set(hits)
    assert found is not None and [h.item.id for h in found.statements] == [kept.id]
    assert hits[0].item.id == kept.id
    again = item("Nightbloom Cream is back in my routine.", age_days=5)  # after the stop
    hits = ranked(
        embedder, "Which skincare products do I use these days?", [kept, cream, stopped, again]
    )
    found = answer_set(hits)
    assert found is not None and again.id in {h.item.id for h in found.statements}


def test_past_questions_and_ruled_attributes_keep_the_rules(embedder: Embedder) -> None:
    """Questions about the past, and about attributes the slot rules read, are answered
    by the rules (the ruled home city here reads as superseded by consolidation)."""
    leeds = item("I live in Leeds.", age_days=100, slot="home=leeds")
    london = item("Visited London for a conference, loved it.", age_days=3)
    hits = ranked(embedder, "Where do I live now?", [leeds, london])
    assert hits[0].item.id == leeds.id
    assert hits[0].parts.get("lead") != "the newest own statement about the question"


@pytest.mark.parametrize("tier", ["short", "long"])
def test_through_search_on_raw_and_consolidated_memories(
    make_memory: MemoryFactory, clock: ManualClock, tier: str
) -> None:
    """The same answer from raw observations (short tier) and consolidated facts."""
    memory = make_memory()
    for text in (
        "My landlord is Mrs Lindgren.",
        "We rent from Mrs Lindgren these days.",
        "My sister rents from Harrowgate Lettings.",
    ):
        memory.add(text, user_id="alice")
        clock.advance(30 * DAY)
    memory.add("we've moved and now rent from Mr Pemberton", user_id="alice")
    clock.advance(DAY)
    memory.add("I might rent from Mrs Adebayo next year.", user_id="alice")
    if tier == "long":
        clock.advance(DAY)
        memory.consolidate()
        assert {i["tier"] for i in memory.get_all(user_id="alice")["results"]} == {"long"}
    found = memory.search("Who do I rent from these days?", user_id="alice")["results"]
    assert "Mr Pemberton" in found[0]["memory"]


def test_a_value_in_lower_case_fills_a_frame_the_user_said_with_a_name(
    embedder: Embedder,
) -> None:
    """ "Quick session at the leisure centre before work" names nothing by capital, but
    it is said in the words of "Quick session at Peak Strength Studio before work": it
    joins that statement's answer with "leisure centre" as its value, and, newer, leads.
    "Quick session at Nadia's" (a capital) and somebody else's sentence do not fill it."""
    old = item("Quick session at Peak Strength Studio before work", age_days=60)
    new = item("Quick session at the leisure centre before work", age_days=5)
    other = item("My sister had a quick session at the leisure centre before work", age_days=2)
    hits = ranked(embedder, "Which gym do I work out at these days?", [old, new, other])
    found = answer_set(hits)
    assert found is not None
    assert [h.item.id for h in found.statements] == [new.id, old.id]
    assert new.id in {h.item.id for h in hits[:1]}


def test_a_statement_the_rules_read_as_another_attribute_answers_no_open_question(
    embedder: Embedder,
) -> None:
    """ "What food do I love most right now?" asks a ruled attribute none of the user's
    statements was read as, so the open answer decides; "I'm vegan now", newer but read
    as the diet, is no candidate for it."""
    ramen = item("Had ramen again for dinner, still my favourite.", age_days=20)
    vegan = item("I'm vegan now.", age_days=2, slot="diet=vegan")
    hits = ranked(embedder, "What food do I love most right now?", [ramen, vegan])
    assert hits[0].item.id == ramen.id
    assert [h.item.id for h in hits] == [ramen.id, vegan.id]  # kept, below the answer
