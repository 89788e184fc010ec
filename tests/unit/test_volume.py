"""The volume flag, from tables of one parent's emails over a few days.

The parent's emails are counted in a rolling window of working days (a fake calendar:
Monday–Friday, core hours 08:00–16:00 Europe/London). The hard cases are the busy but fair
ones: four emails about four different things, a conversation where every email answers the
office, a week of questions spread out, and a weekend that must not shorten the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from classifiers.base import PastMessage
from classifiers.volume import Settings, WeekdayCalendar, WorkingCalendar, detect

LONDON = ZoneInfo("Europe/London")


class FakeCalendar:
    """Monday–Friday, core hours from 08:00; the day of ``moment`` counts once they start."""

    tz = LONDON

    def working_days_back(self, moment: datetime, n: int) -> datetime:
        local = moment.astimezone(LONDON)
        day = local.date() if local.time() >= time(8) else local.date() - timedelta(days=1)
        counted = 0
        while True:
            if day.weekday() < 5:
                counted += 1
                if counted >= n:
                    return datetime.combine(day, time(8), tzinfo=LONDON)
            day -= timedelta(days=1)


CAL = FakeCalendar()


def at(stamp: str) -> datetime:
    """'11-16 09:00' → 16 Nov 2026 09:00 London (16 Nov is a Monday)."""
    return datetime.strptime(f"2026-{stamp}", "%Y-%m-%d %H:%M").replace(tzinfo=LONDON)


def parent(mid: str, stamp: str, thread: int = 1, matter: str = "behaviour") -> PastMessage:
    return PastMessage(mid, at(stamp), "inbound", "parent", f"Email {mid} about {matter}.",
                       thread_id=thread, matter=matter)  # fmt: skip


def staff(mid: str, stamp: str, thread: int = 1, *, holding: bool = False) -> PastMessage:
    return PastMessage(mid, at(stamp), "outbound", "staff", "Thank you, we will look into it.",
                       thread_id=thread, matter="behaviour", is_holding_reply=holding)  # fmt: skip


def burst(stamps: list[str], thread: int = 1, matter: str = "behaviour") -> list[PastMessage]:
    return [parent(f"m{i}", s, thread, matter) for i, s in enumerate(stamps, 1)]


# name: (history, new message, expected count or None when no flag)
CASES: dict[str, Callable[[], tuple[list[PastMessage], PastMessage, int | None]]] = {
    "five on one matter in a day fire": lambda: (
        burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 14:00"]),
        parent("new", "11-16 20:00"),
        5,
    ),
    "four on one matter do not": lambda: (
        burst(["11-16 08:05", "11-16 10:00", "11-16 12:00"]),
        parent("new", "11-16 20:00"),
        None,
    ),
    "the sixth fires too": lambda: (
        burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 14:00", "11-16 18:00"]),
        parent("new", "11-17 07:00"),
        6,
    ),
    "four matters in one day are not volume": lambda: (
        [
            parent("a", "11-18 07:20", 1, "attendance"),
            parent("b", "11-18 09:30", 2, "payments"),
            parent("c", "11-18 13:15", 3, "uniform"),
        ],
        parent("new", "11-18 19:50", 4, "trips"),
        None,
    ),
    "five spread over a week are not volume": lambda: (
        burst(["11-16 09:30", "11-17 19:00", "11-18 08:15", "11-19 18:30"]),
        parent("new", "11-20 12:10"),
        None,
    ),
    "a weekend does not shorten the window": lambda: (
        burst(["11-20 10:00", "11-20 14:00", "11-21 11:00", "11-22 20:00"]),
        parent("new", "11-23 09:00"),
        5,
    ),
    "before core hours on Monday the window reaches back to Thursday": lambda: (
        burst(["11-19 09:00", "11-19 15:00", "11-20 10:00", "11-22 21:00"]),
        parent("new", "11-23 07:15"),
        5,
    ),
    "an email before core hours on the window's first day counts": lambda: (
        burst(["11-16 07:45", "11-16 10:00", "11-17 09:00", "11-17 12:00"]),
        parent("new", "11-17 15:00"),
        5,
    ),
    "older emails fall out of the window": lambda: (
        burst(["11-12 09:00", "11-12 10:00", "11-13 09:00", "11-16 09:00"]),
        parent("new", "11-17 09:00"),
        None,
    ),
    "staff and automated mail are not counted": lambda: (
        [
            *burst(["11-16 08:05", "11-16 10:00", "11-16 12:00"]),
            staff("s1", "11-16 12:30", holding=True),
            PastMessage(
                "auto",
                at("11-16 13:00"),
                "inbound",
                "automated",
                "Out of office",
                thread_id=1,
                matter="behaviour",
            ),  # fmt: skip
        ],
        parent("new", "11-16 14:00"),
        None,
    ),
    "emails answering the school are a conversation": lambda: (
        [
            parent("p1", "11-16 09:00"),
            staff("s1", "11-16 10:00"),
            parent("p2", "11-16 10:20"),
            staff("s2", "11-16 11:00"),
            parent("p3", "11-16 11:15"),
            staff("s3", "11-16 12:00"),
            parent("p4", "11-17 08:30"),
            staff("s4", "11-17 09:00"),
        ],
        parent("new", "11-17 14:00"),
        None,
    ),
    "a holding reply does not make the next email a reply to the school": lambda: (
        [
            *burst(["11-15 19:05", "11-15 19:40", "11-15 20:15", "11-15 21:00"]),
            staff("hold", "11-15 19:06", holding=True),
        ],  # fmt: skip
        parent("new", "11-15 22:20"),
        5,
    ),
    "ten emails on many matters in five working days": lambda: (
        [
            parent(f"m{i}", f"11-{9 + i // 3:02d} {8 + i}:00", i, m)
            for i, m in enumerate(
                [
                    "learning",
                    "catering",
                    "uniform",
                    "transport",
                    "meeting",
                    "general",
                    "behaviour",
                    "trips",
                    "payments",
                ]
            )
        ],  # fmt: skip
        parent("new", "11-12 18:00", 20, "sen"),
        10,
    ),
    "nine emails on many matters are not": lambda: (
        [
            parent(f"m{i}", f"11-{9 + i // 3:02d} {8 + i}:00", i, m)
            for i, m in enumerate(
                [
                    "learning",
                    "catering",
                    "uniform",
                    "transport",
                    "meeting",
                    "general",
                    "behaviour",
                    "trips",
                ]
            )
        ],  # fmt: skip
        parent("new", "11-12 18:00", 20, "sen"),
        None,
    ),
    "one thread links emails whatever their matter label": lambda: (
        [
            parent("a", "11-16 08:10", 7, "general"),
            parent("b", "11-16 09:00", 7, "uniform"),
            parent("c", "11-16 10:00", 7, "general"),
            parent("d", "11-16 11:00", 7, "uniform"),
        ],  # fmt: skip
        parent("new", "11-16 12:00", 7, "general"),
        5,
    ),
    "'general' does not link separate threads": lambda: (
        [parent(f"g{i}", f"11-16 {9 + i}:00", i, "general") for i in range(1, 5)],
        parent("new", "11-16 15:00", 9, "general"),
        None,
    ),
    "the same matter links separate threads": lambda: (
        [parent(f"s{i}", f"11-23 {8 + i}:00", i, "sen") for i in range(1, 5)],
        parent("new", "11-24 07:10", 9, "sen"),
        5,
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_volume_cases(name: str) -> None:
    history, message, expected = CASES[name]()
    found = detect(message, history, calendar=CAL)
    if expected is None:
        assert found is None, found
    else:
        assert found is not None
        assert found.kind == "volume"
        assert found.evidence["count"] == expected


def test_explanation_names_count_matter_window_and_threshold() -> None:
    """The explanation reads like the policy: how many, about what, how long, the limit."""
    history = burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 14:00", "11-16 18:00"])
    found = detect(parent("new", "11-17 07:00"), history, calendar=CAL)
    assert found is not None
    assert found.explanation == (
        "6 emails about Behaviour and bullying in 2 working days (threshold 5)"
    )
    ev = found.evidence
    assert ev["scope"] == "matter" and ev["threshold"] == 5 and ev["working_days"] == 2
    assert ev["window_start"] == "2026-11-13T00:00:00+00:00"  # Tue 07:00: Mon and Fri
    assert ev["window_end"] == "2026-11-17T07:00:00+00:00"
    assert [m["id"] for m in ev["messages"]] == ["m1", "m2", "m3", "m4", "m5", "new"]


def test_score_grows_with_the_excess() -> None:
    """At the threshold the score is 0.5; each email over it raises it, up to 1.0."""
    stamps = [f"11-16 {h:02d}:00" for h in range(8, 20)]
    scores = []
    for n in (5, 6, 8, 10, 12):
        found = detect(parent("new", "11-16 21:00"), burst(stamps[: n - 1]), calendar=CAL)
        assert found is not None
        scores.append(found.score)
    assert scores[0] == 0.5
    assert scores == sorted(scores) and scores[-1] == 1.0


def test_history_may_hold_the_message_itself_and_be_unsorted() -> None:
    """The message itself in its history is skipped, and order does not matter."""
    history = burst(["11-16 14:00", "11-16 08:05", "11-16 12:00", "11-16 10:00"])
    message = parent("new", "11-16 20:00")
    found = detect(message, [message, *reversed(history)], calendar=CAL)
    assert found is not None and found.evidence["count"] == 5


def test_later_messages_are_not_counted() -> None:
    history = burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 23:00"])
    assert detect(parent("new", "11-16 20:00"), history, calendar=CAL) is None


def test_a_message_from_the_school_is_never_flagged() -> None:
    history = burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 14:00"])
    assert detect(staff("s", "11-16 15:00"), history, calendar=CAL) is None


def test_without_a_calendar_weekdays_are_working_days() -> None:
    """The fallback counts Monday–Friday from midnight: Friday and Monday are 2 working days."""
    cal = WeekdayCalendar()
    assert isinstance(cal, WorkingCalendar)
    assert cal.working_days_back(at("11-23 07:00"), 2) == datetime(2026, 11, 20, tzinfo=LONDON)
    assert cal.working_days_back(at("11-22 12:00"), 1).date() == date(2026, 11, 20)
    history = burst(["11-20 10:00", "11-20 14:00", "11-21 11:00", "11-22 20:00"])
    assert detect(parent("new", "11-23 09:00"), history) is not None


# --- one test per Settings knob -------------------------------------------------------------


def test_matter_threshold() -> None:
    history = burst(["11-16 08:05", "11-16 10:00"])
    message = parent("new", "11-16 12:00")
    assert detect(message, history, calendar=CAL) is None
    found = detect(message, history, Settings(matter_threshold=3), calendar=CAL)
    assert found is not None and "(threshold 3)" in found.explanation


def test_matter_working_days() -> None:
    history = burst(["11-12 09:00", "11-12 10:00", "11-13 09:00", "11-16 09:00"])
    message = parent("new", "11-17 09:00")
    assert detect(message, history, calendar=CAL) is None
    found = detect(message, history, Settings(matter_working_days=4), calendar=CAL)
    assert found is not None and "in 4 working days" in found.explanation


def test_total_threshold_and_total_working_days() -> None:
    matters = ["learning", "catering", "uniform", "transport", "meeting", "general"]
    history = [parent(f"m{i}", f"11-{16 + i // 2} {9 + i}:00", i, m) for i, m in enumerate(matters)]
    message = parent("new", "11-19 18:00", 20, "sen")
    assert detect(message, history, calendar=CAL) is None
    found = detect(message, history, Settings(total_threshold=7), calendar=CAL)
    assert found is not None and found.evidence["scope"] == "all"
    assert found.explanation == "7 emails on 7 matters in 5 working days (threshold 7)"
    narrow = Settings(total_threshold=7, total_working_days=2)
    assert detect(message, history, narrow, calendar=CAL) is None


def test_count_replies_to_school() -> None:
    history = [
        parent("p1", "11-16 09:00"),
        staff("s1", "11-16 10:00"),
        parent("p2", "11-16 10:20"),
        staff("s2", "11-16 11:00"),
        parent("p3", "11-16 11:15"),
        staff("s3", "11-16 12:00"),
        parent("p4", "11-16 12:30"),
    ]
    message = parent("new", "11-16 13:00")
    assert detect(message, history, calendar=CAL) is None
    found = detect(message, history, Settings(count_replies_to_school=True), calendar=CAL)
    assert found is not None and found.evidence["count"] == 5


def test_both_scopes_are_reported_when_both_fire() -> None:
    history = burst(["11-16 08:05", "11-16 10:00", "11-16 12:00", "11-16 14:00"])
    found = detect(parent("new", "11-16 20:00"), history, Settings(total_threshold=5), calendar=CAL)
    assert found is not None and found.evidence["also"]["scope"] in ("all", "matter")
    assert "; " in found.explanation


@pytest.mark.parametrize(
    "bad",
    [
        {"matter_threshold": 0},
        {"matter_working_days": 0},
        {"total_threshold": -1},
        {"total_working_days": 1.5},
    ],  # fmt: skip
)
def test_settings_reject_nonsense_naming_the_key(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        Settings(**bad)  # type: ignore[arg-type]


def test_settings_are_frozen_and_keyword_built() -> None:
    from_config: dict[str, int] = {"matter_threshold": 4}
    settings = Settings(**from_config)  # type: ignore[arg-type]  # as config maps onto it
    assert settings.matter_threshold == 4
    assert replace(settings, total_threshold=12).total_threshold == 12
    with pytest.raises(AttributeError):
        settings.matter_threshold = 6  # type: ignore[misc]


# --- what counts as answering the school (round 2): a reply in the school's thread, not a
# new email that happens to share the matter label of an answer days before. ---------------

WEEK = ["11-16 08:30", "11-16 13:00", "11-17 09:00", "11-17 15:00", "11-18 10:00",
        "11-18 14:00", "11-19 09:30", "11-19 15:30", "11-20 08:30"]  # fmt: skip
MATTERS = ["uniform", "trips", "catering", "learning", "medical", "transport", "payments",
           "meeting", "clubs"]  # fmt: skip


def busy_week(
    tenth: PastMessage, answer_text: str = "Which size would you like?"
) -> tuple[list[PastMessage], PastMessage]:
    """Nine emails on nine matters Monday–Friday, the school answering the first, then a
    tenth email on Friday afternoon."""
    history = [
        parent(f"w{i}", s, i, m) for i, (s, m) in enumerate(zip(WEEK, MATTERS, strict=True), 1)
    ]
    answer = PastMessage("s1", at("11-16 10:00"), "outbound", "staff", answer_text,
                         thread_id=1, matter="uniform")  # fmt: skip
    return [*history, answer], tenth


@pytest.mark.parametrize(
    ("name", "tenth", "fires"),
    [
        # a new thread days later, same matter label as the school's answer: a new email
        ("new thread on the answered matter", parent("t", "11-20 14:00", 20, "uniform"), True),
        ("new thread on another matter", parent("t", "11-20 14:00", 20, "lost property"), True),
        # a reply in the thread the school answered last: a conversation, not counted
        ("reply in the school's thread", parent("t", "11-20 14:00", 1, "uniform"), False),
    ],
)
def test_only_a_reply_in_the_schools_thread_answers_the_school(
    name: str, tenth: PastMessage, fires: bool
) -> None:
    history, message = busy_week(tenth)
    found = detect(message, history, calendar=CAL)
    assert (found is not None) is fires, name
    if fires:
        assert found is not None and found.evidence["count"] == 10


def test_a_reply_days_after_a_plain_answer_is_a_new_email() -> None:
    # round 3: the school asked nothing ("Either is fine."), and the parent wrote four days
    # later: not a conversation, so it is the tenth email of the week
    history, message = busy_week(parent("t", "11-20 14:00", 1, "uniform"), "Either is fine.")
    found = detect(message, history, calendar=CAL)
    assert found is not None and found.evidence["count"] == 10


# --- round 3: only a real answer to the school is a conversation. The school must have asked
# something (or the parent answers within two hours), and an email that opens by adding a new
# point is more of the same, whatever came before it. ---------------------------------------


def said(mid: str, stamp: str, text: str, *, school: bool = False) -> PastMessage:
    """A message in thread 1 with real words, from the parent or (``school``) the office."""
    if school:
        return PastMessage(mid, at(stamp), "outbound", "staff", text, thread_id=1,
                           matter="behaviour")  # fmt: skip
    return PastMessage(mid, at(stamp), "inbound", "parent", text, thread_id=1,
                       matter="behaviour")  # fmt: skip


PLAIN_ANSWER = "Dear Mrs Noon, thank you. I am speaking to the class today and will ring you."

# Replies that add a new point after a school message that asked nothing: counted.
ADDS_A_POINT = [
    "Thank you. Also, she says a dinner lady saw it and walked off.",
    "Thanks, and also the same girl hid her coat on Friday.",
    "Sorry one more thing - she's not sleeping because of it.",
    "Hi again, I forgot to mention it happened on the bus too.",
    "oh n also they took her pencil case again today x",
    "PS her brother saw it happen as well.",
    "Ok thanks. Btw it carried on at hometime.",
    "Further to my email this morning, the girls waited for her at the gate.",
    "Thank you sir. One other thing, my daughter is scared to go toilet alone now.",
]

# Real answers to a school question or request: a conversation, not counted.
SCHOOL_ASKS = [
    ("Would Thursday or Friday suit for a meeting?", "Thursday please."),
    ("Could you send the letter from the GP?", "Attached now."),
    ("Please let us know which days she has the clinic.", "Tuesdays and Fridays."),
    ("What dose does she take at lunchtime?", "5ml, thank you."),
    ("Yes please, bring the inhaler to the office.", "Will do, I'll bring it on Monday."),
    ("We'll need a signed medicine form before we can give it.", "Signed and attached."),
    ("Can you confirm who is collecting her today", "Her nan, Mrs Ruth Noon."),
]


def bullying_run(reply: PastMessage) -> tuple[list[PastMessage], PastMessage]:
    """Two emails, the school's plain answer, ``reply``, then two more; the sixth is new."""
    history = [
        said("p1", "11-23 08:30", "Three girls keep taking Ava's lunch box."),
        said("p2", "11-23 11:15", "I forgot to say one of them is in Year 6."),
        said("s1", "11-23 12:00", PLAIN_ANSWER, school=True),
        reply,
        said("p4", "11-23 15:40", "She came out crying again."),
        said("p5", "11-24 09:10", "She didn't want to come in today."),
    ]
    return history, said("new", "11-24 13:30", "They laughed at her in the lunch queue.")


@pytest.mark.parametrize("text", ADDS_A_POINT)
def test_a_reply_that_adds_a_point_after_a_plain_answer_is_counted(text: str) -> None:
    history, message = bullying_run(said("p3", "11-23 12:30", text))
    found = detect(message, history, calendar=CAL)
    assert found is not None and found.evidence["count"] == 6, text
    assert found.evidence["replies_to_school_not_counted"] == []
    # the fifth email (p5) already reaches the threshold once the added point counts
    fifth = detect(history[-1], history[:-1], calendar=CAL)
    assert fifth is not None and fifth.evidence["count"] == 5


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, that's reassuring.",  # thanks for the answer
        "Great, will you let me know what they say?",  # a question about the answer
        "Ok. Is Mrs Hall the right person to speak to?",
    ],
)
def test_a_prompt_reply_to_the_schools_answer_is_a_conversation(text: str) -> None:
    history, message = bullying_run(said("p3", "11-23 12:30", text))
    found = detect(message, history, calendar=CAL)
    assert found is not None and found.evidence["count"] == 5, text
    assert found.evidence["replies_to_school_not_counted"] == ["p3"]
    assert detect(history[-1], history[:-1], calendar=CAL) is None


@pytest.mark.parametrize(("question", "answer"), SCHOOL_ASKS)
def test_a_real_answer_to_a_school_question_is_not_counted(question: str, answer: str) -> None:
    # asked on Monday, answered on Tuesday: still an answer, however long it took
    history = [
        said("p1", "11-23 08:30", "Can we talk about Ava's medication?"),
        said("s1", "11-23 12:00", question, school=True),
        said("p2", "11-24 09:00", answer),
        said("p3", "11-24 10:00", "Also her dad wants to come."),
        said("p4", "11-24 11:00", "And she has a new spacer."),
    ]
    message = said("new", "11-24 12:00", "Sorry, the clinic moved to Wednesday.")
    assert detect(message, history, calendar=CAL) is None, question
    # ... but the same reply to a plain statement a day later is a new email
    plain = [*history[:1], said("s1", "11-23 12:00", PLAIN_ANSWER, school=True), *history[2:]]
    found = detect(message, plain, calendar=CAL)
    assert found is not None and found.evidence["count"] == 5, question


def test_one_school_question_does_not_excuse_a_burst_after_it() -> None:
    history = [
        said("s1", "11-23 09:00", "Which day suits you for a call?", school=True),
        said("p1", "11-23 09:10", "Any day."),
        said("p2", "11-23 09:20", "Actually Monday is bad."),
        said("p3", "11-23 09:30", "Tuesday is bad too."),
        said("p4", "11-23 09:40", "Why has nobody rung?"),
        said("p5", "11-23 09:50", "Please ring."),
    ]
    message = said("new", "11-23 10:00", "Still waiting.")
    found = detect(message, history, calendar=CAL)
    assert found is not None and found.evidence["count"] == 5
    assert found.evidence["replies_to_school_not_counted"] == ["p1"]


@pytest.mark.parametrize(
    ("text", "adds"),
    [
        *((t, True) for t in ADDS_A_POINT),
        ("Thursday 3.30 please. Also, could his dad join by Teams?", False),  # answers first
        ("Thanks. Can you check the changing rooms as well?", False),
        ("Thank you, also very grateful for the call.", True),
        ("Brilliant thanks x", False),
        ("Plus she has lost her PE bag.", True),
        ("Plums are fine in her lunch box?", False),
        ("Alsop Road is where she gets the bus.", False),
    ],
)
def test_what_opens_by_adding_a_point(text: str, adds: bool) -> None:
    from classifiers.volume import adds_a_point

    assert adds_a_point(text) is adds, text
