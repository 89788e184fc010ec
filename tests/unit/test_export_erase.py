"""Subject access and erasure: an export holds everything about one parent and nothing about
another; erasure removes it all, leaves the other parent whole, and the audit log records
that it happened without saying about whom.

Mail goes through the real pipeline (MemoryMailbox → Cycle). Week of 9 November 2026 (GMT).
"""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, SQLModel, select, text

from daemon.app import App
from daemon.cases import decide
from daemon.cli import main
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.erase import erase_parent
from daemon.export import find_parent, gather
from daemon.mailbox.memory import MemoryMailbox
from daemon.pipeline.addresses import short_hash
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import AuditEvent, Case, Message, Parent, Thread
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 9, 14, 0, tzinfo=UTC)  # Monday afternoon
EVENING = datetime(2026, 11, 10, 19, 0, tzinfo=UTC)  # Tuesday evening
MUM = "Sarah Khan <sarah.khan@example.com>"
MUM_WORDS = "WHY IS OLIVER STILL SITTING NEXT TO THAT BOY!!! I WANT HIM MOVED TOMORROW!!!"
OTHER = "Jo Bloggs <jo.bloggs@example.com>"
OTHER_WORDS = "Could Maya bring her violin on Thursday afternoon please?"


def make_app(tmp_path, now: datetime) -> App:
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
            "smtp": {"dry_run": True},
            "cases": {"threshold": 1.0},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(now))


def cycle(tmp_path, mb: MemoryMailbox, now: datetime) -> App:
    app = make_app(tmp_path, now)
    app.cycle(source_factory=mb.connect, transport_factory=None).run()
    return app


@pytest.fixture
def mb() -> MemoryMailbox:
    return MemoryMailbox()


@pytest.fixture
def app(tmp_path, mb) -> App:
    """Mum shouts in the evening (holding reply, flag, case, stage 3 decision) and the office
    answers; another parent asks about a violin."""
    cycle(tmp_path, mb, T0)
    mb.append(
        "INBOX",
        make_mail(
            sender=MUM,
            subject="Oliver <b>seating</b>",
            message_id="mum1@example.com",
            body=MUM_WORDS,
        ),
        EVENING,
    )
    mb.append(
        "INBOX",
        make_mail(sender=OTHER, subject="Violin", message_id="jo1@example.com", body=OTHER_WORDS),
        EVENING - timedelta(hours=1),
    )
    cycle(tmp_path, mb, EVENING + timedelta(minutes=5))
    mb.append(
        "Sent",
        make_mail(
            sender="Office <office@school.example>",
            to=MUM,
            subject="Re: Oliver seating",
            message_id="reply1@school.example",
            in_reply_to="mum1@example.com",
            references=["mum1@example.com"],
            body="Dear Mrs Khan, Mr Hale will call you at ten.",
        ),
        EVENING + timedelta(hours=14),
    )
    app = cycle(tmp_path, mb, EVENING + timedelta(hours=15))
    with session_scope(app.engine) as s:
        case = s.exec(select(Case)).one()
        decide(
            s,
            case.id,
            outcome="stage3",
            by="Mrs Head",
            note="Repeated shouting",
            now=EVENING + timedelta(hours=16),
            supervisor="deputy@school.example",
            review_on=date(2027, 2, 1),
        )
    return app


def export(app: App, tmp_path, address: str = "sarah.khan@example.com") -> dict:
    config = write_config(app, tmp_path)
    out = tmp_path / "out"
    assert main(["--config", str(config), "export", "--parent", address, "--out", str(out)]) == 0
    (json_path,) = out.glob("*.json")
    return json.loads(json_path.read_text())


def write_config(app: App, tmp_path):
    config = tmp_path / "steward.toml"
    config.write_text(
        f'[database]\nurl = "{app.settings.database.url}"\n[logging]\nlevel = "warning"\n'
    )
    return config


def everything(app: App) -> str:
    """Every row of every table, as text: what a copy of the database would reveal."""
    rows = []
    with Session(app.engine) as s:
        for table in SQLModel.metadata.sorted_tables:
            for row in s.exec(text(f'SELECT * FROM "{table.name}"')).all():  # type: ignore[call-overload]
                rows.append(repr(tuple(row)))
    return "\n".join(rows).lower()


def test_the_fixture_built_a_full_history(app):
    """Preconditions: flag, case, decision, contact plan, holding reply all exist for Mum."""
    with Session(app.engine) as s:
        mum = find_parent(s, "Sarah.Khan@Example.com")
        assert mum is not None
        counts = gather(s, mum).counts()
    assert counts["messages"] == 2 and counts["threads"] == 1
    assert counts["flags"] >= 1 and counts["cases"] == 1 and counts["decisions"] == 1
    assert counts["contact_plans"] == 1 and counts["outbox"] == 1


def test_export_holds_the_parents_data_and_no_one_elses(app, tmp_path, capsys):
    data = export(app, tmp_path)
    printed = capsys.readouterr().out.split()
    assert len(printed) == 2 and printed[0].endswith(".json") and printed[1].endswith(".html")
    assert data["parent"]["addresses"] == ["sarah.khan@example.com"]
    assert [m["message_id"] for m in data["messages"]] == [
        "mum1@example.com",
        "reply1@school.example",
    ]
    assert "SITTING NEXT TO THAT BOY" in data["messages"][0]["text"]
    assert data["messages"][0]["flags"][0]["kind"] == "shouting"
    assert data["cases"][0]["decisions"][0]["outcome"] == "stage3"
    assert data["contact_plans"][0]["supervisor"] == "deputy@school.example"
    (reply,) = data["outbox"]
    assert reply["kind"] == "holding_reply" and "Oliver" in reply["text"]
    actions = {a["action"] for a in data["audit"]}
    assert {"case.opened", "case.stage3", "outbox.dry_run"} <= actions
    dumped = json.dumps(data)
    assert "jo.bloggs" not in dumped and "violin" not in dumped.lower()


def test_export_files_are_private_and_the_html_is_escaped(app, tmp_path):
    export(app, tmp_path)
    (html_path,) = (tmp_path / "out").glob("*.html")
    (json_path,) = (tmp_path / "out").glob("*.json")
    for path in (html_path, json_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert short_hash("sarah.khan@example.com") in path.name
    html = html_path.read_text()
    assert "Oliver &lt;b&gt;seating&lt;/b&gt;" in html and "<b>seating" not in html
    assert "SITTING NEXT TO THAT BOY" in html
    assert "stage3" in html and "deputy@school.example" in html


def test_erasure_removes_everything_and_keeps_the_other_parent(app):
    with session_scope(app.engine) as s:
        mum = find_parent(s, "sarah.khan@example.com")
        assert mum is not None
        counts = erase_parent(
            s, gather(s, mum), by="Ms Data (DPO)", now=EVENING + timedelta(days=1)
        )
    assert counts["messages"] == 2 and counts["cases"] == 1
    rows = everything(app)
    for trace in (
        "sarah.khan",
        "sitting next to that boy",
        "mum1@example.com",
        "reply1@school.example",
        "mr hale",
        "repeated shouting",
        "seating",
    ):
        assert trace not in rows, trace
    assert "jo.bloggs@example.com" in rows and OTHER_WORDS.lower() in rows
    with Session(app.engine) as s:
        assert [p.address for p in s.exec(select(Parent)).all()] == ["jo.bloggs@example.com"]
        assert len(s.exec(select(Thread)).all()) == 1
        (erased,) = s.exec(select(AuditEvent).where(AuditEvent.action == "parent.erased")).all()
        kept = s.exec(select(AuditEvent).where(AuditEvent.action == "case.stage3")).one()
    assert erased.actor == "Ms Data (DPO)" and erased.parent_id is None
    assert erased.detail["ref"] == short_hash("sarah.khan@example.com")
    assert erased.detail["counts"]["messages"] == 2
    # The decision still shows in the audit trail, as a bare fact about no one.
    assert (
        kept.actor == "Mrs Head"
        and kept.parent_id is None
        and kept.detail == {"erased": short_hash("sarah.khan@example.com")}
    )


def test_a_reply_to_an_erased_message_starts_a_new_thread(app, mb, tmp_path):
    """Message-IDs of erased mail resurrect nothing: Mum's next email quoting the old one
    is a new parent, a new thread, with no link to what was erased."""
    with session_scope(app.engine) as s:
        erase_parent(
            s,
            gather(s, find_parent(s, "sarah.khan@example.com")),
            by="DPO",
            now=EVENING + timedelta(days=1),
        )
    mb.append(
        "INBOX",
        make_mail(
            sender=MUM,
            subject="Re: Oliver seating",
            message_id="mum2@example.com",
            in_reply_to="mum1@example.com",
            references=["mum1@example.com"],
            body="Thank you for the call.",
        ),
        EVENING + timedelta(days=2),
    )
    after = cycle(tmp_path, mb, EVENING + timedelta(days=2, hours=1))
    with Session(after.engine) as s:
        new = s.exec(select(Message).where(Message.message_id == "mum2@example.com")).one()
        assert (
            s.exec(select(Message).where(Message.message_id == "mum1@example.com")).first() is None
        )
        in_thread = s.exec(select(Message.message_id).where(Message.thread_id == new.thread_id))
        assert in_thread.all() == ["mum2@example.com"]
    assert new.thread_id is not None and new.thread_reason == "first open matter for this parent"


def test_erase_command_refuses_without_yes_when_not_interactive(app, tmp_path, capsys):
    config = write_config(app, tmp_path)
    args = ["--config", str(config), "erase", "--parent", "sarah.khan@example.com", "--by", "DPO"]
    assert main(args) == 1
    out = capsys.readouterr()
    assert "2 messages" in out.out and "--yes" in out.err
    assert "sarah.khan@example.com" in everything(app)
    assert main([*args, "--yes"]) == 0
    out = capsys.readouterr().out
    assert "mail server is untouched" in out
    assert "sarah.khan" not in everything(app)
    assert main([*args, "--yes"]) == 1  # nothing left to erase
