"""A seeded knowledge-update stream: users whose facts change over simulated months.

LoCoMo rarely asks "what is true *now*?", which is exactly where a memory that
consolidates and supersedes should beat a flat log. This generator makes that question
the whole benchmark: each user states facts (city, job, partner, pet...), changes them
several times with varied phrasing, repeats the current value, mentions old values
nostalgically long after they changed ("I miss Lisbon sometimes"), and talks about
other people's facts and nothing in particular. Questions ask for the current value;
every earlier value is recorded as stale so that a ranking can be checked for putting
an outdated fact above the true one.

Everything is drawn from ``random.Random`` seeded per user, so a seed fixes the data.
Value pools are disjoint across slots and filler text is re-drawn whenever it would
mention one of the user's own values, so a word match on a value is unambiguous.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from benchmarks.textmatch import mentions

DAY = 86400.0
DEFAULT_START = datetime(2023, 1, 2, 9, 0, tzinfo=UTC).timestamp()


@dataclass(frozen=True)
class Field:
    """One answerable part of a slot's value (a pet has a name and a kind)."""

    name: str
    pool: tuple[str, ...]
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Slot:
    name: str
    fields: tuple[Field, ...]
    sets: tuple[tuple[str, str], ...]  # (style, template): direct, paraphrase, indirect
    repeats: tuple[str, ...]
    nostalgia: tuple[str, ...]  # placeholders {old_<field>}
    distractors: tuple[str, ...]  # someone else's fact


def _one(name: str, pool: tuple[str, ...], questions: tuple[str, ...]) -> tuple[Field, ...]:
    return (Field(name, pool, questions),)


SLOTS: tuple[Slot, ...] = (
    Slot(
        "home_city",
        _one(
            "home_city",
            (
                "Lisbon",
                "Porto",
                "Madrid",
                "Valencia",
                "Berlin",
                "Hamburg",
                "Vienna",
                "Prague",
                "Dublin",
                "Edinburgh",
                "Copenhagen",
                "Oslo",
                "Helsinki",
                "Warsaw",
                "Krakow",
                "Budapest",
                "Athens",
                "Milan",
                "Lyon",
                "Marseille",
                "Rotterdam",
                "Antwerp",
                "Zurich",
                "Seville",
            ),
            ("Where does the user live now?", "Which city is the user living in?"),
        ),
        (
            ("direct", "I moved to {home_city}."),
            ("direct", "I live in {home_city} now."),
            ("paraphrase", "We finally settled in {home_city}."),
            ("paraphrase", "Just signed the lease on a flat in {home_city}!"),
            ("indirect", "Unpacking the last boxes in my new place in {home_city}."),
            ("indirect", "Still getting lost in the streets of {home_city} since the move."),
        ),
        (
            "Walked along the river in {home_city} this morning, I love it here.",
            "The weather in {home_city} has been lovely this week.",
        ),
        (
            "I miss {old_home_city} sometimes.",
            "Back when I lived in {old_home_city}, rent was cheaper.",
        ),
        ("My sister lives in {home_city}.", "My best friend just moved to {home_city}."),
    ),
    Slot(
        "job",
        _one(
            "job",
            (
                "nurse",
                "software engineer",
                "teacher",
                "chef",
                "accountant",
                "architect",
                "data analyst",
                "photographer",
                "pharmacist",
                "electrician",
                "paramedic",
                "librarian",
                "journalist",
                "physiotherapist",
                "carpenter",
                "translator",
            ),
            ("What is the user's job now?", "What does the user currently work as?"),
        ),
        (
            ("direct", "I started a new job as {a_job}."),
            ("direct", "I'm working as {a_job} now."),
            ("paraphrase", "Big career change: I'm {a_job} these days."),
            ("indirect", "My first shift as {a_job} was exhausting but fun."),
        ),
        ("Long week at work, being {a_job} is never boring.",),
        ("I sometimes miss being {a_old_job}.", "When I was {a_old_job}, my hours were awful."),
        ("My brother just got a job as {a_job}.", "My neighbour works as {a_job}."),
    ),
    Slot(
        "employer",
        _one(
            "employer",
            (
                "Northwind",
                "Contoso",
                "Fabrikam",
                "Globex",
                "Initech",
                "Hooli",
                "Vandelay",
                "Tailspin",
                "Litware",
                "Proseware",
                "Adatum",
                "Wingtip",
                "Zentrix",
                "Cyberdyne",
            ),
            ("Which company does the user work for now?", "Who is the user's current employer?"),
        ),
        (
            ("direct", "I just joined {employer}."),
            ("paraphrase", "Accepted the offer from {employer}, starting Monday!"),
            ("indirect", "The onboarding at {employer} is mostly paperwork so far."),
        ),
        ("The coffee machine at {employer} broke again today.",),
        ("My old team at {old_employer} still sends me memes.",),
        ("My colleague's wife works at {employer}.", "My cousin got hired by {employer}."),
    ),
    Slot(
        "partner",
        _one(
            "partner",
            (
                "Priya",
                "Tomasz",
                "Ingrid",
                "Mateo",
                "Keiko",
                "Dmitri",
                "Amara",
                "Lucas",
                "Sofia",
                "Henrik",
                "Nadia",
                "Rafael",
                "Elena",
                "Jonas",
                "Yuki",
                "Omar",
            ),
            ("What is the name of the user's current partner?", "Who is the user dating now?"),
        ),
        (
            ("direct", "I've started seeing someone new, {partner}."),
            ("paraphrase", "{partner} and I have been dating for a few weeks now."),
            ("indirect", "{partner} cooked dinner for me last night, so sweet."),
        ),
        ("{partner} and I went for a long walk on Sunday.",),
        ("I bumped into {old_partner}, my ex, at the market.",),
        ("My friend is dating someone called {partner}.",),
    ),
    Slot(
        "favourite_food",
        _one(
            "favourite_food",
            (
                "sushi",
                "lasagna",
                "pho",
                "tacos",
                "ramen",
                "paella",
                "dumplings",
                "falafel",
                "risotto",
                "moussaka",
                "biryani",
                "gnocchi",
                "shakshuka",
                "pierogi",
            ),
            ("What is the user's favourite food?", "Which dish does the user like best now?"),
        ),
        (
            ("direct", "My favourite food these days is {favourite_food}."),
            ("paraphrase", "Honestly nothing beats {favourite_food}; it's my favourite now."),
            ("indirect", "I could eat {favourite_food} every single day."),
        ),
        ("Had {favourite_food} again for dinner, still my favourite.",),
        ("I used to be obsessed with {old_favourite_food}, not anymore.",),
        ("My roommate is obsessed with {favourite_food}.",),
    ),
    Slot(
        "favourite_colour",
        _one(
            "favourite_colour",
            (
                "teal",
                "crimson",
                "mustard",
                "lavender",
                "olive",
                "turquoise",
                "maroon",
                "coral",
                "indigo",
                "beige",
                "emerald",
                "scarlet",
            ),
            ("What is the user's favourite colour?",),
        ),
        (
            ("direct", "My favourite colour is {favourite_colour} now."),
            ("paraphrase", "I've decided {favourite_colour} is my favourite colour."),
            ("indirect", "I painted my bedroom {favourite_colour}, I just love that colour."),
        ),
        ("Bought another {favourite_colour} sweater, I can't help it.",),
        ("I used to wear {old_favourite_colour} all the time.",),
        ("My mum's favourite colour is {favourite_colour}.",),
    ),
    Slot(
        "favourite_band",
        _one(
            "favourite_band",
            (
                "Radiohead",
                "Coldplay",
                "Metallica",
                "Portishead",
                "Nirvana",
                "Pixies",
                "Fleetwood Mac",
                "Daft Punk",
                "Arctic Monkeys",
                "Massive Attack",
                "Talking Heads",
                "Bon Iver",
                "Tame Impala",
                "Gorillaz",
            ),
            ("What is the user's favourite band?", "Which band does the user like most now?"),
        ),
        (
            ("direct", "My favourite band right now is {favourite_band}."),
            ("paraphrase", "I can't stop listening to {favourite_band}; they're my favourite."),
            ("indirect", "Got tickets to see {favourite_band} live, I'm so excited!"),
        ),
        ("{favourite_band} on repeat all morning.",),
        ("I used to be such a big {old_favourite_band} fan.",),
        ("My cousin loves {favourite_band}.",),
    ),
    Slot(
        "favourite_book",
        _one(
            "favourite_book",
            (
                "Dune",
                "Middlemarch",
                "Beloved",
                "Ulysses",
                "Dracula",
                "Frankenstein",
                "Neuromancer",
                "Persuasion",
                "Solaris",
                "The Hobbit",
                "Hyperion",
                "Jane Eyre",
            ),
            ("What is the user's favourite book?",),
        ),
        (
            ("direct", "My favourite book is {favourite_book} now."),
            ("paraphrase", "Just finished {favourite_book}, it's my new favourite book."),
            ("indirect", "I keep rereading {favourite_book}, it never gets old."),
        ),
        ("Started {favourite_book} again on the train, still the best.",),
        ("I used to say {old_favourite_book} was the best book ever written.",),
        ("My book club is reading {favourite_book} this month.",),
    ),
    Slot(
        "pet",
        (
            Field(
                "pet_name",
                (
                    "Biscuit",
                    "Pickles",
                    "Mochi",
                    "Waffles",
                    "Pepper",
                    "Noodle",
                    "Ziggy",
                    "Clover",
                    "Bramble",
                    "Tofu",
                    "Sprout",
                    "Juniper",
                ),
                ("What is the name of the user's pet?",),
            ),
            Field(
                "pet_kind",
                ("dog", "cat", "rabbit", "parrot", "hamster", "tortoise", "ferret", "guinea pig"),
                ("What kind of pet does the user have now?",),
            ),
        ),
        (
            ("direct", "We adopted {a_pet_kind} named {pet_name}!"),
            ("paraphrase", "Meet {pet_name}, our new {pet_kind}."),
            ("indirect", "{pet_name} the {pet_kind} chewed my slippers again."),
        ),
        ("{pet_name} fell asleep on my lap again, my little {pet_kind}.",),
        ("I still miss {old_pet_name}, my old {old_pet_kind}.",),
        ("My neighbour has {a_pet_kind} called {pet_name}.",),
    ),
    Slot(
        "diet",
        _one(
            "diet",
            (
                "vegetarian",
                "vegan",
                "pescatarian",
                "keto",
                "paleo",
                "gluten-free",
                "flexitarian",
                "dairy-free",
            ),
            ("What diet does the user follow now?",),
        ),
        (
            ("direct", "I've gone {diet}."),
            ("paraphrase", "I'm eating {diet} now and feeling great."),
            ("indirect", "Finding {diet} options at restaurants is tricky."),
        ),
        ("Meal prepped a whole week of {diet} lunches.",),
        ("I was {old_diet} for a while, it didn't stick.",),
        ("My dad went {diet} last year.",),
    ),
    Slot(
        "car",
        _one(
            "car",
            (
                "Toyota Corolla",
                "Honda Civic",
                "Tesla Model 3",
                "Ford Focus",
                "Volkswagen Golf",
                "Mazda MX-5",
                "Subaru Outback",
                "Kia Niro",
                "Volvo XC40",
                "Fiat Panda",
                "Renault Clio",
                "Skoda Octavia",
            ),
            ("What car does the user drive now?",),
        ),
        (
            ("direct", "I bought a {car}."),
            ("paraphrase", "Traded in my old car for a {car}."),
            ("indirect", "Drove the {car} to the coast this weekend."),
        ),
        ("Washed the {car} today, it looks brand new.",),
        ("I kind of miss my old {old_car}.",),
        ("My sister bought a {car}.",),
    ),
    Slot(
        "gym",
        _one(
            "gym",
            (
                "Iron Temple",
                "FitHub",
                "PulseFit",
                "Core Collective",
                "Flex Studio",
                "Peak Athletics",
                "Barbell Club",
                "Anytime Strength",
                "Summit Gym",
                "Forge Fitness",
            ),
            ("Which gym does the user go to now?",),
        ),
        (
            ("direct", "I signed up at {gym}."),
            ("paraphrase", "Switched my membership to {gym}."),
            ("indirect", "The spin class at {gym} nearly killed me."),
        ),
        ("Leg day at {gym} this morning, ouch.",),
        ("The showers at {old_gym} were better, honestly.",),
        ("My coworker goes to {gym}.",),
    ),
    Slot(
        "hobby",
        _one(
            "hobby",
            (
                "pottery",
                "rock climbing",
                "chess",
                "knitting",
                "surfing",
                "birdwatching",
                "salsa dancing",
                "woodworking",
                "archery",
                "calligraphy",
                "beekeeping",
                "fencing",
            ),
            ("What hobby is the user into these days?",),
        ),
        (
            ("direct", "I've taken up {hobby}."),
            ("paraphrase", "My new obsession is {hobby}."),
            ("indirect", "Spent all Saturday on {hobby}, lost track of time."),
        ),
        ("Another great evening of {hobby}.",),
        ("I used to be really into {old_hobby}.",),
        ("My brother is into {hobby}.",),
    ),
)

CHITCHAT = (
    "Long day today, I'm exhausted.",
    "Did you see the match last night? What a finish.",
    "I think it's going to rain this afternoon.",
    "Can you recommend a good podcast for the commute?",
    "The neighbours were noisy all night again.",
    "I finally fixed the squeaky door hinge.",
    "Work was busy but nothing special happened.",
    "I'm trying to drink more water these days.",
    "The train was late this morning, as usual.",
    "I watched a documentary about octopuses yesterday.",
    "Remind me to call the dentist next week.",
    "I've been reading more before bed lately.",
    "I need to renew my passport at some point.",
    "We had a power cut for an hour yesterday evening.",
    "My phone screen cracked, so annoying.",
    "I slept really badly last night.",
    "Cleaned the whole flat today, feels good.",
    "Thinking about a weekend trip somewhere quiet.",
    "My back has been sore all week.",
    "I forgot my umbrella again, of course.",
)


@dataclass(frozen=True)
class UpdateObservation:
    user: str
    timestamp: float
    text: str
    source_id: str
    kind: str  # set | repeat | nostalgia | distractor | chitchat
    slot: str | None = None
    style: str | None = None  # for kind == "set": direct | paraphrase | indirect
    values: tuple[tuple[str, str], ...] = ()  # (field, value) the line asserts or recalls


@dataclass(frozen=True)
class UpdateQuestion:
    user: str
    slot: str
    field: str
    question: str
    timestamp: float
    current: str
    stale: tuple[str, ...]  # oldest first
    evidence: tuple[str, ...]  # lines asserting the current value
    stale_evidence: tuple[str, ...]  # lines that asserted a stale value while it held
    also_current: tuple[str, ...] = ()  # a multi-valued attribute's other current values
    multi: bool = False
    asks: str = "now"  # "past": asks for the value before the current one (``current``)


@dataclass(frozen=True)
class UpdateStream:
    seed: int
    observations: tuple[UpdateObservation, ...]  # per user, chronological; users in order
    questions: tuple[UpdateQuestion, ...]

    @property
    def users(self) -> list[str]:
        return list(dict.fromkeys(o.user for o in self.observations))


def _article(phrase: str) -> str:
    return ("an " if phrase[0].lower() in "aeiou" else "a ") + phrase


def _render(template: str, value: dict[str, str], old: dict[str, str] | None = None) -> str:
    names: dict[str, str] = {}
    for key, val in value.items():
        names[key] = val
        names[f"a_{key}"] = _article(val)
    for key, val in (old or {}).items():
        names[f"old_{key}"] = val
        names[f"a_old_{key}"] = _article(val)
    return template.format(**names)


@dataclass
class _Line:
    time: float
    text: str
    kind: str
    slot: str | None
    style: str | None
    values: tuple[tuple[str, str], ...]


def _history(rng: random.Random, slot: Slot, changes: int) -> list[dict[str, str]]:
    """Distinct successive values, so 'stale' and 'current' never coincide."""
    picks = [rng.sample(f.pool, changes + 1) for f in slot.fields]
    return [{f.name: picks[i][n] for i, f in enumerate(slot.fields)} for n in range(changes + 1)]


History = dict[str, tuple[Slot, list[dict[str, str]], list[float]]]
"""slot name -> (slot, successive values, when each was set)"""


def _user_lines(
    rng: random.Random, start: float, span: float, slots: tuple[Slot, ...]
) -> tuple[list[_Line], History]:
    lines: list[_Line] = []
    histories: History = {}
    chosen = rng.sample(slots, rng.randint(8, len(slots)))
    for slot in chosen:
        changes = rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
        values = _history(rng, slot, changes)
        first = start + rng.uniform(0.0, 0.08) * span
        later = sorted(rng.uniform(0.12, 0.88) * span + start for _ in range(changes))
        times = [first, *later]
        histories[slot.name] = (slot, values, times)
        for n, (value, when) in enumerate(zip(values, times, strict=True)):
            style, template = rng.choice(slot.sets)
            pairs = tuple(value.items())
            lines.append(_Line(when, _render(template, value), "set", slot.name, style, pairs))
            until = times[n + 1] if n + 1 < len(times) else start + span
            for _ in range(rng.randint(0, 2)):
                text = _render(rng.choice(slot.repeats), value)
                lines.append(
                    _Line(rng.uniform(when, until), text, "repeat", slot.name, None, pairs)
                )
            if n + 1 < len(times):
                for _ in range(rng.randint(0, 2)):
                    text = _render(rng.choice(slot.nostalgia), {}, value)
                    when_said = rng.uniform(times[n + 1], start + span)
                    lines.append(_Line(when_said, text, "nostalgia", slot.name, None, pairs))
    own = [v for _, values, _ in histories.values() for value in values for v in value.values()]
    for _ in range(rng.randint(10, 20)):
        slot = rng.choice(slots)
        text = _clean(functools.partial(_distractor, rng, slot), own)
        lines.append(_Line(start + rng.uniform(0, span), text, "distractor", slot.name, None, ()))
    for _ in range(rng.randint(25, 40)):
        text = _clean(functools.partial(rng.choice, CHITCHAT), own)
        lines.append(_Line(start + rng.uniform(0, span), text, "chitchat", None, None, ()))
    return lines, histories


def _distractor(rng: random.Random, slot: Slot) -> str:
    value = {f.name: rng.choice(f.pool) for f in slot.fields}
    return _render(rng.choice(slot.distractors), value)


def _clean(draw: Callable[[], str], own: list[str]) -> str:
    """Redraw filler until it names none of the user's own values."""
    for _ in range(100):
        text = draw()
        if not any(mentions(text, v) for v in own):
            return text
    raise RuntimeError("could not draw a filler line free of the user's values")


def _sessions(rng: random.Random, start: float, span: float) -> list[float]:
    times, now = [], start
    while now < start + span:
        times.append(now)
        now += rng.uniform(3.0, 9.0) * DAY + rng.uniform(-3, 3) * 3600.0
    return times


def session_observations(
    user: str, lines: list[_Line], sessions: list[float], out: list[UpdateObservation]
) -> list[str]:
    """Append ``lines`` (sorted by time) to ``out`` as observations, each moved to the
    latest session start at or before it, 45 s apart within a session: a monotone map, so
    every ordering the plan fixed (change before nostalgia) survives. Returns their ids."""
    by_session: dict[float, int] = {}
    ids: list[str] = []
    for n, line in enumerate(lines):
        session = max((s for s in sessions if s <= line.time), default=sessions[0])
        slot_in_session = by_session.get(session, 0)
        by_session[session] = slot_in_session + 1
        ids.append(f"{user}:{n}")
        out.append(
            UpdateObservation(
                user,
                session + 45.0 * slot_in_session,
                line.text,
                ids[-1],
                line.kind,
                line.slot,
                line.style,
                line.values,
            )
        )
    return ids


PHRASINGS = (
    "seen",
    "blind",
    "retold",
    "fresh",
    *(f"dev{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9)),
)


def blind_slots() -> tuple[Slot, ...]:
    """The same slots, values and timeline with every sentence and question swapped for
    the held-out set in ``updates_blind`` (written by someone who had not seen tiermem's
    slot rules nor the templates above), so rules fitted to these templates show it."""
    from benchmarks.datasets.updates_blind import BLIND

    return _reworded(BLIND)


def retold_slots() -> tuple[Slot, ...]:
    """The same slots again in the words of ``updates_retold``: a development set shaped
    like the held-out one (written blind, but read and developed against), so the rules
    for these slots can be worked on without reading the held-out wording."""
    from benchmarks.datasets.updates_retold import RETOLD

    return _reworded(RETOLD)


def _reworded(wording: dict[str, dict[str, Any]]) -> tuple[Slot, ...]:
    """``SLOTS`` with each slot's sentences and questions taken from ``wording``."""
    out = []
    for slot in SLOTS:
        blind = wording[slot.name]
        fields = tuple(
            Field(f.name, f.pool, tuple(blind["questions"][f.name])) for f in slot.fields
        )
        out.append(
            Slot(
                slot.name,
                fields,
                tuple(blind["sets"]),
                tuple(blind["repeats"]),
                tuple(blind["nostalgia"]),
                tuple(blind["distractors"]),
            )
        )
    return tuple(out)


def generate_updates(
    users: int = 50,
    *,
    seed: int = 0,
    months: float = 12.0,
    start: float = DEFAULT_START,
    phrasings: str = "seen",
) -> UpdateStream:
    """The stream for ``users`` users; identical for identical arguments. ``phrasings``:
    "seen" (the templates above), "blind" (the held-out ones), "retold" (a development
    set of the same slots in other words), or a set read by
    ``attribute_stream.generate_fresh``: "fresh" (blind) and the dev sets."""
    if users < 1 or months <= 0:
        raise ValueError("need at least one user and a positive span")
    if phrasings not in PHRASINGS:
        raise ValueError(f"phrasings must be one of {PHRASINGS}")
    if phrasings == "fresh" or phrasings.startswith("dev"):
        from benchmarks.datasets.attribute_stream import generate_fresh

        return generate_fresh(users, seed=seed, months=months, start=start, source=phrasings)
    if phrasings == "seen":
        slots = SLOTS
    elif phrasings == "blind":
        slots = blind_slots()
    else:
        slots = retold_slots()
    span = months * 30.0 * DAY
    observations: list[UpdateObservation] = []
    questions: list[UpdateQuestion] = []
    for index in range(users):
        rng = random.Random(f"updates:{seed}:{index}")
        user = f"user{index:03d}"
        user_start = start + rng.uniform(0.0, 20.0) * DAY
        lines, histories = _user_lines(rng, user_start, span, slots)
        sessions = _sessions(rng, user_start, span)
        lines.sort(key=lambda line: line.time)
        ids = session_observations(user, lines, sessions, observations)
        asked = user_start + span + DAY
        questions.extend(_questions(rng, user, histories, lines, ids, asked))
    return UpdateStream(seed, tuple(observations), tuple(questions))


def _questions(
    rng: random.Random,
    user: str,
    histories: History,
    lines: list[_Line],
    ids: list[str],
    asked: float,
) -> list[UpdateQuestion]:
    out = []
    for slot_name, (slot, values, _) in histories.items():
        for field in slot.fields:
            current = values[-1][field.name]
            stale = tuple(v[field.name] for v in values[:-1])

            def asserting(value: str, slot_name: str = slot_name, name: str = field.name):
                return tuple(
                    ids[n]
                    for n, line in enumerate(lines)
                    if line.slot == slot_name
                    and line.kind in ("set", "repeat")
                    and (name, value) in line.values
                )

            stale_ids = tuple(i for v in stale for i in asserting(v))
            question = rng.choice(field.questions)
            out.append(
                UpdateQuestion(
                    user,
                    slot_name,
                    field.name,
                    question,
                    asked,
                    current,
                    stale,
                    asserting(current),
                    stale_ids,
                )
            )
    return out
