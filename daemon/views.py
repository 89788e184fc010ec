"""Read-only views of the store for the command line: plain dicts with stable snake_case keys.

Times are ISO 8601 with the offset of the school's time zone.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlmodel import Session, col, select

from daemon.store.models import Message, MessageLocation, Parent, Quarantine, Thread


def iso(value: datetime | None, tz: tzinfo) -> str | None:
    return value.astimezone(tz).isoformat() if value else None


def threads(session: Session, tz: tzinfo) -> list[dict[str, Any]]:
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
                "messages": [
                    {
                        "message_id": m.message_id,
                        "received_at": iso(m.received_at, tz),
                        "direction": m.direction,
                        "sender_kind": m.sender_kind,
                        "from": m.from_address,
                        "subject": m.subject,
                        "thread_reason": m.thread_reason,
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
