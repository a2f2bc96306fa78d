"""Which attribute a question asks the present value of.

"Who is my dentist now?", "What laptop am I using these days?", "Which supermarket do I
shop at?": no list of question words is involved. The question's content words are
matched against the names and frames of the attributes this tenant has actually stated
("dentist", "use", "shop at"), with a crude stemmer so "using" meets "use" and "shopping"
meets "shop". The slot rules' question patterns stay as a fast path. A question about
the past ("Who was my dentist before?") or about somebody else asks for no current value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from tiermem.attributes import cues, slot_rules, slots
from tiermem.attributes.vocabulary import Vocabulary, cached_vectors
from tiermem.lexical import LIGHT_VERBS, STOPWORDS, without_routine_places

_WORD = re.compile(r"[a-z][a-z'-]+")
# Light verbs name no attribute: "What meals do I keep making?" asks nothing of "keep
# password in".
_NOT_TOPICAL = {
    "user", "users", "now", "currently", "current", "these", "days", "nowadays", "today",
    "still", "moment", "lately", "usually", "what", "which", "who", "whom", "whose",
    "where", "when", "how", "why", "name", "called", "have", "has", "do", "does", "doing",
    "be", "is", "are", "am", "kind", "one", *LIGHT_VERBS,
}  # fmt: skip
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
GROUP_COSINE = 0.35  # question vs an attribute's description: the floor to be asked about
GROUP_SPREAD = 0.12  # attributes this close to the best match are asked about too
GROUP_SPREAD_NAMED = 0.03  # ... or to the attribute the question's words named


def stem(word: str) -> str:
    """ "using"/"use" -> "us", "shopping"/"shop" -> "shop", "lives"/"living" -> "liv"."""
    if len(word) > 4:
        word = _SUFFIX.sub("", word)
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    if len(word) > 2 and word.endswith("e"):
        word = word[:-1]
    return word


def _topical(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {stem(w) for w in words if w not in STOPWORDS and w not in _NOT_TOPICAL}


_HOME_BEFORE_NOUN = re.compile(r"\bhome\s+(?!(?:town|city|address|country)\b)(?=([a-z]+))")


def _asked_words(query: str) -> set[str]:
    """The question's topical words. "home" before another topical word is what kind of
    thing that is ("my home internet", "home insurance"), not the home the user lives in;
    "at home" is where, not what ("Which plants do I have at home?")."""
    text = without_routine_places(query)
    for match in reversed(list(_HOME_BEFORE_NOUN.finditer(text))):
        follows = match.group(1)
        if follows not in STOPWORDS and follows not in _NOT_TOPICAL:
            text = text[: match.start()] + text[match.start() + len("home") :]
    return _topical(text)


def asked_attribute(
    query: str, stated: Iterable[str], vocabulary: Vocabulary | None, prefix: str = ""
) -> str | None:
    """The attribute name (without speaker) whose present value ``query`` asks for, among
    ``stated`` (slot names on the candidate hits) and the tenant's vocabulary; None when
    the question is about the past or somebody else, or matches nothing clearly."""
    ruled = slot_rules.query_slot(query)
    if not cues.asks_about_now(query) and (ruled is None or cues.asked_person(query) is None):
        return None  # about the past or somebody else, unless the household's child's school
    if ruled is not None:
        declared = vocabulary.frames.get(f"rule:{ruled}") if vocabulary else None
        return declared or ruled
    asked = _asked_words(query)
    if not asked:
        return None
    names: dict[str, set[str]] = {}
    for slot in stated:
        names.setdefault(slots.slot_name(slot) or "", set())
    if vocabulary is not None:
        frames_of: dict[str, list[str]] = {}  # one pass over the frames, not one per attribute
        for frame, target in vocabulary.frames.items():
            frames_of.setdefault(target, []).append(frame)
        for key in vocabulary.attributes:
            names.setdefault(key.rsplit(":", 1)[-1], set()).update(
                f.rsplit(":", 1)[-1] for f in frames_of.get(key, ())
            )
            spec = vocabulary.attributes[key]
            if spec.declared and spec.description:
                names[key.rsplit(":", 1)[-1]].add(spec.description)
    scored = []
    aside = slot_rules.mentioned_not_asked(query)
    for name, frames in names.items():
        if not name or name in aside:
            continue
        words = _topical(" ".join([name.replace("_", " "), *frames]))
        overlap = len(asked & words)
        if overlap:
            scored.append((overlap, -len(words), name))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None
    return scored[0][2]


def describe(vocabulary: Vocabulary, key: str) -> str:
    """ "insurer: home insurance; claim": an attribute's name and what its statements were
    about, the text a question is compared with."""
    attribute = vocabulary.attributes[key]
    name = attribute.name.replace("_", " ")
    about = [attribute.description, *attribute.contexts]
    return f"{name}: " + "; ".join(a for a in about if a) if any(about) else name


class Asked(NamedTuple):
    """What a question asks about: every attribute, and the one its words name."""

    names: set[str]
    named: str | None


def asked_attributes(
    query: str,
    vector: np.ndarray | None,
    stated: Iterable[str],
    vocabulary: Vocabulary | None,
    embed: Callable[[list[str]], np.ndarray] | None,
) -> Asked:
    """Every attribute name (without speaker) the question asks about: the one its words
    name, plus those whose description is as close to the question as the best match.
    People say the same thing many ways ("my bank", "I bank with", "moved my savings
    to"), and each way may have become an attribute of its own before the vocabulary
    could tie them; the question ties them again. An attribute the slot rules read joins
    only by their own question patterns or by name, never by its description's cosine
    ("Who do I get my home internet from?" is close to "home", and asks nothing of it).
    Empty when nothing matches."""
    named = asked_attribute(query, stated, vocabulary)
    group = {named} if named else set()
    if vocabulary is None or vector is None or embed is None or not vocabulary.attributes:
        return Asked(group, named)
    if not cues.asks_about_now(query) and not asks_about_past(query):
        return Asked(group, named)
    keys = [k for k, a in vocabulary.attributes.items() if a.values or a.declared]
    if not keys:
        return Asked(group, named)
    vectors = cached_vectors([describe(vocabulary, k) for k in keys], embed)
    aside = slot_rules.mentioned_not_asked(query)
    sims = {
        name: float(v @ vector)
        for k, v in zip(keys, vectors, strict=True)
        if (name := k.rsplit(":", 1)[-1]) not in aside
    }
    if not sims:
        return Asked(group, named)
    if named is not None:  # the words named one: only its own unlisted look-alikes join it
        floor = max(
            _named_similarity(named, sims, vector, embed) - GROUP_SPREAD_NAMED, GROUP_COSINE
        )
        alike = {k for k, sim in sims.items() if sim >= floor and not slot_rules.ruled(k)}
        return Asked(group | alike, named)
    best = max(sims.values())
    if best < GROUP_COSINE:
        return Asked(group, named)
    close = {k for k, sim in sims.items() if sim >= best - GROUP_SPREAD}
    return Asked(group | {k for k in close if not slot_rules.ruled(k)}, named)


def _named_similarity(
    named: str,
    sims: dict[str, float],
    vector: np.ndarray,
    embed: Callable[[list[str]], np.ndarray],
) -> float:
    """How close the question is to the attribute its words named: its description's
    cosine, or, for an attribute with no stated values yet (a ruled one the question's
    words matched, "hobby"), its name's. Measuring the floor from the best other
    attribute instead let the closest unrelated one join ("What hobbies does the user
    have now?" asked "do browsing in" too)."""
    if named in sims:
        return sims[named]
    return float(cached_vectors([named.replace("_", " ")], embed)[0] @ vector)


_PAST = re.compile(
    r"\b(?:did|was|were|used to|before|previously|formerly|originally|old|former|prior)\b", re.I
)


def asks_about_past(query: str) -> bool:
    """ "Which bank did I use before switching?": the value before the current one."""
    return _PAST.search(query) is not None and "?" in query
