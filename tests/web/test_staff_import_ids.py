"""Staff import an organiser's own list (no `id` column, German headers) in the console
(issue 16, finding 5): ids are made up, firms already there are found by e-mail address,
the page explains the columns itself and names them in the reader's language."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import Participant
from tests.web.test_staff_firms import confirm, firms, upload, web  # noqa: F401  (fixture)

LIST = (
    "Firma;Land;E-Mail;Angebot\n"
    "Börde Präzision GmbH;DE;Info@Praezision.example;CNC-Fräsen\n"
    "Getreidemühle Hadmersleben;DE;;Mehl und Schrot\n"
)


def test_the_upload_page_explains_the_columns_in_the_reader_language(web: FlaskClient) -> None:  # noqa: F811
    page = web.get("/staff/e/import/import").get_data(as_text=True)
    assert "docs/FORMATS.md" not in page
    assert "Welche Spalten die Tabelle haben kann" in page
    assert '<th scope="row">Land</th>' in page
    assert "Pflicht. Der Name des Unternehmens" in page
    russian = web.get("/staff/e/import/import", headers={"Accept-Language": "ru"})
    assert '<th scope="row">Страна</th>' in russian.get_data(as_text=True)


def test_a_list_without_ids_updates_firms_found_by_email_and_adds_the_others(
    app: Flask,
    web: FlaskClient,  # noqa: F811
) -> None:
    with app.app_context():
        firm = db.session.query(Participant).filter_by(external_id="B1").one()
        firm.email = "info@praezision.example"
        db.session.commit()
    status, page = upload(web, "liste.csv", LIST.encode("utf-8"))
    assert status == 200
    assert '<option value="country" selected>Land</option>' in page  # our column, translated
    assert '<option value="email" selected>E-Mail</option>' in page
    assert "nötig ist nur der Name des Unternehmens" in page
    for _ in range(2):  # the same list twice: the second time only updates
        status, page = upload(web, "liste.csv", LIST.encode("utf-8"))
        status, _page = confirm(web, page)
        assert status == 303
    found = firms(app)
    assert set(found) == {"B1", "getreidemuehle-hadmersleben"}
    assert found["B1"][:2] == ("Börde Präzision GmbH", "Info@Praezision.example")


def test_a_row_without_a_firm_name_is_refused_naming_its_row(app: Flask, web: FlaskClient) -> None:  # noqa: F811
    """A nameless row was listed publicly under its id; now it is an error naming the row
    and its column in the reader's language, and nothing of the file is imported."""
    status, page = upload(web, "liste.csv", (LIST + ";RU;;Holz\n").encode("utf-8"))
    status, page = confirm(web, page)
    assert status == 422
    assert (
        "liste.csv, Zeile 4, Spalte „Name des Unternehmens“: ist leer; jedes Unternehmen "
        "braucht einen Namen"
    ) in page
    assert set(firms(app)) == {"B1"}
