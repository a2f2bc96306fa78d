"""Flat dense baseline: every raw observation in one hnswlib cosine index per user.

This is what "memory" means in most chatbot demos: embed everything, return the
nearest k. No consolidation, no recency, no notion of an outdated fact; the harness uses
it as the floor a tiered memory must beat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import hnswlib
import numpy as np
import numpy.typing as npt

from benchmarks.systems import embedding
from benchmarks.systems.base import BaseSystem, Hit, Item

_INITIAL_CAPACITY = 1024


class _UserIndex:
    def __init__(self) -> None:
        self.index = hnswlib.Index(space="cosine", dim=embedding.DIM)
        self.index.init_index(max_elements=_INITIAL_CAPACITY, ef_construction=200, M=16)
        self.texts: list[str] = []
        self.sources: list[frozenset[str]] = []

    def add(self, vectors: npt.NDArray[np.float32], texts: list[str], sources: list[list[str]]):
        needed = len(self.texts) + len(texts)
        capacity = self.index.get_max_elements()
        if needed > capacity:
            self.index.resize_index(max(needed, 2 * capacity))
        labels = np.arange(len(self.texts), needed)
        self.index.add_items(vectors, labels)
        self.texts.extend(texts)
        self.sources.extend(frozenset(s) for s in sources)

    def search(self, vector: npt.NDArray[np.float32], k: int) -> list[Hit]:
        count = min(k, len(self.texts))
        if count == 0:
            return []
        # A generous ef keeps the approximate search exact at these index sizes, so the
        # baseline is plain cosine top-k and not an artefact of HNSW.
        self.index.set_ef(max(256, 4 * count))
        labels, distances = self.index.knn_query(vector, k=count)
        return [
            Hit(self.texts[label], self.sources[label], score=1.0 - float(dist))
            for label, dist in zip(labels[0], distances[0], strict=True)
        ]


class FlatDense(BaseSystem):
    name = "flat_dense"

    def __init__(self) -> None:
        embedding.get_model()
        self._users: dict[str, _UserIndex] = {}

    def _user(self, user: str) -> _UserIndex:
        if user not in self._users:
            self._users[user] = _UserIndex()
        return self._users[user]

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None:
        self._user(user).add(embedding.embed([text]), [text], [source_ids])

    def add_batch(self, user: str, items: Sequence[Item]) -> None:
        """One encode call for the whole batch: the embedding is the whole cost here."""
        if items:
            texts = [i.text for i in items]
            self._user(user).add(embedding.embed(texts), texts, [i.source_ids for i in items])

    def search(self, user: str, query: str, k: int) -> list[Hit]:
        index = self._users.get(user)
        if index is None:
            return []
        return index.search(embedding.embed([query]), k)

    def stats(self) -> dict[str, Any]:
        return {"memories": sum(len(u.texts) for u in self._users.values()), "llm_calls": 0}
