"""Facts rows <-> ``MemoryItem``, and the chunked ``IN (...)`` fetches that build items.

Both directions follow ``schema.FIELDS``, so the column order is written down once. The
functions take the connection and no lock: the shard calls them under its own lock.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from tiermem.tiers.long.schema import CHUNK, COLS, FIELDS, SQL_BY_LABELS, SQL_BY_PKS
from tiermem.types import MemoryItem

PARSED_CACHE = 4096  # rows whose parsed items are kept, for searches (parsed_row)


def item_values(item: MemoryItem) -> tuple[Any, ...]:
    """The ``FIELDS`` columns of a fact, in order, ready to bind."""
    return (
        item.id,
        item.memory,
        item.hash,
        item.user_id,
        item.agent_id,
        item.run_id,
        item.role,
        json.dumps(item.metadata, ensure_ascii=False),
        item.created_at,
        item.updated_at,
        item.observed_at,
        json.dumps(item.sources, ensure_ascii=False),
        item.reinforcement,
        item.strength,
        item.last_access,
        item.valid_from,
        item.valid_to,
        item.superseded_by,
        item.slot,
    )


def row_item(row: Sequence[Any]) -> MemoryItem:
    """The ``MemoryItem`` of a row selected as ``COLS``; its tier is always "long"."""
    data = dict(zip(FIELDS, row, strict=True))
    data["metadata"] = _json(data["metadata"])
    data["sources"] = _json(data["sources"])
    data["tier"] = "long"
    return MemoryItem.model_validate(data)


@functools.lru_cache(maxsize=PARSED_CACHE)
def parsed_row(row: tuple[Any, ...]) -> MemoryItem:
    """``row_item``, remembered by the row's whole content: searches of one user parse the
    same facts over and over (~5 us each, up to 60 a search), and a changed row is another
    key, so a stale item is never served. The items are shared by every search and
    consolidation pass that meets them: read them, never change them (``model_copy`` is
    how tiermem changes an item)."""
    return row_item(row)


def _json(text: str) -> Any:
    """Most facts carry no metadata and one source: the empty shapes skip the parser."""
    if text == "{}":
        return {}
    if text == "[]":
        return []
    return json.loads(text)


def _rows_keyed(conn: sqlite3.Connection, template: str, keys: list[int]) -> dict[int, MemoryItem]:
    """Facts by an integer key (hnswlib label or SQLite pk), fetched in IN (...) chunks;
    ``template`` selects the key first, then ``COLS``."""
    out: dict[int, MemoryItem] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        sql = template.format(cols=COLS, marks=",".join("?" * len(chunk)))
        for row in conn.execute(sql, chunk):
            out[row[0]] = parsed_row(row[1:])
    return out


def rows_by_labels(conn: sqlite3.Connection, labels: list[int]) -> dict[int, MemoryItem]:
    return _rows_keyed(conn, SQL_BY_LABELS, labels)


def rows_by_pks(conn: sqlite3.Connection, pks: list[int]) -> dict[int, MemoryItem]:
    return _rows_keyed(conn, SQL_BY_PKS, pks)


def rows_by_ids(
    conn: sqlite3.Connection, columns: str, ids: list[str], *, live: bool = True
) -> list[Any]:
    """Rows of the facts among ``ids`` (only live ones unless ``live`` is False: then
    tombstones too), fetched in IN (...) chunks."""
    rows: list[Any] = []
    alive = " AND f.deleted = 0" if live else ""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows += conn.execute(
            f"SELECT {columns} FROM facts f WHERE f.id IN ({','.join('?' * len(chunk))}){alive}",
            chunk,
        ).fetchall()
    return rows
