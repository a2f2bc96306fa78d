"""GoodAI LTM Benchmark test definitions (Colours, Shopping) replayed as one user each.

Source: GoodAI/goodai-ltm-benchmark, "Benchmark 3 - 1k" definitions, MIT licence.

Each definition file is a short script (statements, then a question) with ``waits``
that say how far through the benchmark each line comes. We replay a definition as a
single user whose statements are spread over a simulated span, separated by neutral
filler chatter, so that retrieval has to pick the right lines out of a growing history.

Colours asks for the newest value (earlier colours are stale). Shopping asks for the
list after all adds and removes: we parse the script ourselves and check the result
against the file's expected answer, so a definition we misread fails loudly.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks.paths import goodai_definitions_dir

LICENCE = "GoodAI LTM Benchmark definitions (GoodAI/goodai-ltm-benchmark): MIT licence."

TASKS = ("Colours", "Shopping")

DEFAULT_START = 1_700_000_000.0
DEFAULT_SPAN_S = 14 * 86400.0

FILLER = (
    "Long day today, I'm exhausted.",
    "Did you see the match last night? What a finish.",
    "I think it's going to rain this afternoon.",
    "Can you recommend a good podcast for the commute?",
    "My neighbour's dog barked all night again.",
    "I finally fixed the squeaky door hinge.",
    "Work was busy but nothing special happened.",
    "I'm trying to drink more water these days.",
    "The train was late this morning, as usual.",
    "I watched a documentary about octopuses yesterday.",
    "Remind me to call the dentist next week.",
    "I've been reading more before bed lately.",
    "The new cafe downstairs makes decent espresso.",
    "I need to renew my passport at some point.",
    "We had a power cut for an hour yesterday evening.",
    "I'm thinking about learning to play the guitar.",
)

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_ADD = re.compile(
    r"(?:add|buy|require)\s+(?:another\s+)?(\d+|one|two|three|four|five)\s+(.+?)"
    r"(?:\s+to my shopping list|,\s*please put it on the list)?\s*[.!]?$",
    re.IGNORECASE,
)
_REMOVE = re.compile(
    r"remove\s+(\d+|one|two|three|four|five)\s+(.+?)(?:\s+from my shopping list)?\s*[.!]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Observation:
    timestamp: float
    text: str
    source_id: str
    scripted: bool  # False for filler


@dataclass(frozen=True)
class GoodAIQuestion:
    question: str
    timestamp: float
    # Colours: one current value, older ones stale. Shopping: the current items.
    current: tuple[str, ...]
    stale: tuple[str, ...]
    quantities: tuple[int, ...]  # Shopping only: quantity per current item
    removed: tuple[str, ...]  # Shopping only: items added and then fully removed
    consolidated: tuple[str, ...]  # Shopping only: items whose quantity no single line states
    evidence: tuple[str, ...]  # source ids of the scripted lines that support the answer


@dataclass(frozen=True)
class GoodAIReplay:
    task: str
    definition: str
    user: str
    observations: tuple[Observation, ...]
    questions: tuple[GoodAIQuestion, ...]


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def shopping_list(script: list[str]) -> tuple[dict[str, int], dict[str, list[int]], set[str]]:
    """Apply adds/removes in order: (item -> qty, item -> contributing line indexes, removed).

    Items are lower-cased as the expected answers are; an item whose count reaches zero
    leaves the list and is reported as removed.
    """
    counts: dict[str, int] = {}
    lines: dict[str, list[int]] = {}
    ever: set[str] = set()
    for index, line in enumerate(script):
        text = line.strip()
        if remove := _REMOVE.search(text):
            item = remove.group(2).strip().lower()
            counts[item] = counts.get(item, 0) - _number(remove.group(1))
        elif add := _ADD.search(text):
            item = add.group(2).strip().lower()
            counts[item] = counts.get(item, 0) + _number(add.group(1))
        else:
            raise ValueError(f"unrecognised shopping line: {line!r}")
        lines.setdefault(item, []).append(index)
        ever.add(item)
    current = {item: qty for item, qty in counts.items() if qty > 0}
    return current, lines, ever - set(current)


_COLOUR_PATTERNS = (
    re.compile(r"favourite colour is (\w+)", re.IGNORECASE),
    re.compile(r"favourite colour could be described as (\w+)", re.IGNORECASE),
    re.compile(r"^(\w+) is my favourite colour", re.IGNORECASE),
)


def colour_of(line: str) -> str:
    for pattern in _COLOUR_PATTERNS:
        if match := pattern.search(line):
            return match.group(1)
    raise ValueError(f"unrecognised colour line: {line!r}")


def _times(waits: list[dict[str, float]], start: float, span_s: float) -> list[float]:
    """Scripted line i lands at the benchmark fraction its *previous* wait reached."""
    times = [start]
    for wait in waits[:-1]:
        times.append(start + span_s * float(wait.get("percentage_finished", 0.0)) / 100.0)
    return times


def _query(question: str) -> str:
    """The question without its answer-format instructions, which only add noise to a search."""
    head, mark, _ = question.partition("?")
    return head + mark


def _pairs(expected: list[object]) -> list[tuple[str, int]]:
    """Shopping answers are ``[item, quantity]`` pairs; anything else is a format change."""
    out = []
    for pair in expected:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], int)):
            raise ValueError(f"unexpected shopping answer {pair!r}")
        out.append((str(pair[0]), pair[1]))
    return out


def _question(task: str, script: list[str], expected: list[object], ids: list[str], when: float):
    statements = script[:-1]
    query = _query(script[-1])
    if task == "Colours":
        colours = [colour_of(s) for s in statements]
        current = colours[-1]
        if str(expected[0]).lower() != current.lower():
            raise ValueError(f"expected {expected[0]!r}, script says {current!r}")
        stale = tuple(dict.fromkeys(c for c in colours[:-1] if c.lower() != current.lower()))
        evidence = tuple(ids[i] for i, c in enumerate(colours) if c.lower() == current.lower())
        return GoodAIQuestion(query, when, (current,), stale, (), (), (), evidence)
    items, lines, removed = shopping_list(statements)
    want = {str(item).lower(): int(qty) for item, qty in _pairs(expected)}
    if want != items:
        raise ValueError(f"expected {want}, script gives {items}")
    names = tuple(items)
    evidence = tuple(ids[i] for name in names for i in lines[name])
    consolidated = tuple(n for n in names if len(lines[n]) > 1)
    quantities = tuple(items[n] for n in names)
    return GoodAIQuestion(
        query, when, names, (), quantities, tuple(sorted(removed)), consolidated, evidence
    )


def load_definition(
    path: Path,
    task: str,
    *,
    start: float = DEFAULT_START,
    span_s: float = DEFAULT_SPAN_S,
    filler_per_gap: int = 8,
    seed: int = 0,
) -> GoodAIReplay:
    """One definition as a replay; filler is drawn deterministically from ``seed``."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    script = [str(s) for s in spec["script"]]
    is_question = [bool(q) for q in spec["is_question"]]
    if is_question != [False] * (len(script) - 1) + [True]:
        raise ValueError(f"{path}: expected statements followed by one question")
    user = f"goodai-{task.lower()}-{path.name.split('.')[0]}"
    times = _times(spec["waits"], start, span_s)
    rng = random.Random(f"{seed}:{user}")
    observations: list[Observation] = []
    scripted_ids: list[str] = []
    for index, line in enumerate(script[:-1]):
        next_time = times[index + 1]
        source_id = f"{user}:s{index}"
        scripted_ids.append(source_id)
        observations.append(Observation(times[index], line, source_id, True))
        gap = (next_time - times[index]) / (filler_per_gap + 1)
        for j in range(filler_per_gap):
            text = rng.choice(FILLER)
            when = times[index] + gap * (j + 1)
            observations.append(Observation(when, text, f"{user}:f{index}.{j}", False))
    asked_at = times[-1] + 3600.0
    question = _question(task, script, list(spec["expected_responses"]), scripted_ids, asked_at)
    return GoodAIReplay(task, path.name, user, tuple(observations), (question,))


def load_goodai(
    root: Path | None = None,
    tasks: tuple[str, ...] = TASKS,
    *,
    span_s: float = DEFAULT_SPAN_S,
    filler_per_gap: int = 8,
    seed: int = 0,
) -> list[GoodAIReplay]:
    """Every definition of the given tasks, in file order."""
    base = root or goodai_definitions_dir()
    replays: list[GoodAIReplay] = []
    for task in tasks:
        files = sorted((base / task).glob("*.def.json"), key=lambda p: int(p.name.split(".")[0]))
        if not files:
            raise FileNotFoundError(f"no definitions under {base / task}")
        replays.extend(
            load_definition(p, task, span_s=span_s, filler_per_gap=filler_per_gap, seed=seed)
            for p in files
        )
    return replays
