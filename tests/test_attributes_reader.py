"""The open-vocabulary reader and the tenant vocabulary, on the real spaCy pipeline and the
real embedder: attributes nobody listed, single and many values, and the statements that
must set nothing (somebody else's, the past, the hypothetical, the negated)."""

from __future__ import annotations

import pytest

from tiermem.attributes import reader
from tiermem.attributes.phrasings import Phrasings
from tiermem.attributes.questions import asked_attribute, asks_about_past, stem
from tiermem.attributes.stance import SETS_VALUE
from tiermem.attributes.vocabulary import Vocabulary
from tiermem.models.embedder import Embedder

SETS = [  # sentence, attribute, value, stance: none of these attributes is a slot rule's
    ("My dentist is Dr Alves.", "dentist", "dr alves", "now"),
    ("Dr Kim is my dentist now.", "dentist", "dr kim", "now"),
    ("My new dentist, Dr Kim, is great.", "dentist", "dr kim", "now"),
    ("I bank with Nordea now.", "bank with", "nordea", "now"),
    ("I switched my bank to Revolut.", "bank", "revolut", "change"),
    ("Got a new phone, a Pixel 8 Pro.", "phone", "pixel 8 pro", "change"),
    ("Got a new phone, a Pixel 7a.", "phone", "pixel 7a", "change"),
    ("My phone is a Pixel 7.", "phone", "pixel 7", "now"),
    ("our go-to for a pint is The Black Horse now", "go-to for pint", "black horse", "now"),
    ("My partner is Ben.", "partner", "ben", "now"),  # the copula names the speaker's own
    ("My new flatmate is Priya.", "flatmate", "priya", "now"),
    ("My neighbourhood is Kemptown now.", "neighbourhood", "kemptown", "now"),
    ("I do my weekly shop at Aldi now.", "do shop at", "aldi", "now"),
    ("My barber is Fade Factory on Main Street.", "barber", "fade factory", "now"),
    ("Nationwide is my bank now.", "bank", "nationwide", "now"),
    ("Triodos is my bank now.", "bank", "triodos", "now"),  # tagged a determiner-pronoun
    ("I'm using a OnePlus 11 these days.", "use", "oneplus 11", "now"),
    ("Traded in my old handset for a Nokia G42.", "handset", "nokia g42", "change"),
    ("Finally upgraded to the Fairphone 5!", "upgrade to", "fairphone 5", "change"),
    ("My local coffee place is Grounded now.", "place", "grounded", "now"),
    ("Adding Welsh to my languages this year.", "language", "welsh", "change"),
    ("Just switched to Monzo for everything.", "switch to", "monzo", "change"),
    ("I've booked Liam Carter as the dog walker.", "walker", "liam carter", "now"),  # the role
    ("I use Notion as my planner.", "planner", "notion", "now"),
    ("Listened to Margins of Error while cooking.", "listen to", "margins of error", "now"),
    ("My barber is Tony's Chair now.", "barber", "tony's chair", "now"),  # one name, not "chair"
    ("My barber is Hollis & Finch now.", "barber", "hollis & finch", "now"),  # not "hollis"
    ("my gym's David Lloyd these days", "gym", "david lloyd", "now"),  # "'s" as "is"
    ("my main account's with Lloyds these days", "main account", "lloyds", "now"),
    ("my hairdresser these days is Headmasters", "hairdresser", "headmasters", "now"),
    ("Switched to Monzo years ago.", "switch to", "monzo", "change"),
    ("Added some dahlias to the beds as well", "add", "dahlias", "change"),  # not "beds"
    ("Got a tortoise too, on top of the others.", "got", "tortoise", "change"),  # not "top"
    ("I take lessons at the leisure centre", "take lesson at", "leisure centre", "now"),
]

NOT_NOW = [  # sentence, the stance that keeps it from setting the speaker's value
    ("My sister swears by Revolut.", "other"),
    ("My brother moved to Madrid.", "other"),
    ("My sister is a nurse.", "other"),  # names nobody: the sister's fact
    ("gotta take the Mazda MX-5 in for a service next week", "hypothetical"),  # a to-do
    ("I have to take the Golf in for its MOT.", "hypothetical"),
    ("Tom moved to Oslo last week.", "other"),
    ("I might move to Oslo next year.", "hypothetical"),
    ("I'm thinking about switching to Monzo.", "hypothetical"),
    ("I used to bank with Nordea.", "past"),
    ("I don't shop at Lidl anymore.", "past"),
    ("I sold the Golf last month.", "ended"),
    ("We had to rehome Nala, so sad.", "ended"),
    ("Took Wet Leg off all my playlists", "ended"),  # no verb the parse lists as ending
    ("Unplugged the Google Nest Hub for good.", "ended"),
    ("need to finish The Salt Orchard before Thursday", "hypothetical"),  # a to-do
    ("My running club mate swears by Hoka Clifton.", "other"),  # two words say which mate
    ("dropped Korean after my streak broke, no regrets", "ended"),
    ("If they open one near us I'd go to Vue all the time.", "hypothetical"),
    ("closed my Lloyds account after years of rubbish service", "ended"),
    ("We had BT for years but the price kept creeping up every April.", "past"),
    ("Went to Bupa Dental Care before I moved.", "past"),
    ("Had the Acer Swift before, but it was so heavy.", "past"),
    ("Ran in the Asics Gel-Kayano for years till they changed the design.", "past"),
    ("Lived in Bristol for most of my twenties.", "past"),
    ("Was on TikTok all the time at uni.", "past"),
    ("thinking of moving to PureGym since it's closer to the office", "hypothetical"),
]

NOTHING = [  # chit-chat: no attribute, no value
    "Long day today, I'm exhausted.",
    "I've been reading more before bed lately.",
    "I finally fixed the squeaky door hinge.",
    "My phone screen cracked, so annoying.",
    "Remind me to call the dentist next week.",
    "Who is my dentist now?",
    "Started cello lessons on Tuesdays.",
    "It is my bank now.",
    "This is my favourite colour.",
    "My work uses Keepsafe Cloud.",  # a group's, not the speaker's
    "Next door uses Gleam Team.",
    "My book club is reading Piranesi this month.",  # the club's book
    "my teenager just opened an account with Monzo",  # the teenager's bank
    "my car's MOT is due next week",  # a possessive, not "my car is MOT"
    "Used to drive a Ford Fiesta, honestly miss it sometimes.",  # subjectless "used to"
    "Thinking about switching to Firefox but migrating is a pain.",
]


@pytest.mark.parametrize(("text", "attribute", "value", "stance"), SETS)
def test_reads_attributes_nobody_listed(text: str, attribute: str, value: str, stance: str) -> None:
    found = reader.read(text)
    assert [(s.attribute, s.value, s.stance) for s in found][:1] == [(attribute, value, stance)]


@pytest.mark.parametrize(("text", "stance"), NOT_NOW)
def test_decoys_carry_a_stance_that_sets_nothing(text: str, stance: str) -> None:
    found = reader.read(text)
    assert found and found[0].stance == stance
    assert stance not in SETS_VALUE


@pytest.mark.parametrize("text", NOTHING)
def test_small_talk_and_questions_state_no_value(text: str) -> None:
    found = reader.read(text)
    assert all(s.stance not in SETS_VALUE or not s.name for s in found), found


def test_the_parser_multiplies_through_numpy_not_blis() -> None:
    """numpy's BLAS parses the same trees in about 0.6 of blis's time here."""
    from thinc.api import NumpyOps

    for _, component in reader.pipeline().pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            assert isinstance(model.ops, NumpyOps) and not model.ops.use_blis
    assert [(t.text, t.dep_) for t in reader.pipeline()("I bank with Nordea")][:3] == [
        ("I", "nsubj"),
        ("bank", "ROOT"),
        ("with", "prep"),
    ]


def test_a_verb_capitalised_to_start_a_sentence_is_no_part_of_the_name() -> None:
    """ "Blasting Wet Leg while I clean" names Wet Leg; "blasting wet leg" tied the
    sentence to a house cleaner by its last word's context."""
    for text, value in (
        ("Blasting Wet Leg while I clean", "wet leg"),
        ("Added Wet Leg to my rotation.", "wet leg"),
        ("Texted Fresh Start to skip next week, we're away", "fresh start"),
    ):
        (found,) = reader.read(text)
        assert found.value == value, text


def test_many_valued_cues() -> None:
    second = reader.read("We adopted a second dog, Nala!")[0]
    assert (second.attribute, second.value, second.multi_cue) == ("dog", "nala", True)
    both = reader.read("I play the cello and the piano.")[0]
    assert both.multi_cue and both.value == "cello"
    assert not reader.read("My dentist is Dr Alves.")[0].multi_cue
    assert not reader.read("My pharmacy is Mortar & Pestle now.")[0].multi_cue  # one name
    assert reader.read("Just downloaded Repcount as well for my runs.")[0].multi_cue
    assert reader.read("Rogue Orbit is my newest game, on top of the rest.")[0].multi_cue
    assert reader.read("I use Strava too.")[0].multi_cue
    assert reader.read("I support Riverwatch too now.")[0].multi_cue
    # Degree words and look-alikes add nothing: one value each.
    assert not reader.read("I'm too tired for running, so my gym is PureGym now.")[0].multi_cue
    assert not reader.read("My shampoo is Alias Wellness now.")[0].multi_cue


def test_phrasings_map_frames_to_one_attribute_per_speaker() -> None:
    embedder = Embedder()
    lines = [
        "I bank with Nordea.",
        "Paid the rent through Nordea this morning.",  # a known value teaches its frame
        "Paid the rent through Monzo this morning.",  # ... which now reads as a change
        "My sister banks with Revolut.",
        "Caroline: My dentist is Dr Alves.",
        "My dentist is Dr Kim.",
    ]
    phrasings = Phrasings()
    phrasings.prepare(lines, embedder.embed)
    read = [phrasings.read(line) for line in lines]
    assert read[0] is not None and (read[0].slot, read[0].value) == ("bank with", "nordea")
    assert read[1] is None  # the current value again: nothing changes
    assert read[2] is not None and (read[2].slot, read[2].value) == ("bank with", "monzo")
    assert read[3] is None
    assert read[4] is not None and read[4].slot == "Caroline:dentist"
    assert read[5] is not None and read[5].slot == "dentist"  # the user's, not Caroline's
    assert phrasings.vocabulary.frames["pay rent through"] == "bank with"
    dumped = Phrasings.model_validate_json(phrasings.model_dump_json())
    assert dumped.vocabulary == phrasings.vocabulary  # stored in Redis as JSON


def test_a_frame_of_its_own_is_never_linked_into_a_ruled_single_valued_attribute() -> None:
    """ "I bank with Kestrel Mutual now" is closer to the employer ("Long day at Barclays")
    than to the bank the user named by another frame, but the employer's rules did not
    read it: linked, it would retire the job. It stays an attribute of its own, while a
    mention in passing with topic words still joins the employer."""
    embedder = Embedder()
    vocabulary = Vocabulary()
    for line in [
        "Got my staff lanyard for Deloitte today, the photo is tragic",
        "Long day at Barclays, so many meetings",
    ]:
        vocabulary.remember("employer", reader.read(line)[0])
    account = reader.read("switched current accounts to Lloyds for the switching bonus")[0]
    assert vocabulary.resolve("", account, embedder.embed) == "switch account to"
    bank = reader.read("I bank with Kestrel Mutual now.")[0]
    assert not bank.generic
    assert vocabulary.link_scores("", bank, embedder.embed)[0][2] == "employer"  # by looks
    assert vocabulary.resolve("", bank, embedder.embed) == "bank with"
    assert "Kestrel Mutual".lower() not in vocabulary.attributes["employer"].values
    passing = reader.read("Got my staff pass for Accenture today, the photo is tragic")[0]
    assert passing.generic
    assert vocabulary.resolve("", passing, embedder.embed) == "employer"


def test_generic_change_links_by_value_only_when_clear() -> None:
    embedder = Embedder()
    vocabulary = Vocabulary()
    first = reader.read("My laptop is a MacBook Air.")[0]
    assert vocabulary.resolve("", first, embedder.embed) == "laptop"
    dentist = reader.read("My dentist is Dr Alves.")[0]
    assert vocabulary.resolve("", dentist, embedder.embed) == "dentist"
    upgrade = reader.read("I upgraded to a ThinkPad X1 Carbon.")[0]
    assert upgrade.generic
    scores = vocabulary.link_scores("", upgrade, embedder.embed)
    assert scores[0][2] == "laptop" and scores[0][0] > scores[1][0]


def test_a_frame_joins_an_attribute_by_its_verb_not_by_what_it_acts_on() -> None:
    """ "bank with" joins "bank"; "take car to" names where the car goes, so it must not
    join (and supersede) the user's car."""
    embedder = Embedder()
    vocabulary = Vocabulary()
    car = reader.read("My car is a Volvo XC40.")[0]
    assert vocabulary.resolve("", car, embedder.embed) == "car"
    garage = reader.read("I take my car to Garage Oduya these days.")[0]
    assert garage.attribute == "take car to"
    assert vocabulary.resolve("", garage, embedder.embed) == "take car to"
    assert vocabulary.attributes["car"].values == ["volvo xc40"]
    bank = reader.read("My bank is Nordea.")[0]
    assert vocabulary.resolve("", bank, embedder.embed) == "bank"
    again = reader.read("I bank with Monzo now.")[0]
    assert vocabulary.resolve("", again, embedder.embed) == "bank"


def test_questions_name_their_attribute_without_a_word_list() -> None:
    vocabulary = Vocabulary()
    for text in ("My dentist is Dr Alves.", "I do my weekly shop at Aldi now."):
        statement = reader.read(text)[0]
        vocabulary.resolve("", statement, None)
    assert asked_attribute("Who is my dentist now?", [], vocabulary) == "dentist"
    assert asked_attribute("Which supermarket do I go shopping at?", [], vocabulary) == (
        "do shop at"
    )
    assert asked_attribute("Who was my dentist before?", [], vocabulary) is None
    assert asked_attribute("Who is my sister's dentist?", [], vocabulary) is None
    home = reader.read("My home is Leeds now.")[0]
    vocabulary.resolve("", home, None)
    assert asked_attribute("Where is home these days?", [], vocabulary) == home.attribute
    assert asked_attribute("Which plants have I got at home these days?", [], vocabulary) is None
    assert asks_about_past("Which bank did I use before switching?")
    assert not asks_about_past("Which bank do I use?")
    assert stem("using") == stem("use") and stem("shopping") == stem("shop")


def test_contractions_texted_without_the_apostrophe_read_as_written() -> None:
    """ "im on the X" parsed as a verb "m": two unrelated statements then shared the
    attribute "m on"/"m at", and the newer superseded the older (``texting``)."""
    laptop = reader.read("im on the Framework Laptop 13 now for work and everything")
    employer = reader.read("im at Kainos these days, started last month")
    assert [(s.attribute, s.value) for s in laptop] == [("be on", "framework laptop 13")]
    assert [(s.attribute, s.value) for s in employer] == [("be at", "kainos")]
    assert [s.stance for s in reader.read("i dont use Twitter anymore")] == ["past"]
    assert reader.read("IM me later") == []  # upper case is a message, not "I'm"
