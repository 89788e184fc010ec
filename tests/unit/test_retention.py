"""Retention blanks what parents wrote once a closed thread is past the window, and keeps the
record: rows, dates, subjects, counts, flag kinds and decisions.

Mail goes through the real pipeline (MemoryMailbox → Cycle). Times: Tuesday 14 January 2025
(GMT), and a year and more later.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from daemon.app import App
from daemon.cli import main
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.mailbox.memory import MemoryMailbox
from daemon.retention import PURGED, purge_expired, run_daily_purge
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import AuditEvent, Flag, JobRun, Message, Outbox, Quarantine, Thread
from tests.support.mail import make_mail

OLD = datetime(2025, 1, 14, 18, 0, tzinfo=UTC)  # Tuesday evening: out of hours
LATER = OLD + timedelta(days=450)
SHOUT = "WHY HAS NOBODY FOUND THE BLUE DUFFLE COAT YET!!! I HAVE ASKED THREE TIMES NOW!!!"
RECENT_WORDS = "Could Maya bring her violin on Thursday afternoon please?"


def make_app(tmp_path, now: datetime, retention_days: int = 3650) -> App:
    """The fixture's own cycles keep everything (their daily purge has nothing to do), so
    each test below meets the history whole."""
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
            "smtp": {"dry_run": True},
            "retention": {"days": retention_days},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(now))


def cycle(tmp_path, mailbox: MemoryMailbox, now: datetime) -> App:
    app = make_app(tmp_path, now)
    app.cycle(source_factory=mailbox.connect, transport_factory=None).run()
    return app


@pytest.fixture
def history(tmp_path) -> App:
    """An old shouting email (answered by a holding reply, recorded in dry-run) in a thread
    long closed, and a recent email from another parent in an open thread."""
    mb = MemoryMailbox()
    cycle(tmp_path, mb, OLD - timedelta(hours=4))  # a first run in office hours
    mb.append(
        "INBOX",
        make_mail(
            sender="Sarah Khan <sarah.khan@example.com>",
            subject="Lost coat",
            message_id="old@example.com",
            body=SHOUT,
        ),
        OLD,
    )
    cycle(tmp_path, mb, OLD + timedelta(minutes=5))
    mb.append(
        "INBOX",
        make_mail(
            sender="Jo Bloggs <jo.bloggs@example.com>",
            subject="Violin",
            message_id="new@example.com",
            body=RECENT_WORDS,
        ),
        LATER - timedelta(days=3),
    )
    return cycle(tmp_path, mb, LATER)  # also closes the idle old thread


def message(app: App, message_id: str) -> Message:
    with Session(app.engine) as s:
        return s.exec(select(Message).where(Message.message_id == message_id)).one()


def test_the_pipeline_built_what_the_purge_will_meet(history):
    """Preconditions, so the tests below cannot pass on an empty database."""
    assert "DUFFLE COAT" in (message(history, "old@example.com").text or "")
    with Session(history.engine) as s:
        assert [t.status for t in s.exec(select(Thread).order_by(Thread.id)).all()] == [
            "closed",
            "open",
        ]
        assert s.exec(select(Flag.kind)).all() == ["shouting"]
        (reply,) = s.exec(select(Outbox)).all()
        assert reply.state == "dry_run" and b"Lost coat" in reply.raw


def test_old_closed_threads_lose_their_words_and_keep_their_record(history):
    """Text and new words go; the row, its dates, subject and flag (kind, score, counts)
    stay; the recent open thread is untouched."""
    with session_scope(history.engine) as s:
        report = purge_expired(s, 400, LATER)
    assert (report.threads, report.messages, report.flags, report.outbox) == (1, 1, 1, 1)
    old = message(history, "old@example.com")
    assert old.text is None and old.new_text is None and old.purged_at == LATER
    assert old.subject == "Lost coat" and old.received_at == OLD
    assert message(history, "new@example.com").text.strip() == RECENT_WORDS
    with Session(history.engine) as s:
        flag = s.exec(select(Flag)).one()
        reply = s.exec(select(Outbox)).one()
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "retention.purged")).one()
    stored = json.dumps(flag.evidence) + flag.explanation
    for words in ("DUFFLE", "COAT", "NOBODY", "!!!"):
        assert words not in stored
    assert flag.kind == "shouting" and flag.score > 0
    count = flag.evidence["shouted_sentence_count"]
    assert count >= 1 and flag.evidence["shouted_sentences"] == [PURGED] * count
    assert reply.raw == b"" and reply.state == "dry_run" and reply.purged_at == LATER
    assert audit.detail["messages"] == 1 and audit.actor == "steward"


def test_nothing_is_purged_inside_the_window(history):
    with session_scope(history.engine) as s:
        report = purge_expired(s, 451, LATER)  # the old thread went quiet 450 days ago
    assert report.total == 0
    with session_scope(history.engine) as s:
        assert purge_expired(s, 500, LATER).total == 0
    assert "DUFFLE" in (message(history, "old@example.com").text or "")


def test_a_second_run_finds_nothing_left_to_do(history):
    with session_scope(history.engine) as s:
        assert purge_expired(s, 400, LATER).total == 3
    with session_scope(history.engine) as s:
        assert purge_expired(s, 400, LATER + timedelta(days=1)).total == 0
    with Session(history.engine) as s:
        actions = s.exec(select(AuditEvent.action).where(AuditEvent.action == "retention.purged"))
        assert len(actions.all()) == 1  # an empty run writes no audit event


def test_dry_run_counts_and_changes_nothing(history):
    with session_scope(history.engine) as s:
        report = purge_expired(s, 400, LATER, dry_run=True)
    assert report.messages == 1
    assert message(history, "old@example.com").purged_at is None


def test_old_quarantined_bytes_are_blanked(history):
    with session_scope(history.engine) as s:
        s.add(
            Quarantine(
                folder="INBOX",
                uidvalidity=1,
                uid=99,
                stage="parse",
                error="boom",
                raw=b"From: a@example.com\r\n\r\nsecret words",
                raw_sha256="x",
                quarantined_at=OLD,
                last_attempt_at=OLD,
            )
        )
    with session_scope(history.engine) as s:
        assert purge_expired(s, 400, LATER).quarantine == 1
    with Session(history.engine) as s:
        q = s.exec(select(Quarantine)).one()
    assert q.raw == b"" and q.purged_at == LATER and q.error == "boom"


def test_the_daily_job_runs_once_per_day(history, tmp_path):
    """A job_run row per London day: the second call that day does nothing."""
    settings = make_app(tmp_path, LATER, retention_days=400).settings
    day = LATER + timedelta(days=1)
    with session_scope(history.engine) as s:
        first = run_daily_purge(s, settings, day)
    with session_scope(history.engine) as s:
        again = run_daily_purge(s, settings, day + timedelta(hours=2))
    with session_scope(history.engine) as s:
        tomorrow = run_daily_purge(s, settings, day + timedelta(days=1))
    assert first is not None and first.messages == 1
    assert again is None
    assert tomorrow is not None and tomorrow.total == 0
    with Session(history.engine) as s:
        runs = s.exec(
            select(func.count()).select_from(JobRun).where(JobRun.key.startswith("retention:"))
        ).one()
    assert runs == 4  # the fixture's three cycles' days (nothing to purge then), and these


def test_the_daemon_purges_by_itself_once_a_day(history, tmp_path):
    """A cycle of `steward run`/`once` runs the day's purge with [retention] days."""
    mb = MemoryMailbox()
    app = make_app(tmp_path, LATER + timedelta(days=1), retention_days=400)
    app.cycle(source_factory=mb.connect, transport_factory=None).run()
    old = message(app, "old@example.com")
    assert old.text is None and old.purged_at == LATER + timedelta(days=1)
    assert message(app, "new@example.com").text.strip() == RECENT_WORDS


def test_purge_command_reports_what_it_did(history, tmp_path, capsys):
    config = tmp_path / "steward.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "steward.db"}"\n'
        '[retention]\ndays = 400\n[logging]\nlevel = "warning"\n'
    )
    now = LATER.isoformat()
    assert main(["--config", str(config), "purge", "--dry-run", "--now", now]) == 0
    assert "would blank the text of 1 message(s) in 1 closed thread(s)" in capsys.readouterr().out
    assert message(history, "old@example.com").text is not None
    assert main(["--config", str(config), "purge", "--now", now]) == 0
    assert "blanked the text of 1 message(s)" in capsys.readouterr().out
    assert message(history, "old@example.com").text is None
