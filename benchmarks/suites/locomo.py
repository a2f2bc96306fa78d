"""LoCoMo: evidence recall of long multi-session conversations (CC BY-NC 4.0 data).

Each conversation is one user; its turns are added as ``"Speaker: text"`` with the
session's date, and its questions are asked a day after its last session. Scores are
evidence recall@5/10/20, hit@10 and nDCG@10 per category, with category 5 (adversarial:
its evidence is the distractor turn) kept apart from the 1-4 average, and the development
conversations reported separately from the held-out ones.
"""

from __future__ import annotations

from typing import Any

from benchmarks.datasets.locomo import CATEGORY_NAMES, LICENCE, LoCoMo, QAItem, load_locomo
from benchmarks.harness import DAY, AddEvent, AskEvent, Event
from benchmarks.metrics import hit_at_k, ndcg_at_k, recall_at_k
from benchmarks.report import INTERVAL_NOTE, Chart, Table, estimate, measured, system_table
from benchmarks.systems import Hit
from benchmarks.uncertainty import question_records, summarize

QUICK_SAMPLES = ("conv-30",)
QUICK_SESSIONS = 10  # 190 turns, 56 questions: keeps tiermem-llm inside the 3-minute budget
METRICS = ("recall@5", "recall@10", "recall@20", "hit@10", "ndcg@10")
GROUPS = ("cat1-4", "cat1", "cat2", "cat3", "cat4", "cat5")
SPLITS = ("dev", "held_out", "all")


class LoCoMoSuite:
    name = "locomo"
    k = 20

    def __init__(
        self,
        *,
        quick: bool = False,
        sample_ids: tuple[str, ...] | None = None,
        max_sessions: int | None = None,
        data: LoCoMo | None = None,
        captions: bool = True,
    ) -> None:
        self.data = data or load_locomo()
        chosen = sample_ids or (QUICK_SAMPLES if quick else None)
        convs = self.data.conversations
        self.conversations = [c for c in convs if chosen is None or c.sample_id in chosen]
        if not self.conversations:
            raise ValueError(f"no LoCoMo conversation among {chosen}")
        self.max_sessions = max_sessions or (QUICK_SESSIONS if quick else None)
        self.captions = captions
        self.licences = [LICENCE]
        self.questions: dict[str, tuple[str, QAItem]] = {}  # key -> (split, item)

    def events(self) -> list[Event]:
        events: list[Event] = []
        self.questions.clear()
        for conv in self.conversations:
            sessions = conv.sessions[: self.max_sessions] if self.max_sessions else conv.sessions
            loaded = set()
            for session in sessions:
                for turn in session.turns:
                    loaded.add(turn.dia_id)
                    text = turn.observation if self.captions else turn.observation_without_caption
                    events.append(AddEvent(turn.timestamp, conv.sample_id, text, (turn.dia_id,)))
            asked = max(t.timestamp for s in sessions for t in s.turns) + DAY
            split = self.data.split_of(conv.sample_id)
            for index, qa in enumerate(conv.qa):
                if self.max_sessions and not (qa.evidence and set(qa.evidence) <= loaded):
                    continue  # a sliced conversation only asks what it contains
                key = f"{conv.sample_id}#{index}"
                self.questions[key] = (split, qa)
                events.append(AskEvent(asked, conv.sample_id, qa.question, key))
        return events

    def describe(self) -> dict[str, Any]:
        stats = self.data.stats
        return {
            "dataset": "LoCoMo locomo10.json",
            "conversations": [c.sample_id for c in self.conversations],
            "dev": [c.sample_id for c in self.data.dev],
            "held_out": [c.sample_id for c in self.data.held_out],
            "max_sessions": self.max_sessions,
            "photo_captions": self.captions,
            "repaired_evidence": stats.repaired_evidence,
            "dropped_evidence_ids": stats.dropped_evidence_ids,
            "unparsable_evidence": stats.unparsable_evidence,
            "questions_without_evidence": stats.questions_without_evidence,
            "categories": CATEGORY_NAMES,
        }

    def score(self, answers: dict[str, list[Hit]]) -> dict[str, Any]:
        per_q: dict[str, dict[str, float | None]] = {}
        for key, (_, qa) in self.questions.items():
            sources = [h.source_ids for h in answers.get(key, [])]
            per_q[key] = {
                "recall@5": recall_at_k(qa.evidence, sources, 5),
                "recall@10": recall_at_k(qa.evidence, sources, 10),
                "recall@20": recall_at_k(qa.evidence, sources, 20),
                "hit@10": hit_at_k(qa.evidence, sources, 10),
                "ndcg@10": ndcg_at_k(qa.evidence, sources, 10),
            }
        out: dict[str, Any] = {}
        for split in SPLITS:
            keys = [k for k, (s, _) in self.questions.items() if split in ("all", s)]
            if not keys:
                continue
            out[split] = {}
            for group in GROUPS:
                cats = {1, 2, 3, 4} if group == "cat1-4" else {int(group[3:])}
                chosen = [k for k in keys if self.questions[k][1].category in cats]
                scored = [k for k in chosen if self.questions[k][1].evidence]
                out[split][group] = {
                    **summarize(per_q, scored, METRICS, "conversation"),
                    "questions": len(chosen),  # every question; the means are over scored
                    "with_evidence": len(scored),
                }
        scored_keys = {k: v for k, v in per_q.items() if self.questions[k][1].evidence}
        return {**out, "per_question": question_records(scored_keys, self._groups)}

    def _groups(self, key: str) -> list[str]:
        split, qa = self.questions[key]
        cats = [f"cat{qa.category}", *(["cat1-4"] if qa.category in (1, 2, 3, 4) else [])]
        return [f"{where}/{cat}" for where in (split, "all") for cat in cats]

    def tables(self, results: dict[str, Any]) -> list[Table]:
        ok = measured(results)
        head: list[list[Any]] = []
        cats: list[list[Any]] = []
        for name, sys_ in ok.items():
            for split, groups in sys_["metrics"].items():
                main = groups["cat1-4"]
                head.append(
                    [
                        name,
                        split,
                        main["with_evidence"],
                        *(estimate(main, m) for m in METRICS),
                        estimate(groups["cat5"], "recall@10"),
                    ]
                )
                cats.append([name, split, *(estimate(groups[g], "recall@10") for g in GROUPS)])
        units = sorted(
            {
                g.get("resampled", "")
                for s in ok.values()
                for g in s["metrics"].get("all", {}).values()
            }
            - {""}
        )
        note = INTERVAL_NOTE.format(unit=" / ".join(units) or "conversation") + (
            " With fewer than five conversations in a split its questions are resampled "
            "instead, which understates the uncertainty of clustered questions."
        )
        return [
            Table(
                "Evidence retrieval, categories 1-4",
                ["system", "split", "questions", *METRICS, "cat5 recall@10"],
                head,
                note,
            ),
            Table(
                "Recall@10 per category (1 multi-hop, 2 temporal, 3 open-domain, "
                "4 single-hop, 5 adversarial)",
                ["system", "split", *GROUPS],
                cats,
            ),
            system_table(results),
        ]

    def charts(self, results: dict[str, Any]) -> list[Chart]:
        ok = measured(results)
        charts = []
        for split in SPLITS:
            series = {
                name: {g: s["metrics"][split][g]["recall@10"] for g in GROUPS}
                for name, s in ok.items()
                if split in s["metrics"]
            }
            errors = {
                name: {g: s["metrics"][split][g].get("ci", {}).get("recall@10") for g in GROUPS}
                for name, s in ok.items()
                if split in s["metrics"]
            }
            if series:
                charts.append(
                    Chart(
                        f"recall10_{split}.png",
                        f"LoCoMo {split}: evidence recall@10 (95% bootstrap intervals)",
                        "recall@10",
                        series,
                        errors,
                    )
                )
        from benchmarks.report import latency_chart

        charts.append(latency_chart(results))
        return charts
