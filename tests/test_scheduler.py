"""Scheduled consolidation: in-process (APScheduler) and the `tiermem worker` process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tiermem import Memory


def wait_for(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


FAST = {
    "llm": "none",
    "policy": "heuristic",
    "promote_min_age_s": 0,
    "short_to_mid_interval_s": 0.5,
    "mid_to_long_interval_s": 0.5,
    "decay_interval_s": 5,
}


def test_background_scheduler_moves_memories(tmp_path: Path) -> None:
    memory = Memory({"data_dir": str(tmp_path / "bg"), **FAST}, background=True)
    try:
        assert memory._scheduler is not None
        assert sorted(memory._scheduler.job_ids) == [
            "decay",
            "heartbeat",
            "mid_to_long",
            "short_to_mid",
        ]
        mid_ = memory.add("I keep my bike in the blue shed", user_id="alice")["results"][0]["id"]
        assert wait_for(lambda: (memory.get(mid_) or {}).get("tier") == "long")
    finally:
        memory.close()
    assert not memory._scheduler._scheduler.running


def test_worker_process_consolidates_and_stops_on_sigterm(tmp_path: Path) -> None:
    data = tmp_path / "worker"
    env = {**os.environ, "TIERMEM_DATA_DIR": str(data)}
    env.update({f"TIERMEM_{k.upper()}": str(v) for k, v in FAST.items()})
    with Memory({"data_dir": str(data), **FAST}) as memory:
        mid_ = memory.add("The spare key is under the blue pot", user_id="bob")["results"][0]["id"]
        worker = subprocess.Popen(
            [sys.executable, "-m", "tiermem", "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert wait_for(lambda: (memory.get(mid_) or {}).get("tier") == "long", 120)
        finally:
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=60)
        assert worker.returncode == 0, output
        # The catch-up run at start moved the fact, and the heuristic worker never loaded
        # an LLM (the policies that need none never pay for one).
        assert re.search(
            r"consolidation short_to_mid\+mid_to_long\+decay: \{[^}]*'PROMOTE': 1\b", output
        ), output
        assert "tiermem LLM" not in output and "failed" not in output, output
        # The server is shared: the worker leaving did not take Redis down under us.
        assert memory.get(mid_) is not None
