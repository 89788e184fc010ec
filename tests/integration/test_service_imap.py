"""``steward run`` against a real Dovecot: IDLE delivery, a server restart, SIGTERM mid-batch.

Times: the daemon's clock starts on Friday 20 November 2026 at 18:00 (out of hours, GMT) and
runs on in real time, so parent mail gets holding replies and each one is counted at the SMTP
sink.
"""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import structlog
from sqlmodel import Session, func, select

from daemon.app import build_app
from daemon.config import load_settings
from daemon.log import configure
from daemon.service import Service
from daemon.store.models import FolderState, Message, MessageLocation, Outbox
from tests.support.dovecot import DovecotServer
from tests.support.mail import make_mail
from tests.support.smtp import SmtpSink

pytestmark = pytest.mark.dovecot

FRIDAY_EVENING = "2026-11-20T18:00:00+00:00"
ROOT = Path(__file__).resolve().parents[2]


def write_config(path: Path, server, sink, **ingest: object) -> Path:
    extra = "".join(f"{k} = {v}\n" for k, v in ingest.items())
    path.write_text(
        f"""
[school]
staff_domains = ["school.example"]
safeguarding_phone = "01632 960 123"
[mailbox]
host = "{server.host}"
port = {server.port}
tls = "none"
username = "{server.user}"
password = "{server.password}"
address = "office@school.example"
timeout_seconds = 10
[database]
url = "sqlite:///{path.parent / "steward.db"}"
[ingest]
{extra}
[smtp]
host = "{sink.host}"
port = {sink.port}
tls = "none"
"""
    )
    path.chmod(0o600)
    return path


def wait(condition, timeout: float, what: str) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)
    return time.monotonic() - start


def stored(app) -> Counter[str]:  # type: ignore[no-untyped-def]
    with Session(app.engine) as s:
        return Counter(s.exec(select(Message.message_id)).all())


def parent_mail(n: int) -> bytes:
    return make_mail(
        sender=f"Parent {n} <parent{n}@example.com>",
        subject=f"Question about club {n}",
        message_id=f"parent-{n}@example.com",
        body=f"Hello,\n\nCould you tell me when the club number {n} starts?\n\nThanks",
    )


@pytest.fixture
def server():
    with DovecotServer() as s:
        yield s


@pytest.fixture
def sink():
    with SmtpSink() as s:
        yield s


@pytest.fixture
def log_text():
    stream = io.StringIO()
    configure("debug", "json", stream=stream)
    yield stream
    structlog.reset_defaults()


class Running:
    """The daemon in a thread of this process, as ``steward run --now`` builds it."""

    def __init__(self, config: Path, **kw: object) -> None:
        self.app = build_app(load_settings(config), FRIDAY_EVENING, moving=True)
        self.service = Service(self.app, **kw)  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.service.run, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        wait(lambda: self.service.cycles >= 1, 30, "the first cycle")
        return self

    def __exit__(self, *exc: object) -> None:
        self.service.request_stop("test")
        self.thread.join(15)
        assert not self.thread.is_alive(), "the daemon did not stop"


def test_idle_brings_new_mail_into_the_database_within_seconds(tmp_path, server, sink):
    # Polling once an hour: only IDLE can be this quick.
    config = write_config(tmp_path / "steward.toml", server, sink, interval_seconds=3600)
    with Running(config) as run:
        watcher = run.service.watcher
        assert watcher is not None
        wait(watcher.idling.is_set, 10, "IDLE on INBOX")
        assert watcher.supported is True
        for n in range(3):
            server.append("INBOX", parent_mail(n), run.app.clock.now())
            took = wait(lambda n=n: f"parent-{n}@example.com" in stored(run.app), 10, "mail")
            assert took < 5, f"message {n} took {took:.1f} s to reach the database"
            wait(watcher.idling.is_set, 10, "IDLE again")
        # ...and its holding reply went out straight away too.
        sink.wait_for(3, timeout=10)


def test_idle_is_reissued_before_the_server_limit(tmp_path, server, sink):
    config = write_config(
        tmp_path / "steward.toml", server, sink, interval_seconds=3600, idle_renew_seconds=30
    )
    with Running(config) as run:
        watcher = run.service.watcher
        assert watcher is not None
        wait(watcher.idling.is_set, 10, "IDLE on INBOX")
        watcher._renew = 1.0  # the setting's floor is 30 s; the renewal path is what counts
        before = watcher.idle_commands
        time.sleep(3.5)  # a few DONE + IDLE round trips on the same connection
        assert watcher.idle_commands >= before + 2
        assert run.service.outage.failures == 0  # renewed, not reconnected
        server.append("INBOX", parent_mail(7), run.app.clock.now())
        took = wait(lambda: "parent-7@example.com" in stored(run.app), 10, "mail")
        assert took < 5


def test_server_restart_while_running_loses_nothing_and_sends_nothing_twice(
    tmp_path, server, sink, log_text
):
    config = write_config(tmp_path / "steward.toml", server, sink, interval_seconds=5)
    with Running(config, backoff_seconds=0.3) as run:
        app = run.app
        wait(
            lambda: run.service.watcher is not None and run.service.watcher.idling.is_set(),
            10,
            "IDLE",
        )
        for n in (1, 2):
            server.append("INBOX", parent_mail(n), app.clock.now())
        sink.wait_for(2, timeout=15)

        server.stop()
        # Mail delivered while the IMAP service is down (the MTA writes the Maildir).
        inbox = server.account.maildir_path("INBOX")
        dropped = inbox / "new" / f"{int(time.time())}.M1P1.test"
        dropped.write_bytes(parent_mail(3))
        arrived = app.clock.now().timestamp()
        os.utime(dropped, (arrived, arrived))  # INTERNALDATE: now on the daemon's clock
        server.account.fix_ownership()
        time.sleep(2.0)  # the daemon notices and backs off
        assert run.service.outage.down
        server.start()
        server.append("INBOX", parent_mail(4), app.clock.now())

        wait(lambda: len(stored(app)) == 4, 30, "all four messages after the restart")
        sink.wait_for(4, timeout=15)
        time.sleep(2.0)  # a few more cycles: nothing new may be sent
    counts = stored(app)
    assert sorted(counts) == [f"parent-{n}@example.com" for n in (1, 2, 3, 4)]
    assert set(counts.values()) == {1}
    replies = sink.messages()
    assert len(replies) == 4
    assert len({r.message["Message-ID"] for r in replies}) == 4
    assert Counter(tuple(r.rcpt_tos) for r in replies) == {
        (f"parent{n}@example.com",): 1 for n in (1, 2, 3, 4)
    }
    with Session(app.engine) as s:
        assert s.exec(select(func.count()).select_from(Outbox)).one() == 4
    text = log_text.getvalue()
    assert text.count('"mailbox.unreachable"') == 1, "one warning per outage"
    assert text.count('"mailbox.recovered"') == 1, "one line when it is back"
    warnings = [line for line in text.splitlines() if '"level": "warning"' in line]
    assert all('"mailbox.unreachable"' in line for line in warnings), warnings


def test_sigterm_mid_batch_exits_fast_and_the_next_start_continues(tmp_path, server, sink):
    total = 600
    config = write_config(
        tmp_path / "steward.toml", server, sink, interval_seconds=3600, batch_size=20
    )
    thursday_morning = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)  # in core hours
    with server.client() as client:
        for n in range(total):
            client.append("INBOX", parent_mail(n), msg_time=thursday_morning)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daemon.cli",
            "--config",
            str(config),
            "run",
            "--now",
            FRIDAY_EVENING,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    app = build_app(load_settings(config), FRIDAY_EVENING, upgrade=False)

    def count() -> int:
        # A plain reader: the daemon's engine begins every transaction IMMEDIATE, which
        # would queue this poll behind the whole ingest.
        try:
            with sqlite3.connect(tmp_path / "steward.db", timeout=0.1) as db:
                return int(db.execute("SELECT count(*) FROM message").fetchone()[0])
        except sqlite3.Error:  # the daemon may still be creating the schema
            return 0

    try:
        wait(lambda: count() > 0, 60, "the first batch")
        at_signal = count()
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = proc.wait(15)
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert code == 0, stderr[-2000:]
    assert took < 10, f"SIGTERM took {took:.1f} s"
    print(f"SIGTERM with {at_signal} of {total} stored: exit after {took:.2f} s")
    # Consistent: the checkpoint is exactly the last message stored, every stored message once.
    with Session(app.engine) as s:
        state = s.exec(select(FolderState).where(FolderState.folder == "INBOX")).one()
        uids = sorted(s.exec(select(MessageLocation.uid)).all())
    assert at_signal <= len(uids) <= total
    assert uids == list(range(1, len(uids) + 1))
    assert state.last_uid == uids[-1]
    assert len(uids) < total, f"stopped mid-run? {at_signal} stored at SIGTERM, {len(uids)} at exit"

    # The next start carries on from the checkpoint: everything, once.
    from daemon.cli import main

    assert main(["--config", str(config), "once", "--now", FRIDAY_EVENING]) in (0, 1)
    counts = stored(app)
    assert len(counts) == total and set(counts.values()) == {1}
    assert sink.messages() == []  # all of it was there on the first run: no holding replies
