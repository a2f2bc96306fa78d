"""The school one's children go to, read by the rules: "Our son goes to Oakwood Academy
now", "got the place at Hollybank Academy", "Parents' evening at St Mary's Primary
tonight", "the Greenfield Primary drop-off queue".

A school is named the way schools name themselves ("St Mary's Primary", "Riverside
Juniors", "Holy Trinity C of E", "St Joseph's"). The sentence is about the speaker's own
child ("my son", "our eldest", "the kids", or the child by name: "Emma's started at X"),
and ``slot_rules`` reads it in the speaker's own present with the child taken out
(``cues.as_said_of``): "My niece goes to X", "Claire's two are at X", "He used to go to
X" and "We might move him to X" set nothing.
"""

from __future__ import annotations

import re

_KINDS = (  # the word a school's name ends in
    r"Primary|Academy|Juniors|Infants|School|Elementary|Grammar|Prep|Nursery|College|"
    r"Montessori|High"
)
SCHOOL = (  # "St Mary's Primary", "Holy Trinity C of E", "Riverside Free School", "St Joseph's"
    rf"(?P<v>(?-i:(?:St\.?\s+)?(?:[A-Z][\w'’-]*\s+){{0,3}}(?:{_KINDS}|C\s+of\s+E|CofE|CE)"
    r"(?:\s+(?:School|Primary|Academy))?|St\.?\s+[A-Z][a-z]+['’]s))(?![\w-])"
)
NAMES_A_SCHOOL = re.compile(
    rf"(?-i:\b(?:{_KINDS}|CofE|CE|E)\b|\bSt\.?\s+[A-Z])"
)  # one search every rule below needs to pass: a school's name
_AT_SCHOOL = (  # what only a school has, and a parent speaks of
    r"(?:parents['’]?\s+evening|drop-?off(?:\s+queue)?|pick-?up|school\s+run|sports\s+day|"
    r"nativity|inset\s+day|uniform|jumpers?|name\s+labels|open\s+evening|newsletter|"
    r"cake\s+sale|fete|assembly|school\s+trip|letter|email|first\s+(?:day|week|term)|"
    r"(?:class|parents['’]?)\s+whatsapp(?:\s+group)?)"
)

STATED: tuple[tuple[str, str], ...] = (
    # where the child goes: "My son goes to X now", "Our daughter is at X", "the kids are
    # at X", "our son started at X this term", "Emma's started at X", "Our boy has
    # transferred to X", "moved our son over to X", "X is where our eldest goes now"
    (
        "child school",
        r"\b(?:goes|go|going|started|starts|starting|is|are|'s|’s|transferred|moved)\s+"
        rf"(?:now\s+|over\s+)?(?:at|to)\s+{SCHOOL}",
    ),
    ("child school", rf"{SCHOOL}\s+is\s+where\s+(?:our|my|the)\s+"),
    (
        "child school",
        rf"\b(?:moved|moving|transferred)\s+(?:\w+\s+){{0,2}}?(?:over\s+)?to\s+{SCHOOL}",
    ),
    ("child school", rf"\b(?:got|have|has|had)\s+(?:the|a)\s+place\s+at\s+{SCHOOL}"),
    # "my son's in Year 9 at Kingsmead School", "Our Mia started Reception at Brookside
    # Primary", "The kids' school is Lakeside Primary", "my lad's school, Greenhill High"
    (
        "child school",
        r"\b(?:in|started|starts|starting)\s+(?:year\s+\d+|reception|nursery|year\s+one|year\s+two)\s+"
        rf"at\s+{SCHOOL}",
    ),
    (
        "child school",
        r"\b(?:kids['’]?|children['’]s|son['’]s|daughter['’]s|lad['’]s|boy['’]s|girl['’]s)\s+"
        rf"school(?:(?:'s|’s|\s+is)\s+(?:now\s+)?|,\s+){SCHOOL}",
    ),
    (
        "child school",
        r"\b(?:my|our)\s+(?:son|daughter|kid|child|boy|girl)(?:'s|’s)\s+school\s+is\s+(?:now\s+)?"
        rf"{SCHOOL}",
    ),
    # a school day: "Parents' evening at X tonight", "the X uniform costs a fortune", "X
    # has an inset day Friday", "Dropped the kids at X", "part of the X crowd now"
    (
        "child school",
        rf"\b{_AT_SCHOOL}\s+(?:\w+\s+){{0,3}}?(?:at|from|for|to)\s+(?:the\s+)?{SCHOOL}",
    ),
    (
        "child school",
        rf"{SCHOOL}\s+(?:{_AT_SCHOOL}|class|parents|crowd|(?:has|have)\s+an?\s+inset|"
        r"(?:has\s+|have\s+)?sent)\b",
    ),
    ("child school", rf"\bdropped\s+(?:the\s+kids|\w+)\s+(?:off\s+)?at\s+{SCHOOL}"),
)
ABOUT = {"child school": "child"}  # the household member each is said of (``cues``)

_PARENTS_THINGS = re.compile(r"\bparents['’]?\s+(?:evening|whatsapp|association|meeting)", re.I)
# "Parents' evening" is the school's, not anybody's parents
_SOMEONES_CHILDREN = re.compile(
    r"\b(?-i:[A-Z][a-z]+)['’]s\s+(?:two|three|kids|boys?|girls?|twins|son|daughter|eldest|youngest|"
    r"little\s+\w+)\b",
    re.I,
)  # "Claire's two are at X": a named person's children, not the speaker's


def as_the_parent_says_it(sentence: str) -> str | None:
    """The sentence ready for the household test: a parents' evening is no person, and
    somebody's children by name are theirs (None)."""
    if _SOMEONES_CHILDREN.search(sentence):
        return None
    return _PARENTS_THINGS.sub("the school evening", sentence)
