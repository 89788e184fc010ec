"""Time from a parent's email arriving to its holding reply reaching the SMTP server.

Starts a private Dovecot and an aiosmtpd sink, runs the real daemon loop (`steward run`'s
run_forever) in a thread with a clock that starts on a Friday evening and runs on in real
time, then APPENDs parent emails one at a time and measures how long each takes to come out
of SMTP as a holding reply.

    python bench/holding_latency.py [--count 5] [--interval 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from daemon.app import build_app  # noqa: E402
from daemon.config import load_settings  # noqa: E402
from daemon.log import configure  # noqa: E402
from daemon.service import run_forever  # noqa: E402
from daemon.store.models import CycleRun  # noqa: E402
from tests.support.dovecot import DovecotServer  # noqa: E402
from tests.support.mail import make_mail  # noqa: E402
from tests.support.smtp import SmtpSink  # noqa: E402

FRIDAY_EVENING = "2026-11-20T18:00:00+00:00"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--interval", type=int, default=5, help="[ingest] interval_seconds")
    args = parser.parse_args(argv)
    configure(os.environ.get("BENCH_LOG", "warning"), "json")
    with tempfile.TemporaryDirectory() as tmp, DovecotServer() as server, SmtpSink() as sink:
        config = Path(tmp) / "steward.toml"
        config.write_text(
            f"""
[school]
staff_domains = ["school.example"]
safeguarding_phone = "01632 960 123"
[mailbox]
host = "{server.host}"
port = {server.port}
tls = "none"
username = "{server.user}"
password = "{server.password}"
address = "office@school.example"
[database]
url = "sqlite:///{tmp}/steward.db"
[ingest]
interval_seconds = {args.interval}
[smtp]
host = "{sink.host}"
port = {sink.port}
tls = "none"
"""
        )
        app = build_app(load_settings(config), FRIDAY_EVENING, moving=True)
        stop = threading.Event()
        daemon = threading.Thread(target=run_forever, args=(app, stop), daemon=True)
        daemon.start()
        _wait(lambda: _cycles(app) > 0, 30)
        latencies = []
        for n in range(args.count):
            raw = make_mail(
                sender=f"Parent {n} <parent{n}@example.com>",
                subject=f"Question {n}",
                body=f"Hello, a question about item {n}. Could you call me back?\n\nThanks",
            )
            start = time.monotonic()
            server.account.append("INBOX", raw, app.clock.now())
            _wait(lambda n=n: len(sink.messages()) > n, 60)
            latencies.append(time.monotonic() - start)
            print(f"message {n + 1}: holding reply after {latencies[-1]:.2f} s")
        stop.set()
        daemon.join(15)
    print(
        f"arrival → holding reply in SMTP, polling every {args.interval} s: "
        f"min {min(latencies):.2f} s, median {statistics.median(latencies):.2f} s, "
        f"max {max(latencies):.2f} s over {len(latencies)} messages"
    )
    return 0


def _cycles(app) -> int:  # type: ignore[no-untyped-def]
    from sqlmodel import Session, func, select

    with Session(app.engine) as s:
        return s.exec(select(func.count()).select_from(CycleRun)).one()


def _wait(condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting")
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
