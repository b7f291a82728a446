"""What staff see and decide about an event's firms: the searchable list, approving or
rejecting registrations, and the event's figures at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from matchmaker.models import (
    Event,
    MeetingRequest,
    Participant,
    ParticipantStatus,
    RequestStatus,
    ScheduleVersion,
    StaffUser,
)
from matchmaker.services.audit import record

SORTS = {
    "name": lambda p: (p.name.casefold(),),
    "country": lambda p: (p.country, p.name.casefold()),
    "group": lambda p: (p.group.name if p.group else "~", p.name.casefold()),
    "registered": lambda p: (p.created_at, p.id),
    "status": lambda p: (p.status.value, p.name.casefold()),
}


class FirmNotFound(LookupError):
    """The firm is not one of this event's."""


@dataclass(frozen=True, slots=True)
class EventFigures:
    by_status: dict[str, int]
    requests: dict[str, int]
    versions: int


def list_firms(
    session: Session,
    event: Event,
    *,
    text: str = "",
    status: str = "",
    group_id: int | None = None,
    sort: str = "name",
) -> list[Participant]:
    """The event's firms narrowed by free text (name, city, offer, search, contact), status
    and group, sorted by `sort` (one of `SORTS`; unknown keys sort by name)."""
    firms = session.scalars(
        select(Participant)
        .where(Participant.event_id == event.id)
        .options(selectinload(Participant.sectors), selectinload(Participant.group))
    ).all()
    words = text.casefold().split()
    chosen = []
    for firm in firms:
        if status and firm.status.value != status:
            continue
        if group_id and firm.group_id != group_id:
            continue
        if words:
            fields = [firm.name, firm.city, firm.offer, firm.request, firm.contact_person]
            haystack = " ".join([*fields, firm.email, firm.external_id]).casefold()
            if not all(word in haystack for word in words):
                continue
        chosen.append(firm)
    return sorted(chosen, key=SORTS.get(sort, SORTS["name"]))


def set_firm_status(
    session: Session,
    event: Event,
    participant_id: int,
    status: ParticipantStatus,
    staff: StaffUser,
) -> Participant:
    """Approve, reject or re-open a firm's registration; written to the audit log."""
    firm = session.get(Participant, participant_id)
    if firm is None or firm.event_id != event.id:
        raise FirmNotFound(participant_id)
    before = firm.status
    firm.status = status
    record(
        session,
        staff,
        "firm.status",
        event=event,
        subject=firm.name,
        detail={"firm": firm.id, "before": before.value, "after": status.value},
    )
    return firm


def event_figures(session: Session, event: Event) -> EventFigures:
    statuses = Counter(
        s.value
        for s in session.scalars(select(Participant.status).where(Participant.event_id == event.id))
    )
    requests = Counter(
        s.value
        for s in session.scalars(
            select(MeetingRequest.status).where(MeetingRequest.event_id == event.id)
        )
    )
    versions = session.scalar(
        select(func.count())
        .select_from(ScheduleVersion)
        .where(ScheduleVersion.event_id == event.id)
    )
    return EventFigures(
        by_status={s.value: statuses.get(s.value, 0) for s in ParticipantStatus},
        requests={s.value: requests.get(s.value, 0) for s in RequestStatus},
        versions=int(versions or 0),
    )
