"""A firm registering on the web, finding itself again by its personal link, and editing
its profile until the deadline."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.core.text.localised import with_translation
from matchmaker.core.types import TimeRange
from matchmaker.models import (
    Event,
    Organisation,
    Participant,
    ParticipantStatus,
    StaffUser,
    Unavailability,
)
from matchmaker.models.base import utcnow
from matchmaker.services.audit import record
from matchmaker.services.events import VISIBLE, profile_problem, registration_problem


class RegistrationClosed(RuntimeError):
    """The event takes no registrations or profile changes now; the message says why."""


@dataclass(frozen=True, slots=True)
class ProfileData:
    """What a firm tells about itself on the form, checked by the form already."""

    name: str
    country: str = ""
    city: str = ""
    group_id: int | None = None
    sector_ids: tuple[int, ...] = ()
    offer: str = ""
    request: str = ""
    description: str = ""
    website: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    available_from: time | None = None
    available_to: time | None = None
    unavailable: tuple[TimeRange, ...] = field(default=())
    days: tuple[int, ...] | None = None  # the fair's days it is there on; None: every day
    max_meetings: int | None = None
    # The language offer, request and description are in ("" detect it; None: leave as is),
    # the one the firm is written to in (None: leave), and its texts in a second language:
    # (field, text) pairs for `translation_language`, replacing those the form showed in
    # `replaced_language` when the firm chose another language for them.
    text_language: str | None = None
    locale: str | None = None
    translation_language: str = ""
    translation: tuple[tuple[str, str], ...] = ()
    replaced_language: str = ""


def register(
    session: Session,
    event: Event,
    data: ProfileData,
    submission_key: str,
    now: datetime | None = None,
    *,
    recruited_by: Organisation | None = None,
) -> tuple[Participant, bool]:
    """Create the firm (status registered, consent given now, credited to `recruited_by`)
    and return it with True; a form sent again with the same `submission_key` returns the
    firm it created, with False."""
    if (problem := registration_problem(event, now)) is not None:
        raise RegistrationClosed(problem)
    earlier = _by_submission(session, event, submission_key)
    if earlier is not None:
        return earlier, False
    participant = Participant(
        event_id=event.id,
        external_id=f"web-{secrets.token_hex(6)}",
        submission_key=submission_key,
        status=ParticipantStatus.REGISTERED,
        consent_at=utcnow(),
        recruited_by_id=recruited_by.id if recruited_by else None,
    )
    _apply(event, participant, data)
    try:
        with session.begin_nested():
            session.add(participant)
            session.flush()
    except IntegrityError:  # the same form, sent twice at the same moment: the other won
        earlier = _by_submission(session, event, submission_key)
        if earlier is None:
            raise
        return earlier, False
    return participant, True


def update_profile(
    session: Session, participant: Participant, data: ProfileData, now: datetime | None = None
) -> None:
    """Change the firm's profile; refused after the deadline or once the fair is closed
    (staff can still edit), allowed while the fair is in preparation."""
    if (problem := profile_problem(participant.event, now)) is not None:
        raise RegistrationClosed(problem)
    _apply(participant.event, participant, data)
    session.flush()


def staff_update_profile(
    session: Session, participant: Participant, data: ProfileData, staff: StaffUser
) -> None:
    """Staff change a firm's profile on its behalf, also after the deadline (logged)."""
    _apply(participant.event, participant, data)
    session.flush()
    record(session, staff, "firm.edit", event=participant.event, subject=participant.name)


def firms_with_email(session: Session, event: Event, email: str) -> list[Participant]:
    """The event's firms registered with this address (case-insensitive), to re-send links."""
    wanted = email.strip().casefold()
    if not wanted:
        return []
    return [
        p
        for p in session.scalars(
            select(Participant).where(
                Participant.event_id == event.id, Participant.status.in_(VISIBLE)
            )
        )
        if p.email.strip().casefold() == wanted
    ]


def confirm_email(
    session: Session, event: Event, participant_id: int, email: str
) -> Participant | None:
    """Mark the firm's address confirmed, if the firm is the event's, still takes part and
    still has this address (case-insensitive); None otherwise."""
    participant = session.get(Participant, participant_id)
    if (
        participant is None
        or participant.event_id != event.id
        or participant.status not in VISIBLE
        or participant.email.casefold() != email.casefold()
    ):
        return None
    if participant.email_confirmed_at is None:
        participant.email_confirmed_at = utcnow()
        session.flush()
    return participant


def _by_submission(session: Session, event: Event, key: str) -> Participant | None:
    return session.scalar(
        select(Participant).where(
            Participant.event_id == event.id, Participant.submission_key == key
        )
    )


def _apply(event: Event, participant: Participant, data: ProfileData) -> None:
    """Copy the form's values onto the firm; group and sectors must be the event's own."""
    groups = {g.id: g for g in event.groups}
    sectors = {s.id: s for s in event.sectors}
    unknown = [i for i in data.sector_ids if i not in sectors]
    if unknown or (data.group_id is not None and data.group_id not in groups):
        raise ValueError("group or sector not of this event")
    participant.name = data.name
    participant.country = data.country
    participant.city = data.city
    participant.group = groups.get(data.group_id) if data.group_id is not None else None
    participant.sectors = [sectors[i] for i in data.sector_ids]
    participant.offer = data.offer
    participant.request = data.request
    participant.description = data.description
    participant.website = data.website
    participant.contact_person = data.contact_person
    if data.email.casefold() != (participant.email or "").casefold():
        participant.email_confirmed_at = None  # a new address is confirmed anew
    participant.email = data.email
    participant.phone = data.phone
    participant.languages = list(data.languages)
    participant.available_from = data.available_from
    participant.available_to = data.available_to
    participant.days = presence_days(participant.event, data.days)
    participant.max_meetings = data.max_meetings
    participant.unavailable = [
        Unavailability(start=r.start, end_time=r.end) for r in data.unavailable
    ]
    _apply_languages(participant, data)


def _apply_languages(participant: Participant, data: ProfileData) -> None:
    """The language choices and the second-language texts onto the firm; translations in
    other languages (from an import, say) stay."""
    if data.text_language is not None:
        participant.text_language = data.text_language or None
    if data.locale is not None:
        participant.locale = data.locale
    texts = dict(participant.translations or {})
    if data.replaced_language and data.replaced_language != data.translation_language:
        texts.pop(data.replaced_language, None)  # the shown texts were moved to another language
    if data.translation_language:
        for name, text in data.translation:
            texts = with_translation(texts, data.translation_language, name, text)
    participant.translations = texts


def presence_days(event: Event, days: Sequence[int] | None) -> list[int] | None:
    """The days a firm is there on as stored: None for every day of the fair (also when it
    names them all: a day added to the fair later then counts too)."""
    if days is None:
        return None
    kept = sorted({d for d in days if 0 <= d < event.days})
    return None if not kept or len(kept) == event.days else kept
