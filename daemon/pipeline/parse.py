"""Parse stage: raw RFC 5322 bytes → :class:`ParsedMessage`.

Parents' mail arrives from every client ever written, and a message that fails to parse is
a parent who is never answered. So this stage is lenient with every optional field: a bad
charset is decoded with replacement characters, an unreadable Date is ``None``, an 8-bit
header is read as UTF-8 or Windows-1252, and a header quirk never costs the message.

``mail-parser`` decodes the bodies (its charset recovery is careful) and parses addresses
(it decodes RFC 2047 display names only where the grammar allows, so
``"=?utf-8?q?Smith,_J?=" <j@x>`` stays one mailbox). The standard library ``email`` package,
in the compat32 policy that tolerates broken headers (``policy.default`` raises on some, e.g.
``To: unlisted-recipients:;``), builds the tree mail-parser reads, lists attachments and
defects, and is the fallback wherever mail-parser raises or does worse: bodies it cannot
decode, and trees holding an embedded message (whose text is not the sender's). The tree is
walked iteratively with a depth and part limit, so a crafted nesting cannot exhaust the stack.
"""

from __future__ import annotations

import codecs
import email
import email.parser
import email.utils
import hashlib
import html
import logging
import re
from binascii import Error as BinasciiError
from binascii import a2b_base64, a2b_qp
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from email.message import Message
from typing import IO, BinaryIO

import mailparser
from inscriptis import get_text  # type: ignore[import-untyped]

from daemon.pipeline.message import Attachment, ParsedMessage
from daemon.pipeline.quotes import split_reply

try:  # mail-parser ≥ 4.8: lexical address recovery with encoded display names
    from mailparser.utils import (
        get_addresses as _mailparser_addresses,
    )
except ImportError:  # pragma: no cover - older mail-parser
    _mailparser_addresses = None

# mail-parser logs header values and charset names at WARNING/ERROR; those are personal
# data, and the runner records parse failures itself.
logging.getLogger("mailparser").setLevel(logging.CRITICAL)

MAX_DEPTH = 40  # MIME nesting deeper than this is not walked (real mail nests < 10)
MAX_PARTS = 2000  # parts beyond this are not examined
MAX_HTML_CHARS = 2_000_000  # HTML converted to text; newsletters are far smaller
MAX_REFERENCES = 200  # a References header longer than this keeps its root and the newest

_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_MESSAGE_ID = re.compile(r"<([^<>]{1,998})>")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BODY_SEPARATOR = re.compile(rb"(?:\A|\n)(\r?\n)")
_TAG = re.compile(r"<[^<>]{0,2000}>")


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one message; never raises on malformed mail (only on non-bytes input)."""
    raw = bytes(raw)
    msg, unreadable_body = _read_mime(raw)
    parts = list(_walk(msg))
    index = _header_index(msg)
    if unreadable_body is None:
        text, from_html = _body_text(msg, parts)
    else:
        text, from_html = _normalise_text(unreadable_body), False
    reply = split_reply(text)
    from_name, from_address = _first_address(index, "from")
    message_id = _ids(_first(index, "message-id"))
    own_id = message_id[0] if message_id else ""
    return ParsedMessage(
        message_id=own_id,
        in_reply_to=_in_reply_to(_first(index, "in-reply-to")),
        references=_references(_first(index, "references"), own_id),
        subject=" ".join(decode_header_text(_first(index, "subject")).split()),
        from_name=from_name,
        from_address=from_address,
        sender_address=_first_address(index, "sender")[1],
        reply_to=tuple(address for _, address in _addresses(index, "reply-to")),
        return_path=_return_path(index),
        to=_addresses(index, "to"),
        cc=_addresses(index, "cc"),
        date=parse_date(_first(index, "date")),
        headers=_decoded_headers(index),
        content_type=_content_type(msg),
        text=text,
        text_from_html=from_html,
        new_text=reply.new_text,
        has_quote=reply.has_quote,
        signature=reply.signature,
        attachments=tuple(_attachments(msg, parts)),
        size=len(raw),
        body_hash=body_hash(raw),
        defects=_defects(parts) + (("UnreadableMimeTree",) if unreadable_body is not None else ()),
    )


def parse_ahead(raws: Sequence[bytes]) -> list[ParsedMessage | None]:
    """:func:`parse_message` for each message; None where it raised.

    The runner parses a batch ahead of storing it (in a worker process when there is much
    to read); a message that raised here is parsed again by its own parse stage, inside its
    savepoint, so the error is quarantined with the message as usual.
    """
    parsed: list[ParsedMessage | None] = []
    for raw in raws:
        try:
            parsed.append(parse_message(raw))
        except Exception:  # noqa: BLE001 - the parse stage meets it again and quarantines it
            parsed.append(None)
    return parsed


def serve_parse_requests(requests: BinaryIO | None = None, replies: BinaryIO | None = None) -> None:
    """The parse worker's loop: read batches of raw messages, answer with :func:`parse_ahead`.

    Frames on both pipes are an 8-byte big-endian length and a pickle: a request is
    ``(sequence number, [raw bytes, ...])``, a reply ``(sequence number, [ParsedMessage or
    None, ...])``. The loop ends when the requests pipe closes. Ctrl-C is for the daemon,
    which then closes the pipe; the worker does not die of it mid-batch.
    """
    import pickle
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests = requests or sys.stdin.buffer
    replies = replies or sys.stdout.buffer
    while True:
        frame = read_frame(requests)
        if frame is None:
            return
        number, raws = pickle.loads(frame)
        write_frame(replies, pickle.dumps((number, parse_ahead(raws)), pickle.HIGHEST_PROTOCOL))


def write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(len(payload).to_bytes(8, "big"))
    stream.write(payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """One frame's payload; None at the end of the stream (or a frame cut short)."""
    header = stream.read(8)
    if len(header) < 8:
        return None
    size = int.from_bytes(header, "big")
    payload = stream.read(size)
    return payload if len(payload) == size else None


# --- reading the MIME tree -----------------------------------------------------------------


def _read_mime(raw: bytes) -> tuple[Message, str | None]:
    """The compat32 tree (what mail-parser itself builds), and None.

    If the stdlib cannot build the tree at all (a multipart nested thousands deep exhausts
    its recursion), the headers alone and the raw body as text, so the message is still
    stored and read; ``defects`` then says "UnreadableMimeTree".
    """
    try:
        return email.message_from_bytes(raw), None
    except Exception:  # noqa: BLE001 - any parser failure: keep the headers, read the body raw
        match = _BODY_SEPARATOR.search(raw)
        head = raw[: match.start()] if match else raw
        body = raw[match.end() :] if match else b""
        return email.parser.BytesHeaderParser().parsebytes(head), _decode_bytes(body, "utf-8")


def _walk(msg: Message) -> Iterator[tuple[Message, bool]]:
    """Yield ``(part, inside_attachment)`` depth first, without recursion and with limits."""
    stack: list[tuple[Message, int, bool]] = [(msg, 0, False)]
    count = 0
    while stack and count < MAX_PARTS:
        part, depth, inside = stack.pop()
        count += 1
        yield part, inside
        payload = part.get_payload()
        if not isinstance(payload, list) or depth >= MAX_DEPTH:
            continue
        inside_children = inside or _is_attachment(part) or part is not msg and _is_message(part)
        for child in reversed(payload):
            if isinstance(child, Message):
                stack.append((child, depth + 1, inside_children))


def _is_message(part: Message) -> bool:
    """An embedded message (a forward as attachment, the original in a bounce)."""
    return part.get_content_maintype() == "message"


def _is_attachment(part: Message) -> bool:
    """A part the sender attached, rather than wrote.

    Content-Disposition attachment; any non-text part with a filename (PDFs, inline photos);
    a text part with a filename unless it is marked inline (a .txt file sent as a file).
    """
    disposition = _disposition(part)
    if disposition == "attachment":
        return True
    if not _filename(part):
        return False
    if part.get_content_maintype() in ("text", "multipart"):
        return disposition != "inline" and part.get_content_maintype() == "text"
    return True


def _disposition(part: Message) -> str:
    """The Content-Disposition type, lower-cased, "" when absent or unreadable."""
    try:
        return (part.get_content_disposition() or "").lower()
    except Exception:  # noqa: BLE001 - a malformed parameter list is not worth the message
        return ""


def _filename(part: Message) -> str:
    """The decoded filename (RFC 2231 or, as many clients do, RFC 2047), "" if none."""
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:  # noqa: BLE001 - broken RFC 2231 continuation
        name = ""
    if isinstance(name, tuple):  # RFC 2231 value the stdlib did not collapse
        name = email.utils.collapse_rfc2231_value(name)
    return decode_header_text(_resolve_8bit(str(name))).strip()


# --- body text -----------------------------------------------------------------------------


def _body_text(msg: Message, parts: list[tuple[Message, bool]]) -> tuple[str, bool]:
    """The readable text and whether it had to be converted from HTML.

    mail-parser reads the text of an embedded message (the original inside a bounce, a
    forward sent as an inline message/rfc822) as body; those are not the sender's words, so
    such trees are read by the stdlib walk, which leaves embedded messages out.
    """
    embedded = any(part is not msg and _is_message(part) for part, _ in parts)
    bodies = None if embedded else _mailparser_bodies(msg)
    plain, html_parts = bodies or ([], [])
    if not any(text.strip() for text in plain + html_parts) or _damaged(plain + html_parts):
        # mail-parser found nothing, or decoded an unknown charset as UTF-8 with
        # replacement characters where the stdlib path's cp1252 fallback reads it.
        fallback = _stdlib_bodies(parts)
        if _replacements(fallback[0] + fallback[1]) <= _replacements(plain + html_parts):
            plain, html_parts = fallback
    if any(part.strip() for part in plain) or not html_parts:
        return _normalise_text("\n".join(plain)), False
    converted = "\n".join(html_to_text(part) for part in html_parts)
    return _normalise_text(converted), True


def _replacements(texts: list[str]) -> int:
    """How many U+FFFD replacement characters decoding left behind."""
    return sum(text.count("\ufffd") for text in texts)


def _damaged(texts: list[str]) -> bool:
    """Whether decoding lost characters (worth trying the other decoder)."""
    return any("\ufffd" in text for text in texts)


class _BodyParser(mailparser.MailParser):
    """mail-parser's body extraction, without the header analysis this stage never reads.

    ``MailParser`` also parses every Received chain, date and address header and builds two
    dictionaries of all headers: three quarters of its time, none of it used here (headers
    are read from the stdlib tree below). Its own reset runs against a header-less message,
    so every attribute it keeps is still set up by mail-parser itself; the part walk that
    decodes the bodies is untouched. ``tests/unit/test_parse.py`` checks that the bodies
    are the same as the full parser's.
    """

    def _reset(self) -> None:
        message = self._message  # type: ignore[has-type]
        self._message = _NO_HEADERS
        try:
            super()._reset()
        finally:
            self._message = message

    def _make_mail(self, complete: bool = True) -> dict[str, object]:
        return {}


_NO_HEADERS = Message()


def _mailparser_bodies(msg: Message) -> tuple[list[str], list[str]] | None:
    """mail-parser's decoded text/plain and text/html bodies, or None if it fails."""
    for parser_class in (_BodyParser, mailparser.MailParser):
        try:
            parser = parser_class(msg)
            plain = [str(part) for part in parser.text_plain]
            html_parts = [str(part) for part in parser.text_html]
        except Exception:  # noqa: BLE001 - the full parser, then the stdlib walk
            continue
        return plain, html_parts
    return None


def _stdlib_bodies(parts: list[tuple[Message, bool]]) -> tuple[list[str], list[str]]:
    """text/plain and text/html parts that are not attachments, decoded leniently."""
    plain: list[str] = []
    html_parts: list[str] = []
    for part, inside in parts:
        if inside or part.is_multipart() or _is_attachment(part):
            continue
        content_type = part.get_content_type()
        if content_type not in ("text/plain", "text/html"):
            continue
        text = _decode_payload(part)
        (plain if content_type == "text/plain" else html_parts).append(text)
    return plain, html_parts


def _decode_payload(part: Message) -> str:
    """A leaf part's text in its declared charset, with replacement for what will not decode."""
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - undecodable transfer encoding: use the raw text
        data = str(part.get_payload()).encode("ascii", "surrogateescape")
    if not isinstance(data, bytes):
        return ""
    try:
        charset = part.get_content_charset() or "utf-8"
    except Exception:  # noqa: BLE001
        charset = "utf-8"
    return _decode_bytes(data, charset)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body (paragraphs and lists kept apart by inscriptis)."""
    markup = markup[:MAX_HTML_CHARS]
    try:
        return get_text(markup)
    except Exception:  # noqa: BLE001 - lxml refuses some markup: strip tags instead
        return html.unescape(_TAG.sub(" ", markup))


def _normalise_text(text: str) -> str:
    """Unix line endings, no NUL, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _SURROGATES.sub("\ufffd", text)


# --- attachments and defects ---------------------------------------------------------------


def _attachments(msg: Message, parts: list[tuple[Message, bool]]) -> Iterator[Attachment]:
    """Name, type and decoded size of each attachment; the payload is not kept."""
    for part, inside in parts:
        # The top level counts too: a scanner or "send as PDF" mails the file alone.
        if inside or (part is msg and part.is_multipart()) or not _is_attachment(part):
            continue
        yield Attachment(
            filename=_filename(part),
            content_type=part.get_content_type(),
            size=_decoded_size(part),
        )


def _decoded_size(part: Message) -> int:
    """Bytes after transfer decoding (for an attached message, its serialised size)."""
    try:
        if part.is_multipart():
            return len(part.as_bytes()) - len(_header_block_bytes(part))
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - unserialisable part: size unknown
        return 0
    return len(data) if isinstance(data, bytes) else 0


def _header_block_bytes(part: Message) -> bytes:
    """The serialised header block of ``part`` (to subtract from its full size)."""
    return "".join(f"{name}: {value}\n" for name, value in part.raw_items()).encode(
        "utf-8", "surrogateescape"
    )


def _defects(parts: list[tuple[Message, bool]]) -> tuple[str, ...]:
    """Class names of the MIME defects the stdlib found, once each, in order found."""
    names: dict[str, None] = {}
    for part, _ in parts:
        for defect in getattr(part, "defects", ()):
            names[type(defect).__name__] = None
    return tuple(names)


def _content_type(msg: Message) -> str:
    """Top-level content type, lower-cased (text/plain when absent or invalid)."""
    try:
        return msg.get_content_type().lower()
    except Exception:  # noqa: BLE001
        return "text/plain"


# --- headers -------------------------------------------------------------------------------


def _header_index(msg: Message) -> dict[str, list[str]]:
    """Lower-cased name → raw values (unfolded, 8-bit bytes read as text, not yet decoded)."""
    index: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        key = _resolve_8bit(str(name)).strip().lower()
        text = _resolve_8bit(str(value)).replace("\r", "").replace("\n", "")
        index.setdefault(key, []).append(text)
    return index


def _first(index: dict[str, list[str]], name: str) -> str:
    """The first raw value of a header, "" if absent."""
    values = index.get(name)
    return values[0] if values else ""


def _decoded_headers(index: dict[str, list[str]]) -> dict[str, str]:
    """First decoded value of each header, for rules that look at any header by name."""
    return {
        name: " ".join(decode_header_text(values[0]).split())
        for name, values in index.items()
        if name != "received"
    }


def _resolve_8bit(value: str) -> str:
    """Turn raw 8-bit header bytes (kept by the stdlib as surrogates) into text.

    UTF-8 if they are valid UTF-8 (modern clients), else Windows-1252 (old Outlook).
    """
    if not _SURROGATES.search(value):
        return value
    data = value.encode("ascii", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


def decode_header_text(value: str) -> str:
    """Decode RFC 2047 encoded words; a bad charset or encoding never raises.

    Adjacent encoded words in one charset are joined before decoding, because some clients
    split a multi-byte character across two words; whitespace between encoded words is
    dropped as RFC 2047 section 6.2 says.
    """
    if "=?" not in value:
        return _SURROGATES.sub("\ufffd", value)
    out: list[str] = []
    pending = bytearray()
    pending_charset = ""
    position = 0
    for match in _ENCODED_WORD.finditer(value):
        gap = value[position : match.start()]
        charset = match.group(1).split("*", 1)[0].lower()
        if gap and not (gap.isspace() and pending):
            out.append(_decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            out.append(gap)
        elif pending and charset != pending_charset:
            out.append(_decode_bytes(bytes(pending), pending_charset))
            pending.clear()
        decoded = _decode_word(match.group(2), match.group(3))
        if decoded is None:  # not decodable: keep the word as written
            out.append(_decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            out.append(match.group(0))
        else:
            pending.extend(decoded)
            pending_charset = charset
        position = match.end()
    out.append(_decode_bytes(bytes(pending), pending_charset))
    out.append(value[position:])
    return _SURROGATES.sub("\ufffd", "".join(out))


def _decode_word(encoding: str, payload: str) -> bytes | None:
    """The bytes of one encoded word's payload, None if it is not valid B or Q."""
    try:
        if encoding in "bB":
            if not _BASE64.fullmatch(payload):
                return None
            data = payload.encode("ascii")
            return a2b_base64(data + b"=" * (-len(data) % 4))
        return a2b_qp(payload.encode("ascii", "replace"), header=True)
    except (BinasciiError, ValueError):
        return None


def _decode_bytes(data: bytes, charset: str) -> str:
    """Bytes in a declared charset; an unknown or lying charset falls back to UTF-8/cp1252."""
    if not data:
        return ""
    try:
        codecs.lookup(charset)
        return data.decode(charset, "replace")
    except (LookupError, UnicodeError, ValueError, TypeError):
        pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


# --- addresses -----------------------------------------------------------------------------


def _addresses(index: dict[str, list[str]], name: str) -> tuple[tuple[str, str], ...]:
    """``(display name, address)`` pairs of the first header ``name``; empty ones dropped."""
    value = _first(index, name)
    if not value.strip():
        return ()
    result = []
    for display, address in _parse_addresses(value):
        address = address.strip().strip("<>").lower()
        if not address:
            continue
        name = " ".join(decode_header_text(display).split())
        # A display name that only repeats the address says nothing about the person.
        result.append(("" if name.lower() == address else name, address))
    return tuple(result)


def _parse_addresses(value: str) -> list[tuple[str, str]]:
    """mail-parser's structural parse, else the stdlib's, else nothing."""
    parsers: list[Callable[[str], list[tuple[str, str]]]] = []
    if _mailparser_addresses is not None:
        parsers.append(lambda text: _mailparser_addresses(text, decode_names=True))
    parsers.append(lambda text: email.utils.getaddresses([text]))
    for parse in parsers:
        try:
            return [(str(display), str(address)) for display, address in parse(value)]
        except Exception:  # noqa: BLE001 - try the next parser
            continue
    return []


def _first_address(index: dict[str, list[str]], name: str) -> tuple[str, str]:
    """The first mailbox of a header, ("", "") when there is none."""
    pairs = _addresses(index, name)
    return pairs[0] if pairs else ("", "")


def _return_path(index: dict[str, list[str]]) -> str | None:
    """None: no header; "": the null reverse-path ``<>`` (a bounce); else the address."""
    if "return-path" not in index:
        return None
    value = _first(index, "return-path").strip()
    try:
        address = email.utils.parseaddr(value)[1]
    except Exception:  # noqa: BLE001 - unparseable: fall back to the bracket contents
        address = ""
    return (address or value.strip("<> \t")).lower()


# --- identifiers ---------------------------------------------------------------------------


def _ids(value: str) -> tuple[str, ...]:
    """The ``<...>`` tokens of a header, without brackets or whitespace."""
    found = ("".join(token.split()) for token in _MESSAGE_ID.findall(value))
    return tuple(token for token in found if token)


def _in_reply_to(value: str) -> tuple[str, ...]:
    """In-Reply-To ids; tolerates "<id> (Joe's message of ...)" and a bare id."""
    ids = _ids(value)
    if ids:
        return ids
    bare = value.strip()
    if bare and " " not in bare and "@" in bare:
        return (bare.strip("<>"),)
    return ()


def _references(value: str, own_id: str) -> tuple[str, ...]:
    """References, oldest first, each once, never the message's own id.

    A message that references itself, or a chain that repeats an id, would otherwise give
    the threader a loop. A huge header keeps its root and the newest ids.
    """
    seen: dict[str, None] = {}
    for token in _ids(value):
        if token != own_id:
            seen.setdefault(token, None)
    refs = tuple(seen)
    if len(refs) > MAX_REFERENCES:
        refs = refs[:1] + refs[-(MAX_REFERENCES - 1) :]
    return refs


# --- date and body hash --------------------------------------------------------------------


def parse_date(value: str) -> datetime | None:
    """An aware datetime from a Date header; None if missing or unreadable; naive → UTC."""
    value = decode_header_text(value).strip()
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def body_hash(raw: bytes) -> str:
    """sha256 of the bytes after the first blank line, CRLF normalised to LF.

    The same message fetched from two folders, or over a client that rewrote line endings,
    hashes the same. No blank line means no body, which hashes as empty.
    """
    match = _BODY_SEPARATOR.search(raw)
    body = raw[match.end() :].replace(b"\r\n", b"\n") if match else b""
    return hashlib.sha256(body).hexdigest()
