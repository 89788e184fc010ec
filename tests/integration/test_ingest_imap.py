"""Ingest from a real Dovecot: nothing changed on the server, nothing lost, nothing doubled."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from daemon.app import build_app
from daemon.cli import main
from daemon.store.models import Message, MessageLocation, Quarantine
from tests.support.mail import make_mail

pytestmark = pytest.mark.dovecot

T0 = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


@pytest.fixture
def config(tmp_path, mailbox, monkeypatch):
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", mailbox.password)
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[school]
staff_domains = ["school.example"]
[mailbox]
host = "{mailbox.host}"
port = {mailbox.port}
tls = "none"
username = "{mailbox.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
folders = ["INBOX"]
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
[ingest]
batch_size = 4
"""
    )
    return path


def steward(config, *args, capsys=None):
    code = main(["--config", str(config), *args])
    out = capsys.readouterr().out if capsys else ""
    return code, out


def settings_of(config):
    from daemon.config import load_settings

    return load_settings(config)


def db_count(config, model, *where):
    app = build_app(settings_of(config))
    with Session(app.engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def parent_mail(n: int, **kw) -> bytes:
    kw.setdefault("sender", f"Parent {n} <parent{n}@example.com>")
    kw.setdefault("subject", f"Matter {n}")
    kw.setdefault("message_id", f"p{n}@example.com")
    kw.setdefault("body", f"Dear office,\n\nA question about item {n}.\n\nThanks")
    return make_mail(**kw)


def test_first_then_incremental_run(config, mailbox, capsys):
    """The first cycle stores all mail; the next stores only what is new, once."""
    for n in range(6):
        mailbox.append("INBOX", parent_mail(n), T0 + timedelta(minutes=n))
    assert steward(config, "once", capsys=capsys)[0] == 0
    assert db_count(config, Message) == 6

    mailbox.append("INBOX", parent_mail(6), T0 + timedelta(hours=1))
    assert steward(config, "once", capsys=capsys)[0] == 0
    assert steward(config, "once", capsys=capsys)[0] == 0
    code, out = steward(config, "messages", "--json", capsys=capsys)
    rows = json.loads(out)
    assert len(rows) == 7
    assert {tuple(sorted(r)) for r in rows} == {tuple(sorted(rows[0]))}
    first = rows[0]
    assert {"message_id", "folder", "uid", "received_at", "sender_kind", "thread_id"} <= set(first)
    assert first["folder"] == "INBOX" and first["uid"] == 1
    assert first["received_at"] == "2026-11-09T09:00:00+00:00"  # INTERNALDATE, not Date:


def test_receipt_time_is_internaldate_not_the_date_header(config, mailbox, capsys):
    """A parent's wrong clock does not move the receipt time."""
    raw = parent_mail(1, date=datetime(2020, 1, 1, tzinfo=UTC))
    mailbox.append("INBOX", raw, datetime(2026, 11, 10, 18, 0, tzinfo=UTC))
    steward(config, "once", capsys=capsys)
    (row,) = json.loads(steward(config, "messages", "--json", capsys=capsys)[1])
    assert row["received_at"] == "2026-11-10T18:00:00+00:00"


def test_server_flags_are_unchanged_by_ingest(config, mailbox, capsys):
    """Unread mail stays unread; no flag is added or removed on the server."""
    mailbox.append("INBOX", parent_mail(1), T0)
    mailbox.append("INBOX", parent_mail(2), T0, flags=[b"\\Seen"])
    mailbox.append("INBOX", parent_mail(3), T0, flags=[b"\\Answered", b"\\Flagged"])
    before = mailbox.folder_flags("INBOX")
    assert steward(config, "once", capsys=capsys)[0] == 0
    assert mailbox.folder_flags("INBOX") == before
    assert b"\\Seen" not in before[1]


def test_message_filed_into_another_folder_is_one_message(config, mailbox, capsys, tmp_path):
    """Staff copying a message into a folder does not make a second message."""
    mailbox.create_folder("Parents")
    mailbox.append("INBOX", parent_mail(1), T0)
    steward(config, "once", capsys=capsys)
    client = mailbox.client()
    client.select_folder("INBOX")
    client.copy([1], "Parents")
    client.logout()
    text = config.read_text().replace('folders = ["INBOX"]', 'folders = ["INBOX", "Parents"]')
    config.write_text(text)
    assert steward(config, "once", capsys=capsys)[0] == 0
    assert db_count(config, Message) == 1
    assert db_count(config, MessageLocation) == 2


def test_uidvalidity_reset_does_not_duplicate(config, mailbox, capsys):
    """A server migration that renumbers a folder leads to a re-read, not to duplicates."""
    for n in range(3):
        mailbox.append("INBOX", parent_mail(n), T0)
    steward(config, "once", capsys=capsys)
    mailbox.reset_uidvalidity("INBOX")
    mailbox.append("INBOX", parent_mail(3), T0)
    code, out = steward(config, "once", capsys=capsys)
    assert code == 0 and "UIDVALIDITY changed" in out
    assert db_count(config, Message) == 4


def test_server_restart_mid_run_loses_and_doubles_nothing(config, mailbox, dovecot):
    """Dovecot restarting between batches: the cycle reconnects and carries on."""
    for n in range(10):
        mailbox.append("INBOX", parent_mail(n), T0 + timedelta(minutes=n))
    restarted = []

    def restart_once(folder, checkpoint):
        if not restarted:
            restarted.append(checkpoint)
            dovecot.restart()

    app = build_app(settings_of(config))
    report = app.runner(after_batch=restart_once, backoff_seconds=0.2).run_cycle()
    assert restarted == [4]
    assert report.ok, report.errors
    assert db_count(config, Message) == 10


def test_dead_server_is_an_error_not_a_crash(tmp_path, capsys, monkeypatch):
    """No server listening: `once` retries, says what failed and exits 1."""
    monkeypatch.setenv("X_PW", "x")
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[mailbox]
host = "127.0.0.1"
port = 9
tls = "none"
username = "u"
password_env = "X_PW"
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
"""
    )
    app = build_app(settings_of(path))
    report = app.runner(backoff_seconds=0.01).run_cycle()
    assert not report.ok and "cannot reach the IMAP server" in report.errors[0]


HOSTILE = {
    "broken charset": b"From: a@example.com\r\nTo: office@school.example\r\nSubject: x\r\n"
    b'Message-ID: <cs@example.com>\r\nContent-Type: text/plain; charset="x-no-such"\r\n\r\n'
    b"caf\xe9 \xff\xfe\r\n",
    "truncated multipart": b"From: b@example.com\r\nTo: office@school.example\r\nSubject: y\r\n"
    b"Message-ID: <tr@example.com>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="zzz"\r\n\r\n--zzz\r\n'
    b"Content-Type: text/plain\r\n\r\nhello there\r\n--zzz\r\nContent-Type: application/pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK",
    "8-bit headers": b"From: \xc3\x89lodie M\xfcller <elodie@example.com>\r\nTo: office@school.example\r\n"
    b"Subject: R\xe9union \xc3\xa0 l'\xc3\xa9cole\r\nMessage-ID: <8bit@example.com>\r\n\r\nBonjour\r\n",
    "no From": b"To: office@school.example\r\nSubject: anonymous\r\nMessage-ID: <nofrom@example.com>\r\n\r\nwho am I\r\n",
    "no headers at all": b"just some text with no header block at all\r\n",
    "nul bytes": b"From: c@example.com\r\nSubject: nul\r\nMessage-ID: <nul@example.com>\r\n\r\nA\x00B\r\n",
}


def test_malformed_and_hostile_messages_are_all_kept(config, mailbox, capsys):
    """Every message is stored or quarantined with its bytes: none is lost, ingest goes on."""
    for raw in HOSTILE.values():
        mailbox.append("INBOX", raw, T0)
    big = make_mail(
        subject="Scanned letter",
        message_id="big@example.com",
        attachments=[("scan.pdf", "application/pdf", b"%PDF-1.4\n" + bytes(20 * 1024 * 1024))],
    )
    mailbox.append("INBOX", big, T0)
    mailbox.append("INBOX", parent_mail(99), T0)
    assert steward(config, "once", capsys=capsys)[0] == 0
    stored = db_count(config, Message)
    quarantined = db_count(config, Quarantine)
    assert stored + quarantined == len(HOSTILE) + 2
    app = build_app(settings_of(config))
    with Session(app.engine) as s:
        letter = s.exec(select(Message).where(Message.message_id == "big@example.com")).one()
        assert letter.attachments[0]["filename"] == "scan.pdf"
        assert letter.attachments[0]["size"] > 20 * 1024 * 1024
        nofrom = s.exec(select(Message).where(Message.message_id == "nofrom@example.com")).one()
        assert nofrom.sender_kind == "automated" and nofrom.thread_id is None
        eight = s.exec(select(Message).where(Message.message_id == "8bit@example.com")).one()
        assert "lodie" in eight.from_name


def test_quarantine_is_listed_with_folder_uid_stage_and_error(config, mailbox, capsys, monkeypatch):
    """What could not be processed is shown by `steward quarantine` and counted by doctor."""
    from daemon.pipeline import stages

    def broken_parse(ctx, work):
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "simulated parser bug")

    monkeypatch.setattr(stages, "STAGES", (("parse", broken_parse), *stages.STAGES[1:]))
    mailbox.append("INBOX", parent_mail(1), datetime(2026, 11, 10, 8, 0, tzinfo=UTC))
    steward(config, "once", capsys=capsys)
    (row,) = json.loads(steward(config, "quarantine", "--json", capsys=capsys)[1])
    assert (row["folder"], row["uid"], row["stage"]) == ("INBOX", 1, "parse")
    assert row["received_at"] == "2026-11-10T08:00:00+00:00"
    assert "simulated parser bug" in row["error"]
    code, out = steward(config, "doctor", capsys=capsys)
    assert "1 message(s) could not be processed" in out

    monkeypatch.undo()
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", mailbox.password)
    code, out = steward(config, "quarantine", "retry", capsys=capsys)
    assert code == 0 and "1 message(s) processed now" in out
    assert db_count(config, Message) == 1


def test_sent_folder_is_found_and_staff_replies_join_threads(config, mailbox, capsys):
    """The Sent folder is found by SPECIAL-USE; a staff reply there joins the parent's thread."""
    mailbox.append("INBOX", parent_mail(1, subject="Inhaler in school bag"), T0)
    mailbox.append(
        "Sent",
        make_mail(
            sender="Office <office@school.example>",
            to="parent1@example.com",
            subject="Re: Inhaler in school bag",
            message_id="r1@school.example",
            in_reply_to="p1@example.com",
            references=["p1@example.com"],
            body="Thank you, we have passed this to the school nurse.",
        ),
        T0 + timedelta(hours=3),
    )
    steward(config, "once", capsys=capsys)
    (thread,) = json.loads(steward(config, "threads", "--json", capsys=capsys)[1])
    assert [m["direction"] for m in thread["messages"]] == ["inbound", "outbound"]
    assert [m["sender_kind"] for m in thread["messages"]] == ["parent", "staff"]
    for key in ("id", "parent", "matter", "subject", "status", "opened_at", "last_activity_at"):
        assert key in thread
    assert thread["parent"] == "parent1@example.com"


def test_threading_cases_through_imap(config, mailbox, capsys):
    """Reply headers, a follow-up without them, generic subjects and two parents of one child."""
    mum, dad = "Sarah Khan <sarah.khan@example.com>", "Imran Khan <imran.khan@example.net>"
    mails = [
        # A follow-up without reply headers but with the same subject joins.
        make_mail(
            sender=mum,
            subject="Aisha's lost PE kit",
            message_id="k1@example.com",
            body="Aisha has lost her PE kit, a navy bag with her name on it.",
        ),
        make_mail(
            sender=mum,
            subject="Aisha's lost PE kit",
            message_id="k2@example.com",
            body="Just checking whether the navy PE bag has turned up in lost property?",
        ),
        # The same generic subject about two different matters does not merge.
        make_mail(
            sender=mum,
            subject="Question",
            message_id="k3@example.com",
            body="Could you tell me when the Year 4 trip to the Science Museum is, and "
            "whether the consent form is still needed?",
        ),
        make_mail(
            sender=mum,
            subject="Question",
            message_id="k4@example.com",
            body="Our ParentPay balance for dinner money looks wrong this month; we were "
            "charged twice for school lunches.",
        ),
        # A reply by headers joins even with a different subject.
        make_mail(
            sender=mum,
            subject="one more thing",
            message_id="k5@example.com",
            in_reply_to="k3@example.com",
            references=["k3@example.com"],
            body="Also, does she need a packed lunch for the trip?",
        ),
        # The other parent writes separately about the same child: their own thread.
        make_mail(
            sender=dad,
            subject="Aisha's lost PE kit",
            message_id="k6@example.com",
            body="Aisha's PE kit is missing again, the navy bag.",
        ),
    ]
    for i, raw in enumerate(mails):
        mailbox.append("INBOX", raw, T0 + timedelta(hours=i))
    steward(config, "once", capsys=capsys)
    threads = json.loads(steward(config, "threads", "--json", capsys=capsys)[1])
    members = sorted(sorted(m["message_id"] for m in t["messages"]) for t in threads)
    assert members == [
        ["k1@example.com", "k2@example.com"],
        ["k3@example.com", "k5@example.com"],
        ["k4@example.com"],
        ["k6@example.com"],
    ]
    by_parent = {t["parent"] for t in threads if t["messages"][0]["message_id"] == "k6@example.com"}
    assert by_parent == {"imran.khan@example.net"}


def test_doctor_reports_login_folders_and_a_wrong_password(config, mailbox, capsys, monkeypatch):
    """doctor says OK for a working set-up and FAIL with the reason for a bad password."""
    code, out = steward(config, "doctor", capsys=capsys)
    # The mailbox checks pass (the set-up has no DSL and has never run a cycle: FAILs there).
    assert "OK   imap login" in out and "OK   imap folder INBOX" in out, out
    assert "OK   imap sent folder: Sent" in out
    assert "FAIL imap" not in out
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", "wrong")
    code, out = steward(config, "doctor", capsys=capsys)
    assert code == 1 and "FAIL imap login" in out


def test_attachment_payloads_are_not_stored(config, mailbox, capsys):
    """Attachments are listed by name, type and size; their content is not kept."""
    payload = base64.b64encode(b"medical letter " * 100)
    mailbox.append(
        "INBOX",
        make_mail(
            subject="Letter",
            message_id="att@example.com",
            attachments=[("letter.pdf", "application/pdf", payload)],
        ),
        T0,
    )
    steward(config, "once", capsys=capsys)
    app = build_app(settings_of(config))
    with Session(app.engine) as s:
        m = s.exec(select(Message).where(Message.message_id == "att@example.com")).one()
        assert m.attachments == [
            {"filename": "letter.pdf", "content_type": "application/pdf", "size": len(payload)}
        ]
        assert payload.decode()[:40] not in (m.text or "")


def test_a_quiet_cycle_fetches_no_message_bodies(config, mailbox, capsys, monkeypatch):
    """With no new mail, `once` asks the server for folder status only: not one body."""
    import imapclient

    requested: list[list[str]] = []
    real_fetch = imapclient.IMAPClient.fetch

    def recording(self, messages, data, modifiers=None):
        items = [data] if isinstance(data, str | bytes) else list(data)
        requested.append([i.decode() if isinstance(i, bytes) else str(i) for i in items])
        return real_fetch(self, messages, data, modifiers)

    monkeypatch.setattr(imapclient.IMAPClient, "fetch", recording)
    for n in range(3):
        mailbox.append("INBOX", parent_mail(n), T0 + timedelta(minutes=n))
    steward(config, "once", capsys=capsys)
    assert any("BODY.PEEK[]" in items for items in requested)
    assert db_count(config, Message) == 3

    requested.clear()
    steward(config, "once", capsys=capsys)
    assert not [i for items in requested for i in items if i.upper().startswith(("BODY", "RFC822"))]


def test_a_large_backlog_is_parsed_in_a_worker_and_stored_as_usual(config, mailbox):
    """Parsing in a worker process, batches fetched ahead: every message stored once, in
    UID order, with the checkpoint at the end."""
    for n in range(12):
        mailbox.append("INBOX", parent_mail(n), T0 + timedelta(minutes=n))
    app = build_app(settings_of(config))
    report = app.runner(parse_worker=True).run_cycle()
    assert report.ok, report.errors
    assert report.total("stored") == 12
    with Session(app.engine) as s:
        rows = s.exec(select(MessageLocation).order_by(MessageLocation.message_pk)).all()
        assert [r.uid for r in rows] == list(range(1, 13))
        from daemon.store.models import FolderState

        assert s.get(FolderState, "INBOX").last_uid == 12
