"""One spelling per mailbox, and a safe stand-in for it in logs.

A parent who writes from ``Jane.Smith+school@GoogleMail.com`` one day and
``janesmith@gmail.com`` the next is one person with one mailbox: Gmail ignores dots in the
local part and treats googlemail.com as gmail.com, and almost every provider delivers
``local+tag`` to ``local``. Grouping a parent's messages (threads, volume, chasing) must not
depend on which spelling their phone used today, so every address is compared in the form
:func:`normalise_address` returns.

Logs never carry an address (UK GDPR: keep the minimum); :func:`short_hash` gives a stable,
short token instead, so one parent's lines can still be followed through a log.
"""

from __future__ import annotations

import hashlib

# Providers that ignore dots in the local part; the value is the canonical domain.
_DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
# Left by copying an address out of a list or a sentence ("write to jane@x.com.").
_EDGE_JUNK = " \t\r\n<>\"',;."
_HASH_CHARS = 10


def normalise_address(addr: str) -> str:
    """The comparable form of ``addr``, or "" when it is not a usable address.

    Accepts what people and headers actually contain: surrounding spaces or angle brackets,
    a ``Name <addr>`` form, a ``mailto:`` link (with or without ``?subject=``), a trailing
    dot. Lower-cases it all (local parts are case-sensitive in theory, never in practice),
    drops a ``+tag`` subaddress, and for Gmail drops dots and maps googlemail.com to gmail.com.
    Junk (no ``@``, more than one, an empty local part or domain, spaces inside) gives "".
    """
    value = addr.strip()
    if "<" in value and ">" in value.rpartition("<")[2]:
        # "Jane Smith <jane@x.com>": the bracketed part is the address.
        value = value.rpartition("<")[2].partition(">")[0]
    value = value.strip(_EDGE_JUNK).lower()
    if value.startswith("mailto:"):
        value = value[len("mailto:") :].partition("?")[0].strip(_EDGE_JUNK)
    if value.count("@") != 1 or any(c.isspace() for c in value):
        return ""
    local, _, domain = value.partition("@")
    local = local.partition("+")[0].strip(".")
    domain = domain.strip(".")
    if domain in _DOTLESS_DOMAINS:
        domain = _DOTLESS_DOMAINS[domain]
        local = local.replace(".", "")
    if not local or not domain:
        return ""
    return f"{local}@{domain}"


def short_hash(addr: str) -> str:
    """10 hex characters of SHA-256 of the normalised address, for log lines.

    Different spellings of one mailbox give the same hash. Junk that does not normalise is
    hashed as written (trimmed, lower-cased), so two different bad values stay apart.
    """
    basis = normalise_address(addr) or addr.strip().lower()
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]
