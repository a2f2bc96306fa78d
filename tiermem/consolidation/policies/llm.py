"""The LLM policy: batched fact extraction and reconciliation, with the LLM kept on a
short leash.

The LLM's output is untrusted. Extraction is schema-constrained and validated; a fact
list that drops most of a message's content words or its negations is thrown away and
the message is kept verbatim (the tiny embedded model often mangles text). In
reconciliation the LLM sees candidates only as small integer aliases, may touch only
those, and is asked only when the rules cannot decide; its UPDATE/MERGE must also pass
a similarity floor, otherwise the fact is simply added (nothing is lost that way).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from tiermem import lexical
from tiermem.attributes import slots
from tiermem.attributes.phrasings import Unsure
from tiermem.config import TiermemConfig
from tiermem.consolidation import rules
from tiermem.consolidation.policies.base import (
    Decision,
    ExtractedFact,
    Extraction,
    PolicyContext,
)
from tiermem.consolidation.policies.heuristic import HeuristicPolicy
from tiermem.errors import LLMError
from tiermem.types import MemoryItem

MAX_FACT_CHARS = 500
MIN_COVERAGE = 0.6
ASK_FLOOR = 0.7  # below this similarity no candidate is worth an LLM call
ACT_FLOOR = 0.5  # an LLM UPDATE/MERGE on a candidate less similar than this is refused


class _MessageFacts(BaseModel):
    message: int
    facts: list[str] = Field(max_length=12)


class _ExtractionReply(BaseModel):
    items: list[_MessageFacts] = Field(max_length=64)


class _ReconcileReply(BaseModel):
    action: Literal["ADD", "UPDATE", "MERGE", "NOOP"]
    target: int = 0


MAX_FACTS_PER_MESSAGE = 3
GRAMMAR_FACT_CHARS = 160
FACT_SLACK_CHARS = 24  # room for a resolved date ("on 2023-05-07") in a fact


def extract_schema(messages: int, longest_message: int = GRAMMAR_FACT_CHARS) -> dict[str, Any]:
    """Bounded by construction: the grammar cannot ramble past n items of 3 short facts,
    so a reply is never cut off mid-string by the token limit. A fact is no longer than
    the longest message it could come from (plus a date): a small model otherwise fills
    every allowed character, and generated characters are what a call costs."""
    fact_chars = max(16, min(GRAMMAR_FACT_CHARS, longest_message + FACT_SLACK_CHARS))
    return {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "maxItems": messages,
                "items": {
                    "type": "object",
                    "properties": {
                        "message": {"type": "integer"},
                        "facts": {
                            "type": "array",
                            "maxItems": MAX_FACTS_PER_MESSAGE,
                            "items": {"type": "string", "maxLength": fact_chars},
                        },
                    },
                    "required": ["message", "facts"],
                },
            }
        },
        "required": ["items"],
    }


class _PairAnswer(BaseModel):
    item: int
    answer: Literal["yes", "no"]


class _PairsReply(BaseModel):
    answers: list[_PairAnswer] = Field(max_length=128)


def pairs_schema(items: int) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "answers": {
                "type": "array",
                "maxItems": items,
                "items": {
                    "type": "object",
                    "properties": {
                        "item": {"type": "integer"},
                        "answer": {"type": "string", "enum": ["yes", "no"]},
                    },
                    "required": ["item", "answer"],
                },
            }
        },
        "required": ["answers"],
    }


PAIRS_SYSTEM = (
    "You read chat messages a user wrote about themselves and answer numbered yes/no "
    "questions about what each message says is true for the user now. Reply with JSON only."
)

RECONCILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "action": {"type": "string", "enum": ["ADD", "UPDATE", "MERGE", "NOOP"]},
        "target": {"type": "integer"},
    },
    "required": ["action", "target"],
}

EXTRACT_SYSTEM = (
    "You turn chat messages into short standalone facts about the people in them. "
    "Keep names, numbers and places. Replace relative dates (yesterday, last week) with the "
    "calendar date, using the message date. Reply with JSON only."
)
RECONCILE_SYSTEM = (
    "You maintain a memory of facts. Given a NEW fact and numbered EXISTING facts, answer "
    "UPDATE with the number of the existing fact the new one replaces (the value changed), "
    "MERGE with the number of a fact that says the same thing, NOOP if it is already known, "
    "or ADD with target 0 if it is new information. Reply with JSON only."
)


class LLMPolicy(HeuristicPolicy):
    name = "llm"
    uses_llm = True
    decays = True

    def __init__(self, config: TiermemConfig) -> None:
        super().__init__(config)
        self.chunk_size = config.extract_batch_size

    def ready(self, observations: list[MemoryItem], now: float) -> list[MemoryItem]:
        """Fill whole batches: LLM calls are the cost we are keeping down."""
        batch = self.config.extract_batch_size
        if len(observations) >= batch:
            return observations[: len(observations) - len(observations) % batch]
        oldest = min((o.observed_at for o in observations), default=now)
        return observations if now - oldest >= self.config.promote_min_age_s else []

    def extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        out = self._extract(observations, ctx, now)
        return self._adjudicate(out, {o.id: o for o in observations}, ctx)

    def _adjudicate(
        self, extractions: list[Extraction], by_id: dict[str, MemoryItem], ctx: PolicyContext
    ) -> list[Extraction]:
        """Where the rules are unsure, ask: a fact that states a value the vocabulary
        could almost tie to an attribute ("Moved all my savings over to Nationwide" and
        the user's bank) is put to the model as two contrasting questions in one batched
        call: "is the user's bank now Nationwide?" and "is it still Barclays?". Only a
        consistent yes/no ties it; a model that answers everything alike ties nothing,
        which is what keeps a tiny model from doing harm."""
        pending: list[tuple[ExtractedFact, Unsure, str]] = []
        for extraction in extractions:
            for fact in extraction.facts:
                if fact.slot is None or slots.placed(fact.slot) is not None:
                    continue
                source = by_id.get(fact.sources[0]) if fact.sources else None
                if source is None:
                    continue
                unsure = ctx.phrasings.unsure(_voiced(fact.text, source.memory))
                unsure = unsure or ctx.phrasings.unsure(source.memory)
                known = (
                    ctx.phrasings.vocabulary.attributes.get(unsure.attribute) if unsure else None
                )
                if unsure is not None and known is not None and known.values:
                    pending.append((fact, unsure, known.values[-1]))
        size = self.config.extract_batch_size
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            if not ctx.take_call():
                break
            answers = self._ask_pairs(batch, ctx)
            for n, (fact, unsure, _) in enumerate(batch):
                if answers.get(2 * n + 1) == "yes" and answers.get(2 * n + 2) == "no":
                    fact.slot = ctx.phrasings.confirm(unsure)
        return extractions

    def _ask_pairs(
        self, batch: list[tuple[ExtractedFact, Unsure, str]], ctx: PolicyContext
    ) -> dict[int, str]:
        lines = []
        for n, (fact, unsure, old) in enumerate(batch):
            name = unsure.attribute.rsplit(":", 1)[-1].replace("_", " ")
            new = unsure.statement.value
            lines.append(f'{2 * n + 1}. Message: "{fact.text}" Is the user\'s {name} now "{new}"?')
            lines.append(
                f'{2 * n + 2}. Message: "{fact.text}" Is the user\'s {name} still "{old}"?'
            )
        prompt = "\n".join(lines) + '\n\nAnswer each: {"answers": [{"item": 1, "answer": "yes"}]}'
        raw = ctx.complete_json(
            [{"role": "system", "content": PAIRS_SYSTEM}, {"role": "user", "content": prompt}],
            pairs_schema(2 * len(batch)),
        )
        try:
            reply = _PairsReply.model_validate(raw)
        except ValidationError as exc:
            raise LLMError(f"pair reply does not fit the schema: {exc}") from exc
        return {a.item: a.answer for a in reply.answers if 1 <= a.item <= 2 * len(batch)}

    def _extract(
        self, observations: list[MemoryItem], ctx: PolicyContext, now: float
    ) -> list[Extraction]:
        out: list[Extraction] = []
        singles: list[MemoryItem] = []
        pending = list(observations)
        while pending:  # a question and its answer are joined by rule, not by the LLM
            o = pending.pop(0)
            if pending and rules.is_exchange(o, pending[0]):
                out.append(rules.exchange(o, pending.pop(0), ctx.phrasings))
            else:
                singles.append(o)
        size = self.config.extract_batch_size
        for start in range(0, len(singles), size):
            batch = singles[start : start + size]
            asked = [o for o in batch if o.infer]
            out.extend(rules.verbatim(o) for o in batch if not o.infer)
            if not asked:
                continue
            if not ctx.take_call(observations=len(batch)):
                out.extend(super().extract(asked, ctx, now))
                continue
            reply = self._ask_extraction(asked, ctx)
            out.extend(self._accept(asked, reply, ctx))
        return out

    def _ask_extraction(self, batch: list[MemoryItem], ctx: PolicyContext) -> _ExtractionReply:
        lines = []
        for n, o in enumerate(batch, start=1):
            day = datetime.fromtimestamp(o.observed_at, tz=UTC).strftime("%Y-%m-%d")
            lines.append(f"{n}. [{day}] {o.memory}")
        prompt = (
            "Messages:\n" + "\n".join(lines) + "\n\nFor each message number give its facts as "
            '{"items": [{"message": 1, "facts": ["..."]}]}'
        )
        raw = ctx.complete_json(
            [{"role": "system", "content": EXTRACT_SYSTEM}, {"role": "user", "content": prompt}],
            extract_schema(len(batch), max(len(o.memory) for o in batch)),
        )
        try:
            return _ExtractionReply.model_validate(raw)
        except ValidationError as exc:
            raise LLMError(f"extraction reply does not fit the schema: {exc}") from exc

    def _accept(
        self, batch: list[MemoryItem], reply: _ExtractionReply, ctx: PolicyContext
    ) -> list[Extraction]:
        by_alias: dict[int, list[str]] = {}
        for entry in reply.items:
            if not 1 <= entry.message <= len(batch):
                raise LLMError(f"extraction names message {entry.message}, which it was not shown")
            by_alias.setdefault(entry.message, []).extend(entry.facts)
        out = []
        for n, o in enumerate(batch, start=1):
            facts = [" ".join(f.split()) for f in by_alias.get(n, [])]
            if any(not f or len(f) > MAX_FACT_CHARS or "\x00" in f for f in facts):
                raise LLMError("extraction returned an empty or oversized fact")
            said = rules.slot_of(o, ctx.phrasings)  # what the rules read in the message itself
            extracted = [
                ExtractedFact(
                    text=f,
                    sources=[o.id],
                    observed_at=o.observed_at,
                    slot=_slot_of(f, o.memory, ctx),
                )
                for f in dict.fromkeys(facts)
            ]
            body = " ".join(slots.split_speaker(o.memory)[1].split()).lower()
            for e in extracted:  # the message given back as it was says what it said
                if slots.placed(said) and " ".join(e.text.split()).lower() == body:
                    e.slot = said
            keeps_attribute = slots.placed(said) is None or any(e.slot == said for e in extracted)
            if facts and faithful(o.memory, facts) and keeps_attribute:
                out.append(Extraction(observations=[o.id], facts=extracted))
            else:  # the model lost words, a negation, or the attribute the rules read
                out.append(rules.verbatim(o, slot=said))
        return out

    def reconcile(
        self, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]], ctx: PolicyContext
    ) -> Decision:
        ruled = rules.reconcile_by_rules(
            fact, neighbours, self.config.dedupe_cosine, ctx.phrasings.vocabulary.is_multi
        )
        if ruled.action != "ADD" or fact.slot:
            return ruled  # the rules were sure; no call needed
        shown = [(o, s) for o, s in neighbours if s >= ASK_FLOOR][:4]
        if not shown or not ctx.take_call():
            return ruled
        listing = "\n".join(f"{n}. {o.memory}" for n, (o, _) in enumerate(shown, start=1))
        prompt = f"NEW: {fact.memory}\nEXISTING:\n{listing}\n" + json.dumps(
            {"action": "ADD|UPDATE|MERGE|NOOP", "target": 0}
        )
        raw = ctx.complete_json(
            [{"role": "system", "content": RECONCILE_SYSTEM}, {"role": "user", "content": prompt}],
            RECONCILE_SCHEMA,
        )
        try:
            reply = _ReconcileReply.model_validate(raw)
        except ValidationError as exc:
            raise LLMError(f"reconcile reply does not fit the schema: {exc}") from exc
        if reply.action == "ADD":
            return Decision(action="ADD", reason="llm: new")
        if not 1 <= reply.target <= len(shown):
            # A small model's usual slip ("UPDATE 0"). Adding is the answer that loses
            # nothing, and retrying the same prompt would mostly buy the same slip.
            return Decision(action="ADD", reason=f"llm {reply.action} named no shown fact")
        target, sim = shown[reply.target - 1]
        if sim < ACT_FLOOR or target.observed_at > fact.observed_at:
            return Decision(action="ADD", reason=f"llm {reply.action} refused (sim {sim:.2f})")
        return Decision(action=reply.action, target=target.id, reason=f"llm (sim {sim:.2f})")


def faithful(message: str, facts: list[str]) -> bool:
    """Facts keep most of the message's content words and every negation."""
    wanted = set(lexical.tokens(message))
    got = set(lexical.tokens(" ".join(facts)))
    if wanted and len(wanted & got) / len(wanted) < MIN_COVERAGE:
        return False
    negations = {"not", "never", "no", "n't"}
    said_no = any(w in message.lower().split() for w in negations) or "n't" in message.lower()
    kept_no = any(w in " ".join(facts).lower().split() for w in negations) or (
        "n't" in " ".join(facts).lower()
    )
    return kept_no or not said_no


def _slot_of(fact: str, message: str, ctx: PolicyContext) -> str | None:
    """An extracted fact is read like a message (rules, learned phrasings, the open
    reader) in its speaker's voice; the parse of a fact the batch did not hold is one
    more spaCy call."""
    found = ctx.phrasings.read(_voiced(fact, message))
    return slots.encoded(found)


def _voiced(fact: str, message: str) -> str:
    speaker, _ = slots.split_speaker(message)
    return f"{speaker}: {fact}" if speaker else fact
