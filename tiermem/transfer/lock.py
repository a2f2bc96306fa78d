"""One import per tenant at a time.

Two imports of one file into one tenant would both find the same ids missing and both
write them, doubling their ADD events. So an import holds a Redis lock on every tenant
it writes (``keys.import_lock``), taken in sorted order without waiting: a second import
is refused at once with a message, never queued behind an import that may run for
minutes. The lock expires on its own if the importing process dies, and is renewed after
every batch while the import lives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress

from redis.exceptions import LockError

from tiermem.errors import InvalidInputError
from tiermem.tiers import keys
from tiermem.tiers.redis_client import RedisClient

LOCK_TTL_S = 120.0  # far above one batch; how long a dead importer blocks the tenant


@contextmanager
def importing(client: RedisClient, tenants: Iterable[str]) -> Iterator[Callable[[], None]]:
    """Hold every tenant's import lock; yields a function that renews them all."""
    held = []
    try:
        for tenant in sorted(set(tenants)):
            lock = client.lock(keys.import_lock(tenant), timeout=LOCK_TTL_S)
            if not lock.acquire(blocking=False):
                raise InvalidInputError(
                    f"another import into {tenant} is running; run this one when it has "
                    "finished (running it again then adds only what is still missing)"
                )
            held.append(lock)

        def renew() -> None:
            for lock in held:
                lock.reacquire()

        yield renew
    finally:
        for lock in held:
            with suppress(LockError):  # expired meanwhile: nothing left to release
                lock.release()
