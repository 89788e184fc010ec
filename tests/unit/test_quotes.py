"""Quote, forward and signature stripping, from tables of realistic parent emails.

Each case is the plain-text body a mail client produced and what the parent actually wrote
this time. Classifiers read only ``new_text``, so every case here is a flag that would
otherwise fire on the school's own words, or a parent's words that must not be lost.
"""

from __future__ import annotations

import time

import pytest

from daemon.pipeline.quotes import MAX_SCAN_LINES, split_reply

OFFICE = "Oakfield Primary Office <office@oakfield.sch.uk>"
SCHOOL_LETTER = (
    "Dear Parents and Carers,\n"
    "Please remember that Year 4 swimming starts on Thursday.\n"
    "Kind regards,\n"
    "Mrs Patel, School Office"
)


def quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


# name: (body, expected new_text, expected has_quote)
TOP_POSTED = {
    "gmail top-post": (
        "Hi Mrs Patel,\n\nOliver has a temperature so he will be off today.\n\n"
        f"Thanks,\nSarah\n\nOn Mon, 9 Nov 2026 at 08:12, {OFFICE} wrote:\n\n"
        + quoted(SCHOOL_LETTER),
        "Hi Mrs Patel,\n\nOliver has a temperature so he will be off today.\n\nThanks,\nSarah",
        True,
    ),
    "gmail attribution wrapped over two lines": (
        "Yes, Amelia can come to the trip.\n\n"
        "On Mon, 9 Nov 2026 at 08:12, Oakfield Primary School Office Team and Reception\n"
        "<office@oakfield.sch.uk> wrote:\n\n" + quoted(SCHOOL_LETTER),
        "Yes, Amelia can come to the trip.",
        True,
    ),
    "attribution wrapped with the address alone on a line": (
        "Thank you.\n\nOn 9 Nov 2026, at 08:12, Oakfield Primary Office <\n"
        "office@oakfield.sch.uk> wrote:\n\n" + quoted(SCHOOL_LETTER),
        "Thank you.",
        True,
    ),
    "outlook desktop header block below a sign-off": (
        "Dear Mrs Patel,\n\nI am still waiting for a reply about the bus.\n\n"
        "Kind regards,\nDavid Okafor\n\n"
        "From: Oakfield Primary Office <office@oakfield.sch.uk>\n"
        "Sent: 09 November 2026 08:12\nTo: David Okafor <d.okafor@example.com>\n"
        "Subject: RE: School bus\n\n" + SCHOOL_LETTER,
        "Dear Mrs Patel,\n\nI am still waiting for a reply about the bus.\n\n"
        "Kind regards,\nDavid Okafor",
        True,
    ),
    "outlook web rule above the header block": (
        "Please can you call me back.\n\n________________________________\n"
        "From: Oakfield Primary Office <office@oakfield.sch.uk>\n"
        "Sent: Monday, November 9, 2026 8:12:00 AM\nTo: Jo Bloggs\nSubject: Trip\n\n"
        + SCHOOL_LETTER,
        "Please can you call me back.",
        True,
    ),
    "outlook original message separator": (
        "See you at parents' evening.\n\n-----Original Message-----\n"
        "From: Oakfield Primary Office\nSent: 09 November 2026 08:12\n\n" + SCHOOL_LETTER,
        "See you at parents' evening.",
        True,
    ),
    "android original message separator": (
        "Ok thanks\n\nSent from my Galaxy\n\n\n-------- Original message --------\n"
        "From: office@oakfield.sch.uk\nDate: 09/11/2026 08:12 (GMT+00:00)\n\n" + SCHOOL_LETTER,
        "Ok thanks",
        True,
    ),
    "apple mail quoted attribution": (
        "That's fine, thank you.\n\nSent from my iPhone\n\n"
        "> On 9 Nov 2026, at 08:12, Oakfield Primary Office <office@oakfield.sch.uk> wrote:\n"
        "> \n" + quoted(SCHOOL_LETTER),
        "That's fine, thank you.",
        True,
    ),
    "iphone outlook app": (
        "Noted, thanks\n\nGet Outlook for iOS\n________________________________\n"
        "From: Oakfield Primary Office <office@oakfield.sch.uk>\n"
        "Sent: Monday, November 9, 2026 8:12:00 AM\nTo: Jo\nSubject: Trip\n\n" + SCHOOL_LETTER,
        "Noted, thanks",
        True,
    ),
    "german outlook header block": (
        "Hallo, Lena ist heute krank.\n\nVon: Oakfield Primary Office <office@oakfield.sch.uk>\n"
        "Gesendet: Montag, 9. November 2026 08:12\nAn: Familie Schmidt\n"
        "Betreff: Schwimmen\n\n" + SCHOOL_LETTER,
        "Hallo, Lena ist heute krank.",
        True,
    ),
    "german gmail attribution": (
        "Danke!\n\nAm Mo., 9. Nov. 2026 um 08:12 Uhr schrieb Oakfield Primary Office <\n"
        "office@oakfield.sch.uk>:\n\n" + quoted(SCHOOL_LETTER),
        "Danke!",
        True,
    ),
    "french gmail attribution": (
        "Merci beaucoup.\n\nLe lun. 9 nov. 2026 à 08:12, Oakfield Office "
        "<office@oakfield.sch.uk> a écrit :\n\n" + quoted(SCHOOL_LETTER),
        "Merci beaucoup.",
        True,
    ),
    "polish gmail attribution": (
        "Dziękuję, Kuba będzie jutro.\n\nW dniu pon., 9 lis 2026 o 08:12 Oakfield Office "
        "<office@oakfield.sch.uk> napisał(a):\n\n" + quoted(SCHOOL_LETTER),
        "Dziękuję, Kuba będzie jutro.",
        True,
    ),
    "polish outlook header block": (
        "Dzień dobry, proszę o kontakt.\n\nOd: Oakfield Office <office@oakfield.sch.uk>\n"
        "Wysłano: poniedziałek, 9 listopada 2026 08:12\nDo: Anna Nowak\nTemat: Wycieczka\n\n"
        + SCHOOL_LETTER,
        "Dzień dobry, proszę o kontakt.",
        True,
    ),
    "dutch gmail attribution": (
        "Bedankt.\n\nOp ma 9 nov. 2026 om 08:12 schreef Oakfield Office "
        "<office@oakfield.sch.uk>:\n\n" + quoted(SCHOOL_LETTER),
        "Bedankt.",
        True,
    ),
    "spanish gmail attribution": (
        "Gracias.\n\nEl lun, 9 nov 2026 a las 8:12, Oakfield Office (<office@oakfield.sch.uk>) "
        "escribió:\n\n" + quoted(SCHOOL_LETTER),
        "Gracias.",
        True,
    ),
    "swedish apple attribution": (
        "Tack!\n\n9 nov. 2026 kl. 08:12 skrev Oakfield Office <office@oakfield.sch.uk>:\n\n"
        + quoted(SCHOOL_LETTER),
        "Tack!",
        True,
    ),
    "danish outlook header block": (
        "Tak for beskeden.\n\nFra: Oakfield Office <office@oakfield.sch.uk>\n"
        "Sendt: 9. november 2026 08:12\nTil: Mette Hansen\nEmne: Tur\n\n" + SCHOOL_LETTER,
        "Tak for beskeden.",
        True,
    ),
    "gmail date-first attribution": (
        "Received, thank you\n\n2026-11-09 8:12 GMT+00:00 Oakfield Office "
        "<office@oakfield.sch.uk>:\n\n" + quoted(SCHOOL_LETTER),
        "Received, thank you",
        True,
    ),
    "yahoo attribution with a full date": (
        "Will do.\n\nOn Monday, 9 November 2026, 08:12:33 GMT, Oakfield Office "
        "<office@oakfield.sch.uk> wrote:\n\n" + SCHOOL_LETTER,
        "Will do.",
        True,
    ),
    "lotus notes header pulls in the sender and date lines": (
        "Thanks, I will sort it.\n\n\nJohn Smith@EXAMPLE\n09/11/2026 08:12 AM\n"
        "To: Jane Doe/HR/EXAMPLE@EXAMPLE\ncc:\nSubject: Forms\n\n" + SCHOOL_LETTER,
        "Thanks, I will sort it.",
        True,
    ),
    "lotus notes header with a wrapped To list": (
        "Noted.\n\nJohn Smith@EXAMPLE\n09/11/2026 08:12 AM\n"
        "To: Jane Doe/HR/EXAMPLE@EXAMPLE, Ann Lee/HR/EXAMPLE@EXAMPLE,\n"
        "Bob Roe/HR/EXAMPLE@EXAMPLE, Cat Poe/HR/EXAMPLE@EXAMPLE,\n"
        "Dan Moe/HR/EXAMPLE@EXAMPLE, Eve Noe/HR/EXAMPLE@EXAMPLE\n"
        "cc:\nSubject: Forms\n\n" + SCHOOL_LETTER,
        "Noted.",
        True,
    ),
    "outlook rule above a header block in an unlisted language": (
        "Děkuji.\n\n________________________________\nOdesílatel: Oakfield Office\n"
        "Odesláno: pondělí 9. listopadu 2026 8:12\nKomu: Jana\nPředmět: Výlet\n\n" + SCHOOL_LETTER,
        "Děkuji.",
        True,
    ),
    "short rule above an english header block goes with it": (
        "Please call me.\n\n__________\nFrom: Oakfield Office\nSent: 09 November 2026\n"
        "To: Jo\nSubject: Trip\n\n" + SCHOOL_LETTER,
        "Please call me.",
        True,
    ),
    "yahoo attribution sharing a line with the reply": (
        "See you then--- On Mon, 9/11/26, Oakfield Office <office@oakfield.sch.uk> wrote:\n"
        + quoted(SCHOOL_LETTER),
        "See you then",
        True,
    ),
    "attribution without quote markers ends the new text": (
        "Thanks\n\nOn 9 Nov 2026, at 08:12, Oakfield Office <office@oakfield.sch.uk> wrote:\n\n"
        + SCHOOL_LETTER,
        "Thanks",
        True,
    ),
}

FORWARDS = {
    "gmail forward with nothing typed": (
        "---------- Forwarded message ---------\nFrom: Dr Green <gp@surgery.example>\n"
        "Date: Mon, 9 Nov 2026 at 08:12\nSubject: Letter\nTo: <parent@example.com>\n\n"
        "Please give the inhaler twice daily.",
        "",
        True,
    ),
    "gmail forward with a note above": (
        "Please see below from the GP.\n\n---------- Forwarded message ---------\n"
        "From: Dr Green <gp@surgery.example>\nDate: Mon, 9 Nov 2026 at 08:12\n"
        "Subject: Letter\n\nPlease give the inhaler twice daily.",
        "Please see below from the GP.",
        True,
    ),
    "apple begin forwarded message": (
        "FYI\n\nBegin forwarded message:\n\nFrom: Coach <coach@club.example>\n"
        "Subject: Training\nDate: 9 November 2026 at 08:12:00 GMT\n\nTraining is cancelled.",
        "FYI",
        True,
    ),
}

NOT_QUOTES = {
    "sentences starting with On are not attributions": (
        "Dear Mr Jones,\n\nOn Monday my son was upset after PE because of what was said.\n"
        "On 12 November he refused to go in at all.\n\nRegards,\nAnna",
        "Dear Mr Jones,\n\nOn Monday my son was upset after PE because of what was said.\n"
        "On 12 November he refused to go in at all.\n\nRegards,\nAnna",
        False,
    ),
    "a child's words after 'wrote:' stay with the parent": (
        "I found this in her diary. She wrote:\nI don't want to go to school any more.\n\n"
        "Please call me.",
        "I found this in her diary. She wrote:\nI don't want to go to school any more.\n\n"
        "Please call me.",
        False,
    ),
    "a single greater-than line is text": (
        "Our scores this week:\n> 90% attendance for Year 6\nWell done everyone",
        "Our scores this week:\n> 90% attendance for Year 6\nWell done everyone",
        False,
    ),
    "an appointment list is not a header block": (
        "Invitation to the SEN review:\n\nDate: Wednesday 11 November\nTime: 3.30pm\n"
        "Place: Room 4\n\nPlease bring the EHCP.",
        "Invitation to the SEN review:\n\nDate: Wednesday 11 November\nTime: 3.30pm\n"
        "Place: Room 4\n\nPlease bring the EHCP.",
        False,
    ),
    "a wrapped line starting with at is not an attribution": (
        "I am not the only one worried about this. I know that\n"
        "at least 3 other parents wrote:\nthey are all unhappy about the new pick-up times.",
        "I am not the only one worried about this. I know that\n"
        "at least 3 other parents wrote:\nthey are all unhappy about the new pick-up times.",
        False,
    ),
    "a sentence starting with On does not join onto a later wrote": (
        "On Friday Maya came home upset and\nsaid that on 3 March Mr Brown wrote:\n"
        "'You will never pass your SATs'",
        "On Friday Maya came home upset and\nsaid that on 3 March Mr Brown wrote:\n"
        "'You will never pass your SATs'",
        False,
    ),
    "a letter addressed To and Cc is not a header block": (
        "To: Mrs Patel\nCc: Mr Hughes (SENCO)\n\nI am writing about Leo's EHCP review.",
        "To: Mrs Patel\nCc: Mr Hughes (SENCO)\n\nI am writing about Leo's EHCP review.",
        False,
    ),
    "a typed Subject line is not a header block": (
        "Subject: Maths homework\nTo: Mr Khan\n\nHi, the link does not work.",
        "Subject: Maths homework\nTo: Mr Khan\n\nHi, the link does not work.",
        False,
    ),
    "lower-case prose starting with am is not German": (
        "I did try again.\nam still waiting for a reply from Mr Smith\n"
        "and I emailed on 3 March <x@y.example> as well",
        "I did try again.\nam still waiting for a reply from Mr Smith\n"
        "and I emailed on 3 March <x@y.example> as well",
        False,
    ),
}


@pytest.mark.parametrize(
    ("body", "new_text", "has_quote"),
    list(TOP_POSTED.values()) + list(FORWARDS.values()) + list(NOT_QUOTES.values()),
    ids=list(TOP_POSTED) + list(FORWARDS) + list(NOT_QUOTES),
)
def test_new_text(body: str, new_text: str, has_quote: bool) -> None:
    """The parent's own words are kept exactly and the history is removed."""
    parts = split_reply(body)
    assert parts.new_text == new_text
    assert parts.has_quote is has_quote
    if has_quote:
        assert parts.quoted
        assert "Year 4 swimming" not in parts.new_text
    else:
        assert parts.quoted == ""


def test_inline_reply_keeps_interleaved_answers() -> None:
    """Answers typed between quoted questions are new text; the questions are not."""
    body = (
        f"On Mon, 9 Nov 2026 at 08:12, {OFFICE} wrote:\n"
        "> Can Amy stay for after-school club on Tuesday?\n\n"
        "Yes please, until 5pm.\n\n"
        "> Will she need a packed tea?\n\n"
        "No, she has a snack.\n\n"
        "> Kind regards, Mrs Patel\n"
    )
    parts = split_reply(body)
    assert parts.new_text == "Yes please, until 5pm.\n\nNo, she has a snack."
    assert parts.has_quote
    assert "packed tea" in parts.quoted
    assert "after-school club" not in parts.new_text


def test_inline_one_word_answer_under_a_question_stays() -> None:
    """A one-word answer directly under a quoted question is not mistaken for wrapping."""
    body = "Ms Ali wrote:\n> Is Zain allowed the trip?\nYes\n> Does he need a packed lunch?\nNo\n"
    assert split_reply(body).new_text == "Yes\nNo"


def test_rewrapped_quote_overflow_stays_quoted() -> None:
    """The unquoted tail of a re-wrapped long quoted line is not taken as the parent's."""
    body = (
        "Thanks for explaining.\n\n"
        f"On Mon, 9 Nov 2026 at 08:12, {OFFICE} wrote:\n"
        "> Reception children will start at staggered times over the first week of\n"
        "September, as explained at the induction evening.\n"
        "> Please label all uniform.\n"
    )
    parts = split_reply(body)
    assert parts.new_text == "Thanks for explaining."
    assert "September" in parts.quoted


SIGNATURES = {
    "dash signature": (
        "Dylan will be late today.\n\n-- \nRhian Evans\n07700 900123",
        "Dylan will be late today.",
        "--\nRhian Evans\n07700 900123",
    ),
    "long dash signature": (
        "Dylan will be late today.\n\n-- \n" + "\n".join(f"Evans & Co line {n}" for n in range(20)),
        "Dylan will be late today.",
        "--\nEvans & Co line 0",
    ),
    "iphone boilerplate": (
        "Can I book a meeting?\n\nSent from my iPhone",
        "Can I book a meeting?",
        "Sent from my iPhone",
    ),
    "outlook for android boilerplate": (
        "On our way.\n\nGet Outlook for Android",
        "On our way.",
        "Get Outlook for Android",
    ),
    "short sign-off stays in new text": (
        "Thank you for your help.\n\nKind regards,\nJane",
        "Thank you for your help.\n\nKind regards,\nJane",
        "",
    ),
    "employer disclaimer": (
        "Please note Maya has a dentist appointment at 2pm.\n\nThanks\nPriya\n\n"
        "This email and any attachments are confidential and intended solely for the "
        "addressee. If you have received this email in error please notify the sender "
        "and delete it. Acme Ltd, registered in England no. 1234567.",
        "Please note Maya has a dentist appointment at 2pm.\n\nThanks\nPriya",
        "This email and any attachments",
    ),
    "a parent asking for confidentiality is not a disclaimer": (
        "I need to tell you something about home.\n\n"
        "Please keep this confidential, I do not want his father to know that I have "
        "written to you about what happened at the weekend.",
        "I need to tell you something about home.\n\n"
        "Please keep this confidential, I do not want his father to know that I have "
        "written to you about what happened at the weekend.",
        "",
    ),
}


@pytest.mark.parametrize(
    ("body", "new_text", "signature"), list(SIGNATURES.values()), ids=list(SIGNATURES)
)
def test_signature(body: str, new_text: str, signature: str) -> None:
    """Signatures, mobile boilerplate and disclaimers leave new_text; sign-offs stay."""
    parts = split_reply(body)
    assert parts.new_text == new_text
    assert parts.signature.startswith(signature)
    assert bool(parts.signature) is bool(signature)
    assert parts.has_quote is False


def test_signature_above_quote_is_separated_from_both() -> None:
    """A signature between the reply and the quote goes to signature, not new text."""
    body = (
        "Fine by me.\n\n-- \nTom Hughes\n\n"
        f"On Mon, 9 Nov 2026 at 08:12, {OFFICE} wrote:\n" + quoted(SCHOOL_LETTER)
    )
    parts = split_reply(body)
    assert parts.new_text == "Fine by me."
    assert parts.signature == "--\nTom Hughes"
    assert "swimming" in parts.quoted


def test_line_endings_and_nul_are_normalised() -> None:
    """CRLF, lone CR and NUL never reach new_text."""
    parts = split_reply("Hello\r\nthere\rfriend\x00\r\n")
    assert parts.new_text == "Hello\nthere\nfriend"


def test_empty_text() -> None:
    """An empty body is an empty reply with no quote."""
    parts = split_reply("")
    assert (parts.new_text, parts.quoted, parts.signature, parts.has_quote) == ("", "", "", False)


def test_lines_past_the_scan_limit_are_kept_not_scanned() -> None:
    """Text beyond the scan limit stays new text, so a long letter is never truncated."""
    body = "Line of a long letter.\n" * (MAX_SCAN_LINES + 10) + "-----Original Message-----\nx"
    parts = split_reply(body)
    assert parts.new_text.count("Line of a long letter.") == MAX_SCAN_LINES + 10
    assert parts.has_quote is False


@pytest.mark.parametrize(
    "body",
    [
        "--\n" * 100_000,
        "-- \n" * 100_000,
        "On 12 March 2024 at 09:15 Jane <jane@example.com> said\n" * 50_000,
        "From: Jane <jane@example.com>\n" * 50_000,
        "x" * 5_000_000,
        ("> " + "long quoted words " * 5 + "\nfragment\n") * 50_000,
        ("confidential intended recipient text " * 5 + "\n\n") * 20_000,
    ],
    ids=[
        "dash lines",
        "dash-space lines",
        "near attributions",
        "from lines",
        "one huge line",
        "wrapped quotes",
        "disclaimer paragraphs",
    ],
)
def test_hostile_bodies_take_linear_time(body: str) -> None:
    """Multi-megabyte pathological bodies are split in well under a few seconds."""
    started = time.perf_counter()
    parts = split_reply(body)
    assert time.perf_counter() - started < 5
    assert len(parts.new_text) + len(parts.quoted) + len(parts.signature) > 0


def test_disclaimer_never_empties_the_first_paragraph() -> None:
    """Whatever a parent wrote first stays, even if it reads like legal boilerplate."""
    body = (
        "This is confidential and intended only for the headteacher: my ex-partner is not "
        "allowed to collect the children, and if you have received this in error please "
        "notify the sender.\n"
    )
    assert split_reply(body).new_text == body.strip()
