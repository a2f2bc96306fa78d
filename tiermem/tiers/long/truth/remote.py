"""``TruthStore``: the statements tiermem sends to PostgreSQL, one tenant at a time.

Every write of a tenant first locks its ``long_tenants`` row (``SELECT ... FOR UPDATE``):
writers of one tenant on any node take turns, so the seqs they hand out are gapless and
committed in order, and a reader that sees seq ``n`` has seen every change up to ``n``.
Writers of different tenants never wait for each other.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import SQLAlchemyError

from tiermem.errors import EmbedderMismatchError, LongStoreError
from tiermem.tiers.long.truth.tables import IMAGE, create_tables, engine_for, facts, tenants

FETCH_BATCH = 2000  # rows per round trip when a cache catches up


class Head(NamedTuple):
    """A tenant's counter row: its last change seq and the epoch it was created in."""

    seq: int
    epoch: str


class TruthStore:
    """The long-term truth in PostgreSQL, for one embedder; shared by a node's shards."""

    def __init__(self, url: str, *, embedder_identity: str, dim: int) -> None:
        self.embedder_identity = embedder_identity
        self.dim = dim
        self.engine = engine_for(url)
        try:
            create_tables(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise LongStoreError(f"cannot open the long-term store: {exc}") from exc
        except BaseException:
            self.engine.dispose()
            raise

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ tenants

    def head(self, conn: sa.Connection, tenant: str) -> Head | None:
        row = conn.execute(
            sa.select(
                tenants.c.seq, tenants.c.epoch, tenants.c.embedder_identity, tenants.c.dim
            ).where(tenants.c.tenant == tenant)
        ).first()
        if row is None:
            return None
        self._check_embedder(tenant, row.embedder_identity, row.dim)
        return Head(row.seq, row.epoch)

    def lock(self, conn: sa.Connection, tenant: str) -> Head:
        """The tenant's counter row, created if missing, locked until ``conn`` commits."""
        locked = (
            sa.select(tenants.c.seq, tenants.c.epoch, tenants.c.embedder_identity, tenants.c.dim)
            .where(tenants.c.tenant == tenant)
            .with_for_update()
        )
        row = conn.execute(locked).first()
        if row is not None:
            self._check_embedder(tenant, row.embedder_identity, row.dim)
            return Head(row.seq, row.epoch)
        conn.execute(
            insert(tenants)
            .values(
                tenant=tenant,
                seq=0,
                epoch=uuid.uuid4().hex,
                embedder_identity=self.embedder_identity,
                dim=self.dim,
            )
            .on_conflict_do_nothing(index_elements=[tenants.c.tenant])  # another node's wins
        )
        row = conn.execute(locked).one()
        self._check_embedder(tenant, row.embedder_identity, row.dim)
        return Head(row.seq, row.epoch)

    def exists(self, tenant: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(tenants.c.seq).where(tenants.c.tenant == tenant))
            return found.first() is not None

    def _check_embedder(self, tenant: str, identity: str, dim: int) -> None:
        if identity != self.embedder_identity or dim != self.dim:
            raise EmbedderMismatchError(
                f"the long-term store holds tenant {tenant!r} embedded with {identity!r} "
                f"(dim {dim}), but this process embeds with {self.embedder_identity!r} "
                f"(dim {self.dim}); vectors from different models are not comparable"
            )

    # -------------------------------------------------------------------- facts

    def rows_since(
        self, conn: sa.Connection, tenant: str, since: int, upto: int
    ) -> Iterator[Sequence[Any]]:
        """Row images (``IMAGE`` order) changed after ``since`` up to ``upto``, by seq."""
        query = (
            sa.select(*(facts.c[name] for name in IMAGE))
            .where(facts.c.tenant == tenant, facts.c.seq > since, facts.c.seq <= upto)
            .order_by(facts.c.seq, facts.c.label)
            .execution_options(yield_per=FETCH_BATCH)  # on the statement: options set on
        )  # the connection would stay for every later statement
        result = conn.execute(query)
        for partition in result.partitions():
            yield from partition

    def push(
        self, conn: sa.Connection, tenant: str, images: Sequence[Sequence[Any]], seq: int
    ) -> None:
        """Upsert full row images stamped ``seq`` and move the tenant's counter to it
        (the caller holds the counter row's lock)."""
        rows = [
            {"tenant": tenant, **dict(zip(IMAGE, image, strict=True))}
            | {"deleted": bool(image[3]), "vector": _bytes(image[-1])}
            for image in images
        ]
        statement = insert(facts)
        statement = statement.on_conflict_do_update(
            index_elements=[facts.c.tenant, facts.c.id],
            set_={name: statement.excluded[name] for name in IMAGE[1:]},
        )
        conn.execute(statement, rows)
        conn.execute(sa.update(tenants).where(tenants.c.tenant == tenant).values(seq=seq))

    def drop_tenant(self, tenant: str) -> None:
        """Forget a tenant: its facts and its counter row (caches then start again)."""
        with self.engine.begin() as conn:
            locked = sa.select(tenants.c.seq).where(tenants.c.tenant == tenant).with_for_update()
            conn.execute(locked)  # a writer of this tenant finishes first
            conn.execute(sa.delete(facts).where(facts.c.tenant == tenant))
            conn.execute(sa.delete(tenants).where(tenants.c.tenant == tenant))

    def drop_all(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.delete(facts))
            conn.execute(sa.delete(tenants))


def _bytes(blob: object) -> bytes | None:
    return None if blob is None else bytes(blob)  # type: ignore[call-overload]
