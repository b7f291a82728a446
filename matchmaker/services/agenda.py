"""A firm's personal agenda from the published timetable: when, where, with whom, in which
language, and its seats at the themed tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from matchmaker.core.types import Slot
from matchmaker.models import (
    Event,
    EventTable,
    Meeting,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
    TableSeat,
)
from matchmaker.services.convert import event_slots, slot_date


@dataclass(frozen=True, slots=True)
class AgendaItem:
    meeting_id: int
    slot: int
    day: date  # the date it is on (a fair may last several days)
    start: time
    end: time
    table: str
    theme: str
    partner: Participant
    place: EventTable  # the table itself: pages show its name and theme in the reader's language
    shared_languages: tuple[str, ...]
    interpreter: str | None


@dataclass(frozen=True, slots=True)
class Seat:
    round: int
    table: int
    theme: str


@dataclass(frozen=True, slots=True)
class Agenda:
    """`version` is None until staff publish a timetable."""

    participant: Participant
    version: ScheduleVersion | None
    items: tuple[AgendaItem, ...]
    seats: tuple[Seat, ...]
    cancelled: tuple[AgendaItem, ...] = ()  # meetings of earlier versions dropped since

    def now_and_next(self, moment: datetime) -> tuple[AgendaItem | None, AgendaItem | None]:
        """The meeting under way at `moment` (event time) and the one after it that day, on
        a fair day only: before or after the fair, none (months ahead, "next" would be
        noise)."""
        today = [i for i in self.items if i.day == moment.date()]
        clock = moment.time()
        current = next((i for i in today if i.start <= clock < i.end), None)
        upcoming = next((i for i in today if i.start > clock), None)
        return current, upcoming


def published_version(session: Session, event: Event) -> ScheduleVersion | None:
    """The timetable the firms see: the newest published version."""
    return session.scalar(
        select(ScheduleVersion)
        .where(
            ScheduleVersion.event_id == event.id,
            ScheduleVersion.status == ScheduleStatus.PUBLISHED,
        )
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


def agenda_for(session: Session, participant: Participant, *, cancelled: bool = False) -> Agenda:
    """The firm's published meetings and themed-table seats; with `cancelled`, also its
    meetings of earlier versions dropped since (only calendars need those, and finding
    them reads every earlier version)."""
    event = participant.event
    version = published_version(session, event)
    seats = tuple(
        Seat(s.round, s.table_number, s.theme)
        for s in session.scalars(
            select(TableSeat)
            .where(TableSeat.event_id == event.id, TableSeat.participant_id == participant.id)
            .order_by(TableSeat.round)
        )
    )
    if version is None:
        return Agenda(participant, None, (), seats)
    slots = {s.number: s for s in event_slots(event)}
    found = (_item(m, participant, slots) for m in _meetings_of(session, version, participant))
    items = sorted((i for i in found if i is not None), key=lambda i: i.slot)
    dropped = _dropped(session, version, participant, slots, items) if cancelled else ()
    return Agenda(participant, version, tuple(items), seats, dropped)


@dataclass(frozen=True, slots=True)
class PrintedAgendas:
    """All agendas on paper: a page per firm with a meeting, and the firms without one,
    listed together on one summary page (not a page saying "no meetings" each)."""

    agendas: tuple[Agenda, ...]
    without: tuple[Participant, ...]


def printable_agendas(session: Session, firms: Sequence[Participant]) -> PrintedAgendas:
    """The published agendas of `firms` (in their order) split into those with meetings
    and the firms without any."""
    agendas = [agenda_for(session, firm) for firm in firms]
    return PrintedAgendas(
        tuple(a for a in agendas if a.items),
        tuple(a.participant for a in agendas if not a.items),
    )


def scheduled_partner_ids(session: Session, participant: Participant) -> set[int]:
    """Firms the participant meets in the published timetable: only they see each other's
    contact details."""
    version = published_version(session, participant.event)
    if version is None:
        return set()
    pairs = session.execute(
        select(Meeting.participant_a_id, Meeting.participant_b_id).where(
            Meeting.schedule_id == version.id,
            (Meeting.participant_a_id == participant.id)
            | (Meeting.participant_b_id == participant.id),
        )
    )
    return {b if a == participant.id else a for a, b in pairs}


def _meetings_of(
    session: Session, version: ScheduleVersion, participant: Participant
) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.schedule_id == version.id,
                (Meeting.participant_a_id == participant.id)
                | (Meeting.participant_b_id == participant.id),
            )
            .options(
                joinedload(Meeting.participant_a),
                joinedload(Meeting.participant_b),
                joinedload(Meeting.table),
                joinedload(Meeting.interpreter),
            )
        )
    )


def _dropped(
    session: Session,
    version: ScheduleVersion,
    participant: Participant,
    slots: dict[int, Slot],
    items: list[AgendaItem],
) -> tuple[AgendaItem, ...]:
    """The firm's meetings in earlier published versions with partners the current version
    (`items`) no longer has (the newest of each): calendars must be told to remove them."""
    current = {item.partner.id for item in items}
    earlier = session.scalars(
        select(ScheduleVersion)
        .where(
            ScheduleVersion.event_id == version.event_id,
            ScheduleVersion.number < version.number,
            ScheduleVersion.published_at.is_not(None),
        )
        .order_by(ScheduleVersion.number.desc())
    ).all()
    dropped: dict[int, AgendaItem] = {}
    for old in earlier:
        for m in _meetings_of(session, old, participant):
            item = _item(m, participant, slots)
            if item is not None and item.partner.id not in current:
                dropped.setdefault(item.partner.id, item)
    return tuple(dropped.values())


def _item(m: Meeting, participant: Participant, slots: dict[int, Slot]) -> AgendaItem | None:
    partner = m.participant_b if m.participant_a_id == participant.id else m.participant_a
    slot = slots.get(m.slot)
    if slot is None:  # the grid shrank after publishing; staff see it in the verifier
        return None
    return AgendaItem(
        meeting_id=m.id,
        slot=m.slot,
        day=slot_date(participant.event, slot),
        start=slot.start,
        end=slot.end,
        table=m.table.label,
        theme=m.table.theme,
        partner=partner,
        place=m.table,
        shared_languages=tuple(code for code in participant.languages if code in partner.languages),
        interpreter=m.interpreter.name if m.interpreter is not None else None,
    )
