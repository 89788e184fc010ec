"""Builds the running parts from settings: database, mail source, clock, runner."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from daemon.clock import Clock, FixedClock, OffsetClock, SystemClock, parse_now
from daemon.config import Settings
from daemon.mailbox.base import MailSource
from daemon.runner import Runner
from daemon.store.db import make_engine, migrate

if TYPE_CHECKING:
    from daemon.cycle import Cycle
    from daemon.oauth import OAuth2Credential
    from daemon.outbox import TransportFactory
    from daemon.render import Templates
    from daemon.workdays import SchoolCalendar

_DEFAULT = object()
_credentials_lock = threading.Lock()


@dataclass
class App:
    settings: Settings
    engine: Engine
    clock: Clock
    _oauth2_credentials: dict[str, OAuth2Credential] = field(
        default_factory=dict, init=False, repr=False
    )

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

    @cached_property
    def calendar(self) -> SchoolCalendar:
        return build_calendar(self.settings)

    @cached_property
    def classifier_settings(self) -> dict[str, object]:
        from daemon.analysis import classifier_settings

        return classifier_settings(self.settings.flags.overrides())

    @cached_property
    def templates(self) -> Templates:
        from daemon.render import Templates

        return Templates(self.settings.templates.dir)

    def cycle(
        self,
        source_factory: Callable[[], MailSource] | None = None,
        transport_factory: object = _DEFAULT,
        stop: threading.Event | None = None,
        **kw: object,
    ) -> Cycle:
        """Ingest plus everything after it; the SMTP transport comes from [smtp] unless
        given (``None``: nothing can be sent, mail waits in the outbox)."""
        from daemon.cycle import Cycle

        source_factory = source_factory or self.imap_factory()
        transport: TransportFactory | None = (
            self.smtp_factory() if transport_factory is _DEFAULT else transport_factory  # type: ignore[assignment]
        )
        return Cycle(
            self,
            self.runner(source_factory, stop=stop, **kw),
            source_factory=source_factory,
            transport_factory=transport,
        )

    def imap_factory(self) -> Callable[[], MailSource]:
        from daemon.mailbox.imap import ImapSource

        mailbox = self.settings.mailbox
        # A missing secret fails at start-up, not later.
        password: str | OAuth2Credential = (
            self.oauth2_credential(mailbox.oauth2_user)
            if mailbox.auth == "oauth2"
            else mailbox.resolve("mailbox")
        )

        def connect() -> MailSource:
            return ImapSource(mailbox, password)

        return connect

    def oauth2_credential(self, user: str) -> OAuth2Credential:
        """A token for XOAUTH2 from the [mailbox.oauth2] app, acting as ``user``."""
        from daemon.oauth import oauth2_credential

        # One per user, shared by IMAP, IDLE and SMTP: one token (and one refresh) for all.
        with _credentials_lock:
            cached = self._oauth2_credentials.get(user)
            if cached is None:
                mailbox = self.settings.mailbox
                cached = oauth2_credential(
                    mailbox.oauth2, user, self.clock, timeout=mailbox.timeout_seconds
                )
                self._oauth2_credentials[user] = cached
            return cached

    def smtp_factory(self) -> TransportFactory | None:
        """The [smtp] transport, with an XOAUTH2 token from the mailbox's app when
        ``[smtp] auth = "oauth2"``."""
        from daemon.outbox import smtp_factory

        smtp = self.settings.smtp
        if smtp.auth != "oauth2" or not smtp.host:
            return smtp_factory(smtp)
        if self.settings.mailbox.auth != "oauth2":
            from daemon.config import ConfigError

            raise ConfigError(
                'smtp.auth: "oauth2" uses the [mailbox.oauth2] app: set mailbox.auth = '
                '"oauth2" and fill in [mailbox.oauth2] (or use smtp.auth = "password")'
            )
        user = smtp.username or self.settings.mailbox.oauth2_user
        return smtp_factory(smtp, oauth2=self.oauth2_credential(user))


def build_app(
    settings: Settings, now: str | None = None, *, upgrade: bool = True, moving: bool = False
) -> App:
    """``now`` fixes the clock (``once --now``); with ``moving`` time runs on from it
    (``run --now``)."""
    engine = make_engine(settings.database.url)
    if upgrade:
        migrate(engine)
    tz = settings.school.tz
    clock: Clock = SystemClock(tz)
    if now:
        start = parse_now(now, tz)
        clock = OffsetClock(start) if moving else FixedClock(start)
    return App(settings=settings, engine=engine, clock=clock)


def build_calendar(settings: Settings) -> SchoolCalendar:
    from daemon.config import to_time
    from daemon.workdays import CoreHours, SchoolCalendar

    term = None
    if settings.calendar.ics_file:
        from daemon.config import ConfigError
        from daemon.termdates import TermDatesError, load_term_dates

        try:
            term = load_term_dates(settings.calendar.ics_file, tz=settings.school.tz)
        except TermDatesError as exc:
            raise ConfigError(f"calendar.ics_file: {exc}") from None
    start, end = settings.hours.core
    return SchoolCalendar(
        tz=settings.school.tz,
        nation=settings.calendar.nation,
        core=CoreHours(to_time(start), to_time(end)),
        weekday_core={
            day: CoreHours(*span) if span else None
            for day, span in settings.hours.weekday_overrides().items()
        },
        holidays=settings.calendar.holidays,
        closures=settings.calendar.closures,
        term=term,
    )
