"""The mail source seam: IMAP in production, Maildir/mbox for the demo and for imports.

A source only reads. It never sets flags, never moves and never deletes: every fetch uses
``BODY.PEEK[]`` on a read-only (EXAMINE) selection, or reads files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class FolderStatus:
    name: str
    uidvalidity: int
    uidnext: int | None  # None when the server did not say
    exists: int


@dataclass(frozen=True)
class FetchedMessage:
    folder: str
    uid: int
    raw: bytes
    internaldate: datetime | None  # aware: when the server received it (None: unknown)
    flags: tuple[str, ...]  # e.g. ("\\Seen", "\\Answered")
    size: int


@dataclass(frozen=True)
class FlagMark:
    """Where a folder's flags were read up to: its HIGHESTMODSEQ (RFC 7162) then."""

    uidvalidity: int
    modseq: int


@dataclass(frozen=True)
class AnsweredSince:
    """UIDs flagged ``\\Answered`` whose flags changed since a mark (all of them without one)."""

    uids: list[int]
    mark: FlagMark  # where the next read starts


class MailSourceError(Exception):
    """The source could not be reached or answered wrongly; the cycle retries later."""


class FolderNotFound(MailSourceError):
    """A configured folder does not exist on the server."""


class MailSource(Protocol):
    def list_folders(self) -> list[str]: ...

    def sent_folder(self) -> str | None: ...

    def status(self, folder: str) -> FolderStatus: ...

    def new_messages(self, folder: str, last_uid: int) -> list[tuple[int, int]]:
        """(uid, size) of every message above ``last_uid``, in UID order."""
        ...

    def fetch(self, folder: str, uids: Sequence[int]) -> Iterator[FetchedMessage]: ...

    def flags(self, folder: str, uids: Sequence[int]) -> dict[int, tuple[str, ...]]: ...

    def answered_since(self, folder: str, since: FlagMark | None) -> AnsweredSince | None:
        """Messages flagged ``\\Answered`` since ``since`` (every one when None or out of
        date); None when the source cannot say what changed (no CONDSTORE): ask :meth:`flags`."""
        ...

    def close(self) -> None: ...
