"""The systemd notify protocol (sd_notify(3)) without libsystemd: one datagram per state.

Under ``Type=notify`` systemd sets ``$NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract
namespace) and, with ``WatchdogSec=``, ``$WATCHDOG_USEC`` (and ``$WATCHDOG_PID``). Outside
systemd both are unset and every call here does nothing, so ``steward run`` behaves the same
in a terminal.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping

from daemon.log import get_logger


class Notifier:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        address = env.get("NOTIFY_SOCKET", "")
        if address.startswith("@"):  # abstract namespace
            address = "\0" + address[1:]
        self._address = address
        self._socket: socket.socket | None = None
        self.watchdog_seconds = _watchdog_seconds(env)
        self._failed = False

    @property
    def enabled(self) -> bool:
        return bool(self._address)

    def ready(self, status: str = "") -> None:
        self._send("READY=1", status)

    def status(self, status: str) -> None:
        self._send("", status)

    def watchdog(self) -> None:
        self._send("WATCHDOG=1")

    def stopping(self, status: str = "") -> None:
        self._send("STOPPING=1", status)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _send(self, state: str, status: str = "") -> None:
        if not self._address:
            return
        lines = [state] if state else []
        if status:
            lines.append(f"STATUS={status}")
        payload = "\n".join(lines).encode()
        try:
            if self._socket is None:
                self._socket = socket.socket(
                    socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
                )
            self._socket.sendto(payload, self._address)
            self._failed = False
        except OSError as exc:
            # systemd gone or the socket unreachable: say so once, never stop the daemon.
            if not self._failed:
                get_logger().warning("systemd.notify_failed", error=f"{type(exc).__name__}")
            self._failed = True


def _watchdog_seconds(env: Mapping[str, str]) -> float | None:
    """The watchdog timeout, when systemd asked this process to ping it."""
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid.isdigit() and int(pid) != os.getpid():
        return None  # meant for another process (we were started by a wrapper)
    return int(usec) / 1_000_000
