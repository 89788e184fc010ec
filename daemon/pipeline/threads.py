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

The IDF background is the newest parent messages stored before the batch began. It is read
when a batch first needs it (many batches never compare content, and then scikit-learn is not
even imported), bounded by the highest message id at the start of the batch, so the weights
are the same as if it had been read then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import bindparam, func
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


class Placeable(Protocol):
    """What the threader reads of a message being placed (a stored row or one being built)."""

    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    subject_key: str
    from_name: str
    new_text: str | None
    sender_kind: str
    received_at: datetime


@dataclass(frozen=True)
class Placement:
    thread: Thread | None
    reason: str
    opened: bool = False


def _always(_ids: Sequence[str]) -> bool:
    return True


class Threader:
    """Places the messages of one batch (one session).

    ``maybe_stored(ids)`` may say False only when no stored message has any of those
    Message-IDs; it lets a reply to nothing known skip the lookup. The default always says
    "maybe", so every lookup is made.
    """

    def __init__(
        self,
        session: Session,
        settings: ThreadingSettings,
        maybe_stored: Callable[[Sequence[str]], bool] = _always,
    ) -> None:
        self._session = session
        self._settings = settings
        self._maybe_stored = maybe_stored
        self._similarity: Any = None
        self._background_upto: int | None = None
        # The session holds loaded rows weakly; threads the batch will use are kept.
        self._pinned: list[Thread] = []

    def preload(self, thread_ids: Iterable[int]) -> None:
        """Load these threads now, in one query, rather than one by one as replies name them."""
        ids = sorted(set(thread_ids))
        for start in range(0, len(ids), 500):
            self._pinned.extend(
                self._session.exec(_THREADS, params={"ids": ids[start : start + 500]}).all()
            )

    def refresh_background(self) -> None:
        """Take the IDF background as the store holds it now (read when first needed)."""
        self._similarity = None
        self._background_upto = self._session.exec(select(func.max(Message.id))).one() or 0

    def place(self, message: Placeable, parent: Parent | None) -> Placement:
        if message.sender_kind == "automated":
            return Placement(None, "automated mail is not threaded")
        replied = self._replied_thread(message)
        if replied is not None:
            thread, ref = replied
            return Placement(thread, f"reply to a message in this thread ({_short(ref)})")
        if message.sender_kind != "parent" or parent is None:
            return Placement(None, "staff mail that answers no stored thread")
        return self._place_parent_message(message, parent)

    def _replied_thread(self, message: Placeable) -> tuple[Thread, str] | None:
        refs = [r for r in (*message.in_reply_to, *reversed(message.references)) if r]
        refs = [r for r in dict.fromkeys(refs) if r != message.message_id]
        if not refs or not self._maybe_stored(refs):
            return None
        rows = self._session.exec(_THREADS_OF_IDS, params={"ids": refs}).all()
        by_id = {mid: tid for mid, tid in rows}
        for ref in refs:
            if ref in by_id:
                thread = self._session.get(Thread, by_id[ref])
                if thread is not None:
                    self._pinned.append(thread)
                    return thread, ref
        return None

    def _place_parent_message(self, message: Placeable, parent: Parent) -> Placement:
        candidates = self._candidates(parent, message.received_at)
        key = message.subject_key
        if key and not is_generic_subject(key):
            same = self._with_subject(candidates, key)
            for thread in candidates:
                if thread.subject_key == key or thread.id in same:
                    return Placement(thread, "same subject as an open thread of this parent")
        guessed: list[str] = []

        def matter() -> str:
            # The matter classifier is the dearest step here; a strong content match never
            # needs its answer, so it is asked only when the answer counts (and only once).
            if not guessed:
                guessed.append(guess_matter(message.subject, message.new_text or "").matter)
            return guessed[0]

        if candidates:
            match = self._match_content(message, parent, candidates, matter)
            if match is not None:
                thread, score = match
                return Placement(thread, f"same matter by content (similarity {score:.2f})")
        assert parent.id is not None  # parents are stored before their mail is placed
        thread = Thread(
            parent_id=parent.id,
            matter=matter(),
            subject=message.subject[:500],
            subject_key=key[:500],
            status="open",
            opened_at=message.received_at,
            last_activity_at=message.received_at,
        )
        self._session.add(thread)
        self._session.flush()
        self._pinned.append(thread)
        reason = "new matter" if candidates else "first open matter for this parent"
        return Placement(thread, reason, opened=True)

    def _candidates(self, parent: Parent, received_at: datetime) -> list[Thread]:
        since = received_at - timedelta(days=self._settings.window_days)
        threads = list(
            self._session.exec(_OPEN_THREADS, params={"parent_id": parent.id, "since": since})
        )
        self._pinned.extend(threads)
        return threads

    def _with_subject(self, candidates: Sequence[Thread], key: str) -> set[int]:
        """Ids of the candidate threads holding a message with this subject key."""
        ids = [t.id for t in candidates if t.subject_key != key]
        if not ids:
            return set()
        rows = self._session.exec(_WITH_SUBJECT, params={"threads": ids, "key": key}).all()
        return {tid for tid in rows if tid is not None}

    def _match_content(
        self,
        message: Placeable,
        parent: Parent,
        candidates: Sequence[Thread],
        matter: Callable[[], str],
    ) -> tuple[Thread, float] | None:
        query = _document(message.subject, message.new_text)
        if not query.strip():
            return None
        groups = self._thread_texts(candidates)
        similarity = self._background()
        names = (parent.display_name or "").split() + message.from_name.split()
        scores = similarity.best_match(query, groups, drop=names)
        best_score, best = max(zip(scores, candidates, strict=True), key=lambda p: p[0])
        needed = self._settings.similarity
        if best_score < needed:
            return None
        if best_score < max(needed, _DIFFERENT_MATTER_SIMILARITY):
            # Between the two bars: the matters decide.
            guess = matter()
            if "general" not in (guess, best.matter) and guess != best.matter:
                return None
        return best, best_score

    def _background(self) -> Any:
        if self._similarity is None:
            from daemon.pipeline.similarity import Similarity  # scikit-learn: only when needed

            query = (
                select(Message.new_text)
                .where(Message.sender_kind == "parent", col(Message.new_text).is_not(None))
                .order_by(col(Message.id).desc())
                .limit(_BACKGROUND_SIZE)
            )
            if self._background_upto is not None:
                query = query.where(col(Message.id) <= self._background_upto)
            texts = self._session.exec(query).all()
            self._similarity = Similarity([t for t in texts if t])
        return self._similarity

    def _thread_texts(self, threads: Sequence[Thread]) -> list[list[str]]:
        """Each thread's latest parent messages as documents (its subject if it has none)."""
        rows = self._session.exec(_PARENT_TEXTS, params={"threads": [t.id for t in threads]}).all()
        texts: dict[int | None, list[str]] = {}
        for thread_id, subject, text in rows:
            kept = texts.setdefault(thread_id, [])
            if len(kept) < _COMPARE_LAST:
                kept.append(_document(subject, text))
        return [texts.get(t.id) or [t.subject] for t in threads]


# The lookups made for nearly every message, built once (SQLAlchemy then only binds values).
_THREADS = select(Thread).where(col(Thread.id).in_(bindparam("ids", expanding=True)))
_THREADS_OF_IDS = select(Message.message_id, Message.thread_id).where(
    col(Message.message_id).in_(bindparam("ids", expanding=True)),
    col(Message.thread_id).is_not(None),
)
_OPEN_THREADS = (
    select(Thread)
    .where(
        Thread.parent_id == bindparam("parent_id"),
        Thread.status == "open",
        col(Thread.last_activity_at) >= bindparam("since"),
    )
    .order_by(col(Thread.last_activity_at).desc())
)
_WITH_SUBJECT = (
    select(Message.thread_id)
    .where(
        col(Message.thread_id).in_(bindparam("threads", expanding=True)),
        Message.subject_key == bindparam("key"),
    )
    .distinct()
)
_PARENT_TEXTS = (
    select(Message.thread_id, Message.subject, Message.new_text)
    .where(
        col(Message.thread_id).in_(bindparam("threads", expanding=True)),
        Message.sender_kind == "parent",
    )
    .order_by(col(Message.thread_id), col(Message.received_at).desc(), col(Message.id))
)


def _document(subject: str, text: str | None) -> str:
    return f"{_subject_part(subject)}\n{text or ''}"


@lru_cache(maxsize=4096)
def _subject_part(subject: str) -> str:
    """The subject as it counts for content: nothing when it is generic ("Question")."""
    return "" if is_generic_subject(normalise_subject(subject)) else subject


def _short(message_id: str) -> str:
    return message_id if len(message_id) <= 40 else message_id[:37] + "..."
