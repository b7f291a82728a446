"""What strangers see: no event in preparation, and no self-registered firm before staff
approve it (or, as the event's setting says, before it confirms its e-mail address). A
firm's partner list and meeting requests follow the same rule. Registering and re-sending
a link are rate-limited per network and per e-mail address. The real app, database and
SMTP server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import ListingRule, Participant, ParticipantStatus
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.factories import create_event, create_open_event, create_participant, link_token
from tests.web.test_registration import form_values

LOGIN = ("staff@amt.example", "staff-password-1")


@pytest.fixture
def fairs(app: Flask) -> Flask:
    """A fair in preparation with an imported firm list, and one open for registration
    with an approved firm; a staff account."""
    with app.app_context():
        session = db.session()
        draft = create_event(session, "entwurf", name="Geheime Börse 2028")
        create_participant(session, draft, "G1", name="Vorab Importiert GmbH")
        fair = create_open_event(session, "open", name="Offene Börse")
        create_participant(session, fair, "A1", name="Approved Alpha GmbH", offer="Titan")
        create_staff(session, *LOGIN)
        session.commit()
    return app


def register(client: FlaskClient, **changes: str) -> int:
    page = client.get("/e/open/register").get_data(as_text=True)
    return client.post("/e/open/register", data=form_values(page, **changes)).status_code


def token_of(app: Flask, name: str) -> str:
    with app.app_context():
        firm = db.session.scalars(select(Participant).where(Participant.name == name)).one()
        return link_token(firm)


def test_an_event_in_preparation_is_hidden_from_strangers(fairs: Flask) -> None:
    stranger = fairs.test_client()
    home = stranger.get("/").get_data(as_text=True)
    assert "Offene Börse" in home
    assert "Geheime Börse 2028" not in home
    for url in ("/e/entwurf", "/e/entwurf/register", "/e/entwurf/link"):
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert "Vorab Importiert GmbH" not in response.get_data(as_text=True), url


def test_staff_preview_an_event_in_preparation_marked_as_such(fairs: Flask) -> None:
    staff = fairs.test_client()
    assert staff_login(staff, *LOGIN) == 303
    home = staff.get("/").get_data(as_text=True)
    assert "Geheime Börse 2028" in home
    assert "In Vorbereitung: nur das Veranstaltungsteam sieht diese Börse." in home
    page = staff.get("/e/entwurf").get_data(as_text=True)
    assert "Vorschau für das Veranstaltungsteam" in page
    assert "Vorab Importiert GmbH" in page
    assert "Vorschau" not in staff.get("/e/open").get_data(as_text=True)


def test_a_new_firm_is_shown_only_once_staff_approve_it(fairs: Flask) -> None:
    stranger = fairs.test_client()
    assert register(stranger, name="Neue Firma GmbH", request="Titan") == 303
    assert "Neue Firma GmbH" not in stranger.get("/e/open").get_data(as_text=True)
    assert "1 Unternehmen angemeldet" in stranger.get("/").get_data(as_text=True)
    alpha = token_of(fairs, "Approved Alpha GmbH")
    everyone = stranger.get(f"/p/{alpha}/partners?all=1").get_data(as_text=True)
    assert "Neue Firma GmbH" not in everyone  # not in other firms' partner lists either
    newcomer = token_of(fairs, "Neue Firma GmbH")
    own = stranger.get(f"/p/{newcomer}/").get_data(as_text=True)
    assert "sobald das Veranstaltungsteam Ihre Anmeldung bestätigt" in own
    partners = stranger.get(f"/p/{newcomer}/partners?all=1").get_data(as_text=True)
    assert "Approved Alpha GmbH" in partners  # the newcomer sees the listed firms
    assert 'class="request"' not in partners  # and why it cannot ask yet, not a form
    with fairs.app_context():
        alpha_id = db.session.scalars(
            select(Participant.id).where(Participant.name == "Approved Alpha GmbH")
        ).one()
    asked = stranger.post(
        f"/p/{newcomer}/requests",
        data={"csrf_token": csrf_token(own), "partner": str(alpha_id), "priority": "2"},
    )
    assert asked.status_code == 409  # a request would show it to Alpha before approval
    with fairs.app_context():
        firm = db.session.scalars(select(Participant).where(Participant.name == "Neue Firma GmbH"))
        firm.one().status = ParticipantStatus.APPROVED
        db.session.commit()
    assert "Neue Firma GmbH" in stranger.get("/e/open").get_data(as_text=True)
    assert "Neue Firma GmbH" in stranger.get(f"/p/{alpha}/partners?all=1").get_data(as_text=True)


@pytest.fixture
def mail_app(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    listing = {"listing": ListingRule.CONFIRMED}
    with app_with(tmp_path, database, listing, **mail_settings(inbox)) as app:
        yield app


def body_of(raw: bytes) -> str:
    payload = message_from_bytes(raw).get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def test_with_the_setting_a_firm_is_shown_once_it_confirms_its_address(
    mail_app: Flask, inbox: tuple[Inbox, int]
) -> None:
    handler, _ = inbox
    web = mail_app.test_client()
    assert register(web, name="Bestätigt GmbH") == 303
    assert "Bestätigt GmbH" not in web.get("/e/open").get_data(as_text=True)
    (mail,) = handler.messages
    link = re.search(r"http://\S+/e/open/confirm/\S+", body_of(mail))
    assert link is not None
    path = "/" + link.group().split("/", 3)[3]
    assert web.get(path[:-3] + "xyz").status_code == 404  # a forged or damaged link
    page = web.get(path)
    assert page.status_code == 200
    assert "anna.schulz@ostfalen.example" in page.get_data(as_text=True)
    assert "Bestätigt GmbH" in web.get("/e/open").get_data(as_text=True)
    # a new address is confirmed anew: the old link no longer works for it
    token = token_of(mail_app, "Bestätigt GmbH")
    profile = web.get(f"/p/{token}/profile").get_data(as_text=True)
    values = form_values(profile, name="Bestätigt GmbH", email="neu@ostfalen.example")
    values.pop("consent")
    assert web.post(f"/p/{token}/profile", data=values).status_code == 303
    assert "Bestätigt GmbH" not in web.get("/e/open").get_data(as_text=True)
    assert web.get(path).status_code == 404
    assert len(handler.messages) == 2  # the confirmation request for the new address
    assert "/e/open/confirm/" in body_of(handler.messages[1])


def test_registration_is_limited_per_network_address(fairs: Flask) -> None:
    stranger = fairs.test_client()
    for number in range(10):
        assert register(stranger, name=f"Firma {number}", email=f"f{number}@x.example") == 303
    page = stranger.get("/e/open/register").get_data(as_text=True)
    refused = stranger.post("/e/open/register", data=form_values(page, email="neu@x.example"))
    assert refused.status_code == 429
    assert "zu oft gesendet" in refused.get_data(as_text=True)
    assert refused.headers["Retry-After"] == "3600"
    other = fairs.test_client()  # another network address may still register
    page = other.get("/e/open/register").get_data(as_text=True)
    response = other.post(
        "/e/open/register",
        data=form_values(page, email="neu@x.example"),
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert response.status_code == 303
    with fairs.app_context():
        names = db.session.scalars(select(Participant.name)).all()
        assert len(names) == 2 + 11  # nothing was written for the refused one


def test_resending_is_limited_per_email_and_says_nothing_about_who_registered(
    fairs: Flask,
) -> None:
    web = fairs.test_client()
    with fairs.app_context():
        alpha = db.session.scalars(select(Participant).where(Participant.external_id == "A1"))
        alpha.one().email = "a@alpha.example"
        db.session.commit()
    answers = {}
    for email in ("a@alpha.example", "nobody@nowhere.example"):
        statuses = []
        for number in range(4):
            page = web.get("/e/open/register").get_data(as_text=True)  # mail is not set up
            statuses.append(
                web.post(
                    "/e/open/link",
                    data={"csrf_token": csrf_token(page), "email": email.upper()},
                    environ_base={"REMOTE_ADDR": f"198.51.100.{number}"},
                ).status_code
            )
        answers[email] = statuses
    assert answers["a@alpha.example"] == [303, 303, 303, 429]
    assert answers["nobody@nowhere.example"] == answers["a@alpha.example"]
