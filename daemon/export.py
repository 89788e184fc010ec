"""Subject access: everything the daemon holds about one parent, as JSON and readable HTML.

:func:`gather` is the one definition of "held about a parent", shared with erasure
(``daemon/erase.py``), so the two can never disagree: the parent and all their addresses;
their messages, the staff replies in their threads and mail sent to any of their addresses;
their threads, flags (with evidence), cases and decisions, contact plans, reasonable
adjustments and matter corrections; the outbox messages sent to them; the audit events
about them; and quarantined messages from them. Messages from another parent that happen
to sit in one of their threads are that other parent's data and are left out.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, or_
from sqlmodel import Session, SQLModel, col, select

from daemon.log import get_logger
from daemon.pipeline.addresses import normalise_address, short_hash
from daemon.render import Templates
from daemon.store.models import (
    AuditEvent,
    Case,
    CaseDecision,
    ContactPlan,
    Flag,
    MatterCorrection,
    Message,
    MessageLocation,
    Outbox,
    Parent,
    ParentAddress,
    ParentAdjustment,
    Quarantine,
    Thread,
)


@dataclass
class ParentRecords:
    parent: Parent
    addresses: list[str]
    threads: list[Thread] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    locations: list[MessageLocation] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    decisions: list[CaseDecision] = field(default_factory=list)
    contact_plans: list[ContactPlan] = field(default_factory=list)
    adjustments: list[ParentAdjustment] = field(default_factory=list)
    corrections: list[MatterCorrection] = field(default_factory=list)
    outbox: list[Outbox] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    quarantine: list[Quarantine] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            name: len(getattr(self, name))
            for name in (
                "addresses",
                "threads",
                "messages",
                "locations",
                "flags",
                "cases",
                "decisions",
                "contact_plans",
                "adjustments",
                "corrections",
                "outbox",
                "audit",
                "quarantine",
            )
        }


def find_parent(s: Session, address: str) -> Parent | None:
    """The parent who wrote from ``address`` (any of their addresses, any spelling)."""
    normal = normalise_address(address)
    if not normal:
        return None
    link = s.get(ParentAddress, normal)
    if link is not None:
        return s.get(Parent, link.parent_id)
    return s.exec(select(Parent).where(Parent.address == normal)).first()


def gather(s: Session, parent: Parent) -> ParentRecords:
    assert parent.id is not None
    pid = parent.id
    addresses = sorted(
        {parent.address}
        | set(s.exec(select(ParentAddress.address).where(ParentAddress.parent_id == pid)).all())
    )
    r = ParentRecords(parent=parent, addresses=addresses)
    r.threads = list(
        s.exec(select(Thread).where(Thread.parent_id == pid).order_by(col(Thread.id))).all()
    )
    thread_ids = [t.id for t in r.threads]
    mentions = [
        cast(column, String).contains(f'"{a}"')
        for a in addresses
        for column in (Message.to_addresses, Message.cc_addresses)
    ]
    r.messages = list(
        s.exec(
            select(Message)
            .where(
                or_(
                    col(Message.parent_id) == pid,
                    col(Message.thread_id).in_(thread_ids) & col(Message.parent_id).is_(None),
                    col(Message.from_address).in_(addresses)
                    & (col(Message.parent_id).is_(None) | (col(Message.parent_id) == pid)),
                    *[m & col(Message.parent_id).is_(None) for m in mentions],
                )
            )
            .order_by(col(Message.received_at), col(Message.id))
        ).all()
    )
    pks = [m.id for m in r.messages]
    r.locations = list(
        s.exec(select(MessageLocation).where(col(MessageLocation.message_pk).in_(pks))).all()
    )
    r.flags = list(
        s.exec(
            select(Flag)
            .where((col(Flag.parent_id) == pid) | col(Flag.message_pk).in_(pks))
            .order_by(col(Flag.id))
        ).all()
    )
    r.cases = list(s.exec(select(Case).where(Case.parent_id == pid).order_by(col(Case.id))).all())
    r.decisions = list(
        s.exec(
            select(CaseDecision)
            .where(col(CaseDecision.case_id).in_([c.id for c in r.cases]))
            .order_by(col(CaseDecision.id))
        ).all()
    )
    r.contact_plans = list(s.exec(select(ContactPlan).where(ContactPlan.parent_id == pid)).all())
    r.adjustments = list(
        s.exec(select(ParentAdjustment).where(ParentAdjustment.parent_id == pid)).all()
    )
    r.corrections = list(
        s.exec(
            select(MatterCorrection).where(col(MatterCorrection.thread_id).in_(thread_ids))
        ).all()
    )
    r.outbox = list(
        s.exec(
            select(Outbox)
            .where(
                or_(
                    col(Outbox.parent_id) == pid,
                    col(Outbox.message_pk).in_(pks),
                    *[cast(Outbox.recipients, String).contains(f'"{a}"') for a in addresses],
                )
            )
            .order_by(col(Outbox.id))
        ).all()
    )
    r.audit = list(
        s.exec(
            select(AuditEvent)
            .where(
                or_(
                    col(AuditEvent.parent_id) == pid,
                    col(AuditEvent.thread_id).in_(thread_ids),
                    col(AuditEvent.message_pk).in_(pks),
                )
            )
            .order_by(col(AuditEvent.id))
        ).all()
    )
    r.quarantine = [
        q
        for q in s.exec(select(Quarantine).order_by(col(Quarantine.id))).all()
        if q.resolved_message_pk in pks or _sender_of(q.raw) in addresses
    ]
    return r


def export_parent(
    s: Session,
    parent: Parent,
    out_dir: Path,
    *,
    now: datetime,
    tz: Any,
    templates: Templates,
) -> tuple[Path, Path]:
    """Write ``steward-export-<hash>-<date>.json`` and ``.html`` (mode 0600) into out_dir."""
    records = gather(s, parent)
    data = to_data(records, now=now, tz=tz)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"steward-export-{short_hash(parent.address)}-{now.astimezone(tz).date().isoformat()}"
    json_path, html_path = out_dir / f"{stem}.json", out_dir / f"{stem}.html"
    _write_private(json_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    html = templates.env.get_template("export/parent.html.j2").render(**data)
    _write_private(html_path, html)
    get_logger(parent=short_hash(parent.address)).info("parent.exported", **records.counts())
    return json_path, html_path


def to_data(r: ParentRecords, *, now: datetime, tz: Any) -> dict[str, Any]:
    flags_by_message: dict[int, list[dict[str, Any]]] = {}
    flags = [_row(f, tz) for f in r.flags]
    for f in flags:
        flags_by_message.setdefault(f["message_pk"], []).append(f)
    folders: dict[int, list[dict[str, Any]]] = {}
    for loc in r.locations:
        folders.setdefault(loc.message_pk, []).append(_row(loc, tz, skip=("message_pk",)))
    messages = []
    for m in r.messages:
        row = _row(m, tz)
        row["locations"] = folders.get(m.id or 0, [])
        row["flags"] = flags_by_message.get(m.id or 0, [])
        messages.append(row)
    decisions: dict[int, list[dict[str, Any]]] = {}
    for d in r.decisions:
        decisions.setdefault(d.case_id, []).append(_row(d, tz))
    cases = [{**_row(c, tz), "decisions": decisions.get(c.id or 0, [])} for c in r.cases]
    outbox = []
    for o in r.outbox:
        row = _row(o, tz, skip=("raw",))
        row["text"] = _body_text(o.raw)
        outbox.append(row)
    return {
        "exported_at": now.astimezone(tz).isoformat(),
        "parent": {**_row(r.parent, tz), "addresses": r.addresses},
        "counts": r.counts(),
        "threads": [
            {**_row(t, tz), "message_ids": [m.id for m in r.messages if m.thread_id == t.id]}
            for t in r.threads
        ],
        "messages": messages,
        "flags": flags,
        "cases": cases,
        "contact_plans": [_row(p, tz) for p in r.contact_plans],
        "adjustments": [_row(a, tz) for a in r.adjustments],
        "matter_corrections": [_row(c, tz) for c in r.corrections],
        "outbox": outbox,
        "audit": [_row(a, tz) for a in r.audit],
        "quarantine": [
            {**_row(q, tz, skip=("raw",)), "raw_text": q.raw.decode("utf-8", "replace")}
            for q in r.quarantine
        ],
    }


def _row(obj: SQLModel, tz: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.model_dump().items():
        if key in skip:
            continue
        if isinstance(value, datetime):
            value = value.astimezone(tz).isoformat()
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, bytes):
            continue
        out[key] = value
    return out


def _body_text(raw: bytes) -> str | None:
    """The plain-text body of a message we sent; None once its bytes were purged."""
    if not raw:
        return None
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body(("plain",))
    return str(body.get_content()) if body is not None else None


def _sender_of(raw: bytes) -> str:
    """The normalised From address of raw bytes, or "" (purged, unreadable, absent)."""
    if not raw:
        return ""
    try:
        headers = email.message_from_bytes(raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0])
        found = getaddresses([str(v) for v in headers.get_all("From", [])])
    except Exception:  # noqa: BLE001 - quarantined bytes are by definition unusual
        return ""
    return normalise_address(found[0][1]) if found else ""


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when the file was already there with wider rights
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
