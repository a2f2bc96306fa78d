"""The consolidation passes, one module each, run per tenant under its lease.

- ``short_to_mid``: observations become facts (extract, dedupe, one MULTI per chunk);
- ``mid_to_long``: facts are reconciled with long-term memory (journalled, idempotent);
- ``decay``: facts nobody reinforced fade out of the mid tier.

``Engine.run`` picks tenants, takes leases and calls these in this order.
"""

from __future__ import annotations

PASSES: tuple[str, ...] = ("short_to_mid", "mid_to_long", "decay")
