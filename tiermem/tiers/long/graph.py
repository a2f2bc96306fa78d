"""The vector index: a cache of the vectors SQLite holds, never their only copy.

An exact ``FlatIndex`` while the shard is small, an hnswlib graph past ``FLAT_LIMIT``.
Building, growing and searching the index, and checking a vector before it is stored. The
functions take the graph and the label sets explicitly; ``LongShard`` owns them and calls
these under its lock.
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any, NamedTuple

import hnswlib
import numpy as np

from tiermem.errors import InvalidInputError
from tiermem.tiers.long.flat import FlatIndex
from tiermem.tiers.long.schema import begin_read, end_read, max_seq
from tiermem.types import Vector

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 100
HNSW_EF_SEARCH = 96
DEFAULT_CAPACITY = 64  # grows by doubling; thousands of small tenants must stay small
FLAT_LIMIT = 4096  # up to this many vectors a shard is searched exactly (see flat.py)
REBUILD_BATCH = 4096


class IndexState(NamedTuple):
    """A graph together with the change seq it reflects and its live/superseded labels."""

    index: Any
    seq: int
    live: set[int]
    stale: set[int]


def new_index(dim: int, count: int, ef: int, *, flat_limit: int = FLAT_LIMIT) -> Any:
    """An index with room for ``count`` vectors and more: an exact ``FlatIndex`` while
    ``count`` is within ``flat_limit`` (0: never flat), else a graph."""
    room = next_capacity(count)
    if flat_limit > 0 and count <= flat_limit:
        return FlatIndex(dim, min(room, flat_limit))
    return new_graph(dim, max(room, DEFAULT_CAPACITY), ef)


def new_graph(dim: int, capacity: int, ef: int) -> Any:
    index = hnswlib.Index(space="cosine", dim=dim)
    index.init_index(max_elements=capacity, M=HNSW_M, ef_construction=HNSW_EF_CONSTRUCTION)
    index.set_ef(ef)
    return index


def is_graph(index: Any) -> bool:
    """True for an hnswlib graph (snapshotted to disk), False for a flat index (rebuilt
    from SQLite when the shard opens: reading a few thousand vectors is as quick)."""
    return not isinstance(index, FlatIndex)


def next_capacity(count: int) -> int:
    """Room for ``count`` plus a quarter, rounded up to a power of two (at least 16)."""
    return max(16, 1 << math.ceil(math.log2(max(count, 1) * 1.25)))


def rebuild(
    conn: sqlite3.Connection, *, dim: int, ef: int, flat_limit: int = FLAT_LIMIT
) -> IndexState:
    """A fresh index holding every live vector in SQLite (also compacts deletions)."""
    begin_read(conn)
    try:
        count = conn.execute("SELECT COUNT(*) FROM facts WHERE deleted = 0").fetchone()[0]
        index = new_index(dim, count, ef, flat_limit=flat_limit)
        seq = max_seq(conn)
        live: set[int] = set()
        stale: set[int] = set()
        cursor = conn.execute(
            "SELECT label, (valid_to IS NULL AND superseded_by IS NULL), vector "
            "FROM facts WHERE deleted = 0"
        )
        while batch := cursor.fetchmany(REBUILD_BATCH):
            labels = [row[0] for row in batch]
            matrix = np.vstack([np.frombuffer(row[2], dtype=np.float32) for row in batch])
            index.add_items(matrix, labels)
            live.update(labels)
            stale.update(row[0] for row in batch if not row[1])
    finally:
        end_read(conn)
    return IndexState(index, seq, live, stale)


def add_vectors(
    index: Any, adds: list[tuple[int, bytes]], *, ef: int, flat_limit: int = FLAT_LIMIT
) -> tuple[Any, list[int]]:
    """Add ``(label, float32 blob)`` pairs, growing the index first if needed; the index
    (a new graph when a flat one outgrows ``flat_limit``) and the labels added."""
    needed = index.get_current_count() + len(adds)
    if isinstance(index, FlatIndex) and needed > flat_limit:
        labels, vectors = index.live_items()
        index = new_graph(index.dim, next_capacity(len(labels) + len(adds)), ef)
        if labels:
            index.add_items(vectors, labels)
    capacity = index.get_max_elements()
    if needed > capacity:
        index.resize_index(max(capacity * 2, next_capacity(needed)))
    matrix = np.vstack([np.frombuffer(blob, dtype=np.float32) for _, blob in adds])
    labels = [label for label, _ in adds]
    index.add_items(matrix, labels)
    return index, labels


def search(
    index: Any, query: Vector, fetch: int, *, ef: int, live: set[int]
) -> tuple[list[int], list[float]]:
    """hnswlib search, falling back to an exact scan when deletions starve the graph."""
    try:
        index.set_ef(max(ef, fetch))
        labels, distances = index.knn_query(query, k=fetch)
        return (
            [int(x) for x in labels[0]],
            [float(min(1.0, max(-1.0, 1.0 - d))) for d in distances[0]],
        )
    except RuntimeError:
        pass
    finally:
        index.set_ef(ef)
    ordered = sorted(live)
    matrix = np.asarray(index.get_items(ordered), dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1) * max(float(np.linalg.norm(query)), 1e-12)
    sims = (matrix @ query) / np.maximum(norms, 1e-12)
    top = np.argsort(-sims)[:fetch]
    return [ordered[i] for i in top], [float(sims[i]) for i in top]


def nearest(
    index: Any,
    query: Vector,
    want: int,
    *,
    ef: int,
    live: set[int],
    stale: set[int],
    include_superseded: bool,
) -> list[tuple[int, float]]:
    """The ``want`` best live labels for ``query`` as ``(label, cosine)``, best first.

    hnswlib cannot skip superseded facts, so unless they are wanted the search fetches
    past them, widening until enough current ones are found (or every live label is).
    """
    count = len(live)
    if include_superseded:
        fetch = want
    else:
        # Enough that `want` current ones are guaranteed, when that is cheap;
        # otherwise grow geometrically until they are found.
        exact = want + len(stale)
        fetch = exact if exact <= 4 * want + 64 else min(count, 2 * want + 16)
    while True:
        fetch = min(fetch, count)
        labels, sims = search(index, query, fetch, ef=ef, live=live)
        picked = [
            (label, sim)
            for label, sim in zip(labels, sims, strict=True)
            if label in live and (include_superseded or label not in stale)
        ][:want]
        if len(picked) >= want or fetch >= count:
            break
        fetch *= 4
    return picked


def checked_vector(vector: object, dim: int) -> Vector:
    """A float32 copy of a finite vector of the right dimension (checked before writing)."""
    try:
        array = np.asarray(vector, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"vector must be numeric: {exc}") from exc
    if array.ndim == 2 and array.shape[0] == 1:
        array = array[0]
    if array.shape != (dim,):
        raise InvalidInputError(
            f"vector has shape {array.shape}; this shard stores ({dim},) vectors"
        )
    if not bool(np.all(np.isfinite(array))):
        raise InvalidInputError("vector contains NaN or infinity")
    if not bool(np.any(array)):
        raise InvalidInputError("vector is all zeros: it has no direction to compare")
    return np.ascontiguousarray(array)
