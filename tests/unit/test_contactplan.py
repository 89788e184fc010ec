"""Stage 3 forwarding: only a parent under a plan that had started when the email arrived has
it forwarded, to the supervisor of the newest such plan, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from daemon.config import parse_settings
from daemon.contactplan import forward_to_supervisors, plan_for
from daemon.render import Templates
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import ContactPlan, Message, Outbox, Parent

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SETTINGS = parse_settings({})


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'steward.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        for name in ("jo", "sam", "ali"):
            s.add(
                Parent(address=f"{name}@example.com", display_name=name.title(), first_seen_at=T0)
            )
    return engine


def message(engine, parent_id: int, at: datetime, *, kind: str = "parent") -> int:
    with session_scope(engine) as s:
        m = Message(
            dedupe_key=f"{parent_id}-{at.isoformat()}-{kind}",
            message_id=f"{parent_id}.{at:%d%H%M}.{kind}@example.com",
            received_at=at,
            direction="inbound",
            sender_kind=kind,
            parent_id=parent_id,
            stored_at=at,
            subject="About the trip",
            text="Please call me.",
        )
        s.add(m)
        s.flush()
        assert m.id is not None
        return m.id


def plan(engine, parent_id: int, supervisor: str, starts: datetime, ended: datetime | None = None):
    with session_scope(engine) as s:
        s.add(
            ContactPlan(
                parent_id=parent_id, supervisor=supervisor, starts_at=starts, ended_at=ended
            )
        )


def forward(engine, pks: list[int]) -> int:
    with session_scope(engine) as s:
        return forward_to_supervisors(s, SETTINGS, Templates(), pks, T0 + timedelta(days=9))


def forwarded(engine) -> dict[int | None, list[str]]:
    with Session(engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.kind == "forward").order_by(Outbox.id)).all()
        return {r.message_pk: list(r.recipients) for r in rows}


def test_without_any_plan_nothing_is_forwarded(engine):
    pks = [message(engine, 1, T0 + timedelta(hours=h)) for h in range(3)]
    assert forward(engine, pks) == 0
    assert forwarded(engine) == {}


def test_only_mail_after_the_plan_started_goes_to_the_newest_plans_supervisor(engine):
    before = message(engine, 1, T0)
    plan(engine, 1, "old@school.example", T0 + timedelta(days=1))
    between = message(engine, 1, T0 + timedelta(days=2))
    plan(engine, 1, "deputy@school.example", T0 + timedelta(days=3))
    after = message(engine, 1, T0 + timedelta(days=4))
    other_parent = message(engine, 2, T0 + timedelta(days=4))
    staff = message(engine, 1, T0 + timedelta(days=5), kind="staff")
    plan(engine, 3, "head@school.example", T0, ended=T0 + timedelta(days=1))
    ended_plan = message(engine, 3, T0 + timedelta(hours=2))

    assert forward(engine, [before, between, after, other_parent, staff, ended_plan]) == 2
    assert forwarded(engine) == {
        between: ["old@school.example"],
        after: ["deputy@school.example"],
    }
    assert forward(engine, [between, after]) == 0  # once per message and supervisor
    with Session(engine) as s:
        chosen = plan_for(s, 1, T0 + timedelta(days=4))
        assert chosen is not None and chosen.supervisor == "deputy@school.example"
