"""Reading events for the public pages: the list, and one fair's overview."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, selectinload

from matchmaker.core.types import Slot, TimeRange
from matchmaker.models import (
    Event,
    EventBreak,
    EventState,
    Group,
    ListingRule,
    Participant,
    ParticipantStatus,
    Sector,
    StaffRole,
    StaffUser,
)
from matchmaker.services.convert import event_slots
from matchmaker.services.organisations import events_with_role

# Firms that take part: their links work, matching and scheduling count them.
VISIBLE = (ParticipantStatus.REGISTERED, ParticipantStatus.APPROVED)


def listed(event: Event) -> ColumnElement[bool]:
    """The firms of the event that others may see (event page, partner lists, requests):
    approved by staff, or, when the event says so, registered with a confirmed address.
    Imported firms are approved on import."""
    approved = Participant.status == ParticipantStatus.APPROVED
    if event.listing != ListingRule.CONFIRMED:
        return approved
    confirmed = and_(
        Participant.status == ParticipantStatus.REGISTERED,
        Participant.email_confirmed_at.is_not(None),
    )
    return or_(approved, confirmed)


def is_listed(participant: Participant) -> bool:
    """`listed` for one firm in memory."""
    if participant.status == ParticipantStatus.APPROVED:
        return True
    return (
        participant.event.listing == ListingRule.CONFIRMED
        and participant.status == ParticipantStatus.REGISTERED
        and participant.email_confirmed_at is not None
    )


@dataclass(frozen=True, slots=True)
class EventSummary:
    event: Event
    participant_count: int


@dataclass(frozen=True, slots=True)
class DayPart:
    """A stretch of the day as the programme shows it: a run of meeting slots, or a break
    (`pause`, whose label pages show in the reader's language)."""

    range: TimeRange
    pause: EventBreak | None
    slot_count: int


@dataclass(frozen=True, slots=True)
class EventOverview:
    event: Event
    slots: tuple[Slot, ...]
    programme: tuple[DayPart, ...]
    participants: tuple[Participant, ...]
    by_group: tuple[tuple[Group | None, tuple[Participant, ...]], ...]
    sector_counts: tuple[tuple[Sector, int], ...]
    country_counts: tuple[tuple[str, int], ...]
    registration_open: bool


def list_events(
    session: Session,
    *,
    drafts: bool = True,
    public_counts: bool = False,
    staff: StaffUser | None = None,
    drafts_of: StaffUser | None = None,
) -> list[EventSummary]:
    """The events, soonest first, with how many firms take part or, `public_counts`, are
    shown publicly; `drafts=False`: only the events the public may see, and, `drafts_of`,
    those in preparation that this account has a role on (every one for an administrator),
    so that staff preview their own fairs and no other organisation's; `staff`: only the
    events the account has a role on (`services.organisations.event_role`)."""
    query = select(Event).order_by(Event.date, Event.name)
    if not drafts:
        query = query.where(_visible(drafts_of))
    if staff is not None and staff.role is not StaffRole.ADMIN:
        query = query.where(Event.id.in_(events_with_role(staff)))
    events = session.scalars(query).all()
    status = Participant.status.in_(VISIBLE)
    return [
        EventSummary(e, _count(session, e, listed(e) if public_counts else status)) for e in events
    ]


def _visible(staff: StaffUser | None) -> ColumnElement[bool]:
    """The events the public may see, and the drafts the account may preview."""
    public = Event.state != EventState.DRAFT
    if staff is None:
        return public
    if staff.role is StaffRole.ADMIN:
        return true()
    return or_(public, Event.id.in_(events_with_role(staff)))


def _count(session: Session, event: Event, which: ColumnElement[bool]) -> int:
    query = select(func.count()).select_from(Participant)
    return int(session.scalar(query.where(Participant.event_id == event.id, which)) or 0)


def find_event(session: Session, slug: str) -> Event | None:
    return session.scalar(select(Event).where(Event.slug == slug))


def is_public(event: Event) -> bool:
    """Whether strangers may see the event: not while it is in preparation."""
    return event.state != EventState.DRAFT


def event_overview(session: Session, event: Event) -> EventOverview:
    """What a visitor of the event page sees: programme, the firms shown publicly (by
    group), sectors, countries."""
    participants = tuple(
        session.scalars(
            select(Participant)
            .where(Participant.event_id == event.id, listed(event))
            .options(selectinload(Participant.sectors), selectinload(Participant.group))
            .order_by(Participant.name)
        ).all()
    )
    slots = event_slots(event)
    groups: dict[int | None, list[Participant]] = {}
    for participant in participants:
        groups.setdefault(participant.group_id, []).append(participant)
    group_by_id = {g.id: g for g in event.groups}
    by_group = tuple(
        (group_by_id.get(gid) if gid is not None else None, tuple(members))
        for gid, members in sorted(
            groups.items(), key=lambda item: (item[0] is None, _group_order(group_by_id, item[0]))
        )
    )
    sector_counts = Counter(s for p in participants for s in p.sectors)
    country_counts = Counter(p.country for p in participants if p.country)
    return EventOverview(
        event=event,
        slots=slots,
        programme=programme(slots, event.breaks),
        participants=participants,
        by_group=by_group,
        sector_counts=tuple(sorted(sector_counts.items(), key=lambda kv: (-kv[1], kv[0].name))),
        country_counts=tuple(sorted(country_counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        registration_open=registration_problem(event) is None,
    )


def _group_order(groups: dict[int, Group], gid: int | None) -> tuple[int, str]:
    group = groups.get(gid) if gid is not None else None
    if group is None:
        return (2, "")
    return (0 if group.kind.value == "host" else 1, group.name)


def programme(slots: Sequence[Slot], breaks: Sequence[EventBreak]) -> tuple[DayPart, ...]:
    """Runs of consecutive slots, interleaved with the breaks that fall between them."""
    parts: list[DayPart] = []
    run: list[Slot] = []

    def close_run() -> None:
        if run:
            parts.append(DayPart(TimeRange(run[0].start, run[-1].end), None, len(run)))
            run.clear()

    pending = sorted(breaks, key=lambda b: b.start)
    for slot in slots:
        while pending and pending[0].start < slot.end and pending[0].end_time <= slot.start:
            close_run()
            pause = pending.pop(0)
            parts.append(DayPart(TimeRange(pause.start, pause.end_time), pause, 0))
        if run and run[-1].end != slot.start:
            close_run()
        run.append(slot)
    close_run()
    return tuple(parts)


def event_now(event: Event) -> datetime:
    """The wall-clock time at the event's place now (naive, like the event's own times)."""
    return datetime.now(ZoneInfo(event.timezone)).replace(tzinfo=None)


def registration_problem(event: Event, now: datetime | None = None) -> str | None:
    """Why the event takes no registrations or profile edits now, or None when it does:
    "draft" (the organisers have not opened it yet), "closed" (they closed it), "deadline"
    (its registration deadline has passed)."""
    if event.state == EventState.DRAFT:
        return "draft"
    if event.state != EventState.REGISTRATION_OPEN:
        return "closed"
    return "deadline" if _past_deadline(event, now) else None


def profile_problem(event: Event, now: datetime | None = None) -> str | None:
    """Why a firm may not change its own profile now, or None: as `registration_problem`,
    except that the firms staff brought into a fair still in preparation may already
    complete their profiles (until the deadline)."""
    problem = registration_problem(event, now)
    if problem == "draft":
        return "deadline" if _past_deadline(event, now) else None
    return problem


def _past_deadline(event: Event, now: datetime | None) -> bool:
    moment = now or event_now(event)
    return event.registration_deadline is not None and moment > event.registration_deadline
