"""Read-only views of the store for the command line: plain dicts with stable snake_case keys.

Times are ISO 8601 with the offset of the school's time zone.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from daemon.store.models import Message, MessageLocation, Outbox, Parent, Quarantine, Thread


def iso(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


def response_state(members: list[Message], now: datetime) -> dict[str, Any]:
    """The thread's response clock: the oldest waiting email decides; when nothing waits,
    the latest acknowledgement is shown."""
    needing = [m for m in members if m.needs_reply]
    waiting = [m for m in needing if m.acknowledged_at is None and m.ack_due is not None]
    if waiting:
        first = min(waiting, key=lambda m: m.ack_due or now)
        return {
            "ack_due": first.ack_due,
            "acknowledged_at": None,
            "acknowledged_by": None,
            "overdue": bool(first.ack_due and first.ack_due < now),
            "waiting_since": min(m.received_at for m in waiting),
            "waiting": len(waiting),
        }
    last = max(needing, key=lambda m: m.received_at, default=None)
    return {
        "ack_due": last.ack_due if last else None,
        "acknowledged_at": last.acknowledged_at if last else None,
        "acknowledged_by": (last.acknowledged_by or None) if last else None,
        "overdue": False,
        "waiting_since": None,
        "waiting": 0,
    }


def threads(session: Session, tz: tzinfo, now: datetime | None = None) -> list[dict[str, Any]]:
    parents = {p.id: p for p in session.exec(select(Parent)).all()}
    by_thread: dict[int, list[Message]] = {}
    for m in session.exec(
        select(Message)
        .where(col(Message.thread_id).is_not(None))
        .order_by(col(Message.received_at), col(Message.id))
    ).all():
        by_thread.setdefault(m.thread_id or 0, []).append(m)
    out = []
    for t in session.exec(select(Thread).order_by(col(Thread.opened_at), col(Thread.id))).all():
        parent = parents.get(t.parent_id)
        members = by_thread.get(t.id or 0, [])
        clock = response_state(members, now or datetime.now(tz))
        others = sorted(
            {
                parents[m.parent_id].address
                for m in members
                if m.sender_kind == "parent"
                and m.parent_id in parents
                and m.parent_id != t.parent_id
            }
        )
        out.append(
            {
                "id": t.id,
                "parent": parent.address if parent else None,
                "parent_name": parent.display_name if parent else "",
                "other_parents": others,
                "matter": t.matter,
                "subject": t.subject,
                "status": t.status,
                "opened_at": iso(t.opened_at, tz),
                "last_activity_at": iso(t.last_activity_at, tz),
                "ack_due": iso(clock["ack_due"], tz),
                "acknowledged_at": iso(clock["acknowledged_at"], tz),
                "acknowledged_by": clock["acknowledged_by"],
                "overdue": clock["overdue"],
                "waiting_since": iso(clock["waiting_since"], tz),
                "messages": [
                    {
                        "message_id": m.message_id,
                        "received_at": iso(m.received_at, tz),
                        "direction": m.direction,
                        "sender_kind": m.sender_kind,
                        "from": m.from_address,
                        "subject": m.subject,
                        "thread_reason": m.thread_reason,
                        "needs_reply": m.needs_reply,
                        "no_reply_reason": m.no_reply_reason or None,
                        "ack_due": iso(m.ack_due, tz),
                        "acknowledged_at": iso(m.acknowledged_at, tz),
                        "acknowledged_by": m.acknowledged_by or None,
                        "ack_source": m.ack_source or None,
                        "holding_reply": m.holding or None,
                    }
                    for m in members
                ],
            }
        )
    return out


def messages(session: Session, tz: tzinfo) -> list[dict[str, Any]]:
    locations: dict[int, list[MessageLocation]] = {}
    for loc in session.exec(select(MessageLocation).order_by(col(MessageLocation.id))).all():
        locations.setdefault(loc.message_pk, []).append(loc)
    out = []
    for m in session.exec(
        select(Message).order_by(col(Message.received_at), col(Message.id))
    ).all():
        locs = locations.get(m.id or 0, [])
        first = locs[0] if locs else None
        out.append(
            {
                "id": m.id,
                "message_id": m.message_id,
                "folder": first.folder if first else None,
                "uid": first.uid if first else None,
                "locations": [
                    {"folder": loc.folder, "uid": loc.uid, "uidvalidity": loc.uidvalidity}
                    for loc in locs
                ],
                "received_at": iso(m.received_at, tz),
                "direction": m.direction,
                "sender_kind": m.sender_kind,
                "sender_reason": m.sender_reason,
                "from": m.from_address,
                "subject": m.subject,
                "thread_id": m.thread_id,
                "thread_reason": m.thread_reason,
                "attachments": m.attachments,
                "flags": m.server_flags,
                "needs_reply": m.needs_reply,
                "ack_due": iso(m.ack_due, tz),
                "acknowledged_at": iso(m.acknowledged_at, tz),
                "holding_reply": m.holding or None,
            }
        )
    return out


def quarantine(
    session: Session, tz: tzinfo, include_resolved: bool = False
) -> list[dict[str, Any]]:
    query = select(Quarantine).order_by(col(Quarantine.id))
    if not include_resolved:
        query = query.where(col(Quarantine.resolved_at).is_(None))
    return [
        {
            "id": q.id,
            "folder": q.folder,
            "uid": q.uid,
            "uidvalidity": q.uidvalidity,
            "received_at": iso(q.received_at, tz),
            "stage": q.stage,
            "error": q.error,
            "size": len(q.raw),
            "raw_sha256": q.raw_sha256,
            "attempts": q.attempts,
            "quarantined_at": iso(q.quarantined_at, tz),
            "resolved_at": iso(q.resolved_at, tz),
        }
        for q in session.exec(query).all()
    ]


def outbox(session: Session, tz: tzinfo) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "kind": o.kind,
            "state": o.state,
            "to": o.recipients,
            "subject": o.subject,
            "message_id": o.message_id,
            "created_at": iso(o.created_at, tz),
            "sent_at": iso(o.sent_at, tz),
            "next_attempt_at": iso(o.next_attempt_at, tz) if o.state == "pending" else None,
            "expires_at": iso(o.expires_at, tz),
            "attempts": o.attempts,
            "last_error": o.last_error or None,
            "thread_id": o.thread_id,
            "detail": o.detail,
        }
        for o in session.exec(select(Outbox).order_by(col(Outbox.id))).all()
    ]


def flags(session: Session, tz: tzinfo) -> list[dict[str, Any]]:
    from daemon.store.models import Flag

    parents = {p.id: p for p in session.exec(select(Parent)).all()}
    ids = dict(session.exec(select(Message.id, Message.message_id)).all())
    out = []
    for f in session.exec(select(Flag).order_by(col(Flag.created_at), col(Flag.id))).all():
        parent = parents.get(f.parent_id)
        out.append(
            {
                "id": f.id,
                "kind": f.kind,
                "message_id": ids.get(f.message_pk),
                "thread_id": f.thread_id,
                "parent": parent.address if parent else None,
                "score": f.score,
                "explanation": f.explanation,
                "evidence": f.evidence,
                "created_at": iso(f.created_at, tz),
                "dismissed": f.dismissed_at is not None,
                "dismissed_by": f.dismissed_by or None,
            }
        )
    return out


def cases(session: Session, tz: tzinfo) -> list[dict[str, Any]]:
    from daemon.store.models import Case

    parents = {p.id: p for p in session.exec(select(Parent)).all()}
    out = []
    for c in session.exec(
        select(Case).order_by(col(Case.status).desc(), col(Case.severity).desc(), col(Case.id))
    ).all():
        parent = parents.get(c.parent_id)
        out.append(
            {
                "id": c.id,
                "parent": parent.address if parent else None,
                "parent_name": parent.display_name if parent else "",
                "status": c.status,
                "outcome": c.outcome or None,
                "severity": c.severity,
                "reason": c.reason,
                "flags": len(c.flag_ids),
                "opened_at": iso(c.opened_at, tz),
                "updated_at": iso(c.updated_at, tz),
            }
        )
    return out
