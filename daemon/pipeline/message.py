"""Value types passed between pipeline stages.

The parser produces a :class:`ParsedMessage` from raw bytes; every later stage reads it and
never goes back to the raw bytes. Headers are decoded (RFC 2047) text; addresses are kept as
``(display name, address)`` pairs with the address lower-cased and stripped of angle brackets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Attachment:
    """What a parent attached: listed, never stored."""

    filename: str
    content_type: str
    size: int  # decoded bytes


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str  # without angle brackets; "" when the message has none
    in_reply_to: tuple[str, ...]  # Message-IDs without angle brackets
    references: tuple[str, ...]  # oldest first, as in the header
    subject: str  # decoded, whitespace collapsed
    from_name: str
    from_address: str  # lower-cased; "" when there is no usable From
    sender_address: str  # the Sender header, "" if none
    reply_to: tuple[str, ...]
    return_path: str | None  # None: header absent; "": the null reverse-path <>
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    date: datetime | None  # the Date header, aware; None when missing or unreadable
    # Header names lower-cased, values decoded; only the first value of each name is kept
    # except for "received" which is never needed downstream.
    headers: dict[str, str]
    content_type: str  # of the top-level part, lower-cased, e.g. "multipart/report"
    text: str  # the whole readable text (plain part, or HTML converted when there is none)
    text_from_html: bool
    new_text: str  # the sender's own new words: quotes, forwarded blocks, signature removed
    has_quote: bool  # quoted history or a forwarded block was found and removed
    signature: str  # the sign-off / signature block that was removed from new_text, if any
    attachments: tuple[Attachment, ...]
    size: int  # bytes of the raw message
    body_hash: str  # sha256 hex of the body (after the header block), line endings normalised
    defects: tuple[str, ...] = field(default=())  # MIME defect class names, for doctor

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)
