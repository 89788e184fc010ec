"""A private Dovecot IMAP server for tests and benchmarks (no pytest here).

    with DovecotServer() as server:            # started on a free 127.0.0.1 port
        server.append("INBOX", raw, datetime(2026, 11, 9, 9, 0, tzinfo=UTC))
        client = server.client()                # logged-in imapclient.IMAPClient
        account = server.add_user()             # a fresh, empty mailbox on the same server
        server.restart()                        # same port, same mail; clients are cut off

Everything lives in one temporary directory: the config, ``base_dir``/``state_dir``, the log
(``dovecot.log``), one passwd-file per user and the Maildirs (``mail/<user>``, Maildir++ layout,
hierarchy separator ``/`` over IMAP, so a folder name cannot contain "."). Dovecot runs in the
foreground (``dovecot -F``) as a child process in its own process group, so ``stop()`` can always
end it and everything it started. Stopping logs harmless "Killed with signal 15" / "Shutting
down logging" warnings.

Works as root (what CI does: login processes run as ``dovenull``, mail as ``dovecot``) and as an
ordinary user (everything runs as that user).
"""

from __future__ import annotations

import atexit
import contextlib
import grp
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from imapclient import IMAPClient

DEFAULT_USER = "office@school.example"
DEFAULT_PASSWORD = "office-test-password"

_SEARCH_PATH = os.pathsep.join(
    [os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/sbin"]
)


class DovecotError(RuntimeError):
    """Dovecot is missing, would not start, or an admin action failed."""


def find_dovecot() -> str | None:
    """Path of the ``dovecot`` binary, or None when it is not installed."""
    return shutil.which("dovecot", path=_SEARCH_PATH)


def _find_doveadm() -> str:
    path = shutil.which("doveadm", path=_SEARCH_PATH)
    if path is None:
        raise DovecotError("doveadm not found (it ships with dovecot-core)")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_live: weakref.WeakSet[DovecotServer] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:  # pragma: no cover - safety net
    for server in list(_live):
        with contextlib.suppress(Exception):
            server.close()


class ImapAccount:
    """One user's mailbox on a DovecotServer, with helpers that act as that user."""

    def __init__(self, server: DovecotServer, user: str, password: str) -> None:
        self.server = server
        self.user = user
        self.password = password

    def __repr__(self) -> str:
        return f"ImapAccount({self.user!r} on {self.host}:{self.port})"

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    def client(self, timeout: float = 10.0) -> IMAPClient:
        """A new logged-in IMAPClient (plain text, no TLS). The caller logs out."""
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=timeout)
        try:
            client.login(self.user, self.password)
        except Exception:
            with contextlib.suppress(Exception):
                client.shutdown()
            raise
        return client

    @contextlib.contextmanager
    def session(self) -> Iterator[IMAPClient]:
        client = self.client()
        try:
            yield client
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def create_folder(self, name: str) -> None:
        """Create (and subscribe to) a folder; no error if it exists."""
        with self.session() as client:
            if not client.folder_exists(name):
                client.create_folder(name)
            client.subscribe_folder(name)

    def append(
        self,
        folder: str,
        raw: bytes,
        internaldate: datetime | None = None,
        flags: Iterable[bytes | str] = (),
    ) -> int | None:
        """APPEND a message with an explicit INTERNALDATE (creating the folder if missing).

        Pass an aware datetime to put mail "in the past"; a naive one is taken as local time.
        Returns the new UID (from UIDPLUS APPENDUID).
        """
        with self.session() as client:
            if folder.upper() != "INBOX" and not client.folder_exists(folder):
                client.create_folder(folder)
                client.subscribe_folder(folder)
            response = client.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        return _appenduid(response)

    def folder_flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """{uid: flags} of every message, read with EXAMINE (changes nothing).

        ``\\Recent`` is left out: it belongs to an IMAP session, not to the message.
        """
        with self.session() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search(["ALL"])
            data = client.fetch(uids, ["FLAGS"]) if uids else {}
        return {
            uid: tuple(f for f in row[b"FLAGS"] if f.lower() != b"\\recent")
            for uid, row in sorted(data.items())
        }

    def status(self, folder: str) -> dict[bytes, int]:
        with self.session() as client:
            return client.folder_status(folder, ["MESSAGES", "UIDNEXT", "UIDVALIDITY"])

    def uids(self, folder: str) -> list[int]:
        with self.session() as client:
            client.select_folder(folder, readonly=True)
            return sorted(client.search(["ALL"]))

    def reset_uidvalidity(self, folder: str) -> int:
        """Give ``folder`` a new UIDVALIDITY and new UIDs, keeping every message.

        This is what a server migration looks like to a client. The messages (bytes, flags,
        INTERNALDATE, order) are moved out to a scratch folder, the empty folder gets a new
        UIDVALIDITY (``doveadm mailbox update``) and they are moved back, so their new UIDs
        start at the old UIDNEXT: no old UID names any message any more. Works for INBOX
        too, with the server running. Returns the new UIDVALIDITY.
        """
        before = self.status(folder)
        old_validity = before[b"UIDVALIDITY"]
        new_validity = max(old_validity + 1, int(time.time()))
        scratch = f"steward-uidvalidity-{os.getpid()}-{next(_scratch_ids)}"
        with self.session() as client:
            client.create_folder(scratch)
            client.select_folder(folder)
            uids = client.search(["ALL"])
            if uids:
                client.move(uids, scratch)
            client.unselect_folder()
        self.server.doveadm(
            "mailbox", "update", "-u", self.user, "--uid-validity", str(new_validity), folder
        )
        with self.session() as client:
            client.select_folder(scratch)
            uids = client.search(["ALL"])
            if uids:
                client.move(uids, folder)
            client.unselect_folder()
            client.delete_folder(scratch)
        after = self.status(folder)
        if after[b"UIDVALIDITY"] == old_validity or after[b"MESSAGES"] != before[b"MESSAGES"]:
            raise DovecotError(f"UIDVALIDITY reset of {folder!r} failed: {before} -> {after}")
        return after[b"UIDVALIDITY"]

    def maildir_path(self, folder: str = "INBOX") -> Path:
        """The Maildir of ``folder`` (created, with cur/new/tmp), for dropping files directly.

        Files written here should be named like ``<secs>.M<n>P<pid>.<host>:2,<flags>`` in
        ``cur/`` (INTERNALDATE is the file's mtime); call ``fix_ownership()`` afterwards.
        Maildir++ layout: "INBOX" is the user's root, "A/B" is ``.A.B``.
        """
        root = self.server.mail_root / self.user
        if folder.upper() == "INBOX":
            path = root
        else:
            if "." in folder:
                raise ValueError(f"folder {folder!r}: Maildir++ cannot hold '.' in a name")
            path = root / ("." + folder.replace("/", "."))
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        if path != root:
            (path / "maildirfolder").touch()
        self.fix_ownership()
        return path

    def fix_ownership(self) -> None:
        """Hand every file under this user's Maildir to the mail uid/gid."""
        self.server._chown_tree(self.server.mail_root / self.user)


def _appenduid(response: bytes | None) -> int | None:
    # b"[APPENDUID 1700000000 7] Append completed."
    if response and response.startswith(b"[APPENDUID "):
        with contextlib.suppress(IndexError, ValueError):
            return int(response.split(b"]", 1)[0].split()[2])
    return None


_scratch_ids = itertools.count(1)
_user_ids = itertools.count(1)


class DovecotServer:
    """A Dovecot IMAP server on 127.0.0.1, private to this process.

    The server itself acts as the default account (``office@school.example``): ``client()``,
    ``append()``, ``folder_flags()``... all act as that user. ``add_user()`` gives more.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        user: str = DEFAULT_USER,
        password: str = DEFAULT_PASSWORD,
        *,
        port: int | None = None,
        binary: str | None = None,
        start_timeout: float = 10.0,
        oauth2_introspection_url: str | None = None,
    ) -> None:
        """``oauth2_introspection_url``: also accept SASL XOAUTH2 / OAUTHBEARER, with an
        oauth2 passdb asking that RFC 7662 endpoint (``introspection_mode = post``) whether a
        token is active and whose mailbox it opens (``username``). Passwords still work."""
        self.oauth2_introspection_url = oauth2_introspection_url
        binary = binary or find_dovecot()
        if binary is None:
            raise DovecotError("dovecot is not installed (Debian: apt-get install dovecot-imapd)")
        self.binary: str = binary
        self._fixed_port = port
        self.port = port or 0
        self.start_timeout = start_timeout
        self._lock = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._closed = False
        self.dir = Path(tempfile.mkdtemp(prefix="steward-dovecot-"))
        self.dir.chmod(0o755)  # the mail and auth processes run as other users
        self.mail_root = self.dir / "mail"
        self.config_path = self.dir / "dovecot.conf"
        self.log_path = self.dir / "dovecot.log"
        self.passwd_dir = self.dir / "passwd"
        self._ids = self._identities()
        self._users: dict[str, ImapAccount] = {}
        for sub in ("run", "state", "mail", "home", "passwd"):
            (self.dir / sub).mkdir(mode=0o755)
        self._chown_tree(self.mail_root)
        self._chown_tree(self.dir / "home")
        self.account = self.add_user(user, password)
        _live.add(self)

    # -- identities ---------------------------------------------------------------------

    @staticmethod
    def _identities() -> dict[str, Any]:
        if os.geteuid() == 0:
            # Dovecot will not run login processes or mail access as root.
            mail = pwd.getpwnam("dovecot")
            return {
                "login_user": "dovenull",
                "internal_user": "dovecot",
                "internal_group": "dovecot",
                "mail_uid": mail.pw_uid,
                "mail_gid": mail.pw_gid,
            }
        me = pwd.getpwuid(os.getuid())
        return {
            "login_user": me.pw_name,
            "internal_user": me.pw_name,
            "internal_group": grp.getgrgid(os.getgid()).gr_name,
            "mail_uid": me.pw_uid,
            "mail_gid": os.getgid(),
        }

    def _chown_tree(self, top: Path) -> None:
        if os.geteuid() != 0 or not top.exists():
            return
        uid, gid = self._ids["mail_uid"], self._ids["mail_gid"]
        os.chown(top, uid, gid)
        for dirpath, dirnames, filenames in os.walk(top):
            for name in dirnames + filenames:
                os.lchown(os.path.join(dirpath, name), uid, gid)

    # -- the default account ------------------------------------------------------------

    @property
    def user(self) -> str:
        return self.account.user

    @property
    def password(self) -> str:
        return self.account.password

    def client(self, timeout: float = 10.0) -> IMAPClient:
        return self.account.client(timeout)

    def append(
        self,
        folder: str,
        raw: bytes,
        internaldate: datetime | None = None,
        flags: Iterable[bytes | str] = (),
    ) -> int | None:
        return self.account.append(folder, raw, internaldate, flags)

    def create_folder(self, name: str) -> None:
        self.account.create_folder(name)

    def folder_flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        return self.account.folder_flags(folder)

    def reset_uidvalidity(self, folder: str) -> int:
        return self.account.reset_uidvalidity(folder)

    def maildir_path(self, folder: str = "INBOX") -> Path:
        return self.account.maildir_path(folder)

    def fix_ownership(self) -> None:
        """Hand every file under the mail root to the mail uid/gid (after direct file drops)."""
        self._chown_tree(self.mail_root)

    # -- users --------------------------------------------------------------------------

    def add_user(self, user: str | None = None, password: str | None = None) -> ImapAccount:
        """A new login with an empty mailbox, usable at once (also while running).

        Without a name one is made up (``user<n>@school.example``); without a password, a
        random one. The mailbox (INBOX, Sent, Drafts, Trash) is created at first login.
        """
        if user is None:
            user = f"user{next(_user_ids)}@school.example"
        if any(c in user for c in ":\n/") or user.startswith("."):
            raise ValueError(f"unusable user name {user!r}")
        password = password or f"pw-{os.urandom(6).hex()}"
        with self._lock:
            if user in self._users:
                raise ValueError(f"user {user!r} exists")
            path = self.passwd_dir / user
            path.write_text(f"{user}:{{PLAIN}}{password}::::::\n")
            path.chmod(0o644)
            account = ImapAccount(self, user, password)
            self._users[user] = account
        return account

    # -- lifecycle ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _write_config(self) -> None:
        ids = self._ids
        d = self.dir
        mechanisms = "plain login"
        oauth2_passdb = ""
        if self.oauth2_introspection_url:
            mechanisms += " xoauth2 oauthbearer"
            oauth2_conf = d / "dovecot-oauth2.conf.ext"
            oauth2_conf.write_text(
                f"introspection_mode = post\n"
                f"introspection_url = {self.oauth2_introspection_url}\n"
                "force_introspection = yes\n"
                "username_attribute = username\n"
                "active_attribute = active\n"
                "active_value = true\n"
            )
            oauth2_conf.chmod(0o644)
            # First, and only for the token mechanisms: a password never reaches it.
            oauth2_passdb = (
                f"passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n"
                f"  args = {oauth2_conf}\n}}\n"
            )
        self.config_path.write_text(
            f"""\
# Written by tests/support/dovecot.py for Dovecot 2.3
instance_name = steward-test-{self.port}
base_dir = {d}/run
state_dir = {d}/state
log_path = {self.log_path}
info_log_path = {self.log_path}
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
auth_verbose = yes
default_login_user = {ids["login_user"]}
default_internal_user = {ids["internal_user"]}
default_internal_group = {ids["internal_group"]}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{self.mail_root}/%u
mail_max_userip_connections = 200
mailbox_idle_check_interval = 1 secs
shutdown_clients = yes

{oauth2_passdb}passdb {{
  driver = passwd-file
  # One passwd-file per user: Dovecot re-checks a passwd-file at most once a second, so a
  # user appended to a shared file could be "unknown" for up to a second. A new file is
  # read at first use.
  args = scheme=PLAIN username_format=%u {self.passwd_dir}/%u
}}
userdb {{
  driver = static
  args = uid={ids["mail_uid"]} gid={ids["mail_gid"]} home={d}/home/%u
}}

namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
}}

service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No auth penalty: otherwise after one failed login (a wrong-password test) every
  # later login from 127.0.0.1 waits 2, 4, 8... up to 15 s. (Documented way to turn it
  # off; login_trusted_networks no longer does in 2.3.)
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap {{
  process_limit = 256
}}
"""
        )

    def start(self) -> DovecotServer:
        """Start the server and wait until a login works (same port as before, if any)."""
        with self._lock:
            if self._closed:
                raise DovecotError("this DovecotServer was closed")
            if self.running:
                return self
            attempts = 1 if (self._fixed_port or self.port) else 5
            for attempt in range(attempts):
                if not self.port:
                    self.port = _free_port()
                try:
                    self._start_once()
                    return self
                except DovecotError as exc:
                    self._kill()
                    in_use = "in use" in str(exc)
                    if in_use and attempts > 1 and attempt + 1 < attempts:
                        self.port = 0  # raced with another process for the port: pick again
                        continue
                    raise
            raise AssertionError("unreachable")

    def _start_once(self) -> None:
        self._write_config()
        stderr_path = self.dir / "dovecot.stderr"
        cmd = [self.binary, "-F", "-c", str(self.config_path)]
        setpriv = shutil.which("setpriv", path=_SEARCH_PATH)
        if setpriv:
            # If this Python process dies without cleaning up, the master gets SIGTERM and
            # takes its children with it (Linux: the parent-death signal survives exec).
            cmd = [setpriv, "--pdeathsig", "TERM", "--", *cmd]
        with stderr_path.open("wb") as err:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,  # its own process group: stop() ends all of it
                cwd=self.dir,
            )
        self.wait_ready(self.start_timeout)

    def wait_ready(self, timeout: float = 10.0) -> None:
        """Poll until the default user can log in; raise DovecotError with the log if not."""
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise DovecotError(
                    f"dovecot exited with {self._proc.returncode} while starting\n"
                    + self._diagnostics()
                )
            try:
                client = self.account.client(timeout=2)
                client.logout()
                return
            except Exception as exc:  # noqa: BLE001 - not up yet
                last = exc
                time.sleep(0.02)
        raise DovecotError(f"dovecot not ready after {timeout}s ({last!r})\n" + self._diagnostics())

    def _diagnostics(self) -> str:
        parts = []
        for path in (self.dir / "dovecot.stderr", self.log_path):
            if path.exists():
                parts.append(f"--- {path.name} ---\n" + path.read_text(errors="replace")[-4000:])
        return "\n".join(parts)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (clients are disconnected); mail and port are kept for start()."""
        with self._lock:
            proc = self._proc
            if proc is None:
                return
            if proc.poll() is None:
                # SIGTERM to the whole group: every Dovecot process shuts down cleanly at
                # once (clients are cut off). Signalling only the master works too but it
                # then waits about a second for its children; this takes ~40 ms.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    pass
            self._kill()
            self._wait_port_free(timeout)

    def _kill(self) -> None:
        """SIGKILL whatever is left of the process group and reap the master."""
        proc = self._proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        self._proc = None

    def _wait_port_free(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind((self.host, self.port))
                    return
                except OSError:
                    time.sleep(0.02)

    def restart(self) -> None:
        """Stop and start again: same port, same mail, same users (clients are cut off)."""
        with self._lock:
            self.stop()
            self.start()

    def close(self) -> None:
        """Stop for good and delete the temporary directory."""
        with self._lock:
            self.stop()
            self._closed = True
            shutil.rmtree(self.dir, ignore_errors=True)
        _live.discard(self)

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            if not self._closed:
                self.close()

    # -- admin --------------------------------------------------------------------------

    def doveadm(self, *args: str) -> str:
        """Run ``doveadm -c <our config> ARGS`` against this server; return its stdout."""
        result = subprocess.run(
            [_find_doveadm(), "-c", str(self.config_path), *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise DovecotError(
                f"doveadm {' '.join(args)} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}"
            )
        return result.stdout

    def log_text(self) -> str:
        """Everything Dovecot has logged so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"DovecotServer({self.host}:{self.port}, {state}, {self.dir})"
