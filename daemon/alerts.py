"""Safeguarding alerts: a possible risk to a child goes to the DSL(s) at once, at any hour.

One alert per flagged message and DSL (outbox key ``alert:safeguarding:<message>:<dsl>``), so a
retried cycle or a restart never sends a second copy, and a crash mid-send resends (at least
once: a missed alert is worse than a duplicate). The alert carries the parent's words, the
evidence and the explanation, so the DSL can act without opening the mailbox.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from daemon.config import Settings
from daemon.log import get_logger
from daemon.outbox import notice, queue
from daemon.render import Templates, clock_words, day_words
from daemon.store.models import Flag, Message, Parent

MAX_TEXT = 20_000


def queue_safeguarding_alerts(
    s: Session,
    settings: Settings,
    templates: Templates,
    flag_ids: Sequence[int],
    now: datetime,
) -> int:
    """Queue an alert for each new safeguarding flag on mail received in the alert window."""
    if not flag_ids:
        return 0
    dsls = [m for m in settings.staff if m.role == "dsl"]
    flags = s.exec(
        select(Flag).where(col(Flag.id).in_(list(flag_ids))).where(Flag.kind == "safeguarding")
    ).all()
    if flags and not dsls:
        get_logger().error("alert.no_dsl_configured", flags=len(flags))
        return 0
    oldest = now - timedelta(days=settings.alerts.max_age_days)
    tz = settings.school.tz
    queued = 0
    for flag in flags:
        m = s.get(Message, flag.message_pk)
        if m is None or m.received_at < oldest:
            continue
        parent = s.get(Parent, m.parent_id) if m.parent_id else None
        received = m.received_at.astimezone(tz)
        context = {
            "school_name": settings.school.name,
            "parent_name": m.from_name or (parent.display_name if parent else ""),
            "parent_address": parent.address if parent else m.from_address,
            "subject": m.subject or "(no subject)",
            "received_words": f"{clock_words(received)} on {day_words(received)}",
            "explanation": flag.explanation,
            "evidence": flag.evidence,
            "text": (m.new_text or m.text or "")[:MAX_TEXT],
            "thread_id": m.thread_id,
            "message_id": m.message_id,
            "holding": m.holding,
        }
        rendered = templates.render("alert", "safeguarding", context)
        for dsl in dsls:
            row = queue(
                s,
                notice(
                    settings,
                    key=f"alert:safeguarding:{m.id}:{dsl.email}",
                    kind="alert",
                    to=dsl.email,
                    subject=f"Safeguarding: possible concern in an email from "
                    f"{context['parent_name'] or context['parent_address']}",
                    rendered=rendered,
                    now=now,
                    extra_headers=(("Importance", "high"), ("X-Priority", "1")),
                    parent_id=m.parent_id,
                    message_pk=m.id,
                    thread_id=m.thread_id,
                    detail={"flag_id": flag.id},
                ),
            )
            if row is not None:
                queued += 1
                get_logger(message_pk=m.id, flag_id=flag.id).warning("alert.queued")
    return queued
