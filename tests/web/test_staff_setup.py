"""Changing an event's settings in the staff console; a change that would
break meetings is shown first and saved only when confirmed, and never deletes them.
Breaks, tables, groups and interpreters are rows of the form (firms chosen by name, kinds
and languages from lists), saved all or none (issue 16, finding 5)."""

from __future__ import annotations

from datetime import time

import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, GroupKind, ListingRule, Meeting, Participant
from tests.staff_setup import STAFF, URL, form_of, logged_in, plant_setup_event


@pytest.fixture
def setup_app(app: Flask) -> Flask:
    return plant_setup_event(app)


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
