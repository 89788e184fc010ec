"""``steward doctor``: each check on one line, OK or FAIL, and what to do about a failure."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from daemon.config import ConfigError, Settings, load_settings, secret_file_warning
from daemon.mailbox.base import MailSourceError
from daemon.store.db import current_revision, head_revision, make_engine
from daemon.store.models import CycleRun, Quarantine


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
    yield from _database_checks(settings)
    yield from _mailbox_checks(settings)


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
    yield Check(
        "quarantine",
        True,
        f"{waiting} message(s) could not be processed: see `steward quarantine`, "
        "then `steward quarantine retry` after an upgrade"
        if waiting
        else "empty",
        warn=bool(waiting),
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
