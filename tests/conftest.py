"""Fixtures on real parts: the real app factory, a real SQLite database built by the real
Alembic migrations (once, then copied per test), the real CLI runner, a real SMTP server,
and real server processes (started by `tests/servers.py`)."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy.orm import Session

from matchmaker import create_app
from matchmaker.config import normalise_database_url
from matchmaker.extensions import db
from matchmaker.models import Event
from tests.servers import Server, gunicorn


def make_config(tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "MATCHMAKER_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "BASE_URL": "http://localhost",
        # Fixtures hold fairs on fixed days (2027-03-18): their links must not expire while
        # the suite is still in use. Tests of the expiry set their own period.
        "RETENTION_DAYS": 3650,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
    }
    config.update(overrides)
    return config


# The suite runs on SQLite (default) or, with MATCHMAKER_TEST_DATABASE_URL pointing at a
# PostgreSQL server's maintenance database (postgresql://user@127.0.0.1:5432/postgres), on
# PostgreSQL: one database migrated by Alembic, cloned for each test.
SERVER_URL = os.environ.get("MATCHMAKER_TEST_DATABASE_URL", "")


class Databases:
    """Fresh, migrated databases for tests: copies of one template migrated once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.postgres = SERVER_URL.startswith(("postgres://", "postgresql"))
        self.template = f"mm_tpl_{os.getpid()}"
        self.made: list[str] = []
        self._migrate()

    def _admin(self) -> Any:
        from sqlalchemy import create_engine

        return create_engine(normalise_database_url(SERVER_URL), isolation_level="AUTOCOMMIT")

    def _url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        url = make_url(normalise_database_url(SERVER_URL)).set(database=name)
        return url.render_as_string(hide_password=False)

    def _migrate(self) -> None:
        from flask_migrate import upgrade
        from sqlalchemy import text

        if self.postgres:
            engine = self._admin()
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.template}"'))
                connection.execute(text(f'CREATE DATABASE "{self.template}"'))
            engine.dispose()
            uri = self._url(self.template)
        else:
            uri = f"sqlite:///{self.folder / 'template.sqlite'}"
        app = create_app(make_config(self.folder, SQLALCHEMY_DATABASE_URI=uri))
        with app.app_context():
            upgrade()
            db.engine.dispose()

    def fresh(self, folder: Path) -> str:
        """The URI of a new database with the schema at head and no rows."""
        from sqlalchemy import text

        if not self.postgres:
            target = folder / f"test-{len(self.made)}.sqlite"
            shutil.copy(self.folder / "template.sqlite", target)
            self.made.append(str(target))
            return f"sqlite:///{target}"
        name = f"mm_{os.getpid()}_{len(self.made)}"
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"'))
        engine.dispose()
        self.made.append(name)
        return self._url(name)

    def empty(self, folder: Path) -> str:
        """The URI of a new database without any table."""
        from sqlalchemy import text

        if not self.postgres:
            return f"sqlite:///{folder / 'empty.sqlite'}"
        name = f"mm_{os.getpid()}_empty_{len(self.made)}"
        engine = self._admin()
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        self.made.append(name)
        return self._url(name)

    def drop_all(self) -> None:
        from sqlalchemy import text

        if not self.postgres:
            return
        engine = self._admin()
        with engine.connect() as connection:
            for name in [*self.made, self.template]:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(autouse=True)
def one_organisation(request: pytest.FixtureRequest) -> Iterator[None]:
    """Most tests are about one office's fair: every event a test's process creates is
    owned by one organisation ("Testamt") and every staff account belongs to it, as on an
    installation migrated by 0026. Tests of who may see what mark themselves
    `own_organisations` and set up their organisations by hand."""
    if request.node.get_closest_marker("own_organisations"):
        yield
        return
    from sqlalchemy import event as orm_event
    from sqlalchemy import insert, select

    from matchmaker.models import EventOrganiser, EventRole, Membership, Organisation, StaffUser

    def join(session: Session) -> None:
        """At each commit: events with no owner get "Testamt", accounts in no organisation
        join it (an event given an owner before its commit, as the demo's, keeps it)."""
        connection = session.connection()
        owned = select(EventOrganiser.event_id).where(EventOrganiser.role == EventRole.OWNER)
        events = connection.scalars(select(Event.id).where(Event.id.not_in(owned))).all()
        members = select(Membership.staff_id)
        staff = connection.scalars(select(StaffUser.id).where(StaffUser.id.not_in(members))).all()
        if not events and not staff:
            return
        office = connection.scalar(select(Organisation.id).where(Organisation.slug == "testamt"))
        if office is None:
            made = insert(Organisation).values(name="Testamt", slug="testamt")
            office = connection.scalar(made.returning(Organisation.id))
        for event_id in events:
            connection.execute(
                insert(EventOrganiser).values(
                    event_id=event_id, organisation_id=office, role=EventRole.OWNER
                )
            )
        for staff_id in staff:
            connection.execute(insert(Membership).values(staff_id=staff_id, organisation_id=office))

    orm_event.listen(Session, "before_commit", join)
    yield
    orm_event.remove(Session, "before_commit", join)


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(tmp_path_factory.mktemp("template"))
    yield made
    made.drop_all()


@pytest.fixture
def database(databases: Databases, tmp_path: Path) -> str:
    """The URI of a fresh database for this test."""
    return databases.fresh(tmp_path)


@pytest.fixture
def app(tmp_path: Path, database: str) -> Iterator[Flask]:
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database))
    yield app
    dispose(app)


def dispose(app: Flask) -> None:
    """Close what the app opened: its database pool and its queue's connections."""
    from matchmaker.jobs.queue import close_queue

    close_queue(app)
    with app.app_context():
        db.engine.dispose()


def mail_settings(inbox: tuple[Inbox, int]) -> dict[str, Any]:
    """Settings that send the app's mail to the test's real SMTP server."""
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox[1], "MAIL_SENDER": "boerse@test.example"}


@contextmanager
def app_with(
    tmp_path: Path, database: str, event: dict[str, Any] | None = None, **settings: Any
) -> Iterator[Flask]:
    """An app on the test's database with settings of its own and, when `event` is given
    (the values for `create_open_event`), an event open for registration."""
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database, **settings))
    if event is not None:
        with app.app_context():
            from tests.factories import create_open_event

            create_open_event(db.session(), **event)
            db.session.commit()
    try:
        yield app
    finally:
        dispose(app)


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
def world(tmp_path: Path, database: str) -> Iterator[Any]:
    """Fairs of two organisations with firms that came back (tests/returning_world.py)."""
    from tests.returning_world import returning_world

    with returning_world(tmp_path, database) as made:
        yield made


@pytest.fixture
def demo_app(app: Flask) -> Flask:
    """The app with the Barleben demo fair, run by the tests' one organisation (the
    demo's own organisers are left out: tests of who may see what build their own)."""
    from sqlalchemy import delete

    from matchmaker.models import EventOrganiser
    from matchmaker.services.demo import load_demo

    with app.app_context():
        event = load_demo(db.session()).event
        db.session.execute(delete(EventOrganiser).where(EventOrganiser.event_id == event.id))
        db.session.commit()
    return app


@pytest.fixture
def runner_on_empty_db(tmp_path: Path, databases: Databases) -> Iterator[FlaskCliRunner]:
    """A CLI runner on an app whose database has no tables yet."""
    app = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=databases.empty(tmp_path)))
    yield app.test_cli_runner()
    with app.app_context():
        db.engine.dispose()


def csrf_token(html: str) -> str:
    """The CSRF token a page's form carries (the first one)."""
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match is not None, "no CSRF token in the page"
    return match.group(1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


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
    port = free_port()
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


# ---- real server processes (gunicorn and `matchmaker worker`, see tests/servers.py) ---------


@pytest.fixture
def server(app: Flask, database: str, tmp_path: Path) -> Iterator[Server]:
    """The app in gunicorn, reached directly over HTTP, with its worker (load tests: all
    from one address, so the public forms' limit per address is lifted)."""
    with gunicorn(database, tmp_path, free_port(), THROTTLE_PER_ADDRESS="100000") as (url, worker):
        yield Server(url, worker=worker)


@pytest.fixture
def public_server(app: Flask, database: str, tmp_path: Path) -> Iterator[Server]:
    """The app as deployed: gunicorn in production mode behind nginx doing HTTPS, one proxy
    hop trusted, the public address that of the proxy, Secure cookies; the worker beside."""
    with deployed(database, tmp_path) as server:
        yield server


@contextmanager
def deployed(database: str, tmp_path: Path, **settings: str) -> Iterator[Server]:
    """`public_server` with settings of its own (MATCHMAKER_* variables, prefix left out),
    e.g. the mail settings of a test's `inbox`."""
    from tests.proxy import tls_proxy

    public, upstream = free_port(), free_port()
    settings = {
        "ENV": "production",
        "BASE_URL": f"https://localhost:{public}",
        "PROXY_HOPS": "1",
        **settings,
    }
    with (
        gunicorn(database, tmp_path, upstream, **settings) as (_, worker),
        tls_proxy(public, upstream, tmp_path / "proxy") as proxy,
    ):
        yield Server(proxy.url, proxy.ca_file, worker)


LAYERS = ("core", "io", "services", "web", "cli", "e2e", "project")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test is marked with its layer, the folder it lives in (`pytest -m core`)."""
    for item in items:
        parts = Path(str(item.path)).parts
        layer = next((p for p in reversed(parts) if p in LAYERS), None)
        if layer is not None:
            item.add_marker(getattr(pytest.mark, layer))
