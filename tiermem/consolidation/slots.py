"""Slot rules: read "what attribute does this sentence set, and to what value".

"I live in Paris" and later "I moved to Berlin" both set ``home``; the heuristic policy
supersedes the older value when a newer fact sets the same slot of the same speaker to
something else. Rules are deliberately conservative: a sentence no rule reads is
simply kept (ADD), never wrongly superseded. Negations and questions set nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEAKER = re.compile(r"^\s*([A-Z][\w .'-]{0,40}?):\s+(.*)$", re.S)
_VALUE = r"(?P<v>[A-Za-z0-9][\w'&.-]*(?:\s+(?!(?:and|but|because|since|with|for|last|this|next|yesterday|today|ago|in|on|at|to|a|the|so|after|before|when|while|now|too|again|as|from|who|which|that)\b)[A-Za-z0-9][\w'&.-]*){0,3})"
_I = r"(?:i|we)(?:'m|'ve| am| have| are| just| now| recently| finally|'ve just| have just)*"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (slot, re.compile(pattern, re.I))
    for slot, pattern in [
        (
            "home",
            rf"\b{_I}\s+(?:now\s+)?(?:live|living|reside|residing|settled|based)\s+in\s+{_VALUE}",
        ),
        ("home", rf"\b{_I}\s+(?:moved|relocated|moving|relocating)\s+(?:back\s+)?to\s+{_VALUE}"),
        ("home", rf"\bmy\s+(?:new\s+)?(?:home|place|apartment|flat|house)\s+is\s+in\s+{_VALUE}"),
        ("home", rf"\b(?:i|we)\s+(?:now\s+)?call\s+{_VALUE}\s+home"),
        ("employer", rf"\b{_I}\s+(?:work|working)\s+(?:at|for)\s+{_VALUE}"),
        (
            "employer",
            rf"\b{_I}\s+(?:joined|started at|started working at|got hired at|got a job at)\s+{_VALUE}",
        ),
        ("job", rf"\b{_I}\s+(?:work|working)\s+as\s+(?:an?\s+)?{_VALUE}"),
        ("job", rf"\bmy\s+(?:new\s+)?(?:job|role|position|profession)\s+is\s+(?:an?\s+)?{_VALUE}"),
        (
            "partner",
            rf"\bmy\s+(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?|spouse)(?:'s| is)\s+(?:called\s+|named\s+)?{_VALUE}",
        ),
        ("partner", rf"\b{_I}\s+(?:dating|seeing|married|engaged to)\s+{_VALUE}"),
        (
            "pet",
            rf"\bmy\s+(?:new\s+)?(?:dog|cat|puppy|kitten|pet|parrot|rabbit|hamster|bird|fish|turtle)(?:'s| is)\s+(?:called\s+|named\s+)?{_VALUE}",
        ),
        (
            "pet",
            rf"\b{_I}\s+(?:adopted|got)\s+an?\s+(?:new\s+)?(?:dog|cat|puppy|kitten|parrot|rabbit|hamster)\s+(?:called|named)\s+{_VALUE}",
        ),
        (
            "diet",
            rf"\b{_I}\s+(?:an?\s+)?(?:(?:strict|full|now)\s+)?(?P<v>vegan|vegetarian|pescatarian|keto|carnivore|omnivore|flexitarian)\b",
        ),
        ("diet", rf"\b{_I}\s+(?:on|following)\s+(?:an?\s+|the\s+)?{_VALUE}\s+diet"),
        ("car", rf"\b{_I}\s+(?:drive|driving|bought|got)\s+an?\s+(?:new\s+)?{_VALUE}\s*(?:car)?"),
        ("car", rf"\bmy\s+(?:new\s+)?car\s+is\s+an?\s+{_VALUE}"),
        ("gym", rf"\bmy\s+(?:new\s+)?gym\s+is\s+{_VALUE}"),
    ]
]
_FAVOURITE = re.compile(
    rf"\bmy\s+(?:new\s+)?(?:all-time\s+)?favou?rite\s+(?P<k>[a-z]+(?:\s+[a-z]+)?)\s+(?:is|are)\s+(?:now\s+)?{_VALUE}",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no longer|used to|anymore|miss|missed|former|ex-)\b", re.I
)
_TRAILING = re.compile(r"\b(?:now|too|again|these days|nowadays|lately|then)$", re.I)


@dataclass(frozen=True)
class SlotValue:
    slot: str  # e.g. "Caroline:home" or "home"
    value: str  # lower-cased, trimmed


def split_speaker(text: str) -> tuple[str | None, str]:
    match = _SPEAKER.match(text)
    if match:
        return match.group(1).strip(), match.group(2)
    return None, text


def read(text: str) -> SlotValue | None:
    """The slot and value a first-person sentence sets, or None."""
    speaker, body = split_speaker(text)
    if "?" in body:
        return None
    for sentence in re.split(r"(?<=[.!;])\s+", body):
        if _NEGATION.search(sentence):
            continue
        fav = _FAVOURITE.search(sentence)
        if fav:
            return _make(speaker, "favourite " + fav.group("k").lower(), fav.group("v"))
        for slot, pattern in _RULES:
            match = pattern.search(sentence)
            if match:
                return _make(speaker, slot, match.group("v"))
    return None


def same_value(a: str, b: str) -> bool:
    """ "berlin" and "berlin germany" name the same value; "paris" and "berlin" do not."""
    wa, wb = a.split(), b.split()
    n = min(len(wa), len(wb))
    return n > 0 and wa[:n] == wb[:n]


def _make(speaker: str | None, slot: str, raw: str) -> SlotValue | None:
    value = _TRAILING.sub("", raw.strip(" .,!;:'\"")).strip().lower()
    if not value:
        return None
    name = f"{speaker}:{slot}" if speaker else slot
    return SlotValue(slot=name, value=value)
