"""``FlatIndex``: exact cosine search over a small shard, in hnswlib's shape.

Every hnswlib index carries a fixed table of 65,536 label mutexes (about 2.6 MB) whatever
its size, so a tenant with 100 facts cost 2.6 MB of graph for 150 KB of vectors; a chatbot
backend with thousands of small tenants paid that for each one open. Below a few thousand
vectors an exact scan is as fast as the graph and holds only the vectors, so a shard starts
flat and ``graph.add_vectors`` moves it to hnswlib when it outgrows ``FLAT_LIMIT``.

The methods are the subset of ``hnswlib.Index`` the shard uses, with the same meaning:
labels are the caller's, vectors are stored normalised, a deleted label stays counted in
``element_count`` and is skipped by searches, and asking for more neighbours than there
are live vectors raises ``RuntimeError`` as hnswlib does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiermem.types import Vector


class FlatIndex:
    """Vectors in one growing float32 matrix; a search is one matrix-vector product."""

    def __init__(self, dim: int, capacity: int) -> None:
        self.dim = dim
        self._vectors = np.empty((max(1, capacity), dim), dtype=np.float32)
        self._labels = np.empty(max(1, capacity), dtype=np.uint64)
        self._alive = np.zeros(max(1, capacity), dtype=bool)
        self._row: dict[int, int] = {}
        self.element_count = 0

    def get_current_count(self) -> int:
        return self.element_count

    def get_max_elements(self) -> int:
        return len(self._labels)

    def resize_index(self, capacity: int) -> None:
        if capacity < self.element_count:
            raise RuntimeError("cannot shrink below the current count")
        grown = np.empty((capacity, self.dim), dtype=np.float32)
        grown[: self.element_count] = self._vectors[: self.element_count]
        labels = np.empty(capacity, dtype=np.uint64)
        labels[: self.element_count] = self._labels[: self.element_count]
        alive = np.zeros(capacity, dtype=bool)
        alive[: self.element_count] = self._alive[: self.element_count]
        self._vectors, self._labels, self._alive = grown, labels, alive

    def set_ef(self, ef: int) -> None:
        """Exact search has no accuracy knob."""

    def add_items(self, matrix: Any, labels: list[int]) -> None:
        vectors = np.asarray(matrix, dtype=np.float32).reshape(-1, self.dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.maximum(norms, 1e-12)
        for vector, label in zip(vectors, labels, strict=True):
            row = self._row.get(int(label))
            if row is None:
                if self.element_count == len(self._labels):
                    raise RuntimeError("The number of elements exceeds the specified limit")
                row = self.element_count
                self.element_count += 1
                self._row[int(label)] = row
                self._labels[row] = label
            self._vectors[row] = vector
            self._alive[row] = True

    def mark_deleted(self, label: int) -> None:
        row = self._row.get(int(label))
        if row is None or not self._alive[row]:
            raise RuntimeError("Label not found")
        self._alive[row] = False

    def knn_query(self, query: Vector, k: int = 1) -> tuple[np.ndarray, np.ndarray]:
        used = self.element_count
        alive = np.flatnonzero(self._alive[:used])
        if k > len(alive):
            raise RuntimeError("Cannot return the results in a contiguous 2D array")
        vector = np.asarray(query, dtype=np.float32).reshape(self.dim)
        vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        sims = self._vectors[alive] @ vector
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        top = top[np.argsort(-sims[top], kind="stable")]
        labels = self._labels[alive[top]].reshape(1, -1)
        return labels, (1.0 - sims[top]).astype(np.float32).reshape(1, -1)

    def get_items(self, labels: list[int]) -> list[Vector]:
        return [self._vectors[self._row[int(label)]].copy() for label in labels]

    def get_ids_list(self) -> list[int]:
        return [int(label) for label in self._labels[: self.element_count]]

    def live_items(self) -> tuple[list[int], np.ndarray]:
        """Labels and vectors of the undeleted rows: what a graph built from this holds."""
        alive = np.flatnonzero(self._alive[: self.element_count])
        return [int(label) for label in self._labels[alive]], self._vectors[alive]
