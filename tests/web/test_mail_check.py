"""The admins' mail settings check (issue 16, finding 2): the settings as the app uses them,
never the password, and a test mail whose failure is told in plain words with the setting to
look at. A real SMTP server (`inbox`), a port where nothing listens, the real app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import StaffRole
from matchmaker.services.staff import create_staff
from matchmaker.urls import public_address_warnings
from tests.conftest import Inbox, app_with, csrf_token, free_port, mail_settings, staff_login
from tests.web.test_staff_login import mails

ADMIN = ("admin@amt.example", "admin-password-1")
STAFF = ("team@amt.example", "team-password-1")
PASSWORD = "geheimes-smtp-passwort-7"


@contextmanager
def checking(
    tmp_path: Path, database: str, who: tuple[str, str] = ADMIN, **settings: Any
) -> Iterator[FlaskClient]:
    """A browser logged in (as `who`) on an app with these mail settings."""
    with app_with(tmp_path, database, **settings) as app:
        with app.app_context():
            create_staff(db.session(), *ADMIN, role=StaffRole.ADMIN)
            create_staff(db.session(), *STAFF)
            db.session.commit()
        web = app.test_client()
        assert staff_login(web, *who) == 303
        yield web


def send_test(web: FlaskClient, address: str) -> tuple[int, str]:
    page = web.get("/staff/admin/mail").get_data(as_text=True)
    answer = web.post("/staff/admin/mail", data={"csrf_token": csrf_token(page), "email": address})
    return answer.status_code, answer.get_data(as_text=True)


def test_a_test_mail_goes_out_and_the_settings_are_shown(
    tmp_path: Path, database: str, inbox: tuple[Inbox, int]
) -> None:
    with checking(tmp_path, database, **mail_settings(inbox)) as web:
        page = web.get("/staff/admin/mail").get_data(as_text=True)
        assert "127.0.0.1" in page
        assert str(inbox[1]) in page
        assert "boerse@test.example" in page
        assert "keine: E-Mails gehen unverschlüsselt zum Server" in page
        status, page = send_test(web, "pruefer@amt.example")
        assert status == 200
        assert "Der Mailserver hat die Test-E-Mail an pruefer@amt.example angenommen." in page
        ((to, subject, _body),) = mails(inbox)
        assert (to, subject) == ("pruefer@amt.example", "Test-E-Mail von matchmaker")
        assert send_test(web, "kein adresse")[0] == 422


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        (  # a password without TLS: refused before the server is contacted
            {"MAIL_USERNAME": "boerse", "MAIL_PASSWORD": PASSWORD},
            "Die Einstellungen würden das Passwort des Mailservers unverschlüsselt senden",
        ),
        (  # STARTTLS asked of a server that does not offer it
            {"MAIL_STARTTLS": "1"},
            "Der Mailserver bietet nicht an, was die Einstellungen verlangen (STARTTLS extension "
            "not supported by server.). Prüfen Sie MAIL_STARTTLS und MAIL_USERNAME.",
        ),
    ],
)
def test_a_failing_test_mail_says_why_in_plain_words(
    tmp_path: Path, database: str, inbox: tuple[Inbox, int], settings: dict[str, str], reason: str
) -> None:
    with checking(tmp_path, database, ADMIN, **mail_settings(inbox), **settings) as web:
        status, page = send_test(web, "pruefer@amt.example")
        assert status == 200
        assert reason in page
        assert PASSWORD not in page
        assert inbox[0].messages == []


def test_a_server_where_nothing_listens_is_named(tmp_path: Path, database: str) -> None:
    port = free_port()
    with checking(tmp_path, database, MAIL_SERVER="127.0.0.1", MAIL_PORT=port) as web:
        page = send_test(web, "pruefer@amt.example")[1]
        assert f"Unter 127.0.0.1:{port} antwortet nichts: Die Verbindung wurde abgelehnt." in page


def test_without_settings_the_check_says_mail_is_not_set_up(tmp_path: Path, database: str) -> None:
    with checking(tmp_path, database) as web:
        page = web.get("/staff/admin/mail").get_data(as_text=True)
        assert "E-Mail ist nicht eingerichtet (MAIL_SERVER ist leer)" in page
        page = send_test(web, "pruefer@amt.example")[1]
        assert page.count("E-Mail ist nicht eingerichtet (MAIL_SERVER ist leer)") == 2


def test_only_admins_see_the_mail_settings(
    tmp_path: Path, database: str, inbox: tuple[Inbox, int]
) -> None:
    with checking(tmp_path, database, STAFF, **mail_settings(inbox)) as web:
        assert web.get("/staff/admin/mail").status_code == 403


def test_the_check_shows_the_address_mailed_links_use_and_warns_if_weak(
    tmp_path: Path, database: str
) -> None:
    """Walk 16 #21: every link in every mail began with http://127.0.0.1:5077 and nothing
    said so. The check (and the outbox) name the address and warn when firms cannot reach it
    or it is not encrypted; a proper https address gets no warning."""
    with checking(tmp_path, database, BASE_URL="http://localhost:5077") as web:
        page = web.get("/staff/admin/mail").get_data(as_text=True)
        assert "Links in E-Mails beginnen mit: <code>http://localhost:5077</code>" in page
        assert "erreicht nur diesen Rechner" in page
        assert "nicht verschlüsselt (http)" in page
    assert public_address_warnings("https://boerse.example.de") == []
    assert public_address_warnings("http://localhost:5000") == ["local", "http"]
    assert public_address_warnings("https://app.localhost") == ["local"]
