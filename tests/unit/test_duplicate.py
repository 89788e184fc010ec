"""The duplicate flag, from tables of a parent's emails sent twice (or nearly).

The hard cases are the emails that look alike for good reasons: a phone that sent the same
email twice within a minute, the same collection note every Tuesday, two absence notices a
week apart, "Thanks!" twice, and a re-send that carries a real update.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from classifiers.base import PastMessage
from classifiers.duplicate import Settings, detect

LONDON = ZoneInfo("Europe/London")


class Cal:
    tz = LONDON

    def working_days_back(self, moment: datetime, n: int) -> datetime:  # pragma: no cover
        raise AssertionError("duplicate does not count working days")


CAL = Cal()


def at(stamp: str) -> datetime:
    return datetime.strptime(f"2026-{stamp}", "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def mail(mid: str, stamp: str, text: str, thread: int = 1, **kw: object) -> PastMessage:
    return PastMessage(mid, at(stamp), "inbound", "parent", text, thread_id=thread,
                       matter=str(kw.pop("matter", "general")), **kw)  # type: ignore[arg-type]  # fmt: skip


GUITAR = (
    "Hi, Evie would like to start guitar lessons in school. Could you tell me who organises "
    "them, how much they cost per term and whether there are any spaces left this term? "
    "Thanks, Hannah"
)
SWIM = (
    "Hello, Year 5 swimming starts after half term and Noah has a verruca. Does he need to wear "
    "a sock, or can he not swim until it has gone? He's very keen not to miss it. Thank you, Sarah"
)
NAN = "Hi, Mia will be collected by her nan (Mrs Jean Walsh) today at 3.15 as I'm at work. Kelly"
UPSET = (
    "Dylan came home really upset today because the same boys took his bag on the bus again and "
    "threw his PE kit into the road. Could someone please speak to them before it gets worse? "
    "He doesn't want to get the bus tomorrow and I can't take him in. Thanks, Sian Hughes"
)

# name: (history, new message, expected method or None)
CASES: dict[str, tuple[list[PastMessage], PastMessage, str | None]] = {
    "the same email two days later": (
        [mail("a", "11-16 09:40", GUITAR)],
        mail("b", "11-18 08:50", GUITAR),
        "identical",
    ),
    "line breaks and punctuation do not matter": (
        [mail("a", "11-16 09:40", GUITAR)],
        mail("b", "11-18 08:50", GUITAR.replace(", ", "\n").replace("?", ".").upper()),
        "identical",
    ),
    "resent with a note on top": (
        [mail("a", "11-02 13:00", SWIM)],
        mail("b", "11-09 12:00", "Resending this in case it got missed. " + SWIM),
        "resent with a note on top",
    ),
    "a light edit is still near-identical": (
        [mail("a", "11-16 13:10", GUITAR)],
        mail("b", "11-20 08:30", GUITAR.replace("Hi,", "Good morning,").replace("Thanks", "Many thanks")),
        "near-identical",
    ),
    "across two threads": (
        [mail("a", "11-18 17:45", GUITAR, thread=1)],
        mail("b", "11-19 08:05", GUITAR, thread=2),
        "identical",
    ),
    "'Thanks so much!' twice is too short": (
        [mail("a", "11-10 11:45", "Thanks so much!")],
        mail("b", "11-12 10:20", "Thanks so much!"),
        None,
    ),
    "sent twice within a minute is a glitch": (
        [mail("a", "11-17 07:32", GUITAR)],
        mail("b", "11-17 07:33", GUITAR),
        None,
    ),
    "the Tuesday collection note": (
        [mail("a", "11-03 08:15", NAN), mail("b", "11-10 08:10", NAN)],
        mail("c", "11-17 08:20", NAN),
        None,
    ),
    "two absence notices a week apart": (
        [mail("a", "11-09 07:25", "Freddie won't be in today, he has a sore throat and a temperature. Amy")],
        mail("b", "11-16 07:30", "Freddie won't be in today, he has a sore throat and a temperature again. Amy"),
        None,
    ),
    "a long 'today' email resent says it is a resend": (
        [mail("a", "11-16 16:20", UPSET)],
        mail("b", "11-18 08:00", "Sending this again as I've had no reply. " + UPSET),
        "resent with a note on top",
    ),
    "notes naming different dates are two notes": (
        [mail("a", "11-10 08:00", "Hi, Alfie has a dentist appointment on Tuesday 17th at 10.30 so will be in after that. Chloe")],
        mail("b", "11-19 08:00", "Hi, Alfie has a dentist appointment on Tuesday 24th at 10.30 so will be in after that. Chloe"),
        None,
    ),
    "three weeks later is outside the window": (
        [mail("a", "11-02 10:15", GUITAR)],
        mail("b", "11-23 10:05", GUITAR),
        None,
    ),
    "two different questions on one topic": (
        [mail("a", "11-16 09:40", GUITAR)],
        mail("b", "11-18 08:50", "Hi, thanks for the guitar details. Does Evie need her own guitar for the lessons, or can she borrow one from school until Christmas? Hannah"),
        None,
    ),
    "a re-send with a real update is not a duplicate": (
        [mail("a", "11-10 09:10", SWIM)],
        mail("b", "11-17 08:20", "Further to my email below, the GP has now looked at the verruca and given us a cream to use twice a day for four weeks and a special swimming sock, and says he can swim as long as he wears it, so could his teacher make sure he puts it on before he gets in the pool? " + SWIM),
        None,
    ),
    "the school's words are not the parent's": (
        [PastMessage("s", at("11-16 10:00"), "outbound", "staff", GUITAR, thread_id=1)],
        mail("b", "11-18 08:50", GUITAR),
        None,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_duplicate_cases(name: str) -> None:
    history, message, method = CASES[name]
    found = detect(message, history, calendar=CAL)
    if method is None:
        assert found is None, found
    else:
        assert found is not None and found.kind == "duplicate"
        assert found.evidence["method"] == method


def test_evidence_names_the_earlier_email() -> None:
    """Evidence: the earlier id and time, the similarity; the explanation says when."""
    found = detect(
        mail("b", "11-18 08:50", GUITAR), [mail("a", "11-16 09:40", GUITAR)], calendar=CAL
    )
    assert found is not None
    assert found.evidence["earlier_message_id"] == "a"
    assert found.evidence["earlier_at"] == "2026-11-16T09:40:00+00:00"
    assert found.evidence["similarity"] == 1.0 and found.score == 1.0
    assert found.explanation == "Same text as the email of Mon 16 Nov 09:40 (similarity 1.00)"


def test_the_most_similar_earlier_email_is_named() -> None:
    history = [mail("swim", "11-16 08:00", SWIM), mail("guitar", "11-16 09:40", GUITAR)]
    found = detect(mail("b", "11-18 08:50", GUITAR), history, calendar=CAL)
    assert found is not None and found.evidence["earlier_message_id"] == "guitar"


def test_message_itself_in_history_is_ignored() -> None:
    message = mail("b", "11-18 08:50", GUITAR)
    assert detect(message, [message], calendar=CAL) is None


# --- one test per Settings knob -------------------------------------------------------------


def test_similarity() -> None:
    edited = GUITAR.replace("how much they cost per term", "what the termly fee is")
    history, message = [mail("a", "11-16 09:40", GUITAR)], mail("b", "11-18 08:50", edited)
    strict = detect(message, history, Settings(similarity=0.99), calendar=CAL)
    loose = detect(message, history, Settings(similarity=0.5), calendar=CAL)
    assert strict is None and loose is not None


def test_window_days() -> None:
    history, message = [mail("a", "11-02 10:15", GUITAR)], mail("b", "11-23 10:05", GUITAR)
    assert detect(message, history, Settings(window_days=30), calendar=CAL) is not None
    assert detect(message, history, Settings(window_days=14), calendar=CAL) is None


def test_min_words() -> None:
    short = "Please can Evie have guitar lessons?"
    history, message = [mail("a", "11-16 09:40", short)], mail("b", "11-18 08:50", short)
    assert detect(message, history, calendar=CAL) is None
    assert detect(message, history, Settings(min_words=3), calendar=CAL) is not None


def test_ignore_within_minutes() -> None:
    history, message = [mail("a", "11-17 07:32", GUITAR)], mail("b", "11-17 07:40", GUITAR)
    assert detect(message, history, calendar=CAL) is not None
    assert detect(message, history, Settings(ignore_within_minutes=10), calendar=CAL) is None


def test_max_added_words() -> None:
    note = "I am sending this again because nobody has answered it and the spaces may go soon. "
    history, message = [mail("a", "11-16 09:40", GUITAR)], mail("b", "11-18 08:50", note + GUITAR)
    found = detect(message, history, Settings(similarity=0.99), calendar=CAL)
    assert found is not None and found.evidence["method"] == "resent with a note on top"
    assert (
        detect(message, history, Settings(similarity=0.99, max_added_words=5), calendar=CAL) is None
    )


def test_notice_max_words() -> None:
    history, message = [mail("a", "11-16 16:20", UPSET)], mail("b", "11-18 16:00", UPSET)
    assert detect(message, history, calendar=CAL) is not None  # long: a re-send
    assert detect(message, history, Settings(notice_max_words=80), calendar=CAL) is None


@pytest.mark.parametrize(
    "bad", [{"similarity": 0}, {"similarity": 1.5}, {"window_days": 0}, {"min_words": -1}]
)
def test_settings_reject_nonsense_naming_the_key(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        Settings(**bad)  # type: ignore[arg-type]
