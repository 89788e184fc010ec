"""Staff corrections teach the matter model: after a retrain, similar emails follow them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from classifiers.matter import guess_matter, set_default_model
from daemon.retrain import retrain_if_due
from daemon.store.db import make_engine, migrate, session_scope
from daemon.store.models import JobRun, MatterCorrection, Message, Parent, Thread

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
EMAILS = [
    ("Wombats club", "Is wombats club on this Thursday? Zara wants to go to wombats again."),
    ("Wombats", "Can I book Leo into wombats club for the rest of term please?"),
    ("Wombats club places", "Are there any wombats club places left for Year 2?"),
]


@pytest.fixture(autouse=True)
def default_model_afterwards():
    yield
    set_default_model(None)


def test_corrections_move_the_model_and_run_once_a_night(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        s.add(Parent(id=1, address="p@example.com", first_seen_at=T0))
        for n, (subject, text) in enumerate(EMAILS, 1):
            s.add(Thread(id=n, parent_id=1, subject=subject, opened_at=T0, last_activity_at=T0))
            s.flush()
            s.add(Message(dedupe_key=f"k{n}", subject=subject, new_text=text, received_at=T0,
                          direction="inbound", sender_kind="parent", parent_id=1, thread_id=n,
                          stored_at=T0))
            s.add(MatterCorrection(thread_id=n, matter="catering", made_by="Office", made_at=T0))
    before = guess_matter("Wombats club", "Is there wombats club on Friday for Sam?").matter
    with session_scope(engine) as s:
        assert retrain_if_due(s, T0, UTC, started=False) == 3
    after = guess_matter("Wombats club", "Is there wombats club on Friday for Sam?").matter
    assert after == "catering" != before
    with session_scope(engine) as s:  # tonight's run is recorded; a second call is a no-op
        assert s.get(JobRun, "retrain:2026-11-16") is not None
        assert retrain_if_due(s, T0, UTC, started=True) is None


def test_without_corrections_nothing_is_retrained(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    with session_scope(engine) as s:
        assert retrain_if_due(s, T0, UTC, started=False) is None
