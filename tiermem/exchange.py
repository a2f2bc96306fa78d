"""A turn of a conversation is read in its exchange: the turns around it lend it relevance.

In a transcript, the words a question looks for are often in one turn and the fact in the
next: "Caroline: Did you ever go to that pottery class?" / "Melanie: Yes! Last Friday,
loved it". Scored alone, the answer shares nothing with "When did Melanie go to
pottery?". So each turn gains a share of the best relevance among the other turns said
within a few minutes of it, the same exchange. Only turns with a named speaker take part:
a transcript's turns answer each other, while a user's own messages in one sitting
("I switched banks to Monzo.", "I slept badly last night.") each stand alone, and lifting
one by its neighbour cost 0.013 newest-wins@1 on the updates dev stream. Only the
candidates already gathered count (no extra reads). The lift is added, not multiplied:
a turn that shares nothing with the question can still rise on its exchange, and one
that is relevant by itself gains too when its exchange is about the question as well.

Measured on LoCoMo's dev conversations (CC BY-NC 4.0), recall@10 0.733 -> 0.757 with a
120 s window and weight 0.35; the gain is flat from 90 s to 600 s and from 0.25 to 0.45.
A window of one turn either side (30-45 s there) lowered it: the other speaker's reply
alone is mostly chat, the exchange around it is what carries the topic.
"""

from __future__ import annotations

from tiermem.attributes.slots import split_speaker
from tiermem.types import SearchHit


def lift(hits: list[SearchHit], window_s: float, weight: float) -> None:
    """Add ``weight`` x the best relevance of the other turns within ``window_s`` seconds
    to each turn's score, in place (``parts["exchange"]`` records what was borrowed)."""
    if weight <= 0.0 or window_s <= 0.0 or len(hits) < 2:
        return
    turns = [h for h in hits if split_speaker(h.item.memory)[0] is not None]
    timed = sorted(turns, key=lambda h: h.item.observed_at)
    times = [h.item.observed_at for h in timed]
    relevance = [float(h.parts.get("relevance", 0.0)) for h in timed]
    lifts = []
    for i, at in enumerate(times):
        best = 0.0
        j = i - 1
        while j >= 0 and at - times[j] <= window_s:
            best = max(best, relevance[j])
            j -= 1
        j = i + 1
        while j < len(times) and times[j] - at <= window_s:
            best = max(best, relevance[j])
            j += 1
        lifts.append(best)
    for hit, borrowed in zip(timed, lifts, strict=True):
        if borrowed > 0.0:
            hit.score += weight * borrowed
            hit.parts["exchange"] = borrowed
