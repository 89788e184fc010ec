"""The only way mail leaves the daemon: queue it, then send it from the outbox table.

Queueing is idempotent: every message has a ``key`` naming what it is for, unique in the
table, so deciding the same thing twice (a retried cycle, a restart) queues it once. The
message is built once, Message-ID included, and a retry sends the same bytes.

Sending is a small state machine committed at each step: pending → sending → sent | failed.
A crash between handing a message to SMTP and recording the result leaves it in "sending";
the next start turns that into "uncertain" (holding replies: at most once, a second copy is
worse than none) or back to "pending" (alerts and digests: at least once). A dead SMTP server
means the message stays pending and is retried with exponential backoff up to an hour.
"""

from __future__ import annotations

import hashlib
import random
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from daemon.config import ConfigError, Settings, SmtpSettings
from daemon.log import get_logger
from daemon.oauth import OAuth2Credential, TokenError, xoauth2_string
from daemon.outage import Outage
from daemon.pipeline.addresses import short_hash
from daemon.pipeline.autoreply import OWN_MESSAGE_ID_MARKER
from daemon.store.db import session_scope
from daemon.store.models import AuditEvent, Outbox

if TYPE_CHECKING:
    from daemon.render import Rendered

MAX_BACKOFF = timedelta(hours=1)

# One per process: the SMTP server's outages are logged once each (``daemon.outage``).
SMTP_OUTAGE = Outage("smtp")


class TransportError(Exception):
    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary


class Transport(Protocol):
    def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> None: ...

    def close(self) -> None: ...


TransportFactory = Callable[[], Transport]


# -- building ----------------------------------------------------------------------------


def message_id_for(key: str, from_address: str) -> str:
    """The same key always gives the same Message-ID, so a resent copy is recognisably the
    same message and the daemon's own mail is recognised when it comes back."""
    digest = hashlib.sha256(f"{key}\n{from_address}".encode()).hexdigest()[:32]
    domain = from_address.rpartition("@")[2] or "localhost"
    return f"{digest}{OWN_MESSAGE_ID_MARKER}{domain}"


@dataclass(frozen=True)
class Draft:
    key: str
    kind: str  # holding_reply | digest | alert
    from_name: str
    from_address: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    created_at: datetime
    headers: tuple[tuple[str, str], ...] = ()
    parent_id: int | None = None
    message_pk: int | None = None
    thread_id: int | None = None
    expires_at: datetime | None = None
    resend_if_uncertain: bool = False
    detail: dict[str, object] = field(default_factory=dict)

    @property
    def message_id(self) -> str:
        return message_id_for(self.key, self.from_address)

    def build(self) -> bytes:
        msg = EmailMessage()
        msg["From"] = Address(self.from_name, addr_spec=self.from_address)
        msg["To"] = ", ".join(self.to)
        msg["Subject"] = self.subject
        msg["Date"] = format_datetime(self.created_at)
        msg["Message-ID"] = f"<{self.message_id}>"
        for name, value in self.headers:
            msg[name] = value
        msg.set_content(self.text)
        if self.html:
            msg.add_alternative(self.html, subtype="html")
        return msg.as_bytes(policy=SMTP)


def notice(
    settings: Settings,
    *,
    key: str,
    kind: str,
    to: str,
    subject: str,
    rendered: Rendered,
    now: datetime,
    extra_headers: tuple[tuple[str, str], ...] = (),
    **links: Any,
) -> Draft:
    """A message from the daemon to a member of staff (digest, alert, forward): marked as
    automatic so no one's auto-responder answers it, and resent if a crash left it uncertain."""
    return Draft(
        key=key,
        kind=kind,
        from_name=f"{settings.school.name} (Office Steward)",
        from_address=settings.from_address,
        to=(to,),
        subject=subject,
        text=rendered.text,
        html=rendered.html,
        created_at=now,
        headers=(
            ("Auto-Submitted", "auto-generated"),
            ("X-Auto-Response-Suppress", "All"),
            *extra_headers,
        ),
        resend_if_uncertain=True,
        **links,
    )


def queue(session: Session, draft: Draft) -> Outbox | None:
    """Add the draft to the outbox unless its key is already there; None when it was."""
    if session.exec(select(Outbox.id).where(Outbox.key == draft.key)).first() is not None:
        return None
    row = Outbox(
        key=draft.key,
        kind=draft.kind,
        message_id=draft.message_id,
        sender=draft.from_address,
        recipients=list(draft.to),
        subject=draft.subject[:500],
        raw=draft.build(),
        parent_id=draft.parent_id,
        message_pk=draft.message_pk,
        thread_id=draft.thread_id,
        state="pending",
        resend_if_uncertain=draft.resend_if_uncertain,
        created_at=draft.created_at,
        next_attempt_at=draft.created_at,
        expires_at=draft.expires_at,
        detail=dict(draft.detail),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # queued by someone else between the check and the insert
        return None
    return row


# -- sending -----------------------------------------------------------------------------


class SmtpTransport:
    """smtplib, one connection reused for a flush; TLS verified unless told otherwise."""

    def __init__(
        self, settings: SmtpSettings, password: str | None, oauth2: OAuth2Credential | None = None
    ) -> None:
        self.settings = settings
        self._password = password
        self._oauth2 = oauth2
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context(cafile=s.ca_file or None)
        try:
            if s.tls == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout_seconds, context=context
                )
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
                if s.tls == "starttls":
                    smtp.starttls(context=context)
            if self._oauth2 is not None:
                _xoauth2_login(smtp, self._oauth2)
            elif s.username:
                smtp.login(s.username, self._password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise TransportError(f"SMTP login refused ({exc.smtp_code})", temporary=True) from None
        except TokenError as exc:
            raise TransportError(f"no OAuth2 token for SMTP: {exc}", temporary=True) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TransportError(
                f"cannot reach SMTP server {s.host}:{s.port}: {type(exc).__name__}: {exc}",
                temporary=True,
            ) from None
        return smtp

    def send(self, sender: str, recipients: Sequence[str], raw: bytes) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            refused = self._smtp.sendmail(sender, list(recipients), raw)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _msg in exc.recipients.values()})
            raise TransportError(
                f"every recipient refused ({codes})", temporary=all(c < 500 for c in codes)
            ) from None
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise TransportError(
                f"SMTP {exc.smtp_code}: {_decode(exc.smtp_error)}", temporary=exc.smtp_code < 500
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TransportError(f"{type(exc).__name__}: {exc}", temporary=True) from None
        if refused:
            get_logger().warning("outbox.some_recipients_refused", count=len(refused))

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None


def _xoauth2_login(smtp: smtplib.SMTP, credential: OAuth2Credential) -> None:
    initial = xoauth2_string(credential.user, credential.token())
    smtp.ehlo_or_helo_if_needed()  # auth() does not, and takes "503 send EHLO" for success
    try:
        # A refusal comes as a 334 challenge carrying an error; the empty answer ends it.
        smtp.auth("XOAUTH2", lambda challenge=None: initial if challenge is None else "")
    except smtplib.SMTPAuthenticationError:
        credential.refused()  # revoked or expired early: the next attempt gets a new token
        raise


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


@dataclass
class FlushReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    cancelled: int = 0
    dry_run: int = 0
    waiting: int = 0  # no SMTP server configured
    errors: list[str] = field(default_factory=list)


def recover_interrupted(engine: Engine, now: datetime) -> int:
    """After a crash: what was being sent may or may not have gone. Call once at start-up."""
    with session_scope(engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.state == "sending")).all()
        for row in rows:
            if row.resend_if_uncertain:
                row.state = "pending"
                row.last_error = "interrupted while sending; sending again"
            else:
                row.state = "uncertain"
                row.last_error = "interrupted while sending; not resent (at most once)"
                _audit(s, row, now, "uncertain")  # it may have gone: the audit must say so
            get_logger(outbox_id=row.id, kind=row.kind).warning(
                "outbox.interrupted", state=row.state
            )
        return len(rows)


def flush(
    engine: Engine,
    transport_factory: TransportFactory | None,
    settings: SmtpSettings,
    now: datetime,
    *,
    rng: random.Random | None = None,
) -> FlushReport:
    """Send what is due, oldest first; stop early when the server is unreachable."""
    report = FlushReport()
    rng = rng or random.Random()
    with session_scope(engine) as s:
        due = s.exec(
            select(Outbox.id)
            .where(Outbox.state == "pending")
            .where((col(Outbox.next_attempt_at).is_(None)) | (col(Outbox.next_attempt_at) <= now))
            .order_by(col(Outbox.id))
        ).all()
    transport: Transport | None = None
    try:
        for outbox_id in due:
            with session_scope(engine) as s:
                row = s.get(Outbox, outbox_id)
                if row is None or row.state != "pending":
                    continue
                log = get_logger(outbox_id=row.id, kind=row.kind, key_hash=short_hash(row.key))
                if row.expires_at is not None and now >= row.expires_at:
                    row.state = "cancelled"
                    row.last_error = "no longer useful: the office opened before it could be sent"
                    report.cancelled += 1
                    log.info("outbox.cancelled", reason="expired")
                    continue
                if settings.dry_run:
                    row.state = "dry_run"
                    report.dry_run += 1
                    _audit(s, row, now, "dry_run")
                    log.info("outbox.dry_run")
                    continue
                if transport_factory is None:
                    row.last_error = "no SMTP server configured ([smtp] host)"
                    report.waiting += 1
                    continue
                row.state = "sending"
                row.attempts += 1
                row.next_attempt_at = now
                sender, recipients, raw = row.sender, list(row.recipients), row.raw
            # Committed as "sending" before the message is handed over.
            try:
                if transport is None:
                    transport = transport_factory()
                transport.send(sender, recipients, raw)
            except TransportError as exc:
                with session_scope(engine) as s:
                    row = s.get(Outbox, outbox_id)
                    assert row is not None
                    row.last_error = str(exc)[:1000]
                    if exc.temporary and row.attempts < settings.max_attempts:
                        row.state = "pending"
                        row.next_attempt_at = now + _backoff(row.attempts, rng)
                        report.retrying += 1
                    else:
                        row.state = "failed"
                        report.failed += 1
                        _audit(s, row, now, "send_failed")
                    attempts, state = row.attempts, row.state
                report.errors.append(str(exc))
                if exc.temporary:
                    # The server is down: one warning per outage (not one per retry); the
                    # rest wait for the next flush.
                    SMTP_OUTAGE.failed(str(exc))
                    log.debug("outbox.send_failed", attempts=attempts, state=state)
                    if state == "failed":
                        log.warning("outbox.gave_up", attempts=attempts, error=str(exc)[:200])
                    break
                log.warning(
                    "outbox.send_failed", attempts=attempts, state=state, error=str(exc)[:200]
                )
                continue
            with session_scope(engine) as s:
                s.exec(
                    update(Outbox)
                    .where(col(Outbox.id) == outbox_id)
                    .values(state="sent", sent_at=now, last_error="")
                )
                row = s.get(Outbox, outbox_id)
                assert row is not None
                _audit(s, row, now, "sent")
            report.sent += 1
            SMTP_OUTAGE.recovered()
            log.info("outbox.sent", attempts=row.attempts)
    finally:
        if transport is not None:
            transport.close()
    return report


def _backoff(attempts: int, rng: random.Random) -> timedelta:
    base = min(timedelta(seconds=30 * 2 ** (attempts - 1)), MAX_BACKOFF)
    return base * (0.8 + 0.4 * rng.random())


def _audit(s: Session, row: Outbox, now: datetime, action: str) -> None:
    s.add(
        AuditEvent(
            at=now,
            actor="steward",
            action=f"outbox.{action}",
            parent_id=row.parent_id,
            thread_id=row.thread_id,
            message_pk=row.message_pk,
            detail={
                "outbox_id": row.id,
                "kind": row.kind,
                "message_id": row.message_id,
                "attempts": row.attempts,
                "error": row.last_error[:200],
            },
        )
    )


def smtp_factory(
    settings: SmtpSettings, oauth2: OAuth2Credential | None = None
) -> TransportFactory | None:
    """None when no SMTP server is configured; a missing password fails here, at start-up.

    ``oauth2``: the credential for ``auth = "oauth2"`` (App.smtp_factory builds it)."""
    if not settings.host:
        return None
    if settings.auth == "oauth2":
        if oauth2 is None:
            raise ConfigError(
                'smtp.auth: "oauth2" needs the [mailbox.oauth2] app, which this command '
                'does not build: use smtp.auth = "password" here'
            )
        password = None
    else:
        oauth2 = None
        password = settings.resolve("smtp") if settings.username else None

    def connect() -> Transport:
        return SmtpTransport(settings, password, oauth2)

    return connect
