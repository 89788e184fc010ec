"""A real SMTP server (aiosmtpd) in this process that keeps every message it is sent.

    sink = SmtpSink().start()            # 127.0.0.1, a free port
    ...send mail to sink.host:sink.port...
    (mail,) = sink.wait_for(1, timeout=5)
    mail.mail_from, mail.rcpt_tos, mail.data, mail.message["Subject"]
    sink.stop()                          # the port refuses connections: a dead SMTP server
    sink.start()                         # back on the same port

No pytest import here, so benchmarks can use it too.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class ReceivedMail:
    """One message as delivered: the SMTP envelope and the exact bytes of DATA."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    received_at: datetime
    peer: tuple[str, int] | None = None
    _parsed: list[EmailMessage] = field(default_factory=list, repr=False, compare=False)

    @property
    def message(self) -> EmailMessage:
        """``data`` parsed with the modern email policy (cached)."""
        if not self._parsed:
            self._parsed.append(
                email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[arg-type]
            )
        return self._parsed[0]


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or envelope.content or b""
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        self._sink._record(
            ReceivedMail(
                mail_from=envelope.mail_from or "",
                rcpt_tos=tuple(envelope.rcpt_tos),
                data=bytes(data),
                received_at=datetime.now(UTC),
                peer=_peer(session.peer),
            )
        )
        return "250 Message accepted for delivery"


def _peer(peer: object) -> tuple[str, int] | None:
    if isinstance(peer, tuple) and len(peer) >= 2:
        return (str(peer[0]), int(peer[1]))
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_bindable(host: str, port: int, timeout: float = 5.0) -> None:
    """Wait until ``port`` can be bound (as asyncio will, with SO_REUSEADDR)."""
    deadline = time.monotonic() + timeout
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((host, port))
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.05)


class SmtpSink:
    """An SMTP server on 127.0.0.1 that accepts and records everything (no AUTH, no TLS)."""

    host = "127.0.0.1"

    def __init__(self, port: int | None = None) -> None:
        self.port = port or _free_port()
        self._messages: list[ReceivedMail] = []
        self._cond = threading.Condition()
        self._controller: Controller | None = None

    def _record(self, mail: ReceivedMail) -> None:
        with self._cond:
            self._messages.append(mail)
            self._cond.notify_all()

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> SmtpSink:
        """Listen (again) on the same port; already received messages are kept."""
        if self._controller is not None:
            return self
        _wait_bindable(self.host, self.port)
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            server_hostname="sink.test",
            ready_timeout=5.0,
            enable_SMTPUTF8=True,
        )
        try:
            controller.start()
        except BaseException:
            controller.stop(no_assert=True)
            raise
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until start() (a dead SMTP server)."""
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def messages(self) -> list[ReceivedMail]:
        """A copy of everything received so far, in order of arrival."""
        with self._cond:
            return list(self._messages)

    def clear(self) -> None:
        with self._cond:
            self._messages.clear()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        """Block until at least ``count`` messages have arrived; return them all.

        Raises TimeoutError saying how many did arrive.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"SMTP sink: expected {count} message(s) within {timeout}s, "
                        f"got {len(self._messages)}"
                    )
                self._cond.wait(left)
            return list(self._messages)

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"SmtpSink({self.host}:{self.port}, {state}, {len(self.messages())} received)"
