"""Term dates from an iCalendar (.ics) file, as schools and local authorities publish them.

Two styles are in use, often mixed in one file:

- **terms**: events such as "Autumn Term", "Spring term 1", "Summer Term 2026" or "Autumn 1".
  Weekdays between terms (inside the span the file covers) are then not working days.
- **holidays and closures**: "Half Term", "Christmas Holiday", "Easter holidays", "Bank Holiday",
  "School closed". These days are not working days, even inside a term.

INSET days ("INSET day", "Staff training day") are working days: the pupils are off but the
staff, and so the office, are in. An INSET day listed in the file therefore overrides a gap
between terms or an overlapping holiday event (not a "School closed" or bank holiday event).
Schools where the office is shut on INSET days list them as ``[calendar] closures``.

Term events only close days inside the span the file covers, so a file that has not been
updated for the new school year stops closing days rather than closing every day after its
last term (``steward doctor`` can say when it runs out).

Events whose summary matches none of these ("Parents' evening", "Sports day") are ignored but
counted, so ``steward doctor`` can show what was skipped. Recurring events are not expanded:
they are ignored and counted too (term dates are published as single events).

All-day events end the day before DTEND (RFC 5545: DTEND is exclusive); a missing DTEND means
one day; timed events cover every date they touch, in the school's time zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import icalendar

Kind = Literal["term", "holiday", "bank holiday", "closure", "inset"]

# Order matters: "INSET day - school closed to pupils" is an INSET day; "Half term" is a holiday.
_RULES: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "inset",
        re.compile(
            r"\binset\b|\btraining day\b|\bin-?service\b|\bnon[- ]pupil day\b"
            r"|\b(?:professional|staff) development day\b",
            re.IGNORECASE,
        ),
    ),
    ("bank holiday", re.compile(r"\bbank holiday\b", re.IGNORECASE)),
    ("closure", re.compile(r"\bclosed\b|\bclosure\b", re.IGNORECASE)),
    (
        "holiday",
        re.compile(r"\bholidays?\b|\bhalf[- ]?term\b|\bbreak\b|\bvacation\b", re.IGNORECASE),
    ),
    (
        "term",
        re.compile(r"\bterm\b|^\s*(?:autumn|spring|summer)\s+[12]\b", re.IGNORECASE),
    ),
)
# "Term starts", "Last day of term": one-day markers, not the term itself. Taking them as terms
# would close every other day of the year.
_TERM_MARKER = re.compile(
    r"\b(?:starts?|begins?|ends?|finish(?:es)?|opens?|closes?|first|last)\b", re.IGNORECASE
)
_LONDON = ZoneInfo("Europe/London")
# Reasons start the way :meth:`daemon.workdays.SchoolCalendar.why_not_working` reasons do.
_LABELS = {"holiday": "school holiday", "bank holiday": "bank holiday", "closure": "closure day"}


class TermDatesError(ValueError):
    """The term dates file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class DateSpan:
    """An inclusive range of dates taken from one event."""

    start: date
    end: date
    summary: str
    kind: Kind

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class TermDates:
    """What a term dates file says about which days the school is open.

    ``terms`` are only used inside the span the file covers (:meth:`covers`), so an out-of-date
    file stops closing days instead of closing every day after its last term.
    """

    source: str
    terms: tuple[DateSpan, ...] = ()
    closed: tuple[DateSpan, ...] = ()  # holidays, bank holidays and closures
    inset: tuple[DateSpan, ...] = ()
    ignored: int = 0  # events whose summary matched nothing, or that recur

    @cached_property
    def span(self) -> tuple[date, date] | None:
        """First and last date the file speaks for.

        When the last term ends before September, the span runs on to 31 August: the file
        clearly implies the summer holiday that follows its last term.
        """
        spans = (*self.terms, *self.closed, *self.inset)
        if not spans:
            return None
        first = min(s.start for s in spans)
        last = max(s.end for s in spans)
        if self.terms:
            last_term = max(s.end for s in self.terms)
            if 6 <= last_term.month <= 8:
                last = max(last, date(last_term.year, 8, 31))
        return first, last

    def covers(self, day: date) -> bool:
        """True when ``day`` lies inside the span the file covers."""
        span = self.span
        return span is not None and span[0] <= day <= span[1]

    def why_closed(self, day: date) -> str | None:
        """Why the file says the school is closed on ``day``, or None if it does not."""
        for s in self.closed:
            if s.kind in ("closure", "bank holiday") and day in s:
                return f"{_LABELS[s.kind]} ({s.summary}, term dates)"
        if any(day in s for s in self.inset):
            return None
        for s in self.closed:
            if day in s:
                return f"{_LABELS[s.kind]} ({s.summary}, term dates)"
        if self.terms and self.covers(day) and not any(day in s for s in self.terms):
            return "outside term (term dates)"
        return None


def classify(summary: str) -> Kind | None:
    """The kind of event a summary names, or None to ignore it."""
    for kind, pattern in _RULES:
        if pattern.search(summary):
            if kind == "term" and _TERM_MARKER.search(summary):
                return None
            return kind
    return None


def load_term_dates(path: str | Path, *, tz: tzinfo = _LONDON) -> TermDates:
    """Read an .ics file; raise :class:`TermDatesError` naming the file when it is unusable.

    ``tz`` places timed events on dates (an event at 23:00 UTC may be the next day in London).
    """
    import icalendar  # only when a school has term dates: not on every start-up

    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TermDatesError(f"term dates {source}: cannot read it ({exc.strerror})") from exc
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        detail = str(exc)[:120]  # the parser quotes the offending line: keep errors short
        raise TermDatesError(f"term dates {source}: not an iCalendar file ({detail})") from exc
    if not any(cal.name == "VCALENDAR" for cal in calendars):
        raise TermDatesError(f"term dates {source}: not an iCalendar file (no complete VCALENDAR)")
    events = [event for cal in calendars for event in cal.walk("VEVENT")]
    found: dict[Kind, list[DateSpan]] = {k: [] for k in ("term", "holiday", "closure", "inset")}
    ignored = 0
    for event in events:
        summary = " ".join(str(event.get("SUMMARY", "")).split())
        kind = classify(summary)
        recurring = "RRULE" in event or "RDATE" in event or "RECURRENCE-ID" in event
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        if kind is None or recurring or cancelled:
            ignored += 1
            continue
        start, end = _event_dates(event, tz, source, summary)
        found["closure" if kind in ("bank holiday", "closure") else kind].append(
            DateSpan(start, end, summary, kind)
        )
    if not any(found.values()):
        raise TermDatesError(
            f"term dates {source}: no term, holiday, closure or INSET events found "
            f"({len(events)} event(s), {ignored} ignored)"
        )
    return TermDates(
        source=source,
        terms=_sorted(found["term"]),
        closed=_sorted(found["holiday"] + found["closure"]),
        inset=_sorted(found["inset"]),
        ignored=ignored,
    )


def _event_dates(
    event: icalendar.Component, tz: tzinfo, source: str, summary: str
) -> tuple[date, date]:
    """The inclusive first and last date of an event."""
    start = _decoded(event, "DTSTART", source, summary)
    if start is None:
        raise TermDatesError(f"term dates {source}: event {summary!r} has no DTSTART")
    end = _decoded(event, "DTEND", source, summary)
    if end is None and "DURATION" in event:
        try:
            duration = event.decoded("DURATION")
        except (ValueError, KeyError):
            duration = None
        if not isinstance(duration, timedelta):
            raise TermDatesError(f"term dates {source}: event {summary!r} has a bad DURATION")
        end = start + duration
    if isinstance(start, datetime):
        first = _wall(start, tz)
        if not isinstance(end, datetime) or _wall(end, tz) <= first:
            return first.date(), first.date()
        last = _wall(end, tz)
        # Ending at midnight means the previous day was the last one touched.
        if last.time() == datetime.min.time():
            last -= timedelta(days=1)
        return first.date(), last.date()
    # All-day: DTEND is exclusive; missing or not after DTSTART means one day.
    if end is None or isinstance(end, datetime) or end <= start:
        return start, start
    return start, end - timedelta(days=1)


def _decoded(event: icalendar.Component, name: str, source: str, summary: str) -> date | None:
    if name not in event:
        return None
    try:
        value = event.decoded(name)
    except (ValueError, KeyError) as exc:
        raise TermDatesError(f"term dates {source}: event {summary!r} has a bad {name}") from exc
    if not isinstance(value, date):  # icalendar keeps unparseable values as text
        raise TermDatesError(f"term dates {source}: event {summary!r} has a bad {name} ({value!r})")
    return value


def _wall(moment: datetime, tz: tzinfo) -> datetime:
    """Naive wall-clock time in ``tz``; a floating time (no zone) already is one."""
    return moment if moment.tzinfo is None else moment.astimezone(tz).replace(tzinfo=None)


def _sorted(spans: list[DateSpan]) -> tuple[DateSpan, ...]:
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))
