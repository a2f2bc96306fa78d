"""tiermem itself behind the harness's System protocol.

Time is simulated: one ManualClock is moved to each observation's dataset timestamp
before ``add`` and to the tick time before ``consolidate``, so decay and recency see
the months a conversation spans rather than the seconds the replay takes.

Provenance: ``add`` returns the new observation ids; a search hit lists the observation
ids it came from in ``sources``. The adapter keeps observation id -> dataset turn ids,
so a merged fact is credited with every turn behind it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.systems.base import BaseSystem, Hit, SystemUnavailable
from benchmarks.uncertainty import throughput_interval


class TiermemSystem(BaseSystem):
    def __init__(
        self,
        policy: str = "heuristic",
        work_dir: Path | None = None,
        overrides: dict[str, Any] | None = None,
        name: str | None = None,
    ) -> None:
        """``policy``: a built-in name or a policy class's dotted path (checked here, so
        a typo is an error, not a skipped system); ``overrides``: config fields."""
        try:
            from tiermem.clock import ManualClock
            from tiermem.consolidation.policies import policy_class
            from tiermem.memory import Memory
        except ImportError as exc:
            raise SystemUnavailable(f"tiermem.Memory cannot be imported: {exc}") from exc
        uses_llm = bool(getattr(policy_class(policy), "uses_llm", False))
        self.name = name or f"tiermem-{policy}"
        self.policy = policy
        self.settings = dict(overrides or {})
        self._own_dir = work_dir is None
        self._dir = Path(work_dir or tempfile.mkdtemp(prefix="bench-tiermem-"))
        config: dict[str, Any] = {
            "data_dir": str(self._dir),
            "policy": policy,
            "llm": "embedded" if uses_llm else "none",
            "background": False,
        }
        if uses_llm:
            # The harness runs one system at a time, so the model may have both cores
            # (the library default of one thread is for a box that is also serving).
            config["llm_threads"] = 2
        config.update(self.settings)
        # Simulated time starts at the data's first timestamp: a clock that started
        # anywhere later would hold "now" there until the data caught up, so every
        # observation would look old at once (aged by recency, promoted, decayed).
        self.clock = ManualClock(start=0.0)
        try:
            self.memory = Memory.from_config(config, clock=self.clock)
        except Exception as exc:
            if self._own_dir:
                shutil.rmtree(self._dir, ignore_errors=True)
            raise SystemUnavailable(f"tiermem failed to start: {exc}") from exc
        self._turns: dict[str, frozenset[str]] = {}  # observation id -> dataset turn ids
        self._consolidation: Counter[str] = Counter()
        self._actions: Counter[str] = Counter()
        self._ticks = 0
        self._ticks_done: list[tuple[int, float]] = []  # (observations in, seconds) per tick

    def add(self, user: str, text: str, timestamp: float, source_ids: list[str]) -> None:
        self.clock.set(max(self.clock.now, timestamp))
        out = self.memory.add(
            text, user_id=user, metadata={"source_ids": list(source_ids)}, timestamp=timestamp
        )
        for result in out.get("results", []):
            self._turns[str(result["id"])] = frozenset(source_ids)

    def tick(self, now: float) -> None:
        self.clock.set(max(self.clock.now, now))
        report = self.memory.consolidate(now=self.clock.now)
        self._ticks += 1
        data = dict(report)
        for key in (
            "observations_in",
            "facts_out",
            "llm_calls",
            "llm_prompt_tokens",
            "llm_completion_tokens",
            "dead_letters",
            "duration_s",
        ):
            self._consolidation[key] += data.get(key, 0) or 0
        # Every run, empty ones too: the rate in the report is over all of them.
        self._ticks_done.append((int(data.get("observations_in") or 0), float(data["duration_s"])))
        self._actions.update({str(k): int(v) for k, v in (data.get("actions") or {}).items()})

    def _sources(self, result: dict[str, Any]) -> frozenset[str]:
        turns: set[str] = set()
        for obs_id in [result.get("id"), *(result.get("sources") or [])]:
            turns |= self._turns.get(str(obs_id), frozenset())
        meta = result.get("metadata") or {}
        turns.update(str(s) for s in meta.get("source_ids") or [])
        return frozenset(turns)

    def search(self, user: str, query: str, k: int) -> list[Hit]:
        out = self.memory.search(query, user_id=user, limit=k)
        return [
            Hit(
                str(r.get("memory", "")),
                self._sources(r),
                score=float(r.get("score") or 0.0),
                tier=r.get("tier"),
            )
            for r in out.get("results", [])
        ]

    def stats(self) -> dict[str, Any]:
        tiers: Counter[str] = Counter()
        dead = 0
        for counts in self.memory.stats().get("tenants", {}).values():
            for tier in ("short", "mid", "long"):
                tiers[tier] += int(counts.get(tier, 0))
            dead += int(counts.get("dead_letters", 0))
        return {
            "memories": sum(tiers.values()),
            "memories_per_tier": dict(tiers),
            "dead_letters": dead,
            "llm_calls": int(self._consolidation["llm_calls"]),
            "llm_tokens": int(
                self._consolidation["llm_prompt_tokens"]
                + self._consolidation["llm_completion_tokens"]
            ),
            "ticks": self._ticks,
            "consolidation": dict(self._consolidation),
            "consolidation_obs_per_s_ci": throughput_interval(self._ticks_done),
            "actions": dict(self._actions),
        }

    def close(self) -> None:
        self.memory.close()
        if self._own_dir:
            shutil.rmtree(self._dir, ignore_errors=True)
