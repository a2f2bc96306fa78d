"""`make demo` / `python -m tiermem demo`, run for real in a subprocess: its own
redis-server, the packaged embedder and (for the default ``llm`` policy) whichever LLM
``auto`` finds, in a temp data dir that is gone when it ends."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def run_demo(tmp_path: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIERMEM_")}
    env.update(
        TMPDIR=str(tmp_path),  # where the demo's temp data dir is made
        COLUMNS="200",  # wide enough that rich folds no table cell we look for
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
    )
    done = subprocess.run(
        [sys.executable, "-m", "tiermem", "demo", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert not list(tmp_path.glob("tiermem-demo-*"))  # the data dir went with the demo
    return done.stdout


def row(output: str, *cells: str) -> bool:
    """Some table row holds every one of ``cells``, each as a whole cell."""
    for line in output.splitlines():
        found = [c.strip() for c in line.split("│")]
        if all(cell in found for cell in cells):
            return True
    return False


def section(output: str, title: str, next_title: str) -> str:
    start = output.index(title)
    return output[start : output.index(next_title, start)]


@pytest.mark.parametrize("policy", ["heuristic", "llm"])
def test_demo(tmp_path: Path, policy: str) -> None:
    out = run_demo(tmp_path, "--policy", policy) if policy != "llm" else run_demo(tmp_path)
    assert f"tiermem demo (policy={policy}, data in a temp dir)" in out
    titles = [
        "what each tier holds, after the adds (before the last consolidation)",
        "search before consolidation",
        "day 12 run 1: consolidation",
        "what each tier holds, after consolidation",
        "search after consolidation",
        "history of",
        "profile(user_id='alice'):",  # titles wrap at a space when a table is narrow
        "timeline(user_id='alice',",
    ]
    at = [out.find(t) for t in titles]
    assert -1 not in at and at == sorted(at), dict(zip(titles, at, strict=True))

    # After consolidation everything reached the long tier, and the move was seen.
    tiers = section(out, titles[3], titles[4])
    assert row(tiers, "alice", "long", "Hi! I'm Alice and I live in Paris.", "superseded")
    assert " short " not in tiers and " mid " not in tiers
    history = section(out, titles[5], titles[6])
    assert row(history, "SUPERSEDE")

    # The profile: one current value per attribute, with what it replaced.
    profile = section(out, titles[6], titles[7])
    assert row(profile, "home", "berlin", "paris")
    assert row(profile, "dentist", "dr kim", "dr alves")
    assert row(profile, "job", "nurse")

    # The dentist's timeline: Dr Alves until the change, Dr Kim since, and current.
    timeline = out[out.index(titles[7]) :]
    assert row(timeline, "dr alves", "2025-01-01", "2025-01-10", "False", "My dentist is Dr Alves.")
    assert row(timeline, "dr kim", "2025-01-10", "True")

    # It ends with the LLM summary line, and nothing after it.
    last = out.rstrip().splitlines()[-1]
    if policy == "heuristic":
        assert last == "policy=heuristic: no LLM is configured, so no LLM calls were made."
    else:
        calls = re.fullmatch(r"policy=llm: (\d+) real LLM calls \(.*\)\.", last)
        assert calls is not None and int(calls.group(1)) > 0, last
