"""short -> mid: observations become facts.

The policy extracts facts from a chunk of observations; each chunk is committed in one
fenced Redis MULTI that removes the observations and writes the facts, their id-registry
entries and their history events: all or nothing. If an observation moved meanwhile (an
API delete, another writer) the chunk is re-read and planned again.
"""

from __future__ import annotations

import uuid
from typing import Any

from tiermem import history
from tiermem.consolidation import dead_letters, rules
from tiermem.consolidation.passes import duplicates
from tiermem.consolidation.passes.tenant_run import TenantRun
from tiermem.consolidation.policies.base import Extraction
from tiermem.errors import LLMError
from tiermem.tiers import keys
from tiermem.tiers.id_registry import IdRegistry
from tiermem.types import EventKind, MemoryItem, Vector, text_hash

REPLANS = 5


def run(tr: TenantRun) -> None:
    stores, config = tr.stores, tr.config
    observations = sorted(stores.short.all(tr.tenant), key=lambda o: (o.observed_at, o.added_ns))
    ready = tr.policy.ready(observations, tr.now)
    tr.ctx.phrasings.prepare(
        [o.memory for o in ready if o.infer] if config.open_attributes else [],
        stores.embedder.embed,
        list(config.attributes),
        open_reader=config.open_attributes,
        batch_words=stores.embedder.batches,
    )
    size = max(1, tr.policy.chunk_size)
    for start in range(0, len(ready), size):
        chunk = ready[start : start + size]
        for _ in range(REPLANS):
            if _extract_chunk(tr, chunk):
                break
            chunk = stores.short.get_many(tr.tenant, [o.id for o in chunk])
            if not chunk:
                break
        tr.lease.keep()


def _extract_chunk(tr: TenantRun, chunk: list[MemoryItem]) -> bool:
    by_id = {o.id: o for o in chunk}
    try:
        extractions = checked_extractions(tr.policy.extract(chunk, tr.ctx, tr.now), by_id)
    except LLMError as exc:
        give_up, retry = dead_letters.retry_or_give_up(tr.stores.client, tr.tenant, list(by_id))
        dead_letters.record_all(tr.lease, tr.tenant, retry, f"extract: {exc}", tr.now)
        if retry:
            tr.report.count("DEAD_LETTER", len(retry))
        extractions = [rules.verbatim(by_id[i]) for i in give_up]  # keep the words
        if not extractions:
            return True
    if not any(e.observations for e in extractions):
        return True  # the policy consumed nothing: these observations wait for a later run
    return _commit(tr, extractions, by_id)


def checked_extractions(found: object, by_id: dict[str, MemoryItem]) -> list[Extraction]:
    """What ``extract`` returned, if it keeps the contract; ``LLMError`` (so the chunk is
    dead-lettered, retried, then kept verbatim) if it does not: only observations of this
    chunk consumed, each once; every fact citing at least one of them; a kept id only one
    of the observations its extraction consumes, and only once."""
    if not isinstance(found, list) or not all(isinstance(e, Extraction) for e in found):
        raise LLMError("extract must return a list of Extraction")
    consumed: set[str] = set()
    kept: set[str] = set()
    for extraction in found:
        taken = set(extraction.observations)
        if not taken <= set(by_id):
            raise LLMError("policy consumed an observation it was not given")
        if taken & consumed:
            raise LLMError("policy consumed an observation twice")
        consumed |= taken
        for fact in extraction.facts:
            if not fact.sources or not set(fact.sources) <= set(by_id):
                raise LLMError("a fact must cite observations of its chunk")
            if fact.keep_id is not None and (fact.keep_id not in taken or fact.keep_id in kept):
                raise LLMError("keep_id must be an observation its extraction consumes, once")
            if fact.keep_id is not None:
                kept.add(fact.keep_id)
    return found


def _commit(
    tr: TenantRun, extractions: list[Extraction], observations: dict[str, MemoryItem]
) -> bool:
    stores, tenant, config = tr.stores, tr.tenant, tr.config
    facts = [f for e in extractions for f in e.facts]
    vectors = duplicates.fact_vectors(stores, tenant, facts, observations)
    shard = stores.long.existing_shard(tenant)
    new_facts: list[tuple[MemoryItem, Vector]] = []
    reinforced: dict[str, MemoryItem] = {}
    seen_raw: dict[str, Any] = {}
    fact_of: dict[str, list[str]] = {}  # observation id -> fact ids it fed
    pending_by_hash: dict[str, MemoryItem] = {}
    hashes = [text_hash(f.text) for f in facts]
    repeats = stores.mid.repeats(tenant, hashes, vectors) if tr.policy.merges else []
    for n, (fact, vector) in enumerate(zip(facts, vectors, strict=True)):
        h = hashes[n]
        target = (
            None
            if not tr.policy.merges
            else (
                pending_by_hash.get(h)
                or duplicates.pending_duplicate(
                    fact.text, vector, fact.slot, new_facts, config.dedupe_cosine
                )
                or duplicates.mid_duplicate(
                    stores, tenant, h, fact.text, repeats[n], fact.slot, reinforced, seen_raw
                )
            )
        )
        if target is not None:
            fresh = [s for s in fact.sources if s not in target.sources]
            target.sources.extend(fresh)
            target.reinforcement += len(fresh)
            target.updated_at = max(target.updated_at, fact.observed_at)
            target.observed_at = max(target.observed_at, fact.observed_at)
            if target.id not in {f.id for f, _ in new_facts}:
                reinforced[target.id] = target
            for s in fact.sources:
                fact_of.setdefault(s, []).append(target.id)
            continue
        first = observations[fact.sources[0]]
        item = MemoryItem(
            id=fact.keep_id or uuid.uuid4().hex,
            memory=fact.text,
            hash=h,
            tier="mid",
            user_id=first.user_id,
            agent_id=first.agent_id,
            run_id=first.run_id,
            role=first.role,
            metadata=dict(first.metadata),
            created_at=first.created_at,
            updated_at=fact.observed_at,
            observed_at=fact.observed_at,
            sources=list(dict.fromkeys(fact.sources)),
            reinforcement=1,
            slot=fact.slot,
            infer=first.infer,
            added_ns=max(  # said at the same instant, the later add() is the newer
                observations[s].added_ns for s in fact.sources if s in observations
            ),
        )
        if (
            tr.policy.merges
            and shard is not None
            and duplicates.long_duplicate(shard, item, vector, config.dedupe_cosine)
        ):
            item.reinforcement = max(item.reinforcement, config.promote_min_reinforcement)
        new_facts.append((item, vector))
        pending_by_hash[h] = item
        for s in fact.sources:
            fact_of.setdefault(s, []).append(item.id)

    consumed = [o for e in extractions for o in e.observations]
    short_items = keys.items(tenant, "short")
    mid_items = keys.items(tenant, "mid")
    kept_ids = {f.id for f, _ in new_facts}

    def check(pipe: Any) -> bool:
        present = pipe.hmget(short_items, consumed)
        if any(p is None for p in present):
            return False
        if seen_raw:
            ids = list(seen_raw)
            return list(pipe.hmget(mid_items, ids)) == [seen_raw[i] for i in ids]
        return True

    def fill(pipe: Any) -> None:
        for oid in consumed:
            obs = observations[oid]
            stores.short.drop(pipe, obs)
            if oid not in kept_ids:
                IdRegistry.set(pipe, oid, tenant, "consumed")
            history.record(
                pipe,
                tenant,
                memory_id=oid,
                event=EventKind.EXTRACT,
                old_memory=obs.memory,
                tier="mid",
                actor=tr.actor,
                created_at=tr.now,
                details={"facts": fact_of.get(oid, [])},
            )
        for item, vector in new_facts:
            stores.mid.put(pipe, item, vector)
            IdRegistry.set(pipe, item.id, tenant, "mid")
            if item.id not in observations:
                history.record(
                    pipe,
                    tenant,
                    memory_id=item.id,
                    event=EventKind.EXTRACT,
                    new_memory=item.memory,
                    tier="mid",
                    actor=tr.actor,
                    created_at=tr.now,
                    details={"sources": item.sources},
                )
        for item in reinforced.values():
            stores.mid.put_payload(pipe, item)
            history.record(
                pipe,
                tenant,
                memory_id=item.id,
                event=EventKind.REINFORCE,
                new_memory=item.memory,
                tier="mid",
                actor=tr.actor,
                created_at=tr.now,
                details={"reinforcement": item.reinforcement, "sources": item.sources},
            )
        dead_letters.clear(pipe, tenant, consumed)
        if tr.ctx.ledger is not None:
            tr.ctx.ledger.earn(pipe, len(consumed))
        tr.ctx.phrasings.save(pipe, tenant)
        claim.stage(pipe)

    claim = tr.stores.registry.claim(tenant, [item.id for item, _ in new_facts])
    done = tr.lease.commit(fill, short_items, mid_items, check=check)
    if done:
        if tr.ctx.ledger is not None:
            tr.ctx.ledger.earned(len(consumed))
        tr.report.observations_in += len(consumed)
        tr.report.facts_out += len(new_facts)
        tr.report.count("EXTRACT", len(new_facts))
        tr.report.count("REINFORCE", len(reinforced))
    return done
