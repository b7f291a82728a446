"""A local firm offers the delegation a company visit through the public host form (issue
21): the real app through its test client on a real migrated database, the week built by
`tests/visit_week.py` with its event opened for registration."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import EventState, ParticipantStatus, VisitHost
from tests.conftest import app_with, csrf_token
from tests.factories import create_open_event
from tests.visit_week import MONDAY, build_week

URL = "/e/omsk-week/host"
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def week_app(app: Flask) -> Flask:
    with app.app_context():
        week = build_week(db.session())
        week.event.state = EventState.REGISTRATION_OPEN
        db.session.commit()
    return app


@pytest.fixture
def web(week_app: Flask) -> FlaskClient:
    return week_app.test_client()


def form_values(html: str, **changes: Any) -> dict[str, Any]:
    """A complete, valid offer as the browser sends it, with the page's tokens: Monday, the
    one day of visits, ticked from 10:00 to 15:00."""
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', html)
    assert key is not None
    values: dict[str, Any] = {
        "csrf_token": csrf_token(html),
        "submission_key": key.group(1),
        "name": "Zuckerfabrik Klein Wanzleben",
        "website": "www.zucker-wanzleben.example",
        "offer": "Zuckerrübenverarbeitung, Lebensmitteltechnik, Energie aus Biomasse",
        "request": "Partner für Landtechnik in Sibirien",
        "address": "Fabrikstraße 1, 39164 Wanzleben-Börde",
        "lat": "52.0620",
        "lon": "11.4390",
        "capacity": "15",
        "duration_minutes": "90",
        "days-0-hosts": "y",
        "days-0-start": "10:00",
        "days-0-end": "15:00",
        "contact_person": "Jens Rübe",
        "email": "jens.ruebe@zucker.example",
        "phone": "+49 39209 123",
        "locale": "de",
        "languages": ["de", "en"],
        "consent": "y",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def offered(app: Flask) -> list[VisitHost]:
    """The hosts that came through the form (the week's own five have no submission key)."""
    with app.app_context():
        query = select(VisitHost).where(VisitHost.submission_key.is_not(None))
        found = list(db.session.scalars(query.order_by(VisitHost.id)))
        for host in found:
            _ = host.windows
        db.session.expunge_all()
        return found


def error_of(page: str, field_id: str) -> str:
    """The error shown beside the field with this id ("" when there is none)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">([^<]*)</p>', page)
    return match.group(1) if match else ""


def test_an_offer_stores_one_registered_host_with_its_window(
    week_app: Flask, web: FlaskClient
) -> None:
    html = web.get(URL, headers=ENGLISH).get_data(as_text=True)
    assert "<legend>" in html
    assert "Monday, April 19, 2027" in html
    response = web.post(URL, data=form_values(html), headers=ENGLISH)
    assert response.status_code == 303
    assert response.location.endswith("/e/omsk-week/host/thanks")
    (host,) = offered(week_app)
    assert host.name == "Zuckerfabrik Klein Wanzleben"
    assert host.status is ParticipantStatus.REGISTERED
    assert host.consent_at is not None
    assert (host.lat, host.lon, host.capacity, host.duration_minutes) == (52.062, 11.439, 15, 90)
    assert host.website == "https://www.zucker-wanzleben.example"
    assert (host.locale, host.languages) == ("de", ["de", "en"])
    assert [(w.day, w.start, w.end_time) for w in host.windows] == [
        (MONDAY, time(10, 0), time(15, 0))
    ]
    thanks = web.get(response.location, headers=ENGLISH).get_data(as_text=True)
    assert "Thank you for offering a visit" in thanks


def test_empty_times_are_the_whole_day(week_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    values = form_values(html, **{"days-0-start": "", "days-0-end": ""})
    assert web.post(URL, data=values).status_code == 303
    (host,) = offered(week_app)
    assert [(w.start, w.end_time) for w in host.windows] == [(time(9, 0), time(17, 0))]


def test_the_same_form_sent_twice_stores_one_host(week_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    values = form_values(html)
    first = web.post(URL, data=values)
    second = web.post(URL, data=values)
    assert first.status_code == second.status_code == 303
    assert len(offered(week_app)) == 1
    another = web.get(URL).get_data(as_text=True)  # a new form is a new offer
    web.post(URL, data=form_values(another, name="Landbäckerei Egeln"))
    assert [h.name for h in offered(week_app)] == [
        "Zuckerfabrik Klein Wanzleben",
        "Landbäckerei Egeln",
    ]


def test_half_coordinates_are_refused_beside_the_missing_one(
    week_app: Flask, web: FlaskClient
) -> None:
    html = web.get(URL).get_data(as_text=True)
    response = web.post(URL, data=form_values(html, lon=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Geben Sie Breite und Länge an oder keines von beiden." in error_of(page, "lon")
    assert error_of(page, "lat") == ""
    assert 'value="Zuckerfabrik Klein Wanzleben"' in page  # kept
    assert offered(week_app) == []


def test_a_window_ending_before_it_starts_names_the_day(week_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL, headers=ENGLISH).get_data(as_text=True)
    values = form_values(html, **{"days-0-start": "14:00", "days-0-end": "10:00"})
    response = web.post(URL, data=values, headers=ENGLISH)
    assert response.status_code == 422
    error = error_of(response.get_data(as_text=True), "days-0-end")
    assert "Monday, April 19, 2027" in error
    assert "later than" in error
    assert offered(week_app) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("capacity", "0", "1 bis 60 Besucher."),
        ("capacity", "61", "1 bis 60 Besucher."),
        ("duration_minutes", "10", "15 bis 240 Minuten."),
        ("lat", "95", "Zwischen -90 und 90."),
    ],
)
def test_numbers_out_of_range_are_refused(
    week_app: Flask, web: FlaskClient, field: str, value: str, message: str
) -> None:
    html = web.get(URL).get_data(as_text=True)
    response = web.post(URL, data=form_values(html, **{field: value}))
    assert response.status_code == 422
    assert message in error_of(response.get_data(as_text=True), field)
    assert offered(week_app) == []


def test_no_day_ticked_and_no_consent_are_refused(week_app: Flask, web: FlaskClient) -> None:
    html = web.get(URL).get_data(as_text=True)
    values = form_values(html, consent=None, **{"days-0-hosts": None})
    response = web.post(URL, data=values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kreuzen Sie mindestens einen Tag an" in error_of(page, "days")
    assert error_of(page, "consent") != ""
    assert offered(week_app) == []


def test_an_event_without_a_day_of_visits_shows_no_form(app: Flask) -> None:
    with app.app_context():
        create_open_event(db.session())
        db.session.commit()
    web = app.test_client()
    response = web.get("/e/open/host", headers=ENGLISH)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "have not set up a day of company visits" in page
    assert "<form" not in page.split("<main", 1)[1].split("</main>")[0]
    assert "/e/open/host" not in web.get("/e/open").get_data(as_text=True)


def test_the_event_page_links_to_the_host_form(web: FlaskClient) -> None:
    assert 'href="/e/omsk-week/host"' in web.get("/e/omsk-week").get_data(as_text=True)


def test_a_draft_event_is_404_for_a_stranger(app: Flask) -> None:
    with app.app_context():
        build_week(db.session())  # in preparation
        db.session.commit()
    web = app.test_client()
    assert web.get(URL).status_code == 404
    assert web.post(URL, data={"name": "Fremd GmbH"}).status_code in (400, 404)
    assert web.get(f"{URL}/thanks").status_code == 404


def test_closed_registration_refuses_as_the_firms_form_does(week_app: Flask) -> None:
    with week_app.app_context():
        event = db.session.scalars(select(VisitHost)).first().event  # type: ignore[union-attr]
        event.state = EventState.CLOSED
        db.session.commit()
    web = week_app.test_client()
    page = web.get(URL).get_data(as_text=True)
    firms_page = web.get("/e/omsk-week/register").get_data(as_text=True)
    refusal = re.search(r'<p class="notice" role="alert">[^<]+</p>', firms_page)
    assert refusal is not None
    assert refusal.group(0) in page  # the same words as the firms' form
    assert 'name="offer"' not in page
    assert web.post(URL, data={"name": "Spät GmbH"}).status_code in (400, 403)
    assert offered(week_app) == []


def test_offers_are_limited_per_network_address(tmp_path: Path, database: str) -> None:
    with app_with(tmp_path, database, THROTTLE_PER_ADDRESS=1) as app:
        with app.app_context():
            build_week(db.session()).event.state = EventState.REGISTRATION_OPEN
            db.session.commit()
        web = app.test_client()
        first = web.post(URL, data=form_values(web.get(URL).get_data(as_text=True)))
        assert first.status_code == 303
        again = form_values(web.get(URL).get_data(as_text=True), email="zweite@firma.example")
        refused = web.post(URL, data=again)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "3600"
        assert len(offered(app)) == 1
