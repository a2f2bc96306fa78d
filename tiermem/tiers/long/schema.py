"""The SQLite side of a shard: file name, tables, the hot statements and transaction plumbing.

SQLite is the source of truth, so everything that fixes the layout of ``facts.sqlite``
lives here in one place, next to the statements whose query plans ``LongShard.query_plans``
(and the tests) check.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

SCHEMA_VERSION = 1
DB_FILE = "facts.sqlite"

CHUNK = 500  # ids per IN (...) list: far under SQLite's host-parameter limit

FIELDS = (
    "id",
    "memory",
    "hash",
    "user_id",
    "agent_id",
    "run_id",
    "role",
    "metadata",
    "created_at",
    "updated_at",
    "observed_at",
    "sources",
    "reinforcement",
    "strength",
    "last_access",
    "valid_from",
    "valid_to",
    "superseded_by",
    "slot",
)
COLS = ", ".join(f"f.{name}" for name in FIELDS)
CURRENT = "f.valid_to IS NULL AND f.superseded_by IS NULL"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label INTEGER NOT NULL UNIQUE,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    memory TEXT NOT NULL,
    hash TEXT NOT NULL,
    user_id TEXT,
    agent_id TEXT,
    run_id TEXT,
    role TEXT,
    metadata TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    observed_at REAL NOT NULL,
    sources TEXT NOT NULL,
    reinforcement INTEGER NOT NULL,
    strength REAL NOT NULL,
    last_access REAL,
    valid_from REAL,
    valid_to REAL,
    superseded_by TEXT,
    slot TEXT,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS facts_seq ON facts(seq);
CREATE INDEX IF NOT EXISTS facts_hash ON facts(hash);
CREATE INDEX IF NOT EXISTS facts_slot ON facts(slot);
CREATE INDEX IF NOT EXISTS facts_created ON facts(created_at, pk);
CREATE TABLE IF NOT EXISTS retired (label INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS retired_seq ON retired(seq);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_fts USING fts5(
    memory, content='facts', content_rowid='pk',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS facts_vocab USING fts5vocab(facts_fts, 'row');
CREATE TRIGGER IF NOT EXISTS facts_fts_ai AFTER INSERT ON facts BEGIN
    INSERT INTO facts_fts(rowid, memory) VALUES (new.pk, new.memory);
END;
CREATE TRIGGER IF NOT EXISTS facts_fts_ad AFTER DELETE ON facts BEGIN
    INSERT INTO facts_fts(facts_fts, rowid, memory) VALUES ('delete', old.pk, old.memory);
END;
CREATE TRIGGER IF NOT EXISTS facts_fts_au AFTER UPDATE OF memory ON facts BEGIN
    INSERT INTO facts_fts(facts_fts, rowid, memory) VALUES ('delete', old.pk, old.memory);
    INSERT INTO facts_fts(rowid, memory) VALUES (new.pk, new.memory);
END;
"""

# The statements on the hot paths, named so that ``query_plans`` (and the tests) can
# prove each one is answered from an index rather than a table scan.
SQL_BY_ID = f"SELECT {COLS} FROM facts f WHERE f.id = ? AND f.deleted = 0"
SQL_BY_LABELS = "SELECT f.label, {cols} FROM facts f WHERE f.label IN ({marks}) AND f.deleted = 0"
SQL_BY_PKS = "SELECT f.pk, {cols} FROM facts f WHERE f.pk IN ({marks}) AND f.deleted = 0"
SQL_CHANGED = (
    "SELECT label, deleted, (valid_to IS NULL AND superseded_by IS NULL), seq, vector "
    "FROM facts WHERE seq > ? ORDER BY seq"
)
SQL_RETIRED = "SELECT label FROM retired WHERE seq > ?"
SQL_BY_HASH = (
    f"SELECT {COLS} FROM facts f WHERE f.hash = ? AND f.deleted = 0 AND {CURRENT} "
    "ORDER BY f.created_at DESC, f.pk DESC LIMIT 1"
)


def query_plans(conn: sqlite3.Connection) -> dict[str, str]:
    """EXPLAIN QUERY PLAN of the hot statements, keyed by a short name."""
    probes: dict[str, tuple[str, tuple[Any, ...]]] = {
        "by_id": (SQL_BY_ID, ("0" * 32,)),
        "by_labels": (SQL_BY_LABELS.format(cols=COLS, marks="?,?"), (1, 2)),
        "by_pks": (SQL_BY_PKS.format(cols=COLS, marks="?,?"), (1, 2)),
        "changed": (SQL_CHANGED, (0,)),
        "retired": (SQL_RETIRED, (0,)),
        "by_hash": (SQL_BY_HASH, ("x",)),
    }
    out: dict[str, str] = {}
    for name, (sql, params) in probes.items():
        rows = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        out[name] = " | ".join(str(row[-1]) for row in rows)
    return out


def initialize(conn: sqlite3.Connection, *, embedder_identity: str, dim: int) -> dict[str, str]:
    """Set the connection's pragmas, create the tables, and return the stored meta rows.

    The meta rows are only inserted when missing, so the returned values are those the
    database was created with; the caller compares them with its own.
    """
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA busy_timeout=30000")
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in split_sql(SCHEMA):
            conn.execute(statement)
        wanted = {
            "embedder_identity": embedder_identity,
            "dim": str(dim),
            "schema_version": str(SCHEMA_VERSION),
            "db_uuid": uuid.uuid4().hex,
        }
        conn.executemany(
            "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", list(wanted.items())
        )
        stored = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return stored


def begin_read(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN")


def end_read(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")


def data_version(conn: sqlite3.Connection) -> int:
    value: int = conn.execute("PRAGMA data_version").fetchone()[0]
    return value


def _largest(conn: sqlite3.Connection, column: str) -> int:
    """The largest ``column`` ("seq" or "label") in facts and retired together: retired
    rows keep theirs, so neither number is ever handed out twice."""
    row = conn.execute(
        f"SELECT MAX(COALESCE((SELECT MAX({column}) FROM facts), 0),"
        f" COALESCE((SELECT MAX({column}) FROM retired), 0))"
    ).fetchone()
    value: int = row[0]
    return value


def max_seq(conn: sqlite3.Connection) -> int:
    return _largest(conn, "seq")


def next_label(conn: sqlite3.Connection) -> int:
    return _largest(conn, "label") + 1


def split_sql(script: str) -> list[str]:
    """Statements of a script, keeping trigger bodies whole (their ';' end with END;)."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        text = "\n".join(current).strip()
        if sqlite3.complete_statement(text):
            statements.append(text)
            current = []
    return statements
