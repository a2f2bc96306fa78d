"""The phrasings one tenant uses for their slots, learned from their own history.

The hand-written slot rules read "I signed up at FitHub"; people then go on to say "Leg
day at FitHub this morning", and one day "Leg day at Iron Temple this morning", which no
rule reads. Once a rule has read a value (gym = fithub), every later affirmative sentence
of the same speaker that names that value teaches the words around it ("day at _ this
morning") as a phrasing of the slot; a later sentence with the same phrasing and a *new*
filler then reads as the slot taking that value. This is pattern bootstrapping in the
manner of DIPRE and Snowball, kept per tenant so that one user's habits never change how
another user's messages are read.

Conservative by construction: only sentences no rule reads teach (a rule's own sentence,
"I bought a _", would generalise to every purchase); a phrasing is three tokens of
context on each side (the sentence edge counts) with at least three words, not all of
them function words; a filler is one to three words, none of them a function word, and
is written like the slot's earlier values (names stay names: "Washed the dog today" is
not a car); negated or second-hand sentences ("I miss FitHub", "My brother goes to
FitHub") neither teach nor read; and naming a value the tenant has had before re-asserts
nothing ("Leg day at FitHub" after a move to Iron Temple is not a move back).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

from tiermem.attributes import cues, reader, slot_rules, slots
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.vocabulary import UNPLACED, Embed, Vocabulary, cached_vectors
from tiermem.lexical import STOPWORDS
from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

MAX_SLOTS = 64
MAX_SPEAKERS = 32
MAX_VALUES_PER_SLOT = 24
MAX_CONTEXTS_PER_SLOT = 48
MAX_FILLER_WORDS = 3
_SIDE = 3
_START, _END = "^", "$"

_TOKEN = re.compile(r"[^\W_](?:[\w'&-]*[^\W_])?|[^\w\s]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _is_word(token: str) -> bool:
    return token[:1].isalnum()


def _find(tokens: list[str], value: list[str]) -> int | None:
    n = len(value)
    for i in range(len(tokens) - n + 1):
        if tokens[i : i + n] == value:
            return i
    return None


def _context(tokens: list[str], start: int, end: int) -> str | None:
    """ "l1 l2 l3|r1 r2 r3" around tokens[start:end], padded with the sentence edges."""
    padded = [_START] * _SIDE + tokens + [_END] * _SIDE
    left = padded[start : start + _SIDE]
    right = padded[end + _SIDE : end + 2 * _SIDE]
    words = [t for t in left + right if _is_word(t)]
    if len(words) < 3 or all(w in STOPWORDS for w in words):
        return None  # "for a _ ." is every sentence's shape, not a phrasing
    return " ".join(left) + "|" + " ".join(right)


def _filler(words: list[str]) -> bool:
    return all(_is_word(w) and w not in STOPWORDS for w in words)


_Frames = dict[tuple[str, ...], list[tuple[str, list[str]]]]  # left context -> (slot, right)


class Phrasings(BaseModel):
    """slot name ("gym", "Caroline:home") -> values read and phrasings learned, newest last."""

    values: dict[str, list[str]] = Field(default_factory=dict)
    contexts: dict[str, list[str]] = Field(default_factory=dict)
    names: dict[str, bool] = Field(default_factory=dict)  # values written as names?
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)  # open-vocabulary attributes
    speakers: list[str] = Field(default_factory=list)  # "Bye Jon!": a speaker is no value

    _indexes: dict[str, tuple[list[tuple[str, list[str]]], _Frames]] = PrivateAttr(
        default_factory=dict
    )
    _loaded: str = PrivateAttr(default="")  # as loaded: a run that learned nothing writes nothing
    _parsed: dict[str, list[reader.Statement]] = PrivateAttr(default_factory=dict)
    _embed: Embed | None = PrivateAttr(default=None)
    _open: bool = PrivateAttr(default=True)

    _unsure: dict[str, Unsure] = PrivateAttr(default_factory=dict)  # this run's, by text

    @classmethod
    def load(cls, client: RedisClient, tenant: str) -> Phrasings:
        raw = client.get(keys.phrasings(tenant))
        loaded = cls.model_validate_json(raw) if raw else cls()
        loaded._loaded = loaded.model_dump_json()
        return loaded

    def save(self, pipe: Any, tenant: str) -> None:
        """Queued in the commit that consumes the observations it was learned from
        (nothing is queued when nothing was learned, as under the ``none`` policy)."""
        dumped = self.model_dump_json()
        if dumped != self._loaded:  # compared with the load, not the last save: a commit
            pipe.set(keys.phrasings(tenant), dumped)  # may replay this, or fail after it

    def prepare(
        self,
        texts: list[str],
        embed: Embed | None,
        schema: list[AttributeSpec] | None = None,
        *,
        open_reader: bool = True,
        batch_words: bool = True,
    ) -> None:
        """Parse a batch of texts in one pass (``read`` then finds them parsed), give the
        vocabulary an embedder for linking, and declare the user's schema. Without the
        open reader only the rules and learned phrasings read. ``batch_words``: embed the
        statements' values and topic words now, in one call; an embedder that takes one
        text at a time anyway (int8) leaves them to linking, which compares about two in
        five of them."""
        self._embed = embed
        self._open = open_reader
        if open_reader:
            heads = [t for t in texts if t not in self._parsed]
            bodies = [slots.split_speaker(t)[1] for t in heads]
            for text, statements in zip(heads, reader.read_many(bodies), strict=True):
                self._parsed[text] = statements
            if embed is not None and batch_words:  # one call for what linking may compare
                found = [s for text in heads for s in self._parsed[text]]
                words = {w for s in found for w in (s.value, s.context) if w}
                if words:
                    cached_vectors(sorted(words), embed)
        if schema:
            self.vocabulary.declare(schema, self._frames_of)

    def _frames_of(self, example: str) -> list[str]:
        rule = slot_rules.read(example)
        found = [f"rule:{rule.slot}"] if rule else []
        return found + [s.attribute for s in self._statements(example) if not s.generic]

    def _statements(self, text: str) -> list[reader.Statement]:
        if not self._open:
            return []
        statements = self._parsed.get(text)
        if statements is None:
            statements = reader.read(slots.split_speaker(text)[1])
            self._parsed[text] = statements
        return statements

    def read(self, text: str) -> slots.SlotValue | None:
        """The slot and value ``text`` sets: the rules first, then learned phrasings, then
        the open reader through this tenant's vocabulary. Learns from ``text`` on the
        way, so feed observations oldest first."""
        found = self._read(text)
        if self._open and slots.split_speaker(text)[0] is None:
            loose = found.value if found is not None and slots.unplaced(found.slot) else None
            self.vocabulary.echo(text, loose)
        return found

    def _read(self, text: str) -> slots.SlotValue | None:
        found = self._read_known(text)
        speaker, _ = slots.split_speaker(text)
        prefix = f"{speaker}:" if speaker else ""
        statements = self._statements(text)
        if found is not None:
            name = found.slot[len(prefix) :]
            for statement in statements:
                self.vocabulary.teach(prefix, statement, name)
            many = name in slot_rules.MANY_VALUED and any(st.multi_cue for st in statements)
            self.vocabulary.remember(found.slot, _as_statement(found, text, many))
            return found
        unplaced = None
        self.vocabulary.forget_link()
        if speaker and speaker.lower() not in self.speakers:
            self.speakers = [*self.speakers, speaker.lower()][-MAX_SPEAKERS:]
        statements = [s for s in statements if not set(s.value.split()) & set(self.speakers)]
        for statement in statements:
            key = self.vocabulary.resolve(prefix, statement, self._embed)
            if key is not None:
                self._remember(key, statement.value)
                return slots.SlotValue(slot=key, value=statement.value)
            if unplaced is None and (
                self.vocabulary.unplaced(prefix, statement)
                or (statement.stance == "event" and self.vocabulary.unsure_link() is not None)
            ):
                unplaced = statement
        if unplaced is not None:  # states a value, but of what is unclear: search may use it
            close = self.vocabulary.unsure_link()
            if close is not None:
                self._unsure[text] = Unsure(statement=unplaced, attribute=close[1], score=close[0])
            marker = UNPLACED if unplaced.stance != "event" else UNPLACED + "?"
            return slots.SlotValue(slot=f"{prefix}{marker}", value=unplaced.value)
        return None

    def unsure(self, text: str) -> Unsure | None:
        """The close-but-unsure link ``read`` found for ``text`` in this run, if any."""
        return self._unsure.get(text)

    def confirm(self, unsure: Unsure) -> str:
        """A model confirmed that ``unsure`` sets its attribute: learn it like a rule's
        reading and return the fact's slot."""
        statement = unsure.statement
        if not statement.generic:
            head, sep, name = unsure.attribute.rpartition(":")
            self.vocabulary.teach(head + sep, statement, name)
        self.vocabulary.remember(unsure.attribute, statement)
        self._remember(unsure.attribute, statement.value)
        return slots.SlotValue(unsure.attribute, statement.value).encode()

    def _read_known(self, text: str) -> slots.SlotValue | None:
        found = self._read_rules(text)
        if found is None:
            return None
        speaker, _ = slots.split_speaker(text)
        prefix = f"{speaker}:" if speaker else ""
        declared = self.vocabulary.frames.get(f"rule:{found.slot[len(prefix) :]}")
        if declared is not None:  # the user's schema names this slot
            return slots.SlotValue(slot=prefix + declared, value=found.value)
        return found

    def _read_rules(self, text: str) -> slots.SlotValue | None:
        found = slot_rules.read(text)
        speaker, body = slots.split_speaker(text)
        prefix = f"{speaker}:" if speaker else ""
        sentences = [  # (as written, lower-cased): case says whether a value is a name
            (written, [t.lower() for t in written])
            for written in (
                _TOKEN.findall(s)
                for s in _SENTENCE.split(body)
                if cues.affirmative(s) and "?" not in s
            )
        ]
        if found is not None:  # the rule covers its own sentence; nothing to learn there
            self._remember(found.slot, found.value)
            words = _tokens(found.value)
            for written, tokens in sentences:
                self._note_name(found.slot, written, _find(tokens, words) if words else None)
            return found
        known, frames = self._index(prefix)
        named_known = False
        for written, tokens in sentences:
            where: dict[str, list[int]] = {}
            for n, token in enumerate(tokens):
                where.setdefault(token, []).append(n)
            for slot, words in known:
                at = next(
                    (a for a in where.get(words[0], ()) if tokens[a : a + len(words)] == words),
                    None,
                )
                if at is not None:
                    self._note_name(slot, written, at)
                    self._learn(slot, tokens, at, at + len(words))
                    named_known = True
        if named_known:
            return None
        for written, tokens in sentences:
            padded = [_START] * _SIDE + tokens + [_END] * _SIDE
            for i in range(len(padded) - _SIDE):
                for slot, closing in frames.get(tuple(padded[i : i + _SIDE]), ()):
                    span = _framed(padded, i + _SIDE, closing)
                    if span is None or not self._case_fits(slot, written, *span):
                        continue
                    filler = " ".join(written[span[0] : span[1]]).lower()
                    self._remember(slot, filler)
                    return slots.SlotValue(slot=slot, value=filler)
        return None

    def _index(self, prefix: str) -> tuple[list[tuple[str, list[str]]], _Frames]:
        """This speaker's known values as token lists, and their phrasings keyed by the
        left context: built once per change, not once per message."""
        cached = self._indexes.get(prefix)
        if cached is not None:
            return cached
        known = [
            (slot, words)
            for slot, values in self.values.items()
            if _own(slot, prefix)
            for words in map(_tokens, values)
            if words
        ]
        frames: _Frames = {}
        for slot, contexts in self.contexts.items():
            if _own(slot, prefix):
                for context in reversed(contexts):  # the newest habit first
                    before, after = context.split("|")
                    frames.setdefault(tuple(before.split()), []).append((slot, after.split()))
        self._indexes[prefix] = (known, frames)
        return known, frames

    def _note_name(self, slot: str, written: list[str], at: int | None) -> None:
        """A value met mid-sentence tells by its capital whether this slot's values are
        names ("Iron Temple") or common words ("pottery"); a sentence's first word cannot."""
        if at:
            self.names[slot] = written[at][:1].isupper()

    def _case_fits(self, slot: str, written: list[str], start: int, end: int) -> bool:
        """ "Washed the dog today" does not name a car when this user's cars are names."""
        if slot not in self.names:
            return True
        letters = [w for w in written[start:end] if w[:1].isalpha()]
        if start == 0:
            letters = letters[1:]
        return all(w[:1].isupper() == self.names[slot] for w in letters)

    def _remember(self, slot: str, value: str) -> None:
        _push_newest(self.values, slot, value, MAX_VALUES_PER_SLOT)
        self._indexes.clear()

    def _learn(self, slot: str, tokens: list[str], start: int, end: int) -> None:
        context = _context(tokens, start, end)
        if context is not None:
            _push_newest(self.contexts, slot, context, MAX_CONTEXTS_PER_SLOT)
            self._indexes.clear()


class Unsure(BaseModel):
    """A value statement the vocabulary could almost, but not surely, tie to an attribute."""

    statement: reader.Statement
    attribute: str
    score: float


def _as_statement(found: slots.SlotValue, text: str, many: bool = False) -> reader.Statement:
    """The rules' reading as the reader's statement. ``many``: the sentence says the value
    is one more ("a dog called Rex as well"), so the attribute keeps several."""
    return reader.Statement(
        attribute=found.slot,
        value=found.value,
        stance="now",
        noun=False,
        generic=False,
        name=False,
        multi_cue=many,
        sentence=slots.split_speaker(text)[1],
    )


def _push_newest(table: dict[str, list[str]], slot: str, entry: str, most: int) -> None:
    """Move ``entry`` to the newest end of ``table[slot]``; drop the oldest past the bounds."""
    entries = table.setdefault(slot, [])
    if entry in entries:
        entries.remove(entry)
    entries.append(entry)
    del entries[:-most]
    if len(table) > MAX_SLOTS:
        table.pop(next(iter(table)))


def _own(slot: str, prefix: str) -> bool:
    """Caroline's phrasings read Caroline's messages only."""
    head, sep, _ = slot.rpartition(":")
    return (f"{head}{sep}" if sep else "") == prefix


def _framed(padded: list[str], start: int, right: list[str]) -> tuple[int, int] | None:
    """The filler starting at ``padded[start]`` that ``right`` closes, as a span of the
    unpadded tokens."""
    for n in range(1, MAX_FILLER_WORDS + 1):
        words = padded[start : start + n]
        if len(words) < n or not _filler(words):
            return None
        if padded[start + n : start + n + _SIDE] == right:
            return start - _SIDE, start - _SIDE + n
    return None
