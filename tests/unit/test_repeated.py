"""The repeated flag: the same point raised again after the school answered it.

The hard cases are the follow-ups that look like repeats and are not: a new incident on an
old matter ("again at lunch today"), the document the school asked for, a question about the
answer, a confirmation that echoes it, an escalation to a formal complaint, and a re-raise
after the school only passed the email on or sent a holding reply.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from classifiers.base import PastMessage
from classifiers.repeated import Settings, detect

LONDON = ZoneInfo("Europe/London")


class Cal:
    tz = LONDON

    def working_days_back(self, moment: datetime, n: int) -> datetime:  # pragma: no cover
        raise AssertionError("repeated does not count working days")


CAL = Cal()


def at(stamp: str) -> datetime:
    return datetime.strptime(f"2026-{stamp}", "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def parent(mid: str, stamp: str, text: str, thread: int = 1, matter: str = "uniform",
           attachments: tuple[str, ...] = ()) -> PastMessage:  # fmt: skip
    return PastMessage(mid, at(stamp), "inbound", "parent", text, thread_id=thread,
                       matter=matter, attachments=attachments)  # fmt: skip


def staff(mid: str, stamp: str, text: str, thread: int = 1, matter: str = "uniform",
          holding: bool = False) -> PastMessage:  # fmt: skip
    return PastMessage(mid, at(stamp), "outbound", "staff", text, thread_id=thread,
                       matter=matter, is_holding_reply=holding)  # fmt: skip


SHOES = (
    "Dear Mr Hughes, Oliver was told by his form tutor today that his black trainers are not "
    "acceptable and he must wear black leather shoes from Monday. They are plain black with no "
    "logos, and he has flat feet so the trainers are the only shoes that don't hurt him. Could you "
    "please allow him to keep wearing them? Thanks, Claire"
)
ANSWER = (
    "Dear Mrs Bennett, our uniform policy asks for black leather school shoes, and trainers are "
    "not permitted even when plain black. If Oliver has a medical need, please send a letter "
    "from his GP or podiatrist and we will consider an exemption. Mr Hughes"
)
AGAIN = (
    "Dear Mr Hughes, I still don't understand why Oliver can't wear his black trainers. They are "
    "plain black with no logos and they are the only shoes that don't hurt his feet. Please allow "
    "him to keep wearing them. Claire"
)
BULLY = (
    "Hi, Dylan says some Year 8 boys on the bus keep calling him names and bullying him, taking "
    "his bag. Could someone speak to them please? Sian"
)
BULLY_ANSWER = (
    "Dear Mrs Hughes, I have spoken to the boys involved and their parents, and a member of staff "
    "will be at the bus stop this week. Mr Price"
)


def answered(*extra: PastMessage) -> list[PastMessage]:
    return [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 11:20", ANSWER), *extra]


# name: (history, new message, fires?)
CASES: dict[str, tuple[list[PastMessage], PastMessage, bool]] = {
    "the same point after the answer": (answered(), parent("new", "11-10 08:15", AGAIN), True),
    "'I am asking you again' is repetition": (
        answered(),
        parent("new", "11-10 08:15", "Mr Hughes, Oliver's trainers are plain black and the only shoes that don't hurt his feet. I am asking you again to allow him to wear them."),
        True,
    ),
    "no answer yet: not repetition": (
        [parent("p1", "11-02 19:30", SHOES)], parent("new", "11-10 08:15", AGAIN), False,
    ),
    "a holding reply is not an answer": (
        [parent("p1", "11-02 19:30", SHOES), staff("h", "11-02 19:31", "We aim to respond within 3 working days.", holding=True)],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "passing the email on is not an answer": (
        [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 09:00", "Thank you for your email, I've passed this on to Mr Hughes who will get back to you.")],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "the letter the school asked for is new information": (
        answered(),
        parent("new", "11-12 09:00", AGAIN + " The podiatrist letter is attached.", attachments=("letter.pdf",)),
        False,
    ),
    "'again at lunch today' is a new incident": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "Hi, the boys on the bus were calling Dylan names again today and took his bag. Could someone speak to them please? Sian", matter="behaviour"),
        False,
    ),
    "'another incident' is new": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "There has been another incident with the Year 8 boys on the bus calling Dylan names and taking his bag. Could someone speak to them please?", matter="behaviour"),
        False,
    ),
    "'bullied' and 'bullying' are one word": (
        [parent("p1", "11-03 16:20", BULLY, matter="behaviour"), staff("s1", "11-04 12:10", BULLY_ANSWER, matter="behaviour")],
        parent("new", "11-12 16:05", "Dylan says the Year 8 boys on the bus still keep calling him names and he is being bullied, they keep taking his bag. Could someone speak to them? Sian", matter="behaviour"),
        True,
    ),
    "a new date is new information": (
        answered(),
        parent("new", "11-10 08:15", AGAIN + " He has a hospital appointment about his feet on 24th."),
        False,
    ),
    "a formal complaint is the next step, not a repeat": (
        answered(),
        parent("new", "11-10 08:15", AGAIN + " If not, I will make a formal complaint to the governors."),
        False,
    ),
    "a confirmation echoes the answer": (
        answered(),
        parent("new", "11-03 12:00", "Thanks. Just to check, so Oliver needs black leather shoes, and if I send a letter from his GP or podiatrist you will consider an exemption?"),
        False,
    ),
    "a different question on the same matter": (
        answered(),
        parent("new", "11-12 08:10", "Now it's getting cold, is Oliver allowed to wear a plain black hoodie or fleece over his PE top for outdoor PE, or must it be the school one?"),
        False,
    ),
    "the same point in a new thread on the same matter": (
        answered(), parent("new", "11-10 08:15", AGAIN, thread=2), True,
    ),
    "an answer on another matter does not count": (
        [parent("p1", "11-02 19:30", SHOES), staff("s1", "11-03 11:20", ANSWER, thread=5, matter="trips")],
        parent("new", "11-10 08:15", AGAIN),
        False,
    ),
    "repeats only an email the school has not answered yet": (
        answered(parent("p2", "11-04 08:00", BULLY, thread=1)),
        parent("new", "11-10 08:15", BULLY.replace("Hi,", "Hello again,")),
        False,
    ),
    "too short to judge": (answered(), parent("new", "11-10 08:15", "Still no to trainers?"), False),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_repeated_cases(name: str) -> None:
    history, message, fires = CASES[name]
    found = detect(message, history, calendar=CAL)
    assert (found is not None) is fires, found


def test_evidence_and_explanation() -> None:
    """Evidence: the earlier email, the school's answer it ignores, the share of new words."""
    found = detect(parent("new", "11-10 08:15", AGAIN), answered(), calendar=CAL)
    assert found is not None and found.kind == "repeated"
    ev = found.evidence
    assert ev["repeats"]["id"] == "p1" and ev["repeats"]["at"].startswith("2026-11-02T19:30")
    assert ev["answer"]["id"] == "s1" and ev["answer"]["text"] == ANSWER[:200]
    assert 0 <= ev["new_word_share"] <= 0.25
    assert re.fullmatch(
        r"Raises the same point as Mon 2 Nov \(similarity 0\.\d\d\) after the school answered "
        r"on Tue 3 Nov; little new information \(\d+% new words\)",
        found.explanation,
    ), found.explanation
    assert 0 < found.score <= 1


def test_history_with_the_message_itself_and_unsorted() -> None:
    message = parent("new", "11-10 08:15", AGAIN)
    assert detect(message, [message, *reversed(answered())], calendar=CAL) is not None


# --- one test per Settings knob -------------------------------------------------------------


def test_similarity() -> None:
    history, message = answered(), parent("new", "11-10 08:15", AGAIN)
    assert detect(message, history, Settings(similarity=0.95), calendar=CAL) is None


def test_max_new_share() -> None:
    extra = AGAIN + " Trainers cushion his arches and soles properly during running."
    history, message = answered(), parent("new", "11-10 08:15", extra)
    assert detect(message, history, Settings(max_new_share=0.6), calendar=CAL) is not None
    assert detect(message, history, Settings(max_new_share=0.05), calendar=CAL) is None


def test_lookback_days() -> None:
    history, message = answered(), parent("new", "11-24 08:15", AGAIN)
    assert detect(message, history, calendar=CAL) is not None
    assert detect(message, history, Settings(lookback_days=14), calendar=CAL) is None


def test_min_words() -> None:
    short = "Please let Oliver wear his black trainers, they don't hurt his feet."
    history, message = answered(), parent("new", "11-10 08:15", short)
    assert detect(message, history, Settings(min_words=20), calendar=CAL) is None
    assert detect(message, history, Settings(min_words=5), calendar=CAL) is not None


@pytest.mark.parametrize(
    "bad", [{"similarity": 1.2}, {"max_new_share": -0.1}, {"lookback_days": 0}, {"min_words": -1}]
)
def test_settings_reject_nonsense_naming_the_key(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        Settings(**bad)  # type: ignore[arg-type]
