"""One parent per normalised address; configured alias groups make several addresses one person."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from daemon.pipeline.addresses import normalise_address
from daemon.store.models import Parent, ParentAddress


class ParentDirectory:
    """Finds and creates parents within one session (one batch).

    A batch may tell it which addresses could already be stored (:meth:`expect`): an address
    outside that set is known to be new without asking the database. Single addresses found
    are remembered until :meth:`forget` (the runner calls it when a message's savepoint rolls
    back, which may have undone a parent created in it).
    """

    def __init__(self, session: Session, aliases: tuple[tuple[str, ...], ...] = ()) -> None:
        self._session = session
        self._groups: dict[str, tuple[str, ...]] = {}
        for group in aliases:
            members = tuple(a for a in (normalise_address(x) for x in group) if a)
            for member in members:
                self._groups[member] = members
        self._maybe_stored: set[str] | None = None  # None: anything may be stored
        self._found: dict[str, int] = {}
        # The session holds loaded rows weakly; the batch's parents are kept while it runs.
        self._pinned: list[Parent] = []

    def canonical(self, address: str) -> str:
        normalised = normalise_address(address)
        return self._groups.get(normalised, (normalised,))[0]

    def expect(self, addresses: Iterable[str]) -> None:
        """Read which of these (raw) addresses and their alias groups are stored already,
        and the parents they belong to, in a few queries for the whole batch."""
        wanted = sorted({member for a in addresses for member in self._group(a) if member})
        links: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            links.update(
                self._session.exec(
                    _LINK_PAIRS, params={"addresses": wanted[start : start + 500]}
                ).all()
            )
        self._maybe_stored = set(links)
        # A single address's link is what find() would read; stored before the batch, no
        # rollback can undo it.
        self._found.update(
            (address, parent_id)
            for address, parent_id in links.items()
            if self._group(address) == (address,)
        )
        ids = sorted(set(links.values()))
        for start in range(0, len(ids), 500):
            self._pinned.extend(
                self._session.exec(_PARENTS, params={"ids": ids[start : start + 500]}).all()
            )

    def expect_anything(self) -> None:
        """Ask the database about every address from now on."""
        self._maybe_stored = None

    def forget(self) -> None:
        """Drop what was learnt since :meth:`expect`, after a rollback."""
        self._found.clear()

    def find(self, address: str) -> Parent | None:
        group = self._group(address)
        if self._maybe_stored is not None and not any(m in self._maybe_stored for m in group):
            return None
        if len(group) == 1 and group[0] in self._found:
            return self._session.get(Parent, self._found[group[0]])
        link = self._session.exec(_LINKS, params={"group": list(group)}).first()
        if link is None:
            return None
        if len(group) == 1:
            self._found[group[0]] = link.parent_id
        return self._session.get(Parent, link.parent_id)

    def resolve(self, address: str, display_name: str, now: datetime) -> Parent:
        """The parent writing from ``address``, created on first sight."""
        group = self._group(address)
        parent = self.find(address)
        # find() found the one address of a single-address group: it is stored.
        present = group if parent is not None and len(group) == 1 else ()
        if parent is None:
            parent = Parent(address=group[0], display_name=display_name[:200], first_seen_at=now)
            self._session.add(parent)
            self._session.flush()
            assert parent.id is not None  # given by the flush
            self._pinned.append(parent)
            if len(group) == 1:
                self._found[group[0]] = parent.id
        elif display_name and not parent.display_name:
            parent.display_name = display_name[:200]
        for member in group:
            if member in present:
                continue
            if self._known_absent(member) or self._session.get(ParentAddress, member) is None:
                assert parent.id is not None  # stored, or flushed just above
                self._session.add(ParentAddress(address=member, parent_id=parent.id))
                if self._maybe_stored is not None:
                    self._maybe_stored.add(member)
        return parent

    def _known_absent(self, member: str) -> bool:
        return self._maybe_stored is not None and member not in self._maybe_stored

    def _group(self, address: str) -> tuple[str, ...]:
        normalised = normalise_address(address)
        return self._groups.get(normalised, (normalised,))


_LINKS = select(ParentAddress).where(
    col(ParentAddress.address).in_(bindparam("group", expanding=True))
)
_LINK_PAIRS = select(ParentAddress.address, ParentAddress.parent_id).where(
    col(ParentAddress.address).in_(bindparam("addresses", expanding=True))
)
_PARENTS = select(Parent).where(col(Parent.id).in_(bindparam("ids", expanding=True)))
