"""``Engine.run``: which tenants, under which lease, through which passes.

The passes themselves live in ``consolidation.passes`` (one module each); what they
decide comes from the policy, whose ``Policy`` protocol declares everything the engine
needs to know about it. Every commit is fenced by the tenant lease, so a worker that
lost its lease writes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from tiermem import tier_counts
from tiermem.attributes import reader
from tiermem.attributes.phrasings import Phrasings
from tiermem.clock import Clock
from tiermem.consolidation import run_log
from tiermem.consolidation.lease import Lease
from tiermem.consolidation.llm_ledger import CallLedger
from tiermem.consolidation.passes import PASSES, check_passes, decay, mid_to_long, short_to_mid
from tiermem.consolidation.passes.tenant_run import TenantRun
from tiermem.consolidation.policies import load_policy
from tiermem.consolidation.policies.base import Policy, PolicyContext
from tiermem.consolidation.policies.guard import GuardedPolicy
from tiermem.consolidation.report import ConsolidationReport
from tiermem.errors import LeaseLostError, PolicyError
from tiermem.models.llm import LLM, make_llm
from tiermem.stores import Stores
from tiermem.tiers import keys

log = logging.getLogger("tiermem")


class Engine:
    def __init__(
        self,
        stores: Stores,
        *,
        clock: Clock,
        llm: LLM | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.stores = stores
        self.config = stores.config
        self.clock = clock
        self.policy = GuardedPolicy(policy or load_policy(self.config.policy, self.config))
        self._llm = llm
        self._llm_ready = llm is not None
        if self.config.open_attributes:
            reader.pipeline()  # load the parser once, up front: a worker (or its forks) is ready

    @property
    def llm(self) -> LLM | None:
        """Loaded on first need: a policy that uses no LLM never pays for it."""
        if not self._llm_ready:
            self._llm = make_llm(self.config) if self.policy.uses_llm else None
            self._llm_ready = True
        return self._llm

    def listed_tenants(self) -> list[str]:
        """Every tenant that holds data, sorted."""
        return sorted(keys.text(t) for t in self.stores.client.smembers(keys.TENANTS))

    def run(
        self,
        *,
        tenants: list[str] | None = None,
        now: float | None = None,
        passes: tuple[str, ...] = PASSES,
        take: Callable[[str], bool] | None = None,
    ) -> ConsolidationReport:
        """One run over ``tenants`` (default: every listed one). ``take(tenant)``, asked
        just before each tenant, lets a scheduled worker skip the tenants that are
        another worker's share (``roster``)."""
        chosen = check_passes(passes)
        started = time.perf_counter()
        when = self.clock() if now is None else now
        if tenants is None:
            tenants = self.listed_tenants()
        llm = self.llm
        ctx = PolicyContext(self.config, llm, budget=[self.config.llm_calls_per_run])
        before = llm.usage.snapshot() if llm is not None else None
        report = ConsolidationReport()
        for tenant in tenants:
            if take is None or take(tenant):
                self._run_tenant(tenant, chosen, ctx, when, report)
        if llm is not None and before is not None:
            spent = llm.usage.since(before)
            report.llm_calls = spent.calls
            report.llm_prompt_tokens = spent.prompt_tokens
            report.llm_completion_tokens = spent.completion_tokens
            report.llm_ms = spent.ms
        report.dead_letters = sum(
            int(self.stores.client.hlen(keys.dead_letters(t))) for t in report.tenants
        )
        report.duration_s = time.perf_counter() - started
        return report

    def _run_tenant(
        self,
        tenant: str,
        passes: tuple[str, ...],
        ctx: PolicyContext,
        now: float,
        report: ConsolidationReport,
    ) -> None:
        lease = Lease(self.stores.client, tenant, self.config.lease_ttl_s, self.stores.acks)
        if not lease.acquire():
            report.skipped_tenants.append(tenant)
            return
        report.tenants.append(tenant)
        ctx.ledger = (
            CallLedger(self.stores.client, tenant, self.config.llm_calls_per_100_observations)
            if ctx.llm is not None
            else None
        )
        ctx.phrasings = Phrasings.load(self.stores.client, tenant)
        ctx.reserved = 0  # a call granted for another tenant is not this one's
        tr = TenantRun(self.stores, self.policy, ctx, tenant, lease, now, report)
        before = (dict(report.actions), report.observations_in, report.facts_out)
        calls_before = ctx.llm.usage.calls if ctx.llm is not None else 0
        try:
            mid_to_long.finish_journal(tr)
            if "short_to_mid" in passes:
                short_to_mid.run(tr)
            if "mid_to_long" in passes:
                mid_to_long.run(tr)
            if "decay" in passes and self.policy.decays:
                decay.run(tr)
        except LeaseLostError:
            log.warning("lost the lease on %s; another worker will finish it", tenant)
            report.skipped_tenants.append(tenant)
            return
        except PolicyError as exc:  # a bug in the policy: this tenant waits, the others go on
            log.exception("consolidation of %s stopped: %s", tenant, exc)
            report.failed_tenants[tenant] = str(exc)
            return
        finally:
            lease.release()
        calls = (ctx.llm.usage.calls if ctx.llm is not None else 0) - calls_before
        self._log_run(tenant, now, report, before, calls)

    def _log_run(
        self,
        tenant: str,
        now: float,
        report: ConsolidationReport,
        before: tuple[dict[str, int], int, int],
        llm_calls: int,
    ) -> None:
        """One ``run_log`` entry: this tenant's share of the report, and its counts."""
        actions, observations_in, facts_out = before
        done = {k: n - actions.get(k, 0) for k, n in report.actions.items()}
        counts = tier_counts.read_tenant(self.stores.client, self.stores.long.shards.root, tenant)
        entry = run_log.RunEntry(
            at=now,
            actions={k: n for k, n in done.items() if n},
            observations_in=report.observations_in - observations_in,
            facts_out=report.facts_out - facts_out,
            llm_calls=llm_calls,
            dead_letters=counts["dead_letters"],
            counts=run_log.TierCounts(**counts),
        )
        run_log.record(self.stores.client, tenant, entry)
