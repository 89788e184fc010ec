"""Threads per parent and matter.

Order of evidence, strongest first, and the reason stored on the message:

1. Reply headers: ``In-Reply-To`` then ``References`` (newest first) name a stored message
   that has a thread → join it, whoever sends the reply (a second parent copied in, staff).
2. Staff and automated mail that answers nothing known stays outside threads.
3. A parent's email without usable reply headers joins one of their own open threads active
   within ``threading.window_days`` when the normalised subject matches (a generic subject
   such as "Question" never matches on its own) or the words say it is the same matter
   (TF-IDF similarity at or above ``threading.similarity``; a higher bar when the two clearly
   concern different matters).
4. Otherwise it opens a new thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from classifiers.matter import guess_matter
from daemon.config import ThreadingSettings
from daemon.pipeline.subjects import is_generic_subject, normalise_subject
from daemon.store.models import Message, Parent, Thread

# How many of a thread's latest parent messages are compared with a new email.
_COMPARE_LAST = 8
# When the two sides clearly concern different matters, the words must agree this much.
_DIFFERENT_MATTER_SIMILARITY = 0.6
# How many recent parent messages set the IDF weights.
_BACKGROUND_SIZE = 1000


@dataclass(frozen=True)
class Placement:
    thread: Thread | None
    reason: str
    opened: bool = False


class Threader:
    def __init__(self, session: Session, settings: ThreadingSettings) -> None:
        self._session = session
        self._settings = settings
        self._similarity: Any = None

    def refresh_background(self) -> None:
        """Re-read recent parent messages for IDF weights (once per batch is plenty)."""
        from daemon.pipeline.similarity import Similarity  # scikit-learn: only when needed

        texts = self._session.exec(
            select(Message.new_text)
            .where(Message.sender_kind == "parent", col(Message.new_text).is_not(None))
            .order_by(col(Message.id).desc())
            .limit(_BACKGROUND_SIZE)
        ).all()
        self._similarity = Similarity([t for t in texts if t])

    def place(self, message: Message, parent: Parent | None) -> Placement:
        if message.sender_kind == "automated":
            return Placement(None, "automated mail is not threaded")
        replied = self._replied_thread(message)
        if replied is not None:
            thread, ref = replied
            return Placement(thread, f"reply to a message in this thread ({_short(ref)})")
        if message.sender_kind != "parent" or parent is None:
            return Placement(None, "staff mail that answers no stored thread")
        return self._place_parent_message(message, parent)

    def _replied_thread(self, message: Message) -> tuple[Thread, str] | None:
        refs = [r for r in (*message.in_reply_to, *reversed(message.references)) if r]
        refs = [r for r in dict.fromkeys(refs) if r != message.message_id]
        if not refs:
            return None
        rows = self._session.exec(
            select(Message.message_id, Message.thread_id).where(
                col(Message.message_id).in_(refs), col(Message.thread_id).is_not(None)
            )
        ).all()
        by_id = {mid: tid for mid, tid in rows}
        for ref in refs:
            if ref in by_id:
                thread = self._session.get(Thread, by_id[ref])
                if thread is not None:
                    return thread, ref
        return None

    def _place_parent_message(self, message: Message, parent: Parent) -> Placement:
        candidates = self._candidates(parent, message.received_at)
        key = message.subject_key
        if key and not is_generic_subject(key):
            for thread in candidates:
                if self._has_subject(thread, key):
                    return Placement(thread, "same subject as an open thread of this parent")
        guess = guess_matter(message.subject, message.new_text or "")
        if candidates:
            match = self._match_content(message, parent, candidates, guess.matter)
            if match is not None:
                thread, score = match
                return Placement(thread, f"same matter by content (similarity {score:.2f})")
        thread = Thread(
            parent_id=parent.id,
            matter=guess.matter,
            subject=message.subject[:500],
            subject_key=key[:500],
            status="open",
            opened_at=message.received_at,
            last_activity_at=message.received_at,
        )
        self._session.add(thread)
        self._session.flush()
        reason = "new matter" if candidates else "first open matter for this parent"
        return Placement(thread, reason, opened=True)

    def _candidates(self, parent: Parent, received_at: datetime) -> list[Thread]:
        since = received_at - timedelta(days=self._settings.window_days)
        return list(
            self._session.exec(
                select(Thread)
                .where(
                    Thread.parent_id == parent.id,
                    Thread.status == "open",
                    col(Thread.last_activity_at) >= since,
                )
                .order_by(col(Thread.last_activity_at).desc())
            ).all()
        )

    def _has_subject(self, thread: Thread, key: str) -> bool:
        if thread.subject_key == key:
            return True
        hit = self._session.exec(
            select(Message.id).where(Message.thread_id == thread.id, Message.subject_key == key)
        ).first()
        return hit is not None

    def _match_content(
        self, message: Message, parent: Parent, candidates: Sequence[Thread], matter: str
    ) -> tuple[Thread, float] | None:
        query = _document(message.subject, message.new_text)
        if not query.strip():
            return None
        groups = [self._thread_texts(t) for t in candidates]
        if self._similarity is None:
            self.refresh_background()
        assert self._similarity is not None
        names = (parent.display_name or "").split() + message.from_name.split()
        scores = self._similarity.best_match(query, groups, drop=names)
        best_score, best = max(zip(scores, candidates, strict=True), key=lambda p: p[0])
        needed = self._settings.similarity
        if "general" not in (matter, best.matter) and matter != best.matter:
            needed = max(needed, _DIFFERENT_MATTER_SIMILARITY)
        return (best, best_score) if best_score >= needed else None

    def _thread_texts(self, thread: Thread) -> list[str]:
        rows = self._session.exec(
            select(Message.subject, Message.new_text)
            .where(Message.thread_id == thread.id, Message.sender_kind == "parent")
            .order_by(col(Message.received_at).desc())
            .limit(_COMPARE_LAST)
        ).all()
        return [_document(subject, text) for subject, text in rows] or [thread.subject]


def _document(subject: str, text: str | None) -> str:
    key = normalise_subject(subject)
    subject_part = "" if is_generic_subject(key) else subject
    return f"{subject_part}\n{text or ''}"


def _short(message_id: str) -> str:
    return message_id if len(message_id) <= 40 else message_id[:37] + "..."
