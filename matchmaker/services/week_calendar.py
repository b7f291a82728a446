"""A delegation member's week as an iCalendar file (RFC 5545) for their own calendar.

Each entry's UID is `Entry.uid` (the event, the item, the host and the member, not a row of
a plan) and its SEQUENCE is `Entry.sequence` (the item's revision, or the number of the
published visit plan): importing the file again moves the entries already there instead of
adding copies. Visits of a plan published before that are no longer in the member's
group's plan, and the "plan follows" placeholder of a day whose plan is out, are sent as
cancelled. Times are wall-clock times of the event's time zone, with its VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.models import (
    DelegationMember,
    ItemKind,
    ProgrammeItem,
    VisitHost,
    VisitPlanState,
    VisitPlanVersion,
)
from matchmaker.services.ical import fair_calendar
from matchmaker.services.itinerary import Entry, MemberWeek, entry_uid
from matchmaker.services.programme import items_of
from matchmaker.services.visit_plans import plan_of, versions_of
from matchmaker.services.visit_problem import clock

PRODID = "-//matchmaker//Delegation week//DE"


@dataclass(frozen=True)
class EntryWords:
    """How an entry reads in the member's calendar (worded by the page, in their language)."""

    summary: str
    description: str


def _former_entries(
    member: DelegationMember,
    item: ProgrammeItem,
    version: VisitPlanVersion,
    sequence: int,
    hosts: dict[str, VisitHost],
) -> list[Entry]:
    """The member's group's visits and lunch in a plan published before, as entries with
    the `sequence` of the plan published now."""
    own = [g for g in plan_of(version).groups if str(member.id) in g.members]
    if not own:
        return []
    group = own[0]
    interpreter = {str(i.id): i.name for i in item.event.interpreters}.get(
        group.interpreter or "", ""
    )
    entries = [
        Entry(item.day, clock(v.start), clock(v.end), item, "visit",
              entry_uid(member, "visit", item.id, v.host), sequence, hosts.get(v.host),
              group.number, interpreter, clock(v.arrive))
        for v in group.visits
    ]  # fmt: skip
    if group.lunch:
        entries.append(Entry(
            item.day, clock(group.lunch[0]), clock(group.lunch[1]), item, "lunch",
            entry_uid(member, "lunch", item.id), sequence, group=group.number,
        ))  # fmt: skip
    return entries


def cancelled_entries(session: Session, week: MemberWeek) -> list[Entry]:
    """What the member's calendar may hold from before and the week no longer has: visits
    (and lunch) of formerly published plans of their days of visits that their group's
    plan now leaves out, and the "plan follows" entry of a day whose plan is published."""
    member = week.member
    shown = {entry.uid for entry in week.entries}
    hosts = {
        str(h.id): h
        for h in session.scalars(select(VisitHost).where(VisitHost.event_id == member.event_id))
    }
    cancelled: dict[str, Entry] = {}
    for item in items_of(session, member.event):
        if item.kind is not ItemKind.VISITS:
            continue
        published = [v for v in versions_of(session, item) if v.published_at is not None]
        if not published:
            continue
        sequence = published[0].number  # newest first: the plan published now
        former = [v for v in published if v.state is VisitPlanState.SUPERSEDED]
        for version in former:  # the newest former times of an entry win
            for entry in _former_entries(member, item, version, sequence, hosts):
                if entry.uid not in shown:
                    cancelled.setdefault(entry.uid, entry)
        placeholder = entry_uid(member, "item", item.id)
        if placeholder not in shown:
            cancelled[placeholder] = Entry(
                item.day, item.start, item.end_time, item, "pending", placeholder,
                item.revision + 1,
            )  # fmt: skip
    return sorted(cancelled.values(), key=lambda e: (e.day, e.start, e.uid))


def location(entry: Entry) -> str:
    """Where the entry takes place: the host and its address for a visit, else the item's
    place (none for lunch, which the group takes on its way)."""
    if entry.kind == "visit":
        host = entry.host
        return ", ".join(p for p in (host.name, host.address) if p) if host else ""
    if entry.kind == "meeting":
        event = entry.item.event
        return ", ".join(p for p in (entry.item.place or event.venue, event.city) if p)
    return "" if entry.kind == "lunch" else entry.item.place


def _stamp(session: Session, week: MemberWeek) -> datetime:
    """When the week's data last changed as far as its calendar shows: the newest item or
    published plan (a stable DTSTAMP: the same file for the same week)."""
    items = {entry.item.id: entry.item for entry in week.entries}
    stamps = [item.created_at for item in items.values()]
    if items:
        query = select(VisitPlanVersion.published_at).where(
            VisitPlanVersion.item_id.in_(items), VisitPlanVersion.published_at.is_not(None)
        )
        stamps += [stamp for stamp in session.scalars(query) if stamp is not None]
    return max(stamps, default=datetime(2000, 1, 1)).replace(tzinfo=UTC)


def week_calendar(
    session: Session, week: MemberWeek, words: Callable[[Entry], EntryWords], language: str
) -> bytes:
    """The calendar file of the member's week; `words` words an entry in the member's
    language (`language`, in which the calendar is named after the fair)."""
    event = week.member.event
    zone = ZoneInfo(event.timezone)
    calendar = fair_calendar(event, language, PRODID)
    stamp = _stamp(session, week)
    entries = [(entry, "CONFIRMED") for entry in week.entries]
    entries += [(entry, "CANCELLED") for entry in cancelled_entries(session, week)]
    for entry, status in entries:
        worded = words(entry)
        component = icalendar.Event()
        component.add("uid", entry.uid)
        component.add("sequence", entry.sequence)
        component.add("dtstamp", stamp)
        component.add("dtstart", datetime.combine(entry.day, entry.start, tzinfo=zone))
        component.add("dtend", datetime.combine(entry.day, entry.end, tzinfo=zone))
        component.add("summary", worded.summary)
        if worded.description:
            component.add("description", worded.description)
        place = location(entry)
        if place:
            component.add("location", place)
        component.add("status", status)
        calendar.add_component(component)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
