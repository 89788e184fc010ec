"""An in-memory mail source: the test double for the runner (shipped, like IMAPClient's).

It behaves like an IMAP folder set: UIDs grow, UIDVALIDITY can be changed, a message can
vanish between listing and fetch, and the "server" can be made to fail.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from daemon.mailbox.base import (
    AnsweredSince,
    FetchedMessage,
    FlagMark,
    FolderNotFound,
    FolderStatus,
    MailSourceError,
)


@dataclass
class _Folder:
    uidvalidity: int = 1
    next_uid: int = 1
    messages: dict[int, tuple[bytes, datetime, tuple[str, ...]]] = field(default_factory=dict)


class MemoryMailbox:
    """The server side: tests add mail here; each connection is a MemorySource."""

    def __init__(self, sent_folder: str | None = "Sent") -> None:
        self.folders: dict[str, _Folder] = {"INBOX": _Folder()}
        self.sent = sent_folder
        if sent_folder:
            self.folders[sent_folder] = _Folder(uidvalidity=2)
        self.fail_next: int = 0  # the next N calls raise MailSourceError
        self.hide_on_fetch: set[tuple[str, int]] = set()
        self.body_fetches = 0
        self.connections = 0

    def append(self, folder: str, raw: bytes, when: datetime, flags: Sequence[str] = ()) -> int:
        box = self.folders.setdefault(folder, _Folder(uidvalidity=len(self.folders) + 1))
        uid = box.next_uid
        box.next_uid += 1
        box.messages[uid] = (raw, when, tuple(flags))
        return uid

    def reset_uidvalidity(self, folder: str) -> None:
        """Renumber the folder as a migrated server would: new UIDVALIDITY, new UIDs."""
        box = self.folders[folder]
        old = [box.messages[u] for u in sorted(box.messages)]
        box.uidvalidity += 1000
        box.messages = {i: m for i, m in enumerate(old, start=1)}
        box.next_uid = len(old) + 1

    def connect(self) -> MemorySource:
        self._maybe_fail()
        self.connections += 1
        return MemorySource(self)

    def _maybe_fail(self) -> None:
        if self.fail_next > 0:
            self.fail_next -= 1
            raise MailSourceError("simulated: connection reset by peer")


class MemorySource:
    def __init__(self, mailbox: MemoryMailbox) -> None:
        self._mb = mailbox

    def list_folders(self) -> list[str]:
        return list(self._mb.folders)

    def sent_folder(self) -> str | None:
        return self._mb.sent

    def status(self, folder: str) -> FolderStatus:
        box = self._box(folder)
        return FolderStatus(folder, box.uidvalidity, box.next_uid, len(box.messages))

    def new_messages(self, folder: str, last_uid: int) -> list[tuple[int, int]]:
        box = self._box(folder)
        return [(u, len(m[0])) for u, m in sorted(box.messages.items()) if u > last_uid]

    def fetch(self, folder: str, uids: Sequence[int]) -> Iterator[FetchedMessage]:
        box = self._box(folder)
        for uid in uids:
            self._mb._maybe_fail()
            if uid not in box.messages or (folder, uid) in self._mb.hide_on_fetch:
                continue
            raw, when, flags = box.messages[uid]
            self._mb.body_fetches += 1
            yield FetchedMessage(folder, uid, raw, when, flags, len(raw))

    def flags(self, folder: str, uids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        box = self._box(folder)
        return {u: box.messages[u][2] for u in uids if u in box.messages}

    def answered_since(self, folder: str, since: FlagMark | None) -> AnsweredSince | None:
        return None  # no modification sequences: the caller reads the flags it needs

    def close(self) -> None:
        return None

    def _box(self, folder: str) -> _Folder:
        self._mb._maybe_fail()
        if folder not in self._mb.folders:
            raise FolderNotFound(f"folder {folder!r} does not exist")
        return self._mb.folders[folder]
