"""doctor's calendar checks: this and next year's bank holidays are known, and a term dates
file covers today (a warning when it runs out within 30 days, a FAIL once it has)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from daemon.config import parse_settings
from daemon.doctor import calendar_checks, people_checks

LONDON = ZoneInfo("Europe/London")
TERMS = Path(__file__).parent.parent / "data" / "termdates" / "terms_2026_27.ics"


def checks(now: datetime, **calendar: object) -> dict[str, tuple[str, str]]:
    settings = parse_settings({"calendar": calendar})
    return {c.name: (c.status, c.line()) for c in calendar_checks(settings, now)}


@pytest.mark.parametrize(
    ("now", "status", "words"),
    [
        (datetime(2026, 11, 23, 9, tzinfo=LONDON), "OK", "covers 2026-09-01 to 2027-08-31"),
        (datetime(2027, 8, 10, 9, tzinfo=LONDON), "WARN", "ends in 21 day(s)"),
        (datetime(2027, 9, 6, 9, tzinfo=LONDON), "FAIL", "not today"),
    ],
)
def test_term_dates_cover_today(now, status, words):
    found = checks(now, ics_file=str(TERMS))
    assert found["term dates"][0] == status
    assert words in found["term dates"][1]


def test_bank_holidays_of_this_and_next_year_are_counted():
    found = checks(datetime(2026, 11, 23, 9, tzinfo=LONDON), nation="SCT")
    status, line = found["bank holidays"]
    assert status == "OK"
    assert "2026: " in line and "2027: " in line and "(SCT)" in line


def test_no_school_holidays_ahead_is_a_warning():
    now = datetime(2026, 11, 23, 9, tzinfo=LONDON)
    assert checks(now)["school holidays"][0] == "WARN"
    past = checks(now, holidays=[["2026-07-20", "2026-08-31"]])
    assert past["school holidays"][0] == "WARN"
    ahead = checks(now, holidays=[["2026-12-19", "2027-01-04"]])
    assert ahead["school holidays"][0] == "OK"


def test_missing_dsl_fails():
    without = parse_settings({"staff": [{"name": "A", "email": "a@school.example"}]})
    with_dsl = parse_settings(
        {"staff": [{"name": "D", "email": "d@school.example", "role": "dsl"}]}
    )
    assert {c.name: c.status for c in people_checks(without)}["dsl"] == "FAIL"
    assert {c.name: c.status for c in people_checks(with_dsl)}["dsl"] == "OK"
