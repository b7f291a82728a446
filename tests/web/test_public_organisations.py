"""The public face of organisations (issue 19): the list of fairs names each fair's owner and
co-organisers with links to their pages; an organisation's page lists its coming and held
fairs and its contact address; drafts are shown to nobody but the staff of the
organisations that run them (an administrator: all), and only as a marked preview. The real
app on a real database, read through its pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import EventRole, EventState, StaffRole
from matchmaker.services.organisations import add_member, create_organisation, set_event_role
from matchmaker.services.staff import create_staff
from tests.conftest import app_with, staff_login
from tests.factories import create_event, create_open_event

pytestmark = pytest.mark.own_organisations

PASSWORD = "a-long-password-1"
BARLEBEN = "/o/unternehmerbuero-barleben"
COTTBUS = "/o/wirtschaftsfoerderung-cottbus"
OMSK = "/o/tpp-omsk"
PREVIEW = "In Vorbereitung: nur das Veranstaltungsteam sieht diese Börse."
DRAFTS = ("Geheimer Entwurf Barleben", "Geheimer Entwurf Cottbus")


@pytest.fixture
def fairs(tmp_path: Path, database: str) -> Iterator[Flask]:
    """Barleben's office owns an open fair (the Omsk chamber co-organising), one held last
    year and a draft; Cottbus's office owns an open fair (Barleben supporting) and a draft.
    One staff account in each office, an administrator in none."""
    with app_with(tmp_path, database) as app:
        with app.app_context():
            session = db.session()
            barleben = create_organisation(
                session, "Unternehmerbüro Barleben", "info@barleben.example"
            )
            cottbus = create_organisation(session, "Wirtschaftsförderung Cottbus")
            omsk = create_organisation(session, "ТПП Омск")
            soon = create_open_event(session, "barleben-2027", name="Kooperationsbörse Barleben")
            lausitz = create_open_event(
                session, "lausitz", name="Lausitzer Börse", date=date.today() + timedelta(days=90)
            )
            held = create_event(
                session, "barleben-2025", name="Barlebener Börse 2025",
                date=date.today() - timedelta(days=400), state=EventState.PUBLISHED,
            )  # fmt: skip
            draft_a = create_event(session, "entwurf-a", name=DRAFTS[0])
            draft_b = create_event(session, "entwurf-b", name=DRAFTS[1])
            for event, office in ((soon, barleben), (held, barleben), (draft_a, barleben)):
                set_event_role(session, event, office, EventRole.OWNER)
            set_event_role(session, soon, omsk, EventRole.ORGANISER)
            for event in (lausitz, draft_b):
                set_event_role(session, event, cottbus, EventRole.OWNER)
            set_event_role(session, lausitz, barleben, EventRole.SUPPORTER)
            add_member(session, barleben, create_staff(session, "a@barleben.example", PASSWORD))
            add_member(session, cottbus, create_staff(session, "b@cottbus.example", PASSWORD))
            create_staff(session, "admin@amt.example", PASSWORD, role=StaffRole.ADMIN)
            session.commit()
        yield app


def text_of(web: FlaskClient, url: str) -> str:
    answer = web.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def card(home: str, name: str) -> str:
    """The list item of the fair with this name on the list of fairs."""
    found = [c for c in home.split('<li class="card">')[1:] if name in c]
    assert len(found) == 1, name
    return found[0].split("</li>")[0]


def links(html: str) -> list[str]:
    return re.findall(r'href="(/o/[^"]+)"', html)


def test_the_list_of_fairs_names_every_organisations_fairs_and_their_organisers(
    fairs: Flask,
) -> None:
    home = text_of(fairs.test_client(), "/")
    barleben = card(home, "Kooperationsbörse Barleben")
    assert links(barleben) == [BARLEBEN, OMSK]  # the owner first, then the co-organiser
    assert ">Unternehmerbüro Barleben</a>" in barleben
    assert ">ТПП Омск</a>" in barleben
    lausitz = card(home, "Lausitzer Börse")
    assert links(lausitz) == [COTTBUS, BARLEBEN]
    assert ">Wirtschaftsförderung Cottbus</a>" in lausitz
    assert links(card(home, "Barlebener Börse 2025")) == [BARLEBEN]


def test_a_stranger_sees_no_fair_in_preparation(fairs: Flask) -> None:
    stranger = fairs.test_client()
    for url in ("/", BARLEBEN, COTTBUS):
        page = text_of(stranger, url)
        assert not [name for name in DRAFTS if name in page], url
        assert PREVIEW not in page, url
    assert stranger.get("/e/entwurf-a").status_code == 404


@pytest.mark.parametrize(
    ("email", "own", "other"),
    [("a@barleben.example", DRAFTS[0], DRAFTS[1]), ("b@cottbus.example", DRAFTS[1], DRAFTS[0])],
)
def test_staff_see_their_own_drafts_marked_and_no_other_organisations(
    fairs: Flask, email: str, own: str, other: str
) -> None:
    web = fairs.test_client()
    assert staff_login(web, email, PASSWORD) == 303
    home = text_of(web, "/")
    assert PREVIEW in card(home, own)
    assert other not in home
    assert home.count(PREVIEW) == 1  # the open fairs are not marked
    assert PREVIEW not in card(home, "Kooperationsbörse Barleben")
    for url in (BARLEBEN, COTTBUS):  # an organisation's page is the public's, for staff too
        assert own not in text_of(web, url), url


def test_an_administrator_sees_every_draft_marked(fairs: Flask) -> None:
    web = fairs.test_client()
    assert staff_login(web, "admin@amt.example", PASSWORD) == 303
    home = text_of(web, "/")
    for name in DRAFTS:
        assert PREVIEW in card(home, name)


def test_an_organisations_page_lists_its_coming_and_held_fairs_and_its_contact(
    fairs: Flask,
) -> None:
    stranger = fairs.test_client()
    page = text_of(stranger, BARLEBEN)
    assert "<h1>Unternehmerbüro Barleben</h1>" in page
    assert '<a href="mailto:info@barleben.example">info@barleben.example</a>' in page
    coming, past = page.split('id="past"')
    # coming fairs soonest first, its own and those it co-organises, each linked
    assert re.findall(r'href="(/e/[^"]+)"', coming) == ["/e/barleben-2027", "/e/lausitz"]
    assert "Barlebener Börse 2025" not in coming
    assert re.findall(r'href="(/e/[^"]+)"', past) == ["/e/barleben-2025"]
    assert "Barlebener Börse 2025" in past
    assert text_of(stranger, "/e/barleben-2025")  # the links lead to the fairs' pages
    cottbus = text_of(stranger, COTTBUS)
    assert "mailto:" not in cottbus  # no contact address given
    assert 'id="past"' not in cottbus  # nothing held yet
    assert "/e/lausitz" in cottbus
    assert "/e/barleben-2027" not in cottbus
    omsk = text_of(stranger, OMSK)
    assert "<h1>ТПП Омск</h1>" in omsk
    assert "/e/barleben-2027" in omsk


def test_an_unknown_organisation_is_the_sites_not_found_page(fairs: Flask) -> None:
    answer = fairs.test_client().get("/o/no-such-office")
    assert answer.status_code == 404
    page = answer.get_data(as_text=True)
    assert "Seite nicht gefunden" in page
    assert 'class="brand"' in page  # inside the site's layout


def test_a_fairs_page_names_its_organisers_with_links_to_their_pages(fairs: Flask) -> None:
    stranger = fairs.test_client()
    page = text_of(stranger, "/e/barleben-2027")
    assert links(page) == [BARLEBEN, OMSK]
    assert links(text_of(stranger, "/e/lausitz")) == [COTTBUS, BARLEBEN]
    staff = fairs.test_client()
    assert staff_login(staff, "a@barleben.example", PASSWORD) == 303
    assert links(text_of(staff, "/e/entwurf-a")) == [BARLEBEN]  # the preview too
