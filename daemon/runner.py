"""The ingest loop: folders, batches, per-message isolation, quarantine, checkpoints.

The loop owns failure; stages do not. Each message runs in a SAVEPOINT: an exception rolls
back that message only and its raw bytes go to quarantine with the failing stage. A batch
and its folder checkpoint commit in one transaction, so the checkpoint can never run ahead of
what is stored. A lost connection means reconnect with backoff and carry on from the
checkpoint; the stop flag is checked between messages (the batch in hand then commits with
its checkpoint at the last message done).

For a first run over a year of mail the work overlaps, without changing what is stored or in
what order: one thread fetches the next batch (BODY.PEEK[], as ever) while this one stores the
current one, and a large backlog is parsed ahead in a worker process. Storing, and with it
every database write, stays here, one message at a time in UID order.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from daemon.clock import Clock
from daemon.config import Settings
from daemon.log import get_logger
from daemon.mailbox.base import (
    FetchedMessage,
    FolderNotFound,
    FolderStatus,
    MailSource,
    MailSourceError,
)
from daemon.store.db import session_scope
from daemon.store.models import CycleRun, FolderState, MessageLocation, Quarantine, Thread

if TYPE_CHECKING:
    from daemon.pipeline.sender import SchoolIdentity
    from daemon.pipeline.stages import Ingest, Work

# The pipeline (the MIME parser, the threader and what they import) is loaded when there is
# mail to store, not on every quiet cycle: see _pipeline().

SourceFactory = Callable[[], MailSource]

# A backlog at least this large is parsed by a worker process (a first run, a long outage).
_WORKER_MIN_MESSAGES = 1000


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
        parse_worker: bool | None = None,
        heartbeat: Callable[[], None] | None = None,
        report_outages: bool = True,
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
        # A process parsing ahead of the store: None decides by the size of the backlog.
        self._parse_worker = parse_worker
        self._worker: _ParseWorker | None = None
        # A sign of progress (the service's watchdog): after each committed batch and each
        # folder here, after each phase in the Cycle.
        self._heartbeat = heartbeat
        self._report_outages = report_outages
        _cache_matter_model(settings)

    @cached_property
    def school(self) -> SchoolIdentity:
        from daemon.pipeline.sender import SchoolIdentity

        return SchoolIdentity(
            addresses=self.settings.mailbox.own_addresses(),
            staff_domains=self.settings.staff_domains(),
        )

    # -- the cycle ---------------------------------------------------------------------

    def run_cycle(self, *, keep_connection: bool = False) -> CycleReport:
        """Ingest every folder. With ``keep_connection`` the mail server connection stays open
        afterwards for the caller (the Cycle reads flags on it), who then calls
        :meth:`close_connection`."""
        now = self.clock.now()
        report = CycleReport(started_at=now)
        log = get_logger(cycle_at=now.isoformat())
        with session_scope(self.engine) as s:
            run = CycleRun(started_at=now)
            s.add(run)
        try:
            for folder, role in self._plan():
                self._ingest_folder_with_retries(folder, role, now, report)
                self.beat()
            report.closed_threads = self._close_idle_threads(now)
        except Stopped:
            report.errors.append("stopped before the cycle finished")
        except MailSourceError as exc:
            report.errors.append(str(exc))
        except SQLAlchemyError as exc:
            get_logger().error("database.error", error_type=type(exc).__name__)
            report.errors.append(f"database error: {type(exc).__name__}: {_first_line(exc)}")
        finally:
            if not keep_connection or self.stop.is_set():
                self._disconnect()
            self._close_worker()
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
                self._log_failure(
                    "folder.connection_lost", folder=folder, attempt=attempt, error=_first_line(exc)
                )
                if attempt == self._attempts:
                    report.errors.append(f"{folder}: {exc}")
                    return
                self._sleep(attempt)

    def _ingest_folder(self, folder: str, role: str, now: datetime, out: FolderReport) -> None:
        source = self._connected()
        status = source.status(folder)
        state = self._folder_state(folder, role, status, now, out)
        if status.uidnext is not None and status.uidnext <= state.last_uid + 1:
            return  # nothing new: no FETCH at all
        pending = source.new_messages(folder, state.last_uid)
        chunks = list(
            _chunks(pending, self.settings.ingest.batch_size, self.settings.ingest.batch_bytes)
        )
        worker = self._worker_for(len(pending))
        with _Prefetch(source, folder, chunks, worker) as batches:
            for chunk, fetched, parsed in batches:
                if self.stop.is_set():
                    raise Stopped()
                checkpoint, stopped = self._store_batch(
                    folder, role, status.uidvalidity, chunk, fetched, parsed(), now, out
                )
                self.beat()
                if self._after_batch is not None:
                    self._after_batch(folder, checkpoint)
                if stopped:
                    raise Stopped()

    def _worker_for(self, pending: int) -> _ParseWorker | None:
        """A worker process to parse a large backlog ahead of the store, else None.

        Parsing is pure and CPU-bound, and storing holds the GIL, so on a first run over a
        year of mail another process parses while this one stores; parsing takes about half
        as long as storing, so one keeps ahead. A handful of new messages is parsed here:
        starting a worker would cost more than it saves.
        """
        if self._worker is not None and self._worker.alive:  # started for an earlier folder
            return self._worker
        wanted = self._parse_worker
        if wanted is None:
            wanted = pending >= _WORKER_MIN_MESSAGES and _cpus() > 1
        if not wanted:
            return None
        try:
            self._worker = _ParseWorker()
        except OSError as exc:
            get_logger().warning("ingest.parse_worker_unavailable", error=_first_line(exc))
            return None
        return self._worker

    def _folder_state(
        self, folder: str, role: str, status: FolderStatus, now: datetime, out: FolderReport
    ) -> FolderState:
        uidvalidity = status.uidvalidity
        with session_scope(self.engine) as s:
            state = s.get(FolderState, folder)
            if state is None:
                state = FolderState(
                    folder=folder,
                    uidvalidity=uidvalidity,
                    last_uid=0,
                    role=role,
                    first_cycle_at=now,
                    first_uidnext=status.uidnext,
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
                # Re-read from the start: what is there now is old mail (and mostly stored).
                state.first_uidnext = status.uidnext
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
        parsed: Sequence[Any] | None,
        now: datetime,
        out: FolderReport,
    ) -> tuple[int, bool]:
        """Store one fetched batch and move the checkpoint; return it and whether we stopped."""
        started = time.monotonic()
        by_uid = {m.uid: m for m in fetched}
        if parsed is not None and len(parsed) != len(fetched):
            parsed = None  # not what was asked for: parse here instead
        parsed_by_uid = (
            {m.uid: p for m, p in zip(fetched, parsed, strict=True)} if parsed is not None else {}
        )
        # The checkpoint may only pass UIDs that are done. A UID the server did not return
        # (expunged, or a glitch) stops it; the next cycle asks again and, if the message
        # is really gone, the listing no longer names it.
        checkpoint: int | None = None
        stats = FolderReport(folder=folder, role=role)
        parse_ahead, stages = _pipeline()
        plan: list[tuple[int, Work | None]] = []
        for uid, _size in chunk:
            message = by_uid.get(uid)
            if message is None or self._deferred(message, now):
                stats.deferred += message is not None
                plan.append((uid, None))
                continue
            if message.internaldate is None:
                message = _with_date(message, now)
            work = stages.Work(fetched=message, uidvalidity=uidvalidity, role=role)
            work.parsed = parsed_by_uid.get(uid)
            plan.append((uid, work))
        works = [w for _uid, w in plan if w is not None]
        if parsed is None:
            ahead = parse_ahead([w.fetched.raw for w in works])
            for work, result in zip(works, ahead, strict=True):
                work.parsed = result
        stopped = False
        with session_scope(self.engine) as s:
            ctx = self._context(s, now)
            stages.prepare_batch(ctx, works)
            for uid, work in plan:
                if work is not None and self.stop.is_set():
                    # Finish with the messages done so far; the rest are read next time.
                    stopped = True
                    if checkpoint is None:
                        checkpoint = uid - 1
                    break
                if work is None:
                    if checkpoint is None:
                        checkpoint = uid - 1
                    continue
                stats.fetched += 1
                outcome = process(ctx, work)
                work.parsed = None  # the text is stored; let it go
                if outcome == "quarantined":
                    stats.quarantined += 1
                elif outcome == "duplicate":
                    stats.duplicates += 1
                else:
                    stats.stored += 1
            new_last = chunk[-1][0] if checkpoint is None else checkpoint
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
        return new_last, stopped

    def _context(self, s: Session, now: datetime) -> Ingest:
        from daemon.pipeline.parents import ParentDirectory
        from daemon.pipeline.stages import Ingest, StoredKeys
        from daemon.pipeline.threads import Threader

        stored = StoredKeys()
        threader = Threader(s, self.settings.threading, maybe_stored=stored.maybe_stored)
        threader.refresh_background()
        return Ingest(
            session=s,
            school=self.school,
            parents=ParentDirectory(s, self.settings.parents.aliases),
            threader=threader,
            now=now,
            stored=stored,
        )

    def _deferred(self, message: FetchedMessage, now: datetime) -> bool:
        # Replaying a moment (--now): mail that had not arrived yet is left for later.
        return self.clock.fixed and message.internaldate is not None and message.internaldate > now

    # -- for the Cycle ---------------------------------------------------------------------

    def beat(self) -> None:
        """Tell the heartbeat (if any) that work is moving; its failure never stops work."""
        if self._heartbeat is None:
            return
        try:
            self._heartbeat()
        except Exception as exc:  # noqa: BLE001 - a broken watchdog must not stop ingest
            get_logger().warning("heartbeat.failed", error_type=type(exc).__name__)

    @property
    def connection(self) -> MailSource | None:
        """The connection kept open by ``run_cycle(keep_connection=True)``, if any."""
        return self._source

    def close_connection(self) -> None:
        self._disconnect()

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
                    self._log_failure(
                        "mailbox.connect_failed", attempt=attempt, error=_first_line(exc)
                    )
                    if attempt < self._attempts:
                        self._sleep(attempt)
            if self._source is None:
                assert last is not None
                raise last
        return self._source

    def _log_failure(self, event: str, **fields: Any) -> None:
        """A failed connection: a warning, unless the caller logs outages itself (``steward
        run`` says once when the server goes and once when it is back)."""
        log = get_logger()
        (log.warning if self._report_outages else log.debug)(event, **fields)

    def _close_worker(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

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
    from daemon.pipeline.stages import run_stages

    stage = "parse"

    def on_stage(name: str) -> None:
        nonlocal stage
        stage = name

    try:
        with ctx.session.begin_nested():
            run_stages(ctx, work, on_stage)
    except Exception as exc:  # noqa: BLE001 - isolation: one bad message never stops ingest
        ctx.rolled_back()
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


class _Prefetch:
    """Fetch the next batch (and hand it to the parse worker) while this one is stored.

    One thread does all the talking to the server between ``__enter__`` and ``__exit__``,
    one batch ahead; nothing else uses the connection meanwhile, and ``__exit__`` waits for
    a fetch in flight, so the connection is never shared. A server error surfaces when its
    batch is taken, as it would have from a plain fetch. Each item is ``(chunk, fetched,
    parsed)``; ``parsed()`` gives the batch parsed ahead, or None to parse it here (no
    worker, or it failed).
    """

    def __init__(
        self,
        source: MailSource,
        folder: str,
        chunks: Sequence[list[tuple[int, int]]],
        worker: _ParseWorker | None,
    ) -> None:
        self._source = source
        self._folder = folder
        self._chunks = chunks
        self._worker = worker
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-fetch")
        self._pending: Future[Any] | None = None

    def __enter__(self) -> Iterator[tuple[list[tuple[int, int]], list[FetchedMessage], Any]]:
        return self._batches()

    def __exit__(self, *_exc: object) -> None:
        if self._pending is not None and not self._pending.cancel():
            if self._worker is not None:
                # Leaving early (stop, error): the fetch in flight may be waiting to hand its
                # batch to a worker that waits for us to take an answer we no longer want.
                self._worker.close()
            try:
                self._pending.result()
            except BaseException:  # noqa: BLE001 - already leaving; the fetch is unwanted
                pass
        self._executor.shutdown(wait=True)

    def _batches(self) -> Iterator[tuple[list[tuple[int, int]], list[FetchedMessage], Any]]:
        if not self._chunks:
            return
        # The first batch is parsed here while a new worker starts up (it would only wait).
        first = self._worker is not None and self._worker.fresh
        pending: Future[Any] | None = self._executor.submit(self._fetch, self._chunks[0], first)
        self._pending = pending
        for i, chunk in enumerate(self._chunks):
            assert pending is not None
            fetched, parsed = pending.result()
            pending = self._pending = (
                self._executor.submit(self._fetch, self._chunks[i + 1], False)
                if i + 1 < len(self._chunks)
                else None
            )
            yield chunk, fetched, parsed

    def _fetch(
        self, chunk: list[tuple[int, int]], here: bool
    ) -> tuple[list[FetchedMessage], Callable[[], list[Any] | None]]:
        fetched = list(self._source.fetch(self._folder, [uid for uid, _size in chunk]))
        if self._worker is None or here or not fetched:
            return fetched, _nothing
        return fetched, self._worker.submit([m.raw for m in fetched])


def _nothing() -> None:
    return None


class _ParseWorker:
    """A child process running :func:`daemon.pipeline.parse.serve_parse_requests`.

    Requests go down its stdin and replies come up its stdout, in order, each tagged with
    its number. One thread submits (the fetching one), one takes the replies (the storing
    one), in the same order. Anything going wrong (the process gone, a reply that does not
    come) makes every later answer None: the batch is then parsed in this process, so a
    failing worker costs speed, never a message.
    """

    def __init__(self) -> None:
        # A plain subprocess rather than multiprocessing: nothing of this process (threads,
        # sockets, the main script) is copied or re-imported, and no helper process is
        # started beside it. It imports only the parser.
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from daemon.pipeline.parse import serve_parse_requests; serve_parse_requests()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
        self._sent = 0
        self._received = 0
        self.alive = True
        self.fresh = True  # nothing asked of it yet (it may still be starting)

    def submit(self, raws: list[bytes]) -> Callable[[], list[Any] | None]:
        import pickle

        from daemon.pipeline.parse import write_frame

        number = self._sent = self._sent + 1
        self.fresh = False
        if self.alive:
            try:
                assert self._process.stdin is not None
                write_frame(
                    self._process.stdin, pickle.dumps((number, raws), pickle.HIGHEST_PROTOCOL)
                )
            except (OSError, ValueError) as exc:
                self._failed(exc)
        return lambda: self._reply(number, len(raws))

    def _reply(self, number: int, count: int) -> list[Any] | None:
        import pickle

        from daemon.pipeline.parse import read_frame

        while self.alive and self._received < number:
            try:
                assert self._process.stdout is not None
                frame = read_frame(self._process.stdout)
                if frame is None:
                    raise EOFError("the parse worker stopped")
                self._received, parsed = pickle.loads(frame)
            except Exception as exc:  # noqa: BLE001 - any failure: parse here instead
                self._failed(exc)
                return None
            if self._received == number:
                return parsed if len(parsed) == count else None
        return None  # skipped (a batch not stored), or the worker is gone

    def _failed(self, exc: BaseException) -> None:
        if self.alive:
            get_logger().warning("ingest.parse_worker_failed", error=_first_line(exc))
        self.alive = False
        self.close()

    def close(self) -> None:
        """Stop the worker; whatever it had in hand is not wanted any more."""
        self.alive = False
        if self._process.poll() is None:
            # First the process: a thread blocked writing to it or reading from it then
            # gets an error at once instead of waiting.
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for stream in (self._process.stdin, self._process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except (OSError, ValueError):
                pass


def _pipeline() -> tuple[Callable[[Sequence[bytes]], list[Any]], Any]:
    """``parse_ahead`` and the stages module, imported on first use."""
    from daemon.pipeline import stages
    from daemon.pipeline.parse import parse_ahead

    return parse_ahead, stages


def _cache_matter_model(settings: Settings) -> None:
    """The trained matter model is kept beside a SQLite database (training costs ~0.5 s)."""
    from sqlalchemy.engine import make_url

    from classifiers.matter import use_cache_dir

    url = make_url(settings.database.url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        use_cache_dir(Path(url.database).resolve().parent)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


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
        _parse, stages = _pipeline()
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
            work = stages.Work(
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
