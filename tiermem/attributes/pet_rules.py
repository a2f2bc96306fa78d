"""Which kinds of pet one has, read by the rules: "We've added a border terrier to the
household", "got a budgie too now", "our guinea pig chewed through my charger", "officially
a corn snake owner now", "need someone to feed the Staffie".

The pet rules in ``slot_rules`` read a pet by its name ("Meet Biscuit, our new kitten");
these read it by its kind, from a closed word class (``words.PET_KINDS``), under the same
many-valued slot, so "what pets do I have?" finds both and a second dog retires no first.
``slot_rules`` reads them last, after every other rule has had the whole text, so "we
got a rabbit!! named Tofu" is read by the name; and only in the speaker's own present, not
where the sentence ends the pet ("sadly lost our rabbit"). A bare "dog" or "cat" counts
only where one is taken in ("we got a dog"): "our dog's blood results" names no new kind.
"""

from __future__ import annotations

import re

from tiermem.attributes.rule_parts import alternation
from tiermem.attributes.words import PET_KINDS, PET_WORDS

_NOT_THE_PET = (
    r"(?!\s+(?:walker|sitter|groomer|food|bed|toys?|lead|bowl|hair|allerg\w*|dander|trainer|"
    r"training|treats?|insurance|flap|show|caf[eé]|park|whistle|tree|litter|carrier|hutch|"
    r"cage|tank|crate|costume|jumper|print|mug|calendar|videos?|memes?|rescue|shelter|"
    r"sanctuary|charity|documentary|friendly|lovers?|people|clip|nap|sitting|grooming|"
    r"racing|track|ride|riding|lessons?)\b)"
    r"(?!\s*,\s*(?-i:[A-Z][a-z]+)\b)(?!\s+(?:called|named)\b)"
)  # "a dog walker", "a cat nap", "a bulldog clip", "the horse racing": not a pet of one's
# own; "We adopted a second dog, Nala!", "a beagle called Max": a pet with a name is the
# reader's, which knows a name from a kind
_YOUNG = r"(?:\s+(?:cat|dog|kitten|puppy|pup))?(?:e?s)?"  # "a Siamese cat", "a labrador
# puppy", "my two guinea pigs"
_ANY_KIND = rf"(?P<v>(?:{alternation(PET_KINDS)}){_YOUNG})(?![\w-]){_NOT_THE_PET}"
_NAMED_KIND = rf"(?P<v>(?:{alternation(PET_KINDS - PET_WORDS)}){_YOUNG})(?![\w-]){_NOT_THE_PET}"
_SIZED = (
    r"(?:(?:new|second|third|little|baby|rescue|tiny|gorgeous|beautiful|young|senior|daft|"
    r"silly|lazy|greedy|pedigree|fluffy|old\s+(?:boy|girl))\s+)?"
)

NAMES_A_KIND = re.compile(rf"\b(?:{alternation(PET_KINDS)})(?:e?s)?(?![\w-])", re.I)
# one search that every rule below needs to pass: most sentences name no pet at all

STATED: tuple[str, ...] = (
    # taken in: "We've added a border terrier to the household", "got a budgie too now",
    # "Brought home a cockatiel from the rescue centre", "adding a tortoise to the zoo"
    r"\b(?:got|get|getting|adopted|adopting|bought|brought\s+home|rescued|took\s+in|"
    r"taken\s+in|added|adding|welcomed|homed|collected|picked\s+up|have|has|'ve\s+got)\s+"
    rf"(?:a|an|another|one\s+more|a\s+second|a\s+third|our|my)\s+{_SIZED}{_ANY_KIND}",
    # "officially a corn snake owner now", "Another one joined the family this week: a
    # golden retriever", "newest member of the household: a rabbit!"
    rf"\b(?:a|an)\s+{_ANY_KIND}\s+(?:owner|parent|mum|mom|dad|household)\b",
    rf"\bowner\s+of\s+(?:an?\s+|two\s+|three\s+)?(?:\w+\s+){{0,2}}?{_ANY_KIND}",
    rf"\bthe\s+{_NAMED_KIND}\s+(?:we|i)\s+(?:adopted|got|rescued|brought\s+home|took\s+in)\b",
    r"\b(?:household|family|home|house|zoo|gang|crew|pack|menagerie)\b[^.!?:]{0,30}"
    rf"(?::|\s[-\u2013\u2014])\s*(?:a|an)\s+{_SIZED}{_ANY_KIND}",
    # "our guinea pig chewed through my charger", "my cockapoo wants attention", "need
    # someone to feed the Staffie while we're away"
    rf"\b(?:my|our)\s+(?:two\s+|three\s+)?{_SIZED}{_NAMED_KIND}",
    r"\b(?:feed|feeding|fed|walk|walking|walked|groom|grooming|bathe|bathed|worm|wormed|"
    rf"de-?flea(?:ed)?|cuddle|cuddling)\s+(?:the|our|my)\s+{_SIZED}{_NAMED_KIND}",
)
