"""Shared fixtures: a real Dovecot IMAP server and a real SMTP server, both on 127.0.0.1.

- ``dovecot`` (session): one DovecotServer for the whole run.
- ``mailbox`` (function): a fresh, empty IMAP account on that server for each test
  (an ``ImapAccount``: host, port, user, password, client(), append(), ...).
- ``smtp_sink`` (function): an SmtpSink that records what it is sent.

Without Dovecot installed the tests that need it are skipped, except when CI is set
(``CI=true``): then a missing Dovecot is an error, so a broken CI machine cannot pass quietly.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator

import pytest
import structlog

from tests.support.dovecot import DovecotServer, ImapAccount, find_dovecot
from tests.support.smtp import SmtpSink


@pytest.fixture(autouse=True)
def _fresh_logging() -> Iterator[None]:
    """Each test starts with structlog's defaults: a command run by one test (which sets
    the level from its config) must not hide another test's log lines."""
    structlog.reset_defaults()
    yield
    structlog.reset_defaults()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    if find_dovecot() is None:
        reason = "Dovecot is not installed (Debian: apt-get install dovecot-imapd)"
        if _in_ci():
            pytest.fail(f"{reason}, and CI is set: real-server tests must run", pytrace=False)
        pytest.skip(f"{reason}: real-server tests skipped")
    server = DovecotServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


_accounts = itertools.count(1)


@pytest.fixture
def mailbox(dovecot: DovecotServer, request: pytest.FixtureRequest) -> ImapAccount:
    """A new user with an empty mailbox (INBOX, Sent, Drafts, Trash) for this test."""
    if not dovecot.running:  # an earlier test stopped it and did not get to start it again
        dovecot.start()
    slug = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40]
    return dovecot.add_user(f"t{next(_accounts)}-{slug}@school.example")


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """When a test that used Dovecot fails, show the end of Dovecot's log with the failure."""
    outcome = yield
    report = outcome.get_result()
    funcargs = getattr(item, "funcargs", {})
    server = funcargs.get("dovecot")
    if server is None and isinstance(funcargs.get("mailbox"), ImapAccount):
        server = funcargs["mailbox"].server
    if report.failed and isinstance(server, DovecotServer):
        tail = server.log_text().splitlines()[-40:]
        report.sections.append(("dovecot log (last 40 lines)", "\n".join(tail)))
