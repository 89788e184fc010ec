"""``steward status`` reads the database alone and says how the daemon is doing: the last
cycle, mail stored, threads overdue, the outbox queue, the next digest and recent errors."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from daemon.cli import main
from daemon.config import parse_settings
from daemon.status import collect, format_status, next_digest
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import Case, CycleRun, JobRun, Message, Outbox, Parent, Quarantine, Thread
from daemon.workdays import SchoolCalendar

LONDON = ZoneInfo("Europe/London")
CAL = SchoolCalendar(tz=LONDON, holidays=[(date(2026, 12, 19), date(2027, 1, 4))])
SETTINGS = parse_settings({"digest": {"time": "07:30"}})
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'steward.db'}")
    migrate(engine)
    return engine


def status(engine, now=MONDAY):
    with Session(engine) as s:
        return collect(s, SETTINGS, CAL, now)


def add(engine, *rows):
    with session_scope(engine) as s:
        for row in rows:
            s.add(row)
            s.flush()


def cycle(started, ok=True, error="", stored=0):
    return CycleRun(
        started_at=started,
        finished_at=started + timedelta(seconds=2),
        ok=ok,
        fetched=stored,
        stored=stored,
        error=error,
    )


def outbox(n, state, created):
    return Outbox(
        key=f"k{n}",
        kind="holding_reply",
        message_id=f"o{n}@school.example",
        sender="office@school.example",
        recipients=["p@example.com"],
        raw=b"x",
        state=state,
        created_at=created,
    )


def test_empty_database(engine):
    """A new database: no cycle yet, nothing stored, the digest due today at its time."""
    report = status(engine)
    assert report["last_cycle"] is None
    assert report["last_successful_cycle"] is None
    assert report["messages"] == {"total": 0, "last_24h": 0}
    assert report["threads"] == {"open": 0, "overdue": 0}
    assert report["outbox"] == {
        "pending": 0,
        "sending": 0,
        "failed": 0,
        "uncertain": 0,
        "oldest_pending_seconds": None,
    }
    assert report["quarantine"] == 0 and report["open_cases"] == 0
    assert report["next_digest"] == "2026-11-23T07:30:00+00:00"
    assert report["last_digest"] is None and report["errors"] == []
    text = format_status(report)
    assert "last cycle:            none yet" in text
    assert "last successful cycle: never" in text


def test_after_a_good_cycle_and_then_a_failed_one(engine):
    """The last cycle is the failed one, with its error; the last success is kept; only
    errors of the last 24 hours are listed."""
    add(
        engine,
        cycle(MONDAY - timedelta(days=2), ok=False, error="old trouble"),
        cycle(MONDAY - timedelta(minutes=10), stored=3),
        cycle(MONDAY - timedelta(minutes=5), ok=False, error="cannot reach the IMAP server"),
    )
    report = status(engine)
    assert report["last_cycle"]["ok"] is False
    assert report["last_cycle"]["error"] == "cannot reach the IMAP server"
    assert report["last_successful_cycle"] == "2026-11-23T08:50:02+00:00"
    assert report["errors"] == [
        {"at": "2026-11-23T08:55:00+00:00", "error": "cannot reach the IMAP server"}
    ]
    text = format_status(report)
    assert "FAILED" in text and "errors (24 h):         1" in text
    assert "old trouble" not in text


def test_messages_threads_and_overdue(engine):
    """Messages are counted in total and for the last 24 hours; a thread is overdue when an
    unanswered email's deadline has passed; answered and closed threads are not."""
    add(engine, Parent(address="jo@example.com", first_seen_at=at(2026, 11, 1)))
    plan = [  # (status, stored, ack_due, acknowledged)
        ("open", at(2026, 11, 17, 9), at(2026, 11, 20, 9), None),  # overdue
        ("open", at(2026, 11, 23, 8), at(2026, 11, 26, 8), None),  # due later
        ("open", at(2026, 11, 16, 9), at(2026, 11, 19, 9), at(2026, 11, 18, 9)),  # answered
        ("closed", at(2026, 11, 16, 9), at(2026, 11, 19, 9), None),  # closed
    ]
    for n, (state, stored, due, acked) in enumerate(plan, 1):
        add(
            engine,
            Thread(id=n, parent_id=1, status=state, opened_at=stored, last_activity_at=stored),
            Message(
                dedupe_key=f"d{n}",
                received_at=stored,
                stored_at=stored,
                direction="inbound",
                sender_kind="parent",
                parent_id=1,
                thread_id=n,
                needs_reply=True,
                ack_due=due,
                acknowledged_at=acked,
            ),
        )
    report = status(engine)
    assert report["messages"] == {"total": 4, "last_24h": 1}
    assert report["threads"] == {"open": 3, "overdue": 1}


def test_outbox_queue_quarantine_and_cases(engine):
    """The queue is counted by state with the age of the oldest pending message; unresolved
    quarantine entries and open cases are counted."""
    add(
        engine,
        outbox(1, "pending", MONDAY - timedelta(minutes=30)),
        outbox(2, "pending", MONDAY - timedelta(minutes=5)),
        outbox(3, "failed", MONDAY - timedelta(days=1)),
        outbox(4, "uncertain", MONDAY - timedelta(days=1)),
        outbox(5, "sent", MONDAY - timedelta(days=1)),
        Quarantine(
            folder="INBOX",
            uidvalidity=1,
            uid=7,
            stage="parse",
            error="bug",
            raw=b"x",
            raw_sha256="0" * 64,
            quarantined_at=MONDAY,
            last_attempt_at=MONDAY,
        ),
        Parent(address="jo@example.com", first_seen_at=at(2026, 11, 1)),
        Case(parent_id=1, status="open", opened_at=MONDAY, updated_at=MONDAY),
        Case(parent_id=1, status="decided", opened_at=MONDAY, updated_at=MONDAY),
    )
    report = status(engine)
    assert report["outbox"] == {
        "pending": 2,
        "sending": 0,
        "failed": 1,
        "uncertain": 1,
        "oldest_pending_seconds": 1800,
    }
    assert report["quarantine"] == 1 and report["open_cases"] == 1
    assert "2 pending (oldest 30 min), 0 sending, 1 failed, 1 uncertain" in format_status(report)


@pytest.mark.parametrize(
    ("now", "sent_today", "expected"),
    [
        (at(2026, 11, 23, 6, 0), False, at(2026, 11, 23, 7, 30)),  # Monday, before the time
        (at(2026, 11, 23, 9, 0), False, at(2026, 11, 23, 7, 30)),  # not sent yet: due now
        (at(2026, 11, 23, 9, 0), True, at(2026, 11, 24, 7, 30)),  # sent: tomorrow
        (at(2026, 11, 27, 9, 0), True, at(2026, 11, 30, 7, 30)),  # Friday: after the weekend
        (at(2026, 11, 28, 9, 0), False, at(2026, 11, 30, 7, 30)),  # Saturday: Monday
        (at(2026, 12, 18, 9, 0), True, at(2027, 1, 5, 7, 30)),  # last day of term
        (at(2026, 8, 31, 9, 0), False, at(2026, 9, 1, 7, 30)),  # bank holiday Monday
    ],
)
def test_next_digest(engine, now, sent_today, expected):
    """The next digest is today's if today is a working day and it has not gone yet,
    else the next working day's."""
    if sent_today:
        add(engine, JobRun(key=f"digest:staff:{now.date().isoformat()}", started_at=now))
    with Session(engine) as s:
        assert next_digest(s, SETTINGS, CAL, now) == expected


def test_last_digest(engine):
    """The last digest sent is shown with its day and how many were queued."""
    add(
        engine,
        JobRun(
            key="digest:staff:2026-11-20",
            started_at=at(2026, 11, 20, 7, 30),
            finished_at=at(2026, 11, 20, 7, 30, 5),
            detail={"queued": 3, "slt": 1},
        ),
    )
    report = status(engine)
    assert report["last_digest"] == {
        "day": "2026-11-20",
        "started_at": "2026-11-20T07:30:00+00:00",
        "finished_at": "2026-11-20T07:30:05+00:00",
        "queued": 4,
    }
    assert report["next_digest"] == "2026-11-23T07:30:00+00:00"


def write_config(tmp_path, db):
    path = tmp_path / "steward.toml"
    path.write_text(f'[database]\nurl = "sqlite:///{db}"\n')
    return str(path)


def test_command_reads_the_database_without_creating_it(tmp_path, capsys):
    """Without a database, status says to run migrate (exit 1) and creates nothing."""
    db = tmp_path / "data" / "steward.db"
    config = write_config(tmp_path, db)
    assert main(["--config", config, "status"]) == 1
    assert "steward migrate" in capsys.readouterr().err
    assert not db.parent.exists()


def test_command_text_and_json(tmp_path, capsys):
    """Text is aligned key: value lines; --json has the same facts."""
    db = tmp_path / "steward.db"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    add(engine, cycle(MONDAY - timedelta(minutes=1), stored=2))
    config = write_config(tmp_path, db)
    assert main(["--config", config, "status", "--now", MONDAY.isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    keys = [line.split(":", 1)[0] for line in lines]
    assert keys[:3] == ["now", "last cycle", "last successful cycle"]
    assert "next digest" in keys and "outbox" in keys and "errors (24 h)" in keys
    values_at = {len(line) - len(line.split(":", 1)[1].lstrip()) for line in lines}
    assert len(values_at) == 1  # every value starts in the same column
    assert main(["--config", config, "status", "--json", "--now", MONDAY.isoformat()]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["last_cycle"]["stored"] == 2 and report["last_cycle"]["ok"] is True
