"""A firm's agenda as an iCalendar file (RFC 5545) for its own calendar.

Each meeting's UID names the fair and the pair of firms, not a database row, and SEQUENCE is
the timetable's version number: importing the file of a re-published timetable moves the
entries already there instead of adding copies, and meetings dropped since are sent as
cancelled. Times carry the event's time zone (with its VTIMEZONE definition).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from matchmaker.models import Event
from matchmaker.services.agenda import Agenda, AgendaItem
from matchmaker.services.texts import local_text

PRODID = "-//matchmaker//Kooperationsbörse agenda//DE"


def meeting_uid(slug: str, a: int, b: int) -> str:
    low, high = sorted((a, b))
    return f"{slug}-{low}-{high}@matchmaker"


def fair_calendar(event: Event, language: str, prodid: str = PRODID) -> icalendar.Calendar:
    """An empty calendar named after the fair in `language` (its entries are added)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", local_text(event, "name", language).text)
    return calendar


def agenda_calendar(
    agenda: Agenda,
    summary: Callable[[AgendaItem], str],
    description: Callable[[AgendaItem], str],
    language: str,
) -> bytes:
    """The calendar file; `summary` and `description` word an entry in the reader's language
    (`language`, in which the calendar is named after the fair where the name is translated)."""
    participant = agenda.participant
    event = participant.event
    zone = ZoneInfo(event.timezone)
    calendar = fair_calendar(event, language)
    version = agenda.version
    stamp = version.published_at if version and version.published_at else datetime(2000, 1, 1)
    sequence = version.number if version is not None else 0
    entries = [(item, "CONFIRMED") for item in agenda.items]
    entries += [(item, "CANCELLED") for item in agenda.cancelled]
    for item, status in entries:
        entry = icalendar.Event()
        entry.add("uid", meeting_uid(event.slug, participant.id, item.partner.id))
        entry.add("sequence", sequence)
        entry.add("dtstamp", stamp.replace(tzinfo=UTC))
        entry.add("dtstart", datetime.combine(item.day, item.start, tzinfo=zone))
        entry.add("dtend", datetime.combine(item.day, item.end, tzinfo=zone))
        entry.add("summary", summary(item))
        entry.add("description", description(item))
        entry.add("location", ", ".join(p for p in (event.venue, event.city) if p))
        entry.add("status", status)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
