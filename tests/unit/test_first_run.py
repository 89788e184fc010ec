"""Old mail is never answered: what was in a folder when the daemon first read it gets no
holding reply, however long that first run takes and whatever the clock does afterwards.

Times: Tuesday 10 November 2026, 19:00 GMT (out of hours); every parent's email in these
tests arrives in that evening's out-of-hours period, so only the first-run rule can hold a
reply back.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon.app import App
from daemon.clock import FixedClock, OffsetClock
from daemon.config import parse_settings
from daemon.mailbox.memory import MemoryMailbox
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import FolderState, Message, Outbox
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 10, 19, 0, tzinfo=UTC)


def app_at(tmp_path, now: datetime, moving: bool = False) -> App:
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
    # A moving clock (as in `steward run`) takes mail "from the future" at once.
    return App(
        settings=settings, engine=engine, clock=OffsetClock(now) if moving else FixedClock(now)
    )


def parent_mail(mailbox: MemoryMailbox, n: int, when: datetime) -> None:
    mailbox.append(
        "INBOX",
        make_mail(
            sender=f"Parent {n} <parent{n}@example.com>",
            subject=f"Club question {n}",
            message_id=f"m{n}@example.com",
            body=f"Could you tell me when club {n} starts, please?",
        ),
        when,
    )


def decisions(app: App) -> dict[str, str]:
    with Session(app.engine) as s:
        return {m.message_id: m.holding for m in s.exec(select(Message)).all()}


def replies(app: App) -> list[str]:
    with Session(app.engine) as s:
        return sorted(o.recipients[0] for o in s.exec(select(Outbox)).all())


def run(app: App, mailbox: MemoryMailbox, **kw) -> None:  # type: ignore[no-untyped-def]
    app.cycle(source_factory=mailbox.connect, transport_factory=None, **kw).run()


def test_a_first_run_interrupted_half_way_still_answers_none_of_the_old_mail(tmp_path):
    mailbox = MemoryMailbox()
    for n in range(6):
        parent_mail(mailbox, n, T0 + timedelta(minutes=n))
    app = app_at(tmp_path, T0 + timedelta(minutes=10))
    stopper = {}

    def stop_after_first_batch(_folder: str, _uid: int) -> None:
        stopper["runner"].stop.set()

    runner_cycle = app.cycle(
        source_factory=mailbox.connect, transport_factory=None, after_batch=stop_after_first_batch
    )
    stopper["runner"] = runner_cycle.runner
    runner_cycle.run()  # SIGTERM after the first batch: 2 of 6 stored
    assert len(decisions(app)) == 2

    # The restart, later that evening, reads the rest of the old backlog and new mail.
    later = app_at(tmp_path, T0 + timedelta(minutes=40))
    parent_mail(mailbox, 6, T0 + timedelta(minutes=35))
    run(later, mailbox)
    got = decisions(later)
    assert len(got) == 7
    old = [got[f"m{n}@example.com"] for n in range(6)]
    assert all(d.startswith("skipped: found on the first run") for d in old), old
    assert got["m6@example.com"] == "queued"
    assert replies(later) == ["parent6@example.com"]


@pytest.mark.parametrize("hours_back", [1, 30])
def test_a_clock_set_back_does_not_make_new_mail_look_old(tmp_path, hours_back):
    mailbox = MemoryMailbox()
    parent_mail(mailbox, 0, T0)
    run(app_at(tmp_path, T0 + timedelta(minutes=5)), mailbox)  # first run: m0 is old mail

    # The server's clock is corrected backwards; a parent writes.
    behind = T0 + timedelta(minutes=5) - timedelta(hours=hours_back)
    parent_mail(mailbox, 1, T0 + timedelta(minutes=6))
    app = app_at(tmp_path, behind, moving=True)
    run(app, mailbox)
    got = decisions(app)
    assert got["m0@example.com"].startswith("skipped: found on the first run")
    assert not got["m1@example.com"].startswith("skipped: found on the first run"), got


def test_folders_first_read_by_an_older_version_fall_back_to_the_first_cycle_time(tmp_path):
    mailbox = MemoryMailbox()
    parent_mail(mailbox, 0, T0)
    app = app_at(tmp_path, T0 + timedelta(minutes=5))
    run(app, mailbox)
    with session_scope(app.engine) as s:
        for state in s.exec(select(FolderState)).all():
            state.first_uidnext = None  # as migrated from a database without the column
    parent_mail(mailbox, 1, T0 + timedelta(minutes=6))
    later = app_at(tmp_path, T0 + timedelta(minutes=10))
    run(later, mailbox)
    got = decisions(later)
    assert got["m0@example.com"].startswith("skipped: found on the first run")
    assert got["m1@example.com"] == "queued"
