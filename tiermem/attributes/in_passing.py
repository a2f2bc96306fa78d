"""Who one is, said in passing: the slot a sentence reveals without stating it.

"people always ask me for advice when they hear I'm a pharmacist", "Omar stole the whole
duvet again", "Ziggy got a treat for being good, spoiled hamster", "filled up the Mazda
MX-5": no "my job is", "my partner is" or "my car is", yet each says who one is now. Each
reading is narrow (a word class from ``words``: occupations, car makes, animals; or what
only partners do), is read only after every statement rule in ``slot_rules`` has passed,
and only in the speaker's own present: not a past state, a maybe, an ending, a question,
or someone else's. A pet introduced ("We have a dog, Rex") is left to the reader, which
knows when a pet is one of several.
"""

from __future__ import annotations

import re

from tiermem.attributes.cues import (
    ending,
    hypothetical,
    past_occasion,
    past_state,
    someone_elses,
)
from tiermem.attributes.rule_parts import (
    ADVERBS,
    ANIMAL,
    BRAND,
    CLUB,
    NAME,
    PET_EMOJI,
    alternation,
)
from tiermem.attributes.words import (
    CAR_MAKES,
    FOOTBALL_CLUBS,
    MONTHS,
    OCCUPATIONS,
    PEOPLE,
    RELATIONS,
    WEEKDAYS,
)

_MAKES = alternation(CAR_MAKES)
_PARTNER_WORDS = r"gf|bf|hubby|wifey|girlfriend|boyfriend|husband|wife|fianc[eé]e?"
_CLUB_WORDS = " ".join({word.lower() for club in FOOTBALL_CLUBS for word in club.split()})
_MAKE_WORDS = " ".join(make.split()[0].lower() for make in CAR_MAKES)  # the words a car needs
# typed in lower case after "my": not "Mini" ("my mini fridge")
_MAKES_TYPED = alternation(make.lower() for make in CAR_MAKES if make != "Mini")
_MAKE_WORDS_TYPED = " ".join(make.split()[0].lower() for make in CAR_MAKES if make != "Mini")
# A role by its head noun ("a software engineer", "a data analyst"), never a judgement of
# one ("a terrible cook", "a natural teacher") or someone's ("a nurse's shift")
_OCCUPATION = (
    r"(?P<v>(?-i:(?:(?!(?:a|an|the|very|really|proper|real|good|bad|great|terrible|awful|"
    r"amazing|decent|better|best|worse|worst|natural|born|total|complete|proud|tired|busy|"
    r"new|old|former|trainee|retired)\b)[a-z-]+\s+)?(?:"
    + "|".join(sorted(OCCUPATIONS))
    + r")))\b(?!['’]s|\s+(?:friend|mate|appointment|visit|says|said|told|thinks)\b)"
)
_NOT_A_PASTIME = (
    r"a|an|the|my|our|long|short|evening|morning|afternoon|weekend|lunchtime|dance|spin|"
    r"quick|good|great|first|new|big|free|whole|weekly|daily|"
    r"extra|online|private|group|work|study|therapy|planning|team|strategy|brainstorming|"
    r"feedback|training|revision|maths|math|english|history|science|parents|support|photo|"
    r"video|chat|coaching|catch-up|sales|staff|zoom|exam|school|baby|antenatal|parenting"
)
# How people say who they are, in passing ("people ask me for advice when they hear I'm a
# pharmacist", "such is life as a chef", "bought Dmitri flowers for no reason", "booked
# another pottery class"): read after every other rule, and only in the speaker's present
_IN_PASSING = tuple(  # (slot, words one of which the sentence must hold, pattern)
    (slot, frozenset(words.split()), re.compile(pattern, re.I))
    for slot, words, pattern in (
        (
            "job",
            "i'm i’m am",
            rf"\b(?:i'm|i’m|i\s+am)\s+{ADVERBS}(?:still\s+|just\s+)?an?\s+{_OCCUPATION}",
        ),
        ("job", "being", rf"\bbeing\s+an?\s+{_OCCUPATION}"),
        (
            "job",
            "as",
            r"\b(?:life|paperwork|payslip|paycheck|pay|salary|shifts?|career|job|work|living|"
            rf"hours|training|contract|there\s+is|there's|it\s+is|it's)\s+as\s+an?\s+{_OCCUPATION}",
        ),
        (
            "job",
            "who's who’s who",
            r"\b(?:i\s+was|i'm|i’m|i\s+am)\s+the\s+(?:only\s+)?one\b[^.!?]{0,25}?\bwho(?:'s|’s|\s+is)\s+"
            rf"an?\s+{_OCCUPATION}",
        ),
        ("job", "born", rf"\bi\s+was\s+born\s+to\s+be\s+an?\s+{_OCCUPATION}"),
        ("job", "been", rf"\b(?:i've|i\s+have)\s+been\s+an?\s+{_OCCUPATION}\s+for\b"),
        # "teacher life never ends", "data analyst things", "electrician knees are real",
        # "as a plumber i can confirm": a role worn as a badge
        (
            "job",
            "life things struggles problems grind hours brain knees dream",
            rf"(?:^|[,;:]\s+|\b(?:the|my)\s+){_OCCUPATION}\s+(?:life|things|struggles|problems|grind|"
            r"hours|brain|knees|dream)\b",
        ),
        ("job", "as", rf"(?:^|[,;:]\s+)as\s+an?\s+{_OCCUPATION},?\s+(?:i|we)\b"),
        (  # "qualified as of friday, a nurse at last", "a pharmacist from here on"
            "job",
            "last on now days officially",
            rf"(?:^|[,;:]\s+)(?:now\s+|officially\s+)?an?\s+{_OCCUPATION}\s+(?:at\s+(?:long\s+)?last|"
            r"from\s+(?:here|now)\s+on|now|these\s+days|officially)\b",
        ),
        # a band as fans speak of one: "queued two hours for Portishead merch", "got a Massive
        # Attack tattoo", "Bon Iver still slaps", "Gorillaz in my headphones again"
        (
            "favourite band",
            "merch tattoo tickets vinyl hoodie t-shirt",
            rf"\b(?:for|got\s+an?|my|new)\s+{BRAND}\s+(?:merch|tattoo|tickets|vinyl|hoodie|t-shirt)\b",
        ),
        ("favourite band", "slaps", rf"(?:^|[.!,]\s+){BRAND}\s+(?:still\s+)?slaps\b"),
        (
            "favourite band",
            "headphones earbuds ears",
            rf"(?:^|[.!,]\s+){BRAND}\s+in\s+my\s+(?:headphones|earbuds|ears)\b",
        ),
        # the football team as fans speak of it: "Celtic lost again", "Wrexham play
        # tonight", "watching Wolves in the pub", "the Rangers match is at 3", "stood in the
        # away end with the Arsenal fans", "bought the new Brighton kit"
        (
            "football team",
            _CLUB_WORDS,
            rf"(?:^|[.!,;:]\s+|\b(?:and|but|so)\s+){CLUB}\s+(?:(?:are|have|just|finally)\s+)?"
            r"(?:won|lost|drew|beat|thrashed|smashed|battered|play|playing|scored|got\s+"
            r"(?:relegated|promoted)|(?:are|is)\s+(?:at\s+home|away|playing|on|through|top|bottom))\b",
        ),
        (
            "football team",
            _CLUB_WORDS,
            rf"\b(?:watch|watching|watched)\s+(?:the\s+)?{CLUB}(?!\s+(?:lose|get\s+(?:thrashed|battered|beaten)))",
        ),
        (
            "football team",
            _CLUB_WORDS,
            rf"\bthe\s+(?:new\s+)?{CLUB}\s+(?:(?:home|away|third)\s+)?(?:match|game|fans|kit|shirt|"
            r"scarf|stadium|ground|end|season\s+ticket)\b",
        ),
        (
            "football team",
            _CLUB_WORDS,
            rf"(?:^|[.!,;:]\s+){CLUB}\s+(?:match|game|(?:home|away)\s+game)\b",
        ),
        # the car by its make: "filled up the Mazda MX-5", "road trip in the Volvo XC40";
        # not one hired, borrowed or ridden in
        (
            "car",
            _MAKE_WORDS,
            r"^(?![^.!?]*\b(?:bike|bicycle|e-bike|motorbike|scooter)\b)[^.!?]*?"
            r"(?<!rented\s)(?<!hired\s)(?<!borrowed\s)\b(?:the|my|our)\s+(?:new\s+)?(?P<v>(?-i:(?:"
            + _MAKES
            + r")(?:\s+[A-Z0-9][\w-]*){0,2}))(?!\s+(?:dealer|dealership|garage|showroom|app|taxi|cab|uber|stock|stocks|shares|"
            r"factory|plant|ad|advert|recall|ceo|store|shop)\b)"
            r"(?![^.!?]*\b(?:rental|hire\s+car|test\s+drive|taxi|uber|cab|bike)\b)",
        ),
        (  # "it's a Honda Civic", "I'm in a Renault Clio now", "treated myself to a second-hand
            # Volvo XC40", "got the keys to my own Mazda MX-5": a car of one's own, by its make
            "car",
            _MAKE_WORDS,
            r"^(?![^.!?]*\b(?:bike|bicycle|e-bike|motorbike|scooter|rental|taxi|uber|cab)\b)[^.!?]*?"
            r"(?:\b(?:it's|it\s+is|in|to|bought|got|drive|driving|leased|own|car\b[^.!?]*?,)\s+"
            r"(?:an?|my\s+own)\s+(?:new\s+|second-hand\s+|secondhand\s+|used\s+|brand\s+new\s+)?)"
            r"(?P<v>(?-i:(?:" + _MAKES + r")(?:\s+[A-Z0-9][\w-]*){0,2}))",
        ),
        (  # "my toyota yaris made a grinding noise", "MOT on my ford fiesta": typed in lower case
            "car",
            _MAKE_WORDS_TYPED,
            r"^(?![^.!?]*\b(?:bike|bicycle|e-bike|motorbike|scooter)\b)[^.!?]*?\bmy\s+(?P<v>(?:"
            + _MAKES_TYPED
            + r")\s+(?!(?:stock|stocks|shares|app|account|dealer|garage)\b)[a-z0-9-]*\d[a-z0-9-]*|"
            r"(?:"
            + _MAKES_TYPED
            + r")\s+(?!(?:stock|stocks|shares|app|account|dealer|garage|made|is|was|has|had|and|"
            r"to|in|on|at|for|with|again|today|tonight)\b)[a-z][a-z0-9-]*(?:\s+\d[a-z0-9-]*)?)"
            r"(?:'s)?\b",
        ),
        (
            "partner",
            "duvet covers blanket blankets",
            rf"(?:^|[.!,]\s+){NAME}\s+(?:stole|hogged|nicked|took)\s+(?:all\s+)?(?:the\s+)?"
            r"(?:whole\s+)?(?:duvet|covers|blankets?)",
        ),
        ("partner", "flowers roses", rf"\bbought\s+{NAME}\s+(?:some\s+)?(?:flowers|roses)\b"),
        (
            "partner",
            "cooked made",
            rf"(?:^|[.!,]\s+){NAME}\s+(?:cooked|made)\s+(?:me\s+)?(?:dinner|breakfast)\s+(?:for\s+me\s+)?"
            r"(?:[^.!?]*\b(?:so\s+sweet|bless|in\s+bed|romantic))",
        ),
        (  # "date night w my gf Priya", "hubby Dave snoring", "wife (Rachel) says"
            "partner",
            "gf bf hubby wifey girlfriend boyfriend husband wife fiance fiancé fiancee fiancée",
            rf"\b(?:{_PARTNER_WORDS})\s+\(?"
            rf"{NAME}\b",
        ),
        ("partner", "met", rf"(?:^|[.!,]\s+){NAME}\s+met\s+my\s+(?:parents|family|mum|dad|mom)\b"),
        (
            "partner",
            "toothbrush",
            rf"(?:^|[.!,]\s+){NAME}\s+left\s+(?:a|his|her|their)\s+toothbrush\s+at\s+"
            r"(?:mine|my\s+place|my\s+flat)",
        ),
        (
            "partner",
            "lazy",
            rf"\blazy\s+(?:morning|sunday|day|weekend)\s+(?:in\s+bed\s+)?with\s+{NAME}",
        ),
        ("partner", "snore", rf"(?:^|[.!,]\s+){NAME}\s+says\s+i\s+snore\b"),
        (
            "partner",
            "anniversary valentine's valentines",
            rf"\b(?:anniversary|valentine's|valentines)\s+(?:dinner\s+)?with\s+{NAME}",
        ),
        (
            "partner",
            "kissed moved woke waking",
            rf"\b(?:kissed|moved\s+in\s+with|(?:woke|waking)\s+up\s+next\s+to)\s+{NAME}",
        ),
        (  # "booked another pottery class for thursday", "a long salsa dancing session";
            # never a class with a named place or teacher, nor one of several ("added a
            # salsa class on top of the others"): those name a studio, a club or a list
            "hobby",
            "class lesson session gear tutorial tutorials workshop",
            rf"\b(?:another|a|the|some|of|on|long)\s+"
            rf"(?P<v>(?-i:(?!(?:{_NOT_A_PASTIME})\b)[a-z-]{{3,}}(?:\s+[a-z-]{{3,}})?))\s+"
            r"(?:class|lesson|session|gear|tutorials?|workshop)\b"
            r"(?![^.!?]*\b(?:at|with|to|over|on\s+top|as\s+well|too)\b)",
        ),
    )
)
_WORDS = re.compile(r"[a-z0-9'’-]+")
# A pet by name beside the kind of animal it is ("Ziggy got a treat, spoiled hamster",
# "vet appointment for Tofu, poor tortoise hates the carrier"); not someone else's
_ANIMAL_WORD = re.compile(rf"\b{ANIMAL}s?\b|{PET_EMOJI}", re.I)
_OTHERS_ANIMAL = re.compile(rf"(?:['’]s|s['’])\s+(?:[a-z]+\s+)?{ANIMAL}\b", re.I)
_KEPT_ANIMAL = re.compile(  # "typical ferret", "my tortoise", "poor cat", "cats are menaces",
    # a pet's emoji: one's own animal
    r"\b(?:my|our|the|a|typical|spoiled|spoilt|poor|best|silly|naughty|cheeky|good|little|"
    rf"lazy|sweet|grumpy|old|this)\s+{ANIMAL}\b(?!\s+(?:plant|walker|sitter|food|of\s+paradise))|"
    rf"\b{ANIMAL}s\s+are\b|{PET_EMOJI}",
    re.I,
)
_SOMEONE_WITH_IT = re.compile(  # the walker, the sitter, the groomer: someone else with it;
    # an animal introduced by name ("a dog called Olive") or met in a shop, a café, a video
    r"\b(?:walkers?|is\s+walking|walks\s+(?:are|the|our|my)|sitter|groomer|photo\s+from|called|"
    r"named|shop|caf[eé]|"
    r"video|zoo|shelter|tiktok|instagram|youtube|"
    r"picking\s+(?:the\s+|it\s+|him\s+|her\s+)?(?:\w+\s+)?up|takes?\s+(?:the|it|him|her)\s+(?:\w+\s+)?out)\b",
    re.I,
)
_INTRODUCED = re.compile(
    r"\b(?:have|has|had|got|adopted|adopting|rescued|bought|getting)\s+(?:a|an|another|two|"
    rf"three)\s+(?:[\w-]+\s+)?{ANIMAL}\b|\bwelcomed?\s+(?-i:[A-Z])",
    re.I,
)
_IN_A_LONGER_NAME = re.compile(r"\s+(?-i:[A-Z])|\s+(?:" + ANIMAL + r")\b", re.I)  # "Liam
# Carter", "a Siamese cat": a surname or a breed, no pet's name
_IN_A_LONGER_NAME_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’-]*\s+$")
_CAPITALISED = re.compile(r"(?<![\w'’-])(?-i:[A-Z][a-z]{2,})(?![\w'’-])")
_NOT_NAMES = (
    PEOPLE
    | RELATIONS
    | WEEKDAYS
    | MONTHS
    | {"mum", "mom", "dad", "nan", "gran", "granny", "grandad", "vet", "mummy", "daddy"}
)


def read(sentence: str) -> tuple[str, str] | None:
    """The slot and raw value one sentence reveals in passing, or None. Never for a
    question ("is being an accountant boring? asking for a friend")."""
    if "?" in sentence:
        return None
    words = frozenset(_WORDS.findall(sentence.lower()))
    for slot, triggers, pattern in _IN_PASSING:
        match = pattern.search(sentence) if triggers & words else None
        if match is None or (slot == "partner" and not _partner_named(sentence, match.group("v"))):
            continue
        said = sentence
        if _PARTNER_WORD.match(match.group(0)) and not _WHOSE.search(sentence[: match.start()]):
            # "hubby Dave is snoring": the word names him the speaker's partner, unless it is
            # somebody else's ("Jake and his wife Chloe")
            said = sentence[: match.start()] + match.group("v") + sentence[match.end() :]
        if in_own_present(said, match.group("v"), bool(_I_AM.match(match.group(0)))):
            return slot, match.group("v")
    pet = _pet_named(sentence) if _ANIMAL_WORD.search(sentence) else None
    return ("pet", pet) if pet is not None else None


def _partner_named(sentence: str, name: str) -> bool:
    """A name, not kin ("bought Mum flowers") or a day, in a sentence with no animal in it
    ("Biscuit stole the whole duvet again, bad dog" is the pet's)."""
    return name.lower() not in _NOT_NAMES and _ANIMAL_WORD.search(sentence) is None


_I_AM = re.compile(r"(?:i'm|i’m|i\s+am)\b", re.I)
_WHOSE = re.compile(r"\b(?:his|her|their|your|\w+['’]s)\s+(?:new\s+|lovely\s+)?$", re.I)
_PARTNER_WORD = re.compile(rf"(?:{_PARTNER_WORDS})\b", re.I)


def in_own_present(sentence: str, value: str, explicit: bool) -> bool:
    """Said now of the speaker's own life: not a past state, a maybe, or an ending. A role
    the sentence gives "I" ("my niece told her class I'm a physio") is the speaker's own
    whoever else the sentence names; anything else must not be someone else's."""
    named = frozenset({value.lower()})
    if past_state(sentence) or past_occasion(sentence) or ending(sentence):
        return False
    if hypothetical(sentence, named):
        return False
    return explicit or not someone_elses(sentence, named)


def _pet_named(sentence: str) -> str | None:
    """The name beside a kind of animal in the speaker's own present: the first name
    inside the sentence, else its first word when what it did follows ("Tofu woke me at
    5am, who knew a cat could be this loud"; not "Hoovering up after a hamster")."""
    if _OTHERS_ANIMAL.search(sentence) or _SOMEONE_WITH_IT.search(sentence):
        return None
    if _INTRODUCED.search(sentence):
        return None  # "We have a dog, Rex", "adopted a second cat, Nala", "welcome Bear to
        # the gang": the reader reads a pet introduced, and whether it is one of several
    if not _KEPT_ANIMAL.search(sentence):
        return None
    names = [
        m
        for m in _CAPITALISED.finditer(sentence)
        if m.group().lower() not in _NOT_NAMES
        and not _ANIMAL_WORD.fullmatch(m.group())
        and not _IN_A_LONGER_NAME.match(sentence, m.end())
        and not _IN_A_LONGER_NAME_BEFORE.search(sentence[: m.start()])
    ]
    inside = [m for m in names if sentence[: m.start()].strip(" \"'(")]
    if inside:
        name = inside[0].group()
    elif names and (
        _DID.match(sentence, names[0].end()) is not None
        or _apposed_kind_did(sentence, names[0].end())
    ):
        name = names[0].group()
    else:
        return None
    if in_own_present(sentence, name, False):
        return name
    return None


_THE_KIND = re.compile(rf",?\s+(?:the|my|our)\s+{ANIMAL}\b", re.I)  # "Pip the hamster"


def _apposed_kind_did(sentence: str, at: int) -> bool:
    """ "Pip the hamster chewed my slippers": a name, its kind, then what it did; not
    "Washed the dog today", where the first word is the speaker's own doing."""
    kind = _THE_KIND.match(sentence, at)
    return kind is not None and _DID.match(sentence, kind.end()) is not None


_DID = re.compile(
    r"\s+(?:is|was|has|got|gets|woke|wakes|ate|eats|stole|knocked|loves|hates|"
    r"won't|refuses|keeps|sleeps|slept|chewed|chews|[a-z]+ed)\b"
)
