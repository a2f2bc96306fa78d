"""APScheduler wiring: the three passes as interval jobs, in-process or in `tiermem worker`.

Jobs coalesce missed runs (a laptop that slept runs each pass once, not fifty times) and
never overlap themselves; across processes the per-tenant lease keeps workers apart, and
the roster (``roster``) spreads the tenants evenly over the live workers.

Logging: a job logs only when it moved something or failed. APScheduler's own INFO line
per run ("Running job ...", "... executed successfully") would say every minute that
nothing happened, so its loggers are set to WARNING unless the application set a level.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler as _APBackground
from apscheduler.schedulers.base import BaseScheduler

from tiermem.config import TiermemConfig
from tiermem.consolidation.engine import Engine
from tiermem.consolidation.roster import Roster, new_worker_id

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


def _job(engine: Engine, passes: tuple[str, ...], roster: Roster | None = None) -> None:
    try:
        tenants = take = None
        if roster is not None:
            tenants = engine.listed_tenants()
            take = roster.taker(tenants)
        report = engine.run(passes=passes, tenants=tenants, take=take)
        if roster is not None:
            roster.record(report.observations_in)
        if report.actions:
            log.info("consolidation %s: %s", "+".join(passes), report.actions)
    except Exception:  # a failed run must not kill the scheduler; the next run retries
        log.exception("consolidation run %s failed", "+".join(passes))


def roster_for(engine: Engine, config: TiermemConfig) -> Roster:
    """This scheduler's place among the workers: it announces itself at least three
    times per lifetime of an entry, so only a stopped worker drops out."""
    ttl = max(10.0, 3 * min(intervals(config).values()))
    return Roster(engine.stores.client, new_worker_id(), ttl)


def add_jobs(
    scheduler: BaseScheduler, engine: Engine, config: TiermemConfig, roster: Roster
) -> None:
    """One interval job per pass, id and name both the pass name: APScheduler names a
    job after its function otherwise, and all three would read ``_job`` in its logs.
    Plus the roster's heartbeat, between runs that may be an hour apart."""
    _quiet_apscheduler()
    scheduler.add_job(
        roster.heartbeat,
        "interval",
        seconds=roster.ttl_s / 3,
        id="heartbeat",
        name="heartbeat",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    for name, seconds in intervals(config).items():
        scheduler.add_job(
            _job,
            "interval",
            args=[engine, (name,), roster],
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
        self.roster = roster_for(engine, config)
        add_jobs(self._scheduler, engine, config, self.roster)

    def start(self) -> None:
        self.roster.heartbeat()
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
            with contextlib.suppress(Exception):  # the store may be gone already
                self.roster.leave()

    @property
    def job_ids(self) -> list[str]:
        return [job.id for job in self._scheduler.get_jobs()]


def run_worker(engine: Engine, config: TiermemConfig) -> None:
    """Blocking loop for `tiermem worker`; returns on SIGINT/SIGTERM.

    Says once where it works and how often each pass runs, and once that it stopped:
    the first question about a silent worker is whether it runs, and on which data.

    A signal only sets ``stopping``: the jobs run on the scheduler's threads while this
    one waits. An exception raised from the handler instead (SystemExit) lands wherever
    the main thread happens to be, and APScheduler's own loop logs and swallows one
    raised while it hands a job to its pool, so such a worker never stopped.
    """
    stopping = threading.Event()
    previous = _on_stop_signals(stopping)
    scheduler = _APBackground(daemon=True)
    roster = roster_for(engine, config)
    add_jobs(scheduler, engine, config, roster)
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
        roster.heartbeat()
        if not stopping.is_set():
            _job(engine, ("short_to_mid", "mid_to_long", "decay"), roster)  # catch up
        if not stopping.is_set():
            scheduler.start()
            while not stopping.wait(0.5):
                pass
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)  # let a running pass finish before the stores close
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        with contextlib.suppress(Exception):  # the others take over its share at once
            roster.leave()
        log.info("tiermem worker stopped")


def _on_stop_signals(stopping: threading.Event) -> dict[int, Any]:
    """SIGTERM and SIGINT set ``stopping`` (only the main thread can take signals); the
    handlers they had, to put back."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    return {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}


def _seconds(value: float) -> str:
    return f"{value:g} s"
