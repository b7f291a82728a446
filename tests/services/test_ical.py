"""A firm's agenda as an iCalendar file (services/ical.py), called directly on a real database
and read back with the icalendar package: the meetings at their times in the event's zone,
a UID per pair of firms (the same from either side and in every version), the version number
as SEQUENCE, meetings dropped since marked cancelled, the fair's name in the reader's
language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy.orm import Session

from matchmaker.models import Event, Participant, ScheduleStatus
from matchmaker.services.agenda import AgendaItem, agenda_for
from matchmaker.services.ical import agenda_calendar, meeting_uid
from tests.factories import create_event, create_participant, create_version

BERLIN = ZoneInfo("Europe/Berlin")


def _summary(item: AgendaItem) -> str:
    return f"Treffen mit {item.partner.name}"


def _description(item: AgendaItem) -> str:
    return f"Tisch {item.table}"


def _fair(session: Session) -> tuple[Event, dict[str, Participant]]:
    event = create_event(session, "boerse", name="Kooperationsbörse", venue="Rathaus",
                         city="Barleben")  # fmt: skip
    event.translations = {"ru": {"name": "Биржа кооперации"}}
    firms = {k: create_participant(session, event, k, name=f"Firma {k}") for k in "ABCD"}
    return event, firms


def _entries(calendar: icalendar.Calendar) -> dict[str, icalendar.cal.Component]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_published_meetings_at_their_times_in_the_events_zone(session: Session) -> None:
    event, f = _fair(session)
    create_version(session, event, [(f["A"], f["B"], 2, 1), (f["C"], f["A"], 5, 2)])
    agenda = agenda_for(session, f["A"], cancelled=True)
    calendar = icalendar.Calendar.from_ical(agenda_calendar(agenda, _summary, _description, "ru"))
    assert str(calendar["x-wr-calname"]) == "Биржа кооперации"
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    entries = _entries(calendar)
    assert set(entries) == {
        meeting_uid("boerse", f["A"].id, f["B"].id),
        meeting_uid("boerse", f["A"].id, f["C"].id),
    }
    with_b = entries[meeting_uid("boerse", f["B"].id, f["A"].id)]  # the same from either side
    assert with_b.decoded("dtstart") == datetime(2027, 3, 18, 9, 20, tzinfo=BERLIN)
    assert with_b.decoded("dtend") == datetime(2027, 3, 18, 9, 40, tzinfo=BERLIN)
    assert with_b.decoded("dtstart").utcoffset().total_seconds() == 3600  # CET in March
    assert str(with_b["summary"]) == "Treffen mit Firma B"
    assert str(with_b["description"]) == "Tisch 1"
    assert str(with_b["location"]) == "Rathaus, Barleben"
    assert str(with_b["status"]) == "CONFIRMED"
    assert with_b.decoded("sequence") == 1
    with_c = entries[meeting_uid("boerse", f["A"].id, f["C"].id)]
    assert with_c.decoded("dtstart") == datetime(2027, 3, 18, 10, 20, tzinfo=BERLIN)
    of_b = agenda_calendar(agenda_for(session, f["B"]), _summary, _description, "de")
    assert set(_entries(icalendar.Calendar.from_ical(of_b))) == {
        meeting_uid("boerse", f["A"].id, f["B"].id)  # B's entry for the meeting is A's
    }


def test_a_republished_timetable_moves_entries_and_cancels_dropped_ones(
    session: Session,
) -> None:
    event, f = _fair(session)
    first = create_version(session, event, [(f["A"], f["B"], 2, 1), (f["A"], f["C"], 5, 2)])
    first.status = ScheduleStatus.SUPERSEDED
    create_version(session, event, [(f["A"], f["B"], 4, 1), (f["A"], f["D"], 1, 1)])
    agenda = agenda_for(session, f["A"], cancelled=True)
    calendar = icalendar.Calendar.from_ical(agenda_calendar(agenda, _summary, _description, "de"))
    assert str(calendar["x-wr-calname"]) == "Kooperationsbörse"
    entries = _entries(calendar)
    state = {
        uid: (str(e["status"]), e.decoded("sequence"), f"{e.decoded('dtstart'):%H:%M}")
        for uid, e in entries.items()
    }
    assert state == {
        meeting_uid("boerse", f["A"].id, f["B"].id): ("CONFIRMED", 2, "10:00"),  # moved
        meeting_uid("boerse", f["A"].id, f["D"].id): ("CONFIRMED", 2, "09:00"),
        meeting_uid("boerse", f["A"].id, f["C"].id): ("CANCELLED", 2, "10:20"),
    }


def test_before_publication_the_calendar_is_empty(session: Session) -> None:
    event, f = _fair(session)
    create_version(session, event, [(f["A"], f["B"], 2, 1)], status=ScheduleStatus.DRAFT)
    data = agenda_calendar(agenda_for(session, f["A"]), _summary, _description, "de")
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"
