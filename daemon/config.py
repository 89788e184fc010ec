"""Configuration: one TOML file → frozen, typed settings, checked once at start-up.

Every error names the key (``mailbox.tls``) and the form expected, and an unknown key is an
error too, because a typo in a setting that silently falls back to a default is how a school
ends up with replies going to the wrong place.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from classifiers.base import FLAG_KINDS, FlagKind
from daemon.pipeline.addresses import normalise_address

DEFAULT_CONFIG_PATH = "steward.toml"


class ConfigError(Exception):
    """The configuration cannot be used; the message says which key and what is expected."""


def _address(value: str) -> str:
    normalised = normalise_address(value)
    if not normalised:
        raise ValueError(f"expected an email address like office@school.example, got {value!r}")
    return value.strip().lower()


def _domain(value: str) -> str:
    domain = value.strip().lower().lstrip("@")
    if not domain or "." not in domain or " " in domain or "@" in domain:
        raise ValueError(f"expected a mail domain like school.example, got {value!r}")
    return domain


Address = Annotated[str, AfterValidator(_address)]
Domain = Annotated[str, AfterValidator(_domain)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _clock_time(value: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
        raise ValueError(f'expected a 24-hour time like "08:00", got {value!r}')
    return value.strip()


ClockTime = Annotated[str, AfterValidator(_clock_time)]


def to_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class SchoolSettings(_Section):
    name: str = "Example Academy"
    timezone: str = "Europe/London"
    staff_domains: tuple[Domain, ...] = ()
    # Said in every holding reply: how to raise an urgent safeguarding concern by phone.
    safeguarding_phone: str = ""
    # The office telephone number, for parents who need an answer sooner.
    office_phone: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"expected an IANA time zone name like Europe/London, got {value!r}"
            ) from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Secret(_Section):
    """Where a password comes from: exactly one of the three forms, checked at start-up."""

    password: str = Field(default="", repr=False)
    password_env: str = ""
    password_file: str = ""

    def resolve(self, section: str) -> str:
        """Return the secret, or raise ConfigError saying which key to fix."""
        if self.password:
            return self.password
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError(
                    f"{section}.password_env: the environment variable "
                    f"{self.password_env} is not set"
                )
            return value
        if self.password_file:
            path = _credential_path(self.password_file)
            try:
                return path.read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as exc:
                raise ConfigError(
                    f"{section}.password_file: cannot read {path}: {exc.strerror}"
                ) from None
        raise ConfigError(f"{section}: no password: set password_env, password_file or password")


def _credential_path(name: str) -> Path:
    """A bare file name is looked up in systemd's $CREDENTIALS_DIRECTORY when that is set."""
    path = Path(name)
    creds = os.environ.get("CREDENTIALS_DIRECTORY")
    if creds and not path.is_absolute() and len(path.parts) == 1:
        return Path(creds) / path
    return path


# What each provider's token must allow: IMAP and SMTP AUTH for the whole mailbox.
DEFAULT_SCOPES: dict[str, tuple[str, ...]] = {
    "microsoft": ("https://outlook.office365.com/.default",),
    "google": ("https://mail.google.com/",),
}


class OAuth2Settings(_Section):
    """How the daemon gets an access token for XOAUTH2 (``[mailbox.oauth2]``).

    Microsoft 365: an Entra ID app with the client-credentials flow (a client secret or a
    certificate). Google Workspace: a service account with domain-wide delegation, acting
    as the mailbox user. Checked by MailboxSettings when ``auth = "oauth2"``.
    """

    provider: Literal["", "microsoft", "google"] = ""
    # Microsoft: the directory (tenant) id or domain, and the application (client) id.
    tenant: str = ""
    client_id: str = ""
    # Microsoft client secret: exactly as for passwords, from env, file or inline.
    client_secret: str = Field(default="", repr=False)
    client_secret_env: str = ""
    client_secret_file: str = ""
    # Microsoft certificate credential instead of a secret: a PEM file holding the private
    # key (and certificate), and the certificate's SHA-1 thumbprint shown in Entra ID.
    certificate_file: str = ""
    certificate_thumbprint: str = ""
    # Google: the service account's JSON key file.
    service_account_file: str = ""
    # The mailbox the token acts for; empty: [mailbox] username.
    user: str = ""
    # Empty: the provider's default (DEFAULT_SCOPES).
    scopes: tuple[str, ...] = ()
    # Microsoft: the login host, for national clouds (https://login.microsoftonline.us).
    authority: str = ""
    # Google: the token endpoint; empty: the key file's token_uri.
    token_url: str = ""

    @field_validator("authority", "token_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        if value and not re.fullmatch(r"https://[^/\s]+(/\S*)?", value.strip()):
            raise ValueError(f"expected an https:// URL, got {value!r}")
        return value.strip().rstrip("/")

    @field_validator("certificate_thumbprint")
    @classmethod
    def _hex_thumbprint(cls, value: str) -> str:
        compact = value.replace(":", "").replace(" ", "")
        if value and not re.fullmatch(r"[0-9A-Fa-f]{40}", compact):
            raise ValueError(
                f"expected the certificate's SHA-1 thumbprint (40 hex digits), got {value!r}"
            )
        return compact.upper()

    def problems(self) -> list[str]:
        """What is missing for ``provider``; each names the key (within the section that
        holds ``oauth2``, as errors of a section are reported) and the form expected."""
        key = "oauth2"
        if not self.provider:
            return [f'{key}.provider: expected "microsoft" or "google" when auth = "oauth2"']
        found: list[str] = []
        if self.provider == "microsoft":
            if not self.tenant:
                found.append(f"{key}.tenant: expected the directory (tenant) id or domain")
            if not self.client_id:
                found.append(f"{key}.client_id: expected the application (client) id")
            secrets = self.client_secret or self.client_secret_env or self.client_secret_file
            if bool(secrets) == bool(self.certificate_file):
                found.append(
                    f"{key}: expected either client_secret_env / client_secret_file / "
                    "client_secret, or certificate_file (with certificate_thumbprint)"
                )
            if self.certificate_file and not self.certificate_thumbprint:
                found.append(
                    f"{key}.certificate_thumbprint: expected the certificate's SHA-1 "
                    "thumbprint when certificate_file is set"
                )
            if self.service_account_file:
                found.append(f'{key}.service_account_file: only for provider = "google"')
        else:
            if not self.service_account_file:
                found.append(
                    f"{key}.service_account_file: expected the service account's JSON key "
                    "file (a bare name is looked up in $CREDENTIALS_DIRECTORY)"
                )
            microsoft_only = (
                "tenant",
                "client_secret",
                "client_secret_env",
                "client_secret_file",
                "certificate_file",
                "authority",
            )
            found.extend(
                f'{key}.{name}: only for provider = "microsoft"'
                for name in microsoft_only
                if getattr(self, name)
            )
        return found

    def resolve_secret(self, section: str) -> str:
        """The Microsoft client secret, or raise ConfigError saying which key to fix."""
        key = f"{section}.oauth2"
        if self.client_secret:
            return self.client_secret
        if self.client_secret_env:
            value = os.environ.get(self.client_secret_env)
            if value is None:
                raise ConfigError(
                    f"{key}.client_secret_env: the environment variable "
                    f"{self.client_secret_env} is not set"
                )
            return value
        if self.client_secret_file:
            return _read_credential(f"{key}.client_secret_file", self.client_secret_file)
        raise ConfigError(
            f"{key}: no client secret: set client_secret_env, client_secret_file or "
            "client_secret (or certificate_file)"
        )

    def read_file(self, section: str, name: str) -> str:
        """A key or certificate file named by ``name`` (certificate_file,
        service_account_file), from $CREDENTIALS_DIRECTORY when it is a bare name."""
        return _read_credential(f"{section}.oauth2.{name}", getattr(self, name))

    def resolved_scopes(self) -> tuple[str, ...]:
        return self.scopes or DEFAULT_SCOPES.get(self.provider, ())


def _read_credential(key: str, name: str) -> str:
    path = _credential_path(name)
    try:
        return path.read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise ConfigError(f"{key}: cannot read {path}: {exc.strerror}") from None


class MailboxSettings(Secret):
    host: str = ""
    port: int = Field(default=993, ge=1, le=65535)
    tls: Literal["ssl", "starttls", "none"] = "ssl"
    username: str = ""
    address: Address = "office@school.example"
    aliases: tuple[Address, ...] = ()
    folders: tuple[str, ...] = ("INBOX",)
    sent_folder: str = ""
    read_sent: bool = True
    # Staff move a message here to say it needs no reply; it is read like the folders above.
    no_reply_folder: str = ""
    ca_file: str = ""
    timeout_seconds: float = Field(default=60.0, gt=0)
    # "password" | "oauth2" (XOAUTH2 with a token from [mailbox.oauth2]).
    auth: Literal["password", "oauth2"] = "password"
    oauth2: OAuth2Settings = OAuth2Settings()

    @model_validator(mode="before")
    @classmethod
    def _read_no_reply_folder(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("no_reply_folder"):
            folders = list(data.get("folders") or ["INBOX"])
            if data["no_reply_folder"] not in folders:
                data = {**data, "folders": [*folders, data["no_reply_folder"]]}
        return data

    @field_validator("folders")
    @classmethod
    def _some_folders(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or any(not f.strip() for f in value):
            raise ValueError('expected a list of folder names like ["INBOX"]')
        return value

    @model_validator(mode="after")
    def _tls_none_only_on_loopback(self) -> MailboxSettings:
        if self.tls == "none" and self.host and not _is_loopback(self.host):
            raise ValueError(
                'tls = "none" is only allowed for a loopback host (127.0.0.1, ::1, '
                f'localhost), not {self.host!r}: use "ssl" or "starttls"'
            )
        return self

    @model_validator(mode="after")
    def _oauth2_complete(self) -> MailboxSettings:
        if self.auth == "oauth2":
            problems = self.oauth2.problems()
            if not (self.oauth2.user or self.username):
                problems.append("username: expected the mailbox to act as (or set oauth2.user)")
            if problems:
                raise ValueError("; ".join(problems))
        return self

    @property
    def oauth2_user(self) -> str:
        """The mailbox an OAuth2 token acts for (the XOAUTH2 ``user=``)."""
        return self.oauth2.user or self.username

    def own_addresses(self) -> frozenset[str]:
        return frozenset(normalise_address(a) for a in (self.address, *self.aliases))


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DatabaseSettings(_Section):
    url: str = "sqlite:////var/lib/steward/steward.db"

    @field_validator("url")
    @classmethod
    def _looks_like_url(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError(
                "expected an SQLAlchemy URL like sqlite:////var/lib/steward/steward.db "
                f"or postgresql+psycopg://user@host/steward, got {value!r}"
            )
        return value


class IngestSettings(_Section):
    # How often `steward run` polls every folder (INBOX too when the server has no IDLE).
    interval_seconds: int = Field(default=60, ge=5)
    # Wait on INBOX with IMAP IDLE, so new mail is read within seconds.
    idle: bool = True
    # Re-issue IDLE after this many seconds (servers may drop it after 30 minutes).
    idle_renew_seconds: int = Field(default=1500, ge=30, le=1740)
    batch_size: int = Field(default=200, ge=1, le=5000)
    batch_bytes: int = Field(default=25_000_000, ge=1_000_000)


class ThreadingSettings(_Section):
    # A parent's new email without reply headers may join one of their threads active
    # within this many days.
    window_days: int = Field(default=28, ge=1, le=365)
    # TF-IDF cosine similarity at or above which an email is the same matter.
    similarity: float = Field(default=0.3, gt=0, le=1)
    # Threads with no activity for this many days are closed; a later email opens a new one.
    close_after_days: int = Field(default=56, ge=1)


def _language(value: str) -> str:
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", code):
        raise ValueError(f'expected a language code like "en", "cy" or "pl", got {value!r}')
    return code


Language = Annotated[str, AfterValidator(_language)]


class ParentSettings(_Section):
    # Each inner list is one person writing from several addresses.
    aliases: tuple[tuple[Address, ...], ...] = ()
    # A parent's preferred language for automatic replies: address → language code. A
    # translated template is used when one exists (holding_reply/<code>.txt.j2).
    languages: dict[Address, Language] = {}
    # Reasonable adjustments: address → flag kinds switched off for that parent.
    adjustments: dict[Address, tuple[FlagKind, ...]] = {}


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class HoursSettings(_Section):
    # Core hours on working days, in the school's time zone.
    core: tuple[ClockTime, ClockTime] = ("08:00", "16:00")
    # Per-weekday changes: friday = ["08:00", "15:00"]; an empty list closes that weekday.
    days: dict[str, tuple[ClockTime, ClockTime] | tuple[()]] = {}

    @model_validator(mode="after")
    def _ordered(self) -> HoursSettings:
        for name, span in (("core", self.core), *self.days.items()):
            if name != "core" and name not in _WEEKDAYS:
                raise ValueError(f"days.{name}: expected a weekday name like friday")
            if span and to_time(span[0]) >= to_time(span[1]):
                raise ValueError(f"{name}: the start {span[0]} must be before the end {span[1]}")
        return self

    def weekday_overrides(self) -> dict[int, tuple[time, time] | None]:
        return {
            _WEEKDAYS.index(name): (to_time(span[0]), to_time(span[1])) if span else None
            for name, span in self.days.items()
        }


class CalendarSettings(_Section):
    # Bank holidays of this UK nation: ENG | WLS | SCT | NIR.
    nation: Literal["ENG", "WLS", "SCT", "NIR"] = "ENG"
    # School holidays as inclusive date ranges.
    holidays: tuple[tuple[date, date], ...] = ()
    # Extra non-working days (closures; INSET days only if staff are not in).
    closures: tuple[date, ...] = ()
    # An optional iCalendar file of term dates.
    ics_file: str = ""

    @field_validator("holidays")
    @classmethod
    def _ranges(cls, value: tuple[tuple[date, date], ...]) -> tuple[tuple[date, date], ...]:
        for start, end in value:
            if end < start:
                raise ValueError(f"the range {start} to {end} ends before it starts")
        return value


class SlaSettings(_Section):
    # A person acknowledges a parent's email within this many working days.
    acknowledge_working_days: float = Field(default=3, gt=0, le=30)
    # A full response within this many working days; 0: no separate target.
    respond_working_days: float = Field(default=0, ge=0, le=60)


class SmtpSettings(Secret):
    # Empty host: nothing can be sent; replies and digests wait in the outbox.
    host: str = ""
    port: int = Field(default=587, ge=1, le=65535)
    tls: Literal["ssl", "starttls", "none"] = "starttls"
    # Empty username: no login (a relay that trusts this server).
    username: str = ""
    # The From address of everything the daemon sends; empty: [mailbox] address.
    from_address: Address | Literal[""] = ""
    ca_file: str = ""
    timeout_seconds: float = Field(default=60.0, gt=0)
    # Render and record every outgoing message without sending it.
    dry_run: bool = False
    # Keep a copy of each sent holding reply in the mailbox's Sent folder.
    save_to_sent: bool = False
    # Give up on a message after this many failed attempts (retries back off to an hour).
    max_attempts: int = Field(default=12, ge=1, le=100)
    # "password" | "oauth2": XOAUTH2 with a token from the [mailbox.oauth2] app, acting as
    # username (empty: the mailbox's oauth2 user).
    auth: Literal["password", "oauth2"] = "password"

    @model_validator(mode="after")
    def _tls_none_only_on_loopback(self) -> SmtpSettings:
        if self.tls == "none" and self.host and not _is_loopback(self.host):
            raise ValueError(
                'tls = "none" is only allowed for a loopback host (127.0.0.1, ::1, '
                f'localhost), not {self.host!r}: use "ssl" or "starttls"'
            )
        return self


class RepliesSettings(_Section):
    # Send a holding reply to a parent's email that arrives out of hours.
    holding: bool = True
    # The language of templates for parents without a [parents.languages] entry.
    language: Language = "en"


class TemplatesSettings(_Section):
    # A folder of templates that replace the bundled ones with the same name (holding_reply/,
    # digest/); empty: the bundled templates only.
    dir: str = ""


StaffRole = Literal["office", "slt", "dsl", "teacher"]


class StaffMember(_Section):
    name: str
    email: Address
    # office | slt | dsl | teacher
    role: StaffRole = "office"
    # Matters routed to this person's digest (e.g. ["sen", "medical"]); empty: every matter
    # for office staff, none for others.
    matters: tuple[str, ...] = ()
    # Receive the morning digest.
    digest: bool = True


class FlagsSettings(_Section):
    # On the first run only mail from this many days back is analysed; older mail is
    # stored and threaded but not flagged.
    analyse_days: int = Field(default=28, ge=1, le=3650)
    # Per kind: enabled = true|false plus that classifier's thresholds (see
    # config.example.toml). Unknown keys are errors.
    safeguarding: dict[str, Any] = {}
    abusive: dict[str, Any] = {}
    shouting: dict[str, Any] = {}
    volume: dict[str, Any] = {}
    repeated: dict[str, Any] = {}
    duplicate: dict[str, Any] = {}
    chasing: dict[str, Any] = {}

    @model_validator(mode="after")
    def _thresholds_fit_the_classifiers(self) -> FlagsSettings:
        for kind in FLAG_KINDS:
            table = getattr(self, kind)
            if "enabled" in table and not isinstance(table["enabled"], bool):
                raise ValueError(f"{kind}.enabled: expected true or false")
            if not set(table) - {"enabled"}:
                continue  # defaults only: nothing to check (and no classifier import)
            from daemon.analysis import classifier_settings

            try:
                classifier_settings({kind: table})
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{kind}: {_unknown_key(exc)}") from None
        return self

    def overrides(self) -> dict[str, dict[str, Any]]:
        return {kind: getattr(self, kind) for kind in FLAG_KINDS}

    def enabled(self) -> dict[str, bool]:
        return {kind: bool(getattr(self, kind).get("enabled", True)) for kind in FLAG_KINDS}


def _unknown_key(exc: Exception) -> str:
    match = re.search(r"unexpected keyword argument '([^']+)'", str(exc))
    if match:
        return f"{match.group(1)}: unknown setting (check config.example.toml)"
    return str(exc)


class AlertSettings(_Section):
    # Safeguarding alerts go to [[staff]] with role = "dsl" for mail received within this
    # many days (a first run over old mail does not alert on last year's email).
    max_age_days: int = Field(default=7, ge=1, le=365)


class CaseSettings(_Section):
    # A persistence case opens when a parent's flags in this many days add up to threshold.
    window_days: int = Field(default=28, ge=1, le=365)
    threshold: float = Field(default=4.0, gt=0)
    # How much each kind of flag counts towards the threshold (safeguarding never does: it
    # is about a child's safety, not a parent's conduct).
    weights: dict[FlagKind, float] = {
        "abusive": 3.0,
        "shouting": 1.0,
        "volume": 1.0,
        "repeated": 1.5,
        "duplicate": 0.5,
        "chasing": 0.5,
    }
    # Under a contact plan (stage 3): "template" sends the contact-plan holding reply,
    # "none" sends no holding reply.
    contact_plan_holding: Literal["template", "none"] = "template"


class DigestSettings(_Section):
    # Local time on each working day when the staff digest is sent.
    time: ClockTime = "07:30"
    # Send a digest even when nothing is overdue or due.
    send_empty: bool = False


class RetentionSettings(_Section):
    # Bodies and parsed text of closed threads whose last activity is older than this many
    # days are purged; counts, flags and decisions are kept.
    days: int = Field(default=400, ge=30, le=3650)


class ServiceSettings(_Section):
    # The systemd watchdog is pinged only while the daemon makes progress: a cycle that has
    # stored nothing and finished no phase for this long counts as hung.
    hang_seconds: int = Field(default=900, ge=60, le=86400)


class LoggingSettings(_Section):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["auto", "json", "console"] = "auto"


class Settings(_Section):
    school: SchoolSettings = SchoolSettings()
    mailbox: MailboxSettings = MailboxSettings()
    database: DatabaseSettings = DatabaseSettings()
    ingest: IngestSettings = IngestSettings()
    threading: ThreadingSettings = ThreadingSettings()
    parents: ParentSettings = ParentSettings()
    hours: HoursSettings = HoursSettings()
    calendar: CalendarSettings = CalendarSettings()
    sla: SlaSettings = SlaSettings()
    smtp: SmtpSettings = SmtpSettings()
    replies: RepliesSettings = RepliesSettings()
    templates: TemplatesSettings = TemplatesSettings()
    staff: tuple[StaffMember, ...] = ()
    digest: DigestSettings = DigestSettings()
    flags: FlagsSettings = FlagsSettings()
    alerts: AlertSettings = AlertSettings()
    cases: CaseSettings = CaseSettings()
    retention: RetentionSettings = RetentionSettings()
    service: ServiceSettings = ServiceSettings()
    logging: LoggingSettings = LoggingSettings()

    def staff_domains(self) -> frozenset[str]:
        return frozenset(self.school.staff_domains)

    @property
    def from_address(self) -> str:
        """The From of everything the daemon sends."""
        return self.smtp.from_address or self.mailbox.address


def parse_settings(data: dict[str, Any], source: str = "config") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read and check the TOML file; every problem becomes one ConfigError."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"{p}: no such config file (copy config.example.toml, or pass --config)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    return parse_settings(data, str(p))


def secret_file_warning(path: str | os.PathLike[str], settings: Settings) -> str | None:
    """A config file that holds a password or client secret must not be readable by others."""
    oauth2 = settings.mailbox.oauth2
    if not (settings.mailbox.password or settings.smtp.password or oauth2.client_secret):
        return None
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return None
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return (
            f"{path} holds a password or client secret and is readable by other users: "
            f"chmod 600 it, or use password_env / password_file (client_secret_env / "
            f"client_secret_file)"
        )
    return None


def _describe(exc: ValidationError, source: str) -> str:
    lines = []
    for err in exc.errors():
        key = ""
        for part in err["loc"]:
            key += f"[{part + 1}]" if isinstance(part, int) else f".{part}" if key else str(part)
        if err["type"] == "extra_forbidden":
            lines.append(f"{key}: unknown setting (check the spelling against config.example.toml)")
            continue
        message = err["msg"]
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if err["type"] == "literal_error":
            message = message.replace("Input should be", "expected")
        elif err["type"].endswith("_type") or err["type"].endswith("_parsing"):
            message = f"{message.replace('Input should be', 'expected')}"
        got = err.get("input")
        if err["type"] not in ("value_error",) and not isinstance(got, dict):
            message += f" (got {got!r})"
        key = key.replace(".[key]", "")
        lines.append(f"{key or '(top level)'}: {message}")
    return f"{source}: " + "; ".join(lines)
