"""Running ``tiermem``'s command line inside the test process, on a chosen data dir.

In-process calls keep the embedding model loaded between calls, so a test can make
dozens of them; ``test_cli.tiermem`` runs the real command in a subprocess instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tiermem.cli import main

InProcess = Callable[..., tuple[int, str, str]]


def in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    """``run(data_dir, *argv)`` -> (exit status, stdout, stderr), with ``TIERMEM_LLM=none``
    and no other ``TIERMEM_*`` setting from the environment."""
    for name in list(os.environ):
        if name.startswith("TIERMEM_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIERMEM_LLM", "none")

    def run(data_dir: Path, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv("TIERMEM_DATA_DIR", str(data_dir))
        capsys.readouterr()
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run
