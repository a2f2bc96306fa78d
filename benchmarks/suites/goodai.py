"""GoodAI LTM Colours and Shopping, scored on retrieval alone (no LLM answer needed).

Colours: the newest colour must come first (newest-wins@1) and no older colour may
outrank it (stale-above-current@5). Shopping: every item on the final list should be
among the top 10 hits (item recall), ideally with its final quantity in one hit, and
items removed entirely should not surface. ``consolidated_exact`` only counts items whose
final quantity no single line states ("3 leek" after adding 2 and then 1 more): a flat
log can find those lines but cannot hold that number.
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.datasets.goodai import LICENCE, GoodAIQuestion, load_goodai
from benchmarks.harness import AddEvent, AskEvent, Event
from benchmarks.metrics import mean, newest_wins_at_1, recall_at_k, stale_above_current, value_at_k
from benchmarks.report import (
    INTERVAL_NOTE,
    Cell,
    Chart,
    Table,
    estimate,
    latency_chart,
    measured,
    system_table,
)
from benchmarks.systems import Hit
from benchmarks.uncertainty import question_records, summarize

COLOUR_METRICS = ("newest_wins@1", "stale_above_current@5", "recall@10")
SHOPPING_METRICS = (
    "item_recall@10",
    "quantity_exact@10",
    "consolidated_exact@10",
    "removed_surfaced@10",
    "recall@10",
)
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def mentions_quantity(text: str, item: str, qty: int) -> bool:
    """True when ``text`` pairs ``item`` with ``qty`` ("3 leek", "leek: 3", "three leeks")."""
    number = rf"(?:{qty}|{_WORDS.get(qty, qty)})"
    name = re.escape(item.lower()) + r"(?:e?s)?"
    before = rf"(?<![\w-]){number}\s+(?:x\s+)?{name}(?![\w-])"
    after = rf"(?<![\w-]){name}\s*(?:[:x×(=-]|,)?\s*{number}(?![\w-])"
    lowered = text.lower()
    return re.search(before, lowered) is not None or re.search(after, lowered) is not None


class GoodAISuite:
    name = "goodai"
    k = 10

    def __init__(self, *, quick: bool = False, filler_per_gap: int | None = None) -> None:
        filler = filler_per_gap if filler_per_gap is not None else (4 if quick else 8)
        self.replays = load_goodai(filler_per_gap=filler)
        self.filler = filler
        self.licences = [LICENCE]
        self.questions: dict[str, tuple[str, GoodAIQuestion]] = {}

    def events(self) -> list[Event]:
        events: list[Event] = []
        self.questions.clear()
        for replay in self.replays:
            events += [
                AddEvent(o.timestamp, replay.user, o.text, (o.source_id,))
                for o in replay.observations
            ]
            for index, q in enumerate(replay.questions):
                key = f"{replay.user}#{index}"
                self.questions[key] = (replay.task, q)
                events.append(AskEvent(q.timestamp, replay.user, q.question, key))
        return events

    def describe(self) -> dict[str, Any]:
        return {
            "dataset": "GoodAI LTM Benchmark definitions (Colours, Shopping)",
            "definitions": [f"{r.task}/{r.definition}" for r in self.replays],
            "filler_per_gap": self.filler,
        }

    @staticmethod
    def _colours(q: GoodAIQuestion, hits: list[Hit]) -> dict[str, float | None]:
        texts = [h.text for h in hits]
        return {
            "newest_wins@1": newest_wins_at_1(texts, q.current[0]),
            "stale_above_current@5": stale_above_current(texts, q.current[0], q.stale, 5),
            "recall@10": recall_at_k(q.evidence, [h.source_ids for h in hits], 10),
        }

    @staticmethod
    def _shopping(q: GoodAIQuestion, hits: list[Hit]) -> dict[str, float | None]:
        texts = [h.text for h in hits[:10]]
        exact = {
            item: 1.0 if any(mentions_quantity(t, item, qty) for t in texts) else 0.0
            for item, qty in zip(q.current, q.quantities, strict=True)
        }
        return {
            "item_recall@10": mean(value_at_k(texts, item, 10) for item in q.current),
            "quantity_exact@10": mean(exact.values()),
            # Only items whose quantity no single line states: needs real consolidation.
            "consolidated_exact@10": mean(exact[item] for item in q.consolidated),
            "removed_surfaced@10": mean(value_at_k(texts, item, 10) for item in q.removed),
            "recall@10": recall_at_k(q.evidence, [h.source_ids for h in hits], 10),
        }

    def score(self, answers: dict[str, list[Hit]]) -> dict[str, Any]:
        rows: dict[str, dict[str, float | None]] = {}
        for key, (task, q) in self.questions.items():
            hits = answers.get(key, [])
            rows[key] = self._colours(q, hits) if task == "Colours" else self._shopping(q, hits)
        out: dict[str, Any] = {}
        for task, metrics in (("Colours", COLOUR_METRICS), ("Shopping", SHOPPING_METRICS)):
            keys = [k for k, (t, _) in self.questions.items() if t == task]
            out[task] = summarize(rows, keys, metrics, "definition")
        out["per_question"] = question_records(rows, lambda k: [self.questions[k][0]])
        return out

    def tables(self, results: dict[str, Any]) -> list[Table]:
        ok = measured(results)
        colours: list[list[Cell]] = [
            [n, *(estimate(s["metrics"]["Colours"], m) for m in COLOUR_METRICS)]
            for n, s in ok.items()
        ]
        shopping: list[list[Cell]] = [
            [n, *(estimate(s["metrics"]["Shopping"], m) for m in SHOPPING_METRICS)]
            for n, s in ok.items()
        ]
        unit = next(iter(ok.values()), {}).get("metrics", {}).get("Colours", {}).get("resampled")
        return [
            Table(
                "Colours (newest value wins)",
                ["system", *COLOUR_METRICS],
                colours,
                INTERVAL_NOTE.format(unit=unit or "definition"),
            ),
            Table(
                "Shopping (list after adds and removes; removed_surfaced: lower is better)",
                ["system", *SHOPPING_METRICS],
                shopping,
            ),
            system_table(results),
        ]

    def charts(self, results: dict[str, Any]) -> list[Chart]:
        ok = measured(results)

        tasks = (("Colours", COLOUR_METRICS), ("Shopping", SHOPPING_METRICS))
        series = {
            n: {f"{t.lower()} {m}": s["metrics"][t][m] for t, ms in tasks for m in ms}
            for n, s in ok.items()
        }
        errors = {
            n: {
                f"{t.lower()} {m}": s["metrics"][t].get("ci", {}).get(m)
                for t, ms in tasks
                for m in ms
            }
            for n, s in ok.items()
        }
        return [
            Chart(
                "goodai.png",
                "GoodAI LTM Colours and Shopping (95% intervals)",
                "rate",
                series,
                errors,
            ),
            latency_chart(results),
        ]
