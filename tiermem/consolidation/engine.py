"""The consolidation passes, applied crash-safely.

short -> mid: one Redis MULTI per chunk removes the observations, writes the facts, the
  directory entries and the history events: all or nothing.
mid -> long: the long tier is SQLite, outside Redis transactions, so each promotion is
  journalled in Redis first, then applied to SQLite idempotently (by id, and by source
  ids for merges), then finished in one MULTI that removes the fact from mid and drops
  the journal entry. A run that finds journal entries finishes them before anything else.
decay: one MULTI per forgotten fact.

Every commit is fenced by the tenant lease, so a worker that lost its lease writes nothing.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np

from tiermem import history
from tiermem.attributes import reader
from tiermem.clock import Clock
from tiermem.consolidation import dead_letters, slots
from tiermem.consolidation.decay import retention, stability
from tiermem.consolidation.lease import Lease
from tiermem.consolidation.llm_ledger import CallLedger
from tiermem.consolidation.phrasings import Phrasings
from tiermem.consolidation.policies import load_policy
from tiermem.consolidation.policies.base import (
    Decision,
    Extraction,
    Policy,
    PolicyContext,
)
from tiermem.consolidation.policies.heuristic import parse_slot, reconcile_by_rules
from tiermem.consolidation.policies.none import verbatim
from tiermem.consolidation.report import ConsolidationReport
from tiermem.errors import LeaseLostError, LLMError
from tiermem.lexical import near_duplicate
from tiermem.models.embedder import Vector
from tiermem.models.llm import LLM, make_llm
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.directory import Directory
from tiermem.tiers.long import LongShard
from tiermem.types import EventKind, MemoryItem, text_hash

log = logging.getLogger("tiermem")
PASSES = ("short_to_mid", "mid_to_long", "decay")
_REPLANS = 5


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
        self.policy = policy or load_policy(self.config.policy, self.config)
        self._llm = llm
        self._llm_ready = llm is not None
        if self.config.open_attributes and self.policy.name != "none":
            reader.pipeline()  # load the parser once, up front: a worker (or its forks) is ready

    @property
    def llm(self) -> LLM | None:
        """Loaded on first need: the heuristic and none policies never pay for it."""
        if not self._llm_ready:
            self._llm = (
                make_llm(self.config) if self.policy.name not in ("none", "heuristic") else None
            )
            self._llm_ready = True
        return self._llm

    # entry point ----------------------------------------------------------------------
    def run(
        self,
        *,
        tenants: list[str] | None = None,
        now: float | None = None,
        passes: tuple[str, ...] = PASSES,
    ) -> ConsolidationReport:
        unknown = set(passes) - set(PASSES)
        if unknown:
            raise ValueError(f"unknown passes {sorted(unknown)}")
        started = time.perf_counter()
        when = self.clock() if now is None else now
        if tenants is None:
            tenants = sorted(keys.text(t) for t in self.stores.client.smembers(keys.TENANTS))
        llm = self.llm
        ctx = PolicyContext(self.config, llm, budget=[self.config.llm_calls_per_run])
        before = llm.usage.model_copy() if llm is not None else None
        report = ConsolidationReport()
        for tenant in tenants:
            lease = Lease(self.stores.client, tenant, self.config.lease_ttl_s)
            if not lease.acquire():
                report.skipped_tenants.append(tenant)
                continue
            report.tenants.append(tenant)
            ctx.ledger = (
                CallLedger(self.stores.client, tenant, self.config.llm_calls_per_100_observations)
                if llm is not None
                else None
            )
            ctx.phrasings = Phrasings.load(self.stores.client, tenant)
            try:
                self._finish_journal(tenant, lease, report)
                if "short_to_mid" in passes:
                    self.short_to_mid(tenant, lease, ctx, when, report)
                if "mid_to_long" in passes:
                    self.mid_to_long(tenant, lease, ctx, when, report)
                if "decay" in passes and self.policy.decays:
                    self.decay(tenant, lease, when, report)
            except LeaseLostError:
                log.warning("lost the lease on %s; another worker will finish it", tenant)
                report.skipped_tenants.append(tenant)
            finally:
                lease.release()
        if llm is not None and before is not None:
            report.llm_calls = llm.usage.calls - before.calls
            report.llm_prompt_tokens = llm.usage.prompt_tokens - before.prompt_tokens
            report.llm_completion_tokens = llm.usage.completion_tokens - before.completion_tokens
            report.llm_ms = llm.usage.ms - before.ms
        report.dead_letters = sum(
            int(self.stores.client.hlen(keys.dead_letters(t))) for t in report.tenants
        )
        report.duration_s = time.perf_counter() - started
        return report

    # short -> mid -----------------------------------------------------------------------
    def short_to_mid(
        self, tenant: str, lease: Lease, ctx: PolicyContext, now: float, report: ConsolidationReport
    ) -> None:
        observations = sorted(
            self.stores.short.all(tenant), key=lambda o: (o.observed_at, o.added_ns)
        )
        ready = self.policy.ready(observations, now)
        ctx.phrasings.prepare(
            [o.memory for o in ready if o.infer] if self.config.open_attributes else [],
            self.stores.embedder.embed,
            list(self.config.attributes),
            open_reader=self.config.open_attributes,
        )
        chunk_size = int(getattr(self.policy, "chunk_size", 0) or 0) or (
            self.config.extract_batch_size if self.policy.name == "llm" else 64
        )
        for start in range(0, len(ready), chunk_size):
            chunk = ready[start : start + chunk_size]
            for _ in range(_REPLANS):
                if self._extract_chunk(tenant, lease, ctx, chunk, now, report):
                    break
                chunk = self.stores.short.get_many(tenant, [o.id for o in chunk])
                if not chunk:
                    break
            lease.renew()

    def _extract_chunk(
        self,
        tenant: str,
        lease: Lease,
        ctx: PolicyContext,
        chunk: list[MemoryItem],
        now: float,
        report: ConsolidationReport,
    ) -> bool:
        client = self.stores.client
        try:
            extractions = self.policy.extract(chunk, ctx, now)
        except LLMError as exc:
            reason = f"extract: {exc}"
            retry_later = []
            extractions = []
            for o in chunk:
                tries = dead_letters.attempts(client, tenant, o.id)
                if tries + 1 >= dead_letters.MAX_ATTEMPTS:
                    extractions.append(verbatim(o))  # give up on the LLM, keep the words
                else:
                    retry_later.append((o, tries))
            if retry_later:

                def record_all(pipe: Any) -> None:
                    for o, n in retry_later:
                        dead_letters.record(pipe, tenant, o.id, reason, n, now)

                lease.commit(record_all)
                report.count("DEAD_LETTER", len(retry_later))
            if not extractions:
                return True
        by_id = {o.id: o for o in chunk}
        for extraction in extractions:
            if not set(extraction.observations) <= set(by_id):
                raise LLMError("policy consumed an observation it was not given")
        return self._commit_extractions(tenant, lease, ctx, extractions, by_id, now, report)

    def _commit_extractions(
        self,
        tenant: str,
        lease: Lease,
        ctx: PolicyContext,
        extractions: list[Extraction],
        observations: dict[str, MemoryItem],
        now: float,
        report: ConsolidationReport,
    ) -> bool:
        stores = self.stores
        facts = [f for e in extractions for f in e.facts]
        vectors = self._fact_vectors(tenant, facts, observations)
        shard = stores.long.existing_shard(tenant)
        new_facts: list[tuple[MemoryItem, Vector]] = []
        reinforced: dict[str, MemoryItem] = {}
        seen_raw: dict[str, Any] = {}
        fact_of: dict[str, list[str]] = {}  # observation id -> fact ids it fed
        pending_by_hash: dict[str, MemoryItem] = {}
        merges = bool(getattr(self.policy, "merges", True))
        for fact, vector in zip(facts, vectors, strict=True):
            h = text_hash(fact.text)
            target = (
                None
                if not merges
                else (
                    pending_by_hash.get(h)
                    or self._pending_duplicate(fact.text, vector, fact.slot, new_facts)
                    or self._mid_duplicate(
                        tenant, h, fact.text, vector, fact.slot, reinforced, seen_raw
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
            if merges and shard is not None and self._long_duplicate(shard, item, vector):
                item.reinforcement = max(item.reinforcement, self.config.promote_min_reinforcement)
            new_facts.append((item, vector))
            pending_by_hash[h] = item
            for s in fact.sources:
                fact_of.setdefault(s, []).append(item.id)

        consumed = [o for e in extractions for o in e.observations]
        short_items = keys.items(tenant, "short")
        mid_items = keys.items(tenant, "mid")

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
                stores.short.remove(pipe, obs)
                kept = oid in {f.id for f, _ in new_facts}
                if not kept:
                    Directory.set(pipe, oid, tenant, "consumed")
                history.record(
                    pipe,
                    tenant,
                    memory_id=oid,
                    event=EventKind.EXTRACT,
                    old_memory=obs.memory,
                    tier="mid",
                    actor=f"policy:{self.policy.name}",
                    created_at=now,
                    details={"facts": fact_of.get(oid, [])},
                )
            for item, vector in new_facts:
                stores.mid.put(pipe, item, vector)
                Directory.set(pipe, item.id, tenant, "mid")
                if item.id not in observations:
                    history.record(
                        pipe,
                        tenant,
                        memory_id=item.id,
                        event=EventKind.EXTRACT,
                        new_memory=item.memory,
                        tier="mid",
                        actor=f"policy:{self.policy.name}",
                        created_at=now,
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
                    actor=f"policy:{self.policy.name}",
                    created_at=now,
                    details={"reinforcement": item.reinforcement, "sources": item.sources},
                )
            dead_letters.clear(pipe, tenant, consumed)
            if ctx.ledger is not None:
                ctx.ledger.earn(pipe, len(consumed))
            ctx.phrasings.save(pipe, tenant)

        done = lease.commit(fill, short_items, mid_items, check=check)
        if done:
            if ctx.ledger is not None:
                ctx.ledger.earned(len(consumed))
            report.observations_in += len(consumed)
            report.facts_out += len(new_facts)
            report.count("EXTRACT", len(new_facts))
            report.count("REINFORCE", len(reinforced))
        return done

    def _fact_vectors(
        self, tenant: str, facts: list[Any], observations: dict[str, MemoryItem]
    ) -> list[Vector]:
        """Verbatim facts carry their observation's vector, and a fact that is just its
        sources' texts joined (a question and its answer) gets their length-weighted mean,
        which is what mean pooling over the joined text approximates; only new wording is
        embedded (that is what keeps the heuristic pass fast)."""
        out: list[Vector | None] = []
        to_embed: list[int] = []
        for n, fact in enumerate(facts):
            sources = [observations[s] for s in fact.sources if s in observations]
            vec = None
            if sources and fact.text == "\n".join(o.memory for o in sources):
                parts = [self.stores.short.vector(tenant, o.id) for o in sources]
                if all(p is not None for p in parts):
                    weights = [max(len(o.memory.split()), 1) for o in sources]
                    mean = sum(w * p for w, p in zip(weights, parts, strict=True) if p is not None)
                    vec = np.asarray(mean / np.linalg.norm(mean), dtype=np.float32)
            out.append(vec)
            if vec is None:
                to_embed.append(n)
        if to_embed:
            fresh = self.stores.embedder.embed([facts[n].text for n in to_embed])
            for n, vec in zip(to_embed, fresh, strict=True):
                out[n] = vec
        return [v for v in out if v is not None]

    def _pending_duplicate(
        self,
        text: str,
        vector: Vector,
        slot: str | None,
        pending: list[tuple[MemoryItem, Vector]],
    ) -> MemoryItem | None:
        """A near-duplicate among the facts this same chunk is about to write."""
        for item, other in pending:
            if slots.placed(item.slot) == slots.placed(slot) and near_duplicate(
                text, item.memory, float(other @ vector), self.config.dedupe_cosine
            ):
                return item
        return None

    def _mid_duplicate(
        self,
        tenant: str,
        h: str,
        text: str,
        vector: Vector,
        slot: str | None,
        reinforced: dict[str, MemoryItem],
        seen_raw: dict[str, Any],
    ) -> MemoryItem | None:
        mid = self.stores.mid
        target_id = mid.id_for_hash(tenant, h)
        similarity = 1.0
        if target_id is None:
            for cand_id, sim in mid.similar(tenant, vector, 1):
                if sim >= self.config.dedupe_cosine:
                    target_id, similarity = cand_id, sim
        if target_id is None:
            return None
        if target_id in reinforced:
            target = reinforced[target_id]
        else:
            raw = self.stores.client.hget(keys.items(tenant, "mid"), target_id)
            if raw is None:
                return None
            target = MemoryItem.model_validate_json(raw)
            seen_raw[target_id] = raw
        if target.hash != h and (
            slots.placed(target.slot) != slots.placed(slot)
            or not near_duplicate(text, target.memory, similarity, self.config.dedupe_cosine)
        ):
            if target_id not in reinforced:
                seen_raw.pop(target_id, None)
            return None  # similar wording, different value: not a duplicate
        return target

    def _long_duplicate(self, shard: LongShard, item: MemoryItem, vector: Vector) -> bool:
        if shard.find_by_hash(item.hash) is not None:
            return True
        hits = shard.knn(vector, 1)
        return bool(hits) and near_duplicate(
            item.memory, hits[0][0].memory, hits[0][1], self.config.dedupe_cosine
        )

    # mid -> long ------------------------------------------------------------------------
    def mid_to_long(
        self, tenant: str, lease: Lease, ctx: PolicyContext, now: float, report: ConsolidationReport
    ) -> None:
        facts = [f for f in self.stores.mid.all(tenant) if self.policy.should_promote(f, now)]
        if not facts:
            return
        shard = self.stores.long.shard(tenant)
        for fact in sorted(facts, key=lambda f: (f.observed_at, f.added_ns, f.id)):
            vector = self.stores.mid.vector(tenant, fact.id)
            if vector is None:
                continue  # removed meanwhile
            neighbours = self._neighbours(shard, fact, vector)
            decision = self._decide(tenant, lease, ctx, fact, neighbours, now, report)
            if decision is None:
                continue
            allowed = {n.id for n, _ in neighbours}
            if decision.action != "ADD" and decision.target not in allowed:
                raise LLMError("policy touched a long-term fact it was not shown")
            entry = {
                "fact": fact.model_dump(mode="json"),
                "decision": decision.model_dump(),
                "now": now,
            }
            raw = self.stores.client.hget(keys.items(tenant, "mid"), fact.id)
            if raw is None:
                continue
            journalled = lease.commit(
                _writer(keys.journal(tenant), fact.id, json.dumps(entry)),
                keys.items(tenant, "mid"),
                check=_unchanged(keys.items(tenant, "mid"), fact.id, raw),
            )
            if not journalled:
                continue  # changed under us (API update/delete); next run decides again
            self._apply(shard, tenant, fact, vector, decision, now)
            self._finish(tenant, lease, fact, decision, now, report)
            lease.renew()
        shard.save_index()

    def _neighbours(
        self, shard: LongShard, fact: MemoryItem, vector: Vector
    ) -> list[tuple[MemoryItem, float]]:
        found = {
            item.id: (item, sim)
            for item, sim in shard.knn(vector, self.config.reconcile_candidates)
        }
        parsed = parse_slot(fact.slot)
        if parsed is not None:
            for item in shard.current_by_slot(parsed[0]):
                if item.id not in found:
                    stored = shard.get_vector(item.id)
                    sim = float(stored @ vector) if stored is not None else 0.0
                    found[item.id] = (item, sim)
        if parsed is None and fact.infer and slots.may_end(fact.memory):
            for item in shard.current_slotted():
                value = parse_slot(item.slot)
                if item.id not in found and value and slots.ends(fact.memory, value[1]):
                    found[item.id] = (item, 0.0)  # retirable; see ended_slot_fact
        same = shard.find_by_hash(fact.hash)
        if same is not None and same.id not in found:
            found[same.id] = (same, 1.0)
        return sorted(found.values(), key=lambda p: p[1], reverse=True)

    def _decide(
        self,
        tenant: str,
        lease: Lease,
        ctx: PolicyContext,
        fact: MemoryItem,
        neighbours: list[tuple[MemoryItem, float]],
        now: float,
        report: ConsolidationReport,
    ) -> Decision | None:
        if not fact.infer:
            return reconcile_by_rules(
                fact, neighbours, self.config.dedupe_cosine, ctx.phrasings.vocabulary.is_multi
            )
        try:
            return self.policy.reconcile(fact, neighbours, ctx)
        except LLMError as exc:
            reason = f"reconcile: {exc}"
            tries = dead_letters.attempts(self.stores.client, tenant, fact.id)
            if tries + 1 >= dead_letters.MAX_ATTEMPTS:
                return reconcile_by_rules(
                    fact, neighbours, self.config.dedupe_cosine, ctx.phrasings.vocabulary.is_multi
                )
            lease.commit(
                lambda pipe: dead_letters.record(pipe, tenant, fact.id, reason, tries, now)
            )
            report.count("DEAD_LETTER")
            return None

    def _apply(
        self,
        shard: LongShard,
        tenant: str,
        fact: MemoryItem,
        vector: Vector,
        decision: Decision,
        now: float,
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

    def _finish(
        self,
        tenant: str,
        lease: Lease,
        fact: MemoryItem,
        decision: Decision,
        now: float,
        report: ConsolidationReport,
    ) -> None:
        actor = f"policy:{self.policy.name}"
        shard = self.stores.long.shard(tenant)

        def fill(pipe: Any) -> None:
            self.stores.mid.remove(pipe, fact)
            pipe.hdel(keys.journal(tenant), fact.id)
            dead_letters.clear(pipe, tenant, [fact.id])
            details = {"decision": decision.action, "reason": decision.reason}
            if decision.action in ("ADD", "UPDATE"):
                Directory.set(pipe, fact.id, tenant, "long")
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
                Directory.set(pipe, fact.id, tenant, "consumed")
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

        lease.commit(fill)
        report.count("PROMOTE" if decision.action in ("ADD", "UPDATE") else decision.action)
        if decision.action == "UPDATE":
            report.count("SUPERSEDE")

    def _finish_journal(self, tenant: str, lease: Lease, report: ConsolidationReport) -> None:
        """Complete promotions a crashed worker journalled but did not finish."""
        entries = self.stores.client.hgetall(keys.journal(tenant))
        if not entries:
            return
        shard = self.stores.long.shard(tenant)
        for raw_id, raw in entries.items():
            entry = json.loads(raw)
            fact_id = keys.text(raw_id)
            fact = self.stores.mid.get(tenant, fact_id)
            vector = self.stores.mid.vector(tenant, fact_id)
            if fact is None or vector is None:
                lease.commit(_deleter(keys.journal(tenant), fact_id))
                continue
            decision = Decision.model_validate(entry["decision"])
            self._apply(shard, tenant, fact, vector, decision, float(entry["now"]))
            self._finish(tenant, lease, fact, decision, float(entry["now"]), report)
            report.count("RECOVERED")

    # decay ------------------------------------------------------------------------------
    def decay(self, tenant: str, lease: Lease, now: float, report: ConsolidationReport) -> None:
        cfg = self.config
        for fact in self.stores.mid.all(tenant):
            touched = max(fact.observed_at, fact.updated_at, fact.last_access or 0.0)
            s = stability(
                cfg.decay_base_stability_s,
                cfg.decay_stability_growth,
                fact.reinforcement,
                fact.strength,
            )
            r = retention(now - touched, s)
            if r >= cfg.decay_threshold:
                continue
            raw = self.stores.client.hget(keys.items(tenant, "mid"), fact.id)
            if raw is None:
                continue

            def fill(pipe: Any, f: MemoryItem = fact, r_: float = r, s_: float = s) -> None:
                self.stores.mid.remove(pipe, f)
                Directory.set(pipe, f.id, tenant, "decayed")
                history.record(
                    pipe,
                    tenant,
                    memory_id=f.id,
                    event=EventKind.DECAY,
                    old_memory=f.memory,
                    tier="mid",
                    actor=f"policy:{self.policy.name}",
                    created_at=now,
                    details={"retention": round(r_, 6), "stability_s": s_},
                )

            if lease.commit(
                fill,
                keys.items(tenant, "mid"),
                check=_unchanged(keys.items(tenant, "mid"), fact.id, raw),
            ):
                report.count("DECAY")


def _writer(key: str, field: str, value: str) -> Callable[[Any], None]:
    def fill(pipe: Any) -> None:
        pipe.hset(key, field, value)

    return fill


def _deleter(key: str, field: str) -> Callable[[Any], None]:
    def fill(pipe: Any) -> None:
        pipe.hdel(key, field)

    return fill


def _unchanged(key: str, field: str, raw: Any) -> Callable[[Any], bool]:
    """A commit check: the hash field still holds exactly what the decision was made on."""

    def check(pipe: Any) -> bool:
        return bool(pipe.hget(key, field) == raw)

    return check
