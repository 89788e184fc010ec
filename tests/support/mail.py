"""Build RFC 5322 test messages (bytes) the way real clients write them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

_counter = itertools.count(1)


def make_mail(
    *,
    sender: str = "Jo Bloggs <jo.bloggs@example.com>",
    to: str = "office@school.example",
    subject: str = "Hello",
    body: str = "Hello,\n\nA question.\n\nJo",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    date: datetime | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
    cc: str | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bytes:
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{message_id or f'test-{next(_counter)}@mail.example'}>"
    if date is not None:
        msg["Date"] = format_datetime(date)
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        msg["References"] = " ".join(f"<{r}>" for r in references)
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for filename, ctype, payload in attachments or []:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def mbox_bytes(messages: list[tuple[datetime, bytes]]) -> bytes:
    """An mbox file: each message after a "From " line carrying its delivery time (UTC)."""
    out = []
    for when, raw in messages:
        stamp = when.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y")
        body = raw.replace(b"\r\n", b"\n")
        escaped = b"\n".join(
            b">" + line if line.lstrip(b">").startswith(b"From ") else line
            for line in body.split(b"\n")
        )
        out.append(
            b"From MAILER-DAEMON " + stamp.encode() + b"\n" + escaped.rstrip(b"\n") + b"\n\n"
        )
    return b"".join(out)
