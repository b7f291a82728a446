"""Fixtures on real parts: the real app factory, a real SQLite database built by the real
Alembic migrations (once, then copied per test), the real CLI runner."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import Event, EventTable, Group, GroupKind, Participant
from matchmaker.services.participants import new_access_token


def make_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "MATCHMAKER_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head by Alembic, copied for each test that needs a database."""
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    app = create_app(make_config(folder))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return folder / "test.sqlite"


@pytest.fixture
def app(tmp_path: Path, migrated_database: Path) -> Iterator[Flask]:
    shutil.copy(migrated_database, tmp_path / "test.sqlite")
    app = create_app(make_config(tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with app.app_context():
        yield db.session()
        db.session.rollback()


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    from matchmaker.services.demo import load_demo

    with app.app_context():
        load_demo(db.session())
        db.session.commit()
    return app


# ---- factories: real rows, no mocks ---------------------------------------------------------


def create_event(session: Session, slug: str = "fair", **values: Any) -> Event:
    defaults: dict[str, Any] = {
        "name": f"Fair {slug}",
        "date": date(2027, 3, 18),
        "first_slot_start": time(9, 0),
        "slot_minutes": 20,
        "slot_count": 6,
    }
    event = Event(slug=slug, **(defaults | values))
    event.tables = [EventTable(number=n) for n in (1, 2, 3)]
    event.groups = [
        Group(name="Börde", kind=GroupKind.HOST),
        Group(name="Omsk", kind=GroupKind.DELEGATION),
    ]
    session.add(event)
    session.flush()
    return event


def create_participant(
    session: Session, event: Event, external_id: str, **values: Any
) -> Participant:
    participant = Participant(
        event_id=event.id,
        external_id=external_id,
        name=values.pop("name", f"Firm {external_id}"),
        access_token=new_access_token(),
        **values,
    )
    session.add(participant)
    session.flush()
    return participant


@pytest.fixture
def runner_on_empty_db(tmp_path: Path) -> Iterator[FlaskCliRunner]:
    """A CLI runner on an app whose database has no tables yet."""
    app = create_app(
        make_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite'}")
    )
    yield app.test_cli_runner()
    with app.app_context():
        db.engine.dispose()


def create_open_event(session: Session, slug: str = "open", **values: Any) -> Event:
    """An event taking registrations: on a day two months ahead, deadline in a month, with
    sectors (Medizintechnik, Pflege, Metallverarbeitung)."""
    from datetime import datetime, timedelta

    from matchmaker.models import EventState, Sector

    today = datetime.now().date()
    defaults: dict[str, Any] = {
        "date": today + timedelta(days=60),
        "registration_deadline": datetime.now().replace(microsecond=0) + timedelta(days=30),
        "state": EventState.REGISTRATION_OPEN,
        "max_requests_per_participant": 3,
    }
    event = create_event(session, slug, **(defaults | values))
    event.sectors = [Sector(name=n) for n in ("Medizintechnik", "Pflege", "Metallverarbeitung")]
    session.flush()
    return event


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries (the first one)."""
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match is not None, "no CSRF token in the page"
    return match.group(1)


# ---- a real SMTP server (aiosmtpd) for mails the app sends ---------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def staff_login(client: FlaskClient, email: str, password: str, next_url: str = "") -> int:
    """Log a staff member in through the real login form; returns the answer's status."""
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post(
        "/staff/login" + (f"?next={next_url}" if next_url else ""),
        data={"csrf_token": csrf_token(page), "email": email, "password": password},
    )
    return response.status_code
