"""``steward run``: the full cycle (ingest, clock, replies, digest, outbox) on an
APScheduler interval until SIGTERM or SIGINT.

The scheduler job is thin (it calls the runner); ``max_instances=1`` and ``coalesce=True``
mean a slow cycle is never run twice at once and missed runs collapse into one. On a signal
the stop flag is set: the runner finishes the message in hand, commits its batch and returns.
"""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from daemon.app import App
from daemon.log import get_logger


def run_forever(app: App, stop: threading.Event | None = None) -> int:
    stop = stop or threading.Event()
    cycle_runner = app.cycle(stop=stop)
    interval = app.settings.ingest.interval_seconds
    log = get_logger()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("service.stopping", signal=signal.Signals(signum).name)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

    def cycle() -> None:
        try:
            cycle_runner.run()
        except Exception:  # noqa: BLE001 - the daemon outlives any one cycle
            log.exception("cycle.crashed")

    scheduler = BackgroundScheduler(timezone=app.settings.school.tz)
    scheduler.add_job(
        cycle,
        "interval",
        seconds=interval,
        id="ingest",
        next_run_time=app.clock.now(),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=max(interval, 30),
    )
    log.info("service.started", interval_seconds=interval)
    scheduler.start()
    try:
        while not stop.wait(timedelta(seconds=1).total_seconds()):
            pass
    finally:
        scheduler.shutdown(wait=True)  # lets a running cycle finish its batch
        log.info("service.stopped")
    return 0
