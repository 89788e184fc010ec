"""Term dates from .ics files: terms, holidays, closures and INSET days."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from daemon.termdates import DateSpan, TermDates, TermDatesError, classify, load_term_dates

DATA = Path(__file__).resolve().parent.parent / "data" / "termdates"
TERMS = load_term_dates(DATA / "terms_2026_27.ics")  # style (a): terms, with a few holidays
LA = load_term_dates(DATA / "holidays_la.ics")  # style (b): holidays only, CRLF line endings


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        pytest.param("Autumn Term", "term", id="autumn-term"),
        pytest.param("Spring term 1", "term", id="spring-term-1"),
        pytest.param("Summer Term 2026", "term", id="summer-term-year"),
        pytest.param("Autumn 2", "term", id="autumn-2"),
        pytest.param("Half Term", "holiday", id="half-term"),
        pytest.param("Autumn half-term", "holiday", id="autumn-half-term"),
        pytest.param("Christmas Holiday", "holiday", id="christmas-holiday"),
        pytest.param("Easter holidays", "holiday", id="easter-holidays"),
        pytest.param("October break", "holiday", id="october-break"),
        pytest.param("Bank Holiday", "bank holiday", id="bank-holiday"),
        pytest.param("School closed", "closure", id="school-closed"),
        pytest.param("Closure day", "closure", id="closure-day"),
        pytest.param("INSET day", "inset", id="inset"),
        pytest.param("INSET Day - school closed to pupils", "inset", id="inset-closed-to-pupils"),
        pytest.param("Staff training day", "inset", id="training-day"),
        pytest.param("Term starts", None, id="term-starts-marker"),
        pytest.param("Last day of term", None, id="last-day-marker"),
        pytest.param("End of Spring term", None, id="end-of-term-marker"),
        pytest.param("Parents' evening", None, id="parents-evening"),
        pytest.param("Summer fair", None, id="summer-fair"),
        pytest.param("Determination award", None, id="term-inside-a-word"),
    ],
)
def test_classify(summary: str, kind: str | None) -> None:
    """A summary names a term, a holiday, a closure, an INSET day, or nothing we use."""
    assert classify(summary) == kind


def test_terms_file_is_read() -> None:
    """All-day DTEND is exclusive; timed events cover the dates they touch in London."""
    assert [(s.summary, s.start, s.end) for s in TERMS.terms] == [
        ("Autumn Term", date(2026, 9, 2), date(2026, 12, 18)),
        ("Spring term 1", date(2027, 1, 5), date(2027, 2, 12)),
        ("Spring term 2", date(2027, 2, 22), date(2027, 3, 26)),
        ("Summer Term 2027", date(2027, 4, 12), date(2027, 7, 21)),
    ]
    assert [(s.summary, s.start, s.end, s.kind) for s in TERMS.closed] == [
        # 23:00 UTC to 23:00 UTC in British Summer Time is one London day.
        ("School closed (boiler repair)", date(2026, 10, 20), date(2026, 10, 20), "closure"),
        ("Autumn half term", date(2026, 10, 26), date(2026, 10, 30), "holiday"),
        ("Polling day: school closed", date(2027, 5, 6), date(2027, 5, 6), "closure"),
    ]
    assert TERMS.inset == (
        DateSpan(
            date(2026, 9, 1), date(2026, 9, 1), "INSET day - school closed to pupils", "inset"
        ),
    )
    # Parents' evening, "Last day of term", a recurring half term and a cancelled closure.
    assert TERMS.ignored == 4
    assert TERMS.source.endswith("terms_2026_27.ics")


def test_holidays_file_is_read() -> None:
    """DURATION stands in for DTEND; a one-day event has no DTEND."""
    assert [(s.summary, s.start, s.end) for s in LA.closed] == [
        ("Half Term", date(2026, 10, 26), date(2026, 10, 30)),
        ("Christmas Holiday", date(2026, 12, 21), date(2027, 1, 4)),
        ("Easter holidays", date(2027, 3, 29), date(2027, 4, 9)),
        ("Bank Holiday", date(2027, 5, 3), date(2027, 5, 3)),
    ]
    assert LA.terms == ()
    assert LA.ignored == 1


@pytest.mark.parametrize(
    ("term_dates", "day", "why"),
    [
        pytest.param(TERMS, date(2026, 11, 23), None, id="a-in-term"),
        pytest.param(TERMS, date(2026, 9, 1), None, id="a-inset-before-term-is-open"),
        pytest.param(
            TERMS,
            date(2026, 10, 20),
            "closure day (School closed (boiler repair), term dates)",
            id="a-closure",
        ),
        pytest.param(
            TERMS,
            date(2026, 10, 28),
            "school holiday (Autumn half term, term dates)",
            id="a-half-term",
        ),
        pytest.param(TERMS, date(2026, 12, 21), "outside term (term dates)", id="a-christmas-gap"),
        pytest.param(TERMS, date(2027, 1, 4), "outside term (term dates)", id="a-gap-last-day"),
        pytest.param(TERMS, date(2027, 1, 5), None, id="a-spring-first-day"),
        pytest.param(
            TERMS, date(2027, 2, 15), "outside term (term dates)", id="a-feb-half-term-gap"
        ),
        pytest.param(TERMS, date(2027, 6, 1), None, id="a-recurring-event-ignored"),
        pytest.param(TERMS, date(2027, 1, 12), None, id="a-cancelled-event-ignored"),
        pytest.param(
            TERMS, date(2027, 8, 31), "outside term (term dates)", id="a-summer-to-31-aug"
        ),
        pytest.param(TERMS, date(2027, 9, 1), None, id="a-beyond-the-file"),
        pytest.param(TERMS, date(2026, 8, 28), None, id="a-before-the-file"),
        pytest.param(LA, date(2026, 11, 23), None, id="b-ordinary-day"),
        pytest.param(
            LA,
            date(2026, 12, 24),
            "school holiday (Christmas Holiday, term dates)",
            id="b-christmas",
        ),
        pytest.param(LA, date(2027, 1, 5), None, id="b-inset"),
        pytest.param(
            LA, date(2027, 5, 3), "bank holiday (Bank Holiday, term dates)", id="b-bank-holiday"
        ),
        pytest.param(LA, date(2027, 7, 26), None, id="b-no-terms-no-gaps"),
    ],
)
def test_why_closed(term_dates: TermDates, day: date, why: str | None) -> None:
    """Holidays and closures close days; in a terms file so do the gaps between terms."""
    assert term_dates.why_closed(day) == why


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        pytest.param(date(2026, 8, 31), False, id="before"),
        pytest.param(date(2026, 9, 1), True, id="first-event"),
        pytest.param(date(2027, 8, 31), True, id="end-of-august-after-last-term"),
        pytest.param(date(2027, 9, 1), False, id="after"),
    ],
)
def test_covers(day: date, covered: bool) -> None:
    """A file covers its first event to its last, and the summer after its last term."""
    assert TERMS.covers(day) is covered


def test_inset_day_overrides_a_holiday_but_not_a_closure() -> None:
    """Staff are in on an INSET day unless the school is closed outright."""
    holiday = DateSpan(date(2026, 9, 1), date(2026, 9, 4), "Summer holiday", "holiday")
    closure = DateSpan(date(2026, 9, 3), date(2026, 9, 3), "School closed", "closure")
    inset = DateSpan(date(2026, 9, 1), date(2026, 9, 3), "INSET days", "inset")
    term_dates = TermDates(source="x.ics", closed=(holiday, closure), inset=(inset,))
    assert term_dates.why_closed(date(2026, 9, 2)) is None
    assert term_dates.why_closed(date(2026, 9, 3)) == "closure day (School closed, term dates)"
    assert term_dates.why_closed(date(2026, 9, 4)) == "school holiday (Summer holiday, term dates)"


def _ics(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}END:VCALENDAR\r\n".encode()
    )


@pytest.mark.parametrize(
    ("event", "span"),
    [
        pytest.param(
            "SUMMARY:Half term\r\nDTSTART;VALUE=DATE:20261026\r\nDTEND;VALUE=DATE:20261027",
            (date(2026, 10, 26), date(2026, 10, 26)),
            id="all-day-one-day",
        ),
        pytest.param(
            "SUMMARY:Half term\r\nDTSTART;VALUE=DATE:20261026",
            (date(2026, 10, 26), date(2026, 10, 26)),
            id="all-day-no-dtend",
        ),
        pytest.param(
            "SUMMARY:Half term\r\nDTSTART;VALUE=DATE:20261026\r\nDTEND;VALUE=DATE:20261026",
            (date(2026, 10, 26), date(2026, 10, 26)),
            id="all-day-dtend-equals-start",
        ),
        pytest.param(
            "SUMMARY:Half term\r\nDTSTART:20261026T000000\r\nDTEND:20261031T000000",
            (date(2026, 10, 26), date(2026, 10, 30)),
            id="floating-midnight-to-midnight",
        ),
        pytest.param(
            "SUMMARY:Half term\r\nDTSTART:20261026T090000\r\nDTEND:20261030T170000",
            (date(2026, 10, 26), date(2026, 10, 30)),
            id="timed-multi-day",
        ),
        pytest.param(
            "SUMMARY:School closed\r\nDTSTART:20261026T090000Z",
            (date(2026, 10, 26), date(2026, 10, 26)),
            id="timed-no-dtend",
        ),
        pytest.param(
            "SUMMARY:School closed\r\nDTSTART:20261231T233000Z\r\nDURATION:PT1H",
            (date(2026, 12, 31), date(2027, 1, 1)),
            id="utc-in-gmt-spans-new-year",
        ),
    ],
)
def test_event_dates(tmp_path: Path, event: str, span: tuple[date, date]) -> None:
    """Event dates follow RFC 5545 for all-day and timed events alike."""
    path = tmp_path / "one.ics"
    path.write_bytes(_ics(event))
    loaded = load_term_dates(path)
    (only,) = loaded.closed
    assert (only.start, only.end) == span


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"<html><body>Not found</body></html>", "not an iCalendar file", id="html"),
        pytest.param(b"", "not an iCalendar file", id="empty"),
        pytest.param(
            _ics("SUMMARY:Parents' evening\r\nDTSTART;VALUE=DATE:20261112"),
            "no term, holiday",
            id="nothing-useful",
        ),
        pytest.param(
            _ics("SUMMARY:Autumn Term\r\nDTSTART;VALUE=DATE:2026130"),
            "'Autumn Term' has a bad DTSTART",
            id="bad-dtstart",
        ),
        pytest.param(
            _ics("SUMMARY:Autumn Term\r\nDTEND;VALUE=DATE:20261219"),
            "'Autumn Term' has no DTSTART",
            id="no-dtstart",
        ),
    ],
)
def test_unusable_files_raise_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    """An unusable file raises TermDatesError naming the file and the problem."""
    path = tmp_path / "terms.ics"
    path.write_bytes(content)
    with pytest.raises(TermDatesError, match=message) as caught:
        load_term_dates(path)
    assert str(path) in str(caught.value)


def test_missing_file_raises_naming_the_file(tmp_path: Path) -> None:
    """A file that cannot be read says so, and is a ValueError for start-up checks."""
    path = tmp_path / "missing.ics"
    with pytest.raises(TermDatesError, match="cannot read it") as caught:
        load_term_dates(path)
    assert str(path) in str(caught.value)
    assert isinstance(caught.value, ValueError)
