"""The words a rule's regex cannot match without (``attributes.pattern_gate``): read from
the parse tree, so a sentence that holds none of them can skip the search."""

from __future__ import annotations

import re

import pytest
from test_slots import SETS, SETS_ASIDES, SETS_DEV, SETS_IN_PASSING

from tiermem.attributes import slot_rules
from tiermem.attributes.pattern_gate import holds_any, required_words


def test_the_fewest_mandatory_alternatives_are_the_gate() -> None:
    pattern = re.compile(r"\b(?:i|we)\s+(?:moved|relocated)\s+(?:back\s+)?to\s+(?P<v>\w+)", re.I)
    assert required_words(pattern) == frozenset({"moved", "relocated"})
    assert required_words(re.compile(r"\bmy\s+dentist\s+is", re.I)) == frozenset({"dentist"})


def test_optional_parts_and_lookarounds_are_never_required() -> None:
    assert required_words(re.compile(r"(?:just\s+)?(?P<v>[A-Z]\w+)")) is None
    assert required_words(re.compile(r"(?<!rented\s)(?!taxi)(?P<v>\w+)")) is None
    assert required_words(re.compile(r"colou?r")) == frozenset({"colo"})


def test_a_pattern_with_no_required_word_is_always_searched() -> None:
    assert holds_any("anything at all", None)
    assert not holds_any("i live in paris", frozenset({"moved"}))


@pytest.mark.parametrize(("text", "slot", "value"), SETS + SETS_DEV + SETS_ASIDES + SETS_IN_PASSING)
def test_every_rule_that_matches_a_sentence_passes_its_gate(
    text: str, slot: str, value: str
) -> None:
    lowered = text.lower()
    for _, pattern, words in slot_rules._RULES_GATED:
        if pattern.search(text):
            assert holds_any(lowered, words), (pattern.pattern, text)
