"""What each consolidation run did to one tenant, kept for people to look at.

The engine appends one entry per tenant run: the actions, observations in, facts out,
LLM calls, the dead letters left, and the tier counts after the run. The inspector
draws a tenant's counts over time from these and lists its runs. Only the newest
``KEEP`` entries stay (a capped Redis list), so a busy worker's log costs a bounded
few kilobytes per tenant; nothing here is needed to serve or consolidate memories.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

KEEP = 500


class TierCounts(BaseModel):
    short: int = 0
    mid: int = 0
    long: int = 0


class RunEntry(BaseModel):
    at: float  # the run's "now" (simulated time in benchmarks)
    actions: dict[str, int] = Field(default_factory=dict)
    observations_in: int = 0
    facts_out: int = 0
    llm_calls: int = 0
    dead_letters: int = 0
    counts: TierCounts = Field(default_factory=TierCounts)


def record(client: RedisClient, tenant: str, entry: RunEntry) -> None:
    pipe = client.pipeline(transaction=True)
    pipe.lpush(keys.run_log(tenant), entry.model_dump_json())
    pipe.ltrim(keys.run_log(tenant), 0, KEEP - 1)
    pipe.execute()


def read(client: RedisClient, tenant: str, limit: int = KEEP) -> list[RunEntry]:
    """The tenant's runs, oldest first (at most ``limit``, the newest ones)."""
    raw = client.lrange(keys.run_log(tenant), 0, max(limit, 1) - 1)
    return [RunEntry.model_validate_json(item) for item in reversed(raw)]
