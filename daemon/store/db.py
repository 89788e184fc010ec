"""Engine and session set-up, and schema migration on start.

SQLite runs in WAL mode with real transactions (pysqlite's own transaction handling is
switched off, as SQLAlchemy documents, so SAVEPOINT works for per-message isolation).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str, **kw: Any) -> Engine:
    # A database error must never carry a parent's words or address into a log line.
    kw.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": 30}, **kw)
        _sqlite_pragmas(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kw)


def _create_private(path: Path) -> None:
    """A new database file is readable by its owner only (it holds parents' mail); SQLite
    gives its -wal and -shm files the same permissions."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock up front (no deadlock upgrading a read); readers
        # (``reader(engine)``) begin deferred and, in WAL mode, never wait for a writer.
        if conn.get_execution_options().get(_READ_ONLY):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


_READ_ONLY = "steward_read_only"


def reader(engine: Engine) -> Engine:
    """The same database for reading only: ``steward status``, ``threads``, ``messages``...
    answer at once even while the daemon is storing a year of mail."""
    return engine.execution_options(**{_READ_ONLY: True})


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose transaction commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> str | None:
    """Bring the schema to the newest revision; return the revision now in force.

    Every start calls this, and almost always the schema is already current. Loading
    Alembic and its environment costs more than the rest of a quiet cycle, so the revision
    stored in the database is first compared with the head read from the revision files
    themselves; only when they differ (or either cannot be read plainly) does Alembic run.
    """
    stored = _stored_revision(engine)
    if stored is not None and stored == _script_head():
        return stored
    from alembic import command

    cfg = alembic_config(engine)
    command.upgrade(cfg, "head")
    return current_revision(engine)


def _stored_revision(engine: Engine) -> str | None:
    """The one revision in ``alembic_version``; None when there is no such single row."""
    try:
        with reader(engine).connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except SQLAlchemyError:  # a new database: no table yet
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def _script_head() -> str | None:
    """The single head revision of ``migrations/versions``, read without importing them.

    Each revision file assigns literal ``revision`` and ``down_revision`` values (Alembic's
    template). Anything else (no literal revision, several heads, no files) gives None, and
    the caller lets Alembic decide.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            values = _literal_assignments(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
            return None
        revision = values.get("revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        down = values.get("down_revision")
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _literal_assignments(source: str) -> dict[str, Any]:
    """Module-level ``revision`` / ``down_revision`` assignments with literal values."""
    import ast

    found: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
            found[target.id] = ast.literal_eval(value)
    return found


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with reader(engine).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
