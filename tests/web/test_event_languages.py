"""Which languages an event offers (issue 17, "six languages in the pages"): a setting of the
event, checked by the settings form, the service and the database; its firm and public
pages, language menu, mails and calendar use only those, staff pages all of the
installation's. A firm is written to in its own language where offered (Ukrainian firms in
Ukrainian, Polish in Polish, Korean in Korean), else in English where offered. Real app,
database, SMTP server (`inbox`) and migrations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from matchmaker import create_app
from matchmaker.config import ConfigurationError
from matchmaker.core.text.countries import country_code
from matchmaker.extensions import db
from matchmaker.i18n import firm_language
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import Event, Participant, StaffUser
from matchmaker.services.event_setup import EventSettings, SetupError, update_event
from matchmaker.services.staff import create_staff
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, make_config, staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.web.test_event_texts import form_values
from tests.web.test_staff_login import mails

LOGIN = ("sprachen@amt.example", "sprachen-password-1")


def menu(page: str) -> list[str]:
    """The language codes the page's language menu offers."""
    nav = page[page.index('class="languages"') : page.index("</nav>")]
    return re.findall(r'hreflang="([a-z]{2})"', nav)


def make_fair(app: Flask, languages: str | None = "de,en") -> dict[str, int]:
    """Event "sprachen" (German texts, offering `languages`, its name translated into
    English and Russian) with a Russian firm that chose Russian, a Ukrainian firm writing
    Russian, a Polish and a Korean firm; a staff login."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        event = create_open_event(session, "sprachen", name="Kooperationsbörse")
        event.languages = languages
        event.translations = {"en": {"name": "Cooperation fair"}, "ru": {"name": "Биржа"}}
        firms = {
            "ru": create_participant(session, event, "R", locale="ru", email="r@omsk.example",
                                     contact_person="Olga", offer="Фрезерные детали"),
            "ua": create_participant(session, event, "U", country="UA", email="u@lviv.example",
                                     offer="Металлообработка и сварка"),
            "pl": create_participant(session, event, "P", country="PL"),
            "kr": create_participant(session, event, "K", country="KR"),
            "de": create_participant(session, event, "D", email="d@boerde.example",
                                     contact_person="Anna", offer="CNC-Fräsen von Implantaten"),
        }  # fmt: skip
        session.commit()
        return {key: firm.id for key, firm in firms.items()} | {"event": event.id}


def staff_web(app: Flask) -> FlaskClient:
    web = app.test_client()
    assert staff_login(web, *LOGIN) == 303
    return web


def test_a_firm_is_written_to_in_a_language_its_fair_offers(app: Flask) -> None:
    ids = make_fair(app, languages=None)  # every language of the installation
    with app.app_context():
        firms = {k: db.session.get_one(Participant, ids[k]) for k in ("ru", "ua", "pl", "kr", "de")}
        assert {k: firm_language(f) for k, f in firms.items()} == {
            "ru": "ru", "ua": "uk", "pl": "pl", "kr": "ko", "de": "de",
        }  # fmt: skip
        firms["ua"].locale = "ru"  # what a firm chose itself is kept
        assert firm_language(firms["ua"]) == "ru"
        firms["ua"].event.languages = "de,en"
        assert {k: firm_language(f) for k, f in firms.items()} == {
            "ru": "en", "ua": "en", "pl": "en", "kr": "en", "de": "de",
        }  # fmt: skip
        firms["ua"].event.languages = "de,ru"  # no English: the fair's own language
        assert firm_language(firms["kr"]) == "de"
        assert firm_language(firms["ua"]) == "ru"
        db.session.rollback()


def test_the_settings_refuse_no_language_and_one_without_the_fairs_own(app: Flask) -> None:
    ids = make_fair(app)
    web = staff_web(app)
    page = web.get("/staff/e/sprachen/settings").get_data(as_text=True)
    assert re.findall(r'<input checked[^>]*name="languages"[^>]*value="(\w+)"', page) == [
        "de",
        "en",
    ]
    shown = form_values(page)
    for ticked, error in (
        ([], "Wählen Sie mindestens eine Sprache."),
        (["en", "ko"], "Bitte auch Deutsch ankreuzen: Die Texte der Börse sind darin geschrieben."),
        (["de", "fr"], "&#39;fr&#39;"),  # only a forged form sends it
    ):
        data = {k: v for k, v in shown.items() if k != "languages"} | {"languages": ticked}
        answer = web.post("/staff/e/sprachen/settings", data=data)
        assert answer.status_code == 422, ticked
        assert error in answer.get_data(as_text=True), ticked
    answer = web.post("/staff/e/sprachen/settings", data=shown | {"languages": ["ko", "de"]})
    assert answer.status_code == 303
    with app.app_context():
        assert db.session.get_one(Event, ids["event"]).languages == "ko,de"


def test_the_service_and_the_database_refuse_an_event_without_its_own_language(
    app: Flask,
) -> None:
    ids = make_fair(app)
    with app.app_context():
        session = db.session()
        event = session.get_one(Event, ids["event"])
        staff = session.scalars(select(StaffUser)).one()
        settings = EventSettings(name=event.name, date=event.date, language="de",
                                 first_slot_start=event.first_slot_start, slot_minutes=20,
                                 slot_count=6, languages=("en", "ru"))  # fmt: skip
        with pytest.raises(SetupError) as refused:
            update_event(session, event, settings, staff)
        assert refused.value.field == "languages"
        session.rollback()
        with pytest.raises(IntegrityError):
            session.execute(text("UPDATE event SET languages = 'en,ru' WHERE slug = 'sprachen'"))
        session.rollback()
        assert session.get_one(Event, ids["event"]).languages == "de,en"


def test_firm_and_public_pages_speak_only_the_fairs_languages(app: Flask) -> None:
    ids = make_fair(app)
    with app.app_context():
        russian = link_token(db.session.get_one(Participant, ids["ru"]))
        korean = link_token(db.session.get_one(Participant, ids["kr"]))
    web = app.test_client()
    web.set_cookie("lang", "ru")  # chosen on another fair's pages
    wish = {"Accept-Language": "ru, en;q=0.5"}
    page = web.get(f"/p/{russian}/", headers=wish).get_data(as_text=True)
    assert menu(page) == ["de", "en"]
    assert '<html lang="en">' in page  # not Russian: not offered
    assert '<html lang="de">' in web.get(f"/p/{russian}/").get_data(as_text=True)  # no wish
    web.set_cookie("lang", "de")
    assert '<html lang="de">' in web.get(f"/p/{korean}/").get_data(as_text=True)
    public = web.get("/e/sprachen", headers={"Accept-Language": "ko, ru;q=0.8"})
    assert menu(public.get_data(as_text=True)) == ["de", "en"]
    web.delete_cookie("lang")
    page = web.get("/e/sprachen", headers={"Accept-Language": "ko, ru;q=0.8"}).get_data(
        as_text=True
    )
    assert '<html lang="de">' in page  # neither offered: the installation's default
    register = web.get("/e/sprachen/register").get_data(as_text=True)
    mail_choices = re.search(r'<select[^>]*name="locale"[^>]*>(.*?)</select>', register, re.S)
    assert mail_choices is not None
    assert re.findall(r'value="(\w+)"', mail_choices.group(1)) == ["de", "en"]
    staff = staff_web(app)
    staff.set_cookie("lang", "ko")
    page = staff.get("/staff/e/sprachen/").get_data(as_text=True)
    assert menu(page) == ["de", "en", "ru", "uk", "pl", "ko"]
    assert '<html lang="ko">' in page  # staff pages keep every language
    calendar = icalendar.Calendar.from_ical(web.get(f"/p/{russian}/agenda.ics").data)
    assert str(calendar["X-WR-CALNAME"]) == "Cooperation fair"  # in English, not Russian
    with app.app_context():  # an English fair offering Korean: not the default, German
        event = db.session.get_one(Event, ids["event"])
        event.language, event.languages = "en", "en,ko"
        db.session.commit()
    web.delete_cookie("lang")
    page = web.get(f"/p/{korean}/").get_data(as_text=True)
    assert '<html lang="ko">' in page  # without a wish: the firm's own language
    assert menu(page) == ["en", "ko"]
    with app.app_context():
        event = db.session.get_one(Event, ids["event"])
        event.language, event.languages = "de", "de,en"
        db.session.commit()
    texts = staff.get("/staff/e/sprachen/texts").get_data(as_text=True)
    assert re.search(r'name="event-\d+-name-en"', texts)  # translations: only for English
    assert not re.search(r'name="event-\d+-name-(ru|uk|pl|ko)"', texts)


@pytest.mark.parametrize(
    ("language", "written"),
    [("ko", "2027년 3월 18일 목요일"), ("uk", "четвер, 18 березня 2027\u202fр."),
     ("pl", "czwartek, 18 marca 2027"), ("ru", "четверг, 18 марта 2027\u202fг.")],
)  # fmt: skip
def test_a_firms_page_gives_the_date_as_its_language_writes_it(
    app: Flask, language: str, written: str
) -> None:
    ids = make_fair(app, languages=None)
    with app.app_context():
        db.session.get_one(Event, ids["event"]).date = date(2027, 3, 18)
        token = link_token(db.session.get_one(Participant, ids["de"]))
    web = app.test_client()
    web.set_cookie("lang", language)
    page = web.get(f"/p/{token}/").get_data(as_text=True)
    assert f'<html lang="{language}">' in page
    assert written in page


@pytest.fixture
def mailing(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Flask]:
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        yield app


def test_mails_go_out_in_a_language_the_fair_offers(
    mailing: Flask, inbox: tuple[Inbox, int]
) -> None:
    make_fair(mailing)
    web = staff_web(mailing)
    page = web.get("/staff/e/sprachen/firms").get_data(as_text=True)
    answer = web.post(
        "/staff/e/sprachen/firms/invite", data={"csrf_token": csrf_token(page), "which": "all"}
    )
    assert answer.status_code in (302, 303)
    assert run_queued_jobs(mailing) == 3
    by_address = {to: (subject, body) for to, subject, body in mails(inbox)}
    assert by_address["r@omsk.example"][0] == "Invitation to Cooperation fair"
    assert by_address["r@omsk.example"][1].startswith("Hello Olga,")
    assert by_address["u@lviv.example"][0] == "Invitation to Cooperation fair"
    assert by_address["d@boerde.example"][0] == "Einladung: Kooperationsbörse"


def test_migration_0021_runs_down_and_up_keeping_the_events(app: Flask) -> None:
    ids = make_fair(app)
    with app.app_context():
        downgrade(revision="0020_request_mails")
        columns = {c["name"] for c in inspect(db.engine).get_columns("event")}
        assert "languages" not in columns
        upgrade()
        db.session.expire_all()
        event = db.session.get_one(Event, ids["event"])
        assert event.languages is None  # every language again
        assert len(event.participants) == 5
        with pytest.raises(IntegrityError):  # the CHECK is back
            db.session.execute(text("UPDATE event SET languages = 'ko' WHERE id = :id"),
                               {"id": ids["event"]})  # fmt: skip
        db.session.rollback()


def test_the_installation_names_its_languages(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, LANGUAGES="de, en,ko"))
    assert app.config["LANGUAGES"] == ("de", "en", "ko")
    with pytest.raises(ConfigurationError, match="LANGUAGES is 'de,fr'"):
        create_app(make_config(tmp_path, LANGUAGES="de,fr"))
    with pytest.raises(ConfigurationError, match="BABEL_DEFAULT_LOCALE is 'de'"):
        create_app(make_config(tmp_path, LANGUAGES="en,ko"))


def test_an_import_may_name_countries_in_every_page_language() -> None:
    assert country_code("Polska") == country_code("Польща") == "PL"
    assert country_code("Україна") == country_code("Ukraina") == "UA"
    assert country_code("대한민국") == country_code("한국") == country_code("Корея") == "KR"
    assert country_code("Niemcy") == country_code("독일") == "DE"
