"""Whether a statement sets the speaker's current value: its stance.

The reader finds an attribute and value (``attribute_value.py``) and, separately, asks the
verb chain and subject of the same parse whose claim it is and when it holds: ``now`` and
``change`` set the speaker's value, ``past``, ``other``, ``hypothetical`` and ``negated`` do
not, ``ended`` retires one. The small grammatical tests both sides share (possessed by the
speaker, a person other than the speaker, a change verb) live here too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from tiermem.attributes import cues
from tiermem.attributes.words import (
    CHANGE,
    ENDING,
    ENDING_PARTICLES,
    FIRST_PERSON,
    MODALS,
    PAST_WORDS,
    PEOPLE,
    POSSESSIVE,
    WISH_WORDS,
    WISHING,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Stance = Literal["now", "change", "event", "past", "other", "hypothetical", "negated", "ended"]
SETS_VALUE: frozenset[str] = frozenset({"now", "change", "event"})


def verb_chain(root: Token) -> list[Token]:
    """root -> xcomp/pcomp verbs: "used to bank", "started learning", "thinking about
    switching", "had to rehome"."""
    chain = [root]
    current = root
    for _ in range(4):
        nxt = next(
            (c for c in current.children if c.dep_ in ("xcomp", "pcomp") and c.pos_ == "VERB"),
            None,
        )
        if nxt is None:
            prep = next((c for c in current.children if c.dep_ == "prep"), None)
            nxt = (
                next((c for c in prep.children if c.dep_ == "pcomp" and c.pos_ == "VERB"), None)
                if prep is not None
                else None
            )
        if nxt is None:
            break
        chain.append(nxt)
        current = nxt
    return chain


def subject_of(chain: list[Token]) -> Token | None:
    for verb in chain:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                return child
    return None


def stance_of(sent: Span, chain: list[Token], subject: Token | None) -> Stance | None:
    words = {t.lower_ for t in sent}
    lemmas = [v.lemma_.lower() for v in chain]
    heads = {v.i for v in chain}
    if any(t.dep_ == "neg" and t.head.i in heads for t in sent) or "never" in words:
        return "past" if "longer" in words or "anymore" in words else "negated"
    if any(
        t.dep_ == "aux" and t.head.i in heads and (t.tag_ == "MD" or t.lower_ in MODALS)
        for t in sent
    ):
        return "hypothetical"
    if set(lemmas) & WISHING or words & WISH_WORDS or _MULLING.match(sent.text):
        return "hypothetical"
    if _obliged(chain):
        return "hypothetical"  # "gotta take the Mazda in for a service": a to-do
    if _used_to(sent) or words & PAST_WORDS or _back_when(sent) or _my_old(sent):
        return "past"
    if _over_and_done(sent, chain):
        return "past"
    if (
        subject is not None
        and not first_person(subject)
        and not _names_own_noun(chain[0])
        and not names_own_person(chain[0], subject)
        and person(subject)  # "my sister swears by X", "Tom moved to Oslo", "she got a Golf"
    ):
        return "other"
    if any(lemma in ENDING for lemma in lemmas) or any(
        (v.lemma_.lower(), c.lower_) in ENDING_PARTICLES
        for v in chain
        for c in v.children
        if c.dep_ in ("prt", "advmod", "dobj")
    ):
        return "ended"
    return None


def _names_own_noun(root: Token) -> bool:
    """ "Dr Kim is my dentist": the subject is the value of the speaker's own noun."""
    return root.lemma_ == "be" and any(
        c.dep_ == "attr" and possessed(c) and c.lemma_.lower() not in PEOPLE for c in root.children
    )


def _obliged(chain: list[Token]) -> bool:
    """ "I have to take the Golf in", "gotta pick up the Tesla", "got to call Monzo": an
    obligation names what the speaker must do, not what they now have or use (the parser
    reads "gotta" as "got" + "ta", and "got" would otherwise read as a change)."""
    return (
        len(chain) > 1
        and chain[0].lower_ in ("have", "has", "'ve", "got")  # not "We had to rehome Nala"
        # (done), nor "I get to work on the ferry" (arriving)
        and any(c.dep_ == "aux" and c.lower_ in ("to", "ta") for c in chain[1].children)
    )


def names_own_person(root: Token, subject: Token | None) -> bool:
    """ "My partner is Ben", "My boss is Sarah Jones now", "My neighbourhood is Kemptown
    now": the copula gives the name of the speaker's own partner, boss or neighbourhood.
    The name is the speaker's value, not a fact about somebody else ("My sister is a
    nurse" names no one and stays somebody else's)."""
    if subject is None or subject.lemma_.lower() not in PEOPLE or not possessed(subject):
        return False
    if root.lemma_ == "be" and subject.head.i == root.i:
        return any(c.dep_ == "attr" and c.tag_ in ("NNP", "NNPS") for c in root.children)
    return (  # "My neighbourhood is Kemptown now", parsed as a passive of "Kemptown"
        subject.dep_ == "nsubjpass"
        and subject.head.i == root.i
        and root.text[:1].isupper()
        and any(c.dep_ == "auxpass" and c.lemma_ == "be" for c in root.children)
    )


def person(token: Token) -> bool:
    """Somebody other than the speaker: a kin or social noun, a named subject ("Tom moved
    to Oslo"), he/she/they."""
    return (
        token.lemma_.lower() in PEOPLE
        or (token.tag_ in ("NNP", "NNPS") and token.dep_ in ("nsubj", "nsubjpass"))
        or token.lower_ in ("he", "she", "they", "someone", "somebody")
    )


def first_person(token: Token) -> bool:
    return token.lower_ in FIRST_PERSON


def possessed(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in POSSESSIVE for c in noun.children)


def _used_to(sent: Span) -> bool:
    """ "I used to bank with X", and subjectless "Used to drive a Fiesta" (which the parser
    reads as a participle hanging off the next clause)."""
    return any(
        v.lemma_ == "use"
        and any(c.dep_ == "xcomp" for c in v.children)
        and (v.tag_ == "VBD" or (v.tag_ == "VBN" and v.i == sent.start))
        for v in sent
    )


_MULLING = re.compile(
    r"^\W*(?:(?:i'?m|i am|am|been|still|really|seriously|kinda|sort of|half)\s+)*"
    r"(?:thinking|considering|wondering|eyeing|planning|hoping|tempted|debating|"
    r"contemplating|weighing up|looking into)\b",
    re.I,
)  # subjectless "thinking of moving to PureGym": the parser often reads "thinking" as a noun


def _over_and_done(sent: Span, chain: list[Token]) -> bool:
    """ "We had BT for years but the price kept creeping up", "Went to Bupa Dental before I
    moved", "Was on TikTok all the time at uni": a state in the simple past over a span
    that has ended is a former value. A change said in the past still holds ("Switched to
    Monzo years ago"), and "I've been with Nationwide for years" is no simple past."""
    if not _simple_past(chain[0]) or changes(chain):
        return False
    return cues.DONE_SPAN.search(sent.text) is not None


_IRREGULAR_PAST_TEXT = """
    was were had went ran drank drove rode wore swam ate sang spent kept paid saw did made
    took got bought sold left held read wrote grew knew taught
"""
_IRREGULAR_PAST = frozenset(_IRREGULAR_PAST_TEXT.split())


def _simple_past(verb: Token) -> bool:
    """A verb in the simple past, also where a subjectless start fools the tagger ("Ran in
    the Asics for years" as a base form, "Lived in Bristol" as a participle)."""
    if verb.tag_ == "VBD":
        return True
    if verb.i != verb.sent.start or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    word = verb.lower_
    return word in _IRREGULAR_PAST or (word.endswith("ed") and verb.tag_ in ("VBN", "VB", "VBD"))


def _my_old(sent: Span) -> bool:
    """ "my old Toyota", "our former flat": the speaker's own past value."""
    if sent.root.lemma_.lower() in CHANGE:
        return False  # "Traded in my old handset for a Nokia G42" is news, not nostalgia
    return any(
        t.lower_ in ("old", "former", "ex") and t.head.pos_ in ("NOUN", "PROPN")
        and possessed(t.head) for t in sent
    )  # fmt: skip


def _back_when(sent: Span) -> bool:
    lowered = sent.text.lower()
    return "back when" in lowered or "when i was" in lowered or "when we were" in lowered


def changes(chain: list[Token]) -> bool:
    return any(v.lemma_.lower() in CHANGE for v in chain)


def present(chain: list[Token]) -> bool:
    inner = chain[-1]
    return inner.tag_ in ("VBP", "VBZ", "VBG") or chain[0].tag_ in ("VBP", "VBZ")
