"""Stopping a cycle (SIGTERM) and its sign of progress (the systemd watchdog's heartbeat).

A stop request during a phase rolls back that phase whole, skips the rest (and the outbox),
and the next cycle does it again: nothing is lost and nothing doubles. The heartbeat comes
after each committed ingest batch, each folder and each phase.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

import daemon.analysis
from daemon.app import App
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.mailbox.memory import MemoryMailbox
from daemon.store.db import make_engine, migrate
from daemon.store.models import Flag, Message, Outbox
from tests.support.mail import make_mail

# A Tuesday evening: out of hours, so each parent's email earns a holding reply.
T0 = datetime(2026, 11, 10, 19, 0, tzinfo=UTC)
SHOUTING = (
    "WHY HAS NOBODY CALLED ME BACK ABOUT THE TRIP MONEY. I HAVE ASKED THREE TIMES NOW AND "
    "NOBODY HAS THE DECENCY TO ANSWER A SIMPLE QUESTION ABOUT MY OWN SON."
)


@pytest.fixture
def app(tmp_path):
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
            "ingest": {"batch_size": 2},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(T0 + timedelta(minutes=30)))


def fill(mailbox: MemoryMailbox, n: int) -> None:
    for i in range(n):
        mailbox.append(
            "INBOX",
            make_mail(
                sender=f"Parent {i} <parent{i}@example.com>",
                subject=f"Question number {i}",
                message_id=f"m{i}@example.com",
                body=SHOUTING if i == 0 else f"Could you tell me when club {i} starts, please?",
            ),
            T0 + timedelta(minutes=i),
        )


def watch_from_before(app: App, mailbox: MemoryMailbox) -> None:
    """A first cycle over the empty mailbox an hour earlier: the mail that follows is new
    mail (a first run's old mail gets no holding reply)."""
    clock = app.clock
    app.clock = FixedClock(T0 - timedelta(hours=1))
    assert cycle_for(app, mailbox).run().ok
    app.clock = clock


def cycle_for(app: App, mailbox: MemoryMailbox, **kw: object):
    return app.cycle(
        source_factory=mailbox.connect, transport_factory=None, backoff_seconds=0.0, **kw
    )


def counts(app: App) -> dict[str, int]:
    with Session(app.engine) as s:
        return {
            "messages": s.exec(select(func.count()).select_from(Message)).one(),
            "analysed": s.exec(
                select(func.count())
                .select_from(Message)
                .where(col(Message.analysed_at).is_not(None))
            ).one(),
            "flags": s.exec(select(func.count()).select_from(Flag)).one(),
            "decided": s.exec(
                select(func.count()).select_from(Message).where(Message.holding != "")
            ).one(),
            "outbox": s.exec(select(func.count()).select_from(Outbox)).one(),
        }


def test_a_stop_during_analysis_rolls_it_back_and_the_next_cycle_does_it(app, monkeypatch):
    mb = MemoryMailbox()
    watch_from_before(app, mb)
    fill(mb, 4)
    cycle = cycle_for(app, mb)
    real = daemon.analysis.run_classifiers
    calls = []

    def stop_after_the_first_email(*args, **kwargs):
        calls.append(1)
        found = real(*args, **kwargs)
        cycle.runner.stop.set()  # SIGTERM arrives while the first email is read
        return found

    monkeypatch.setattr(daemon.analysis, "run_classifiers", stop_after_the_first_email)
    outcome = cycle.run()

    assert outcome.stopped == "analyse" and not outcome.ok
    assert outcome.ingest.ok and outcome.ingest.total("stored") == 4
    assert len(calls) == 1  # it stopped at the next email, not at the end of the batch
    # The shouting email was flagged, then rolled back with the rest of the phase; holding
    # replies were never decided and nothing reached the outbox.
    assert counts(app) == {"messages": 4, "analysed": 0, "flags": 0, "decided": 0, "outbox": 0}

    monkeypatch.setattr(daemon.analysis, "run_classifiers", real)
    cycle.runner.stop.clear()
    outcome = cycle.run()

    assert outcome.ok and outcome.stopped is None
    after = counts(app)
    assert after["analysed"] == 4 and after["decided"] == 4
    assert after["flags"] == 1  # once, not twice
    assert after["outbox"] == 4  # one holding reply for each parent, each queued once


def test_a_stop_during_holding_replies_takes_the_queued_ones_back(app, monkeypatch):
    import daemon.holding

    mb = MemoryMailbox()
    watch_from_before(app, mb)
    fill(mb, 4)
    cycle = cycle_for(app, mb)
    real = daemon.holding.queue

    def stop_after_queueing(*args, **kwargs):
        row = real(*args, **kwargs)
        cycle.runner.stop.set()
        return row

    monkeypatch.setattr(daemon.holding, "queue", stop_after_queueing)
    outcome = cycle.run()

    assert outcome.stopped == "holding"
    assert counts(app)["analysed"] == 4  # the phases before it are kept
    assert counts(app)["outbox"] == 0 and counts(app)["decided"] == 0

    monkeypatch.setattr(daemon.holding, "queue", real)
    cycle.runner.stop.clear()
    assert cycle.run().ok
    assert counts(app)["outbox"] == 4 and counts(app)["decided"] == 4


def test_a_stop_before_the_cycle_starts_runs_no_phase(app):
    mb = MemoryMailbox()
    fill(mb, 2)
    cycle = cycle_for(app, mb)
    cycle.runner.stop.set()
    outcome = cycle.run()
    assert outcome.stopped == "flags"
    assert counts(app)["messages"] == 0


def test_the_heartbeat_comes_after_each_batch_each_folder_and_each_phase(app):
    mb = MemoryMailbox()
    fill(mb, 5)  # three batches of at most two
    beats: list[int] = []

    def heartbeat() -> None:
        beats.append(counts(app)["messages"])  # what is committed when it comes

    outcome = cycle_for(app, mb, heartbeat=heartbeat).run()

    assert outcome.ok
    folders = len(outcome.ingest.folders)  # INBOX and Sent
    assert folders == 2
    phases = 8  # flags, clock, analyse, holding, digest, retrain, retention, outbox
    assert len(beats) == 3 + folders + phases
    assert beats[:3] == [2, 4, 5]  # each batch is committed before its beat


def test_a_failing_heartbeat_stops_nothing(app):
    mb = MemoryMailbox()
    fill(mb, 3)

    def broken() -> None:
        raise RuntimeError("watchdog socket gone")

    outcome = cycle_for(app, mb, heartbeat=broken).run()
    assert outcome.ok and counts(app)["analysed"] == 3
