"""The response promise end to end: real Dovecot, real SMTP (aiosmtpd), the real CLI.

Times are in November 2026 (GMT, so London time equals UTC): Friday 20 November, Monday 23.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon.app import build_app
from daemon.cli import main
from daemon.config import load_settings
from daemon.store.models import Message, Outbox
from tests.support.mail import make_mail

pytestmark = pytest.mark.dovecot

FRI_1800 = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
SAT_1000 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
MUM = "Sarah Khan <sarah.khan@example.com>"


@pytest.fixture
def config(tmp_path, mailbox, smtp_sink, monkeypatch):
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", mailbox.password)
    mailbox.create_folder("No reply needed")
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[school]
name = "Oakfield Primary"
staff_domains = ["school.example"]
safeguarding_phone = "01632 960 123"
[mailbox]
host = "{mailbox.host}"
port = {mailbox.port}
tls = "none"
username = "{mailbox.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
folders = ["INBOX"]
no_reply_folder = "No reply needed"
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
[calendar]
holidays = [["2026-12-19", "2027-01-04"]]
[smtp]
host = "{smtp_sink.host}"
port = {smtp_sink.port}
tls = "none"
[[staff]]
name = "Office team"
email = "office-team@school.example"
role = "office"
"""
    )
    return path


def steward(config, *args, capsys=None):
    if capsys:
        capsys.readouterr()  # drop what earlier commands printed
    code = main(["--config", str(config), *args])
    out = capsys.readouterr().out if capsys else ""
    return code, out


def once(config, now: datetime) -> int:
    return steward(config, "once", "--now", now.isoformat())[0]


def messages(config) -> dict[str, Message]:
    app = build_app(load_settings(config))
    with Session(app.engine) as s:
        return {m.message_id: m for m in s.exec(select(Message)).all()}


def outbox(config) -> list[Outbox]:
    app = build_app(load_settings(config))
    with Session(app.engine) as s:
        return list(s.exec(select(Outbox)).all())


def test_friday_evening_email_gets_one_holding_reply_naming_wednesday(
    config, mailbox, smtp_sink
):
    """18:00 on a Friday: one holding reply, to the sender, saying "by 4pm on Wednesday 25
    November", threaded to the parent's email and marked as automatic. A second email that
    weekend gets none."""
    # A first cycle in the afternoon, so the evening mail is not "found on the first run".
    assert once(config, FRI_1800 - timedelta(hours=3)) == 0
    mailbox.append(
        "INBOX",
        make_mail(sender=MUM, subject="Oliver's reading book", message_id="fri@example.com",
                  body="Hello, Oliver has lost his reading book. Can he have a new one?\n\nSarah",
                  headers={"Return-Path": "<sarah.khan@example.com>"}),
        FRI_1800,
    )
    assert once(config, FRI_1800 + timedelta(minutes=5)) == 0
    (reply,) = smtp_sink.wait_for(1)
    body = reply.message.get_body(("plain",)).get_content()
    assert reply.rcpt_tos == ("sarah.khan@example.com",)
    assert "by 4pm on Wednesday 25 November" in body
    assert "01632 960 123" in body
    assert reply.message["Auto-Submitted"] == "auto-replied"
    assert reply.message["X-Auto-Response-Suppress"] == "All"
    assert reply.message["In-Reply-To"] == "<fri@example.com>"
    assert "<fri@example.com>" in reply.message["References"]
    assert reply.message["Subject"] == "Re: Oliver's reading book"
    html = reply.message.get_body(("html",)).get_content()
    assert "Wednesday 25 November" in html

    mailbox.append(
        "INBOX",
        make_mail(sender=MUM, subject="Also: PE kit", message_id="sat@example.com",
                  body="Sorry, one more thing: where is his PE kit? Thanks, Sarah"),
        SAT_1000,
    )
    assert once(config, SAT_1000 + timedelta(minutes=5)) == 0
    assert len(smtp_sink.messages()) == 1
    stored = messages(config)
    assert stored["fri@example.com"].holding == "queued"
    assert "already had one" in stored["sat@example.com"].holding
    assert stored["fri@example.com"].ack_due == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


def test_first_run_over_old_mail_sends_nothing(config, mailbox, smtp_sink):
    """Installing on a mailbox full of mail answers none of it, even mail from this evening."""
    for n in range(8):
        mailbox.append(
            "INBOX",
            make_mail(sender=f"Parent {n} <p{n}@example.com>", subject=f"Question {n}",
                      message_id=f"old{n}@example.com", body=f"Question number {n}?"),
            FRI_1800 - timedelta(days=20 - n * 2, hours=n),
        )
    mailbox.append("INBOX", make_mail(sender=MUM, message_id="tonight@example.com"), FRI_1800)
    assert once(config, FRI_1800 + timedelta(hours=1)) == 0
    # Only the staff digest of what is waiting goes out; no parent hears anything.
    assert [m.rcpt_tos for m in smtp_sink.messages()] == [("office-team@school.example",)]
    stored = messages(config)
    assert all(m.holding.startswith("skipped") for m in stored.values())
    assert "first run" in stored["tonight@example.com"].holding


def test_downtime_into_core_hours_sends_nothing_for_the_night(config, mailbox, smtp_sink):
    """Mail from Friday evening first seen on Monday at 09:00: the office is open, no reply."""
    assert once(config, FRI_1800 - timedelta(hours=3)) == 0
    mailbox.append("INBOX", make_mail(sender=MUM, message_id="late@example.com"), FRI_1800)
    assert once(config, datetime(2026, 11, 23, 9, 0, tzinfo=UTC)) == 0
    assert smtp_sink.messages() == []
    assert "is over" in messages(config)["late@example.com"].holding


@pytest.mark.parametrize(
    "headers, sender",
    [
        ({"Auto-Submitted": "auto-replied"}, MUM),
        ({"List-Id": "<year6.lists.example.org>", "Precedence": "list"}, MUM),
        ({}, "ParentPay <noreply@parentpay.example>"),
        ({"X-Auto-Response-Suppress": "OOF"}, MUM),
    ],
    ids=["auto-reply", "list", "no-reply sender", "suppress OOF"],
)
def test_robots_and_lists_get_nothing(config, mailbox, smtp_sink, headers, sender):
    assert once(config, FRI_1800 - timedelta(hours=3)) == 0
    mailbox.append("INBOX", make_mail(sender=sender, message_id="x@example.com", headers=headers), FRI_1800)
    assert once(config, FRI_1800 + timedelta(minutes=5)) == 0
    assert smtp_sink.messages() == []
    assert messages(config)["x@example.com"].holding.startswith("skipped")


def test_a_restart_between_queueing_and_sending_sends_once(config, mailbox, smtp_sink):
    """SMTP down when the reply is queued; a new process later sends it exactly once."""
    assert once(config, FRI_1800 - timedelta(hours=3)) == 0
    mailbox.append("INBOX", make_mail(sender=MUM, message_id="r@example.com"), FRI_1800)
    smtp_sink.stop()
    assert once(config, FRI_1800 + timedelta(minutes=1)) == 0
    (row,) = outbox(config)
    assert row.state == "pending"
    smtp_sink.start()
    for minutes in (10, 20, 30):  # three more processes, each a fresh start
        assert once(config, FRI_1800 + timedelta(minutes=minutes)) == 0
    assert len(smtp_sink.wait_for(1)) == 1
    assert [r.state for r in outbox(config)] == ["sent"]


def test_a_crash_mid_send_never_sends_a_second_copy(config, mailbox, smtp_sink):
    """A process killed after handing the reply to SMTP but before recording it leaves the row
    in "sending"; the next start does not send it again."""
    assert once(config, FRI_1800 - timedelta(hours=3)) == 0
    mailbox.append("INBOX", make_mail(sender=MUM, message_id="c@example.com"), FRI_1800)
    assert once(config, FRI_1800 + timedelta(minutes=1)) == 0
    assert len(smtp_sink.wait_for(1)) == 1
    app = build_app(load_settings(config))
    with Session(app.engine) as s:  # as if the crash came before "sent" was committed
        row = s.exec(select(Outbox)).one()
        row.state = "sending"
        s.add(row)
        s.commit()
    assert once(config, FRI_1800 + timedelta(minutes=10)) == 0
    assert len(smtp_sink.messages()) == 1
    assert [r.state for r in outbox(config)] == ["uncertain"]


def test_staff_reply_in_sent_clears_the_thread_from_the_overdue_digest(
    config, mailbox, smtp_sink, capsys
):
    thu = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
    mailbox.append(
        "INBOX",
        make_mail(sender=MUM, subject="Residential trip deposit", message_id="trip@example.com",
                  body="Hello, has the deposit for the Year 6 residential been received? Sarah"),
        thu,
    )
    assert once(config, thu + timedelta(hours=1)) == 0
    code, out = steward(config, "digest", "--print", "--now", "2026-11-20T07:30:00+00:00", capsys=capsys)
    assert code == 0
    assert "OVERDUE" in out and "Residential trip deposit" in out
    code, out = steward(config, "threads", "--json", "--now", "2026-11-20T07:30:00+00:00", capsys=capsys)
    (thread,) = json.loads(out)
    assert thread["overdue"] is True and thread["acknowledged_at"] is None
    assert thread["ack_due"] == "2026-11-17T10:00:00+00:00"

    mon = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    mailbox.append(
        "Sent",
        make_mail(sender="Oakfield Office <office@school.example>", to=MUM,
                  subject="Re: Residential trip deposit", message_id="answer@school.example",
                  in_reply_to="trip@example.com", references=["trip@example.com"],
                  body="Dear Mrs Khan, yes, we have received it. Office"),
        mon,
        flags=[b"\\Seen"],
    )
    assert once(config, mon + timedelta(minutes=5)) == 0
    code, out = steward(config, "digest", "--print", "--now", "2026-11-24T07:30:00+00:00", capsys=capsys)
    assert "Residential trip deposit" not in out
    code, out = steward(config, "threads", "--json", "--now", "2026-11-24T07:30:00+00:00", capsys=capsys)
    (thread,) = json.loads(out)
    assert thread["overdue"] is False
    assert thread["acknowledged_at"] == "2026-11-23T09:00:00+00:00"
    assert thread["acknowledged_by"] == "Oakfield Office"


def test_answered_flag_and_no_reply_folder_acknowledge(config, mailbox, smtp_sink, capsys):
    """\\Answered set by a mail client, or a move to the "no reply needed" folder, clears a
    waiting email; `steward ack` records a phone call."""
    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    for n, sender in enumerate(["A <a@example.com>", "B <b@example.com>", "C <c@example.com>"]):
        mailbox.append("INBOX", make_mail(sender=sender, subject=f"Question {n}",
                                          message_id=f"q{n}@example.com",
                                          body=f"Could you tell me about item {n}?"), t)
    assert once(config, t + timedelta(hours=1)) == 0
    with mailbox.session() as client:  # a person replies in Outlook: \Answered is set
        client.select_folder("INBOX")
        uid = client.search(["HEADER", "Message-ID", "q0@example.com"])[0]
        client.add_flags([uid], [b"\\Answered"])
        uid = client.search(["HEADER", "Message-ID", "q1@example.com"])[0]
        client.copy([uid], "No reply needed")
    assert once(config, t + timedelta(hours=2)) == 0
    stored = messages(config)
    assert stored["q0@example.com"].ack_source == "answered_flag"
    assert stored["q1@example.com"].ack_source == "no_reply_folder"
    assert stored["q2@example.com"].acknowledged_at is None
    thread_id = stored["q2@example.com"].thread_id
    code, out = steward(config, "ack", str(thread_id), "--by", "Mrs Patel (phoned)",
                        "--now", (t + timedelta(hours=3)).isoformat(), capsys=capsys)
    assert code == 0
    stored = messages(config)
    assert stored["q2@example.com"].acknowledged_by == "Mrs Patel (phoned)"
    assert smtp_sink.messages() == []  # all in core hours: no holding replies


def test_answered_flags_are_read_by_modification_sequence(config, mailbox, capsys, monkeypatch):
    """With CONDSTORE (Dovecot has it) the daemon asks only what changed since its last look:
    a mailbox where nothing changed is not searched, and a flag set since still counts, also
    after the folder's UIDVALIDITY changes."""
    import imapclient

    from daemon.mailbox.imap import ImapSource
    from daemon.store.models import FolderState

    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    for n in range(3):
        mailbox.append("INBOX", make_mail(sender=f"P{n} <p{n}@example.com>",
                                          subject=f"Lost coat {n}", message_id=f"c{n}@example.com",
                                          body=f"Has anyone handed in coat number {n}?"), t)
    assert once(config, t + timedelta(minutes=5)) == 0

    def modseq() -> int | None:
        app = build_app(load_settings(config))
        with Session(app.engine) as s:
            return s.get(FolderState, "INBOX").flags_modseq

    assert modseq() is None  # flags are first read once clocks run: the next cycle
    assert once(config, t + timedelta(minutes=7)) == 0
    first = modseq()
    assert first is not None
    # From here on, reading the waiting messages' flags one by one would be the slow path.
    monkeypatch.setattr(ImapSource, "flags", lambda *a: pytest.fail("flags read one by one"))
    searches: list[list[str]] = []
    search = imapclient.IMAPClient.search
    monkeypatch.setattr(imapclient.IMAPClient, "search",
                        lambda self, criteria="ALL", charset=None: searches.append(criteria)
                        or search(self, criteria, charset))
    assert once(config, t + timedelta(minutes=10)) == 0
    assert [c for c in searches if "ANSWERED" in c] == []  # nothing changed: nothing asked
    assert modseq() == first

    with mailbox.session() as client:  # replies in Outlook to one; a colleague flags another
        client.select_folder("INBOX")
        client.add_flags([client.search(["HEADER", "Message-ID", "c0@example.com"])[0]],
                         [b"\\Answered"])
        client.add_flags([client.search(["HEADER", "Message-ID", "c1@example.com"])[0]],
                         [b"\\Flagged"])
    assert once(config, t + timedelta(minutes=15)) == 0
    assert ["MODSEQ", str(first), "ANSWERED"] in searches
    stored = messages(config)
    assert stored["c0@example.com"].ack_source == "answered_flag"
    assert stored["c1@example.com"].acknowledged_at is None
    assert modseq() > first

    # The folder is rebuilt (new UIDVALIDITY) and c2 is answered meanwhile: the old mark no
    # longer applies, so every answered message is asked for once.
    mailbox.reset_uidvalidity("INBOX")
    with mailbox.session() as client:
        client.select_folder("INBOX")
        client.add_flags([client.search(["HEADER", "Message-ID", "c2@example.com"])[0]],
                         [b"\\Answered"])
    assert once(config, t + timedelta(minutes=20)) == 0
    assert ["ANSWERED"] in searches
    assert messages(config)["c2@example.com"].ack_source == "answered_flag"
    assert messages(config)["c1@example.com"].acknowledged_at is None


def test_daily_digest_goes_once_per_working_day(config, mailbox, smtp_sink):
    t = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    mailbox.append("INBOX", make_mail(sender=MUM, subject="Uniform sizes",
                                      message_id="u@example.com",
                                      body="Which sizes do the jumpers come in?"), t)
    assert once(config, t) == 0
    # Thursday 19 November: before 07:30 nothing; from 07:30 one digest, however many cycles.
    assert once(config, datetime(2026, 11, 19, 7, 0, tzinfo=UTC)) == 0
    assert smtp_sink.messages() == []
    for minute in (31, 45, 59):
        assert once(config, datetime(2026, 11, 19, 7, minute, tzinfo=UTC)) == 0
    (digest,) = smtp_sink.wait_for(1)
    assert digest.rcpt_tos == ("office-team@school.example",)
    assert "Uniform sizes" in digest.message.get_body(("plain",)).get_content()
    # Saturday: not a working day; no digest. Monday after downtime until 11:00: caught up.
    assert once(config, datetime(2026, 11, 21, 8, 0, tzinfo=UTC)) == 0
    assert len(smtp_sink.messages()) == 1
    assert once(config, datetime(2026, 11, 23, 11, 0, tzinfo=UTC)) == 0
    assert len(smtp_sink.wait_for(2)) == 2
