"""Creating an event in the staff console (admins only, sensible defaults, a short name made
up), and the console's guidance: a short help atop each page and the event page's
checklist of what to do next (issue 16, finding 5)."""

from __future__ import annotations

from datetime import time

import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event
from tests.staff_setup import ADMIN, STAFF, form_of, logged_in, plant_setup_event


@pytest.fixture
def setup_app(app: Flask) -> Flask:
    return plant_setup_event(app)


def test_staff_of_an_organisation_and_admins_create_events(setup_app: Flask) -> None:
    staff_web = logged_in(setup_app, STAFF)
    new = staff_web.get("/staff/admin/events/new")
    assert new.status_code == 200
    assert "Testamt" in new.get_data(as_text=True)  # the owner to choose
    web = logged_in(setup_app, ADMIN)
    url = "/staff/admin/events/new"
    values = form_of(web, url, slug="boerse-aachen-2027", name="Börse Aachen",
                     date="2027-05-06", table_count="12", state="draft",
                     **{"groups-0-name": "Aachen", "groups-0-kind": "host",
                        "groups-1-name": "Korea", "groups-1-kind": "delegation"})  # fmt: skip
    response = web.post(url, data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    with setup_app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "boerse-aachen-2027")).one()
        assert (len(event.tables), event.slot_count) == (12, 15)
        assert sorted((g.name, g.kind.value) for g in event.groups) == [
            ("Aachen", "host"), ("Korea", "delegation"),
        ]  # fmt: skip
    again = web.post(url, data=values)
    assert again.status_code == 422
    assert "besteht bereits" in again.get_data(as_text=True)
    values.setlist("slug", ["Not A Slug"])
    assert web.post(url, data=values).status_code == 422


def test_a_new_event_has_sensible_defaults_and_its_short_name_is_made_up(
    setup_app: Flask,
) -> None:
    """Issue 16, finding 5: the time zone is a list with Europe/Berlin chosen, a new event
    starts at 09:00 with 15 slots of 20 minutes, ten tables and a lunch break; the short
    name may be left empty and is made from the name (umlauts, Cyrillic)."""
    web = logged_in(setup_app, ADMIN)
    url = "/staff/admin/events/new"
    page = web.get(url).get_data(as_text=True)
    assert '<select id="timezone" name="timezone" translate="no">' in page
    assert '<option selected value="Europe/Berlin">' in page
    assert "/staff/e//" not in page  # no event menu before the event exists
    values = form_of(web, url, name="Кооперационная биржа Омск – Börde", date="2027-09-01")
    assert (values["first_slot_start"], values["slot_minutes"], values["slot_count"]) == (
        "09:00", "20", "15",
    )  # fmt: skip
    assert (values["table_count"], values["breaks-0-start"]) == ("10", "12:00")
    assert values["slug"] == ""
    for _ in range(2):
        response = web.post(url, data=values)
        assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert response.location.endswith("/staff/e/kooperatsionnaia-birzha-omsk-boerde-2/")
    with setup_app.app_context():
        event = db.session.scalars(
            select(Event).where(Event.slug == "kooperatsionnaia-birzha-omsk-boerde")
        ).one()
        assert (event.timezone, event.first_slot_start, event.slot_count) == (
            "Europe/Berlin", time(9, 0), 15,
        )  # fmt: skip
        assert [(b.start, b.end_time, b.label) for b in event.breaks] == [
            (time(12, 0), time(13, 0), "Mittagspause")
        ]
        assert len(event.tables) == 10


def test_the_new_event_page_links_only_to_pages_that_exist(setup_app: Flask) -> None:
    """Issue 16, finding 5: on "Neue Börse" the event menu linked to /staff/e//settings."""
    import re

    web = logged_in(setup_app, ADMIN)
    page = web.get("/staff/admin/events/new").get_data(as_text=True)
    for link in set(re.findall(r'href="(/staff/[^"]*)"', page)):
        assert web.get(link).status_code == 200, link


def test_each_console_page_starts_with_a_short_help(setup_app: Flask) -> None:
    """Issue 16, finding 5: one or two sentences at the top of each console page say what
    it is for, in the reader's language."""
    import re

    web = logged_in(setup_app, ADMIN)
    pages = ["/staff/", "/staff/admin/events/new", "/staff/admin/staff", "/staff/password"] + [
        f"/staff/e/messe/{page}"
        for page in ("", "settings", "firms", "import", "timetable", "tables", "desk", "stats",
                     "audit")
    ]  # fmt: skip
    helps = set()
    for url in pages:
        response = web.get(url)
        assert response.status_code == 200, url
        found = re.findall(r'<p class="page-help">([^<]+)</p>', response.get_data(as_text=True))
        assert len(found) == 1, url
        helps.add(found[0])
    assert len(helps) == len(pages)  # each its own
    russian = web.get("/staff/e/messe/firms", headers={"Accept-Language": "ru"})
    assert '<p class="page-help">Компании биржи:' in russian.get_data(as_text=True)


def test_the_event_page_shows_what_to_do_next(setup_app: Flask) -> None:
    """Issue 16, finding 5: a checklist from settings to the report, each step done or not
    as the data says, each with a link that works."""
    import re

    web = logged_in(setup_app, STAFF)
    page = web.get("/staff/e/messe/").get_data(as_text=True)
    steps = re.findall(r'<li class="(done|todo)[^"]*">\s*<span class="state"[^>]*>.</span>\s*'
                       r'<a href="([^"]+)">([^<]+)</a>', page)  # fmt: skip
    assert [(state, title) for state, _, title in steps] == [
        ("done", "Einstellungen: Tag, Runden, Pausen"), ("todo", "Tische und Themen"),
        ("done", "Gruppen und Delegationen"), ("todo", "Texte in anderen Sprachen"),
        ("done", "Unternehmen: Liste importieren oder Anmeldung öffnen"),
        ("done", "Unternehmen zulassen"), ("todo", "Unternehmen einladen"),
        ("todo", "Empfehlungen berechnen"), ("done", "Gesprächswünsche"),
        ("done", "Zeitplan erzeugen"), ("done", "Zeitplan veröffentlichen"),
        ("todo", "Börsentag"), ("todo", "Bericht"),
    ]  # fmt: skip
    assert "2 zugelassene Unternehmen haben noch keinen Link" in page
    assert re.search(r'<li class="todo next">.*?Unternehmen einladen', page, re.S)
    for _, link, _ in steps:
        assert web.get(link).status_code == 200, link
    links = {title: link for _, link, title in steps}
    # each step leads to where it is done: the invitation on the firms page, the full day's
    # number of meetings in the timetable form
    for title, anchor in (("Unternehmen einladen", "invite"), ("Gesprächswünsche", "full-day")):
        path, fragment = links[title].split("#")
        assert fragment == anchor, title
        assert f'id="{anchor}"' in web.get(path).get_data(as_text=True), title
