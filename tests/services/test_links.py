"""Personal links: the database keeps only a hash, a firm replaces its link, links expire with
their event's retention, and links handed out before migration 0013 or before a change of
SECRET_KEY keep working. The real app, database, migrations and SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from matchmaker import create_app
from matchmaker.config import secret_keys
from matchmaker.extensions import db
from matchmaker.io.tabular import Row, Table
from matchmaker.models import Event, Participant
from matchmaker.services.links import token_digest
from matchmaker.services.privacy import erase_personal_data, erased_rows
from tests.conftest import Inbox, app_with, csrf_token, dispose, mail_settings, make_config
from tests.factories import create_open_event, create_participant, link_token
from tests.web.test_registration import form_values


def all_stored_text(app: Flask) -> str:
    """Every value of every firm's row, as a dump of the database would show it."""
    with app.app_context():
        rows = db.session.execute(text("SELECT * FROM participant")).all()
        return " ".join(str(value) for row in rows for value in row)


def test_only_a_hash_of_the_link_is_stored(app: Flask) -> None:
    with app.app_context():
        create_open_event(db.session())
        db.session.commit()
    web = app.test_client()
    page = web.get("/e/open/register").get_data(as_text=True)
    response = web.post("/e/open/register", data=form_values(page))
    assert response.status_code == 303
    token = response.location.removeprefix("/p/").removesuffix("/welcome")
    assert web.get(f"/p/{token}/").status_code == 200
    stored = all_stored_text(app)
    assert token not in stored  # before: the token itself was in the access_token column
    assert token_digest(token) in stored


@pytest.fixture
def mail_app(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        yield app


def test_a_firm_replaces_its_link(mail_app: Flask, inbox: tuple[Inbox, int]) -> None:
    with mail_app.app_context():
        event = create_open_event(db.session())
        old = link_token(create_participant(db.session(), event, "A", email="a@firm.example"))
    web = mail_app.test_client()
    page = web.get(f"/p/{old}/").get_data(as_text=True)
    assert "Meinen Link ersetzen" in page
    assert web.post(f"/p/{old}/new-link").status_code == 400  # CSRF token required
    response = web.post(f"/p/{old}/new-link", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 303
    new = response.location.removeprefix("/p/").removesuffix("/")
    assert new != old
    assert web.get(f"/p/{old}/").status_code == 404  # the old link died at once
    shown = web.get(f"/p/{new}/").get_data(as_text=True)
    assert f"http://localhost/p/{new}/" in shown
    assert "Ihr persönlicher Link ist ersetzt" in shown
    assert "Wir haben den neuen Link an a@firm.example geschickt." in shown
    (raw,) = inbox[0].messages
    mail = message_from_bytes(raw)
    assert mail["To"] == "a@firm.example"
    assert f"http://localhost/p/{new}/" in mail.get_payload(decode=True).decode()  # type: ignore[union-attr]


def test_links_expire_with_the_events_retention(app: Flask) -> None:
    """Before: a link opened the firm's pages for ever."""
    app.config["RETENTION_DAYS"] = "30"  # as the environment gives it
    with app.app_context():
        today = date.today()
        tokens = {
            days: link_token(
                create_participant(
                    db.session(),
                    create_open_event(db.session(), f"vor-{days}", date=today - timedelta(days)),
                    "A",
                )
            )
            for days in (29, 30, 31)
        }
    web = app.test_client()
    assert web.get(f"/p/{tokens[29]}/").status_code == 200
    last_day = web.get(f"/p/{tokens[30]}/").get_data(as_text=True)
    assert "Er gilt bis" in last_day
    assert web.get(f"/p/{tokens[31]}/").status_code == 404
    assert web.get(f"/p/{tokens[31]}/agenda.ics").status_code == 404


@pytest.mark.own_organisations  # a database from before organisations
def test_links_handed_out_before_migration_0013_keep_working(app: Flask) -> None:
    with app.app_context():
        event = create_open_event(db.session())
        firm_id = create_participant(db.session(), event, "A", email="a@firm.example").id
        db.session.commit()
        downgrade(revision="0011_login_failures")
        plain = "alt-" + "x" * 39  # a token as the app handed them out before
        db.session.execute(text("UPDATE participant SET access_token = :t"), {"t": plain})
        db.session.commit()
        upgrade()
    assert plain not in all_stored_text(app)
    web = app.test_client()
    assert web.get(f"/p/{plain}/").status_code == 200  # the link the firm has still works
    with app.app_context():
        new = link_token(db.session.get_one(Participant, firm_id))  # as the next mail sends it
    assert new != plain
    assert web.get(f"/p/{new}/").status_code == 200
    assert web.get(f"/p/{plain}/").status_code == 200  # both, until the firm replaces its link
    page = web.get(f"/p/{new}/").get_data(as_text=True)
    replaced = web.post(f"/p/{new}/new-link", data={"csrf_token": csrf_token(page)})
    assert web.get(f"/p/{plain}/").status_code == 404
    assert web.get(f"/p/{new}/").status_code == 404
    assert web.get(replaced.location).status_code == 200


def test_a_changed_secret_key(tmp_path: Path, database: str) -> None:
    """Links already sent keep working; erasure records made under the old key are still
    recognised while it is listed in SECRET_KEY_FALLBACKS."""
    first = create_app(make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database, SECRET_KEY="one"))
    with first.app_context():
        event = create_open_event(db.session())
        firm = create_participant(db.session(), event, "A")
        gone = create_participant(db.session(), event, "G", email="g@firm.example")
        old = link_token(firm)
        erase_personal_data(db.session(), gone, secret="one")
        db.session.commit()
        firm_id = firm.id
    second = create_app(
        make_config(tmp_path, SQLALCHEMY_DATABASE_URI=database, SECRET_KEY="two",
                    SECRET_KEY_FALLBACKS=["one"])
    )  # fmt: skip
    with second.app_context():
        new = link_token(db.session.get_one(Participant, firm_id))
        table = Table("x.csv", ("id", "email"), (Row(2, {"id": "N", "email": "G@firm.example"}),))
        fair = db.session.scalars(select(Event)).one()
        assert [r.id for r in erased_rows(db.session(), fair, table, secret_keys(second.config))]
        assert not erased_rows(db.session(), fair, table, ["two"])  # without the old key
    web = second.test_client()
    assert new != old
    assert web.get(f"/p/{old}/").status_code == 200
    assert web.get(f"/p/{new}/").status_code == 200
    for app in (first, second):
        dispose(app)  # its database pool and its queue\'s connections
