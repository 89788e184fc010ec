"""The parse stage, from raw bytes as real clients write them and as broken mail arrives.

The first half is a table of realistic parent emails (Gmail, Outlook, Apple Mail, iPhone)
and the fields later stages rely on. The second half is hostile input built in the test:
every one of these must still produce a ParsedMessage, because a message that fails to
parse is a parent nobody answers.
"""

from __future__ import annotations

import base64
import hashlib
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import daemon.pipeline.parse as parse_module
from daemon.pipeline.parse import body_hash, decode_header_text, parse_date, parse_message


def crlf(text: str) -> bytes:
    """Wire form: CRLF line endings, UTF-8."""
    return text.replace("\n", "\r\n").encode("utf-8")


GMAIL_REPLY = crlf(
    """MIME-Version: 1.0
Date: Mon, 9 Nov 2026 08:31:02 +0000
Message-ID: <CAJ+parent123@mail.gmail.com>
In-Reply-To: <office-1@oakfield.sch.uk>
References: <office-0@oakfield.sch.uk>
 <office-1@oakfield.sch.uk>
Subject: Re: Year 4 swimming
From: Sarah Khan <Sarah.Khan@Gmail.com>
To: Oakfield Primary Office <office@oakfield.sch.uk>
Cc: "Khan, Imran" <imran.khan@example.net>
Content-Type: multipart/alternative; boundary="000000000000abcd"

--000000000000abcd
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hi Mrs Patel,

Zara doesn=E2=80=99t have a swimming cap yet =E2=80=93 can she borrow one?

Thanks,
Sarah

On Mon, 9 Nov 2026 at 08:12, Oakfield Primary Office <office@oakfield.sch.uk>
wrote:

> Dear Parents and Carers,
> Year 4 swimming starts on Thursday.

--000000000000abcd
Content-Type: text/html; charset="UTF-8"

<div dir=3D"ltr">Hi Mrs Patel,</div>
--000000000000abcd--
"""
)

OUTLOOK_REPLY = crlf(
    """From: "Okafor, David" <David.Okafor@Example.co.uk>
To: "office@oakfield.sch.uk" <office@oakfield.sch.uk>
Subject: RE: School bus =?Windows-1252?Q?=96_pick-up?=
Thread-Topic: School bus
Date: Tue, 10 Nov 2026 16:45:10 +0000
Message-ID: <DB7PR01MB1234@DB7PR01MB1234.eurprd01.prod.exchangelabs.com>
In-Reply-To: <office-2@oakfield.sch.uk>
Content-Type: text/plain; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0

Dear Mrs Patel,

I am still waiting =96 please could someone call me?

Kind regards,
David

From: Oakfield Primary Office <office@oakfield.sch.uk>
Sent: 10 November 2026 09:00
To: Okafor, David <David.Okafor@example.co.uk>
Subject: School bus

Dear Mr Okafor, the bus times are changing.
"""
)

IPHONE_REPLY = crlf(
    """Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit
Mime-Version: 1.0 (1.0)
Subject: Re: Parents evening
From: Tom Hughes <tom.hughes@icloud.com>
Date: Wed, 11 Nov 2026 21:14:07 +0000
Message-Id: <5F1A2B3C-1111-2222-3333-444455556666@icloud.com>
References: <office-3@oakfield.sch.uk>
In-Reply-To: <office-3@oakfield.sch.uk>
To: office@oakfield.sch.uk

Can we have the 5.30 slot please?

Sent from my iPhone

> On 11 Nov 2026, at 15:02, Oakfield Primary Office <office@oakfield.sch.uk> wrote:
>
> Booking for parents' evening is now open.
"""
)

APPLE_FORWARD = crlf(
    """From: Rhian Evans <rhian@example.org>
Subject: Fwd: Dylan's asthma plan
Date: Thu, 12 Nov 2026 07:55:00 +0000
Message-Id: <ABCDEF-1234@example.org>
To: office@oakfield.sch.uk
Mime-Version: 1.0 (Mac OS X Mail 16.0)
Content-Type: multipart/mixed; boundary="Apple-Mail=_1"

--Apple-Mail=_1
Content-Type: text/plain; charset=us-ascii

Begin forwarded message:

From: Dr Green <gp@surgery.example>
Subject: Asthma plan
Date: 11 November 2026 at 17:00:00 GMT

Two puffs before PE.

--Apple-Mail=_1
Content-Disposition: attachment; filename="asthma plan.pdf"
Content-Type: application/pdf; name="asthma plan.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IKMSAwIG9iago=
--Apple-Mail=_1--
"""
)

GERMAN_OUTLOOK = crlf(
    """From: Familie Schmidt <schmidt@example.de>
To: office@oakfield.sch.uk
Subject: AW: Schwimmen
Date: Mon, 9 Nov 2026 10:00:00 +0100
Content-Type: text/plain; charset=utf-8

Lena ist heute krank.

Von: Oakfield Primary Office <office@oakfield.sch.uk>
Gesendet: Montag, 9. November 2026 08:12
An: Familie Schmidt
Betreff: Schwimmen

Dear Parents and Carers, swimming starts on Thursday.
"""
)

# name: (raw, expected field values)
REALISTIC = {
    "gmail reply": (
        GMAIL_REPLY,
        {
            "message_id": "CAJ+parent123@mail.gmail.com",
            "in_reply_to": ("office-1@oakfield.sch.uk",),
            "references": ("office-0@oakfield.sch.uk", "office-1@oakfield.sch.uk"),
            "subject": "Re: Year 4 swimming",
            "from_name": "Sarah Khan",
            "from_address": "sarah.khan@gmail.com",
            "to": (("Oakfield Primary Office", "office@oakfield.sch.uk"),),
            "cc": (("Khan, Imran", "imran.khan@example.net"),),
            "date": datetime(2026, 11, 9, 8, 31, 2, tzinfo=UTC),
            "content_type": "multipart/alternative",
            "text_from_html": False,
            "new_text": "Hi Mrs Patel,\n\nZara doesn’t have a swimming cap yet – can she "
            "borrow one?\n\nThanks,\nSarah",
            "has_quote": True,
            "attachments": (),
        },
    ),
    "outlook reply in windows-1252": (
        OUTLOOK_REPLY,
        {
            "subject": "RE: School bus – pick-up",
            "from_name": "Okafor, David",
            "from_address": "david.okafor@example.co.uk",
            "in_reply_to": ("office-2@oakfield.sch.uk",),
            "references": (),
            "new_text": "Dear Mrs Patel,\n\nI am still waiting – please could someone call "
            "me?\n\nKind regards,\nDavid",
            "has_quote": True,
            "content_type": "text/plain",
        },
    ),
    "iphone reply": (
        IPHONE_REPLY,
        {
            "message_id": "5F1A2B3C-1111-2222-3333-444455556666@icloud.com",
            "from_address": "tom.hughes@icloud.com",
            "to": (("", "office@oakfield.sch.uk"),),
            "new_text": "Can we have the 5.30 slot please?",
            "signature": "Sent from my iPhone",
            "has_quote": True,
        },
    ),
    "apple mail forward with nothing typed": (
        APPLE_FORWARD,
        {
            "subject": "Fwd: Dylan's asthma plan",
            "new_text": "",
            "has_quote": True,
            "content_type": "multipart/mixed",
        },
    ),
    "german outlook reply": (
        GERMAN_OUTLOOK,
        {
            "new_text": "Lena ist heute krank.",
            "has_quote": True,
            "date": datetime(2026, 11, 9, 9, 0, tzinfo=UTC),
        },
    ),
}


@pytest.mark.parametrize(("raw", "expected"), REALISTIC.values(), ids=list(REALISTIC))
def test_realistic_parent_mail(raw: bytes, expected: dict[str, object]) -> None:
    """Real clients' replies parse into the fields later stages rely on."""
    parsed = parse_message(raw)
    for name, value in expected.items():
        assert getattr(parsed, name) == value, name
    assert parsed.size == len(raw)
    assert parsed.date is None or parsed.date.tzinfo is not None


def test_attachment_listed_with_decoded_size_and_not_in_text() -> None:
    """A PDF is listed by name, type and decoded size; its bytes are not body text."""
    parsed = parse_message(APPLE_FORWARD)
    assert [(a.filename, a.content_type, a.size) for a in parsed.attachments] == [
        (
            "asthma plan.pdf",
            "application/pdf",
            len(base64.b64decode("JVBERi0xLjQKJcfsj6IKMSAwIG9iago=")),
        )
    ]
    assert "JVBER" not in parsed.text


def test_headers_are_lower_cased_first_values_without_received() -> None:
    """Headers are keyed lower-case, keep the first value, decode it and drop Received."""
    raw = crlf(
        "Received: from a by b\nReceived: from c by d\nX-Mailer: First\nX-Mailer: Second\n"
        "X-Note: =?utf-8?q?caf=C3=A9?=\nFrom: a@example.com\n\nbody\n"
    )
    parsed = parse_message(raw)
    assert "received" not in parsed.headers
    assert parsed.headers["x-mailer"] == "First"
    assert parsed.header("X-Note") == "café"


ATTACHMENT_MIX = crlf(
    """From: parent@example.com
Content-Type: multipart/mixed; boundary="M"

--M
Content-Type: multipart/related; boundary="R"

--R
Content-Type: text/plain; charset=utf-8

Photo of the rash attached.
--R
Content-Type: image/png
Content-ID: <logo@sig>
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--R--
--M
Content-Type: image/jpeg; name="rash.jpg"
Content-Disposition: inline; filename="rash.jpg"
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRg==
--M
Content-Type: text/plain; charset=utf-8; name="notes.txt"
Content-Disposition: inline; filename="notes.txt"

Inline notes typed by the parent.
--M
Content-Type: text/csv; name="readings.csv"

a,b
--M--
"""
)


def test_attachment_rules() -> None:
    """Named inline images and files are listed; logos and inline text parts are not."""
    parsed = parse_message(ATTACHMENT_MIX)
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("rash.jpg", "image/jpeg"),
        ("readings.csv", "text/csv"),
    ]
    assert parsed.attachments[0].size == 10
    assert "Photo of the rash attached." in parsed.text
    assert "Inline notes typed by the parent." in parsed.text
    assert "a,b" not in parsed.text


BOUNCE = crlf(
    """From: Mail Delivery System <MAILER-DAEMON@mx.example>
To: office@oakfield.sch.uk
Subject: Undelivered Mail Returned to Sender
Return-Path: <>
Content-Type: multipart/report; report-type=delivery-status; boundary="D"

--D
Content-Type: text/plain

This is the mail system. Your message could not be delivered.
--D
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example
--D
Content-Type: message/rfc822

From: office@oakfield.sch.uk
Subject: Trip letter

Dear parents, the trip is on Friday.
--D--
"""
)


def test_bounce_text_excludes_the_embedded_original() -> None:
    """The school's own returned letter inside a bounce is not read as the body."""
    parsed = parse_message(BOUNCE)
    assert parsed.content_type == "multipart/report"
    assert parsed.return_path == ""
    assert "could not be delivered" in parsed.text
    assert "trip is on Friday" not in parsed.text


def test_mail_parser_failure_falls_back_to_stdlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """If mail-parser raises, the stdlib walk still yields the same body text."""
    expected = parse_message(GMAIL_REPLY)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("mail-parser bug")

    monkeypatch.setattr(parse_module.mailparser, "MailParser", broken)
    monkeypatch.setattr(parse_module, "_BodyParser", broken)
    parsed = parse_message(GMAIL_REPLY)
    assert parsed.text == expected.text
    assert parsed.new_text == expected.new_text


RETURN_PATHS = {
    "absent": (b"From: a@example.com\n\nx", None),
    "null reverse-path": (b"Return-Path: <>\nFrom: a@example.com\n\nx", ""),
    "spaced null": (b"Return-Path:  < >\nFrom: a@example.com\n\nx", ""),
    "address": (
        b"Return-Path: <Bounce+123@Lists.Example.com>\n\nx",
        "bounce+123@lists.example.com",
    ),
}


@pytest.mark.parametrize(("raw", "expected"), RETURN_PATHS.values(), ids=list(RETURN_PATHS))
def test_return_path(raw: bytes, expected: str | None) -> None:
    """None without the header, "" for the null sender, else the lower-cased address."""
    assert parse_message(raw).return_path == expected


DATES = {
    "offset kept": (
        "Tue, 10 Nov 2026 09:15:00 +0100",
        datetime(2026, 11, 10, 9, 15, tzinfo=timezone(timedelta(hours=1))),
    ),
    "minus zero is UTC": (
        "Tue, 10 Nov 2026 09:15:00 -0000",
        datetime(2026, 11, 10, 9, 15, tzinfo=UTC),
    ),
    "no zone is UTC": ("Tue, 10 Nov 2026 09:15:00", datetime(2026, 11, 10, 9, 15, tzinfo=UTC)),
    "garbage": ("next Tuesday, probably", None),
    "impossible day": ("Tue, 31 Feb 2026 09:15:00 +0000", None),
    "empty": ("", None),
}


@pytest.mark.parametrize(("value", "expected"), DATES.values(), ids=list(DATES))
def test_parse_date(value: str, expected: datetime | None) -> None:
    """Dates are aware; naive ones are UTC; unreadable ones are None, never an error."""
    result = parse_date(value)
    assert result == expected
    if result is not None:
        assert result.tzinfo is not None
        assert result.utcoffset() == expected.utcoffset()  # type: ignore[union-attr]


ENCODED = {
    "utf-8 base64": ("=?UTF-8?B?Wm/DqydzIHRyaXA=?=", "Zoë's trip"),
    "q with underscores": ("=?iso-8859-1?q?caf=E9_au_lait?=", "café au lait"),
    "space between encoded words dropped": (
        "=?utf-8?q?Year_4?= =?utf-8?q?_swimming?=",
        "Year 4 swimming",
    ),
    "multibyte split across words": ("=?utf-8?B?wqM=?= =?utf-8?B?w6k=?=", "£é"),
    "unknown charset": ("=?x-unknown?q?caf=E9?=", "café"),
    "bad base64 kept as written": ("=?utf-8?B?###?=", "=?utf-8?B?###?="),
    "text around words kept": ("Re: =?utf-8?q?Zo=C3=AB?= absent", "Re: Zoë absent"),
}


@pytest.mark.parametrize(("value", "expected"), ENCODED.values(), ids=list(ENCODED))
def test_decode_header_text(value: str, expected: str) -> None:
    """RFC 2047 words decode; broken charsets and encodings never raise."""
    assert decode_header_text(value) == expected


def test_body_hash_ignores_line_endings_and_headers() -> None:
    """The body hash is the same over CRLF and LF, and does not depend on headers."""
    lf = b"From: a@example.com\nSubject: x\n\nHello\nthere\n"
    crlf_raw = b"From: b@example.com\r\nX-Other: y\r\n\r\nHello\r\nthere\r\n"
    assert body_hash(lf) == body_hash(crlf_raw) == hashlib.sha256(b"Hello\nthere\n").hexdigest()


# --- hostile messages ----------------------------------------------------------------------


def test_broken_charset_name_never_raises() -> None:
    """charset="x-unknown" in a header word and the body decodes leniently (cp1252)."""
    raw = (
        b"From: =?x-unknown?q?Jos=E9?= <jose@example.com>\n"
        b"Subject: =?x-unknown?q?Caf=E9_trip?=\n"
        b'Content-Type: text/plain; charset="x-unknown"\n\nJos\xe9 will be late.\n'
    )
    parsed = parse_message(raw)
    assert parsed.subject == "Café trip"
    assert parsed.from_name == "José"
    assert parsed.text == "José will be late.\n"


def test_truncated_multipart_keeps_text_and_reports_defect() -> None:
    """A multipart with no closing boundary keeps its text and lists the defect."""
    raw = (
        b'From: a@example.com\nContent-Type: multipart/mixed; boundary="XX"\n\n'
        b"--XX\nContent-Type: text/plain\n\nPlease find the form attached.\n"
        b'--XX\nContent-Type: application/pdf; name="form.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\nJVBERi0x"
    )
    parsed = parse_message(raw)
    assert parsed.text.strip() == "Please find the form attached."
    assert "CloseBoundaryNotFoundDefect" in parsed.defects
    assert [a.filename for a in parsed.attachments] == ["form.pdf"]


@pytest.mark.parametrize(
    ("encoding", "name", "subject"),
    [("utf-8", "Zoë Brontë", "Zoë’s trip – £5"), ("latin-1", "Zoë Brontë", "Zoë trip £5")],
    ids=["utf-8 bytes", "latin-1 bytes"],
)
def test_8bit_bytes_in_headers(encoding: str, name: str, subject: str) -> None:
    """Raw 8-bit bytes in From and Subject are read as UTF-8, else Windows-1252."""
    raw = f"From: {name} <ZOE@Example.com>\nSubject: {subject}\n\nHello\n".encode(encoding)
    parsed = parse_message(raw)
    assert parsed.subject == subject
    assert (parsed.from_name, parsed.from_address) == (name, "zoe@example.com")


def test_unlisted_recipients_group_is_not_an_error() -> None:
    """The header that crashes policy.default's To parsing yields no recipients."""
    raw = b"From: a@example.com\nTo: unlisted-recipients:; (no To-header on input)\n\nHi\n"
    parsed = parse_message(raw)
    assert parsed.to == ()
    assert parsed.headers["to"] == "unlisted-recipients:; (no To-header on input)"


def test_message_without_from() -> None:
    """No From header gives empty sender fields, not an error."""
    parsed = parse_message(b"To: office@oakfield.sch.uk\nSubject: Hi\n\nWho am I?\n")
    assert (parsed.from_name, parsed.from_address, parsed.sender_address) == ("", "", "")
    assert parsed.text == "Who am I?\n"


def test_message_without_body_separator() -> None:
    """Headers with no blank line: no body, and the body hash is that of nothing."""
    parsed = parse_message(b"From: a@example.com\r\nSubject: only headers")
    assert parsed.subject == "only headers"
    assert parsed.text == ""
    assert parsed.body_hash == hashlib.sha256(b"").hexdigest()


def test_twenty_megabyte_attachment() -> None:
    """A 20 MB base64 attachment is sized exactly and parsed in reasonable time."""
    payload = bytes(range(256)) * (20_000_000 // 256)
    raw = (
        b'From: a@example.com\nContent-Type: multipart/mixed; boundary="B"\n\n'
        b"--B\nContent-Type: text/plain\n\nVideo of the assembly attached.\n"
        b'--B\nContent-Type: video/mp4; name="assembly.mp4"\n'
        b'Content-Disposition: attachment; filename="assembly.mp4"\n'
        b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(payload) + b"--B--\n"
    )
    started = time.perf_counter()
    parsed = parse_message(raw)
    assert time.perf_counter() - started < 30
    assert [(a.filename, a.size) for a in parsed.attachments] == [("assembly.mp4", len(payload))]
    assert parsed.text.strip() == "Video of the assembly attached."
    assert parsed.size == len(raw)


def test_html_only_message() -> None:
    """An HTML-only body is converted to text, flagged, and its quote stripped."""
    raw = crlf(
        """From: a@example.com
Content-Type: text/html; charset=utf-8

<html><body><p>Hello <b>Miss</b> Smith,</p><p>Ruby has nits, sorry.</p>
<div class="gmail_quote">On Mon, 9 Nov 2026 at 08:12, Office &lt;office@oakfield.sch.uk&gt;
wrote:<blockquote>Head lice letter</blockquote></div></body></html>
"""
    )
    parsed = parse_message(raw)
    assert parsed.text_from_html is True
    assert "Ruby has nits, sorry." in parsed.text
    assert "<b>" not in parsed.text
    assert parsed.new_text == "Hello Miss Smith,\n\nRuby has nits, sorry."
    assert parsed.has_quote is True


def test_empty_message() -> None:
    """b"" is an empty message with every field empty, not an error."""
    parsed = parse_message(b"")
    assert parsed.message_id == ""
    assert parsed.subject == ""
    assert parsed.from_address == ""
    assert parsed.text == parsed.new_text == ""
    assert parsed.date is None
    assert parsed.return_path is None
    assert parsed.size == 0
    assert parsed.body_hash == hashlib.sha256(b"").hexdigest()


def test_references_loop_and_junk() -> None:
    """References keep only <ids>, once each, oldest first, never the message's own id."""
    raw = (
        b"From: a@example.com\nMessage-ID: < m3@x.example >\n"
        b"In-Reply-To: <m2@x.example> (Joe's message of Mon, 9 Nov 2026)\n"
        b"References: <m1@x.example> junk <m2@x.example>\n\t<m3@x.example> <m1@x.example>\n"
        b" not-an-id <m2@x.example>\n\nbody\n"
    )
    parsed = parse_message(raw)
    assert parsed.message_id == "m3@x.example"
    assert parsed.in_reply_to == ("m2@x.example",)
    assert parsed.references == ("m1@x.example", "m2@x.example")


def test_deeply_nested_multipart_is_not_lost() -> None:
    """A multipart nested thousands deep keeps its headers and its body as raw text."""
    head = b'From: a@example.com\nSubject: nest\nContent-Type: multipart/mixed; boundary="b0"\n\n'
    body = b"".join(
        b'--b%d\nContent-Type: multipart/mixed; boundary="b%d"\n\n' % (i, i + 1)
        for i in range(3000)
    )
    parsed = parse_message(head + body + b"--b3000\nContent-Type: text/plain\n\ndeep hello\n")
    assert parsed.subject == "nest"
    assert parsed.from_address == "a@example.com"
    assert "deep hello" in parsed.text


def test_nul_and_crlf_are_normalised_in_text() -> None:
    """Body text has LF line endings and no NUL characters."""
    parsed = parse_message(b"From: a@example.com\r\n\r\nline one\x00\r\nline two\r\n")
    assert parsed.text == "line one\nline two\n"


def test_content_type_is_lower_cased() -> None:
    """The top-level content type is reported lower-cased."""
    raw = b'From: a@example.com\nContent-Type: Multipart/Mixed; boundary="Q"\n\n--Q\n\nx\n--Q--\n'
    assert parse_message(raw).content_type == "multipart/mixed"


def test_single_part_attachment_at_top_level() -> None:
    """A message that is only a file (a scanner's PDF) lists that file."""
    raw = (
        b'From: scanner@example.com\nContent-Type: application/pdf; name="scan.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\nJVBERi0x\n"
    )
    parsed = parse_message(raw)
    assert [(a.filename, a.size) for a in parsed.attachments] == [("scan.pdf", 6)]
    assert parsed.text == ""


_HEADER_LINES = st.sampled_from(
    [
        b"From: =?x-unknown?q?Jo=E9?= <jo@example.com>",
        b"From: \xff\xfe <\x80@example.com>",
        b"To: unlisted-recipients:; (no To-header on input)",
        b"Subject: =?utf-8?B?@@@?= \xe9",
        b"Date: Tue, 31 Feb 99999 25:61:00 +9999",
        b"References: <a@x> <a@x> <<b>> junk",
        b"Return-Path: <>",
        b'Content-Type: multipart/mixed; boundary="B"',
        b'Content-Type: text/plain; charset="\xe9"',
        b"Content-Transfer-Encoding: base64",
        b"Content-Disposition: attachment; filename*=utf-8''%E9%ZZ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    headers=st.lists(_HEADER_LINES, max_size=8),
    body=st.binary(max_size=600),
    separator=st.sampled_from([b"\n\n", b"\r\n\r\n", b"\n", b""]),
)
def test_never_raises_on_hostile_bytes(headers: list[bytes], body: bytes, separator: bytes) -> None:
    """Any mix of broken headers and arbitrary body bytes yields a ParsedMessage."""
    raw = b"\n".join(headers) + separator + body
    parsed = parse_message(raw)
    assert parsed.size == len(raw)
    assert parsed.date is None or parsed.date.tzinfo is not None
    assert "\x00" not in parsed.text and "\r" not in parsed.text


def test_display_name_that_repeats_the_address_is_dropped() -> None:
    """A display name equal to the address (a phishing habit) carries no name."""
    raw = b'From: "Jo@Example.com" <jo@example.com>\nTo: Office <office@oakfield.sch.uk>\n\nx'
    parsed = parse_message(raw)
    assert (parsed.from_name, parsed.from_address) == ("", "jo@example.com")
    assert parsed.to == (("Office", "office@oakfield.sch.uk"),)


def _bodies(parser_class: type, raw: bytes) -> object:
    import email

    try:
        parser = parser_class(email.message_from_bytes(raw))
    except Exception as exc:  # noqa: BLE001 - compared, not raised
        return type(exc).__name__
    return [str(p) for p in parser.text_plain], [str(p) for p in parser.text_html]


@pytest.mark.parametrize(
    "raw",
    [GMAIL_REPLY, BOUNCE, b"", b"From: a@example.com\n\nplain", b"Subject: x\n\n\xff\xfe"],
)
def test_body_parser_reads_exactly_what_mail_parser_reads(raw: bytes) -> None:
    """The trimmed mail-parser (bodies only) decodes the same bodies as the full parser."""
    assert _bodies(parse_module._BodyParser, raw) == _bodies(
        parse_module.mailparser.MailParser, raw
    )


@settings(max_examples=200, deadline=None)
@given(
    headers=st.lists(_HEADER_LINES, max_size=8),
    body=st.binary(max_size=600),
    separator=st.sampled_from([b"\n\n", b"\r\n\r\n", b"\n", b""]),
)
def test_body_parser_matches_mail_parser_on_hostile_bytes(
    headers: list[bytes], body: bytes, separator: bytes
) -> None:
    """Broken headers and arbitrary bodies: still the same bodies (or the same failure)."""
    raw = b"\n".join(headers) + separator + body
    assert _bodies(parse_module._BodyParser, raw) == _bodies(
        parse_module.mailparser.MailParser, raw
    )


def test_a_failing_body_parser_falls_back_to_the_full_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a mail-parser upgrade break the trimmed parser, the full one is used."""
    expected = parse_message(GMAIL_REPLY)

    def broken(self: object) -> None:
        raise AttributeError("changed internals")

    monkeypatch.setattr(parse_module._BodyParser, "_reset", broken)
    assert parse_message(GMAIL_REPLY) == expected


def test_parse_ahead_gives_none_where_parsing_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing a batch ahead never raises: a failure is left for the message's own stage."""
    real = parse_module.parse_message

    def picky(raw: bytes):  # type: ignore[no-untyped-def]
        if raw == b"bad":
            raise ValueError("no")
        return real(raw)

    monkeypatch.setattr(parse_module, "parse_message", picky)
    first, bad, last = parse_module.parse_ahead([GMAIL_REPLY, b"bad", BOUNCE])
    assert bad is None and first == real(GMAIL_REPLY) and last == real(BOUNCE)
