"""A quiet cycle does not search for acknowledgements again, and every way a parent's email
can be answered is still noticed at the next cycle after it happens.

Times: Monday 16 November 2026, in core hours (no holding replies involved).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon import acks
from daemon.acks import ACK_MARK, acknowledge_thread
from daemon.app import App
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.erase import erase_parent
from daemon.export import gather
from daemon.mailbox.memory import MemoryMailbox
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import JobRun, Message, Parent
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)


def app_at(tmp_path, now: datetime) -> App:
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {
                "address": "office@school.example",
                "folders": ["INBOX"],
                "no_reply_folder": "No reply needed",
            },
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(now))


class Office:
    """A mailbox with two waiting parent emails, read once; ``cycle()`` runs the next cycle
    and says whether it searched for acknowledgements."""

    def __init__(self, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp_path = tmp_path
        self.mailbox = MemoryMailbox()
        self.mailbox.folders["No reply needed"] = type(self.mailbox.folders["INBOX"])(9)
        self.uids = {}
        for n in range(2):
            self.uids[n] = self.mailbox.append(
                "INBOX",
                make_mail(
                    sender=f"Parent {n} <parent{n}@example.com>",
                    subject=f"Club question {n}",
                    message_id=f"m{n}@example.com",
                    body=f"Could you tell me when club {n} starts, please?",
                ),
                T0 + timedelta(minutes=n),
            )
        self.searches = 0
        search = acks._search

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.searches += 1
            return search(*args, **kwargs)

        monkeypatch.setattr(acks, "_search", counted)
        self.minutes = 5
        self.cycle()
        self.cycle()  # the clocks started in the first: the mark is now in place
        assert self.waiting() == {"m0@example.com", "m1@example.com"}

    def cycle(self) -> bool:
        self.minutes += 5
        before = self.searches
        self.app = app_at(self.tmp_path, T0 + timedelta(minutes=self.minutes))
        self.app.cycle(source_factory=self.mailbox.connect, transport_factory=None).run()
        return self.searches > before

    def waiting(self) -> set[str]:
        with Session(self.app.engine) as s:
            return {
                m.message_id
                for m in s.exec(select(Message)).all()
                if m.needs_reply and m.acknowledged_at is None
            }

    def staff_reply(self, to: int) -> None:
        self.mailbox.append(
            "Sent",
            make_mail(
                sender="Oakfield Office <office@school.example>",
                to=f"parent{to}@example.com",
                subject=f"Re: Club question {to}",
                in_reply_to=f"m{to}@example.com",
                body="Club starts next Tuesday at 3.15.",
            ),
            T0 + timedelta(minutes=self.minutes + 1),
        )


def _answered_in_outlook(office: Office) -> None:
    raw, when, _flags = office.mailbox.folders["INBOX"].messages[office.uids[0]]
    office.mailbox.folders["INBOX"].messages[office.uids[0]] = (raw, when, ("\\Answered",))


def _filed_as_no_reply(office: Office) -> None:
    raw, when, _flags = office.mailbox.folders["INBOX"].messages[office.uids[0]]
    office.mailbox.append("No reply needed", raw, when)


def _answered_then_server_migrated(office: Office) -> None:
    _answered_in_outlook(office)
    office.mailbox.reset_uidvalidity("INBOX")


CHANGES: list[tuple[str, Callable[[Office], None]]] = [
    ("a staff reply in Sent", lambda office: office.staff_reply(0)),
    ("\\Answered set by a mail client", _answered_in_outlook),
    ("moved to the no-reply folder", _filed_as_no_reply),
    ("\\Answered, then a new UIDVALIDITY", _answered_then_server_migrated),
]


def test_a_quiet_cycle_does_not_search_again(tmp_path, monkeypatch):
    office = Office(tmp_path, monkeypatch)
    assert office.cycle() is False
    assert office.cycle() is False
    assert office.waiting() == {"m0@example.com", "m1@example.com"}


@pytest.mark.parametrize("what, change", CHANGES, ids=[c[0] for c in CHANGES])
def test_an_answer_is_noticed_at_the_next_cycle(tmp_path, monkeypatch, what, change):
    office = Office(tmp_path, monkeypatch)
    change(office)
    assert office.cycle() is True
    assert office.waiting() == {"m1@example.com"}, what
    assert office.cycle() is False  # and then quiet again


def test_steward_ack_and_erasure_make_the_next_cycle_search(tmp_path, monkeypatch):
    office = Office(tmp_path, monkeypatch)
    with session_scope(office.app.engine) as s:
        m1 = s.exec(select(Message).where(Message.message_id == "m1@example.com")).one()
        assert m1.thread_id is not None
        acknowledge_thread(s, m1.thread_id, "Mrs Patel (phoned)", office.app.clock.now())
    assert office.cycle() is True
    assert office.waiting() == {"m0@example.com"}

    with session_scope(office.app.engine) as s:
        parent = s.exec(select(Parent).where(Parent.address == "parent1@example.com")).one()
        erase_parent(s, gather(s, parent), by="DPO", now=office.app.clock.now())
        assert s.get(JobRun, ACK_MARK) is None
    assert office.cycle() is True
    assert office.waiting() == {"m0@example.com"}
