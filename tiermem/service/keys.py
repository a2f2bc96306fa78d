"""API keys scoped to tenants, kept in the Memory's Redis.

A key reads ``tmk_<id>_<secret>``. Redis holds, under ``tm:apikeys``, only the id and a
SHA-256 of the secret (the secret is 32 random bytes, so a plain hash is enough: there
is nothing to brute-force, unlike a password). The id makes lookup one HGET; the hash is
compared with ``hmac.compare_digest`` so timing says nothing about how much matched. An
unknown id still pays for a hash and a comparison, so it answers in the same time.

This module needs only a Redis client, not a ``Memory``: ``tiermem keys`` must not load
the embedder to add one line to a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from tiermem import validation
from tiermem.errors import InvalidInputError
from tiermem.tiers import keys as redis_keys
from tiermem.tiers.redis_client import RedisClient
from tiermem.types import Scope

PREFIX = "tmk_"
_ID_HEX = 12  # 48 bits: an index, not a secret
_DUMMY = hashlib.sha256(b"tiermem: no such key").hexdigest()

Role = Literal["admin", "tenant"]


class ApiKey(BaseModel):
    """What a key may do; never the secret (only its hash, which is not shown either)."""

    model_config = ConfigDict(frozen=True)

    id: str
    role: Role
    user_id: str | None = None
    agent_id: str | None = None
    created_at: float

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def tenant(self) -> str | None:
        """The one tenant a tenant key owns (``u=...`` or ``a=...``); None for admin."""
        if self.is_admin:
            return None
        return Scope(user_id=self.user_id, agent_id=self.agent_id).tenant

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "role": self.role,
            "user_id": self.user_id,
            "agent_id": self.agent_id,
            "created_at": self.created_at,
        }


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


REVOCATION_LAG_S = 1.0  # how long a process may go on trusting a key another revoked


class KeyStore:
    """Create, list, revoke and check API keys in one Redis hash.

    A verified key's record is remembered for ``REVOCATION_LAG_S``: every request checks
    its key, and a Redis round trip (plus a thread hop off the event loop) per request
    is most of what HTTP adds to a search. The secret's hash is still compared on every
    request; a revocation in this process takes effect at once, in others within the lag.
    """

    def __init__(self, client: RedisClient) -> None:
        self.client = client
        self._recent: dict[str, tuple[float, str, ApiKey]] = {}  # id -> (when, sha256, record)

    def create(
        self, *, user_id: str | None = None, agent_id: str | None = None, admin: bool = False
    ) -> tuple[ApiKey, str]:
        """A new key and its plain text, which is returned here once and stored nowhere."""
        if admin == (user_id is not None or agent_id is not None) or (user_id and agent_id):
            raise InvalidInputError("a key is either --admin, or for one --user-id or --agent-id")
        if not admin:
            validation.scope(user_id, agent_id, None)  # the same id rules as the memories
        key_id = secrets.token_hex(_ID_HEX // 2)
        secret = secrets.token_urlsafe(32)
        record = ApiKey(
            id=key_id,
            role="admin" if admin else "tenant",
            user_id=user_id,
            agent_id=agent_id,
            created_at=time.time(),
        )
        stored = {**record.model_dump(), "sha256": _digest(secret)}
        if not self.client.hsetnx(redis_keys.API_KEYS, key_id, json.dumps(stored)):
            raise InvalidInputError("key id collision; try again")  # 1 in 2**48
        return record, f"{PREFIX}{key_id}_{secret}"

    def list(self) -> list[ApiKey]:
        raw = self.client.hgetall(redis_keys.API_KEYS)
        found = [self._record(value) for value in raw.values()]
        return sorted(found, key=lambda k: k.created_at)

    def revoke(self, key_id: str) -> bool:
        bare = key_id.removeprefix(PREFIX)
        self._recent.pop(bare, None)
        return bool(self.client.hdel(redis_keys.API_KEYS, bare))

    def recently_verified(self, presented: str) -> ApiKey | None:
        """The record of a key verified less than ``REVOCATION_LAG_S`` ago whose secret
        matches; None means "ask ``verify``" (no Redis call is made here)."""
        key_id, secret = _split(presented)
        found = self._recent.get(key_id)
        if found is None or time.monotonic() - found[0] > REVOCATION_LAG_S:
            return None
        return found[2] if hmac.compare_digest(_digest(secret), found[1]) else None

    def verify(self, presented: str) -> ApiKey | None:
        """The key's record if ``presented`` is a live key, else None."""
        key_id, secret = _split(presented)
        raw = self.client.hget(redis_keys.API_KEYS, key_id) if key_id else None
        stored = json.loads(redis_keys.text(raw)) if raw is not None else None
        expected = stored["sha256"] if stored else _DUMMY
        ok = hmac.compare_digest(_digest(secret), expected)
        if not ok or stored is None:
            return None
        record = self._record(raw)  # type: ignore[arg-type]  # raw is set when stored is
        self._recent[key_id] = (time.monotonic(), expected, record)
        return record

    @staticmethod
    def _record(raw: bytes | str) -> ApiKey:
        data = json.loads(redis_keys.text(raw))
        data.pop("sha256", None)
        return ApiKey.model_validate(data)


def _split(presented: str) -> tuple[str, str]:
    """(id, secret) of a well-formed key; ("", the text) for anything else, so that it is
    still hashed and compared like a real attempt."""
    if presented.startswith(PREFIX):
        key_id, sep, secret = presented[len(PREFIX) :].partition("_")
        if sep and len(key_id) == _ID_HEX and all(c in "0123456789abcdef" for c in key_id):
            return key_id, secret
    return "", presented
