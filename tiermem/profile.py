"""What tiermem believes about one tenant now, and how each belief changed.

Built from the facts themselves (every fact that states an attribute carries it as its
slot, in the mid and long tiers, superseded ones included), so the profile can never
disagree with search or history. Declared schema attributes appear even before anything
states them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tiermem.attributes import slots
from tiermem.attributes.vocabulary import Vocabulary
from tiermem.types import MemoryItem, iso


def _entry(item: MemoryItem) -> dict[str, Any]:
    return {
        "value": item.value,
        "memory": item.memory,
        "id": item.id,
        "tier": item.tier,
        "since": iso(item.valid_from or item.observed_at),
        "until": iso(item.valid_to) if item.valid_to else None,
        "superseded_by": item.superseded_by,
        "sources": list(item.sources),
    }


def profile(facts: Iterable[MemoryItem], vocabulary: Vocabulary) -> dict[str, Any]:
    """attribute -> {"multi", "declared", "current": [entry + "replaced"], "values"}."""
    by_attribute: dict[str, list[MemoryItem]] = defaultdict(list)
    for item in facts:
        if item.attribute is not None and not slots.unplaced(item.attribute):
            by_attribute[item.attribute].append(item)
    out: dict[str, Any] = {}
    names = sorted(set(by_attribute) | {k for k, a in vocabulary.attributes.items() if a.declared})
    for name in names:
        items = sorted(by_attribute.get(name, []), key=lambda i: i.observed_at)
        known = vocabulary.attributes.get(name)
        multi = bool(known and known.multi)
        current = [i for i in items if i.is_current]
        if not multi:
            current = current[-1:]  # the newest statement holds; older ones await the next run
        replaced: dict[str, list[MemoryItem]] = defaultdict(list)
        for i in items:
            if i.superseded_by:
                replaced[i.superseded_by].append(i)
        out[name] = {
            "multi": multi,
            "declared": bool(known and known.declared),
            "values": [i.value for i in reversed(current)],
            "current": [
                {**_entry(i), "replaced": [_entry(r) for r in replaced.get(i.id, [])]}
                for i in reversed(current)
            ],
        }
    return out


def timeline(facts: Iterable[MemoryItem], attribute: str) -> list[dict[str, Any]]:
    """Every statement of ``attribute``, oldest first, with when it held and what ended it."""
    items = sorted(
        (i for i in facts if i.attribute == attribute), key=lambda i: (i.observed_at, i.id)
    )
    return [{**_entry(i), "current": i.is_current} for i in items]
