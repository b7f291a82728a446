"""Bringing firms into an event: from a profiles file, a form or the demo."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.core.messages import N_
from matchmaker.core.text.localised import with_translation
from matchmaker.core.types import Profile
from matchmaker.io.errors import InputFileError, Problem
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
from matchmaker.services.registration import presence_days

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


def matching_profiles(session: Session, event: Event) -> tuple[Profile, ...]:
    """The event's firms still taking part, as the matcher reads them (id as the database id,
    group, the three texts; no times, which matching does not read), in id order. Read as
    plain rows: loading 20,000 firms as ORM objects with their relations took 2.4 s of a
    run that should take under a minute."""
    rows = session.execute(
        select(
            Participant.id,
            Participant.name,
            Participant.country,
            Group.name,
            Participant.offer,
            Participant.request,
            Participant.description,
        )
        .outerjoin(Group, Participant.group_id == Group.id)
        .where(Participant.event_id == event.id, Participant.status.in_(VISIBLE))
        .order_by(Participant.id)
    )
    return tuple(
        Profile(str(firm), name, country, group or "", (), offer, request, description)
        for firm, name, country, group, offer, request, description in rows
    )


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    left_out: int = 0  # rows of erased firms staff did not bring back


def import_profiles(
    session: Session,
    event: Event,
    records: Sequence[ProfileRecord],
    *,
    status: ParticipantStatus = ParticipantStatus.REGISTERED,
    filled: Mapping[str, Collection[str]] | None = None,
    source: str = "",
) -> ImportResult:
    """Create or update the event's firms from checked profile records, keyed by their `id`.

    A new firm gets every column. An existing firm gets only the columns `filled` names for
    its id (the file's columns whose cell in its row is not empty), so that a file with fewer
    columns, or a blank cell, never wipes what the firm or staff entered; without `filled`
    every column is written. An updated firm keeps its link, status and consent. Sectors and
    groups named in the records are added to the event when new. A stay that would end before
    it starts (one time from the file, the other kept) is refused for the whole file
    (InputFileError naming `source` and the row).
    """
    sectors = {s.name.casefold(): s for s in event.sectors}
    groups = {g.name.casefold(): g for g in event.groups}
    existing = {
        p.external_id: p
        for p in session.scalars(select(Participant).where(Participant.event_id == event.id))
    }
    created = updated = 0
    problems: list[Problem] = []
    for record in records:
        participant = existing.get(record.profile.id)
        columns: Collection[str] | None = None
        if participant is None:
            participant = Participant(external_id=record.profile.id, status=status)
            event.participants.append(participant)
            existing[record.profile.id] = participant
            created += 1
        else:
            columns = None if filled is None else filled.get(record.profile.id, ())
            updated += 1
        values = _column_values(record)
        values["days"] = {"days": presence_days(event, record.profile.days)}
        if any(day >= event.days for day in record.profile.days):
            problems.append(_day_problem(source, record, event.days))
        values["group"] = {
            "group": _named(groups, record.profile.group, lambda n: Group(name=n), event.groups)
        }
        values["sectors"] = {
            "sectors": [
                sector
                for name in record.profile.sectors
                if (sector := _named(sectors, name, lambda n: Sector(name=n), event.sectors))
            ]
        }
        for column, attributes in values.items():
            if columns is None or column in columns:
                for attribute, value in attributes.items():
                    setattr(participant, attribute, value)
        _translate(participant, record, columns)
        start, end = participant.available_from, participant.available_to
        if start is not None and end is not None and end <= start:
            problems.append(_stay_problem(source, record, start))
    if problems:
        raise InputFileError(problems)
    session.flush()
    return ImportResult(created=created, updated=updated)


def _column_values(record: ProfileRecord) -> dict[str, dict[str, object]]:
    """Per column of a profiles file, the firm's attributes it sets (group and sectors apart:
    they may add to the event)."""
    profile, contact = record.profile, record.contact
    return {
        "name": {"name": profile.name},
        "country": {"country": profile.country},
        "offer": {"offer": profile.offer},
        "request": {"request": profile.request},
        "description": {"description": profile.description},
        "languages": {"languages": list(profile.languages)},
        "available_from": {"available_from": profile.available_from},
        "available_to": {"available_to": profile.available_to},
        "max_meetings": {"max_meetings": profile.max_meetings},
        "city": {"city": contact.city},
        "website": {"website": contact.website},
        "contact_person": {"contact_person": contact.contact_person},
        "email": {"email": contact.email},
        "phone": {"phone": contact.phone},
        "unavailable": {
            "unavailable": [
                Unavailability(start=r.start, end_time=r.end) for r in profile.unavailable
            ]
        },
    }


def _translate(
    participant: Participant, record: ProfileRecord, columns: Collection[str] | None
) -> None:
    """The record's translations onto the firm, a cell at a time (an empty cell removes
    nothing), and the language its texts are in where the file gives one."""
    if record.text_language and (columns is None or "text_language" in columns):
        participant.text_language = record.text_language
    for language, texts in record.translations.items():
        for field, text in texts.items():
            if columns is None or f"{field}_{language}" in columns:
                participant.translations = with_translation(
                    participant.translations or {}, language, field, text
                )


def _day_problem(source: str, record: ProfileRecord, days: int) -> Problem:
    return Problem(
        source, N_("the fair has %(num)d day(s) of meetings"), record.row, "days", {"num": days}
    )


def _stay_problem(source: str, record: ProfileRecord, start: time) -> Problem:
    return Problem(
        source,
        N_("must be later than available_from (%(time)s, kept from before)"),
        record.row,
        "available_to",
        {"time": start.strftime("%H:%M")},
    )


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
