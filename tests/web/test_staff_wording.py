"""Wording on staff and firm pages (walk 16 #16): the firm's status in Russian agrees with
«компания» (отозвана), the meeting limit reads «Максимальное число встреч», a version's idle
gaps are not called breaks, and the recommendation method is a plain phrase. Real app,
real database, real catalogues."""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db
from matchmaker.i18n import method_in_words
from matchmaker.models import ParticipantStatus
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant
from tests.web.test_staff_paper import LOGIN, make_office


def test_russian_and_german_wording_on_staff_pages(app: Flask) -> None:
    with app.app_context():
        make_office(db.session())
        other = create_open_event(db.session(), "leer")
        create_participant(db.session(), other, "W", status=ParticipantStatus.WITHDRAWN)
        db.session.commit()
    web = app.test_client()
    staff_login(web, *LOGIN)
    version = web.get("/staff/e/druck/timetable/1").get_data(as_text=True)
    assert "<dt>Wartezeiten zwischen Gesprächen</dt>" in version
    assert "<dt>Pausen</dt>" not in version
    web.get("/language/ru")
    home = web.get("/staff/e/druck/").get_data(as_text=True)
    assert "<dt>отозвана</dt>" in home
    assert "<dt>отозван</dt>" not in home
    firms = web.get("/staff/e/leer/firms").get_data(as_text=True)
    assert ">отозвана</td>" in firms
    version = web.get("/staff/e/druck/timetable/1").get_data(as_text=True)
    assert "<dt>Простои между встречами</dt>" in version
    edit = web.get("/staff/e/druck/firms/1/edit").get_data(as_text=True)
    assert "Максимальное число встреч" in edit
    assert "Не более стольких" not in edit
    with app.test_request_context(headers={"Accept-Language": "de"}):
        said = method_in_words("tfidf+use")
    assert said == "verglichen nach Wörtern und nach Bedeutung, auch über Sprachgrenzen hinweg"
    assert ", über Sprachgrenzen hinweg," not in said


def test_the_public_page_counts_slots_not_rounds(app: Flask) -> None:
    with app.app_context():
        create_staff(db.session(), "x@amt.example", "x-password-123")
        create_open_event(db.session(), "offen")
        db.session.commit()
    web = app.test_client()
    web.get("/language/ru")
    page = web.get("/e/offen").get_data(as_text=True)
    assert "слотов по" in page or "слота по" in page
    assert "раунд" not in page
