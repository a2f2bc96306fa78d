"""Replay a data set through each system in simulated time, then score and report.

Every suite turns its data into one time-ordered stream of events: observations to add
and questions to ask. All users share one timeline so a consolidating system never sees
time run backwards. Between sessions (the first event on a new simulated day after
something was added) and before every question, the system gets ``tick(now)``: that is
where a tiered memory consolidates and a flat one does nothing. Timing is wall-clock
per call, so add/search latencies are comparable across systems.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from benchmarks import report
from benchmarks.metrics import percentiles
from benchmarks.paths import RESULTS_DIR
from benchmarks.systems import Hit, Item, System, SystemUnavailable, build
from benchmarks.uncertainty import latency_interval

DAY = 86400.0


@dataclass(frozen=True)
class AddEvent:
    time: float
    user: str
    text: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class AskEvent:
    time: float
    user: str
    query: str
    key: str  # the suite's id for this question


Event = AddEvent | AskEvent


def ordered(events: Sequence[Event]) -> list[Event]:
    """One global timeline; at equal times adds go first so a question sees them."""
    return sorted(events, key=lambda e: (e.time, isinstance(e, AskEvent)))


@dataclass
class ReplayResult:
    answers: dict[str, list[Hit]] = field(default_factory=dict)
    add_ms: list[float] = field(default_factory=list)
    search_ms: list[float] = field(default_factory=list)
    tick_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0


def _day(when: float) -> int:
    return int(when // DAY)


def replay(
    system: System,
    events: Sequence[Event],
    k: int,
    *,
    batch_adds: bool = False,
    progress: bool = True,
    desc: str = "",
) -> ReplayResult:
    """Feed ``events`` (already ordered) to ``system``; collect hits and latencies.

    With ``batch_adds`` consecutive adds of one user on one day go in one ``add_batch``
    call and each observation is charged an equal share of its time.
    """
    out = ReplayResult()
    started = time.perf_counter()
    pending_tick = False
    last_day: int | None = None
    batch: list[AddEvent] = []

    def flush() -> None:
        if not batch:
            return
        items = [Item(e.text, e.time, list(e.source_ids)) for e in batch]
        t0 = time.perf_counter()
        system.add_batch(batch[0].user, items)
        share = (time.perf_counter() - t0) * 1000.0 / len(items)
        out.add_ms.extend([share] * len(items))
        batch.clear()

    def tick(now: float) -> None:
        nonlocal pending_tick
        flush()
        t0 = time.perf_counter()
        system.tick(now)
        out.tick_ms.append((time.perf_counter() - t0) * 1000.0)
        pending_tick = False

    for event in tqdm(events, desc=desc, unit="ev", disable=not progress, file=sys.stderr):
        day = _day(event.time)
        if pending_tick and (isinstance(event, AskEvent) or day != last_day):
            tick(event.time)
        last_day = day
        if isinstance(event, AddEvent):
            if batch_adds:
                if batch and (batch[0].user != event.user or _day(batch[0].time) != day):
                    flush()
                batch.append(event)
            else:
                t0 = time.perf_counter()
                system.add(event.user, event.text, event.time, list(event.source_ids))
                out.add_ms.append((time.perf_counter() - t0) * 1000.0)
            pending_tick = True
        else:
            flush()
            t0 = time.perf_counter()
            out.answers[event.key] = system.search(event.user, event.query, k)
            out.search_ms.append((time.perf_counter() - t0) * 1000.0)
    flush()
    out.wall_s = time.perf_counter() - started
    return out


def latency_summary(samples: Sequence[float]) -> dict[str, Any]:
    summary: dict[str, Any] = {k: round(v, 3) for k, v in percentiles(samples).items()}
    if samples:
        summary["mean"] = round(sum(samples) / len(samples), 3)
        summary["p50_ci"] = latency_interval(samples, 50)
        summary["p95_ci"] = latency_interval(samples, 95)
    summary["n"] = len(samples)
    return summary


class Suite(Protocol):
    """What a benchmark suite provides to the harness."""

    name: str
    k: int
    licences: list[str]

    def events(self) -> list[Event]: ...

    def describe(self) -> dict[str, Any]: ...

    def score(self, answers: dict[str, list[Hit]]) -> dict[str, Any]: ...

    def tables(self, results: dict[str, Any]) -> list[report.Table]: ...

    def charts(self, results: dict[str, Any]) -> list[report.Chart]: ...


def run_system(
    suite: Suite,
    name: str,
    events: Sequence[Event],
    *,
    batch_adds: bool,
    progress: bool,
    factory: Callable[[str], System] = build,
) -> dict[str, Any]:
    """One system through one suite; never raises for a system-side failure."""
    try:
        system = factory(name)
    except SystemUnavailable as exc:
        print(f"[{suite.name}] skipping {name}: {exc}", file=sys.stderr)
        return {"available": False, "reason": str(exc)}
    try:
        result = replay(
            system,
            events,
            suite.k,
            batch_adds=batch_adds,
            progress=progress,
            desc=f"{suite.name}/{name}",
        )
        stats = system.stats()
        metrics = suite.score(result.answers)
        return {
            "available": True,
            "policy": getattr(system, "policy", None),
            "settings": getattr(system, "settings", {}),
            "metrics": metrics,
            "per_question": metrics.pop("per_question", []),
            "latency_ms": {
                "add": latency_summary(result.add_ms),
                "search": latency_summary(result.search_ms),
                "tick": latency_summary(result.tick_ms),
            },
            "stats": stats,
            "wall_s": round(result.wall_s, 3),
        }
    except Exception as exc:
        print(f"[{suite.name}] {name} failed: {exc}", file=sys.stderr)
        return {
            "available": True,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
        }
    finally:
        system.close()


def default_out_dir(suite: str) -> Path:
    """A new folder per run, claimed here: two runs started in the same second (say the
    fresh and the blind stream side by side) must not write over each other's report."""
    stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out, n = RESULTS_DIR / f"{suite}-{stamp}", 1
    while True:
        try:
            out.mkdir()
            return out
        except FileExistsError:
            n += 1
            out = RESULTS_DIR / f"{suite}-{stamp}-{n}"


def run_suite(
    suite: Suite,
    systems: Sequence[str],
    out_dir: Path,
    *,
    quick: bool = False,
    batch_adds: bool = False,
    progress: bool = True,
    factory: Callable[[str], System] = build,
) -> dict[str, Any]:
    """Run every named system, write JSON + markdown + plots into ``out_dir``."""
    events = ordered(suite.events())
    results: dict[str, Any] = {
        "suite": suite.name,
        "created": datetime.now(tz=UTC).isoformat(),
        "quick": quick,
        "k": suite.k,
        "licences": list(suite.licences),
        "data": suite.describe(),
        "events": {
            "adds": sum(isinstance(e, AddEvent) for e in events),
            "questions": sum(isinstance(e, AskEvent) for e in events),
        },
        "systems": {},
    }
    for name in systems:
        results["systems"][name] = run_system(
            suite, name, events, batch_adds=batch_adds, progress=progress, factory=factory
        )
    report.write_all(out_dir, results, suite.tables(results), suite.charts(results))
    return results
