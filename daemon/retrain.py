"""Teaching the matter model the school's own vocabulary: staff corrections, nightly.

``steward thread set-category`` records a correction. Once per night (and once when the
daemon starts, so a restart does not forget), the model is retrained on the bundled examples
plus every correction, each correction weighted above a bundled example, and installed as the
process-wide model. With no corrections nothing is retrained and nothing is paid.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from daemon.log import get_logger
from daemon.store.models import JobRun, MatterCorrection, Message

if TYPE_CHECKING:
    from classifiers.matter import Example

NIGHTLY_AFTER = time(1, 0)


def corrections(s: Session) -> list[Example]:
    from classifiers.matter import Example

    latest: dict[int, MatterCorrection] = {}
    for c in s.exec(select(MatterCorrection).order_by(col(MatterCorrection.id))).all():
        latest[c.thread_id] = c  # the last word on a thread wins
    examples = []
    for thread_id, c in latest.items():
        first = s.exec(
            select(Message)
            .where(Message.thread_id == thread_id)
            .where(Message.sender_kind == "parent")
            .order_by(col(Message.received_at))
        ).first()
        text = (first.new_text or first.text or "") if first else ""
        if first is None or not (text or first.subject):
            continue  # purged by retention: nothing left to learn from
        examples.append(Example(subject=first.subject, text=text, matter=c.matter))
    return examples


def retrain_if_due(s: Session, now: datetime, tz: object, *, started: bool) -> int | None:
    """Retrain when corrections exist and either this process has not yet, or tonight's run
    has not happened. Returns the number of corrections used, or None when not run."""
    if s.exec(select(MatterCorrection.id).limit(1)).first() is None:
        return None
    local = now.astimezone(tz)  # type: ignore[arg-type]
    key = f"retrain:{local.date().isoformat()}"
    nightly = local.time() >= NIGHTLY_AFTER and s.get(JobRun, key) is None
    if started and not nightly:
        return None
    if nightly:
        try:
            with s.begin_nested():
                s.add(JobRun(key=key, started_at=now))
        except IntegrityError:
            pass
    from classifiers.matter import load_bundled_examples, set_default_model, train

    extra = corrections(s)
    set_default_model(train(load_bundled_examples(), extra))
    get_logger().info("matter.retrained", corrections=len(extra))
    return len(extra)
