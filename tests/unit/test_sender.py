"""Sender classification (parent, staff, automated) and address normalisation, from tables.

Each case is a message as the parser hands it over and the verdict it must get. Calling a
parent "automated" drops them from every promise the school makes, so the hard negatives
(parents who merely look automated) matter as much as the rules themselves.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from daemon.pipeline.addresses import normalise_address, short_hash
from daemon.pipeline.message import ParsedMessage
from daemon.pipeline.sender import SchoolIdentity, classify_sender

SCHOOL = SchoolIdentity(
    addresses=frozenset({"office@oakfield.sch.uk", "admin@oakfield.sch.uk"}),
    staff_domains=frozenset({"oakfield.sch.uk", "oakfieldtrust.org.uk"}),
)
MUM = ("Sarah Khan", "sarah.khan@example.com")

_BASE = ParsedMessage(
    message_id="abc123@mail.example.com",
    in_reply_to=(),
    references=(),
    subject="Oliver's inhaler",
    from_name=MUM[0],
    from_address=MUM[1],
    sender_address="",
    reply_to=(),
    return_path=MUM[1],
    to=(("Oakfield Office", "office@oakfield.sch.uk"),),
    cc=(),
    date=None,
    headers={},
    content_type="text/plain",
    text="Hi, Oliver's inhaler is running out. Kind regards, Sarah",
    text_from_html=False,
    new_text="Hi, Oliver's inhaler is running out.",
    has_quote=False,
    signature="Kind regards, Sarah",
    attachments=(),
    size=2048,
    body_hash="0" * 64,
)


def message(
    *,
    frm: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> ParsedMessage:
    """A parent's ordinary email with the given fields replaced: ``frm`` is (display name,
    address); header names are lower-cased as the parser stores them."""
    if frm is not None:
        fields["from_name"], fields["from_address"] = frm
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    return replace(_BASE, headers=lowered, **fields)


# name: (message, in Sent folder, expected kind, expected reason or None to skip the check)
CASES: dict[str, tuple[ParsedMessage, bool, str, str | None]] = {
    # --- staff ------------------------------------------------------------------------------
    "anything in the Sent folder": (message(), True, "staff", "in the school's Sent folder"),
    "the school's own address": (
        message(frm=("Oakfield Office", "office@oakfield.sch.uk")),
        False, "staff", "the school's own address",
    ),
    "an alias with a +tag and capitals": (
        message(frm=("Office", "Admin+Trips@Oakfield.sch.uk")),
        False, "staff", "the school's own address",
    ),
    "the school's own holding reply is still the school": (
        message(
            frm=("Oakfield Office", "office@oakfield.sch.uk"),
            headers={"Auto-Submitted": "auto-replied"},
        ),
        False, "staff", "the school's own address",
    ),
    "a teacher in the staff domain": (
        message(frm=("Mrs J Patel", "j.patel@oakfield.sch.uk")),
        False, "staff", "sender in a staff domain",
    ),
    "a trust colleague in a second staff domain": (
        message(frm=("SEND Lead", "send.lead@oakfieldtrust.org.uk")),
        False, "staff", "sender in a staff domain",
    ),
    "a staff subdomain": (
        message(frm=("Mr Cole", "a.cole@staff.oakfield.sch.uk")),
        False, "staff", "sender in a staff domain",
    ),
    # --- hard negatives around staff ----------------------------------------------------------
    "a pupil's account on the pupils subdomain is not staff": (
        message(frm=("Amelia Khan", "22akhan@pupils.oakfield.sch.uk")),
        False, "parent", None,
    ),
    "a domain that only ends with the staff domain's letters is not staff": (
        message(frm=("Mark Hill", "mark@notoakfield.sch.uk")),
        False, "parent", None,
    ),
    "the school's mail server bouncing is automated, not staff": (
        message(
            frm=("Mail Delivery System", "mailer-daemon@mx.oakfield.sch.uk"),
            subject="Undelivered Mail Returned to Sender",
            content_type="multipart/report",
            headers={"Content-Type": "multipart/report; report-type=delivery-status; b=x"},
            return_path="",
        ),
        False, "automated", "bounce (multipart/report delivery-status)",
    ),
    "a teacher's out-of-office is not a person replying": (
        message(
            frm=("Mrs J Patel", "j.patel@oakfield.sch.uk"),
            subject="Automatic reply: Oliver's inhaler",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        False, "automated", "Auto-Submitted: auto-replied",
    ),
    "the school's MIS sending from noreply in the staff domain": (
        message(frm=("Oakfield Primary", "noreply@oakfield.sch.uk")),
        False, "automated", "no-reply sender address",
    ),
    # --- bounces and reports ------------------------------------------------------------------
    "multipart/report delivery-status": (
        message(
            frm=("Mail Delivery Subsystem", "mailer-daemon@googlemail.com"),
            content_type="multipart/report",
            headers={"Content-Type": 'multipart/report; report-type="delivery-status"'},
        ),
        False, "automated", "bounce (multipart/report delivery-status)",
    ),
    "read receipt": (
        message(
            subject="Read: Oliver's inhaler",
            content_type="multipart/report",
            headers={
                "Content-Type": "multipart/report; report-type=disposition-notification; b=1"
            },
        ),
        False, "automated", "read receipt (multipart/report disposition-notification)",
    ),
    "From MAILER-DAEMON without a domain": (
        message(frm=("", "mailer-daemon")),
        False, "automated", "bounce (From MAILER-DAEMON)",
    ),
    "From postmaster": (
        message(frm=("", "postmaster@mail.example.net")),
        False, "automated", "bounce (From postmaster)",
    ),
    "From a Mail Delivery Subsystem name": (
        message(frm=("Mail Delivery Subsystem", "mailer@relay.example.net")),
        False, "automated", "bounce (From a mail delivery system)",
    ),
    "Outlook Undeliverable subject": (
        message(subject="Undeliverable: Oliver's inhaler"),
        False, "automated", "bounce (delivery failure subject)",
    ),
    "Gmail Delivery Status Notification": (
        message(subject="Delivery Status Notification (Failure)"),
        False, "automated", "bounce (delivery failure subject)",
    ),
    "Exim Mail delivery failed": (
        message(subject="Mail delivery failed: returning message to sender"),
        False, "automated", "bounce (delivery failure subject)",
    ),
    "Sendmail Returned mail": (
        message(subject="Returned mail: see transcript for details"),
        False, "automated", "bounce (delivery failure subject)",
    ),
    # --- RFC 3834 and friends -----------------------------------------------------------------
    "Auto-Submitted: auto-replied": (
        message(headers={"Auto-Submitted": "auto-replied"}),
        False, "automated", "Auto-Submitted: auto-replied",
    ),
    "Auto-Submitted in capitals with a parameter": (
        message(headers={"Auto-Submitted": "Auto-Generated; owner-email=it@example.com"}),
        False, "automated", "Auto-Submitted: auto-generated",
    ),
    "Precedence: bulk": (
        message(headers={"Precedence": "bulk"}), False, "automated", "Precedence: bulk"
    ),
    "Precedence: junk": (
        message(headers={"Precedence": "Junk"}), False, "automated", "Precedence: junk"
    ),
    "Precedence: auto_reply": (
        message(headers={"Precedence": "auto_reply"}),
        False, "automated", "Precedence: auto_reply",
    ),
    "Precedence: list from an outside list": (
        message(headers={"Precedence": "list"}), False, "automated", "Precedence: list"
    ),
    "List-Id": (
        message(headers={"List-Id": "PTA news <pta.lists.example.org>"}),
        False, "automated", "mailing list or bulk mail (List-Id header)",
    ),
    "List-Unsubscribe on a newsletter": (
        message(
            frm=("Kids Club Ltd", "hello@kidsclub.example.com"),
            headers={"List-Unsubscribe": "<https://kidsclub.example.com/u/123>"},
        ),
        False, "automated", "mailing list or bulk mail (List-Unsubscribe header)",
    ),
    "List-Post": (
        message(headers={"List-Post": "<mailto:parents@lists.example.org>"}),
        False, "automated", "mailing list or bulk mail (List-Post header)",
    ),
    "X-Autoreply": (
        message(headers={"X-Autoreply": "yes"}), False, "automated", "X-Autoreply header"
    ),
    "X-Autorespond": (
        message(headers={"X-Autorespond": "Thank you for your email"}),
        False, "automated", "X-Autorespond header",
    ),
    "X-AutoGenerated": (
        message(headers={"X-AutoGenerated": "true"}),
        False, "automated", "X-Autogenerated header",
    ),
    "null Return-Path": (message(return_path=""), False, "automated", "null Return-Path <>"),
    # --- out-of-office subjects ---------------------------------------------------------------
    **{
        f"out-of-office subject {subject!r}": (
            message(subject=subject), False, "automated", "out-of-office subject"
        )
        for subject in (
            "Automatic reply: Oliver's inhaler",
            "Auto-Reply: Oliver's inhaler",
            "AutoReply: Oliver's inhaler",
            "Out of Office",
            "Out of Office: Oliver's inhaler",
            "Out of the office until Monday",
            "Abwesenheitsnotiz: Oliver's inhaler",
            "Réponse automatique : Oliver's inhaler",
        )
    },
    # --- no-reply senders ---------------------------------------------------------------------
    **{
        f"no-reply sender {address}": (
            message(frm=("", address)), False, "automated", "no-reply sender address"
        )
        for address in (
            "noreply@parentpay.example.com",
            "no-reply@classdojo.example.com",
            "no_reply@council.example.gov.uk",
            "do-not-reply@arbor.example.com",
            "DoNotReply@school-comms.example.com",
            "parentmail-noreply@example.com",
            "bounces+12345-ab=example.com@sendgrid.example.net",
            "pta-bounces@lists.example.org",
            "listserv@lists.example.org",
            "majordomo@lists.example.org",
            "owner-pta@lists.example.org",
            "pta-request@lists.example.org",
            "notifications@teams.example.com",
        )
    },
    # --- no From at all -----------------------------------------------------------------------
    "no From at all": (
        message(frm=("", "")), False, "automated", "no usable From address"
    ),
    # --- parents who only look automated (hard negatives) -------------------------------------
    "an ordinary parent": (message(), False, "parent", None),
    "a parent whose name contains Auto": (
        message(frm=("Autumn Autry", "autumn.autry@example.com")),
        False, "parent", None,
    ),
    "Auto-Submitted: no": (message(headers={"Auto-Submitted": "no"}), False, "parent", None),
    "an empty Auto-Submitted says nothing": (
        message(headers={"Auto-Submitted": ""}), False, "parent", None
    ),
    "a gmail parent with reply in the address": (
        message(frm=("Jane Reply", "replyjane@gmail.com")), False, "parent", None
    ),
    "a parent called Noreen": (
        message(frm=("Noreen Kelly", "noreen.kelly@example.com")), False, "parent", None
    ),
    "a parent with bounce-like letters in the address": (
        message(frm=("Bouncer", "bouncecastle.hire@example.com")), False, "parent", None
    ),
    "Out of school club is not out of office": (
        message(subject="Re: Out of school club"), False, "parent", None
    ),
    "out of office hours is not out of office": (
        message(subject="Out of office hours phone number"), False, "parent", None
    ),
    "a parent answering an auto-reply is still a parent": (
        message(subject="Re: Automatic reply: Oliver's inhaler"), False, "parent", None
    ),
    "a parent asking about undeliverable post": (
        message(subject="Letter home was undeliverable"), False, "parent", None
    ),
    # Outlook puts X-Auto-Response-Suppress on mail people write; it asks for no OOF back.
    "X-Auto-Response-Suppress alone does not make a machine": (
        message(headers={"X-Auto-Response-Suppress": "All"}), False, "parent", None
    ),
    "X-Auto-Response-Suppress with OOF and AutoReply": (
        message(headers={"X-Auto-Response-Suppress": "RN, NRN, OOF, AutoReply"}),
        False, "parent", None,
    ),
    "Precedence: normal": (message(headers={"Precedence": "normal"}), False, "parent", None),
    "X-Autoreply: no": (message(headers={"X-Autoreply": "no"}), False, "parent", None),
    "a parent whose mail came through the school's own Google Group": (
        message(
            headers={
                "List-Id": "Office <office.oakfield.sch.uk>",
                "List-Post": "<https://groups.example.com/a/oakfield.sch.uk/group/office/post>,"
                " <mailto:office@oakfield.sch.uk>",
                "List-Help": "<https://support.example.com/groups>",
                "Precedence": "list",
            }
        ),
        False, "parent", None,
    ),
    "a parent through the school's own group, named only by List-Post": (
        message(
            headers={
                "List-Post": "<https://groups.example.com/a/oakfield.sch.uk/group/office/post>,"
                " <mailto:office@oakfield.sch.uk>",
                "List-Unsubscribe": "<mailto:office+unsubscribe@oakfield.sch.uk>",
            }
        ),
        False, "parent", None,
    ),
    "an outside list whose List-Post only looks like the school's web address": (
        message(
            headers={
                "List-Id": "<news.lists.example.org>",
                "List-Post": "<https://oakfield.sch.uk.lists.example.org/post>",
            }
        ),
        False, "automated", "mailing list or bulk mail (List-Id header)",
    ),
    "a non-null Return-Path": (
        message(return_path="sarah.khan@example.com"), False, "parent", None
    ),
    "no Return-Path header at all": (message(return_path=None), False, "parent", None),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_classify_sender(case: str) -> None:
    """Each message gets the expected kind and, where given, the exact reason."""
    msg, in_sent, kind, reason = CASES[case]
    verdict = classify_sender(msg, SCHOOL, in_sent_folder=in_sent)
    assert verdict.kind == kind, verdict.reason
    if reason is not None:
        assert verdict.reason == reason


def test_reasons_never_contain_an_address() -> None:
    """Reasons are stored and shown; they name the rule, never the sender."""
    for msg, in_sent, _kind, _reason in CASES.values():
        verdict = classify_sender(msg, SCHOOL, in_sent_folder=in_sent)
        assert "@" not in verdict.reason
        assert verdict.reason


def test_school_identity_normalises_what_config_passes() -> None:
    """Addresses and domains from config are compared in normal form."""
    school = SchoolIdentity(
        addresses=frozenset({" Office+Web@Oakfield.SCH.uk ", "junk"}),
        staff_domains=frozenset({"@Oakfield.SCH.uk.", ""}),
    )
    assert school.addresses == frozenset({"office@oakfield.sch.uk"})
    assert school.staff_domains == frozenset({"oakfield.sch.uk"})
    assert school.is_staff("j.patel@OAKFIELD.sch.uk")
    assert not school.is_staff("")


def test_an_exactly_configured_pupil_domain_is_staff() -> None:
    """The pupils' subdomain exception applies to subdomains, not to a configured domain."""
    school = SchoolIdentity(
        addresses=frozenset(), staff_domains=frozenset({"pupils.oakfield.sch.uk"})
    )
    assert school.is_staff("22akhan@pupils.oakfield.sch.uk")


# --- addresses ----------------------------------------------------------------------------

ADDRESSES = {
    "plain": ("sarah.khan@example.com", "sarah.khan@example.com"),
    "capitals and spaces": ("  Sarah.Khan@Example.COM ", "sarah.khan@example.com"),
    "angle brackets": ("<sarah.khan@example.com>", "sarah.khan@example.com"),
    "name and brackets": ('"Khan, Sarah" <sarah.khan@example.com>', "sarah.khan@example.com"),
    "mailto link": ("mailto:Sarah.Khan@example.com", "sarah.khan@example.com"),
    "mailto with a query": ("MAILTO:office@oakfield.sch.uk?subject=Hi", "office@oakfield.sch.uk"),
    "trailing dot of a sentence": ("sarah.khan@example.com.", "sarah.khan@example.com"),
    "plus tag anywhere": ("sarah.khan+school@example.com", "sarah.khan@example.com"),
    "gmail dots": ("Sarah.Khan@gmail.com", "sarahkhan@gmail.com"),
    "googlemail is gmail": ("sarah.khan+pta@googlemail.com", "sarahkhan@gmail.com"),
    "dots kept outside gmail": ("s.a.r.a.h@outlook.example", "s.a.r.a.h@outlook.example"),
    "no at sign": ("sarah.khan", ""),
    "empty local part": ("@example.com", ""),
    "empty domain": ("sarah@", ""),
    "only a tag": ("+tag@example.com", ""),
    "two at signs": ("a@b@example.com", ""),
    "space inside": ("sarah khan@example.com", ""),
    "empty": ("", ""),
    "mailto with nothing": ("mailto:", ""),
}


@pytest.mark.parametrize("case", list(ADDRESSES), ids=list(ADDRESSES))
def test_normalise_address(case: str) -> None:
    """Each spelling becomes the one comparable form, or "" when it is junk."""
    raw, expected = ADDRESSES[case]
    assert normalise_address(raw) == expected


def test_short_hash_is_stable_across_spellings_and_hides_the_address() -> None:
    """One mailbox gives one 10-hex-digit token, whatever the spelling."""
    token = short_hash("Sarah.Khan+school@googlemail.com")
    assert token == short_hash("sarahkhan@gmail.com")
    assert len(token) == 10 and all(c in "0123456789abcdef" for c in token)
    assert token != short_hash("imran.khan@example.net")
    assert short_hash("junk one") != short_hash("junk two")
