"""Themed tables in the staff console: seat, check, rename a theme, move a firm, print; on
the demo fair (66 firms), through the real app, core and database."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, TableSeat
from matchmaker.services.staff import create_staff
from tests.conftest import csrf_token, staff_login

LOGIN = ("tische@amt.example", "tische-password-1")
SLUG = "kooperationsboerse-barleben-2027"


@pytest.fixture
def web(demo_app: Flask) -> FlaskClient:
    with demo_app.app_context():
        create_staff(db.session(), *LOGIN)
        db.session.commit()
    client = demo_app.test_client()
    staff_login(client, LOGIN[0], LOGIN[1])
    return client


def token(web: FlaskClient) -> str:
    return csrf_token(web.get(f"/staff/e/{SLUG}/tables").get_data(as_text=True))


def seats(app: Flask) -> dict[tuple[int, int], set[int]]:
    with app.app_context():
        found: dict[tuple[int, int], set[int]] = {}
        for s in db.session.scalars(select(TableSeat)):
            found.setdefault((s.round, s.table_number), set()).add(s.participant_id)
        return found


def test_seat_rename_move_and_print(demo_app: Flask, web: FlaskClient) -> None:
    assert "Noch keine Thementische." in web.get(f"/staff/e/{SLUG}/tables").get_data(as_text=True)
    response = web.post(
        f"/staff/e/{SLUG}/tables",
        data={
            "csrf_token": token(web),
            "size": "8",
            "rounds": "2",
            "mix": "1",
            "themes": "Medizintechnik;Pflege;Metallverarbeitung",
        },
    )
    assert response.status_code == 303
    plan = seats(demo_app)
    assert sum(len(m) for (r, _), m in plan.items() if r == 1) == 66
    assert {r for r, _ in plan} == {1, 2}
    page = web.get(f"/staff/e/{SLUG}/tables").get_data(as_text=True)
    assert "Runde 2" in page
    assert 'value="Medizintechnik"' in page
    renamed = web.post(
        f"/staff/e/{SLUG}/tables/1/1/theme", data={"csrf_token": token(web), "theme": "Sterilgut"}
    )
    assert renamed.status_code == 303
    page = web.get(f"/staff/e/{SLUG}/tables").get_data(as_text=True)
    assert 'value="Sterilgut"' in page
    # the staff's theme is gone from round 1: the page says so, in German
    assert "<li>Runde 1: Thema „Medizintechnik“ an 0 Tischen, nicht 1</li>" in page
    firm = next(iter(plan[(1, 1)]))
    moved = web.post(
        f"/staff/e/{SLUG}/tables/move",
        data={"csrf_token": token(web), "firm": firm, "round": "1", "table": "2"},
    )
    assert moved.status_code == 303
    assert firm in seats(demo_app)[(1, 2)]
    response = web.get(f"/staff/e/{SLUG}/tables/print")
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy  # one self-contained print file
    assert "script-src 'self';" in policy
    printed = response.get_data(as_text=True)
    assert "<h2>Runde 2</h2>" in printed
    assert printed.count('class="card"') >= 66  # a place card per firm and round
    assert "Sterilgut" in printed


def test_bad_themes_and_unknown_table(demo_app: Flask, web: FlaskClient) -> None:
    response = web.post(
        f"/staff/e/{SLUG}/tables",
        data={"csrf_token": token(web), "size": "8", "themes": "Pflege=null"},
        follow_redirects=True,
    )
    assert "jedes mit 1 Tisch oder mehr" in response.get_data(as_text=True)
    assert seats(demo_app) == {}
    assert web.get(f"/staff/e/{SLUG}/tables/print").status_code == 404
    web.post(f"/staff/e/{SLUG}/tables", data={"csrf_token": token(web), "size": "8"})
    missing = web.post(
        f"/staff/e/{SLUG}/tables/1/99/theme",
        data={"csrf_token": token(web), "theme": "X"},
        follow_redirects=True,
    )
    assert re.search(r"table 99|Tisch 99", missing.get_data(as_text=True))
    with demo_app.app_context():
        assert db.session.scalars(select(Event)).one().table_rules is not None
