"""What every pass works with while it holds one tenant's lease."""

from __future__ import annotations

from dataclasses import dataclass

from tiermem.config import TiermemConfig
from tiermem.consolidation.lease import Lease
from tiermem.consolidation.policies.base import Policy, PolicyContext
from tiermem.consolidation.report import ConsolidationReport
from tiermem.stores import Stores


@dataclass
class TenantRun:
    stores: Stores
    policy: Policy
    ctx: PolicyContext
    tenant: str
    lease: Lease
    now: float
    report: ConsolidationReport

    @property
    def config(self) -> TiermemConfig:
        return self.stores.config

    @property
    def actor(self) -> str:
        """Who history says made a change: ``policy:<name>``."""
        return f"policy:{self.policy.name}"
