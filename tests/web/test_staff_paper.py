"""Paper and the staff timetable pages (issue 16, findings 9 and 7): the printed table plan
shows only the tables in use (no 16 pages of dashes), "all agendas" prints only firms with
meetings and one summary page of those without; the draft page words what publishing
changes and the firm's recommendations are bands in words, not raw scores. Real app, real
database, real rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    EventInterpreter,
    Meeting,
    Recommendation,
    ScheduleStatus,
    ScheduleVersion,
)
from matchmaker.models.base import utcnow
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant

LOGIN = ("paper@amt.example", "paper-password-1")
PUBLISHED = {("A", "B"): (1, 1), ("C", "D"): (3, 2)}  # (slot, table); E meets nobody


@dataclass(frozen=True)
class Office:
    app: Flask
    web: FlaskClient
    ids: dict[str, int]


def make_office(session: Session) -> dict[str, int]:
    """Event "druck": firms A-E, version 1 published (A-B at 09:00, C-D at 09:40; E meets
    nobody), version 2 a draft (A-B moved, B-E new), A's recommendations; a staff login."""
    create_staff(session, *LOGIN)
    event = create_open_event(session, "druck")
    firms = {
        k: create_participant(session, event, k, name=f"Firma {k}", contact_person=f"Frau {k}")
        for k in "ABCDE"
    }
    tables = {t.number: t.id for t in event.tables}
    for number, status in ((1, ScheduleStatus.PUBLISHED), (2, ScheduleStatus.DRAFT)):
        version = ScheduleVersion(event_id=event.id, number=number, status=status,
                                  published_at=utcnow() if number == 1 else None)  # fmt: skip
        session.add(version)
        session.flush()
        meetings = dict(PUBLISHED)
        if number == 2:  # the draft moves A-B and adds B-E
            meetings |= {("A", "B"): (2, 1), ("B", "E"): (4, 1)}
        for (a, b), (slot, table) in meetings.items():
            session.add(
                Meeting(event_id=event.id, schedule_id=version.id, participant_a_id=firms[a].id,
                        participant_b_id=firms[b].id, slot=slot, table_id=tables[table])
            )  # fmt: skip
    for rank, (partner, score) in enumerate((("B", 0.049), ("C", 0.03), ("D", 0.01)), 1):
        session.add(
            Recommendation(event_id=event.id, participant_id=firms["A"].id,
                           partner_id=firms[partner].id, rank=rank, score=score, forward=0.0,
                           backward=0.0, peer=0.0, mutual=partner == "B", reason=[],
                           scorer="test")
        )  # fmt: skip
    session.flush()
    return {k: f.id for k, f in firms.items()}


@pytest.fixture
def office(app: Flask) -> Office:
    with app.app_context():
        ids = make_office(db.session())
        db.session.commit()
    web = app.test_client()
    staff_login(web, *LOGIN)
    return Office(app, web, ids)


def test_table_plan_prints_only_the_tables_in_use(office: Office) -> None:
    plan = office.web.get("/staff/e/druck/print/plan").get_data(as_text=True)
    pages = plan.split('class="print-page slot-page"')[1:]
    assert len(pages) == 2  # slots 1 and 3 of six; the others have no meeting
    assert "09:00" in pages[0]
    assert "Firma A – Firma B" in pages[0]
    assert "09:40" in pages[1]
    assert "Firma C – Firma D" in pages[1]
    rows = [re.findall(r"<tr><td>", page) for page in pages]
    assert [len(r) for r in rows] == [1, 1]  # one used table each, not all three
    assert ">–<" not in plan


def test_all_agendas_print_firms_with_meetings_and_one_summary_of_the_others(
    office: Office,
) -> None:
    page = office.web.get("/staff/e/druck/print/agendas").get_data(as_text=True)
    assert page.count('class="print-page slot-page"') == 4  # A, B, C, D
    assert "Keine Gespräche" not in page
    assert "No meetings are scheduled" not in page
    summary = page.split('class="print-page without-meetings"')[1]
    assert "Unternehmen ohne Gespräche" in summary
    assert "Firma E" in summary
    assert "Frau E" in summary
    assert "<h1>Firma E</h1>" not in page  # no page of its own


def test_draft_page_words_the_changes_and_takes_the_screen_width(office: Office) -> None:
    page = office.web.get("/staff/e/druck/timetable/2").get_data(as_text=True)
    assert '<main id="main" class="wide">' in page
    assert "(+" not in page
    assert "/~" not in page
    head = re.search(r"<thead><tr><th scope=\"col\">Unternehmen</th>(.*?)</tr></thead>", page)
    assert head is not None
    assert re.findall(r">([^<]+)</th>", head[1]) == ["neue Gespräche", "verschoben", "abgesagt"]
    rows = dict(re.findall(r"<tr><td>(Firma [A-E])</td>((?:<td>\d+</td>){3})</tr>", page))
    assert rows == {  # A-B moved, B-E new
        "Firma A": "<td>0</td><td>1</td><td>0</td>",
        "Firma B": "<td>1</td><td>1</td><td>0</td>",
        "Firma E": "<td>1</td><td>0</td><td>0</td>",
    }


def test_recommendations_shown_to_staff_are_bands_in_words(office: Office) -> None:
    page = office.web.get(f"/staff/e/druck/firms/{office.ids['A']}/matches").get_data(as_text=True)
    assert "0.049" not in page
    assert "0,049" not in page
    bands = re.findall(r'class="band band-(\w+)">([^<]+)<', page)
    words = {
        "strong": "starke Übereinstimmung",
        "good": "gute Übereinstimmung",
        "possible": "mögliche Übereinstimmung",
    }
    assert bands
    assert all(words[kind] == word for kind, word in bands)
    order = [list(words).index(kind) for kind, _ in bands]
    assert order == sorted(order)  # ranked best first: a band never rises down the list
    assert "Stark: unter den am besten passenden Paaren dieser Börse" in page


def test_staff_see_interpreters_and_table_names_in_the_reader_language(office: Office) -> None:
    """Walk 16 #6 and #7: the staff grid, the printed table plan and the big screen name
    the interpreter booked for a meeting; the grid's headers use the table's name in the
    reader's language (its Russian translation), as the firms' agendas do."""
    with office.app.app_context():
        session = db.session()
        event = session.scalars(select(Event).where(Event.slug == "druck")).one()
        event.language = "de"
        table = next(t for t in event.tables if t.number == 1)
        table.name, table.translations = "Tisch Medizin", {"ru": {"name": "Стол «Медицина»"}}
        olga = EventInterpreter(event_id=event.id, name="Olga Petrowa", languages=["de", "ru"])
        session.add(olga)
        session.flush()
        for m in session.scalars(select(Meeting).where(Meeting.table_id == table.id)):
            m.interpreter_id = olga.id
        session.commit()
    for url in ("/staff/e/druck/timetable/1", "/staff/e/druck/print/plan"):
        page = office.web.get(url).get_data(as_text=True)
        assert "Dolmetscher/in: Olga Petrowa" in page, url
    office.web.get("/language/ru")
    grid = office.web.get("/staff/e/druck/timetable/1").get_data(as_text=True)
    head = re.search(r'<table class="grid">\s*<thead>(.*?)</thead>', grid, re.S)
    assert head is not None
    assert "Стол «Медицина»" in head[1]
    assert "Tisch Medizin" not in head[1]
    assert "Переводчик: Olga Petrowa" in grid
