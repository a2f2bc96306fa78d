"""One tenant's attributes: discovered from what they say, or declared in a schema.

The reader turns "I bank with Nordea" into the frame ``bank with`` and "Switched to
Revolut" into the generic change frame ``switch to``. The vocabulary decides which
attribute each frame is about, per tenant and per speaker:

- a frame seen before maps to the attribute it mapped to then (frames the slot rules
  read are mapped to the rule's slot, so the rules teach the vocabulary their names);
- a noun or a specific verb frame that shares its head word with a known attribute joins
  it ("bank with" and "my bank"), otherwise it starts a new attribute of its own;
- a generic change frame or a past event naming a name ("Drove the Volvo XC40 to the
  coast") joins the known single-valued attribute whose values and sentences it is most
  like (embedding cosine), when that match is clear; otherwise a change starts an
  attribute named by its frame and an event is left alone;
- an attribute turns multi-valued ("a second dog", "the cello and the piano", a plural
  noun, or a schema that says so) and then a new value joins the old ones instead of
  replacing them;
- two values the user says in their own voice in the same sentence, word for word but
  for the value ("Monzo froze my card again", later "Revolut froze my card again"), are
  of one kind (not kept for named speakers of a transcript):
  the vocabulary keeps those echoes, so a search can tie a value stated in a frame of its
  own ("Opened a current account at Revolut") to the attribute its echo belongs to.

Kept in the tenant's phrasings record in Redis, written in the same MULTI that consumes
the observations, bounded in size.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
from pydantic import BaseModel, Field, PrivateAttr

from tiermem.attributes import slot_rules
from tiermem.attributes.attribute_value import MENTION
from tiermem.attributes.reader import Statement
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.slots import bare_value, names_value
from tiermem.attributes.stance import SETS_VALUE
from tiermem.attributes.words import PREPOSITIONS, TRANSIENT

UNPLACED = "~"  # the attribute name of a value statement no attribute claims
MAX_ATTRIBUTES = 96
MAX_FRAMES = 512
MAX_VALUES = 12
MAX_EXAMPLES = 3
MAX_ECHOES = 256  # masked sentences kept, oldest dropped first
MAX_LOOSE = 32  # values stated but placed nowhere, newest last
ECHO_WORDS = 3  # words besides the value an echo needs: "I love {}" says nothing of kind
ECHO_KINDS = 2  # a sentence echoed by values of more attributes than this is generic
VALUE_WEIGHT = 0.5  # value cosine counts half of the masked-sentence cosine
LINK_CONTEXT = 0.30  # the masked sentence must look like one of the attribute's sentences
LINK_SCORE = 0.55  # context + weighted value cosine, for a change or a state
LINK_SCORE_EVENT = 0.65  # a past event naming a name needs a clearer match
LINK_MARGIN = 0.05  # over the second-best attribute
UNSURE_SCORE = 0.35  # a failed link at least this close is worth asking a model about
LINK_VALUE_ONLY = 0.42  # no topic words: the value must look like the attribute's values
_GENERIC_HEADS = {
    "switch",
    "change",
    "move",
    "upgrade",
    "get",
    "got",
    "buy",
    "start",
    "be",
    "have",
    "use",
    "take",
    "do",
    "try",
    "make",
    "keep",
    "love",
    "like",
    "enjoy",
    "go",
    "see",
    "find",
    "need",
}  # fmt: skip  light verbs name no attribute by themselves

Embed = Callable[[list[str]], np.ndarray]


class Attribute(BaseModel):
    name: str
    multi: bool = False
    declared: bool = False
    description: str = ""
    values: list[str] = Field(default_factory=list)  # newest last
    contexts: list[str] = Field(default_factory=list)  # its statements' topic words, newest last


class Vocabulary(BaseModel):
    """attribute key ("dentist", "Caroline:bank with") -> what is known of it; frame key
    ("Caroline:switch to" excluded: generic frames never map) -> attribute key."""

    attributes: dict[str, Attribute] = Field(default_factory=dict)
    frames: dict[str, str] = Field(default_factory=dict)
    echoes: dict[str, list[str]] = Field(default_factory=dict)  # own masked sentence -> values
    loose: list[str] = Field(default_factory=list)  # own values no attribute claims

    _last_best: tuple[float, float, str] | None = PrivateAttr(default=None)

    def forget_link(self) -> None:
        """Start reading a new text: no link has been tried for it yet."""
        self._last_best = None

    def unsure_link(self) -> tuple[float, str] | None:
        """(score, attribute key) of the last link that fell short, when it came close:
        a pair the rules are unsure of, which the llm policy may put to the model."""
        best = self._last_best
        if best is None or best[0] < UNSURE_SCORE:
            return None
        return best[0], best[2]

    # -- echoes ---------------------------------------------------------------------------
    def echo(self, text: str, loose: str | None = None) -> None:
        """Note which known values this own-voice sentence names, each with the value
        masked. ``loose`` is a value the sentence stated that no attribute claims."""
        if loose:
            _push(self.loose, loose, MAX_LOOSE)
        lowered = " ".join(text.lower().split())
        known = {v for key, a in self.attributes.items() if _owned(key, "") for v in a.values}
        for value in sorted(known | set(self.loose)):
            if value and value in lowered and names_value(lowered, value):
                masked = _masked(lowered, value)
                if masked is None:
                    continue
                values = self.echoes.pop(masked, [])  # re-inserted: newest last
                _push(values, value, MAX_VALUES)
                self.echoes[masked] = values
        while len(self.echoes) > MAX_ECHOES:
            del self.echoes[next(iter(self.echoes))]

    def kin(self, values: set[str]) -> set[str]:
        """Values said in a sentence one of ``values`` was said in, word for word, and
        not in sentences that values of many attributes share."""
        seeds = {bare_value(v) for v in values}
        found: set[str] = set()
        holder: dict[str, str] | None = None  # built once, only if an echo matches
        for echoed in self.echoes.values():
            bare = {bare_value(v) for v in echoed}
            if len(bare) < 2 or not bare & seeds:
                continue
            if holder is None:
                holder = {
                    bare_value(v): key
                    for key, a in self.attributes.items()
                    if _owned(key, "")
                    for v in a.values
                }
            if len({holder[v] for v in bare if v in holder}) > ECHO_KINDS:
                continue
            found |= bare
        return found - seeds

    # -- schema ---------------------------------------------------------------------------
    def declare(
        self, specs: Sequence[AttributeSpec], frames_of: Callable[[str], list[str]]
    ) -> None:
        """A user's schema: declared attributes take their examples' frames first."""
        for spec in specs:
            current = self.attributes.get(spec.name)
            self.attributes[spec.name] = Attribute(
                name=spec.name,
                multi=spec.multi,
                declared=True,
                description=spec.description,
                values=current.values if current else [],
            )
            for example in spec.examples:
                for frame in frames_of(example):
                    self.frames[frame] = spec.name

    # -- reading --------------------------------------------------------------------------
    def is_multi(self, key: str) -> bool:
        found = self.attributes.get(key)
        return found is not None and found.multi

    def teach(self, prefix: str, statement: Statement, attribute: str) -> None:
        """The slot rules read this sentence as ``attribute``: its frame means that."""
        if not statement.generic:
            self._map(prefix + statement.attribute, prefix + attribute)

    def resolve(self, prefix: str, statement: Statement, embed: Embed | None) -> str | None:
        """The attribute key ``statement`` sets for the speaker ``prefix``, learning from
        it, or None when it sets nothing new this vocabulary can place."""
        if statement.stance not in SETS_VALUE:
            return None
        frame = prefix + statement.attribute
        light = statement.attribute == MENTION or (
            not statement.noun
            and all(w in _GENERIC_HEADS or w in PREPOSITIONS for w in statement.attribute.split())
        )
        specific = not statement.generic and not light
        holder = self._holder(prefix, statement.value)
        if holder is not None:  # a value this speaker has stated before: nothing changes,
            if specific:  # but the frame now means that attribute ("paid the rent through")
                self._map(frame, holder)
            return None
        key = self.frames.get(frame) if specific else None
        if key is None and specific:
            key = self._same_head(prefix, statement)
        if key is None and not statement.noun and not _trip(statement):  # "my phone" names
            key = self._link(prefix, statement, embed, own_frame=specific)  # its attribute
        if key is None:
            if not specific or statement.stance == "event":
                return None
            key = frame
        if specific:
            self._map(frame, key)
        self.remember(key, statement)
        return key

    def unplaced(self, prefix: str, statement: Statement) -> bool:
        """A first-person statement of a value no attribute claims ("I've got a Nokia G42
        now"): kept as ``~`` so that a now-question may still put it first, but it never
        supersedes anything, since nobody knows what it replaces."""
        return (
            statement.stance in ("now", "change")
            and statement.name
            and self._holder(prefix, statement.value) is None
        )

    def _holder(self, prefix: str, value: str) -> str | None:
        bare = bare_value(value)
        for key, attribute in self.attributes.items():
            if _owned(key, prefix) and any(bare_value(v) == bare for v in attribute.values):
                return key
        return None

    def remember(self, key: str, statement: Statement) -> None:
        name = key.rsplit(":", 1)[-1]
        attribute = self.attributes.get(key) or Attribute(name=name)
        attribute.multi = attribute.multi or statement.multi_cue
        _push(attribute.values, statement.value, MAX_VALUES)
        if statement.context:
            _push(attribute.contexts, statement.context, MAX_EXAMPLES)
        self.attributes[key] = attribute
        while len(self.attributes) > MAX_ATTRIBUTES:
            oldest = next(k for k, a in self.attributes.items() if not a.declared)
            del self.attributes[oldest]

    def _map(self, frame: str, key: str) -> None:
        self.frames.pop(frame, None)
        self.frames[frame] = key
        while len(self.frames) > MAX_FRAMES:
            del self.frames[next(iter(self.frames))]

    def _same_head(self, prefix: str, statement: Statement) -> str | None:
        """ "bank with" joins "bank"; "do shop at" joins "shop at": a known attribute of
        the same speaker whose name shares the statement's head word."""
        words = [w for w in statement.attribute.split() if w not in _GENERIC_HEADS]
        if not words or _acted_on(statement):
            return None
        head = words[0] if not statement.noun else words[-1]
        for key, attribute in self.attributes.items():
            if not _owned(key, prefix):
                continue
            if head in attribute.name.split():
                return key
        return None

    def _link(
        self, prefix: str, statement: Statement, embed: Embed | None, *, own_frame: bool
    ) -> str | None:
        """The known attribute an unplaced statement is most clearly about: its topic words
        against the attribute's name and topic words ("saving" is like "bank"), plus its
        value against the attribute's values (a "Pixel 7a" is like a "Galaxy S23").
        ``own_frame``: the statement says its value in a specific frame of its own ("I bank
        with X"), not a mention in passing."""
        scored = self.link_scores(prefix, statement, embed, own_frame=own_frame)
        self._last_best = scored[0] if scored else None
        if not scored:
            return None
        best, context, key = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best - runner_up < LINK_MARGIN:
            return None
        if not statement.context:  # "I've got a Nokia G42 now": the value alone must tell
            return key if best >= LINK_VALUE_ONLY * VALUE_WEIGHT else None
        floor = LINK_SCORE_EVENT if statement.stance == "event" else LINK_SCORE
        return key if context >= LINK_CONTEXT and best >= floor else None

    def link_scores(
        self, prefix: str, statement: Statement, embed: Embed | None, *, own_frame: bool = False
    ) -> list[tuple[float, float, str]]:
        """(score, context cosine, attribute key), best first. A ruled single-valued
        attribute takes no statement in a frame of its own, nor one without topic words
        (``_ruled_one_value``)."""
        if embed is None:
            return []
        candidates = [
            (key, a)
            for key, a in self.attributes.items()
            if _owned(key, prefix)
            and a.values
            and (not a.multi or statement.multi_cue)
            and a.name != _acted_on(statement)
            and not ((own_frame or not statement.context) and _ruled_one_value(a.name))
        ]
        if not candidates:
            return []
        texts = [statement.value, statement.context or statement.value]
        spans: list[tuple[int, int, int]] = []
        for _, attribute in candidates:
            v0 = len(texts)
            texts.extend(attribute.values[-4:])
            e0 = len(texts)
            texts.extend([attribute.name.replace("_", " "), *attribute.contexts])
            spans.append((v0, e0, len(texts)))
        vectors = cached_vectors(texts, embed)
        scored = []
        for (key, _), (v0, e0, e1) in zip(candidates, spans, strict=True):
            value_sim = float(np.max(vectors[v0:e0] @ vectors[0])) if e0 > v0 else 0.0
            context_sim = float(np.max(vectors[e0:e1] @ vectors[1])) if statement.context else 0.0
            scored.append((context_sim + VALUE_WEIGHT * value_sim, context_sim, key))
        scored.sort(reverse=True)
        return scored


def _ruled_one_value(name: str) -> bool:
    """A single-valued attribute the slot rules read ("doctor", "employer", "home"): the
    rules know how it is said, so a statement they did not read, with no topic words, is
    not linked to it by the looks of its value alone, and a statement in a specific frame
    of its own that they did not read is another attribute. Such a link supersedes the
    current value: "subscribed to DAZN now btw" once linked to the GP ("dazn" looked like
    "dr nowak" to the embedder) and retired him, and "I bank with Kestrel Mutual now" was
    linked to the employer by the looks of its topic word and value, and retired the
    user's job. A mention in passing with topic words
    links: "Got my staff lanyard for Deloitte today" is the employer."""
    return slot_rules.ruled(name) and name not in slot_rules.MANY_VALUED


_CACHE_SIZE = 8192
_cached: OrderedDict[str, np.ndarray] = OrderedDict()
_cached_lock = threading.Lock()


def cached_vectors(texts: list[str], embed: Embed) -> np.ndarray:
    """Embeddings of short texts that recur (values, topic words, descriptions), cached
    per process in a bounded LRU: linking compares each statement with every attribute's
    values, and a search compares its question with every description, so without the
    cache each would re-embed the same few hundred strings."""
    with _cached_lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _cached]
    if missing:
        fresh = embed(missing)
        with _cached_lock:
            for text, vec in zip(missing, fresh, strict=True):
                _cached[text] = vec
            while len(_cached) > _CACHE_SIZE:
                _cached.popitem(last=False)
    with _cached_lock:
        rows = []
        for text in texts:
            found = _cached.get(text)
            if found is None:  # evicted meanwhile by another thread: embed it again
                found = embed([text])[0]
            else:
                _cached.move_to_end(text)
            rows.append(found)
    return np.stack(rows)


def _push(entries: list[str], entry: str, most: int) -> None:
    if entry in entries:
        entries.remove(entry)
    entries.append(entry)
    del entries[:-most]


def _masked(sentence: str, value: str) -> str | None:
    """The sentence with ``value`` as ``{}``, punctuation dropped, or None when too little
    is left to say what kind of thing the value is."""
    pattern = r"(?<![\w-])" + re.escape(value) + r"(?![\w-])"
    masked = re.sub(pattern, " {} ", sentence, count=1)
    words = re.sub(r"[^\w{}' ]+", " ", masked).split()
    if sum(w != "{}" for w in words) < ECHO_WORDS:
        return None
    return " ".join(words)


def _owned(key: str, prefix: str) -> bool:
    head, sep, _ = key.rpartition(":")
    return (f"{head}{sep}" if sep else "") == prefix


def _acted_on(statement: Statement) -> str | None:
    """ "take car to" -> "car": a light verb, its object and a preposition. The value is
    where the object goes, so the frame is no statement of the object's own attribute
    (the user's car), however alike the words."""
    frame = statement.attribute.split()
    if statement.noun or len(frame) < 3 or frame[0] not in _GENERIC_HEADS:
        return None
    return frame[1] if frame[-1] in PREPOSITIONS and frame[1] not in PREPOSITIONS else None


def _trip(statement: Statement) -> bool:
    """A one-off trip ("I visited Berlin") links to no attribute, however much the place
    looks like a home the speaker named."""
    verb = statement.attribute.split()[0] if statement.attribute != MENTION else ""
    return statement.stance == "event" and bool({verb, statement.context} & TRANSIENT)
