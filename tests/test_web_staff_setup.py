"""Creating an event and changing its settings in the staff console; a change that would
break meetings is shown first and saved only when confirmed, and never deletes them.
Breaks, tables, groups and interpreters are rows of the form (firms chosen by name, kinds
and languages from lists), saved all or none (issue 16, finding 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    GroupKind,
    ListingRule,
    Meeting,
    Participant,
    ScheduleStatus,
    ScheduleVersion,
    StaffRole,
)
from matchmaker.models.base import utcnow
from matchmaker.services.staff import create_staff
from tests.conftest import create_open_event, create_participant, staff_login

ADMIN = ("admin@amt.example", "admin-password-1")
STAFF = ("staff@amt.example", "staff-password-1")
URL = "/staff/e/messe/settings"


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


class _Fields(HTMLParser):
    """What a browser sends for the page's form with the `more`-less Save button: text and
    hidden inputs, ticked boxes, the selected option of each select, text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: MultiDict[str, str] = MultiDict()
        self.select: str | None = None
        self.first_option: dict[str, str] = {}
        self.chosen: set[str] = set()
        self.textarea: str | None = None
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("class") == "form":
            self.in_form = True
        if not self.in_form or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self.values.add(a["name"], a.get("value", "on"))
        elif tag == "input":
            self.values.add(a["name"], a.get("value", ""))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            self.first_option.setdefault(self.select, a.get("value", ""))
            if "selected" in a:
                self.values.add(self.select, a.get("value", ""))
                self.chosen.add(self.select)
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values.add(a["name"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            if self.select not in self.chosen:
                self.values.add(self.select, self.first_option.get(self.select, ""))
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values.setlist(self.textarea, [data.strip("\n")])


def form_of(
    web: FlaskClient, url: str = URL, /, **changes: str | Sequence[str] | None
) -> MultiDict[str, str]:
    """The settings form as the page fills it (as a browser would send it), with changes
    (a list sets several values, None drops the field)."""
    parser = _Fields()
    parser.feed(web.get(url).get_data(as_text=True))
    values = parser.values
    for name, value in changes.items():
        if value is None:
            values.poplist(name)
        else:
            values.setlist(name, [value] if isinstance(value, str) else list(value))
    return values


def event_row(app: Flask) -> Event:
    with app.app_context():
        event = db.session.scalars(select(Event).where(Event.slug == "messe")).one()
        _ = event.tables, event.breaks, event.sectors, event.groups, event.interpreters
        db.session.expunge_all()
        return event


def firm_id(app: Flask, external_id: str) -> int:
    with app.app_context():
        return db.session.scalars(
            select(Participant.id).where(Participant.external_id == external_id)
        ).one()


def test_settings_rows_show_and_save(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    page = web.get(URL).get_data(as_text=True)
    assert "Firm A</option>" in page  # firms are chosen by name
    assert '<option selected value="Europe/Berlin">Europe/Berlin</option>' in page
    host = str(firm_id(setup_app, "A"))
    values = form_of(
        web, venue="Stadthalle", sectors="Pflege\nMedizintechnik",
        **{"breaks-0-start": "10:00", "breaks-0-end": "10:20", "breaks-0-label": "Kaffee",
           "groups-0-kind": "host", "groups-1-kind": "delegation",
           "groups-2-name": "Presse", "groups-2-kind": "other",
           "tables-0-name": "Pflege 1", "tables-0-theme": "Pflege",
           "tables-1-name": "Stand Omsk", "tables-1-host": host,
           "interpreters-0-name": "Irina Petrova", "interpreters-0-languages": ["de", "ru"],
           "interpreters-0-available_from": "09:00", "interpreters-0-available_to": "12:00",
           "interpreters-0-max_meetings": "6"},
    )  # fmt: skip
    first = web.post(URL, data=values)
    assert first.status_code == 409  # A keeps table 2 now, but meets B at table 3: shown
    assert "Fassung 1" in first.get_data(as_text=True)
    assert (
        "<li>Firm A – Firm B um 10:40, Tisch 3: das Gespräch eines Gastgebers gehört an dessen "
        "eigenen Tisch Stand Omsk</li>"
    ) in first.get_data(as_text=True)
    values.setlist("confirm", ["1"])
    response = web.post(URL, data=values)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    event = event_row(setup_app)
    assert event.venue == "Stadthalle"
    assert [(b.start, b.label) for b in event.breaks] == [(time(10, 0), "Kaffee")]
    assert sorted(s.name for s in event.sectors) == ["Medizintechnik", "Pflege"]
    assert sorted((g.name, g.kind) for g in event.groups) == [
        ("Börde", GroupKind.HOST), ("Omsk", GroupKind.DELEGATION), ("Presse", GroupKind.OTHER),
    ]  # fmt: skip
    (irina,) = event.interpreters
    assert (irina.name, irina.languages, irina.available_to, irina.max_meetings) == (
        "Irina Petrova", ["de", "ru"], time(12, 0), 6,
    )  # fmt: skip
    assert [(t.number, t.name, t.theme, t.host_participant_id) for t in event.tables] == [
        (1, "Pflege 1", "Pflege", None), (2, "Stand Omsk", "", int(host)), (3, "", "", None),
    ]  # fmt: skip
    again = form_of(web)  # the page shows what was saved, in its rows
    assert again["interpreters-0-name"] == "Irina Petrova"
    assert again.getlist("interpreters-0-languages") == ["de", "ru"]
    assert (again["tables-1-name"], again["tables-1-host"]) == ("Stand Omsk", host)
    assert (again["breaks-0-start"], again["breaks-0-end"]) == ("10:00", "10:20")


def test_a_change_that_breaks_meetings_is_shown_first(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    values = form_of(web, slot_count="4")
    first = web.post(URL, data=values)
    assert first.status_code == 409
    page = first.get_data(as_text=True)
    assert "Diese Änderung würde bestehende Gespräche verletzen" in page
    assert "Fassung 1" in page
    assert (
        "<li>Firm A – Firm B in Zeitfenster 5, Tisch 3: das Zeitfenster 5 gibt es nicht</li>"
        in page
    )
    assert event_row(setup_app).slot_count == 6  # not saved yet
    values.setlist("confirm", ["1"])
    confirmed = web.post(URL, data=values)
    assert confirmed.status_code == 303
    assert event_row(setup_app).slot_count == 4
    with setup_app.app_context():
        assert len(db.session.scalars(select(Meeting)).all()) == 1  # nothing deleted


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"table_count": "2"}, "Tisch 3 hat Gespräche"),
        ({"timezone": "Mars/Olympus"}, "Zeitzone: Keine gültige Auswahl"),
        (
            {"breaks-0-start": "11:00", "breaks-0-end": "10:00"},
            "Pausen, Zeile 1, Bis: Muss später als „von“ sein.",
        ),
        (
            {"breaks-0-start": "08:00", "breaks-0-end": "08:30"},
            "Die Pause um 08:00 liegt vor der ersten Runde",
        ),
        ({"groups-2-name": "omsk"}, "Gruppen, Zeile 3, Name: Steht schon in Zeile 2."),
        ({"groups-0-kind": "aliens"}, "Gruppen, Zeile 1, Art: Keine gültige Auswahl"),
        (
            {"interpreters-0-name": "Irina", "interpreters-0-languages": "de"},
            "Dolmetscher, Zeile 1, Sprachen: Wählen Sie zwei Sprachen oder mehr.",
        ),
        (
            {"interpreters-0-name": "Irina", "interpreters-0-languages": ["de", "xx"]},
            "Dolmetscher, Zeile 1, Sprachen:",
        ),
        ({"tables-1-host": "99999"}, "Tische, Zeile 2, Den ganzen Tag besetzt von: Keine gültige"),
        ({"sectors": "Pflege\n" + "S" * 121}, "ist länger als 120 Zeichen"),
    ],
)
def test_refusals_name_the_row_and_field_and_save_nothing(
    setup_app: Flask, changes: dict[str, str | list[str]], text: str
) -> None:
    """Every refusal names its row and field; with one wrong row nothing is saved, not even
    the other, good rows of the same form (all or none)."""
    web = logged_in(setup_app, STAFF)
    good = {"venue": "Stadthalle", "groups-3-name": "Presse", "tables-0-name": "Pflege 1"}
    response = web.post(URL, data=form_of(web, **(good | changes)))
    assert response.status_code == 422
    assert text in response.get_data(as_text=True).replace("&#34;", '"')
    event = event_row(setup_app)
    assert (event.timezone, event.venue) == ("Europe/Berlin", "")
    assert sorted(g.name for g in event.groups) == ["Börde", "Omsk"]
    assert [t.name for t in event.tables] == ["", "", ""]


def test_more_rows_adds_empty_rows_and_saves_nothing(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    before = form_of(web)
    assert "groups-3-name" in before
    assert "groups-4-name" not in before
    values = form_of(web, venue="Stadthalle", more="groups")
    response = web.post(URL, data=values)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="groups-6-name"' in page
    assert 'value="Stadthalle"' in page
    assert event_row(setup_app).venue == ""  # shown again, not saved
    more_tables = web.post(URL, data=form_of(web, more="tables"))
    assert 'name="tables-3-name"' in more_tables.get_data(as_text=True)
    assert event_row(setup_app).tables.__len__() == 3


def test_saving_after_more_rows_lands_on_the_event_page_top(setup_app: Flask) -> None:
    """Walk 16 #20: "more rows" jumps to its list (a #fragment in its formaction); the page
    it answers must post Save to the plain address, or the browser carries the fragment
    through the redirect and lands on the event page at "#interpreters"."""
    web = logged_in(setup_app, STAFF)
    page = web.post(URL, data=form_of(web, more="interpreters")).get_data(as_text=True)
    assert 'formaction="/staff/e/messe/settings#interpreters"' in page  # the jump
    assert f'<form method="post" novalidate action="{URL}"' in page  # Save: no fragment


def test_staff_choose_when_new_firms_are_shown(setup_app: Flask) -> None:
    web = logged_in(setup_app, STAFF)
    assert 'name="listing"' in web.get(URL).get_data(as_text=True)
    response = web.post(URL, data=form_of(web, listing="confirmed"))
    assert response.status_code == 303
    assert event_row(setup_app).listing == ListingRule.CONFIRMED


def test_only_admins_create_events(setup_app: Flask) -> None:
    staff_web = logged_in(setup_app, STAFF)
    assert staff_web.get("/staff/admin/events/new").status_code == 403
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
    assert '<select id="timezone" name="timezone">' in page
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


def test_saving_unchanged_settings_of_an_event_with_breaks(setup_app: Flask) -> None:
    """Issue 16, finding 8: with breaks, saving the settings answered 500 even with nothing
    changed (the new break rows went in before the old ones were deleted, against the
    unique (event, start)). Breaks are now updated in place."""
    web = logged_in(setup_app, STAFF)
    rows = {
        "breaks-0-start": "10:00",
        "breaks-0-end": "10:20",
        "breaks-0-label": "Kaffee",
        "breaks-1-start": "12:00",
        "breaks-1-end": "13:00",
        "breaks-1-label": "Mittag",
    }
    values = form_of(web, confirm="1", **rows)  # fmt: skip
    assert web.post(URL, data=values).status_code == 303
    again = form_of(web, confirm="1")
    assert [again[f"breaks-{n}-{c}"] for n in (0, 1) for c in ("start", "label")] == [
        "10:00", "Kaffee", "12:00", "Mittag",
    ]  # fmt: skip
    assert web.post(URL, data=again).status_code == 303
    changed = form_of(web, confirm="1", **{
        "breaks-0-end": "10:30", "breaks-0-label": "Kaffeepause", "breaks-1-start": "14:00",
        "breaks-1-end": "14:15", "breaks-1-label": "Kaffee"})  # fmt: skip
    assert web.post(URL, data=changed).status_code == 303
    removed = form_of(web, confirm="1", **{"breaks-1-remove": "y"})
    assert web.post(URL, data=removed).status_code == 303
    event = event_row(setup_app)
    assert [(b.start, b.end_time, b.label) for b in event.breaks] == [
        (time(10, 0), time(10, 30), "Kaffeepause"),
    ]


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
        ("done", "Gruppen und Delegationen"),
        ("done", "Unternehmen: Liste importieren oder Anmeldung öffnen"),
        ("done", "Unternehmen zulassen"), ("todo", "Unternehmen einladen"),
        ("todo", "Empfehlungen berechnen"), ("todo", "Gesprächswünsche"),
        ("done", "Zeitplan erzeugen"), ("done", "Zeitplan veröffentlichen"),
        ("todo", "Börsentag"), ("todo", "Bericht"),
    ]  # fmt: skip
    assert "2 zugelassene Unternehmen haben noch keinen Link" in page
    assert re.search(r'<li class="todo next">.*?Unternehmen einladen', page, re.S)
    for _, link, _ in steps:
        assert web.get(link).status_code == 200, link
