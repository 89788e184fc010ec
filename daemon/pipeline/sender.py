"""Who sent this: a parent, the school's own staff, or a machine.

Everything downstream depends on this answer. A parent's message starts a response clock
and may get a holding reply; staff mail can acknowledge a parent; automated mail (bounces,
out-of-office replies, newsletters, no-reply notifications) must do neither, and above all
must never be answered automatically (RFC 3834 section 2, RFC 5230 section 4.5), or two
auto-responders can mail each other for ever.

The two mistakes do not cost the same. Calling a parent "automated" silently drops their
message from every promise the school makes, so an automated verdict needs a marker that
only machines produce; a machine mistaken for a parent merely costs the office a glance.
Hence headers that merely *ask* for no auto-replies (``X-Auto-Response-Suppress``) or that
ordinary mail services also add (``Feedback-ID``) are not used.

Order, first match wins:

1. staff: the Sent folder, or the school's own address or aliases (its own holding replies
   included: it was the school speaking);
2. automated: delivery and read reports, then RFC 3834 / list / auto-reply headers, a null
   Return-Path, out-of-office subjects, no-reply sender addresses;
3. staff: a sender in a staff domain. This comes *after* the automated rules on purpose: the
   school's own mail server bounces from ``MAILER-DAEMON@mx.<staff domain>``, its MIS sends
   from ``noreply@<staff domain>``, and a teacher's out-of-office reply to a parent is not a
   person acknowledging them;
4. automated: no usable From address at all;
5. parent: anyone else writing in (a pupil's own account lands here too, see below).

List headers added by the school's *own* group are not a sign of automation: with Google
Workspace ``office@`` is often a Google Group, which stamps ``List-Id``, ``List-Post`` and
``Precedence: list`` on every message it passes on, parents' included.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from daemon.pipeline.addresses import normalise_address
from daemon.pipeline.message import ParsedMessage

SenderKind = Literal["parent", "staff", "automated"]

# Schools commonly give pupils accounts on a subdomain of the staff domain
# (jo.bloggs@pupils.oakfield.sch.uk). A pupil is not staff: their mail must not count as the
# school acknowledging a parent, and it needs an answer like anyone else's. So a subdomain
# whose first label is one of these is staff only when that exact domain is configured.
PUPIL_SUBDOMAIN_LABELS = frozenset(
    {"pupil", "pupils", "student", "students", "learner", "learners"}
)


@dataclass(frozen=True)
class SchoolIdentity:
    """The school as a sender: its own mailbox and aliases, and the domains its staff use.

    Values are normalised on construction, so callers may pass config values as written.
    """

    addresses: frozenset[str]
    staff_domains: frozenset[str]

    def __post_init__(self) -> None:
        addresses = frozenset(a for a in map(normalise_address, self.addresses) if a)
        domains = frozenset(d.strip().strip(".").lstrip("@").lower() for d in self.staff_domains)
        object.__setattr__(self, "addresses", addresses)
        object.__setattr__(self, "staff_domains", frozenset(d for d in domains if d))

    def is_own_address(self, address: str) -> bool:
        normalised = normalise_address(address)
        return bool(normalised) and normalised in self.addresses

    def is_staff_domain(self, domain: str) -> bool:
        """The domain is a staff domain or a subdomain of one (not a pupils' subdomain)."""
        domain = domain.strip().strip(".").lower()
        if not domain:
            return False
        if domain in self.staff_domains:
            return True
        for staff in self.staff_domains:
            if domain.endswith("." + staff):
                first_label = domain[: -len(staff) - 1].rpartition(".")[2]
                if first_label not in PUPIL_SUBDOMAIN_LABELS:
                    return True
        return False

    def is_staff(self, address: str) -> bool:
        """The school's own address or aliases, or anyone in a staff domain."""
        normalised = normalise_address(address)
        if not normalised:
            return False
        return normalised in self.addresses or self.is_staff_domain(normalised.partition("@")[2])


@dataclass(frozen=True)
class SenderVerdict:
    kind: SenderKind
    reason: str  # a short sentence for people (stored, shown in the CLI); never an address


def classify_sender(
    msg: ParsedMessage, school: SchoolIdentity, *, in_sent_folder: bool = False
) -> SenderVerdict:
    """Parent, staff or automated, with the rule that decided it.

    The school's own automated mail (its holding replies) is "staff": it was the school
    speaking. Whoever decides whether a message *acknowledges* a parent must still look at
    ``Auto-Submitted`` (holding replies never count). Machines in a staff domain (bounces,
    no-reply senders, a teacher's out-of-office) are "automated".
    """
    if in_sent_folder:
        return SenderVerdict("staff", "in the school's Sent folder")
    if msg.from_address and school.is_own_address(msg.from_address):
        return SenderVerdict("staff", "the school's own address")
    for rule in AUTOMATED_RULES:
        reason = rule(msg, school)
        if reason:
            return SenderVerdict("automated", reason)
    if msg.from_address and school.is_staff(msg.from_address):
        return SenderVerdict("staff", "sender in a staff domain")
    if not msg.from_address:
        return SenderVerdict("automated", "no usable From address")
    return SenderVerdict("parent", "an outside sender with no sign of automation")


# --- automated-mail rules -------------------------------------------------------------------
# Each takes the message and the school and returns a reason, or "" when it does not apply.


def _delivery_report(msg: ParsedMessage, school: SchoolIdentity) -> str:
    """Bounces and read receipts (RFC 6522 multipart/report) and bounce-shaped mail."""
    if msg.content_type == "multipart/report":
        report_type = _parameter(msg.header("content-type"), "report-type")
        if report_type == "disposition-notification":
            return "read receipt (multipart/report disposition-notification)"
        return f"bounce (multipart/report {report_type or 'without report-type'})"
    if msg.content_type == "message/delivery-status":
        return "bounce (message/delivery-status)"
    local = _local_part(msg.from_address)
    if local in ("mailer-daemon", "postmaster"):
        return f"bounce (From {local.upper() if local == 'mailer-daemon' else local})"
    if _BOUNCE_NAME.match(msg.from_name.strip()):
        return "bounce (From a mail delivery system)"
    if _BOUNCE_SUBJECT.match(msg.subject):
        return "bounce (delivery failure subject)"
    return ""


def _auto_submitted(msg: ParsedMessage, school: SchoolIdentity) -> str:
    """RFC 3834: any value but "no" marks a machine. Parameters (";owner-email=") are ignored.

    An empty value is malformed and says nothing either way, so it is ignored.
    """
    value = msg.header("auto-submitted").partition(";")[0].strip().lower()
    if value and value != "no":
        return f"Auto-Submitted: {value}"
    return ""


_AUTOMATED_PRECEDENCE = frozenset({"bulk", "list", "junk", "auto_reply", "auto-reply"})


def _precedence(msg: ParsedMessage, school: SchoolIdentity) -> str:
    value = msg.header("precedence").strip().lower()
    if value not in _AUTOMATED_PRECEDENCE:
        return ""
    if value == "list" and _via_own_group(msg, school):
        return ""
    return f"Precedence: {value}"


# RFC 2369 and RFC 2919: only list software adds these. Gmail and Yahoo require
# List-Unsubscribe from bulk senders, so newsletters and most marketing mail carry it too.
_LIST_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "list-post",
    "list-help",
    "list-subscribe",
    "list-owner",
    "list-archive",
)


def _mailing_list(msg: ParsedMessage, school: SchoolIdentity) -> str:
    if _via_own_group(msg, school):
        return ""
    for name in _LIST_HEADERS:
        if name in msg.headers:
            return f"mailing list or bulk mail ({_title(name)} header)"
    return ""


def _via_own_group(msg: ParsedMessage, school: SchoolIdentity) -> bool:
    """The list headers were added by one of the school's own groups (Google Groups,
    Microsoft 365 groups, a Mailman list on the school's domain), not by a sender's list.

    ``List-Post: <mailto:office@school.example>`` names the group's address; ``List-Id:
    Office <office.school.example>`` ends with the group's domain.
    """
    # List-Post may hold several <...> targets (a web form and a mailto:), or "NO".
    for target in _ANGLE_TARGETS.findall(msg.header("list-post")):
        if target.strip().lower().startswith("mailto:") and school.is_staff(target):
            return True
    list_id = msg.header("list-id")
    if list_id:
        ident = (list_id.rpartition("<")[2].partition(">")[0] or list_id).strip().lower()
        for domain in school.staff_domains | {a.partition("@")[2] for a in school.addresses}:
            if ident.endswith("." + domain) and ident.split(".", 1)[0] not in ("", "*"):
                return True
    return False


# Non-standard auto-responder markers (Exim, cPanel, Hotmail/Exchange). Deliberately absent:
# X-Auto-Response-Suppress. Microsoft defines it ([MS-OXCMAIL] 2.1.3.2.20) as a *request*
# that the recipient's systems send no auto-replies (DR, NDR, RN, NRN, OOF, AutoReply) to
# this message; Outlook and Exchange also set it on mail people write (meeting responses,
# replies to mail that carried it), and bulk senders add it to avoid OOF floods. It says
# nothing about who wrote the message (Discourse and Sisimai dropped it for the same reason).
# Real Exchange out-of-office replies are caught anyway: they carry Auto-Submitted.
_AUTO_REPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autogenerated")


def _auto_reply_header(msg: ParsedMessage, school: SchoolIdentity) -> str:
    for name in _AUTO_REPLY_HEADERS:
        if name not in msg.headers:
            continue
        value = msg.headers[name].strip().lower()
        if value not in ("no", "false", "0"):
            return f"{_title(name)} header"
    return ""


def _null_return_path(msg: ParsedMessage, school: SchoolIdentity) -> str:
    """RFC 5321 4.5.5: mail sent with the null reverse-path <> must never be answered."""
    return "null Return-Path <>" if msg.return_path == "" else ""


def _out_of_office(msg: ParsedMessage, school: SchoolIdentity) -> str:
    """Auto-reply subjects, matched at the very start of the subject only.

    A parent answering an auto-reply writes "Re: Automatic reply: ..." and is still a parent,
    so reply prefixes are not stripped first.
    """
    return "out-of-office subject" if _OOF_SUBJECT.match(msg.subject) else ""


def _no_reply_sender(msg: ParsedMessage, school: SchoolIdentity) -> str:
    return "no-reply sender address" if is_machine_address(msg.from_address) else ""


def is_machine_address(address: str) -> bool:
    """No-reply, bounce, MAILER-DAEMON, postmaster and list-robot addresses."""
    local = _local_part(address)
    return bool(local) and any(p.search(local) for p in _NO_REPLY_LOCAL_PARTS)


AUTOMATED_RULES: tuple[Callable[[ParsedMessage, SchoolIdentity], str], ...] = (
    _delivery_report,
    _auto_submitted,
    _precedence,
    _mailing_list,
    _auto_reply_header,
    _null_return_path,
    _out_of_office,
    _no_reply_sender,
)

# --- patterns -------------------------------------------------------------------------------

# Display names of the MTA software that writes bounces (Gmail, Postfix/Exim).
_BOUNCE_NAME = re.compile(r"mail delivery (?:subsystem|system)\b", re.IGNORECASE)

# Bounce subjects of Exchange/Outlook (several languages), Postfix, Exim, Sendmail, Gmail,
# qmail/Yahoo. Anchored and specific: a parent never starts a subject this way.
_BOUNCE_SUBJECT = re.compile(
    r"""^\s*(?:
        undeliverable\s*:
      | undelivered\ mail\ returned\ to\ sender
      | delivery\ status\ notification
      | mail\ delivery\ failed
      | mail\ delivery\ failure
      | returned\ mail\s*:
      | delivery\ failure\b
      | failure\ notice\s*$
      | message\ not\ delivered\b
      | nicht\ zustellbar\s*:
      | non\ remis\s*:
      | onbestelbaar\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Out-of-office and auto-reply subjects of Outlook/Exchange (English, German, French,
# Spanish, Italian, Dutch, Scandinavian), Gmail-style vacation subjects, cPanel/Exim.
# "Out of office" must be a whole phrase at the start, not "Out of office hours ..." and not
# "Out of school club".
_OOF_SUBJECT = re.compile(
    r"""^\s*(?:
        automatic\ reply\s*:
      | auto[-\ ]?reply\b
      | auto[-\ ]?response\b
      | autoresponder\b
      | out\ of\ (?:the\ )?office(?!\ hours?\b)\b
      | abwesenheitsnotiz\b
      | automatische\ antwort\b
      | r[ée]ponse\ automatique\b
      | absence\ du\ bureau\b
      | respuesta\ autom[áa]tica\b
      | risposta\ automatica\b
      | automatisch\ antwoord\b
      | autosvar\b
      | \[auto[-\ ]?reply\]
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Local parts only machines use. Each needs a separator (or the edge) on both sides, so
# "replyjane" or "noreen" never match. VERP bounce addresses ("bounces+123-x=y@", Mailman's
# "list-bounces@") are covered by the separators.
_SEP_L = r"(?:^|[-_.+=])"
_SEP_R = r"(?:$|[-_.+=0-9])"
_NO_REPLY_LOCAL_PARTS = (
    re.compile(_SEP_L + r"(?:no|do[-_.]?not|dont)[-_.]?reply" + _SEP_R),
    re.compile(_SEP_L + r"bounces?" + _SEP_R),
    re.compile(r"^(?:mailer[-_.]?daemon|postmaster|listserv|majordomo)$"),
    # Role mailboxes of notification systems; a person never owns one of these names.
    re.compile(r"^(?:notification|notifications)$"),
    # Mailing-list robots (RFC 2142 and list-manager convention).
    re.compile(r"^owner-."),
    re.compile(r".-(?:request|owner)$"),
)


_ANGLE_TARGETS = re.compile(r"<([^<>]*)>")


def _local_part(address: str) -> str:
    """The local part, lower-cased; the whole value when there is no @ ("MAILER-DAEMON")."""
    return address.rpartition("@")[0].lower() if "@" in address else address.strip().lower()


def _parameter(header_value: str, name: str) -> str:
    """A ``name=value`` parameter of a MIME header, lower-cased, quotes removed."""
    for part in header_value.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"').strip().lower()
    return ""


def _title(header_name: str) -> str:
    """A lower-cased header name as people write it: "list-id" → "List-Id"."""
    return "-".join(w.capitalize() for w in header_name.split("-"))
