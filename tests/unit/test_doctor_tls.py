"""doctor's TLS check against a real TLS listener on 127.0.0.1: a verified certificate is OK
with its expiry date, one expiring soon is a warning, a self-signed one is a FAIL saying to
set ca_file, and a certificate for another name is a FAIL."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from daemon.doctor import tls_check

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def self_signed(directory: Path, name: str, expires: datetime) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.now(UTC) - timedelta(days=1))
        .not_valid_after(expires)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(name), x509.IPAddress(IPv4Address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TlsListener:
    """Accepts connections and completes the server side of a TLS handshake."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            try:
                with self.context.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def serve(tmp_path) -> Iterator:
    listeners: list[TlsListener] = []

    def start(name: str = "localhost", days: int = 365) -> tuple[int, Path]:
        cert, key = self_signed(tmp_path, name, datetime.now(UTC) + timedelta(days=days))
        listener = TlsListener(cert, key)
        listeners.append(listener)
        return listener.port, cert

    yield start
    for listener in listeners:
        listener.close()


def test_self_signed_certificate_fails_and_says_set_ca_file(serve):
    port, _cert = serve()
    check = tls_check("imap", "localhost", port, "ssl", "", "mailbox", NOW)
    assert check.status == "FAIL"
    assert "self-signed" in check.detail
    assert "mailbox.ca_file" in check.advice


def test_trusted_certificate_is_ok_with_its_expiry_date(serve):
    port, cert = serve(days=200)
    check = tls_check("imap", "localhost", port, "ssl", str(cert), "mailbox", datetime.now(UTC))
    assert check.status == "OK", check.line()
    expires = (datetime.now(UTC) + timedelta(days=200)).date()
    assert "certificate verified" in check.detail
    assert any((expires + timedelta(days=d)).isoformat() in check.detail for d in (-1, 0, 1)), (
        check.detail
    )


def test_certificate_expiring_within_14_days_warns(serve):
    port, cert = serve(days=10)
    check = tls_check("smtp", "localhost", port, "ssl", str(cert), "smtp", datetime.now(UTC))
    assert check.status == "WARN"
    assert "renew" in check.advice


def test_certificate_for_another_name_fails(serve):
    port, cert = serve(name="mail.other.example")
    check = tls_check("imap", "localhost", port, "ssl", str(cert), "mailbox", NOW)
    assert check.status == "FAIL"
    assert "not trusted" in check.detail
