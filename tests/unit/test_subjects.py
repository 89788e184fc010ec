"""Subject normalisation and generic-subject detection, from tables of real-looking subjects.

The threader joins a parent's emails when their normalised subjects match, unless the subject
is generic. So two things must hold: every client's and gateway's decoration disappears, and
a subject that names nothing ("Quick question re my son") never joins two matters.
"""

from __future__ import annotations

import pytest

from daemon.pipeline.subjects import is_generic_subject, normalise_subject

# raw subject: normalised subject
NORMALISE = {
    # reply and forward prefixes
    "Re: Year 5 swimming": "year 5 swimming",
    "RE: Year 5 swimming": "year 5 swimming",
    "re:Year 5 swimming": "year 5 swimming",
    "Re[2]: Year 5 swimming": "year 5 swimming",
    "Re(3): Year 5 swimming": "year 5 swimming",
    "RE^2: Year 5 swimming": "year 5 swimming",
    "Fwd: Year 5 swimming": "year 5 swimming",
    "FW: Year 5 swimming": "year 5 swimming",
    "Fw: Year 5 swimming": "year 5 swimming",
    "RE: RE: FW: Re: Year 5 swimming": "year 5 swimming",
    "Re:Fwd:Re: Year 5 swimming": "year 5 swimming",
    "Re : Sortie scolaire": "sortie scolaire",
    "AW: WG: Klassenfahrt": "klassenfahrt",
    "SV: Skolresa": "skolresa",
    "VS: Retki": "retki",
    "Antw: Schoolreisje": "schoolreisje",
    "Réf: Sortie scolaire": "sortie scolaire",
    "TR: Sortie scolaire": "sortie scolaire",
    "RIF: Gita scolastica": "gita scolastica",
    "R: Gita scolastica": "gita scolastica",
    "Odp: Wycieczka szkolna": "wycieczka szkolna",
    "YNT: Okul gezisi": "okul gezisi",
    "İLT: Okul gezisi": "okul gezisi",
    "RES: ENC: Excursão": "excursão",
    "回复: 学校旅行": "学校旅行",
    "转发：学校旅行": "学校旅行",
    "答复: 学校旅行": "学校旅行",
    # gateway tags, repeated and mixed with prefixes
    "[External] Year 5 swimming": "year 5 swimming",
    "[EXTERNAL] RE: Year 5 swimming": "year 5 swimming",
    "RE: [EXTERNAL] Year 5 swimming": "year 5 swimming",
    "[EXT] Year 5 swimming": "year 5 swimming",
    "*EXTERNAL* Year 5 swimming": "year 5 swimming",
    "EXTERNAL: Re: Year 5 swimming": "year 5 swimming",
    "[SPAM] Year 5 swimming": "year 5 swimming",
    "[Suspected Spam] Year 5 swimming": "year 5 swimming",
    "{Spam?} Year 5 swimming": "year 5 swimming",
    "***SPAM*** Year 5 swimming": "year 5 swimming",
    "[External Email] Year 5 swimming": "year 5 swimming",
    "RE: [EXTERNAL] FW: *EXTERNAL* [EXT] Re: Year 5 swimming": "year 5 swimming",
    "Year 5 swimming [EXTERNAL]": "year 5 swimming",
    # whitespace, case, end punctuation
    "  Year   5\tswimming  ": "year 5 swimming",
    "YEAR 5 SWIMMING!!!": "year 5 swimming",
    "Question?": "question",
    "...hello...": "hello",
    "“Swimming”": "swimming",
    "Straße closure": "strasse closure",
    # kept as the parent wrote it
    "[Year 7] trip money": "[year 7] trip money",
    "(no subject)": "(no subject)",
    "Trip letter (2)": "trip letter (2)",
    "£30 refund": "£30 refund",
    "Ref: 12345 ParentPay refund": "ref: 12345 parentpay refund",
    "Rebecca: PE kit": "rebecca: pe kit",
    "Re-reading book": "re-reading book",
    "Trip: Re: consent": "trip: re: consent",
    "Fwdings": "fwdings",
    "External visitors on sports day": "external visitors on sports day",
    "[URGENT] Oliver's inhaler": "[urgent] oliver's inhaler",
    # nothing left
    "": "",
    "   ": "",
    "Re:": "",
    "RE: FW: [EXTERNAL]": "",
    "!!!": "",
}


@pytest.mark.parametrize("raw", list(NORMALISE), ids=[repr(r) for r in NORMALISE])
def test_normalise_subject(raw: str) -> None:
    """Prefixes and tags go, in any order and number; the parent's words stay."""
    assert normalise_subject(raw) == NORMALISE[raw]


def test_normalise_subject_is_idempotent() -> None:
    """Normalising twice changes nothing (stored keys compare with fresh ones)."""
    for raw in NORMALISE:
        once = normalise_subject(raw)
        assert normalise_subject(once) == once


def test_a_hostile_subject_stays_cheap() -> None:
    """Thousands of nested prefixes are cut off, not looped over for ever."""
    subject = "Re: " * 10_000 + "Swimming"
    assert len(normalise_subject(subject)) < 2000


GENERIC = [
    "",
    "question",
    "Question",
    "quick question",
    "a question",
    "urgent question",
    "Urgent!!!",
    "enquiry",
    "inquiry",
    "query",
    "hello",
    "hi",
    "Hi there",
    "Good morning",
    "help",
    "help please",
    "important",
    "message",
    "message for the office",
    "contact",
    "request",
    "information",
    "info",
    "concern",
    "no subject",
    "(no subject)",
    "email",
    "e-mail",
    "from parent",
    "parent email",
    "follow up",
    "followup",
    "follow-up",
    "please read",
    "fyi",
    "thanks",
    "thank you",
    "Thank you so much",
    "update",
    "meeting",
    "meeting request",
    "my child",
    "my son",
    "my daughter",
    "my son's",
    "letter",
    "complaint",
    "formal complaint",
    "question re my son",
    "Quick question re my son in Year 7",
    "query regarding my daughter",
    "FAO the office",
    "Good evening",
    "For the attention of the head",
    "Year 7",
    "y7",
    "Yr 10",
    "7B",
    "Class 3",
    "urgent - please call me back",
    "Concerned parent",
    "Another question",
    "Further to my email",
    "Issue",
]


@pytest.mark.parametrize("subject", GENERIC)
def test_generic_subjects(subject: str) -> None:
    """Subjects that name no matter are generic, whatever the case or punctuation."""
    assert is_generic_subject(normalise_subject(subject))


SPECIFIC = [
    "Swimming",
    "Year 5 swimming",
    "question about the Year 7 trip",
    "Oliver's inhaler",
    "Absence",
    "Oliver absent today",
    "Urgent: head lice letter",
    "Meeting about the EHCP review",
    "Complaint about school dinners",
    "ParentPay refund",
    "Question about Amelia",
    "FAO Mrs Smith",
    "Parents' evening",
    "PE kit",
    "Out of school club",
    "Bus pass",
    "Parents evening",
    "Thank you for the trip",
    "Change of address",
    "学校旅行",
    "Sortie scolaire",
]


@pytest.mark.parametrize("subject", SPECIFIC)
def test_specific_subjects(subject: str) -> None:
    """A word about the matter (or a name) is enough to make a subject specific."""
    assert not is_generic_subject(normalise_subject(subject))
