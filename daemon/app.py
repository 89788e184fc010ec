"""Builds the running parts from settings: database, mail source, clock, runner."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from daemon.clock import Clock, FixedClock, SystemClock, parse_now
from daemon.config import Settings
from daemon.mailbox.base import MailSource
from daemon.runner import Runner
from daemon.store.db import make_engine, migrate


@dataclass
class App:
    settings: Settings
    engine: Engine
    clock: Clock

    def runner(
        self,
        source_factory: Callable[[], MailSource] | None = None,
        stop: threading.Event | None = None,
        **kw: object,
    ) -> Runner:
        return Runner(
            self.settings,
            self.engine,
            source_factory or self.imap_factory(),
            self.clock,
            stop=stop,
            **kw,  # type: ignore[arg-type]
        )

    def imap_factory(self) -> Callable[[], MailSource]:
        from daemon.mailbox.imap import ImapSource

        mailbox = self.settings.mailbox
        password = mailbox.resolve("mailbox")  # a missing secret fails at start-up, not later

        def connect() -> MailSource:
            return ImapSource(mailbox, password)

        return connect


def build_app(settings: Settings, now: str | None = None, *, upgrade: bool = True) -> App:
    engine = make_engine(settings.database.url)
    if upgrade:
        migrate(engine)
    tz = settings.school.tz
    clock: Clock = FixedClock(parse_now(now, tz)) if now else SystemClock(tz)
    return App(settings=settings, engine=engine, clock=clock)
