"""Retention: after ``[retention] days``, what people wrote is blanked; the record stays.

For a closed thread whose last activity is older than the window (and for mail that joined
no thread, by its own date) the purge blanks each message's readable text and new words,
and scrubs the words its flags quote as evidence. It keeps every row, date, count, flag kind
and score, subject line, case and decision: SLT can still see that a parent sent 14 emails
and what was decided, not what the emails said. Subjects are kept on purpose: they are the
one line that makes a case file's timeline and a decision readable.

Outgoing messages (holding replies, alerts, digests) in a final state and older than the
window lose their bytes; quarantined raw messages older than the window lose theirs (the
original is still on the mail server). Each purged row gets ``purged_at``, so a second run
skips it: the purge is idempotent. :func:`run_daily_purge` is the once-a-day job.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from daemon.config import Settings
from daemon.log import get_logger
from daemon.store.models import AuditEvent, Flag, JobRun, Message, Outbox, Quarantine, Thread

PURGED = "[purged]"
# States in which an outgoing message will never be sent (again).
FINAL_STATES = ("sent", "failed", "cancelled", "dry_run", "uncertain")
# Evidence values that are identifiers or times, not the parent's words.
_KEEP_KEYS = frozenset({"id", "at", "kind", "category"})
_KEEP_SUFFIXES = ("_id", "_at", "_due")
# Quoted words in an explanation: "...", “...”, ('...').
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|\(\'[^\']*\'\)')


@dataclass
class PurgeReport:
    threads: int = 0
    messages: int = 0
    flags: int = 0
    outbox: int = 0
    quarantine: int = 0

    @property
    def total(self) -> int:
        return self.messages + self.flags + self.outbox + self.quarantine

    def counts(self) -> dict[str, int]:
        return asdict(self)


def purge_expired(s: Session, days: int, now: datetime, *, dry_run: bool = False) -> PurgeReport:
    """Blank what has passed the retention window; with ``dry_run``, only count it."""
    cutoff = now - timedelta(days=days)
    report = PurgeReport()
    expired_threads = (
        select(Thread.id)
        .where(Thread.status == "closed")
        .where(col(Thread.last_activity_at) < cutoff)
    )
    messages = s.exec(
        select(Message.id, Message.thread_id)
        .where(col(Message.purged_at).is_(None))
        .where(
            col(Message.thread_id).in_(expired_threads)
            | (col(Message.thread_id).is_(None) & (col(Message.received_at) < cutoff))
        )
    ).all()
    pks = [pk for pk, _thread in messages if pk is not None]
    report.messages = len(pks)
    report.threads = len({t for _pk, t in messages if t is not None})
    flags = _chunked_flags(s, pks)
    report.flags = len(flags)
    outbox = s.exec(
        select(Outbox)
        .where(col(Outbox.purged_at).is_(None))
        .where(col(Outbox.state).in_(FINAL_STATES))
        .where(col(Outbox.created_at) < cutoff)
        .where(col(Outbox.thread_id).is_(None) | col(Outbox.thread_id).in_(expired_threads))
    ).all()
    report.outbox = len(outbox)
    quarantined = s.exec(
        select(Quarantine)
        .where(col(Quarantine.purged_at).is_(None))
        .where(col(Quarantine.last_attempt_at) < cutoff)
    ).all()
    report.quarantine = len(quarantined)
    if dry_run:
        return report

    for chunk in _chunks(pks):
        s.exec(
            update(Message)
            .where(col(Message.id).in_(chunk))
            .values(text=None, new_text=None, purged_at=now)
        )
    for flag in flags:
        flag.evidence = scrub_evidence(flag.evidence)
        flag.explanation = scrub_explanation(flag.explanation)
        s.add(flag)
    for row in outbox:
        row.raw = b""
        row.purged_at = now
        s.add(row)
    for q in quarantined:
        q.raw = b""
        q.purged_at = now
        s.add(q)
    if report.total:
        s.add(
            AuditEvent(
                at=now,
                actor="steward",
                action="retention.purged",
                detail={"days": days, **report.counts()},
            )
        )
    get_logger().info("retention.purged", days=days, **report.counts())
    return report


def run_daily_purge(s: Session, settings: Settings, now: datetime) -> PurgeReport | None:
    """The scheduled job: purge once per calendar day (a ``job_run`` row); None when this
    day's purge already ran."""
    key = f"retention:{now.astimezone(settings.school.tz).date().isoformat()}"
    if s.get(JobRun, key) is not None:
        return None
    try:
        with s.begin_nested():
            s.add(JobRun(key=key, started_at=now))
    except IntegrityError:
        return None
    report = purge_expired(s, settings.retention.days, now)
    run = s.get(JobRun, key)
    assert run is not None
    run.finished_at = now
    run.detail = report.counts()
    return report


def scrub_evidence(value: Any, key: str = "") -> Any:
    """The same structure with every quoted word replaced: counts, scores, ids and times stay."""
    if isinstance(value, dict):
        return {k: scrub_evidence(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub_evidence(v, key) for v in value]
    if isinstance(value, str) and not (key in _KEEP_KEYS or key.endswith(_KEEP_SUFFIXES)):
        return PURGED
    return value


def scrub_explanation(text: str) -> str:
    return _QUOTED.sub(f'"{PURGED}"', text)


def _chunked_flags(s: Session, pks: list[int]) -> list[Flag]:
    found: list[Flag] = []
    for chunk in _chunks(pks):
        found += s.exec(select(Flag).where(col(Flag.message_pk).in_(chunk))).all()
    return found


def _chunks(items: list[int], size: int = 500) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
