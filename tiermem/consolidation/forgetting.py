"""Forgetting-curve math (pure functions, no I/O).

Retention R = exp(-dt / S). Stability S starts at a base and multiplies by a growth
factor for each reinforcement (a repeat mention or a recall), so facts that keep
coming up are kept for longer, as in spaced repetition.
"""

from __future__ import annotations

import math


def stability(base_s: float, growth: float, reinforcement: int, strength: float = 1.0) -> float:
    return base_s * strength * growth ** max(reinforcement - 1, 0)


def retention(elapsed_s: float, stability_s: float) -> float:
    if stability_s <= 0:
        return 0.0
    return math.exp(-max(elapsed_s, 0.0) / stability_s)


def forget_after(stability_s: float, threshold: float) -> float:
    """Seconds after the last touch at which retention falls below the threshold."""
    return -math.log(threshold) * stability_s
