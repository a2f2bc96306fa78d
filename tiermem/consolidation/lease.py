"""Per-tenant leases, so any number of workers never consolidate one tenant at once.

A lease is a Redis key holding a random token with an expiry. Every commit a worker
makes is *fenced*: it WATCHes the lease key and checks the token inside the same
optimistic transaction, so a worker that stalled past its expiry (and lost the lease
to another) cannot write anything afterwards.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any

from tiermem.errors import LeaseLostError
from tiermem.tiers import keys
from tiermem.tiers.optimistic import ABORTED, Aborted, Stage, transact
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.replica_acks import ReplicaAcks

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class Lease:
    def __init__(
        self, client: RedisClient, tenant: str, ttl_s: float, acks: ReplicaAcks | None = None
    ) -> None:
        self.client = client
        self.acks = acks
        self.tenant = tenant
        self.key = keys.lease(tenant)
        self.ttl_ms = max(int(ttl_s * 1000), 1)
        self.token = secrets.token_hex(16).encode()
        self._renewed = time.monotonic()

    def acquire(self) -> bool:
        self._renewed = time.monotonic()
        return bool(self.client.set(self.key, self.token, nx=True, px=self.ttl_ms))

    def renew(self) -> None:
        if not self.client.eval(_RENEW, 1, self.key, self.token, self.ttl_ms):
            raise LeaseLostError(f"lease on {self.tenant} was lost")
        self._renewed = time.monotonic()

    def keep(self) -> None:
        """Renew once a third of the lease has passed: often enough that a working
        worker keeps it, rarely enough not to cost a round trip per fact. (Safety does
        not depend on this: every commit checks the token.)"""
        if time.monotonic() - self._renewed >= self.ttl_ms / 3000:
            self.renew()

    def release(self) -> None:
        self.client.eval(_RELEASE, 1, self.key, self.token)

    def commit(
        self,
        fill: Callable[[Any], None],
        *watch: str,
        check: Callable[[Any], bool] | None = None,
        retries: int = 10,
    ) -> bool:
        """Run ``fill(pipe)`` inside MULTI, only while we still hold the lease.

        ``watch`` keys make the commit retry when a concurrent write touches them;
        ``check(pipe)`` runs after WATCH and before MULTI and re-reads what the step
        decided on: if it returns False the data moved under us, nothing is written and
        the caller re-plans (returns False).
        """

        def plan(pipe: Any) -> Stage[bool] | Aborted:
            if pipe.get(self.key) != self.token:
                raise LeaseLostError(f"lease on {self.tenant} was lost")
            if check is not None and not check(pipe):
                return ABORTED

            def stage(pipe: Any) -> bool:
                fill(pipe)
                return True

            return stage

        def still_held() -> None:
            if self.client.get(self.key) != self.token:
                raise LeaseLostError(f"lease on {self.tenant} was lost")

        done = transact(
            self.client,
            (self.key, *watch),
            plan,
            retries=retries,
            on_conflict=still_held,
            exhausted=lambda: LeaseLostError(
                f"could not commit on {self.tenant}: data kept changing"
            ),
        )
        if done is True and self.acks is not None:
            self.acks.confirm(self.tenant)
        return done is True


def unchanged(key: str, field: str, raw: Any) -> Callable[[Any], bool]:
    """A commit check: the hash field still holds exactly what the decision was made on."""

    def check(pipe: Any) -> bool:
        return bool(pipe.hget(key, field) == raw)

    return check
