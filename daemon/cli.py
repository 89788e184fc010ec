"""The ``steward`` command line: argument parsing only; each command calls one function."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from daemon.config import DEFAULT_CONFIG_PATH, ConfigError, Settings, load_settings
from daemon.log import configure as configure_logging

EXIT_OK, EXIT_PROBLEM, EXIT_CONFIG = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_CONFIG
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"steward: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ValueError as exc:  # bad --now and similar argument forms
        print(f"steward: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    # --config works before or after the command; the copy on each command must not
    # overwrite a value given before it, hence SUPPRESS there.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    timed = argparse.ArgumentParser(add_help=False)
    timed.add_argument(
        "--now", help="act as at this moment (ISO 8601, e.g. 2026-11-21T20:05:00+00:00)"
    )
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="machine-readable output")

    parser = argparse.ArgumentParser(
        prog="steward",
        description="Office Steward: the school office mailbox, kept in order.",
    )
    parser.add_argument(
        "--config",
        default=os.environ.get("STEWARD_CONFIG", DEFAULT_CONFIG_PATH),
        help="path to the TOML config (default ./steward.toml or $STEWARD_CONFIG)",
    )
    sub = parser.add_subparsers(metavar="COMMAND")

    def command(
        name: str,
        func: Callable[[argparse.Namespace], int],
        help: str,
        parents: Sequence[argparse.ArgumentParser] = (),
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common, *parents])
        p.set_defaults(func=func)
        return p

    command("once", cmd_once, "run one ingest cycle, then exit", [timed])
    command("run", cmd_run, "run the daemon until SIGTERM/SIGINT")
    command("threads", cmd_threads, "list threads with their messages", [timed, as_json])
    command("messages", cmd_messages, "list every stored message", [as_json])
    command("doctor", cmd_doctor, "check config, database and mailbox; say what is wrong")
    q = command(
        "quarantine", cmd_quarantine, "list messages that could not be processed", [as_json]
    )
    q.add_argument(
        "action",
        nargs="?",
        choices=["list", "retry"],
        default="list",
        help="retry: run them through the pipeline again (after an upgrade)",
    )
    q.add_argument("--now", help=argparse.SUPPRESS)
    q.add_argument("--all", action="store_true", help="include resolved entries")
    imp = command(
        "import", cmd_import, "import an exported mailbox (mbox file or Maildir)", [timed]
    )
    imp.add_argument("path", help="mbox file or Maildir directory")
    imp.add_argument("--folder", default="INBOX", help="folder name to record for an mbox file")
    command("migrate", cmd_migrate, "upgrade the database schema to this version")
    demo = command(
        "demo", cmd_demo, "read the bundled sample mailbox and print its threads", [as_json]
    )
    demo.add_argument("--dir", help="keep the demo database in this directory")
    return parser


# -- commands ----------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    configure_logging(settings.logging.level, settings.logging.format)
    return settings


def cmd_once(args: argparse.Namespace) -> int:
    from daemon.app import build_app

    app = build_app(_settings(args), args.now)
    report = app.runner().run_cycle()
    _print_report(report)
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_run(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.service import run_forever

    return run_forever(build_app(_settings(args)))


def cmd_threads(args: argparse.Namespace) -> int:
    from daemon import views

    settings = _settings(args)
    rows = _view(settings, views.threads)
    if args.json:
        _print_json(rows)
    else:
        print(format_threads(rows))
    return EXIT_OK


def cmd_messages(args: argparse.Namespace) -> int:
    from daemon import views

    rows = _view(_settings(args), views.messages)
    if args.json:
        _print_json(rows)
    else:
        for m in rows:
            thread = f"#{m['thread_id']}" if m["thread_id"] else "-"
            print(
                f"{m['received_at']}  {m['folder']}:{m['uid']:<6} {m['direction']:8} "
                f"{m['sender_kind']:9} {thread:>5}  {m['subject'][:60]}"
            )
        print(f"{len(rows)} message(s)")
    return EXIT_OK


def cmd_quarantine(args: argparse.Namespace) -> int:
    from daemon import views

    settings = _settings(args)
    if args.action == "retry":
        from daemon.app import build_app
        from daemon.runner import retry_quarantine

        app = build_app(settings, args.now)
        resolved, failing = retry_quarantine(app.runner(source_factory=_no_source))
        print(f"{resolved} message(s) processed now, {failing} still failing")
        return EXIT_OK if failing == 0 else EXIT_PROBLEM
    rows = _view(settings, lambda s, tz: views.quarantine(s, tz, include_resolved=args.all))
    if args.json:
        _print_json(rows)
    else:
        for q in rows:
            print(
                f"#{q['id']}  {q['folder']} uid {q['uid']}  received {q['received_at']}  "
                f"stage {q['stage']}  {q['error'][:120]}"
            )
        print(f"{len(rows)} message(s) in quarantine")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.mailbox.files import FileSource

    settings = _settings(args)
    app = build_app(settings, args.now)
    source = FileSource(args.path, folder=args.folder)
    sent = source.sent_folder()
    folders = [(f, "sent" if f == sent else "inbox") for f in source.list_folders()]
    report = app.runner(
        source_factory=lambda: FileSource(args.path, folder=args.folder), folders=folders
    ).run_cycle()
    _print_report(report)
    return EXIT_OK if report.ok else EXIT_PROBLEM


def cmd_migrate(args: argparse.Namespace) -> int:
    from daemon.store.db import make_engine, migrate

    settings = _settings(args)
    revision = migrate(make_engine(settings.database.url))
    print(f"database schema at revision {revision}")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from daemon.doctor import run_checks

    configure_logging("warning")
    failed = False
    for check in run_checks(args.config):
        print(check.line())
        failed |= not check.ok
    return EXIT_PROBLEM if failed else EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from daemon import views
    from daemon.demo import run_demo

    configure_logging("warning")
    settings, report = run_demo(args.dir)
    rows = _view(settings, views.threads)
    if args.json:
        _print_json(rows)
        return EXIT_OK
    print(
        f"Office Steward demo: {report.total('stored')} messages from the bundled sample "
        f"mailbox of {settings.school.name}, {len(rows)} threads.\n"
    )
    print(format_threads(rows))
    return EXIT_OK


# -- output ------------------------------------------------------------------------------


def format_threads(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "No threads yet."
    lines = []
    for t in rows:
        who = f"{t['parent_name']} <{t['parent']}>" if t["parent_name"] else t["parent"]
        lines.append(f"#{t['id']} [{t['status']}] {t['matter']}: {t['subject'] or '(no subject)'}")
        lines.append(
            f"    parent {who}; {len(t['messages'])} message(s), last {t['last_activity_at']}"
        )
        if t["other_parents"]:
            lines.append(f"    also from {', '.join(t['other_parents'])}")
        for m in t["messages"]:
            arrow = "→" if m["direction"] == "outbound" else "←"
            lines.append(
                f"      {arrow} {m['received_at'][:16].replace('T', ' ')} "
                f"{m['sender_kind']:9} {m['subject'][:56]}"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def _print_report(report: Any) -> None:
    for f in report.folders:
        extra = " (UIDVALIDITY changed: folder re-read)" if f.uidvalidity_reset else ""
        print(
            f"{f.folder}: fetched {f.fetched}, stored {f.stored}, duplicates {f.duplicates}, "
            f"quarantined {f.quarantined}{extra}"
        )
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)


def _view(settings: Settings, func: Callable[..., list[dict[str, Any]]]) -> list[dict[str, Any]]:
    from sqlmodel import Session

    from daemon.store.db import make_engine, migrate

    engine = make_engine(settings.database.url)
    migrate(engine)
    with Session(engine) as s:
        return func(s, settings.school.tz)


def _print_json(rows: Any) -> None:
    json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _no_source() -> Any:
    raise RuntimeError("quarantine retry reads stored bytes, not the mailbox")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
