"""OAuth2 access tokens for IMAP and SMTP login with SASL XOAUTH2.

Microsoft 365 uses the client-credentials flow of an Entra ID app (msal); Google Workspace a
service account with domain-wide delegation acting as the mailbox user (google-auth). Both
are well-kept libraries: nothing here signs a JWT or speaks the token protocol by hand.

A TokenProvider keeps the current token and fetches a new one a few minutes before it
expires, under a lock, because the IDLE watcher and the cycle log in from different threads.
It is the only cache that counts: msal's own cache is emptied before each fetch, so "is this
token still good?" is decided by the injected "now", never by the libraries' wall clock.

Logs say which provider and when a token expires; never a token, a secret or an address.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from daemon.clock import Clock
from daemon.config import ConfigError, OAuth2Settings
from daemon.log import get_logger

MICROSOFT_LOGIN = "https://login.microsoftonline.com"

# Fetch a new token this long before the old one expires (half its lifetime if shorter),
# so a login never presents a token that dies during the handshake.
REFRESH_BEFORE = timedelta(minutes=5)


class TokenError(Exception):
    """No token: the provider refused the app's credentials or could not be reached.

    The IMAP source turns this into MailSourceError and the outbox into a temporary
    TransportError, so the daemon retries with backoff instead of stopping.
    """


class TokenSource(Protocol):
    provider: str

    def fetch(self) -> tuple[str, float]:
        """A new access token and its lifetime in seconds; TokenError if there is none."""
        ...


@dataclass
class _Cached:
    value: str = field(repr=False)
    expires_at: datetime
    refresh_at: datetime


class TokenProvider:
    """The current access token of one app, fetched again shortly before it expires."""

    def __init__(self, source: TokenSource, *, refresh_before: timedelta = REFRESH_BEFORE):
        self._source = source
        self._refresh_before = refresh_before
        self._lock = threading.Lock()
        self._cached: _Cached | None = None

    @property
    def provider(self) -> str:
        return self._source.provider

    def token(self, now: datetime) -> str:
        """A token valid at ``now`` and for a while after; fetched only when needed."""
        with self._lock:
            cached = self._cached
            if cached is None or now >= cached.refresh_at:
                value, lifetime = self._source.fetch()
                life = timedelta(seconds=max(lifetime, 0))
                cached = _Cached(
                    value=value,
                    expires_at=now + life,
                    refresh_at=now + life - min(self._refresh_before, life / 2),
                )
                self._cached = cached
                get_logger().info(
                    "oauth2.token_acquired",
                    provider=self.provider,
                    expires_at=cached.expires_at.isoformat(timespec="seconds"),
                )
            return cached.value

    def forget(self) -> None:
        """The server refused the token (revoked, say): fetch a new one next time."""
        with self._lock:
            self._cached = None


@dataclass(frozen=True)
class OAuth2Credential:
    """What an XOAUTH2 login needs: the mailbox to act as and a current token."""

    provider: TokenProvider
    user: str = field(repr=False)
    clock: Clock = field(repr=False)

    def token(self) -> str:
        return self.provider.token(self.clock.now())

    def refused(self) -> None:
        self.provider.forget()


def xoauth2_string(user: str, token: str) -> str:
    """The SASL XOAUTH2 initial response (before base64), as Gmail and Office 365 define it."""
    return f"user={user}\x01auth=Bearer {token}\x01\x01"


class MicrosoftSource:
    """Client-credentials flow of an Entra ID app registration (msal)."""

    provider = "microsoft"

    def __init__(
        self, settings: OAuth2Settings, credential: str | dict[str, str], timeout: float
    ) -> None:
        self._settings = settings
        self._credential = credential
        self._timeout = timeout
        self._app: Any = None

    def _application(self) -> Any:
        if self._app is None:
            import msal  # type: ignore[import-untyped]

            s = self._settings
            # Built on first use: it fetches the tenant's OpenID configuration, and a
            # network failure must be a retry later, not a failed start-up.
            self._app = msal.ConfidentialClientApplication(
                s.client_id,
                client_credential=self._credential,
                authority=f"{s.authority or MICROSOFT_LOGIN}/{s.tenant}",
                # The login host is either Microsoft's or one the admin named on purpose.
                instance_discovery=False,
                token_cache=msal.TokenCache(),
                timeout=self._timeout,
            )
        return self._app

    def fetch(self) -> tuple[str, float]:
        import requests

        try:
            app = self._application()
            cache = app.token_cache
            for entry in list(cache.search(cache.CredentialType.ACCESS_TOKEN)):
                cache.remove_at(entry)
            result = app.acquire_token_for_client(scopes=list(self._settings.resolved_scopes()))
        except (ValueError, requests.RequestException) as exc:
            raise TokenError(f"microsoft token endpoint: {_describe(exc)}") from None
        if "access_token" not in result:
            # error_description names the cause (AADSTS7000215: invalid client secret...)
            # and holds no secret.
            detail = str(result.get("error_description") or "").splitlines()[:1]
            raise TokenError(
                f"microsoft refused the app's credentials: {result.get('error', 'no token')}"
                + (f" ({detail[0][:200]})" if detail else "")
            )
        return str(result["access_token"]), float(result.get("expires_in", 3600))


class GoogleSource:
    """A service account with domain-wide delegation, acting as the mailbox user."""

    provider = "google"

    def __init__(self, info: dict[str, Any], scopes: tuple[str, ...], user: str) -> None:
        from google.oauth2 import service_account

        try:
            self._credentials = service_account.Credentials.from_service_account_info(
                info, scopes=list(scopes), subject=user
            )
        except (ValueError, KeyError) as exc:
            raise ConfigError(
                f"mailbox.oauth2.service_account_file: not a service account key: {exc}"
            ) from None

    def fetch(self) -> tuple[str, float]:
        import google.auth.exceptions
        from google.auth.transport.requests import Request

        try:
            self._credentials.refresh(Request())
        except google.auth.exceptions.RefreshError as exc:
            raise TokenError(f"google refused the service account: {_first(exc)}") from None
        except google.auth.exceptions.TransportError as exc:
            raise TokenError(f"google token endpoint: {_describe(exc)}") from None
        expiry = self._credentials.expiry  # naive UTC, from google-auth's own clock
        lifetime = (
            (expiry.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds() if expiry else 3600
        )
        return str(self._credentials.token), lifetime


def token_provider(settings: OAuth2Settings, user: str, *, timeout: float = 60.0) -> TokenProvider:
    """The provider for ``[mailbox.oauth2]``; a missing secret or key file is a ConfigError
    now, at start-up, while the token endpoint is only asked when a token is needed."""
    source: TokenSource
    if settings.provider == "microsoft":
        credential: str | dict[str, str]
        if settings.certificate_file:
            credential = {
                "private_key": settings.read_file("mailbox", "certificate_file"),
                "thumbprint": settings.certificate_thumbprint,
            }
        else:
            credential = settings.resolve_secret("mailbox")
        source = MicrosoftSource(settings, credential, timeout)
    elif settings.provider == "google":
        text = settings.read_file("mailbox", "service_account_file")
        try:
            info = json.loads(text)
        except ValueError:
            raise ConfigError(
                "mailbox.oauth2.service_account_file: not JSON (expected the key file "
                "downloaded for the service account)"
            ) from None
        if not isinstance(info, dict):
            raise ConfigError("mailbox.oauth2.service_account_file: expected a JSON object")
        if settings.token_url:
            info["token_uri"] = settings.token_url
        source = GoogleSource(info, settings.resolved_scopes(), user)
    else:
        raise ConfigError('mailbox.oauth2.provider: expected "microsoft" or "google"')
    return TokenProvider(source)


def oauth2_credential(
    settings: OAuth2Settings, user: str, clock: Clock, *, timeout: float = 60.0
) -> OAuth2Credential:
    return OAuth2Credential(token_provider(settings, user, timeout=timeout), user, clock)


def _first(exc: BaseException) -> str:
    # RefreshError carries (message, response body); the message is enough and safe.
    args: tuple[Any, ...] = exc.args or ("no detail",)
    return str(args[0])[:200]


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]
