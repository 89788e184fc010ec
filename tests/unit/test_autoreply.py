"""May a message ever get an automatic reply? RFC 3834 / RFC 5230 rules, from a table.

Each case is a message as a real client or robot writes it. A wrong "yes" answers a robot or
a mailing list (a mail loop, or a reply to hundreds of people); a wrong "no" leaves a parent
without the promised holding reply.
"""

from __future__ import annotations

import pytest

from daemon.pipeline.autoreply import reply_address, reply_blockers
from daemon.pipeline.parse import parse_message
from daemon.pipeline.sender import SchoolIdentity, classify_sender
from tests.support.mail import make_mail

SCHOOL = SchoolIdentity(
    addresses=frozenset({"office@school.example", "admin@school.example"}),
    staff_domains=frozenset({"school.example"}),
)
PARENT = "Jo Bloggs <jo.bloggs@example.com>"


def blockers(raw: bytes) -> list[str]:
    msg = parse_message(raw)
    return reply_blockers(msg, SCHOOL, classify_sender(msg, SCHOOL))


def mail(headers: dict[str, str] | None = None, **kw: object) -> bytes:
    kw.setdefault("sender", PARENT)
    return make_mail(headers=headers or {}, **kw)  # type: ignore[arg-type]


ALLOWED = {
    "plain parent email": mail(headers={"Return-Path": "<jo.bloggs@example.com>"}),
    "no Return-Path recorded": mail(),
    "Auto-Submitted: no": mail(headers={"Auto-Submitted": "no"}),
    "school in Cc": mail(to="teacher@elsewhere.example", cc="office@school.example"),
    "school alias in To": mail(to="Admin <ADMIN@School.Example>"),
    "parent replying to an automatic reply": mail(subject="Re: Automatic reply: trip"),
    "X-Auto-Response-Suppress on an Outlook reply (DR, RN only)": mail(
        headers={"X-Auto-Response-Suppress": "DR, RN, NRN"}
    ),
    "Precedence: first-class": mail(headers={"Precedence": "first-class"}),
    "the school's own Google Group": mail(
        headers={
            "List-Id": "<office.school.example>",
            "List-Post": "<mailto:office@school.example>",
        }
    ),
}

BLOCKED = {
    "Auto-Submitted: auto-replied": (mail(headers={"Auto-Submitted": "auto-replied"}), "Auto-Submitted"),
    "Auto-Submitted: auto-generated; owner-email": (
        mail(headers={"Auto-Submitted": "auto-generated; owner-email=x@example.com"}),
        "Auto-Submitted",
    ),
    "Precedence: bulk": (mail(headers={"Precedence": "bulk"}), "Precedence: bulk"),
    "Precedence: list": (mail(headers={"Precedence": "list"}), "Precedence: list"),
    "Precedence: junk": (mail(headers={"Precedence": "junk"}), "Precedence: junk"),
    "List-Id of a foreign list": (mail(headers={"List-Id": "<pta.lists.example.org>"}), "mailing list"),
    "List-Unsubscribe only": (
        mail(headers={"List-Unsubscribe": "<https://news.example/u>"}),
        "mailing list",
    ),
    "List-Help only": (mail(headers={"List-Help": "<mailto:help@lists.example>"}), "mailing list"),
    "X-Auto-Response-Suppress: All": (
        mail(headers={"X-Auto-Response-Suppress": "All"}),
        "X-Auto-Response-Suppress",
    ),
    "X-Auto-Response-Suppress: OOF among others": (
        mail(headers={"X-Auto-Response-Suppress": "DR, OOF, AutoReply"}),
        "X-Auto-Response-Suppress",
    ),
    "X-Autoreply": (mail(headers={"X-Autoreply": "yes"}), "X-Autoreply"),
    "X-Autorespond": (mail(headers={"X-Autorespond": "Out of office"}), "X-Autorespond"),
    "null Return-Path": (mail(headers={"Return-Path": "<>"}), "null Return-Path"),
    "MAILER-DAEMON": (mail(sender="MAILER-DAEMON@mx.example.com"), "machine or list address"),
    "postmaster": (mail(sender="postmaster@example.com"), "machine or list address"),
    "LISTSERV": (mail(sender="LISTSERV@lists.example.edu"), "machine or list address"),
    "majordomo": (mail(sender="majordomo@example.org"), "machine or list address"),
    "owner- prefix": (mail(sender="owner-parents@example.org"), "machine or list address"),
    "-request suffix": (mail(sender="parents-request@example.org"), "machine or list address"),
    "no-reply sender": (mail(sender="ParentPay <no-reply@parentpay.example>"), "machine or list address"),
    "noreply in Return-Path only": (
        mail(headers={"Return-Path": "<noreply@bounce.example.net>"}),
        "Return-Path is a machine or list address",
    ),
    "delivery report": (
        b"From: Mail Delivery System <mailer-daemon@mx.example>\r\n"
        b"To: office@school.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        b"Message-ID: <dsn-1@mx.example>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nIt could not be delivered.\r\n"
        b"--b\r\nContent-Type: message/delivery-status\r\n\r\n"
        b"Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; x@example.com\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\n--b--\r\n",
        "delivery report",
    ),
    "staff member": (mail(sender="Mrs Patel <a.patel@school.example>"), "sender is staff"),
    "the school itself": (mail(sender="office@school.example"), "sender is staff"),
    "one of our own Message-IDs": (
        mail(message_id="0123abcd.steward@school.example"),
        "the school's own automatic messages",
    ),
    "Bcc copy: school not in To or Cc": (
        mail(to="grandma@example.net"),
        "the school is not in To or Cc",
    ),
    "forwarded copy to another address": (
        mail(to="head@other-school.example", subject="Fwd: trip"),
        "the school is not in To or Cc",
    ),
}


@pytest.mark.parametrize("raw", ALLOWED.values(), ids=ALLOWED.keys())
def test_allowed(raw: bytes) -> None:
    """A parent's ordinary email may be answered automatically."""
    assert blockers(raw) == []


@pytest.mark.parametrize(("raw", "reason"), BLOCKED.values(), ids=BLOCKED.keys())
def test_blocked(raw: bytes, reason: str) -> None:
    """Robots, lists, staff, copies and the school's own mail never get an automatic reply,
    and the stored reason names the rule."""
    found = blockers(raw)
    assert any(reason in b for b in found), found


@pytest.mark.parametrize(
    ("return_path", "from_address", "expected"),
    [
        ("bounce+jo=example.com@mail.example.com", "jo@example.com", "bounce+jo=example.com@mail.example.com"),
        (None, "jo@example.com", "jo@example.com"),
        ("", "jo@example.com", ""),
    ],
    ids=["envelope sender wins", "no Return-Path: From", "null sender: nobody"],
)
def test_reply_address(return_path: str | None, from_address: str, expected: str) -> None:
    assert reply_address(return_path, from_address) == expected
