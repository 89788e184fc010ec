"""The interim keyword matter guesser, from tables of British parent emails.

Each case is a subject, the parent's new words, and the matter a school office would file it
under. The hard cases are the near misses: a word that belongs to another matter ("complaining
of a sore throat"), an acronym that is also an ordinary word ("please SEND the sheet"), and a
subject that shares letters with an automated one ("Out of school club").
"""

from __future__ import annotations

import pytest

from classifiers.matter import MATTER_LABELS, MATTERS, MatterGuess, guess_matter

# name: (subject, body, expected matter)
CASES: dict[str, tuple[str, str, str]] = {
    # attendance
    "off sick": ("Oliver off sick", "He has a temperature so he will be off today.", "attendance"),
    "won't be in": (
        "Amelia 4B",
        "Just to let you know Amelia won't be in school today, she's been up all night being sick.",
        "attendance",
    ),
    "dentist appointment": (
        "Dentist",
        "Zara has a dentist appointment at 10.30 so I'll bring her in afterwards.",
        "attendance",
    ),
    "complaining of a symptom is not a complaint": (
        "Zain won't be in today",
        "He has been complaining about a sore throat since the weekend and is really poorly.",
        "attendance",
    ),
    "holiday in term time": (
        "Leave of absence request",
        "We would like to request a leave of absence for a family wedding in Pakistan.",
        "attendance",
    ),
    "curly apostrophe from a phone": (
        "Isla",
        "Isla won’t be in today, she’s unwell.",
        "attendance",
    ),
    # medical
    "inhaler": (
        "Oliver's inhaler",
        "His inhaler in the office runs out of date this month.",
        "medical",
    ),
    "EpiPen": (
        "Epi-pen",
        "Please find attached the new EpiPen form for Maya's nut allergy.",
        "medical",
    ),
    "medication at lunchtime": (
        "Medicine in school",
        "Jacob has been prescribed antibiotics and needs a dose at lunchtime.",
        "medical",
    ),
    "care plan": (
        "Care plan for Ruby",
        "The consultant has updated Ruby's care plan for her diabetes.",
        "medical",
    ),
    # SEN
    "EHCP": (
        "Annual review",
        "Leo's EHCP says he should have 1:1 support at lunchtimes but he's often on his own.",
        "sen",
    ),
    "SENCO": ("Message for the SENCO", "Could this please be passed to the SENCO.", "sen"),
    "dyslexia assessment": (
        "Assessment",
        "We think Freya may be dyslexic, is there a screening the school can do?",
        "sen",
    ),
    "autism and ADHD": (
        "Support in class",
        "Noah was diagnosed with ASD last month and we're waiting for the ADHD assessment.",
        "sen",
    ),
    "SEND support": ("SEND support for Amelia", "What support is in place at the moment?", "sen"),
    "a meeting with the SENCO is SEN": (
        "Could we meet?",
        "I'd like to arrange a meeting with the SENCO about Leo's ADHD assessment.",
        "sen",
    ),
    # behaviour
    "detention": (
        "Detention",
        "Why has Kai been given a detention for forgetting his planner?",
        "behaviour",
    ),
    "bullied": (
        "Bullying",
        "Jack is being bullied on the bus home and keeps getting picked on at break.",
        "behaviour",
    ),
    "isolation": ("Isolation", "Ella was put in isolation today and nobody rang me.", "behaviour"),
    "exclusion": (
        "Fixed term exclusion",
        "I received the letter about Tyler's suspension and would like to appeal.",
        "behaviour",
    ),
    "name calling": (
        "Playtime",
        "Some children keep leaving him out and calling him names at playtime.",
        "behaviour",
    ),
    # learning
    "homework": ("Homework", "Mia has no idea what the maths homework is.", "learning"),
    "Google Classroom": (
        "Login",
        "Harry can't get onto Google Classroom, it says his password is wrong.",
        "learning",
    ),
    "reading book": (
        "Reading book",
        "Her reading book hasn't been changed for two weeks.",
        "learning",
    ),
    # wellbeing
    "anxious": (
        "Worried about Sophie",
        "Sophie has been very anxious about coming in and isn't sleeping.",
        "wellbeing",
    ),
    "CAMHS": ("CAMHS referral", "We're still waiting to hear from CAMHS.", "wellbeing"),
    # safeguarding (label only)
    "self-harm": (
        "Worried",
        "I found out last night that Chloe has been self-harming.",
        "safeguarding",
    ),
    "court order": (
        "Collection",
        "Please note there is now a court order and her father is not allowed to collect her.",
        "safeguarding",
    ),
    # payments
    "ParentPay": ("ParentPay", "I think I've been charged twice for breakfast club.", "payments"),
    "dinner money": (
        "Dinner money",
        "Could you tell me Louie's ParentPay balance? He has school dinners three days a week.",
        "payments",
    ),
    # catering
    "packed lunch": (
        "Lunches",
        "Ben would like to switch from packed lunch to school dinners after half term.",
        "catering",
    ),
    "vegetarian": (
        "School dinners",
        "We're vegetarian and she was given a sausage roll.",
        "catering",
    ),
    # uniform
    "blazer": ("Blazer", "The uniform shop has run out of blazers in his size.", "uniform"),
    "PE kit": ("PE kit", "Is it OK for Ava to wear plain black joggers for PE?", "uniform"),
    # trips and events
    "trip consent": (
        "Trip to Warwick Castle",
        "I give permission for Theo to go on the trip on Friday.",
        "trips",
    ),
    "residential": ("Year 6 residential", "Can I pay in instalments?", "trips"),
    "consent form lost": (
        "Consent form",
        "The consent form for the museum visit has gone missing.",
        "trips",
    ),
    "Out of school club is an event, not an absence": (
        "Re: Out of school club",
        "Is there space on Thursdays?",
        "trips",
    ),
    # transport
    "bus": ("School bus", "The bus didn't turn up again this morning.", "transport"),
    "taxi": ("Taxi", "The council taxi dropped Sam at the wrong gate.", "transport"),
    "collection": (
        "Pick up",
        "Her grandad will be collecting her on Friday as I'm working.",
        "transport",
    ),
    # complaint
    "complaint": (
        "Formal complaint",
        "I wish to make a formal complaint about the way this was handled.",
        "complaint",
    ),
    # meeting
    "meeting": (
        "Meeting request",
        "Please could I arrange a meeting with Mrs Bell?",
        "meeting",
    ),
    "appointment to see": (
        "Progress",
        "Could I make an appointment to see Mr Jones?",
        "meeting",
    ),
    # admissions
    "in-year transfer": (
        "In-year transfer",
        "We are moving to the area and are looking for a place for our son in Year 4.",
        "admissions",
    ),
    "place for": ("Reception place", "Is there a place for Ivy in September?", "admissions"),
    # acronyms in capitals and the absence of anything
    "shouting does not make words into acronyms": (
        "PLEASE SEND THE HOMEWORK",
        "I HAVE ASKED THREE TIMES NOW",
        "learning",
    ),
    "send as a verb is not SEND": (
        "Worksheet",
        "Please could you send the homework sheet home with Ali.",
        "learning",
    ),
    "nothing hits": ("Hello", "Thank you for all your help this year.", "general"),
    "empty": ("", "", "general"),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_guess_matter(case: str) -> None:
    """Each email is filed under the matter a school office would choose."""
    subject, body, expected = CASES[case]
    guess = guess_matter(subject, body)
    assert guess.matter == expected, guess
    assert guess.matter in MATTERS
    if expected == "general":
        assert guess == MatterGuess("general", 0.0, ())
    else:
        assert 0.0 < guess.score < 1.0
        assert guess.evidence


def test_subject_outweighs_body() -> None:
    """A subject is the parent's own summary: one subject word beats one body word."""
    guess = guess_matter("PE kit", "Also, is the bus running tomorrow?")
    assert guess.matter == "uniform"


def test_evidence_names_the_keywords_strongest_first() -> None:
    """Evidence lists the winning matter's keywords, the strongest hit first."""
    guess = guess_matter("Oliver off sick", "He has a temperature.")
    assert guess.evidence[0] == "off sick"
    assert "temperature" in guess.evidence


def test_score_is_higher_when_evidence_agrees() -> None:
    """Subject and body agreeing give more confidence than a lone body word."""
    lone = guess_matter("Hello", "Do I need a consent form?")
    agreed = guess_matter("Trip consent form", "Do I need a consent form for the trip?")
    assert lone.matter == agreed.matter == "trips"
    assert agreed.score > lone.score


def test_every_matter_has_a_label() -> None:
    """The digest shows a human label for each matter."""
    assert set(MATTER_LABELS) == set(MATTERS)
    assert MATTER_LABELS["sen"] == "SEN and additional needs"
    assert all(label and label[0].isupper() for label in MATTER_LABELS.values())


def test_a_long_body_is_cut_off() -> None:
    """A pasted document costs bounded time; the first paragraphs decide."""
    body = "Oliver is off sick today. " + "lorem ipsum " * 500_000 + " blazer"
    assert guess_matter("", body).matter == "attendance"
