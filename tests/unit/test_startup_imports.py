"""A quiet ``steward once`` starts fast: what it loads, and nothing more.

Issue 2 gives a cycle with no new mail half a second, most of which is start-up. The MIME
parser, the matter model (scikit-learn, numpy) and the migrations (Alembic) each cost more
than the whole cycle's work, so they load only when there is mail to parse, a model to train
or a schema to upgrade.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each of these takes 0.07-1 s to import; none is needed when there is nothing new.
HEAVY = ("sklearn", "numpy", "scipy", "mailparser", "alembic", "daemon.pipeline.parse")


def loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys\nprint(*[m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_loading_the_once_command_loads_no_parser_model_or_migrations() -> None:
    """The command line, the app, the cycle and the IMAP source load without them."""
    code = "import daemon.cli, daemon.app, daemon.cycle, daemon.mailbox.imap"
    assert loaded_after(code) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The check above can fail: loading the parser shows up in it."""
    assert "daemon.pipeline.parse" in loaded_after("import daemon.pipeline.parse")
