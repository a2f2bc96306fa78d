"""Sentence cues the rules share: is a sentence about the speaker's present, or about
somebody else, the past, a maybe, or something given up?

Closed word lists, because these cues decide what must never supersede a current value
("my brother moved to Rome", "I used to live in Oslo", "I might move to Oslo").
"""

from __future__ import annotations

import functools
import re

from tiermem.attributes import question_focus
from tiermem.attributes.slots import names_value, split_speaker

_ACCUSTOMED = r"(?<!get\s)(?<!gets\s)(?<!got\s)(?<!getting\s)(?<!be\s)(?<!i'm\s)(?<!am\s)(?<!are\s)"
# "could get used to this", "I'm used to it": accustomed, no look back
_KIN = (
    r"sister|brother|mother|mom|mum|father|dad|friend|neighbou?r|cousin|colleague|"
    r"coworker|co-worker|son|daughter|aunt|uncle|grand\w+|roommate|boss|ex|parent|kid|"
    r"husband|wife|boyfriend|girlfriend|fianc[eé]e?|flatmate|housemate|teammate|classmate|"
    r"niece|nephew|nan|nana|nanna|gran|granny|in-law|teen|teenager|toddler|auntie|aunty|"
    r"mam|mummy|mama|daddy|hubby|missus|bestie|bff|sis|"
    r"step(?:mum|mom|dad|father|mother|sister|brother|son|daughter)|"
    r"god(?:mother|father|son|daughter|parent)"
)  # people words: OTHER_PEOPLE reads them in questions, _SOMEONE_ELSES in statements
_SWAPPED_FOR = "".join(
    f"(?<!{verb} )"
    for verb in ("traded in", "trade in", "swapped", "replaced", "replacing", "upgraded", "ditched")
)  # "Replaced my old machine with the ZenBook", "traded in my old car for X": the old one
# is unnamed and what the sentence names is the new one
NEGATION = re.compile(
    rf"\b(?:not|never(?!\s+(?:looked|felt|been|tasted|sounded)\s+(?:so\s+)?(?:good|better|great|nice))"
    r"(?!\s+(?:miss|misses|skip|skips)\b)|(?:ll|will)\s+never\s+miss|"  # "the podcast I never
    # miss" is a yes, "I'll never miss Gmail" a no
    rf"no longer|{_ACCUSTOMED}used to|anymore|(?<!never\s)(?:miss|missed)|former|ex-|ex|back when|"
    r"when i was|"
    rf"{_SWAPPED_FOR}(?:my|our) old"
    rf"(?!\s+(?:\w+\s+)?(?:{_KIN}|teacher|tutor|coach|lecturer|mate|pal)s?\b))\b"
    # "traded in my old car for X" is news, "my old boss wasn't thrilled" an aside
    r"|n't\b(?!\s+(?:stop|get enough|wait|help|judge|believe|complain|fault|be happier|"
    r"recommend|rate|forget))"  # "can't stop listening to X" is a yes, "don't judge me" an
    # aside; "never looked so good" a compliment
    r"(?![^.!?]*\bsooner\b)",  # "can't believe I didn't switch sooner": a regret, a yes
    re.I,
)
_SOMEONE = (
    r"some(?:one|body)(?!\s+(?:new|stop|help|send)\b)"
    r"(?!\s+(?:\w+\s+)?(?:nicked|stole|pinched|nabbed|swiped|took|grabbed|parked\s+in)\s+(?:my|our)\b)"
)  # "someone nicked my spot on the squat rack at X": the speaker's own X; "someone new" is the
# speaker's news, "someone stop me" the speaker's aside
OTHER_PEOPLE = re.compile(
    rf"\b(?:(?:{_KIN})s?|children|{_SOMEONE}|everyone|everybody|"
    r"(?:my|our|his|her|their|a|the)\s+(?:best\s+|old\s+)?(?:mate|pal|bloke|lad)s?)\b",
    re.I,
)  # plurals too ("My neighbours are on X"); "mate" only as a person ("my mate", not "Yerba
# Mate"); no "trainer" or "coach": "my trainers" are shoes, "the coach" is a bus


_PERSON = (
    rf"(?:{_KIN}|partner|spouse|mate|pal|bloke|lad)(?:s|es)?"
    rf"|children|other half|{_SOMEONE}|every(?:one|body)|next door"
)  # as a subject: "mate" can stand alone there ("Mate of mine swears by X")
_GROUP = r"(?:office|work|company|firm|team|club|class|family|household|group|department)"
_GROUP_DOES = (
    r"\s+(?:all\s+|just\s+|also\s+|really\s+|only\s+)?(?:uses?|using|ha[sd]|have|got|gets?|does|do|"
    r"match(?:es)?|swears?|loves?|likes?|buys?|bought|switched|(?:is|are|'s)\s+(?:doing|using|into|"
    r"obsessed|talking|going|on|reading|watching|playing|listening|learning|trying))\b"
)  # a group is a subject only doing something: "My team is Arsenal" is the speaker's team,
# "The spin class at X nearly killed me" the speaker's class, "My book club is reading X"
# the club's book
_CLAUSE_START = r"(?:^|[.!?;:]\s*|,\s*|\b(?:and|but|so|because|while|whereas|though)\s+)\W*"
_SOMEONE_ELSES = re.compile(
    _CLAUSE_START
    + r"(?:(?:(?:my|our|a|the|his|her|their)\s+(?:[\w-]+\s+){0,2}"
    + r"|(?:one|some|all|most|both)\s+of\s+my\s+)"
    + rf"(?:{_PERSON}|{_GROUP}s?(?={_GROUP_DOES}))|(?:{_PERSON}))\b"
    + r"(?!\s+(?:and|&)\s+(?:i|me)\b)(?!'?\s+(?:evening|night)\b)"  # "My partner and I moved":
    # the speaker's own; "Parents' evening at X" is the speaker's event
    + rf"|\b(?:my|our)\s+(?:[\w-]+\s+)?(?:{_PERSON})(?:'s|s')",  # "my sister's kids", anywhere
    re.I,
)
# A person or group as the subject ("My partner uses X", "Next door uses X", "The office
# just got a X", "My running club all use X"), or owning the value ("my son's dentist"):
# somebody else's fact, whatever two words say which ("My running club mate swears by X").
# Elsewhere a person is the speaker's company or audience ("Shared the album with my
# parents through X", "Rosie got the kids to bed"), and a capitalised person word inside a
# name is a name ("The Glassmaker's Daughter").


_PERSON_WORD = re.compile(_PERSON, re.I)


def is_person_word(word: str) -> bool:
    """ "sister", "mates", "flatmate": a word for a person other than the speaker."""
    return _PERSON_WORD.fullmatch(word) is not None


_NAMED_PERSON_GOT = re.compile(
    r"^\W*(?!(?:it|that|this|there|here|what|who|everything|nothing|he|she|they)\b)[A-Za-z]+"
    r"(?:'s|’s|\s+has)\s+(?:just\s+|finally\s+|also\s+|recently\s+|only\s+)?"
    r"(?:bought|got|moved|switched|signed|adopted|landed|booked|ordered|upgraded)\b",
    re.I,
)  # "Tom's just bought the New Balance 1080", "mark's just bought a Switch", "Raj has just
# moved to Manchester": a first name with "has" and a getting verb is somebody's news
# ("Emma's started at St Mary's" may be the user's own child: "started" is not read)


_NAMED_PERSON_DOES = re.compile(
    r"^\W*(?!(?:I|We|It|That|This|There|He|She|They|My|Our|The|Got|Been|Gotten|[A-Z][a-z]+"
    r"(?:ed|ing))\b)[A-Z][a-z]+"
    r"(?:\s+from\s+(?:work|the\s+office|uni|school|next\s+door))?"
    r"(?:'s|’s|\s+is)?\s+(?:really\s+|totally\s+|so\s+|well\s+)?"
    r"(?:supports|drives|rates|into|obsessed\s+with)\b(?!\s+(?:are|is|were|was|have|has)\b)"
    r"|\bswears\s+by\b",
)  # "Jess supports Arsenal", "Sarah from work drives a Corolla", "Priya's really into
# tennis", "My trainer swears by vitamin D": a third person's liking (the speaker says "I
# swear by"); a brand seldom supports, drives or rates anything


def someone_elses(sentence: str, named: frozenset[str] | None = None) -> bool:
    """The sentence states somebody else's fact, not the speaker's. With the values it
    ``named``, a person counts as the subject of the sentence's first clause or of a
    clause holding a value (``holding``): "Put Blur on in the kitchen and the kids
    complained" is the speaker's music, "My mum reads nothing but Stephen King" her book."""
    if _NAMED_PERSON_GOT.search(sentence) is not None:
        return True
    if _NAMED_PERSON_DOES.search(sentence) is not None:
        return True
    if _SOMEONE_ELSES.search(sentence) is None:
        return False
    parts = clauses(sentence)
    held = holding(parts, named)
    if held is None:
        return True
    return any(_SOMEONE_ELSES.search(part) is not None for part in (parts[0], *held))


def affirmative(sentence: str, named: frozenset[str] | None = None) -> bool:
    """The speaker says something holds for themselves: not negated, not nostalgic, not
    about somebody else ("My sister lives in Rome"). "Nobody but X ... anymore" says X
    alone holds. ``named``: the values the sentence names, so negation and other people
    are read in the clauses that hold them (``negated``, ``someone_elses``)."""
    said = sentence
    if _ONLY_THAT.search(sentence) is not None:
        said = _ANY_MORE.sub(" ", _ONLY_THAT.sub(" ", sentence))
    return not negated(said, named) and not someone_elses(said, named)


_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:!?.()]|\s[-\u2013\u2014]\s|\b(?:and|but|so|because|cos|cuz|though|although|"
    r"while|whereas|til|till|until)\b)\s*",
    re.I,
)


def clauses(sentence: str) -> list[str]:
    """The sentence cut where one clause may end and another begin: at punctuation and at
    the words that join clauses. Rough on purpose: it only has to keep a value apart from
    an aside about something else."""
    return [part for part in _CLAUSE_BREAK.split(sentence) if part.strip()]


def holding(parts: list[str], named: frozenset[str] | None) -> list[str] | None:
    """The clauses that hold one of the ``named`` values, or the first clause when the
    sentence names none ("Got judo tonight so can't do dinner": a lower-case value opens
    it). None where the clauses cannot say: no values given, one clause only, or a value
    cut in two by the cutting ("Pride and Prejudice")."""
    if named is None or len(parts) < 2:
        return None
    if not named:
        return parts[:1]
    held = [part for part in parts if any(value in part.lower() for value in named)]
    if not held or any(not any(value in part.lower() for part in held) for value in named):
        return None
    return held


_PLAIN_NEGATION = re.compile(r"not|never|n't", re.I)  # negation, not a look back ("used to")
_WHY_IT_WENT = re.compile(
    r"^\W*(?:(?:it|they|we|i|he|she)\s+)?(?:just\s+|really\s+)?(?:wasn't|weren't|didn't|hadn't|"
    r"never\s+(?:\w+ed|used|played|wore|read|went|got|did|made|took|ate|drank))\b"
    r"(?!\s+(?:see|expect|think|know|reali[sz]e|believe)\b)|"  # "didn't see that coming"
    r"\bwon't\s+bother\b|\bnot\s+replacing\b",
    re.I,
)  # "Gave the PS5 to my cousin, never used it", "Pulled out the roses, they weren't doing
# well": the reason a value went, in the past, said of it; "my old boss wasn't thrilled"
# is the boss's


def negated(sentence: str, named: frozenset[str] | None = None) -> bool:
    """The sentence says no, or looks back ("used to", "my old", "anymore"). With the
    values it ``named``, a plain "not", "never" or "n't" counts only in a clause holding
    a value, or where it gives the reason a value went ("gave the PS5 to my cousin, never
    used it"): "Got a signed copy of Dune and I'm never letting anyone touch it", "Spent
    the day at Everyman, can't complain" and "Switched to Arsenal, don't tell my dad"
    affirm. On the development streams this let 186 more statements of a held value
    answer, and no more decoys."""
    if NEGATION.search(sentence) is None:
        return False
    parts = clauses(sentence)
    held = holding(parts, named)
    if held is None:
        return True
    for part in parts:
        found = NEGATION.search(part)
        if found is None:
            continue
        if part in held or not _PLAIN_NEGATION.fullmatch(found.group(0)):
            return True
        if _WHY_IT_WENT.search(part) is not None:
            return True
    return False


_ONLY_THAT = re.compile(r"\b(?:nobody|no\s+one|nothing|none)\s+but\b", re.I)
_ANY_MORE = re.compile(r"\bany\s?more\b", re.I)


_PAST_STATE = re.compile(
    rf"\b(?:{_ACCUSTOMED}used to|no longer|not anymore|back when|"
    r"when (?:i|we|he|she|they|(?:the|my|our) \w+) (?:was|were|had|went|lived|worked|\w+ed)|"
    r"back in (?:uni|college|school|the day|those days|\d{4}|"
    r"(?:my|our) (?:days?|youth|twenties|thirties|teens|student|school|uni|college))|"
    r"(?:was|were) (?:my|our) (?:go-to|usual|regular|favou?rite)|"
    r"glad to be (?:gone|rid|out|done)|good riddance|"
    r"formerly|previous|previously|"
    rf"{_SWAPPED_FOR}(?:my|our) (?:old|ex|former)"
    rf"(?!\s+(?:\w+\s+)?(?:{_KIN}|teacher|tutor|coach|lecturer|mate|pal|school\w*)s?\b)|"
    r"(?:was|were) (?:my|our) [^.!?]*\b(?:before|until|ago|last (?:year|month|time|summer|winter))|"
    r"(?:not|never|\w+n't)\b[^.!?]{0,40}?\b(?:anymore|any\s+more)|"
    r"(?:i|we)\s+(?:was|were)\s+[^.!?]*\bbefore\s+(?:this|that|now|switching)|"
    r"(?:was|were)\s+(?:so\s+|much\s+|way\s+|far\s+|a\s+lot\s+)?(?:better|nicer|cheaper|"
    r"closer|friendlier|cleaner|quieter|comfier)(?!\s+than)|"  # "The showers at X were better"
    r"miss being|miss living|"
    # looking back, in the words people use for it: "the Fiat Panda I had before", "spam
    # from my Contoso days", "teenage me", "an old photo of Pepper", "best cat we ever had",
    # "my vegan phase", "glad that's behind me", "haven't spoken since the breakup"
    r"(?:i|we)\s+(?:had|owned|drove|kept)\s+(?:before|back\s+then|years\s+ago|as\s+a\s+kid)|"
    r"(?:from|in|during)\s+(?:my|our)\s+(?:(?!these\b|those\b)[\w-]+\s+){1,2}days|"
    r"teenage\s+me|(?:my|our)\s+teenage|old\s+(?:photos?|pictures?|pics?|videos?)\s+of|"
    r"(?:we|i)\s+ever\s+had|(?:my|our)\s+[\w-]+\s+phase|behind\s+(?:me|us)\s+now|"
    r"(?:that's|that\s+is|it's)\s+behind\s+(?:me|us)|a\s+different\s+life|"
    r"since\s+(?:the|our)\s+(?:break-?up|split|divorce)|forever\s+ago|"
    r"(?:\w*n't|not|never|no)\b[^.!?]*\bin\s+years)\b",  # "haven't been in years", not "the
    # best haircut I've had in years"
    re.I,
)  # "traded in my old car for X" is news; "Saw my old maths teacher at X": the teacher is
# the old one, not X


def past_state(sentence: str) -> bool:
    """The speaker says something held for themselves and holds no longer ("I used to be
    a big Nirvana fan", "my old Toyota", "Priya, my ex", "We had BT for years"). A bare
    "I miss Lisbon" is not enough: people miss partners on a trip and cities they still
    live in."""
    if "?" in sentence:
        return False
    if _PAST_STATE.search(sentence) is not None:
        return not someone_elses(_PAST_STATE.sub(" ", sentence))
    return over_and_done(sentence)


DONE_SPAN = re.compile(
    r"\b(?:for (?:years|ages|a while|a long time|donkey's years|most of|"
    r"(?:(?:about|nearly|almost|over|around|like) )?(?:\d+|a few|a couple of|several|two|three|"
    r"four|five|six|seven|eight|nine|ten) (?:years|months|decades))"
    r"|all through|back then|back in|in the old days|years ago|a year ago|ages ago"
    r"|at uni(?:versity)?\b|in (?:my|our) (?:teens|twenties|thirties|forties|student days)"
    r"|before(?=\s*(?:[,.;:!)]|$|this\b|that\b|then\b|moving\b|"
    r"(?:i|we|he|she|they)\s+(?:moved|switched|changed|left|relocated|quit|emigrated)\b))"
    r"|until last (?:year|month|summer|winter|spring|autumn)|as a (?:kid|child|teenager|student))",
    re.I,
)  # a span of time that is over: "for years", "all through uni", "before I moved"
_SIMPLE_PAST_START = re.compile(
    r"^\W*(?:(?:i|we|he|she|they)\s+)?(?!(?:switched|moved|changed|joined|signed|started|"
    r"upgraded|swapped|traded|transferred|registered|enrolled|subscribed|adopted|picked|replaced|converted|"
    r"turned|settled|grabbed|ordered|leased|rented|hired|married|landed|added|opened|"
    r"booked|finished|needed|decided)\b)"
    r"(?:had|was|were|went|did|ran|drank|drove|rode|wore|swam|ate|spent|kept|\w+ed)\b",
    re.I,
)  # the speaker's own state in the simple past; a change said in the past still holds


def over_and_done(sentence: str) -> bool:
    """ "We had BT for years but the price kept creeping up", "Went to Bupa Dental before I
    moved", "Was on TikTok all the time at uni": a state in the simple past over a span
    that is over is a former value. "Switched to Monzo years ago" still holds, and "I've
    been with Nationwide for years" is no simple past."""
    return _SIMPLE_PAST_START.match(sentence) is not None and DONE_SPAN.search(sentence) is not None


_LAST_TIME = re.compile(r"\blast time\b(?![^.!?]*\?)", re.I)
# "Last time we read X for book club": an occasion past, whatever the value is now; not
# a past state, so it retires nothing ("Last time I was at Dr Kim's ..." keeps Dr Kim)


def past_occasion(sentence: str) -> bool:
    """ "Last time we read X for book club": about an occasion that is over."""
    return _LAST_TIME.search(sentence) is not None


@functools.lru_cache(maxsize=16384)
def speaks_for_now(memory: str, named: frozenset[str] | None = None) -> bool:
    """Can this memory answer "how are things *now*" for its speaker? Not when it states
    a past state ("I used to..."), and not, in a single-voice chat, when it is somebody
    else's fact ("My sister lives in Rome"). In a transcript with named speakers the
    relatives belong to the speaker's own story ("Melanie: my kids loved the lake"), so
    there only the past counts (on LoCoMo the broader test cost 0.01 recall@10).
    Remembered per text: a search asks it of every candidate, and the same memories come
    back search after search."""
    speaker, body = split_speaker(memory)
    if past_state(body) or past_occasion(body):
        return False
    if speaker is not None:
        return True
    return not someone_elses(body, named) and not hypothetical(body, named)


_HYPOTHETICAL = re.compile(
    r"\b(?:might|may|could|would|maybe|perhaps|thinking\s+(?:about|of)|considering|"
    r"tempted|(?:i|we)'d\s+(?!(?:been|better|had|gone|got|just|already|never|lost|left|seen|"
    r"done|made|taken|forgotten|known|heard|found|told|said|bought|thought|spent|\w+ed)\b)\w+|"
    r"someday|one\s+day|"
    r"if\s+(?:i|we|they|it|there|the|only)|(?:^|(?<=[.!?,;]\s))\W*if\b(?!\s+(?:anyone|you|u)\b)|"
    r"wonder(?:ing)?\s+(?:if|whether)|"
    r"check(?:ing)?\s+(?:if|whether)|(?:to\s+)?see\s+(?:if|whether)|eyeing|"
    r"(?:get|getting|got)\s+a\s+quote|in\s+case|"
    r"debating|weighing\s+up|torn\s+between|"
    r"(?<!you )(?<!u )(?:want|wanting|hoping|planning|plan)\s+to(?!\s+(?:scream|cry|die|sleep)\b)|"
    # "if you want to find me, I'll be at X" is the listener's wish; "I want to scream" a sigh
    r"wanna|keen\s+to|i\s+fancy|fancying|trying\s+to|at\s+some\s+point)\b",  # not "I try to"
    re.I,  # (a habit)
)
_TO_DO = re.compile(r"(?:^|[.!?]\s+)\W*(?:i|we)\s+need\s+to\b", re.I)
# a sentence that opens with the need: not "Ran out of X, need to restock" (the need is not
# the value), nor "Dr Kim says I need to floss more" (the dentist is)


def hypothetical(sentence: str, named: frozenset[str] | None = None) -> bool:
    """ "I might move to Oslo", "Maybe I should try X", "Thinking about a Pixel", "I need
    to renew my passport at some point": a value the speaker only considers, or a to-do.
    With the values it ``named``, a modal in a clause holding none is a comment ("Good
    Energy bill landed today, could be worse", "popcorn at Everyman and I'd do it
    again"); "just in case" and "one day" still speak for the whole sentence."""
    if _TO_DO.search(sentence) is not None:
        return True
    if _HYPOTHETICAL.search(sentence) is None:
        return False
    parts = clauses(sentence)
    held = holding(parts, named)
    if held is None:
        return True
    return any(
        _HYPOTHETICAL.search(part) is not None and (part in held or not _MODAL.search(part))
        for part in parts
    )


_MODAL = re.compile(r"\b(?:could|would|might|may|should|(?:i|we|it)'d)\b", re.I)


_ENDING = re.compile(
    r"\b(?:sell|sold(?!\s+out)|selling(?!\s+out)|rehome|rehomed|rehoming|"
    r"cancel|cancell?ed|cancell?ing|quit|quitting|"
    r"g[ai]ve\s+away|giving\s+away|g[ai]ve\s+(?:the|my|our)\s+[^.!?,;]{1,40}?\s+away|"
    r"g[ai]ve\s+up|given\s+up|get\s+rid\s+of|got\s+rid\s+of|"
    r"(?:came|come|coming)\s+off(?!\s+(?:the\s+|a\s+)?(?:bench|pitch|field|motorway|road|phone|"
    r"call|train|bus|plane|ferry|boat|bike|ladder|stage)\b)|(?:took|taken|taking)\s+(?:me|us)\s+off|"
    r"(?:got|get|getting)\s+off(?=[^.!?,;]{1,40}?\bfor\s+good)|"
    r"(?:(?:sadly|we|i)(?:'ve|\s+have)?\s+lost\s+(?:the|our|my)|"
    r"(?:^|(?<=[.!?;]\s))lost\s+(?:a|an|the|our|my))\s+"  # "lost a rescue whippet last week"
    r"(?!(?:voice|keys?|way|temper|match|game|final|derby|league|cup|bet|bit|stone|pounds?|"
    r"kilos?|weight|tooth|sock|glove|earring|filling|lot|few|ton|couple|fortune|track|"
    r"count|signal|bag|umbrella|ticket|whole|entire|day|morning|afternoon|evening|night|"
    r"weekend|week|hours?|\w+day)\b)|"  # "Lost my whole Saturday to X": time spent
    r"passed\s+away|put\s+to\s+sleep|"
    r"getting\s+rid\s+of|broke\s+up\s+with|ditched|"
    r"dumped|scrapped|donated|unsubscribed(?:\s+from)?|stopped|dropped\s+out\s+of|lapsed?|"
    r"(?-i:left|(?<![\w,] )Left)"
    r"(?!\s+(?:hand|side|foot|arm|leg|ear|eye|knee|lane|turn|wing|over)\b)|"
    r"(?:took|taken|taking)\s+[^.!?,;]{1,40}?\s+out\s+of\s+(?:my|our)|"
    r"done\s+with|finished\s+with|closed\s+down|shut\s+down|closing\s+down|went\s+(?:bust|under)|"
    r"(?:said|saying|say)\s+(?:a\s+sad\s+)?goodbye\s+to|bid\s+farewell\s+to|"
    r"(?:went|gone|moved)\s+to\s+live\s+with|"
    r"moved\s+away|retired|deleted|uninstalled|unplugged|binned|axed|removed|paused|"
    r"(?:took|taken|taking)\s+[^.!?,;]{1,40}?\s+(?:off\s+(?:(?:all|both|each)\s+)?(?:my|our)\b|"
    r"out\s+for\s+good)|"
    r"let\s+(?!(?:me|us)\b)[^.!?,;]{1,40}?\s+go(?!\s+(?:to|out|in|on|for|with|ahead|home|off|by|and|back)\b)|"
    r"let\s+go\s+of|no\s+more(?!\s+than)|"
    r"(?:to|gonna)\s+bin|binning|closed\s+(?:my|our)\s+(?!eyes\b)|"
    r"returned\s+(?!(?:to|from|home|back|after|in|on|at|with|my\s+call)\b)|"
    r"(?<![\w] )dropped(?![^.!?,]*\b(?:for|off|at|by|in|into|out|round|over|on|onto|down|again)\b)|"
    r"(?:i|we)(?:'ve|\s+have)?\s+dropped(?![^.!?,]*\b(?:for|off|at|by)\b))\b",
    re.I,
)


_LEFT_BEHIND = re.compile(
    r"\bleft\s+(?!(?:my|our|the)\s+(?:job|role|position|post|team|company|firm|course|class|club|"
    r"band|flat|house|city|town|country|rota|shift|group|choir|committee|board|league|list)\b)"
    r"[^.!?,;]{1,40}?\s+(?:at|in|on|behind|under|outside|by)\s+"
    r"(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)\w*\b|"
    r"the\s+end\b|last\b|this\b|\d)",
    re.I,
)  # "left the Quietline Pro at the office", "left my goggles at Westmoor Pool": mislaid,
# not given up; "left my job at Acme" and "left London in May" still end something
_INTRANSITIVE = re.compile(
    r"\b(?:closed\s+down|shut\s+down|closing\s+down|went\s+(?:bust|under)|moved\s+away|retired|"
    r"lapsed?|(?:went|gone|moved)\s+to\s+live\s+with)\b",
    re.I,
)  # the ended value is the subject: "Crumb & Crust closed down", "my membership lapsed"
_REPLACEMENT = re.compile(
    r"[,;:]|\b(?:for|and|but|so|instead|because|since|in\s+favou?r\s+of|"
    r"to\s+(?:join|go|start|switch|move|try|work|get|use))\b",
    re.I,
)  # where the clause the verb acts on ends: "left FitHub for PureGym" ends FitHub only
_CLAUSES = re.compile(r"[,;:]|\b(?:but|so)\b", re.I)
_NEGATED = re.compile(r"\b(?:not|never|won't|don't|can't|n't)\b|n't\b", re.I)
_MAYBE = re.compile(r"\b(?:might|may|could|would|should|will|thinking|if)\b", re.I)


def ending(sentence: str) -> bool:
    """The speaker gives something up ("I sold the Golf", "we had to rehome Nala"):
    for a many-valued attribute this retires one value and keeps the rest."""
    if "?" in sentence or someone_elses(sentence, frozenset()):  # read in its first clause:
        return False  # "Dropped X from the rotation, everyone got bored of it" is an ending
    kept = _LEFT_BEHIND.sub(" ", sentence)
    return any(  # the clause of the verb: "cancelled Loftspace, never used it" ends it
        _NEGATED.search(clause) is None and _MAYBE.search(clause) is None
        for clause in _CLAUSES.split(kept)
        if _ENDING.search(clause)
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
        (past_state(sentence) and names_value(sentence, value))
        or (ending(sentence) and _acted_on(sentence, value))
        for sentence in re.split(r"(?<=[.!?])\s+", body)
    )


def _acted_on(sentence: str, value: str) -> bool:
    """The ending verb acts on ``value``: it follows the verb before the clause turns to
    the replacement ("sold the old bike and bought the Genesis" ends the bike, not the
    Genesis; "left FitHub for PureGym" ends FitHub), or, for a verb whose subject is the
    thing ended, precedes it in its clause ("Crumb & Crust closed down"). "X had sold out
    of buns" ends nothing."""
    kept = _LEFT_BEHIND.sub(" ", sentence)
    for verb in _ENDING.finditer(kept):
        if _INTRANSITIVE.fullmatch(verb.group(0)):
            before = re.split(r"[,;:]|\b(?:and|but|so|because)\b", kept[: verb.start()])[-1]
            if names_value(before, value):
                return True
        after = _REPLACEMENT.split(kept[verb.end() :], maxsplit=1)[0]
        if names_value(verb.group(0) + after, value):  # "took X out of my routine"
            return True
        if _BACK_REFERENCE.match(after) and names_value(kept[: verb.start()], value):
            return True
    return False


_BACK_REFERENCE = re.compile(
    r"\s*(?:on\s+|with\s+)?(?:them|it|him|her|there|that|those|going|coming|using|seeing|"
    r"ordering|buying|shopping|listening|watching|reading|playing|visiting|\W*$)",
    re.I,
)  # "X always cut it too short, so I stopped going": the verb acts on the X said before


PAST_QUESTION = re.compile(
    r"\b(?:did|was|were|used to|before|previously|formerly|originally|ago|old|ex|former)\b",
    re.I,
)


def asks_about_now(query: str) -> bool:
    """Not about the past ("Where did she live before?", "Who repaired the boat?") nor
    about somebody else."""
    return (
        not OTHER_PEOPLE.search(query)
        and not PAST_QUESTION.search(query)
        and not tells_of_event(query)
    )


PRESENT_QUESTION = re.compile(
    r"\b(?:now|these days|nowadays|currently|current|at the moment|still|lately|any ?more|"
    r"do|does|am|is|are|have|has)\b|'(?:s|re|m)\b",
    re.I,
)


_EVENT_VERB = re.compile(
    r"\b(?:\w+[^e\W]ed|went|won|got|bought|made|took|gave|sold|told|said|found|lost|saw|met|"
    r"came|left|ran|wrote|ate|drank|broke|built|caught|chose|drove|fell|flew|forgot|heard|"
    r"kept|knew|led|paid|sent|spent|stole|taught|thought|threw|wore|began|brought|sang|"
    r"swam|shot|hit|hid|bit|rode|spoke|stood|sat)\b",  # -ed, but not "need", "red"
    re.I,
)


def tells_of_event(query: str) -> bool:
    """A question whose verb is in the simple past and which has no present marker or
    auxiliary: "Who repaired the boat?", "What happened during the storm?". It asks about
    an event, not about how things are now, so neither the newest value nor the present
    tense should decide its answer ("Which gym am I signed up with?" stays a question
    about now)."""
    return PRESENT_QUESTION.search(query) is None and _EVENT_VERB.search(query) is not None


_HOUSEHOLD = {
    "child": r"child|children|kids?|sons?|daughters?|boys?|girls?|eldest|youngest|toddlers?|baby|"
    r"teens?|teenagers?|little\s+ones?",
    "partner": r"partner|wife|husband|boyfriend|girlfriend|fianc[eé]e?|spouse",
    "sibling": r"sisters?|brothers?",
    "parent": r"mum|mom|mother|dad|father|parents",
}
_HOUSEHOLD_WORDS = {
    group: re.compile(rf"\b(?:{words})\b", re.I) for group, words in _HOUSEHOLD.items()
}
_WHOSE = {
    group: re.compile(
        rf"\b(?:my|our|the user's|the users'|user's)\s+(?:[\w']+\s+)?(?:{words})(?:'s?)?\b",
        re.I,
    )
    for group, words in _HOUSEHOLD.items()
}


def asked_person(query: str) -> str | None:
    """The member of the user's household a question about now asks about ("Where do my
    kids go to school?" -> "child", "Which school does the user's child attend now?"),
    or None: the user, somebody else, or more than one of them."""
    if PAST_QUESTION.search(query) or tells_of_event(query):
        return None
    found = [group for group, pattern in _WHOSE.items() if pattern.search(query)]
    if len(found) != 1:
        return None
    head = question_focus.head_noun(query)
    if head is not None and _HOUSEHOLD_WORDS[found[0]].fullmatch(head):
        return None  # "Who is my partner now?" asks for the user's own partner
    return found[0]


def as_said_of(sentence: str, person: str) -> str | None:
    """The sentence with the household member ``person`` taken out, when it is about them
    ("Our boy has transferred to Oakhurst Juniors" for "child") or about nobody but the
    speaker; None when it mentions somebody else ("my sister's kids" are the sister's).
    What is left reads as the speaker's own statement, so the same cues judge it."""
    rest = _HOUSEHOLD_WORDS[person].sub("one", sentence)
    if OTHER_PEOPLE.search(rest) or any(
        pattern.search(rest) for group, pattern in _HOUSEHOLD_WORDS.items() if group != person
    ):
        return None
    return rest


def asks_in_present(query: str, person: str | None = None) -> bool:
    """A question about now that says so, by a present marker or auxiliary ("Which bank
    do I use?", "Who is my dentist now?"), not one whose verb tells of an event ("Who
    repaired the boat?", "What happened during the storm?", which no past marker flags).
    ``person``: about that member of the user's household ("Where do my kids go?")."""
    about = asks_about_now(query) if person is None else asked_person(query) == person
    return about and PRESENT_QUESTION.search(query) is not None
