"""Separate a sender's own new words from quoted history, forwarded blocks and signatures.

Every text classifier (shouting, repetition, abuse, safeguarding) must judge only what the
parent wrote *this time*: a parent who quotes the school's letter back, or forwards a
teacher's email, has not written those words. This module is a pure function over text, so
it can be tested from tables and benchmarked against real corpora (``bench/quotes.py``).

How a body is read, top to bottom, one line at a time:

* ``>``-quoted lines are history; unquoted lines between them are the sender's inline answers.
* An attribution line ("On <date>, <name> wrote:", wrapped over up to six lines, in several
  languages, or Gmail's "2024-03-12 9:15 GMT Name <a@b>:") is history. If quoted lines follow
  it, reading continues (inline replies); if not, the client quoted without markers (Outlook,
  Apple Mail forwards) and everything from it to the end is history.
* A block marker (Outlook "-----Original Message-----", a "From:/Sent:/To:/Subject:" header
  block in English and other Outlook languages, Gmail's "---------- Forwarded message",
  Apple's "Begin forwarded message:", Lotus Notes "Forwarded by") ends the new text: all that
  follows is history.
* In what is left, a "-- " signature, mobile boilerplate ("Sent from my iPhone") and trailing
  legal disclaimers move to ``signature``. A short sign-off ("Kind regards,\\nJane") stays.

The work is bounded: only the first :data:`MAX_SCAN_LINES` lines are examined for markers
and only the first :data:`MAX_LINE_CHARS` characters of a line are matched, and no pattern
can backtrack catastrophically, so a multi-megabyte body costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

# Lines after this are not examined for quote markers: they stay in whatever zone the
# scan ended in. Real replies put their markers in the first few hundred lines.
MAX_SCAN_LINES = 5000
# Patterns only look at the start of a line; a pasted 5 MB line must not cost 5 MB per regex.
MAX_LINE_CHARS = 1000
# An attribution wrapped by the client ("On ..., Name\n<addr> wrote:") spans at most this many
# lines (Polymail splits one over five).
MAX_ATTRIBUTION_LINES = 6
MAX_ATTRIBUTION_CHARS = 500

# Disclaimers are a few paragraphs at the very end; more than this is not boilerplate.
MAX_DISCLAIMER_PARAGRAPHS = 8
# Clients wrap at 72-78 columns; a quoted line plus the next word beyond this was re-wrapped.
WRAP_WIDTH = 76

NEW, QUOTE, BLANK = 0, 1, 2


@dataclass(frozen=True)
class ReplyParts:
    """One message body split into the sender's words, the history and the signature."""

    new_text: str
    quoted: str
    signature: str
    has_quote: bool


# --- patterns ------------------------------------------------------------------------------

# Verbs that end an attribution line, in the languages UK families' mail clients use.
_WROTE_WORDS = (
    r"wrote|writes|sent|schrieb|geschrieben|a\s+écrit|écrit|schreef|"
    r"het\s+volgende\s+geschreven|escribió|ha\s+escrito|ha\s+scritto|scrisse|escreveu|"
    r"napisał\(a\)|napisała|napisał|skrev|kirjoitti|написал\(а\)|написала|написал|"
    r"a\s+scris|yazdı|đã\s+viết|ysgrifennodd|írta"
)
_ATTRIBUTION_END = re.compile(rf"(?:{_WROTE_WORDS})\s*:?[\s\-]*$", re.IGNORECASE)
_WROTE_ANYWHERE = re.compile(rf"(?:^|\s)(?:{_WROTE_WORDS})(?:\s|$)", re.IGNORECASE)
# The words an attribution starts with: "On", "Am", "Le", "Op", "El", "W dniu", "Den", ...
_INTRO_WORDS = (
    r"on|at|am|le|op|el|il|em|w\s+dniu|dnia|den|på|vào|ar|pe|în|"
    r"el\s+día|il\s+giorno|le\s+jour"
)
_INTRO = re.compile(rf"(?:{_INTRO_WORDS})\s", re.IGNORECASE)
_INTRO_INSIDE = re.compile(rf"(?:^|[\s\-])((?:{_INTRO_WORDS})\s)", re.IGNORECASE)
# Gmail in many locales, Android, Yandex: "2014-10-17 11:28 GMT+03:00 Name <a@b>:".
_DATE_FIRST = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}\b")
_TIME = re.compile(r"\d{1,2}:\d{2}")
_BRACKETED_ADDRESS = re.compile(r"[<(\[][^<>()\[\]\s]{0,200}@[^<>()\[\]\s]{1,200}[>)\]]")
_DIGIT = re.compile(r"\d")

# "-----Original Message-----", "---------- Forwarded message ---------", Lotus Notes
# "----- Forwarded by Name/ORG on 10/12/2000", in English and the Outlook languages.
_BLOCK_MARKER = re.compile(
    r"[-=_*]{2,}\s*(?:"
    r"original\s+message|reply\s+message|forwarded\s+message|forwarded\s+by\b|"
    r"original\s+nachricht|ursprüngliche\s+nachricht|antwort\s+nachricht|"
    r"weitergeleitete\s+nachricht|oprindelig\s+meddelelse|videresendt\s+meddelelse|"
    r"message\s+d'origine|message\s+transféré|message\s+original|"
    r"oorspronkelijk\s+bericht|origineel\s+bericht|doorgestuurd\s+bericht|"
    r"mensaje\s+original|mensaje\s+reenviado|ursprungligt\s+meddelande|"
    r"vidarebefordrat\s+meddelande|opprinnelig\s+melding|videresendt\s+melding|"
    r"wiadomość\s+oryginalna|oryginalna\s+wiadomość|przekazana\s+wiadomość|"
    r"wiadomość\s+przekazana|messaggio\s+originale|messaggio\s+inoltrato|"
    r"mensagem\s+original|mensagem\s+encaminhada|mesaj\s+original|mesaj\s+redirecționat|"
    r"neges\s+wreiddiol|исходное\s+сообщение|пересылаемое\s+сообщение|"
    r"forwarded\s+mail|forwarded\s+e-?mail)",
    re.IGNORECASE,
)
# Apple Mail and others introduce a forward with a sentence and no dashes.
_BEGIN_FORWARD = re.compile(
    r"(?:begin\s+forwarded\s+message|anfang\s+der\s+weitergeleiteten\s+nachricht|"
    r"début\s+du\s+message\s+réexpédié|début\s+du\s+message\s+transféré|"
    r"begin\s+doorgestuurd\s+bericht|inicio\s+del\s+mensaje\s+reenviado|"
    r"vidarebefordrat\s+brev|videresendt\s+besked|videresendt\s+melding|"
    r"początek\s+przekazanej\s+wiadomości|inizio\s+messaggio\s+inoltrato|"
    r"início\s+da\s+mensagem\s+reencaminhada|mensaje\s+reenviado)\s*:?\s*$",
    re.IGNORECASE,
)
# Novell GroupWise quotes with one line: ">>> Name <a@b> 12/14/00 08:47AM >>>".
_GROUPWISE = re.compile(r">>>\s[^\n]{0,200}?\d[^\n]{0,200}>>>$")
# Outlook's separator above a quoted header block: a long run of underscores.
_OUTLOOK_RULE = re.compile(r"_{20,}$")
# A line of only rule characters: Outlook's "________________________________" above a
# header block, or a row of dashes/asterisks.
_RULE = re.compile(r"[-_=*~]{5,}$")

# "From:" style labels of a quoted header block, by meaning, in Outlook's languages.
# Welsh "At" (To) is left out on purpose: "At: 9am" is common in ordinary mail.
_LABELS: dict[str, str] = {}
for _category, _names in {
    "from": "from|von|de|van|fra|från|od|da|de la|oddi wrth|от|kimden|feladó|absender|"
    "expéditeur|remitente|lähettäjä",
    "sent": "sent|date|gesendet|datum|envoyé|envoyé le|date d'envoi|verzonden|enviado|"
    "enviado el|fecha|skickat|sendt|dato|wysłano|data|inviato|anfonwyd|dyddiad|trimis|"
    "отправлено|дата|gönderildi|tarih|elküldve|lähetetty|päivämäärä",
    "to": "to|an|à|a|aan|para|till|til|do|către|кому|kime|címzett|destinataire|vastaanottaja",
    "cc": "cc|bcc|kopie|kopia|kopi|kopio|dw|cco|копия|másolatot kap",
    "subject": "subject|betreff|objet|onderwerp|asunto|ämne|emne|temat|oggetto|assunto|"
    "pwnc|subiect|тема|konu|tárgy|aihe",
}.items():
    for _name in _names.split("|"):
        _LABELS[_name] = _category
# A label: optional bold stars, one to three words, optional space, then a colon.
_LABEL = re.compile(r"[\s*_]*([^\W\d_]+(?:[ '][^\W\d_]+){0,2})\s*\**\s*:")

# Mobile and webmail boilerplate that is never the sender's own words.
_MOBILE_FOOTER = re.compile(
    r"(?:sent\s+(?:from|with|via|using)\s+.{1,70}|"
    r"get\s+outlook\s+for\s+\S.{0,30}|download\s+outlook\s+for\s+\S.{0,30}|"
    r"von\s+meinem\s+.{1,50}\s+gesendet|gesendet\s+von\s+.{1,50}|"
    r"envoyé\s+(?:de|depuis)\s+.{1,50}|enviado\s+(?:desde|do|de)\s+.{1,50}|"
    r"inviato\s+da\s+.{1,50}|verzonden\s+(?:vanaf|met|van)\s+.{1,50}|"
    r"skickat\s+från\s+.{1,50}|sendt\s+fra\s+.{1,50}|wysłane\s+z\s+.{1,50}|"
    r"trimis\s+de\s+pe\s+.{1,50})$",
    re.IGNORECASE,
)
# A trailing paragraph is a disclaimer only with one phrase a person would not write to a
# school ("intended recipient") and one more of either kind: a parent's own "please keep
# this confidential" must stay in new_text, where the safeguarding check reads it.
_DISCLAIMER_STRONG = (
    "intended recipient",
    "intended solely",
    "addressee",
    "received this in error",
    "received this email in error",
    "received this e-mail in error",
    "received this message in error",
    "notify the sender",
    "disclaimer",
    "registered in england",
    "registered office",
    "company number",
    "views expressed",
)
_DISCLAIMER_WEAK = (
    "confidential",
    "privileged",
    "unauthorised",
    "unauthorized",
    "prohibited",
    "virus",
    "legally",
    "in error",
)


# --- public API ----------------------------------------------------------------------------


def split_reply(text: str) -> ReplyParts:
    """Split a plain-text body into new words, quoted history and signature.

    Top-posted replies, inline replies, forwards and unmarked Outlook quotes are all handled
    by the same line scan; see the module docstring for the rules.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").split("\n")
    marks, history_from = _mark_lines(lines)
    _unmark_lone_quote(lines, marks)
    _mark_wrapped_fragments(lines, marks)
    kept = [line for line, mark in zip(lines, marks, strict=False) if mark != QUOTE]
    quoted_lines = [line for line, mark in zip(lines, marks, strict=False) if mark == QUOTE]
    quoted_lines.extend(lines[history_from:])
    body, signature = _split_signature(kept)
    has_quote = QUOTE in marks or history_from < len(lines)
    return ReplyParts(
        new_text=_tidy(body),
        quoted=_tidy(quoted_lines) if has_quote else "",
        signature=_tidy(signature),
        has_quote=has_quote,
    )


# --- the line scan -------------------------------------------------------------------------


def _mark_lines(lines: list[str]) -> tuple[list[int], int]:
    """Mark each line before the history NEW, QUOTE or BLANK; return where history starts.

    ``lines`` may be edited in place: an attribution sharing a line with reply text
    ("reply--- On ... wrote:") is split into two lines.
    """
    marks: list[int] = []
    i = 0
    while i < len(lines) and i < MAX_SCAN_LINES:
        line = lines[i]
        if not line.strip():
            marks.append(BLANK)
            i += 1
            continue
        if _is_quoted(line) and not _GROUPWISE.match(line.strip()[:MAX_LINE_CHARS]):
            marks.append(QUOTE)
            i += 1
            continue
        start = _block_start(lines, i)
        if start is not None:
            return marks[:start], start
        split = _split_inline_attribution(lines, i)
        if split is not None:  # "reply--- On ... wrote:": the reply part is new text
            lines[i : i + 1] = split
            marks.append(NEW)
            i += 1
            continue
        end = _attribution_end(lines, i)
        if end is None:
            marks.append(NEW)
            i += 1
            continue
        if not _quote_follows(lines, end + 1):
            return marks, i
        marks.extend([QUOTE] * (end - i + 1))
        i = end + 1
    # Past the scan limit everything is the sender's, unless the scan ended inside a quote.
    tail = QUOTE if marks and marks[-1] == QUOTE else NEW
    marks.extend([tail] * (len(lines) - len(marks)))
    return marks, len(lines)


def _is_quoted(line: str) -> bool:
    """A line quoted with ``>`` (any indentation, any depth)."""
    return line.lstrip()[:1] == ">"


def _quote_follows(lines: list[str], j: int) -> bool:
    """Whether the next non-blank line (within a few) is ``>``-quoted."""
    for k in range(j, min(len(lines), j + 4)):
        if lines[k].strip():
            return _is_quoted(lines[k])
    return False


# --- block markers: everything after them is history ---------------------------------------


def _block_start(lines: list[str], i: int) -> int | None:
    """Where history starts if line ``i`` opens a forwarded or Outlook-quoted block."""
    head = lines[i][:MAX_LINE_CHARS].strip()
    if _BLOCK_MARKER.match(head) or _BEGIN_FORWARD.match(head) or _GROUPWISE.match(head):
        return i
    if _OUTLOOK_RULE.match(head) and _labels_follow(lines, i + 1):
        return i
    category = _label_category(head)
    if category is None or not _is_header_block(lines, i, category):
        return None
    return _pull_back(lines, i, category)


def _labels_follow(lines: list[str], j: int) -> bool:
    """Whether the next two non-blank lines are "Label: value" lines, in any language.

    Outlook draws a long rule above the quoted header block in every language it speaks,
    so after that rule the label words need not be known.
    """
    found = 0
    for k in range(j, min(len(lines), j + 4)):
        text = lines[k].strip()
        if not text:
            continue
        if not _LABEL.match(text[:200]):
            return False
        found += 1
        if found == 2:
            return True
    return False


def _label_category(line: str) -> str | None:
    """The meaning of a "Label:" at the start of a line ("from", "sent", ...), if any."""
    match = _LABEL.match(line[:200])
    if match is None:
        return None
    return _LABELS.get(" ".join(match.group(1).lower().split()))


def _is_header_block(lines: list[str], i: int, first: str) -> bool:
    """Whether line ``i`` starts a run of quoted-message header lines.

    A block must start with From/Sent/Date (or, for Lotus Notes, To) and hold at least one
    other header label within a few lines; values may wrap onto continuation lines. An
    appointment ("Date: ... / Time: ... / Address: ...") is not a header block.
    """
    if first not in ("from", "sent", "to"):
        return False
    seen = {first}
    gap = 0
    for j in range(i + 1, min(len(lines), i + 9)):
        text = lines[j].strip()
        category = _label_category(text)
        if category is None:
            if "@" in text:
                continue  # a long To/Cc list wrapped over several lines
            gap += 1
            if gap > 2:
                break
            continue
        gap = 0
        seen.add(category)
    if first == "to":
        return "subject" in seen and len(seen) >= 3
    return len(seen) >= 2


def _pull_back(lines: list[str], i: int, category: str) -> int:
    """Include the rule or Lotus sender lines that belong above a header block."""
    j = i - 1
    while j >= 0 and not lines[j].strip() and i - j <= 2:
        j -= 1
    if j >= 0 and _RULE.match(lines[j].strip()):
        return j
    if category != "to":
        return i
    # Lotus Notes: "Name/ORG@ORG\n10/12/2000 03:12 PM\n\nTo: ..." just above the "To:".
    above = i - 1 if i > 0 and lines[i - 1].strip() else i - 2
    start = i
    evidence = False
    for k in range(above, max(-1, above - 3), -1):
        text = lines[k].strip()
        if not text or len(text) > 100 or _is_quoted(text):
            break
        evidence = evidence or "@" in text or bool(_TIME.search(text))
        start = k
    return start if evidence else i


# --- attributions: "On <date>, <name> wrote:" ----------------------------------------------


def _starts_with_intro(text: str) -> bool:
    """Whether text opens like an attribution ("On 12 March", "Am 12.03."), capitalised.

    Clients capitalise the first word; a wrapped prose line "am guessing ..." is not German.
    """
    return text[:1].isupper() and _INTRO.match(text) is not None


def _could_start_attribution(head: str) -> bool:
    """Cheap filter so most lines never reach the joining logic."""
    return bool(
        _starts_with_intro(head)
        or _DATE_FIRST.match(head)
        or "@" in head
        or _TIME.search(head)
        or _ATTRIBUTION_END.search(head)
    )


def _attribution_end(lines: list[str], i: int) -> int | None:
    """The last line of an attribution starting at line ``i``, or None if there is none."""
    first = lines[i][:MAX_LINE_CHARS].strip().lstrip("-*_ ")
    if not first or not _could_start_attribution(first):
        return None
    parts: list[str] = []
    blanks = 0
    for j in range(i, min(len(lines), i + MAX_ATTRIBUTION_LINES)):
        text = lines[j][:MAX_LINE_CHARS].strip()
        if j == i:
            text = first
        if not text:
            blanks += 1
            if blanks > 1:
                return None
            continue
        if j > i and (_label_category(text) is not None or _starts_with_intro(text)):
            # A header block ("To:") is not a wrapped attribution, and a line that starts
            # one itself ("On ...") is where the attribution really begins.
            return None
        if j > i and not _DIGIT.search(first):
            return None  # wrapped attributions carry the date on their first line
        parts.append(text)
        joined = " ".join(parts)
        if len(joined) > MAX_ATTRIBUTION_CHARS:
            return None
        if _is_attribution(joined, partial(_quote_follows, lines, j + 1)):
            return j
        # A sentence does not continue into an attribution.
        if text[-1] in ".!?" and not _DIGIT.search(text[-3:]):
            return None
    return None


def _is_attribution(joined: str, quote_follows: Callable[[], bool]) -> bool:
    """Whether one (joined) line is a reply attribution.

    ``quote_follows`` is a callable, evaluated only when the line alone is not conclusive.
    """
    stripped = joined.rstrip(" -")
    if _ATTRIBUTION_END.search(stripped):
        if _starts_with_intro(joined) and _DIGIT.search(joined):
            return True
        if "@" in joined:
            return True
        # "Jane Smith wrote:" / "---- John Smith wrote ----" only when quoted lines follow.
        return len(joined) <= 120 and bool(quote_follows())
    if not stripped.endswith((":", ">")):
        return False
    has_address = "@" in joined
    if _DATE_FIRST.match(joined) and has_address:
        return stripped.endswith(":") or bool(quote_follows())
    if not stripped.endswith(":"):
        return False
    # "Am 12.03.2024 um 09:15 schrieb Max <m@x.de>:" / "Op ... schreef Name:"
    if _starts_with_intro(joined) and _DIGIT.search(joined) and _WROTE_ANYWHERE.search(joined):
        return True
    # Yandex/mail.ru and others: a date, a time and a bracketed address, ending with ":".
    return bool(_TIME.search(joined) and _BRACKETED_ADDRESS.search(joined))


def _split_inline_attribution(lines: list[str], i: int) -> list[str] | None:
    """Split "reply--- On <date>, <name> wrote:" into the reply and the attribution.

    Only when quoted lines follow, so a sentence containing "on" is never cut.
    """
    line = lines[i][:MAX_LINE_CHARS].rstrip()
    head = line.lstrip("-*_ ")
    if _starts_with_intro(head) or _DATE_FIRST.match(head):
        return None  # the attribution starts the line
    if not _ATTRIBUTION_END.search(line) or not _quote_follows(lines, i + 1):
        return None
    for match in _INTRO_INSIDE.finditer(line):
        if match.start(1) == 0 or not line[match.start(1)].isupper():
            continue
        rest = line[match.start(1) :]
        if _DIGIT.search(rest):
            prefix = line[: match.start(1)].rstrip(" -")
            return [prefix, rest] if prefix else None
    return None


# --- repairs after the scan ----------------------------------------------------------------


def _unmark_lone_quote(lines: list[str], marks: list[int]) -> None:
    """A single ``>`` line with no attribution anywhere is text (">>> http://... <<<")."""
    quoted = [k for k, mark in enumerate(marks) if mark == QUOTE]
    if len(quoted) == 1 and len(marks) == len(lines):
        marks[quoted[0]] = NEW


def _mark_wrapped_fragments(lines: list[str], marks: list[int]) -> None:
    """Overflow of a re-wrapped quoted line stays quoted.

    Clients that re-wrap quoted text leave the overflow unquoted: a long ``>`` line, then
    "be" or "committed." or a URL tail, then more ``>`` lines. Such a fragment (one or two
    short lines directly between quoted lines, after a long quoted line) is not an inline
    answer; an answer starts with a capital ("Yes") or follows a short question.
    """
    limit = min(len(marks), len(lines))
    k = 1
    while k < limit - 1:
        if marks[k] != NEW or marks[k - 1] != QUOTE:
            k += 1
            continue
        end = k
        while end < limit and end - k < 2 and marks[end] == NEW:
            end += 1
        if end < limit and marks[end] == QUOTE and _is_overflow(lines[k - 1], lines[k:end]):
            marks[k:end] = [QUOTE] * (end - k)
        k = end + 1


def _is_overflow(quoted: str, fragment: list[str]) -> bool:
    """Whether ``fragment`` reads as the wrapped-off end of the ``quoted`` line above it.

    It does when its first word would not have fitted on the quoted line within a usual
    wrap width: the "> " marker pushed it over. An inline answer under a short question
    ("> Can Amy come?" / "Yes") is not explained by wrapping and stays.
    """
    text = " ".join(line.strip() for line in fragment)
    if not text or len(text) > 200:
        return False
    if " " not in text and any(c in text for c in "=/&?%#_"):
        return True  # a URL tail
    first_word = text.split(None, 1)[0]
    return len(quoted.rstrip()) + 1 + len(first_word) > WRAP_WIDTH


# --- signatures ----------------------------------------------------------------------------


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Move a "-- " signature, mobile boilerplate and trailing disclaimers out of the body."""
    starts = [
        start
        for start in (_dash_signature(lines), _mobile_footer(lines), _disclaimer(lines))
        if start is not None
    ]
    if not starts:
        return lines, []
    start = min(starts)
    return lines[:start], lines[start:]


def _dash_signature(lines: list[str]) -> int | None:
    """The RFC 3676 "-- " delimiter (or a bare "--" closely followed by the end)."""
    rest = sum(1 for line in lines if line.strip())  # non-blank lines after line k
    for k, line in enumerate(lines):
        if line.strip():
            rest -= 1
        if line == "-- " and rest <= 60:
            return k
        if line.strip() == "--" and 0 < rest <= 12:
            return k
    return None


def _mobile_footer(lines: list[str]) -> int | None:
    """Mobile boilerplate ("Sent from my iPhone") among the last few non-blank lines."""
    found = None
    seen = 0
    for k in range(len(lines) - 1, -1, -1):
        text = lines[k].strip()
        if not text:
            continue
        seen += 1
        if seen > 4:
            break
        if len(text) <= 90 and _MOBILE_FOOTER.match(text):
            found = k
    return found


def _disclaimer(lines: list[str]) -> int | None:
    """The first of the trailing paragraphs that read like a legal disclaimer.

    The first paragraph of a message is never a disclaimer: whatever a parent wrote first
    stays in new_text, where the safeguarding check can read it.
    """
    first = next((k for k, line in enumerate(lines) if line.strip()), len(lines))
    start = None
    end = len(lines)
    for _ in range(MAX_DISCLAIMER_PARAGRAPHS):
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        begin = end
        while begin > 0 and lines[begin - 1].strip():
            begin -= 1
        if begin == end or begin <= first:
            break
        paragraph = " ".join(lines[begin:end]).lower()
        if _RULE.match(paragraph.strip()) and start is not None:
            start = begin
        elif len(paragraph) >= 100 and _is_disclaimer(paragraph):
            start = begin
        else:
            break
        end = begin
    return start


def _is_disclaimer(paragraph: str) -> bool:
    """Whether a (lower-cased) paragraph reads like boilerplate legal text."""
    strong = sum(1 for phrase in _DISCLAIMER_STRONG if phrase in paragraph)
    weak = sum(1 for phrase in _DISCLAIMER_WEAK if phrase in paragraph)
    return strong >= 1 and strong + weak >= 2


# --- output --------------------------------------------------------------------------------


def _tidy(lines: list[str]) -> str:
    """Join lines, drop runs of blank lines left by removed quotes, trim the ends."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            if out and not out[-1].strip():
                continue
            out.append("")
        else:
            out.append(line.rstrip())
    return "\n".join(out).strip("\n")
