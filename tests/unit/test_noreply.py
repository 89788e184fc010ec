"""Which parent emails need a reply: absence notices and thank-yous do not, unless they also
ask something, worry about something or complain.

A missed reply is worse than an extra response clock, so the hard cases are the notices and
thank-yous that carry a question, a request or a concern, and the sign-offs and greetings
that must not turn a question into a thank-you.
"""

from __future__ import annotations

import time

import pytest

from classifiers.noreply import NoReplyVerdict, needs_reply

NO = "absence notice"
THANKS = "thank-you"
REPLY = ""

# name: (subject, body, expected reason: "absence notice", "thank-you" or "" = needs a reply)
CASES: dict[str, tuple[str, str, str]] = {
    # absence notices: no reply
    "off sick with a temperature": (
        "Oliver off sick",
        "Oliver is off sick today with a temperature, he won't be in.",
        NO,
    ),
    "dentist, in after": (
        "Dentist",
        "Amelia has a dentist appointment at 10, she'll be in after.",
        NO,
    ),
    "two lines and a sign-off": (
        "Absence - Grace 10H",
        "Hi,\nGrace has a sickness bug and won't be in today.\nShe'll be back on Thursday.\n\n"
        "Kind regards,\nEmma Wilson\nMum of Grace (10H)\n07700 900123",
        NO,
    ),
    "inline sign-off on the same line": (
        "Absent",
        "Sophia is absent today due to period pains. She should be back tomorrow. Regards, Mrs K Nowak",
        NO,
    ),
    "text-speak from a phone": ("Noah W", "noah wont b in today hes got a temp x", NO),
    "curly apostrophe": ("Isla", "Isla won’t be in today, she’s unwell.", NO),
    "running late, time with a dot": (
        "Late",
        "Sorry, we're running late this morning, the car wouldn't start. Isla will be in by 9.30.",
        NO,
    ),
    "a request to pass it on is part of the notice": (
        "Ava 5P",
        "Ava won't be in today, she has a migraine. Please let her teacher know.\nThanks\nJess",
        NO,
    ),
    "a child complaining of a symptom is not a complaint": (
        "Felix",
        "Felix is off today, he's been complaining of a sore throat since the weekend.",
        NO,
    ),
    "lost her voice is not lost property": (
        "Elsie",
        "Elsie is not coming in today, she's got a really bad cold and lost her voice.",
        NO,
    ),
    "quoted history is not read": (
        "Re: Absence",
        "Connor is still poorly so he'll be off again tomorrow.\n\n> Could you let us know each day?",
        NO,
    ),
    # thank-yous: no reply
    "thanks, that's great": ("Re: Trip money", "Thanks so much, that's great", THANKS),
    "thanks for letting me know": ("Re: Absence", "Many thanks for letting me know", THANKS),
    "just cheers": ("Re: PE kit", "Cheers", THANKS),
    "thanks and a short closing": (
        "Re: Consent form",
        "Thank you, that's brilliant. She'll bring the form in tomorrow.\n\nSarah",
        THANKS,
    ),
    "whole sign-off is the message": (
        "Re: Reggie won't be in today",
        "Dear Sir/Madam,\n\nThank you, he's on the mend now.\n\nThanks,\nGrace Gill",
        THANKS,
    ),
    "end of year thanks": ("Hello", "Thank you for all your help this year.", THANKS),
    "a reply's old subject does not ask again": (
        "Re: Leave of absence request",
        "Thank you, that's really helpful.",
        THANKS,
    ),
    # needs a reply
    "thanks for nothing": (
        "Re: Reading book",
        "Thanks for nothing, this is the third time I've asked.",
        REPLY,
    ),
    "thank you, could you also": (
        "Re: Spellings",
        "Thank you. Could you also send the spelling list?",
        REPLY,
    ),
    "off sick, is there work to do at home": (
        "Isla",
        "She's off sick, is there any work she can do at home?",
        REPLY,
    ),
    "off sick, please could you send homework": (
        "Oliver",
        "Hi, Oliver is off sick today. Please could you send his homework home with his sister.",
        REPLY,
    ),
    "off sick, let me know": (
        "Ava",
        "Ava won't be in today. Let me know what she misses.",
        REPLY,
    ),
    "off sick, can I": (
        "Jack",
        "Jack is off sick today. Can I collect his reading book later.",
        REPLY,
    ),
    "off sick, could someone call me": (
        "Jack",
        "Jack is off sick. Could someone call me this afternoon.",
        REPLY,
    ),
    "off sick and upset": (
        "Ruby",
        "Ruby is off today. She's been really upset about the girls in her class.",
        REPLY,
    ),
    "off and a safeguarding worry": (
        "Amir",
        "Amir is off today. His dad hit him last night and he's scared.",
        REPLY,
    ),
    "off sick and hurt at school": (
        "Oliver",
        "Oliver is off sick today. His sister says he was pushed over in the playground yesterday.",
        REPLY,
    ),
    "off because unhappy at school": (
        "Jack",
        "Jack won't be in today, he is really unhappy at school.",
        REPLY,
    ),
    "off sick and another matter": (
        "Oliver",
        "Oliver is off sick today and his PE kit is missing from his peg.",
        REPLY,
    ),
    "leave of absence needs a decision": (
        "Leave of absence",
        "Please find attached a leave of absence form for Mia.",
        REPLY,
    ),
    "a chaser is answered": (
        "Re: Absence",
        "I still haven't heard anything back. Amelia is still unwell today.",
        REPLY,
    ),
    "thanks in advance expects something": (
        "Re: Dinners",
        "Thanks in advance.\nMonika",
        REPLY,
    ),
    "thanks then a report": ("Jumper", "Thanks. Harry has lost his jumper, it's navy.", REPLY),
    "question in the subject": ("Can Oliver leave at 2?", "Thanks, Sarah", REPLY),
    "a subject that says question": ("Question", "Thanks", REPLY),
    "urgent": ("URGENT", "Oliver off sick", REPLY),
    "a statement with no thanks and no absence": (
        "Re: Parents evening",
        "Tuesday works for both of us.",
        REPLY,
    ),
    "a long message is answered whatever it says": (
        "Absence",
        "Oliver is off sick today. " + "He has a temperature and a cough. " * 40,
        REPLY,
    ),
    "empty": ("", "", REPLY),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_needs_reply(case: str) -> None:
    """Absence notices and thank-yous need no reply; anything that asks or worries does."""
    subject, body, reason = CASES[case]
    verdict = needs_reply(subject, body)
    assert verdict.reason == reason, verdict
    assert verdict.needs_reply is (reason == REPLY), verdict
    if not verdict.needs_reply:
        assert verdict.evidence, "a no-reply verdict names its evidence"


@pytest.mark.parametrize(
    ("body", "evidence"),
    [
        ("She's off sick, is there any work she can do at home?", "is there any work"),
        ("Thank you. Could you also send the spelling list?", "Could you also"),
        ("Thanks for nothing, this is the third time.", "for nothing"),
        ("Oliver is off sick today with a temperature.", "is off"),
        ("Thanks so much, that's great", "Thanks"),
    ],
)
def test_evidence_is_the_phrase_as_written(body: str, evidence: str) -> None:
    """The evidence quotes the parent's own words, in their case, for a person to check."""
    assert evidence in needs_reply("", body).evidence


def test_verdict_is_a_frozen_value() -> None:
    """Verdicts are plain values that compare equal and cannot be changed."""
    verdict = needs_reply("Oliver off sick", "Oliver won't be in today.")
    assert verdict == NoReplyVerdict(False, "absence notice", "won't be in")
    with pytest.raises(AttributeError):
        verdict.needs_reply = True  # type: ignore[misc]


def test_fast() -> None:
    """A verdict costs well under a tenth of a millisecond (best of three rounds)."""
    emails = [(s, b) for s, b, _ in CASES.values()]
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(50):
            for subject, body in emails:
                needs_reply(subject, body)
        rounds.append((time.perf_counter() - started) / (50 * len(emails)))
    assert min(rounds) < 0.0001, f"{min(rounds) * 1e6:.0f} µs per email"
