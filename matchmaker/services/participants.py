"""Bringing firms into an event: from a profiles file, a form or the demo."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.io.profiles import ProfileRecord
from matchmaker.models import (
    Event,
    Group,
    Participant,
    ParticipantStatus,
    Sector,
    Unavailability,
)
from matchmaker.services.events import VISIBLE

TOKEN_BYTES = 32
_Named = TypeVar("_Named", Group, Sector)


def active_participants(session: Session, event: Event) -> Sequence[Participant]:
    """The event's firms still taking part (registered or approved), with what matching and
    scheduling read of them loaded, in id order."""
    return session.scalars(
        select(Participant)
        .where(Participant.event_id == event.id, Participant.status.in_(VISIBLE))
        .options(
            selectinload(Participant.sectors),
            selectinload(Participant.group),
            selectinload(Participant.unavailable),
        )
        .order_by(Participant.id)
    ).all()


def new_access_token() -> str:
    """A personal link's secret: 256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int


def import_profiles(
    session: Session,
    event: Event,
    records: Sequence[ProfileRecord],
    *,
    status: ParticipantStatus = ParticipantStatus.REGISTERED,
) -> ImportResult:
    """Create or update the event's firms from checked profile records, keyed by their `id`.

    Sectors and groups named in the records are added to the event when new. An updated firm
    keeps its access token, status and consent.
    """
    sectors = {s.name.casefold(): s for s in event.sectors}
    groups = {g.name.casefold(): g for g in event.groups}
    existing = {
        p.external_id: p
        for p in session.scalars(select(Participant).where(Participant.event_id == event.id))
    }
    created = updated = 0
    for record in records:
        profile, contact = record.profile, record.contact
        participant = existing.get(profile.id)
        if participant is None:
            participant = Participant(
                external_id=profile.id, access_token=new_access_token(), status=status
            )
            event.participants.append(participant)
            existing[profile.id] = participant
            created += 1
        else:
            updated += 1
        participant.name = profile.name
        participant.country = profile.country
        participant.offer = profile.offer
        participant.request = profile.request
        participant.description = profile.description
        participant.languages = list(profile.languages)
        participant.available_from = profile.available_from
        participant.available_to = profile.available_to
        participant.max_meetings = profile.max_meetings
        participant.city = contact.city
        participant.website = contact.website
        participant.contact_person = contact.contact_person
        participant.email = contact.email
        participant.phone = contact.phone
        participant.unavailable = [
            Unavailability(start=r.start, end_time=r.end) for r in profile.unavailable
        ]
        participant.group = _named(groups, profile.group, lambda n: Group(name=n), event.groups)
        participant.sectors = [
            sector
            for name in profile.sectors
            if (sector := _named(sectors, name, lambda n: Sector(name=n), event.sectors))
        ]
    session.flush()
    return ImportResult(created=created, updated=updated)


def _named(
    known: dict[str, _Named], name: str, make: Callable[[str], _Named], owner: list[_Named]
) -> _Named | None:
    """The event's sector or group of this name (case-insensitive), added when new."""
    if not name:
        return None
    item = known.get(name.casefold())
    if item is None:
        item = make(name)
        owner.append(item)
        known[name.casefold()] = item
    return item
