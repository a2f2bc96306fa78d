"""The words a rule's regex cannot match without, so a sentence holding none of them skips
the regex.

Consolidation, and a search over raw observations, read each sentence with about 180
rule patterns, and almost every pattern fails. A pattern such as
``\\b{I}\\s+(?:moved|relocated)\\s+to\\s+{VALUE}`` can only match a sentence that
contains "moved" or "relocated": a substring test on the lower-cased sentence is far
cheaper than the search. The words are read from the pattern's parse tree, so the gate
can never drift from the pattern it guards: it takes the mandatory part whose
alternatives are fewest (every alternative of it must name a literal run of three or
more characters), and a pattern without one is always searched.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

MIN_LITERAL = 3


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-cased literals one of which every match contains, or None when the pattern
    has no such part."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    found = _required(list(tree))
    return frozenset(found) if found else None


def holds_any(lowered: str, words: frozenset[str] | None) -> bool:
    return words is None or any(word in lowered for word in words)


def _required(items: list[tuple[Any, Any]]) -> set[str] | None:
    candidates: list[set[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= MIN_LITERAL:
            candidates.append({"".join(run).lower()})
        run.clear()

    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        found: set[str] | None = None
        if op is sre.SUBPATTERN:
            found = _required(list(av[-1]))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            low, _, body = av
            if low >= 1:
                found = _required(list(body))
        elif op is sre.BRANCH:
            found = _branch(av[1])
        if found:
            candidates.append(found)
    close_run()
    if not candidates:
        return None
    return min(candidates, key=lambda words: (len(words), -min(map(len, words))))


def _branch(alternatives: list[Any]) -> set[str] | None:
    union: set[str] = set()
    for alternative in alternatives:
        found = _required(list(alternative))
        if not found:
            return None
        union |= found
    return union
