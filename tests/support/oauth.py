"""A pretend identity provider and an SMTP server that accepts AUTH XOAUTH2 (no pytest here).

    idp = IdentityProvider(tmp_dir, now=clock.now).start()
    idp.add_microsoft_app("client-1", mailbox="office@school.example", secret="s3cret")
    key_file = idp.add_google_service_account("steward@project.example", tmp_dir / "key.json")
    idp.authority               # https://127.0.0.1:<port>: [mailbox.oauth2] authority
    idp.introspection_url       # http://127.0.0.1:<port>/introspect: for Dovecot's oauth2 passdb
    idp.ca_file                 # trust this (REQUESTS_CA_BUNDLE) to reach the token endpoints

One object plays both parts of a real provider:

- the token endpoints, over HTTPS because msal accepts only an https authority: Microsoft's
  OpenID configuration and ``/<tenant>/oauth2/v2.0/token`` (client credentials with a secret
  or a certificate-signed client assertion), and Google's JWT-bearer ``/google/token`` (the
  signed assertion's ``sub`` must be the mailbox and ``scope`` the mail scope);
- the RFC 7662 introspection endpoint Dovecot asks (plain HTTP on loopback): a token is
  active only if this provider issued it, it has not expired by ``now`` and it was not
  revoked; the answer names the mailbox the token may open.

Tokens live ``lifetime`` seconds by the injected ``now``, so a test can move time on and see
a token refused; ``requests`` counts the token requests, which proves caching.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import secrets
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from tests.support.smtp import ReceivedMail, _free_port

GOOGLE_SCOPE = "https://mail.google.com/"
MICROSOFT_SCOPE = "https://outlook.office365.com/.default"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem_key(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def self_signed(key: rsa.RSAPrivateKey, name: str, ip: str | None = None) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
    )
    if ip:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
            critical=False,
        )
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=True
        )
    return builder.sign(key, hashes.SHA256())


@dataclass
class Issued:
    provider: str
    user: str
    expires_at: datetime
    revoked: bool = False


@dataclass
class MicrosoftApp:
    client_id: str
    mailbox: str  # the mailbox the app may open (Exchange's mailbox permission)
    secret: str | None = field(default=None, repr=False)
    certificate: x509.Certificate | None = None


class IdentityProvider:
    host = "127.0.0.1"

    def __init__(
        self,
        directory: Path,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        lifetime: int = 3600,
        tenant: str = "school-tenant",
    ) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.now = now
        self.lifetime = lifetime
        self.tenant = tenant
        self.requests: Counter[str] = Counter()  # token requests granted, per provider
        self.refusals: list[str] = []
        self.introspections = 0
        self._apps: dict[str, MicrosoftApp] = {}
        self._service_accounts: dict[str, rsa.RSAPublicKey] = {}
        self._tokens: dict[str, Issued] = {}
        self._lock = threading.Lock()
        key = new_key()
        cert = self_signed(key, "idp.test", self.host)
        self.ca_file = self.dir / "idp-ca.pem"
        self.ca_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path = self.dir / "idp-key.pem"
        key_path.write_text(pem_key(key))
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(self.ca_file, key_path)
        self._https: ThreadingHTTPServer | None = None
        self._http: ThreadingHTTPServer | None = None

    # -- set-up -------------------------------------------------------------------------

    def add_microsoft_app(
        self, client_id: str, *, mailbox: str, secret: str | None = None
    ) -> MicrosoftApp:
        app = MicrosoftApp(client_id, mailbox.lower(), secret)
        self._apps[client_id] = app
        return app

    def add_certificate(self, client_id: str, cert_file: Path) -> str:
        """A key and certificate for the app, written to ``cert_file`` (PEM, both);
        returns the SHA-1 thumbprint as Entra ID shows it."""
        key = new_key()
        cert = self_signed(key, client_id)
        cert_file.write_text(pem_key(key) + cert.public_bytes(serialization.Encoding.PEM).decode())
        self._apps[client_id].certificate = cert
        return cert.fingerprint(hashes.SHA1()).hex().upper()

    def add_google_service_account(self, client_email: str, key_file: Path) -> Path:
        """A service account key file (JSON, as Google's console downloads it) whose
        token_uri points here."""
        key = new_key()
        self._service_accounts[client_email] = key.public_key()
        key_file.write_text(
            json.dumps(
                {
                    "type": "service_account",
                    "project_id": "steward-test",
                    "private_key_id": secrets.token_hex(8),
                    "private_key": pem_key(key),
                    "client_email": client_email,
                    "client_id": "1234567890",
                    "token_uri": self.google_token_url,
                }
            )
        )
        return key_file

    def revoke(self, token: str) -> None:
        with self._lock:
            self._tokens[token].revoked = True

    def issued(self) -> list[str]:
        with self._lock:
            return list(self._tokens)

    # -- addresses ----------------------------------------------------------------------

    @property
    def authority(self) -> str:
        assert self._https is not None
        return f"https://{self.host}:{self._https.server_address[1]}"

    @property
    def google_token_url(self) -> str:
        return f"{self.authority}/google/token" if self._https else "https://unset/google/token"

    @property
    def introspection_url(self) -> str:
        assert self._http is not None
        return f"http://{self.host}:{self._http.server_address[1]}/introspect"

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> IdentityProvider:
        handler = _handler_for(self)
        self._https = ThreadingHTTPServer((self.host, 0), handler)
        self._https.socket = self._tls.wrap_socket(self._https.socket, server_side=True)
        self._http = ThreadingHTTPServer((self.host, 0), handler)
        for server in (self._https, self._http):
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in (self._https, self._http):
            if server is not None:
                server.shutdown()
                server.server_close()

    def __enter__(self) -> IdentityProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the endpoints ------------------------------------------------------------------

    def openid_configuration(self, tenant: str) -> dict[str, Any]:
        base = f"{self.authority}/{tenant}"
        return {
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
        }

    def microsoft_token(self, tenant: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        app = self._apps.get(form.get("client_id", ""))
        if tenant != self.tenant or app is None:
            return self._refuse("unauthorized_client", "AADSTS700016: application not found")
        if form.get("grant_type") != "client_credentials":
            return self._refuse("unsupported_grant_type", "expected client_credentials")
        if form.get("scope") != MICROSOFT_SCOPE:
            return self._refuse("invalid_scope", "AADSTS1002012: scope not allowed")
        if "client_secret" in form:
            if app.secret is None or not secrets.compare_digest(form["client_secret"], app.secret):
                return self._refuse("invalid_client", "AADSTS7000215: invalid client secret")
        elif "client_assertion" in form and app.certificate is not None:
            endpoint = self.openid_configuration(tenant)["token_endpoint"]
            try:
                header = jwt.get_unverified_header(form["client_assertion"])
                thumb = app.certificate.fingerprint(hashes.SHA1())
                if header.get("x5t") and _b64url_decode(header["x5t"]) != thumb:
                    raise jwt.InvalidTokenError("x5t is not this certificate")
                claims = jwt.decode(
                    form["client_assertion"],
                    app.certificate.public_key(),  # type: ignore[arg-type]
                    algorithms=["RS256", "PS256"],
                    audience=endpoint,
                )
            except (jwt.InvalidTokenError, binascii.Error) as exc:
                return self._refuse("invalid_client", f"AADSTS700027: {exc}")
            if claims.get("iss") != app.client_id or claims.get("sub") != app.client_id:
                return self._refuse("invalid_client", "AADSTS700027: wrong issuer")
        else:
            return self._refuse("invalid_client", "AADSTS7000216: no client credential")
        return 200, self._issue("microsoft", app.mailbox)

    def google_token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer":
            return self._refuse("unsupported_grant_type", "expected the JWT bearer grant")
        assertion = form.get("assertion", "")
        try:
            issuer = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
            public = self._service_accounts[str(issuer)]
            claims = jwt.decode(
                assertion,
                public,
                algorithms=["RS256"],
                # google-auth names Google's endpoint as audience whatever token_uri is.
                audience=[self.google_token_url, "https://oauth2.googleapis.com/token"],
            )
        except (jwt.InvalidTokenError, KeyError) as exc:
            return self._refuse("invalid_grant", f"Invalid JWT Signature: {type(exc).__name__}")
        if claims.get("scope") != GOOGLE_SCOPE:
            return self._refuse("unauthorized_client", "scope not delegated to this client")
        if not claims.get("sub"):
            return self._refuse("unauthorized_client", "no subject: domain-wide delegation")
        return 200, self._issue("google", str(claims["sub"]).lower())

    def introspect(self, token: str) -> dict[str, Any]:
        with self._lock:
            self.introspections += 1
            issued = self._tokens.get(token)
            if issued is None or issued.revoked or self.now() >= issued.expires_at:
                return {"active": False}
            return {"active": True, "username": issued.user, "scope": "mail"}

    def _issue(self, provider: str, user: str) -> dict[str, Any]:
        token = f"tok-{provider}-{secrets.token_urlsafe(24)}"
        with self._lock:
            self.requests[provider] += 1
            self._tokens[token] = Issued(
                provider, user, self.now() + timedelta(seconds=self.lifetime)
            )
        return {"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime}

    def _refuse(self, error: str, description: str) -> tuple[int, dict[str, Any]]:
        self.refusals.append(error)
        return 400, {"error": error, "error_description": description}


def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _handler_for(idp: IdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: the test output shows failures, not every request

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            return {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}

        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.split("?")[0].strip("/").split("/")
            if len(parts) == 4 and parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
                self._reply(200, idp.openid_configuration(parts[0]))
            else:
                self._reply(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            path = self.path.split("?")[0].strip("/")
            form = self._form()
            parts = path.split("/")
            if path == "introspect":
                self._reply(200, idp.introspect(form.get("token", "")))
            elif path == "google/token":
                self._reply(*idp.google_token(form))
            elif len(parts) == 4 and parts[1:] == ["oauth2", "v2.0", "token"]:
                self._reply(*idp.microsoft_token(parts[0], form))
            else:
                self._reply(404, {"error": "not_found"})

    return Handler


def _introspect_over_http(url: str, token: str) -> dict[str, Any]:
    body = urllib.parse.urlencode({"token": token}).encode()
    with urllib.request.urlopen(url, data=body, timeout=5) as response:  # noqa: S310
        return dict(json.loads(response.read()))


class _XOAuth2Handler:
    def __init__(self, server: OAuth2SmtpServer) -> None:
        self._server = server

    async def auth_XOAUTH2(self, smtp: SMTP, args: list[str]) -> AuthResult:  # noqa: N802
        """SASL XOAUTH2 as Gmail and Office 365 do it: the initial response carries
        ``user=...^Aauth=Bearer <token>^A^A``; a refusal is a 334 with a JSON error,
        answered by an empty line, then 535."""
        if len(args) > 1:
            blob = args[1].encode()
        else:
            response = await smtp.challenge_auth("")
            if not isinstance(response, bytes):
                return AuthResult(success=False, handled=True)
            blob = base64.b64encode(response)
        try:
            text = base64.b64decode(blob, validate=True).decode()
            fields = dict(part.split("=", 1) for part in text.split("\x01") if part)
            user = fields["user"].lower()
            token = fields["auth"].removeprefix("Bearer ")
        except (binascii.Error, UnicodeDecodeError, ValueError, KeyError):
            return AuthResult(success=False, handled=False, message="501 5.5.2 bad XOAUTH2")
        answer = _introspect_over_http(self._server.introspection_url, token)
        if answer.get("active") is True and answer.get("username") == user:
            self._server.logins.append(user)
            return AuthResult(success=True, auth_data=user)
        self._server.refused += 1
        error = json.dumps({"status": "401", "schemes": "bearer", "scope": GOOGLE_SCOPE})
        await smtp.challenge_auth(error)  # the client answers with an empty line
        return AuthResult(success=False, handled=False)  # then 535

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if not session.authenticated:
            return "530 5.7.0 Authentication required"
        data = envelope.original_content or envelope.content or b""
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        mail = ReceivedMail(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            data=bytes(data),
            received_at=datetime.now(UTC),
        )
        with self._server.cond:
            self._server.messages.append(mail)
            self._server.cond.notify_all()
        return "250 Message accepted for delivery"


class OAuth2SmtpServer:
    """An SMTP server on 127.0.0.1 that offers only AUTH XOAUTH2 and asks the identity
    provider's introspection endpoint about each token (as Dovecot does for IMAP)."""

    host = "127.0.0.1"

    def __init__(self, introspection_url: str) -> None:
        self.introspection_url = introspection_url
        self.port = _free_port()
        self.logins: list[str] = []
        self.refused = 0
        self.messages: list[ReceivedMail] = []
        self.cond = threading.Condition()
        self._controller: Controller | None = None

    def start(self) -> OAuth2SmtpServer:
        controller = Controller(
            _XOAuth2Handler(self),
            hostname=self.host,
            port=self.port,
            server_hostname="oauth-smtp.test",
            ready_timeout=5.0,
            auth_require_tls=False,  # loopback only; the token is what is under test
            auth_exclude_mechanism=["LOGIN", "PLAIN"],
        )
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"expected {count} message(s), got {len(self.messages)}")
                self.cond.wait(left)
            return list(self.messages)

    def __enter__(self) -> OAuth2SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
