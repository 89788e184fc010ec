"""Holding-reply decisions and their templates, from tables of moments.

November 2026 is GMT (London = UTC); 20 November is a Friday. The Christmas holiday is
19 December 2026 to 4 January 2027. Clocks went back on Sunday 25 October 2026.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.config import parse_settings
from daemon.holding import closed_reason, decide
from daemon.render import Templates, clock_words, day_words
from daemon.store.models import Message
from daemon.workdays import SchoolCalendar

LONDON = ZoneInfo("Europe/London")
CAL = SchoolCalendar(tz=LONDON, nation="ENG", holidays=[(datetime(2026, 12, 19).date(), datetime(2027, 1, 4).date())])


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def message(received: datetime, **kw) -> Message:
    base = dict(
        dedupe_key="k",
        message_id="m@example.com",
        from_address="jo@example.com",
        received_at=received,
        direction="inbound",
        sender_kind="parent",
        stored_at=received,
        needs_reply=True,
        reply_blockers=[],
        return_path=None,
    )
    base.update(kw)
    return Message(**base)


CASES = {
    # name: (received, now, first_run, extra message fields, send?, reason fragment, window)
    "Friday evening, still Friday evening": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), False, {}, True, "queued", (at(2026, 11, 20, 16), at(2026, 11, 23, 8))),
    "Friday evening, seen on Sunday": (at(2026, 11, 20, 18), at(2026, 11, 22, 21), False, {}, True, "queued", (at(2026, 11, 20, 16), at(2026, 11, 23, 8))),
    "Friday evening, seen Monday 08:00 exactly": (at(2026, 11, 20, 18), at(2026, 11, 23, 8), False, {}, False, "is over", None),
    "Tuesday 10:00 (core hours)": (at(2026, 11, 24, 10), at(2026, 11, 24, 10, 1), False, {}, False, "core hours", None),
    "Tuesday 16:00 exactly (core hours over)": (at(2026, 11, 24, 16), at(2026, 11, 24, 16, 1), False, {}, True, "queued", (at(2026, 11, 24, 16), at(2026, 11, 25, 8))),
    "Tuesday 07:59": (at(2026, 11, 24, 7, 59), at(2026, 11, 24, 7, 59), False, {}, True, "queued", (at(2026, 11, 23, 16), at(2026, 11, 24, 8))),
    "Christmas holiday, midweek": (at(2026, 12, 23, 10), at(2026, 12, 23, 10, 5), False, {}, True, "queued", (at(2026, 12, 18, 16), at(2027, 1, 5, 8))),
    "clocks go back overnight": (at(2026, 10, 24, 20), at(2026, 10, 25, 10), False, {}, True, "queued", (at(2026, 10, 23, 16), at(2026, 10, 26, 8))),
    "first run over the mailbox": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), True, {}, False, "first run", None),
    "automated mail": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), False, {"sender_kind": "automated"}, False, "not a parent", None),
    "staff": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), False, {"sender_kind": "staff", "direction": "outbound"}, False, "not a parent", None),
    "headers forbid it": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), False, {"reply_blockers": ["Precedence: bulk"]}, False, "Precedence: bulk", None),
    "absence notice": (at(2026, 11, 20, 18), at(2026, 11, 20, 18, 5), False, {"needs_reply": False, "no_reply_reason": "absence notice"}, False, "absence notice", None),
}


@pytest.mark.parametrize(
    ("received", "now", "first_run", "fields", "send", "reason", "window"),
    CASES.values(),
    ids=CASES.keys(),
)
def test_decide(received, now, first_run, fields, send, reason, window):
    d = decide(message(received, **fields), now=now, calendar=CAL, enabled=True, first_run=first_run)
    assert d.send is send
    assert reason in d.reason
    if window is not None:
        assert d.window == window


def test_switched_off_sends_nothing():
    d = decide(message(at(2026, 11, 20, 18)), now=at(2026, 11, 20, 19), calendar=CAL, enabled=False, first_run=False)
    assert not d.send and "switched off" in d.reason


def test_reply_goes_to_the_envelope_sender_when_there_is_one():
    m = message(at(2026, 11, 20, 18), return_path="bounces+jo@lists.example.com")
    d = decide(m, now=at(2026, 11, 20, 19), calendar=CAL, enabled=True, first_run=False)
    assert d.to == "bounces+jo@lists.example.com"
    m = message(at(2026, 11, 20, 18))
    assert decide(m, now=at(2026, 11, 20, 19), calendar=CAL, enabled=True, first_run=False).to == "jo@example.com"


@pytest.mark.parametrize(
    ("moment", "words"),
    [
        (at(2026, 11, 20, 18), "outside office hours"),
        (at(2026, 11, 21, 10), "at the weekend"),
        (at(2026, 12, 25, 10), "on a bank holiday"),
        (at(2026, 12, 22, 10), "during the school holiday"),
    ],
)
def test_closed_reason(moment, words):
    assert closed_reason(CAL, moment) == words


@pytest.mark.parametrize(
    ("moment", "clock"),
    [(at(2026, 11, 25, 16), "4pm"), (at(2026, 11, 25, 10, 30), "10:30am"), (at(2026, 11, 25, 12), "noon"), (at(2026, 11, 25, 0), "midnight"), (at(2026, 11, 25, 12, 5), "12:05pm")],
)
def test_clock_words(moment, clock):
    assert clock_words(moment) == clock


def test_day_words():
    assert day_words(at(2026, 11, 25, 16)) == "Wednesday 25 November"


CONTEXT = {
    "school_name": "Oakfield Primary",
    "parent_name": "Sarah Khan",
    "subject": "<script>alert(1)</script> trip",
    "closed_reason": "at the weekend",
    "hours_words": "between 8am and 4pm, Monday to Friday, during term time",
    "reopens_words": "at 8am on Monday 23 November",
    "deadline_words": "by 4pm on Wednesday 25 November",
    "ack_due": at(2026, 11, 25, 16),
    "received_at": at(2026, 11, 21, 10),
    "safeguarding_phone": "01632 960 123",
    "office_phone": "",
}


def test_bundled_holding_reply_says_when_and_how_to_raise_a_concern():
    r = Templates().render("holding_reply", "en", CONTEXT)
    assert "by 4pm on Wednesday 25 November" in r.text
    assert "01632 960 123" in r.text and "999" in r.text
    assert "Dear Sarah Khan" in r.text
    assert "<script>" not in r.html and "&lt;script&gt;" in r.html
    assert "by 4pm on Wednesday 25 November" in r.html


def test_a_school_template_replaces_the_bundled_one_and_languages_fall_back(tmp_path):
    (tmp_path / "holding_reply").mkdir()
    (tmp_path / "holding_reply" / "pl.txt.j2").write_text("Dziekujemy. Odpowiemy {{ deadline_words }}.\n")
    (tmp_path / "holding_reply" / "pl.html.j2").write_text("<p>Dziekujemy.</p>\n")
    templates = Templates(str(tmp_path))
    assert templates.render("holding_reply", "pl", CONTEXT).text.startswith("Dziekujemy")
    fallback = templates.render("holding_reply", "cy", CONTEXT)
    assert fallback.template == "holding_reply/en"


def test_a_typo_in_a_school_template_is_an_error_not_a_blank(tmp_path):
    from jinja2 import UndefinedError

    (tmp_path / "holding_reply").mkdir()
    (tmp_path / "holding_reply" / "en.txt.j2").write_text("Reply {{ dedline_words }}\n")
    with pytest.raises(UndefinedError):
        Templates(str(tmp_path)).render("holding_reply", "en", CONTEXT)


def test_settings_hours_words():
    from daemon.holding import hours_words

    s = parse_settings({"hours": {"core": ["08:30", "15:30"]}})
    assert hours_words(s) == "between 8:30am and 3:30pm, Monday to Friday, during term time"
