"""The fair's name in other languages and the import preview (walk 16, findings 8 and 25):
staff translate the name on the texts page, which the checklist now names; firms read it on
their pages, agenda, calendar and mails in their language; staff pages keep the original.
The import preview shows the file's headers as written and offers translation columns only
for the page languages and those the file has. The real app, database and SMTP server."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import Event
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.web.test_firm_walk16 import DE, LOGIN, RU, Fair, make_fair, page
from tests.web.test_staff_login import mails

NAME = "Kooperationsbörse Walk"
RUSSIAN = "Биржа кооперации Walk"


@pytest.fixture
def named(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Fair]:
    """The walk-16 fair (a German and a Russian firm) with a German name, sending mail."""
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        yield make_fair(app, name=NAME)


def staff_web(fair: Fair) -> FlaskClient:
    web = fair.app.test_client()
    assert staff_login(web, *LOGIN) == 303
    return web


def texts_step(web: FlaskClient) -> str:
    """The checklist's state of the step "Texts in other languages" and its link."""
    found = re.search(
        r'<li class="(done|todo)[^"]*">\s*<span class="state"[^>]*>.</span>\s*'
        r'<a href="([^"]+)">Texte in anderen Sprachen</a>',
        page(web, "/staff/e/walk/"),
    )
    assert found is not None
    assert found.group(2) == "/staff/e/walk/texts"
    return found.group(1)


def test_staff_translate_the_fairs_name_and_firms_read_it_in_their_language(
    named: Fair, inbox: tuple[Inbox, int]
) -> None:
    web = staff_web(named)
    assert texts_step(web) == "todo"
    with named.app.app_context():
        event_id = db.session.scalars(select(Event.id)).one()
    texts = page(web, "/staff/e/walk/texts")
    assert "Name der Börse" in texts
    saved = web.post(
        "/staff/e/walk/texts",
        data={"csrf_token": csrf_token(texts), f"event-{event_id}-name-ru": RUSSIAN},
    )
    assert saved.status_code == 303
    assert texts_step(web) == "done"
    assert NAME in page(web, "/staff/e/walk/")
    assert RUSSIAN not in page(web, "/staff/e/walk/")
    reader = named.app.test_client()
    public = page(reader, "/e/walk", RU)
    assert f"<h1>{RUSSIAN}</h1>" in public
    assert f"<title>{RUSSIAN}" in public
    assert f"<h1>{NAME}</h1>" in page(reader, "/e/walk", DE)
    omsk = f"/p/{named.tokens['omsk']}"
    for url in (f"{omsk}/", f"{omsk}/agenda", f"{omsk}/agenda/print"):
        shown = page(reader, url, RU)
        assert RUSSIAN in shown, url
        assert NAME not in shown, url
    calendar = reader.get(f"{omsk}/agenda.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"X-WR-CALNAME:{RUSSIAN}" in calendar
    assert NAME in page(reader, f"/p/{named.tokens['elbe']}/", DE)
    # the invitations: the Russian firm's names the fair in Russian, the German firm's in German
    firms = page(web, "/staff/e/walk/firms")
    invited = web.post(
        "/staff/e/walk/firms/invite", data={"csrf_token": csrf_token(firms), "which": "all"}
    )
    assert invited.status_code == 303
    assert run_queued_jobs(named.app) == 2
    sent = {to: (subject, body) for to, subject, body in mails(inbox)}
    subject, body = sent["olga@omsk.example"]
    assert RUSSIAN in subject
    assert RUSSIAN in body
    assert NAME not in body
    subject, body = sent["anna@elbe.example"]
    assert NAME in subject
    assert RUSSIAN not in body


def test_the_import_preview_shows_headers_as_written_and_only_fitting_language_columns(
    named: Fair,
) -> None:
    with named.app.app_context():  # the fair speaks German, English and Russian (issue 17)
        db.session.scalars(select(Event).where(Event.slug == "walk")).one().languages = "de,en,ru"
        db.session.commit()
    web = staff_web(named)
    form = page(web, "/staff/e/walk/import")
    answer = web.post(
        "/staff/e/walk/import",
        data={
            "csrf_token": csrf_token(form),
            "file": (
                io.BytesIO("Firma;E-Mail;Offer_UK\nAcme;a@acme.example;Дія\n".encode()),
                "firms.csv",
            ),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200
    preview = answer.get_data(as_text=True)
    for header in ("Firma", "E-Mail", "Offer_UK"):
        assert f"<td><code>{header}</code></td>" in preview, header
    assert "<code>firma</code>" not in preview
    # matching stays case-insensitive: each header is mapped to our column
    for index, target in enumerate(("name", "email", "offer_uk")):
        chosen = re.search(rf'name="map-{index}">.*?<option value="([a-z_]*)" selected>', preview,
                           re.S)  # fmt: skip
        assert chosen is not None, (index, target)
        assert chosen.group(1) == target, (index, target)
    options = set(re.findall(r'<option value="([a-z_]+)"', preview))
    assert {"offer_ru", "request_en", "description_de", "offer_uk", "request_uk"} <= options
    assert not {"offer_ko", "request_pl", "description_ko"} & options
