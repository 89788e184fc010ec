"""No address or message text reaches a log line, even inside errors and tracebacks."""

from __future__ import annotations

import io

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from daemon.log import configure, get_logger
from daemon.pipeline.addresses import short_hash
from daemon.store.db import make_engine


def test_addresses_in_errors_and_tracebacks_are_replaced_by_hashes():
    out = io.StringIO()
    configure("info", "json", stream=out)
    log = get_logger()
    log.warning("outbox.send_failed", error="SMTP 550: <jo.bloggs@example.com> mailbox unavailable")
    try:
        raise ValueError("cannot deliver to Sarah.Khan@Example.com")
    except ValueError:
        log.exception("phase.crashed")
    written = out.getvalue()
    assert "jo.bloggs@example.com" not in written
    assert "sarah.khan" not in written.lower()
    assert short_hash("jo.bloggs@example.com") in written
    assert "ValueError" in written  # the error is still there to act on


def test_database_errors_do_not_carry_the_values(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (a INTEGER NOT NULL UNIQUE)"))
        conn.execute(text("INSERT INTO t (a) VALUES (1)"))
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t (a) VALUES (:body)"), {"body": 1})
    except SQLAlchemyError as exc:
        message = str(exc)
    assert "hidden due to hide_parameters" in message


def test_addresses_nested_in_lists_and_dicts_are_replaced_too():
    out = io.StringIO()
    configure("info", "json", stream=out)
    get_logger().warning(
        "outbox.some_recipients_refused",
        refused={"jo.bloggs@example.com": (550, "no such user")},
        recipients=["sarah.khan@example.com", "office@school.example"],
    )
    written = out.getvalue()
    assert "@example.com" not in written and "@school.example" not in written
    assert short_hash("sarah.khan@example.com") in written
    assert "no such user" in written
