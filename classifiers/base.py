"""The one result type every analysis returns, and the history it may look at.

A classifier is a pure function over a parent's own new words (quoted history, forwarded
blocks and signatures already removed by the pipeline) and, for the kinds that need it, the
thread's or the parent's history. It decides nothing and sends nothing: it returns a
:class:`Finding` (or ``None``), and the pipeline stores that as an advisory flag with its
evidence and explanation for a person to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FlagKind = Literal[
    "shouting", "volume", "repeated", "chasing", "duplicate", "abusive", "safeguarding"
]
FLAG_KINDS: tuple[FlagKind, ...] = (
    "safeguarding",
    "abusive",
    "shouting",
    "volume",
    "repeated",
    "duplicate",
    "chasing",
)


@dataclass(frozen=True)
class Finding:
    """What one analysis saw in one message.

    ``score`` is 0..1 (how strongly; the flag fires when the classifier returns a finding at
    all). ``evidence`` is JSON-serialisable: the words, sentences, counts, dates and message
    ids a headteacher needs to check the flag. ``explanation`` is one line in plain English
    that names the evidence ("7 emails about Uniform in 2 working days (limit 5)").
    """

    kind: FlagKind
    score: float
    explanation: str
    evidence: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PastMessage:
    """One earlier (or the current) message as history-aware classifiers see it.

    ``text`` is the sender's own new words. ``direction`` is "inbound" (to the school) or
    "outbound" (from the school); ``sender_kind`` is "parent", "staff" or "automated".
    ``is_holding_reply`` marks the daemon's own automatic replies, which never count as the
    school addressing anything. ``ack_due`` / ``acknowledged_at`` are set for inbound parent
    messages once the response clock has run (``None`` when unknown or not needed).
    """

    message_id: str
    received_at: datetime
    direction: Literal["inbound", "outbound"]
    sender_kind: Literal["parent", "staff", "automated"]
    text: str
    subject: str = ""
    thread_id: int | None = None
    matter: str = "general"
    attachments: tuple[str, ...] = ()
    is_holding_reply: bool = False
    ack_due: datetime | None = None
    acknowledged_at: datetime | None = None
