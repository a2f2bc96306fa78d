"""A tenant's LLM spend against the observations it has consolidated.

The cap ("at most N LLM calls per 100 observations") has to hold over a tenant's whole
life, not per run: a chatbot that consolidates every minute would otherwise buy one call
per run for two new messages. So calls and observations are counted in Redis, beside
the tenant's other keys, and a call is allowed only while it stays under the line. Past
the line the rules decide, which costs nothing. ``delete_all`` leaves the ledger alone
(what was spent stays spent); ``reset`` drops it with everything else.
"""

from __future__ import annotations

from typing import Any

from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

_CALLS = "calls"
_OBSERVATIONS = "observations"


class CallLedger:
    def __init__(self, client: RedisClient, tenant: str, calls_per_100: float) -> None:
        self._client = client
        self._key = keys.llm_ledger(tenant)
        self._rate = calls_per_100 / 100.0
        raw = client.hmget(self._key, [_OBSERVATIONS, _CALLS])
        self.observations = int(raw[0] or 0)
        self.calls = int(raw[1] or 0)

    def allows(self, pending_observations: int = 0, attempts: int = 1) -> bool:
        """``attempts`` more calls, for ``pending_observations`` not yet counted, stay
        under the cap."""
        earned = self._rate * (self.observations + pending_observations)
        return self.calls + attempts <= earned + 1e-9

    def spend(self, attempts: int) -> None:
        """Counted whether or not the call succeeded: a failed attempt was still paid for."""
        self._client.hincrby(self._key, _CALLS, attempts)
        self.calls += attempts

    def earn(self, pipe: Any, observations: int) -> None:
        """Queued in the commit that consumes the observations; call ``earned`` after it."""
        pipe.hincrby(self._key, _OBSERVATIONS, observations)

    def earned(self, observations: int) -> None:
        self.observations += observations
