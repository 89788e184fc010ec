"""Volume: many emails from one parent in a short time.

Policy: "a large volume of emails in respect of the same matter over a short period of time"
is unacceptable. Two counts, both over a rolling window of *working* days ending at the new
email (the school's calendar: a weekend or a holiday does not shorten the window):

- **one matter**: the parent's emails in the same thread or about the same matter, default
  5 or more (this one included) within 2 working days;
- **all matters**: every email from the parent, default 10 or more within 5 working days
  (excessive contact even when each email is about something else).

The window is whole days: it starts at midnight (school time) of the first of those working
days, so an email sent at 07:45 on that day counts. Only the parent's own emails count,
never the school's or automated mail. An email that
answers the school is a conversation, not a burst, and is not counted
(``count_replies_to_school``): when the office asks "which day suits?", the answer is not
pressure. Answering the school means all of:

- it is a reply in the school's thread (a new thread is a new email even when its matter
  label matches an answer given days before), and the last message there before it is a
  staff reply, not a holding reply: so one school message excuses one parent email, and a
  burst after it is counted;
- the school asked something (a question, or a request: "could you send...", "please let
  us know", "yes please") or the parent replied promptly (within ``reply_within_hours``) to
  what the school said ("Great, where can I buy one?"); a reply days later to a plain answer
  is a new email;
- it does not open by adding a new point ("Thanks. Also, ...", "One more thing", "I forgot
  to say", "PS", "btw", "further to my email"): that is more of the same, not an answer.

The flag fires on the email that reaches the threshold and on every later one while the
window is still over it; the score grows with the excess (0.5 at the threshold, 1.0 at twice it).

Config::

    [flags.volume]
    matter_threshold = 5        # emails on one thread/matter ...
    matter_working_days = 2     # ... within this many working days
    total_threshold = 10        # emails on any matter ...
    total_working_days = 5      # ... within this many working days
    count_replies_to_school = false
    reply_within_hours = 2      # a prompt reply to a plain answer is still a conversation

Must catch: six emails about a detention between Monday 08:10 and Tuesday 07:00, none of them
answering the school → "6 emails about Behaviour and bullying in 2 working days (threshold 5)".
Must not: four emails in one day about four different matters (absence, trip money, lost
coat, a club), or five replies each answering the office's question about a meeting time.

Calendar: :class:`WorkingCalendar` is all this module needs from the school calendar
(``daemon.workdays.SchoolCalendar`` provides it). Without one, :class:`WeekdayCalendar` counts
Monday to Friday as working days (no bank or school holidays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Protocol, runtime_checkable

from classifiers.base import Finding, PastMessage
from classifiers.textsim import (
    clean_history,
    is_parent_mail,
    is_school_answer,
    iso,
    same_matter,
)


@runtime_checkable
class WorkingCalendar(Protocol):
    """What the history classifiers need from the school calendar."""

    def working_days_back(self, moment: datetime, n: int) -> datetime:
        """Start of "the last ``n`` working days" ending at ``moment``: the core-hours start
        of the n-th working day counting back, the day of ``moment`` counting as 1 if it is
        a working day."""
        ...


class WeekdayCalendar:
    """The fallback calendar: Monday–Friday are working days, each starting at midnight in
    ``moment``'s own zone. No bank holidays, school holidays or core hours."""

    def working_days_back(self, moment: datetime, n: int) -> datetime:
        day = moment.date()
        counted = 0
        while True:
            if day.weekday() < 5:
                counted += 1
                if counted >= max(1, n):
                    break
            day -= timedelta(days=1)
        return datetime.combine(day, time(0), tzinfo=moment.tzinfo)


@dataclass(frozen=True)
class Settings:
    matter_threshold: int = 5
    matter_working_days: int = 2
    total_threshold: int = 10
    total_working_days: int = 5
    count_replies_to_school: bool = False
    reply_within_hours: int = 2

    def __post_init__(self) -> None:
        for name in (
            "matter_threshold",
            "matter_working_days",
            "total_threshold",
            "total_working_days",
            "reply_within_hours",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}: must be a whole number of at least 1, not {value!r}")


def matter_label(matter: str) -> str:
    try:
        from classifiers.matter import MATTER_LABELS
    except ImportError:  # pragma: no cover - the matter module ships with this one
        MATTER_LABELS = {}
    return MATTER_LABELS.get(matter, matter.replace("_", " ").capitalize() or "General enquiry")


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    if not is_parent_mail(message):
        return None
    cal: WorkingCalendar = calendar if calendar is not None else WeekdayCalendar()
    past = clean_history(message, history)
    prompt = timedelta(hours=settings.reply_within_hours)
    if not settings.count_replies_to_school and _answers_school(message, past, prompt):
        return None  # a reply in a conversation the school started is not pressure
    counted = [
        m
        for m in past
        if is_parent_mail(m)
        and (settings.count_replies_to_school or not _answers_school(m, past, prompt))
    ]
    replies = [m.message_id for m in past if is_parent_mail(m) and m not in counted]

    results: list[dict[str, Any]] = []
    same = [m for m in counted if same_matter(m, message)]
    matter = _window(message, same, cal, settings.matter_working_days, settings.matter_threshold)
    if matter is not None:
        matter.update(scope="matter", matter=message.matter, thread_id=message.thread_id)
        results.append(matter)
    total = _window(message, counted, cal, settings.total_working_days, settings.total_threshold)
    if total is not None:
        total.update(scope="all", matters=sorted({m["matter"] for m in total["messages"]}))
        results.append(total)
    if not results:
        return None

    results.sort(key=lambda r: r["count"] / r["threshold"], reverse=True)
    main = results[0]
    evidence: dict[str, Any] = dict(main)
    if len(results) > 1:
        evidence["also"] = results[1]
    evidence["replies_to_school_not_counted"] = replies
    score = min(1.0, max(0.5, main["count"] / (2 * main["threshold"])))
    explanation = "; ".join(_explain(r) for r in results)
    return Finding(kind="volume", score=round(score, 3), explanation=explanation, evidence=evidence)


# The school asks the parent something: a question, or a request to do or send something.
_SCHOOL_ASKS = re.compile(
    r"\?|\b(?:please|kindly|could you|can you|would you|will you|do you|are you|if you could"
    r"|let (?:us|me|the office) know|we(?:'ll| will| would)? need|we(?:'d| would) like you"
    r"|yes,? please|can we|shall we|would it be|does (?:he|she|they)|is (?:he|she|it|there))\b",
    re.IGNORECASE,
)
# Openings said before the point of a reply: greetings, thanks, apologies, "ok", "great".
_COURTESY_OPENING = re.compile(
    r"^(?:\W*(?:hi|hello|hiya|dear \w+(?: \w+)?|morning|good (?:morning|afternoon|evening)"
    r"|thanks?(?: you| u)?(?: (?:so|very) much| again| for (?:that|this|your (?:reply|email)))?"
    r"|thankyou|ta|cheers|sorry|apologies|ok(?:ay)?|oh|great|brilliant|perfect|lovely|fab"
    r"|fine|right|yes|no|noted|understood|sure)\b(?: (?:again|sir|miss|madam|all|both))?"
    r"[\s,.!;:x-]*)+",
    re.IGNORECASE,
)
# An email that opens by adding a new point is more of the same, not an answer.
_ADDS_A_POINT = re.compile(
    r"^(?:and |oh |n |sorry,? )*(?:also|als|another thing|one (?:more|other|last|further)"
    r" (?:thing|question|point)|1 more thing|something else|(?:i )?(?:forgot|meant|wanted|need)"
    r" to (?:say|mention|add|tell you|ask)|i should (?:have )?(?:said|mentioned|added)"
    r"|just to add|to add|in addition|additionally|on top of (?:that|this)|furthermore"
    r"|(?:further|following) (?:on )?(?:to|from) my|p\.? ?s\b|by the way|btw|plus)\b",
    re.IGNORECASE,
)


def _answers_school(m: PastMessage, past: Sequence[PastMessage], prompt: timedelta) -> bool:
    """``m`` answers the school: the last message in its thread before it is a staff reply
    that asked something, or that ``m`` answers within ``prompt``; and ``m`` does not open by
    adding a new point."""
    before = [x for x in past if x.received_at <= m.received_at and x.message_id != m.message_id]
    before = [x for x in before if _replies_to(m, x) and (is_parent_mail(x) or is_school_answer(x))]
    if not before or not is_school_answer(before[-1]):
        return False
    school = before[-1]
    asked = _SCHOOL_ASKS.search(school.text) is not None
    if not asked and m.received_at - school.received_at > prompt:
        return False  # days later, after a plain answer: a new email
    return not adds_a_point(m.text)


def adds_a_point(text: str) -> bool:
    """The email opens, after any greeting or thanks, by adding something new ("Thank you.
    Also, he says...", "Sorry one more thing", "PS")."""
    opening = _COURTESY_OPENING.match(text)
    rest = text[opening.end() :] if opening else text
    return _ADDS_A_POINT.match(rest.lstrip(" \t\n,.-")) is not None


def _replies_to(m: PastMessage, earlier: PastMessage) -> bool:
    """``m`` can answer ``earlier``: the same thread, or, when either has no thread, the same
    matter. A new thread is a new email, not a reply, whatever its matter label."""
    if m.thread_id is not None and earlier.thread_id is not None:
        return m.thread_id == earlier.thread_id
    return same_matter(m, earlier)


def _window(
    message: PastMessage,
    candidates: Sequence[PastMessage],
    calendar: WorkingCalendar,
    working_days: int,
    threshold: int,
) -> dict[str, Any] | None:
    # Whole days: an email at 07:45 on the first day of the window was sent on that day, even
    # though core hours had not started.
    start = calendar.working_days_back(message.received_at, working_days).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    inside = [m for m in candidates if start <= m.received_at <= message.received_at]
    inside.append(message)
    if len(inside) < threshold:
        return None
    return {
        "count": len(inside),
        "threshold": threshold,
        "working_days": working_days,
        "window_start": iso(start),
        "window_end": iso(message.received_at),
        "messages": [
            {"id": m.message_id, "at": iso(m.received_at), "matter": m.matter} for m in inside
        ],
    }


def _explain(result: dict[str, Any]) -> str:
    days = result["working_days"]
    span = f"{days} working day{'' if days == 1 else 's'}"
    if result["scope"] == "matter":
        if result["matter"] in ("general", ""):
            about = "in one thread"
        else:
            about = f"about {matter_label(result['matter'])}"
    else:
        n = len(result["matters"])
        about = f"on {n} matter{'' if n == 1 else 's'}" if n > 1 else "in all"
    return f"{result['count']} emails {about} in {span} (threshold {result['threshold']})"
