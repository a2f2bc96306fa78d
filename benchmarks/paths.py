"""Where the benchmark data and results live.

The data sets are shared between checkouts and must never be copied into the repo, so
they are found next to it (``<repo>/../shared/data``). ``TIERMEM_BENCH_DATA`` overrides
that; this is the only module that reads the environment, so a run is reproducible from
its recorded paths.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = REPO_ROOT / "benchmarks"
RESULTS_DIR = BENCH_DIR / "results"
MEM0_VENV = REPO_ROOT / ".venv-mem0"

DATA_ENV = "TIERMEM_BENCH_DATA"


def data_dir() -> Path:
    """The shared data folder (env override first, then the sibling ``shared/data``)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return REPO_ROOT.parent / "shared" / "data"


def locomo_file() -> Path:
    return data_dir() / "locomo" / "locomo10.json"


def goodai_definitions_dir() -> Path:
    return data_dir() / "goodai_ltm" / "definitions"
