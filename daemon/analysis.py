"""Reading each parent email against the communication policy: classifiers → stored flags.

For every inbound parent email not yet analysed, the text classifiers (shouting, abuse,
safeguarding) read the parent's own new words, and the history classifiers (volume,
repetition, duplicates, chasing) read it against that parent's earlier emails and the
school's replies. Each finding becomes a :class:`Flag` with its score, evidence and one-line
explanation. A reasonable adjustment switches a kind off for one parent; the finding is then
not stored. Nothing here sends anything: alerts and cases read the stored flags.

The pipeline is data (:data:`TEXT_KINDS`, :data:`HISTORY_KINDS`): adding an analysis is adding
a module under ``classifiers/`` with a ``Settings`` dataclass and a ``detect`` function.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from classifiers.base import FLAG_KINDS, Finding, PastMessage
from daemon.log import get_logger
from daemon.pipeline.autoreply import is_own_message_id
from daemon.runner import Stopped
from daemon.store.models import Flag, Message, ParentAdjustment
from daemon.workdays import SchoolCalendar

TEXT_KINDS: tuple[str, ...] = ("safeguarding", "abusive", "shouting")
HISTORY_KINDS: tuple[str, ...] = ("volume", "repeated", "duplicate", "chasing")
ALL_KINDS = TEXT_KINDS + HISTORY_KINDS
assert set(ALL_KINDS) == set(FLAG_KINDS)
HISTORY_DAYS = 60  # how far back history classifiers look
_CHUNK = 500


def classifier(kind: str) -> Any:
    return importlib.import_module(f"classifiers.{kind}")


def classifier_settings(overrides: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each kind's Settings dataclass with the school's ``[flags.<kind>]`` values applied.
    Raises TypeError/ValueError naming the bad key (config validation calls this)."""
    out = {}
    for kind in ALL_KINDS:
        module = classifier(kind)
        values = dict(overrides.get(kind, {}))
        values.pop("enabled", None)
        out[kind] = module.Settings(**_tuples(values))
    return out


def _tuples(values: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


@dataclass
class AnalysisReport:
    analysed: int = 0
    flags: dict[str, int] = field(default_factory=dict)
    skipped_old: int = 0
    new_flag_ids: list[int] = field(default_factory=list)
    message_pks: list[int] = field(default_factory=list)  # parent emails read this time


def analyse_new(
    s: Session,
    *,
    calendar: SchoolCalendar,
    settings: Mapping[str, Any],
    enabled: Mapping[str, bool],
    now: datetime,
    analyse_after: datetime | None = None,
    adjustments: Mapping[str, frozenset[str]] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> AnalysisReport:
    """Analyse every message not yet analysed. Mail received before ``analyse_after`` (old
    mail found on a first run) is marked analysed without flags: a rolling-window policy has
    nothing to say about last year's email.

    ``should_stop`` is asked before each message; when it says yes :class:`Stopped` is raised
    and the caller rolls the whole transaction back (nothing half-analysed is kept)."""
    report = AnalysisReport()
    config_adjust = adjustments or {}
    if analyse_after is not None:
        report.skipped_old = _skip_old(s, analyse_after, now)
    while True:
        batch = s.exec(
            select(Message)
            .options(load_only(*_READ_COLUMNS))
            .where(col(Message.analysed_at).is_(None))
            .order_by(col(Message.received_at), col(Message.id))
            .limit(_CHUNK)
        ).all()
        if not batch:
            return report
        # Each parent's earlier mail, read once for the batch: what the history classifiers
        # see of the days before the parent's first email in this batch.
        first = [m for m in batch if _analysable(m, analyse_after)]
        histories = _histories(s, first)
        switched_off = _switched_off(s, {m.parent_id for m in first if m.parent_id is not None})
        started: set[int] = set()  # parents whose first email in this batch has been read
        seen: dict[int, PastMessage] = {}
        raised: list[tuple[Flag, Message]] = []
        for m in batch:
            if should_stop is not None and should_stop():
                raise Stopped()
            m.analysed_at = now
            if not _analysable(m, None):
                if m.parent_id in started and m.sender_kind != "automated":
                    histories[m.parent_id].append(m)  # a school reply later mail may ignore
                continue
            if analyse_after is not None and m.received_at < analyse_after:
                report.skipped_old += 1
                continue
            assert m.parent_id is not None
            report.analysed += 1
            report.message_pks.append(m.id)  # type: ignore[arg-type]
            off = switched_off[m.parent_id] | config_adjust.get(m.from_address, frozenset())
            started.add(m.parent_id)
            history = [
                _past(h, seen)
                for h in histories[m.parent_id]
                if h.received_at < m.received_at and h.id != m.id
            ]
            current = _past(m, seen)
            for finding in run_classifiers(current, history, calendar, settings, enabled, off):
                flag = Flag(
                    kind=finding.kind,
                    message_pk=m.id,  # type: ignore[arg-type]
                    thread_id=m.thread_id,
                    parent_id=m.parent_id,
                    score=round(float(finding.score), 3),
                    explanation=finding.explanation[:500],
                    evidence=dict(finding.evidence),
                    created_at=now,
                )
                s.add(flag)
                raised.append((flag, m))
            histories[m.parent_id].append(m)
        s.flush()  # one INSERT round for the batch's flags, in the order they were raised
        for flag, m in raised:
            assert flag.id is not None
            report.new_flag_ids.append(flag.id)
            report.flags[flag.kind] = report.flags.get(flag.kind, 0) + 1
            get_logger(message_pk=m.id, flag_id=flag.id).info(
                "flag.raised", kind=flag.kind, score=flag.score
            )
        # Written: let the batch's rows go (a first run reads thousands).
        s.expunge_all()
        del batch, histories, seen, raised


# What reading a message (and its history) needs: :func:`past` and the flag's links.
_READ_COLUMNS: tuple[Any, ...] = (
    Message.id,
    Message.message_id,
    Message.received_at,
    Message.direction,
    Message.sender_kind,
    Message.parent_id,
    Message.thread_id,
    Message.from_address,
    Message.new_text,
    Message.text,
    Message.subject,
    Message.matter,
    Message.attachments,
    Message.ack_due,
    Message.acknowledged_at,
    Message.analysed_at,
)


def _analysable(m: Message, analyse_after: datetime | None) -> bool:
    """An inbound parent email (received at or after ``analyse_after``, when given)."""
    if m.direction != "inbound" or m.sender_kind != "parent" or m.parent_id is None:
        return False
    return analyse_after is None or m.received_at >= analyse_after


def _skip_old(s: Session, analyse_after: datetime, now: datetime) -> int:
    """Mark analysed, without reading them, the whole batches of mail from before
    ``analyse_after`` that come first (a first run over a year of mail); return how many of
    them were parents' emails.

    Exactly what reading those batches one by one would do: nothing in them is analysed, and
    what a batch remembers of a parent's history ends with the batch. The batch holding the
    first newer message is read as before (with its old mail), so every later batch starts
    where it always did, and what a history holds does not change.
    """
    unread = col(Message.analysed_at).is_(None)
    old = s.exec(
        select(func.count())
        .select_from(Message)
        .where(unread, col(Message.received_at) < analyse_after)
    ).one()
    whole = (int(old) // _CHUNK) * _CHUNK
    if not whole:
        return 0
    rows = s.exec(
        select(Message.id, Message.direction, Message.sender_kind, Message.parent_id)
        .where(unread)
        .order_by(col(Message.received_at), col(Message.id))
        .limit(whole)
    ).all()
    parents = sum(
        1
        for _id, direction, kind, parent in rows
        if direction == "inbound" and kind == "parent" and parent is not None
    )
    ids = [pk for pk, *_rest in rows]
    for start in range(0, len(ids), _CHUNK):
        s.exec(
            update(Message)
            .where(col(Message.id).in_(ids[start : start + _CHUNK]))
            .values(analysed_at=now)
            .execution_options(synchronize_session=False)
        )
    return parents


def _past(m: Message, seen: dict[int, PastMessage]) -> PastMessage:
    assert m.id is not None
    found = seen.get(m.id)
    if found is None:
        found = seen[m.id] = past(m)
    return found


def run_classifiers(
    current: PastMessage,
    history: Sequence[PastMessage],
    calendar: SchoolCalendar | None,
    settings: Mapping[str, Any],
    enabled: Mapping[str, bool],
    switched_off: frozenset[str] = frozenset(),
) -> list[Finding]:
    findings = []
    for kind in ALL_KINDS:
        if not enabled.get(kind, True) or (kind in switched_off and kind != "safeguarding"):
            continue  # safeguarding is never switched off: it is about the child
        found = classify(kind, classifier(kind), current, history, settings[kind], calendar)
        if found is not None:
            findings.append(found)
    return findings


def classify(
    kind: str,
    module: Any,
    current: PastMessage,
    history: Sequence[PastMessage],
    settings: Any,
    calendar: SchoolCalendar | None,
) -> Finding | None:
    """One classifier on one message: the text kinds read its words, the others its history
    too. ``bench/flags.py`` scores the classifiers through this, as the pipeline runs them."""
    if kind not in TEXT_KINDS:
        return module.detect(current, history, settings, calendar=calendar)
    found: Finding | None = module.detect(current.text, current.subject, settings)
    if found is None and kind == "safeguarding":  # the rest of a concern's thread
        found = module.detect_follow_up(current, history, settings)
    return found


def past(m: Message) -> PastMessage:
    return PastMessage(
        message_id=m.message_id or f"pk:{m.id}",
        received_at=m.received_at,
        direction="outbound" if m.direction == "outbound" else "inbound",
        sender_kind=m.sender_kind if m.sender_kind in ("parent", "staff") else "automated",  # type: ignore[arg-type]
        text=m.new_text if m.new_text is not None else (m.text or ""),
        subject=m.subject or "",
        thread_id=m.thread_id,
        matter=m.matter or "general",
        attachments=tuple(a.get("filename", "") for a in (m.attachments or [])),
        is_holding_reply=is_own_message_id(m.message_id),
        ack_due=m.ack_due,
        acknowledged_at=m.acknowledged_at,
    )


def _histories(s: Session, first: Sequence[Message]) -> dict[int, list[Message]]:
    """For each parent with an email in ``first`` (in received order): their emails and the
    school's messages in their threads from the ``HISTORY_DAYS`` before the first of them,
    oldest first, automated mail left out. One query for the whole batch."""
    before: dict[int, datetime] = {}
    for m in first:
        assert m.parent_id is not None
        before.setdefault(m.parent_id, m.received_at)
    out: dict[int, list[Message]] = {pid: [] for pid in before}
    if not before:
        return out
    window = timedelta(days=HISTORY_DAYS)
    pids = list(before)
    for start in range(0, len(pids), _CHUNK):
        chunk = pids[start : start + _CHUNK]
        rows = s.exec(
            select(Message)
            .options(load_only(*_READ_COLUMNS))
            .where(col(Message.parent_id).in_(chunk))
            .where(col(Message.received_at) >= min(before[p] for p in chunk) - window)
            .where(col(Message.received_at) < max(before[p] for p in chunk))
            .order_by(col(Message.received_at), col(Message.id))
        ).all()
        for h in rows:
            pid = h.parent_id
            assert pid is not None
            if before[pid] - window <= h.received_at < before[pid] and h.sender_kind != "automated":
                out[pid].append(h)
    return out


def _switched_off(s: Session, parent_ids: set[int]) -> dict[int, frozenset[str]]:
    """Each parent's reasonable adjustments (kinds switched off), one query per chunk."""
    found: dict[int, set[str]] = {pid: set() for pid in parent_ids}
    pids = sorted(parent_ids)
    for start in range(0, len(pids), _CHUNK):
        for pid, kind in s.exec(
            select(ParentAdjustment.parent_id, ParentAdjustment.kind).where(
                col(ParentAdjustment.parent_id).in_(pids[start : start + _CHUNK])
            )
        ).all():
            found[pid].add(kind)
    return {pid: frozenset(kinds) for pid, kinds in found.items()}
