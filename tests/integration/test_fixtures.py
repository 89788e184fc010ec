"""The test fixtures themselves: a real Dovecot and a real SMTP server behave as tests assume."""

# Note: FETCH FLAGS shows \Recent to the first session that sees a message, even under
# EXAMINE; it is per session, not stored, so comparisons below leave it out (folder_flags too).

from __future__ import annotations

import os
import smtplib
import socket
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.support.mail import make_mail

pytestmark = pytest.mark.dovecot

T0 = datetime(2025, 3, 14, 18, 30, 5, tzinfo=UTC)


def _stored(flags):
    return tuple(f for f in flags if f != b"\\Recent")


def test_fresh_mailbox_is_empty_with_special_use_folders(mailbox):
    with mailbox.session() as client:
        folders = {name: flags for flags, _sep, name in client.list_folders()}
        assert client.folder_status("INBOX", ["MESSAGES"])[b"MESSAGES"] == 0
        assert b"UIDPLUS" in client.capabilities() and b"IDLE" in client.capabilities()
    assert {"INBOX", "Sent", "Drafts", "Trash"} <= set(folders)
    assert b"\\Sent" in folders["Sent"]


def test_append_keeps_a_past_internaldate(mailbox):
    """INTERNALDATE comes back exactly, as an aware datetime in the zone it was given."""
    bst = timezone(timedelta(hours=1))
    uid1 = mailbox.append("INBOX", make_mail(subject="one"), T0)
    uid2 = mailbox.append(
        "Parents/Year 4", make_mail(subject="two"), datetime(2024, 7, 1, 8, 0, tzinfo=bst)
    )
    assert (uid1, uid2) == (1, 1)
    with mailbox.session() as client:
        client.normalise_times = False
        client.select_folder("INBOX", readonly=True)
        (got,) = client.fetch([uid1], ["INTERNALDATE"]).values()
        client.select_folder("Parents/Year 4", readonly=True)
        (got2,) = client.fetch([uid2], ["INTERNALDATE"]).values()
    assert got[b"INTERNALDATE"] == T0 and got[b"INTERNALDATE"].tzinfo is not None
    # The instant is kept; Maildir keeps no zone, so it comes back in the server's zone.
    assert got2[b"INTERNALDATE"] == datetime(2024, 7, 1, 7, 0, tzinfo=UTC)


def test_body_peek_on_examined_folder_sets_no_flag(mailbox):
    raw = make_mail(subject="Unread", body="Please do not mark me read.")
    mailbox.append("INBOX", raw, T0)
    mailbox.append("INBOX", make_mail(subject="Answered"), T0, flags=[b"\\Answered"])
    before = mailbox.folder_flags("INBOX")
    assert before == {1: (), 2: (b"\\Answered",)}
    with mailbox.session() as client:
        client.select_folder("INBOX", readonly=True)
        data = client.fetch([1, 2], ["BODY.PEEK[]", "FLAGS"])
    assert data[1][b"BODY[]"].replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert mailbox.folder_flags("INBOX") == before


def test_reset_uidvalidity_keeps_messages_under_new_uids(mailbox):
    for n in range(3):
        mailbox.append(
            "INBOX",
            make_mail(subject=f"m{n}", message_id=f"m{n}@x"),
            T0 + timedelta(hours=n),
            flags=[b"\\Seen"] if n == 1 else (),
        )
    before = mailbox.status("INBOX")
    assert mailbox.uids("INBOX") == [1, 2, 3]

    new_validity = mailbox.reset_uidvalidity("INBOX")

    after = mailbox.status("INBOX")
    assert after[b"UIDVALIDITY"] == new_validity != before[b"UIDVALIDITY"]
    assert after[b"MESSAGES"] == 3
    uids = mailbox.uids("INBOX")
    assert not set(uids) & {1, 2, 3}
    with mailbox.session() as client:
        client.normalise_times = False
        sel = client.select_folder("INBOX", readonly=True)
        assert sel[b"UIDVALIDITY"] == new_validity
        rows = client.fetch(uids, ["INTERNALDATE", "FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
    got = [
        (
            rows[u][b"INTERNALDATE"],
            _stored(rows[u][b"FLAGS"]),
            rows[u][b"BODY[HEADER.FIELDS (SUBJECT)]"].strip(),
        )
        for u in uids
    ]
    assert got == [
        (T0 + timedelta(hours=n), (b"\\Seen",) if n == 1 else (), f"Subject: m{n}".encode())
        for n in range(3)
    ]
    # Mail after the reset gets the next UID in the new numbering.
    assert mailbox.append("INBOX", make_mail(subject="later"), T0) == uids[-1] + 1


def test_reset_uidvalidity_of_another_folder(mailbox):
    mailbox.create_folder("Filed")
    for n in range(2):
        mailbox.append("Filed", make_mail(subject=f"f{n}"), T0)
    with mailbox.session() as client:
        client.select_folder("Filed")
        client.delete_messages([1])
        client.expunge()
    assert mailbox.uids("Filed") == [2]
    old = mailbox.status("Filed")[b"UIDVALIDITY"]
    assert mailbox.reset_uidvalidity("Filed") != old
    assert mailbox.uids("Filed") == [3]
    with mailbox.session() as client:
        names = [name for _f, _s, name in client.list_folders()]
    assert sorted(names) == ["Drafts", "Filed", "INBOX", "Sent", "Trash"]  # no scratch folder left


def test_restart_keeps_mail_port_and_cuts_off_clients(dovecot, mailbox):
    mailbox.append("INBOX", make_mail(subject="survives"), T0)
    port = dovecot.port
    old = mailbox.client()
    old.select_folder("INBOX", readonly=True)
    started = time.monotonic()
    dovecot.restart()
    assert time.monotonic() - started < 2
    assert dovecot.port == port == mailbox.port
    with pytest.raises(Exception):  # noqa: B017 - any socket/IMAP error: the server went away
        old.noop()
    assert mailbox.uids("INBOX") == [1]


def test_stopped_server_refuses_connections(dovecot, mailbox):
    dovecot.stop()
    try:
        with pytest.raises(OSError):
            socket.create_connection((dovecot.host, dovecot.port), timeout=2).close()
    finally:
        dovecot.start()
    assert mailbox.uids("INBOX") == []


def test_each_test_gets_its_own_user(dovecot, mailbox):
    other = dovecot.add_user("someone-else@school.example")
    other.append("INBOX", make_mail(subject="not yours"), T0)
    assert mailbox.uids("INBOX") == [] and other.uids("INBOX") == [1]
    assert mailbox.user != dovecot.user and mailbox.port == dovecot.port


def test_files_dropped_into_the_maildir_are_seen(mailbox):
    """Direct Maildir writes (as the benchmark does): INTERNALDATE is the file's mtime."""
    when = datetime(2023, 9, 4, 7, 45, tzinfo=UTC)
    for folder in ("INBOX", "Sent"):
        cur = mailbox.maildir_path(folder) / "cur"
        path = cur / f"{int(when.timestamp())}.M1P{os.getpid()}.test:2,S"
        path.write_bytes(make_mail(subject=f"dropped in {folder}"))
        os.utime(path, (when.timestamp(), when.timestamp()))
    mailbox.fix_ownership()
    with mailbox.session() as client:
        client.normalise_times = False
        for folder in ("INBOX", "Sent"):
            client.select_folder(folder, readonly=True)
            (row,) = client.fetch(client.search(["ALL"]), ["INTERNALDATE", "FLAGS"]).values()
            assert row[b"INTERNALDATE"] == when and _stored(row[b"FLAGS"]) == (b"\\Seen",)


def test_idle_reports_new_mail(mailbox):
    client = mailbox.client()
    try:
        client.select_folder("INBOX", readonly=True)
        client.idle()
        mailbox.append("INBOX", make_mail(subject="wake up"), T0)
        responses = client.idle_check(timeout=5)
        client.idle_done()
    finally:
        client.logout()
    assert (1, b"EXISTS") in responses


def test_smtp_sink_records_what_smtplib_sends(smtp_sink):
    raw = make_mail(
        sender="Office <office@school.example>",
        to="parent@example.com",
        subject="Holding reply",
        headers={"Auto-Submitted": "auto-replied"},
    ).replace(b"\n", b"\r\n")  # as on the wire: smtplib adds no line ending then
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=5) as smtp:
        smtp.sendmail("office@school.example", ["parent@example.com", "dsl@school.example"], raw)
    (mail,) = smtp_sink.wait_for(1, timeout=5)
    assert mail.mail_from == "office@school.example"
    assert mail.rcpt_tos == ("parent@example.com", "dsl@school.example")
    assert mail.message["Auto-Submitted"] == "auto-replied"
    assert mail.data == raw
    assert abs((datetime.now(UTC) - mail.received_at).total_seconds()) < 10
    smtp_sink.clear()
    assert smtp_sink.messages() == []
    with pytest.raises(TimeoutError):
        smtp_sink.wait_for(1, timeout=0.1)


def test_smtp_sink_can_play_dead(smtp_sink):
    port = smtp_sink.port
    smtp_sink.stop()
    with pytest.raises(OSError):
        smtplib.SMTP(smtp_sink.host, port, timeout=2)
    smtp_sink.start()
    assert smtp_sink.port == port
    with smtplib.SMTP(smtp_sink.host, port, timeout=5) as smtp:
        smtp.sendmail("a@example.com", ["b@example.com"], b"Subject: back\r\n\r\nhello\r\n")
    assert smtp_sink.wait_for(1)[0].message["Subject"] == "back"
