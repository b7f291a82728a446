"""Returning firms (issue 19): the firms an organisation has worked with, and one firm's
earlier fairs, so that staff see who comes back and what came of it before.

An organisation's directory is every registration, not erased, at an event the organisation
has any role on. Registrations are one firm when they share an e-mail address (case and
surrounding spaces ignored); registrations without an address are one firm when their names
are the same once case and spacing are ignored. A firm's "earlier fairs" are its
registrations with the same address at events dated before the current one that an
organisation with a role on the current event also has a role on (`shared_events`), and,
for staff, only at events the reader may see. Addresses are compared by SQL `lower()` and
then `casefold()`: SQLite's `lower()` folds ASCII letters only, so there two addresses that
differ in the case of a non-ASCII letter are not matched (PostgreSQL matches them).

Meetings count as held when they stand in the newest published timetable of a fair whose day
has come, neither firm was marked as not coming by the desk, and the meeting itself was not
marked as a no-show. Outcomes count the partners either side answered about after the fair,
as the committee report does (`services.outcome`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from matchmaker.models import (
    Event,
    EventOrganiser,
    Meeting,
    MeetingFeedback,
    MeetingStatus,
    Organisation,
    Participant,
    ParticipantStatus,
    ScheduleStatus,
    ScheduleVersion,
    StaffRole,
    StaffUser,
)
from matchmaker.services.organisations import events_with_role, organisations_of


@dataclass(frozen=True, slots=True)
class Outcome:
    """What came of a firm's meetings at one fair, by the answers after it: partners
    answered about (by the firm or the partner), and of them met, with a follow-up agreed,
    working together."""

    partners: int = 0
    met: int = 0
    follow_up: int = 0
    cooperation: int = 0


@dataclass(frozen=True, slots=True)
class FairVisit:
    """One registration of a firm at an earlier fair, as staff see it in its history."""

    participant_id: int
    event_slug: str
    event_name: str
    event_date: date
    status: ParticipantStatus
    meetings: int | None  # held; None while the fair's day has not come
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class DirectoryFirm:
    """One firm of an organisation's directory: its registrations taken together."""

    name: str  # as at its latest fair
    email: str
    country: str  # the latest given
    fairs: int
    last_fair: str
    last_date: date
    last_slug: str
    last_participant_id: int
    meetings: int  # held, at all its fairs


def shared_events(event_id: int) -> Select[int]:
    """The ids of the events (this one among them) that some organisation with a role on
    the event also has a role on."""
    organisers = select(EventOrganiser.organisation_id).where(EventOrganiser.event_id == event_id)
    return select(EventOrganiser.event_id).where(EventOrganiser.organisation_id.in_(organisers))


def directory_organisations(session: Session, staff: StaffUser) -> list[Organisation]:
    """The organisations whose directory the account may read: its own; every one for an
    installation administrator."""
    if staff.role is StaffRole.ADMIN:
        return list(session.scalars(select(Organisation).order_by(Organisation.name)))
    return organisations_of(session, staff)


def directory_organisation(session: Session, staff: StaffUser, slug: str) -> Organisation | None:
    """The organisation of this address if the account may read its directory, else None
    (the page then answers as if there were none)."""
    return next((o for o in directory_organisations(session, staff) if o.slug == slug), None)


def firm_key(firm: Participant) -> str:
    """What makes registrations one firm: the address, else the name (case and spacing
    ignored)."""
    email = firm.email.strip().casefold()
    return f"email:{email}" if email else "name:" + " ".join(firm.name.split()).casefold()


def firm_directory(
    session: Session, organisation: Organisation, today: date
) -> list[DirectoryFirm]:
    """The organisation's firms, by name: every not erased registration at its events, one
    entry per firm (`firm_key`)."""
    events = select(EventOrganiser.event_id).where(
        EventOrganiser.organisation_id == organisation.id
    )
    registrations = session.scalars(
        select(Participant)
        .where(Participant.event_id.in_(events), Participant.erased_at.is_(None))
        .options(selectinload(Participant.event))
    ).all()
    held = held_meetings(session, registrations, today)
    firms: dict[str, list[Participant]] = defaultdict(list)
    for registration in registrations:
        firms[firm_key(registration)].append(registration)
    found = []
    for group in firms.values():
        group.sort(key=lambda p: (p.event.date, p.created_at, p.id))
        latest = group[-1]
        found.append(
            DirectoryFirm(
                name=latest.name,
                email=latest.email.strip(),
                country=next((p.country for p in reversed(group) if p.country), ""),
                fairs=len({p.event_id for p in group}),
                last_fair=latest.event.name,
                last_date=latest.event.date,
                last_slug=latest.event.slug,
                last_participant_id=latest.id,
                meetings=sum(held[p.id] for p in group),
            )
        )
    return sorted(found, key=lambda f: (f.name.casefold(), f.email.casefold()))


def earlier_registrations(firm: Participant) -> Select[Participant] | None:
    """The query of the firm's registrations with its address at earlier fairs shared with
    an organiser of its own (`shared_events`), not erased, newest first; None when the
    firm has no address. Callers confirm the address with `same_address`."""
    email = firm.email.strip()
    if not email:
        return None
    return (
        select(Participant)
        .join(Event, Event.id == Participant.event_id)
        .where(
            Participant.event_id.in_(shared_events(firm.event_id)),
            Participant.event_id != firm.event_id,
            Participant.erased_at.is_(None),
            func.lower(Participant.email) == email.lower(),
            Event.date < firm.event.date,
        )
        .order_by(Event.date.desc(), Participant.created_at.desc(), Participant.id.desc())
    )


def same_address(a: Participant, b: Participant) -> bool:
    """Whether two registrations give the same e-mail address (case ignored)."""
    return bool(a.email.strip()) and a.email.strip().casefold() == b.email.strip().casefold()


def firm_history(
    session: Session, firm: Participant, viewer: StaffUser, today: date
) -> list[FairVisit]:
    """The firm's earlier fairs (`earlier_registrations`) that the viewer has a role on,
    newest first, with the meetings held there and what came of them."""
    query = earlier_registrations(firm)
    if query is None:
        return []
    if viewer.role is not StaffRole.ADMIN:
        query = query.where(Participant.event_id.in_(events_with_role(viewer)))
    earlier = [p for p in session.scalars(query) if same_address(p, firm)]
    held = held_meetings(session, earlier, today)
    answers = outcomes(session, [p.id for p in earlier])
    return [
        FairVisit(
            participant_id=p.id,
            event_slug=p.event.slug,
            event_name=p.event.name,
            event_date=p.event.date,
            status=p.status,
            meetings=held[p.id] if p.event.date <= today else None,
            outcome=answers.get(p.id, Outcome()),
        )
        for p in earlier
    ]


def held_meetings(session: Session, firms: Sequence[Participant], today: date) -> Counter[int]:
    """How many meetings each of these registrations held (see the module's note)."""
    ids = {p.id for p in firms}
    past = {p.event_id for p in firms if p.event.date <= today}
    newest: dict[int, tuple[int, int]] = {}  # event id: (number, version id)
    for event_id, number, version_id in session.execute(
        select(ScheduleVersion.event_id, ScheduleVersion.number, ScheduleVersion.id).where(
            ScheduleVersion.event_id.in_(sorted(past)),
            ScheduleVersion.status == ScheduleStatus.PUBLISHED,
        )
    ):
        if event_id not in newest or number > newest[event_id][0]:
            newest[event_id] = (number, version_id)
    absent = set(
        session.scalars(
            select(Participant.id).where(
                Participant.event_id.in_(list(newest)), Participant.no_show.is_(True)
            )
        )
    )
    held: Counter[int] = Counter()
    for a, b in session.execute(
        select(Meeting.participant_a_id, Meeting.participant_b_id).where(
            Meeting.schedule_id.in_([version for _, version in newest.values()]),
            Meeting.status != MeetingStatus.NO_SHOW,
        )
    ):
        if a not in absent and b not in absent:
            held.update(x for x in (a, b) if x in ids)
    return held


def outcomes(session: Session, ids: Collection[int]) -> dict[int, Outcome]:
    """What came of each registration's meetings, from the answers by it and about it."""
    wanted = set(ids)
    pairs: dict[tuple[int, int], list[MeetingFeedback]] = defaultdict(list)
    for row in session.scalars(
        select(MeetingFeedback).where(
            or_(MeetingFeedback.participant_id.in_(wanted), MeetingFeedback.partner_id.in_(wanted))
        )
    ):
        a, b = row.participant_id, row.partner_id
        for firm, partner in ((a, b), (b, a)):
            if firm in wanted:
                pairs[(firm, partner)].append(row)
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for (firm, _partner), answers in pairs.items():
        counts[firm]["partners"] += 1
        counts[firm]["met"] += any(a.met for a in answers)
        counts[firm]["follow_up"] += any(a.follow_up for a in answers)
        counts[firm]["cooperation"] += any(a.cooperation for a in answers)
    return {
        firm: Outcome(c["partners"], c["met"], c["follow_up"], c["cooperation"])
        for firm, c in counts.items()
    }
