"""Ingest benchmark: a first `steward once` over a large mailbox in a real Dovecot.

    python bench/ingest.py                 # 10,000 messages (the target run)
    python bench/ingest.py --count 1000    # a quick look

Fills a private Dovecot with generated office mail (bench/mailgen.py: multipart text+HTML,
quoted history, attachments, 5-50 KB), then measures:

1. a baseline that only fetches (BODY.PEEK[], INTERNALDATE, FLAGS, batches of 200) and parses
   (stdlib email, text part extracted) the same messages with imapclient;
2. a first `steward once` (a separate process: wall time, and peak memory of it and of the
   parse worker it starts, sampled from /proc; from its log, the time from its start to the
   end of ingest and the time spent after it);
3. a second `steward once` with no new mail (wall time; must fetch no bodies).

Targets (issue 2): end-to-end >= 300 messages/s and within 3x the baseline; second run
< 0.5 s with no bodies fetched; peak memory < 300 MB.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.mailgen import generate  # noqa: E402
from tests.support.dovecot import DovecotServer  # noqa: E402


def fill(server: DovecotServer, count: int, seed: int) -> tuple[int, int]:
    """Write the generated mail straight into the Maildirs (APPEND would take minutes)."""
    total = 0
    n = 0
    paths: dict[str, Path] = {}
    for mail in generate(count, seed=seed):
        if mail.folder not in paths:  # maildir_path() fixes ownership: once per folder
            paths[mail.folder] = server.maildir_path(mail.folder)
        path = paths[mail.folder]
        name = f"{int(mail.internaldate.timestamp())}.M{n}P1.bench:2,"
        target = path / "cur" / name
        target.write_bytes(mail.raw)
        stamp = mail.internaldate.timestamp()
        os.utime(target, (stamp, stamp))
        total += len(mail.raw)
        n += 1
    server.fix_ownership()
    return n, total


def warm(server: DovecotServer) -> None:
    """Let Dovecot build its indexes before anything is timed."""
    client = server.client()
    for folder in ("INBOX", "Sent"):
        client.select_folder(folder, readonly=True)
        client.search(["ALL"])
    client.logout()


def baseline(server: DovecotServer) -> tuple[float, int]:
    started = time.perf_counter()
    client = server.client()
    parsed = 0
    for folder in ("INBOX", "Sent"):
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        for i in range(0, len(uids), 200):
            response = client.fetch(uids[i : i + 200], ["BODY.PEEK[]", "INTERNALDATE", "FLAGS"])
            for data in response.values():
                msg = email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)
                body = msg.get_body(preferencelist=("plain", "html"))
                if body is not None:
                    body.get_content()
                parsed += 1
    client.logout()
    return time.perf_counter() - started, parsed


@dataclass
class Once:
    """One `steward once` in a child process."""

    wall: float  # seconds, process start to exit
    rss_kb: int  # peak RSS of the steward process itself (getrusage)
    tree_rss_kb: int  # peak of the summed RSS of it and every process under it (sampled)
    tree_pss_kb: int  # the same in PSS: pages shared between the processes counted once
    counts: dict[str, int]
    ingest_rss_kb: int  # peak summed RSS of the tree up to the ingest's cycle.done
    ingest: float  # seconds from the start of the process to the ingest's cycle.done
    after_ingest: float  # seconds from cycle.done to actions.done (clock, replies, digest)


def quiet_cycle(config: Path) -> float:
    """Seconds for one cycle with no new mail in an already running process (`steward run`
    between two emails): the median of 5, after one to warm up."""
    code = (
        "import statistics, sys, time\n"
        "from daemon.app import build_app\n"
        "from daemon.config import load_settings\n"
        "app = build_app(load_settings(sys.argv[1]))\n"
        "cycle = app.cycle()\n"
        "cycle.run()\n"
        "times = []\n"
        "for _ in range(5):\n"
        "    t = time.perf_counter()\n"
        "    outcome = cycle.run()\n"
        "    times.append(time.perf_counter() - t)\n"
        "    assert outcome.ingest.total('fetched') == 0\n"
        "print(statistics.median(times))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(config)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_child_env(),
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"quiet cycle failed:\n{out.stderr[-3000:]}")
    return float(out.stdout.split()[-1])


def _child_env() -> dict[str, str]:
    """`steward` as installed: pip compiles the bytecode at install time, so a run does not
    compile the project's modules again (this sandbox sets PYTHONDONTWRITEBYTECODE). The
    cache goes to a directory of its own, never into the source tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "steward-bench-pycache")
    return env


def steward_once(config: Path) -> Once:
    """Run `steward once` in a child process: wall time, peak memory, counts, phases."""
    code = (
        "import resource, sys\n"
        "from daemon.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    started = time.perf_counter()
    began = datetime.now(UTC)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "--config", str(config), "once"],
            stdout=out,
            stderr=err,
            text=True,
            cwd=ROOT,
            env=_child_env(),
        )
        tree = _TreeMemory(proc.pid)
        while proc.poll() is None:
            tree.sample()
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        sys.exit(f"steward once failed ({proc.returncode}):\n{stdout}\n{stderr[-3000:]}")
    rss = next(int(line.split()[1]) for line in stderr.splitlines() if line.startswith("MAXRSS"))
    counts = {"fetched": 0, "stored": 0, "duplicates": 0, "quarantined": 0}
    stamps: dict[str, datetime] = {"start": began}
    for line in stderr.splitlines():
        if line.startswith("{"):
            event = json.loads(line)
            when = datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))
            stamps[event.get("event", "")] = when
            if event.get("event") == "cycle.done":
                counts = {k: event[k] for k in counts}

    def span(a: str, b: str) -> float:
        return (stamps[b] - stamps[a]).total_seconds() if a in stamps and b in stamps else 0.0

    return Once(
        wall=elapsed,
        rss_kb=rss,
        tree_rss_kb=max(tree.peak_rss, rss),
        tree_pss_kb=tree.peak_pss,
        ingest_rss_kb=tree.peak_until(stamps.get("cycle.done")),
        counts=counts,
        ingest=span("start", "cycle.done"),
        after_ingest=span("cycle.done", "actions.done"),
    )


class _TreeMemory:
    """Peak summed RSS and PSS of a process and all its descendants (parse workers)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss = 0
        self.peak_pss = 0
        self.samples: list[tuple[datetime, int]] = []  # (when, summed RSS)

    def peak_until(self, until: datetime | None) -> int:
        """The peak summed RSS up to ``until`` (the end of ingest)."""
        return max((rss for when, rss in self.samples if until is None or when <= until), default=0)

    def sample(self) -> None:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        rss = pss = 0
        todo = [self.pid]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, ()))
            rss += _kb(Path(f"/proc/{pid}/status"), "VmRSS:")
            pss += _kb(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.samples.append((datetime.now(UTC), rss))


def _kb(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="steward-bench-") as tmp, DovecotServer() as server:
        t = time.perf_counter()
        n, nbytes = fill(server, args.count, args.seed)
        print(
            f"mailbox: {n} messages, {nbytes / 1e6:.1f} MB "
            f"(mean {nbytes / n / 1024:.1f} KB), written in {time.perf_counter() - t:.1f} s"
        )
        warm(server)
        config = Path(tmp) / "steward.toml"
        config.write_text(
            f"""
[school]
staff_domains = ["school.example"]
[mailbox]
host = "{server.host}"
port = {server.port}
tls = "none"
username = "{server.user}"
password = "{server.password}"
address = "office@school.example"
[database]
url = "sqlite:///{tmp}/steward.db"
[logging]
format = "json"
"""
        )
        os.chmod(config, 0o600)

        base_s, base_n = baseline(server)
        first = steward_once(config)
        quiet = [steward_once(config) for _ in range(5)]
        cycle_s = quiet_cycle(config)

    second = sorted(quiet, key=lambda q: q.wall)[len(quiet) // 2]  # the median of five
    first_s, second_s, counts = first.wall, second.wall, first.counts
    rate = counts["stored"] / first_s if first_s else 0.0
    peak_mb = first.tree_rss_kb / 1024
    rows = [
        ("baseline fetch+parse", f"{base_s:.1f} s", f"{base_n / base_s:.0f} msg/s", ""),
        (
            "steward once (first)",
            f"{first_s:.1f} s",
            f"{rate:.0f} msg/s",
            f"{first_s / base_s:.2f}x baseline",
        ),
        (
            "  of which ingest",
            f"{first.ingest:.1f} s",
            f"{counts['stored'] / first.ingest if first.ingest else 0:.0f} msg/s",
            "process start to cycle.done",
        ),
        ("  of which after ingest", f"{first.after_ingest:.1f} s", "", "clock, replies, digest"),
        (
            "steward once (second)",
            f"{second_s:.2f} s",
            f"fetched {max(q.counts['fetched'] for q in quiet)}",
            "median of 5 quiet runs: "
            + ", ".join(f"{q.wall:.2f}" for q in sorted(quiet, key=lambda q: q.wall)),
        ),
        (
            "  a quiet cycle in `run`",
            f"{cycle_s:.3f} s",
            "",
            "the same cycle in a running daemon (median of 5): no start-up",
        ),
        (
            "peak memory (first once)",
            f"{peak_mb:.0f} MB",
            "",
            f"RSS summed over the process tree; steward alone {first.rss_kb / 1024:.0f} MB, "
            f"tree PSS {first.tree_pss_kb / 1024:.0f} MB",
        ),
        ("  until end of ingest", f"{first.ingest_rss_kb / 1024:.0f} MB", "", ""),
    ]
    print(
        f"\nstored {counts['stored']}, duplicates {counts['duplicates']}, "
        f"quarantined {counts['quarantined']} of {n}"
    )
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:>9}  {r[2]:>14}  {r[3]}")
    ok = (
        rate >= 300
        and first_s <= 3 * base_s
        and second_s < 0.5
        and all(q.counts["fetched"] == 0 for q in quiet)
        and peak_mb < 300
        and counts["stored"] + counts["duplicates"] + counts["quarantined"] == n
    )
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
