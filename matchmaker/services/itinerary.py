"""A delegation member's week (issue 21): every programme item they take part in, and on a
day of visits, once its plan is published, their group's visits, lunch and interpreter; for
their phone page, the printed page and their calendar. Also their personal link, which works
like a firm's (services/links.py): derived from the app's key, only its hash stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from matchmaker.models import DelegationMember, ItemKind, Participant, ProgrammeItem, VisitHost
from matchmaker.services.agenda import agenda_for
from matchmaker.services.convert import fair_dates
from matchmaker.services.links import (
    MAX_TOKEN,
    MIN_TOKEN,
    derive_token,
    link_expires,
    token_digest,
)
from matchmaker.services.programme import absent_ids, items_of
from matchmaker.services.visit_plans import plan_of, published_of
from matchmaker.services.visit_problem import clock


@dataclass(frozen=True)
class Entry:
    """One entry of a member's week: a programme item, a visit or lunch of their group, or a
    meeting of their firm at the fair. `uid` names it for calendars (stable across
    re-publishing), `sequence` counts its changes."""

    day: date
    start: time
    end: time
    item: ProgrammeItem
    kind: str  # "item", "visit", "lunch", "pending" (visits not yet published), "meeting"
    uid: str
    sequence: int
    host: VisitHost | None = None
    group: int | None = None
    interpreter: str = ""
    arrive: time | None = None
    partner: Participant | None = None  # a meeting's partner firm
    table: str = ""  # a meeting's table


@dataclass(frozen=True)
class MemberWeek:
    """The member's week, entries by day and time."""

    member: DelegationMember
    days: tuple[tuple[date, tuple[Entry, ...]], ...]

    @property
    def entries(self) -> list[Entry]:
        return [entry for _, entries in self.days for entry in entries]


def entry_uid(member: DelegationMember, *parts: object) -> str:
    """The calendar UID of the member's entry named by `parts` ("visit", item id, host id)."""
    name = "-".join(str(p) for p in parts)
    return f"{member.event.slug}-{name}-m{member.id}@matchmaker"


def _visit_entries(session: Session, member: DelegationMember, item: ProgrammeItem) -> list[Entry]:
    """The member's group's visits and lunch on a day of visits, or one entry saying the
    plan is still to come."""
    version = published_of(session, item)
    own = [g for g in plan_of(version).groups if str(member.id) in g.members] if version else []
    if version is None or not own:
        uid = entry_uid(member, "item", item.id)
        return [Entry(item.day, item.start, item.end_time, item, "pending", uid, item.revision)]
    group = own[0]
    hosts = {str(h.id): h for h in session.scalars(select(VisitHost).where(
        VisitHost.event_id == item.event_id))}  # fmt: skip
    interpreter = {str(i.id): i.name for i in item.event.interpreters}.get(
        group.interpreter or "", ""
    )
    entries = [
        Entry(
            day=item.day,
            start=clock(v.start),
            end=clock(v.end),
            item=item,
            kind="visit",
            uid=entry_uid(member, "visit", item.id, v.host),
            sequence=version.number,
            host=hosts.get(v.host),
            group=group.number,
            interpreter=interpreter,
            arrive=clock(v.arrive),
        )
        for v in group.visits
    ]
    if group.lunch:
        uid = entry_uid(member, "lunch", item.id)
        entries.append(Entry(
            item.day, clock(group.lunch[0]), clock(group.lunch[1]), item, "lunch", uid,
            version.number, group=group.number,
        ))  # fmt: skip
    return sorted(entries, key=lambda e: e.start)


def _meeting_entries(
    session: Session, member: DelegationMember, item: ProgrammeItem
) -> list[Entry]:
    """On a day of the fair, the published meetings of the member's firm that day."""
    firm = member.participant
    if firm is None or item.day not in fair_dates(item.event):
        return []
    agenda = agenda_for(session, firm)
    if agenda.version is None:
        return []
    return [
        Entry(
            day=item.day,
            start=meeting.start,
            end=meeting.end,
            item=item,
            kind="meeting",
            uid=entry_uid(member, "meeting", *sorted((firm.id, meeting.partner.id))),
            sequence=agenda.version.number,
            partner=meeting.partner,
            table=meeting.table,
            interpreter=meeting.interpreter or "",
        )
        for meeting in agenda.items
        if meeting.day == item.day
    ]


def member_week(session: Session, member: DelegationMember) -> MemberWeek:
    """Everything the member takes part in, day by day."""
    by_day: dict[date, list[Entry]] = {}
    for item in items_of(session, member.event):
        if member.id in absent_ids(session, item):
            continue
        if item.kind is ItemKind.VISITS:
            entries = _visit_entries(session, member, item)
        else:
            uid = entry_uid(member, "item", item.id)
            entries = [Entry(item.day, item.start, item.end_time, item, "item", uid, item.revision)]
            if item.kind is ItemKind.FAIR:
                entries += _meeting_entries(session, member, item)
        by_day.setdefault(item.day, []).extend(entries)
    days = tuple(
        (day, tuple(sorted(entries, key=lambda e: (e.start, e.kind != "item", e.end))))
        for day, entries in sorted(by_day.items())
    )
    return MemberWeek(member, days)


def member_token(session: Session, member: DelegationMember, secret: str) -> str:
    """The member's link token to hand out now (its hash stored if it is not yet)."""
    token = derive_token(secret, member.link_salt)
    digest = token_digest(token)
    if member.token_hash != digest:
        member.token_hash = digest
        session.flush()
    return token


def member_by_token(
    session: Session, token: str, today: date, retention_days: int
) -> DelegationMember | None:
    """The member whose link this is, unless it has expired with the event's retention."""
    if not MIN_TOKEN <= len(token) <= MAX_TOKEN:
        return None
    query = select(DelegationMember).where(DelegationMember.token_hash == token_digest(token))
    member = session.scalar(query.options(joinedload(DelegationMember.event)))
    if member is None or today > link_expires(member.event, retention_days):
        return None
    return member
