"""OAuth2 sign-in (XOAUTH2) end to end: real Dovecot with an oauth2 passdb, real token flows.

The identity provider (tests/support/oauth.py) issues tokens through the real msal
client-credentials flow and the real google-auth service-account flow; Dovecot asks its
introspection endpoint about every token, so a login succeeds only with a token the provider
issued, for that mailbox, that has not expired or been revoked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import LoginError
from sqlmodel import Session, func, select
from structlog.testing import capture_logs

from daemon.app import App, build_app
from daemon.config import parse_settings
from daemon.mailbox.base import MailSourceError
from daemon.outbox import Draft, flush, queue
from daemon.store.db import session_scope
from daemon.store.models import Message, Outbox
from tests.support.dovecot import DovecotServer, find_dovecot
from tests.support.mail import make_mail
from tests.support.oauth import IdentityProvider, OAuth2SmtpServer

pytestmark = pytest.mark.dovecot

SECRET = "entra-client-secret-value"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
T0 = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


class MovableClock:
    """Real time from a start that the test moves on (the daemon's clock and the provider's)."""

    fixed = False

    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **kw: float) -> None:
        self.moment += timedelta(**kw)


@pytest.fixture(scope="module")
def idp(tmp_path_factory) -> Iterator[IdentityProvider]:
    provider = IdentityProvider(tmp_path_factory.mktemp("idp")).start()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="module")
def oauth_dovecot(idp) -> Iterator[DovecotServer]:
    if find_dovecot() is None:
        pytest.skip("Dovecot is not installed")
    server = DovecotServer(oauth2_introspection_url=idp.introspection_url)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def clock(idp, monkeypatch) -> MovableClock:
    clock = MovableClock()
    idp.now = clock.now
    idp.lifetime = 3600
    idp.requests.clear()
    # The token endpoints are HTTPS with the provider's own certificate (msal insists on
    # https); requests, under both msal and google-auth, trusts it through this variable.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(idp.ca_file))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return clock


@pytest.fixture
def account(oauth_dovecot, request):
    slug = request.node.name.lower().replace("_", "-")[:30].strip("-")
    return oauth_dovecot.add_user(f"{slug}@school.example")


def settings_for(tmp_path, account, oauth2: dict, **smtp) -> dict:
    data = {
        "mailbox": {
            "host": account.host,
            "port": account.port,
            "tls": "none",
            "username": account.user,
            "address": "office@school.example",
            "auth": "oauth2",
            "oauth2": oauth2,
        },
        "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
        "school": {"staff_domains": ["school.example"]},
    }
    if smtp:
        data["smtp"] = smtp
    return data


def microsoft(idp, account, monkeypatch, **kw) -> dict:
    idp.add_microsoft_app(CLIENT_ID, mailbox=account.user, secret=SECRET)
    monkeypatch.setenv("STEWARD_TEST_CLIENT_SECRET", SECRET)
    return {
        "provider": "microsoft",
        "tenant": idp.tenant,
        "client_id": CLIENT_ID,
        "client_secret_env": "STEWARD_TEST_CLIENT_SECRET",
        "authority": idp.authority,
        **kw,
    }


def app_for(data: dict, clock: MovableClock) -> App:
    app = build_app(parse_settings(data))
    app.clock = clock
    return app


def stored(app: App) -> int:
    with Session(app.engine) as s:
        return s.exec(select(func.count()).select_from(Message)).one()


def parent_mail(n: int) -> bytes:
    return make_mail(
        sender=f"Parent {n} <parent{n}@example.com>",
        subject=f"Trip money {n}",
        message_id=f"oauth{n}@example.com",
        body="Dear office,\n\nHas the trip money arrived?\n\nThanks",
    )


def test_microsoft_app_token_opens_the_mailbox_and_mail_is_ingested(
    tmp_path, idp, account, clock, monkeypatch
):
    """With a Microsoft 365 app's client secret the daemon signs in with XOAUTH2 and ingests."""
    account.append("INBOX", parent_mail(1), T0)
    app = app_for(settings_for(tmp_path, account, microsoft(idp, account, monkeypatch)), clock)
    report = app.runner(backoff_seconds=0.01).run_cycle()
    assert report.ok, report.errors
    assert stored(app) == 1
    assert idp.requests["microsoft"] == 1
    assert "method=XOAUTH2" in account.server.log_text()


def test_microsoft_certificate_credential_signs_in(tmp_path, idp, account, clock):
    """A certificate (private key + thumbprint) works instead of a client secret."""
    idp.add_microsoft_app(CLIENT_ID, mailbox=account.user)
    thumbprint = idp.add_certificate(CLIENT_ID, tmp_path / "steward-app.pem")
    oauth2 = {
        "provider": "microsoft",
        "tenant": idp.tenant,
        "client_id": CLIENT_ID,
        "certificate_file": str(tmp_path / "steward-app.pem"),
        "certificate_thumbprint": thumbprint,
        "authority": idp.authority,
    }
    account.append("INBOX", parent_mail(2), T0)
    app = app_for(settings_for(tmp_path, account, oauth2), clock)
    report = app.runner(backoff_seconds=0.01).run_cycle()
    assert report.ok, report.errors
    assert stored(app) == 1 and idp.requests["microsoft"] == 1


def test_google_service_account_acts_as_the_mailbox_and_mail_is_ingested(
    tmp_path, idp, account, clock, monkeypatch
):
    """A Google service account key from $CREDENTIALS_DIRECTORY, acting as the mailbox user."""
    creds = tmp_path / "credentials"
    creds.mkdir()
    idp.add_google_service_account("steward@school-project.example", creds / "google-key.json")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    oauth2 = {"provider": "google", "service_account_file": "google-key.json"}
    account.append("INBOX", parent_mail(3), T0)
    app = app_for(settings_for(tmp_path, account, oauth2), clock)
    report = app.runner(backoff_seconds=0.01).run_cycle()
    assert report.ok, report.errors
    assert stored(app) == 1
    assert idp.requests["google"] == 1


def test_token_for_another_mailbox_is_refused(tmp_path, idp, account, clock, monkeypatch):
    """Dovecot refuses a valid token that was issued for a different mailbox."""
    other = account.server.add_user()
    oauth2 = microsoft(idp, account, monkeypatch, user=other.user)
    app = app_for(settings_for(tmp_path, account, oauth2), clock)
    with pytest.raises(MailSourceError, match="IMAP login refused"):
        app.imap_factory()()


def test_revoked_token_is_refused_and_the_next_attempt_gets_a_new_one(
    tmp_path, idp, account, clock, monkeypatch
):
    """A revoked token gives a clear MailSourceError; the next connection fetches a new one."""
    app = app_for(settings_for(tmp_path, account, microsoft(idp, account, monkeypatch)), clock)
    connect = app.imap_factory()
    connect().close()
    (first,) = idp.issued()[-1:]
    idp.revoke(first)
    with pytest.raises(MailSourceError, match="IMAP login refused.*XOAUTH2"):
        connect()
    assert idp.requests["microsoft"] == 1  # the cached token was presented, and refused
    source = connect()
    source.close()
    assert idp.requests["microsoft"] == 2


def test_wrong_client_secret_is_a_mail_source_error(tmp_path, idp, account, clock, monkeypatch):
    """The token endpoint refusing the app is a retryable MailSourceError naming the error."""
    oauth2 = microsoft(idp, account, monkeypatch)
    monkeypatch.setenv("STEWARD_TEST_CLIENT_SECRET", "not-the-secret")
    app = app_for(settings_for(tmp_path, account, oauth2), clock)
    with pytest.raises(MailSourceError, match="no OAuth2 token.*invalid_client"):
        app.imap_factory()()
    report = app.runner(backoff_seconds=0.01).run_cycle()
    assert not report.ok and "invalid_client" in report.errors[0]


def test_unreachable_token_endpoint_is_a_mail_source_error(
    tmp_path, idp, account, clock, monkeypatch
):
    """No token endpoint listening: MailSourceError, so the cycle backs off and retries."""
    oauth2 = microsoft(idp, account, monkeypatch, authority="https://127.0.0.1:9")
    app = app_for(settings_for(tmp_path, account, oauth2), clock)
    with pytest.raises(MailSourceError, match="no OAuth2 token for IMAP: microsoft token endpoint"):
        app.imap_factory()()


def test_unknown_token_is_refused_by_the_server(idp, account, clock):
    """A token the provider never issued does not open the mailbox."""
    client = IMAPClient(account.host, port=account.port, ssl=False, timeout=5)
    with pytest.raises(LoginError):
        client.oauth2_login(account.user, "tok-microsoft-made-up")
    client.shutdown()


def test_token_is_cached_and_refreshed_before_it_expires(
    tmp_path, idp, account, clock, monkeypatch
):
    """One token serves every login until five minutes before expiry; then a new one is
    fetched, so a login never presents a token that the server would refuse."""
    idp.lifetime = 600
    app = app_for(settings_for(tmp_path, account, microsoft(idp, account, monkeypatch)), clock)
    connect = app.imap_factory()
    for _ in range(3):
        connect().close()
        clock.advance(minutes=2)
    assert idp.requests["microsoft"] == 1  # cached: three logins, one token
    first = idp.issued()[-1]
    # Now T+6 min: the first token has 4 minutes left, so the daemon fetches another.
    connect().close()
    assert idp.requests["microsoft"] == 2
    second = idp.issued()[-1]
    assert second != first
    clock.advance(minutes=4, seconds=30)  # T+10.5 min: the first token has expired
    client = IMAPClient(account.host, port=account.port, ssl=False, timeout=5)
    with pytest.raises(LoginError):
        client.oauth2_login(account.user, first)
    client.shutdown()
    connect().close()  # the daemon's (second) token still works
    assert idp.requests["microsoft"] == 2


def draft(created_at: datetime) -> Draft:
    return Draft(
        key="holding:oauth2:1",
        kind="holding_reply",
        from_name="Example Academy",
        from_address="office@school.example",
        to=("jo@example.com",),
        subject="Re: Trip money",
        text="Thank you for your email.",
        html="",
        created_at=created_at,
        headers=(("Auto-Submitted", "auto-replied"),),
    )


@pytest.fixture
def oauth_smtp(idp) -> Iterator[OAuth2SmtpServer]:
    server = OAuth2SmtpServer(idp.introspection_url).start()
    try:
        yield server
    finally:
        server.stop()


def test_outbox_message_is_sent_with_smtp_xoauth2(
    tmp_path, idp, account, clock, monkeypatch, oauth_smtp
):
    """[smtp] auth = "oauth2" sends with the mailbox's app token, acting as the mailbox."""
    smtp = {"host": oauth_smtp.host, "port": oauth_smtp.port, "tls": "none", "auth": "oauth2"}
    data = settings_for(tmp_path, account, microsoft(idp, account, monkeypatch), **smtp)
    app = app_for(data, clock)
    with session_scope(app.engine) as s:
        queue(s, draft(clock.now()))
    report = flush(app.engine, app.smtp_factory(), app.settings.smtp, clock.now())
    assert report.sent == 1, report.errors
    (mail,) = oauth_smtp.wait_for(1)
    assert mail.rcpt_tos == ("jo@example.com",)
    assert oauth_smtp.logins == [account.user]


def test_imap_and_smtp_share_one_token(tmp_path, idp, account, clock, monkeypatch, oauth_smtp):
    """One app, one mailbox: reading and sending use the same cached token."""
    smtp = {"host": oauth_smtp.host, "port": oauth_smtp.port, "tls": "none", "auth": "oauth2"}
    data = settings_for(tmp_path, account, microsoft(idp, account, monkeypatch), **smtp)
    app = app_for(data, clock)
    before = idp.requests["microsoft"]
    account.append("INBOX", parent_mail(9), T0)
    assert app.runner(source_factory=app.imap_factory(), backoff_seconds=0.01).run_cycle().ok
    with session_scope(app.engine) as s:
        queue(s, draft(clock.now()))
    assert flush(app.engine, app.smtp_factory(), app.settings.smtp, clock.now()).sent == 1
    assert idp.requests["microsoft"] == before + 1


def test_refused_smtp_token_keeps_the_message_for_a_retry(
    tmp_path, idp, account, clock, monkeypatch, oauth_smtp
):
    """A revoked token: nothing is lost, the message waits and goes with a new token."""
    smtp = {"host": oauth_smtp.host, "port": oauth_smtp.port, "tls": "none", "auth": "oauth2"}
    data = settings_for(tmp_path, account, microsoft(idp, account, monkeypatch), **smtp)
    app = app_for(data, clock)
    factory = app.smtp_factory()
    assert factory is not None
    factory().send("office@school.example", ["a@example.com"], b"Subject: warm-up\r\n\r\nx\r\n")
    idp.revoke(idp.issued()[-1])
    with session_scope(app.engine) as s:
        queue(s, draft(clock.now()))
    report = flush(app.engine, factory, app.settings.smtp, clock.now())
    assert report.sent == 0 and report.retrying == 1
    assert "SMTP login refused (535)" in report.errors[0]
    assert oauth_smtp.refused == 1
    later = clock.now() + timedelta(hours=2)
    assert flush(app.engine, factory, app.settings.smtp, later).sent == 1
    with Session(app.engine) as s:
        assert [row.state for row in s.exec(select(Outbox))] == ["sent"]
    assert idp.requests["microsoft"] == 2


def test_no_token_secret_or_address_reaches_the_logs(
    tmp_path, idp, account, clock, monkeypatch, oauth_smtp, capsys
):
    """Logs say which provider and when its token expires, never the token or the secret."""
    smtp = {"host": oauth_smtp.host, "port": oauth_smtp.port, "tls": "none", "auth": "oauth2"}
    data = settings_for(tmp_path, account, microsoft(idp, account, monkeypatch), **smtp)
    account.append("INBOX", parent_mail(4), T0)
    app = app_for(data, clock)
    with capture_logs() as logs:
        connect = app.imap_factory()
        assert app.runner(source_factory=connect, backoff_seconds=0.01).run_cycle().ok
        with session_scope(app.engine) as s:
            queue(s, draft(clock.now()))
        assert flush(app.engine, app.smtp_factory(), app.settings.smtp, clock.now()).sent == 1
        for token in idp.issued():
            idp.revoke(token)
        with pytest.raises(MailSourceError, match="login refused"):
            connect()
    acquired = [e for e in logs if e["event"] == "oauth2.token_acquired"]
    assert acquired and all(e["provider"] == "microsoft" and e["expires_at"] for e in acquired)
    text = repr(logs) + capsys.readouterr().out + capsys.readouterr().err
    for token in idp.issued():
        assert token not in text
    assert SECRET not in text
    assert account.user not in text
