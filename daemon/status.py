"""``steward status``: how the daemon is doing, read from the database alone (instant).

Last cycle, messages stored, open and overdue threads, quarantine, the outbox queue, the next
and last digest, open cases and the errors of the last 24 hours. No network: ``steward
doctor`` is the command that talks to the servers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from daemon.config import Settings, to_time
from daemon.store.models import Case, CycleRun, JobRun, Message, Outbox, Quarantine, Thread
from daemon.workdays import SchoolCalendar, day_words

ERROR_WINDOW = timedelta(hours=24)
OUTBOX_STATES = ("pending", "sending", "failed", "uncertain")


class StatusError(Exception):
    """The database cannot be read as it is (missing, or its schema is not current)."""


def read_status(settings: Settings, now: datetime) -> dict[str, Any]:
    """Open the database without changing it and collect the status at ``now``."""
    from daemon.app import build_calendar

    engine = _engine(settings)
    try:
        with Session(engine) as s:
            return collect(s, settings, build_calendar(settings), now)
    finally:
        engine.dispose()


def _engine(settings: Settings) -> Engine:
    from sqlalchemy.engine import make_url

    from daemon.store.db import current_revision, head_revision, make_engine, reader

    url = make_url(settings.database.url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database or "").exists():
            raise StatusError(f"no database at {url.database}: run `steward migrate`")
    engine = make_engine(settings.database.url)
    if current_revision(engine) != head_revision(engine):
        engine.dispose()
        raise StatusError("the database schema is not current: run `steward migrate`")
    return reader(engine)


def collect(
    s: Session, settings: Settings, calendar: SchoolCalendar, now: datetime
) -> dict[str, Any]:
    """Everything ``steward status`` shows, as JSON-ready values (times in the school's zone)."""
    tz = calendar.tz
    last = s.exec(select(CycleRun).order_by(col(CycleRun.id).desc()).limit(1)).first()
    good = s.exec(
        select(CycleRun)
        .where(col(CycleRun.ok).is_(True))
        .where(col(CycleRun.finished_at).is_not(None))
        .order_by(col(CycleRun.finished_at).desc())
        .limit(1)
    ).first()
    since = now - ERROR_WINDOW
    errors = s.exec(
        select(CycleRun)
        .where(col(CycleRun.started_at) >= since)
        .where(col(CycleRun.error) != "")
        .order_by(col(CycleRun.started_at).desc())
    ).all()
    states = dict(s.exec(select(Outbox.state, func.count()).group_by(col(Outbox.state))).all())
    oldest = s.exec(select(func.min(Outbox.created_at)).where(col(Outbox.state) == "pending")).one()
    last_digest = s.exec(
        select(JobRun)
        .where(col(JobRun.key).startswith("digest:staff:"))
        .order_by(col(JobRun.started_at).desc())
        .limit(1)
    ).first()
    upcoming = next_digest(s, settings, calendar, now)
    return {
        "now": _iso(now, tz),
        "last_cycle": _cycle(last, tz),
        "last_successful_cycle": _iso(good.finished_at, tz) if good else None,
        "messages": {
            "total": _count(s, select(func.count()).select_from(Message)),
            "last_24h": _count(
                s,
                select(func.count()).select_from(Message).where(col(Message.stored_at) >= since),
            ),
        },
        "threads": {
            "open": _count(
                s, select(func.count()).select_from(Thread).where(col(Thread.status) == "open")
            ),
            "overdue": _count(
                s,
                select(func.count(func.distinct(Message.thread_id)))
                .select_from(Message)
                .join(Thread, col(Thread.id) == col(Message.thread_id))
                .where(col(Thread.status) == "open")
                .where(col(Message.needs_reply).is_(True))
                .where(col(Message.acknowledged_at).is_(None))
                .where(col(Message.ack_due) < now),
            ),
        },
        "quarantine": _count(
            s,
            select(func.count())
            .select_from(Quarantine)
            .where(col(Quarantine.resolved_at).is_(None)),
        ),
        "outbox": {
            **{state: int(states.get(state, 0)) for state in OUTBOX_STATES},
            "oldest_pending_seconds": int((now - oldest).total_seconds()) if oldest else None,
        },
        "next_digest": _iso(upcoming, tz),
        "last_digest": _digest(last_digest, tz),
        "open_cases": _count(
            s, select(func.count()).select_from(Case).where(col(Case.status) == "open")
        ),
        "errors": [{"at": _iso(run.started_at, tz), "error": run.error} for run in errors],
    }


def next_digest(
    s: Session, settings: Settings, calendar: SchoolCalendar, now: datetime
) -> datetime | None:
    """Today's digest time if today is a working day and it has not been sent (it may be
    past: then it goes at the next cycle), else the next working day's."""
    from daemon.digest import _job_key

    local = now.astimezone(calendar.tz)
    at = to_time(settings.digest.time)
    day = local.date()
    if calendar.is_working_day(day) and s.get(JobRun, _job_key(local)) is None:
        return datetime.combine(day, at, tzinfo=calendar.tz)
    try:
        return datetime.combine(calendar.next_working_day(day), at, tzinfo=calendar.tz)
    except ValueError:  # no working day within the search horizon: nothing to schedule
        return None


def format_status(report: dict[str, Any]) -> str:
    """Aligned ``key: value`` lines."""
    rows: list[tuple[str, str]] = [("now", report["now"])]
    last = report["last_cycle"]
    if last is None:
        rows.append(("last cycle", "none yet"))
    else:
        outcome = "ok" if last["ok"] else ("running" if not last["finished_at"] else "FAILED")
        rows.append(
            (
                "last cycle",
                f"{last['started_at']} {outcome}: fetched {last['fetched']}, "
                f"stored {last['stored']}, {last['duplicates']} duplicate(s), "
                f"{last['quarantined']} quarantined"
                + (f"; error: {last['error']}" if last["error"] else ""),
            )
        )
    rows.append(("last successful cycle", report["last_successful_cycle"] or "never"))
    m, t, o = report["messages"], report["threads"], report["outbox"]
    rows.append(("messages", f"{m['total']} stored, {m['last_24h']} in the last 24 h"))
    rows.append(("threads", f"{t['open']} open, {t['overdue']} overdue"))
    rows.append(("quarantine", str(report["quarantine"])))
    oldest = o["oldest_pending_seconds"]
    rows.append(
        (
            "outbox",
            f"{o['pending']} pending"
            + (f" (oldest {_age(oldest)})" if oldest is not None else "")
            + f", {o['sending']} sending, {o['failed']} failed, {o['uncertain']} uncertain",
        )
    )
    upcoming = report["next_digest"]
    if upcoming:
        when = datetime.fromisoformat(upcoming)
        rows.append(("next digest", f"{upcoming} ({day_words(when.date())})"))
    else:
        rows.append(("next digest", "none scheduled (no working day ahead)"))
    digest = report["last_digest"]
    rows.append(
        (
            "last digest",
            f"{digest['day']} at {digest['finished_at'] or digest['started_at']}, "
            f"{digest['queued']} queued"
            if digest
            else "never",
        )
    )
    rows.append(("open cases", str(report["open_cases"])))
    errors = report["errors"]
    rows.append(("errors (24 h)", str(len(errors)) if errors else "none"))
    width = max(len(key) for key, _ in rows) + 1
    lines = [f"{key + ':':<{width}} {value}" for key, value in rows]
    lines += [f"  {e['at']}  {e['error']}" for e in errors]
    return "\n".join(lines)


def _cycle(run: CycleRun | None, tz: Any) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "started_at": _iso(run.started_at, tz),
        "finished_at": _iso(run.finished_at, tz),
        "ok": run.ok,
        "fetched": run.fetched,
        "stored": run.stored,
        "duplicates": run.duplicates,
        "quarantined": run.quarantined,
        "error": run.error,
    }


def _digest(run: JobRun | None, tz: Any) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "day": run.key.rsplit(":", 1)[-1],
        "started_at": _iso(run.started_at, tz),
        "finished_at": _iso(run.finished_at, tz),
        "queued": int(run.detail.get("queued", 0)) + int(run.detail.get("slt", 0)),
    }


def _count(s: Session, statement: Any) -> int:
    return int(s.exec(statement).one())


def _iso(moment: datetime | None, tz: Any) -> str | None:
    return moment.astimezone(tz).isoformat(timespec="seconds") if moment else None


def _age(seconds: int) -> str:
    if seconds < 120:
        return f"{max(0, seconds)} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"
