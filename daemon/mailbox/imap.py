"""The IMAP mail source (imapclient).

Read-only by construction: folders are opened with EXAMINE (``readonly=True``) and bodies are
fetched with ``BODY.PEEK[]``, so neither ``\\Seen`` nor any other flag can change, and nothing
is ever moved, copied or expunged.
"""

from __future__ import annotations

import imaplib
import socket
import ssl
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from daemon.config import MailboxSettings
from daemon.mailbox.base import (
    AnsweredSince,
    FetchedMessage,
    FlagMark,
    FolderNotFound,
    FolderStatus,
    MailSourceError,
)
from daemon.oauth import OAuth2Credential, TokenError

# Errors that mean "the server or the network let us down": the cycle retries later.
TRANSIENT = (OSError, ssl.SSLError, imaplib.IMAP4.abort, imaplib.IMAP4.error, IMAPClientError)

# A fetch of this many UIDs per command keeps command lines short for every server.
_FETCH_IDS_PER_COMMAND = 500


class ImapSource:
    def __init__(self, settings: MailboxSettings, password: str | OAuth2Credential) -> None:
        """``password``: the secret for LOGIN, or an OAuth2Credential for XOAUTH2."""
        self._settings = settings
        self._client = _connect(settings, password)
        # Before any EXAMINE (RFC 5161): each one then reports the folder's HIGHESTMODSEQ.
        try:
            self._condstore = _enable_condstore(self._client)
        except MailSourceError:
            self._client.shutdown()
            raise
        self._selected: str | None = None
        self._folder_names: list[str] | None = None

    @property
    def client(self) -> imapclient.IMAPClient:
        return self._client

    def list_folders(self) -> list[str]:
        names = self._folder_names
        if names is None:
            with _errors("LIST"):
                names = [name for _flags, _delim, name in self._client.list_folders()]
            self._folder_names = names
        return names

    def sent_folder(self) -> str | None:
        if self._settings.sent_folder:
            return self._settings.sent_folder
        with _errors("find Sent folder"):
            found = self._client.find_special_folder(imapclient.imapclient.SENT)
        return str(found) if found else None

    def status(self, folder: str) -> FolderStatus:
        info = self._select(folder)
        uidnext = info.get(b"UIDNEXT")
        return FolderStatus(
            name=folder,
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(info.get(b"EXISTS", 0)),
        )

    def new_messages(self, folder: str, last_uid: int) -> list[tuple[int, int]]:
        self._select(folder)
        # "n:*" always matches the highest UID even when it is below n, hence the filter.
        with _errors("UID SEARCH"):
            uids = sorted(
                u for u in self._client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid
            )
        sizes: list[tuple[int, int]] = []
        for start in range(0, len(uids), _FETCH_IDS_PER_COMMAND):
            part = uids[start : start + _FETCH_IDS_PER_COMMAND]
            with _errors("FETCH sizes"):
                response = self._client.fetch(part, ["RFC822.SIZE"])
            sizes.extend((uid, int(response.get(uid, {}).get(b"RFC822.SIZE", 0))) for uid in part)
        return sizes

    def fetch(self, folder: str, uids: Sequence[int]) -> Iterator[FetchedMessage]:
        self._select(folder)
        for start in range(0, len(uids), _FETCH_IDS_PER_COMMAND):
            part = list(uids[start : start + _FETCH_IDS_PER_COMMAND])
            with _errors("FETCH bodies"):
                response = self._client.fetch(part, ["BODY.PEEK[]", "INTERNALDATE", "FLAGS"])
            for uid in part:
                data = response.get(uid)
                if data is None or b"BODY[]" not in data:
                    continue  # expunged meanwhile; the checkpoint logic handles the gap
                raw = bytes(data[b"BODY[]"])
                yield FetchedMessage(
                    folder=folder,
                    uid=uid,
                    raw=raw,
                    internaldate=_aware(data.get(b"INTERNALDATE")),
                    flags=tuple(_flag(f) for f in data.get(b"FLAGS", ())),
                    size=len(raw),
                )

    def flags(self, folder: str, uids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        self._select(folder)
        with _errors("FETCH flags"):
            response = self._client.get_flags(list(uids))
        return {uid: tuple(_flag(f) for f in flags) for uid, flags in response.items()}

    def answered_since(self, folder: str, since: FlagMark | None) -> AnsweredSince | None:
        if not self._condstore:
            return None
        info = self._select(folder)
        highest = info.get(b"HIGHESTMODSEQ")
        if highest is None:
            return None  # NOMODSEQ: this folder keeps no modification sequences
        mark = FlagMark(uidvalidity=int(info[b"UIDVALIDITY"]), modseq=int(highest))
        if since == mark or not info.get(b"EXISTS"):
            return AnsweredSince(uids=[], mark=mark)  # nothing changed (or nothing there)
        # Another UIDVALIDITY, or a mark ahead of the server (restored from a backup): all.
        usable = (
            since is not None
            and since.uidvalidity == mark.uidvalidity
            and since.modseq < mark.modseq
        )
        criteria = ["MODSEQ", str(since.modseq), "ANSWERED"] if usable and since else ["ANSWERED"]
        with _errors("UID SEARCH answered"):
            uids = sorted(int(u) for u in self._client.search(criteria))
        return AnsweredSince(uids=uids, mark=mark)

    def close(self) -> None:
        try:
            self._client.logout()
        except Exception:  # noqa: BLE001 - the connection may already be gone
            try:
                self._client.shutdown()
            except Exception:  # noqa: BLE001
                pass

    def _select(self, folder: str) -> dict[bytes, Any]:
        with _errors(f"EXAMINE {folder}"):
            try:
                info = self._client.select_folder(folder, readonly=True)
            except IMAPClientError as exc:
                if folder not in self.list_folders():
                    raise FolderNotFound(f"folder {folder!r} does not exist") from exc
                raise
        self._selected = folder
        return info


def _connect(settings: MailboxSettings, password: str | OAuth2Credential) -> imapclient.IMAPClient:
    # Loading the CA store is most of a quiet cycle's connection time: only when TLS is used.
    context = (
        ssl.create_default_context(cafile=settings.ca_file or None)
        if settings.tls != "none"
        else None
    )
    try:
        client = imapclient.IMAPClient(
            settings.host,
            port=settings.port,
            ssl=settings.tls == "ssl",
            ssl_context=context if settings.tls == "ssl" else None,
            timeout=settings.timeout_seconds,
        )
        if settings.tls == "starttls":
            assert context is not None
            client.starttls(context)
        client.normalise_times = False  # keep INTERNALDATE's own offset: aware datetimes
        if isinstance(password, OAuth2Credential):
            _oauth2_login(client, password)
        else:
            client.login(settings.username, password)
    except LoginError as exc:
        raise MailSourceError(f"IMAP login refused for the configured username: {exc}") from None
    except TokenError as exc:
        raise MailSourceError(f"no OAuth2 token for IMAP: {exc}") from None
    except socket.gaierror as exc:
        raise MailSourceError(f"cannot resolve IMAP host: {exc.strerror}") from None
    except ssl.SSLError as exc:
        raise MailSourceError(f"TLS failed with the IMAP server: {exc.reason}") from None
    except TRANSIENT as exc:
        raise MailSourceError(f"cannot reach the IMAP server: {_describe(exc)}") from None
    return client


def _enable_condstore(client: imapclient.IMAPClient) -> bool:
    """Turn on CONDSTORE (RFC 7162) where the server offers it; False where it does not."""
    try:
        offered = client.capabilities()
        if b"CONDSTORE" not in offered or b"ENABLE" not in offered:
            return False
        return b"CONDSTORE" in client.enable("CONDSTORE")
    except TRANSIENT as exc:
        raise MailSourceError(f"cannot reach the IMAP server: {_describe(exc)}") from None


def _oauth2_login(client: imapclient.IMAPClient, credential: OAuth2Credential) -> None:
    try:
        client.oauth2_login(credential.user, credential.token())
    except LoginError as exc:
        credential.refused()  # revoked or expired early: the next attempt gets a new token
        # The server's words only: AUTHENTICATE failures never echo the token.
        raise LoginError(f"XOAUTH2: {exc}") from None


class _errors:
    """Turn any protocol or network failure into MailSourceError naming the operation."""

    def __init__(self, what: str) -> None:
        self._what = what

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if exc is None or isinstance(exc, MailSourceError):
            return None
        if isinstance(exc, TRANSIENT):
            raise MailSourceError(f"{self._what}: {_describe(exc)}") from exc
        return None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _aware(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None  # the cycle then uses its own "now" as the receipt time


def _flag(value: object) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
