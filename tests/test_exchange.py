"""The exchange lift: a transcript turn borrows relevance from the turns said around it.

Real MiniLM cosines through ``search.rank``, and once end to end through ``Memory`` on a
real Redis, so the config knobs are shown to reach the ranking.
"""

from __future__ import annotations

from pathlib import Path

from conftest import DAY, START, MemoryFactory
from test_search_rank import item, ranked, texts

from tiermem import ManualClock
from tiermem.models.embedder import Embedder
from tiermem.types import MemoryItem

QUESTION = "When did Melanie go to the pottery class?"
ASKED = "Caroline: Did you ever go to that pottery class you told me about?"
ANSWER = "Melanie: Yes! Last Friday, and I loved every minute of it."
ELSEWHERE = [  # other days, other topics, each with a little in common with the question
    "Melanie: We went camping with the kids last month.",
    "Caroline: I signed up for a painting class at the community centre.",
    "Melanie: My friend Tom has lived in Boston for years.",
    "Caroline: The class on Tuesday was cancelled because of the snow.",
]


def transcript(gap_s: float = 30.0) -> list[MemoryItem]:
    """The pottery exchange 40 days ago (question, then the answer ``gap_s`` later), and
    the other turns on days of their own."""
    turns = [item(ASKED, age_days=40.0), item(ANSWER, age_days=40.0 - gap_s / DAY)]
    turns += [item(text, age_days=10.0 + 7 * n) for n, text in enumerate(ELSEWHERE)]
    return turns


def test_an_answer_rises_on_the_question_it_answers(embedder: Embedder) -> None:
    alone = ranked(embedder, QUESTION, transcript(), exchange_weight=0.0)
    lifted = ranked(embedder, QUESTION, transcript())
    assert texts(alone).index(ANSWER) > 2  # scored alone it shares almost nothing
    assert texts(lifted)[:2] == [ASKED, ANSWER]
    answer = next(h for h in lifted if h.item.memory == ANSWER)
    asked = next(h for h in lifted if h.item.memory == ASKED)
    assert answer.parts["exchange"] == asked.parts["relevance"]
    # the lift is the weight times what was borrowed, on top of the score it had alone
    before = next(h for h in alone if h.item.memory == ANSWER)
    assert answer.score == before.score + 0.35 * asked.parts["relevance"]
    scores = [h.score for h in lifted]
    assert scores == sorted(scores, reverse=True)


def test_turns_further_apart_than_the_window_lend_nothing(embedder: Embedder) -> None:
    apart = ranked(embedder, QUESTION, transcript(gap_s=600.0))
    assert all("exchange" not in h.parts for h in apart)
    near = ranked(embedder, QUESTION, transcript(gap_s=600.0), exchange_window_s=900.0)
    assert "exchange" in next(h for h in near if h.item.memory == ANSWER).parts


def test_a_users_own_messages_each_stand_alone(embedder: Embedder) -> None:
    """No speaker names: a single voice's messages in one sitting are not an exchange, so
    "I slept badly" said right after the bank news borrows nothing from it."""
    said = [
        item("I moved my current account to Monzo.", age_days=5.0),
        item("I slept really badly last night.", age_days=5.0 - 30.0 / DAY),
        item("My mechanic is Spanner Bros.", age_days=2.0),
    ]
    hits = ranked(embedder, "Which bank do I use?", said)
    assert all("exchange" not in h.parts for h in hits)
    off = ranked(embedder, "Which bank do I use?", said, exchange_weight=0.0)
    assert [h.score for h in hits] == [h.score for h in off]


def test_memory_search_reads_the_exchange_settings(
    make_memory: MemoryFactory, clock: ManualClock, tmp_path: Path
) -> None:
    """End to end: turns added 30 s apart, searched with and without the lift."""
    on = make_memory()
    off = make_memory(data_dir=tmp_path / "off", exchange_weight=0.0)
    for memory in (on, off):
        at = START
        for text in (ASKED, ANSWER):
            memory.add(text, user_id="chat", timestamp=at, infer=False)
            at += 30.0
        for n, text in enumerate(ELSEWHERE):
            memory.add(text, user_id="chat", timestamp=START + (n + 1) * 5 * DAY, infer=False)
    clock.set(START + 60 * DAY)
    lifted = on.search(QUESTION, user_id="chat", limit=3, explain=True)["results"]
    plain = off.search(QUESTION, user_id="chat", limit=10)["results"]
    assert [r["memory"] for r in lifted[:2]] == [ASKED, ANSWER]
    assert lifted[1]["explain"]["exchange"] > 0.0
    assert [r["memory"] for r in plain].index(ANSWER) > 1
