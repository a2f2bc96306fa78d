"""What a consolidation policy decides, and the shapes it decides in.

A policy only *decides*; the engine applies decisions crash-safely. A user's own policy
is any class with the attributes and methods of ``Policy``, named by dotted path in
``TIERMEM_POLICY``; the engine learns everything it needs from them and never asks which
policy it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from tiermem.attributes.phrasings import Phrasings
from tiermem.config import TiermemConfig
from tiermem.consolidation.llm_ledger import CallLedger
from tiermem.errors import LLMError
from tiermem.models.llm import LLM
from tiermem.tiers.long import LongShard
from tiermem.types import MemoryItem, Vector

Action = Literal["ADD", "UPDATE", "MERGE", "NOOP"]


class ExtractedFact(BaseModel):
    text: str
    sources: list[str]  # observation ids
    observed_at: float
    slot: str | None = None
    keep_id: str | None = None  # reuse this observation id (a 1:1 fact keeps its id)


class Extraction(BaseModel):
    """The facts one batch of observations became. Every observation id in
    ``observations`` is consumed when the extraction is committed."""

    observations: list[str]
    facts: list[ExtractedFact]


class Decision(BaseModel):
    action: Action
    target: str | None = None  # long-term id the action touches (UPDATE/MERGE/NOOP)
    reason: str = ""


@dataclass
class PolicyContext:
    config: TiermemConfig
    llm: LLM | None
    budget: list[int] = field(default_factory=lambda: [0])  # LLM calls left this run
    ledger: CallLedger | None = None  # the current tenant's lifetime cap
    phrasings: Phrasings = field(default_factory=Phrasings)  # the current tenant's, see there
    reserved: int = 0  # calls granted by ``take_call`` and not yet made

    def take_call(self, observations: int = 0) -> bool:
        """May the policy make one LLM call now? ``observations``: how many observations
        the call is about that the ledger has not counted yet (an extraction batch). The
        ledger must have room for the call's retries too, since each attempt is paid."""
        if self.llm is None or self.budget[0] <= 0:
            return False
        attempts = 1 + self.config.llm_max_retries
        if self.ledger is not None and not self.ledger.allows(observations, attempts):
            return False
        self.budget[0] -= 1
        self.reserved += 1
        return True

    def complete_json(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> Any:
        """The one way a policy calls the LLM, each time after a ``take_call`` that said
        yes: a call nobody reserved raises ``LLMError`` (dead-lettered like a failed one),
        so no policy can spend past the budget through here. Every attempt, retries
        included, goes on the tenant's ledger, also when the call fails."""
        if self.llm is None or self.reserved <= 0:
            raise LLMError("complete_json without a granted take_call: the LLM budget is spent")
        self.reserved -= 1
        before = self.llm.usage.calls
        try:
            return self.llm.complete_json(messages, schema)
        finally:
            if self.ledger is not None:
                self.ledger.spend(max(1, self.llm.usage.calls - before))


class Policy(Protocol):
    name: str  # for history events ("policy:heuristic") and reports only
    uses_llm: bool  # the engine loads the configured LLM only for such a policy
    chunk_size: int  # observations handed to one ``extract`` call and committed together
    decays: bool  # run the decay pass
    merges: bool  # dedupe repeated mentions on the way into mid

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        """Which short-tier observations to extract now (others wait for a later run)."""
        ...

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        """Facts from observations; raise ``LLMError`` to dead-letter the batch."""
        ...

    def should_promote(self, fact: MemoryItem, now: float) -> bool: ...

    def candidates(
        self, fact: MemoryItem, vector: Vector, shard: LongShard
    ) -> list[tuple[MemoryItem, float]]:
        """The long-term facts ``reconcile`` will be shown for ``fact``, best first."""
        ...

    def reconcile(
        self,
        fact: MemoryItem,
        neighbours: list[tuple[MemoryItem, float]],
        ctx: PolicyContext,
    ) -> Decision:
        """ADD, or UPDATE/MERGE/NOOP one of ``neighbours`` (and only those)."""
        ...
