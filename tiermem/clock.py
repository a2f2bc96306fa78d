"""Injectable time source.

Ranking and consolidation read time only through a Clock so that a benchmark can
replay a months-long conversation in seconds and a test can step time by hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Returns seconds since the epoch (float), like ``time.time``."""


def system_clock() -> float:
    return time.time()


class ManualClock:
    """A clock that only moves when told to; for tests and simulated-time replays."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now

    def set(self, when: float) -> None:
        self.now = float(when)
