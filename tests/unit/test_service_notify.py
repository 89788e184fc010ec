"""systemd's notify protocol and watchdog, spoken to a real AF_UNIX datagram socket.

No systemd: the test binds the socket systemd would, hands its path to the daemon through the
same environment variables, and reads what the daemon says.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, datetime

import pytest

from daemon.app import App
from daemon.clock import FixedClock
from daemon.config import parse_settings
from daemon.mailbox.base import MailSourceError
from daemon.mailbox.memory import MemoryMailbox
from daemon.sdnotify import Notifier
from daemon.service import Service
from daemon.store.db import make_engine, migrate
from tests.support.mail import make_mail

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class NotifySocket:
    """What systemd listens on: collects every datagram sent to it."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.05)
        self.received: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            self.received.append((time.monotonic(), data.decode()))

    def lines(self) -> list[str]:
        return [line for _at, text in list(self.received) for line in text.split("\n")]

    def pings_between(self, start: float, end: float) -> int:
        return sum(
            1 for at, text in list(self.received) if start <= at <= end and "WATCHDOG=1" in text
        )

    def wait_for(self, line: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while line not in self.lines():
            if time.monotonic() > deadline:
                raise AssertionError(f"no {line!r} from the daemon; got {self.lines()}")
            time.sleep(0.02)

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
        self._thread.join(1)


@pytest.fixture
def notify_socket(tmp_path):
    sock = NotifySocket(str(tmp_path / "notify.sock"))
    yield sock
    sock.close()


@pytest.fixture
def app(tmp_path):
    settings = parse_settings(
        {
            "school": {"staff_domains": ["school.example"]},
            "mailbox": {"address": "office@school.example"},
            "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
            "ingest": {"interval_seconds": 3600, "idle": False},
        }
    )
    engine = make_engine(settings.database.url)
    migrate(engine)
    return App(settings=settings, engine=engine, clock=FixedClock(T0))


# -- the protocol -----------------------------------------------------------------------------


def test_ready_status_watchdog_and_stopping_reach_the_socket(notify_socket):
    n = Notifier({"NOTIFY_SOCKET": notify_socket.path})
    n.ready("polling every 60 s")
    n.watchdog()
    n.status("last cycle ok")
    n.stopping()
    notify_socket.wait_for("STOPPING=1")
    texts = [text for _at, text in notify_socket.received]
    assert texts == [
        "READY=1\nSTATUS=polling every 60 s",
        "WATCHDOG=1",
        "STATUS=last cycle ok",
        "STOPPING=1",
    ]


def test_abstract_namespace_socket():
    name = f"steward-test-{os.getpid()}-{time.monotonic_ns()}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    server.settimeout(2)
    try:
        Notifier({"NOTIFY_SOCKET": "@" + name}).ready()
        assert server.recv(100) == b"READY=1"
    finally:
        server.close()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"WATCHDOG_USEC": "30000000"}, 30.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 30.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # for another process
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
    ],
)
def test_watchdog_interval_from_the_environment(env, expected):
    assert Notifier(env).watchdog_seconds == expected


def test_outside_systemd_nothing_is_sent_and_nothing_fails():
    n = Notifier({})
    assert not n.enabled
    n.ready()
    n.watchdog()
    n.stopping()


def test_a_vanished_socket_does_not_stop_the_daemon(tmp_path):
    n = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    n.ready()  # logged once, not raised
    n.watchdog()


# -- the daemon under a watchdog -------------------------------------------------------------


class GatedMailbox(MemoryMailbox):
    """A server whose connections can be made to hang (a daemon stuck on a dead socket)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def connect(self):  # type: ignore[no-untyped-def]
        if not self.gate.is_set():
            self.entered.set()
            self.gate.wait()
        return super().connect()


def test_watchdog_pinged_while_healthy_and_withheld_while_a_cycle_hangs(app, notify_socket):
    mailbox = GatedMailbox()
    notifier = Notifier({"NOTIFY_SOCKET": notify_socket.path, "WATCHDOG_USEC": "400000"})
    service = Service(
        app,
        notifier=notifier,
        source_factory=mailbox.connect,
        transport_factory=None,
        hang_seconds=0.6,
    )
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    try:
        notify_socket.wait_for("READY=1")
        deadline = time.monotonic() + 5
        while service.cycles < 1:
            assert time.monotonic() < deadline, "the first cycle never ran"
            time.sleep(0.02)
        t = time.monotonic()
        time.sleep(1.0)
        assert notify_socket.pings_between(t, time.monotonic()) >= 3  # every 0.2 s or so

        mailbox.gate.clear()  # the next cycle hangs in connect
        service.wake()
        assert mailbox.entered.wait(5)
        time.sleep(0.8)  # past hang_seconds: no progress
        t = time.monotonic()
        time.sleep(1.0)
        assert notify_socket.pings_between(t, time.monotonic()) == 0
        assert not service.healthy()

        mailbox.gate.set()  # unstuck: pings resume
        time.sleep(1.0)
        t = time.monotonic()
        time.sleep(0.8)
        assert notify_socket.pings_between(t, time.monotonic()) >= 2
    finally:
        mailbox.gate.set()
        service.request_stop("test")
        thread.join(10)
    assert not thread.is_alive()
    assert "STOPPING=1" in notify_socket.lines()


def test_new_mail_wakes_a_cycle_at_once(app):
    mailbox = MemoryMailbox()
    service = Service(app, source_factory=mailbox.connect, transport_factory=None)
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 5
        while service.cycles < 1:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        mailbox.append("INBOX", make_mail(sender="A Parent <a.parent@example.com>"), T0)
        started = time.monotonic()
        service.wake()  # what the IDLE watcher does; the interval here is an hour
        while service.cycles < 2:
            assert time.monotonic() - started < 3, "the wake-up did not run a cycle"
            time.sleep(0.02)
        assert service.last_outcome.ingest.total("stored") == 1
    finally:
        service.request_stop("test")
        thread.join(10)


def test_an_unreachable_mailbox_is_one_warning_then_one_recovery(app, capsys):
    from daemon.log import configure

    mailbox = MemoryMailbox()
    mailbox.fail_next = 4  # four connection attempts fail, then the server is back
    import io

    stream = io.StringIO()
    configure("debug", "json", stream=stream)
    service = Service(
        app, source_factory=mailbox.connect, transport_factory=None, backoff_seconds=0.05
    )
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not (service.last_outcome is not None and service.last_outcome.ingest.ok):
            assert time.monotonic() < deadline, "never recovered"
            time.sleep(0.02)
    finally:
        service.request_stop("test")
        thread.join(10)
        configure("warning", "json")
    text = stream.getvalue()
    assert text.count('"mailbox.unreachable"') == 1
    assert text.count('"mailbox.recovered"') == 1
    assert service.cycles >= 2  # retried after the failures, without waiting an hour


def test_connect_errors_raise_mail_source_error_for_the_runner(app):
    mailbox = MemoryMailbox()
    mailbox.fail_next = 1
    service = Service(app, source_factory=mailbox.connect, transport_factory=None)
    with pytest.raises(MailSourceError):
        service._connect()
    assert service.outage.down
    service._connect()
    assert not service.outage.down
