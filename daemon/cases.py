"""Persistence cases: when a parent's flags add up, SLT get a fair, evidenced case file.

A case opens when the parent's countable flags received within the rolling window add up to
the threshold (each kind weighted, safeguarding never counted). Countable means: not
dismissed, and not already dealt with by an earlier decision. While a case is open, new flags
join it. Every decision is kept (who, when, why, on which flags). A dismissal marks its flags
dismissed, so the same evidence never reopens a case; stage 3 creates a contact plan.
The daemon never sanctions anyone: it opens the file, people decide.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from daemon.config import CaseSettings
from daemon.log import get_logger
from daemon.store.models import (
    AuditEvent,
    Case,
    CaseDecision,
    ContactPlan,
    Flag,
    Message,
    Parent,
)

OUTCOMES = ("dismissed", "stage1", "stage2", "stage3")
OUTCOME_WORDS = {
    "dismissed": "dismissed (no action)",
    "stage1": "Stage 1: verbal warning",
    "stage2": "Stage 2: written warning",
    "stage3": "Stage 3: contact plan",
}


class CaseError(ValueError):
    """A decision that cannot be recorded as asked; the message says why."""


@dataclass(frozen=True)
class Tally:
    score: float
    counts: dict[str, int]
    flag_ids: list[int]

    def words(self, settings: CaseSettings) -> str:
        parts = [
            f"{n} {kind} (×{settings.weights.get(kind, 0):g})"  # type: ignore[call-overload]
            for kind, n in sorted(self.counts.items())
        ]
        return f"{', '.join(parts)} = {self.score:g} (threshold {settings.threshold:g})"


def countable_flags(
    s: Session, parent_id: int, settings: CaseSettings, now: datetime
) -> list[tuple[Flag, Message]]:
    since = now - timedelta(days=settings.window_days)
    dealt_with: set[int] = set()
    for case in s.exec(
        select(Case).where(Case.parent_id == parent_id).where(Case.status == "decided")
    ).all():
        dealt_with.update(case.flag_ids)
    rows = s.exec(
        select(Flag, Message)
        .join(Message, col(Message.id) == col(Flag.message_pk))
        .where(Flag.parent_id == parent_id)
        .where(col(Flag.dismissed_at).is_(None))
        .where(col(Message.received_at) >= since)
        .where(col(Message.received_at) <= now)
        .order_by(col(Message.received_at))
    ).all()
    return [
        (f, m)
        for f, m in rows
        if f.id not in dealt_with and settings.weights.get(f.kind, 0.0) > 0  # type: ignore[call-overload]
    ]


def tally(flags: Iterable[Flag], settings: CaseSettings) -> Tally:
    counts: Counter[str] = Counter()
    ids = []
    for f in flags:
        counts[f.kind] += 1
        assert f.id is not None
        ids.append(f.id)
    score = sum(settings.weights.get(k, 0.0) * n for k, n in counts.items())  # type: ignore[call-overload]
    return Tally(round(score, 2), dict(counts), ids)


def update_cases(
    s: Session, settings: CaseSettings, parent_ids: Iterable[int], now: datetime
) -> list[int]:
    """Open or extend cases for these parents; returns the ids of cases opened now."""
    opened = []
    for parent_id in sorted(set(parent_ids)):
        flags = [f for f, _m in countable_flags(s, parent_id, settings, now)]
        t = tally(flags, settings)
        case = s.exec(
            select(Case).where(Case.parent_id == parent_id).where(Case.status == "open")
        ).first()
        if case is not None:
            merged = list(dict.fromkeys([*case.flag_ids, *t.flag_ids]))
            if merged != case.flag_ids:
                case.flag_ids = merged
                case.severity = max(case.severity, t.score)
                case.updated_at = now
            continue
        if t.score < settings.threshold:
            continue
        case = Case(
            parent_id=parent_id,
            opened_at=now,
            updated_at=now,
            severity=t.score,
            reason=f"Flags in the last {settings.window_days} days: {t.words(settings)}"[:500],
            flag_ids=t.flag_ids,
        )
        s.add(case)
        s.flush()
        assert case.id is not None
        opened.append(case.id)
        s.add(
            AuditEvent(
                at=now,
                actor="steward",
                action="case.opened",
                parent_id=parent_id,
                detail={"case_id": case.id, "score": t.score, "flags": t.flag_ids},
            )
        )
        get_logger(case_id=case.id).info("case.opened", score=t.score)
    return opened


def decide(
    s: Session,
    case_id: int,
    *,
    outcome: str,
    by: str,
    note: str,
    now: datetime,
    supervisor: str = "",
    review_on: date | None = None,
) -> CaseDecision:
    case = s.get(Case, case_id)
    if case is None:
        raise CaseError(f"no case {case_id} (see steward cases)")
    if outcome not in OUTCOMES:
        raise CaseError(f"--outcome: expected one of {', '.join(OUTCOMES)}")
    if not by.strip():
        raise CaseError("--by: say who decided")
    if not note.strip():
        raise CaseError("--note: say why (it is kept with the decision)")
    if outcome == "stage3" and not supervisor:
        raise CaseError("stage3 needs --supervisor EMAIL (the one member of staff to write to)")
    if outcome == "stage3" and review_on is None:
        raise CaseError("stage3 needs --review-on DATE (when the contact plan is reviewed)")
    decision = CaseDecision(
        case_id=case_id,
        outcome=outcome,
        decided_by=by.strip(),
        decided_at=now,
        note=note.strip(),
        supervisor=supervisor,
        review_on=review_on,
        flag_ids=list(case.flag_ids),
    )
    s.add(decision)
    case.status = "decided"
    case.outcome = outcome
    case.updated_at = now
    if outcome == "dismissed":
        for flag in s.exec(select(Flag).where(col(Flag.id).in_(case.flag_ids))).all():
            flag.dismissed_at = now
            flag.dismissed_by = by.strip()
    if outcome == "stage3":
        for plan in active_plans(s, case.parent_id):
            plan.ended_at = now
        s.add(
            ContactPlan(
                parent_id=case.parent_id,
                case_id=case_id,
                supervisor=supervisor,
                starts_at=now,
                review_on=review_on,
            )
        )
    s.add(
        AuditEvent(
            at=now,
            actor=by.strip(),
            action=f"case.{outcome}",
            parent_id=case.parent_id,
            detail={
                "case_id": case_id,
                "note": note.strip()[:500],
                "supervisor": supervisor,
                "review_on": review_on.isoformat() if review_on else None,
            },
        )
    )
    return decision


def active_plans(s: Session, parent_id: int) -> list[ContactPlan]:
    return list(
        s.exec(
            select(ContactPlan)
            .where(ContactPlan.parent_id == parent_id)
            .where(col(ContactPlan.ended_at).is_(None))
        ).all()
    )


def case_file(s: Session, case_id: int, tz: Any) -> dict[str, Any]:
    """Everything SLT need to decide: the parent, the timeline, the flags, counts per week."""
    case = s.get(Case, case_id)
    if case is None:
        raise CaseError(f"no case {case_id} (see steward cases)")
    parent = s.get(Parent, case.parent_id)
    flags = s.exec(select(Flag).where(Flag.parent_id == case.parent_id)).all()
    by_message: dict[int, list[Flag]] = defaultdict(list)
    for f in flags:
        by_message[f.message_pk].append(f)
    start = min(
        (
            m.received_at
            for m in s.exec(
                select(Message).where(
                    col(Message.id).in_([f.message_pk for f in flags if f.id in case.flag_ids])
                )
            ).all()
        ),
        default=case.opened_at,
    ) - timedelta(days=14)
    messages = s.exec(
        select(Message)
        .where(Message.parent_id == case.parent_id)
        .where(col(Message.received_at) >= start)
        .order_by(col(Message.received_at))
    ).all()
    weeks: Counter[str] = Counter()
    timeline = []
    for m in messages:
        local = m.received_at.astimezone(tz)
        if m.direction == "inbound" and m.sender_kind == "parent":
            monday = local.date() - timedelta(days=local.weekday())
            weeks[monday.isoformat()] += 1
        timeline.append(
            {
                "at": local.isoformat(),
                "direction": m.direction,
                "sender_kind": m.sender_kind,
                "subject": m.subject,
                "thread_id": m.thread_id,
                "matter": m.matter,
                "message_id": m.message_id,
                "flags": [
                    {
                        "kind": f.kind,
                        "explanation": f.explanation,
                        "in_case": f.id in case.flag_ids,
                        "dismissed": f.dismissed_at is not None,
                    }
                    for f in by_message.get(m.id or 0, [])
                ],
            }
        )
    decisions = s.exec(
        select(CaseDecision).where(CaseDecision.case_id == case_id).order_by(col(CaseDecision.id))
    ).all()
    return {
        "id": case.id,
        "parent": parent.address if parent else None,
        "parent_name": parent.display_name if parent else "",
        "status": case.status,
        "outcome": case.outcome or None,
        "opened_at": case.opened_at.astimezone(tz).isoformat(),
        "severity": case.severity,
        "reason": case.reason,
        "flags": [
            {
                "id": f.id,
                "kind": f.kind,
                "score": f.score,
                "explanation": f.explanation,
                "evidence": f.evidence,
                "message_pk": f.message_pk,
                "thread_id": f.thread_id,
                "created_at": f.created_at.astimezone(tz).isoformat(),
                "dismissed": f.dismissed_at is not None,
            }
            for f in flags
            if f.id in case.flag_ids
        ],
        "per_week": dict(sorted(weeks.items())),
        "timeline": timeline,
        "decisions": [
            {
                "outcome": d.outcome,
                "by": d.decided_by,
                "at": d.decided_at.astimezone(tz).isoformat(),
                "note": d.note,
                "supervisor": d.supervisor or None,
                "review_on": d.review_on.isoformat() if d.review_on else None,
            }
            for d in decisions
        ],
    }
