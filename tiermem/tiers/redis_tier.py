"""What the short and mid tiers share: a Redis 8 vector set plus a payload hash per tenant.

Vectors live in the vector set (NOQUANT, so a fact carries its exact vector into the
long tier); payloads live in a hash beside it as JSON. The consolidation passes stage
writes (``put``, ``put_payload``, ``drop``) into their own pipeline, so a tier write, the
id registry and the history event land in one MULTI/EXEC: a move is all-or-nothing.
The API's edits (``update``, ``remove``; see ``tiers.base``) run their own MULTI under
WATCH of the tenant's payload hash, which every move out of the tier rewrites.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import redis
from redis.exceptions import NoScriptError

from tiermem import history
from tiermem.errors import InvalidInputError
from tiermem.tiers import keys
from tiermem.tiers.base import Edit
from tiermem.tiers.id_registry import IdRegistry
from tiermem.tiers.optimistic import ABORTED, Aborted, Stage, transact
from tiermem.tiers.redis_client import RedisClient
from tiermem.tiers.vector_removal import remove_vector
from tiermem.types import EventKind, MemoryItem, TierName, Vector

WATCH_RETRIES = 20
PARSED_CACHE = 4096  # payloads whose parsed items are kept, for searches (parsed_payload)
# VADD's build exploration factor. Redis's default (200) spends ~140 us of server time on
# every add into a few hundred vectors, a third of the write; 50 halves it, and VSIM's
# recall@10 against exact search over 5,000 MiniLM sentence vectors is 0.995. Short and
# mid tiers are far smaller than that.
BUILD_EF = 50

# VSIM, then the payloads of what it found: flat (id, score, payload-or-false) triples, or
# VSIM's error text (an empty tier has no vector set yet).
_SEARCH = """
local found = redis.pcall('VSIM', KEYS[1], 'FP32', ARGV[1], 'WITHSCORES', 'COUNT', ARGV[2])
if type(found) == 'table' and found.err then return found.err end
if #found == 0 then return {} end
local ids = {}
for i = 1, #found, 2 do ids[#ids + 1] = found[i] end
local payloads = redis.call('HMGET', KEYS[2], unpack(ids))
local out = {}
for i = 1, #ids do
  out[#out + 1] = ids[i]
  out[#out + 1] = found[2 * i]
  out[#out + 1] = payloads[i]
end
return out
"""


class RedisTier:
    """One Redis-backed tier; knows its key names, not policy."""

    def __init__(self, client: RedisClient, tier: TierName) -> None:
        self.client = client
        self.name: TierName = tier
        self._search_script = client.register_script(_SEARCH)

    # writes (into a caller's pipeline) -------------------------------------------------
    def put(self, pipe: Any, item: MemoryItem, vector: Vector) -> None:
        tenant = item.scope.tenant
        vec = np.ascontiguousarray(vector, dtype=np.float32)
        pipe.execute_command(
            "VADD",
            keys.vectors(tenant, self.name),
            "FP32",
            vec.tobytes(),
            item.id,
            "NOQUANT",
            "EF",
            BUILD_EF,
        )
        pipe.hset(keys.items(tenant, self.name), item.id, item.model_dump_json())
        pipe.hset(keys.hashes(tenant, self.name), item.hash, item.id)

    def put_payload(self, pipe: Any, item: MemoryItem) -> None:
        """Rewrite the payload only (reinforcement, strength, access times)."""
        pipe.hset(keys.items(item.scope.tenant, self.name), item.id, item.model_dump_json())

    def drop(self, pipe: Any, item: MemoryItem) -> None:
        tenant = item.scope.tenant
        remove_vector(pipe, keys.vectors(tenant, self.name), item.id, build_ef=BUILD_EF)
        pipe.hdel(keys.items(tenant, self.name), item.id)
        pipe.hdel(keys.hashes(tenant, self.name), item.hash)

    # the API's edits (their own transaction) ------------------------------------------
    def update(self, tenant: str, memory_id: str, edit: Edit) -> MemoryItem | None:
        def stage(pipe: Any, old: MemoryItem) -> MemoryItem:
            new = edit.revise(old)
            self.drop(pipe, old)
            self.put(pipe, new, edit.vector)
            history.record(
                pipe,
                tenant,
                memory_id=memory_id,
                event=EventKind.UPDATE,
                old_memory=old.memory,
                new_memory=new.memory,
                tier=self.name,
                actor="api",
                created_at=edit.now,
                details={"edit": edit.version_id},
            )
            return new

        return self._edit(tenant, memory_id, stage)

    def remove(self, tenant: str, memory_id: str, now: float) -> MemoryItem | None:
        def stage(pipe: Any, old: MemoryItem) -> MemoryItem:
            self.drop(pipe, old)
            IdRegistry.set(pipe, memory_id, tenant, "deleted")
            history.record(
                pipe,
                tenant,
                memory_id=memory_id,
                event=EventKind.DELETE,
                old_memory=old.memory,
                tier=self.name,
                actor="api",
                created_at=now,
            )
            return old

        return self._edit(tenant, memory_id, stage)

    def _edit(
        self, tenant: str, memory_id: str, stage: Callable[[Any, MemoryItem], MemoryItem]
    ) -> MemoryItem | None:
        """Read, stage and commit under WATCH of the payload hash: a consolidation move
        between the read and the commit makes the commit plan again, then find nothing."""
        items = keys.items(tenant, self.name)

        def plan(pipe: Any) -> Stage[MemoryItem] | Aborted:
            raw = pipe.hget(items, memory_id)
            if raw is None:
                return ABORTED
            old = MemoryItem.model_validate_json(raw)
            return lambda pipe: stage(pipe, old)

        done = transact(
            self.client,
            (items,),
            plan,
            retries=WATCH_RETRIES,
            exhausted=lambda: InvalidInputError(
                f"memory {memory_id} kept changing; edit not applied, try again"
            ),
        )
        return None if isinstance(done, Aborted) else done

    def get(self, tenant: str, memory_id: str) -> MemoryItem | None:
        raw = self.client.hget(keys.items(tenant, self.name), memory_id)
        return MemoryItem.model_validate_json(raw) if raw else None

    def get_many(self, tenant: str, ids: list[str]) -> list[MemoryItem]:
        if not ids:
            return []
        raws = self.client.hmget(keys.items(tenant, self.name), ids)
        return [MemoryItem.model_validate_json(r) for r in raws if r]

    def all(self, tenant: str, *, include_superseded: bool = False) -> list[MemoryItem]:
        """Every item; nothing in a Redis tier is ever superseded."""
        raws = self.client.hvals(keys.items(tenant, self.name))
        return [MemoryItem.model_validate_json(r) for r in raws]

    def count(self, tenant: str) -> int:
        return int(self.client.hlen(keys.items(tenant, self.name)))

    def id_for_hash(self, tenant: str, text_hash: str) -> str | None:
        raw = self.client.hget(keys.hashes(tenant, self.name), text_hash)
        return keys.text(raw) if raw else None

    def vector(self, tenant: str, memory_id: str) -> Vector | None:
        return self.vectors(tenant, [memory_id])[0]

    def vectors(self, tenant: str, ids: list[str]) -> list[Vector | None]:
        """Stored vectors of ``ids`` (None where absent), in one round trip."""
        key = keys.vectors(tenant, self.name)
        pipe = self.client.pipeline(transaction=False)
        for memory_id in ids:
            pipe.execute_command("VEMB", key, memory_id, "RAW")
        return [_vector(reply) for reply in pipe.execute(raise_on_error=False)]

    def repeats(
        self, tenant: str, hashes: list[str], vectors: list[Vector]
    ) -> list[tuple[str | None, list[tuple[str, float]]]]:
        """For each (text hash, vector): the id stored under that exact text, and the
        nearest item by vector; for a whole chunk in one round trip."""
        hash_key, vector_key = keys.hashes(tenant, self.name), keys.vectors(tenant, self.name)
        pipe = self.client.pipeline(transaction=False)
        for text_hash, vector in zip(hashes, vectors, strict=True):
            pipe.hget(hash_key, text_hash)
            pipe.execute_command(*_vsim(vector_key, vector, 1))
        replies = pipe.execute(raise_on_error=False)
        out = []
        for n in range(0, len(replies), 2):
            same, near = replies[n], replies[n + 1]
            out.append((keys.text(same) if same else None, _similar(near)))
        return out

    def search(
        self,
        tenant: str,
        vector: Vector,
        count: int,
        *,
        query: str = "",
        slot: str | None = None,
        include_superseded: bool = False,
    ) -> list[tuple[MemoryItem, float]]:
        """Nearest by vector only (the hints are for tiers with more indexes), with their
        payloads: one script, so one round trip, on the search path."""
        reply = self._search_script(
            keys=self._search_keys(tenant), args=_search_args(vector, count)
        )
        return _found(reply)

    def search_command(self, tenant: str, vector: Vector, count: int) -> tuple[Any, ...]:
        """``search`` as one command, for a caller that sends it beside others (see
        ``SentAhead``); ``found`` reads the reply. By the script's digest: a pipeline
        that carries the script itself would ask the server whether it knows it first,
        a round trip of its own."""
        return (
            "EVALSHA",
            self._search_script.sha,
            2,
            *self._search_keys(tenant),
            *_search_args(vector, count),
        )

    def found(
        self, reply: Any, tenant: str, vector: Vector, count: int
    ) -> list[tuple[MemoryItem, float]]:
        """The reply to ``search_command``. A server that lost its scripts (restarted)
        answers NOSCRIPT, and the search is asked again the way that loads the script."""
        if isinstance(reply, NoScriptError):
            return self.search(tenant, vector, count)
        if isinstance(reply, Exception):
            raise reply
        return _found(reply)

    def _search_keys(self, tenant: str) -> list[str]:
        return [keys.vectors(tenant, self.name), keys.items(tenant, self.name)]


def _search_args(vector: Vector, count: int) -> list[Any]:
    return [np.ascontiguousarray(vector, dtype=np.float32).tobytes(), count]


def _found(reply: Any) -> list[tuple[MemoryItem, float]]:
    """The search script's reply as (item, cosine), best first."""
    if isinstance(reply, bytes):  # the script passes VSIM's error text back
        _missing_key(redis.ResponseError(reply.decode("utf-8", "replace")))
        return []
    return [
        (parsed_payload(reply[i + 2]), 2.0 * float(reply[i + 1]) - 1.0)
        for i in range(0, len(reply), 3)
        if reply[i + 2]
    ]


@functools.lru_cache(maxsize=PARSED_CACHE)
def parsed_payload(raw: bytes) -> MemoryItem:
    """A payload's item, remembered by the payload's bytes. Searches of one user parse the
    same payloads over and over (~5 us each, up to 60 a search); a rewritten payload
    (reinforced, edited) is other bytes, so a stale item is never served. The items are
    shared by every search that meets them: read them, never change them (``model_copy``
    is how tiermem changes an item)."""
    return MemoryItem.model_validate_json(raw)


def _vsim(key: str, vector: Vector, count: int) -> tuple[Any, ...]:
    vec = np.ascontiguousarray(vector, dtype=np.float32)
    return ("VSIM", key, "FP32", vec.tobytes(), "WITHSCORES", "COUNT", count)


def _similar(reply: Any) -> list[tuple[str, float]]:
    """A VSIM reply as (id, cosine); a tier with nothing in it yet answers with an error
    that means "no such key", which is an empty answer."""
    if isinstance(reply, redis.ResponseError):
        _missing_key(reply)
        return []
    if not reply:
        return []
    return [(keys.text(reply[i]), 2.0 * float(reply[i + 1]) - 1.0) for i in range(0, len(reply), 2)]


def _vector(reply: Any) -> Vector | None:
    """A VEMB ... RAW reply (quantisation, blob, norm) as the stored float32 vector."""
    if isinstance(reply, redis.ResponseError):
        _missing_key(reply)
        return None
    if not reply:
        return None
    blob, norm = reply[1], float(reply[2])
    return np.frombuffer(blob, dtype=np.float32) * np.float32(norm)


def _missing_key(error: redis.ResponseError) -> None:
    """Vector-set commands on a tier with nothing in it yet answer "no such key": an
    empty answer, not a failure. Any other error is raised."""
    text = str(error).lower()
    if "key does not exist" not in text and "no such key" not in text:
        raise error
