"""Mail sources over files: an mbox file or a Maildir (with Maildir++ subfolders).

Used by ``steward demo`` and ``steward import`` for exported mailboxes. Messages are numbered
1..N in file order (mbox) or name order (Maildir, whose names start with the delivery time),
so an mbox that only grows at the end imports incrementally like an IMAP folder.
"""

from __future__ import annotations

import mailbox
import os
import re
import zlib
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from daemon.mailbox.base import (
    AnsweredSince,
    FetchedMessage,
    FlagMark,
    FolderNotFound,
    FolderStatus,
)

_MBOXRD_FROM = re.compile(rb"(?m)^>(>*From )")
_MAILDIR_FLAGS = {
    "S": "\\Seen",
    "R": "\\Answered",
    "F": "\\Flagged",
    "T": "\\Deleted",
    "D": "\\Draft",
}


class FileSource:
    """An mbox file (one folder) or a Maildir (INBOX plus ``.Name`` subfolders)."""

    def __init__(self, path: str | os.PathLike[str], folder: str = "INBOX") -> None:
        self._path = Path(path)
        if not self._path.exists():
            raise FileNotFoundError(f"{self._path}: no such mbox file or Maildir")
        self._is_maildir = self._path.is_dir()
        self._mbox_folder = folder
        self._cache: dict[str, list[_Item]] = {}

    def list_folders(self) -> list[str]:
        if not self._is_maildir:
            return [self._mbox_folder]
        names = ["INBOX"]
        for child in sorted(self._path.iterdir()):
            if child.is_dir() and child.name.startswith(".") and (child / "cur").is_dir():
                names.append(child.name[1:])
        return names

    def sent_folder(self) -> str | None:
        for name in self.list_folders():
            if name.lower() in ("sent", "sent items", "sent messages", "sent mail"):
                return name
        return None

    def status(self, folder: str) -> FolderStatus:
        items = self._items(folder)
        return FolderStatus(
            name=folder,
            uidvalidity=self._uidvalidity(folder),
            uidnext=len(items) + 1,
            exists=len(items),
        )

    def new_messages(self, folder: str, last_uid: int) -> list[tuple[int, int]]:
        return [(i.uid, i.size) for i in self._items(folder) if i.uid > last_uid]

    def fetch(self, folder: str, uids: Sequence[int]) -> Iterator[FetchedMessage]:
        items = self._items(folder)
        for uid in uids:
            if 1 <= uid <= len(items):
                item = items[uid - 1]
                raw = item.read()
                yield FetchedMessage(
                    folder=folder,
                    uid=uid,
                    raw=raw,
                    internaldate=item.received_at(raw),
                    flags=item.flags,
                    size=len(raw),
                )

    def flags(self, folder: str, uids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        items = self._items(folder)
        return {uid: items[uid - 1].flags for uid in uids if 1 <= uid <= len(items)}

    def answered_since(self, folder: str, since: FlagMark | None) -> AnsweredSince | None:
        return None  # no modification sequences: the caller reads the flags it needs

    def close(self) -> None:
        self._cache.clear()

    def _uidvalidity(self, folder: str) -> int:
        # Stable for a given file: the same export imported twice is recognised.
        return zlib.crc32(f"{self._path.resolve()}|{folder}".encode()) or 1

    def _items(self, folder: str) -> list[_Item]:
        if folder not in self._cache:
            if folder not in self.list_folders():
                raise FolderNotFound(f"folder {folder!r} does not exist in {self._path.name}")
            self._cache[folder] = self._load(folder)
        return self._cache[folder]

    def _load(self, folder: str) -> list[_Item]:
        if not self._is_maildir:
            box = mailbox.mbox(self._path, create=False)
            return [_MboxItem(uid, box, key) for uid, key in enumerate(box.keys(), start=1)]
        root = self._path if folder == "INBOX" else self._path / f".{folder}"
        files = sorted(
            [p for sub in ("cur", "new") for p in (root / sub).glob("*") if p.is_file()],
            key=lambda p: p.name,
        )
        return [_MaildirItem(uid, path) for uid, path in enumerate(files, start=1)]


class _Item:
    uid: int
    size: int
    flags: tuple[str, ...] = ()

    def read(self) -> bytes:
        raise NotImplementedError

    def envelope_date(self) -> datetime | None:
        return None

    def received_at(self, raw: bytes) -> datetime | None:
        return self.envelope_date() or _date_header(raw)


class _MboxItem(_Item):
    def __init__(self, uid: int, box: mailbox.mbox, key: str) -> None:
        self.uid, self._box, self._key = uid, box, key
        message = box.get_message(key)  # parsed once for the envelope; not kept
        self._from_line = message.get_from()
        self.size = len(box.get_bytes(key))
        flags = message.get_flags()
        self.flags = tuple(_MAILDIR_FLAGS[f] for f in "RSFDT" if f in flags)

    def read(self) -> bytes:
        # mboxrd: one ">" was added before each "From " line on writing; take it off again.
        return _MBOXRD_FROM.sub(rb"\1", self._box.get_bytes(self._key))

    def envelope_date(self) -> datetime | None:
        # The "From sender date" line records delivery, like INTERNALDATE.
        parts = self._from_line.split(None, 1)
        if len(parts) < 2:
            return None
        try:
            return datetime.strptime(" ".join(parts[1].split()), "%a %b %d %H:%M:%S %Y").replace(
                tzinfo=UTC
            )
        except ValueError:
            return None


class _MaildirItem(_Item):
    def __init__(self, uid: int, path: Path) -> None:
        self.uid, self._path = uid, path
        self.size = path.stat().st_size
        info = path.name.rsplit(":2,", 1)
        letters = info[1] if len(info) == 2 else ""
        self.flags = tuple(_MAILDIR_FLAGS[f] for f in letters if f in _MAILDIR_FLAGS)

    def read(self) -> bytes:
        return self._path.read_bytes()

    def received_at(self, raw: bytes) -> datetime | None:
        # Dovecot takes a Maildir file's mtime as its INTERNALDATE; do the same.
        return datetime.fromtimestamp(self._path.stat().st_mtime, UTC)


def _date_header(raw: bytes) -> datetime | None:
    head = raw.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    for line in head.decode("latin-1").splitlines():
        if line.lower().startswith("date:"):
            try:
                value = parsedate_to_datetime(line[5:].strip())
            except (TypeError, ValueError, IndexError):
                return None
            return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None
