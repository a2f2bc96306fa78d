"""The thing a question asks for: the noun its question word asks about.

"Which vet do I take my dog to?" asks for a vet, not a pet; "Which doctor am I seeing?"
for a doctor, not a partner; "Which company provides my broadband?" for a provider, not
an employer. The slot rules' question patterns are keywords, and a keyword anywhere in
the question handed such questions to the wrong ruled attribute, whose answer then stood
alone. Reading the noun the question word governs first keeps a keyword elsewhere in the
sentence from deciding. A question carried by its verb ("Where do I live?", "Who am I
dating?", "Who cuts my hair?") has no such noun: its keywords still decide.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ASKING = frozenset({"which", "what", "who", "whose", "how"})
_AUXILIARIES = frozenset(
    {"do", "does", "did", "am", "is", "are", "was", "were", "have", "has", "had", "can",
     "could", "will", "would", "should", "'s", "'re", "'m"}
)  # fmt: skip
_SUBJECTS = frozenset({"i", "you", "he", "she", "we", "they", "it"})
_BEFORE_THE_NOUN = frozenset(
    {"my", "our", "your", "his", "her", "their", "the", "a", "an", "current", "present",
     "main", "usual", "regular", "name", "names", "of", "kind", "kinds", "type", "types",
     "sort", "sorts", "many", "much", "user's", "users'"}
)  # fmt: skip
_AFTER_THE_NOUN = frozenset(
    {"now", "these", "those", "this", "currently", "nowadays", "today", "lately", "at",
     "in", "on", "to", "for", "with", "from", "by", "about", "called", "named", "i", "you",
     "he", "she", "we", "they", "it", "the", "my", "our", "that", "who", "which", "most",
     "best", "right", "still", "again"}
)  # fmt: skip
_OBJECT_STARTS = frozenset({"my", "our", "the", "a", "an", "your", "his", "her", "their"})
# "Which company does the user work for?": a generic noun asks nothing, the verb says which
GENERIC = frozenset(
    {"company", "companies", "firm", "business", "brand", "one", "ones", "place", "places",
     "thing", "things", "people", "person", "provider", "service", "services", "name"}
)  # fmt: skip


def head_noun(query: str) -> str | None:
    """The noun the question word asks about, lower-cased ("Who is my dentist now?" ->
    "dentist", "What kind of pet does the user have?" -> "pet"), or None when a verb
    carries the question ("Where do I live?", "Who am I dating?", "Who cuts my hair?")."""
    phrase = noun_phrase(query)
    return phrase[-1] if phrase else None


def asked_words(query: str) -> list[str]:
    """The noun phrase's words that name a kind: "Which company do I work for?" names
    none, "Which email provider do I use?" names "email"."""
    return [word for word in noun_phrase(query) if word not in GENERIC]


def noun_phrase(query: str) -> list[str]:
    """The words of the phrase the question word asks about, its head noun last ("What
    are the user's eating habits?" -> ["eating", "habits"]); empty when a verb asks."""
    words = _tokens(query)
    at = next((n for n, word in enumerate(words) if word in _ASKING), None)
    if at is None:
        return []
    asking, rest = words[at], words[at + 1 :]
    if rest[:1] and rest[0] in ("many", "much"):
        rest = rest[1:]
    elif asking == "how":
        return []  # "How do I commute?"
    if rest[:1] and rest[0] in _AUXILIARIES:
        rest = rest[1:]
        if not rest or rest[0] in _SUBJECTS or rest[:2] == ["the", "user"]:
            return []  # "Who is the user dating?": a verb asks
        if rest[0].endswith("ing") and rest[0] not in _BEFORE_THE_NOUN:
            return []  # "Who's treating my injury?"
    elif asking == "who":
        return []  # "Who cuts my hair?": "who" takes a verb, not a noun
    while rest and rest[0] in _BEFORE_THE_NOUN:
        rest = rest[1:]
    phrase: list[str] = []
    for word in rest:
        if word in _AUXILIARIES or word in _AFTER_THE_NOUN:
            if word in _OBJECT_STARTS and len(phrase) > 1:
                phrase.pop()  # "Which company provides my broadband?": a verb, then its object
            break
        phrase.append(word)
    return phrase


def _tokens(query: str) -> list[str]:
    """Words, with a clitic "'s" after a question word split off as the auxiliary it is
    ("what's" -> "what", "'s"); a possessive ("user's") stays one word."""
    words: list[str] = []
    for word in _TOKEN.findall(query.lower().replace("\u2019", "'")):
        stem, _, clitic = word.partition("'")
        if stem in _ASKING and clitic in ("s", "re", "m"):
            words += [stem, f"'{clitic}"]
        else:
            words.append(word)
    return words
