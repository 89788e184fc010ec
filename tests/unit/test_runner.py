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


def test_the_stop_flag_ends_the_batch_after_the_message_in_hand(app, monkeypatch):
    """A stop request finishes the message in hand, commits the batch so far and ends the
    cycle; the checkpoint covers exactly the messages done, and the next cycle goes on."""
    mb = MemoryMailbox()
    fill(mb, 5)  # batch_size 3: the stop comes inside the first batch
    runner = runner_for(app, mb)
    original = stages.store

    def store_then_stop(ctx, work):
        outcome = original(ctx, work)
        if work.fetched.uid == 2:
            runner.stop.set()
        return outcome

    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES[:-1], ("store", store_then_stop)))
    report = runner.run_cycle()
    assert not report.ok and report.total("stored") == 2
    with Session(app.engine) as s:
        assert s.get(FolderState, "INBOX").last_uid == 2
    monkeypatch.setattr(stages, "STAGES", (*stages.STAGES[:-1], ("store", original)))
    assert runner_for(app, mb).run_cycle().total("stored") == 3
    assert count(app, Message) == 5


def test_the_same_message_twice_in_one_batch_is_stored_once(app):
    """A duplicate is recognised even when the first copy was stored moments before, in the
    same batch (the batch's own lookups are kept up to date as it writes)."""
    mb = MemoryMailbox()
    raw = make_mail(message_id="twice@example.com", subject="Coat")
    mb.append("INBOX", raw, T0)
    mb.append("INBOX", raw, T0 + timedelta(minutes=1))
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 1 and report.total("duplicates") == 1
    assert count(app, Message) == 1 and count(app, MessageLocation) == 2


def test_replies_read_before_what_they_answer_join_within_one_batch(app):
    """Order inside a batch does not matter: a school reply read before the parent email it
    answers, and a parent reply read after the school email it answers, both join."""
    mb = MemoryMailbox()
    office = "Office <office@school.example>"
    for mid, sender, kw in [
        # the school's answer, stored before the parent email it answers
        ("s1@school.example", office, {"in_reply_to": "p1@example.com"}),
        ("p1@example.com", "Jo Bloggs <jo.bloggs@example.com>", {}),
        # the school writes first; the parent answers it
        ("s2@school.example", office, {}),
        ("p2@example.com", "Sam Hill <sam.hill@example.com>", {"in_reply_to": "s2@school.example"}),
    ]:
        refs = [kw["in_reply_to"]] if kw else None
        mb.append(
            "INBOX",
            make_mail(
                sender=sender,
                to="parent@example.com" if sender == office else "office@school.example",
                subject=f"About {mid}",
                message_id=mid,
                references=refs,
                **kw,
            ),
            T0,
        )
    app.settings = parse_settings({**app.settings.model_dump(), "ingest": {"batch_size": 10}})
    assert runner_for(app, mb).run_cycle().total("stored") == 4
    with Session(app.engine) as s:
        thread_of = {m.message_id: m.thread_id for m in s.exec(select(Message)).all()}
    assert thread_of["s1@school.example"] == thread_of["p1@example.com"] is not None
    assert thread_of["s2@school.example"] == thread_of["p2@example.com"] is not None
    assert thread_of["p1@example.com"] != thread_of["p2@example.com"]


def test_a_message_the_parser_rejects_ahead_is_quarantined_at_parse(app, monkeypatch):
    """A message that fails when its batch is parsed ahead is parsed again by its own stage,
    inside its savepoint, and quarantined there with its bytes; the rest are stored."""
    from daemon.pipeline import parse as parse_module

    real = parse_module.parse_message

    def picky(raw):
        if b"Message 1 " in raw:
            raise ValueError("unparseable")
        return real(raw)

    monkeypatch.setattr(parse_module, "parse_message", picky)
    monkeypatch.setattr(stages, "parse_message", picky)
    mb = MemoryMailbox()
    fill(mb, 3)
    report = runner_for(app, mb).run_cycle()
    assert report.total("stored") == 2 and report.total("quarantined") == 1
    with Session(app.engine) as s:
        (q,) = s.exec(select(Quarantine)).all()
        assert (q.uid, q.stage) == (2, "parse") and "unparseable" in q.error


def test_a_parse_worker_stores_exactly_what_this_process_would(app, tmp_path):
    """Parsing a backlog in a worker process changes nothing that is stored."""
    mb = MemoryMailbox()
    fill(mb, 6)
    mb.append(
        "Sent",
        make_mail(
            sender="Office <office@school.example>",
            to="parent1@example.com",
            subject="Re: Matter number 1",
            message_id="reply@school.example",
            in_reply_to="m1@example.com",
            references=["m1@example.com"],
        ),
        T0 + timedelta(hours=1),
    )
    runner_for(app, mb, parse_worker=True).run_cycle()
    other = App(
        settings=parse_settings(
            {**app.settings.model_dump(), "database": {"url": f"sqlite:///{tmp_path / 'b.db'}"}}
        ),
        engine=make_engine(f"sqlite:///{tmp_path / 'b.db'}"),
        clock=app.clock,
    )
    migrate(other.engine)
    runner_for(other, mb, parse_worker=False).run_cycle()

    def rows(which):
        with Session(which.engine) as s:
            return [
                m.model_dump(exclude={"stored_at"})
                for m in s.exec(select(Message).order_by(Message.id)).all()
            ]

    assert rows(app) == rows(other) and len(rows(app)) == 7


def test_new_message_rows_carry_every_column_as_the_orm_would():
    """Rows written with Core get the same defaults a Message object would have."""
    from daemon.pipeline.stages import NewMessage

    given = {
        "dedupe_key": "k",
        "received_at": T0,
        "stored_at": T0,
        "direction": "inbound",
        "sender_kind": "parent",
    }
    row = NewMessage(**given).row()
    orm = Message(**given).model_dump(exclude={"id"})
    assert set(row) == set(Message.__table__.columns.keys()) - {"id"}
    assert row == orm


def test_migrate_leaves_alembic_alone_when_the_schema_is_current(app, monkeypatch):
    """Starting against a current schema does not load Alembic; a stale one is upgraded."""
    from alembic import command

    from daemon.store import db

    calls = []
    monkeypatch.setattr(command, "upgrade", lambda cfg, rev: calls.append(rev))
    head = db._script_head()
    assert head is not None and db.migrate(app.engine) == head and calls == []
    with app.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    db.migrate(app.engine)
    assert calls == ["head"]


def test_a_parse_worker_that_dies_costs_speed_not_mail(app):
    """When the worker process disappears mid-run, the rest is parsed here: all is stored."""
    mb = MemoryMailbox()
    fill(mb, 9)  # three batches of three
    killed = []

    def kill_worker(folder, checkpoint):
        if not killed and runner._worker is not None:
            runner._worker._process.kill()
            killed.append(checkpoint)

    runner = runner_for(app, mb, parse_worker=True, after_batch=kill_worker)
    report = runner.run_cycle()
    assert killed == [3]
    assert report.ok and report.total("stored") == 9 and count(app, Message) == 9


def test_stopping_with_a_parse_worker_ends_promptly(app):
    """A stop between batches, with the next batch already on its way to the worker, ends
    the cycle at once and leaves nothing running."""
    mb = MemoryMailbox()
    fill(mb, 9)
    runner = runner_for(app, mb, parse_worker=True)
    runner._after_batch = lambda folder, checkpoint: runner.stop.set()
    report = runner.run_cycle()
    assert not report.ok and report.total("stored") == 3
    assert runner._worker is None  # closed with the cycle
    with Session(app.engine) as s:
        assert s.get(FolderState, "INBOX").last_uid == 3
