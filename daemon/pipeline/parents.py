"""One parent per normalised address; configured alias groups make several addresses one person."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from daemon.pipeline.addresses import normalise_address
from daemon.store.models import Parent, ParentAddress


class ParentDirectory:
    def __init__(self, session: Session, aliases: tuple[tuple[str, ...], ...] = ()) -> None:
        self._session = session
        self._groups: dict[str, tuple[str, ...]] = {}
        for group in aliases:
            members = tuple(a for a in (normalise_address(x) for x in group) if a)
            for member in members:
                self._groups[member] = members

    def canonical(self, address: str) -> str:
        normalised = normalise_address(address)
        return self._groups.get(normalised, (normalised,))[0]

    def find(self, address: str) -> Parent | None:
        group = self._group(address)
        link = self._session.exec(
            select(ParentAddress).where(ParentAddress.address.in_(group))  # type: ignore[attr-defined]
        ).first()
        return self._session.get(Parent, link.parent_id) if link else None

    def resolve(self, address: str, display_name: str, now: datetime) -> Parent:
        """The parent writing from ``address``, created on first sight."""
        group = self._group(address)
        parent = self.find(address)
        if parent is None:
            parent = Parent(address=group[0], display_name=display_name[:200], first_seen_at=now)
            self._session.add(parent)
            self._session.flush()
        elif display_name and not parent.display_name:
            parent.display_name = display_name[:200]
        for member in group:
            if self._session.get(ParentAddress, member) is None:
                self._session.add(ParentAddress(address=member, parent_id=parent.id))
        return parent

    def _group(self, address: str) -> tuple[str, ...]:
        normalised = normalise_address(address)
        return self._groups.get(normalised, (normalised,))
