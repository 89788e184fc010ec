"""``\\Answered`` from the server: a reply sent from a mail client counts as an acknowledgement.

A member of staff who answers a parent from Outlook or a phone sets ``\\Answered`` on the
parent's email, even when the reply itself never reaches a folder the daemon reads. This module
copies that flag onto the stored messages; :func:`daemon.acks.find_acknowledgements` then
acknowledges them. It reads FLAGS only, never bodies, and changes nothing on the server.

Where the server has CONDSTORE (RFC 7162: Dovecot, Gmail and most IMAP servers, not Exchange),
each folder remembers its HIGHESTMODSEQ when its flags were last read
(``folder_state.flags_modseq``). A folder whose HIGHESTMODSEQ has not moved is not asked
anything more; one that has moved is asked which of the messages whose flags changed since
carry ``\\Answered`` (``UID SEARCH MODSEQ n ANSWERED``). The first read, or one after a
UIDVALIDITY change, asks for every answered message once. Without CONDSTORE the flags of the
waiting messages are read each time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from daemon.acks import ANSWERED, waiting
from daemon.log import get_logger
from daemon.mailbox.base import FlagMark, MailSource, MailSourceError
from daemon.store.models import FolderState, Message, MessageLocation

_CHUNK = 500


def waiting_locations(s: Session, skip_folders: Iterable[str]) -> dict[str, dict[int, int]]:
    """Folder -> UID -> message pk of the waiting messages' locations outside ``skip_folders``."""
    by_folder: dict[str, dict[int, int]] = defaultdict(dict)
    for pk, folder, uid in s.exec(
        select(Message.id, MessageLocation.folder, MessageLocation.uid)
        .join(MessageLocation, col(MessageLocation.message_pk) == col(Message.id))
        .where(waiting())
        .where(col(MessageLocation.folder).not_in(sorted(set(skip_folders))))
    ).all():
        if pk is not None:
            by_folder[folder][uid] = pk
    return dict(by_folder)


def refresh_answered_flags(
    s: Session,
    source: MailSource,
    sent_folders: Iterable[str],
    inbox_folders: Sequence[str] = (),
) -> int:
    """Copy ``\\Answered`` set on the server onto stored messages; how many gained it.

    ``inbox_folders`` (the configured folders) are read by modification sequence where the
    server can; every other folder holding a waiting message by its waiting messages' UIDs.
    """
    sent = set(sent_folders)
    changed = 0
    handled: set[str] = set(sent)
    states = {
        st.folder: st
        for st in s.exec(
            select(FolderState).where(col(FolderState.folder).in_(list(inbox_folders)))
        ).all()
        if st.folder not in sent
    }
    for folder, state in states.items():
        try:
            found = _changed_answered(s, source, state)
        except MailSourceError as exc:
            get_logger(folder=folder).warning("flags.refresh_failed", error=str(exc)[:200])
            handled.add(folder)
            continue
        if found is not None:
            changed += found
            handled.add(folder)
    for folder, uids in waiting_locations(s, handled).items():
        try:
            flags = source.flags(folder, sorted(uids))
        except MailSourceError as exc:
            get_logger(folder=folder).warning("flags.refresh_failed", error=str(exc)[:200])
            continue
        changed += _add_answered(s, [uids[u] for u, f in flags.items() if ANSWERED in f])
    return changed


def _changed_answered(s: Session, source: MailSource, state: FolderState) -> int | None:
    """Read one folder by modification sequence; None when the server cannot say."""
    since = None
    if state.flags_uidvalidity is not None and state.flags_modseq is not None:
        since = FlagMark(uidvalidity=state.flags_uidvalidity, modseq=state.flags_modseq)
    changes = source.answered_since(state.folder, since)
    if changes is None:
        return None
    answered = changes.uids
    pks: list[int] = []
    for start in range(0, len(answered), _CHUNK):
        pks.extend(
            s.exec(
                select(MessageLocation.message_pk)
                .where(MessageLocation.folder == state.folder)
                .where(MessageLocation.uidvalidity == changes.mark.uidvalidity)
                .where(col(MessageLocation.uid).in_(answered[start : start + _CHUNK]))
            ).all()
        )
    gained = _add_answered(s, pks)
    # Committed with the flags it covers: a crash before the commit reads them again.
    state.flags_uidvalidity = changes.mark.uidvalidity
    state.flags_modseq = changes.mark.modseq
    s.add(state)
    return gained


def _add_answered(s: Session, pks: Sequence[int]) -> int:
    """Add ``\\Answered`` to the stored flags of these messages; how many did not have it."""
    gained = 0
    unique = sorted(set(pks))
    for start in range(0, len(unique), _CHUNK):
        for m in s.exec(
            select(Message)
            .options(load_only(Message.id, Message.server_flags))  # type: ignore[arg-type]
            .where(col(Message.id).in_(unique[start : start + _CHUNK]))
        ).all():
            if ANSWERED not in (m.server_flags or []):
                m.server_flags = [*(m.server_flags or []), ANSWERED]
                gained += 1
    return gained
