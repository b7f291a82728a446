"""Factories for the tests: real rows in a real database, no mocks. Each makes what a test
needs with sensible defaults that its keyword arguments override."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventState,
    EventTable,
    Group,
    GroupKind,
    Meeting,
    Participant,
    ParticipantStatus,
    ScheduleStatus,
    ScheduleVersion,
    Sector,
)
from matchmaker.models.base import utcnow
from matchmaker.services.links import current_token
from matchmaker.services.versions import new_version


def create_event(session: Session, slug: str = "fair", **values: Any) -> Event:
    defaults: dict[str, Any] = {
        "name": f"Fair {slug}",
        "date": date(2027, 3, 18),
        "first_slot_start": time(9, 0),
        "slot_minutes": 20,
        "slot_count": 6,
    }
    event = Event(slug=slug, **(defaults | values))
    event.tables = [EventTable(number=n) for n in (1, 2, 3)]
    event.groups = [
        Group(name="Börde", kind=GroupKind.HOST),
        Group(name="Omsk", kind=GroupKind.DELEGATION),
    ]
    session.add(event)
    session.flush()
    return event


def create_participant(
    session: Session, event: Event, external_id: str, **values: Any
) -> Participant:
    """A firm as staff import it: approved (so shown to the others) unless `status` says."""
    values.setdefault("status", ParticipantStatus.APPROVED)
    participant = Participant(
        event_id=event.id,
        external_id=external_id,
        name=values.pop("name", f"Firm {external_id}"),
        **values,
    )
    session.add(participant)
    session.flush()
    return participant


def link_token(participant: Participant) -> str:
    """The firm's personal-link token as the app hands it out (in an app context; its hash is
    stored and committed, so the link opens the firm's pages)."""
    token = current_token(db.session(), participant, current_app.config["SECRET_KEY"])
    db.session.commit()
    return token


def create_open_event(session: Session, slug: str = "open", **values: Any) -> Event:
    """An event taking registrations: on a day two months ahead, deadline in a month, with
    sectors (Medizintechnik, Pflege, Metallverarbeitung)."""
    today = datetime.now().date()
    defaults: dict[str, Any] = {
        "date": today + timedelta(days=60),
        "registration_deadline": datetime.now().replace(microsecond=0) + timedelta(days=30),
        "state": EventState.REGISTRATION_OPEN,
        "max_requests_per_participant": 3,
    }
    event = create_event(session, slug, **(defaults | values))
    event.sectors = [Sector(name=n) for n in ("Medizintechnik", "Pflege", "Metallverarbeitung")]
    session.flush()
    return event


def create_version(
    session: Session,
    event: Event,
    meetings: Sequence[tuple[Participant, Participant, int, int]] = (),
    status: ScheduleStatus = ScheduleStatus.PUBLISHED,
) -> ScheduleVersion:
    """The event's next timetable version with `meetings` (firm, firm, slot, table number),
    published now unless `status` says otherwise (nothing else is superseded)."""
    version = new_version(session, event)  # the service's numbering, as the app's
    version.status = status
    version.published_at = utcnow() if status is not ScheduleStatus.DRAFT else None
    tables = {t.number: t.id for t in event.tables}
    for a, b, slot, table in meetings:
        session.add(
            Meeting(
                event_id=event.id,
                schedule_id=version.id,
                participant_a_id=a.id,
                participant_b_id=b.id,
                slot=slot,
                table_id=tables[table],
            )
        )
    session.flush()
    return version


@dataclass(frozen=True)
class Firms:
    """An event and its firms "Firma A", "Firma B", ..., whose ids are their letters, read
    as `fair.a`, `fair.b`, ...: for tests that need a few firms and nothing else."""

    event: Event
    by_letter: dict[str, Participant]

    def __getattr__(self, letter: str) -> Participant:
        try:
            return self.by_letter[letter.upper()]
        except KeyError:
            raise AttributeError(letter) from None


def create_firms(session: Session, event: Event, letters: str) -> Firms:
    """The firms "Firma <letter>" for each of `letters` at `event`."""
    return Firms(
        event, {k: create_participant(session, event, k, name=f"Firma {k}") for k in letters}
    )
