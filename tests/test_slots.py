"""Slot rules: which first-person sentences set which attribute, and which questions ask
for one. Conservative by design: other people's facts, the past and negations set nothing."""

from __future__ import annotations

import pytest

from tiermem.consolidation.slots import query_slot, read, same_value, slot_name

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
