"""Persistence cases open on evidence, keep every decision, and never reuse dismissed evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon.cases import CaseError, case_file, decide, update_cases
from daemon.config import CaseSettings
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import AuditEvent, Case, ContactPlan, Flag, Message, Parent

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SETTINGS = CaseSettings()  # threshold 4: abusive 3, shouting 1, volume 1, repeated 1.5 ...


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'steward.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        s.add(Parent(address="jo@example.com", display_name="Jo Bloggs", first_seen_at=T0))
    return engine


def flag(engine, kind: str, at: datetime, n: int = 0) -> int:
    with session_scope(engine) as s:
        m = Message(
            dedupe_key=f"{kind}{at.isoformat()}{n}", message_id=f"{kind}{n}{at:%d%H%M}@example.com",
            received_at=at, direction="inbound", sender_kind="parent", parent_id=1, stored_at=at,
            subject=f"{kind} email",
        )
        s.add(m)
        s.flush()
        f = Flag(kind=kind, message_pk=m.id, parent_id=1, score=0.8, explanation=f"{kind} seen",
                 evidence={"n": n}, created_at=at)
        s.add(f)
        s.flush()
        return f.id


def cases(engine) -> list[Case]:
    with Session(engine) as s:
        return list(s.exec(select(Case).order_by(Case.id)).all())


def update(engine, now):
    with session_scope(engine) as s:
        return update_cases(s, SETTINGS, [1], now)


def test_below_the_threshold_no_case_opens(engine):
    flag(engine, "shouting", T0)
    flag(engine, "chasing", T0 + timedelta(days=1))
    assert update(engine, T0 + timedelta(days=2)) == []
    assert cases(engine) == []


def test_flags_adding_up_open_one_case_with_the_sum_explained(engine):
    flag(engine, "abusive", T0)
    flag(engine, "shouting", T0 + timedelta(days=1))
    (opened,) = update(engine, T0 + timedelta(days=2))
    (case,) = cases(engine)
    assert case.id == opened and case.severity == 4.0 and len(case.flag_ids) == 2
    assert "1 abusive (×3), 1 shouting (×1) = 4 (threshold 4)" in case.reason
    flag(engine, "volume", T0 + timedelta(days=3))
    assert update(engine, T0 + timedelta(days=3)) == []  # joins the open case
    assert len(cases(engine)[0].flag_ids) == 3


def test_flags_outside_the_rolling_window_do_not_count(engine):
    flag(engine, "abusive", T0)
    flag(engine, "shouting", T0 + timedelta(days=SETTINGS.window_days + 1))
    assert update(engine, T0 + timedelta(days=SETTINGS.window_days + 1)) == []


def test_safeguarding_never_counts_against_a_parent(engine):
    for n in range(5):
        flag(engine, "safeguarding", T0 + timedelta(hours=n), n)
    assert update(engine, T0 + timedelta(days=1)) == []


def test_a_dismissal_stops_the_same_evidence_reopening_the_case(engine):
    flag(engine, "abusive", T0)
    flag(engine, "shouting", T0 + timedelta(days=1))
    (case_id,) = update(engine, T0 + timedelta(days=2))
    with session_scope(engine) as s:
        decide(s, case_id, outcome="dismissed", by="Mrs Head", note="Bereavement; spoke to dad",
               now=T0 + timedelta(days=3))
    assert update(engine, T0 + timedelta(days=4)) == []
    assert [c.status for c in cases(engine)] == ["decided"]
    # New evidence after the decision can open a new case on its own merits.
    flag(engine, "abusive", T0 + timedelta(days=5), 1)
    flag(engine, "repeated", T0 + timedelta(days=6), 1)
    assert len(update(engine, T0 + timedelta(days=6))) == 1
    with Session(engine) as s:
        dismissed = s.exec(select(Flag).where(Flag.dismissed_by == "Mrs Head")).all()
    assert len(dismissed) == 2


def test_stage3_creates_a_contact_plan_and_every_decision_is_kept(engine):
    flag(engine, "abusive", T0)
    flag(engine, "abusive", T0 + timedelta(days=1), 1)
    (case_id,) = update(engine, T0 + timedelta(days=2))
    with session_scope(engine) as s:
        with pytest.raises(CaseError, match="--supervisor"):
            decide(s, case_id, outcome="stage3", by="Head", note="x", now=T0)
        with pytest.raises(CaseError, match="--note"):
            decide(s, case_id, outcome="stage1", by="Head", note=" ", now=T0)
        decide(s, case_id, outcome="stage3", by="Mr Bailey (Head)", note="Two abusive emails",
               now=T0 + timedelta(days=2), supervisor="deputy@school.example",
               review_on=date(2027, 2, 1))
    with Session(engine) as s:
        (plan,) = s.exec(select(ContactPlan)).all()
        assert plan.supervisor == "deputy@school.example" and plan.review_on == date(2027, 2, 1)
        audit = s.exec(select(AuditEvent).where(AuditEvent.action == "case.stage3")).one()
        assert audit.actor == "Mr Bailey (Head)"
        data = case_file(s, case_id, UTC)
    assert data["decisions"][0]["note"] == "Two abusive emails"
    assert [f["kind"] for f in data["flags"]] == ["abusive", "abusive"]
    assert sum(data["per_week"].values()) == 2
    assert len(data["timeline"]) == 2


def test_unknown_case_and_outcome_are_clear_errors(engine):
    with session_scope(engine) as s:
        with pytest.raises(CaseError, match="no case 9"):
            decide(s, 9, outcome="stage1", by="x", note="y", now=T0)
