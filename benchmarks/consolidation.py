"""`python -m benchmarks consolidation`: how fast the passes drain, and what the LLM costs.

Uses LoCoMo turns (CC BY-NC 4.0, non-commercial; see benchmarks/README.md) as realistic
observations. Two figures, each with its bar from the consolidation issue:
- heuristic policy: observations drained per second by one consolidate() (bar: >= 200/s),
- llm policy with the embedded model: LLM calls per 100 observations (bar: <= 20).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.datasets.locomo import load_locomo
from tiermem import ManualClock, Memory
from tiermem.consolidation.report import ConsolidationReport

DAY = 86400.0


def _turns(n: int) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for conv in load_locomo().dev:
        for turn in conv.turns:
            out.append((turn.observation, turn.timestamp))
            if len(out) >= n:
                return out
    return out


def _replay(policy: str, turns: list[tuple[str, float]], **config: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"tiermem-cons-{policy}-") as tmp:
        clock = ManualClock(start=turns[0][1])
        memory = Memory({"data_dir": tmp, "policy": policy, **config}, clock=clock)
        with memory:
            t0 = time.perf_counter()
            for start in range(0, len(turns), 100):
                chunk = turns[start : start + 100]
                memory.add(
                    [{"role": "user", "content": t} for t, _ in chunk],
                    user_id="bench",
                    timestamp=chunk[0][1],
                )
            add_s = time.perf_counter() - t0
            clock.set(max(ts for _, ts in turns) + 30 * DAY)  # conversations interleave dates
            assert memory.engine is not None  # a worker loads its parser once, not per run
            t0 = time.perf_counter()
            report = ConsolidationReport.model_validate(memory.consolidate())
            runs = 1
            while memory.stats()["tenants"]["u=bench"]["short"] and runs < 10:
                clock.advance(3600)
                report.merge(ConsolidationReport.model_validate(memory.consolidate()))
                runs += 1
            seconds = time.perf_counter() - t0
            stats = memory.stats()["tenants"]["u=bench"]
            llm = memory.engine.llm
            return {
                "policy": policy,
                "observations": len(turns),
                "add_s": add_s,
                "consolidate_s": seconds,
                "runs": runs,
                "observations_per_s": len(turns) / seconds,
                "actions": report.actions,
                "llm_calls": llm.usage.calls if llm else 0,
                "llm_failures": llm.usage.failures if llm else 0,
                "llm_calls_per_100_obs": (llm.usage.calls if llm else 0) * 100 / len(turns),
                "tiers_after": stats,
            }


def run(out_dir: Path, quick: bool = False, systems: list[str] | None = None) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    heuristic = _replay("heuristic", _turns(500 if quick else 2000), llm="none")
    llm = _replay("llm", _turns(60 if quick else 200), llm="embedded")
    result = {
        "heuristic": heuristic,
        "llm": llm,
        "quick": quick,
        "data": "LoCoMo (CC BY-NC 4.0), first conversations",
    }
    lines = [
        "# consolidation",
        "",
        "LoCoMo turns (CC BY-NC 4.0, non-commercial use only).",
        "",
        "| policy | observations | consolidate | figure | bar |",
        "|---|---|---|---|---|",
        f"| heuristic | {heuristic['observations']} | {heuristic['consolidate_s']:.2f} s | "
        f"{heuristic['observations_per_s']:.0f} obs/s | >= 200 obs/s |",
        f"| llm (embedded SmolLM2) | {llm['observations']} | {llm['consolidate_s']:.1f} s | "
        f"{llm['llm_calls_per_100_obs']:.1f} LLM calls / 100 obs "
        f"({llm['llm_failures']} failed tries) | <= 20 |",
    ]
    (out_dir / "consolidation.json").write_text(json.dumps(result, indent=2))
    (out_dir / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return result
