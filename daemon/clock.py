"""The clock seam: every decision that depends on "now" asks one of these."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Protocol


class Clock(Protocol):
    fixed: bool

    def now(self) -> datetime: ...


class SystemClock:
    fixed = False

    def __init__(self, tz: tzinfo) -> None:
        self._tz = tz

    def now(self) -> datetime:
        return datetime.now(self._tz)


class FixedClock:
    """``--now``: replay any moment. Mail that arrived after it is left for later."""

    fixed = True

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a fixed clock needs an aware datetime")
        self._moment = moment

    def now(self) -> datetime:
        return self._moment


class OffsetClock:
    """``steward run --now``: start at a chosen moment and let time run on from there, to
    rehearse a weekend or a holiday with a real daemon."""

    fixed = False

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("an offset clock needs an aware datetime")
        self._tz = start.tzinfo
        self._offset = start - datetime.now(self._tz)

    def now(self) -> datetime:
        return datetime.now(self._tz) + self._offset


def parse_now(value: str, tz: tzinfo) -> datetime:
    """ISO 8601; a time without an offset is read in the school's time zone."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"--now: expected an ISO 8601 time like 2026-11-21T20:05:00+00:00, got {value!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)
