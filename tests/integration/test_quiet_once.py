"""A quiet ``steward once`` as its own process, against a real Dovecot: it loads no parser,
model or migrations, and it leaves the database whole in ``steward.db`` when it exits."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.mail import make_mail

pytestmark = pytest.mark.dovecot

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "numpy", "mailparser", "alembic", "daemon.pipeline.parse")
NOW = "2026-11-10T10:30:00+00:00"  # a Tuesday morning: no nightly job is due


@pytest.fixture
def config(tmp_path, mailbox):
    path = tmp_path / "steward.toml"
    path.write_text(
        f"""
[school]
staff_domains = ["school.example"]
[mailbox]
host = "{mailbox.host}"
port = {mailbox.port}
tls = "none"
username = "{mailbox.user}"
password_env = "STEWARD_TEST_IMAP_PASSWORD"
address = "office@school.example"
folders = ["INBOX"]
[database]
url = "sqlite:///{tmp_path / "steward.db"}"
"""
    )
    return path


def once(config: Path, password: str) -> list[str]:
    """``steward once`` in a new process; the heavy modules it had loaded by the end."""
    code = (
        "import sys\n"
        "from daemon.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        f"print(*[m for m in {HEAVY!r} if m in sys.modules])\n"
        "sys.exit(rc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--config", str(config), "once", "--now", NOW],
        cwd=ROOT,
        env={**os.environ, "STEWARD_TEST_IMAP_PASSWORD": password, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.splitlines()[-1].split()


def test_quiet_once_loads_only_what_it_uses_and_closes_the_database(config, mailbox):
    """New mail loads the parser; the next, quiet cycle does not, and after each run the
    database is one file (nothing left in a -wal beside it for a backup to miss)."""
    mailbox.append(
        "INBOX",
        make_mail(sender="Parent <parent@example.com>", subject="Trip", message_id="t@example.com"),
        datetime(2026, 11, 10, 9, 0, tzinfo=UTC),
    )
    assert "daemon.pipeline.parse" in once(config, mailbox.password)
    db = config.parent / "steward.db"
    assert db.is_file() and not db.with_name("steward.db-wal").exists()

    assert once(config, mailbox.password) == []
    assert not db.with_name("steward.db-wal").exists()
    assert not db.with_name("steward.db-shm").exists()
