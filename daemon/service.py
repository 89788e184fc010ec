"""``steward run``: the daemon. Cycles on an APScheduler interval, woken early by IMAP IDLE,
supervised by systemd's notify protocol and watchdog, stopped cleanly by SIGTERM or SIGINT.

Threads and who owns what:

- the scheduler thread runs cycles (ingest, clock, replies, digest, outbox), one at a time
  (``max_instances=1``); a cycle asked for while one runs is run straight after it;
- the IDLE watcher (``daemon.mailbox.watch``) holds its own connection on INBOX and asks for
  a cycle when mail arrives;
- the main thread sleeps a second at a time: it pings the watchdog while cycles make
  progress, re-asks for a cycle a wake-up could not start, and handles the stop.

A lost server is one outage: one warning when it goes, one line when it is back, retries with
exponential backoff and jitter in between (``daemon.outage``). Nothing is skipped: every cycle
reads from the folder checkpoints, which only move after the database commit.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from daemon.app import App
from daemon.log import get_logger
from daemon.mailbox.base import MailSource, MailSourceError
from daemon.mailbox.watch import InboxWatcher
from daemon.outage import Outage
from daemon.sdnotify import Notifier

_JOB = "cycle"
_TICK_SECONDS = 1.0
# Waits between attempts while the mailbox is down: 2 s, 4 s, 8 s... up to 5 minutes.
_BACKOFF_SECONDS = 2.0
_MAX_BACKOFF_SECONDS = 300.0


class Service:
    def __init__(
        self,
        app: App,
        stop: threading.Event | None = None,
        *,
        notifier: Notifier | None = None,
        source_factory: Callable[[], MailSource] | None = None,
        transport_factory: Any = None,
        backoff_seconds: float = _BACKOFF_SECONDS,
        hang_seconds: float | None = None,
    ) -> None:
        self.app = app
        self.stop = stop or threading.Event()
        self.notifier = notifier or Notifier()
        self.outage = Outage("mailbox")
        self._backoff = backoff_seconds
        self._hang_seconds = hang_seconds or app.settings.service.hang_seconds
        self._inner_factory = source_factory or app.imap_factory()
        self._wake = threading.Event()
        self._running = threading.Event()
        self._last_progress = time.monotonic()
        self._last_ping = 0.0
        self._scheduler: BackgroundScheduler | None = None
        self.cycles = 0
        self.last_outcome: Any = None
        kw: dict[str, Any] = {}
        if transport_factory is not None:
            kw["transport_factory"] = transport_factory
        self._cycle = app.cycle(
            source_factory=self._connect,
            stop=self.stop,
            heartbeat=self.progress,
            # The service does the waiting between attempts (with the outage logged once);
            # inside a cycle one quick retry covers a connection dropped mid-batch.
            connect_attempts=2,
            backoff_seconds=backoff_seconds,
            report_outages=False,  # self.outage logs them, once each
            **kw,
        )
        self.watcher: InboxWatcher | None = None
        ingest = app.settings.ingest
        if ingest.idle and "INBOX" in app.settings.mailbox.folders:
            self.watcher = InboxWatcher(
                self._connect,
                self.wake,
                stop=self.stop,
                outage=self.outage,
                renew_seconds=ingest.idle_renew_seconds,
                backoff_seconds=backoff_seconds,
                max_backoff_seconds=_MAX_BACKOFF_SECONDS,
            )

    # -- called from other threads -----------------------------------------------------------

    def wake(self) -> None:
        """Run a cycle as soon as possible (new mail announced)."""
        self._wake.set()
        if not self._running.is_set():
            self._reschedule(0.0)

    def progress(self) -> None:
        """A batch stored or a phase finished: the daemon is not hung."""
        self._last_progress = time.monotonic()

    def request_stop(self, reason: str) -> None:
        if not self.stop.is_set():
            get_logger().info("service.stopping", reason=reason)
            self.notifier.stopping("stopping: finishing the batch in hand")
        self.stop.set()

    # -- the main loop -----------------------------------------------------------------------

    def run(self) -> int:
        log = get_logger()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)
        interval = self.app.settings.ingest.interval_seconds
        scheduler = BackgroundScheduler(timezone=self.app.settings.school.tz)
        scheduler.add_job(
            self._cycle_job,
            "interval",
            seconds=interval,
            id=_JOB,
            next_run_time=self._real_now(),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(interval, 30),
        )
        self._scheduler = scheduler
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        scheduler.start()
        if self.watcher is not None:
            self.watcher.start()
        log.info(
            "service.started",
            interval_seconds=interval,
            idle=self.watcher is not None,
            watchdog_seconds=self.notifier.watchdog_seconds,
        )
        self.notifier.ready(f"polling every {interval} s")
        watchdog = self.notifier.watchdog_seconds
        tick = min(_TICK_SECONDS, watchdog / 4) if watchdog else _TICK_SECONDS
        try:
            while not self.stop.wait(tick):
                self._tick()
        finally:
            self.notifier.stopping("stopping: finishing the batch in hand")
            scheduler.shutdown(wait=True)  # lets a running cycle commit its batch
            if self.watcher is not None:
                self.watcher.join(2.0)
            log.info("service.stopped", cycles=self.cycles)
            self.notifier.close()
        return 0

    def _tick(self) -> None:
        watchdog = self.notifier.watchdog_seconds
        now = time.monotonic()
        if watchdog and now - self._last_ping >= watchdog / 2 and self.healthy():
            self.notifier.watchdog()
            self._last_ping = now
        if self._wake.is_set() and not self._running.is_set() and not self.outage.down:
            self._reschedule(0.0)  # a wake-up that came as a cycle was finishing

    def healthy(self) -> bool:
        """False when a cycle has run for ``[service] hang_seconds`` without progress."""
        if not self._running.is_set():
            return True
        return time.monotonic() - self._last_progress < self._hang_seconds

    # -- the scheduled job -------------------------------------------------------------------

    def _cycle_job(self) -> None:
        self._running.set()
        self.progress()
        try:
            while not self.stop.is_set():
                self._wake.clear()
                try:
                    self.last_outcome = self._cycle.run()
                except Exception:  # noqa: BLE001 - the daemon outlives any one cycle
                    get_logger().exception("cycle.crashed")
                self.cycles += 1
                self.progress()
                if self.outage.down:
                    delay = self.outage.backoff(self._backoff, _MAX_BACKOFF_SECONDS)
                    self._reschedule(delay)
                    self.notifier.status(f"mailbox unreachable; retrying in {delay:.0f} s")
                    return
                self.notifier.status(self._status_line())
                if not self._wake.is_set():
                    return
        finally:
            self._running.clear()

    def _status_line(self) -> str:
        outcome = self.last_outcome
        when = self._real_now().strftime("%H:%M:%S")
        if outcome is None:
            return f"last cycle {when}: crashed (see the log)"
        state = "ok" if outcome.ok else f"{len(outcome.errors) + len(outcome.ingest.errors)} errors"
        idle = (
            " · IDLE on INBOX" if self.watcher is not None and self.watcher.idling.is_set() else ""
        )
        return f"last cycle {when}: {state}, {outcome.ingest.total('stored')} stored{idle}"

    # -- plumbing ----------------------------------------------------------------------------

    def _connect(self) -> MailSource:
        try:
            source = self._inner_factory()
        except MailSourceError as exc:
            self.outage.failed(str(exc))
            raise
        self.outage.recovered()
        return source

    def _reschedule(self, delay: float) -> None:
        scheduler = self._scheduler
        if scheduler is None or not scheduler.running:
            return
        when = datetime.fromtimestamp(time.time() + delay, tz=self.app.settings.school.tz)
        try:
            scheduler.modify_job(_JOB, next_run_time=when)
        except Exception:  # noqa: BLE001 - shutting down: the job is gone
            pass

    def _real_now(self) -> datetime:
        # The scheduler runs on the real clock even under ``run --now`` (the app's clock).
        return datetime.now(tz=self.app.settings.school.tz)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.request_stop(signal.Signals(signum).name)


def _warm_up() -> None:
    """Load the parser and train the matter model now, not when the first parent writes:
    a quiet daemon's first new message would otherwise wait seconds for them."""
    try:
        from classifiers.matter import default_model
        from daemon.pipeline import parse, stages  # noqa: F401

        default_model()
    except Exception:  # noqa: BLE001 - the cycle loads them again when needed
        get_logger().exception("service.warm_up_failed")


def run_forever(app: App, stop: threading.Event | None = None, **kw: Any) -> int:
    return Service(app, stop, **kw).run()
