"""``steward doctor`` against a real Dovecot and a real SMTP server: one line per check,
OK for a working set-up, FAIL with what to do when something is wrong, exit code 1 then."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.cli import main

pytestmark = pytest.mark.dovecot

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # a Monday in term
LATER = "2026-11-23T10:01:00+00:00"


@pytest.fixture
def make_config(tmp_path, mailbox, smtp_sink, monkeypatch):
    """Write a config; keyword arguments replace lines of the good one."""
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", mailbox.password)

    def write(
        *,
        imap_host: str = mailbox.host,
        imap_port: int = mailbox.port,
        imap_tls: str = "none",
        folders: str = '["INBOX"]',
        smtp_port: int = smtp_sink.port,
        dsl: bool = True,
        db: str = "steward.db",
    ) -> str:
        staff = '[[staff]]\nname = "Office"\nemail = "office@school.example"\n'
        if dsl:
            staff += '[[staff]]\nname = "Dee"\nemail = "dsl@school.example"\nrole = "dsl"\n'
        path = tmp_path / "steward.toml"
        path.write_text(
            f"""
[school]
staff_domains = ["school.example"]
safeguarding_phone = "01234 567890"
[mailbox]
host = "{imap_host}"
port = {imap_port}
tls = "{imap_tls}"
username = "{mailbox.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
folders = {folders}
[smtp]
host = "{smtp_sink.host}"
port = {smtp_port}
tls = "none"
[database]
url = "sqlite:///{tmp_path / db}"
[calendar]
holidays = [["2026-12-19", "2027-01-04"]]
{staff}
"""
        )
        return str(path)

    return write


@pytest.fixture
def ready(make_config, tmp_path):
    """A good config whose database is migrated and has had one successful cycle."""
    config = make_config()
    assert main(["--config", config, "once", "--now", NOW.isoformat()]) == 0
    os.chmod(tmp_path / "steward.db", 0o600)
    return config


def doctor(config: str, capsys, *args: str) -> tuple[int, dict[str, str]]:
    """Exit code and {check name: its whole line}; every line has the documented form."""
    capsys.readouterr()
    code = main(["--config", config, "doctor", "--now", LATER, *args])
    lines = capsys.readouterr().out.splitlines()
    for line in lines:
        status, rest = line[:5], line[5:]
        assert status in ("OK   ", "WARN ", "FAIL ", "SKIP "), line
        assert ": " in rest, line
        if status in ("WARN ", "FAIL "):
            assert " — " in rest, f"no advice: {line}"
    return code, {line[5:].split(": ", 1)[0]: line for line in lines}


def test_a_working_setup_is_all_ok(ready, capsys):
    """Every check passes for a working set-up, and doctor says so with exit code 0."""
    code, checks = doctor(ready, capsys)
    assert code == 0, "\n".join(checks.values())
    assert [line for line in checks.values() if not line.startswith("OK")] == []
    for name in (
        "config",
        "imap secret",
        "imap dns",
        "imap connect",
        "imap tls",
        "imap login",
        "imap folder INBOX",
        "imap sent folder",
        "imap idle",
        "smtp dns",
        "smtp connect",
        "smtp login",
        "templates",
        "database",
        "database permissions",
        "quarantine",
        "outbox",
        "last cycle",
        "bank holidays",
        "school holidays",
        "dsl",
    ):
        assert name in checks, f"no {name} check"
    assert "Sent (SPECIAL-USE" in checks["imap sent folder"]


def test_json_has_the_same_checks(ready, capsys):
    """--json gives the same checks as objects, and whether all passed."""
    code, _ = doctor(ready, capsys)
    capsys.readouterr()
    assert main(["--config", ready, "doctor", "--json", "--now", LATER]) == code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    by_name = {c["name"]: c for c in report["checks"]}
    assert by_name["imap login"]["status"] == "OK"
    assert set(by_name["dsl"]) == {"name", "status", "detail", "advice"}


def test_wrong_password_fails_login_with_advice(ready, capsys, monkeypatch):
    """A refused login is a FAIL naming what to check; the folder checks are skipped."""
    monkeypatch.setenv("STEWARD_TEST_IMAP_PASSWORD", "not-the-password")
    code, checks = doctor(ready, capsys)
    assert code == 1
    assert checks["imap login"].startswith("FAIL")
    assert "check mailbox.username and the password" in checks["imap login"]
    assert "not-the-password" not in "\n".join(checks.values())
    assert checks["imap folders"].startswith("SKIP")
    assert checks["smtp login"].startswith("OK")  # the rest still runs


def test_unknown_host_fails_dns_quickly(make_config, capsys):
    """A host that does not resolve fails at DNS, fast, and later steps are skipped."""
    config = make_config(imap_host="imap.steward-test.invalid", imap_tls="ssl")
    started = time.monotonic()
    code, checks = doctor(config, capsys)
    assert time.monotonic() - started < 8
    assert code == 1
    assert checks["imap dns"].startswith("FAIL")
    assert "mailbox.host" in checks["imap dns"]
    for step in ("imap login", "imap idle"):
        assert checks[step].startswith("SKIP")
    assert "imap connect" not in checks


def test_missing_folder_fails(ready, make_config, capsys):
    config = make_config(folders='["INBOX", "Parents"]')
    code, checks = doctor(config, capsys)
    assert code == 1
    assert checks["imap folder INBOX"].startswith("OK")
    assert checks["imap folder Parents"].startswith("FAIL")
    assert "mailbox.folders" in checks["imap folder Parents"]


def test_closed_port_fails_connect(ready, smtp_sink, capsys):
    """A server that refuses connections fails at connect, and login is skipped."""
    smtp_sink.stop()
    code, checks = doctor(ready, capsys)
    assert code == 1
    assert checks["smtp dns"].startswith("OK")
    assert checks["smtp connect"].startswith("FAIL")
    assert "refused" in checks["smtp connect"] and "smtp.port" in checks["smtp connect"]
    assert checks["smtp login"].startswith("SKIP")
    assert checks["imap login"].startswith("OK")


def test_missing_dsl_fails(ready, make_config, capsys):
    """Without a DSL no safeguarding alert can be sent: a FAIL."""
    config = make_config(dsl=False)
    code, checks = doctor(config, capsys)
    assert code == 1
    assert checks["dsl"].startswith("FAIL")
    assert "safeguarding alerts cannot be sent" in checks["dsl"]


def test_unmigrated_database_and_no_cycle(make_config, tmp_path, capsys):
    """A database that does not exist yet is a FAIL saying to run migrate (and is not
    created); after migrate, never having had a successful cycle is a FAIL."""
    config = make_config(db="new/steward.db")
    code, checks = doctor(config, capsys)
    assert code == 1
    assert checks["database"].startswith("FAIL") and "steward migrate" in checks["database"]
    assert checks["last cycle"].startswith("SKIP")
    assert not (tmp_path / "new").exists()
    assert main(["--config", config, "migrate"]) == 0
    code, checks = doctor(config, capsys)
    assert code == 1
    assert checks["database"].startswith("OK")
    assert checks["last cycle"].startswith("FAIL")


def test_stale_cycle_and_readable_database_warn(ready, tmp_path, capsys):
    """An old last success and a database readable by everyone are warnings (exit 0)."""
    os.chmod(tmp_path / "steward.db", 0o644)
    capsys.readouterr()
    code = main(["--config", ready, "doctor", "--now", "2026-11-23T11:00:00+00:00"])
    lines = {line[5:].split(": ", 1)[0]: line for line in capsys.readouterr().out.splitlines()}
    assert code == 0
    assert lines["last cycle"].startswith("WARN") and "ago" in lines["last cycle"]
    assert lines["database permissions"].startswith("WARN")
