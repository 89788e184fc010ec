"""OAuth2 settings are checked at start-up, and the token cache fetches only when it must.

Config errors name the key and the form expected, like every other setting; a missing
secret or key file is a ConfigError before any network is touched.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from daemon.app import build_app
from daemon.config import ConfigError, parse_settings
from daemon.oauth import TokenProvider, token_provider, xoauth2_string

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

MICROSOFT = {
    "provider": "microsoft",
    "tenant": "school.onmicrosoft.com",
    "client_id": "11111111-2222-3333-4444-555555555555",
    "client_secret_env": "STEWARD_TEST_SECRET",
}


def mailbox(**oauth2) -> dict:
    return {
        "mailbox": {
            "host": "outlook.office365.com",
            "username": "office@school.example",
            "auth": "oauth2",
            "oauth2": oauth2,
        }
    }


def error_of(data: dict) -> str:
    with pytest.raises(ConfigError) as info:
        parse_settings(data)
    return str(info.value)


def test_microsoft_settings_load_with_default_scope_and_user():
    """A complete Microsoft app loads; scope and user default sensibly."""
    settings = parse_settings(mailbox(**MICROSOFT)).mailbox
    assert settings.auth == "oauth2"
    assert settings.oauth2.resolved_scopes() == ("https://outlook.office365.com/.default",)
    assert settings.oauth2_user == "office@school.example"


def test_google_settings_load_with_the_mail_scope():
    """A Google service account needs only its key file; the scope is the mail scope."""
    oauth2 = parse_settings(
        mailbox(provider="google", service_account_file="key.json", user="head@school.example")
    ).mailbox
    assert oauth2.oauth2.resolved_scopes() == ("https://mail.google.com/",)
    assert oauth2.oauth2_user == "head@school.example"


def test_password_auth_ignores_an_unused_oauth2_section():
    """auth = "password" (the default) does not check a half-written [mailbox.oauth2]."""
    data = {"mailbox": {"username": "u", "oauth2": {"provider": "microsoft"}}}
    assert parse_settings(data).mailbox.auth == "password"


@pytest.mark.parametrize(
    ("oauth2", "expected"),
    [
        ({}, 'mailbox: oauth2.provider: expected "microsoft" or "google"'),
        (
            {k: v for k, v in MICROSOFT.items() if k != "client_id"},
            "mailbox: oauth2.client_id: expected the application (client) id",
        ),
        (
            {k: v for k, v in MICROSOFT.items() if k != "tenant"},
            "oauth2.tenant: expected the directory (tenant) id",
        ),
        (
            {k: v for k, v in MICROSOFT.items() if k != "client_secret_env"},
            "oauth2: expected either client_secret_env / client_secret_file / client_secret, "
            "or certificate_file",
        ),
        (
            {**MICROSOFT, "certificate_file": "app.pem", "certificate_thumbprint": "AB" * 20},
            "oauth2: expected either client_secret_env",
        ),
        (
            {
                **{k: v for k, v in MICROSOFT.items() if k != "client_secret_env"},
                "certificate_file": "app.pem",
            },
            "oauth2.certificate_thumbprint: expected the certificate's SHA-1 thumbprint",
        ),
        (
            {**MICROSOFT, "certificate_thumbprint": "not-hex"},
            "mailbox.oauth2.certificate_thumbprint: expected the certificate's SHA-1 thumbprint",
        ),
        ({"provider": "google"}, "oauth2.service_account_file: expected the service account"),
        (
            {"provider": "google", "service_account_file": "k.json", "tenant": "x"},
            'oauth2.tenant: only for provider = "microsoft"',
        ),
        (
            {**MICROSOFT, "authority": "http://login.example"},
            "mailbox.oauth2.authority: expected an https:// URL",
        ),
        ({**MICROSOFT, "clientid": "x"}, "mailbox.oauth2.clientid: unknown setting"),
        ({"provider": "yahoo"}, "mailbox.oauth2.provider: expected '', 'microsoft' or 'google'"),
    ],
)
def test_oauth2_errors_name_the_key_and_the_form(oauth2, expected):
    """Each mistake is reported with the key to fix and what it should look like."""
    assert expected in error_of(mailbox(**oauth2))


def test_auth_must_be_password_or_oauth2():
    assert "mailbox.auth: expected 'password' or 'oauth2'" in error_of(
        {"mailbox": {"auth": "oauth"}}
    )
    assert "smtp.auth: expected 'password' or 'oauth2'" in error_of({"smtp": {"auth": "token"}})


def test_oauth2_needs_a_mailbox_to_act_as():
    data = mailbox(**MICROSOFT)
    del data["mailbox"]["username"]
    assert "mailbox: username: expected the mailbox to act as" in error_of(data)


def test_client_secret_is_never_in_the_settings_repr(monkeypatch):
    settings = parse_settings(mailbox(**{**MICROSOFT, "client_secret": "hunter2-secret"}))
    assert "hunter2-secret" not in repr(settings)


def test_client_secret_comes_from_env_or_credentials_directory(tmp_path, monkeypatch):
    """Like passwords: an environment variable, or a bare file name in
    $CREDENTIALS_DIRECTORY (trailing newline dropped)."""
    monkeypatch.setenv("STEWARD_TEST_SECRET", "from-env")
    oauth2 = parse_settings(mailbox(**MICROSOFT)).mailbox.oauth2
    assert oauth2.resolve_secret("mailbox") == "from-env"
    (tmp_path / "oauth2-client-secret").write_text("from-file\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    from_file = {**MICROSOFT, "client_secret_file": "oauth2-client-secret"}
    del from_file["client_secret_env"]
    oauth2 = parse_settings(mailbox(**from_file)).mailbox.oauth2
    assert oauth2.resolve_secret("mailbox") == "from-file"


def test_missing_secret_or_key_file_fails_at_start_up(tmp_path, monkeypatch):
    """Building the token provider reads every secret, so a gap is found before any login."""
    monkeypatch.delenv("STEWARD_TEST_SECRET", raising=False)
    oauth2 = parse_settings(mailbox(**MICROSOFT)).mailbox.oauth2
    with pytest.raises(ConfigError, match="mailbox.oauth2.client_secret_env: the environment"):
        token_provider(oauth2, "office@school.example")
    google = parse_settings(
        mailbox(provider="google", service_account_file=str(tmp_path / "absent.json"))
    ).mailbox.oauth2
    with pytest.raises(ConfigError, match="mailbox.oauth2.service_account_file: cannot read"):
        token_provider(google, "office@school.example")
    (tmp_path / "bad.json").write_text("not json")
    google = parse_settings(
        mailbox(provider="google", service_account_file=str(tmp_path / "bad.json"))
    ).mailbox.oauth2
    with pytest.raises(ConfigError, match="service_account_file: not JSON"):
        token_provider(google, "office@school.example")
    (tmp_path / "partial.json").write_text(json.dumps({"type": "service_account"}))
    google = parse_settings(
        mailbox(provider="google", service_account_file=str(tmp_path / "partial.json"))
    ).mailbox.oauth2
    with pytest.raises(ConfigError, match="not a service account key"):
        token_provider(google, "office@school.example")


def test_smtp_oauth2_needs_the_mailbox_app(tmp_path):
    """[smtp] auth = "oauth2" borrows [mailbox.oauth2]; without it start-up says so."""
    data = {
        "smtp": {"host": "smtp.office365.com", "auth": "oauth2"},
        "database": {"url": f"sqlite:///{tmp_path / 'steward.db'}"},
    }
    app = build_app(parse_settings(data))
    with pytest.raises(ConfigError, match='smtp.auth: "oauth2" uses the \\[mailbox.oauth2\\] app'):
        app.smtp_factory()


def test_xoauth2_string_has_the_documented_form():
    assert xoauth2_string("a@b.example", "tok") == "user=a@b.example\x01auth=Bearer tok\x01\x01"


class CountingSource:
    provider = "microsoft"

    def __init__(self, lifetime: float = 3600) -> None:
        self.lifetime = lifetime
        self.fetched = 0
        self._lock = threading.Lock()

    def fetch(self) -> tuple[str, float]:
        with self._lock:
            self.fetched += 1
            n = self.fetched
        time.sleep(0.01)  # a slow token endpoint: racing threads would all fetch
        return f"token-{n}", self.lifetime


@pytest.mark.parametrize(
    ("lifetime", "still_cached", "refreshed"),
    [
        (3600, timedelta(minutes=54), timedelta(minutes=55)),  # five minutes before expiry
        (240, timedelta(seconds=119), timedelta(seconds=120)),  # short-lived: at half life
    ],
)
def test_token_is_reused_until_shortly_before_it_expires(lifetime, still_cached, refreshed):
    source = CountingSource(lifetime)
    provider = TokenProvider(source)
    assert provider.token(T0) == "token-1"
    assert provider.token(T0 + still_cached) == "token-1"
    assert provider.token(T0 + refreshed) == "token-2"
    assert source.fetched == 2


def test_threads_asking_at_once_share_one_fetch():
    """The IDLE watcher and the cycle logging in together cause one token request."""
    source = CountingSource()
    provider = TokenProvider(source)
    tokens: list[str] = []
    threads = [threading.Thread(target=lambda: tokens.append(provider.token(T0))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tokens == ["token-1"] * 8 and source.fetched == 1


def test_forgetting_a_refused_token_fetches_a_new_one():
    source = CountingSource()
    provider = TokenProvider(source)
    provider.token(T0)
    provider.forget()
    assert provider.token(T0 + timedelta(seconds=1)) == "token-2"
