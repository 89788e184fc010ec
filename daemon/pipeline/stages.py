"""The ingest pipeline, declared as data: an ordered list of named stages.

Each stage reads and extends one :class:`Work` item. A stage may end the pipeline early
(a duplicate needs nothing more). Stages do not catch errors: the runner does, rolls back
that one message and quarantines it with the name of the stage that failed.

Speed, for a first run over a year of mail, without changing what is stored:

* the runner may parse a whole batch ahead (``Work.parsed`` is then set and the parse stage
  has nothing left to do) and call :func:`prepare_batch`, which reads in a few queries which
  of the batch's dedupe keys, Message-IDs, references and addresses the store may already
  hold (:class:`StoredKeys`). A lookup that set proves empty is skipped; any other lookup
  is made exactly as before, so the sets only ever save work, never decide anything;
* a new message, its references and its location are inserted with SQLAlchemy Core: the
  ORM's unit of work adds nothing for rows that are written once and not read back here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import bindparam, insert
from sqlmodel import Session, col, select

from daemon.mailbox.base import FetchedMessage
from daemon.pipeline.autoreply import reply_blockers
from daemon.pipeline.message import ParsedMessage
from daemon.pipeline.parents import ParentDirectory
from daemon.pipeline.parse import parse_message
from daemon.pipeline.sender import SchoolIdentity, SenderVerdict, classify_sender
from daemon.pipeline.subjects import normalise_subject
from daemon.pipeline.threads import Threader
from daemon.store.models import Message, MessageLocation, MessageRef, Parent, Thread

STOP = "stop"
# Values per IN (...) list: well under every backend's limit on bound parameters.
_IN_CHUNK = 500


class StoredKeys:
    """For one batch: which dedupe keys, Message-IDs and references the store may hold.

    Each set is a superset of the truth, read before the batch (:meth:`read`) and grown
    with every row the batch writes (a write later rolled back only leaves a harmless extra
    entry). So "not in the set" proves "not stored" and the lookup can be skipped; "in the
    set" proves nothing and the lookup is made. Until :meth:`read` runs, everything "may"
    be stored.
    """

    def __init__(self) -> None:
        self.loaded = False
        self.dedupe_keys: set[str] = set()
        self.message_ids: set[str] = set()
        self.outbound_ids: set[str] = set()
        self.referenced: set[str] = set()
        self.thread_ids: set[int] = set()  # threads of the stored messages the batch names

    def read(
        self, s: Session, keys: Iterable[str], ids: Iterable[str], refs: Iterable[str]
    ) -> None:
        """Read the batch's ``keys`` (dedupe), own Message-``ids`` and the ``refs`` it names."""
        self.dedupe_keys.update(
            _in_chunks(
                s,
                lambda part: select(Message.dedupe_key).where(col(Message.dedupe_key).in_(part)),
                keys,
            )
        )
        for message_id, direction, thread_id in _in_chunks(
            s,
            lambda part: select(Message.message_id, Message.direction, Message.thread_id).where(
                col(Message.message_id).in_(part)
            ),
            refs,
        ):
            self.message_ids.add(message_id)
            if direction == "outbound":
                self.outbound_ids.add(message_id)
            if thread_id is not None:
                self.thread_ids.add(thread_id)
        self.referenced.update(
            _in_chunks(
                s, lambda part: select(MessageRef.ref).where(col(MessageRef.ref).in_(part)), ids
            )
        )
        self.loaded = True

    def forget(self) -> None:
        """Say "maybe" to everything from now on (something was read outside the batch)."""
        self.loaded = False

    def maybe_duplicate(self, key: str) -> bool:
        return not self.loaded or key in self.dedupe_keys

    def maybe_stored(self, message_ids: Sequence[str]) -> bool:
        return not self.loaded or any(m in self.message_ids for m in message_ids)

    def maybe_outbound(self, message_ids: Sequence[str]) -> bool:
        return not self.loaded or any(m in self.outbound_ids for m in message_ids)

    def maybe_referenced(self, message_id: str) -> bool:
        return not self.loaded or message_id in self.referenced

    def add(self, message: Any, refs: Iterable[str]) -> None:
        """A message row and its references were written in this batch."""
        self.dedupe_keys.add(message.dedupe_key)
        self.message_ids.add(message.message_id)
        if message.direction == "outbound":
            self.outbound_ids.add(message.message_id)
        self.referenced.update(refs)


@dataclass
class Ingest:
    """What every message of one batch shares."""

    session: Session
    school: SchoolIdentity
    parents: ParentDirectory
    threader: Threader
    now: datetime
    stored: StoredKeys = field(default_factory=StoredKeys)

    def rolled_back(self) -> None:
        """A message's savepoint was rolled back: forget what it may have taught."""
        self.parents.forget()


class NewMessage(SimpleNamespace):
    """A message row being built: read like a stored :class:`Message`, written with Core."""

    id: int | None
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    subject_key: str
    from_name: str
    new_text: str | None
    sender_kind: str
    direction: str
    received_at: datetime
    dedupe_key: str
    thread_id: int | None
    parent_id: int | None
    matter: str
    thread_reason: str

    def row(self) -> dict[str, Any]:
        values = {name: factory() for name, factory in _MESSAGE_FACTORIES.items()}
        values.update(_MESSAGE_DEFAULTS)
        values.update((k, v) for k, v in vars(self).items() if k in _MESSAGE_COLUMNS)
        return values


@dataclass
class Work:
    fetched: FetchedMessage
    uidvalidity: int
    role: str  # "inbox" | "sent"
    parsed: ParsedMessage | None = None
    dedupe_key: str = ""
    verdict: SenderVerdict | None = None
    parent: Parent | None = None
    message: Message | NewMessage | None = None
    outcome: str = ""  # "stored" | "duplicate"
    notes: list[str] = field(default_factory=list)

    @property
    def received_at(self) -> datetime:
        assert self.fetched.internaldate is not None
        return self.fetched.internaldate


def parse(ctx: Ingest, work: Work) -> str | None:
    if work.parsed is None:  # not parsed ahead with its batch
        work.parsed = parse_message(work.fetched.raw)
        if ctx.stored.loaded:  # the batch's lookups were read without this message
            ctx.stored.forget()
            ctx.parents.expect_anything()
    return None


def dedupe(ctx: Ingest, work: Work) -> str | None:
    """The same message filed into a second folder, or seen again, is one stored message."""
    assert work.parsed is not None
    work.dedupe_key = dedupe_key(work.parsed, work.fetched.raw)
    if not ctx.stored.maybe_duplicate(work.dedupe_key):
        return None
    existing = ctx.session.exec(_BY_DEDUPE_KEY, params={"key": work.dedupe_key}).first()
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
    message = work.message
    assert isinstance(message, NewMessage)
    connection = ctx.session.connection()  # this message's savepoint is on it
    inserted = connection.execute(_INSERT_MESSAGE, message.row()).inserted_primary_key
    assert inserted is not None
    message.id = int(inserted[0])
    refs = [
        ref[:998]
        for ref in dict.fromkeys((*message.in_reply_to, *message.references))
        if ref and ref != message.message_id
    ]
    if refs:
        connection.execute(_INSERT_REF, [{"message_pk": message.id, "ref": r} for r in refs])
    add_location(ctx, message, work, new=True)
    ctx.stored.add(message, refs)
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


def prepare_batch(ctx: Ingest, works: Sequence[Work]) -> None:
    """Read, in a few queries, what the batch's lookups could find (see :class:`StoredKeys`).

    Only messages already parsed ahead take part; one parsed later by its own stage makes
    the rest of the batch fall back to asking the database every time.
    """
    parsed = [(w, w.parsed) for w in works if w.parsed is not None]
    keys = [dedupe_key(p, w.fetched.raw) for w, p in parsed]
    ids = {p.message_id[:998] for _w, p in parsed if p.message_id}
    refs = {r for _w, p in parsed for r in (*p.in_reply_to[:20], *p.references[-100:]) if r}
    ctx.stored.read(ctx.session, keys, ids, refs)
    ctx.parents.expect(p.from_address for _w, p in parsed)
    ctx.threader.preload(ctx.stored.thread_ids)


def dedupe_key(parsed: ParsedMessage, raw: bytes) -> str:
    if parsed.message_id:
        basis = f"id:{parsed.message_id}\n{parsed.body_hash}"
    else:  # nothing to go on but the bytes, which an IMAP copy keeps exactly
        basis = "raw:" + hashlib.sha256(raw).hexdigest()
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def add_location(ctx: Ingest, message: Message | NewMessage, work: Work, new: bool = False) -> None:
    """Record where the message sits; a message stored just now cannot have a location yet."""
    assert message.id is not None
    exists = (
        None
        if new
        else ctx.session.exec(
            _LOCATION,
            params={
                "folder": work.fetched.folder,
                "uidvalidity": work.uidvalidity,
                "uid": work.fetched.uid,
            },
        ).first()
    )
    if exists is None:
        ctx.session.connection().execute(
            _INSERT_LOCATION,
            {
                "message_pk": message.id,
                "folder": work.fetched.folder,
                "uidvalidity": work.uidvalidity,
                "uid": work.fetched.uid,
                "seen_at": ctx.now,
            },
        )


def _message_row(ctx: Ingest, work: Work) -> NewMessage:
    p, verdict = work.parsed, work.verdict
    assert p is not None and verdict is not None
    outbound = _is_outbound(ctx.school, p, verdict, work.role)
    return NewMessage(
        id=None,
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
        thread_id=None,
        thread_reason="",
        matter=_MESSAGE_DEFAULTS["matter"],
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
        reply_blockers=reply_blockers(p, ctx.school, verdict),
        return_path=(p.return_path or "")[:320] if p.return_path is not None else None,
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


def _join(ctx: Ingest, message: NewMessage, thread: Thread) -> None:
    message.thread_id = thread.id
    if message.parent_id is None:
        message.parent_id = thread.parent_id
    message.matter = thread.matter
    if message.received_at > thread.last_activity_at:
        thread.last_activity_at = message.received_at
    if thread.status != "open" and message.sender_kind == "parent":
        thread.status = "open"


def _adopt_orphans(ctx: Ingest, message: NewMessage) -> None:
    """Messages without a thread that belong with this one join its thread: the school's
    first email that this parent answers, and replies to this message read before it."""
    answered = [r for r in (*message.in_reply_to, *message.references) if r]
    orphans: dict[int | None, Message] = {}
    # Each lookup is skipped when the batch knows it would find nothing.
    if message.message_id and ctx.stored.maybe_referenced(message.message_id):
        for orphan in ctx.session.exec(_ORPHANS_REPLYING, params={"ref": message.message_id}):
            orphans[orphan.id] = orphan
    if answered and ctx.stored.maybe_outbound(answered):
        answers = ctx.session.exec(_OUTBOUND_WITH_IDS, params={"ids": answered}).all()
        if answers:
            for orphan in ctx.session.exec(_ORPHANS_WITH_PKS, params={"pks": list(answers)}):
                orphans[orphan.id] = orphan
    orphans.pop(message.id, None)
    if not orphans:
        return
    thread = ctx.session.get(Thread, message.thread_id)
    assert thread is not None
    for orphan in orphans.values():
        orphan.thread_id = thread.id
        orphan.matter = thread.matter
        if orphan.parent_id is None:
            orphan.parent_id = thread.parent_id
        orphan.thread_reason = "linked by reply headers to a message in this thread"
        thread.opened_at = min(thread.opened_at, orphan.received_at)
        thread.last_activity_at = max(thread.last_activity_at, orphan.received_at)


def _in_chunks(
    s: Session, statement: Callable[[list[str]], Any], values: Iterable[str]
) -> list[Any]:
    """Rows of ``statement(part)`` for each slice of the distinct ``values``."""
    distinct = sorted(set(values))
    rows: list[Any] = []
    for start in range(0, len(distinct), _IN_CHUNK):
        rows.extend(s.exec(statement(distinct[start : start + _IN_CHUNK])).all())
    return rows


def _model_defaults(model: Any) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    """What the ORM would fill in for fields a row leaves out: values, and factories."""
    values: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            factories[name] = info.default_factory
        elif info.default is not PydanticUndefined:
            values[name] = info.default
    return values, factories


_MESSAGE_COLUMNS = frozenset(c.name for c in Message.__table__.columns) - {"id"}  # type: ignore[attr-defined]
_MESSAGE_DEFAULTS, _MESSAGE_FACTORIES = _model_defaults(Message)
_MESSAGE_DEFAULTS.pop("id", None)
_INSERT_MESSAGE = insert(Message.__table__)  # type: ignore[attr-defined]
_INSERT_REF = insert(MessageRef.__table__)  # type: ignore[attr-defined]
_INSERT_LOCATION = insert(MessageLocation.__table__)  # type: ignore[attr-defined]

# Lookups made for many messages, built once (SQLAlchemy then only binds values).
_BY_DEDUPE_KEY = select(Message).where(Message.dedupe_key == bindparam("key"))
_LOCATION = select(MessageLocation.id).where(
    MessageLocation.folder == bindparam("folder"),
    MessageLocation.uidvalidity == bindparam("uidvalidity"),
    MessageLocation.uid == bindparam("uid"),
)
# Stored messages outside any thread that could join one (automated mail never does): those
# that name this message in their reply headers, and the school's messages it answers. Two
# lookups, each on its own index (one query joining them with OR made SQLite walk every
# unthreaded message).
_UNTHREADED = (col(Message.thread_id).is_(None), Message.sender_kind != "automated")
_ORPHANS_REPLYING = select(Message).where(
    col(Message.id).in_(select(MessageRef.message_pk).where(MessageRef.ref == bindparam("ref"))),
    *_UNTHREADED,
)
_OUTBOUND_WITH_IDS = select(Message.id).where(
    col(Message.message_id).in_(bindparam("ids", expanding=True)),
    Message.direction == "outbound",
)
_ORPHANS_WITH_PKS = select(Message).where(
    col(Message.id).in_(bindparam("pks", expanding=True)), *_UNTHREADED
)
