"""Fault injection: SIGKILL the daemon at random moments while mail arrives and replies are due.

Starts a private Dovecot and an aiosmtpd sink, then runs the real `steward run` as a child
process with a clock that starts on Friday 20 November 2026 at 18:00 (out of hours, so every
parent's email is owed a holding reply) and kills it with SIGKILL at a random moment,
``--kills`` times, restarting it each time, while a feeder APPENDs parent emails (several
from the same parents, so "one reply per parent per out-of-hours window" is tested too). After
the last kill it starts the daemon once more, lets it catch up, stops it with SIGTERM and
checks:

- every appended message is in the database exactly once;
- no parent received more than one holding reply, and no Message-ID was delivered twice;
- every parent who wrote either got their reply or has it recorded as ``uncertain`` (the
  daemon was killed mid-send: at most once means it is not sent again) — none is lost silently.

    python bench/chaos.py [--kills 50] [--seed 1] [--max-alive 6.0]

Exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, col, func, select  # noqa: E402

from daemon.config import load_settings  # noqa: E402
from daemon.store.db import make_engine  # noqa: E402
from daemon.store.models import CycleRun, Message, Outbox  # noqa: E402
from tests.support.dovecot import DovecotServer  # noqa: E402
from tests.support.mail import make_mail  # noqa: E402
from tests.support.smtp import SmtpSink  # noqa: E402

FRIDAY_EVENING = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-alive", type=float, default=6.0, help="longest life before a kill (s)"
    )
    parser.add_argument("--parents", type=int, default=60)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    keep = os.environ.get("CHAOS_KEEP")  # a directory: the database is left there to inspect
    with tempfile.TemporaryDirectory() as scratch, DovecotServer() as server, SmtpSink() as sink:
        tmp = keep or scratch
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
password_env = "CHAOS_IMAP_PASSWORD"
address = "office@school.example"
timeout_seconds = 10
[database]
url = "sqlite:///{tmp}/steward.db"
[ingest]
interval_seconds = 5
batch_size = 5
[smtp]
host = "{sink.host}"
port = {sink.port}
tls = "none"
[logging]
level = "warning"
"""
        )
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "CHAOS_IMAP_PASSWORD": server.password,
        }
        engine = make_engine(load_settings(config).database.url)

        began = time.monotonic()

        def start() -> subprocess.Popen[bytes]:
            # The daemon's clock carries on across restarts, as the real one would.
            now = FRIDAY_EVENING + timedelta(seconds=time.monotonic() - began)
            return subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "daemon.cli",
                    "--config",
                    str(config),
                    "run",
                    "--now",
                    now.isoformat(),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        # The first start sees an empty INBOX (old mail is never answered); then mail flows.
        proc = start()
        _wait(lambda: _finished_cycles(engine) > 0, 60, "the first cycle")
        appended: list[str] = []
        writers: list[str] = []
        feeding = threading.Event()
        feeding.set()

        def feed() -> None:
            n = 0
            while feeding.is_set():
                parent = rng.randrange(args.parents)
                message_id = f"chaos-{n}@parents.example"
                raw = make_mail(
                    sender=f"Parent {parent} <parent{parent}@parents.example>",
                    subject=f"Question {n} about after-school club",
                    message_id=message_id,
                    body=(
                        f"Hello,\n\nCould you tell me whether the club on day {n % 5} still "
                        f"has places for my child? Reference {n}.\n\nThanks\nParent {parent}"
                    ),
                )
                when = FRIDAY_EVENING + timedelta(seconds=time.monotonic() - began)
                server.append("INBOX", raw, when)
                appended.append(message_id)
                writers.append(f"parent{parent}@parents.example")
                n += 1
                time.sleep(rng.uniform(0.02, 0.25))

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        started = time.monotonic()
        for kill in range(1, args.kills + 1):
            time.sleep(rng.uniform(0.2, args.max_alive))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            print(f"kill {kill:2d}: {len(appended)} appended, {len(sink.messages())} replies sent")
            proc = start()
        feeding.clear()
        feeder.join()

        # Let the last daemon catch up, then stop it properly.
        _wait(lambda: _stored_ids(engine) >= set(appended), 120, "every message stored")
        _wait(lambda: _outbox_settled(engine), 120, "the outbox to settle")
        time.sleep(3)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
        elapsed = time.monotonic() - started

        return _report(engine, sink, appended, writers, args.kills, elapsed, code)


def _report(engine, sink, appended, writers, kills, elapsed, code) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        stored = Counter(s.exec(select(Message.message_id)).all())
        outbox = s.exec(select(Outbox).where(Outbox.kind == "holding_reply")).all()
    states = Counter(o.state for o in outbox)
    replies = sink.messages()
    per_parent = Counter(r.rcpt_tos[0] for r in replies if r.rcpt_tos)
    per_id = Counter(r.message["Message-ID"] for r in replies)
    missing = [m for m in appended if stored[m] == 0]
    doubled = [m for m, c in stored.items() if c > 1]
    twice = {p: c for p, c in per_parent.items() if c > 1}
    dup_ids = {m: c for m, c in per_id.items() if c > 1}
    parents = set(writers)
    answered = set(per_parent)
    uncertain = {r for o in outbox if o.state == "uncertain" for r in o.recipients}
    unaccounted = parents - answered - uncertain
    print()
    print(f"{kills} SIGKILLs in {elapsed:.0f} s; final SIGTERM exit code {code}")
    print(f"messages appended: {len(appended)} from {len(parents)} parents")
    print(
        f"messages stored:   {sum(stored.values())} ({len(missing)} missing, {len(doubled)} twice)"
    )
    print(f"holding replies delivered: {len(replies)} to {len(answered)} parents")
    print(f"  parents with more than one reply: {len(twice)}")
    print(f"  Message-IDs delivered twice:      {len(dup_ids)}")
    print(f"  outbox states: {dict(sorted(states.items()))}")
    print(f"  parents with no reply and no 'uncertain' record: {len(unaccounted)}")
    if unaccounted:
        with Session(engine) as s:
            reasons = Counter(
                m.holding for m in s.exec(select(Message)).all() if m.from_address in unaccounted
            )
        print(f"  their messages' holding decisions: {dict(reasons)}")
    ok = not (missing or doubled or twice or dup_ids or unaccounted) and code == 0
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    try:
        with Session(engine) as s:
            return int(s.exec(select(func.count()).select_from(model)).one())
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0


def _finished_cycles(engine) -> int:  # type: ignore[no-untyped-def]
    try:
        with Session(engine) as s:
            query = select(func.count()).select_from(CycleRun)
            return int(s.exec(query.where(col(CycleRun.finished_at).is_not(None))).one())
    except Exception:  # noqa: BLE001 - the schema may not exist yet
        return 0


def _stored_ids(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return set(s.exec(select(Message.message_id)).all())


def _outbox_settled(engine) -> bool:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        busy = s.exec(
            select(func.count()).select_from(Outbox).where(Outbox.state.in_(("pending", "sending")))  # type: ignore[attr-defined]
        ).one()
    return busy == 0


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


if __name__ == "__main__":
    sys.exit(main())
