"""The PostgreSQL tables of the long-term truth, and the engine that reaches them.

Laid out for Citus from the start: every table's primary key begins with ``tenant`` (the
distribution column), nothing refers across tenants, and the change sequence is a counter
row per tenant (``long_tenants.seq``) rather than a SERIAL shared by all of them, so
``create_distributed_table(..., 'tenant')`` on both tables needs no code change and every
statement tiermem sends touches one tenant's rows on one worker.

``long_facts`` holds the full row image of every fact of the SQLite ``facts`` table (the
local cache) except its local rowid: payload, validity, versions, tombstones, the hnswlib
label and the float32 vector.
"""

from __future__ import annotations

import sqlalchemy as sa

from tiermem.tiers.long.schema import FIELDS

metadata = sa.MetaData()

tenants = sa.Table(
    "long_tenants",
    metadata,
    sa.Column("tenant", sa.Text, primary_key=True),
    sa.Column("seq", sa.BigInteger, nullable=False),  # the last change seq handed out
    sa.Column("epoch", sa.Text, nullable=False),  # new when the row is (re)created
    sa.Column("embedder_identity", sa.Text, nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
)

_TEXT = {"memory", "hash", "metadata", "sources"}  # NOT NULL text columns
_NUMBER = {"created_at", "updated_at", "observed_at", "strength"}  # NOT NULL floats
_OPTIONAL_NUMBER = {"last_access", "valid_from", "valid_to"}


def _payload_column(name: str) -> sa.Column[object]:
    if name == "reinforcement":
        return sa.Column(name, sa.BigInteger, nullable=False)
    if name in _NUMBER:
        return sa.Column(name, sa.Double, nullable=False)
    if name in _OPTIONAL_NUMBER:
        return sa.Column(name, sa.Double, nullable=True)
    return sa.Column(name, sa.Text, nullable=name not in _TEXT)


facts = sa.Table(
    "long_facts",
    metadata,
    sa.Column("tenant", sa.Text, primary_key=True),
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("label", sa.BigInteger, nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    *(_payload_column(name) for name in FIELDS[1:]),
    sa.Column("vector", sa.LargeBinary, nullable=True),
    sa.Index("long_facts_tenant_seq", "tenant", "seq"),
)

# The columns of a row image, in the order both sides read and write them.
IMAGE = ("id", "label", "seq", "deleted", *FIELDS[1:], "vector")

_CREATE_LOCK = 0x7469_6572_6D65_6D  # "tiermem": serialises nodes creating the tables at once


def engine_for(url: str) -> sa.Engine:
    """An engine on ``url`` with the psycopg 3 driver (a bare ``postgresql://`` URL gets
    it), and connections checked before use: a node outlives restarts of the server."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return sa.create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=8,
        connect_args={"connect_timeout": 10},
    )


def create_tables(engine: sa.Engine) -> None:
    """Create the tables when missing. An advisory lock makes nodes starting together
    wait for each other: ``CREATE TABLE IF NOT EXISTS`` alone races in PostgreSQL."""
    with engine.begin() as conn:
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_CREATE_LOCK)))
        metadata.create_all(conn, checkfirst=True)
