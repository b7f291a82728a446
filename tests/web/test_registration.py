"""A firm registers on the web, gets its personal link and edits its profile: the real app
through its test client on a real migrated SQLite database; mail through a real SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus
from matchmaker.services.links import token_digest
from tests.conftest import Inbox, app_with, csrf_token, mail_settings
from tests.factories import create_open_event, create_participant, link_token

URL = "/e/open/register"


@pytest.fixture
def open_app(app: Flask) -> Flask:
    with app.app_context():
        create_open_event(db.session())
        db.session.commit()
    return app


@pytest.fixture
def web(open_app: Flask) -> FlaskClient:
    return open_app.test_client()


def form_values(html: str, **changes: Any) -> dict[str, Any]:
    """A complete, valid registration as the browser sends it, with the page's tokens (the
    profile page has no submission key)."""
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html)
    values: dict[str, Any] = {
        "csrf_token": csrf_token(html),
        "submission_key": key.group(1) if key else None,
        "name": "Ostfalen Medizintechnik GmbH",
        "country": "de",
        "city": "Barleben",
        "group": "0",
        "offer": "Sterile Einwegprodukte und Reinraumfertigung",
        "request": "Vertriebspartner für Krankenhausbedarf in Russland",
        "contact_person": "Anna Schulz",
        "email": "anna.schulz@ostfalen.example",
        "languages": ["de", "ru"],
        "available_from": "09:30",
        "available_to": "15:00",
        "unavailable": "11:00-11:20",
        "max_meetings": "8",
        "consent": "y",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def firms(app: Flask) -> list[Participant]:
    with app.app_context():
        found = db.session.scalars(select(Participant).order_by(Participant.id)).all()
        for p in found:
            _ = p.sectors, p.unavailable, p.group
        db.session.expunge_all()
        return list(found)


def test_registration_creates_the_firm_and_shows_its_personal_link(
    open_app: Flask, web: FlaskClient
) -> None:
    html = web.get(URL).get_data(as_text=True)
    assert "Unternehmen anmelden" in html
    assert "Datenschutzhinweis" in html
    response = web.post(URL, data=form_values(html))
    assert response.status_code == 303
    (firm,) = firms(open_app)
    token = response.location.removeprefix("/p/").removesuffix("/welcome")
    assert len(token) >= 43
    assert firm.token_hash == token_digest(token)  # only the hash is stored
    assert (firm.name, firm.country, firm.email) == (
        "Ostfalen Medizintechnik GmbH",
        "DE",
        "anna.schulz@ostfalen.example",
    )
    assert firm.status == ParticipantStatus.REGISTERED
    assert firm.consent_at is not None
    assert firm.languages == ["de", "ru"]
    assert firm.max_meetings == 8
    assert [(u.start.isoformat(), u.end_time.isoformat()) for u in firm.unavailable] == [
        ("11:00:00", "11:20:00")
    ]
    welcome = web.get(response.location).get_data(as_text=True)
    assert f"http://localhost/p/{token}/" in welcome
    assert web.get(response.location).headers["Referrer-Policy"] == "same-origin"


def test_sectors_and_group_come_from_the_event(open_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    with open_app.app_context():
        from matchmaker.models import Event

        event = db.session.scalars(select(Event)).one()
        pflege = next(s.id for s in event.sectors if s.name == "Pflege")
        omsk = next(g.id for g in event.groups if g.name == "Omsk")
    web.post(URL, data=form_values(html, sectors=[str(pflege)], group=str(omsk)))
    (firm,) = firms(open_app)
    assert [s.name for s in firm.sectors] == ["Pflege"]
    assert firm.group is not None
    assert firm.group.name == "Omsk"


def test_failed_submit_names_each_field_and_keeps_what_was_typed(
    open_app: Flask, web: FlaskClient
) -> None:
    html = web.get(URL).get_data(as_text=True)
    bad = form_values(
        html, offer="", email="not-an-address", available_to="09:00", unavailable="11-12"
    )
    response = web.post(URL, data=bad)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count('class="error"') == 4
    assert "Keine gültige E-Mail-Adresse." in page
    assert "Die Abreise muss nach der Ankunft liegen." in page
    assert "HH:MM-HH:MM" in page
    assert 'value="Ostfalen Medizintechnik GmbH"' in page  # kept
    assert "Vertriebspartner für Krankenhausbedarf in Russland" in page
    assert 'aria-invalid="true"' in page
    assert firms(open_app) == []


def test_consent_is_required(open_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    response = web.post(URL, data=form_values(html, consent=None))
    assert response.status_code == 422
    assert firms(open_app) == []


def test_double_submit_creates_one_firm(open_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    values = form_values(html)
    first = web.post(URL, data=values)
    second = web.post(URL, data=values)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert len(firms(open_app)) == 1
    another = web.get(URL).get_data(as_text=True)  # a new form is a new registration
    web.post(URL, data=form_values(another, name="Zweite GmbH"))
    assert len(firms(open_app)) == 2


def test_missing_csrf_token_is_refused(open_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    values = form_values(html)
    del values["csrf_token"]
    assert web.post(URL, data=values).status_code == 400
    assert firms(open_app) == []


def test_past_deadline_refuses_registration(app: Flask) -> None:
    with app.app_context():
        create_open_event(
            db.session(), "late", registration_deadline=datetime.now() - timedelta(days=1)
        )
        db.session.commit()
    web = app.test_client()
    page = web.get("/e/late/register").get_data(as_text=True)
    assert "Die Anmeldung zu dieser Börse endete mit ihrer Frist." in page
    assert "<form" not in page.split("<main", 1)[1].split("</main>")[0].replace('role="search"', "")
    response = web.post("/e/late/register", data={"name": "Spät GmbH"})
    assert response.status_code in (400, 403)  # no form, so no token: refused either way
    assert firms(app) == []


def test_unknown_event_and_unknown_token_are_404(web: FlaskClient) -> None:
    assert web.get("/e/nowhere/register").status_code == 404
    assert web.get("/p/not-a-real-token/").status_code == 404
    assert web.get("/p/" + "x" * 43 + "/profile").status_code == 404


def test_withdrawn_firm_link_no_longer_opens(open_app: Flask, web: FlaskClient) -> None:
    with open_app.app_context():
        event = db.session.scalars(select(__import__("matchmaker.models").models.Event)).one()
        firm = create_participant(db.session(), event, "W", status=ParticipantStatus.WITHDRAWN)
        token = link_token(firm)
    assert web.get(f"/p/{token}/").status_code == 404


def test_script_in_a_name_is_shown_as_text(open_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    payload = '<script>alert("x")</script>'
    response = web.post(URL, data=form_values(html, name=payload, description=payload))
    page = web.get(response.location).get_data(as_text=True)
    assert payload not in page
    assert "&lt;script&gt;" in page
    assert payload not in web.get("/e/open").get_data(as_text=True)


def registered(open_app: Flask, web: FlaskClient) -> str:
    html = web.get(URL).get_data(as_text=True)
    response = web.post(URL, data=form_values(html))
    assert response.status_code == 303
    return str(response.location).removeprefix("/p/").removesuffix("/welcome")


def test_profile_edit_through_the_link(open_app: Flask, web: FlaskClient) -> None:
    token = registered(open_app, web)
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    assert 'value="Anna Schulz"' in page
    assert "Sterile Einwegprodukte und Reinraumfertigung</textarea>" in page
    values = form_values(page, name="Ostfalen MT GmbH", consent=None)
    response = web.post(f"/p/{token}/profile", data=values)
    assert response.status_code == 303
    assert firms(open_app)[0].name == "Ostfalen MT GmbH"
    bad = web.post(f"/p/{token}/profile", data=form_values(page, email="nope"))
    assert bad.status_code == 422
    assert firms(open_app)[0].email == "anna.schulz@ostfalen.example"


def test_profile_edit_after_the_deadline_is_refused(open_app: Flask, web: FlaskClient) -> None:
    token = registered(open_app, web)
    page = web.get(f"/p/{token}/profile").get_data(as_text=True)
    with open_app.app_context():
        from matchmaker.models import Event

        event = db.session.scalars(select(Event)).one()
        event.registration_deadline = datetime.now() - timedelta(hours=1)
        db.session.commit()
    closed = web.get(f"/p/{token}/profile").get_data(as_text=True)
    assert "Die Frist für Änderungen ist abgelaufen." in closed
    response = web.post(f"/p/{token}/profile", data=form_values(page, name="Zu spät GmbH"))
    assert response.status_code == 403
    assert firms(open_app)[0].name == "Ostfalen Medizintechnik GmbH"


def test_russian_registration_page(web: FlaskClient) -> None:
    page = web.get(URL, headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="ru">' in page
    assert "Зарегистрировать компанию" in page
    assert "Мы предлагаем" in page
    assert "Мы ищем" in page


# ---- the personal link by e-mail, through a real SMTP server --------------------------------


@pytest.fixture
def mail_app(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    with app_with(tmp_path, database, {}, **mail_settings(inbox)) as app:
        yield app


def test_registration_mails_the_link_and_it_can_be_sent_again(
    mail_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    web = mail_app.test_client()
    token = registered(mail_app, web)
    assert len(handler.messages) == 1
    mail = message_from_bytes(handler.messages[0])
    assert mail["To"] == "anna.schulz@ostfalen.example"
    body = mail.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert f"/p/{token}/" in body
    page = web.get("/e/open/link").get_data(as_text=True)
    answer = web.post(
        "/e/open/link",
        data={"csrf_token": csrf_token(page), "email": "ANNA.schulz@ostfalen.example"},
        follow_redirects=True,
    )
    assert "ist sein Link unterwegs" in answer.get_data(as_text=True)
    assert len(handler.messages) == 2
    unknown = web.post(
        "/e/open/link",
        data={"csrf_token": csrf_token(page), "email": "nobody@else.example"},
        follow_redirects=True,
    )
    assert "ist sein Link unterwegs" in unknown.get_data(as_text=True)  # tells nothing
    assert len(handler.messages) == 2


def test_without_mail_server_the_page_says_so(web: FlaskClient) -> None:
    """Before asking for an address it cannot write to (found by a first-time user)."""
    page = web.get("/e/open/link").get_data(as_text=True)
    assert "E-Mail ist für diese Börse nicht eingerichtet" in page
    assert 'name="email"' not in page
    token = csrf_token(web.get(URL).get_data(as_text=True))
    answer = web.post(
        "/e/open/link", data={"csrf_token": token, "email": "anna@x.example"}, follow_redirects=True
    )
    assert "E-Mail ist für diese Börse nicht eingerichtet" in answer.get_data(as_text=True)
    welcome = web.post(URL, data=form_values(web.get(URL).get_data(as_text=True)))
    assert "diese Seite ist also Ihre einzige Kopie" in web.get(welcome.location).get_data(
        as_text=True
    )
