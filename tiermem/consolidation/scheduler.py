"""APScheduler wiring: the three passes as interval jobs, in-process or in `tiermem worker`.

Jobs coalesce missed runs (a laptop that slept runs each pass once, not fifty times) and
never overlap themselves; across processes the per-tenant lease keeps workers apart.

Logging: a job logs only when it moved something or failed. APScheduler's own INFO line
per run ("Running job ...", "... executed successfully") would say every minute that
nothing happened, so its loggers are set to WARNING unless the application set a level.
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
_CHATTY_LOGGERS = ("apscheduler.executors", "apscheduler.scheduler")


def _quiet_apscheduler() -> None:
    """WARNING for APScheduler's per-run and per-start INFO lines; an application that
    configured these loggers itself keeps its level."""
    for name in _CHATTY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.WARNING)


def intervals(config: TiermemConfig) -> dict[str, float]:
    """Seconds between runs of each pass, by pass name (the job ids and names)."""
    return {
        "short_to_mid": config.short_to_mid_interval_s,
        "mid_to_long": config.mid_to_long_interval_s,
        "decay": config.decay_interval_s,
    }


def _job(engine: Engine, passes: tuple[str, ...]) -> None:
    try:
        report = engine.run(passes=passes)
        if report.actions:
            log.info("consolidation %s: %s", "+".join(passes), report.actions)
    except Exception:  # a failed run must not kill the scheduler; the next run retries
        log.exception("consolidation run %s failed", "+".join(passes))


def add_jobs(scheduler: BaseScheduler, engine: Engine, config: TiermemConfig) -> None:
    """One interval job per pass, id and name both the pass name: APScheduler names a
    job after its function otherwise, and all three would read ``_job`` in its logs."""
    _quiet_apscheduler()
    for name, seconds in intervals(config).items():
        scheduler.add_job(
            _job,
            "interval",
            args=[engine, (name,)],
            seconds=seconds,
            id=name,
            name=name,
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
    """Blocking loop for `tiermem worker`; returns on SIGINT/SIGTERM.

    Says once where it works and how often each pass runs, and once that it stopped:
    the first question about a silent worker is whether it runs, and on which data.
    """
    scheduler = BlockingScheduler()
    add_jobs(scheduler, engine, config)
    every = ", ".join(f"{name} every {_seconds(s)}" for name, s in intervals(config).items())
    redis = "an external Redis" if config.redis_url else "the embedded Redis"
    log.info(
        "tiermem worker started: data dir %s (%s), policy %s; %s",
        config.data_dir,
        redis,
        config.policy,
        every,
    )
    try:
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            _job(engine, ("short_to_mid", "mid_to_long", "decay"))  # catch up at start
            scheduler.start()
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)  # let a running pass finish before the stores close
        log.info("tiermem worker stopped")


def _seconds(value: float) -> str:
    return f"{value:g} s"
