"""``Memory``: the public facade, in Mem0's shape.

It validates every input before touching storage, embeds in one batched call, and
writes each change together with its directory entry and history event in one Redis
MULTI/EXEC. It owns no policy: ranking lives in ``search``, moving facts between
tiers in ``consolidation``.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import redis

from tiermem import filters as filter_rules
from tiermem import history, search, validation
from tiermem.attributes import questions
from tiermem.attributes.schema import AttributeSpec
from tiermem.attributes.vocabulary import Vocabulary
from tiermem.clock import Clock, system_clock
from tiermem.config import TiermemConfig
from tiermem.consolidation import slots
from tiermem.errors import EmbedderMismatchError, InvalidInputError, MemoryNotFoundError
from tiermem.models.embedder import Embedder
from tiermem.stores import Stores
from tiermem.tiers import keys
from tiermem.tiers.directory import LIVE_STATES, Directory
from tiermem.tiers.long import LongTier
from tiermem.tiers.redis_server import EmbeddedRedis, check_vector_sets, connect
from tiermem.tiers.redis_tier import RedisTier
from tiermem.types import TIERS, EventKind, MemoryItem, Scope, TierName, text_hash

if TYPE_CHECKING:
    from tiermem.consolidation.engine import Engine
    from tiermem.consolidation.report import ConsolidationReport
    from tiermem.consolidation.scheduler import BackgroundScheduler
    from tiermem.models.llm import LLM

log = logging.getLogger("tiermem")
P = ParamSpec("P")
R = TypeVar("R")
_WRITE_RETRIES = 20


def _recovering(method: Callable[P, R]) -> Callable[P, R]:
    """Restart the embedded Redis once if it died under us (kill -9, OOM) and retry."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        self = args[0]
        try:
            return method(*args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            if not isinstance(self, Memory) or self._server is None:
                raise
            log.warning("embedded Redis stopped answering; restarting it")
            self._server.ensure_running()
            return method(*args, **kwargs)

    return wrapper


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
        if isinstance(config, dict) or config is None:
            overrides = dict(config or {})
            if schema is not None:
                overrides["attributes"] = schema
            config = TiermemConfig.load(overrides)
        elif schema is not None:
            raise InvalidInputError("pass schema= with a dict config, or set config.attributes")
        if not isinstance(config, TiermemConfig):
            raise InvalidInputError("config must be a TiermemConfig, a dict or None")
        self.config = config
        self.clock: Clock = clock or system_clock
        self._closed = False
        self._lock = threading.RLock()
        self._server: EmbeddedRedis | None = None
        self._llm_override = llm
        self._engine: Engine | None = None
        self._scheduler: BackgroundScheduler | None = None

        config.data_dir.mkdir(parents=True, exist_ok=True)
        if config.redis_url:
            url = config.redis_url
        else:
            self._server = EmbeddedRedis(
                config.data_dir,
                appendfsync=config.redis_appendfsync,
                start_timeout_s=config.redis_start_timeout_s,
            )
            url = self._server.start()
        try:
            self.client = connect(url)
            check_vector_sets(self.client)
            embedder = Embedder(
                config.embedder_model,
                batch_size=config.embedder_batch_size,
                threads=config.embedder_threads,
                truncate_dim=config.embedder_truncate_dim,
            )
            self._check_embedder(embedder)
            self.stores = Stores(
                config=config,
                client=self.client,
                short=RedisTier(self.client, "short"),
                mid=RedisTier(self.client, "mid"),
                long=LongTier(
                    config.data_dir / "long",
                    dim=embedder.dim,
                    embedder_identity=embedder.identity,
                ),
                directory=Directory(self.client),
                embedder=embedder,
            )
        except BaseException:
            if self._server is not None:
                self._server.stop()
            raise
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

    def _check_embedder(self, embedder: Embedder) -> None:
        self.client.hsetnx(keys.META, "embedder", embedder.identity)
        stored = self.client.hget(keys.META, "embedder")
        if stored is not None and keys.text(stored) != embedder.identity:
            raise EmbedderMismatchError(
                f"this Redis holds memories embedded with {keys.text(stored)}, but the configured "
                f"model is {embedder.identity}; use the same model or a new data dir / Redis"
            )

    # writes -----------------------------------------------------------------------------
    @_recovering
    def add(
        self,
        data: str | list[dict[str, str]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: float | str | None = None,
        infer: bool = True,
    ) -> dict[str, Any]:
        """Store raw observations in the short tier. No LLM call on this path."""
        self._check_open()
        cfg = self.config
        scope = validation.scope(user_id, agent_id, run_id)
        messages = validation.messages(
            data, max_chars=cfg.max_text_chars, max_messages=cfg.max_messages
        )
        meta = validation.metadata(metadata, max_bytes=cfg.max_metadata_bytes)
        when = validation.timestamp(timestamp)
        if not isinstance(infer, bool):
            raise InvalidInputError("infer must be a bool")
        now = self.clock()
        observed = when if when is not None else now
        vectors = self.stores.embedder.embed([text for _, text in messages])
        added_ns = time.time_ns()
        items = [
            MemoryItem(
                id=uuid.uuid4().hex,
                memory=text,
                hash=text_hash(text),
                tier="short",
                user_id=scope.user_id,
                agent_id=scope.agent_id,
                run_id=scope.run_id,
                role=role,
                metadata=meta,
                created_at=observed,
                updated_at=observed,
                observed_at=observed,
                sources=[],
                infer=infer,
                added_ns=added_ns + n,
            )
            for n, (role, text) in enumerate(messages)
        ]
        for item in items:
            item.sources = [item.id]
        tenant = scope.tenant

        def fill(pipe: Any) -> None:
            pipe.sadd(keys.TENANTS, tenant)
            for item, vector in zip(items, vectors, strict=True):
                self.stores.short.put(pipe, item, vector)
                Directory.set(pipe, item.id, tenant, "short")
                history.record(
                    pipe,
                    tenant,
                    memory_id=item.id,
                    event=EventKind.ADD,
                    new_memory=item.memory,
                    tier="short",
                    actor="api",
                    created_at=now,
                )

        self._execute_once(fill, items[0].id)
        return {
            "results": [
                {"id": i.id, "memory": i.memory, "event": "ADD", "tier": "short"} for i in items
            ]
        }

    def _execute_once(self, fill: Callable[[Any], None], marker_id: str) -> None:
        """One MULTI/EXEC. If the connection broke during EXEC, the embedded server is
        restarted (its AOF replays) and the directory says whether the write landed; only
        if it did not is the transaction built and sent again. Nothing is acknowledged that
        is not stored, and nothing is stored twice."""
        with self.client.pipeline(transaction=True) as pipe:
            fill(pipe)
            try:
                pipe.execute()
                return
            except (redis.ConnectionError, redis.TimeoutError):
                if self._server is None:
                    raise
        self._server.ensure_running()
        if self.stores.directory.lookup(marker_id) is None:
            with self.client.pipeline(transaction=True) as pipe:
                fill(pipe)
                pipe.execute()

    @_recovering
    def update(
        self, memory_id: str, data: str, *, metadata: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Change a memory's text. In the long tier the old value is kept as a superseded
        version (valid_to set), so history and 'what changed' stay answerable."""
        self._check_open()
        mid_ = validation.memory_id(memory_id)
        text = validation.text(data, max_chars=self.config.max_text_chars, what="memory text")
        meta = (
            validation.metadata(metadata, max_bytes=self.config.max_metadata_bytes)
            if metadata is not None
            else None
        )
        now = self.clock()
        vector = self.stores.embedder.embed_one(text)
        for _ in range(_WRITE_RETRIES):
            found = self.stores.directory.lookup(mid_)
            if found is None or found[1] not in LIVE_STATES:
                raise MemoryNotFoundError(f"no memory with id {mid_}")
            tenant, state = found
            if state == "long":
                self._update_long(tenant, mid_, text, vector, meta, now)
                return {"message": "Memory updated successfully!", "id": mid_}
            tier = self.stores.redis_tier(state)
            with self.client.pipeline(transaction=True) as pipe:
                pipe.watch(keys.items(tenant, state))  # a move out of the tier rewrites this hash
                old = tier.get(tenant, mid_)
                if old is None:
                    pipe.reset()
                    continue
                new = old.model_copy(
                    update={
                        "memory": text,
                        "hash": text_hash(text),
                        "updated_at": now,
                        "metadata": meta if meta is not None else old.metadata,
                        "slot": _slot_after_edit(old, text),
                    }
                )
                pipe.multi()
                tier.remove(pipe, old)
                tier.put(pipe, new, vector)
                history.record(
                    pipe,
                    tenant,
                    memory_id=mid_,
                    event=EventKind.UPDATE,
                    old_memory=old.memory,
                    new_memory=text,
                    tier=tier.tier,
                    actor="api",
                    created_at=now,
                )
                try:
                    pipe.execute()
                except redis.WatchError:
                    continue
                return {"message": "Memory updated successfully!", "id": mid_}
        raise InvalidInputError(f"memory {mid_} kept changing; update not applied, try again")

    def _update_long(
        self,
        tenant: str,
        memory_id: str,
        text: str,
        vector: Any,
        meta: dict[str, Any] | None,
        now: float,
    ) -> None:
        shard = self.stores.long.shard(tenant)
        old = shard.get(memory_id)
        if old is None:
            raise MemoryNotFoundError(f"no memory with id {memory_id}")
        old_vector = shard.get_vector(memory_id)
        version = old.model_copy(
            update={
                "id": uuid.uuid4().hex,
                "valid_to": now,
                "superseded_by": memory_id,
                "updated_at": now,
            }
        )
        new = old.model_copy(
            update={
                "memory": text,
                "hash": text_hash(text),
                "updated_at": now,
                "valid_from": now,
                "metadata": meta if meta is not None else old.metadata,
                "sources": [*old.sources],
                "slot": _slot_after_edit(old, text),
            }
        )
        # SQLite (the truth) first: a crash before the Redis commit leaves at worst an
        # extra superseded version without a directory entry, never a lost value.
        shard.add(version, old_vector if old_vector is not None else vector)
        shard.update(new, vector)
        pipe = self.client.pipeline(transaction=True)
        Directory.set(pipe, version.id, tenant, "long")
        history.record(
            pipe,
            tenant,
            memory_id=memory_id,
            event=EventKind.UPDATE,
            old_memory=old.memory,
            new_memory=text,
            tier="long",
            actor="api",
            created_at=now,
            details={"previous_version": version.id},
        )
        history.record(
            pipe,
            tenant,
            memory_id=version.id,
            event=EventKind.SUPERSEDE,
            old_memory=old.memory,
            new_memory=text,
            tier="long",
            actor="api",
            created_at=now,
            details={"superseded_by": memory_id, "version_of": memory_id},
        )
        pipe.execute()

    @_recovering
    def delete(self, memory_id: str) -> dict[str, Any]:
        self._check_open()
        mid_ = validation.memory_id(memory_id)
        now = self.clock()
        for _ in range(_WRITE_RETRIES):
            found = self.stores.directory.lookup(mid_)
            if found is None or found[1] not in LIVE_STATES:
                raise MemoryNotFoundError(f"no memory with id {mid_}")
            tenant, state = found
            if state == "long":
                shard = self.stores.long.shard(tenant)
                old_long = shard.get(mid_)
                shard.delete(mid_)
                pipe = self.client.pipeline(transaction=True)
                Directory.set(pipe, mid_, tenant, "deleted")
                history.record(
                    pipe,
                    tenant,
                    memory_id=mid_,
                    event=EventKind.DELETE,
                    old_memory=old_long.memory if old_long else None,
                    tier="long",
                    actor="api",
                    created_at=now,
                )
                pipe.execute()
                return {"message": "Memory deleted successfully!"}
            tier = self.stores.redis_tier(state)
            with self.client.pipeline(transaction=True) as pipe:
                pipe.watch(keys.items(tenant, state))
                old = tier.get(tenant, mid_)
                if old is None:
                    pipe.reset()
                    continue
                pipe.multi()
                tier.remove(pipe, old)
                Directory.set(pipe, mid_, tenant, "deleted")
                history.record(
                    pipe,
                    tenant,
                    memory_id=mid_,
                    event=EventKind.DELETE,
                    old_memory=old.memory,
                    tier=tier.tier,
                    actor="api",
                    created_at=now,
                )
                try:
                    pipe.execute()
                except redis.WatchError:
                    continue
                return {"message": "Memory deleted successfully!"}
        raise InvalidInputError(f"memory {mid_} kept changing; delete not applied, try again")

    @_recovering
    def delete_all(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        """Delete every memory in the scope. Each id keeps a DELETE event in history."""
        self._check_open()
        scope = validation.scope(user_id, agent_id, run_id)
        deleted = 0
        for item in self._all_items(scope, TIERS, include_superseded=True):
            try:
                self.delete(item.id)
                deleted += 1
            except MemoryNotFoundError:
                continue  # moved or deleted meanwhile
        # What consolidation learned from these memories goes with them: a deleted
        # "I signed up at FitHub" must not go on reading the user's later messages.
        self.client.delete(keys.phrasings(scope.tenant))
        return {"message": f"Deleted {deleted} memories", "deleted": deleted}

    @_recovering
    def reset(self) -> None:
        """Wipe everything tiermem stored: all tenants, tiers, history and shards."""
        self._check_open()
        cursor = 0
        while True:
            cursor, found = self.client.scan(cursor, match=f"{keys.PREFIX}:*", count=1000)
            if found:
                self.client.delete(*found)
            if cursor == 0:
                break
        self.stores.long.drop_all()
        self._check_embedder(self.stores.embedder)

    # reads ------------------------------------------------------------------------------
    @_recovering
    def get(self, memory_id: str) -> dict[str, Any] | None:
        self._check_open()
        item = self._get_item(validation.memory_id(memory_id))
        return item.public() if item else None

    def _get_item(self, memory_id: str) -> MemoryItem | None:
        for _ in range(3):  # a consolidation move can land between lookup and read
            found = self.stores.directory.lookup(memory_id)
            if found is None or found[1] not in LIVE_STATES:
                return None
            tenant, state = found
            if state == "long":
                shard = self.stores.long.existing_shard(tenant)
                item = shard.get(memory_id) if shard else None
            else:
                item = self.stores.redis_tier(state).get(tenant, memory_id)
            if item is not None:
                return item
        return None

    @_recovering
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
        self._check_open()
        scope = validation.scope(user_id, agent_id, run_id)
        tiers = validation.tiers(tier)
        flt = filter_rules.check(filters)
        lim = validation.limit(limit, maximum=1_000_000)
        items = [
            i
            for i in self._all_items(scope, tiers, include_superseded=include_superseded)
            if filter_rules.matches(i, flt)
        ]
        items.sort(key=lambda i: i.updated_at, reverse=True)
        return {"results": [i.public() for i in items[:lim]]}

    def _all_items(
        self, scope: Scope, tiers: tuple[TierName, ...], *, include_superseded: bool
    ) -> list[MemoryItem]:
        tenant = scope.tenant
        out: list[MemoryItem] = []
        for t in tiers:
            if t == "long":
                shard = self.stores.long.existing_shard(tenant)
                if shard is not None:
                    out.extend(shard.all(include_superseded=include_superseded))
            else:
                out.extend(self.stores.redis_tier(t).all(tenant))
        return [i for i in out if scope.matches(i)]

    @_recovering
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
    ) -> dict[str, Any]:
        self._check_open()
        text = validation.text(query, max_chars=self.config.max_text_chars, what="query")
        scope = validation.scope(user_id, agent_id, run_id)
        lim = validation.limit(limit, maximum=1000)
        flt = filter_rules.check(filters)
        cutoff = validation.threshold(threshold)
        tier_names = validation.tiers(tiers)
        vector = self.stores.embedder.embed_one(text)
        count = search.candidate_count(lim, flt is not None or scope_narrowed(scope))
        past = questions.asks_about_past(text)  # "which bank did I use before?" asks for
        candidates = search.gather(  # what was superseded
            self.stores, scope, vector, text, count, tier_names, include_superseded or past
        )
        now = self.clock()
        hits = search.rank(
            candidates,
            query=text,
            scope=scope,
            now=now,
            config=self.config,
            filters=flt,
            vocabulary=self._vocabulary(scope.tenant),
            vector=vector,
            embed=self.stores.embedder.embed,
        )
        if cutoff is not None:
            hits = [h for h in hits if h.score >= cutoff]
        hits = hits[:lim]
        self._on_recall(scope.tenant, hits, now)
        return {"results": [h.public() for h in hits]}

    def _on_recall(self, tenant: str, hits: list[Any], now: float) -> None:
        """Recall strengthens what was found (throttled; see consolidation.recall)."""
        from tiermem.consolidation.recall import reinforce_recalled

        reinforce_recalled(self.stores, tenant, [h.item for h in hits], now)

    def profile(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
    ) -> dict[str, Any]:
        """Every tracked attribute (declared or discovered): its current value or values,
        since when, the source observation ids, and what each replaced. JSON-ready."""
        from tiermem import profile as profiles

        scope, facts = self._stated(user_id, agent_id, run_id)
        vocabulary = self._vocabulary(scope.tenant)
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
        from tiermem import profile as profiles

        name = validation.text(attribute, max_chars=200, what="attribute")
        _, facts = self._stated(user_id, agent_id, run_id)
        return {"attribute": name, "changes": profiles.timeline(facts, name)}

    def _stated(
        self, user_id: str | None, agent_id: str | None, run_id: str | None
    ) -> tuple[Scope, list[MemoryItem]]:
        """The scope's consolidated facts, superseded ones included: what profiles read."""
        self._check_open()
        scope = validation.scope(user_id, agent_id, run_id)
        return scope, self._all_items(scope, ("mid", "long"), include_superseded=True)

    def _vocabulary(self, tenant: str) -> Vocabulary:
        return search.vocabulary_of(self.stores, tenant, list(self.config.attributes))

    @_recovering
    def history(self, memory_id: str) -> list[dict[str, Any]]:
        self._check_open()
        mid_ = validation.memory_id(memory_id)
        found = self.stores.directory.lookup(mid_)
        if found is None:
            return []
        return [e.public() for e in history.read(self.client, found[0], mid_)]

    # consolidation ------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from tiermem.consolidation.engine import Engine

                self._engine = Engine(self.stores, clock=self.clock, llm=self._llm_override)
            return self._engine

    @_recovering
    def consolidate(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        now: float | None = None,
        passes: tuple[str, ...] = ("short_to_mid", "mid_to_long", "decay"),
    ) -> ConsolidationReport:
        """Run the consolidation passes now, synchronously, and say what moved."""
        self._check_open()
        tenant = None
        if user_id is not None or agent_id is not None or run_id is not None:
            tenant = validation.scope(user_id, agent_id, run_id).tenant
        when = validation.timestamp(now)
        return self.engine.run(tenants=[tenant] if tenant else None, now=when, passes=passes)

    def start_background(self) -> None:
        with self._lock:
            if self._scheduler is None:
                from tiermem.consolidation.scheduler import BackgroundScheduler

                self._scheduler = BackgroundScheduler(self.engine, self.config)
                self._scheduler.start()

    @_recovering
    def stats(self) -> dict[str, Any]:
        """Counts per tier and tenant, and the dead-letter list."""
        self._check_open()
        from tiermem import tier_counts  # the same counts `tiermem stats` prints

        return tier_counts.read(self.client, self.stores.long.root)


def _slot_after_edit(old: MemoryItem, text: str) -> str | None:
    """An edited fact states what its new text states: a stale slot value would make the
    next mention of the same value look like a change."""
    if old.slot is None:
        return None
    found = slots.read(text)
    return f"{found.slot}={found.value}" if found else None


def scope_narrowed(scope: Scope) -> bool:
    """True when the scope filters inside its tenant (e.g. user plus agent)."""
    given = sum(v is not None for v in (scope.user_id, scope.agent_id, scope.run_id))
    return given > 1
