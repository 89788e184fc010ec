"""One full cycle: ingest, then the response clock, holding replies, the daily digest and the
outbox. ``steward once`` runs it once; ``steward run`` runs it on a schedule.

Each phase after ingest runs in its own transaction and its own error boundary: a bug in the
digest must not stop holding replies, and nothing here may stop the next ingest.

Stopping (SIGTERM): the runner's stop event is checked before each phase, and the long phases
check it every message. A phase stopped half way raises :class:`~daemon.runner.Stopped`,
which rolls back that phase's transaction only (its flags, alerts and holding replies queued
in the outbox with it): the next cycle does it again from the start. The remaining phases and
the outbox flush are skipped. The runner's heartbeat is called after each phase.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from daemon.acks import (
    ClockReport,
    find_acknowledgements,
    forget_acknowledgement_mark,
    start_clocks,
    waiting,
)
from daemon.alerts import queue_safeguarding_alerts
from daemon.analysis import analyse_new
from daemon.answered import refresh_answered_flags
from daemon.app import App
from daemon.cases import update_cases
from daemon.contactplan import forward_to_supervisors
from daemon.digest import run_daily_digest
from daemon.holding import plan_holding_replies
from daemon.log import get_logger
from daemon.mailbox.base import MailSource, MailSourceError
from daemon.outbox import FlushReport, TransportFactory, flush, recover_interrupted
from daemon.retention import run_daily_purge
from daemon.retrain import retrain_if_due
from daemon.runner import CycleReport, Runner, Stopped
from daemon.store.db import session_scope
from daemon.store.models import Flag, FolderState, Message

FLAGS_REFRESH_SECONDS = 300.0
_RELEASE_AFTER = 500  # stored messages: a first run or a long outage


@dataclass
class CycleOutcome:
    ingest: CycleReport
    clocks: ClockReport = field(default_factory=ClockReport)
    holding_queued: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    alerts_queued: int = 0
    cases_opened: int = 0
    digests_queued: int | None = None
    outbox: FlushReport = field(default_factory=FlushReport)
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None  # the phase a stop request cut short (or skipped)

    @property
    def ok(self) -> bool:
        return self.ingest.ok and not self.errors and self.stopped is None


class Cycle:
    def __init__(
        self,
        app: App,
        runner: Runner,
        *,
        source_factory: Callable[[], MailSource] | None,
        transport_factory: TransportFactory | None,
    ) -> None:
        self.app = app
        self.runner = runner
        self._source_factory = source_factory
        self._transport_factory = transport_factory
        self._flags_checked = float("-inf")
        self._retrained = False
        recover_interrupted(app.engine, app.clock.now())

    def run(self) -> CycleOutcome:
        try:
            # The connection stays open for the flags refresh, the first phase.
            outcome = CycleOutcome(ingest=self.runner.run_cycle(keep_connection=True))
            if outcome.ingest.total("stored") >= _RELEASE_AFTER:
                _release_memory()
            now = self.app.clock.now()
            phases: list[tuple[str, Callable[[Session], Any]]] = [
                ("flags", self._refresh_flags),
                ("clock", lambda s: self._clocks(s, now, outcome)),
                ("analyse", lambda s: self._analyse(s, now, outcome)),
                ("holding", lambda s: self._holding(s, now, outcome)),
                ("digest", lambda s: self._digest(s, now, outcome)),
                ("retrain", lambda s: self._retrain(s, now)),
                ("retention", lambda s: run_daily_purge(s, self.app.settings, now)),
            ]
            for name, func in phases:
                if not self._phase(outcome, name, func):
                    break
                if name == "flags":
                    self.runner.close_connection()
        finally:
            self.runner.close_connection()
        if outcome.stopped is None and not self._stopping(outcome, "outbox"):
            try:
                outcome.outbox = flush(
                    self.app.engine, self._transport_factory, self.app.settings.smtp, now
                )
            except Exception as exc:  # noqa: BLE001 - the daemon outlives any one phase
                get_logger().exception("phase.crashed", phase="outbox")
                outcome.errors.append(f"outbox: {type(exc).__name__}: {exc}")
            self.runner.beat()
        get_logger().info(
            "actions.done",
            clocks_started=outcome.clocks.started,
            acknowledged=outcome.clocks.acknowledged,
            holding_queued=outcome.holding_queued,
            flags=sum(outcome.flags.values()),
            alerts_queued=outcome.alerts_queued,
            cases_opened=outcome.cases_opened,
            digests_queued=outcome.digests_queued,
            sent=outcome.outbox.sent,
            retrying=outcome.outbox.retrying,
            failed=outcome.outbox.failed,
            cancelled=outcome.outbox.cancelled,
        )
        return outcome

    def _phase(self, outcome: CycleOutcome, name: str, func: Callable[[Session], Any]) -> bool:
        """Run one phase in its own transaction; False when a stop request ended the cycle."""
        if self._stopping(outcome, name):
            return False
        try:
            with session_scope(self.app.engine) as s:
                func(s)
        except Stopped:
            # Rolled back whole: the next cycle does this phase again from the start.
            get_logger().info("cycle.stopped", phase=name, rolled_back=True)
            outcome.stopped = name
            return False
        except Exception as exc:  # noqa: BLE001 - the daemon outlives any one phase
            get_logger().exception("phase.crashed", phase=name)
            outcome.errors.append(f"{name}: {type(exc).__name__}: {exc}")
        self.runner.beat()
        return True

    def _stopping(self, outcome: CycleOutcome, name: str) -> bool:
        if not self.runner.stop.is_set():
            return False
        get_logger().info("cycle.stopped", phase=name, rolled_back=False)
        outcome.stopped = name
        return True

    def _should_stop(self) -> bool:
        return self.runner.stop.is_set()

    def _refresh_flags(self, s: Session) -> None:
        throttled = (
            not self.app.clock.fixed
            and time.monotonic() - self._flags_checked < FLAGS_REFRESH_SECONDS
        )
        if self._source_factory is None or throttled:
            return
        sent = [f.folder for f in s.exec(_sent_folders()).all()]
        if not self._waiting(s):
            return  # nothing waits for a reply: nothing to ask the server
        self._flags_checked = time.monotonic()
        folders = self.app.settings.mailbox.folders
        # The runner's connection, still open after ingest; a new one only if it was lost.
        source = self.runner.connection
        if source is None:
            try:
                source = self._source_factory()
            except MailSourceError as exc:
                # Ingest has just said so (or `run` logs the outage once): no second warning.
                get_logger().debug("flags.connect_failed", error=str(exc)[:200])
                return
            try:
                changed = refresh_answered_flags(s, source, sent, folders)
            finally:
                source.close()
        else:
            changed = refresh_answered_flags(s, source, sent, folders)
        if changed:
            forget_acknowledgement_mark(s)

    @staticmethod
    def _waiting(s: Session) -> bool:
        return s.exec(select(Message.id).where(waiting()).limit(1)).first() is not None

    def _clocks(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        started = start_clocks(
            s, self.app.calendar, self.app.settings.sla, now, should_stop=self._should_stop
        )
        s.flush()
        found = find_acknowledgements(
            s, now, no_reply_folder=self.app.settings.mailbox.no_reply_folder
        )
        outcome.clocks = ClockReport(
            started=started.started, no_reply=started.no_reply, acknowledged=found.acknowledged
        )

    def _analyse(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        settings = self.app.settings
        waiting = s.exec(select(Message.id).where(col(Message.analysed_at).is_(None)).limit(1))
        report = analyse_new(
            s,
            calendar=self.app.calendar,
            # Building them imports every classifier: not on a cycle with nothing to read.
            settings=self.app.classifier_settings if waiting.first() is not None else {},
            enabled=settings.flags.enabled(),
            now=now,
            analyse_after=now - timedelta(days=settings.flags.analyse_days),
            adjustments={a: frozenset(k) for a, k in settings.parents.adjustments.items()},
            should_stop=self._should_stop,
        )
        s.flush()
        outcome.flags = dict(report.flags)
        outcome.alerts_queued = queue_safeguarding_alerts(
            s, settings, self.app.templates, report.new_flag_ids, now
        )
        parents = {
            f.parent_id
            for f in s.exec(select(Flag).where(col(Flag.id).in_(report.new_flag_ids))).all()
            if f.parent_id is not None
        }
        outcome.cases_opened = len(update_cases(s, settings.cases, parents, now))
        forward_to_supervisors(s, settings, self.app.templates, report.message_pks, now)

    def _holding(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        outcome.holding_queued = plan_holding_replies(
            s,
            self.app.settings,
            self.app.calendar,
            self.app.templates,
            now,
            should_stop=self._should_stop,
        )

    def _retrain(self, s: Session, now: datetime) -> None:
        retrain_if_due(s, now, self.app.settings.school.tz, started=self._retrained)
        self._retrained = True

    def _digest(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        outcome.digests_queued = run_daily_digest(
            s, self.app.settings, self.app.calendar, self.app.templates, now
        )


def _release_memory() -> None:
    """After a large ingest, hand the freed heap back to the system before the phases that
    read what it stored (the peak of a first run is otherwise the two stacked)."""
    import ctypes
    import gc
    import sys

    similarity = sys.modules.get("daemon.pipeline.similarity")
    if similarity is not None:
        similarity.forget()  # thousands of texts' rows, rebuilt as texts come back
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused all the same
        pass


def _sent_folders() -> Any:
    return select(FolderState).where(FolderState.role == "sent")
