"""Which attribute a sentence names and which value it gives it, from the dependency parse.

A possessed noun ("my dentist") or else a verb frame ("bank with") names the attribute; the
value is the noun phrase tied to it, trimmed to the name it carries ("Dr Kim", "Volvo XC40").
The checks the reader runs on a found value (is it the person spoken to, one of several
values, what is the sentence about besides it) read the same phrases and live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tiermem.attributes import english
from tiermem.attributes.stance import (
    changes,
    first_person,
    names_own_person,
    person,
    possessed,
)
from tiermem.attributes.words import (
    ABSTRACT,
    CHANGE,
    DROP_ADJ,
    ENDING,
    GREETINGS,
    INTERJECTIONS,
    LIGHT,
    NOT_VALUES,
    PEOPLE,
    SENTENCE_STARTS,
    SOCIAL,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MENTION = "mention"  # a name in the speaker's own voice that no frame reads
_VALUE_DEPS = {"dobj", "pobj", "attr", "appos", "dative", "oprd", "acomp", "npadvmod", "obj"}
_MODIFIERS = {"compound", "nmod", "nummod", "amod", "poss", "flat"}
MAX_VALUE_TOKENS = 5


# -- the attribute and its value -----------------------------------------------------------


def noun_attribute(sent: Span, chain: list[Token]) -> tuple[str, list[Token], bool] | None:
    """A possessed, non-person noun names the attribute; its value is the noun phrase the
    copula, an apposition or a change verb ties to it. A definite role after "as" names
    it too: "I've booked Liam Carter as the dog walker" is about the dog walker, not about
    booking (which "Our book club book is X" would otherwise share)."""
    root = chain[0]
    role = _as_role(sent, chain)
    if role is not None:
        return role
    for noun in sent:
        if noun.pos_ != "NOUN" or not possessed(noun):
            continue
        if noun.lemma_.lower() in PEOPLE and not names_own_person(root, noun):
            continue
        if noun.lemma_.lower() in ABSTRACT:
            continue
        attribute = _noun_name(noun)
        if noun.dep_ == "nsubjpass" and root.text[:1].isupper() and root.i > noun.i:
            return attribute, [root], True  # "My local cafe is Grounded now": a name the
        if noun.dep_ not in ("nsubj", "attr", "dobj", "pobj"):  # parser took for a verb
            continue
        appos = next((c for c in noun.children if c.dep_ == "appos"), None)
        if appos is not None:
            return attribute, _phrase(appos), True
        if root.lemma_ == "be" and noun.head.i == root.i:
            other = next(
                (
                    c
                    for c in root.children
                    if c.i != noun.i and c.dep_ in _VALUE_DEPS | {"nsubj"} and _names_something(c)
                ),
                None,
            )
            if other is not None:
                return attribute, _phrase(other), True
            for prep in root.children:  # "my main account is with Lloyds"
                if prep.dep_ == "prep" and prep.lower_ in ("with", "at"):
                    held = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if held is not None and _names_something(held):
                        return attribute, _phrase(held), True
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head  # "traded in my old X"
        if noun.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in CHANGE | ENDING:
            for prep in [*verb.children, *noun.children]:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "for", "with"):
                    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if target is not None and target.i != noun.i:  # "Adding X to my
                        return attribute, _phrase(target), True  # languages": see below
    # "Adding Icelandic to my languages": the possessed noun is the attribute, and many-valued
    for noun in sent:
        if (
            noun.pos_ == "NOUN"
            and possessed(noun)
            and noun.dep_ == "pobj"
            and noun.head.lower_ == "to"
            and noun.head.head.lemma_.lower() == "add"
        ):
            added = next((c for c in noun.head.head.children if c.dep_ == "dobj"), None)
            if added is not None:
                return _noun_name(noun), _phrase(added), True
    # "Got a new phone, a Pixel 8 Pro": a change verb's object named by an apposition
    for noun in sent:
        appos = next((c for c in noun.children if c.dep_ == "appos"), None)
        if (
            noun.pos_ == "NOUN"
            and appos is not None
            and noun.head.i in {v.i for v in chain}
            and noun.lemma_.lower() not in PEOPLE
            and (changes(chain) or chain[0].lemma_ == "have")
        ):
            return _noun_name(noun), _phrase(appos), True
    return None


def _as_role(sent: Span, chain: list[Token]) -> tuple[str, list[Token], bool] | None:
    """ "booked X as the dog walker", "registered with X as our optician", "use X as my
    planner": the role names the attribute and the verb's object (or its "with" object)
    the value. Only a definite role: "got it as a present" names no attribute."""
    verbs = {v.i for v in chain}
    for noun in sent:
        if (
            noun.pos_ != "NOUN"
            or noun.dep_ != "pobj"
            or noun.head.lower_ != "as"
            or noun.head.head.i not in verbs
            or noun.lemma_.lower() in PEOPLE | ABSTRACT
            or not any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in noun.children)
        ):
            continue
        verb = noun.head.head
        value = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if value is None:
            prep = next(
                (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "to")),
                None,
            )
            value = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if value is not None and _names_something(value):
            return _noun_name(noun), _phrase(value), True
    return None


_DEFINITE = frozenset({"the", "my", "our"})


def _names_something(token: Token) -> bool:
    """The other side of "X is my bank" can be the value: not a pronoun ("it is my bank"),
    unless the tagger took an unknown name for one ("Triodos is my bank now" came out a
    determiner-pronoun), not a time ("these days"), and not a plain adverb unless
    capitalised ("Nationwide")."""
    if token.pos_ == "PRON":
        return token.text[:1].isupper() and not token.is_stop
    if token.lemma_.lower() in NOT_VALUES:  # "my hairdresser these days is X": not "days"
        return False
    return token.pos_ != "ADV" or token.text[:1].isupper()


def _first_word(sent: Span) -> int:
    """Where a subjectless sentence starts once leading adverbs are skipped: "Finally
    upgraded to the Fairphone 5!", "Just switched to Monzo"."""
    for token in sent:
        if token.dep_ not in ("advmod", "punct", "intj") or token.pos_ == "VERB":
            return token.i
    return sent.start


def _noun_name(noun: Token) -> str:
    """ "favourite colour", "dentist", "phone"; plural nouns as their lemma."""
    hyphenated = _hyphenated(noun)
    if hyphenated is not None:
        return hyphenated
    mods = [
        c.lower_
        for c in noun.children
        if c.dep_ in ("amod", "compound") and c.i < noun.i and c.lower_ not in DROP_ADJ
        if c.pos_ in ("ADJ", "NOUN")
    ]
    mods = [m for m in mods if m in ("favourite", "favorite", "usual", "regular", "main")] or []
    return " ".join([*mods, noun.lemma_.lower()]).replace("favorite", "favourite")


def _hyphenated(noun: Token) -> str | None:
    """ "our go-to for a pint": the parser splits "go-to" and tags "to" the noun. The
    whole word names the attribute, with what it is for ("go-to for pint"), since a go-to
    for a pint and a go-to for coffee are two attributes."""
    doc = noun.doc
    if noun.i < 2 or doc[noun.i - 1].tag_ != "HYPH" or doc[noun.i - 1].whitespace_:
        return None
    word = doc[noun.i - 2].lower_ + "-" + noun.lower_
    purpose = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    target = (
        next((c for c in purpose.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
        if purpose is not None
        else None
    )
    return f"{word} for {target.lemma_.lower()}" if target is not None else word


def frame_attribute(
    chain: list[Token], subject: Token | None
) -> tuple[str, list[Token], bool] | None:
    """ "I bank with Nordea" -> ("bank with", Nordea); subjectless "Switched to Revolut"."""
    if subject is not None and not first_person(subject) and not person(subject):
        return None  # a thing's doing ("the match was great"): at most a mention
    if subject is None and chain[0].i != _first_word(chain[0].sent):
        return None  # no subject and not a subjectless start: a fragment
    if subject is None and chain[0].tag_ == "VBG" and not changes(chain):
        return None  # "Cycling around Rome all weekend": an activity, not a state
    for verb in reversed(chain):
        found = _verb_value(verb)
        if found is not None:
            return found[0], found[1], False
    return None


def _verb_value(verb: Token) -> tuple[str, list[Token]] | None:
    lemma = verb.lemma_.lower()
    if lemma in SOCIAL:
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    head = f"{lemma} {particle}".strip()
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "dative", "oprd", "acomp")]
    on_verb = _prep_value(verb)
    for obj in objects:
        if obj.lemma_.lower() in NOT_VALUES and obj.pos_ != "PROPN":
            named = next(
                (c for c in obj.children if c.dep_ in ("nmod", "compound") and _is_name(c)), None
            )
            if named is None:
                continue
            return head, _phrase(named)  # "using a OnePlus 11 these days"
        if obj.pos_ == "PRON":
            continue
        appos = next((c for c in obj.children if c.dep_ == "appos"), None)
        if appos is not None:
            return f"{head} {obj.lemma_.lower()}", _phrase(appos)
        prep = _prep_value(obj) or on_verb
        if (
            prep is not None
            and obj.pos_ == "NOUN"
            and not _is_name(obj)
            and not _placed(obj, prep[1])
        ):
            return f"{head} {obj.lemma_.lower()} {prep[0]}", prep[1]
        if obj.dep_ == "acomp" and lemma != "be":
            continue
        return head, _phrase(obj)
    if on_verb is not None:
        return f"{head} {on_verb[0]}", on_verb[1]
    for child in verb.rights:  # "I speak Finnish" parsed with Finnish as an adverb
        if _is_name(child) and child.dep_ in ("advmod", "npadvmod", "ccomp", "dep", "xcomp"):
            return head, _phrase(child)
    return None


def _prep_value(token: Token) -> tuple[str, list[Token]] | None:
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ in (
            "since",
            "for",
            "after",
            "before",
            "until",
            "during",
            "like",
        ):
            continue
        target = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if (
            target is not None
            and target.pos_ != "PRON"
            and target.lower_ not in NOT_VALUES
            and not _relational(target)
        ):
            return prep.lower_, _phrase(target)
    return None


_RELATIONAL = frozenset({"top", "front", "back", "side", "end", "middle", "bottom", "edge"})
_INDEFINITE = frozenset({"a", "an", "some", "another", "few", "couple", "more", "extra"})
_PLACING = frozenset({"to", "into", "onto", "in", "on"})


def _relational(target: Token) -> bool:
    """ "on top of the others", "at the back of the shed": the noun only says where,
    relative to what the "of" names; it is never the value."""
    return target.lemma_.lower() in _RELATIONAL and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in target.children
    )


def _placed(obj: Token, target: list[Token]) -> bool:
    """ "Added some dahlias to the beds": a new thing (an indefinite object) put into a
    place already known (a definite one, not a name) is the value; the place is not.
    "I take lessons at the leisure centre" keeps the place: "at" places nothing."""
    if not target or any(_is_name(t) for t in target):
        return False
    place = max(target, key=lambda t: t.i)
    if place.head.dep_ != "prep" or place.head.lower_ not in _PLACING:
        return False
    definite = any(c.lower_ in ("the", "this", "that") or c.dep_ == "poss" for c in place.children)
    det = [c for c in obj.children if c.dep_ in ("det", "nummod", "amod", "quantmod")]
    indefinite = any(d.lower_ in _INDEFINITE or d.like_num for d in det) or (
        not det and obj.tag_ == "NNS"
    )
    return definite and indefinite


def mention(sent: Span, subject: Token | None) -> tuple[str, list[Token], bool] | None:
    """ "The barista at Crema Collective knows my order": no frame reads it, but it names
    a name in the speaker's own voice; the vocabulary may tie it to an attribute."""
    if subject is not None and subject.lemma_.lower() in PEOPLE and possessed(subject):
        return None
    for token in sent:
        if token.tag_ not in ("NNP", "NNPS") or (token.dep_ == "compound" and _is_name(token.head)):
            continue
        if token.i == sent.start and (
            token.lower_ in SENTENCE_STARTS or _verb_capitalised_to_start(token, sent)
        ):
            continue
        if True:
            phrase = _phrase(token)
            if token.lower_ in INTERJECTIONS or any(t.lower_ in PEOPLE for t in phrase):
                continue
            if any(t.lemma_.lower() in PEOPLE and t.pos_ == "NOUN" for t in sent):
                return None  # "my sister banks with Santander", however it parses
            if len(phrase) > 1 and _verb_capitalised_to_start(phrase[0], sent):
                phrase = phrase[1:]  # "Blasting Wet Leg while I clean": the name is Wet Leg
            return MENTION, phrase, False
    return None


def _verb_capitalised_to_start(token: Token, sent: Span) -> bool:
    """ "Blasting", "Added", "Texted": the sentence's first word, a verb the parse took
    into the name after it because the sentence capitalised it."""
    return (
        token.i == sent.start
        and token.lower_.endswith(("ing", "ed"))
        and english.common(token.text)
    )


def _is_name(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS")


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _phrase(head: Token) -> list[Token]:
    """The head and its pre-modifiers ("Volvo XC40", "Dr Kim", "Maple Grove Primary"),
    without determiners, possessives and "new/old/second"."""
    keep = [head]
    for child in head.lefts:
        if child.dep_ in _MODIFIERS and child.lower_ not in DROP_ADJ and child.pos_ != "DET":
            if child.dep_ == "poss" and _names_owner(child, head):
                keep.extend(_phrase(child))  # "Carter's Chemist", "Tony's Chair": one name
                keep.extend(c for c in child.children if c.dep_ == "case")
                continue
            if child.dep_ == "poss" or (child.dep_ == "amod" and not _is_name(child)):
                continue
            keep.extend(_phrase(child))
    for child in head.rights:  # "Pixel 8", "Iron Temple Gym"; "Pixel 7a" (parsed appos)
        if child.i != head.i + 1:
            continue
        model = child.dep_ == "appos" and (child.text[:1].isupper() or _has_digit(child.text))
        if child.dep_ in ("nummod", "compound", "flat") or model:
            keep.append(child)
        elif child.lower_ == "&" and head.text[:1].isupper():  # "Mortar & Pestle": one name
            joined = next((c for c in head.rights if c.dep_ == "conj" and c.i > child.i), None)
            if joined is not None and joined.text[:1].isupper():
                keep += [child, *_phrase(joined)]
        elif child.dep_ == "prep" and child.lower_ == "of" and head.text[:1].isupper():
            named = next((c for c in child.children if c.dep_ == "pobj"), None)
            if named is not None and named.text[:1].isupper():  # "Margins of Error",
                keep += [child, *_phrase(named)]  # "A Map of Quiet Rooms": one title
    keep.sort(key=lambda t: t.i)
    return keep[-MAX_VALUE_TOKENS:]


# -- checks on a found value ---------------------------------------------------------------


def _names_owner(owner: Token, head: Token) -> bool:
    """A capitalised owner of a capitalised head is part of one name ("Carter's Chemist",
    "The Cartographer's Widow"), not a person who has the thing ("my sister's house")."""
    return (
        owner.text[:1].isupper()
        and head.text[:1].isupper()
        and owner.lower_ not in ("my", "our", "his", "her", "their", "your", "its")
        and any(c.dep_ == "case" for c in owner.children)
    )


def value_text(tokens: Iterable[Token]) -> str:
    words = [t.text for t in tokens if t.pos_ not in ("DET", "PUNCT") or t.dep_ == "case"]
    return " ".join(words).replace(" 's", "'s").replace(" '", "'").strip(" .,!;:'\"").lower()


def addressed(value_tokens: list[Token]) -> bool:
    """ "Thanks, Mel!", "Hey Mel", "Sounds great, Mel!": a name set off by a comma or
    after a greeting is the person spoken to. (The parser's NER would say PERSON, at twice
    the parse cost, and it calls brands people too.)"""
    first = min(value_tokens, key=lambda t: t.i)
    if not first.text[:1].isupper() or first.i == first.sent.start:
        return False
    before = first.doc[first.i - 1]
    return before.text in (",", "!") or before.lower_ in GREETINGS


_ONE_MORE = re.compile(r"\b(?:as well|one more|on top of|alongside|in addition)\b")


def multi_cue(sent: Span, value_tokens: list[Token]) -> bool:
    """More than one value: "another", "a second", "the cello and the piano", and the
    words that add one to the rest ("Just downloaded Repcount as well", "one more
    volunteering gig", "my newest game, on top of the rest")."""
    words = {t.lower_ for t in sent}
    if words & {"another", "second", "third", "fourth", "both", "adding", "added", "add"}:
        return True
    if any(_also_too(t) for t in sent) or _ONE_MORE.search(sent.text.lower()):
        return True
    inside = {t.i for t in value_tokens}  # "Hollis & Finch" is one value, not two
    return any(c.dep_ == "conj" and c.i not in inside for t in value_tokens for c in t.children)


_GRADED = {"much", "many", "often", "far", "late", "early", "soon", "long", "little", "few"}


def _also_too(token: Token) -> bool:
    """ "I support Riverwatch too now" adds a value; "too short", "too much clickbait"
    and "too many emails" only grade the next word."""
    if token.lower_ != "too":
        return False
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return after is None or not (after.pos_ == "ADJ" or after.lower_ in _GRADED)


def context(sent: Span, value_tokens: list[Token]) -> str:
    """ "Switched my morning brew to Earl Grey" -> "morning brew": what the sentence is
    about once the value and the verbs of changing are gone; linking compares these."""
    skip = {t.i for t in value_tokens}
    words = [
        t.lemma_.lower()
        for t in sent
        if t.i not in skip
        and t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN")
        and not t.is_stop
        and t.lemma_.lower() not in CHANGE | LIGHT | NOT_VALUES | DROP_ADJ
    ]
    return " ".join(dict.fromkeys(words))
