"""The demo fair is realistic: enough firms, two groups, three languages, themed tables."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Event, GroupKind, Participant, ParticipantStatus
from matchmaker.services.convert import event_slots
from matchmaker.services.demo import DEMO_LOGIN, demo_logins
from tests.conftest import Databases, dispose, staff_login

CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def test_demo_fair_content(demo_app: Flask) -> None:
    with demo_app.app_context():
        event = db.session.scalars(select(Event)).one()
        firms = db.session.scalars(select(Participant)).all()
        assert len(firms) >= 60
        assert all(f.status is ParticipantStatus.APPROVED for f in firms)
        kinds = {g.name: g.kind for g in event.groups}
        assert kinds == {"Landkreis Börde": GroupKind.HOST, "Delegation Omsk": GroupKind.DELEGATION}
        by_group = {name: [f for f in firms if f.group and f.group.name == name] for name in kinds}
        assert len(by_group["Landkreis Börde"]) >= 30
        assert len(by_group["Delegation Omsk"]) >= 20

        russian = [f for f in firms if CYRILLIC.search(f.offer)]
        english = [f for f in firms if re.search(r"\b(the|and|for|of)\b", f.offer + f.request)]
        german = [f for f in firms if re.search(r"\b(und|für|von)\b", f.offer)]
        assert len(russian) >= 15
        assert len(german) >= 30
        assert len(english) >= 3
        assert all(f.offer and f.request for f in firms), "every firm says what it offers and seeks"

        sectors = {s.name for s in event.sectors}
        assert {"Medizintechnik", "Pflege", "Metallverarbeitung"} <= sectors
        assert {t.theme for t in event.tables if t.theme} == {
            "Medizintechnik",
            "Pflege",
            "Metallverarbeitung",
        }
        assert len(event_slots(event)) == 16
        assert any(f.unavailable for f in firms)
        assert any(f.available_from for f in firms)
        assert len({f.link_salt for f in firms}) == len(firms)


@pytest.mark.parametrize("env", ["testing", "development"])
def test_demo_login_only_in_development(tmp_path: Path, databases: Databases, env: str) -> None:
    """`matchmaker demo` prints a firm's link always, and creates and prints the demo staff
    logins only in development (their password is public): the administrator and one of
    each demo organiser, who sees its fairs."""
    from matchmaker import create_app
    from matchmaker.models import StaffUser
    from tests.conftest import make_config

    accounts = 1 + len(demo_logins())  # the administrator, one of each organiser
    expected = accounts if env == "development" else 0
    uri = databases.fresh(tmp_path)
    app = create_app(make_config(tmp_path, MATCHMAKER_ENV=env, SQLALCHEMY_DATABASE_URI=uri))
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "A demo firm's own pages" in result.output
    assert (DEMO_LOGIN[1] in result.output) == bool(expected)
    with app.app_context():
        assert len(db.session.scalars(select(StaffUser)).all()) == expected
    if expected:
        web = app.test_client()
        page = web.get("/staff/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert token is not None
        response = web.post(
            "/staff/login",
            data={
                "csrf_token": token.group(1),
                "email": DEMO_LOGIN[0],
                "password": DEMO_LOGIN[1],
            },
        )
        assert response.status_code == 303
        omsk = app.test_client()
        assert staff_login(omsk, "omsk@matchmaker.example", DEMO_LOGIN[1]) == 303
        fairs = omsk.get("/staff/").get_data(as_text=True)
        assert "Kooperationsbörse Barleben 2027" in fairs
        assert "Korea Business Day Aachen 2027" not in fairs
    dispose(app)  # its database pool and its queue\'s connections


def test_the_demo_login_cannot_be_used_in_production(tmp_path: Path, databases: Databases) -> None:
    """The demo staff password is public: `matchmaker demo` refuses to run in production,
    and a demo account that reached a production database (a development database taken
    along) is refused at the login, with the same answer as a wrong password."""
    from matchmaker import create_app
    from tests.conftest import csrf_token, make_config, staff_login

    uri = databases.fresh(tmp_path)
    development = create_app(
        make_config(tmp_path / "dev", MATCHMAKER_ENV="development", SQLALCHEMY_DATABASE_URI=uri)
    )
    assert development.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    assert staff_login(development.test_client(), *DEMO_LOGIN) == 303
    production = create_app(
        make_config(
            tmp_path / "prod",
            MATCHMAKER_ENV="production",
            SQLALCHEMY_DATABASE_URI=uri,
            BASE_URL="https://boerse.example",
        )
    )
    refused = production.test_cli_runner().invoke(args=["demo"])
    assert refused.exit_code != 0
    assert "refused in production" in refused.output
    web = production.test_client()
    site = "https://boerse.example"

    def log_in(password: str) -> str:
        page = web.get("/staff/login", base_url=site).get_data(as_text=True)
        data = {"csrf_token": csrf_token(page), "email": DEMO_LOGIN[0], "password": password}
        answer = web.post("/staff/login", data=data, base_url=site)
        assert answer.status_code == 401
        return re.sub(r'name="csrf_token" type="hidden" value="[^"]+"', "", answer.text)

    assert log_in(DEMO_LOGIN[1]) == log_in("a-wrong-password")
    assert web.get("/staff/", base_url=site).status_code == 302
    for app in (development, production):
        dispose(app)  # its database pool and its queue\'s connections


@pytest.mark.own_organisations  # a database from before organisations
def test_upgrading_flags_a_demo_account_made_before(app: Flask) -> None:
    """A database from before the flag: the migration marks its demo account."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    with app.app_context():
        downgrade(revision="0011_login_failures")
        db.session.execute(
            text(
                "INSERT INTO staff_user (email, name, password_hash, role, active, "
                "failed_logins, created_at) VALUES (:email, 'Demo', 'x', 'admin', :yes, 0, "
                ":now)"
            ),
            {"email": DEMO_LOGIN[0], "yes": True, "now": datetime(2027, 1, 1)},
        )
        db.session.commit()
        upgrade()
        flagged = db.session.execute(text("SELECT demo FROM staff_user")).scalar_one()
        assert bool(flagged)
