"""Push delivery: a connection of its own waits in IMAP IDLE (RFC 2177) on INBOX.

The watcher only says "something arrived"; it never fetches. When the server announces new
mail (``EXISTS``/``RECENT``) it calls ``on_new_mail`` and the service runs a cycle, which reads
from the folder checkpoint as ever, so a lost IDLE notification can delay mail until the next
poll but never lose it. IDLE is re-issued every ``renew_seconds`` (servers may end it after
30 minutes, RFC 2177 §3). A lost connection is re-opened with exponential backoff and jitter;
the outage is logged once when it starts and once when it ends (``daemon.outage``).

The folder is opened read-only (EXAMINE), like every other read, so nothing changes on the
server. Without the IDLE capability the watcher stops and the service polls INBOX with the
other folders.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from daemon.log import get_logger
from daemon.mailbox.base import MailSource, MailSourceError
from daemon.outage import Outage

# idle_check() wakes this often, so a stop request is seen within a second.
_CHECK_SECONDS = 1.0
# Responses that mean a message arrived (EXPUNGE and flag changes need no cycle).
_NEW_MAIL = {b"EXISTS", b"RECENT"}


class InboxWatcher:
    def __init__(
        self,
        source_factory: Callable[[], MailSource],
        on_new_mail: Callable[[], None],
        *,
        stop: threading.Event,
        outage: Outage,
        folder: str = "INBOX",
        renew_seconds: float = 1500.0,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 300.0,
    ) -> None:
        self._factory = source_factory
        self._on_new_mail = on_new_mail
        self._stop = stop
        self._outage = outage
        self._folder = folder
        self._renew = renew_seconds
        self._backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._thread: threading.Thread | None = None
        self.supported: bool | None = None  # None until the first connection says
        self.idling = threading.Event()  # set while an IDLE command is in progress
        self.idle_commands = 0  # IDLE commands issued (renewals included)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="imap-idle", daemon=True)
        self._thread.start()

    def join(self, timeout: float) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        log = get_logger(folder_role="inbox")
        while not self._stop.is_set():
            try:
                source = self._factory()
            except MailSourceError as exc:
                self._outage.failed(str(exc))
                self._stop.wait(self._outage.backoff(self._backoff, self._max_backoff))
                continue
            except Exception:  # noqa: BLE001 - the watcher must not die; polling goes on
                log.exception("idle.crashed")
                self._stop.wait(self._max_backoff)
                continue
            try:
                client = getattr(source, "client", None)
                if client is None or not client.has_capability("IDLE"):
                    self.supported = False
                    log.info("idle.unsupported", fallback="polling")
                    return
                self.supported = True
                self._outage.recovered()
                self._watch(client)
            except Exception as exc:  # noqa: BLE001 - any failure: reconnect and go on
                self.idling.clear()
                if self._stop.is_set():
                    break
                # Whatever arrived meanwhile is read by the cycle run on reconnection.
                self._outage.failed(f"{type(exc).__name__}: {exc}")
                self._stop.wait(self._outage.backoff(self._backoff, self._max_backoff))
            finally:
                self.idling.clear()
                _close_quickly(source)
        log.debug("idle.stopped")

    def _watch(self, client: object) -> None:
        """IDLE until stopped; returns normally only on stop, raises when the link breaks."""
        c: _IdleClient = client  # type: ignore[assignment]
        c.select_folder(self._folder, readonly=True)
        # Mail that arrived between the last cycle and this IDLE would otherwise wait for
        # the next poll: one cycle now covers that gap (it is cheap when nothing is new).
        self._on_new_mail()
        while not self._stop.is_set():
            c.idle()
            self.idle_commands += 1
            self.idling.set()
            started = time.monotonic()
            try:
                while not self._stop.is_set() and time.monotonic() - started < self._renew:
                    before = time.monotonic()
                    responses = c.idle_check(timeout=_CHECK_SECONDS)
                    if not responses and time.monotonic() - before < _CHECK_SECONDS / 2:
                        # Readable at once but nothing to read: the server closed the link.
                        raise MailSourceError("the IDLE connection was closed by the server")
                    bye = next((r for r in responses if _is_bye(r)), None)
                    if bye is not None:
                        said = bye[1] if len(bye) > 1 else b""
                        reason = (
                            said.decode("ascii", "replace")[:100] if isinstance(said, bytes) else ""
                        )
                        raise MailSourceError(f"the server ended the IDLE connection: BYE {reason}")
                    if any(_announces_mail(r) for r in responses):
                        self._on_new_mail()
            finally:
                self.idling.clear()
            if self._stop.is_set():
                return  # the connection is dropped without DONE/LOGOUT: exit fast
            # Mail announced between the last check and DONE comes back with DONE's reply.
            _text, responses = c.idle_done()
            if any(_announces_mail(r) for r in responses):
                self._on_new_mail()


class _IdleClient(Protocol):  # the part of imapclient.IMAPClient used here
    def select_folder(self, folder: str, readonly: bool = False) -> object: ...
    def idle(self) -> object: ...
    def idle_check(self, timeout: float | None = None) -> list[tuple[object, ...]]: ...
    def idle_done(self) -> tuple[bytes, list[tuple[object, ...]]]: ...


def _announces_mail(response: tuple[object, ...]) -> bool:
    return len(response) >= 2 and response[1] in _NEW_MAIL


def _is_bye(response: tuple[object, ...]) -> bool:
    return bool(response) and response[0] == b"BYE"


def _close_quickly(source: MailSource) -> None:
    """Drop the connection without waiting on a server that may be gone (LOGOUT could block
    for the whole socket timeout, and SIGTERM has to finish within seconds)."""
    client = getattr(source, "client", None)
    try:
        if client is not None:
            client.shutdown()
        else:
            source.close()
    except Exception:  # noqa: BLE001 - already closed
        pass
