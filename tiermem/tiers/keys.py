"""Every Redis key name tiermem uses, and nothing else.

Per-tenant keys share the hash tag ``{tenant}`` so one tenant lives in one cluster slot
and a tenant's keys can be listed, counted and dropped together: every MULTI tiermem
sends names one tenant's keys only, so it runs unchanged on Redis Cluster. The few global
keys (the id directory, the tenant list, API keys) are only ever written outside those
MULTIs. Tenant strings are built from validated ids (see ``validation``), so they never
contain ``:``, ``{`` or ``*``.
"""

from __future__ import annotations

import zlib

PREFIX = "tm"

META = f"{PREFIX}:meta"  # hash: the identity of the embedder that wrote the vectors
LEGACY_ID_REGISTRY = f"{PREFIX}:dir"  # earlier stores: id -> "tenant|state"; migrated
DIRECTORY_BUCKETS = 256  # the id directory's hashes, spread over the cluster's slots
TENANTS = f"{PREFIX}:tenants"  # set of tenant strings that hold data
WORKERS = f"{PREFIX}:workers"  # sorted set: scheduled worker id -> last heartbeat (server time)
WORKER_WORK = f"{PREFIX}:workers:work"  # hash: worker id -> observations it consolidated
API_KEYS = f"{PREFIX}:apikeys"  # hash: key id -> JSON (SHA-256 of the secret, scope); service
KEPT_ON_RESET = frozenset({API_KEYS})  # credentials, not memories: reset() leaves them


def rate_bucket(name: str) -> str:
    """Hash: one service rate-limit bucket (an API key's, or a client address's failed
    authentications), shared by every service process on the store."""
    return f"{PREFIX}:rate:{name}"


def directory(memory_id: str) -> str:
    """Hash id -> tenant: the bucket of the global id directory that holds this id. An
    entry is written once, before the id's first MULTI, and never changed."""
    bucket = zlib.crc32(memory_id.encode("utf-8")) % DIRECTORY_BUCKETS
    return f"{PREFIX}:dir:{{d{bucket:02x}}}"


def directory_buckets() -> list[str]:
    return [f"{PREFIX}:dir:{{d{bucket:02x}}}" for bucket in range(DIRECTORY_BUCKETS)]


def tenant_prefix(tenant: str) -> str:
    return f"{PREFIX}:{{{tenant}}}"


def vectors(tenant: str, tier: str) -> str:
    """Redis 8 vector set of one tier of one tenant."""
    return f"{tenant_prefix(tenant)}:{tier}:vs"


def items(tenant: str, tier: str) -> str:
    """Hash id -> JSON payload of one tier of one tenant."""
    return f"{tenant_prefix(tenant)}:{tier}:items"


def hashes(tenant: str, tier: str) -> str:
    """Hash text-hash -> id, for exact-duplicate detection."""
    return f"{tenant_prefix(tenant)}:{tier}:hash"


def history(tenant: str, memory_id: str) -> str:
    """List of JSON events of one memory, oldest first."""
    return f"{tenant_prefix(tenant)}:hist:{memory_id}"


def id_states(tenant: str) -> str:
    """Hash id -> state (its tier while it lives, or what ended it) of one tenant's ids."""
    return f"{tenant_prefix(tenant)}:ids"


def unlisted(tenant: str) -> str:
    """String: set while a ``delete_all`` unlists the tenant (cluster only); an add that
    finds it lists the tenant again."""
    return f"{tenant_prefix(tenant)}:unlisted"


def replica_ack(tenant: str) -> str:
    """Counter a write confirmation bumps on the tenant's primary before WAIT."""
    return f"{tenant_prefix(tenant)}:ack"


def lease(tenant: str) -> str:
    return f"{tenant_prefix(tenant)}:lease"


def dead_letters(tenant: str) -> str:
    return f"{tenant_prefix(tenant)}:dead"


def journal(tenant: str) -> str:
    return f"{tenant_prefix(tenant)}:journal"


def import_lock(tenant: str) -> str:
    """String: the lock an import holds while it writes this tenant (transfer.lock)."""
    return f"{tenant_prefix(tenant)}:import"


def llm_ledger(tenant: str) -> str:
    """Hash: LLM calls spent and observations consolidated (the per-tenant call cap)."""
    return f"{tenant_prefix(tenant)}:llm"


def phrasings(tenant: str) -> str:
    """JSON: the slot phrasings learned from this tenant's messages (attributes.phrasings)."""
    return f"{tenant_prefix(tenant)}:phrasings"


def recall(tenant: str) -> str:
    """Hash id -> last time a search recall was written (throttling)."""
    return f"{tenant_prefix(tenant)}:recall"


def run_log(tenant: str) -> str:
    """List of JSON entries, newest first: what each consolidation run did (run_log)."""
    return f"{tenant_prefix(tenant)}:runs"


def tenant_pattern(tenant: str) -> str:
    return f"{tenant_prefix(tenant)}:*"


def text(value: bytes | str) -> str:
    """Redis replies are bytes (RESP2, decode_responses off); names we stored are UTF-8."""
    return value.decode("utf-8") if isinstance(value, bytes) else value
