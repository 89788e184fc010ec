"""Erasure: delete everything held about one parent, and record that it happened.

What is deleted is exactly what :func:`daemon.export.gather` finds (so an export made just
before shows what went). Beyond those rows:

- audit events about the parent are kept as bare facts (when, who, which action) with their
  links and details removed: the audit trail still shows that a decision was made or a
  message sent, not about whom;
- digests and alerts to staff that name one of the parent's addresses lose their bytes (a
  pending one is cancelled rather than sent blank);
- messages from another parent that sat in one of this parent's threads are kept, unthreaded.

One audit event ``parent.erased`` records who erased, when and how many rows of each kind,
with a short hash of the address and never the address itself. The mail on the server is
untouched and the folder checkpoints stay, so the erased mail is not read again; replies
that refer to an erased message's Message-ID simply start a new thread.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, select, update

from daemon.acks import forget_acknowledgement_mark
from daemon.export import ParentRecords
from daemon.log import get_logger
from daemon.pipeline.addresses import short_hash
from daemon.store.models import (
    AuditEvent,
    Case,
    CaseDecision,
    ContactPlan,
    Flag,
    MatterCorrection,
    Message,
    MessageLocation,
    MessageRef,
    Outbox,
    Parent,
    ParentAddress,
    ParentAdjustment,
    Quarantine,
    Thread,
)

SERVER_NOTE = (
    "The mail on the mail server is untouched: delete it there too if it should go. "
    "Steward will not read those messages again (its folder checkpoints stay)."
)


def erase_parent(s: Session, records: ParentRecords, *, by: str, now: datetime) -> dict[str, int]:
    """Delete ``records`` (from :func:`daemon.export.gather`); return what went, by kind."""
    parent = records.parent
    assert parent.id is not None
    pid = parent.id
    ref = short_hash(parent.address)
    pks = [m.id for m in records.messages if m.id is not None]
    thread_ids = [t.id for t in records.threads if t.id is not None]
    case_ids = [c.id for c in records.cases if c.id is not None]
    counts = records.counts()

    # Someone else's mail in this parent's threads stays, outside any thread.
    for model in (Message, Flag, Outbox):
        s.exec(update(model).where(col(model.thread_id).in_(thread_ids)).values(thread_id=None))
    for event in records.audit:
        event.parent_id = event.thread_id = event.message_pk = None
        event.detail = {"erased": ref}
        s.add(event)
    counts["staff_mail_scrubbed"] = _scrub_staff_mail(s, records, now)

    _delete_ids(s, Flag, [f.id for f in records.flags])
    _delete_ids(s, CaseDecision, [d.id for d in records.decisions])
    _delete_ids(s, ContactPlan, [p.id for p in records.contact_plans])
    _delete_ids(s, Case, case_ids)
    _delete_ids(s, ParentAdjustment, [a.id for a in records.adjustments])
    _delete_ids(s, MatterCorrection, [c.id for c in records.corrections])
    _delete_ids(s, Outbox, [o.id for o in records.outbox])
    _delete_ids(s, Quarantine, [q.id for q in records.quarantine])
    s.exec(  # quarantine entries of other mail that named one of these as its outcome
        update(Quarantine)
        .where(col(Quarantine.resolved_message_pk).in_(pks))
        .values(resolved_message_pk=None)
    )
    for chunk in _chunks(pks):
        s.exec(delete(MessageRef).where(col(MessageRef.message_pk).in_(chunk)))
        s.exec(delete(MessageLocation).where(col(MessageLocation.message_pk).in_(chunk)))
        s.exec(delete(Message).where(col(Message.id).in_(chunk)))
    _delete_ids(s, Thread, thread_ids)
    forget_acknowledgement_mark(s)  # ids may be given again: the next search reads everything
    s.exec(delete(ParentAddress).where(col(ParentAddress.parent_id) == pid))
    s.exec(delete(Parent).where(col(Parent.id) == pid))
    s.add(
        AuditEvent(
            at=now,
            actor=by,
            action="parent.erased",
            detail={"ref": ref, "counts": counts},
        )
    )
    get_logger(parent=ref).info("parent.erased", **counts)
    return counts


def safeguarding_flags(records: ParentRecords) -> int:
    """How many safeguarding flags would go: the operator should check the school's
    safeguarding records policy before erasing those."""
    return sum(1 for f in records.flags if f.kind == "safeguarding")


def _scrub_staff_mail(s: Session, records: ParentRecords, now: datetime) -> int:
    """Blank digests and alerts to staff that name one of the parent's addresses."""
    own = {o.id for o in records.outbox}
    needles = [a.lower() for a in records.addresses]
    scrubbed = 0
    for row in s.exec(select(Outbox).where(col(Outbox.purged_at).is_(None))).all():
        if row.id in own or not row.raw or not _mentions(row.raw, needles):
            continue
        row.raw = b""
        row.purged_at = now
        if row.state in ("pending", "sending"):
            row.state = "cancelled"
            row.last_error = "not sent: it named a parent whose data was erased"
        s.add(row)
        scrubbed += 1
    return scrubbed


def _mentions(raw: bytes, needles: list[str]) -> bool:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [str(v) for v in msg.values()]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(part.get_content())
            except (LookupError, ValueError):
                parts.append(raw.decode("utf-8", "replace"))
    text = "\n".join(parts).lower()
    return any(n in text for n in needles)


def _delete_ids(s: Session, model: type, ids: Sequence[int | None]) -> None:
    for chunk in _chunks([i for i in ids if i is not None]):
        s.exec(delete(model).where(col(model.id).in_(chunk)))  # type: ignore[attr-defined]


def _chunks(items: list[int], size: int = 500) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
