"""structlog set-up: JSON lines under systemd or a pipe, readable lines on a terminal.

Log events carry ids, counts and short hashes only: never a body, a subject or an address.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog


class _Stderr:
    """Whatever sys.stderr is at the moment of writing (tests and daemons swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return sys.stderr.isatty()


# Anything shaped like an address, wherever it turns up: an SMTP refusal quoting the
# recipient, an exception message, a traceback. Replaced by the same short hash the rest of
# the logs use, so a technician can still match lines up.
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")


def redact_addresses(
    _logger: Any, _name: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    for key, value in event.items():
        event[key] = _redact(value)
    return event


def _redact(value: Any) -> Any:
    """Addresses replaced in strings, and in strings inside lists, tuples and dicts."""
    if isinstance(value, str):
        if "@" not in value:
            return value
        from daemon.pipeline.addresses import short_hash

        return _ADDRESS.sub(lambda m: f"<addr:{short_hash(m.group(0))}>", value)
    if isinstance(value, dict):
        return {_redact(k): _redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_redact(v) for v in value]
    return value


def configure(level: str = "info", fmt: str = "auto", stream: Any = None) -> None:
    stream = stream or _Stderr()
    use_json = fmt == "json" or (fmt == "auto" and not stream.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_addresses,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            getattr(logging, level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )
    # Libraries log protocol detail (imapclient logs commands at DEBUG); keep them quiet.
    logging.basicConfig(level=logging.WARNING)
    for name in ("imapclient", "alembic", "apscheduler", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)


def get_logger(**context: Any) -> Any:
    return structlog.get_logger("steward").bind(**context)
