"""The school calendar: working days, core hours and business-time deadlines.

Dates used throughout (2026): Friday 20 November, Monday 23 to Friday 27 November. Bank
holidays: Monday 4 May (Early May), Monday 31 August (England, not Scotland), Monday 3 August
(Scotland). Clocks change on Sunday 25 October 2026 and on Easter Sunday, 28 March 2027, so the
March cases also cross Good Friday (26 March) and Easter Monday (29 March).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from daemon.termdates import load_term_dates
from daemon.workdays import CoreHours, SchoolCalendar, clock_words

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
DATA = Path(__file__).resolve().parent.parent / "data" / "termdates"
CHRISTMAS = (date(2026, 12, 19), date(2027, 1, 4))

CAL = SchoolCalendar(tz=LONDON, nation="ENG", holidays=[CHRISTMAS], closures=[date(2026, 11, 24)])
PLAIN = SchoolCalendar(tz=LONDON)
SCOTLAND = SchoolCalendar(tz=LONDON, nation="SCT")
EARLY_FRIDAY = SchoolCalendar(tz=LONDON, weekday_core={4: CoreHours(time(8), time(15))})
NO_WEDNESDAY = SchoolCalendar(tz=LONDON, weekday_core={2: None})
SATURDAY_MORNING = SchoolCalendar(tz=LONDON, weekday_core={5: CoreHours(time(9), time(12))})


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    """A wall-clock moment in London."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=LONDON)


# -- working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "day", "why"),
    [
        pytest.param(CAL, date(2026, 11, 23), None, id="ordinary-monday"),
        pytest.param(CAL, date(2026, 11, 21), "Saturday", id="saturday"),
        pytest.param(CAL, date(2026, 11, 22), "Sunday", id="sunday"),
        pytest.param(CAL, date(2026, 5, 4), "bank holiday (May Day)", id="early-may-bank-holiday"),
        pytest.param(
            PLAIN, date(2026, 8, 31), "bank holiday (Late Summer Bank Holiday)", id="aug-31-eng"
        ),
        pytest.param(SCOTLAND, date(2026, 8, 31), None, id="aug-31-is-a-working-day-in-sct"),
        pytest.param(
            SCOTLAND, date(2026, 8, 3), "bank holiday (Summer Bank Holiday)", id="aug-3-sct"
        ),
        pytest.param(PLAIN, date(2026, 8, 3), None, id="aug-3-is-a-working-day-in-eng"),
        pytest.param(CAL, date(2026, 12, 25), "bank holiday (Christmas Day)", id="christmas-day"),
        pytest.param(CAL, date(2026, 12, 21), "school holiday", id="christmas-holiday-range"),
        pytest.param(CAL, date(2026, 12, 19), "Saturday", id="holiday-range-first-day-saturday"),
        pytest.param(CAL, date(2027, 1, 4), "school holiday", id="holiday-range-last-day"),
        pytest.param(CAL, date(2027, 1, 5), None, id="day-after-holiday-range"),
        pytest.param(CAL, date(2026, 12, 18), None, id="day-before-holiday-range"),
        pytest.param(CAL, date(2026, 11, 24), "closure day", id="closure-day"),
        pytest.param(NO_WEDNESDAY, date(2026, 11, 25), "no core hours on Wednesdays", id="no-wed"),
        pytest.param(SATURDAY_MORNING, date(2026, 11, 21), None, id="saturday-opened"),
    ],
)
def test_why_not_working(calendar: SchoolCalendar, day: date, why: str | None) -> None:
    """A working day has no reason; any other day says why, in words an operator can check."""
    assert calendar.why_not_working(day) == why
    assert calendar.is_working_day(day) is (why is None)


def test_bank_holidays_are_available_for_any_year() -> None:
    """Bank holidays are fetched lazily, per year, far from today."""
    assert PLAIN.bank_holiday(date(2090, 12, 25)) == "Christmas Day"
    assert PLAIN.bank_holiday(date(2031, 5, 5)) == "May Day"
    assert PLAIN.bank_holiday(date(2031, 5, 6)) is None


@pytest.mark.parametrize(
    ("calendar", "day", "expected"),
    [
        pytest.param(CAL, date(2026, 11, 20), date(2026, 11, 23), id="friday-to-monday"),
        pytest.param(CAL, date(2026, 11, 23), date(2026, 11, 25), id="skips-closure"),
        pytest.param(CAL, date(2026, 12, 18), date(2027, 1, 5), id="over-christmas"),
        pytest.param(CAL, date(2026, 5, 1), date(2026, 5, 5), id="over-bank-holiday-monday"),
        pytest.param(NO_WEDNESDAY, date(2026, 11, 24), date(2026, 11, 26), id="closed-weekday"),
    ],
)
def test_next_working_day(calendar: SchoolCalendar, day: date, expected: date) -> None:
    """The next working day is strictly after the given day."""
    assert calendar.next_working_day(day) == expected


# -- moments in and out of core hours ----------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "moment", "inside"),
    [
        pytest.param(CAL, at(2026, 11, 23, 10), True, id="monday-morning"),
        pytest.param(CAL, at(2026, 11, 23, 8), True, id="exactly-08:00-is-inside"),
        pytest.param(CAL, at(2026, 11, 23, 15, 59, 59), True, id="15:59:59-is-inside"),
        pytest.param(CAL, at(2026, 11, 23, 16), False, id="exactly-16:00-is-outside"),
        pytest.param(CAL, at(2026, 11, 23, 7, 59), False, id="early-morning"),
        pytest.param(CAL, at(2026, 11, 23, 19), False, id="evening"),
        pytest.param(CAL, at(2026, 11, 21, 10), False, id="saturday-morning"),
        pytest.param(CAL, at(2026, 12, 22, 10), False, id="school-holiday"),
        pytest.param(CAL, datetime(2026, 6, 10, 7, 30, tzinfo=UTC), True, id="utc-in-bst"),
        pytest.param(CAL, datetime(2026, 11, 23, 7, 30, tzinfo=UTC), False, id="utc-in-gmt"),
        pytest.param(EARLY_FRIDAY, at(2026, 11, 20, 15, 30), False, id="early-friday-closed"),
        pytest.param(CAL, at(2026, 11, 20, 15, 30), True, id="normal-friday-open"),
        pytest.param(SATURDAY_MORNING, at(2026, 11, 21, 10), True, id="saturday-opened"),
    ],
)
def test_in_core_hours(calendar: SchoolCalendar, moment: datetime, inside: bool) -> None:
    """Core hours include their start and exclude their end, in the school's time zone."""
    assert calendar.in_core_hours(moment) is inside


@pytest.mark.parametrize(
    ("calendar", "day", "expected"),
    [
        pytest.param(
            CAL, date(2026, 11, 23), (at(2026, 11, 23, 8), at(2026, 11, 23, 16)), id="monday"
        ),
        pytest.param(CAL, date(2026, 11, 21), None, id="saturday"),
        pytest.param(
            EARLY_FRIDAY,
            date(2026, 11, 20),
            (at(2026, 11, 20, 8), at(2026, 11, 20, 15)),
            id="early-friday",
        ),
        pytest.param(
            CAL, date(2026, 10, 26), (at(2026, 10, 26, 8), at(2026, 10, 26, 16)), id="after-dst"
        ),
    ],
)
def test_core_period(
    calendar: SchoolCalendar, day: date, expected: tuple[datetime, datetime] | None
) -> None:
    """A working day's core period is a pair of aware datetimes in the school's zone."""
    period = calendar.core_period(day)
    assert period == expected
    if period is not None:
        assert all(p.tzinfo is LONDON for p in period)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(at(2026, 11, 23, 10), at(2026, 11, 23, 10), id="inside-is-itself"),
        pytest.param(at(2026, 11, 23, 7), at(2026, 11, 23, 8), id="early-morning"),
        pytest.param(at(2026, 11, 23, 16), at(2026, 11, 25, 8), id="16:00-skips-closure"),
        pytest.param(at(2026, 11, 20, 17), at(2026, 11, 23, 8), id="friday-evening"),
        pytest.param(at(2026, 11, 22, 12), at(2026, 11, 23, 8), id="sunday"),
        pytest.param(at(2026, 12, 24, 12), at(2027, 1, 5, 8), id="christmas-holiday"),
        pytest.param(
            datetime(2026, 11, 23, 10, tzinfo=UTC), at(2026, 11, 23, 10), id="utc-converted"
        ),
    ],
)
def test_next_core_start(moment: datetime, expected: datetime) -> None:
    """The clock starts at receipt inside core hours, else at the next core-hours start."""
    start = CAL.next_core_start(moment)
    assert start == expected
    assert start.tzinfo is LONDON


# -- deadlines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "received", "n", "due"),
    [
        pytest.param(PLAIN, at(2026, 11, 23, 10), 3, at(2026, 11, 26, 10), id="mon-10:00+3"),
        pytest.param(PLAIN, at(2026, 11, 20, 17), 3, at(2026, 11, 25, 16), id="fri-17:00+3"),
        pytest.param(PLAIN, at(2026, 11, 23, 7), 3, at(2026, 11, 25, 16), id="mon-07:00+3"),
        pytest.param(PLAIN, at(2026, 11, 23, 8), 1, at(2026, 11, 23, 16), id="lands-on-16:00"),
        pytest.param(PLAIN, at(2026, 11, 23, 10), 0.75, at(2026, 11, 23, 16), id="fraction-at-end"),
        pytest.param(PLAIN, at(2026, 11, 23, 10), 0.5, at(2026, 11, 23, 14), id="half-a-day"),
        pytest.param(PLAIN, at(2026, 11, 23, 10), 0, at(2026, 11, 23, 10), id="zero-inside"),
        pytest.param(PLAIN, at(2026, 11, 21, 10), 0, at(2026, 11, 23, 8), id="zero-weekend"),
        pytest.param(PLAIN, at(2026, 11, 23, 16), 1, at(2026, 11, 24, 16), id="received-16:00"),
        pytest.param(PLAIN, at(2026, 11, 21, 11), 1, at(2026, 11, 23, 16), id="saturday"),
        pytest.param(PLAIN, at(2026, 11, 22, 23), 3, at(2026, 11, 25, 16), id="sunday-night"),
        pytest.param(PLAIN, at(2026, 5, 1, 17), 1, at(2026, 5, 5, 16), id="early-may-bank-hol"),
        pytest.param(PLAIN, at(2026, 8, 28, 10), 1, at(2026, 9, 1, 10), id="aug-bank-hol-eng"),
        pytest.param(SCOTLAND, at(2026, 8, 28, 10), 1, at(2026, 8, 31, 10), id="aug-31-sct"),
        pytest.param(CAL, at(2026, 11, 23, 10), 1, at(2026, 11, 25, 10), id="over-closure"),
        pytest.param(CAL, at(2026, 12, 18, 15), 1, at(2027, 1, 5, 15), id="over-christmas"),
        pytest.param(CAL, at(2026, 12, 23, 9), 3, at(2027, 1, 7, 16), id="sent-in-holiday"),
        pytest.param(PLAIN, at(2026, 10, 23, 10), 1, at(2026, 10, 26, 10), id="dst-ends-oct"),
        pytest.param(PLAIN, at(2026, 10, 22, 10), 3, at(2026, 10, 27, 10), id="dst-ends-oct-3"),
        pytest.param(PLAIN, at(2027, 3, 25, 10), 1, at(2027, 3, 30, 10), id="dst-starts-mar"),
        pytest.param(PLAIN, at(2027, 3, 24, 17), 3, at(2027, 3, 31, 16), id="dst-starts-mar-3"),
        pytest.param(
            PLAIN,
            datetime(2027, 3, 25, 10, tzinfo=UTC),
            1,
            at(2027, 3, 30, 10),
            id="utc-input-gmt-side",
        ),
        pytest.param(
            EARLY_FRIDAY, at(2026, 11, 26, 10), 2, at(2026, 11, 30, 11), id="short-friday"
        ),
        pytest.param(PLAIN, at(2026, 11, 26, 10), 2, at(2026, 11, 30, 10), id="normal-friday"),
        pytest.param(
            EARLY_FRIDAY, at(2026, 11, 20, 15, 30), 1, at(2026, 11, 23, 16), id="after-short-fri"
        ),
        pytest.param(
            NO_WEDNESDAY, at(2026, 11, 24, 10), 1, at(2026, 11, 26, 10), id="closed-wednesday"
        ),
        pytest.param(
            SATURDAY_MORNING, at(2026, 11, 20, 14), 1, at(2026, 11, 23, 11), id="saturday-open"
        ),
    ],
)
def test_add_working_days(
    calendar: SchoolCalendar, received: datetime, n: float, due: datetime
) -> None:
    """N working days are N x 8h of core time from the clock start, on local wall-clock time."""
    result = calendar.add_working_days(received, n)
    assert result == due
    # Same wall-clock time and offset, not merely the same instant.
    assert result.tzinfo is LONDON
    assert result.replace(tzinfo=None) == due.replace(tzinfo=None)
    assert result.utcoffset() == due.utcoffset()


def test_deadline_across_the_clock_change_keeps_its_offset() -> None:
    """A deadline after the clock change carries the new offset and the same wall-clock time."""
    due = PLAIN.add_working_days(at(2027, 3, 25, 10), 1)
    assert due.isoformat() == "2027-03-30T10:00:00+01:00"
    due = PLAIN.add_working_days(at(2026, 10, 23, 10), 1)
    assert due.isoformat() == "2026-10-26T10:00:00+00:00"


@pytest.mark.parametrize(
    "n",
    [
        pytest.param(-1, id="negative"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(float("inf"), id="inf"),
    ],
)
def test_add_working_days_rejects_bad_counts(n: float) -> None:
    """A negative or non-finite number of working days is a programming error."""
    with pytest.raises(ValueError, match="working days"):
        PLAIN.add_working_days(at(2026, 11, 23, 10), n)


@pytest.mark.parametrize(
    ("calendar", "a", "b", "elapsed"),
    [
        pytest.param(PLAIN, at(2026, 11, 23, 10), at(2026, 11, 23, 12), 2, id="same-morning"),
        pytest.param(PLAIN, at(2026, 11, 20, 15), at(2026, 11, 23, 9), 2, id="over-weekend"),
        pytest.param(PLAIN, at(2026, 11, 23, 17), at(2026, 11, 24, 7), 0, id="overnight"),
        pytest.param(PLAIN, at(2026, 11, 23, 12), at(2026, 11, 23, 10), 0, id="backwards"),
        pytest.param(PLAIN, at(2026, 11, 23, 10), at(2026, 11, 23, 10), 0, id="same-moment"),
        pytest.param(PLAIN, at(2026, 11, 23, 7), at(2026, 11, 27, 18), 40, id="whole-week"),
        pytest.param(PLAIN, at(2026, 10, 23, 10), at(2026, 10, 26, 10), 8, id="dst-october"),
        pytest.param(PLAIN, at(2027, 3, 25, 10), at(2027, 3, 30, 10), 8, id="dst-march"),
        pytest.param(CAL, at(2026, 12, 18, 15), at(2027, 1, 5, 9), 2, id="over-christmas"),
        pytest.param(EARLY_FRIDAY, at(2026, 11, 20, 8), at(2026, 11, 21, 8), 7, id="short-fri"),
    ],
)
def test_business_time_between(
    calendar: SchoolCalendar, a: datetime, b: datetime, elapsed: float
) -> None:
    """Only core time on working days counts; nothing counts when b is not after a."""
    assert calendar.business_time_between(a, b) == timedelta(hours=elapsed)


# -- out-of-hours windows ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calendar", "moment", "window"),
    [
        pytest.param(
            PLAIN,
            at(2026, 11, 20, 18),
            (at(2026, 11, 20, 16), at(2026, 11, 23, 8)),
            id="friday-evening",
        ),
        pytest.param(
            PLAIN,
            at(2026, 11, 21, 11),
            (at(2026, 11, 20, 16), at(2026, 11, 23, 8)),
            id="saturday",
        ),
        pytest.param(
            PLAIN,
            at(2026, 11, 23, 7, 59),
            (at(2026, 11, 20, 16), at(2026, 11, 23, 8)),
            id="monday-before-08:00",
        ),
        pytest.param(
            PLAIN,
            at(2026, 11, 23, 16),
            (at(2026, 11, 23, 16), at(2026, 11, 24, 8)),
            id="exactly-16:00",
        ),
        pytest.param(PLAIN, at(2026, 11, 23, 8), None, id="exactly-08:00"),
        pytest.param(PLAIN, at(2026, 11, 23, 15, 59, 59), None, id="inside"),
        pytest.param(
            CAL,
            at(2026, 12, 23, 12),
            (at(2026, 12, 18, 16), at(2027, 1, 5, 8)),
            id="whole-christmas-holiday",
        ),
        pytest.param(
            CAL,
            at(2026, 12, 18, 16, 30),
            (at(2026, 12, 18, 16), at(2027, 1, 5, 8)),
            id="last-evening-before-christmas",
        ),
        pytest.param(
            PLAIN,
            at(2026, 10, 24, 12),
            (at(2026, 10, 23, 16), at(2026, 10, 26, 8)),
            id="dst-weekend",
        ),
        pytest.param(
            EARLY_FRIDAY,
            at(2026, 11, 20, 15, 30),
            (at(2026, 11, 20, 15), at(2026, 11, 23, 8)),
            id="early-friday",
        ),
    ],
)
def test_out_of_hours_window(
    calendar: SchoolCalendar, moment: datetime, window: tuple[datetime, datetime] | None
) -> None:
    """Outside core hours the window runs from the last core end to the next core start."""
    assert calendar.out_of_hours_window(moment) == window


def test_out_of_hours_window_without_a_previous_working_day_opens_at_the_moment() -> None:
    """With no core period in the past year the window opens at the moment itself."""
    calendar = SchoolCalendar(tz=LONDON, holidays=[(date(2025, 1, 1), date(2026, 11, 22))])
    moment = at(2026, 11, 21, 12)
    assert calendar.out_of_hours_window(moment) == (moment, at(2026, 11, 23, 8))


# -- rolling windows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "n", "start"),
    [
        pytest.param(at(2026, 11, 26, 12), 2, at(2026, 11, 25, 8), id="thursday-noon-2"),
        pytest.param(at(2026, 11, 26, 7), 2, at(2026, 11, 23, 8), id="before-08:00-skips-closure"),
        pytest.param(at(2026, 11, 26, 8), 1, at(2026, 11, 26, 8), id="exactly-08:00-counts"),
        pytest.param(at(2026, 11, 26, 18), 1, at(2026, 11, 26, 8), id="evening-counts-today"),
        pytest.param(at(2026, 11, 28, 12), 1, at(2026, 11, 27, 8), id="saturday-1"),
        pytest.param(at(2026, 11, 23, 10), 2, at(2026, 11, 20, 8), id="monday-2"),
        pytest.param(at(2027, 1, 5, 10), 2, at(2026, 12, 18, 8), id="after-christmas"),
        pytest.param(at(2026, 11, 27, 12), 5, at(2026, 11, 20, 8), id="five-with-closure"),
    ],
)
def test_working_days_back(moment: datetime, n: int, start: datetime) -> None:
    """The window starts at the core start of the n-th working day counting back."""
    assert CAL.working_days_back(moment, n) == start


def test_working_days_back_needs_at_least_one_day() -> None:
    """Zero working days back is not a window."""
    with pytest.raises(ValueError, match="at least 1"):
        CAL.working_days_back(at(2026, 11, 26, 12), 0)


# -- words for parents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "words"),
    [
        pytest.param(at(2026, 11, 25, 16), "by 4pm on Wednesday 25 November", id="4pm"),
        pytest.param(at(2026, 11, 26, 10, 30), "by 10:30am on Thursday 26 November", id="10:30am"),
        pytest.param(at(2026, 11, 26, 12), "by noon on Thursday 26 November", id="noon"),
        pytest.param(at(2026, 11, 26, 12, 15), "by 12:15pm on Thursday 26 November", id="12:15pm"),
        pytest.param(at(2026, 11, 26, 8, 5), "by 8:05am on Thursday 26 November", id="8:05am"),
        pytest.param(at(2026, 11, 26, 10, 30, 45), "by 10:30am on Thursday 26 November", id="secs"),
        pytest.param(at(2027, 1, 5, 9), "by 9am on Tuesday 5 January", id="no-year"),
        pytest.param(
            datetime(2026, 6, 10, 15, tzinfo=UTC), "by 4pm on Wednesday 10 June", id="utc-in-bst"
        ),
    ],
)
def test_describe_deadline(due: datetime, words: str) -> None:
    """Deadlines read the UK way, in the school's time zone, without a year."""
    assert CAL.describe_deadline(due) == words


@pytest.mark.parametrize(
    ("at_time", "words"),
    [
        pytest.param(time(0), "midnight", id="midnight"),
        pytest.param(time(0, 30), "12:30am", id="half-past-midnight"),
        pytest.param(time(12), "noon", id="noon"),
        pytest.param(time(13), "1pm", id="1pm"),
        pytest.param(time(23, 59), "11:59pm", id="11:59pm"),
    ],
)
def test_clock_words(at_time: time, words: str) -> None:
    """Times are said in 12-hour UK style."""
    assert clock_words(at_time) == words


# -- refusals ----------------------------------------------------------------------------------

NAIVE = datetime(2026, 11, 23, 10)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.in_core_hours(NAIVE), id="in_core_hours"),
        pytest.param(lambda c: c.next_core_start(NAIVE), id="next_core_start"),
        pytest.param(lambda c: c.add_working_days(NAIVE, 3), id="add_working_days"),
        pytest.param(lambda c: c.business_time_between(NAIVE, at(2026, 12, 1)), id="between-a"),
        pytest.param(lambda c: c.business_time_between(at(2026, 11, 1), NAIVE), id="between-b"),
        pytest.param(lambda c: c.out_of_hours_window(NAIVE), id="out_of_hours_window"),
        pytest.param(lambda c: c.working_days_back(NAIVE, 2), id="working_days_back"),
        pytest.param(lambda c: c.describe_deadline(NAIVE), id="describe_deadline"),
    ],
)
def test_naive_datetimes_are_refused(call: Callable[[SchoolCalendar], Any]) -> None:
    """A naive datetime raises instead of being guessed at."""
    with pytest.raises(ValueError, match="naive"):
        call(CAL)


def test_a_datetime_is_not_a_date() -> None:
    """Day questions take dates; a datetime is refused with a hint."""
    with pytest.raises(TypeError, match="not a datetime"):
        CAL.is_working_day(at(2026, 11, 23, 10))


ALL_HOLIDAY = SchoolCalendar(tz=LONDON, holidays=[(date(2020, 1, 1), date(2035, 12, 31))])
NO_CORE_DAYS = SchoolCalendar(tz=LONDON, weekday_core=dict.fromkeys(range(7)))


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c: c.add_working_days(at(2026, 11, 23, 10), 3), id="add_working_days"),
        pytest.param(lambda c: c.next_core_start(at(2026, 11, 23, 10)), id="next_core_start"),
        pytest.param(lambda c: c.next_working_day(date(2026, 11, 23)), id="next_working_day"),
        pytest.param(lambda c: c.out_of_hours_window(at(2026, 11, 23, 10)), id="window"),
        pytest.param(lambda c: c.working_days_back(at(2026, 11, 23, 10), 1), id="days_back"),
    ],
)
@pytest.mark.parametrize(
    "calendar",
    [pytest.param(ALL_HOLIDAY, id="all-holiday"), pytest.param(NO_CORE_DAYS, id="no-core-days")],
)
def test_a_calendar_without_working_days_raises_rather_than_hangs(
    calendar: SchoolCalendar, call: Callable[[SchoolCalendar], Any]
) -> None:
    """Searches give up after a year with a message that says where to look."""
    with pytest.raises(ValueError, match=r"no working day within a year: check \[calendar\]"):
        call(calendar)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"nation": "UK"}, "nation", id="unknown-nation"),
        pytest.param({"weekday_core": {7: None}}, "not a weekday", id="weekday-7"),
        pytest.param(
            {"holidays": [(date(2027, 1, 4), date(2026, 12, 19))]}, "ends before", id="range"
        ),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, Any], message: str) -> None:
    """Misconfiguration is caught when the calendar is built."""
    with pytest.raises(ValueError, match=message):
        SchoolCalendar(tz=LONDON, **kwargs)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(time(16), time(8), id="backwards"),
        pytest.param(time(8), time(8), id="empty"),
        pytest.param(time(8, tzinfo=LONDON), time(16, tzinfo=LONDON), id="aware"),
    ],
)
def test_bad_core_hours_are_refused(start: time, end: time) -> None:
    """Core hours are wall-clock times that end after they start."""
    with pytest.raises(ValueError, match="core hours"):
        CoreHours(start, end)


def test_day_length_is_the_default_core_hours() -> None:
    """A short Friday does not change the length of a working day."""
    assert EARLY_FRIDAY.day_length == timedelta(hours=8)
    assert SchoolCalendar(tz=LONDON, core=CoreHours(time(8, 30), time(15))).day_length == (
        timedelta(hours=6, minutes=30)
    )


# -- with term dates ---------------------------------------------------------------------------


TERMS = SchoolCalendar(tz=LONDON, term=load_term_dates(DATA / "terms_2026_27.ics"))


@pytest.mark.parametrize(
    ("day", "why"),
    [
        pytest.param(date(2026, 11, 23), None, id="in-term"),
        pytest.param(date(2026, 9, 1), None, id="inset-day-is-working"),
        pytest.param(
            date(2026, 10, 27), "school holiday (Autumn half term, term dates)", id="half-term"
        ),
        pytest.param(date(2026, 12, 21), "outside term (term dates)", id="between-terms"),
        pytest.param(date(2026, 12, 25), "bank holiday (Christmas Day)", id="bank-holiday-first"),
        pytest.param(date(2027, 8, 2), "outside term (term dates)", id="summer-holiday"),
    ],
)
def test_term_dates_close_days(day: date, why: str | None) -> None:
    """Term dates from an .ics file close holidays and the gaps between terms."""
    assert TERMS.why_not_working(day) == why


def test_term_dates_move_deadlines() -> None:
    """A deadline skips the Christmas gap between two terms."""
    assert TERMS.add_working_days(at(2026, 12, 18, 15), 1) == at(2027, 1, 5, 15)


# -- properties --------------------------------------------------------------------------------

MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1),
    max_value=datetime(2027, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)
DAYS = st.integers(min_value=0, max_value=40).map(lambda quarters: quarters / 4)
CALENDARS = st.sampled_from([CAL, EARLY_FRIDAY, NO_WEDNESDAY, SCOTLAND])


@given(calendar=CALENDARS, a=MOMENTS, b=MOMENTS, n=DAYS)
def test_add_working_days_is_monotonic_in_start(
    calendar: SchoolCalendar, a: datetime, b: datetime, n: float
) -> None:
    """Later mail is never due earlier."""
    a, b = min(a, b), max(a, b)
    assert calendar.add_working_days(a, n) <= calendar.add_working_days(b, n)


@given(calendar=CALENDARS, start=MOMENTS, n=DAYS)
def test_deadline_lies_within_a_core_period(
    calendar: SchoolCalendar, start: datetime, n: float
) -> None:
    """A deadline is inside a core period of a working day, or exactly at its end."""
    due = calendar.add_working_days(start, n)
    period = calendar.core_period(due.date())
    assert period is not None
    assert period[0] <= due <= period[1]
    assert due >= start


@given(calendar=CALENDARS, start=MOMENTS, n=DAYS)
def test_business_time_to_the_deadline_is_n_days(
    calendar: SchoolCalendar, start: datetime, n: float
) -> None:
    """Exactly n x day_length of core time passes between receipt and deadline."""
    due = calendar.add_working_days(start, n)
    assert calendar.business_time_between(start, due) == calendar.day_length * n


@given(calendar=CALENDARS, moment=MOMENTS)
def test_a_window_exists_exactly_outside_core_hours(
    calendar: SchoolCalendar, moment: datetime
) -> None:
    """Every moment is either in core hours or inside an out-of-hours window."""
    window = calendar.out_of_hours_window(moment)
    assert (window is None) is calendar.in_core_hours(moment)
    if window is not None:
        assert window[0] <= moment < window[1]
        assert calendar.business_time_between(window[0], window[1]) == timedelta(0)
