"""One slot: what attribute a statement sets, and to what value.

A fact carries its slot as one string, ``"[Speaker:]attribute=value"``, because it is
stored in Redis and SQLite payloads and compared by equality; ``SlotValue`` is the only
code that builds or splits that string, so the encoding has one owner. The helpers here
read names: whose voice a slot is in, and whether it is placed on a known attribute.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

_SPEAKER = re.compile(r"^\s*([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}):\s+(.*)$", re.S)


@dataclass(frozen=True)
class SlotValue:
    slot: str  # e.g. "Caroline:home" or "home"
    value: str  # lower-cased, trimmed

    def encode(self) -> str:
        """ "Caroline:home=paris": the form a fact stores."""
        return f"{self.slot}={self.value}"

    @classmethod
    def decode(cls, encoded: str | None) -> SlotValue | None:
        """The inverse of ``encode``; None for no slot or a malformed one."""
        if not encoded or "=" not in encoded:
            return None
        name, value = encoded.rsplit("=", 1)
        return cls(slot=name, value=value)


def encoded(found: SlotValue | None) -> str | None:
    return found.encode() if found else None


@functools.lru_cache(maxsize=16384)
def split_speaker(text: str) -> tuple[str | None, str]:
    """("Caroline", "I moved") from "Caroline: I moved"; (None, text) without a speaker.
    Remembered per text: ranking asks it of every candidate of every search."""
    match = _SPEAKER.match(text)
    if match:
        return match.group(1).strip(), match.group(2)
    return None, text


def speaker_of(slot: str) -> str | None:
    """ "Caroline:home" -> "Caroline"; "home" -> None (the tenant's own voice)."""
    name = slot.split("=", 1)[0]
    return name.rsplit(":", 1)[0] if ":" in name else None


def names_value(text: str, value: str) -> bool:
    """Whole-word, case-insensitive: "Dune" is named in "rereading Dune", not in "dunes"."""
    if not value:
        return False
    pattern = r"(?<![\w-])" + re.escape(value.lower()) + r"(?![\w-])"
    return re.search(pattern, text.lower()) is not None


def unplaced(name: str) -> bool:
    """ "~" or "Caroline:~" (a first-person value statement no attribute claims), or "~?"
    (a past event naming a name the vocabulary could almost place)."""
    return name.rsplit(":", 1)[-1] in ("~", "~?")


def placed(slot: str | None) -> str | None:
    """The slot, or None for an unplaced ("~") one: a value of no known attribute neither
    promotes a fact early nor keeps it apart from its near-duplicates."""
    found = SlotValue.decode(slot)
    return None if found is None or unplaced(found.slot) else slot


def slot_name(slot: str | None) -> str | None:
    """ "Caroline:home=paris" -> "home"; "home=paris" -> "home"."""
    found = SlotValue.decode(slot)
    return found.slot.rsplit(":", 1)[-1] if found else None


def same_value(a: str, b: str) -> bool:
    """ "berlin" and "berlin germany" name the same value; "paris" and "berlin" do not.
    Nor do an article or a possessive tell two values apart: "the council gym" is
    "council gym", and "gold" (the parser's reading of "at Gold's Gym") is "gold's gym"."""
    wa, wb = _value_words(a), _value_words(b)
    n = min(len(wa), len(wb))
    return n > 0 and wa[:n] == wb[:n]


def _value_words(value: str) -> list[str]:
    return [_POSSESSIVE.sub("", w) for w in bare_value(value).split()]


_POSSESSIVE = re.compile(r"['\u2019]s$")


def bare_value(value: str) -> str:
    """ "the hobbit" and "hobbit" are one value (rules keep articles, the reader drops them)."""
    return _ARTICLE.sub("", value)


_ARTICLE = re.compile(r"^(?:the|a|an|my|our)\s+")
