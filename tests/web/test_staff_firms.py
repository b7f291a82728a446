"""Staff import firms from a spreadsheet (mapping preview, all or nothing), export them in
the same format, and edit a firm on its behalf: real files, the real app and database."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login
from tests.factories import create_open_event, create_participant

LOGIN = ("import@amt.example", "import-password-1")
CONFIRM = "/staff/e/import/import/confirm"
GOOD = (
    "Nr;Firma;Land;Angebot;Suche;Sprachen;E-Mail;Notiz\n"
    'B1;Börde Präzision GmbH;DE;CNC-Fräsen;Abnehmer;"de;ru";info@praezision.example;x\n'
    'O1;ООО «Сибирь»;RU;Станки;Поставщики;"ru";sibir@example.ru;y\n'
)


@pytest.fixture
def web(app: Flask) -> FlaskClient:
    with app.app_context():
        create_staff(db.session(), *LOGIN)
        event = create_open_event(db.session(), "import")
        create_participant(
            db.session(), event, "B1", name="Alter Name", status=ParticipantStatus.REGISTERED
        )
        db.session.commit()
    client = app.test_client()
    staff_login(client, LOGIN[0], LOGIN[1])
    return client


def upload(web: FlaskClient, name: str, data: bytes) -> tuple[int, str]:
    page = web.get("/staff/e/import/import").get_data(as_text=True)
    response = web.post(
        "/staff/e/import/import",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def confirm_values(page: str, **overrides: str) -> dict[str, str]:
    """The mapping form as the page proposes it, with `overrides`."""
    import re

    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token is not None
    values = {"csrf_token": csrf_token(page), "token": token.group(1)}
    for index, chosen in re.findall(
        r'name="map-(\d+)">.*?(?:<option value="([a-z_]*)" selected>|</select>)', page, re.S
    ):
        values[f"map-{index}"] = chosen
    values.update(overrides)
    return values


def confirm(web: FlaskClient, page: str, **overrides: str) -> tuple[int, str]:
    response = web.post(CONFIRM, data=confirm_values(page, **overrides))
    return response.status_code, response.get_data(as_text=True)


def firms(app: Flask) -> dict[str, tuple[str, str, ParticipantStatus]]:
    with app.app_context():
        return {
            p.external_id: (p.name, p.email, p.status)
            for p in db.session.scalars(select(Participant))
        }


def test_import_with_guessed_mapping(app: Flask, web: FlaskClient) -> None:
    status, page = upload(web, "firmen.csv", GOOD.encode("utf-8"))
    assert status == 200
    assert "2 Zeilen in firmen.csv." in page
    assert '<option value="name" selected>' in page  # Firma -> name
    assert '<option value="email" selected>' in page  # E-Mail -> email
    status, _ = confirm(web, page)
    assert status == 303
    found = firms(app)
    assert found["B1"] == (
        "Börde Präzision GmbH",
        "info@praezision.example",
        ParticipantStatus.REGISTERED,
    )  # fmt: skip  (updated keeps status)
    assert found["O1"][0] == "ООО «Сибирь»"
    assert found["O1"][2] == ParticipantStatus.APPROVED


def test_a_wrong_row_imports_nothing(app: Flask, web: FlaskClient) -> None:
    bad = GOOD + 'X9;Kaputt GmbH;Dschermanien;a;b;"de";keine-adresse;z\n'
    status, page = upload(web, "firmen.csv", bad.encode("utf-8"))
    status, page = confirm(web, page)
    assert status == 422
    assert "Nichts wurde importiert" in page
    # each problem names file, row and column, in the reader's language
    # with the column's name in that language, not ours (issue 16, finding 5)
    assert "firmen.csv, Zeile 4, Spalte „Land“: „Dschermanien“ ist kein Land" in page
    assert "firmen.csv, Zeile 4, Spalte „E-Mail“: „keine-adresse“ ist keine E-Mail-Adresse" in page
    russian = web.post(CONFIRM, data=confirm_values(page),
                       headers={"Accept-Language": "ru"}).get_data(as_text=True)  # fmt: skip
    assert "firmen.csv, строка 4, столбец «Эл. почта»: «keine-adresse» — не адрес" in russian
    assert firms(app) == {"B1": ("Alter Name", "", ParticipantStatus.REGISTERED)}


def test_two_columns_mapped_to_one_are_refused(app: Flask, web: FlaskClient) -> None:
    status, page = upload(web, "firmen.csv", GOOD.encode("utf-8"))
    status, page = confirm(web, page, **{"map-7": "name"})  # Notiz -> name as well
    assert status == 422
    assert "zwei Spalten sind „Name des Unternehmens“ zugeordnet" in page


def test_uploads_that_are_not_spreadsheets(web: FlaskClient) -> None:
    status, page = upload(web, "firmen.pdf", b"%PDF-1.4")
    assert status == 422
    assert "Nur .csv- und .xlsx-Dateien können importiert werden" in page
    status, page = upload(web, "firmen.xlsx", b"not a zip")
    assert status == 422
    assert "ist keine Excel-Arbeitsmappe" in page
    status, page = upload(web, "firmen.csv", "Firma\n".encode("utf-16"))
    assert status == 422
    assert "ist kein UTF-8-Text; bitte als „CSV UTF-8“ speichern" in page


def test_xlsx_import(app: Flask, web: FlaskClient) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "offer", "languages"])
    sheet.append(["K1", "Korea Tech", "Sensors", "en;ko"])
    data = io.BytesIO()
    book.save(data)
    status, page = upload(web, "korea.xlsx", data.getvalue())
    assert status == 200
    assert confirm(web, page)[0] == 303
    assert firms(app)["K1"][0] == "Korea Tech"


def test_export_imports_again(app: Flask, web: FlaskClient) -> None:
    status, page = upload(web, "firmen.csv", GOOD.encode("utf-8"))
    assert status == 200
    assert confirm(web, page)[0] == 303
    exported = web.get("/staff/e/import/export/firms.csv").data
    rows = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert {r["id"]: r["languages"] for r in rows} == {"B1": "de;ru", "O1": "ru"}
    assert rows[0]["status"] in ("registered", "approved")
    status, page = upload(web, "wieder.csv", exported)
    assert status == 200
    assert confirm(web, page)[0] == 303
    assert len(firms(app)) == 2


def test_staff_edit_a_firm_after_the_deadline(app: Flask, web: FlaskClient) -> None:
    from datetime import datetime, timedelta

    from matchmaker.models import Event

    with app.app_context():
        event = db.session.scalars(select(Event)).one()
        event.registration_deadline = datetime.now() - timedelta(days=1)
        firm_id = db.session.scalars(select(Participant.id)).one()
        db.session.commit()
    url = f"/staff/e/import/firms/{firm_id}/edit"
    page = web.get(url).get_data(as_text=True)
    response = web.post(url, data={
        "csrf_token": csrf_token(page), "name": "Neuer Name GmbH", "offer": "a", "request": "b",
        "contact_person": "Frau X", "email": "x@firm.example", "languages": ["de"], "group": "0",
    })  # fmt: skip
    assert response.status_code == 303
    assert firms(app)["B1"][0] == "Neuer Name GmbH"
    assert web.get("/staff/e/import/firms/99999/edit").status_code == 404
