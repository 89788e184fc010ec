"""The ``steward`` command line: argument parsing only; each command calls one function."""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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

    command(
        "once", cmd_once, "run one full cycle (ingest, replies, digest, outbox), then exit", [timed]
    )
    command("run", cmd_run, "run the daemon until SIGTERM/SIGINT", [timed])
    command("threads", cmd_threads, "list threads with their messages", [timed, as_json])
    command("messages", cmd_messages, "list every stored message", [as_json])
    command(
        "doctor",
        cmd_doctor,
        "check config, servers, database and calendar: OK/WARN/FAIL per line and what to do",
        [timed, as_json],
    )
    command(
        "status",
        cmd_status,
        "last cycle, messages, queue, next digest, errors (database only: instant)",
        [timed, as_json],
    )
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
    ack = command(
        "ack", cmd_ack, "record that a thread's waiting emails were answered another way", [timed]
    )
    ack.add_argument("thread_id", type=int, metavar="THREAD_ID")
    ack.add_argument("--by", required=True, help="who answered (kept in the audit log)")
    command("outbox", cmd_outbox, "list what was and will be sent", [as_json])
    command("flags", cmd_flags, "list policy flags with their evidence", [as_json])
    command("cases", cmd_cases, "list persistence cases for SLT review", [as_json])
    case = command(
        "case", cmd_case, "show a case file, or record an SLT decision", [timed, as_json]
    )
    case.add_argument("action", choices=["show", "decide"])
    case.add_argument("case_id", type=int, metavar="ID")
    case.add_argument("--outcome", choices=["dismissed", "stage1", "stage2", "stage3"])
    case.add_argument("--by", help="who decided")
    case.add_argument("--note", help="why (kept with the decision)")
    case.add_argument(
        "--supervisor", default="", help="stage3: the one member of staff to write to"
    )
    case.add_argument("--review-on", dest="review_on", help="stage3: review date (YYYY-MM-DD)")
    parent = command("parent", cmd_parent, "record a reasonable adjustment for a parent", [timed])
    parent.add_argument("action", choices=["adjust"])
    parent.add_argument("address")
    parent.add_argument(
        "--off",
        required=True,
        action="append",
        metavar="KIND",
        choices=["shouting", "volume", "repeated", "chasing", "duplicate", "abusive"],
        help="flag kind to switch off for this parent (repeatable)",
    )
    parent.add_argument("--by", required=True)
    parent.add_argument("--note", default="")
    thread = command("thread", cmd_thread, "correct a thread's matter (teaches the model)", [timed])
    thread.add_argument("action", choices=["set-category"])
    thread.add_argument("thread_id", type=int, metavar="THREAD_ID")
    thread.add_argument("matter")
    thread.add_argument("--by", required=True)
    dig = command("digest", cmd_digest, "print or send the staff digest", [timed])
    mode = dig.add_mutually_exclusive_group()
    mode.add_argument("--print", dest="send", action="store_false", help="print it (default)")
    mode.add_argument("--send", dest="send", action="store_true", help="queue and send it now")
    dig.add_argument("--for", dest="audience", choices=["staff", "slt", "all"], default="staff")
    demo = command(
        "demo", cmd_demo, "read the bundled sample mailbox and print its threads", [as_json]
    )
    demo.add_argument("--dir", help="keep the demo database in this directory")
    purge = command(
        "purge", cmd_purge, "blank message text past the [retention] period now", [timed]
    )
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")
    export = command(
        "export", cmd_export, "write everything held about a parent (JSON + HTML)", [timed]
    )
    export.add_argument("--parent", required=True, metavar="ADDRESS")
    export.add_argument("--out", default=".", metavar="DIR", help="folder for the two files")
    erase = command("erase", cmd_erase, "delete everything held about a parent", [timed])
    erase.add_argument("--parent", required=True, metavar="ADDRESS")
    erase.add_argument("--by", required=True, help="who asked for it (kept in the audit log)")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return parser


# -- commands ----------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    settings = load_settings(args.config)
    configure_logging(settings.logging.level, settings.logging.format)
    return settings


def cmd_once(args: argparse.Namespace) -> int:
    with _start_up():
        from daemon.app import build_app

        app = build_app(_settings(args), args.now)
        cycle = app.cycle()
    try:
        outcome = cycle.run()
    finally:
        gc.unfreeze()
        app.engine.dispose()  # SQLite closed cleanly (WAL checkpointed) before the exit below
    _exit_without_collecting()
    _print_report(outcome.ingest)
    o = outcome.outbox
    print(
        f"response clock: {outcome.clocks.started} started, "
        f"{outcome.clocks.acknowledged} acknowledged; holding replies queued: "
        f"{outcome.holding_queued}; digests queued: {outcome.digests_queued or 0}"
    )
    print(
        f"outbox: sent {o.sent}, retrying {o.retrying}, failed {o.failed}, "
        f"cancelled {o.cancelled}, dry run {o.dry_run}"
        + (f", waiting for an SMTP server {o.waiting}" if o.waiting else "")
    )
    for error in outcome.errors:
        print(f"error: {error}", file=sys.stderr)
    return EXIT_OK if outcome.ok else EXIT_PROBLEM


# A quiet `once` must finish in well under a second, and most of that is start-up: ~75,000
# objects (SQLAlchemy's and pydantic's classes, the table and settings models) that live as
# long as the process. Python's cyclic garbage collector would sweep them over and over while
# they load, during the cycle and once more at exit (~0.18 s in all); these two keep it off them.


@contextmanager
def _start_up() -> Iterator[None]:
    """No collection while the app is built; on success what start-up made is frozen out
    of later collections (the caller unfreezes it when the cycle ends: tests run many)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()  # before the collector is back on: it is long past its threshold by now
    finally:
        if enabled:
            gc.enable()


def _exit_without_collecting() -> None:
    """Skip the collection at exit over everything start-up made: with the database closed,
    nothing among it needs a finaliser run, and the operating system frees it faster."""
    atexit.unregister(gc.freeze)  # registered once, however often main() runs in a process
    atexit.register(gc.freeze)


def cmd_run(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.service import run_forever

    return run_forever(build_app(_settings(args), args.now, moving=True))


def cmd_threads(args: argparse.Namespace) -> int:
    from daemon import views

    settings = _settings(args)
    now = _now(settings, args.now)
    rows = _view(settings, lambda s, tz: views.threads(s, tz, now))
    if args.json:
        _print_json(rows)
    else:
        print(format_threads(rows))
    return EXIT_OK


def cmd_messages(args: argparse.Namespace) -> int:
    from daemon import views

    def line(m: dict[str, Any]) -> str:
        thread = f"#{m['thread_id']}" if m["thread_id"] else "-"
        return (
            f"{m['received_at']}  {m['folder']}:{m['uid']:<6} {m['direction']:8} "
            f"{m['sender_kind']:9} {thread:>5}  {m['subject'][:60]}"
        )

    return _print_rows(args, _view(_settings(args), views.messages), line, "message(s)")


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
    return _print_rows(
        args,
        rows,
        lambda q: (
            f"#{q['id']}  {q['folder']} uid {q['uid']}  received {q['received_at']}  "
            f"stage {q['stage']}  {q['error'][:120]}"
        ),
        "message(s) in quarantine",
    )


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


def cmd_ack(args: argparse.Namespace) -> int:
    from daemon.acks import acknowledge_thread
    from daemon.app import build_app
    from daemon.store.db import session_scope
    from daemon.store.models import Thread

    app = build_app(_settings(args), args.now)
    if not args.by.strip():
        raise ValueError('--by: say who answered, e.g. --by "Mrs Patel"')
    with session_scope(app.engine) as s:
        if s.get(Thread, args.thread_id) is None:
            print(f"steward: no thread {args.thread_id} (see steward threads)", file=sys.stderr)
            return EXIT_PROBLEM
        count = acknowledge_thread(s, args.thread_id, args.by.strip(), app.clock.now())
    print(f"thread {args.thread_id}: {count} waiting email(s) marked acknowledged by {args.by}")
    return EXIT_OK


def cmd_outbox(args: argparse.Namespace) -> int:
    from daemon import views

    def line(o: dict[str, Any]) -> str:
        when = o["sent_at"] or o["next_attempt_at"] or o["created_at"]
        error = f"\n      {o['last_error'][:150]}" if o["last_error"] else ""
        return (
            f"#{o['id']} {o['state']:9} {o['kind']:13} {(when or '')[:16]}  "
            f"to {', '.join(o['to'])}  {o['subject'][:60]}{error}"
        )

    return _print_rows(args, _view(_settings(args), views.outbox), line, "message(s) in the outbox")


def cmd_digest(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.digest import (
        build_slt_digests,
        build_staff_digests,
        queue_slt_digests,
        queue_staff_digests,
    )
    from daemon.outbox import flush, recover_interrupted
    from daemon.store.db import session_scope

    settings = _settings(args)
    app = build_app(settings, args.now)
    now = app.clock.now()
    staff = args.audience in ("staff", "all")
    slt = args.audience in ("slt", "all")
    if not args.send:
        with session_scope(app.engine) as s:
            digests: list[Any] = []
            if staff:
                digests += build_staff_digests(s, settings, app.calendar, app.templates, now)
            if slt:
                digests += build_slt_digests(s, settings, app.calendar, app.templates, now)
        for d in digests:
            print(f"To: {d.member.name} <{d.member.email}>\nSubject: {d.subject}\n")
            print(d.rendered.text)
        if not digests:
            print(
                "No digest today: nothing is overdue, due or flagged "
                "(or no [[staff]] entry of that role has digest = true)."
            )
        return EXIT_OK
    queued = again = 0
    with session_scope(app.engine) as s:
        if staff:
            queued, again = queue_staff_digests(s, settings, app.calendar, app.templates, now)
        if slt:
            more, again_slt = queue_slt_digests(s, settings, app.calendar, app.templates, now)
            queued, again = queued + more, again + again_slt
    recover_interrupted(app.engine, now)
    report = flush(app.engine, app.smtp_factory(), settings.smtp, now)
    print(
        f"digests queued: {queued} (already queued today: {again}); "
        f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}"
    )
    return EXIT_OK if not report.failed else EXIT_PROBLEM


def cmd_flags(args: argparse.Namespace) -> int:
    from daemon import views

    def line(f: dict[str, Any]) -> str:
        state = " (dismissed)" if f["dismissed"] else ""
        return (
            f"#{f['id']} {f['kind']:12} {f['created_at'][:16]} thread {f['thread_id']} "
            f"{f['parent']}{state}\n      {f['explanation']}"
        )

    return _print_rows(args, _view(_settings(args), views.flags), line, "flag(s)")


def cmd_cases(args: argparse.Namespace) -> int:
    from daemon import views

    def line(c: dict[str, Any]) -> str:
        outcome = f" → {c['outcome']}" if c["outcome"] else ""
        return (
            f"#{c['id']} [{c['status']}{outcome}] severity {c['severity']:g}  "
            f"{c['parent_name'] or ''} <{c['parent']}>  opened {c['opened_at'][:10]}\n"
            f"      {c['reason']}"
        )

    return _print_rows(args, _view(_settings(args), views.cases), line, "case(s)")


def cmd_case(args: argparse.Namespace) -> int:
    from datetime import date

    from daemon.app import build_app
    from daemon.cases import CaseError, case_file, decide
    from daemon.store.db import session_scope

    settings = _settings(args)
    app = build_app(settings, args.now)
    try:
        if args.action == "show":
            with session_scope(app.engine) as s:
                data = case_file(s, args.case_id, settings.school.tz)
            if args.json:
                _print_json(data)
            else:
                print(format_case(data))
            return EXIT_OK
        review_on = None
        if args.review_on:
            try:
                review_on = date.fromisoformat(args.review_on)
            except ValueError:
                raise CaseError(
                    f"--review-on: expected a date like 2027-02-01, got {args.review_on!r}"
                ) from None
        if not args.outcome:
            raise CaseError("--outcome: dismissed, stage1, stage2 or stage3")
        with session_scope(app.engine) as s:
            decision = decide(
                s,
                args.case_id,
                outcome=args.outcome,
                by=args.by or "",
                note=args.note or "",
                now=app.clock.now(),
                supervisor=args.supervisor,
                review_on=review_on,
            )
        print(f"case {args.case_id}: {decision.outcome} recorded, by {decision.decided_by}")
        return EXIT_OK
    except CaseError as exc:
        print(f"steward: {exc}", file=sys.stderr)
        return EXIT_PROBLEM


def cmd_parent(args: argparse.Namespace) -> int:
    from sqlmodel import select

    from daemon.app import build_app
    from daemon.pipeline.addresses import normalise_address
    from daemon.store.db import session_scope
    from daemon.store.models import AuditEvent, ParentAddress, ParentAdjustment

    app = build_app(_settings(args), args.now)
    address = normalise_address(args.address)
    now = app.clock.now()
    with session_scope(app.engine) as s:
        row = s.get(ParentAddress, address)
        if row is None:
            print("steward: no parent with that address has written yet", file=sys.stderr)
            return EXIT_PROBLEM
        for kind in dict.fromkeys(args.off):
            exists = s.exec(
                select(ParentAdjustment).where(
                    ParentAdjustment.parent_id == row.parent_id, ParentAdjustment.kind == kind
                )
            ).first()
            if exists is None:
                s.add(
                    ParentAdjustment(
                        parent_id=row.parent_id,
                        kind=kind,
                        note=args.note,
                        made_by=args.by,
                        made_at=now,
                    )
                )
        s.add(
            AuditEvent(
                at=now,
                actor=args.by,
                action="parent.adjusted",
                parent_id=row.parent_id,
                detail={"off": args.off, "note": args.note},
            )
        )
    print(f"{', '.join(args.off)} switched off for this parent, by {args.by}")
    return EXIT_OK


def cmd_thread(args: argparse.Namespace) -> int:
    from classifiers.matter import MATTERS
    from daemon.app import build_app
    from daemon.store.db import session_scope
    from daemon.store.models import AuditEvent, MatterCorrection, Message, Thread

    if args.matter not in MATTERS:
        raise ValueError(f"matter: expected one of {', '.join(MATTERS)}, got {args.matter!r}")
    app = build_app(_settings(args), args.now)
    now = app.clock.now()
    with session_scope(app.engine) as s:
        thread = s.get(Thread, args.thread_id)
        if thread is None:
            print(f"steward: no thread {args.thread_id}", file=sys.stderr)
            return EXIT_PROBLEM
        previous = thread.matter
        thread.matter = args.matter
        from sqlmodel import update

        s.exec(
            update(Message).where(Message.thread_id == args.thread_id).values(matter=args.matter)
        )
        s.add(
            MatterCorrection(
                thread_id=args.thread_id,
                matter=args.matter,
                previous=previous,
                made_by=args.by,
                made_at=now,
            )
        )
        s.add(
            AuditEvent(
                at=now,
                actor=args.by,
                action="thread.matter_set",
                thread_id=args.thread_id,
                detail={"from": previous, "to": args.matter},
            )
        )
    print(f"thread {args.thread_id}: {previous} → {args.matter} (the model learns this tonight)")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from daemon.doctor import run_checks

    configure_logging("warning")
    checks = []
    for check in run_checks(args.config, args.now):
        checks.append(check)
        if not args.json:
            print(check.line(), flush=True)
    failed = any(c.failed for c in checks)
    if args.json:
        _print_json({"ok": not failed, "checks": [c.as_dict() for c in checks]})
    return EXIT_PROBLEM if failed else EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from daemon.status import StatusError, format_status, read_status

    settings = _settings(args)
    try:
        report = read_status(settings, _now(settings, args.now))
    except StatusError as exc:
        print(f"steward: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    if args.json:
        _print_json(report)
    else:
        print(format_status(report))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from daemon import views
    from daemon.demo import DEMO_NOW, run_demo

    configure_logging("warning")
    settings, report = run_demo(args.dir)
    now = _now(settings, DEMO_NOW)
    rows = _view(settings, lambda s, tz: views.threads(s, tz, now))
    if args.json:
        _print_json(rows)
        return EXIT_OK
    print(
        f"Office Steward demo: {report.total('stored')} messages from the bundled sample "
        f"mailbox of {settings.school.name}, {len(rows)} threads.\n"
    )
    print(format_threads(rows))
    flag_rows = _view(settings, views.flags)
    if flag_rows:
        print(f"\nFlags ({len(flag_rows)}), each advisory, with its evidence in `flags --json`:")
        for f in flag_rows:
            print(f"  [{f['kind']}] thread {f['thread_id']}: {f['explanation'][:110]}")
    case_rows = _view(settings, views.cases)
    for c in case_rows:
        print(f"\nCase {c['id']} for SLT: {c['parent']}: {c['reason']}")
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.retention import purge_expired
    from daemon.store.db import session_scope

    settings = _settings(args)
    app = build_app(settings, args.now)
    with session_scope(app.engine) as s:
        report = purge_expired(s, settings.retention.days, app.clock.now(), dry_run=args.dry_run)
    verb = "would blank" if args.dry_run else "blanked"
    print(
        f"retention {settings.retention.days} days: {verb} the text of {report.messages} "
        f"message(s) in {report.threads} closed thread(s), the evidence of {report.flags} "
        f"flag(s), {report.outbox} sent message(s) and {report.quarantine} quarantined one(s)"
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from daemon.app import build_app
    from daemon.export import export_parent, find_parent
    from daemon.store.db import session_scope

    settings = _settings(args)
    app = build_app(settings, args.now)
    with session_scope(app.engine) as s:
        parent = find_parent(s, args.parent)
        if parent is None:
            print("steward: nothing is held about that address", file=sys.stderr)
            return EXIT_PROBLEM
        paths = export_parent(
            s,
            parent,
            Path(args.out),
            now=app.clock.now(),
            tz=settings.school.tz,
            templates=app.templates,
        )
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_erase(args: argparse.Namespace) -> int:
    from daemon.app import build_app
    from daemon.erase import SERVER_NOTE, erase_parent, safeguarding_flags
    from daemon.export import find_parent, gather
    from daemon.store.db import session_scope

    if not args.by.strip():
        raise ValueError('--by: say who asked for the erasure, e.g. --by "Mrs Patel (DPO)"')
    app = build_app(_settings(args), args.now)
    with session_scope(app.engine) as s:
        parent = find_parent(s, args.parent)
        if parent is None:
            print("steward: nothing is held about that address", file=sys.stderr)
            return EXIT_PROBLEM
        records = gather(s, parent)
        held = ", ".join(f"{n} {k}" for k, n in records.counts().items() if n)
        if not args.yes:
            print(f"Held about {args.parent}: {held}.")
            if safeguarding_flags(records):
                print(
                    f"Note: {safeguarding_flags(records)} safeguarding flag(s); check the "
                    "school's safeguarding records policy before erasing."
                )
            if not sys.stdin.isatty():
                print("steward: not erased: add --yes to confirm", file=sys.stderr)
                return EXIT_PROBLEM
            if input("Type ERASE to delete all of it: ").strip() != "ERASE":
                print("Not erased.")
                return EXIT_PROBLEM
        erase_parent(s, records, by=args.by.strip(), now=app.clock.now())
    print(f"Erased: {held}. Recorded in the audit log (without the address).")
    print(SERVER_NOTE)
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
        if t.get("overdue"):
            lines.append(f"    OVERDUE: acknowledgement was due {t['ack_due'][:16]}")
        elif t.get("acknowledged_at"):
            lines.append(f"    acknowledged {t['acknowledged_at'][:16]} by {t['acknowledged_by']}")
        elif t.get("ack_due"):
            lines.append(f"    waiting: acknowledgement due {t['ack_due'][:16]}")
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


def format_case(c: dict[str, Any]) -> str:
    lines = [
        f"Case {c['id']}: {c['parent_name'] or ''} <{c['parent']}>  [{c['status']}"
        + (f" → {c['outcome']}" if c["outcome"] else "")
        + "]",
        f"Opened {c['opened_at'][:16]}; severity {c['severity']:g}",
        f"Why: {c['reason']}",
        "",
        "Emails per week (from the parent):",
    ]
    top = max(c["per_week"].values(), default=0)
    for week, n in c["per_week"].items():
        lines.append(f"  w/c {week}  {'#' * n}{' ' * (top - n)}  {n}")
    lines += ["", "Flags:"]
    for f in c["flags"]:
        lines.append(f"  [{f['kind']}] {f['created_at'][:16]} {f['explanation']}")
    lines += ["", "Timeline:"]
    for t in c["timeline"]:
        arrow = "→" if t["direction"] == "outbound" else "←"
        marks = ", ".join(f["kind"] for f in t["flags"])
        lines.append(
            f"  {arrow} {t['at'][:16]} {t['sender_kind']:9} {t['subject'][:60]}"
            + (f"  [{marks}]" if marks else "")
        )
    if c["decisions"]:
        lines += ["", "Decisions:"]
        for d in c["decisions"]:
            extra = (
                f"; supervisor {d['supervisor']}, review {d['review_on']}"
                if d["supervisor"]
                else ""
            )
            lines.append(f"  {d['at'][:16]} {d['outcome']} by {d['by']}: {d['note']}{extra}")
    return "\n".join(lines)


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

    from daemon.store.db import make_engine, migrate, reader

    engine = make_engine(settings.database.url)
    migrate(engine)
    with Session(reader(engine)) as s:
        return func(s, settings.school.tz)


def _now(settings: Settings, value: str | None) -> Any:
    from datetime import datetime

    from daemon.clock import parse_now

    return parse_now(value, settings.school.tz) if value else datetime.now(settings.school.tz)


def _print_rows(
    args: argparse.Namespace,
    rows: list[dict[str, Any]],
    line: Callable[[dict[str, Any]], str],
    total: str,
) -> int:
    """``--json``: the rows as they are; otherwise one entry each and a count."""
    if args.json:
        _print_json(rows)
    else:
        for row in rows:
            print(line(row))
        print(f"{len(rows)} {total}")
    return EXIT_OK


def _print_json(rows: Any) -> None:
    json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _no_source() -> Any:
    raise RuntimeError("quarantine retry reads stored bytes, not the mailbox")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
