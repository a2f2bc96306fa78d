"""Slot rules: which first-person sentences set which attribute, and which questions ask
for one. Conservative by design: other people's facts, the past and negations set nothing."""

from __future__ import annotations

import pytest

from tiermem.consolidation.slots import (
    ends,
    past_state,
    query_slot,
    read,
    same_value,
    slot_name,
    speaks_for_now,
)

SETS = [
    ("I live in Paris", "home", "paris"),
    ("I moved to Berlin last week", "home", "berlin"),
    ("We finally settled in Lisbon.", "home", "lisbon"),
    ("Just signed the lease on a flat in Porto!", "home", "porto"),
    ("Caroline: I just moved to New York City!", "Caroline:home", "new york city"),
    ("I'm working as an architect now.", "job", "architect"),
    ("Big career change: I'm a paramedic these days.", "job", "paramedic"),
    ("I just joined Initech.", "employer", "initech"),
    ("Accepted the offer from Fabrikam, starting Monday!", "employer", "fabrikam"),
    ("I've started seeing someone new, Sofia.", "partner", "sofia"),
    ("Priya and I have been dating for a few weeks now.", "partner", "priya"),
    ("My favourite colour is blue", "favourite colour", "blue"),
    ("My favourite band right now is Radiohead.", "favourite band", "radiohead"),
    ("I can't stop listening to Nirvana; they're my favourite.", "favourite band", "nirvana"),
    ("Just finished The Hobbit, it's my new favourite book.", "favourite book", "the hobbit"),
    ("We adopted a cat named Sprout!", "pet", "sprout"),
    ("I've gone vegetarian.", "diet", "vegetarian"),
    ("I'm eating keto now and feeling great.", "diet", "keto"),
    ("I bought a Volkswagen Golf.", "car", "volkswagen golf"),
    ("Traded in my old car for a Ford Focus.", "car", "ford focus"),
    ("Switched my membership to FitHub.", "gym", "fithub"),
    ("I've taken up beekeeping.", "hobby", "beekeeping"),
]

SETS_NOTHING = [
    "I don't live in Paris anymore",
    "I miss Paris sometimes",
    "Back when I lived in Zurich, rent was cheaper.",
    "My sister lives in Rome.",
    "My friend is dating someone called Omar.",
    "My neighbour has a parrot called Biscuit.",
    "I used to be really into knitting.",
    "I was keto for a while, it didn't stick.",
    "Do you live in Rome?",
    "I got a promotion today",
    "I bought a new sweater",
    "My dad went pescatarian last year.",
]


@pytest.mark.parametrize(("text", "slot", "value"), SETS)
def test_statements_set_slots(text: str, slot: str, value: str) -> None:
    found = read(text)
    assert found is not None, text
    assert (found.slot, found.value) == (slot, value)


@pytest.mark.parametrize("text", SETS_NOTHING)
def test_other_people_past_and_negation_set_nothing(text: str) -> None:
    assert read(text) is None


@pytest.mark.parametrize(
    ("question", "slot"),
    [
        ("Where does the user live now?", "home"),
        ("Which city is the user living in?", "home"),
        ("What does the user currently work as?", "job"),
        ("Who is the user's current employer?", "employer"),
        ("Who is the user dating now?", "partner"),
        ("Which band does the user like most now?", "favourite band"),
        ("What kind of pet does the user have now?", "pet"),
        ("What car does the user drive now?", "car"),
        ("Where does her sister live?", None),  # someone else's attribute
        ("What did we talk about yesterday?", None),
        ("Where did the user live before?", None),  # the past: newest is not the answer
        ("What was the user's old job?", None),
    ],
)
def test_questions_map_to_slots(question: str, slot: str | None) -> None:
    assert query_slot(question) == slot


def test_value_comparison_and_names() -> None:
    assert same_value("berlin", "berlin germany")
    assert not same_value("paris", "berlin")
    assert slot_name("Caroline:home=paris") == "home"
    assert slot_name("favourite band=radiohead") == "favourite band"
    assert slot_name(None) is None


@pytest.mark.parametrize(
    ("text", "value", "retires"),
    [
        ("I used to be such a big Nirvana fan.", "nirvana", True),
        ("I kind of miss my old Toyota Corolla.", "toyota corolla", True),
        ("I bumped into Priya, my ex, at the market.", "priya", True),
        ("Back when I lived in Zurich, rent was cheaper.", "zurich", True),
        ("Mel: I used to live in Boston.", "boston", True),
        ("I used to hate running. Now I live in Boston.", "boston", False),  # other sentence
        ("I miss Priya, she is away all week.", "priya", False),  # missing is not leaving
        ("My sister used to live in Zurich.", "zurich", False),  # somebody else
        ("Did you use to live in Zurich?", "zurich", False),
        ("I used to be a big Nirvana fan.", "nirvana fan club", False),
        ("I used to love dunes.", "dune", False),  # whole words only
    ],
)
def test_past_state_sentences_retire_a_named_value(text: str, value: str, retires: bool) -> None:
    assert ends(text, value) is retires


def test_past_state_needs_a_marker_and_the_speaker_themself() -> None:
    assert past_state("I no longer eat meat.")
    assert not past_state("The showers at FitHub were better, honestly.")
    assert not past_state("My dad used to drive a Volvo.")


def test_what_speaks_for_now() -> None:
    assert speaks_for_now("Drove the Volvo to the coast this weekend.")
    assert not speaks_for_now("I used to drive a Volvo.")
    assert not speaks_for_now("My sister drives a Volvo.")  # one voice: someone else's fact
    # A named speaker's relatives are part of their own story; only the past is out.
    assert speaks_for_now("Melanie: My kids and I drove the Volvo to the lake.")
    assert not speaks_for_now("Melanie: We used to drive a Volvo.")
