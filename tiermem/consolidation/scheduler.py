"""APScheduler wiring: the three passes as interval jobs, in-process or in `tiermem worker`.

Jobs coalesce missed runs (a laptop that slept runs each pass once, not fifty times) and
never overlap themselves; across processes the per-tenant lease keeps workers apart.
"""

from __future__ import annotations

import contextlib
import logging

from apscheduler.schedulers.background import BackgroundScheduler as _APBackground
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from tiermem.config import TiermemConfig
from tiermem.consolidation.engine import Engine

log = logging.getLogger("tiermem")


def _job(engine: Engine, passes: tuple[str, ...]) -> None:
    try:
        report = engine.run(passes=passes)
        if report.actions:
            log.info("consolidation %s: %s", "+".join(passes), report.actions)
    except Exception:  # a failed run must not kill the scheduler; the next run retries
        log.exception("consolidation run %s failed", "+".join(passes))


def add_jobs(scheduler: BaseScheduler, engine: Engine, config: TiermemConfig) -> None:
    intervals = {
        "short_to_mid": config.short_to_mid_interval_s,
        "mid_to_long": config.mid_to_long_interval_s,
        "decay": config.decay_interval_s,
    }
    for name, seconds in intervals.items():
        scheduler.add_job(
            _job,
            "interval",
            args=[engine, (name,)],
            seconds=seconds,
            id=name,
            coalesce=True,  # a sleeping laptop runs each pass once on waking, not fifty times
            max_instances=1,
            misfire_grace_time=None,
        )


class BackgroundScheduler:
    """In-process consolidation for ``Memory(background=True)``."""

    def __init__(self, engine: Engine, config: TiermemConfig) -> None:
        self._scheduler = _APBackground(daemon=True)
        add_jobs(self._scheduler, engine, config)

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)

    @property
    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()]


def run_worker(engine: Engine, config: TiermemConfig) -> None:
    """Blocking loop for `tiermem worker`; returns on SIGINT/SIGTERM."""
    scheduler = BlockingScheduler()
    add_jobs(scheduler, engine, config)
    _job(engine, ("short_to_mid", "mid_to_long", "decay"))  # catch up at start
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
