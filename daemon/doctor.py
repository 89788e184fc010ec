"""``steward doctor``: each check on one line, OK or FAIL, and what to do about a failure."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from daemon.config import ConfigError, Settings, load_settings, secret_file_warning
from daemon.mailbox.base import MailSourceError
from daemon.store.db import current_revision, head_revision, make_engine
from daemon.store.models import CycleRun, Outbox, Quarantine


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    warn: bool = False

    def line(self) -> str:
        status = "WARN" if self.ok and self.warn else ("OK" if self.ok else "FAIL")
        return f"{status:4}  {self.name}: {self.detail}"


def run_checks(config_path: str) -> Iterator[Check]:
    try:
        settings = load_settings(config_path)
    except ConfigError as exc:
        yield Check("config", False, str(exc))
        return
    yield Check("config", True, f"{config_path} is valid")
    warning = secret_file_warning(config_path, settings)
    if warning:
        yield Check("config permissions", True, warning, warn=True)
    yield from _calendar_checks(settings)
    yield from _template_checks(settings)
    yield from _database_checks(settings)
    yield from _mailbox_checks(settings)
    yield from _smtp_checks(settings)


def _calendar_checks(settings: Settings, today: date | None = None) -> Iterator[Check]:
    from daemon.app import build_calendar

    try:
        calendar = build_calendar(settings)
    except (ConfigError, OSError, ValueError) as exc:
        yield Check("calendar", False, f"{exc}"[:300])
        return
    today = today or datetime.now(settings.school.tz).date()
    bank = [d for d in _days(today, 365) if (calendar.why_not_working(d) or "").startswith("bank")]
    school = [
        d
        for d in _days(today, 365)
        if "holiday" in (calendar.why_not_working(d) or "")
        and not (calendar.why_not_working(d) or "").startswith("bank")
    ]
    yield Check(
        "calendar",
        bool(bank),
        f"{len(bank)} bank holiday(s) ({settings.calendar.nation}) and {len(school)} school "
        "holiday day(s) in the next 12 months"
        if bank
        else "no bank holidays found for the next 12 months: check [calendar] nation",
        warn=not school,
    )
    if not school:
        yield Check(
            "school holidays",
            True,
            "none configured for the next 12 months: add [calendar] holidays or ics_file, "
            "or deadlines will run through the holidays",
            warn=True,
        )
    if not settings.school.safeguarding_phone:
        yield Check(
            "safeguarding phone",
            True,
            "[school] safeguarding_phone is empty: holding replies cannot give the number",
            warn=True,
        )
    digest_staff = [m for m in settings.staff if m.digest]
    yield Check(
        "staff",
        True,
        f"{len(digest_staff)} digest recipient(s)"
        if digest_staff
        else "no [[staff]] with digest = true: nobody gets the morning digest",
        warn=not digest_staff,
    )


def _days(start: date, n: int) -> Iterator[date]:
    for i in range(n):
        yield start + timedelta(days=i)


def _template_checks(settings: Settings) -> Iterator[Check]:
    from jinja2 import TemplateError

    from daemon.render import Templates

    now = datetime.now(settings.school.tz)
    sample = {
        "school_name": settings.school.name,
        "parent_name": "Sam Sample",
        "subject": "Sample subject",
        "closed_reason": "at the weekend",
        "hours_words": "between 8am and 4pm",
        "reopens_words": "at 8am on Monday",
        "deadline_words": "by 4pm on Wednesday",
        "ack_due": now,
        "received_at": now,
        "safeguarding_phone": settings.school.safeguarding_phone,
        "office_phone": settings.school.office_phone,
    }
    templates = Templates(settings.templates.dir)
    languages = sorted({settings.replies.language, *settings.parents.languages.values()})
    try:
        used = [templates.render("holding_reply", lang, sample).template for lang in languages]
        templates.render(
            "digest",
            "staff",
            {
                "school_name": settings.school.name,
                "recipient": "Office",
                "day_words": "Monday",
                "items": [],
                "overdue": [],
                "today": [],
                "next": [],
                "next_day_words": "Tuesday",
                "counts": {"overdue": 0, "today": 0, "next": 0},
                "sla_days": 3,
                "flagged": [],
            },
        )
        templates.render(
            "digest",
            "slt",
            {
                "school_name": settings.school.name,
                "recipient": "Head",
                "day_words": "Monday",
                "cases": [],
                "alerts": [],
                "plans": [],
                "weeks": [],
            },
        )
        templates.render(
            "contact_plan", settings.replies.language, {**sample, "supervisor_name": "Mrs Sample"}
        )
        other = {
            "school_name": settings.school.name,
            "parent_name": "Sam Sample",
            "parent_address": "sam@example.com",
            "subject": "Sample",
            "received_words": "8pm",
            "text": "Sample text",
            "thread_id": 1,
        }
        templates.render("forward", "contact_plan", {**other, "review_on": "2027-02-01"})
        templates.render(
            "alert",
            "safeguarding",
            {
                **other,
                "explanation": "sample",
                "evidence": {},
                "message_id": "x@example.com",
                "holding": "",
            },
        )
    except (TemplateError, OSError) as exc:
        yield Check("templates", False, f"{type(exc).__name__}: {exc}"[:300])
        return
    yield Check(
        "templates",
        True,
        f"holding reply ({', '.join(used)}), contact plan, digests, alert and forward render",
    )


def _smtp_checks(settings: Settings) -> Iterator[Check]:
    smtp = settings.smtp
    if not smtp.host:
        yield Check(
            "smtp",
            True,
            "[smtp] host is empty: nothing is sent, mail waits in the outbox",
            warn=True,
        )
        return
    from daemon.outbox import SmtpTransport, TransportError

    try:
        password = smtp.resolve("smtp") if smtp.username else None
        transport = SmtpTransport(smtp, password)
        transport._connect().quit()  # connect, TLS, login: no mail is sent
    except ConfigError as exc:
        yield Check("smtp credentials", False, str(exc))
        return
    except (TransportError, OSError) as exc:
        yield Check("smtp", False, f"{smtp.host}:{smtp.port} ({smtp.tls}): {exc}"[:300])
        return
    mode = " (dry run: nothing is really sent)" if smtp.dry_run else ""
    yield Check("smtp", True, f"{smtp.host}:{smtp.port} ({smtp.tls}) accepts a login{mode}")


def _database_checks(settings: Settings) -> Iterator[Check]:
    try:
        engine = make_engine(settings.database.url)
        current, head = current_revision(engine), head_revision(engine)
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        yield Check("database", False, f"cannot open: {type(exc).__name__}: {exc}"[:300])
        return
    if current is None:
        yield Check(
            "database",
            True,
            "empty: the schema is created on the first start (or by `steward migrate`)",
            warn=True,
        )
        return
    if current == head:
        yield Check("database", True, f"schema at revision {head}")
    else:
        yield Check(
            "database",
            False,
            f"schema at {current or 'none'}, code expects {head}: run `steward migrate`",
        )
        return
    with Session(engine) as s:
        waiting = s.exec(
            select(func.count())
            .select_from(Quarantine)
            .where(col(Quarantine.resolved_at).is_(None))
        ).one()
        last = s.exec(select(CycleRun).order_by(col(CycleRun.id).desc()).limit(1)).first()
        stuck = s.exec(
            select(func.count())
            .select_from(Outbox)
            .where(col(Outbox.state).in_(["failed", "uncertain"]))
        ).one()
        pending = s.exec(
            select(func.count()).select_from(Outbox).where(Outbox.state == "pending")
        ).one()
    yield Check(
        "quarantine",
        True,
        f"{waiting} message(s) could not be processed: see `steward quarantine`, "
        "then `steward quarantine retry` after an upgrade"
        if waiting
        else "empty",
        warn=bool(waiting),
    )
    yield Check(
        "outbox",
        True,
        f"{pending} waiting to be sent, {stuck} failed or uncertain (see `steward outbox`)",
        warn=bool(stuck),
    )
    if last is None:
        yield Check("last cycle", True, "none yet", warn=True)
    else:
        when = last.started_at.astimezone(settings.school.tz).isoformat(timespec="seconds")
        detail = f"{when}: fetched {last.fetched}, stored {last.stored}"
        yield Check("last cycle", last.ok, detail if last.ok else f"{when}: {last.error}")


def _mailbox_checks(settings: Settings) -> Iterator[Check]:
    mailbox = settings.mailbox
    if not mailbox.host:
        yield Check("mailbox", False, "mailbox.host is empty: set the IMAP server name")
        return
    try:
        password = mailbox.resolve("mailbox")
    except ConfigError as exc:
        yield Check("mailbox credentials", False, str(exc))
        return
    from daemon.mailbox.imap import ImapSource

    try:
        source = ImapSource(mailbox, password)
    except MailSourceError as exc:
        yield Check(
            "mailbox login",
            False,
            f"{mailbox.host}:{mailbox.port} ({mailbox.tls}): {exc}",
        )
        return
    try:
        yield Check("mailbox login", True, f"{mailbox.host}:{mailbox.port} ({mailbox.tls})")
        names = _safe(source.list_folders, [])
        for folder in mailbox.folders:
            if folder in names:
                yield Check(f"folder {folder}", True, "found")
            else:
                yield Check(
                    f"folder {folder}",
                    False,
                    f"not on the server; folders there: {', '.join(names[:20])}",
                )
        if mailbox.read_sent:
            sent = _safe(source.sent_folder, None)
            if sent and sent in names:
                yield Check("sent folder", True, f"{sent} (staff replies are read from it)")
            else:
                yield Check(
                    "sent folder",
                    False,
                    "not found: set mailbox.sent_folder to the folder holding sent mail",
                )
    finally:
        source.close()


def _safe(call: Callable[[], object], default: object) -> object:
    try:
        return call()
    except MailSourceError:
        return default
