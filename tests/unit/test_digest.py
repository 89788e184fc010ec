"""The staff digest lists what is overdue, due today and due by the next working day,
oldest first, routed by matter and role; acknowledged and closed threads are not in it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.config import parse_settings
from daemon.digest import build_staff_digests, digest_due, summary, waiting_items
from daemon.render import Templates
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import JobRun, Message, Parent, Thread
from daemon.workdays import SchoolCalendar

LONDON = ZoneInfo("Europe/London")
CAL = SchoolCalendar(tz=LONDON, holidays=[(date(2026, 12, 19), date(2027, 1, 4))])
NOW = datetime(2026, 11, 20, 7, 30, tzinfo=LONDON)  # Friday morning


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'steward.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        s.add(Parent(address="jo@example.com", display_name="Jo Bloggs", first_seen_at=at(2026, 11, 1)))
        threads = [
            ("overdue", "uniform", at(2026, 11, 12, 10), None, "open"),
            ("due today", "medical", at(2026, 11, 17, 11), None, "open"),
            ("due Monday", "sen", at(2026, 11, 18, 9), None, "open"),
            ("due later", "trips", at(2026, 11, 19, 14), None, "open"),
            ("answered", "uniform", at(2026, 11, 12, 9), at(2026, 11, 13, 9), "open"),
            ("closed thread", "uniform", at(2026, 11, 10, 9), None, "closed"),
        ]
        for n, (subject, matter, received, acked, status) in enumerate(threads, 1):
            s.add(Thread(id=n, parent_id=1, matter=matter, subject=subject, status=status,
                         opened_at=received, last_activity_at=received))
            s.flush()
            s.add(Message(
                dedupe_key=f"k{n}", message_id=f"m{n}@example.com", subject=subject,
                from_address="jo@example.com", received_at=received, direction="inbound",
                sender_kind="parent", parent_id=1, thread_id=n, matter=matter, stored_at=received,
                needs_reply=True, ack_due=CAL.add_working_days(received, 3), acknowledged_at=acked,
                new_text=f"About {subject}: see https://example.com/x?y=1 for details.",
            ))
    return engine


def test_buckets_and_order(engine):
    with session_scope(engine) as s:
        items = waiting_items(s, CAL, NOW)
    assert [(i.subject, i.state) for i in items] == [
        ("overdue", "overdue"),
        ("due today", "today"),
        ("due Monday", "next"),
    ]
    assert items[0].due_words == "overdue since 10am on Tuesday 17 November"
    assert items[1].due_words == "due by 11am today"
    assert items[2].due_words == "due by 9am on Monday 23 November"
    assert items[0].waited_words == "6 working days"
    assert "[link removed]" in items[0].summary and "https://" not in items[0].summary


def test_routing_by_role_and_matter(engine):
    settings = parse_settings({
        "staff": [
            {"name": "Office", "email": "office-team@school.example", "role": "office"},
            {"name": "SENCO", "email": "senco@school.example", "role": "teacher", "matters": ["sen"]},
            {"name": "Year 3", "email": "y3@school.example", "role": "teacher"},
            {"name": "Head", "email": "head@school.example", "role": "slt"},
        ]
    })
    with session_scope(engine) as s:
        digests = {d.member.name: d for d in build_staff_digests(s, settings, CAL, Templates(), NOW)}
    assert set(digests) == {"Office", "SENCO"}
    assert len(digests["Office"].items) == 3
    assert [i.subject for i in digests["SENCO"].items] == ["due Monday"]
    text = digests["Office"].rendered.text
    assert text.index("OVERDUE") < text.index("DUE TODAY") < text.index("DUE BY MONDAY 23 NOVEMBER")
    assert "Jo Bloggs <jo@example.com>" in text
    assert "<td" in digests["Office"].rendered.html


@pytest.mark.parametrize(
    ("now", "done_today", "due"),
    [
        (at(2026, 11, 20, 7, 29), False, False),
        (at(2026, 11, 20, 7, 30), False, True),
        (at(2026, 11, 20, 15, 0), False, True),  # caught up later the same day
        (at(2026, 11, 20, 15, 0), True, False),  # once per day
        (at(2026, 11, 21, 9, 0), False, False),  # Saturday
        (at(2026, 12, 22, 9, 0), False, False),  # Christmas holiday
    ],
    ids=["before the time", "at the time", "catch up", "already sent", "weekend", "holiday"],
)
def test_digest_due(engine, now, done_today, due):
    settings = parse_settings({})
    with session_scope(engine) as s:
        if done_today:
            s.add(JobRun(key=f"digest:staff:{now.date().isoformat()}", started_at=now))
            s.flush()
        assert digest_due(s, settings, CAL, now) is due


def test_summary_is_short_and_link_free():
    text = "Please see www.example.com/form and " + "word " * 100
    out = summary(text)
    assert len(out) <= 245 and "www." not in out and out.endswith("…")
