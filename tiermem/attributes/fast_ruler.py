"""The English pipeline's attribute ruler, matched by lookup instead of spaCy's Matcher.

The ruler maps each token's fine tag (and a few words and dependencies) to its POS,
morphology and some lemmas. spaCy's Matcher evaluates every ``IN`` and ``REGEX`` test of
its 179 patterns on every token in Python, which made the ruler a fifth of the parse,
the largest cost of a consolidation run. Almost all of its patterns look at one token
only, through that token's tag, lower-case form, dependency and whether it is a space, so
which of them match is a function of those four values: ``LookupMatch`` answers it once
per distinct combination and remembers it. The few patterns that span tokens, or test
anything else, stay with a Matcher of their own. The matches, and so the annotations,
are exactly spaCy's (``tests/test_fast_ruler.py`` compares them token by token).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

_KEY_ORDER = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token features a rule may test here
Match = tuple[int, int, int, int]  # attribute-rule number, match id, start, end
Test = Callable[[tuple[Any, ...]], bool]
KNOWN_MAX = 100_000  # remembered token combinations; a long-running worker starts over


def _test(position: int, wanted: Any) -> Test | None:
    """One key of a token pattern as a test on the token's (tag, lower, dep, is_space),
    or None if it uses an operator this module does not read."""
    if not isinstance(wanted, dict):
        return lambda f: bool(f[position] == wanted)
    if len(wanted) != 1:
        return None
    ((op, arg),) = wanted.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda f: f[position] in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda f: f[position] not in banned
    if op == "REGEX":
        pattern = re.compile(arg)
        return lambda f: isinstance(f[position], str) and pattern.search(f[position]) is not None
    return None


def _token_test(token_pattern: dict[str, Any]) -> Test | None:
    tests: list[Test] = []
    for key, wanted in token_pattern.items():
        if key not in _KEY_ORDER:
            return None
        test = _test(_KEY_ORDER.index(key), wanted)
        if test is None:
            return None
        tests.append(test)
    return lambda f: all(t(f) for t in tests)


def _tags(token_pattern: dict[str, Any]) -> frozenset[str] | None:
    """The tags a token pattern can match, or None if it does not fix them."""
    wanted = token_pattern.get("TAG")
    if isinstance(wanted, str):
        return frozenset([wanted])
    if isinstance(wanted, dict) and list(wanted) == ["IN"]:
        return frozenset(wanted["IN"])
    return None


class LookupMatch:
    """Stands in for ``AttributeRuler.match`` on one loaded ruler."""

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.strings = ruler.vocab.strings
        self.by_tag: dict[str, list[tuple[int, list[Test]]]] = {}  # tag -> rules that may match
        self.any_tag: list[tuple[int, list[Test]]] = []
        self.match_id: dict[int, int] = {}
        self.rest = Matcher(ruler.vocab, validate=False)  # rules this module does not read
        for number, rule in enumerate(ruler.patterns):
            patterns = rule["patterns"]
            tests = [_token_test(p[0]) if len(p) == 1 else None for p in patterns]
            if rule["index"] not in (0, -1) or any(t is None for t in tests):
                self.rest.add(self.strings.add(str(number)), patterns)
                continue
            entry = (number, [t for t in tests if t is not None])
            self.match_id[number] = self.strings[str(number)]
            tag_sets = [_tags(p[0]) for p in patterns]
            if any(tags is None for tags in tag_sets):
                self.any_tag.append(entry)
                continue
            for tag in frozenset().union(*[t for t in tag_sets if t is not None]):
                self.by_tag.setdefault(tag, []).append(entry)
        self._known: dict[tuple[Any, ...], tuple[int, ...]] = {}

    def _rules_for(self, token: Token) -> tuple[int, ...]:
        features = (token.tag_, token.lower_, token.dep_, token.is_space)
        found = self._known.get(features)
        if found is None:
            candidates = [*self.by_tag.get(features[0], ()), *self.any_tag]
            found = tuple(sorted(n for n, tests in candidates if any(t(features) for t in tests)))
            if len(self._known) >= KNOWN_MAX:
                self._known.clear()
            self._known[features] = found
        return found

    def __call__(self, doc: Doc) -> list[Match]:
        matches: list[Match] = [
            (int(self.strings[m_id]), m_id, start, end)
            for m_id, start, end in self.rest(doc, allow_missing=True, as_spans=False)
        ]
        for token in doc:
            for number in self._rules_for(token):
                matches.append((number, self.match_id[number], token.i, token.i + 1))
        matches.sort()
        return matches


def install(nlp: Language) -> None:
    """Route the pipeline's attribute ruler through ``LookupMatch`` (set on the loaded
    component only; spaCy's class is untouched)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        ruler.match = LookupMatch(ruler)
