"""What one consolidation run did, returned by ``Memory.consolidate``."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field


class ConsolidationReport(BaseModel):
    tenants: list[str] = Field(default_factory=list)
    skipped_tenants: list[str] = Field(default_factory=list)  # leased by another worker
    failed_tenants: dict[str, str] = Field(default_factory=dict)  # the policy raised: why
    actions: dict[str, int] = Field(default_factory=dict)
    observations_in: int = 0
    facts_out: int = 0
    llm_calls: int = 0
    llm_prompt_tokens: int = 0
    llm_completion_tokens: int = 0
    llm_ms: float = 0.0
    dead_letters: int = 0
    duration_s: float = 0.0

    def count(self, action: str, n: int = 1) -> None:
        counter = Counter(self.actions)
        counter[action] += n
        self.actions = dict(counter)

    def merge(self, other: ConsolidationReport) -> None:
        for action, n in other.actions.items():
            self.count(action, n)
        self.tenants = sorted({*self.tenants, *other.tenants})
        self.skipped_tenants = sorted({*self.skipped_tenants, *other.skipped_tenants})
        self.failed_tenants = {**self.failed_tenants, **other.failed_tenants}
        self.observations_in += other.observations_in
        self.facts_out += other.facts_out
        self.dead_letters += other.dead_letters
