"""The third update stream (``--phrasings fresh``): 28 everyday attributes, most of them
outside tiermem's slot rules, single- and multi-valued, with decoys.

The sentences, value pools and questions are in ``updates_fresh.py``, written by someone
who read neither tiermem's code nor the other streams; this module only schedules them.
Per user, 10-14 attributes:

- single-valued: a first value and 1-3 changes, each stated in a random style (direct,
  paraphrase, indirect); repeats of the current value in passing; the user's own past
  values recalled after they changed ("past"); another person's value ("others"); a value
  the user only considers ("hypothetical"), never one they hold;
- multi-valued: a first value, 1-2 more added without dropping any ("adds"), and in half
  the users one earlier value given up ("removes").

Questions: one now-question per attribute (the top hit must name a current value; for a
multi-valued attribute any of them), and one past-question per changed single-valued
attribute (reported apart: the top hit must name the value before the current one).
"""

from __future__ import annotations

import functools
import random
from typing import Any

from benchmarks.datasets.updates import (
    CHITCHAT,
    DAY,
    UpdateObservation,
    UpdateQuestion,
    UpdateStream,
    _article,
    _clean,
    _Line,
    _sessions,
    session_observations,
)


def _fill(template: str, *, value: str = "", old: str = "") -> str:
    names = {"value": value, "a_value": _article(value) if value else "", "old": old}
    names["a_old"] = _article(old) if old else ""
    return template.format(**names)


def _single(rng: random.Random, name: str, spec: dict[str, Any], start: float, span: float):
    changes = rng.choices((1, 2, 3), weights=(4, 4, 2))[0]
    values = rng.sample(list(spec["pool"]), changes + 1)
    others = [v for v in spec["pool"] if v not in values]
    times = [start + rng.uniform(0.0, 0.08) * span]
    times += sorted(rng.uniform(0.12, 0.88) * span + start for _ in range(changes))
    lines: list[_Line] = []
    for n, (value, when) in enumerate(zip(values, times, strict=True)):
        style, template = rng.choice(spec["sets"])
        held = ((name, value),)
        lines.append(_Line(when, _fill(template, value=value), "set", name, style, held))
        until = times[n + 1] if n + 1 < len(times) else start + span
        for _ in range(rng.randint(0, 2)):
            text = _fill(rng.choice(spec["repeats"]), value=value)
            lines.append(_Line(rng.uniform(when, until), text, "repeat", name, None, held))
        if n + 1 < len(times):
            for _ in range(rng.randint(0, 1)):
                text = _fill(rng.choice(spec["past"]), old=value)
                lines.append(
                    _Line(rng.uniform(times[n + 1], start + span), text, "past", name, None, held)
                )
    lines += _decoys(rng, name, spec, others, start, span)
    return lines, values[-1:], values[:-1], times


def _multi(rng: random.Random, name: str, spec: dict[str, Any], start: float, span: float):
    adds = rng.randint(1, 2)
    values = rng.sample(list(spec["pool"]), adds + 1)
    others = [v for v in spec["pool"] if v not in values]
    times = [start + rng.uniform(0.0, 0.08) * span]
    times += sorted(rng.uniform(0.12, 0.7) * span + start for _ in range(adds))
    lines: list[_Line] = []
    for n, (value, when) in enumerate(zip(values, times, strict=True)):
        style, template = rng.choice(spec["sets"]) if n == 0 else ("add", rng.choice(spec["adds"]))
        held = ((name, value),)
        lines.append(_Line(when, _fill(template, value=value), "set", name, style, held))
        for _ in range(rng.randint(0, 1)):
            text = _fill(rng.choice(spec["repeats"]), value=value)
            lines.append(_Line(rng.uniform(when, start + span), text, "repeat", name, None, held))
    removed: list[str] = []
    if rng.random() < 0.5:
        gone = rng.choice(values[:-1])
        when = rng.uniform(max(times) + 0.02 * span, start + 0.9 * span)
        text = _fill(rng.choice(spec["removes"]), old=gone)
        lines.append(_Line(when, text, "remove", name, None, ((name, gone),)))
        removed.append(gone)
        # repeats of a value given up must come before it was given up
        lines = [
            line
            for line in lines
            if not (line.kind == "repeat" and line.values == ((name, gone),) and line.time > when)
        ]
    lines += _decoys(rng, name, spec, others, start, span)
    current = [v for v in values if v not in removed]
    return lines, current, removed, times


def _decoys(rng, name, spec, others, start, span) -> list[_Line]:
    out = []
    for kind in ("others", "hypothetical"):
        for _ in range(rng.randint(0, 1)):
            value = rng.choice(others)
            text = _fill(rng.choice(spec[kind]), value=value)
            when = start + rng.uniform(0.1, 1.0) * span
            out.append(_Line(when, text, kind, name, None, ()))
    return out


def generate_fresh(
    users: int = 50, *, seed: int = 0, months: float = 12.0, start: float, source: str = "fresh"
) -> UpdateStream:
    """The fresh blind stream, or the same schedule over a development set the rules are
    tuned against: ``dev`` (``updates_dev.py``) or ``dev2`` (``updates_dev2.py``, 24 more
    attributes, written by someone who read neither the rules nor the blind sets) or
    ``dev3`` (``updates_dev3.py``, 24 more, written the same way, read since 2026-12-06) or
    ``dev4`` (``updates_dev4.py``, 24 more, written the same way, read since
    2026-12-06 (late)) or ``dev5`` (``updates_dev5.py``, 24 more, written the same way on
    2026-12-06, ten of them attributes the slot rules read, read since) or ``dev6``
    (``updates_dev6.py``, 24 attributes, 20 of them named as in the fresh stream, whose
    sentences its author never saw; written the same way on 2026-12-06, measured once
    unread, read since) or ``dev7`` (``updates_dev7.py``, 22 attributes, 14 of them named as
    in the seen and first blind streams, written the same way on 2026-12-07) or ``dev8``
    (``updates_dev8.py``, 26 attributes, 20 of them named as in the fresh stream, written
    the same way on 2026-12-07, measured once unread) or ``dev9`` (``updates_dev9.py``, the
    28 attribute names of the fresh stream, whose sentences its author never saw, written
    the same way on 2026-12-07, measured once unread)."""
    if source == "dev":
        from benchmarks.datasets.updates_dev import DEV as FRESH
    elif source == "dev2":
        from benchmarks.datasets.updates_dev2 import DEV2 as FRESH
    elif source == "dev3":
        from benchmarks.datasets.updates_dev3 import DEV3 as FRESH
    elif source == "dev4":
        from benchmarks.datasets.updates_dev4 import DEV4 as FRESH
    elif source == "dev5":
        from benchmarks.datasets.updates_dev5 import DEV5 as FRESH
    elif source == "dev6":
        from benchmarks.datasets.updates_dev6 import DEV6 as FRESH
    elif source == "dev7":
        from benchmarks.datasets.updates_dev7 import DEV7 as FRESH
    elif source == "dev8":
        from benchmarks.datasets.updates_dev8 import DEV8 as FRESH
    elif source == "dev9":
        from benchmarks.datasets.updates_dev9 import DEV9 as FRESH
    else:
        from benchmarks.datasets.updates_fresh import FRESH

    span = months * 30.0 * DAY
    observations: list[UpdateObservation] = []
    questions: list[UpdateQuestion] = []
    names = sorted(FRESH)
    for index in range(users):
        rng = random.Random(f"fresh:{seed}:{index}")
        user = f"user{index:03d}"
        user_start = start + rng.uniform(0.0, 20.0) * DAY
        lines: list[_Line] = []
        plans = []
        for name in rng.sample(names, min(len(names), rng.randint(10, 14))):
            spec = FRESH[name]
            make = _multi if spec["kind"] == "multi" else _single
            attr_lines, current, stale, _ = make(rng, name, spec, user_start, span)
            lines += attr_lines
            plans.append((name, spec, current, stale))
        own = [v for _, _, cur, old in plans for v in (*cur, *old)]
        for _ in range(rng.randint(25, 40)):
            text = _clean(functools.partial(rng.choice, CHITCHAT), own)
            lines.append(_Line(user_start + rng.uniform(0, span), text, "chitchat", None, None, ()))
        lines.sort(key=lambda line: line.time)
        sessions = _sessions(rng, user_start, span)
        ids = session_observations(user, lines, sessions, observations)
        asked = user_start + span + DAY
        for name, spec, current, stale in plans:

            def asserting(
                value: str, name: str = name, ids: list[str] = ids, lines: list[_Line] = lines
            ) -> tuple[str, ...]:
                return tuple(
                    ids[n]
                    for n, line in enumerate(lines)
                    if line.slot == name
                    and line.kind in ("set", "repeat")
                    and (name, value) in line.values
                )

            newest = current[-1]
            questions.append(
                UpdateQuestion(
                    user,
                    name,
                    name,
                    rng.choice(spec["questions"]),
                    asked,
                    newest,
                    tuple(stale),
                    tuple(i for v in current for i in asserting(v)),
                    tuple(i for v in stale for i in asserting(v)),
                    also_current=tuple(current[:-1]),
                    multi=spec["kind"] == "multi",
                )
            )
            if spec["kind"] == "single" and stale:
                questions.append(
                    UpdateQuestion(
                        user,
                        name,
                        f"{name}#past",
                        rng.choice(spec["past_questions"]),
                        asked,
                        stale[-1],
                        (newest,),
                        asserting(stale[-1]),
                        asserting(newest),
                        asks="past",
                    )
                )
    return UpdateStream(seed, tuple(observations), tuple(questions))
