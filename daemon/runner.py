"""The ingest loop: folders, batches, per-message isolation, quarantine, checkpoints.

The loop owns failure; stages do not. Each message runs in a SAVEPOINT: an exception rolls
back that message only and its raw bytes go to quarantine with the failing stage. A batch
and its folder checkpoint commit in one transaction, so the checkpoint can never run ahead of
what is stored. A lost connection means reconnect with backoff and carry on from the
checkpoint; the stop flag is checked between messages.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from daemon.clock import Clock
from daemon.config import Settings
from daemon.log import get_logger
from daemon.mailbox.base import FetchedMessage, FolderNotFound, MailSource, MailSourceError
from daemon.pipeline.parents import ParentDirectory
from daemon.pipeline.sender import SchoolIdentity
from daemon.pipeline.stages import Ingest, Work, run_stages
from daemon.pipeline.threads import Threader
from daemon.store.db import session_scope
from daemon.store.models import CycleRun, FolderState, MessageLocation, Quarantine, Thread

SourceFactory = Callable[[], MailSource]


@dataclass
class FolderReport:
    folder: str
    role: str
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    deferred: int = 0
    uidvalidity_reset: bool = False


@dataclass
class CycleReport:
    started_at: datetime
    finished_at: datetime | None = None
    folders: list[FolderReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    closed_threads: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.folders)


class Stopped(Exception):
    """The stop flag was set; the current batch is committed, the cycle ends."""


class Runner:
    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        source_factory: SourceFactory,
        clock: Clock,
        stop: threading.Event | None = None,
        after_batch: Callable[[str, int], None] | None = None,
        connect_attempts: int = 4,
        backoff_seconds: float = 1.0,
        folders: Sequence[tuple[str, str]] | None = None,
    ) -> None:
        self.settings = settings
        self.engine = engine
        self._source_factory = source_factory
        self.clock = clock
        self.stop = stop or threading.Event()
        self._after_batch = after_batch  # a seam for tests that break things mid-run
        self._attempts = connect_attempts
        self._backoff = backoff_seconds
        self._source: MailSource | None = None
        self._folders = list(folders) if folders is not None else None
        self.school = SchoolIdentity(
            addresses=settings.mailbox.own_addresses(),
            staff_domains=settings.staff_domains(),
        )

    # -- the cycle ---------------------------------------------------------------------

    def run_cycle(self) -> CycleReport:
        now = self.clock.now()
        report = CycleReport(started_at=now)
        log = get_logger(cycle_at=now.isoformat())
        with session_scope(self.engine) as s:
            run = CycleRun(started_at=now)
            s.add(run)
        try:
            for folder, role in self._plan():
                self._ingest_folder_with_retries(folder, role, now, report)
            report.closed_threads = self._close_idle_threads(now)
        except Stopped:
            report.errors.append("stopped before the cycle finished")
        except MailSourceError as exc:
            report.errors.append(str(exc))
        except SQLAlchemyError as exc:
            get_logger().error("database.error", error_type=type(exc).__name__)
            report.errors.append(f"database error: {type(exc).__name__}: {_first_line(exc)}")
        finally:
            self._disconnect()
        report.finished_at = self.clock.now()
        with session_scope(self.engine) as s:
            s.exec(
                update(CycleRun)
                .where(col(CycleRun.id) == run.id)
                .values(
                    finished_at=report.finished_at,
                    ok=report.ok,
                    fetched=report.total("fetched"),
                    stored=report.total("stored"),
                    duplicates=report.total("duplicates"),
                    quarantined=report.total("quarantined"),
                    error="; ".join(report.errors)[:2000],
                )
            )
        log.info(
            "cycle.done",
            ok=report.ok,
            fetched=report.total("fetched"),
            stored=report.total("stored"),
            duplicates=report.total("duplicates"),
            quarantined=report.total("quarantined"),
            deferred=report.total("deferred"),
            closed_threads=report.closed_threads,
            errors=len(report.errors),
        )
        return report

    def _plan(self) -> list[tuple[str, str]]:
        if self._folders is not None:
            return self._folders
        source = self._connected()
        folders = [(f, "inbox") for f in self.settings.mailbox.folders]
        if self.settings.mailbox.read_sent:
            sent = source.sent_folder()
            if sent is None:
                get_logger().warning("folder.sent_not_found")
            elif sent not in self.settings.mailbox.folders:
                folders.append((sent, "sent"))
            else:
                folders = [(f, "sent" if f == sent else r) for f, r in folders]
        return folders

    def _ingest_folder_with_retries(
        self, folder: str, role: str, now: datetime, report: CycleReport
    ) -> None:
        folder_report = FolderReport(folder=folder, role=role)
        report.folders.append(folder_report)
        for attempt in range(1, self._attempts + 1):
            try:
                self._ingest_folder(folder, role, now, folder_report)
                return
            except FolderNotFound as exc:
                get_logger(folder=folder).error("folder.not_found")
                report.errors.append(str(exc))
                return
            except MailSourceError as exc:
                self._disconnect()
                get_logger(folder=folder).warning(
                    "folder.connection_lost", attempt=attempt, error=_first_line(exc)
                )
                if attempt == self._attempts:
                    report.errors.append(f"{folder}: {exc}")
                    return
                self._sleep(attempt)

    def _ingest_folder(self, folder: str, role: str, now: datetime, out: FolderReport) -> None:
        source = self._connected()
        status = source.status(folder)
        state = self._folder_state(folder, role, status.uidvalidity, now, out)
        if status.uidnext is not None and status.uidnext <= state.last_uid + 1:
            return  # nothing new: no FETCH at all
        pending = source.new_messages(folder, state.last_uid)
        for chunk in _chunks(
            pending, self.settings.ingest.batch_size, self.settings.ingest.batch_bytes
        ):
            if self.stop.is_set():
                raise Stopped()
            fetched = list(source.fetch(folder, [uid for uid, _size in chunk]))
            checkpoint = self._store_batch(
                folder, role, status.uidvalidity, chunk, fetched, now, out
            )
            if self._after_batch is not None:
                self._after_batch(folder, checkpoint)

    def _folder_state(
        self, folder: str, role: str, uidvalidity: int, now: datetime, out: FolderReport
    ) -> FolderState:
        with session_scope(self.engine) as s:
            state = s.get(FolderState, folder)
            if state is None:
                state = FolderState(
                    folder=folder,
                    uidvalidity=uidvalidity,
                    last_uid=0,
                    role=role,
                    first_cycle_at=now,
                )
                s.add(state)
            elif state.uidvalidity != uidvalidity:
                # Every UID the server gave before is void. Read the folder again from the
                # start; stored messages are recognised by content, so nothing doubles.
                get_logger(folder=folder).warning(
                    "folder.uidvalidity_changed", old=state.uidvalidity, new=uidvalidity
                )
                s.exec(delete(MessageLocation).where(col(MessageLocation.folder) == folder))
                state.uidvalidity = uidvalidity
                state.last_uid = 0
                out.uidvalidity_reset = True
            state.role = role
            return FolderState.model_validate(state.model_dump())

    # -- one batch -----------------------------------------------------------------------

    def _store_batch(
        self,
        folder: str,
        role: str,
        uidvalidity: int,
        chunk: Sequence[tuple[int, int]],
        fetched: Sequence[FetchedMessage],
        now: datetime,
        out: FolderReport,
    ) -> int:
        started = time.monotonic()
        by_uid = {m.uid: m for m in fetched}
        requested = [uid for uid, _size in chunk]
        # The checkpoint may only pass UIDs that are done. A UID the server did not return
        # (expunged, or a glitch) stops it; the next cycle asks again and, if the message
        # is really gone, the listing no longer names it.
        checkpoint: int | None = None
        stats = FolderReport(folder=folder, role=role)
        with session_scope(self.engine) as s:
            ctx = self._context(s, now)
            for uid in requested:
                message = by_uid.get(uid)
                if message is None or self._deferred(message, now):
                    stats.deferred += message is not None
                    if checkpoint is None:
                        checkpoint = uid - 1
                    continue
                stats.fetched += 1
                outcome = self._process_one(ctx, message, uidvalidity, role)
                if outcome == "quarantined":
                    stats.quarantined += 1
                elif outcome == "duplicate":
                    stats.duplicates += 1
                else:
                    stats.stored += 1
            new_last = requested[-1] if checkpoint is None else checkpoint
            state = s.get(FolderState, folder)
            assert state is not None
            if new_last > state.last_uid:
                state.last_uid = new_last
            state.last_cycle_at = now
        for name in ("fetched", "stored", "duplicates", "quarantined", "deferred"):
            setattr(out, name, getattr(out, name) + getattr(stats, name))
        get_logger(folder=folder).info(
            "ingest.batch",
            fetched=stats.fetched,
            stored=stats.stored,
            duplicates=stats.duplicates,
            quarantined=stats.quarantined,
            deferred=stats.deferred,
            checkpoint=new_last,
            duration_ms=round((time.monotonic() - started) * 1000),
        )
        return new_last

    def _context(self, s: Session, now: datetime) -> Ingest:
        threader = Threader(s, self.settings.threading)
        threader.refresh_background()
        return Ingest(
            session=s,
            school=self.school,
            parents=ParentDirectory(s, self.settings.parents.aliases),
            threader=threader,
            now=now,
        )

    def _deferred(self, message: FetchedMessage, now: datetime) -> bool:
        # Replaying a moment (--now): mail that had not arrived yet is left for later.
        return self.clock.fixed and message.internaldate is not None and message.internaldate > now

    def _process_one(
        self, ctx: Ingest, fetched: FetchedMessage, uidvalidity: int, role: str
    ) -> str:
        if fetched.internaldate is None:
            fetched = _with_date(fetched, ctx.now)
        work = Work(fetched=fetched, uidvalidity=uidvalidity, role=role)
        return process(ctx, work)

    # -- housekeeping ----------------------------------------------------------------------

    def _close_idle_threads(self, now: datetime) -> int:
        cutoff = now - timedelta(days=self.settings.threading.close_after_days)
        with session_scope(self.engine) as s:
            result = s.exec(
                update(Thread)
                .where(col(Thread.status) == "open", col(Thread.last_activity_at) < cutoff)
                .values(status="closed")
            )
            return int(result.rowcount or 0)

    def _connected(self) -> MailSource:
        if self._source is None:
            last: MailSourceError | None = None
            for attempt in range(1, self._attempts + 1):
                if self.stop.is_set():
                    raise Stopped()
                try:
                    self._source = self._source_factory()
                    break
                except MailSourceError as exc:
                    last = exc
                    get_logger().warning(
                        "mailbox.connect_failed", attempt=attempt, error=_first_line(exc)
                    )
                    if attempt < self._attempts:
                        self._sleep(attempt)
            if self._source is None:
                assert last is not None
                raise last
        return self._source

    def _disconnect(self) -> None:
        if self._source is not None:
            self._source.close()
            self._source = None

    def _sleep(self, attempt: int) -> None:
        # Exponential backoff with jitter; a stop request cuts the wait short.
        delay = self._backoff * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if self.stop.wait(min(delay, 300.0)):
            raise Stopped()


def process(ctx: Ingest, work: Work) -> str:
    """Run the stages for one message inside a savepoint; quarantine it on any error."""
    stage = "parse"

    def on_stage(name: str) -> None:
        nonlocal stage
        stage = name

    try:
        with ctx.session.begin_nested():
            run_stages(ctx, work, on_stage)
    except Exception as exc:  # noqa: BLE001 - isolation: one bad message never stops ingest
        quarantine(ctx.session, work.fetched, work.uidvalidity, stage, exc, ctx.now)
        return "quarantined"
    return work.outcome or "stored"


def quarantine(
    s: Session,
    fetched: FetchedMessage,
    uidvalidity: int,
    stage: str,
    exc: BaseException,
    now: datetime,
) -> Quarantine:
    digest = hashlib.sha256(fetched.raw).hexdigest()
    error = f"{type(exc).__name__}: {exc}"[:2000]
    row = (
        s.exec(
            select(Quarantine).where(
                Quarantine.folder == fetched.folder,
                Quarantine.uidvalidity == uidvalidity,
                Quarantine.uid == fetched.uid,
            )
        ).first()
        or s.exec(
            select(Quarantine).where(
                Quarantine.raw_sha256 == digest, col(Quarantine.resolved_at).is_(None)
            )
        ).first()
    )
    if row is None:
        row = Quarantine(
            folder=fetched.folder,
            uidvalidity=uidvalidity,
            uid=fetched.uid,
            received_at=fetched.internaldate,
            stage=stage,
            error=error,
            raw=fetched.raw,
            raw_sha256=digest,
            server_flags=list(fetched.flags),
            attempts=1,
            quarantined_at=now,
            last_attempt_at=now,
        )
        s.add(row)
    else:
        row.stage, row.error, row.last_attempt_at = stage, error, now
        row.attempts += 1
    s.flush()
    get_logger(folder=fetched.folder, uid=fetched.uid).warning(
        "message.quarantined",
        stage=stage,
        error_type=type(exc).__name__,
        raw_sha256=digest[:12],
        quarantine_id=row.id,
    )
    return row


def _chunks(
    pending: Sequence[tuple[int, int]], max_count: int, max_bytes: int
) -> Iterator[list[tuple[int, int]]]:
    chunk: list[tuple[int, int]] = []
    size = 0
    for uid, nbytes in pending:
        if chunk and (len(chunk) >= max_count or size + nbytes > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append((uid, nbytes))
        size += nbytes
    if chunk:
        yield chunk


def _with_date(fetched: FetchedMessage, now: datetime) -> FetchedMessage:
    return FetchedMessage(
        folder=fetched.folder,
        uid=fetched.uid,
        raw=fetched.raw,
        internaldate=now,
        flags=fetched.flags,
        size=fetched.size,
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def retry_quarantine(runner: Runner) -> tuple[int, int]:
    """Run every unresolved quarantined message through the pipeline again.

    After an upgrade fixes what broke them, they become ordinary stored messages; those that
    still fail stay in quarantine with the new error. Returns (resolved, still failing).
    """
    now = runner.clock.now()
    resolved = failing = 0
    with session_scope(runner.engine) as s:
        rows = s.exec(select(Quarantine).where(col(Quarantine.resolved_at).is_(None))).all()
        if not rows:
            return 0, 0
        ctx = runner._context(s, now)
        for row in rows:
            fetched = FetchedMessage(
                folder=row.folder,
                uid=row.uid,
                raw=row.raw,
                internaldate=row.received_at or now,
                flags=tuple(row.server_flags),
                size=len(row.raw),
            )
            role = s.get(FolderState, row.folder)
            work = Work(
                fetched=fetched, uidvalidity=row.uidvalidity, role=role.role if role else "inbox"
            )
            if process(ctx, work) == "quarantined":
                failing += 1
                continue
            row.resolved_at = now
            row.resolved_message_pk = work.message.id if work.message else None
            resolved += 1
    get_logger().info("quarantine.retry", resolved=resolved, still_failing=failing)
    return resolved, failing
