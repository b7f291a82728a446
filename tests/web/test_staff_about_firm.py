"""Staff pages speak about a firm, and the statistics and public pages fit a phone (walk 16
#13, #18, #19): the staff edit page is headed "Das Unternehmen", not "Ihr Unternehmen";
countries appear as names, not codes; a long bar label wraps instead of being cut off; the
public participant tables stack their cells with labels. Real app, real database, real
catalogues."""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db
from matchmaker.models import Participant, Sector
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant, link_token

LOGIN = ("plan@amt.example", "plan-password-1")  # as tests.e2e.test_browser._staff_login


def make_fair(app: Flask) -> int:
    """Event "omsk": a Russian and a German firm, each in a sector with a long name."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "omsk")
        two = Sector(event_id=event.id, name="Medizinische Gerätetechnik")  # two lines
        three = Sector(event_id=event.id, name="Medizinische Gerätetechnik und Diagnostik")
        session.add_all([two, three])
        session.flush()
        firm = create_participant(session, event, "M", name="OOO Omsk Med", country="RU",
                                  city="Omsk", languages=["ru"], sectors=[two])  # fmt: skip
        create_participant(session, event, "D", name="Dental GmbH", country="DE",
                           city="Magdeburg", languages=["de"], sectors=[three])  # fmt: skip
        session.commit()
        return firm.id


def test_staff_edit_page_speaks_about_the_firm(app: Flask) -> None:
    firm = make_fair(app)
    web = app.test_client()
    staff_login(web, *LOGIN)
    page = web.get(f"/staff/e/omsk/firms/{firm}/edit").get_data(as_text=True)
    assert "<legend>Das Unternehmen</legend>" in page
    assert "<legend>Zeit auf der Börse</legend>" in page
    assert "Die Texte oben sind geschrieben auf" in page
    assert "sieht die Texte des Unternehmens mit dieser Sprache gekennzeichnet" in page
    for addressed in ("Ihr Unternehmen", "Ihre Zeit auf der Börse", "Unsere Texte", "Ihre Texte"):
        assert addressed not in page, addressed
    saved = web.post(f"/staff/e/omsk/firms/{firm}/edit", follow_redirects=True, data={
        "csrf_token": csrf_token(page), "name": "OOO Omsk Med", "offer": "a", "request": "b",
        "contact_person": "Frau X", "email": "x@firm.example", "languages": ["ru"], "group": "0",
    }).get_data(as_text=True)  # fmt: skip
    assert "Das Profil von OOO Omsk Med ist gespeichert." in saved
    assert "Ihr Profil" not in saved
    web.get("/language/ru")
    page = web.get(f"/staff/e/omsk/firms/{firm}/edit").get_data(as_text=True)
    assert "<legend>Компания</legend>" in page
    assert "Ваше время" not in page
    # the firm's own profile page still addresses the firm
    with app.app_context():
        token = link_token(db.session.get_one(Participant, firm))
    own = app.test_client().get(f"/p/{token}/profile").get_data(as_text=True)
    assert "<legend>Ihr Unternehmen</legend>" in own


def test_statistics_name_countries_and_wrap_long_labels(app: Flask) -> None:
    make_fair(app)
    web = app.test_client()
    staff_login(web, *LOGIN)
    web.get("/language/ru")
    page = web.get("/staff/e/omsk/stats").get_data(as_text=True)
    chart = page.split("<svg", 1)[1]
    assert ">Россия</tspan>" in page
    assert ">Германия</tspan>" in page
    assert ">RU</tspan>" not in page
    assert ">DE<" not in chart.split("</svg>")[0]
    # a sector's name is on two lines, not cut at 18 characters; past two lines, "…"
    assert '<tspan x="0">Medizinische</tspan><tspan x="0" dy="12">Gerätetechnik (DE)</tspan>' \
        in page  # fmt: skip
    assert '<tspan x="0">Medizinische</tspan><tspan x="0" dy="12">Gerätetechnik und…</tspan>' \
        in page  # fmt: skip


def test_public_page_names_countries_and_stacks_its_tables(app: Flask) -> None:
    make_fair(app)
    web = app.test_client()
    web.get("/language/ru")
    page = web.get("/e/omsk").get_data(as_text=True)
    assert "Германия (1)" in page
    assert "Россия (1)" in page
    assert "DE (1)" not in page
    assert '<table class="firms stack">' in page
    assert '<td data-label="Отрасли">' in page
    assert '<td data-label="Языки">' in page
