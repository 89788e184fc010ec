"""Duplicate: the parent sends again an email they already sent.

Policy: "sending duplicate correspondence". An email is a duplicate of an earlier one from
the same parent (any thread) within ``window_days`` when its normalised text is the same,
when it is the earlier text with a few words put on top ("Resending in case you missed
it"), or when their TF-IDF cosine similarity is at least ``similarity``.

Not duplicates:

- short texts (fewer than ``min_words`` words: "Thanks", "Ok, see you then");
- the same email twice within ``ignore_within_minutes`` (a phone that sent twice, or one
  email sent to two school addresses): a glitch, not correspondence;
- routine notices that are each about their own day: "Nan is collecting Mia today" every
  Tuesday, "Off sick today with a sore throat" in two different weeks. When both are short
  (``notice_max_words``), talk about "today"/"tomorrow"/"this morning" and were sent on
  different days, or when they name different dates, they are two notices, unless the new
  one says it is a re-send ("Resending in case you missed it").

Config::

    [flags.duplicate]
    similarity = 0.9
    window_days = 14
    min_words = 8
    ignore_within_minutes = 5
    max_added_words = 30     # words that may be put on top of a re-sent email
    notice_max_words = 40    # "today" notices shorter than this, sent on different days, differ

Must catch: the Monday email about a refund for the cancelled theatre trip sent again on
Thursday with "Resending as I haven't had a reply" on top.
Must not: "Mia will be collected by her nan today at 3.15" sent on two Tuesdays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from classifiers.base import Finding, PastMessage
from classifiers.textsim import (
    clean_history,
    date_mentions,
    day_anchored,
    is_parent_mail,
    iso,
    normalise,
    school_zone,
    similarities,
    when,
    words,
)
from classifiers.volume import WorkingCalendar

_RESEND = re.compile(
    r"\b(re-?send(ing)?|sending (this |it )?again|in case (you|it) (missed|did ?n.t)"
    r"|see (my )?(email|message) below|copy of my (previous |earlier )?(email|message))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Settings:
    similarity: float = 0.9
    window_days: float = 14
    min_words: int = 8
    ignore_within_minutes: float = 5
    max_added_words: int = 30
    notice_max_words: int = 40

    def __post_init__(self) -> None:
        if not 0.0 < self.similarity <= 1.0:
            raise ValueError(f"similarity: must be above 0 and at most 1, not {self.similarity}")
        if self.window_days <= 0:
            raise ValueError(f"window_days: must be more than 0, not {self.window_days}")
        for name in ("min_words", "ignore_within_minutes", "max_added_words", "notice_max_words"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: must be 0 or more, not {getattr(self, name)}")


def detect(
    message: PastMessage,
    history: Sequence[PastMessage],
    settings: Settings = Settings(),
    *,
    calendar: WorkingCalendar | None = None,
) -> Finding | None:
    if not is_parent_mail(message) or len(words(message.text)) < settings.min_words:
        return None
    zone = school_zone(calendar)
    since = message.received_at - timedelta(days=settings.window_days)
    glitch = timedelta(minutes=settings.ignore_within_minutes)
    past = clean_history(message, history)
    parent_texts = [m.text for m in past if is_parent_mail(m)]
    candidates = [
        m
        for m in past
        if is_parent_mail(m)
        and since <= m.received_at
        and message.received_at - m.received_at >= glitch
        and len(words(m.text)) >= settings.min_words
        and not _separate_notices(message, m, zone, settings.notice_max_words)
    ]
    if not candidates:
        return None

    new_norm = normalise(message.text)
    scores = similarities(message.text, [m.text for m in candidates], parent_texts)
    best: tuple[float, str, PastMessage] | None = None
    for m, sim in zip(candidates, scores, strict=True):
        old_norm = normalise(m.text)
        if old_norm == new_norm:
            method, sim = "identical", 1.0
        elif (
            old_norm
            and old_norm in new_norm
            and _added(new_norm, old_norm) <= (settings.max_added_words)
        ):
            method = "resent with a note on top"
        elif sim >= settings.similarity:
            method = "near-identical"
        else:
            continue
        if best is None or sim >= best[0]:
            best = (sim, method, m)
    if best is None:
        return None

    sim, method, earlier = best
    evidence: dict[str, Any] = {
        "earlier_message_id": earlier.message_id,
        "earlier_at": iso(earlier.received_at),
        "earlier_subject": earlier.subject,
        "similarity": round(sim, 3),
        "method": method,
        "days_apart": round((message.received_at - earlier.received_at).total_seconds() / 86400, 2),
    }
    what = "Same text as" if method == "identical" else f"{method.capitalize()} copy of"
    if method == "resent with a note on top":
        what = "Re-sends, with a note on top,"
    explanation = f"{what} the email of {when(earlier.received_at, zone)} (similarity {sim:.2f})"
    return Finding(
        kind="duplicate", score=round(sim, 3), explanation=explanation, evidence=evidence
    )


def _added(new_norm: str, old_norm: str) -> int:
    return len(new_norm.split()) - len(old_norm.split())


def _separate_notices(new: PastMessage, old: PastMessage, zone: Any, short: int) -> bool:
    """Two short notices each about their own day, or two emails naming different dates,
    are two notices however alike their words; a re-send says so and never is."""
    if _RESEND.search(new.text):
        return False
    day_new = new.received_at.astimezone(zone) if zone else new.received_at
    day_old = old.received_at.astimezone(zone) if zone else old.received_at
    if (
        len(words(old.text)) < short
        and day_anchored(new.text)
        and day_anchored(old.text)
        and day_new.date() != day_old.date()
    ):
        return True
    dates_new, dates_old = date_mentions(new.text), date_mentions(old.text)
    if not (dates_new and dates_old):
        return False
    # A note on top may add a date ("I sent this on Monday"); different dates replace them.
    return not (dates_old <= dates_new or dates_new <= dates_old)
