"""One log line when a server goes away and one when it is back, however many retries between.

A school's IMAP server down for a weekend would otherwise write thousands of identical
warnings; the technician needs to know when it went, why, and when it came back. The retries
in between are logged at debug level. Shared by every thread that talks to the same server
(the INBOX watcher and the cycle), so one outage is one pair of lines.
"""

from __future__ import annotations

import random
import threading
import time

from daemon.log import get_logger


class Outage:
    def __init__(self, server: str) -> None:
        self.server = server  # "mailbox" or "smtp": never a host name with an address in it
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._failures = 0

    @property
    def down(self) -> bool:
        return self._down_since is not None

    @property
    def failures(self) -> int:
        """Failures in a row (0 while the server answers)."""
        return self._failures

    def failed(self, error: str) -> None:
        with self._lock:
            self._failures += 1
            first = self._down_since is None
            if first:
                self._down_since = time.monotonic()
        if first:
            get_logger().warning(f"{self.server}.unreachable", error=error[:200])
        else:
            get_logger().debug(f"{self.server}.still_unreachable", attempt=self._failures)

    def recovered(self) -> None:
        with self._lock:
            since, self._down_since = self._down_since, None
            failures, self._failures = self._failures, 0
        if since is not None:
            get_logger().info(
                f"{self.server}.recovered",
                down_seconds=round(time.monotonic() - since, 1),
                failed_attempts=failures,
            )

    def backoff(self, base: float, cap: float) -> float:
        """Seconds to wait before the next attempt: exponential in the failures so far,
        with ±20 % jitter so many daemons restarting together do not retry in step."""
        step = base * 2 ** max(self._failures - 1, 0)
        return min(step, cap) * random.uniform(0.8, 1.2)
