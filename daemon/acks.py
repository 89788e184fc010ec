"""The response clock: which parent emails need a reply, by when, and whether a person gave one.

A parent's inbound email that needs a reply gets ``ack_due``: the configured number of working
days of core-hours time from receipt (see :mod:`daemon.workdays`). It is acknowledged when a
person at the school answered: a human reply from the school (the Sent folder, the school's
address or a staff address, to the outside world) in the same thread after it or referencing
it; the ``\\Answered`` flag set by a mail client; a member of staff moving it to the "no reply
needed" folder; or ``steward ack``. Holding replies and other automatic mail never count.
Absence notices, thank-yous and automated mail start no clock.

Everything here is deciding, not acting: it writes verdicts onto stored messages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, case, cast, func, not_, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from daemon.config import SlaSettings
from daemon.pipeline.autoreply import is_own_message_id
from daemon.runner import Stopped
from daemon.store.models import AuditEvent, JobRun, Message, MessageLocation, MessageRef
from daemon.workdays import SchoolCalendar

ANSWERED = "\\Answered"
_MACHINE_BLOCKERS = ("Auto-Submitted", "X-Auto", "Precedence", "one of the school's own")
_CHUNK = 500


@dataclass
class ClockReport:
    started: int = 0
    no_reply: int = 0
    acknowledged: int = 0
    flags_refreshed: int = 0


def start_clocks(
    s: Session,
    calendar: SchoolCalendar,
    sla: SlaSettings,
    now: datetime,
    should_stop: Callable[[], bool] | None = None,
) -> ClockReport:
    """Decide, once per message, whether it needs a reply, and when the reply is due.

    Mail that is not a parent's is decided in one UPDATE; a parent's email is read (its
    subject and words only) and its verdict written back by primary key, a chunk at a time.
    ``should_stop`` is asked every message: yes raises :class:`Stopped` (the caller rolls
    back)."""
    undecided = col(Message.needs_reply).is_(None)
    parent_mail = and_(col(Message.direction) == "inbound", col(Message.sender_kind) == "parent")
    report = ClockReport()
    report.no_reply += int(
        s.exec(
            update(Message)
            .where(undecided, not_(parent_mail))
            .values(
                needs_reply=False,
                no_reply_reason=case(
                    (col(Message.sender_kind) == "automated", "automated mail"),
                    else_="from the school",
                ),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )
    while True:
        batch = s.exec(
            select(  # type: ignore[call-overload]
                Message.id, Message.subject, Message.new_text, Message.text, Message.received_at
            )
            .where(undecided, parent_mail)
            .limit(_CHUNK)
        ).all()
        if not batch:
            return report
        from classifiers.noreply import needs_reply  # not imported on a quiet cycle

        verdicts: list[dict[str, Any]] = []
        for pk, subject, new_text, text, received_at in batch:
            if should_stop is not None and should_stop():
                raise Stopped()
            verdict = needs_reply(subject or "", new_text or text or "")
            if not verdict.needs_reply:
                verdicts.append(
                    {"id": pk, "needs_reply": False, "no_reply_reason": verdict.reason[:200]}
                )
                report.no_reply += 1
                continue
            verdicts.append(
                {
                    "id": pk,
                    "needs_reply": True,
                    "ack_due": calendar.add_working_days(received_at, sla.acknowledge_working_days),
                }
            )
            if sla.respond_working_days:
                verdicts[-1]["respond_due"] = calendar.add_working_days(
                    received_at, sla.respond_working_days
                )
            report.started += 1
        # By primary key, grouped by the columns set: one executemany each.
        for keys in {tuple(v) for v in verdicts}:
            rows = [v for v in verdicts if tuple(v) == keys]
            s.execute(update(Message), rows)


def waiting() -> Any:
    """The condition for a parent email that needs a reply and has not had one."""
    return and_(col(Message.needs_reply).is_(True), col(Message.acknowledged_at).is_(None))


def open_messages(s: Session, *, light: bool = False) -> list[Message]:
    """Parent emails that need a reply and have not had one. ``light``: only the columns
    that finding a reply reads (the rest load if touched)."""
    query = select(Message).where(waiting()).order_by(col(Message.received_at))
    if light:
        query = query.options(load_only(*_REPLY_COLUMNS))
    return list(s.exec(query).all())


# What finding a reply reads of a waiting message and of a school message.
_REPLY_COLUMNS: tuple[Any, ...] = (
    Message.id,
    Message.message_id,
    Message.thread_id,
    Message.received_at,
    Message.server_flags,
    Message.direction,
    Message.sender_kind,
    Message.from_name,
    Message.reply_blockers,
    Message.in_reply_to,
    Message.references,
    Message.acknowledged_at,
    Message.acknowledged_by,
    Message.ack_source,
)


# Where the last search for acknowledgements left the store (a row of job_run). A search reads
# the waiting messages, the school's own messages, the stored flags and the locations in the
# "no reply needed" folder: while none of these has changed it would find nothing, and is
# skipped. Just after a search no waiting message carries \\Answered or sits in that folder
# (it would have been acknowledged), so any that does is a change.
ACK_MARK = "clock:acknowledgements"
_ACK_MARK_VERSION = 1  # raise when what counts as an acknowledgement changes


def _ack_inputs(s: Session, no_reply_folder: str) -> dict[str, Any]:
    """A fingerprint of what a search reads. Erasure, the only writer that deletes messages,
    calls :func:`forget_acknowledgement_mark` (SQLite may give a deleted id to a new row)."""
    open_ = waiting()
    school = and_(col(Message.direction) == "outbound", col(Message.sender_kind) == "staff")
    answered = cast(Message.server_flags, String).like("%Answered%")
    row = s.execute(
        sa_select(
            func.sum(case((open_, 1), else_=0)),
            func.sum(case((open_, Message.id), else_=0)),
            func.sum(case((and_(open_, answered), 1), else_=0)),
            func.sum(case((school, 1), else_=0)),
            func.max(case((school, Message.id), else_=None)),
        )
    ).one()
    filed = 0
    if no_reply_folder:
        filed = s.exec(
            select(func.count(col(MessageLocation.id)))
            .join(Message, col(Message.id) == col(MessageLocation.message_pk))
            .where(MessageLocation.folder == no_reply_folder)
            .where(open_)
        ).one()
    return {
        "version": _ACK_MARK_VERSION,
        "no_reply_folder": no_reply_folder,
        "waiting": int(row[0] or 0),
        "waiting_ids": int(row[1] or 0),
        "waiting_answered": int(row[2] or 0),
        "waiting_filed": int(filed or 0),
        "school": int(row[3] or 0),
        "school_last": int(row[4] or 0),
    }


def forget_acknowledgement_mark(s: Session) -> None:
    """The next search reads everything again (stored flags changed)."""
    mark = s.get(JobRun, ACK_MARK)
    if mark is not None:
        s.delete(mark)


def find_acknowledgements(s: Session, now: datetime, *, no_reply_folder: str = "") -> ClockReport:
    report = ClockReport()
    mark = s.get(JobRun, ACK_MARK)
    if mark is not None and mark.detail == _ack_inputs(s, no_reply_folder):
        return report  # nothing it reads has changed since the last search
    _search(s, now, no_reply_folder, report)
    s.flush()
    after = _ack_inputs(s, no_reply_folder)
    if mark is None:
        s.add(JobRun(key=ACK_MARK, started_at=now, finished_at=now, detail=after))
    else:
        mark.started_at = mark.finished_at = now
        mark.detail = after
    return report


def _search(s: Session, now: datetime, no_reply_folder: str, report: ClockReport) -> None:
    waiting = open_messages(s, light=True)
    for start in range(0, len(waiting), _CHUNK):
        chunk = waiting[start : start + _CHUNK]
        replies = _human_replies(s, chunk)
        folders = _locations(s, chunk) if no_reply_folder else {}
        for m in chunk:
            assert m.id is not None
            if no_reply_folder and no_reply_folder in folders.get(m.id, {}):
                _mark(
                    m,
                    folders[m.id][no_reply_folder],
                    f"moved to {no_reply_folder}",
                    "no_reply_folder",
                )
            elif ANSWERED in (m.server_flags or []):
                _mark(
                    m,
                    max(now, m.received_at),
                    "replied in a mail client (\\Answered)",
                    "answered_flag",
                )
            else:
                reply = _first_reply_after(m, replies)
                if reply is None:
                    continue
                _mark(
                    m,
                    reply.received_at,
                    reply.from_name or "a reply from the school",
                    "staff_reply",
                )
            report.acknowledged += 1


def acknowledge_thread(s: Session, thread_id: int, by: str, now: datetime) -> int:
    """``steward ack``: a person says the thread's waiting emails are dealt with."""
    count = 0
    for m in s.exec(select(Message).where(Message.thread_id == thread_id).where(waiting())).all():
        _mark(m, now, by, "cli")
        count += 1
    s.add(
        AuditEvent(
            at=now,
            actor=by,
            action="thread.acknowledged",
            thread_id=thread_id,
            detail={"messages": count},
        )
    )
    return count


def is_human_reply(m: Message) -> bool:
    """A person at the school wrote this to the outside world (not a holding reply)."""
    if m.direction != "outbound" or m.sender_kind != "staff":
        return False
    if is_own_message_id(m.message_id):
        return False
    return not any(b.startswith(_MACHINE_BLOCKERS) for b in (m.reply_blockers or []))


def _human_replies(s: Session, chunk: Sequence[Message]) -> dict[str, list[Message]]:
    """School replies keyed by "t:<thread id>" and "r:<Message-ID they reference>"."""
    threads = {m.thread_id for m in chunk if m.thread_id is not None}
    ids = {m.message_id for m in chunk if m.message_id}
    found: dict[str, list[Message]] = defaultdict(list)
    conditions = []
    if threads:
        conditions.append(col(Message.thread_id).in_(threads))
    if ids:
        referencing = select(MessageRef.message_pk).where(col(MessageRef.ref).in_(ids))
        conditions.append(col(Message.id).in_(referencing))
    if not conditions:
        return found
    candidates = s.exec(
        select(Message)
        .options(load_only(*_REPLY_COLUMNS))
        .where(Message.direction == "outbound")
        .where(Message.sender_kind == "staff")
        .where(or_(*conditions))
    ).all()
    refs: dict[int, list[str]] = defaultdict(list)
    if ids and candidates:
        for pk, ref in s.exec(
            select(MessageRef.message_pk, MessageRef.ref)
            .where(col(MessageRef.message_pk).in_([c.id for c in candidates]))
            .where(col(MessageRef.ref).in_(ids))
        ).all():
            refs[pk].append(ref)
    for c in candidates:
        if not is_human_reply(c):
            continue
        if c.thread_id is not None:
            found[f"t:{c.thread_id}"].append(c)
        assert c.id is not None
        for ref in refs.get(c.id, []):
            found[f"r:{ref}"].append(c)
    return found


def _first_reply_after(m: Message, replies: dict[str, list[Message]]) -> Message | None:
    options = [
        r
        for r in (*replies.get(f"t:{m.thread_id}", ()), *replies.get(f"r:{m.message_id}", ()))
        if r.received_at > m.received_at
        or (m.message_id and m.message_id in (*r.in_reply_to, *r.references))
    ]
    return min(options, key=lambda r: r.received_at, default=None)


def _locations(s: Session, chunk: Sequence[Message]) -> dict[int, dict[str, datetime]]:
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    for loc in s.exec(
        select(MessageLocation).where(col(MessageLocation.message_pk).in_([m.id for m in chunk]))
    ).all():
        out[loc.message_pk][loc.folder] = loc.seen_at
    return out


def _mark(m: Message, at: datetime, by: str, source: str) -> None:
    m.acknowledged_at = at
    m.acknowledged_by = by[:200]
    m.ack_source = source
