"""Holding replies: a polite automatic answer to a parent who writes out of hours.

Deciding (this module) is separate from sending (:mod:`daemon.outbox`). A parent's email gets
a holding reply only when every rule below allows it, and the first rule that refuses is
stored on the message, so "why did (or didn't) this parent get a reply?" always has an answer:

1. holding replies are switched on;
2. it is a parent's inbound email whose headers allow an automatic reply (RFC 3834/5230:
   stored at ingest as ``reply_blockers``);
3. it was not found on the first run over a mailbox (old mail is never answered);
4. it arrived outside core hours, and that out-of-hours period is still open now (never after
   downtime that lasted into the working day);
5. it needs a reply (an absence notice or thank-you gets none);
6. there is an address to answer (the envelope sender, else From);
7. this parent has not already had one in this out-of-hours period.

The outbox key ``holding:<parent>:<period start>`` makes rule 7 hold even across crashes and
concurrent cycles; the Message-ID derives from the same key, so a retry is the same message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from daemon import workdays
from daemon.config import Settings, to_time
from daemon.contactplan import plan_for
from daemon.log import get_logger
from daemon.outbox import Draft, queue
from daemon.pipeline.addresses import short_hash
from daemon.pipeline.autoreply import reply_address
from daemon.render import Templates, clock_words, day_words
from daemon.runner import Stopped
from daemon.store.models import (
    ContactPlan,
    FolderState,
    Message,
    MessageLocation,
    Parent,
)
from daemon.workdays import SchoolCalendar


@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str  # stored on the message as "queued" or "skipped: <reason>"
    window: tuple[datetime, datetime] | None = None
    to: str = ""


def decide(
    m: Message,
    *,
    now: datetime,
    calendar: SchoolCalendar,
    enabled: bool,
    first_run: bool,
) -> Decision:
    if not enabled:
        return Decision(False, "holding replies are switched off ([replies] holding)")
    if m.direction != "inbound" or m.sender_kind != "parent":
        return Decision(False, f"not a parent's email ({m.sender_kind}, {m.direction})")
    if m.reply_blockers:
        return Decision(
            False, "no automatic replies to this message: " + "; ".join(m.reply_blockers)
        )
    if first_run:
        return Decision(False, "found on the first run over the mailbox (old mail)")
    window = calendar.out_of_hours_window(m.received_at)
    if window is None:
        return Decision(False, "arrived during core hours")
    if now >= window[1]:
        return Decision(False, "the out-of-hours period it arrived in is over", window)
    if m.needs_reply is False:
        return Decision(False, f"needs no reply ({m.no_reply_reason})", window)
    to = reply_address(m.return_path, m.from_address)
    if not to:
        return Decision(False, "no address to reply to", window)
    return Decision(True, "queued", window, to)


def plan_holding_replies(
    s: Session,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
    should_stop: Callable[[], bool] | None = None,
) -> int:
    """Decide every message not yet decided; queue the replies that are allowed.

    Only what the rules read is loaded (a reply being drafted loads the rest). ``should_stop``
    is asked every message: yes raises :class:`Stopped`, and the caller's rollback takes the
    replies queued so far with it (they are rows of the same transaction)."""
    undecided = s.exec(
        select(Message)
        .options(load_only(*_DECIDE_COLUMNS))
        .where(Message.holding == "")
        .where(col(Message.needs_reply).is_not(None))
        .order_by(col(Message.received_at))
    ).all()
    queued = 0
    states = {f.folder: f for f in s.exec(select(FolderState)).all()}
    folders = _folders_of(s, [m.id for m in undecided if m.id is not None])
    for m in undecided:
        if should_stop is not None and should_stop():
            raise Stopped()
        assert m.id is not None
        first_run = _found_on_first_run(m, folders.get(m.id, []), states)
        decision = decide(
            m, now=now, calendar=calendar, enabled=settings.replies.holding, first_run=first_run
        )
        plan = plan_for(s, m.parent_id, m.received_at) if decision.send else None
        if plan is not None and settings.cases.contact_plan_holding == "none":
            decision = Decision(False, "contact plan: no holding replies ([cases])")
        if decision.send and decision.window is not None:
            row = queue(s, _draft(m, decision, settings, calendar, templates, now, s, plan))
            if row is None:
                m.holding = "skipped: this parent already had one in this out-of-hours period"
            else:
                m.holding = "queued"
                queued += 1
                get_logger(message_pk=m.id, parent=short_hash(m.from_address)).info(
                    "holding.queued", outbox_key_hash=short_hash(row.key)
                )
        else:
            m.holding = f"skipped: {decision.reason}"[:200]
    return queued


# What :func:`decide` and the first-run rule read of a message.
_DECIDE_COLUMNS: tuple[Any, ...] = (
    Message.id,
    Message.direction,
    Message.sender_kind,
    Message.reply_blockers,
    Message.received_at,
    Message.stored_at,
    Message.needs_reply,
    Message.no_reply_reason,
    Message.return_path,
    Message.from_address,
    Message.parent_id,
    Message.holding,
)


def _found_on_first_run(
    m: Message, locations: list[tuple[str, int, int]], states: dict[str, FolderState]
) -> bool:
    """Was this message already in the mailbox when the daemon first read its folder?

    By UID: below the folder's UIDNEXT at first sight means it was there, however long the
    first run took (a SIGTERM half way, a crash) and whatever the clock did since. Folders
    first read by an older version have no UIDNEXT recorded: there the first cycle's time
    decides. A message with no location (imported from files) counts as old mail.
    """
    if not locations:
        return True
    for folder, uidvalidity, uid in locations:
        state = states.get(folder)
        if state is None:
            continue
        if state.first_uidnext is not None and state.uidvalidity == uidvalidity:
            if uid < state.first_uidnext:
                return True
        elif m.stored_at <= state.first_cycle_at:
            return True
    return False


def _folders_of(s: Session, pks: list[int]) -> dict[int, list[tuple[str, int, int]]]:
    """(folder, uidvalidity, uid) of each message's locations."""
    out: dict[int, list[tuple[str, int, int]]] = {}
    for start in range(0, len(pks), 500):
        for pk, folder, uidvalidity, uid in s.exec(
            select(
                MessageLocation.message_pk,
                MessageLocation.folder,
                MessageLocation.uidvalidity,
                MessageLocation.uid,
            ).where(col(MessageLocation.message_pk).in_(pks[start : start + 500]))
        ).all():
            out.setdefault(pk, []).append((folder, uidvalidity, uid))
    return out


def _draft(
    m: Message,
    decision: Decision,
    settings: Settings,
    calendar: SchoolCalendar,
    templates: Templates,
    now: datetime,
    s: Session,
    plan: ContactPlan | None = None,
) -> Draft:
    assert decision.window is not None and m.id is not None
    tz = calendar.tz
    opens = decision.window[1].astimezone(tz)
    due = (
        m.ack_due.astimezone(tz)
        if m.ack_due
        else calendar.add_working_days(m.received_at, settings.sla.acknowledge_working_days)
    )
    parent = s.get(Parent, m.parent_id) if m.parent_id else None
    language = (
        settings.parents.languages.get(
            m.from_address, settings.parents.languages.get(parent.address if parent else "", "")
        )
        or settings.replies.language
    )
    context = {
        "school_name": settings.school.name,
        "parent_name": (m.from_name or "").strip(),
        "subject": m.subject or "",
        "closed_reason": closed_reason(calendar, m.received_at),
        "hours_words": hours_words(settings),
        "reopens_words": f"at {clock_words(opens)} on {day_words(opens)}",
        "deadline_words": calendar.describe_deadline(due),
        "ack_due": due,
        "received_at": m.received_at.astimezone(tz),
        "safeguarding_phone": settings.school.safeguarding_phone,
        "office_phone": settings.school.office_phone,
    }
    if plan is not None:
        context["supervisor_name"] = next(
            (st.name for st in settings.staff if st.email == plan.supervisor), plan.supervisor
        )
        rendered = templates.render("contact_plan", language, context)
    else:
        rendered = templates.render("holding_reply", language, context)
    window_start = decision.window[0].astimezone(tz)
    headers = [
        ("Auto-Submitted", "auto-replied"),
        ("X-Auto-Response-Suppress", "All"),
    ]
    if m.message_id:
        headers.append(("In-Reply-To", f"<{m.message_id}>"))
        refs = [*m.references[-20:], m.message_id]
        headers.append(("References", " ".join(f"<{r}>" for r in dict.fromkeys(refs))))
    subject = m.subject.strip() or "Your email"
    if not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    return Draft(
        key=f"holding:{m.parent_id or short_hash(m.from_address)}:{window_start.isoformat()}",
        kind="holding_reply",
        from_name=settings.school.name,
        from_address=settings.from_address,
        to=(decision.to,),
        subject=subject,
        text=rendered.text,
        html=rendered.html,
        created_at=now,
        headers=tuple(headers),
        parent_id=m.parent_id,
        message_pk=m.id,
        thread_id=m.thread_id,
        expires_at=decision.window[1],
        resend_if_uncertain=False,
        detail={
            "template": rendered.template,
            "ack_due": due.isoformat(),
            "window": [decision.window[0].isoformat(), decision.window[1].isoformat()],
        },
    )


def closed_reason(calendar: SchoolCalendar, moment: datetime) -> str:
    local = moment.astimezone(calendar.tz)
    why = calendar.why_not_working(local.date())
    if why is None:
        return "outside office hours"
    if why in ("Saturday", "Sunday"):
        return "at the weekend"
    if why.startswith("bank holiday"):
        return "on a bank holiday"
    if "holiday" in why or "term" in why:
        return "during the school holiday"
    return "on a day the school is closed"


def hours_words(settings: Settings) -> str:
    start, end = (workdays.clock_words(to_time(t)) for t in settings.hours.core)
    return f"between {start} and {end}, Monday to Friday, during term time"
