"""The staff digest: each working morning, one email per person with the threads waiting for a
reply that are overdue or due today or by the next working day, oldest first.

Building is separate from sending: :func:`build_staff_digests` returns what each person would
get (``steward digest --print``); :func:`queue_staff_digests` puts them in the outbox under a
key per person and day, so a digest goes out once however often it is asked for. The daily
job (:func:`digest_due`) runs on working days from the configured time, once per day (a
``job_run`` row), and catches up later the same day after downtime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from daemon.config import Settings, StaffMember, to_time
from daemon.outbox import notice, queue
from daemon.render import Rendered, Templates, clock_words, day_words
from daemon.store.models import Case, ContactPlan, Flag, JobRun, Message, Parent, Thread
from daemon.workdays import SchoolCalendar

SUMMARY_CHARS = 240
# Safeguarding goes to the DSL by alert, not into everyone's digest.
STAFF_FLAG_KINDS = ("abusive", "shouting", "volume", "repeated", "duplicate", "chasing")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


@dataclass(frozen=True)
class DigestItem:
    thread_id: int
    parent_name: str
    parent_address: str
    matter: str
    matter_label: str
    subject: str
    waiting_since: datetime
    ack_due: datetime
    state: str  # overdue | today | next
    due_words: str  # "overdue since 4pm on Friday 20 November", "due by 4pm today"
    waited_words: str  # "3.5 working days"
    waiting: int  # parent emails waiting in the thread
    summary: str


@dataclass(frozen=True)
class FlagItem:
    thread_id: int | None
    kind: str
    explanation: str
    parent_name: str
    parent_address: str
    matter: str
    matter_label: str
    subject: str
    at: datetime


@dataclass(frozen=True)
class StaffDigest:
    member: StaffMember
    day: datetime
    items: tuple[DigestItem, ...]
    rendered: Rendered
    subject: str

    @property
    def counts(self) -> dict[str, int]:
        return {k: sum(1 for i in self.items if i.state == k) for k in ("overdue", "today", "next")}


def waiting_items(s: Session, calendar: SchoolCalendar, now: datetime) -> list[DigestItem]:
    tz = calendar.tz
    today = now.astimezone(tz).date()
    horizon = calendar.next_working_day(today)
    waiting = s.exec(
        select(Message)
        .options(load_only(*_WAITING_COLUMNS))  # not the texts: only the newest one is shown
        .where(col(Message.needs_reply).is_(True))
        .where(col(Message.acknowledged_at).is_(None))
        .where(col(Message.thread_id).is_not(None))
        .order_by(col(Message.received_at))
    ).all()
    by_thread: dict[int, list[Message]] = {}
    for m in waiting:
        by_thread.setdefault(m.thread_id or 0, []).append(m)
    # Threads and parents in a few queries: ``s.get`` below then finds them in the session.
    threads = _load(s, Thread, list(by_thread))
    _load(s, Parent, sorted({t.parent_id for t in threads if t.parent_id is not None}))
    texts = _texts(s, [msgs[-1].id for msgs in by_thread.values() if msgs[-1].id is not None])
    items = []
    for thread_id, msgs in by_thread.items():
        thread = s.get(Thread, thread_id)
        if thread is None or thread.status != "open":
            continue
        first = msgs[0]
        due = min(m.ack_due for m in msgs if m.ack_due is not None).astimezone(tz)
        if due < now:
            state, due_words = "overdue", f"overdue since {clock_words(due)} on {day_words(due)}"
        elif due.date() == today:
            state, due_words = "today", f"due by {clock_words(due)} today"
        elif due.date() <= horizon:
            state, due_words = "next", f"due by {clock_words(due)} on {day_words(due)}"
        else:
            continue
        parent = s.get(Parent, thread.parent_id)
        waited = calendar.business_time_between(first.received_at, now) / calendar.day_length
        items.append(
            DigestItem(
                thread_id=thread_id,
                parent_name=(parent.display_name if parent else "") or first.from_name,
                parent_address=parent.address if parent else first.from_address,
                matter=thread.matter,
                matter_label=_matter_labels().get(thread.matter, thread.matter),
                subject=thread.subject or first.subject,
                waiting_since=first.received_at.astimezone(tz),
                ack_due=due,
                state=state,
                due_words=due_words,
                waited_words=_working_days(waited),
                waiting=len(msgs),
                summary=summary(texts.get(msgs[-1].id or 0, "")),
            )
        )
    items.sort(key=lambda i: (i.ack_due, i.waiting_since))
    return items


_WAITING_COLUMNS: tuple[Any, ...] = (
    Message.id,
    Message.thread_id,
    Message.received_at,
    Message.ack_due,
    Message.from_name,
    Message.from_address,
    Message.subject,
)


_FLAGGED_COLUMNS: tuple[Any, ...] = (
    Message.id,
    Message.received_at,
    Message.from_name,
    Message.from_address,
    Message.matter,
    Message.subject,
)


def _texts(s: Session, ids: list[int]) -> dict[int, str]:
    """What each message says that is new (its whole text when nothing is marked new)."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        for pk, new_text, text in s.exec(
            select(Message.id, Message.new_text, Message.text).where(
                col(Message.id).in_(ids[start : start + 500])
            )
        ).all():
            if pk is not None:
                out[pk] = new_text or text or ""
    return out


def _load(s: Session, model: Any, ids: list[int]) -> list[Any]:
    rows: list[Any] = []
    for start in range(0, len(ids), 500):
        rows.extend(s.exec(select(model).where(col(model.id).in_(ids[start : start + 500]))).all())
    return rows


def routed_to(member: StaffMember, items: list[Any]) -> list[Any]:
    if member.matters:
        return [i for i in items if i.matter in member.matters]
    return list(items) if member.role == "office" else []


def recent_flags(
    s: Session, tz: Any, now: datetime, hours: int = 24, kinds: tuple[str, ...] | None = None
) -> list[FlagItem]:
    since = now - timedelta(hours=hours)
    out = []
    rows = s.exec(
        select(Flag, Message)
        .join(Message, col(Message.id) == col(Flag.message_pk))
        .options(load_only(*_FLAGGED_COLUMNS))
        .where(col(Flag.created_at) >= since)
        .where(col(Flag.created_at) <= now)
        .where(col(Flag.dismissed_at).is_(None))
        .order_by(col(Message.received_at))
    ).all()
    # The parents in a few queries: ``s.get`` below then finds them in the session.
    _load(s, Parent, sorted({f.parent_id for f, _m in rows if f.parent_id}))
    for f, m in rows:
        if kinds is not None and f.kind not in kinds:
            continue
        parent = s.get(Parent, f.parent_id) if f.parent_id else None
        out.append(
            FlagItem(
                thread_id=f.thread_id,
                kind=f.kind,
                explanation=f.explanation,
                parent_name=(parent.display_name if parent else "") or m.from_name,
                parent_address=parent.address if parent else m.from_address,
                matter=m.matter,
                matter_label=_matter_labels().get(m.matter, m.matter),
                subject=m.subject,
                at=m.received_at.astimezone(tz),
            )
        )
    return out


def build_staff_digests(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
) -> list[StaffDigest]:
    items = waiting_items(s, calendar, now)
    flagged = recent_flags(s, calendar.tz, now, kinds=STAFF_FLAG_KINDS)
    local = now.astimezone(calendar.tz)
    out = []
    for member in settings.staff:
        if not member.digest or member.role == "slt":
            continue
        mine = routed_to(member, items)
        my_flags = routed_to(member, flagged)
        if not mine and not my_flags and not settings.digest.send_empty:
            continue
        counts = {k: sum(1 for i in mine if i.state == k) for k in ("overdue", "today", "next")}
        context = {
            "school_name": settings.school.name,
            "recipient": member.name,
            "day_words": day_words(local),
            "items": mine,
            "overdue": [i for i in mine if i.state == "overdue"],
            "today": [i for i in mine if i.state == "today"],
            "next": [i for i in mine if i.state == "next"],
            "next_day_words": day_words(
                datetime.combine(calendar.next_working_day(local.date()), local.time())
            ),
            "counts": counts,
            "sla_days": settings.sla.acknowledge_working_days,
            "flagged": my_flags,
        }
        rendered = templates.render("digest", "staff", context)
        subject = (
            f"{settings.school.name}: {counts['overdue']} overdue, {counts['today']} due today"
            f" - {day_words(local)}"
        )
        out.append(StaffDigest(member, local, tuple(mine), rendered, subject))
    return out


def queue_staff_digests(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
) -> tuple[int, int]:
    """Queue today's digests; returns (queued, already queued earlier today)."""
    digests = build_staff_digests(s, settings, calendar, templates, now)
    return _queue_digests(
        s,
        settings,
        "staff",
        [
            (
                d.member,
                d.subject,
                d.rendered,
                {"counts": d.counts, "threads": [i.thread_id for i in d.items]},
            )
            for d in digests
        ],
        calendar,
        now,
    )


def _queue_digests(
    s: Session,
    settings: Settings,
    audience: str,
    digests: list[tuple[StaffMember, str, Rendered, dict[str, Any]]],
    calendar: SchoolCalendar,
    now: datetime,
) -> tuple[int, int]:
    """One outbox message per recipient per day (key ``digest:<audience>:<day>:<email>``)."""
    day = now.astimezone(calendar.tz).date().isoformat()
    queued = again = 0
    for member, subject, rendered, detail in digests:
        row = queue(
            s,
            notice(
                settings,
                key=f"digest:{audience}:{day}:{member.email}",
                kind="digest",
                to=member.email,
                subject=subject,
                rendered=rendered,
                now=now,
                detail=detail,
            ),
        )
        queued += row is not None
        again += row is None
    return queued, again


def digest_due(s: Session, settings: Settings, calendar: SchoolCalendar, now: datetime) -> bool:
    local = now.astimezone(calendar.tz)
    # The cheap answers first: most cycles are before the time or after today's run.
    if local.time() < to_time(settings.digest.time):
        return False
    if s.get(JobRun, _job_key(local)) is not None:
        return False
    return calendar.is_working_day(local.date())


def _matter_labels() -> dict[str, str]:
    from classifiers.matter import MATTER_LABELS  # its module compiles rules: only when used

    return MATTER_LABELS


def run_daily_digest(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
) -> int | None:
    """The scheduled job: None when not due, else how many digests were queued."""
    if not digest_due(s, settings, calendar, now):
        return None
    local = now.astimezone(calendar.tz)
    try:
        with s.begin_nested():
            s.add(JobRun(key=_job_key(local), started_at=now))
    except IntegrityError:
        return None
    queued, _again = queue_staff_digests(s, settings, calendar, templates, now)
    slt, _again = queue_slt_digests(s, settings, calendar, templates, now)
    run = s.get(JobRun, _job_key(local))
    assert run is not None
    run.finished_at = now
    run.detail = {"queued": queued, "slt": slt}
    return queued + slt


def summary(text: str) -> str:
    """A short, link-free glimpse of the parent's own words."""
    flat = " ".join(_URL.sub("[link removed]", text).split())
    if len(flat) <= SUMMARY_CHARS:
        return flat
    return flat[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def _working_days(days: float) -> str:
    if days < 0.05:
        return "less than an hour of office time"
    rounded = round(days * 2) / 2
    if rounded <= 0.5 and days < 0.5:
        hours = days * 8
        return f"{max(1, round(hours))} office hour{'s' if round(hours) != 1 else ''}"
    text = f"{rounded:g}"
    return f"{text} working day{'s' if rounded != 1 else ''}"


def _job_key(local: datetime) -> str:
    return f"digest:staff:{local.date().isoformat()}"


# -- the SLT digest ----------------------------------------------------------------------

CHART_WEEKS = 8


@dataclass(frozen=True)
class SltDigest:
    member: StaffMember
    rendered: Rendered
    subject: str
    cases: int


def slt_context(
    s: Session, settings: Settings, calendar: SchoolCalendar, now: datetime
) -> dict[str, Any]:
    from daemon.cases import case_file

    tz = calendar.tz
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    weeks = [monday - timedelta(weeks=n) for n in range(CHART_WEEKS - 1, -1, -1)]
    cases = []
    for case in s.exec(
        select(Case).where(Case.status == "open").order_by(col(Case.severity).desc())
    ).all():
        assert case.id is not None
        data = case_file(s, case.id, tz)
        per_week = [(w, data["per_week"].get(w.isoformat(), 0)) for w in weeks]
        data["chart"] = per_week
        data["chart_max"] = max([n for _w, n in per_week] + [1])
        data["new"] = case.opened_at >= now - timedelta(hours=24)
        cases.append(data)
    plans = []
    for plan in s.exec(select(ContactPlan).where(col(ContactPlan.ended_at).is_(None))).all():
        if plan.review_on is not None and plan.review_on <= local.date() + timedelta(days=7):
            parent = s.get(Parent, plan.parent_id)
            plans.append(
                {
                    "parent": parent.address if parent else "",
                    "parent_name": parent.display_name if parent else "",
                    "supervisor": plan.supervisor,
                    "review_on": plan.review_on,
                    "overdue": plan.review_on < local.date(),
                }
            )
    return {
        "school_name": settings.school.name,
        "day_words": day_words(local),
        "cases": cases,
        "alerts": recent_flags(s, tz, now, kinds=("safeguarding",)),
        "plans": plans,
        "weeks": weeks,
    }


def build_slt_digests(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
) -> list[SltDigest]:
    members = [m for m in settings.staff if m.role == "slt" and m.digest]
    if not members:
        return []
    context = slt_context(s, settings, calendar, now)
    if not (context["cases"] or context["alerts"] or context["plans"]) and not (
        settings.digest.send_empty
    ):
        return []
    out = []
    for member in members:
        rendered = templates.render("digest", "slt", {**context, "recipient": member.name})
        subject = (
            f"{settings.school.name} SLT: {len(context['cases'])} open case(s), "
            f"{len(context['alerts'])} safeguarding alert(s) - {context['day_words']}"
        )
        out.append(SltDigest(member, rendered, subject, len(context["cases"])))
    return out


def queue_slt_digests(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
) -> tuple[int, int]:
    digests = build_slt_digests(s, settings, calendar, templates, now)
    return _queue_digests(
        s,
        settings,
        "slt",
        [(d.member, d.subject, d.rendered, {"cases": d.cases}) for d in digests],
        calendar,
        now,
    )
