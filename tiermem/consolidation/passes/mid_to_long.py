"""mid -> long: facts ready for long-term memory are reconciled with it and moved.

The long tier is SQLite, outside Redis transactions, so each promotion is journalled in
Redis first, then applied to SQLite idempotently (by id, and by source ids for merges),
then finished in a fenced MULTI that removes the fact from mid and drops the journal
entry. A run that finds journal entries finishes them before anything else
(``finish_journal``), so a worker killed at any point leaves nothing half-done.

The finish of one fact and the journal entry of the next share one MULTI: each commit
costs four round trips to Redis, and these commits were half of a run's time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tiermem import history
from tiermem.consolidation import dead_letters, rules
from tiermem.consolidation.lease import unchanged
from tiermem.consolidation.passes.tenant_run import TenantRun
from tiermem.consolidation.policies.base import Decision
from tiermem.errors import LLMError
from tiermem.tiers import keys
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.long import LongShard
from tiermem.types import EventKind, MemoryItem, Vector


def run(tr: TenantRun) -> None:
    stores = tr.stores
    mid_items = keys.items(tr.tenant, "mid")
    raws = stores.client.hgetall(mid_items)  # the payloads decisions are made on
    facts = [MemoryItem.model_validate_json(raw) for raw in raws.values()]
    facts = [f for f in facts if tr.policy.should_promote(f, tr.now)]
    if not facts:
        return
    raw_of = {keys.text(k): v for k, v in raws.items()}
    facts.sort(key=lambda f: (f.observed_at, f.added_ns, f.id))
    vectors = stores.mid.vectors(tr.tenant, [f.id for f in facts])
    shard = stores.long.shard(tr.tenant)
    applied: tuple[Callable[[Any], None], Decision] | None = None  # finish not yet committed
    for fact, vector in zip(facts, vectors, strict=True):
        if vector is None:
            continue  # removed meanwhile
        neighbours = tr.policy.candidates(fact, vector, shard)
        decision = _decide(tr, fact, neighbours)
        if decision is None:
            continue
        entry = {
            "fact": fact.model_dump(mode="json"),
            "decision": decision.model_dump(),
            "now": tr.now,
        }
        journal = _journal_writer(tr.tenant, fact.id, json.dumps(entry))
        journalled = tr.lease.commit(  # only if the fact is still what was decided on
            journal if applied is None else _both(applied[0], journal),
            mid_items,
            check=unchanged(mid_items, fact.id, raw_of[fact.id]),
        )
        if applied is not None:
            if journalled:
                _count(tr, applied[1])
            else:
                _finish(tr, *applied)  # the check was on the new fact only
        applied = None
        if not journalled:
            continue  # changed under us (API update/delete); next run decides again
        _apply(shard, fact, vector, decision, tr.now)
        applied = (_finisher(tr, shard, fact, decision, tr.now), decision)
        tr.lease.keep()
    if applied is not None:
        _finish(tr, *applied)
    shard.save_index()


def finish_journal(tr: TenantRun) -> None:
    """Complete promotions a crashed worker journalled but did not finish."""
    stores = tr.stores
    journal = keys.journal(tr.tenant)
    entries = stores.client.hgetall(journal)
    if not entries:
        return
    shard = stores.long.shard(tr.tenant)
    for raw_id, raw in entries.items():
        entry = json.loads(raw)
        fact_id = keys.text(raw_id)
        fact = stores.mid.get(tr.tenant, fact_id)
        vector = stores.mid.vector(tr.tenant, fact_id)
        if fact is None or vector is None:
            tr.lease.commit(_journal_eraser(tr.tenant, fact_id))
            continue
        decision = Decision.model_validate(entry["decision"])
        _apply(shard, fact, vector, decision, float(entry["now"]))
        _finish(tr, _finisher(tr, shard, fact, decision, float(entry["now"])), decision)
        tr.report.count("RECOVERED")


def _journal_writer(tenant: str, fact_id: str, entry: str) -> Callable[[Any], None]:
    def fill(pipe: Any) -> None:
        pipe.hset(keys.journal(tenant), fact_id, entry)

    return fill


def _both(first: Callable[[Any], None], then: Callable[[Any], None]) -> Callable[[Any], None]:
    def fill(pipe: Any) -> None:
        first(pipe)
        then(pipe)

    return fill


def _journal_eraser(tenant: str, fact_id: str) -> Callable[[Any], None]:
    def fill(pipe: Any) -> None:
        pipe.hdel(keys.journal(tenant), fact_id)

    return fill


def _decide(
    tr: TenantRun, fact: MemoryItem, neighbours: list[tuple[MemoryItem, float]]
) -> Decision | None:
    """The policy's decision; the rules' for a fact stored with ``infer=False`` or one the
    LLM failed on too often; None (retry next run) for a fresh LLM failure."""
    by_rules = tr.ctx.phrasings.vocabulary.is_multi
    if not fact.infer:
        return rules.reconcile_by_rules(fact, neighbours, tr.config.dedupe_cosine, by_rules)
    try:
        return checked_decision(tr.policy.reconcile(fact, neighbours, tr.ctx), neighbours)
    except LLMError as exc:
        give_up, retry = dead_letters.retry_or_give_up(tr.stores.client, tr.tenant, [fact.id])
        if give_up:
            return rules.reconcile_by_rules(fact, neighbours, tr.config.dedupe_cosine, by_rules)
        dead_letters.record_all(tr.lease, tr.tenant, retry, f"reconcile: {exc}", tr.now)
        tr.report.count("DEAD_LETTER")
        return None


def checked_decision(found: object, neighbours: list[tuple[MemoryItem, float]]) -> Decision:
    """What ``reconcile`` returned, if it keeps the contract (UPDATE, MERGE and NOOP name
    one of the neighbours it was shown; an ADD's target means nothing and is dropped), or
    ``LLMError``, so the fact is dead-lettered, retried, then decided by the rules."""
    if not isinstance(found, Decision):
        raise LLMError("reconcile must return a Decision")
    if found.action == "ADD":
        return found if found.target is None else found.model_copy(update={"target": None})
    if found.target not in {n.id for n, _ in neighbours}:
        raise LLMError("policy touched a long-term fact it was not shown")
    return found


def _apply(
    shard: LongShard, fact: MemoryItem, vector: Vector, decision: Decision, now: float
) -> None:
    """Idempotent: replaying a journal entry any number of times gives one result."""
    if decision.action in ("ADD", "UPDATE"):
        long_item = fact.model_copy(
            update={
                "tier": "long",
                "valid_from": fact.observed_at,
                "valid_to": None,
                "superseded_by": None,
            }
        )
        shard.add(long_item, vector)
        if decision.action == "UPDATE" and decision.target:
            old = shard.get(decision.target)
            if old is not None and old.superseded_by is None:
                shard.supersede(decision.target, fact.id, when=fact.observed_at)
        return
    target = shard.get(decision.target or "")
    if target is None:
        return  # deleted by the API meanwhile: the fact is absorbed into nothing new
    fresh = [s for s in fact.sources if s not in target.sources]
    if not fresh:
        return  # already applied
    shard.update(
        target.model_copy(
            update={
                "sources": [*target.sources, *fresh],
                "reinforcement": target.reinforcement + len(fresh),
                "updated_at": max(target.updated_at, fact.observed_at),
                "observed_at": max(target.observed_at, fact.observed_at),
                "last_access": now,
            }
        )
    )


def _finisher(
    tr: TenantRun, shard: LongShard, fact: MemoryItem, decision: Decision, now: float
) -> Callable[[Any], None]:
    """The writes that finish an applied fact, for the caller to commit (then ``_count``)."""
    tenant, actor = tr.tenant, tr.actor

    def fill(pipe: Any) -> None:
        tr.stores.mid.drop(pipe, fact)
        pipe.hdel(keys.journal(tenant), fact.id)
        dead_letters.clear(pipe, tenant, [fact.id])
        details = {"decision": decision.action, "reason": decision.reason}
        if decision.action in ("ADD", "UPDATE"):
            IdRegistry.set(pipe, fact.id, tenant, "long")
            history.record(
                pipe,
                tenant,
                memory_id=fact.id,
                event=EventKind.PROMOTE,
                new_memory=fact.memory,
                tier="long",
                actor=actor,
                created_at=now,
                details={**details, "supersedes": decision.target},
            )
            if decision.action == "UPDATE" and decision.target:
                old = shard.get(decision.target)
                history.record(
                    pipe,
                    tenant,
                    memory_id=decision.target,
                    event=EventKind.SUPERSEDE,
                    old_memory=old.memory if old else None,
                    new_memory=fact.memory,
                    tier="long",
                    actor=actor,
                    created_at=now,
                    details={
                        "superseded_by": fact.id,
                        "reason": decision.reason,
                        "attribute": fact.attribute,
                    },
                )
        else:
            IdRegistry.set(pipe, fact.id, tenant, "consumed")
            history.record(
                pipe,
                tenant,
                memory_id=fact.id,
                event=EventKind.MERGE,
                old_memory=fact.memory,
                tier="long",
                actor=actor,
                created_at=now,
                details={**details, "merged_into": decision.target},
            )
            history.record(
                pipe,
                tenant,
                memory_id=decision.target or "",
                event=EventKind.REINFORCE,
                new_memory=fact.memory,
                tier="long",
                actor=actor,
                created_at=now,
                details={"from": fact.id, "sources": fact.sources},
            )

    return fill


def _finish(tr: TenantRun, fill: Callable[[Any], None], decision: Decision) -> None:
    """Commit a fact's finish on its own, and count it."""
    tr.lease.commit(fill)
    _count(tr, decision)


def _count(tr: TenantRun, decision: Decision) -> None:
    tr.report.count("PROMOTE" if decision.action in ("ADD", "UPDATE") else decision.action)
    if decision.action == "UPDATE":
        tr.report.count("SUPERSEDE")
