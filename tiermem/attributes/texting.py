"""Sentences as texted, read as written: "im at Kainos these days" is "I'm at Kainos".

People drop the apostrophe in a chat ("im", "ive", "dont", "thats"). spaCy then reads "im"
as "i" and a verb "m", so "im on the Framework Laptop 13" and "im at Kainos" shared an
attribute ("m") and one superseded the other; and a rule written for "I'm with" misses "im
with". Only lower-case forms are restored: "IM" is a message and "Cant" may be a name.
"""

from __future__ import annotations

import re

_TEXTED = re.compile(
    r"\b(?:(im|ive)|(dont|didnt|doesnt|isnt|wasnt|arent|werent|cant|couldnt|wouldnt|shouldnt|"
    r"havent|hasnt|hadnt)|(thats|theyre|youre|theres))\b"
)
_FIRST_PERSON = {"im": "I'm", "ive": "I've"}


def as_written(sentence: str) -> str:
    """The sentence with its texted contractions spelled with their apostrophes."""

    def restored(match: re.Match[str]) -> str:
        word = match.group(0)
        if match.group(1):
            return _FIRST_PERSON[word]
        if match.group(2):
            return f"{word[:-1]}'t"
        return f"{word[:-2]}'{word[-2:]}" if word.endswith("re") else f"{word[:-1]}'s"

    return _TEXTED.sub(restored, sentence)
