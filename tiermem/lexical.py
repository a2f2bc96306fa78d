"""Query-term extraction shared by every lexical (keyword) matcher.

The long tier asks SQLite FTS5 and the search module may score Redis-tier items in
Python; both must agree on what a "word" is, or a fact found by one path would be
missed by the other. Words are runs of Unicode letters and digits (the same split
FTS5's ``unicode61`` tokenizer makes), case-folded. Very common English function words
are dropped because they match nearly every fact: scoring them costs time at 100k
facts and adds nothing to ranking.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")

_STOPWORD_TEXT = """
    a about after again all am an and any are as at be because been before being both
    but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs
    them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t d ll m re ve
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TEXT.split())

MAX_TERMS = 32
_WHEN_NOW = re.compile(
    r"\b(?:these days|this days|at the moment|right now|at present|nowadays|currently|lately|"
    r"every (?:single )?day|each day|day to day)\b"
)  # "which tea do I drink these days?", "what puzzles do I do every day?": the time of the
# question, not its topic ("Long day today, I'm exhausted" is no answer)
_ROUTINE_PLACE = re.compile(
    r"\b(?:before|after|at|from|to|into|off)\s+work\b|"
    r"\b(?:way|back|at|brought|bring|came|come|coming|got|get|getting|went|go|going|headed|"
    r"heading|drove|walked|cycled|ran|rode)\s+home\b"
)  # "Quick 5k before work", "Picked some strawberries on the way home": where a day
# happens, not what it is about, in a question too: "Which animals do I have at home?"
# is about animals, and "We've got TalkTalk broadband at home" no nearer to it. The word
# stays a topic where it is one ("Who do I work for?"); the cosine still reads the place


_LIGHT_VERB_TEXT = """
    get gets got gotten getting go goes going gone went use uses used using make makes made
    making keep keeps kept keeping take takes took taken taking put puts putting
"""
LIGHT_VERBS: frozenset[str] = frozenset(_LIGHT_VERB_TEXT.split())
# they name no topic, and ``attributes.questions`` reads no attribute from them either
LIGHT_VERB_SHARE = 0.25  # of a content word's weight
# "Which flowers have I got in my garden?": "got" names no topic, yet as a rare word in the
# pool it made "Got totally hooked on Stephen King's books" the most relevant statement


_PREFERENCE_TEXT = """
    like likes best favourite favorite fave love loves prefer prefers usual regular
"""
PREFERENCE_WORDS: frozenset[str] = frozenset(_PREFERENCE_TEXT.split())
# "Which pub do I like best these days?" is about a pub: how much the user likes it names
# no topic, and "Leeds has the best coffee spots" is no nearer to it (weighed as light verbs)

_WORK_OUT = re.compile(r"\bwork(?:s|ed|ing)?\s+out\b")
# "Where do I work out these days?" asks about exercise, not about work ("Work gave me the
# ThinkPad"): the phrasal verb is one word, "workout"


def without_routine_places(text: str) -> str:
    """``text`` in lower case without the places a day happens in ("at home", "before
    work"): they name no topic, in a question or in a memory. "work out" is one word."""
    return _ROUTINE_PLACE.sub(" ", _WORK_OUT.sub("workout", text.lower()))


def words(text: str) -> list[str]:
    """Every word of ``text``, case-folded, accents removed, in order (duplicates kept)."""
    if text.isascii():  # the common case: no accents to strip
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(stripped)


def terms(text: str, *, max_terms: int = MAX_TERMS) -> list[str]:
    """The distinct, meaningful words of a query, first occurrence first.

    Capped so that a pasted paragraph cannot turn into a thousand-way OR query.
    """
    out: dict[str, None] = {}
    for word in words(without_routine_places(_WHEN_NOW.sub(" ", text.lower()))):
        if word in STOPWORDS:
            continue
        out.setdefault(word, None)
        if len(out) >= max_terms:
            break
    return list(out)


def tokens(text: str) -> list[str]:
    """Every meaningful (non-stop) word of ``text``, in order."""
    return [w for w in words(text) if w not in STOPWORDS]


def coverage_scores(
    query: str, texts: Iterable[str], *, qualifier_share: float = 1.0
) -> list[float]:
    """Per text, the IDF-weighted share of the query's meaningful words it contains (0..1).

    The IDF comes from the candidate pool itself, so it needs no corpus statistics and a
    fact scores comparably in short, mid or long; a word every candidate shares (the
    user's own name, say) counts for little, a rare one ("Sprocket") for a lot.
    ``qualifier_share``: the weight of an asked word a text uses only to qualify another
    (``_qualifying``). A question about the present state of something passes
    ``QUALIFIER_SHARE``: its answer is a statement of that thing, and "my phone plan" is
    none of "What phone do I have now?". A recall question keeps the full weight, since
    a mention in passing is evidence there (LoCoMo recall@10 lost 0.012 on its dev split
    when every search discounted it).
    """
    wanted = list(dict.fromkeys(singular(t) for t in terms(query)))
    texts_seen = list(texts)
    docs = [_word_set(text) for text in texts_seen]
    if not wanted or not docs:
        return [0.0 for _ in docs]
    n = len(docs)
    weights = {
        t: math.log(1.0 + (n + 1) / (sum(1 for d in docs if t in d) + 0.5))
        * (LIGHT_VERB_SHARE if t in _LIGHT_WORDS else 1.0)
        for t in wanted
    }
    total = sum(weights.values())
    asked = set(wanted)
    heads = (  # "phone network" asks of a kind of network: its "phone" is no head
        asked - _modifiers(query).keys() if qualifier_share < 1.0 else set()
    )
    scores = []
    for text, d in zip(texts_seen, docs, strict=True):
        qualifying = _qualifying(text, heads & d, asked)
        found = sum(
            w * (qualifier_share if t in qualifying else 1.0) for t, w in weights.items() if t in d
        )
        scores.append(found / total)
    return scores


def _qualifying(text: str, heads: set[str], asked: set[str]) -> set[str]:
    """The asked heads ``text`` uses only to qualify a word the question does not ask
    about: "phone" in "my phone plan" for "What phone do I have?"."""
    if not heads:
        return set()
    modifiers = _modifiers(text)
    return {t for t in heads if t in modifiers and not modifiers[t] & asked}


QUALIFIER_SHARE = 0.3  # of a word's weight where the memory uses it only to qualify another
# noun, for a question about now: "Lebara is who I pay for my phone plan" is about a plan,
# not about which phone
_CLAUSE = re.compile(r"[^,;:.!?()\"]+")


_INTO = frozenset({"to", "onto", "into"})
_DETERMINERS = frozenset({"the", "my", "our", "a", "an"})


def _put_into(lower: list[str], n: int) -> bool:
    """Word ``n`` opens what something is put into: "to the games shelf", "onto my list"."""
    back = n - 1
    if back >= 0 and lower[back] in _DETERMINERS:
        back -= 1
    return back >= 0 and lower[back] in _INTO


@functools.lru_cache(maxsize=16384)
def _modifiers(text: str) -> dict[str, frozenset[str]]:
    """Words every use of which in ``text`` qualifies the content word right after it
    ("phone plan", "running club", "laptop charger"), each with the words it qualifies.
    A word before a stop word, a past form or a light verb is no qualifier ("my phone is
    the Pixel", "the laptop died"), nor one at a clause's end, nor a name or a word
    before one, nor one after "to" ("Added Wingspan to the games shelf" puts a game
    where the games are). Read from the text alone: search parses nothing."""
    follows: dict[str, set[str]] = {}
    alone: set[str] = set()
    for clause in _CLAUSE.findall(_WORK_OUT.sub("workout", text)):
        written = _WORD.findall(clause)
        lower = [w.lower() for w in written]
        plain = [w.islower() or (n == 0 and w[1:].islower()) for n, w in enumerate(written)]
        for n, word in enumerate(lower):
            if word in STOPWORDS:
                continue
            after = lower[n + 1] if n + 1 < len(lower) else ""
            if (
                not after
                or _put_into(lower, n)
                or after in STOPWORDS
                or singular(after) in _LIGHT_WORDS
                or after.endswith("ed")
                or not plain[n]
                or not plain[n + 1]
            ):  # "Samsung Galaxy", "phone Pixel 8": names qualify nothing (a sentence's
                # first word may be capitalised)
                alone.add(singular(word))
            else:
                follows.setdefault(singular(word), set()).add(singular(after))
    return {w: frozenset(a) for w, a in follows.items() if w not in alone}


@functools.lru_cache(maxsize=16384)
def _word_set(text: str) -> frozenset[str]:
    """The text's words, plurals made singular. Remembered per text: the same candidates come back
    search after search."""
    return frozenset(singular(w) for w in words(without_routine_places(text)))


_KEEP_S = ("ss", "us", "is", "news", "series", "species", "always", "perhaps")


def singular(word: str) -> str:
    """The singular of a regular English plural, so that "Which plants do I have?"
    meets "Misted the snake plant" and "allergies" meets "allergy"; anything else as
    it is. Short words are left alone ("bus", "gas", "yes"). Plurals only: matching a
    question to an attribute's frames needs the cruder ``attributes.questions.stem``
    ("using" meets "use"), which would blur the words a search scores."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


def near_duplicate(a: str, b: str, similarity: float, threshold: float) -> bool:
    """Same fact in other words? Cosine alone says "fact 1" == "fact 2" (0.97), so the
    numbers must match and the content words may differ by at most one."""
    if similarity < threshold:
        return False
    wa, wb = set(tokens(a)), set(tokens(b))
    if {w for w in wa if any(c.isdigit() for c in w)} != {
        w for w in wb if any(c.isdigit() for c in w)
    }:
        return False
    return len(wa ^ wb) <= 1 or similarity >= 0.985


_LIGHT_WORDS: frozenset[str] = frozenset(singular(w) for w in LIGHT_VERBS | PREFERENCE_WORDS)
# (built here, after ``singular``: coverage compares words in their singular form)
