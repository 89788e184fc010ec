"""Carrying out a stage 3 decision: the parent's new mail goes to the supervising member of
staff, and holding replies follow the contact plan.

The decision itself is people's (``steward case decide … --outcome stage3``); this module only
routes. Each forward has the outbox key ``forward:<message>:<supervisor>``: once per message.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from daemon.config import Settings
from daemon.outbox import notice, queue
from daemon.render import Templates, clock_words, day_words
from daemon.store.models import ContactPlan, Message, Parent

_CHUNK = 500  # message ids per IN list


def plan_for(s: Session, parent_id: int | None, at: datetime) -> ContactPlan | None:
    if parent_id is None:
        return None
    return s.exec(
        select(ContactPlan)
        .where(ContactPlan.parent_id == parent_id)
        .where(col(ContactPlan.starts_at) <= at)
        .where(col(ContactPlan.ended_at).is_(None))
        .order_by(col(ContactPlan.id).desc())
    ).first()


def _open_plans(s: Session) -> dict[int, list[ContactPlan]]:
    """Every plan not yet ended, by parent, newest first: usually none at all."""
    plans: dict[int, list[ContactPlan]] = {}
    for plan in s.exec(
        select(ContactPlan)
        .where(col(ContactPlan.ended_at).is_(None))
        .order_by(col(ContactPlan.id).desc())
    ).all():
        plans.setdefault(plan.parent_id, []).append(plan)
    return plans


def _plan_at(plans: Sequence[ContactPlan], at: datetime) -> ContactPlan | None:
    """What :func:`plan_for` returns, from a parent's open plans (newest first)."""
    for plan in plans:
        if plan.starts_at <= at:
            return plan
    return None


def forward_to_supervisors(
    s: Session,
    settings: Settings,
    templates: Templates,
    message_pks: Sequence[int],
    now: datetime,
) -> int:
    if not message_pks:
        return 0
    # One query for the plans; only the messages of parents under one are read.
    plans = _open_plans(s)
    if not plans:
        return 0
    queued = 0
    tz = settings.school.tz
    pks = list(message_pks)
    found: list[Message] = []
    for start in range(0, len(pks), _CHUNK):
        found.extend(
            s.exec(
                select(Message)
                .where(col(Message.id).in_(pks[start : start + _CHUNK]))
                .where(col(Message.parent_id).in_(list(plans)))
            ).all()
        )
    found.sort(key=lambda m: m.id or 0)
    for m in found:
        if m.direction != "inbound" or m.sender_kind != "parent" or m.parent_id is None:
            continue
        plan = _plan_at(plans.get(m.parent_id, ()), m.received_at)
        if plan is None:
            continue
        parent = s.get(Parent, m.parent_id) if m.parent_id else None
        received = m.received_at.astimezone(tz)
        context = {
            "school_name": settings.school.name,
            "parent_name": m.from_name or (parent.display_name if parent else ""),
            "parent_address": parent.address if parent else m.from_address,
            "subject": m.subject or "(no subject)",
            "received_words": f"{clock_words(received)} on {day_words(received)}",
            "text": m.new_text or m.text or "",
            "review_on": plan.review_on.isoformat() if plan.review_on else "",
            "thread_id": m.thread_id,
        }
        rendered = templates.render("forward", "contact_plan", context)
        row = queue(
            s,
            notice(
                settings,
                key=f"forward:{m.id}:{plan.supervisor}",
                kind="forward",
                to=plan.supervisor,
                subject=f"Contact plan: {m.subject or '(no subject)'}",
                rendered=rendered,
                now=now,
                parent_id=m.parent_id,
                message_pk=m.id,
                thread_id=m.thread_id,
                detail={"contact_plan_id": plan.id},
            ),
        )
        queued += row is not None
    return queued
