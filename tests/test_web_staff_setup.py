"""Creating an event and changing its settings in the staff console; a change that would
break meetings is shown first and saved only when confirmed, and never deletes them."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    ListingRule,
    Meeting,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
    StaffRole,
)
from matchmaker.models.base import utcnow
from matchmaker.services.staff import create_staff
from tests.conftest import create_open_event, create_participant, csrf_token, staff_login

ADMIN = ("admin@amt.example", "admin-password-1")
STAFF = ("staff@amt.example", "staff-password-1")


def logged_in(app: Flask, who: tuple[str, str]) -> FlaskClient:
    web = app.test_client()
    staff_login(web, who[0], who[1])
    return web


@pytest.fixture
def setup_app(app: Flask) -> Flask:
    """An event with a published meeting at slot 5, table 3."""
    with app.app_context():
        session = db.session()
        create_staff(session, *ADMIN, role=StaffRole.ADMIN)
        create_staff(session, *STAFF)
        event = create_open_event(session, "messe")
        a = create_participant(session, event, "A", languages=["de"])
        b = create_participant(session, event, "B", languages=["de"])
        version = ScheduleVersion(event_id=event.id, number=1, status=ScheduleStatus.PUBLISHED,
                                  published_at=utcnow())  # fmt: skip
        session.add(version)
        session.flush()
        table3 = next(t for t in event.tables if t.number == 3)
        session.add(Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=a.id,
                            participant_b_id=b.id, slot=5, table_id=table3.id))  # fmt: skip
        session.commit()
    return app


def form_of(web: FlaskClient, url: str, **changes: Any) -> dict[str, Any]:
    """The settings form as the page fills it, with changes."""
    import re

    page = web.get(url).get_data(as_text=True)
    values: dict[str, Any] = {"csrf_token": csrf_token(page)}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        values.setdefault(name, value)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        values[name] = text.strip("\n")
    selected = re.search(r'name="state".*?<option selected value="([^"]+)"', page, re.S)
    values["state"] = selected.group(1) if selected else "registration_open"
    values.pop("cross_group_only", None)
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def event_row(app: Flask) -> Event:
    with app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "messe")).one()
        _ = event.tables, event.breaks, event.sectors, event.groups
        db.session.expunge_all()
        return event


def test_settings_show_and_save(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    url = "/staff/e/messe/settings"
    values = form_of(web, url, venue="Stadthalle", breaks="10:00-10:20 Kaffee",
                     sectors="Pflege\nMedizintechnik", groups="Börde | host\nOmsk | delegation",
                     table_names="1: Pflege 1 | Pflege\n2: Stand Omsk | | A",
                     interpreters="Irina Petrova | de,ru | 09:00-12:00 | 6")  # fmt: skip
    first = web.post(url, data=values)
    assert first.status_code == 409  # A hosts table 2 now, but meets B at table 3: shown
    assert "Fassung 1" in first.get_data(as_text=True)
    assert (
        "<li>Firm A – Firm B um 10:40, Tisch 3: das Gespräch eines Gastgebers gehört an dessen "
        "eigenen Tisch Stand Omsk</li>"
    ) in first.get_data(as_text=True)
    response = web.post(url, data={**values, "confirm": "1"})
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    event = event_row(setup_app)
    assert event.venue == "Stadthalle"
    assert [(b.start, b.label) for b in event.breaks] == [(time(10, 0), "Kaffee")]
    assert sorted(s.name for s in event.sectors) == ["Medizintechnik", "Pflege"]
    with setup_app.app_context():
        from matchmaker.models import EventInterpreter

        (irina,) = db.session.scalars(select(EventInterpreter)).all()
        assert (irina.name, irina.languages, irina.available_to, irina.max_meetings) == (
            "Irina Petrova",
            ["de", "ru"],
            time(12, 0),
            6,
        )
    page = web.get(url).get_data(as_text=True)
    assert "Irina Petrova | de,ru | 09:00-12:00 | 6" in page
    assert [(t.number, t.name, t.theme) for t in event.tables] == [
        (1, "Pflege 1", "Pflege"),
        (2, "Stand Omsk", ""),
        (3, "", ""),
    ]
    with setup_app.app_context():
        host = db.session.scalars(select(Participant).where(Participant.external_id == "A")).one()
        assert [t.host_participant_id for t in event.tables] == [None, host.id, None]
    assert "2: Stand Omsk |  | A" in page


def test_a_change_that_breaks_meetings_is_shown_first(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    url = "/staff/e/messe/settings"
    values = form_of(web, url, slot_count="4")
    first = web.post(url, data=values)
    assert first.status_code == 409
    page = first.get_data(as_text=True)
    assert "Diese Änderung würde bestehende Gespräche verletzen" in page
    assert "Fassung 1" in page
    assert (
        "<li>Firm A – Firm B in Zeitfenster 5, Tisch 3: das Zeitfenster 5 gibt es nicht</li>"
        in page
    )
    assert event_row(setup_app).slot_count == 6  # not saved yet
    confirmed = web.post(url, data={**values, "confirm": "1"})
    assert confirmed.status_code == 303
    assert event_row(setup_app).slot_count == 4
    with setup_app.app_context():
        assert len(db.session.scalars(select(Meeting)).all()) == 1  # nothing deleted


def test_refusals_name_the_field(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    url = "/staff/e/messe/settings"
    for changes, text in (
        ({"table_count": "2"}, "Tisch 3 hat Gespräche"),
        ({"timezone": "Mars/Olympus"}, "ist keine Zeitzone"),
        ({"breaks": "10-11 Pause"}, "Zeile 1"),
        ({"groups": "Omsk | aliens"}, "Die Art muss host, delegation oder other sein"),
        ({"interpreters": "Irina | de"}, "Zeile 1: Schreiben Sie"),
        ({"table_names": "2: Stand | | ZZ"}, "Kein Unternehmen mit der id &#39;ZZ&#39;"),
        ({"sectors": "Pflege\n" + "S" * 121}, "ist länger als 120 Zeichen"),
    ):
        response = web.post(url, data=form_of(web, url, **changes))
        assert response.status_code == 422, changes
        assert text in response.get_data(as_text=True), changes
    assert event_row(setup_app).timezone == "Europe/Berlin"


def test_staff_choose_when_new_firms_are_shown(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    url = "/staff/e/messe/settings"
    assert 'name="listing"' in web.get(url).get_data(as_text=True)
    response = web.post(url, data=form_of(web, url, listing="confirmed"))
    assert response.status_code == 303
    assert event_row(setup_app).listing == ListingRule.CONFIRMED


def test_only_admins_create_events(setup_app: Flask) -> None:
    staff_web = logged_in(setup_app, STAFF)
    assert staff_web.get("/staff/admin/events/new").status_code == 403
    web = logged_in(setup_app, ADMIN)
    url = "/staff/admin/events/new"
    page = web.get(url).get_data(as_text=True)
    values = {
        "csrf_token": csrf_token(page), "slug": "boerse-aachen-2027", "name": "Börse Aachen",
        "date": "2027-05-06", "timezone": "Europe/Berlin", "first_slot_start": "09:00",
        "slot_minutes": "30", "slot_count": "10", "table_count": "12", "state": "draft",
        "groups": "Aachen | host\nKorea | delegation",
    }  # fmt: skip
    response = web.post(url, data=values)
    assert response.status_code == 303
    with setup_app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "boerse-aachen-2027")).one()
        assert (len(event.tables), event.slot_count) == (12, 10)
    again = web.post(url, data=values)
    assert again.status_code == 422
    assert "besteht bereits" in again.get_data(as_text=True)
    bad = web.post(url, data={**values, "slug": "Not A Slug"})
    assert bad.status_code == 422


def test_saving_unchanged_settings_of_an_event_with_breaks(setup_app: Flask) -> None:
    """Issue 16, finding 8: with breaks, saving the settings answered 500 even with nothing
    changed (the new break rows went in before the old ones were deleted, against the
    unique (event, start)). Breaks are now updated in place."""
    web = logged_in(setup_app, STAFF)
    url = "/staff/e/messe/settings"
    values = form_of(web, url, breaks="10:00-10:20 Kaffee\n12:00-13:00 Mittag")
    assert web.post(url, data={**values, "confirm": "1"}).status_code == 303
    again = form_of(web, url)
    assert again["breaks"].split() == ["10:00-10:20", "Kaffee", "12:00-13:00", "Mittag"]
    assert web.post(url, data={**again, "confirm": "1"}).status_code == 303
    changed = form_of(web, url, breaks="10:00-10:30 Kaffeepause\n14:00-14:15 Kaffee")
    assert web.post(url, data={**changed, "confirm": "1"}).status_code == 303
    event = event_row(setup_app)
    assert [
        (b.start, b.end_time, b.label) for b in sorted(event.breaks, key=lambda b: b.start)
    ] == [
        (time(10, 0), time(10, 30), "Kaffeepause"),
        (time(14, 0), time(14, 15), "Kaffee"),
    ]
