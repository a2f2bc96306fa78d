"""Forgetting-curve math (pure functions, no I/O).

Retention R = exp(-dt / S). Stability S starts at a base and multiplies by a growth
factor for each reinforcement (a repeat mention or a recall), so facts that keep
coming up are kept for longer, as in spaced repetition.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiermem.config import TiermemConfig
    from tiermem.types import MemoryItem


def stability(base_s: float, growth: float, reinforcement: int, strength: float = 1.0) -> float:
    return base_s * strength * growth ** max(reinforcement - 1, 0)


def retention(elapsed_s: float, stability_s: float) -> float:
    if stability_s <= 0:
        return 0.0
    return math.exp(-max(elapsed_s, 0.0) / stability_s)


def forget_after(stability_s: float, threshold: float) -> float:
    """Seconds after the last touch at which retention falls below the threshold."""
    return -math.log(threshold) * stability_s


def last_touch(fact: MemoryItem) -> float:
    """When a fact was last said, changed or recalled: its curve starts there."""
    return max(fact.observed_at, fact.updated_at, fact.last_access or 0.0)


def fact_stability(fact: MemoryItem, config: TiermemConfig) -> float:
    return stability(
        config.decay_base_stability_s,
        config.decay_stability_growth,
        fact.reinforcement,
        fact.strength,
    )
