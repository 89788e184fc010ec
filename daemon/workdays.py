"""The school calendar and business-time arithmetic.

The school promises to acknowledge a parent's email within N *working days*, and staff are not
expected to answer outside core hours. Help desks compute such promises as business time, and so
do we: the clock starts at receipt (or at the next core-hours start when mail arrives outside
them) and N working days is N x the length of the default core hours, consumed day by day over
the core periods of working days. Monday 10:00 + 3 working days is Thursday 10:00; Friday 17:00
+ 3 is Wednesday 16:00.

Everything is done in the school's wall-clock time, one day at a time: a core period is built
for each date with ``datetime.combine(day, time, tzinfo=tz)`` and durations are measured between
naive wall-clock times, so the clock changes in March and October never move a deadline by an
hour. Naive datetimes are refused rather than guessed at.

Every search for a working day is bounded (:data:`SEARCH_DAYS`), so a calendar configured with
no working days at all raises a clear :class:`ValueError` instead of hanging the daemon.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from daemon.termdates import TermDates

NATIONS = ("ENG", "WLS", "SCT", "NIR")
# How far any search for a working day (or the end of the previous one) may look.
SEARCH_DAYS = 366
NO_WORKING_DAY = "no working day within a year: check [calendar] holidays"

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CoreHours:
    """Core hours of one day as wall-clock times in the school's time zone; ``end > start``."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("core hours are wall-clock times: give them without a time zone")
        if self.end <= self.start:
            raise ValueError(f"core hours end ({self.end}) must be after they start ({self.start})")

    @property
    def length(self) -> timedelta:
        return _wall(date(2000, 1, 3), self.end) - _wall(date(2000, 1, 3), self.start)


DEFAULT_CORE = CoreHours(time(8), time(16))


def _wall(day: date, at: time) -> datetime:
    """A naive wall-clock moment: arithmetic on these ignores UTC offsets, which is the point."""
    return datetime.combine(day, at)


class SchoolCalendar:
    """Which days the office works, its core hours, and deadlines counted in core-hours time.

    A day is a working day when its weekday has core hours (Monday to Friday by default), it is
    not a bank holiday of ``nation``, not inside a school holiday range, not a closure day and,
    when term dates are given, not closed by them. INSET days are working days: staff are in.
    """

    def __init__(
        self,
        *,
        tz: ZoneInfo,
        nation: str = "ENG",
        core: CoreHours = DEFAULT_CORE,
        weekday_core: Mapping[int, CoreHours | None] | None = None,
        holidays: Sequence[tuple[date, date]] = (),
        closures: Sequence[date] = (),
        term: TermDates | None = None,
    ) -> None:
        if nation not in NATIONS:
            raise ValueError(f"nation: expected one of {', '.join(NATIONS)}, not {nation!r}")
        self.tz = tz
        self.nation = nation
        self.core = core
        self.day_length: timedelta = core.length
        # Saturday and Sunday have no core hours unless an override gives them some.
        by_day: list[CoreHours | None] = [core] * 5 + [None, None]
        for weekday, hours in (weekday_core or {}).items():
            if not 0 <= weekday <= 6:
                raise ValueError(f"weekday_core: {weekday} is not a weekday (0=Monday..6=Sunday)")
            by_day[weekday] = hours
        self._weekday_core: tuple[CoreHours | None, ...] = tuple(by_day)
        for start, end in holidays:
            if end < start:
                raise ValueError(f"holidays: the range {start} to {end} ends before it starts")
        self.holidays: tuple[tuple[date, date], ...] = tuple(
            (start, end) for start, end in holidays
        )
        self.closures: frozenset[date] = frozenset(closures)
        self.term = term
        # Bank holidays are fetched a year at a time, when first asked for: any year works and
        # start-up stays cheap. The lock keeps scheduler threads from filling a year twice.
        self._bank: dict[int, dict[date, str]] = {}
        self._bank_lock = threading.Lock()

    # -- days ----------------------------------------------------------------------------------

    def bank_holiday(self, day: date) -> str | None:
        """The bank holiday's name on ``day`` in this nation, or None."""
        year = self._bank.get(day.year)
        if year is None:
            with self._bank_lock:
                year = self._bank.get(day.year)
                if year is None:
                    import holidays as holidays_lib  # the first time a day is asked about

                    found = holidays_lib.country_holidays("GB", subdiv=self.nation, years=day.year)
                    year = dict(found.items())
                    self._bank[day.year] = year
        return year.get(day)

    def why_not_working(self, day: date) -> str | None:
        """None on a working day; otherwise the reason, in words an operator can check."""
        _require_date(day)
        if self._weekday_core[day.weekday()] is None:
            name = _DAY_NAMES[day.weekday()]
            return name if day.weekday() >= 5 else f"no core hours on {name}s"
        bank = self.bank_holiday(day)
        if bank is not None:
            return f"bank holiday ({bank})"
        if day in self.closures:
            return "closure day"
        if any(start <= day <= end for start, end in self.holidays):
            return "school holiday"
        if self.term is not None:
            return self.term.why_closed(day)
        return None

    def is_working_day(self, day: date) -> bool:
        return self.why_not_working(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        _require_date(day)
        for offset in range(1, SEARCH_DAYS + 1):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(NO_WORKING_DAY)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        found = self._previous_working_day(day)
        if found is None:
            raise ValueError(NO_WORKING_DAY)
        return found

    def _previous_working_day(self, day: date) -> date | None:
        _require_date(day)
        for offset in range(1, SEARCH_DAYS + 1):
            candidate = day - timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        return None

    # -- moments -------------------------------------------------------------------------------

    def core_period(self, day: date) -> tuple[datetime, datetime] | None:
        """The core period of ``day`` as aware datetimes in the school's zone; None if closed."""
        hours = self._hours(day)
        if hours is None:
            return None
        return (
            datetime.combine(day, hours.start, tzinfo=self.tz),
            datetime.combine(day, hours.end, tzinfo=self.tz),
        )

    def in_core_hours(self, moment: datetime) -> bool:
        """Start inclusive, end exclusive: 16:00 is already out of hours."""
        local = self._local(moment)
        hours = self._hours(local.date())
        return hours is not None and hours.start <= local.time() < hours.end

    def next_core_start(self, moment: datetime) -> datetime:
        """When the clock starts for something arriving at ``moment``: the moment itself (in the
        school's zone) inside core hours, else the start of the next core period."""
        local = self._local(moment)
        day = local.date()
        hours = self._hours(day)
        if hours is not None and local.time() < hours.end:
            if local.time() >= hours.start:
                return local
            return datetime.combine(day, hours.start, tzinfo=self.tz)
        return self._start_of(self.next_working_day(day))

    def add_working_days(self, start: datetime, n: float) -> datetime:
        """The business-time deadline ``n`` working days after ``start``.

        ``n`` x :attr:`day_length` of core time is consumed day by day from the clock start; a
        shorter day (an early-closing Friday) consumes less. A deadline landing exactly on the
        end of a core period stays there rather than moving to the next morning.
        """
        if not math.isfinite(n) or n < 0:
            raise ValueError(f"working days must be a finite number >= 0, not {n}")
        cursor = self.next_core_start(start)
        day = cursor.date()
        left = self.day_length * n
        here = _wall(day, cursor.time())
        while True:
            available = _wall(day, self._hours_of(day).end) - here
            if left <= available:
                return (here + left).replace(tzinfo=self.tz)
            left -= available
            day = self.next_working_day(day)
            here = _wall(day, self._hours_of(day).start)

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Core-hours time elapsed from ``a`` to ``b``; zero when ``b`` is not after ``a``."""
        a_local, b_local = self._local(a), self._local(b)
        total = timedelta(0)
        if b_local <= a_local:
            return total
        a_wall, b_wall = a_local.replace(tzinfo=None), b_local.replace(tzinfo=None)
        day = a_local.date()
        while day <= b_local.date():
            hours = self._hours(day)
            if hours is not None:
                lo = max(a_wall, _wall(day, hours.start))
                hi = min(b_wall, _wall(day, hours.end))
                if hi > lo:
                    total += hi - lo
            day += _ONE_DAY
        return total

    def out_of_hours_window(self, moment: datetime) -> tuple[datetime, datetime] | None:
        """The closed stretch ``moment`` falls in: (end of the previous core period, start of the
        next one); None inside core hours. A whole Christmas holiday is one window, so a parent
        gets at most one holding reply for it. With no core period in the past year the window
        opens at ``moment`` itself."""
        local = self._local(moment)
        if self.in_core_hours(local):
            return None
        day = local.date()
        hours = self._hours(day)
        if hours is not None and local.time() >= hours.end:
            opened = datetime.combine(day, hours.end, tzinfo=self.tz)
        else:
            previous = self._previous_working_day(day)
            opened = local if previous is None else self._end_of(previous)
        return opened, self.next_core_start(local)

    def working_days_back(self, moment: datetime, n: int) -> datetime:
        """Start of "the last ``n`` working days" ending at ``moment``: the core start of the n-th
        working day counting back. The day of ``moment`` is day 1 when it is a working day and
        its core period has started (at or after the core start)."""
        if n < 1:
            raise ValueError(f"working days back must be at least 1, not {n}")
        local = self._local(moment)
        day = local.date()
        hours = self._hours(day)
        if hours is None or local.time() < hours.start:
            day = self.previous_working_day(day)
        for _ in range(n - 1):
            day = self.previous_working_day(day)
        return self._start_of(day)

    def describe_deadline(self, due: datetime) -> str:
        """The deadline in words for parents: "by 4pm on Wednesday 25 November".

        English names are spelled out rather than taken from ``strftime`` so the server's locale
        cannot change a parent's email; seconds are dropped; the year is never shown.
        """
        local = self._local(due)
        return f"by {clock_words(local.time())} on {day_words(local.date())}"

    # -- helpers -------------------------------------------------------------------------------

    def _hours(self, day: date) -> CoreHours | None:
        """Core hours of ``day``, or None when it is not a working day."""
        if not self.is_working_day(day):
            return None
        return self._weekday_core[day.weekday()]

    def _hours_of(self, working_day: date) -> CoreHours:
        hours = self._weekday_core[working_day.weekday()]
        if hours is None:
            raise AssertionError(f"{working_day} has no core hours")
        return hours

    def _start_of(self, working_day: date) -> datetime:
        return datetime.combine(working_day, self._hours_of(working_day).start, tzinfo=self.tz)

    def _end_of(self, working_day: date) -> datetime:
        return datetime.combine(working_day, self._hours_of(working_day).end, tzinfo=self.tz)

    def _local(self, moment: datetime) -> datetime:
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime, not {type(moment).__name__}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"naive datetime {moment.isoformat()}: give a timezone-aware one")
        return moment.astimezone(self.tz)


def clock_words(at: time) -> str:
    """UK 12-hour style: 4pm, 10:30am, noon, midnight."""
    if (at.hour, at.minute) == (12, 0):
        return "noon"
    if (at.hour, at.minute) == (0, 0):
        return "midnight"
    hour = at.hour % 12 or 12
    suffix = "am" if at.hour < 12 else "pm"
    return f"{hour}{suffix}" if at.minute == 0 else f"{hour}:{at.minute:02d}{suffix}"


def day_words(day: date) -> str:
    """Wednesday 25 November, in English whatever the server's locale."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def _require_date(day: date) -> None:
    # A datetime is a date too, but comparing it with dates raises deep inside; say so here.
    if isinstance(day, datetime):
        raise TypeError("expected a date, not a datetime: use moment.astimezone(tz).date()")
