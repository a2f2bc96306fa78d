"""Store imported messages as short-tier observations, in batches, exactly once.

Idempotency: each message gets a key, a hash of its scope, role, text, the timestamp the
file gave it (not the import's clock) and how many identical messages came before it in
the file; the key *is* the observation's id (and is kept as ``metadata["import_key"]``).
The id registry remembers every id it ever issued, through consolidation (consumed),
deletion and decay, so a message whose id is known is skipped: re-running an import adds
nothing, and neither does importing the same conversation from a file that has grown.
A memory deleted after an import stays deleted when the import runs again.

Each batch is one ``Writer.add``: the observations, their registry entries and ADD
events in one MULTI, embedded in one call, written as ``Memory.add`` writes.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tiermem import writes
from tiermem.memory import Memory
from tiermem.transfer.restore import known_ids
from tiermem.transfer.sources import Incoming
from tiermem.types import MemoryItem


@dataclass(frozen=True)
class Keyed:
    key: str
    message: Incoming


def keyed(messages: Sequence[Incoming]) -> list[Keyed]:
    """Every message with its import key (see the module docstring)."""
    seen: Counter[str] = Counter()
    out = []
    for message in messages:
        identity = json.dumps(
            [
                message.scope.model_dump(),
                message.role,
                message.text,
                message.timestamp,
            ],
            ensure_ascii=False,
        )
        nth = seen[identity]
        seen[identity] += 1
        digest = hashlib.sha256(f"tiermem-import:{nth}:{identity}".encode()).hexdigest()
        out.append(Keyed(key=digest[:32], message=message))
    return out


def new_only(memory: Memory, messages: Sequence[Keyed]) -> list[Keyed]:
    known = known_ids(memory.stores, [m.key for m in messages])
    return [m for m in messages if m.key not in known]


def store(
    memory: Memory,
    messages: Sequence[Keyed],
    *,
    batch_size: int = 100,
    progress: Callable[[int], None] = lambda done: None,
) -> None:
    """Write ``messages`` (see ``new_only``), ``batch_size`` per MULTI, each tenant's in
    its own; ``progress(n)`` after each batch of ``n``."""
    size = max(1, batch_size)
    for start in range(0, len(messages), size):
        batch = messages[start : start + size]
        now = memory.clock()
        items = _observations(batch, now)
        vectors = memory.stores.embedder.embed([i.memory for i in items])
        for tenant in dict.fromkeys(i.scope.tenant for i in items):
            rows = [n for n, i in enumerate(items) if i.scope.tenant == tenant]
            memory.writer.add(tenant, [items[n] for n in rows], vectors[rows], now)
        progress(len(batch))


def _observations(batch: Sequence[Keyed], now: float) -> list[MemoryItem]:
    """Short-tier items as ``Memory.add`` makes them, under the import keys as ids and
    ordered as the file is (``added_ns``) when timestamps tie."""
    base = time.time_ns()
    items = []
    for n, keyed_message in enumerate(batch):
        m = keyed_message.message
        observed = m.timestamp if m.timestamp is not None else now
        meta = {**m.metadata, "import_key": keyed_message.key}
        (item,) = writes.observations([(m.role, m.text)], m.scope, meta, observed, infer=True)
        key = keyed_message.key
        items.append(item.model_copy(update={"id": key, "sources": [key], "added_ns": base + n}))
    return items
