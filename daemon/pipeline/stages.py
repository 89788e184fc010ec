"""The ingest pipeline, declared as data: an ordered list of named stages.

Each stage reads and extends one :class:`Work` item. A stage may end the pipeline early
(a duplicate needs nothing more). Stages do not catch errors: the runner does, rolls back
that one message and quarantines it with the name of the stage that failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, select

from daemon.mailbox.base import FetchedMessage
from daemon.pipeline.message import ParsedMessage
from daemon.pipeline.parents import ParentDirectory
from daemon.pipeline.parse import parse_message
from daemon.pipeline.sender import SchoolIdentity, SenderVerdict, classify_sender
from daemon.pipeline.subjects import normalise_subject
from daemon.pipeline.threads import Threader
from daemon.store.models import Message, MessageLocation, MessageRef, Parent, Thread

STOP = "stop"


@dataclass
class Ingest:
    """What every message of one batch shares."""

    session: Session
    school: SchoolIdentity
    parents: ParentDirectory
    threader: Threader
    now: datetime


@dataclass
class Work:
    fetched: FetchedMessage
    uidvalidity: int
    role: str  # "inbox" | "sent"
    parsed: ParsedMessage | None = None
    dedupe_key: str = ""
    verdict: SenderVerdict | None = None
    parent: Parent | None = None
    message: Message | None = None
    outcome: str = ""  # "stored" | "duplicate"
    notes: list[str] = field(default_factory=list)

    @property
    def received_at(self) -> datetime:
        assert self.fetched.internaldate is not None
        return self.fetched.internaldate


def parse(ctx: Ingest, work: Work) -> str | None:
    work.parsed = parse_message(work.fetched.raw)
    return None


def dedupe(ctx: Ingest, work: Work) -> str | None:
    """The same message filed into a second folder, or seen again, is one stored message."""
    assert work.parsed is not None
    work.dedupe_key = dedupe_key(work.parsed, work.fetched.raw)
    existing = ctx.session.exec(
        select(Message).where(Message.dedupe_key == work.dedupe_key)
    ).first()
    if existing is None:
        return None
    add_location(ctx, existing, work)
    flags = sorted(set(existing.server_flags) | set(work.fetched.flags))
    if flags != existing.server_flags:
        existing.server_flags = flags
    work.message = existing
    work.outcome = "duplicate"
    return STOP


def sender(ctx: Ingest, work: Work) -> str | None:
    assert work.parsed is not None
    work.verdict = classify_sender(work.parsed, ctx.school, in_sent_folder=work.role == "sent")
    return None


def parent(ctx: Ingest, work: Work) -> str | None:
    assert work.parsed is not None and work.verdict is not None
    if work.verdict.kind == "parent":
        work.parent = ctx.parents.resolve(
            work.parsed.from_address, work.parsed.from_name, work.received_at
        )
    return None


def thread(ctx: Ingest, work: Work) -> str | None:
    assert work.parsed is not None and work.verdict is not None
    message = _message_row(ctx, work)
    placement = ctx.threader.place(message, work.parent)
    message.thread_reason = placement.reason[:200]
    if placement.thread is not None:
        _join(ctx, message, placement.thread)
    work.message = message
    return None


def store(ctx: Ingest, work: Work) -> str | None:
    assert work.message is not None
    message = work.message
    ctx.session.add(message)
    ctx.session.flush()
    assert message.id is not None
    for ref in dict.fromkeys((*message.in_reply_to, *message.references)):
        if ref and ref != message.message_id:
            ctx.session.add(MessageRef(message_pk=message.id, ref=ref[:998]))
    add_location(ctx, message, work, new=True)
    if message.thread_id is not None:
        _adopt_orphans(ctx, message)
    work.outcome = "stored"
    return None


STAGES: tuple[tuple[str, Callable[[Ingest, Work], str | None]], ...] = (
    ("parse", parse),
    ("dedupe", dedupe),
    ("sender", sender),
    ("parent", parent),
    ("thread", thread),
    ("store", store),
)


def run_stages(ctx: Ingest, work: Work, on_stage: Callable[[str], None]) -> None:
    for name, stage in STAGES:
        on_stage(name)
        if stage(ctx, work) == STOP:
            return


def dedupe_key(parsed: ParsedMessage, raw: bytes) -> str:
    if parsed.message_id:
        basis = f"id:{parsed.message_id}\n{parsed.body_hash}"
    else:  # nothing to go on but the bytes, which an IMAP copy keeps exactly
        basis = "raw:" + hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def add_location(ctx: Ingest, message: Message, work: Work, new: bool = False) -> None:
    """Record where the message sits; a message stored just now cannot have a location yet."""
    assert message.id is not None
    exists = None if new else ctx.session.exec(
        select(MessageLocation.id).where(
            MessageLocation.folder == work.fetched.folder,
            MessageLocation.uidvalidity == work.uidvalidity,
            MessageLocation.uid == work.fetched.uid,
        )
    ).first()
    if exists is None:
        ctx.session.add(
            MessageLocation(
                message_pk=message.id,
                folder=work.fetched.folder,
                uidvalidity=work.uidvalidity,
                uid=work.fetched.uid,
                seen_at=ctx.now,
            )
        )


def _message_row(ctx: Ingest, work: Work) -> Message:
    p, verdict = work.parsed, work.verdict
    assert p is not None and verdict is not None
    outbound = _is_outbound(ctx.school, p, verdict, work.role)
    return Message(
        dedupe_key=work.dedupe_key,
        message_id=p.message_id[:998],
        in_reply_to=list(p.in_reply_to[:20]),
        references=list(p.references[-100:]),
        subject=p.subject[:2000],
        subject_key=normalise_subject(p.subject)[:2000],
        from_address=p.from_address[:320],
        from_name=p.from_name[:200],
        to_addresses=[a for _n, a in p.to][:200],
        cc_addresses=[a for _n, a in p.cc][:200],
        date_header=p.date,
        received_at=work.received_at,
        direction="outbound" if outbound else "inbound",
        sender_kind=verdict.kind,
        sender_reason=verdict.reason[:200],
        parent_id=work.parent.id if work.parent else None,
        text=p.text,
        new_text=p.new_text,
        has_quote=p.has_quote,
        text_from_html=p.text_from_html,
        attachments=[
            {"filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in p.attachments
        ],
        size=p.size,
        body_hash=p.body_hash,
        server_flags=list(work.fetched.flags),
        defects=list(p.defects),
        stored_at=ctx.now,
    )


def _is_outbound(
    school: SchoolIdentity, p: ParsedMessage, verdict: SenderVerdict, role: str
) -> bool:
    """From the school to the outside world: the Sent folder, the school's own address, or a
    member of staff writing to someone who is not staff (a reply copied to the office)."""
    if role == "sent" or school.is_own_address(p.from_address):
        return True
    if verdict.kind != "staff":
        return False
    recipients = [a for _n, a in (*p.to, *p.cc) if a]
    return any(not school.is_staff(a) for a in recipients)


def _join(ctx: Ingest, message: Message, thread: Thread) -> None:
    message.thread_id = thread.id
    if message.parent_id is None:
        message.parent_id = thread.parent_id
    message.matter = thread.matter
    if message.received_at > thread.last_activity_at:
        thread.last_activity_at = message.received_at
    if thread.status != "open" and message.sender_kind == "parent":
        thread.status = "open"


def _adopt_orphans(ctx: Ingest, message: Message) -> None:
    """Messages without a thread that belong with this one join its thread: the school's
    first email that this parent answers, and replies to this message read before it."""
    thread = ctx.session.get(Thread, message.thread_id)
    assert thread is not None
    answered = [r for r in (*message.in_reply_to, *message.references) if r]
    conditions = (
        [
            Message.id.in_(  # type: ignore[union-attr]
                select(MessageRef.message_pk).where(MessageRef.ref == message.message_id)
            )
        ]
        if message.message_id
        else []
    )
    if answered:
        conditions.append(
            Message.message_id.in_(answered) & (Message.direction == "outbound")  # type: ignore[attr-defined]
        )
    if not conditions:
        return
    orphans = ctx.session.exec(
        select(Message).where(
            Message.thread_id.is_(None),  # type: ignore[union-attr]
            Message.sender_kind != "automated",
            or_(*conditions),
        )
    ).all()
    for orphan in orphans:
        if orphan.id == message.id:
            continue
        orphan.thread_id = thread.id
        orphan.matter = thread.matter
        if orphan.parent_id is None:
            orphan.parent_id = thread.parent_id
        orphan.thread_reason = "linked by reply headers to a message in this thread"
        thread.opened_at = min(thread.opened_at, orphan.received_at)
        thread.last_activity_at = max(thread.last_activity_at, orphan.received_at)
