"""Configuration is checked at start-up; every error names the key and the expected form."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daemon.config import ConfigError, load_settings, parse_settings, secret_file_warning

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_is_valid_and_complete():
    """config.example.toml loads, and documents every setting the code knows."""
    settings = load_settings(ROOT / "config.example.toml")
    assert settings.mailbox.tls == "ssl"
    text = (ROOT / "config.example.toml").read_text()
    for section, field in type(settings).model_fields.items():
        if field.annotation is not None and getattr(field.annotation, "__origin__", None) is tuple:
            model = field.annotation.__args__[0]  # an array of tables: [[staff]]
            assert f"[[{section}]]" in text, section
        else:
            model = type(getattr(settings, section))
            assert f"[{section}]" in text, section
        for key in model.model_fields:
            documented = (f"{key} =", f"# {key} =", f"[{section}.{key}]", f"# [{section}.{key}]")
            assert any(d in text for d in documented), f"{section}.{key} undocumented"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"mailbox": {"tls": "tls"}}, "mailbox.tls: expected 'ssl', 'starttls' or 'none'"),
        ({"mailbox": {"port": "imap"}}, "mailbox.port"),
        ({"mailbox": {"port": 70000}}, "mailbox.port"),
        ({"mailbox": {"pasword_env": "X"}}, "mailbox.pasword_env: unknown setting"),
        ({"shool": {}}, "shool: unknown setting"),
        ({"school": {"timezone": "Europe/Londn"}}, "school.timezone: expected an IANA time zone"),
        (
            {"school": {"staff_domains": ["not a domain"]}},
            "school.staff_domains[1]: expected a mail domain",
        ),
        ({"mailbox": {"address": "office"}}, "mailbox.address: expected an email address"),
        ({"mailbox": {"folders": []}}, "mailbox.folders: expected a list of folder names"),
        (
            {"mailbox": {"host": "imap.example.org", "tls": "none"}},
            'tls = "none" is only allowed for a loopback host',
        ),
        ({"database": {"url": "/var/lib/steward.db"}}, "database.url: expected an SQLAlchemy URL"),
        ({"threading": {"similarity": 1.5}}, "threading.similarity"),
        ({"ingest": {"batch_size": 0}}, "ingest.batch_size"),
        (
            {"parents": {"aliases": [["a@example.com", "nonsense"]]}},
            "parents.aliases[1][2]: expected an email address",
        ),
        ({"hours": {"core": ["8am", "16:00"]}}, 'hours.core[1]: expected a 24-hour time like "08:00"'),
        ({"hours": {"core": ["16:00", "08:00"]}}, "the start 16:00 must be before the end 08:00"),
        ({"hours": {"days": {"fri": ["08:00", "15:00"]}}}, "days.fri: expected a weekday name"),
        ({"calendar": {"nation": "UK"}}, "calendar.nation: expected 'ENG', 'WLS', 'SCT' or 'NIR'"),
        (
            {"calendar": {"holidays": [["2027-01-04", "2026-12-19"]]}},
            "calendar.holidays: the range 2027-01-04 to 2026-12-19 ends before it starts",
        ),
        ({"calendar": {"closures": ["31/12/2026"]}}, "calendar.closures[1]"),
        ({"sla": {"acknowledge_working_days": 0}}, "sla.acknowledge_working_days"),
        ({"smtp": {"host": "smtp.example.org", "tls": "none"}}, 'tls = "none" is only allowed'),
        ({"staff": [{"name": "Office", "email": "office"}]}, "staff[1].email: expected an email address"),
        ({"staff": [{"name": "Head", "email": "h@school.example", "role": "head"}]}, "staff[1].role: expected 'office', 'slt', 'dsl' or 'teacher'"),
        ({"digest": {"time": "7.30"}}, 'digest.time: expected a 24-hour time like "08:00"'),
        ({"parents": {"languages": {"p@example.com": "Polish"}}}, "parents.languages.p@example.com: expected a language code"),
        ({"flags": {"shouting": {"caps_ration": 0.5}}}, "flags: shouting: caps_ration: unknown setting"),
        ({"flags": {"shouting": {"caps_ratio": "high"}}}, "flags: shouting: caps_ratio"),
        ({"flags": {"volume": {"enabled": "yes"}}}, "flags: volume.enabled: expected true or false"),
        ({"cases": {"weights": {"shoutin": 1}}}, "cases.weights.shoutin: expected 'shouting'"),
        ({"parents": {"adjustments": {"p@example.com": ["caps"]}}}, "parents.adjustments"),
    ],
)
def test_bad_values_name_the_key(data, expected):
    """A wrong value fails with a message naming the key and the expected form."""
    with pytest.raises(ConfigError) as info:
        parse_settings(data)
    assert expected in str(info.value)


def test_tls_none_is_allowed_on_loopback():
    """Plain IMAP is accepted for a loopback server (tests, local relays) only."""
    for host in ("127.0.0.1", "::1", "localhost"):
        assert parse_settings({"mailbox": {"host": host, "tls": "none"}}).mailbox.tls == "none"


def test_invalid_toml_and_missing_file_are_reported(tmp_path):
    """A syntax error or a missing file is a ConfigError that names the file."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[school\nname = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "missing.toml")


def test_password_sources(tmp_path, monkeypatch):
    """The password comes from the environment, a file, or a systemd credential."""
    monkeypatch.setenv("STEWARD_TEST_PW", "from-env")
    s = parse_settings({"mailbox": {"password_env": "STEWARD_TEST_PW"}})
    assert s.mailbox.resolve("mailbox") == "from-env"

    (tmp_path / "imap-password").write_text("from-file\n")
    s = parse_settings(
        {"mailbox": {"password_env": "", "password_file": str(tmp_path / "imap-password")}}
    )
    assert s.mailbox.resolve("mailbox") == "from-file"

    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(tmp_path))
    s = parse_settings({"mailbox": {"password_env": "", "password_file": "imap-password"}})
    assert s.mailbox.resolve("mailbox") == "from-file"


def test_missing_password_names_the_key(monkeypatch):
    """An unset environment variable is named, not a bare KeyError."""
    monkeypatch.delenv("STEWARD_NOT_SET", raising=False)
    s = parse_settings({"mailbox": {"password_env": "STEWARD_NOT_SET"}})
    with pytest.raises(
        ConfigError,
        match="mailbox.password_env: the environment variable STEWARD_NOT_SET is not set",
    ):
        s.mailbox.resolve("mailbox")


def test_password_is_not_in_repr():
    """Printing the settings (a traceback, a debug line) never shows the password."""
    s = parse_settings({"mailbox": {"password": "hunter2-secret"}})
    assert "hunter2-secret" not in repr(s)
    assert "hunter2-secret" not in str(s)


def test_world_readable_config_with_password_warns(tmp_path):
    """A config file holding a password and readable by others gets a warning."""
    path = tmp_path / "steward.toml"
    path.write_text('[mailbox]\npassword = "x"\n')
    os.chmod(path, 0o644)
    settings = load_settings(path)
    assert "readable by other users" in (secret_file_warning(path, settings) or "")
    os.chmod(path, 0o600)
    assert secret_file_warning(path, settings) is None


def test_world_readable_config_with_an_oauth2_client_secret_warns(tmp_path):
    path = tmp_path / "steward.toml"
    path.write_text(
        '[mailbox]\nauth = "oauth2"\nusername = "office@school.example"\n'
        '[mailbox.oauth2]\nprovider = "microsoft"\ntenant = "school.example"\n'
        'client_id = "11111111-2222-3333-4444-555555555555"\nclient_secret = "s3cret"\n'
    )
    os.chmod(path, 0o644)
    settings = load_settings(path)
    assert "client secret" in (secret_file_warning(path, settings) or "")
    os.chmod(path, 0o600)
    assert secret_file_warning(path, settings) is None
