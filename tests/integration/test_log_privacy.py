"""No secret, message text or email address reaches the logs of a full run.

Real Dovecot (a login with a distinctive password), a real SMTP server that requires a login
(aiosmtpd with AUTH), the real CLI with logging at DEBUG in JSON. Over one weekend the run
sends a holding reply, a safeguarding alert to the DSL and a Monday digest, then exports and
erases a parent; the captured log of all of it is searched for every secret, address, name,
subject and distinctive sentence involved. Times: Friday 20 to Monday 23 November 2026 (GMT).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from daemon.cli import main
from tests.support.mail import make_mail
from tests.support.smtp import SmtpSink, _Handler, _wait_bindable

pytestmark = pytest.mark.dovecot

WED_1000 = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
FRI_1800 = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
MON_0800 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
IMAP_PASSWORD = "Imap-Secret-7Qz!corvid"
SMTP_PASSWORD = "Smtp-Secret-4Kx!heron"
SMTP_USER = "relay-login-owl"
AMY = "Amy Clarke <amy.clarke@example.com>"
MARK = "Mark Jones <mark.jones@example.net>"
AMY_SUBJECT = "Worried about Lily tonight"
AMY_BODY = (
    "Hi, Lily came home upset and told me her older cousin hits her when she stays at her "
    "nan's house and she is scared to go back this weekend. I don't know what to do.\n\nAmy"
)
MARK_SUBJECT = "Football team selection"
MARK_BODY = (
    "THIS IS THE THIRD TIME I HAVE WRITTEN ABOUT MY SON BEING LEFT OUT OF THE TEAM AND NOBODY "
    "HAS BOTHERED TO REPLY!!! YOU ARE ALL USELESS AND FRANKLY PATHETIC.\n\nMark Jones"
)
STAFF = ("office-team@school.example", "dsl@school.example", "head@school.example")


class AuthSmtpSink(SmtpSink):
    """The test SMTP sink, but it requires AUTH (PLAIN/LOGIN) with one user and password."""

    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user, self.password, self.logins = user, password, 0

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        self.logins += ok
        return AuthResult(success=ok)

    def start(self) -> AuthSmtpSink:
        _wait_bindable(self.host, self.port)
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            server_hostname="sink.test",
            ready_timeout=5.0,
            authenticator=self._authenticate,
            auth_require_tls=False,
        )
        controller.start()
        self._controller = controller
        return self


@pytest.fixture
def sink():
    s = AuthSmtpSink(SMTP_USER, SMTP_PASSWORD).start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def account(dovecot):
    return dovecot.add_user(password=IMAP_PASSWORD)


@pytest.fixture
def config(tmp_path, account, sink, monkeypatch):
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", IMAP_PASSWORD)
    monkeypatch.setenv("STEWARD_TEST_SMTP_PASSWORD", SMTP_PASSWORD)
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[school]
name = "Oakfield Primary"
staff_domains = ["school.example"]
safeguarding_phone = "01632 960 123"
[mailbox]
host = "{account.host}"
port = {account.port}
tls = "none"
username = "{account.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
[smtp]
host = "{sink.host}"
port = {sink.port}
tls = "none"
username = "{SMTP_USER}"
password_env = "STEWARD_TEST_SMTP_PASSWORD"
[logging]
level = "debug"
format = "json"
[[staff]]
name = "Office team"
email = "{STAFF[0]}"
role = "office"
[[staff]]
name = "Mrs Okafor (DSL)"
email = "{STAFF[1]}"
role = "dsl"
digest = false
[[staff]]
name = "Mr Bailey (Head)"
email = "{STAFF[2]}"
role = "slt"
"""
    )
    return path


def test_a_full_run_logs_no_secret_text_or_address(config, account, sink, tmp_path, capfd):
    def steward(*args: str) -> None:
        assert main(["--config", str(config), *args]) == 0, capfd.readouterr()

    account.append(
        "INBOX",
        make_mail(
            sender=MARK, subject=MARK_SUBJECT, message_id="mark1@example.net", body=MARK_BODY
        ),
        WED_1000,
    )
    steward("once", "--now", (FRI_1800 - timedelta(hours=3)).isoformat())
    account.append(
        "INBOX",
        make_mail(
            sender=AMY,
            subject=AMY_SUBJECT,
            message_id="amy1@example.com",
            body=AMY_BODY,
            headers={"Return-Path": "<amy.clarke@example.com>"},
        ),
        FRI_1800,
    )
    steward("once", "--now", (FRI_1800 + timedelta(minutes=5)).isoformat())
    steward("once", "--now", MON_0800.isoformat())
    steward("export", "--parent", "amy.clarke@example.com", "--out", str(tmp_path / "sar"))
    steward("erase", "--parent", "mark.jones@example.net", "--by", "Ms Data", "--yes")

    # The run did what the log is meant to describe: reply, alert and digest, via a login.
    rcpts = {r for m in sink.messages() for r in m.rcpt_tos}
    assert {"amy.clarke@example.com", "dsl@school.example", "office-team@school.example"} <= rcpts
    assert sink.logins >= 1

    log = capfd.readouterr().err
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert len(lines) >= 15 and len(lines) == len(log.splitlines())  # all of it JSON
    events = {line["event"] for line in lines}
    assert {"cycle.done", "ingest.batch", "flag.raised", "alert.queued"} <= events
    assert {"parent.exported", "parent.erased"} <= events
    sent = {line["kind"] for line in lines if line["event"] == "outbox.sent"}
    assert sent == {"holding_reply", "alert", "digest"}

    forbidden = [
        IMAP_PASSWORD,
        SMTP_PASSWORD,
        account.user,  # the IMAP login is itself an address
        "amy.clarke",
        "mark.jones",
        "office@school.example",
        *STAFF,
        "Amy Clarke",
        "Mark Jones",
        AMY_SUBJECT,
        MARK_SUBJECT,
        "cousin hits her",
        "scared to go back",
        "FRANKLY PATHETIC",
        "LEFT OUT OF THE TEAM",
        "Mrs Okafor",
        "Ms Data",
    ]
    lowered = log.lower()
    leaks = [f for f in forbidden if f.lower() in lowered]
    assert leaks == [], f"found in the logs: {leaks}"
