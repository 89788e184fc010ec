"""The outbox sends each message once, keeps it when the server is down, never guesses twice.

SMTP here is a real aiosmtpd server in this process (tests/support/smtp.py); failures that a
real server cannot be told to produce (a permanent refusal) use a small transport double.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon.config import SmtpSettings
from daemon.outbox import (
    Draft,
    TransportError,
    flush,
    message_id_for,
    queue,
    recover_interrupted,
    smtp_factory,
)
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import AuditEvent, Outbox

T0 = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'steward.db'}")
    migrate(engine)
    return engine


def smtp(sink, **kw) -> SmtpSettings:
    return SmtpSettings(host=sink.host, port=sink.port, tls="none", **kw)


def draft(key: str = "holding:1:2026-11-20T16:00:00+00:00", **kw) -> Draft:
    base = dict(
        key=key,
        kind="holding_reply",
        from_name="Example Academy",
        from_address="office@school.example",
        to=("jo@example.com",),
        subject="Re: Trip money",
        text="Thank you for your email.",
        html="<p>Thank you for your email.</p>",
        created_at=T0,
        headers=(("Auto-Submitted", "auto-replied"),),
    )
    base.update(kw)
    return Draft(**base)  # type: ignore[arg-type]


def rows(engine) -> list[Outbox]:
    with Session(engine) as s:
        return list(s.exec(select(Outbox).order_by(Outbox.id)).all())


def test_queueing_the_same_key_twice_keeps_one_message(engine):
    """Deciding the same reply twice (a retried cycle, a restart) queues it once."""
    with session_scope(engine) as s:
        assert queue(s, draft()) is not None
    with session_scope(engine) as s:
        assert queue(s, draft(subject="Re: something else")) is None
    assert len(rows(engine)) == 1


def test_message_id_is_derived_from_the_key():
    """The same key always gives the same Message-ID; another key another one."""
    a = message_id_for("holding:1:x", "office@school.example")
    assert a == message_id_for("holding:1:x", "office@school.example")
    assert a != message_id_for("holding:2:x", "office@school.example")
    assert a.endswith(".steward@school.example")


def test_flush_delivers_the_stored_bytes_once(engine, smtp_sink):
    """A pending message goes to the SMTP server as built, with its Message-ID and headers,
    and a second flush sends nothing more."""
    with session_scope(engine) as s:
        row = queue(s, draft())
        assert row is not None
        message_id = row.message_id
    settings = smtp(smtp_sink)
    report = flush(engine, smtp_factory(settings), settings, T0)
    assert report.sent == 1
    (mail,) = smtp_sink.wait_for(1)
    assert mail.message["Message-ID"] == f"<{message_id}>"
    assert mail.message["Auto-Submitted"] == "auto-replied"
    assert mail.rcpt_tos == ("jo@example.com",)
    assert rows(engine)[0].state == "sent"
    assert flush(engine, smtp_factory(settings), settings, T0 + timedelta(minutes=1)).sent == 0
    assert len(smtp_sink.messages()) == 1
    with Session(engine) as s:
        audit = s.exec(select(AuditEvent)).all()
    assert [a.action for a in audit] == ["outbox.sent"]


def test_a_dead_server_means_retry_with_backoff_not_loss(engine, smtp_sink):
    """With the SMTP server down the message stays pending, is retried later, then sent."""
    with session_scope(engine) as s:
        queue(s, draft(expires_at=T0 + timedelta(days=3)))
    settings = smtp(smtp_sink)
    smtp_sink.stop()
    report = flush(engine, smtp_factory(settings), settings, T0)
    assert (report.sent, report.retrying) == (0, 1)
    (row,) = rows(engine)
    assert row.state == "pending" and row.attempts == 1
    assert row.next_attempt_at is not None and row.next_attempt_at > T0
    assert "cannot reach SMTP server" in row.last_error
    # Not due yet: nothing is tried.
    assert flush(engine, smtp_factory(settings), settings, T0 + timedelta(seconds=1)).retrying == 0
    smtp_sink.start()
    later = T0 + timedelta(minutes=5)
    assert flush(engine, smtp_factory(settings), settings, later).sent == 1
    assert len(smtp_sink.wait_for(1)) == 1


def test_an_interrupted_holding_reply_is_not_sent_again(engine, smtp_sink):
    """A crash between handing a holding reply to SMTP and recording it: at most once, so it
    becomes "uncertain" and is never resent; a digest is resent (at least once)."""
    with session_scope(engine) as s:
        queue(s, draft())
        queue(s, draft(key="digest:staff:2026-11-23:o@school.example", kind="digest",
                       resend_if_uncertain=True))
        for row in s.exec(select(Outbox)).all():
            row.state = "sending"
    assert recover_interrupted(engine, T0) == 2
    states = {r.kind: r.state for r in rows(engine)}
    assert states == {"holding_reply": "uncertain", "digest": "pending"}
    settings = smtp(smtp_sink)
    assert flush(engine, smtp_factory(settings), settings, T0).sent == 1
    (mail,) = smtp_sink.wait_for(1)
    assert mail.message["Subject"] == "Re: Trip money"  # the digest draft reuses the subject
    assert {r.kind: r.state for r in rows(engine)} == {"holding_reply": "uncertain", "digest": "sent"}


def test_dry_run_records_without_sending(engine, smtp_sink):
    with session_scope(engine) as s:
        queue(s, draft())
    settings = smtp(smtp_sink, dry_run=True)
    assert flush(engine, smtp_factory(settings), settings, T0).dry_run == 1
    assert rows(engine)[0].state == "dry_run"
    assert smtp_sink.messages() == []


def test_a_holding_reply_not_sent_before_the_office_opens_is_cancelled(engine, smtp_sink):
    """Once the office has opened a holding reply is pointless: it is cancelled, not sent."""
    with session_scope(engine) as s:
        queue(s, draft(expires_at=T0 + timedelta(hours=14)))
    settings = smtp(smtp_sink)
    report = flush(engine, smtp_factory(settings), settings, T0 + timedelta(hours=15))
    assert report.cancelled == 1
    assert rows(engine)[0].state == "cancelled"
    assert smtp_sink.messages() == []


class Refusing:
    def __init__(self, temporary: bool) -> None:
        self.temporary = temporary
        self.calls = 0

    def send(self, sender, recipients, raw):
        self.calls += 1
        raise TransportError("550 mailbox unavailable", temporary=self.temporary)

    def close(self):
        pass


def test_a_permanent_refusal_fails_at_once(engine):
    with session_scope(engine) as s:
        queue(s, draft())
    transport = Refusing(temporary=False)
    report = flush(engine, lambda: transport, SmtpSettings(host="x"), T0)
    assert report.failed == 1 and transport.calls == 1
    assert rows(engine)[0].state == "failed"
    assert flush(engine, lambda: transport, SmtpSettings(host="x"), T0 + timedelta(days=1)).failed == 0
    assert transport.calls == 1


def test_temporary_failures_give_up_after_max_attempts(engine):
    with session_scope(engine) as s:
        queue(s, draft())
    transport = Refusing(temporary=True)
    settings = SmtpSettings(host="x", max_attempts=3)
    now = T0
    for _ in range(5):
        flush(engine, lambda: transport, settings, now)
        now += timedelta(hours=2)
    assert transport.calls == 3
    assert rows(engine)[0].state == "failed"


def test_an_smtp_outage_is_one_warning_and_one_recovery_line(engine, smtp_sink):
    import io

    from daemon.log import configure
    from daemon.outbox import SMTP_OUTAGE

    SMTP_OUTAGE.recovered()  # a clean start for this process-wide tracker
    out = io.StringIO()
    configure("info", "json", stream=out)
    with session_scope(engine) as s:
        queue(s, draft())
    transport = Refusing(temporary=True)
    settings = SmtpSettings(host="x", max_attempts=10)
    now = T0
    for _ in range(4):  # four retries while the server is down
        flush(engine, lambda: transport, settings, now)
        now += timedelta(hours=2)
    assert transport.calls == 4
    good = smtp(smtp_sink)
    assert flush(engine, smtp_factory(good), good, now).sent == 1
    text = out.getvalue()
    assert text.count('"smtp.unreachable"') == 1
    assert text.count('"smtp.recovered"') == 1
    assert '"outbox.sent"' in text


def test_without_an_smtp_server_mail_waits_in_the_outbox(engine):
    with session_scope(engine) as s:
        queue(s, draft())
    report = flush(engine, None, SmtpSettings(), T0)
    assert report.waiting == 1
    (row,) = rows(engine)
    assert row.state == "pending" and "no SMTP server configured" in row.last_error


def test_offset_clock_starts_at_the_given_moment_and_runs_on():
    """`steward run --now T`: time starts at T and moves with the wall clock."""
    import time

    from daemon.clock import OffsetClock

    clock = OffsetClock(T0)
    first = clock.now()
    assert abs((first - T0).total_seconds()) < 1
    time.sleep(0.05)
    assert clock.now() > first
