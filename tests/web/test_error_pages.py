"""Error pages speak the reader's language inside the site's layout and say what to do
(found by a first-time user: a replaced personal link answered Flask's English 'Not Found')."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import app_with


@pytest.mark.parametrize(
    ("language", "title", "hint"),
    [
        ("de", "Seite nicht gefunden", "aktuellen Link"),
        ("ru", "Страница не найдена", "актуальную ссылку"),
    ],
)
def test_an_unknown_personal_link_explains_itself(
    client: FlaskClient, language: str, title: str, hint: str
) -> None:
    page = client.get("/p/" + "x" * 43 + "/", headers={"Accept-Language": language})
    assert page.status_code == 404
    assert page.mimetype == "text/html"  # a page, not its source as text
    html = page.get_data(as_text=True)
    assert title in html
    assert hint in html
    assert f'<html lang="{language}">' in html
    assert "Not Found" not in html
    assert page.headers["Cache-Control"] == "private, no-store"  # still a firm's page


def test_a_form_without_its_token_says_it_expired(client: FlaskClient) -> None:
    answer = client.post("/staff/login", data={"email": "a@b.example", "password": "x"})
    assert answer.status_code == 400
    assert "Das Formular ist abgelaufen" in answer.get_data(as_text=True)


def test_a_wrong_method_keeps_its_allow_header(client: FlaskClient) -> None:
    answer = client.delete("/")
    assert answer.status_code == 405
    assert "GET" in answer.headers["Allow"]
    assert "Hier nicht möglich" in answer.get_data(as_text=True)


def fail() -> str:
    """A view with a bug."""
    raise ZeroDivisionError


def test_an_unexpected_error_shows_the_500_page(tmp_path: Path, database: str) -> None:
    with app_with(tmp_path, database, TESTING=False) as app:
        app.add_url_rule("/boom", "boom", fail)
        answer = app.test_client().get("/boom", headers={"Accept-Language": "ru"})
    assert answer.status_code == 500
    assert "Что-то пошло не так" in answer.get_data(as_text=True)


def test_a_host_the_site_does_not_serve_gets_the_plain_answer(app: Flask) -> None:
    answer = app.test_client().get("/", base_url="http://evil.example")
    assert answer.status_code == 400  # no link can be built for it: no layout either
