"""The consolidation passes, one module each, run per tenant under its lease.

- ``short_to_mid``: observations become facts (extract, dedupe, one MULTI per chunk);
- ``mid_to_long``: facts are reconciled with long-term memory (journalled, idempotent);
- ``decay``: facts nobody reinforced fade out of the mid tier.

``Engine.run`` picks tenants, takes leases and calls these in this order.
"""

from __future__ import annotations

from tiermem.errors import InvalidInputError

PASSES: tuple[str, ...] = ("short_to_mid", "mid_to_long", "decay")


def check_passes(passes: object) -> tuple[str, ...]:
    """The passes to run, in engine order; refuses anything else, naming the valid ones."""
    if isinstance(passes, str) or not isinstance(passes, (tuple, list, set, frozenset)):
        raise InvalidInputError(f"passes must be a list of pass names, from {list(PASSES)}")
    unknown = sorted(str(p) for p in passes if p not in PASSES)
    if unknown:
        raise InvalidInputError(f"unknown passes {unknown}; valid passes are {list(PASSES)}")
    return tuple(p for p in PASSES if p in passes)
