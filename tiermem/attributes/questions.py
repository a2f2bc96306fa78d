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
from collections.abc import Iterable

from tiermem.attributes.vocabulary import Vocabulary
from tiermem.consolidation import slots
from tiermem.lexical import STOPWORDS

_WORD = re.compile(r"[a-z][a-z'-]+")
_NOT_TOPICAL = {
    "user", "users", "now", "currently", "current", "these", "days", "nowadays", "today",
    "still", "moment", "lately", "usually", "what", "which", "who", "whom", "whose",
    "where", "when", "how", "why", "name", "called", "use", "using", "go", "going", "have",
    "has", "get", "got", "do", "does", "doing", "be", "is", "are", "am", "kind", "one",
}  # fmt: skip
_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


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


def _frames_of(vocabulary: Vocabulary, key: str) -> Iterable[str]:
    return (frame for frame, target in vocabulary.frames.items() if target == key)


def asked_attribute(
    query: str, stated: Iterable[str], vocabulary: Vocabulary | None, prefix: str = ""
) -> str | None:
    """The attribute name (without speaker) whose present value ``query`` asks for, among
    ``stated`` (slot names on the candidate hits) and the tenant's vocabulary; None when
    the question is about the past or somebody else, or matches nothing clearly."""
    if not slots.asks_about_now(query):
        return None
    ruled = slots.query_slot(query)
    if ruled is not None:
        declared = vocabulary.frames.get(f"rule:{ruled}") if vocabulary else None
        return declared or ruled
    asked = _topical(query)
    if not asked:
        return None
    names: dict[str, set[str]] = {}
    for slot in stated:
        names.setdefault(slots.slot_name(slot) or "", set())
    if vocabulary is not None:
        for key in vocabulary.attributes:
            names.setdefault(key.rsplit(":", 1)[-1], set()).update(
                f.rsplit(":", 1)[-1] for f in _frames_of(vocabulary, key)
            )
            spec = vocabulary.attributes[key]
            if spec.declared and spec.description:
                names[key.rsplit(":", 1)[-1]].add(spec.description)
    scored = []
    for name, frames in names.items():
        if not name:
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
