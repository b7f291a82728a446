"""The public pages, rendered by the real app with the demo fair in a real database."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

SLUG = "kooperationsboerse-barleben-2027"


@pytest.fixture
def demo_client(demo_app: Flask) -> FlaskClient:
    return demo_app.test_client()


def page(client: FlaskClient, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


def test_home_lists_the_demo_fair_in_german_by_default(demo_client: FlaskClient) -> None:
    html = page(demo_client, "/")
    assert '<html lang="de">' in html
    assert "Kooperationsbörsen" in html
    assert "Kooperationsbörse Barleben 2027" in html
    assert "Donnerstag, 18. März 2027" in html
    assert "66 Unternehmen angemeldet" in html
    assert f'href="/e/{SLUG}"' in html


def test_home_without_events(client: FlaskClient) -> None:
    assert "Zurzeit sind keine Kooperationsbörsen geplant." in page(client, "/")


def test_event_page_shows_programme_sectors_and_firms(demo_client: FlaskClient) -> None:
    html = page(demo_client, f"/e/{SLUG}")
    assert "<h1>Kooperationsbörse Barleben 2027</h1>" in html
    assert "Technologiepark Ostfalen, Konferenzzentrum, Barleben" in html
    assert "16 Gesprächsrunden zu" in html
    assert "20 Minuten" in html
    # programme: 09:30 + 5 slots of 20 min = 11:10, coffee, ... (a German range ends in "Uhr")
    assert re.search(r"09:30–11:10 Uhr</td>\s*<td>5 Gesprächsrunden", html)
    assert re.search(r"11:10–11:30 Uhr</td>\s*<td>Kaffeepause", html)
    assert re.search(r"12:50–13:40 Uhr</td>\s*<td>Mittagspause", html)
    assert re.search(r"13:40–16:00 Uhr</td>\s*<td>7 Gesprächsrunden", html)
    for sector in ("Medizintechnik", "Pflege", "Metallverarbeitung"):
        assert sector in html, sector
    assert "Landkreis Börde" in html
    assert "Delegation Omsk" in html
    assert "ООО «Омский завод медицинских изделий»" in html.replace("&#34;", '"')
    assert "Börde Präzisionstechnik GmbH" in html
    assert "Thementische:" in html
    assert "Medizintechnik (2 Tische), Metallverarbeitung, Pflege" in html


def test_event_page_hides_contact_details(demo_client: FlaskClient) -> None:
    html = page(demo_client, f"/e/{SLUG}")
    assert "@" not in html  # no e-mail addresses on the public page
    assert "+49" not in html
    assert "+7 3812" not in html


def test_unknown_event_is_404(client: FlaskClient) -> None:
    assert client.get("/e/no-such-fair").status_code == 404


@pytest.mark.parametrize(
    ("accept", "lang", "heading"),
    [
        ("ru-RU,ru;q=0.9", "ru", "Биржи кооперации"),
        ("en-GB,en;q=0.8", "en", "Cooperation fairs"),
        ("fr-FR", "de", "Kooperationsbörsen"),
    ],
)
def test_browser_language_is_followed(
    demo_client: FlaskClient, accept: str, lang: str, heading: str
) -> None:
    html = page(demo_client, "/", **{"Accept-Language": accept})
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html


def test_russian_event_page_uses_russian_plurals_and_dates(demo_client: FlaskClient) -> None:
    html = page(demo_client, f"/e/{SLUG}", **{"Accept-Language": "ru"})
    assert "16 слотов по" in html
    assert "20 минут" in html
    assert "18 марта 2027" in html
    assert "66 компаний-участников" in html


def test_language_switch_is_remembered(demo_client: FlaskClient) -> None:
    response = demo_client.get(f"/language/ru?next=/e/{SLUG}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/e/{SLUG}"
    html = page(demo_client, "/", **{"Accept-Language": "de"})
    assert '<html lang="ru">' in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "javascript:x"])
def test_language_switch_does_not_redirect_off_site(client: FlaskClient, target: str) -> None:
    response = client.get("/language/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_unknown_language_is_404(client: FlaskClient) -> None:
    assert client.get("/language/fr").status_code == 404


def test_firm_text_is_escaped(app: Flask, client: FlaskClient) -> None:
    from matchmaker.extensions import db
    from matchmaker.models import EventState
    from tests.factories import create_event, create_participant

    with app.app_context():
        event = create_event(db.session(), slug="xss", state=EventState.REGISTRATION_OPEN)
        create_participant(db.session(), event, "X", name="<script>alert(1)</script> GmbH")
        db.session.commit()
    html = page(client, "/e/xss")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; GmbH" in html


def test_stylesheet_is_served(client: FlaskClient) -> None:
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert b"@media print" in response.data
    response.close()


def test_the_favicon_is_linked_and_served(client: FlaskClient) -> None:
    """Walk 16 #30: no 404 for /favicon.ico on every page."""
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    asked = client.get("/favicon.ico")
    assert (asked.status_code, asked.location) == (302, "/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200
    assert icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
    icon.close()
