"""``python -m benchmarks.fit_now_answer [--phrasings dev] [--check dev2]``: refit the
membership tests of ``tiermem.now_answer`` and say how they answer.

Replays a development update stream through tiermem (heuristic policy, the updates
suite's schedule) and, at every question about now, records the eligible statements
``now_answer`` considers: the anchor and each other candidate, with its cosine to the
question and its relevance as a share of the anchor's. A candidate is labelled a member
when the stream wrote it as a statement (set or repeat) of the anchor's attribute. A
two-feature logistic regression (Newton's method, numpy) is fitted to those labels and
printed beside the shipped constants, and the rule with the fitted constants is scored
(newest-wins@1 of the answer set's newest statement) on the ``--check`` streams. When
the judge model is installed (``models.judge``), the same is done for its test
(``now_answer.judged_probability``: the judge's cosine to the question, share, cosine to
the judge's anchor, the value's kind and the two margins), fitted on the statements with
at least ``now_answer.MIN_RIVALS`` rivals, the ones its weights decide.

Development sets only (``dev`` to ``dev7``, ``seen``): a blind stream must never be used to
fit anything. Needs no LLM and no network.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchmarks.harness import ordered, replay
from benchmarks.metrics import newest_wins_at_1
from benchmarks.suites.updates import UpdatesSuite
from benchmarks.systems import build
from tiermem import now_answer
from tiermem.attributes.vocabulary import Vocabulary
from tiermem.types import SearchHit

DEV_SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "retold", "seen")


@dataclass
class Candidate:
    text: str
    observed_at: float
    similarity: float
    share: float
    member: bool
    to_anchor: float = 0.0  # the judge's cosine to its anchor (judged candidates only)
    kind: float = now_answer.KIND_NEUTRAL  # the value's kind (judged candidates only)
    margin: float = 0.0  # ``now_answer.attribute_margins`` (judged candidates only)
    value_margin: float = 0.0  # ``now_answer.value_margins`` (judged candidates only)
    rivals: int = 0  # how many rivals the margins were read against (judged only)


@dataclass
class Asked:
    """One question about now: its eligible statements (anchor first) and what answers;
    ``judged``: the same statements as the judge reads them (its anchor first)."""

    answers: tuple[str, ...]
    candidates: list[Candidate] = field(default_factory=list)
    judged: list[Candidate] = field(default_factory=list)


def record(phrasings: str, users: int) -> list[Asked]:
    if phrasings not in DEV_SETS:
        raise SystemExit(f"{phrasings!r} is not a development stream ({', '.join(DEV_SETS)})")
    suite = UpdatesSuite(users=users, phrasings=phrasings)
    events = ordered(suite.events())
    labels = {
        (o.user, o.text): (o.slot, o.kind in ("set", "repeat")) for o in suite.stream.observations
    }
    asked: dict[tuple[str, str], Asked] = {}
    current: dict[str, tuple[str, str]] = {}
    original = now_answer.answer_set

    def member(user: str, hit: SearchHit, anchor: SearchHit) -> bool:
        anchor_slot = labels.get((user, anchor.item.memory), (None, False))[0]
        slot, stated = labels.get((user, hit.item.memory), (None, False))
        return stated and slot is not None and slot == anchor_slot

    def recording(
        hits: list[SearchHit], vocabulary: Vocabulary | None = None, **options: Any
    ) -> now_answer.Answer | None:
        key = current.get("key")
        found = now_answer.candidates(hits)
        if key in asked and found:
            anchor = found[0]
            for hit in found:
                asked[key].candidates.append(
                    Candidate(
                        hit.item.memory,
                        hit.item.observed_at,
                        hit.similarity,
                        now_answer.share_of(hit, anchor),
                        member(key[0], hit, anchor),
                    )
                )
            if options.get("judge") is not None:
                groups = now_answer.value_groups(found, vocabulary)
                read = now_answer.judged_features(
                    found, options["query"], options["judge"], options["lexical_weight"], groups
                )
                top = found[read.anchor]
                order = [read.anchor] + [n for n in range(len(found)) if n != read.anchor]
                asked[key].judged = [
                    Candidate(
                        found[n].item.memory,
                        found[n].item.observed_at,
                        read.similarity[n],
                        read.share[n],
                        member(key[0], found[n], top),
                        read.to_anchor[n],
                        read.kind[n],
                        read.margin[n],
                        read.value_margin[n],
                        read.rivals[n],
                    )
                    for n in order
                ]
        return original(hits, vocabulary, **options)

    for question in suite.stream.questions:
        if question.asks == "now":
            key = (question.user, question.question)
            asked[key] = Asked((question.current, *question.also_current))
    system = build("tiermem-heuristic")
    search = system.search

    def searching(user: str, query: str, k: int) -> list:  # type: ignore[type-arg]
        current["key"] = (user, query)
        return search(user, query, k)

    system.search = searching  # type: ignore[method-assign]
    now_answer.answer_set = recording  # type: ignore[assignment]
    try:
        replay(system, events, 10, progress=False)
    finally:
        now_answer.answer_set = original  # type: ignore[assignment]
        system.close()
    return [a for a in asked.values() if a.candidates]


def _features(c: Candidate, judged: bool) -> list[float]:
    if judged:
        return [c.similarity, c.share, c.to_anchor, c.kind, c.margin, c.value_margin, 1.0]
    return [c.similarity, c.share, 1.0]


def _judged_weights(c: Candidate, w: np.ndarray) -> np.ndarray:
    """``w`` where the candidate has the rivals its margins need, else the test without
    margins (``now_answer.judged_probability``)."""
    return w if c.rivals >= now_answer.MIN_RIVALS else np.array(now_answer.FEW_RIVALS_WEIGHTS)


def _read(a: Asked, judged: bool) -> list[Candidate]:
    return a.judged if judged else a.candidates


def fit(asked: list[Asked], rounds: int = 25, *, judged: bool = False) -> np.ndarray:
    """(weight of cosine, weight of share, [weights of cosine to the anchor, of the
    value's kind and of the two margins,] bias) by Newton's method on the log-loss;
    judged, on the candidates with enough rivals."""
    rows = [c for a in asked for c in _read(a, judged)[1:]]
    if judged:
        rows = [c for c in rows if c.rivals >= now_answer.MIN_RIVALS]
    x = np.array([_features(c, judged) for c in rows])
    y = np.array([1.0 if c.member else 0.0 for c in rows])
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + 1e-3 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + 1e-3 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def score(asked: list[Asked], w: np.ndarray, *, judged: bool = False) -> float:
    """Newest-wins@1 of the newest statement the fitted test admits (no spreading)."""
    good = 0.0
    read = [a for a in asked if _read(a, judged)]
    for a in read:
        anchor, *rest = _read(a, judged)
        chosen = [anchor] + [
            c
            for c in rest
            if float(np.dot(_judged_weights(c, w) if judged else w, _features(c, judged))) >= 0.0
        ]
        newest = max(chosen, key=lambda c: c.observed_at)
        good += max(newest_wins_at_1([newest.text], answer) for answer in a.answers)
    return good / max(len(read), 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fit_now_answer")
    parser.add_argument("--phrasings", default="dev", help="comma-separated dev streams to fit on")
    parser.add_argument("--check", default="dev2", help="comma-separated dev streams")
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args(argv)
    fitted_on = [name for name in args.phrasings.split(",") if name]
    trained = [asked for name in fitted_on for asked in record(name, args.users)]
    w = fit(trained)
    shipped = np.array([now_answer.WEIGHT_SIMILARITY, now_answer.WEIGHT_SHARE, now_answer.BIAS])
    pairs = sum(len(a.candidates) - 1 for a in trained)
    print(f"fitted on {args.phrasings}: {len(trained)} questions, {pairs} pairs")
    print(f"  fitted  cosine {w[0]:6.2f}  share {w[1]:6.2f}  bias {w[2]:6.2f}")
    print(f"  shipped cosine {shipped[0]:6.2f}  share {shipped[1]:6.2f}  bias {shipped[2]:6.2f}")
    judged = any(a.judged for a in trained)
    wj = fit(trained, judged=True) if judged else None
    shipped_j = np.array(now_answer.JUDGE_WEIGHTS)
    if wj is not None:
        print(
            "  judge: "
            + " ".join(f"{v:6.2f}" for v in wj)
            + " (cosine, share, anchor, kind, margin, value margin, bias)"
        )
        print("  judge shipped: " + " ".join(f"{v:6.2f}" for v in shipped_j))
    for name in [args.phrasings, *[s for s in args.check.split(",") if s]]:
        checked = trained if name == args.phrasings else record(name, args.users)
        if not checked:
            print(f"  {name}: no question reaches the rule (its attributes are ruled ones)")
            continue
        print(
            f"  {name}: newest-wins@1 of the admitted statements, fitted "
            f"{score(checked, w):.3f}, shipped {score(checked, shipped):.3f} "
            f"({len(checked)} questions)"
        )
        if wj is not None:
            print(
                f"  {name}, judge: fitted {score(checked, wj, judged=True):.3f}, "
                f"shipped {score(checked, shipped_j, judged=True):.3f}"
            )


if __name__ == "__main__":
    main()
