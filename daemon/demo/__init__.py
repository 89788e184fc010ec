"""``steward demo``: the bundled sample mailbox read into threads, no server needed."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

from daemon.app import build_app
from daemon.config import Settings, parse_settings
from daemon.mailbox.files import FileSource
from daemon.runner import CycleReport

DEMO_NOW = "2026-11-20T17:00:00+00:00"  # just after the sample fortnight


def demo_settings(database_url: str) -> Settings:
    return parse_settings(
        {
            "school": {
                "name": "Example Academy",
                "staff_domains": ["school.example"],
                "safeguarding_phone": "01632 960 000",
            },
            "mailbox": {"address": "office@school.example", "folders": ["INBOX"]},
            "database": {"url": database_url},
            "smtp": {"dry_run": True},
            "staff": [
                {"name": "Office team", "email": "office-team@school.example"},
                {"name": "Head", "email": "head@school.example", "role": "slt"},
                {"name": "DSL", "email": "dsl@school.example", "role": "dsl", "digest": False},
            ],
        },
        "demo",
    )


def sample_path() -> Path:
    return Path(str(resources.files("daemon.demo").joinpath("sample.mbox")))


def run_demo(directory: str | None = None) -> tuple[Settings, CycleReport]:
    workdir = Path(directory or tempfile.mkdtemp(prefix="steward-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    settings = demo_settings(f"sqlite:///{workdir / 'steward.db'}")
    app = build_app(settings, DEMO_NOW)
    source = lambda: FileSource(sample_path())  # noqa: E731
    cycle = app.cycle(source_factory=source, transport_factory=None, folders=[("INBOX", "inbox")])
    return settings, cycle.run().ingest
