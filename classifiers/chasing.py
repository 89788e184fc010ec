"""Chasing: a follow-up sent before the school's deadline to acknowledge has passed.

Policy: "We ask that parents await a response from the school and that further emails are
not sent pending that response, unless the deadline has passed", and "demanding responses
within an unreasonable time scale" is unacceptable.

An earlier email from the parent is **pending** when it is in the same thread (or about the
same specific matter, sent within ``same_matter_days``), has a deadline (``ack_due``), has
not been acknowledged by the time of the new email (``acknowledged_at`` unset or later, and
no staff reply since; a holding reply is not an acknowledgement) and the new email arrives
before that deadline. In a thread, the earliest email nobody has acknowledged sets the
deadline: once it has passed the parent may chase, and sending the same email again does not
restart the clock. A follow-up to a pending email is chasing when:

- it uses chasing language ("any update?", "still waiting", "I have not heard back",
  "chasing", "as per my previous email", "did you get my email?", "I expect a reply
  today"): the strongest evidence; or
- it asks the same thing again with little new (TF-IDF similarity ≥ ``similarity`` to the
  pending email and at most ``info_share`` new content words).

A follow-up that only adds information ("I forgot to say, the appointment is at 2pm", a form
attached) is not chasing, and nothing sent after the deadline is: the policy invites the
parent to get in touch then. With ``flag_demands`` (default on) an email that demands a
reply within an unreasonable time ("I expect a response by the end of today", "reply
within 24 hours") is flagged even when it is the first one: the policy names that too.

Config::

    [flags.chasing]
    same_matter_days = 5
    similarity = 0.5
    info_share = 0.4
    flag_demands = true
    ignore_within_minutes = 5  # a copy this soon without chasing words is a double send
    extra_phrases = []       # more chasing phrases (regular expressions, lower case)

Must catch: Monday 10:00 "Could you tell me whether Year 4 need wellies for the trip?",
Tuesday 09:00 "Any update on this?" → "Follow-up 23 hours after the first email ('any
update'); the school's deadline is Thu 19 Nov 10am".
Must not: the same "Any update?" on Friday after the Thursday 10:00 deadline passed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

from classifiers.base import Finding, PastMessage
from classifiers.textsim import (
    clean_history,
    clock,
    distinct_content_words,
    gap,
    is_parent_mail,
    is_school_answer,
    iso,
    new_words,
    same_matter,
    school_zone,
    similarities,
)
from classifiers.volume import WorkingCalendar


@dataclass(frozen=True)
class Settings:
    same_matter_days: float = 5
    similarity: float = 0.5
    info_share: float = 0.4
    flag_demands: bool = True
    ignore_within_minutes: float = 5
    extra_phrases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.same_matter_days < 0:
            raise ValueError(f"same_matter_days: must be 0 or more, not {self.same_matter_days}")
        for name in ("similarity", "info_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, not {getattr(self, name)}")
        for phrase in self.extra_phrases:
            try:
                re.compile(phrase)
            except re.error as exc:
                raise ValueError(f"extra_phrases: {phrase!r} is not a pattern ({exc})") from exc


_REPLY = r"(?:reply|response|answer|call|call back|phone call|explanation|update)"
_CHASING: tuple[str, ...] = (
    r"any (?:update|news|progress|word|feedback)s?\b",
    r"(?:an|for an?) update\b",
    r"\bupdate,? please\b|\bupdate\s*\?",
    r"still (?:waiting|not heard|haven'?t heard|have not heard|nothing|no (?:reply|response|answer"
    r"|word|news)"
    r"|awaiting|not had|haven'?t had|have not had)",
    r"(?:haven'?t|have not|not yet|yet to|still not|did ?n'?t|didn'?t) (?:heard|hear|had|receive"
    r"|received|get|got) (?:back|a (?:reply|response|answer)|anything|any (?:reply|response))",
    r"\bno ?(?:one|body) has (?:replied|responded|got back|come back|answered|been in touch)",
    r"\b(?:has|have) (?:no ?one|no ?body|anyone|anybody) (?:replied|responded|got back|answered"
    r"|been in touch)",
    r"\b(?:have|has) (?:you|anyone|anybody|someone|somebody)\b[^.?!]{0,40}\byet\s*\?",
    r"only (?:had|got|received) (?:an? )?(?:automatic|automated|auto)[- ]?(?:reply|response"
    r"|email|message)",
    r"\bno (?:reply|response|answer) (?:yet|so far|as yet)",
    r"\bchas(?:e|ing)\b",
    r"follow(?:ing)?[ -]up on my (?:previous|earlier|last|email|message)",
    r"as per my (?:previous|last|earlier|original) (?:email|message)",
    r"(?:did|has) (?:you|anyone|someone) (?:get|got|receive|received|see|seen|read) my "
    r"(?:previous |last |earlier )?(?:email|message)",
    r"(?:can|could|will|would) (?:someone|somebody|anyone|you) (?:please )?"
    r"(?:get back to me|reply|respond|answer|come back to me)",
    r"please (?:reply|respond|get back to me|answer)",
    r"(?:waiting|still waiting) (?:for|on) (?:a|an|your|some) " + _REPLY,
    r"\bhello\s*\?",
    r"\b(?:is )?any(?:one|body) (?:there|reading (?:these|this|my))",
    r"(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th)) (?:time|email) (?:i(?:'ve| have)|i am|i'm)"
    r" (?:emailed|asked|written|sent|contacted|writing|asking)",
    r"(?:re-?sending|sending (?:this|it) again|in case you missed)",
    r"i(?:'m| am) (?:still )?(?:waiting|awaiting)",
    r"i(?:'m| am) yet to (?:receive|hear|get|have)",
    r"appreciate (?:an?|some) (?:answer|reply|response|update)",
    r"sorry to (?:chase|be a pain|keep emailing|bother you again|nag)",
    r"\b(?:has|have) (?:it|this|that|the [a-z]+(?: [a-z]+)?|anything|anyone|someone) "
    r"(?:been|got) (?:checked|looked at|looked into|done|sorted|found|dealt with|passed on)\b",
)
_DEMAND = (
    r"(?:i|we) (?:expect|demand|insist on|require|want|need) (?:a |an |your |some )?"
    + _REPLY
    + r"s?\b[^.?!]{0,40}?\b(?:today|tonight|immediately|asap|straight away|right away|"
    r"by the end of (?:the )?(?:day|today)|by close of|by \d|before \d|within|"
    r"this (?:morning|afternoon|evening))",
    r"\b(?:reply|respond|answer|get back to me|call me|ring me)\b[^.?!]{0,30}?\bwithin "
    r"(?:the hour|an hour|the next (?:hour|\d+ hours)|\d+ hours|24 hours|the day)",
    r"\b(?:reply|respond|answer|get back to me)\b[^.?!]{0,15}?\b(?:immediately|asap|at once"
    r"|right now|straight away)",
)


@lru_cache(maxsize=32)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    chasing = re.compile("|".join(f"(?:{p})" for p in (*_CHASING, *_DEMAND, *extra)))
    demand = re.compile("|".join(f"(?:{p})" for p in _DEMAND))
    return chasing, demand


def phrases(text: str, settings: Settings = Settings()) -> list[str]:
    """The chasing phrases in a text, as written (lower case), in order."""
    chasing, _ = _compiled(tuple(settings.extra_phrases))
    return [m.group(0).strip() for m in chasing.finditer(_lower(text))]


def demands(text: str) -> list[str]:
    _, demand = _compiled(())
    return [m.group(0).strip() for m in demand.finditer(_lower(text))]


def _lower(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    if not is_parent_mail(message):
        return None
    zone = school_zone(calendar)
    past = clean_history(message, history)
    pending = _pending(message, past, settings)
    said = phrases(message.text, settings)
    demanded = demands(message.text) if settings.flag_demands else []

    if pending is None:
        if not demanded:
            return None
        evidence: dict[str, Any] = {"phrases": demanded, "demand": True}
        explanation = f"Demands a reply within an unreasonable time ('{demanded[0]}')"
        return Finding(kind="chasing", score=0.5, explanation=explanation, evidence=evidence)

    deadline = pending.ack_due
    assert deadline is not None
    how = ""
    score = 0.0
    evidence = {
        "earlier_message_id": pending.message_id,
        "earlier_at": iso(pending.received_at),
        "ack_due": iso(deadline),
        "phrases": said,
    }
    if said:
        score = min(1.0, 0.8 + 0.1 * (len(said) - 1) + (0.1 if demanded else 0.0))
        how = f" ('{said[0]}')"
    else:
        earlier = [m.text for m in past if is_parent_mail(m) and same_matter(m, message)]
        own = distinct_content_words(message.text)
        fresh = new_words(message.text, earlier)
        share = len(fresh) / len(own) if own else 0.0
        adds_information = bool(message.attachments) or (share > settings.info_share)
        if adds_information or not own:
            return None
        if message.received_at - pending.received_at < timedelta(
            minutes=settings.ignore_within_minutes
        ):
            return None  # the same email twice within minutes: a glitch, not a nudge
        background = [m.text for m in past if is_parent_mail(m)]
        (sim,) = similarities(message.text, [pending.text], background)
        if sim < settings.similarity:
            return None
        evidence.update(similarity=round(sim, 3), new_word_share=round(share, 3))
        score = 0.6
        how = f" asking the same again (similarity {sim:.2f})"
    evidence["demand"] = bool(demanded)
    first = "the first email" if pending.thread_id == message.thread_id else "an email"
    explanation = (
        f"Follow-up {gap(pending.received_at, message.received_at)} after {first}{how}; "
        f"the school's deadline is {clock(deadline, zone)}"
    )
    return Finding(
        kind="chasing", score=round(score, 3), explanation=explanation, evidence=evidence
    )


def _pending(
    message: PastMessage, past: Sequence[PastMessage], settings: Settings
) -> PastMessage | None:
    """The earlier email on the matter still waiting, within its deadline.

    In each thread the earliest email nobody has acknowledged sets the deadline: once it has
    passed the parent may chase, and re-sending the same email does not restart the clock.
    """
    near = timedelta(days=settings.same_matter_days)
    first_waiting: dict[object, PastMessage] = {}
    for m in past:
        if not is_parent_mail(m) or m.ack_due is None:
            continue
        same_thread = m.thread_id is not None and m.thread_id == message.thread_id
        if not same_thread and not (
            same_matter(m, message) and message.received_at - m.received_at <= near
        ):
            continue
        if m.acknowledged_at is not None and m.acknowledged_at <= message.received_at:
            continue
        answered = any(
            is_school_answer(x)
            and m.received_at < x.received_at <= message.received_at
            and same_matter(x, m)
            for x in past
        )
        if not answered:
            first_waiting.setdefault(m.thread_id if m.thread_id is not None else id(m), m)
    waiting = sorted(first_waiting.values(), key=lambda m: m.received_at)
    return next((m for m in waiting if m.ack_due and message.received_at < m.ack_due), None)
