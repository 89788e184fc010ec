"""Database tables (SQLModel on SQLAlchemy 2).

Times are stored as aware datetimes in UTC (``UtcDateTime``) so SQLite and PostgreSQL agree
and no naive datetime ever leaks out of the store. Every schema change needs an Alembic
revision in ``daemon/store/migrations/versions``; a test checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite drops the offset; we only ever store UTC
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _utc(**kw: Any) -> Any:
    if kw.get("nullable"):
        return Field(default=None, sa_column=Column(UtcDateTime(), **kw))
    return Field(sa_column=Column(UtcDateTime(), **kw))


def _uint32(default: int | None = None) -> Any:
    # IMAP UIDs and UIDVALIDITY are unsigned 32-bit: too big for a signed INTEGER column.
    return Field(default=default, sa_column=Column(BigInteger, nullable=False))


def _json(default: Any) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON, nullable=False))


class Parent(SQLModel, table=True):
    __tablename__ = "parent"

    id: int | None = Field(default=None, primary_key=True)
    # The canonical (normalised) address; alias addresses point here through ParentAddress.
    address: str = Field(index=True, unique=True, max_length=320)
    display_name: str = Field(default="", max_length=200)
    first_seen_at: datetime = _utc(nullable=False)


class ParentAddress(SQLModel, table=True):
    __tablename__ = "parent_address"

    address: str = Field(primary_key=True, max_length=320)
    parent_id: int = Field(foreign_key="parent.id", index=True)


class Thread(SQLModel, table=True):
    __tablename__ = "thread"
    __table_args__ = (Index("ix_thread_parent_status", "parent_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent.id")
    matter: str = Field(default="general", max_length=40)
    subject: str = Field(default="", max_length=500)  # as the parent first wrote it
    subject_key: str = Field(default="", max_length=500)  # normalised, for matching
    status: str = Field(default="open", max_length=20)  # open | closed
    opened_at: datetime = _utc(nullable=False)
    last_activity_at: datetime = _utc(nullable=False)
    # Why the thread was opened and why each message joined it: kept on the message.


class Message(SQLModel, table=True):
    __tablename__ = "message"

    id: int | None = Field(default=None, primary_key=True)
    # Message-ID plus a hash of the body: the same message filed into two folders is one row,
    # while two different messages that reuse one Message-ID stay two.
    dedupe_key: str = Field(unique=True, max_length=64)
    message_id: str = Field(default="", index=True, max_length=998)
    in_reply_to: list[str] = _json(list)
    references: list[str] = _json(list)
    subject: str = Field(default="", max_length=2000)
    subject_key: str = Field(default="", max_length=2000)
    from_address: str = Field(default="", index=True, max_length=320)
    from_name: str = Field(default="", max_length=200)
    to_addresses: list[str] = _json(list)
    cc_addresses: list[str] = _json(list)
    date_header: datetime | None = _utc(nullable=True)
    received_at: datetime = _utc(nullable=False, index=True)  # INTERNALDATE
    direction: str = Field(max_length=10)  # inbound | outbound
    sender_kind: str = Field(max_length=10)  # parent | staff | automated
    sender_reason: str = Field(default="", max_length=200)
    parent_id: int | None = Field(default=None, foreign_key="parent.id", index=True)
    thread_id: int | None = Field(default=None, foreign_key="thread.id", index=True)
    thread_reason: str = Field(default="", max_length=200)
    matter: str = Field(default="general", max_length=40)
    text: str | None = Field(default=None)  # readable text; None once purged by retention
    new_text: str | None = Field(default=None)  # the sender's own new words
    has_quote: bool = False
    text_from_html: bool = False
    attachments: list[dict[str, Any]] = _json(list)
    size: int = 0
    body_hash: str = Field(default="", max_length=64)
    server_flags: list[str] = _json(list)
    defects: list[str] = _json(list)
    stored_at: datetime = _utc(nullable=False)
    # Why an automatic reply to this message must never be sent (RFC 3834 / 5230 signals
    # read from its headers at ingest); empty: nothing in the headers forbids one.
    reply_blockers: list[str] = _json(list)
    # The envelope sender (Return-Path) an automatic reply goes to; None: header absent,
    # "": the null sender <>.
    return_path: str | None = Field(default=None, max_length=320)
    # -- the response clock (inbound parent mail only) --
    # None: not yet decided; False: an absence notice, a thank-you or automated mail.
    needs_reply: bool | None = Field(default=None)
    no_reply_reason: str = Field(default="", max_length=200)
    ack_due: datetime | None = _utc(nullable=True)
    respond_due: datetime | None = _utc(nullable=True)
    acknowledged_at: datetime | None = _utc(nullable=True, index=True)
    acknowledged_by: str = Field(default="", max_length=200)
    # staff_reply | answered_flag | no_reply_folder | cli
    ack_source: str = Field(default="", max_length=20)
    # What the holding-reply rules decided: "" (not yet), "queued", or "skipped: <why>".
    holding: str = Field(default="", max_length=200)
    # When the policy classifiers read it (None: not yet).
    analysed_at: datetime | None = _utc(nullable=True)
    # When retention blanked its text (None: not purged); see daemon/retention.py.
    purged_at: datetime | None = _utc(nullable=True)


class MessageRef(SQLModel, table=True):
    """Each Message-ID a message names in In-Reply-To or References, indexed both ways so a
    reply read before the message it answers (another folder, another cycle) still finds it."""

    __tablename__ = "message_ref"

    message_pk: int = Field(foreign_key="message.id", primary_key=True)
    ref: str = Field(primary_key=True, max_length=998, index=True)


class MessageLocation(SQLModel, table=True):
    """Where a stored message sits on the server; one message can be in several folders."""

    __tablename__ = "message_location"
    __table_args__ = (UniqueConstraint("folder", "uidvalidity", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    folder: str = Field(max_length=500)
    uidvalidity: int = _uint32()
    uid: int = _uint32()
    seen_at: datetime = _utc(nullable=False)


class FolderState(SQLModel, table=True):
    """The checkpoint: every UID up to ``last_uid`` is stored or quarantined."""

    __tablename__ = "folder_state"

    folder: str = Field(primary_key=True, max_length=500)
    uidvalidity: int = _uint32()
    last_uid: int = _uint32(0)
    role: str = Field(default="inbox", max_length=10)  # inbox | sent
    first_cycle_at: datetime = _utc(nullable=False)
    last_cycle_at: datetime | None = _utc(nullable=True)
    # UIDNEXT when the folder was first read (or re-read after a UIDVALIDITY change): mail
    # below it was already there, and is never answered however long the first run takes
    # or whatever the clock does. None: the server did not say; first_cycle_at decides.
    first_uidnext: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    # The folder's HIGHESTMODSEQ (RFC 7162) when its flags were last read, and the UIDVALIDITY
    # it belongs to: the next refresh asks only for flags changed since. None: read them all.
    flags_uidvalidity: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    flags_modseq: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class Quarantine(SQLModel, table=True):
    """A message that could not be processed: raw bytes kept, error and stage recorded."""

    __tablename__ = "quarantine"
    __table_args__ = (UniqueConstraint("folder", "uidvalidity", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    folder: str = Field(max_length=500)
    uidvalidity: int = _uint32()
    uid: int = _uint32()
    received_at: datetime | None = _utc(nullable=True)
    stage: str = Field(max_length=40)
    error: str = Field(max_length=2000)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    raw_sha256: str = Field(max_length=64)
    server_flags: list[str] = _json(list)
    attempts: int = 1
    quarantined_at: datetime = _utc(nullable=False)
    last_attempt_at: datetime = _utc(nullable=False)
    resolved_at: datetime | None = _utc(nullable=True)
    resolved_message_pk: int | None = Field(default=None, foreign_key="message.id")
    purged_at: datetime | None = _utc(nullable=True)  # raw bytes blanked by retention


class CycleRun(SQLModel, table=True):
    """One ingest cycle, for doctor and status: when it ran and how it went."""

    __tablename__ = "cycle_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = _utc(nullable=False)
    finished_at: datetime | None = _utc(nullable=True)
    ok: bool = False
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    error: str = Field(default="", max_length=2000)


class Outbox(SQLModel, table=True):
    """Every message the daemon sends, before it is sent: the only way mail leaves.

    ``key`` names what the message is for (one holding reply per parent per out-of-hours
    window, one digest per recipient per day, one alert per message and DSL), so queueing the
    same thing twice is a no-op. ``raw`` is the finished message, Message-ID included, built
    once: a retry sends the same bytes. States: pending → sending → sent | failed; dry_run
    (recorded, never sent); cancelled (no longer wanted, e.g. the office opened); uncertain (a
    crash between handing it to SMTP and recording the result; not resent when at most once
    matters).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_next", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=300)
    kind: str = Field(max_length=20)  # holding_reply | digest | alert
    message_id: str = Field(max_length=300)
    sender: str = Field(max_length=320)
    recipients: list[str] = _json(list)
    subject: str = Field(default="", max_length=500)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    parent_id: int | None = Field(default=None, foreign_key="parent.id", index=True)
    message_pk: int | None = Field(default=None, foreign_key="message.id", index=True)
    thread_id: int | None = Field(default=None, foreign_key="thread.id")
    state: str = Field(default="pending", max_length=12)
    # Resend after a crash mid-send (alerts, digests) or not (holding replies).
    resend_if_uncertain: bool = False
    attempts: int = 0
    created_at: datetime = _utc(nullable=False)
    next_attempt_at: datetime | None = _utc(nullable=True)
    expires_at: datetime | None = _utc(nullable=True)
    sent_at: datetime | None = _utc(nullable=True)
    last_error: str = Field(default="", max_length=1000)
    detail: dict[str, Any] = _json(dict)  # why it was queued, for `steward outbox`
    purged_at: datetime | None = _utc(nullable=True)  # raw bytes blanked (retention, erasure)


class JobRun(SQLModel, table=True):
    """A scheduled job that must happen once per period (a digest per working day)."""

    __tablename__ = "job_run"

    key: str = Field(primary_key=True, max_length=200)  # e.g. "digest:staff:2026-11-23"
    started_at: datetime = _utc(nullable=False)
    finished_at: datetime | None = _utc(nullable=True)
    detail: dict[str, Any] = _json(dict)


class AuditEvent(SQLModel, table=True):
    """Who did what, when: acknowledgements, decisions, messages sent. Never message text."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _utc(nullable=False, index=True)
    actor: str = Field(max_length=200)  # a person's name, or "steward"
    action: str = Field(max_length=40)
    parent_id: int | None = Field(default=None, index=True)
    thread_id: int | None = Field(default=None)
    message_pk: int | None = Field(default=None)
    detail: dict[str, Any] = _json(dict)


class Flag(SQLModel, table=True):
    """An advisory finding on one parent email, with the evidence a person needs to check it.

    Never a sanction: flags feed the digests and persistence cases that people decide on.
    """

    __tablename__ = "flag"
    __table_args__ = (UniqueConstraint("kind", "message_pk"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    thread_id: int | None = Field(default=None, foreign_key="thread.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="parent.id", index=True)
    score: float = 0.0
    explanation: str = Field(default="", max_length=500)
    evidence: dict[str, Any] = _json(dict)
    created_at: datetime = _utc(nullable=False)
    # A dismissal by SLT keeps the flag (with who and why) but stops it counting again.
    dismissed_at: datetime | None = _utc(nullable=True)
    dismissed_by: str = Field(default="", max_length=200)


class Case(SQLModel, table=True):
    """A parent whose flags crossed the thresholds in a rolling window: for SLT to review."""

    __tablename__ = "case_file"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent.id", index=True)
    status: str = Field(default="open", max_length=12)  # open | decided
    opened_at: datetime = _utc(nullable=False)
    updated_at: datetime = _utc(nullable=False)
    severity: float = 0.0
    reason: str = Field(default="", max_length=500)  # why it opened, in one line
    flag_ids: list[int] = _json(list)  # the evidence the case stands on
    outcome: str = Field(default="", max_length=12)  # dismissed | stage1 | stage2 | stage3


class CaseDecision(SQLModel, table=True):
    """Every SLT decision, kept for good: who, when, what and why."""

    __tablename__ = "case_decision"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_file.id", index=True)
    outcome: str = Field(max_length=12)
    decided_by: str = Field(max_length=200)
    decided_at: datetime = _utc(nullable=False)
    note: str = Field(default="", max_length=4000)
    supervisor: str = Field(default="", max_length=320)
    review_on: date | None = Field(default=None)
    flag_ids: list[int] = _json(list)


class ContactPlan(SQLModel, table=True):
    """Stage 3: the parent writes to one named member of staff; reviewed on a date."""

    __tablename__ = "contact_plan"

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case_file.id")
    supervisor: str = Field(max_length=320)
    starts_at: datetime = _utc(nullable=False)
    review_on: date | None = Field(default=None)
    ended_at: datetime | None = _utc(nullable=True)


class ParentAdjustment(SQLModel, table=True):
    """A reasonable adjustment: this heuristic is switched off for this parent."""

    __tablename__ = "parent_adjustment"
    __table_args__ = (UniqueConstraint("parent_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int = Field(foreign_key="parent.id", index=True)
    kind: str = Field(max_length=20)  # a flag kind, e.g. "shouting"
    note: str = Field(default="", max_length=1000)
    made_by: str = Field(max_length=200)
    made_at: datetime = _utc(nullable=False)


class MatterCorrection(SQLModel, table=True):
    """A member of staff set a thread's matter; the model retrains from these."""

    __tablename__ = "matter_correction"

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    matter: str = Field(max_length=40)
    previous: str = Field(default="", max_length=40)
    made_by: str = Field(max_length=200)
    made_at: datetime = _utc(nullable=False)
