"""The ingest loop loses nothing: checkpoints, duplicates, UIDVALIDITY, quarantine, failures.

These run against the in-memory mailbox double; the same behaviours are checked against a
real Dovecot in tests/integration.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from daemon.app import App
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.mailbox.memory import MemoryMailbox
from daemon.pipeline import stages
from daemon.runner import retry_quarantine
from daemon.store.db import make_engine, migrate
from daemon.store.models import FolderState, Message, MessageLocation, Quarantine, Thread
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def app(tmp_path):
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
            "ingest": {"batch_size": 3},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(T0 + timedelta(days=30)))


def runner_for(app, mailbox, **kw):
    kw.setdefault("backoff_seconds", 0.0)
    return app.runner(source_factory=mailbox.connect, **kw)


def count(app, model, *where):
    with Session(app.engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def fill(mailbox, n, folder="INBOX", start=0):
    for i in range(start, start + n):
        mailbox.append(
            folder,
            make_mail(
                sender=f"Parent {i} <parent{i}@example.com>",
                subject=f"Matter number {i}",
                message_id=f"m{i}@example.com",
                body=f"Message {i} about a distinct thing number {i}.",
            ),
            T0 + timedelta(minutes=i),
        )


def test_first_and_incremental_runs_store_each_message_once(app):
    """A second cycle stores only new mail, and fetches no bodies when nothing is new."""
    mb = MemoryMailbox()
    fill(mb, 7)
    report = runner_for(app, mb).run_cycle()
    assert report.ok and report.total("stored") == 7
    assert count(app, Message) == 7

    fetches = mb.body_fetches
    report = runner_for(app, mb).run_cycle()
    assert report.total("fetched") == 0 and mb.body_fetches == fetches

    fill(mb, 2, start=7)
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 2 and count(app, Message) == 9


def test_same_message_in_two_folders_is_one_message_with_two_locations(app):
    """Mail filed by staff into another folder is recognised by Message-ID and content."""
    mb = MemoryMailbox()
    raw = make_mail(message_id="filed@example.com", subject="Trip form")
    mb.append("INBOX", raw, T0)
    mb.append("Parents/Trips", raw, T0)
    app.settings = parse_settings(
        {
            **app.settings.model_dump(),
            "mailbox": {**app.settings.mailbox.model_dump(), "folders": ["INBOX", "Parents/Trips"]},
        }
    )
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 1 and report.total("duplicates") == 1
    assert count(app, Message) == 1
    assert count(app, MessageLocation) == 2


def test_same_message_id_with_different_content_is_kept_twice(app):
    """Two different messages that reuse one Message-ID are both kept."""
    mb = MemoryMailbox()
    mb.append("INBOX", make_mail(message_id="dup@example.com", body="First text"), T0)
    mb.append("INBOX", make_mail(message_id="dup@example.com", body="Other text"), T0)
    runner_for(app, mb).run_cycle()
    assert count(app, Message) == 2


def test_uidvalidity_change_rereads_without_duplicating(app):
    """After a UIDVALIDITY change the folder is read again and nothing is stored twice."""
    mb = MemoryMailbox()
    fill(mb, 4)
    runner_for(app, mb).run_cycle()
    mb.reset_uidvalidity("INBOX")
    fill(mb, 1, start=4)
    report = runner_for(app, mb).run_cycle()
    inbox = next(f for f in report.folders if f.folder == "INBOX")
    assert inbox.uidvalidity_reset
    assert count(app, Message) == 5
    with Session(app.engine) as s:
        state = s.get(FolderState, "INBOX")
        assert state.uidvalidity == mb.folders["INBOX"].uidvalidity and state.last_uid == 5
        locations = s.exec(select(MessageLocation).where(MessageLocation.folder == "INBOX")).all()
        assert {loc.uidvalidity for loc in locations} == {mb.folders["INBOX"].uidvalidity}
        assert sorted(loc.uid for loc in locations) == [1, 2, 3, 4, 5]


def test_a_message_missing_from_the_fetch_holds_the_checkpoint(app):
    """A UID listed but not returned is asked for again; the checkpoint never skips it."""
    mb = MemoryMailbox()
    fill(mb, 3)
    mb.hide_on_fetch.add(("INBOX", 2))
    runner_for(app, mb).run_cycle()
    assert count(app, Message) == 2
    with Session(app.engine) as s:
        assert s.get(FolderState, "INBOX").last_uid == 1
    mb.hide_on_fetch.clear()
    runner_for(app, mb).run_cycle()
    assert count(app, Message) == 3
    with Session(app.engine) as s:
        assert s.get(FolderState, "INBOX").last_uid == 3


def test_a_crashing_stage_quarantines_exactly_that_message(app, monkeypatch):
    """One message whose stage raises goes to quarantine with its bytes; the rest are stored."""
    original = stages.parse

    def exploding_parse(ctx, work):
        if b"Message 1 " in work.fetched.raw:
            raise RuntimeError("boom")
        return original(ctx, work)

    monkeypatch.setattr(stages, "STAGES", (("parse", exploding_parse), *stages.STAGES[1:]))
    mb = MemoryMailbox()
    fill(mb, 4)
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 3 and report.total("quarantined") == 1
    with Session(app.engine) as s:
        (q,) = s.exec(select(Quarantine)).all()
        assert q.stage == "parse" and "RuntimeError: boom" in q.error
        assert q.raw == mb.folders["INBOX"].messages[q.uid][0]
        assert s.get(FolderState, "INBOX").last_uid == 4  # quarantined counts as done

    monkeypatch.setattr(stages, "STAGES", (("parse", original), *stages.STAGES[1:]))
    assert retry_quarantine(runner_for(app, mb)) == (1, 0)
    assert count(app, Message) == 4
    assert count(app, Quarantine, Quarantine.resolved_at.is_(None)) == 0  # type: ignore[union-attr]


def test_a_stage_failing_after_writes_leaves_no_partial_rows(app, monkeypatch):
    """The savepoint rolls back a half-processed message: no parent, thread or message row."""

    def exploding_store(ctx, work):
        raise ValueError("disk on fire")

    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES[:-1], ("store", exploding_store)))
    mb = MemoryMailbox()
    fill(mb, 1)
    runner_for(app, mb).run_cycle()
    assert count(app, Message) == 0 and count(app, Thread) == 0
    with Session(app.engine) as s:
        (q,) = s.exec(select(Quarantine)).all()
        assert q.stage == "store"


def test_connection_failures_are_retried_then_reported(app):
    """A server that fails briefly is retried with backoff; one that stays down is reported."""
    mb = MemoryMailbox()
    fill(mb, 2)
    mb.fail_next = 2
    report = runner_for(app, mb).run_cycle()
    assert report.ok and report.total("stored") == 2

    fill(mb, 1, start=2)
    mb.fail_next = 100
    report = runner_for(app, mb, connect_attempts=3).run_cycle()
    assert not report.ok and "connection reset" in report.errors[0]
    mb.fail_next = 0
    assert runner_for(app, mb).run_cycle().total("stored") == 1


def test_replayed_now_leaves_later_mail_for_later(app):
    """With --now, mail that arrived after that moment is not read yet, and is read later."""
    mb = MemoryMailbox()
    mb.append("INBOX", make_mail(subject="Early", message_id="early@x.example"), T0)
    mb.append(
        "INBOX", make_mail(subject="Late", message_id="late@x.example"), T0 + timedelta(days=2)
    )
    app.clock = FixedClock(T0 + timedelta(hours=1))
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 1 and report.total("deferred") == 1
    app.clock = FixedClock(T0 + timedelta(days=3))
    assert runner_for(app, mb).run_cycle().total("stored") == 1
    assert count(app, Message) == 2


def test_sent_folder_mail_is_outbound_staff_and_joins_the_thread(app):
    """A reply in the Sent folder joins the parent's thread as an outbound staff message."""
    mb = MemoryMailbox()
    mb.append("INBOX", make_mail(message_id="p1@example.com", subject="Lost PE kit"), T0)
    mb.append(
        "Sent",
        make_mail(
            sender="Office <office@school.example>",
            to="jo.bloggs@example.com",
            subject="Re: Lost PE kit",
            message_id="s1@school.example",
            in_reply_to="p1@example.com",
            references=["p1@example.com"],
        ),
        T0 + timedelta(hours=2),
    )
    runner_for(app, mb).run_cycle()
    with Session(app.engine) as s:
        reply = s.exec(select(Message).where(Message.message_id == "s1@school.example")).one()
        first = s.exec(select(Message).where(Message.message_id == "p1@example.com")).one()
        assert (reply.direction, reply.sender_kind) == ("outbound", "staff")
        assert reply.thread_id == first.thread_id is not None
