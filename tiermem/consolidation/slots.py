"""Slot rules: read "what attribute does this sentence set, and to what value".

"I live in Paris" and later "I moved to Berlin" both set ``home``; the heuristic policy
supersedes the older value when a newer fact sets the same slot of the same speaker to
something else. Rules are deliberately conservative: a sentence no rule reads is
simply kept (ADD), never wrongly superseded. Negations and questions set nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEAKER = re.compile(r"^\s*([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}):\s+(.*)$", re.S)
_VALUE = r"(?P<v>[A-Za-z0-9][\w'&.-]*(?:\s+(?!(?:and|but|because|since|with|for|last|this|next|yesterday|today|ago|in|on|at|to|a|the|so|after|before|when|while|now|too|again|as|from|who|which|that|is|was|were|are|has|had|have|will|would|can|could|it|its|it's|i|we|my|our|starting|still|really|every|just|even|these|right|mostly)\b)[A-Za-z0-9][\w'&.-]*){0,3})"
_I = r"(?:i|we)(?:'m|'ve| am| have| are| just| now| recently| finally|'ve just| have just| been)*"
_START = r"(?:^|(?<=[.!;]\s)|(?<=[.!;]\s\s))\s*(?:just\s+|finally\s+|recently\s+)?"  # subjectless

_BRAND = r"(?P<v>(?-i:[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,2}))"  # "Volkswagen Golf", "Mazda MX-5"
_NAME = r"(?P<v>(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))"  # a person's or pet's name
_DIETS = r"(?P<v>vegan|vegetarian|pescatarian|keto|paleo|carnivore|flexitarian|gluten-free|dairy-free|low-carb|halal|kosher)"
_PLACE = r"(?:place|flat|apartment|house|home|condo|address)"
_NOT_A_THING = r"(?!(?:my|our|his|her|their|the|a|an|some|up|it|them|him)\b)"  # "picked up my kids"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (slot, re.compile(pattern, re.I))
    for slot, pattern in [
        (
            "home",
            rf"\b{_I}\s+(?:now\s+)?(?:live|living|reside|residing|settled|based)\s+in\s+{_VALUE}",
        ),
        ("home", rf"\b{_I}\s+(?:moved|relocated|moving|relocating)\s+(?:back\s+)?to\s+{_VALUE}"),
        ("home", rf"\b(?:my|our)\s+(?:new\s+)?{_PLACE}\s+(?:is\s+)?in\s+{_VALUE}"),
        (
            "home",
            rf"\b(?:lease|mortgage)\s+(?:on|for)\s+(?:a|an|the|my|our)\s+(?:new\s+)?{_PLACE}\s+in\s+{_VALUE}",
        ),
        ("home", rf"\b(?:i|we)\s+(?:now\s+)?call\s+{_VALUE}\s+home"),
        ("home", rf"{_START}(?:moved|relocated)\s+(?:back\s+)?to\s+{_VALUE}"),
        ("home", rf"(?:^|[.!]\s+)(?:my\s+|our\s+)?home\s+is\s+(?:now\s+)?{_BRAND}"),
        (
            "home",
            rf"(?:\b{_I}\s+|{_START})(?:moved\s+into|bought|rented|renting|found)\s+(?:a|an|our|my)\s+(?:new\s+)?{_PLACE}\s+in\s+{_BRAND}",
        ),
        ("gym", rf"\b{_I}\s+joined\s+(?:the\s+)?{_BRAND}\s+(?:gym|fitness|studio|club)\b"),
        ("employer", rf"\b{_I}\s+(?:work|working)\s+(?:at|for)\s+{_VALUE}"),
        (
            "employer",
            rf"\b{_I}\s+(?:joined|started at|started working at|got hired at|got a job at)\s+{_BRAND}",
        ),
        ("employer", rf"\baccepted\s+(?:the|an|their)\s+(?:job\s+)?offer\s+from\s+{_VALUE}"),
        ("employer", rf"\b(?:my\s+)?onboarding\s+at\s+{_VALUE}"),
        ("employer", rf"{_START}started\s+(?:working\s+)?at\s+{_BRAND}"),
        ("employer", rf"\b{_I}\s+(?:got\s+|was\s+)?(?:now\s+)?(?:employed|hired)\s+by\s+{_BRAND}"),
        ("employer", rf"\bmy\s+(?:new\s+)?(?:employer|company)\s+is\s+(?:now\s+)?{_BRAND}"),
        (
            "employer",
            rf"\bsigned\s+(?:my|a|the)\s+(?:new\s+)?(?:employment\s+)?contract\s+with\s+{_BRAND}",
        ),
        ("job", rf"\b{_I}\s+(?:work|working)\s+as\s+(?:an?\s+)?{_VALUE}"),
        (
            "job",
            rf"\b{_I}\s+(?:started|starting|got|took)\s+(?:a\s+)?(?:new\s+)?(?:job|position|role)\s+as\s+(?:an?\s+)?{_VALUE}",
        ),
        ("job", rf"\bmy\s+(?:new\s+)?(?:job|role|position|profession)\s+is\s+(?:an?\s+)?{_VALUE}"),
        ("job", rf"\bcareer\s+change\b[^.]*?\bi(?:'m| am)\s+(?:now\s+)?(?:an?\s+)?{_VALUE}"),
        ("job", rf"\bmy\s+first\s+(?:day|shift|week)\s+as\s+(?:an?\s+)?{_VALUE}"),
        (
            "job",
            rf"\b{_I}\s+(?:got\s+|was\s+)?(?:now\s+)?(?:hired|employed|promoted|retrained|qualified)\s+as\s+(?:an?\s+)?{_VALUE}",
        ),
        (
            "job",
            rf"{_START}(?:started|starting)\s+(?:my\s+)?(?:new\s+)?(?:job|position|role)\s+as\s+(?:an?\s+)?{_VALUE}",
        ),
        ("job", rf"\b{_I}\s+(?:became|become)\s+(?:an?\s+)?{_VALUE}"),
        (
            "partner",
            rf"\bmy\s+(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?|spouse)(?:'s| is)\s+(?:called\s+|named\s+)?{_VALUE}",
        ),
        (
            "partner",
            rf"\b{_I}\s+(?:started\s+|got\s+)?(?:dating|seeing|married|engaged to|married to)\s+(?:someone(?:\s+new)?,?\s+)?{_NAME}",
        ),
        (
            "partner",
            rf"(?:^|[.!]\s+)my\s+(?:new\s+)?(?:girlfriend|boyfriend|partner|wife|husband|fianc[eé]e?)\s+{_NAME}",
        ),
        ("partner", rf"\bin\s+a\s+relationship\s+with\s+{_NAME}"),
        ("partner", rf"{_START}(?:i'm\s+|we're\s+)?going\s+out\s+with\s+{_NAME}"),
        (
            "partner",
            rf"(?:^|[.!]\s+){_NAME}\s+and\s+i\s+(?:have\s+been|are|started|'ve\s+been)\s+(?:dating|seeing each other|together)",
        ),
        (
            "pet",
            rf"\bmy\s+(?:new\s+)?(?:dog|cat|puppy|kitten|pet|parrot|rabbit|hamster|bird|fish|turtle|tortoise)(?:'s| is)\s+(?:called\s+|named\s+)?{_VALUE}",
        ),
        (
            "pet",
            rf"\b{_I}\s+(?:adopted|got)\s+an?\s+(?:new\s+)?[\w -]{{2,20}}?\s+(?:called|named)\s+{_NAME}",
        ),
        ("pet", rf"\bmeet\s+{_NAME},\s+(?:our|my)\s+new\s+[\w -]{{2,20}}"),
        (
            "pet",
            rf"(?:^|[.!]\s+)(?:my|our)\s+(?:new\s+)?(?:dog|cat|puppy|kitten|parrot|rabbit|hamster|bird|tortoise|ferret)\s+{_NAME}",
        ),
        (
            "pet",
            rf"\b{_I}\s+(?:brought\s+home|rescued|took\s+in)\s+an?\s+(?:new\s+)?[\w -]{{2,20}}?\s+(?:called|named)\s+{_NAME}",
        ),
        ("diet", rf"\b{_I}\s+(?:an?\s+)?(?:(?:strict|full|now)\s+)?{_DIETS}\b"),
        ("diet", rf"\b{_I}\s+(?:gone|going|went|eating|turned)\s+{_DIETS}\b"),
        ("diet", rf"\b{_I}\s+(?:on|following)\s+(?:an?\s+|the\s+)?{_VALUE}\s+diet"),
        (
            "diet",
            rf"(?:\b{_I}\s+|{_START})(?:switched|moved|changed)\s+to\s+(?:an?\s+|the\s+)?{_DIETS}\b",
        ),
        ("diet", rf"{_START}(?:been\s+)?(?:gone|going|went|eating|turned)\s+{_DIETS}\b"),
        ("car", rf"\b{_I}\s+(?:drive|driving|bought|got)\s+an?\s+(?:new\s+)?{_BRAND}"),
        ("car", rf"\btraded\s+in\s+(?:my|our)\s+(?:old\s+)?car\s+for\s+an?\s+(?:new\s+)?{_BRAND}"),
        ("car", rf"\bmy\s+(?:new\s+)?car\s+is\s+an?\s+{_BRAND}"),
        ("car", rf"\b{_I}\s+leased\s+an?\s+(?:new\s+)?{_BRAND}"),
        ("car", rf"\bpicked\s+up\s+(?:my|our)\s+new\s+{_BRAND}"),
        ("gym", rf"\bmy\s+(?:new\s+)?gym\s+is\s+(?:now\s+)?{_VALUE}"),
        ("gym", rf"(?:\b{_I}\s+|{_START})(?:work(?:ing)?\s+out|training|lifting)\s+at\s+{_BRAND}"),
        (
            "gym",
            rf"(?:\b{_I}\s+|{_START})(?:got|have|bought|signed\s+up\s+for)\s+a\s+(?:new\s+)?membership\s+(?:at|with|to)\s+{_BRAND}",
        ),
        ("gym", rf"\b{_I}\s+signed\s+up\s+(?:at|with)\s+{_VALUE}"),
        ("gym", rf"\b(?:switched|moved|changed)\s+(?:my\s+)?(?:gym\s+)?membership\s+to\s+{_VALUE}"),
        ("hobby", rf"\b{_I}\s+(?:taken|took)\s+up\s+{_VALUE}"),
        ("hobby", rf"\bmy\s+new\s+(?:obsession|hobby|passion)\s+is\s+{_VALUE}"),
        ("hobby", rf"\b{_I}\s+picked\s+up\s+{_NOT_A_THING}{_VALUE}"),
        (
            "hobby",
            rf"\b{_I}\s+(?:started|starting)\s+(?:learning|practi[cs]ing|doing)\s+{_NOT_A_THING}{_VALUE}",
        ),
    ]
]
_FAVOURITE = re.compile(
    rf"\bmy\s+(?:new\s+)?(?:all-time\s+)?favou?rite\s+(?P<k>[a-z]+)\s+"
    rf"(?:(?:these\s+days|right\s+now|now|at\s+the\s+moment|lately)\s+)?"
    rf"(?:is|are|could\s+be\s+described\s+as|would\s+be|has\s+become|became)\s+(?:now\s+)?{_VALUE}",
    re.I,
)
_FAVOURITE_AFTER = re.compile(  # "emerald is my favourite colour", "Dracula, it's my new favourite book"
    r"(?:^|(?<=\s))"
    r"(?P<v>(?-i:[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|of|the|and))*|[a-z][\w'-]*))\s*"
    r"(?:,|;|\s)\s*(?:is|it's|it is|they're|they are)\s+my\s+(?:new\s+)?favou?rite"
    r"(?:\s+(?P<k>colou?r|book|band|food|dish|song|album|movie|film|sport|drink|city|place|show|game|team|season|animal|restaurant))?",
    re.I,
)
_NOTHING_BEATS = re.compile(r"\bnothing\s+beats\s+" + _VALUE, re.I)
_KIND_CUES = (
    ("band", ("listen", "band", "album", "song", "music", "concert")),
    ("book", ("read", "book", "novel", "chapter")),
    ("colour", ("colour", "color", "wear", "paint")),
    ("food", ("eat", "beats", "dish", "food", "dinner", "lunch", "cook", "taste")),
)
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|used to|anymore|miss|missed|former|ex-|ex|back when|when i was|"
    r"(?<!traded in )(?<!trade in )(?:my|our) old)\b"  # "traded in my old car for X" is news
    r"|n't\b(?!\s+(?:stop|get enough|wait|help))",  # "can't stop listening to X" is a yes
    re.I,
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
    for sentence in re.split(r"(?<=[.!])\s+", body):
        if _NEGATION.search(sentence):
            continue
        fav = _FAVOURITE.search(sentence)
        if fav:
            return _make(speaker, "favourite " + _kind(fav.group("k")), fav.group("v"))
        after = _FAVOURITE_AFTER.search(sentence) or _NOTHING_BEATS.search(sentence)
        if after:
            named = after.groupdict().get("k")
            kind = _kind(named) if named else _kind_from_cues(sentence)
            if kind:
                return _make(speaker, "favourite " + kind, after.group("v"))
        for slot, pattern in _RULES:
            match = pattern.search(sentence)
            if match:
                return _make(speaker, slot, match.group("v"))
    return None


def _kind(word: str) -> str:
    word = word.lower()
    return {"color": "colour", "dish": "food", "film": "movie"}.get(word, word)


def _kind_from_cues(sentence: str) -> str | None:
    lowered = sentence.lower()
    for kind, cues in _KIND_CUES:
        if any(cue in lowered for cue in cues):
            return kind
    return None


_QUERY_SLOTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slot, re.compile(pattern, re.I))
    for slot, pattern in (
        (
            "favourite band",
            r"\b(?:band|music|musician|singer|artist|group|listen|listens|listening)\b",
        ),
        ("favourite book", r"\b(?:book|novel)\b"),
        ("favourite colour", r"\bcolou?r\b"),
        ("favourite food", r"\b(?:food|dish|meal|cuisine)\b"),
        (
            "employer",
            r"\b(?:employer|company|employs|works?\s+(?:for|at)|where\s+does\s+\S+(?:\s+\S+)?\s+work\?)",
        ),
        ("job", r"\b(?:job|occupation|profession|work(?:s|ing)?\s+as|career|for\s+a\s+living)\b"),
        ("home", r"\b(?:live|lives|(?<!a\s)living|city|town|reside|resides|based|home\s*town)\b"),
        (
            "partner",
            r"\b(?:partner|dating|seeing|girlfriend|boyfriend|wife|husband|spouse|married|relationship)\b",
        ),
        ("pet", r"\b(?:pets?|animal|dog|cat|puppy|kitten)\b"),
        ("diet", r"\b(?:diet|eating\s+habits)\b"),
        ("car", r"\b(?:car|vehicle|drive|drives|driving)\b"),
        ("gym", r"\b(?:gym|work\s+out|works\s+out|working\s+out|exercise|exercises)\b"),
        ("hobby", r"\b(?:hobby|hobbies|pastime|for\s+fun|free\s+time|spare\s+time)\b"),
    )
)


_OTHER_PEOPLE = re.compile(
    r"\b(?:sister|brother|mother|mom|mum|father|dad|friend|neighbou?r|cousin|colleague|coworker|"
    r"son|daughter|aunt|uncle|grand\w+|roommate|boss|ex|parents?|kids?|children)\b",
    re.I,
)


def affirmative(sentence: str) -> bool:
    """The speaker says something holds for themselves: not negated, not nostalgic, not
    about somebody else ("My sister lives in Rome")."""
    return not _NEGATION.search(sentence) and not _OTHER_PEOPLE.search(sentence)


_PAST_STATE = re.compile(
    r"\b(?:used to|no longer|not anymore|back when|when (?:i|we) (?:was|were|lived|worked)|"
    r"formerly|(?:my|our) (?:old|ex|former)|miss being|miss living)\b",
    re.I,
)


def past_state(sentence: str) -> bool:
    """The speaker says something held for themselves and holds no longer ("I used to be
    a big Nirvana fan", "my old Toyota", "Priya, my ex"). A bare "I miss Lisbon" is not
    enough: people miss partners on a trip and cities they still live in."""
    return (
        "?" not in sentence
        and _PAST_STATE.search(sentence) is not None
        and not _OTHER_PEOPLE.search(_PAST_STATE.sub(" ", sentence))
    )


def speaks_for_now(memory: str) -> bool:
    """Can this memory answer "how are things *now*" for its speaker? Not when it states
    a past state ("I used to..."), and not, in a single-voice chat, when it is somebody
    else's fact ("My sister lives in Rome"). In a transcript with named speakers the
    relatives belong to the speaker's own story ("Melanie: my kids loved the lake"), so
    there only the past counts (on LoCoMo the broader test cost 0.01 recall@10)."""
    speaker, body = split_speaker(memory)
    if past_state(body):
        return False
    if speaker is not None:
        return True
    return not _OTHER_PEOPLE.search(body) and not hypothetical(body)


_HYPOTHETICAL = re.compile(
    r"\b(?:might|may|could|would|maybe|perhaps|thinking\s+(?:about|of)|considering|"
    r"tempted|i'd\s+(?:love|like)|someday|one\s+day|if\s+i)\b",
    re.I,
)


def hypothetical(sentence: str) -> bool:
    """ "I might move to Oslo", "Maybe I should try X", "Thinking about a Pixel": a value
    the speaker only considers."""
    return _HYPOTHETICAL.search(sentence) is not None


_ENDING = re.compile(
    r"\b(?:sell|sold|selling|rehome|rehomed|rehoming|cancel|cancell?ed|cancell?ing|quit|quitting|"
    r"g[ai]ve\s+away|giving\s+away|g[ai]ve\s+up|given\s+up|get\s+rid\s+of|got\s+rid\s+of|"
    r"getting\s+rid\s+of|broke\s+up\s+with|ditched|"
    r"dumped|scrapped|donated|unsubscribed\s+from|left|stopped|dropped\s+out\s+of)\b",
    re.I,
)


_NEGATED = re.compile(r"\b(?:not|never|won't|don't|can't|n't)\b|n't\b", re.I)
_MAYBE = re.compile(r"\b(?:might|may|could|would|should|will|thinking|if)\b", re.I)


def ending(sentence: str) -> bool:
    """The speaker gives something up ("I sold the Golf", "we had to rehome Nala"):
    for a many-valued attribute this retires one value and keeps the rest."""
    return (
        "?" not in sentence
        and _ENDING.search(sentence) is not None
        and not _OTHER_PEOPLE.search(sentence)
        and _NEGATED.search(sentence) is None
        and _MAYBE.search(sentence) is None
    )


def may_end(text: str) -> bool:
    """Cheap gate: could some sentence of ``text`` retire a current value?"""
    _, body = split_speaker(text)
    return past_state(body) or ending(body)


def ends(text: str, value: str) -> bool:
    """Some sentence of ``text`` says ``value`` held for the speaker and holds no longer.
    Per sentence, so "I used to hate running. Now I live in Boston." ends nothing."""
    _, body = split_speaker(text)
    return any(
        (past_state(sentence) or ending(sentence)) and names_value(sentence, value)
        for sentence in re.split(r"(?<=[.!?])\s+", body)
    )


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


_PAST_QUESTION = re.compile(
    r"\b(?:did|was|were|used to|before|previously|formerly|originally|ago|old|ex|former)\b",
    re.I,
)


def asks_about_now(query: str) -> bool:
    """Not about the past ("Where did she live before?") nor about somebody else."""
    return not _OTHER_PEOPLE.search(query) and not _PAST_QUESTION.search(query)


def query_slot(query: str) -> str | None:
    """The slot a question asks about ("Where does the user live now?" -> "home"), so
    search can put the tenant's current value for it first. None when unsure, None
    when the question is about someone else ("Where does her sister live?"), and None
    when it asks about the past ("Where did she live before?"): the newest value is
    then not the answer."""
    if _OTHER_PEOPLE.search(query) or _PAST_QUESTION.search(query):
        return None
    found = [slot for slot, pattern in _QUERY_SLOTS if pattern.search(query)]
    return found[0] if len(found) == 1 else None


RULED: frozenset[str] = frozenset({slot for slot, _ in _RULES} | {slot for slot, _ in _QUERY_SLOTS})


def ruled(name: str) -> bool:
    """A slot the hand-written rules read ("home", "favourite book")."""
    bare = name.rsplit(":", 1)[-1]
    return bare in RULED or bare.startswith("favourite ")


def unplaced(name: str) -> bool:
    """ "~" or "Caroline:~" (a first-person value statement no attribute claims), or "~?"
    (a past event naming a name the vocabulary could almost place)."""
    return name.rsplit(":", 1)[-1] in ("~", "~?")


def placed(slot: str | None) -> str | None:
    """The slot, or None for an unplaced ("~") one: a value of no known attribute neither
    promotes a fact early nor keeps it apart from its near-duplicates."""
    if not slot:
        return None
    return None if unplaced(slot.rsplit("=", 1)[0]) else slot


def slot_name(slot: str | None) -> str | None:
    """ "Caroline:home=paris" -> "home"; "home=paris" -> "home"."""
    if not slot:
        return None
    name = slot.split("=", 1)[0]
    return name.rsplit(":", 1)[-1]


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
