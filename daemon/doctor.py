"""``steward doctor``: every check on one line, OK, WARN, FAIL or SKIP, and what to do.

The checks run in the order a technician would fix things: the config, its secrets, the IMAP
server (DNS, TCP, TLS, login, folders, IDLE), the SMTP server, templates, the database, the
calendar and staff, then what the database says about the running daemon. A check that cannot
run because an earlier one failed (no login after DNS failed) says SKIP rather than piling up
failures with the same cause. Every network step has a short timeout, so doctor finishes
quickly when a server is down. Nothing is sent and no folder is changed; secrets are never
printed, only where they come from.
"""

from __future__ import annotations

import concurrent.futures
import imaplib
import smtplib
import socket
import ssl
import stat
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from daemon.config import ConfigError, Secret, Settings, load_settings, secret_file_warning

# Every network step gives up after this long: doctor must finish quickly when things are down.
NETWORK_TIMEOUT = 5.0
# A server certificate expiring within this many days is a warning.
CERT_WARN_DAYS = 14
# Term dates running out within this many days is a warning: next year's file is due.
TERM_WARN_DAYS = 30
# The last successful cycle is stale after this many ingest intervals.
STALE_INTERVALS = 3

Status = Literal["OK", "WARN", "FAIL", "SKIP"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    advice: str = ""  # what to do: given with WARN and FAIL

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"

    def line(self) -> str:
        advice = f" — {self.advice}" if self.advice else ""
        return f"{self.status:<4} {self.name}: {self.detail}{advice}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def ok(name: str, detail: str) -> Check:
    return Check(name, "OK", detail)


def warn(name: str, detail: str, advice: str = "") -> Check:
    return Check(name, "WARN", detail, advice)


def fail(name: str, detail: str, advice: str) -> Check:
    return Check(name, "FAIL", detail, advice)


def skip(name: str, why: str) -> Check:
    return Check(name, "SKIP", why)


def run_checks(config_path: str, now: datetime | str | None = None) -> Iterator[Check]:
    """All checks in order. ``now``: an aware datetime, an ISO 8601 text (``--now``, read
    in the school's time zone when it has no offset), or None for the current time."""
    try:
        settings = load_settings(config_path)
    except ConfigError as exc:
        yield fail("config", str(exc), "fix the named key (see config.example.toml)")
        yield skip("everything else", "the config must load first")
        return
    moment = _moment(settings, now)
    yield ok("config", f"{config_path} is valid")
    warning = secret_file_warning(config_path, settings)
    if warning:
        detail, _, advice = warning.partition(": ")
        yield warn("config permissions", detail, advice)
    yield from secret_checks(settings)
    yield from imap_checks(settings, moment)
    yield from smtp_checks(settings, moment)
    yield template_check(settings, moment)
    yield from database_checks(settings, moment)
    yield from calendar_checks(settings, moment)
    yield from people_checks(settings)


def _moment(settings: Settings, now: datetime | str | None) -> datetime:
    from daemon.clock import parse_now

    tz = settings.school.tz
    if now is None:
        return datetime.now(tz)
    if isinstance(now, str):
        return parse_now(now, tz)
    return now.astimezone(tz)


# -- secrets -----------------------------------------------------------------------------------


def secret_checks(settings: Settings) -> Iterator[Check]:
    """The passwords can be read (their source is named, the value never shown)."""
    if settings.mailbox.host:
        try:
            _imap_factory(settings)  # resolves whatever authentication is configured
        except ConfigError as exc:
            yield fail("imap secret", str(exc), "set the variable or create the file named")
        except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
            yield fail("imap secret", _reason(exc), "check [mailbox] auth settings")
        else:
            yield ok("imap secret", _secret_source(settings.mailbox))
    if settings.smtp.host and settings.smtp.username and not _oauth2(settings.smtp):
        try:
            settings.smtp.resolve("smtp")
        except ConfigError as exc:
            yield fail("smtp secret", str(exc), "set the variable or create the file named")
        else:
            yield ok("smtp secret", _secret_source(settings.smtp))


def _oauth2(section: object) -> bool:
    return getattr(section, "auth", "password") == "oauth2"


def _secret_source(secret: Secret) -> str:
    if _oauth2(secret):
        return "OAuth2 (XOAUTH2) app configured; the token is fetched at login"
    if secret.password:
        return "password is in the config file"
    if secret.password_env:
        return f"read from ${secret.password_env}"
    if secret.password_file:
        return f"read from {secret.password_file}"
    return "configured"


# -- network steps shared by IMAP and SMTP --------------------------------------------------------


def network_checks(
    prefix: str, host: str, port: int, tls: str, ca_file: str, section: str, now: datetime
) -> Iterator[Check]:
    """DNS, TCP connect and the TLS handshake; the last yielded check tells whether the
    server can be talked to (its status is not FAIL)."""
    try:
        addresses = resolve(host, port)
    except OSError as exc:
        yield fail(
            f"{prefix} dns",
            f"cannot resolve {host}: {_reason(exc)}",
            f"check {section}.host and this machine's DNS (resolv.conf)",
        )
        return
    yield ok(f"{prefix} dns", f"{host} → {', '.join(addresses[:3])}")
    try:
        socket.create_connection((host, port), timeout=NETWORK_TIMEOUT).close()
    except OSError as exc:
        yield fail(
            f"{prefix} connect",
            f"{host}:{port}: {_reason(exc)}",
            f"check {section}.port and that a firewall lets this machine out to it",
        )
        return
    yield ok(f"{prefix} connect", f"{host}:{port} accepts connections")
    if tls == "none":
        yield ok(f"{prefix} tls", "not used (tls = none, loopback host only)")
        return
    yield tls_check(prefix, host, port, tls, ca_file, section, now)


def resolve(host: str, port: int, timeout: float = NETWORK_TIMEOUT) -> list[str]:
    """The host's addresses; getaddrinfo has no timeout of its own, so a thread gives one."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        future = pool.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
        try:
            infos = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"no answer within {timeout:g} s") from None
    finally:
        pool.shutdown(wait=False)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def tls_check(
    prefix: str, host: str, port: int, tls: str, ca_file: str, section: str, now: datetime
) -> Check:
    name = f"{prefix} tls"
    try:
        cert = peer_certificate(prefix, host, port, tls, ca_file)
    except ssl.SSLCertVerificationError as exc:
        if exc.verify_code in (18, 19):  # self-signed certificate (in the chain)
            return fail(
                name,
                f"{host} presents a self-signed certificate",
                f"set {section}.ca_file to the file of the certificate (or its CA) to trust",
            )
        if exc.verify_code == 10:
            return fail(name, f"{host}: the certificate has expired", "renew it on the server")
        return fail(
            name,
            f"{host}: certificate not trusted: {exc.verify_message}",
            f"use the name on the certificate in {section}.host, or set {section}.ca_file",
        )
    except (ssl.SSLError, OSError, imaplib.IMAP4.error, smtplib.SMTPException) as exc:
        return fail(
            name,
            f"{host}:{port} ({tls}): {_reason(exc)}",
            f'check {section}.tls: "ssl" for an implicit-TLS port (993, 465), '
            '"starttls" for 143 or 587',
        )
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), UTC)
    local = expires.astimezone(now.tzinfo).date().isoformat()
    if expires - now < timedelta(days=CERT_WARN_DAYS):
        return warn(
            name,
            f"{tls}, certificate verified, expires {local}",
            "ask the provider to renew the certificate",
        )
    return ok(name, f"{tls}, certificate verified, expires {local}")


def peer_certificate(prefix: str, host: str, port: int, tls: str, ca_file: str) -> dict[str, Any]:
    """The server's certificate after a verified handshake (implicit TLS or STARTTLS)."""
    context = ssl.create_default_context(cafile=ca_file or None)
    cert: Any
    if tls == "ssl":
        with (
            socket.create_connection((host, port), timeout=NETWORK_TIMEOUT) as raw,
            context.wrap_socket(raw, server_hostname=host) as wrapped,
        ):
            cert = wrapped.getpeercert()
    elif prefix == "imap":
        imap = imaplib.IMAP4(host, port, timeout=NETWORK_TIMEOUT)
        try:
            imap.starttls(context)
            cert = imap.sock.getpeercert()  # type: ignore[attr-defined]
        finally:
            imap.shutdown()
    else:
        with smtplib.SMTP(host, port, timeout=NETWORK_TIMEOUT) as smtp:
            smtp.starttls(context=context)
            cert = smtp.sock.getpeercert()  # type: ignore[union-attr]
    return dict(cert or {})


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return exc.strerror or str(exc)
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {NETWORK_TIMEOUT:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (nothing listening on that port)"
    return f"{type(exc).__name__}: {exc}"[:300]


# -- IMAP --------------------------------------------------------------------------------------

IMAP_STEPS = ("imap login", "imap folders", "imap sent folder", "imap idle")


def imap_checks(settings: Settings, now: datetime) -> Iterator[Check]:
    mailbox = settings.mailbox
    if not mailbox.host:
        yield fail("imap", "mailbox.host is empty", "set the IMAP server name in [mailbox]")
        return
    reachable = True
    for check in network_checks(
        "imap", mailbox.host, mailbox.port, mailbox.tls, mailbox.ca_file, "mailbox", now
    ):
        reachable = not check.failed
        yield check
    if not reachable:
        yield from (skip(step, "the server cannot be reached") for step in IMAP_STEPS)
        return
    from daemon.mailbox.base import MailSourceError

    try:
        source = _imap_factory(settings)()
    except ConfigError:
        yield from (skip(step, "no secret (see imap secret)") for step in IMAP_STEPS)
        return
    except MailSourceError as exc:
        refused = "login refused" in str(exc)
        yield fail(
            "imap login",
            f"{mailbox.host} as the configured username: {exc}",
            "check mailbox.username and the password (an app password if the account has 2FA)"
            if refused
            else "check mailbox.tls and mailbox.port",
        )
        yield from (skip(step, "no login") for step in IMAP_STEPS[1:])
        return
    except Exception as exc:  # noqa: BLE001 - e.g. no OAuth2 token: doctor reports it
        yield fail("imap login", _reason(exc), "check [mailbox] auth settings")
        yield from (skip(step, "no login") for step in IMAP_STEPS[1:])
        return
    try:
        yield ok("imap login", f"{mailbox.host}:{mailbox.port} ({mailbox.tls})")
        yield from _folder_checks(settings, source)
    finally:
        source.close()


def _folder_checks(settings: Settings, source: Any) -> Iterator[Check]:
    from daemon.mailbox.base import MailSourceError

    mailbox = settings.mailbox
    try:
        names: list[str] = source.list_folders()
    except MailSourceError as exc:
        yield fail("imap folders", f"LIST failed: {exc}", "check the server's log")
        return
    for folder in mailbox.folders:
        if folder in names:
            yield ok(f"imap folder {folder}", "found")
        else:
            yield fail(
                f"imap folder {folder}",
                f"not on the server (there: {', '.join(names[:20])})",
                "correct mailbox.folders to a folder name listed",
            )
    yield _sent_folder_check(settings, source, names)
    yield _idle_check(settings, source)


def _sent_folder_check(settings: Settings, source: Any, names: list[str]) -> Check:
    from daemon.mailbox.base import MailSourceError

    mailbox = settings.mailbox
    if not (mailbox.read_sent or settings.smtp.save_to_sent):
        return ok("imap sent folder", "not used (mailbox.read_sent = false)")
    try:
        sent = source.sent_folder()
    except MailSourceError:
        sent = None
    how = "configured" if mailbox.sent_folder else "SPECIAL-USE \\Sent"
    if sent and sent in names:
        return ok("imap sent folder", f"{sent} ({how}; staff replies are read from it)")
    return fail(
        "imap sent folder",
        f"{sent!r} is not on the server" if sent else "the server marks no folder \\Sent",
        "set mailbox.sent_folder to the folder holding sent mail",
    )


def _idle_check(settings: Settings, source: Any) -> Check:
    interval = settings.ingest.interval_seconds
    client = getattr(source, "client", None)
    try:
        has_idle = bool(client is not None and client.has_capability("IDLE"))
    except Exception:  # noqa: BLE001 - a capability question never fails doctor
        has_idle = False
    if not settings.ingest.idle:
        return ok("imap idle", f"switched off (ingest.idle = false): polling every {interval} s")
    if has_idle:
        return ok("imap idle", "supported: new mail is read within seconds")
    return warn(
        "imap idle",
        f"not supported by the server: polling every {interval} s",
        "lower ingest.interval_seconds if replies must go out sooner",
    )


def _imap_factory(settings: Settings) -> Callable[[], Any]:
    """The daemon's own IMAP factory (so whatever login is configured is used), with
    doctor's short timeout. The factory does not touch the database: a throwaway engine."""
    return _quick_app(settings).imap_factory()


def _quick_app(settings: Settings) -> Any:
    from sqlmodel import create_engine

    from daemon.app import App
    from daemon.clock import SystemClock

    quick = settings.model_copy(
        update={
            "mailbox": settings.mailbox.model_copy(update={"timeout_seconds": NETWORK_TIMEOUT}),
            "smtp": settings.smtp.model_copy(update={"timeout_seconds": NETWORK_TIMEOUT}),
        }
    )
    return App(
        settings=quick, engine=create_engine("sqlite://"), clock=SystemClock(quick.school.tz)
    )


# -- SMTP --------------------------------------------------------------------------------------


def smtp_checks(settings: Settings, now: datetime) -> Iterator[Check]:
    smtp = settings.smtp
    if not smtp.host:
        yield warn(
            "smtp",
            "[smtp] host is empty: nothing is sent, replies and digests wait in the outbox",
            "set [smtp] host",
        )
        return
    reachable = True
    for check in network_checks("smtp", smtp.host, smtp.port, smtp.tls, smtp.ca_file, "smtp", now):
        reachable = not check.failed
        yield check
    if not reachable:
        yield skip("smtp login", "the server cannot be reached")
        return
    yield smtp_session_check(settings)


def smtp_session_check(settings: Settings) -> Check:
    """Connect, EHLO, TLS and log in as the outbox does, then QUIT: nothing is sent."""
    smtp = settings.smtp
    if _oauth2(smtp):
        return _smtp_oauth2_check(settings)
    try:
        password = smtp.resolve("smtp") if smtp.username else None
    except ConfigError:
        return skip("smtp login", "no secret (see smtp secret)")
    context = ssl.create_default_context(cafile=smtp.ca_file or None)
    try:
        client: smtplib.SMTP
        if smtp.tls == "ssl":
            client = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=NETWORK_TIMEOUT, context=context
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=NETWORK_TIMEOUT)
        try:
            client.ehlo()
            if smtp.tls == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if password is not None:
                client.login(smtp.username, password)
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
    except smtplib.SMTPAuthenticationError as exc:
        return fail(
            "smtp login",
            f"{smtp.host} refused the login ({exc.smtp_code})",
            "check smtp.username and the password",
        )
    except (OSError, smtplib.SMTPException) as exc:
        return fail(
            "smtp login", f"{smtp.host}:{smtp.port}: {_reason(exc)}", "check [smtp] tls and port"
        )
    what = "logs in" if password is not None else "accepts EHLO (no login configured)"
    if smtp.dry_run:
        return warn(
            "smtp login",
            f"{smtp.host}:{smtp.port} ({smtp.tls}) {what}; dry_run is on: nothing is really sent",
            "set smtp.dry_run = false when ready to send",
        )
    return ok("smtp login", f"{smtp.host}:{smtp.port} ({smtp.tls}) {what}")


def _smtp_oauth2_check(settings: Settings) -> Check:
    """XOAUTH2 login through the outbox's own transport (its token and its AUTH dialogue),
    closed again at once: nothing is sent."""
    from daemon.outbox import TransportError

    smtp = settings.smtp
    try:
        factory = _quick_app(settings).smtp_factory()
        assert factory is not None
        transport: Any = factory()
        transport._connect().quit()
    except ConfigError as exc:
        return fail("smtp login", str(exc), "fix the key named")
    except (TransportError, OSError, smtplib.SMTPException) as exc:
        return fail(
            "smtp login",
            f"{smtp.host}:{smtp.port} (oauth2): {exc}"[:300],
            "check the [mailbox.oauth2] app's SMTP permission and smtp.username",
        )
    return ok("smtp login", f"{smtp.host}:{smtp.port} ({smtp.tls}) logs in with OAuth2")


# -- templates ---------------------------------------------------------------------------------


def template_check(settings: Settings, now: datetime) -> Check:
    """Every template renders with sample data (undefined variables are errors)."""
    from jinja2 import TemplateError

    from daemon.render import Templates

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
    other = {
        "school_name": settings.school.name,
        "parent_name": "Sam Sample",
        "parent_address": "sam@example.com",
        "subject": "Sample",
        "received_words": "8pm",
        "text": "Sample text",
        "thread_id": 1,
    }
    languages = sorted({settings.replies.language, *settings.parents.languages.values()})
    try:
        templates = Templates(settings.templates.dir)
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
        return fail(
            "templates",
            f"{type(exc).__name__}: {exc}"[:300],
            "fix the template named (or remove it from [templates] dir to use the bundled one)",
        )
    return ok(
        "templates",
        f"holding reply ({', '.join(used)}), contact plan, digests, alert and forward render",
    )


# -- database ----------------------------------------------------------------------------------

DB_STEPS = ("quarantine", "outbox", "last cycle")


def database_checks(settings: Settings, now: datetime) -> Iterator[Check]:
    from sqlalchemy.engine import make_url

    from daemon.store.db import current_revision, head_revision, make_engine

    url = make_url(settings.database.url)
    path = _sqlite_path(settings.database.url)
    if path is not None and not path.exists():
        # make_engine would create the directory and the file: doctor changes nothing.
        yield fail("database", f"{path} does not exist", "run `steward migrate`")
        yield from (skip(step, "no database") for step in DB_STEPS)
        return
    try:
        engine = make_engine(settings.database.url)
        current, head = current_revision(engine), head_revision(engine)
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        yield fail(
            "database",
            f"cannot open {url.render_as_string(hide_password=True)}: {type(exc).__name__}: {exc}"[
                :300
            ],
            "check database.url and that the server is running",
        )
        yield from (skip(step, "no database") for step in DB_STEPS)
        return
    if current != head:
        yield fail(
            "database",
            f"schema at {current or 'none (empty database)'}, this version needs {head}",
            "run `steward migrate`",
        )
        yield from (skip(step, "schema not current") for step in DB_STEPS)
        return
    yield ok("database", f"schema at the latest revision ({head})")
    if path is not None:
        yield _file_permissions_check(path)
    try:
        yield from _state_checks(settings, engine, now)
    finally:
        engine.dispose()


def _sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def _file_permissions_check(path: Path) -> Check:
    mode = path.stat().st_mode
    if mode & stat.S_IROTH:
        return warn(
            "database permissions",
            f"{path} is readable by every user ({stat.filemode(mode)}); it holds parents' mail",
            f"chmod o-rwx {path}",
        )
    return ok("database permissions", f"{path} {stat.filemode(mode)}")


def _state_checks(settings: Settings, engine: Any, now: datetime) -> Iterator[Check]:
    from sqlmodel import Session, col, func, select

    from daemon.store.models import CycleRun, Outbox, Quarantine

    with Session(engine) as s:
        waiting = s.exec(
            select(func.count())
            .select_from(Quarantine)
            .where(col(Quarantine.resolved_at).is_(None))
        ).one()
        states = dict(s.exec(select(Outbox.state, func.count()).group_by(col(Outbox.state))).all())
        last = s.exec(select(CycleRun).order_by(col(CycleRun.id).desc()).limit(1)).first()
        good = s.exec(
            select(CycleRun)
            .where(col(CycleRun.ok).is_(True))
            .where(col(CycleRun.finished_at).is_not(None))
            .order_by(col(CycleRun.finished_at).desc())
            .limit(1)
        ).first()
    if waiting:
        yield warn(
            "quarantine",
            f"{waiting} message(s) could not be processed",
            "see `steward quarantine`, then `steward quarantine retry` after an upgrade",
        )
    else:
        yield ok("quarantine", "empty")
    failed, uncertain = states.get("failed", 0), states.get("uncertain", 0)
    detail = f"{states.get('pending', 0)} waiting, {failed} failed, {uncertain} uncertain"
    if uncertain:
        detail += " (sent or not: the server did not say)"
    if failed or uncertain:
        yield warn("outbox", detail, "see `steward outbox`")
    else:
        yield ok("outbox", detail)
    yield _last_cycle_check(settings, last, good, now)


def _last_cycle_check(settings: Settings, last: Any, good: Any, now: datetime) -> Check:
    tz = settings.school.tz
    if good is None:
        why = f"; the last one failed: {last.error}" if last is not None and last.error else ""
        return fail(
            "last cycle",
            f"no cycle has succeeded yet{why}"[:400],
            "start the daemon (systemctl start steward) or run `steward once`",
        )
    finished = good.finished_at.astimezone(tz)
    age = now - finished
    limit = timedelta(seconds=STALE_INTERVALS * settings.ingest.interval_seconds)
    detail = f"last success {finished.isoformat(timespec='seconds')} ({_age(age)} ago)"
    if last is not None and last.id != good.id and not last.ok and last.error:
        detail += f"; the latest failed: {last.error}"[:300]
    if age > limit:
        return warn(
            "last cycle",
            detail,
            "is the daemon running? `systemctl status steward`, `journalctl -u steward`",
        )
    return ok("last cycle", detail)


def _age(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


# -- calendar ----------------------------------------------------------------------------------


def calendar_checks(settings: Settings, now: datetime) -> Iterator[Check]:
    from daemon.app import build_calendar

    try:
        calendar = build_calendar(settings)
    except (ConfigError, OSError, ValueError) as exc:
        yield fail("calendar", f"{exc}"[:300], "fix [calendar] (ics_file, holidays)")
        return
    today = now.astimezone(settings.school.tz).date()
    counts = {
        year: sum(1 for d in _year(year) if calendar.bank_holiday(d))
        for year in (today.year, today.year + 1)
    }
    missing = [str(year) for year, n in counts.items() if not n]
    nation = settings.calendar.nation
    if missing:
        yield fail(
            "bank holidays",
            f"none known for {', '.join(missing)} ({nation})",
            "upgrade the holidays package (pip install -U holidays)",
        )
    else:
        yield ok(
            "bank holidays",
            ", ".join(f"{year}: {n}" for year, n in counts.items()) + f" ({nation})",
        )
    yield _term_check(settings, calendar, today)


def _year(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def _term_check(settings: Settings, calendar: Any, today: date) -> Check:
    term = calendar.term
    if term is None:
        ahead = [(s, e) for s, e in settings.calendar.holidays if e >= today]
        if ahead:
            return ok("school holidays", f"{len(ahead)} holiday range(s) from today on")
        return warn(
            "school holidays",
            "none configured from today on",
            "add [calendar] holidays or ics_file, or deadlines run through the holidays",
        )
    span = term.span
    ignored = f"; {term.ignored} event(s) ignored" if term.ignored else ""
    if span is None or not term.covers(today):
        covered = f"{span[0]} to {span[1]}" if span else "nothing"
        return fail(
            "term dates",
            f"{settings.calendar.ics_file} covers {covered}, not today{ignored}",
            "download this year's term dates into calendar.ics_file",
        )
    left = (span[1] - today).days
    detail = f"{settings.calendar.ics_file} covers {span[0]} to {span[1]}{ignored}"
    if left < TERM_WARN_DAYS:
        return warn("term dates", f"{detail}: ends in {left} day(s)", "add next year's term dates")
    return ok("term dates", detail)


# -- people ------------------------------------------------------------------------------------


def people_checks(settings: Settings) -> Iterator[Check]:
    dsl = [m for m in settings.staff if m.role == "dsl"]
    if dsl:
        yield ok("dsl", f"{len(dsl)} designated safeguarding lead(s) get alerts")
    else:
        yield fail(
            "dsl",
            'no [[staff]] with role = "dsl": safeguarding alerts cannot be sent',
            'add the DSL (and deputies) to [[staff]] with role = "dsl"',
        )
    digest_staff = [m for m in settings.staff if m.digest]
    if digest_staff:
        yield ok("digest", f"{len(digest_staff)} recipient(s) at {settings.digest.time}")
    else:
        yield warn(
            "digest",
            "no [[staff]] with digest = true: nobody gets the morning digest",
            "set digest = true for the office staff",
        )
    if settings.school.safeguarding_phone:
        yield ok("safeguarding phone", "given in holding replies")
    else:
        yield warn(
            "safeguarding phone",
            "[school] safeguarding_phone is empty: holding replies cannot give the number",
            "set it",
        )
