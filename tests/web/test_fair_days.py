"""A fair over two days in the app: staff set the days, firms say which days they come,
the scheduler keeps to them, and every date shown (agenda page and print, calendar file,
agenda mail, the staff grid, the big screen, the export, the delegation's week) is the
meeting's own day. The real app, a real database, the real scheduler."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import icalendar
import pytest
from babel.dates import format_interval, format_skeleton
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import DelegationMember, Event, ItemKind, MailKind, Participant
from matchmaker.notify import firm_mail
from matchmaker.services.agenda import agenda_for
from matchmaker.services.day_facts import first_open_slot
from matchmaker.services.drafts import draft_options, generate_draft
from matchmaker.services.fair_day import current_slot
from matchmaker.services.itinerary import member_week
from matchmaker.services.links import link_expires
from matchmaker.services.meeting_requests import requests_problem
from matchmaker.services.privacy import purge_expired
from matchmaker.services.programme import ItemValues, save_item
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.fair_day import LOGIN, publish_day
from tests.staff_setup import form_of

# Two days of three 20-minute slots from 09:00: slots 1-3 on day one, 4-6 on day two.
PUBLISHED = {("A", "B"): (1, 1), ("A", "C"): (4, 1), ("C", "D"): (5, 1)}


@dataclass(frozen=True)
class TwoDays:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]
    first: date

    @property
    def second(self) -> date:
        return self.first + timedelta(days=1)

    def firm(self, key: str) -> Participant:
        found = db.session.get(Participant, self.ids[key])
        assert found is not None
        return found


@pytest.fixture
def fair(app: Flask) -> TwoDays:
    """Event "zwei" over two days: A and D both days, B the first only, C the second only;
    the timetable PUBLISHED."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "zwei", slot_count=3, days=2)
        firms = {
            "A": create_participant(session, event, "A", name="Firma A", languages=["de"]),
            "B": create_participant(session, event, "B", name="Firma B", languages=["de"]),
            "C": create_participant(session, event, "C", name="Firma C", languages=["de"]),
            "D": create_participant(session, event, "D", name="Firma D", languages=["de"]),
        }
        firms["B"].days, firms["C"].days = [0], [1]
        publish_day(session, event, firms, PUBLISHED)
        session.commit()
        ids, first = {k: f.id for k, f in firms.items()}, event.date
    web = app.test_client()
    staff_login(web, LOGIN[0], LOGIN[1])
    return TwoDays(app, web, ids, first)


def test_staff_set_the_days_and_a_fourth_is_refused(fair: TwoDays) -> None:
    url = "/staff/e/zwei/settings"
    assert form_of(fair.web, url)["days"] == "2"
    response = fair.web.post(url, data=form_of(fair.web, url, days="4"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<p class="error" id="days-error">([^<]+)</p>', page)
    assert error is not None
    assert error.group(1) == "Zahl muss zwischen 1 und 3 liegen."
    fewer = form_of(fair.web, url, days="1")
    response = fair.web.post(url, data=fewer)
    assert response.status_code == 409  # the second day's meetings would have no slot
    assert "das Zeitfenster 4 gibt es nicht" in response.get_data(as_text=True)
    fewer.setlist("confirm", ["1"])
    assert fair.web.post(url, data=fewer).status_code == 303
    with fair.app.app_context():
        assert db.session.scalars(select(Event)).one().days == 1


def test_the_firm_says_which_days_it_comes(fair: TwoDays) -> None:
    with fair.app.app_context():
        token = link_token(fair.firm("B"))
    web = fair.app.test_client()
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    assert page.count('name="days"') == 2
    ticked = re.findall(r'<input checked id="days-(\d)" name="days" type="checkbox"', page)
    assert ticked == ["0"]
    response = web.post(f"/p/{token}/profile", data=_profile(page, days=[]))
    assert response.status_code == 422
    assert "Bitte wählen Sie mindestens einen Tag." in response.get_data(as_text=True)
    with fair.app.app_context():
        assert fair.firm("B").days == [0]  # nothing written
    response = web.post(f"/p/{token}/profile", data=_profile(page, days=["0", "1"]))
    assert response.status_code == 303
    with fair.app.app_context():
        assert fair.firm("B").days is None  # every day
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    web.post(f"/p/{token}/profile", data=_profile(page, days=["1"]))
    with fair.app.app_context():
        assert fair.firm("B").days == [1]


def _profile(page: str, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "csrf_token": csrf_token(page),
        "name": "Firma B",
        "group": "0",
        "contact_person": "Anna Schulz",
        "email": "anna@firma-b.example",
        "languages": ["de"],
        "offer": "Sterile Einwegprodukte",
        "request": "Vertriebspartner",
    }
    return values | changes


def test_the_agenda_shows_each_meeting_on_its_day(fair: TwoDays) -> None:
    with fair.app.app_context():
        token = link_token(fair.firm("A"))
        items = agenda_for(db.session(), fair.firm("A")).items
    assert [(i.day, i.start) for i in items] == [(fair.first, time(9)), (fair.second, time(9))]
    web = fair.app.test_client()
    page = web.get(f"/p/{token}/agenda").get_data(as_text=True)
    headings = re.findall(r'<tr class="day-row"><th[^>]*>([^<]+)</th>', page)
    assert len(headings) == 2
    assert str(fair.first.day) in headings[0]
    assert str(fair.second.day) in headings[1]
    assert page.index("Firma B") < page.index(headings[1]) < page.index("Firma C")
    calendar = icalendar.Calendar.from_ical(web.get(f"/p/{token}/agenda.ics").data)
    starts = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT"))
    assert [s.date() for s in starts] == [fair.first, fair.second]
    assert [s.time() for s in starts] == [time(9), time(9)]
    printed = web.get(f"/p/{token}/agenda/print").get_data(as_text=True)
    assert printed.count('class="day-row"') == 2


def test_staff_grid_export_and_big_screen_name_the_day(fair: TwoDays) -> None:
    grid = fair.web.get("/staff/e/zwei/timetable/1").get_data(as_text=True)
    assert grid.count(f"{fair.second.day}.") >= 3  # the second day's three rows
    text = fair.web.get("/staff/e/zwei/export/meetings.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["slot"], r["date"], r["start"]) for r in rows] == [
        ("1", fair.first.isoformat(), "09:00"),
        ("4", fair.second.isoformat(), "09:00"),
        ("5", fair.second.isoformat(), "09:20"),
    ]
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        morning = datetime.combine(fair.second, time(9, 5))
        slot = current_slot(event, morning)
        assert slot is not None
        assert slot.number == 4
        assert first_open_slot(event, datetime.combine(fair.second, time(9, 25))) == 5
        assert first_open_slot(event, datetime.combine(fair.first, time(12))) == 4
        evening = datetime.combine(fair.first, time(18))
        assert current_slot(event, evening) is None


def test_the_scheduler_keeps_each_firm_to_its_days(fair: TwoDays) -> None:
    with fair.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        run = generate_draft(session, event, options=draft_options(10))
        session.commit()
        day_of = {m.participant_a.external_id + m.participant_b.external_id: m.slot
                  for m in run.version.meetings}  # fmt: skip
    assert set(day_of) >= {"AB", "AC", "CD"}
    assert day_of["AB"] <= 3
    assert day_of["AC"] >= 4
    assert day_of["CD"] >= 4


def test_the_fair_item_of_the_week_lies_on_a_fair_day(fair: TwoDays) -> None:
    with fair.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        values = ItemValues(day=fair.second, kind=ItemKind.FAIR, title="Börse, Tag 2",
                            start=time(9), end=time(12))  # fmt: skip
        assert save_item(session, event, values).day == fair.second
        later = ItemValues(day=fair.second + timedelta(days=1), kind=ItemKind.FAIR,
                           title="Börse, Tag 3", start=time(9), end=time(12))  # fmt: skip
        with pytest.raises(Exception, match="not on"):
            save_item(session, event, later)


def test_the_agenda_mail_names_each_meetings_day(fair: TwoDays) -> None:
    with fair.app.app_context():
        firm = fair.firm("A")
        body = firm_mail(MailKind.AGENDA, firm, "https://messe.example/p/t/", {}, "de").body
        russian = firm_mail(MailKind.AGENDA, firm, "https://messe.example/p/t/", {}, "ru").body
    first = format_skeleton("MMMEd", fair.first, locale="de")
    second = format_skeleton("MMMEd", fair.second, locale="de")
    assert f"{first}, 09:00" in body
    assert f"{second}, 09:00" in body
    assert format_interval(fair.first, fair.second, "yMMMMd", locale="de") in body
    assert format_skeleton("MMMEd", fair.second, locale="ru") in russian


def test_a_members_week_has_their_firms_meetings_under_each_fair_day(fair: TwoDays) -> None:
    with fair.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        for day in (fair.first, fair.second):
            save_item(session, event, ItemValues(day=day, kind=ItemKind.FAIR, title="Börse",
                                                 start=time(9), end=time(12)))  # fmt: skip
        member = DelegationMember(event_id=event.id, participant_id=fair.ids["A"], name="Olga")
        session.add(member)
        session.flush()
        week = dict(member_week(session, member).days)
    meetings = {
        day: [(e.start, e.partner.name) for e in entries if e.kind == "meeting" and e.partner]
        for day, entries in week.items()
    }
    assert meetings == {
        fair.first: [(time(9), "Firma B")],
        fair.second: [(time(9), "Firma C")],
    }


def test_requests_links_and_retention_run_from_the_last_day(fair: TwoDays) -> None:
    with fair.app.app_context():
        event = db.session.scalars(select(Event)).one()
        on_the_second = datetime.combine(fair.second, time(12))
        assert requests_problem(event, on_the_second) is None
        assert requests_problem(event, on_the_second + timedelta(days=1)) == "closed"
        assert link_expires(event, 30) == fair.second + timedelta(days=30)
        session = db.session()
        assert purge_expired(session, 30, fair.second + timedelta(days=30)) == 0
        assert purge_expired(session, 30, fair.second + timedelta(days=31)) == 4
