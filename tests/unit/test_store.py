"""The schema comes from Alembic migrations and matches the models; times stay aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from daemon.store.db import current_revision, head_revision, make_engine, migrate
from daemon.store.models import Parent


def test_migrations_build_exactly_the_model_schema(tmp_path):
    """A database built by the migrations has no difference from the models: every model
    change needs a migration, or existing schools could not upgrade."""
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    migrate(engine)
    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_migrate_twice_is_harmless(tmp_path):
    """Running migrations on an up-to-date database changes nothing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    first = migrate(engine)
    assert migrate(engine) == first


def test_sqlite_runs_in_wal_mode(tmp_path):
    """The embedded database uses write-ahead logging (readers never block the daemon)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_times_come_back_aware_in_utc(tmp_path):
    """An aware time stored in any offset is read back as the same instant, aware."""
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    migrate(engine)
    bst = timezone(timedelta(hours=1))
    when = datetime(2026, 6, 1, 18, 30, tzinfo=bst)
    with Session(engine) as s:
        s.add(Parent(address="a@example.com", first_seen_at=when))
        s.commit()
    with Session(engine) as s:
        parent = s.exec(select(Parent)).one()
        assert parent.first_seen_at == when
        assert parent.first_seen_at.tzinfo is not None
        assert parent.first_seen_at.utcoffset() == timedelta(0)


def test_naive_times_are_refused(tmp_path):
    """A naive datetime never reaches the database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    migrate(engine)
    with Session(engine) as s, pytest.raises(Exception, match="naive datetime"):
        s.add(Parent(address="b@example.com", first_seen_at=datetime(2026, 1, 1)))
        s.commit()


def test_savepoints_work_on_sqlite(tmp_path):
    """A rolled-back savepoint undoes only its own rows (per-message isolation needs this)."""
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    migrate(engine)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with Session(engine) as s:
        s.add(Parent(address="kept@example.com", first_seen_at=now))
        try:
            with s.begin_nested():
                s.add(Parent(address="dropped@example.com", first_seen_at=now))
                s.flush()
                raise RuntimeError
        except RuntimeError:
            pass
        s.commit()
    with Session(engine) as s:
        assert [p.address for p in s.exec(select(Parent)).all()] == ["kept@example.com"]


def test_upgrading_a_database_with_mail_never_offers_old_mail_a_holding_reply(tmp_path):
    """A version-1 database full of mail upgrades in place; its messages are marked as
    never to get a holding reply, and their response clocks start on the next cycle."""
    from alembic import command
    from sqlalchemy import text

    from daemon.store.db import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO message (dedupe_key, message_id, in_reply_to, "references", subject, '
                "subject_key, from_address, from_name, to_addresses, cc_addresses, received_at, "
                "direction, sender_kind, sender_reason, thread_reason, matter, has_quote, "
                "text_from_html, attachments, size, body_hash, server_flags, defects, stored_at) "
                "VALUES ('k', 'm@example.com', '[]', '[]', 's', 's', 'jo@example.com', 'Jo', '[]', "
                "'[]', '2026-11-20 18:00:00', 'inbound', 'parent', '', '', 'general', 0, 0, '[]', 0, "
                "'', '[]', '[]', '2026-11-20 18:01:00')"
            )
        )
    migrate(engine)
    assert current_revision(engine) == head_revision(engine)
    from daemon.store.models import Message

    with Session(engine) as s:
        m = s.exec(select(Message)).one()
    assert m.holding.startswith("skipped") and m.needs_reply is None
    assert m.reply_blockers == [] and m.analysed_at is None


def test_a_new_sqlite_database_is_private_to_its_owner(tmp_path):
    import stat

    from sqlalchemy import text

    path = tmp_path / "state" / "steward.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    for file in (path, path.with_name("steward.db-wal")):
        if file.exists():
            assert stat.S_IMODE(file.stat().st_mode) & 0o077 == 0, file
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0


def test_readers_do_not_wait_for_a_writer(tmp_path):
    """`steward status` and the list commands answer while the daemon holds the write lock
    (a first run commits batch after batch); a writer still takes the lock up front."""
    import sqlite3
    import time

    from sqlalchemy import text

    from daemon.store.db import reader

    path = tmp_path / "steward.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.begin() as writing:
        writing.execute(
            text(
                "INSERT INTO parent (address, display_name, first_seen_at) VALUES ('a', '', '2026-01-01')"
            )
        )
        started = time.monotonic()
        with reader(engine).connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM parent")).scalar() == 0
        assert time.monotonic() - started < 0.5
        other_writer = sqlite3.connect(path, timeout=0.1, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other_writer.execute("BEGIN IMMEDIATE")
        other_writer.close()
    with reader(engine).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM parent")).scalar() == 1
