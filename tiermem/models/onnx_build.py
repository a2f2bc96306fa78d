"""Build the ONNX copy of a sentence-transformers model, once, from its own weights.

The ONNX backend runs without torch; torch is needed only to write the graph. So the
export runs in a child process (``python -m tiermem.models.onnx_build``): the process
that serves memories never imports torch, and keeps its memory small. The result is
cached under ``cache_dir`` in a folder named by a digest of the weights and of the
build settings, so a changed model or tiermem's export recipe builds anew; nothing is
downloaded. Writes go to a temporary folder renamed into place, so two processes
building at once, or a build killed halfway, never leave a half-written model.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tiermem.errors import InvalidInputError

RECIPE = 2  # bump when the export below changes: cached builds are then rebuilt
OPSET = 17
FP32 = "model.onnx"
INT8 = "model.int8.onnx"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tiermem" / "onnx"


def _digest(model_path: Path) -> str:
    """Of the files that decide the embeddings: weights, model and tokenizer configs."""
    h = hashlib.sha256(f"recipe={RECIPE};opset={OPSET}".encode())
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json"):
        part = model_path / name
        if part.is_file():
            h.update(name.encode() + part.read_bytes())
    weights = model_path / "model.safetensors"
    if not weights.is_file():
        weights = model_path / "pytorch_model.bin"
    if not weights.is_file():
        raise InvalidInputError(f"no model weights in {model_path} to build an ONNX model from")
    stat = weights.stat()  # a 90 MB file: its size, time and head tell a changed copy apart
    with weights.open("rb") as handle:
        h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode() + handle.read(1 << 20))
    return h.hexdigest()[:16]


def built_model(model_path: Path, cache_dir: Path, *, quantized: bool) -> Path:
    """The cached ONNX file for ``model_path``, building it first if needed."""
    folder = cache_dir / f"{model_path.name}-{_digest(model_path)}"
    wanted = folder / (INT8 if quantized else FP32)
    if wanted.is_file():
        return wanted
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tiermem.models.onnx_build", str(model_path), str(staging)],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise InvalidInputError(
                f"could not build the ONNX model from {model_path}: {' / '.join(tail)}"
            )
        try:
            staging.rename(folder)  # atomic: a reader sees no folder or a complete one
        except OSError:  # another process built it first: theirs is as good
            if not wanted.is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return wanted


def export(model_path: Path, out: Path) -> None:
    """In the child process: the transformer as ONNX (token ids -> token embeddings), and
    its int8 dynamically quantized copy. Pooling and normalising stay in numpy."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    class TokenEmbeddings(torch.nn.Module):
        """Named inputs in, the last hidden state out: the Transformer module's job."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_path))

        def forward(
            self, input_ids: object, attention_mask: object, token_type_ids: object
        ) -> object:
            found = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return found.last_hidden_state

    model = TokenEmbeddings().eval()
    ids = torch.ones((2, 8), dtype=torch.long)
    inputs = (ids, torch.ones_like(ids), torch.zeros_like(ids))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    with torch.no_grad():
        torch.onnx.export(
            model,
            inputs,
            str(out / FP32),
            input_names=names,
            output_names=["token_embeddings"],
            dynamic_axes={**axes, "token_embeddings": {0: "batch", 1: "tokens"}},
            opset_version=OPSET,
            dynamo=False,
        )
    quantize_dynamic(  # per channel, MatMul weights only: cosine to fp32 ~0.99 on MiniLM,
        str(out / FP32),  # where quantizing every op per tensor gave 0.94-0.98
        str(out / INT8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
    )
    (out / "build.json").write_text(
        json.dumps({"source": str(model_path), "recipe": RECIPE, "opset": OPSET}) + "\n"
    )


if __name__ == "__main__":
    export(Path(sys.argv[1]), Path(sys.argv[2]))
