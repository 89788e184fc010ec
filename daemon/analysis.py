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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classifiers.base import FLAG_KINDS, Finding, PastMessage
from daemon.log import get_logger
from daemon.pipeline.autoreply import is_own_message_id
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
) -> AnalysisReport:
    """Analyse every message not yet analysed. Mail received before ``analyse_after`` (old
    mail found on a first run) is marked analysed without flags: a rolling-window policy has
    nothing to say about last year's email."""
    report = AnalysisReport()
    config_adjust = adjustments or {}
    while True:
        batch = s.exec(
            select(Message)
            .where(col(Message.analysed_at).is_(None))
            .order_by(col(Message.received_at), col(Message.id))
            .limit(_CHUNK)
        ).all()
        if not batch:
            return report
        histories: dict[int, list[Message]] = {}
        switched_off: dict[int, frozenset[str]] = {}
        for m in batch:
            m.analysed_at = now
            if m.direction != "inbound" or m.sender_kind != "parent" or m.parent_id is None:
                if m.parent_id in histories and m.sender_kind != "automated":
                    histories[m.parent_id].append(m)  # a school reply later mail may ignore
                continue
            if analyse_after is not None and m.received_at < analyse_after:
                report.skipped_old += 1
                continue
            report.analysed += 1
            report.message_pks.append(m.id)  # type: ignore[arg-type]
            if m.parent_id not in switched_off:
                switched_off[m.parent_id] = _switched_off(s, m.parent_id)
            off = switched_off[m.parent_id] | config_adjust.get(m.from_address, frozenset())
            if m.parent_id not in histories:
                histories[m.parent_id] = _history_rows(s, m.parent_id, m.received_at)
            history = [
                past(h)
                for h in histories[m.parent_id]
                if h.received_at < m.received_at and h.id != m.id
            ]
            current = past(m)
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
                s.flush()
                assert flag.id is not None
                report.new_flag_ids.append(flag.id)
                report.flags[finding.kind] = report.flags.get(finding.kind, 0) + 1
                get_logger(message_pk=m.id, flag_id=flag.id).info(
                    "flag.raised", kind=finding.kind, score=flag.score
                )
            histories[m.parent_id].append(m)
        s.flush()


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
        module = classifier(kind)
        if kind in TEXT_KINDS:
            found = module.detect(current.text, current.subject, settings[kind])
        else:
            found = module.detect(current, history, settings[kind], calendar=calendar)
        if found is not None:
            findings.append(found)
    return findings


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


def _history_rows(s: Session, parent_id: int, before: datetime) -> list[Message]:
    """The parent's emails and the school's messages in the parent's threads."""
    since = before - timedelta(days=HISTORY_DAYS)
    own = s.exec(
        select(Message)
        .where(Message.parent_id == parent_id)
        .where(col(Message.received_at) >= since)
        .where(col(Message.received_at) < before)
        .order_by(col(Message.received_at))
    ).all()
    return [m for m in own if m.sender_kind != "automated"]


def _switched_off(s: Session, parent_id: int) -> frozenset[str]:
    return frozenset(
        s.exec(select(ParentAdjustment.kind).where(ParentAdjustment.parent_id == parent_id)).all()
    )
