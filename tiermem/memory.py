"""``Memory``: the public facade, in Mem0's shape.

It validates every input before touching storage, embeds in one batched call, and hands
each change to the tier that holds the memory (``tiers.base.Tier``), which writes it
together with its id-registry entry and history event atomically. It owns no policy:
ranking lives in ``search``, moving facts between tiers in ``consolidation``, and
surviving a Redis restart in ``recovery``.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tiermem import filters as filter_rules
from tiermem import history, search, tier_counts, validation, writes
from tiermem import profile as profiles
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.vocabulary import Vocabulary
from tiermem.clock import Clock, system_clock
from tiermem.config import TiermemConfig
from tiermem.consolidation.passes import check_passes
from tiermem.consolidation.policies import load_policy
from tiermem.consolidation.recall import RecallWriter
from tiermem.errors import InvalidInputError, MemoryNotFoundError
from tiermem.opening import open_stores
from tiermem.recovery import Recovery
from tiermem.types import TIERS, MemoryItem, Scope, TierName

if TYPE_CHECKING:
    from tiermem.consolidation.engine import Engine
    from tiermem.consolidation.scheduler import BackgroundScheduler
    from tiermem.models.llm import LLM


class Memory:
    """Tiered memory for one application. Thread-safe; open once and share."""

    def __init__(
        self,
        config: TiermemConfig | dict[str, Any] | None = None,
        *,
        clock: Clock | None = None,
        llm: LLM | None = None,
        background: bool | None = None,
        schema: list[AttributeSpec] | list[dict[str, Any]] | None = None,
    ) -> None:
        self.config = config = TiermemConfig.of(config, schema)
        self.clock: Clock = clock or system_clock
        self._closed = False
        self._lock = threading.RLock()
        self._llm_override = llm
        self._policy = load_policy(config.policy, config)  # a bad one fails here, not later
        self._engine: Engine | None = None
        self._scheduler: BackgroundScheduler | None = None
        self._server, self.stores = open_stores(config)
        self.client = self.stores.client
        self.recovery = Recovery(self._server)
        self.writer = writes.Writer(self.stores, self.recovery)
        self.recalls = RecallWriter(self.stores)
        if background if background is not None else config.background:
            self.start_background()

    @classmethod
    def from_config(cls, config: dict[str, Any], **kwargs: Any) -> Memory:
        if not isinstance(config, dict):
            raise InvalidInputError("from_config takes a dict")
        return cls(config, **kwargs)

    # lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._scheduler is not None:
                self._scheduler.shutdown()
            self.recalls.close()
            self.stores.long.close()
            self.client.close()
            if self._server is not None:
                self._server.stop()

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise InvalidInputError("this Memory is closed")

    # writes -----------------------------------------------------------------------------
    def add(
        self,
        data: str | list[dict[str, str]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: float | str | datetime | None = None,
        infer: bool = True,
    ) -> dict[str, Any]:
        """Store raw observations in the short tier. No LLM call on this path. System
        messages are not stored; they are listed under ``skipped``."""
        self._check_open()
        cfg = self.config
        scope = validation.scope(user_id, agent_id, run_id)
        said = validation.conversation(
            data, max_chars=cfg.max_text_chars, max_messages=cfg.max_messages
        )
        meta = validation.metadata(metadata, max_bytes=cfg.max_metadata_bytes)
        when = validation.timestamp(timestamp)
        if not isinstance(infer, bool):
            raise InvalidInputError("infer must be a bool")
        now = self.clock()
        vectors = self.stores.embedder.embed([text for _, text in said.messages])
        items = writes.observations(
            list(said.messages),
            scope,
            meta,
            observed=when if when is not None else now,
            infer=infer,
        )
        self.writer.add(scope.tenant, items, vectors, now)
        out: dict[str, Any] = {
            "results": [
                {"id": i.id, "memory": i.memory, "event": "ADD", "tier": "short"} for i in items
            ]
        }
        if said.skipped:  # system messages: instructions to the assistant, not memories
            out["skipped"] = said.skipped_public()
        return out

    def update(
        self, memory_id: str, data: str, *, metadata: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Change a memory's text (and metadata, if given). The memory keeps its id and
        takes the new text. In the long tier the replaced text is kept as a superseded
        version under a new id (``valid_to`` set; history names it ``previous_version``),
        so "what changed" stays answerable. Superseded versions are history and cannot
        be updated."""
        self._check_open()
        checked_id = validation.memory_id(memory_id)
        text = validation.text(data, max_chars=self.config.max_text_chars, what="memory text")
        meta = (
            validation.metadata(metadata, max_bytes=self.config.max_metadata_bytes)
            if metadata is not None
            else None
        )
        now = self.clock()
        vector = self.stores.embedder.embed_one(text)
        self.writer.update(checked_id, writes.revision(text, meta, now), vector, now)
        return {"message": "Memory updated successfully!", "id": checked_id}

    def delete(self, memory_id: str) -> dict[str, Any]:
        self._check_open()
        checked_id = validation.memory_id(memory_id)
        self.writer.delete(checked_id, self.clock())
        return {"message": "Memory deleted successfully!"}

    def delete_all(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        """Delete every memory in the scope. Each id keeps a DELETE event in history; a
        tenant left with nothing is no longer listed (``stats``, workers)."""
        self._check_open()
        scope = validation.scope(user_id, agent_id, run_id)
        self.recalls.drain()  # no recall may land on what is deleted below
        deleted = 0
        for item in self._all_items(scope, TIERS, include_superseded=True):
            try:
                self.delete(item.id)
                deleted += 1
            except MemoryNotFoundError:
                continue  # moved or deleted meanwhile
        self.writer.forget_tenant_learning(scope.tenant)
        return {"message": f"Deleted {deleted} memories", "deleted": deleted}

    def reset(self) -> None:
        """Wipe every memory: all tenants, tiers, history and shards. The service's API
        keys are credentials, not memories, and stay."""
        self._check_open()
        self.recalls.drain()
        self.writer.reset()

    # reads ------------------------------------------------------------------------------
    def get(self, memory_id: str) -> dict[str, Any] | None:
        self._check_open()
        checked_id = validation.memory_id(memory_id)
        item = self.recovery.read(lambda: self._get_item(checked_id))
        return item.public() if item else None

    def _get_item(self, memory_id: str) -> MemoryItem | None:
        for _ in range(writes.MOVES):  # a consolidation move can land between lookup and read
            found = self.stores.registry.live(memory_id)
            if found is None:
                return None
            item = self.stores.tier(found[1]).get(found[0], memory_id)
            if item is not None:
                return item
        return None

    def get_all(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        tier: str | None = None,
        filters: dict[str, Any] | None = None,
        limit: int = 100,
        include_superseded: bool = False,
    ) -> dict[str, Any]:
        """Memories of a scope, newest change first. The ids may be given in ``filters``
        (Mem0 2.x) instead of as arguments."""
        self._check_open()
        scope, flt = filter_rules.scope_and_filters(user_id, agent_id, run_id, filters)
        tiers = validation.tiers(tier)
        lim = validation.limit(limit, maximum=1_000_000)
        items = [
            i
            for i in self.recovery.read(
                lambda: self._all_items(scope, tiers, include_superseded=include_superseded)
            )
            if filter_rules.matches(i, flt)
        ]
        items.sort(key=lambda i: i.updated_at, reverse=True)
        return {"results": [i.public() for i in items[:lim]]}

    def _all_items(
        self, scope: Scope, tiers: tuple[TierName, ...], *, include_superseded: bool
    ) -> list[MemoryItem]:
        out: list[MemoryItem] = []
        for name in tiers:
            out.extend(
                self.stores.tier(name).all(scope.tenant, include_superseded=include_superseded)
            )
        return [i for i in out if scope.matches(i)]

    def search(
        self,
        query: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        limit: int = 10,
        filters: dict[str, Any] | None = None,
        threshold: float | None = None,
        tiers: list[str] | None = None,
        include_superseded: bool = False,
        explain: bool = False,
        recall: bool = True,
    ) -> dict[str, Any]:
        """Every tier of the scope, ranked by relevance and recency (see ``search``).

        Each hit has ``score``, the ranking score (relevance x recency x tier prior;
        compare it only within one result list), and ``similarity``, the cosine between
        query and memory (-1..1). ``threshold``, as in Mem0, is a floor on
        ``similarity``. The ids may be given in ``filters`` instead of as arguments.
        ``explain`` adds each hit's score parts and why it was lifted, if it was.
        ``recall=False`` looks without recalling: the hits are not reinforced (the
        inspector's playground must not change what it inspects)."""
        self._check_open()
        text = validation.text(query, max_chars=self.config.max_text_chars, what="query")
        scope, flt = filter_rules.scope_and_filters(user_id, agent_id, run_id, filters)
        lim = validation.limit(limit, maximum=1000)
        cutoff = validation.threshold(threshold)
        tier_names = validation.tiers(tiers)
        explain = validation.flag(explain, "explain")
        recall = validation.flag(recall, "recall")
        vector = self.stores.embedder.embed_one_ahead(text)  # while the stores are read
        now = self.clock()
        hits = self.recovery.read(
            lambda: search.find(
                self.stores,
                scope,
                text,
                vector,
                limit=lim,
                filters=flt,
                tiers=tier_names,
                include_superseded=include_superseded,
                now=now,
                schema=list(self.config.attributes),
            )
        )
        if cutoff is not None:
            hits = [h for h in hits if h.similarity >= cutoff]
        hits = hits[:lim]
        if recall:  # strengthens what was found, once the answer is out (consolidation.recall)
            self.recalls.submit(scope.tenant, [h.item for h in hits], now)
        return {"results": [h.public(explain) for h in hits]}

    def profile(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        """Every tracked attribute (declared or discovered): its current value or values,
        since when, the source observation ids, and what each replaced. JSON-ready."""
        scope, facts = self._stated(user_id, agent_id, run_id)
        vocabulary = self.recovery.read(lambda: self._vocabulary(scope.tenant))
        return {"attributes": profiles.profile(facts, vocabulary)}

    def timeline(
        self,
        *,
        attribute: str,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        """The ordered changes of one attribute, superseded values included. JSON-ready."""
        name = validation.text(attribute, max_chars=200, what="attribute")
        _, facts = self._stated(user_id, agent_id, run_id)
        return {"attribute": name, "changes": profiles.timeline(facts, name)}

    def _stated(
        self, user_id: str | None, agent_id: str | None, run_id: str | None
    ) -> tuple[Scope, list[MemoryItem]]:
        """The scope's consolidated facts, superseded ones included: what profiles read."""
        self._check_open()
        scope = validation.scope(user_id, agent_id, run_id)
        facts = self.recovery.read(
            lambda: self._all_items(scope, ("mid", "long"), include_superseded=True)
        )
        return scope, facts

    def _vocabulary(self, tenant: str) -> Vocabulary:
        return search.vocabulary_of(self.stores, tenant, list(self.config.attributes))

    def history(self, memory_id: str) -> list[dict[str, Any]]:
        """Every event of one id, oldest first: live, superseded, consumed, decayed or
        deleted ids all keep theirs. An id tiermem never issued is not found."""
        self._check_open()
        checked_id = validation.memory_id(memory_id)
        found = self.recovery.read(lambda: self.stores.registry.lookup(checked_id))
        if found is None:
            raise MemoryNotFoundError(f"no memory with id {checked_id}")
        events = self.recovery.read(lambda: history.read(self.client, found[0], checked_id))
        return [e.public() for e in events]

    # consolidation ------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from tiermem.consolidation.engine import Engine

                self._engine = Engine(
                    self.stores, clock=self.clock, llm=self._llm_override, policy=self._policy
                )
            return self._engine

    def consolidate(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        now: float | None = None,
        passes: tuple[str, ...] = ("short_to_mid", "mid_to_long", "decay"),
    ) -> dict[str, Any]:
        """Run the consolidation passes now, synchronously, and say what moved.

        ``passes`` picks from ``short_to_mid`` (observations become facts),
        ``mid_to_long`` (facts are reconciled into long-term memory) and ``decay`` (facts
        nobody reinforced fade); they always run in that order. Returns a dict: tenants,
        actions (EXTRACT, PROMOTE, SUPERSEDE, MERGE, DECAY, ... with counts), LLM use,
        ``skipped_tenants`` (leased by another worker) and ``failed_tenants`` (tenant ->
        why, when the policy raised: that tenant waits for the next run, the others ran)."""
        self._check_open()
        chosen = check_passes(passes)
        named = user_id is not None or agent_id is not None or run_id is not None
        tenant = validation.scope(user_id, agent_id, run_id).tenant if named else None
        when = validation.timestamp(now)
        self.recalls.drain()  # decay must see every recall made before it
        report = self.recovery.read(
            lambda: self.engine.run(tenants=[tenant] if tenant else None, now=when, passes=chosen)
        )
        return report.model_dump()

    def start_background(self) -> None:
        with self._lock:
            if self._scheduler is None:
                from tiermem.consolidation.scheduler import BackgroundScheduler

                self._scheduler = BackgroundScheduler(self.engine, self.config)
                self._scheduler.start()

    def stats(self) -> dict[str, Any]:
        """Counts per tier and tenant, and the dead-letter list."""
        self._check_open()
        return self.recovery.read(
            lambda: tier_counts.read(self.client, self.stores.long.shards.root)
        )
