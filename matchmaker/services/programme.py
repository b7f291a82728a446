"""The delegation's week (issue 21): its days and programme items, the delegation's members,
and who takes part in what. Flushes, never commits: the caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from itertools import groupby

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.core.messages import N_, Explained
from matchmaker.models import (
    DelegationMember,
    Event,
    ItemKind,
    Participant,
    ProgrammeAbsence,
    ProgrammeItem,
)
from matchmaker.models.base import utcnow
from matchmaker.services.convert import fair_dates

ITEM_ENDS_BEFORE = N_("The item must end after it starts.")
FAIR_NOT_THAT_DAY = N_("The fair's meetings are on %(dates)s, not on %(day)s.")
LUNCH_OUTSIDE = N_(
    "The lunch break (%(minutes)d minutes) does not fit between %(start)s and %(end)s."
)
LUNCH_INCOMPLETE = N_(
    "Give the lunch break's length, earliest start and latest end, or none of them."
)
NO_SUCH_FIRM = N_("The firm is not registered for this fair.")


@dataclass(frozen=True)
class ItemValues:
    """What staff enter for a programme item; the visit settings matter for `VISITS` only."""

    day: date
    kind: ItemKind
    title: str
    start: time
    end: time
    place: str = ""
    description: str = ""
    lat: float | None = None
    lon: float | None = None
    groups: int = 1
    lunch_minutes: int | None = None
    lunch_from: time | None = None
    lunch_to: time | None = None
    speed_kmh: float = 50.0
    detour: float = 1.3


@dataclass(frozen=True)
class MemberValues:
    """What staff enter for a member of the delegation."""

    name: str
    participant_id: int | None = None
    function: str = ""
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    locale: str | None = None


@dataclass(frozen=True)
class Day:
    """One day of the week with its items in the order they happen."""

    day: date
    items: tuple[ProgrammeItem, ...] = field(default=())


def items_of(session: Session, event: Event) -> list[ProgrammeItem]:
    """The event's programme items, by day and start."""
    query = select(ProgrammeItem).where(ProgrammeItem.event_id == event.id)
    order = (ProgrammeItem.day, ProgrammeItem.start, ProgrammeItem.id)
    return list(session.scalars(query.order_by(*order)))


def week(session: Session, event: Event) -> list[Day]:
    """The programme day by day (a day exists when it holds an item)."""
    items = items_of(session, event)
    return [Day(day, tuple(group)) for day, group in groupby(items, key=lambda i: i.day)]


def item_of(session: Session, event: Event, item_id: int) -> ProgrammeItem | None:
    """The event's item with this id, or None (an id of another event is none)."""
    item = session.get(ProgrammeItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def check_item(values: ItemValues, event: Event) -> None:
    """Raise `Explained` when the item's times do not make sense, or the fair's item lies
    on a day without the fair's meetings."""
    if values.end <= values.start:
        raise Explained(ITEM_ENDS_BEFORE)
    dates = fair_dates(event)
    if values.kind is ItemKind.FAIR and values.day not in dates:
        shown = ", ".join(d.isoformat() for d in dates)
        raise Explained(FAIR_NOT_THAT_DAY, dates=shown, day=values.day.isoformat())
    lunch = (values.lunch_minutes, values.lunch_from, values.lunch_to)
    if any(v is not None for v in lunch) and any(v is None for v in lunch):
        raise Explained(LUNCH_INCOMPLETE)
    if values.lunch_minutes and values.lunch_from and values.lunch_to:
        earliest = max(_minutes(values.lunch_from), _minutes(values.start))
        latest = min(_minutes(values.lunch_to), _minutes(values.end))
        if earliest + values.lunch_minutes > latest:
            raise Explained(
                LUNCH_OUTSIDE,
                minutes=values.lunch_minutes,
                start=values.lunch_from.strftime("%H:%M"),
                end=values.lunch_to.strftime("%H:%M"),
            )


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def save_item(
    session: Session, event: Event, values: ItemValues, item: ProgrammeItem | None = None
) -> ProgrammeItem:
    """Add an item to the week, or change `item`; checked first, so nothing half-written."""
    check_item(values, event)
    if item is None:
        item = ProgrammeItem(event_id=event.id)
        session.add(item)
    item.day, item.kind, item.title = values.day, values.kind, values.title
    item.start, item.end_time = values.start, values.end
    item.place, item.description = values.place, values.description
    item.lat, item.lon, item.groups = values.lat, values.lon, values.groups
    item.lunch_minutes, item.lunch_from, item.lunch_to = (
        values.lunch_minutes,
        values.lunch_from,
        values.lunch_to,
    )
    item.speed_kmh, item.detour = values.speed_kmh, values.detour
    item.revision = (item.revision or 0) + 1
    session.flush()
    return item


def delete_item(session: Session, item: ProgrammeItem) -> None:
    """Remove an item with its plans and absences (the database cascades)."""
    session.delete(item)
    session.flush()


def members_of(session: Session, event: Event) -> list[DelegationMember]:
    """The delegation's members, by name."""
    query = select(DelegationMember).where(DelegationMember.event_id == event.id)
    return list(session.scalars(query.order_by(DelegationMember.name, DelegationMember.id)))


def member_of(session: Session, event: Event, member_id: int) -> DelegationMember | None:
    """The event's member with this id, or None."""
    member = session.get(DelegationMember, member_id)
    return member if member is not None and member.event_id == event.id else None


def save_member(
    session: Session, event: Event, values: MemberValues, member: DelegationMember | None = None
) -> DelegationMember:
    """Add a member to the delegation, or change `member`; the firm must be of this fair."""
    if values.participant_id is not None:
        firm = session.get(Participant, values.participant_id)
        if firm is None or firm.event_id != event.id:
            raise Explained(NO_SUCH_FIRM)
    if member is None:
        member = DelegationMember(event_id=event.id)
        session.add(member)
    member.name, member.function = values.name, values.function
    member.participant_id = values.participant_id
    member.email, member.phone = values.email, values.phone
    member.languages, member.locale = list(values.languages), values.locale
    session.flush()
    return member


def delete_member(session: Session, member: DelegationMember) -> None:
    """Remove a member; plans keep their id until planned again (the verifier says so)."""
    session.delete(member)
    session.flush()


def absent_ids(session: Session, item: ProgrammeItem) -> set[int]:
    """The members who do not take part in the item."""
    query = select(ProgrammeAbsence.member_id).where(ProgrammeAbsence.item_id == item.id)
    return set(session.scalars(query))


def attending(session: Session, item: ProgrammeItem) -> list[DelegationMember]:
    """The members who take part in the item (everyone not marked absent)."""
    away = absent_ids(session, item)
    return [m for m in members_of(session, item.event) if m.id not in away]


def set_attendance(session: Session, item: ProgrammeItem, attends: dict[int, bool]) -> None:
    """Record who takes part in the item: `attends[member id]`; members not named keep theirs."""
    members = {m.id for m in members_of(session, item.event)}
    chosen = {mid: yes for mid, yes in attends.items() if mid in members}
    session.execute(
        delete(ProgrammeAbsence).where(
            ProgrammeAbsence.item_id == item.id, ProgrammeAbsence.member_id.in_(chosen)
        )
    )
    session.add_all(
        ProgrammeAbsence(item_id=item.id, member_id=mid) for mid, yes in chosen.items() if not yes
    )
    session.flush()


def mark_mailed(session: Session, member: DelegationMember) -> None:
    """Record that the member was mailed the link to their week now."""
    member.mailed_at = utcnow()
    session.flush()
