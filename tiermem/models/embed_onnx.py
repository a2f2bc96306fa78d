"""The ONNX Runtime backend: the same MiniLM, tokenized by ``tokenizers`` and run by
ONNX Runtime, pooled and normalised in numpy as sentence-transformers does
(Transformer -> mean Pooling -> Normalize). No torch in this process.

Texts are sorted by length and run in batches padded to their longest member, so a
batch of short sentences costs short sentences; the order is restored before
returning. The int8 model runs each text alone: dynamic quantization scales a batch's
activations together, so a text's vector moved with its neighbours in the batch (cosine
down to 0.987 against the same text alone), and a memory's vector must not depend on
what was added with it. Alone costs ~1.5x the batched time (100 sentences: 173 ms
against 113 ms).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from tiermem.errors import InvalidInputError
from tiermem.models import onnx_build
from tiermem.types import Matrix

DEFAULT_MAX_TOKENS = 256


def supported(model_path: Path) -> bool:
    """A folder this backend reproduces exactly: one transformer, mean pooling over
    the token embeddings, then normalisation (the packaged MiniLM's layout)."""
    try:
        modules = json.loads((model_path / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling = json.loads(
            (model_path / modules[1]["path"] / "config.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    mean_only = pooling.get("pooling_mode_mean_tokens") is True and not any(
        pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens")
    )
    mean_only = mean_only or pooling.get("pooling_mode") == "mean"
    tokenizer = (model_path / "tokenizer.json").is_file()
    return kinds == ["Transformer", "Pooling", "Normalize"] and mean_only and tokenizer


class OnnxEncoder:
    def __init__(self, model_path: Path, cache_dir: Path, *, quantized: bool, threads: int) -> None:
        if not supported(model_path):
            raise InvalidInputError(
                f"the ONNX backend runs transformer + mean pooling + normalize models with a "
                f"tokenizer.json; {model_path} is not one: use embedder_backend='torch'"
            )
        import onnxruntime
        from tokenizers import Tokenizer

        onnx_file = onnx_build.built_model(model_path, cache_dir, quantized=quantized)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=_max_tokens(model_path))
        self.tokenizer.no_padding()
        self.file = onnx_file
        self.quantized = quantized
        # MPNet-style models take no token types: their exported graph has no such input
        self._inputs = {node.name for node in self.session.get_inputs()}

    def encode(self, texts: list[str], batch_size: int) -> Matrix:
        if self.quantized:
            batch_size = 1
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda n: len(encodings[n].ids))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        rows: dict[int, np.ndarray[Any, Any]] = {}
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            pooled = self._run([encodings[n] for n in chosen])
            for n, row in zip(chosen, pooled, strict=True):
                rows[n] = row
        out = np.stack([rows[n] for n in range(len(texts))]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: Matrix = np.ascontiguousarray(out / np.maximum(norms, 1e-12))
        return result

    def _run(self, batch: list[Any]) -> np.ndarray[Any, Any]:
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        types = np.zeros((len(batch), width), dtype=np.int64)
        for row, enc in enumerate(batch):
            n = len(enc.ids)
            ids[row, :n] = enc.ids
            mask[row, :n] = enc.attention_mask
            types[row, :n] = enc.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        tokens = self.session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        summed = (tokens * weights).sum(axis=1)
        pooled: np.ndarray[Any, Any] = summed / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled


def _max_tokens(model_path: Path) -> int:
    try:
        config = json.loads((model_path / "sentence_bert_config.json").read_text("utf-8"))
        return int(config.get("max_seq_length", DEFAULT_MAX_TOKENS))
    except (OSError, ValueError, TypeError):
        return DEFAULT_MAX_TOKENS
