"""One full cycle: ingest, then the response clock, holding replies, the daily digest and the
outbox. ``steward once`` runs it once; ``steward run`` runs it on a schedule.

Each phase after ingest runs in its own transaction and its own error boundary: a bug in the
digest must not stop holding replies, and nothing here may stop the next ingest.
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
    open_messages,
    refresh_answered_flags,
    start_clocks,
)
from daemon.alerts import queue_safeguarding_alerts
from daemon.analysis import analyse_new
from daemon.app import App
from daemon.cases import update_cases
from daemon.contactplan import forward_to_supervisors
from daemon.digest import run_daily_digest
from daemon.holding import plan_holding_replies
from daemon.log import get_logger
from daemon.mailbox.base import MailSource, MailSourceError
from daemon.outbox import FlushReport, TransportFactory, flush, recover_interrupted
from daemon.retrain import retrain_if_due
from daemon.runner import CycleReport, Runner
from daemon.store.db import session_scope
from daemon.store.models import Flag, FolderState

FLAGS_REFRESH_SECONDS = 300.0


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

    @property
    def ok(self) -> bool:
        return self.ingest.ok and not self.errors


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
        outcome = CycleOutcome(ingest=self.runner.run_cycle())
        now = self.app.clock.now()
        self._phase(outcome, "flags", self._refresh_flags)
        self._phase(outcome, "clock", lambda s: self._clocks(s, now, outcome))
        self._phase(outcome, "analyse", lambda s: self._analyse(s, now, outcome))
        self._phase(outcome, "holding", lambda s: self._holding(s, now, outcome))
        self._phase(outcome, "digest", lambda s: self._digest(s, now, outcome))
        self._phase(outcome, "retrain", lambda s: self._retrain(s, now))
        try:
            outcome.outbox = flush(
                self.app.engine, self._transport_factory, self.app.settings.smtp, now
            )
        except Exception as exc:  # noqa: BLE001 - the daemon outlives any one phase
            get_logger().exception("phase.crashed", phase="outbox")
            outcome.errors.append(f"outbox: {type(exc).__name__}: {exc}")
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

    def _phase(self, outcome: CycleOutcome, name: str, func: Callable[[Session], Any]) -> None:
        try:
            with session_scope(self.app.engine) as s:
                func(s)
        except Exception as exc:  # noqa: BLE001 - the daemon outlives any one phase
            get_logger().exception("phase.crashed", phase=name)
            outcome.errors.append(f"{name}: {type(exc).__name__}: {exc}")

    def _refresh_flags(self, s: Session) -> None:
        throttled = (
            not self.app.clock.fixed
            and time.monotonic() - self._flags_checked < FLAGS_REFRESH_SECONDS
        )
        if self._source_factory is None or throttled:
            return
        if not open_messages(s):
            return
        self._flags_checked = time.monotonic()
        sent = [f.folder for f in s.exec(_sent_folders()).all()]
        try:
            source = self._source_factory()
        except MailSourceError as exc:
            get_logger().warning("flags.connect_failed", error=str(exc)[:200])
            return
        try:
            refresh_answered_flags(s, source, sent)
        finally:
            source.close()

    def _clocks(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        started = start_clocks(s, self.app.calendar, self.app.settings.sla, now)
        s.flush()
        found = find_acknowledgements(
            s, now, no_reply_folder=self.app.settings.mailbox.no_reply_folder
        )
        outcome.clocks = ClockReport(
            started=started.started, no_reply=started.no_reply, acknowledged=found.acknowledged
        )

    def _analyse(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        settings = self.app.settings
        report = analyse_new(
            s,
            calendar=self.app.calendar,
            settings=self.app.classifier_settings,
            enabled=settings.flags.enabled(),
            now=now,
            analyse_after=now - timedelta(days=settings.flags.analyse_days),
            adjustments={a: frozenset(k) for a, k in settings.parents.adjustments.items()},
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
            s, self.app.settings, self.app.calendar, self.app.templates, now
        )

    def _retrain(self, s: Session, now: datetime) -> None:
        retrain_if_due(s, now, self.app.settings.school.tz, started=self._retrained)
        self._retrained = True

    def _digest(self, s: Session, now: datetime, outcome: CycleOutcome) -> None:
        outcome.digests_queued = run_daily_digest(
            s, self.app.settings, self.app.calendar, self.app.templates, now
        )


def _sent_folders() -> Any:
    return select(FolderState).where(FolderState.role == "sent")
