"""Text from outside (the registration form, imported files) is cleaned and bounded in one
place, the same on SQLite and PostgreSQL; exports survive bad text stored before; the two
validators that were quadratic are linear. The real app, database and files."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.core.text.analysis import split_items
from matchmaker.core.text.clean import clean_text, looks_like_email
from matchmaker.extensions import db
from matchmaker.models import Event, Participant
from matchmaker.services.recommendations import compute_recommendations
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant
from tests.web.test_registration import form_values
from tests.web.test_staff_firms import confirm, upload

LOGIN = ("import@amt.example", "import-password-1")


@pytest.fixture
def web(app: Flask) -> FlaskClient:
    """Staff logged in; the event `import` takes registrations."""
    with app.app_context():
        create_staff(db.session(), *LOGIN)
        create_open_event(db.session(), "import")
        db.session.commit()
    client = app.test_client()
    staff_login(client, LOGIN[0], LOGIN[1])
    return client


def register(client: FlaskClient, **changes: str) -> tuple[int, str]:
    page = client.get("/e/import/register").get_data(as_text=True)
    response = client.post("/e/import/register", data=form_values(page, **changes))
    return response.status_code, response.get_data(as_text=True)


def stored(app: Flask) -> list[Participant]:
    with app.app_context():
        found = list(db.session.scalars(select(Participant).order_by(Participant.id)))
        db.session.expunge_all()
        return found


def test_cleaning_keeps_what_people_type() -> None:
    assert clean_text("  Börde\x07 GmbH\x00 ") == "Börde GmbH"
    assert clean_text("Zeile 1\r\nZeile\t2\x1b", multiline=True) == "Zeile 1\nZeile\t2"
    assert clean_text("Zeile 1\r\nZeile 2") == "Zeile 1 Zeile 2"  # single-line: a space
    assert clean_text("Bo\u0308rde") == "Börde"  # NFC
    assert clean_text("\ud800Titan\ufeff") == "Titan"  # no lone surrogate, no BOM


def test_control_characters_from_the_form_are_removed(app: Flask, web: FlaskClient) -> None:
    anonymous = app.test_client()
    status, _ = register(
        anonymous, name="Ostfalen\x07 Medizintechnik\x00", offer="Titan\x005\x00, Stahl\r\nGuss"
    )
    assert status == 303
    (firm,) = stored(app)
    assert firm.name == "Ostfalen Medizintechnik"
    assert firm.offer == "Titan5, Stahl\nGuss"


def test_a_nul_sequence_in_an_offer_does_not_stop_the_recommendations(
    app: Flask, web: FlaskClient
) -> None:
    anonymous = app.test_client()
    assert register(anonymous, offer="Titan \x005\x00 und Stahl")[0] == 303
    assert register(anonymous, name="Sibir", request="Titan und Stahl")[0] == 303
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert event is not None
        run = compute_recommendations(db.session(), event, readings=None)
        assert run.recommendations == 2
    # text stored before the cleaning (SQLite keeps NUL) no longer breaks the item split
    assert split_items("Titan \x005\x00 und Stahl") == ["Titan 5", "Stahl"]


def test_an_over_long_name_is_a_field_error_not_a_database_error(
    app: Flask, web: FlaskClient
) -> None:
    status, page = register(app.test_client(), name="N" * 201)
    assert status == 422
    assert "200" in page.split('id="name"')[1].split("</div>")[0]  # the field's own error
    assert stored(app) == []
    assert register(app.test_client(), name="N" * 200)[0] == 303  # the limit itself fits


def test_an_over_long_cell_in_an_import_is_a_problem(app: Flask, web: FlaskClient) -> None:
    data = f"id;name;offer\nB1;{'N' * 201};{'o' * 4001}\nB2;Gut;Titan\n".encode()
    status, page = upload(web, "firmen.csv", data)
    assert status == 200
    status, page = confirm(web, page)
    assert status == 422
    assert (
        "firmen.csv, Zeile 2, Spalte „Name des Unternehmens“: ist 201 Zeichen lang; höchstens "
        "200 passen"
    ) in page
    assert "firmen.csv, Zeile 2, Spalte „Wir bieten“: ist 4001 Zeichen lang; höchstens 4000" in page
    assert stored(app) == []


def test_xlsx_export_survives_control_characters(app: Flask, web: FlaskClient) -> None:
    assert register(app.test_client(), name="Ostfalen\x01 GmbH")[0] == 303
    with app.app_context():  # text stored before the cleaning, or by a database tool
        event = db.session.scalar(select(Event))
        assert event is not None
        create_participant(db.session(), event, "old", name="Alt\x0b\x1fFirma", offer="a\x02b")
        db.session.commit()
    response = web.get("/staff/e/import/export/firms.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    names = sorted(str(row[1]) for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["AltFirma", "Ostfalen GmbH"]


def test_the_item_split_is_linear_on_a_long_run_of_spaces() -> None:
    # The old pattern retried `\s+` from every space: 40,000 spaces took a minute.
    text = "Titan" + " " * 50_000 + "und" + " " * 50_000 + "Stahl"
    assert split_items(text) == ["Titan", "Stahl"]
    assert split_items("Fräsen" + " " * 50_000 + "Drehen") == ["Fräsen" + " " * 50_000 + "Drehen"]
    assert split_items("Klein- und Großserien, Drehen und Fräsen") == [
        "Klein- und Großserien", "Drehen", "Fräsen"
    ]  # fmt: skip


def test_the_import_email_check_is_linear() -> None:
    # The old pattern backtracked over every dot: "a@a.a.a...@" of 40,000 characters, 4 s.
    assert not looks_like_email("a@" + "a." * 25_000 + "@")
    assert not looks_like_email("a@" + "a" * 50_000 + ".")  # only a dot at the end
    assert looks_like_email("a@" + "a." * 25_000 + "de")
    assert looks_like_email("info@praezision.example")
    assert not looks_like_email("info@localhost")
    assert not looks_like_email("in fo@x.de")


def test_import_refuses_a_bad_address_in_a_long_cell(app: Flask, web: FlaskClient) -> None:
    data = f"id;name;email\nB1;Gut;{'a@' + 'a.' * 100 + '@'}\n".encode()
    status, page = confirm(web, upload(web, "firmen.csv", data)[1])
    assert status == 422
    assert "Spalte „E-Mail“" in page
