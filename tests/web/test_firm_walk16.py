"""What a firm reads and is told (walk 16, findings 1, 2, 9, 12, 14, 22, 27, 28, 29): a fair
not open yet worded truthfully, with the profile editable; staff warned before inviting into
a draft fair; request mails through the outbox in the recipient's language; the agenda mail
with the meetings; no double full stop after a date; a request's language mark; whole
sentences on the overview; the time zone as a place; "About the firm"; an error summary
naming the fields. The real app, database, worker code path and SMTP server (`inbox`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matchmaker.core.scheduling.scheduler import ScheduleOptions
from matchmaker.extensions import db
from matchmaker.jobs import run_queued_jobs
from matchmaker.models import (
    Event,
    EventState,
    MailKind,
    MeetingRequest,
    OutboxMail,
    Participant,
    RequestStatus,
)
from matchmaker.notify import firm_mail
from matchmaker.services.drafts import generate_draft
from matchmaker.services.staff import create_staff
from matchmaker.services.versions import publish_version
from tests.conftest import Inbox, app_with, csrf_token, mail_settings, staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.web.test_staff_login import mails

DE = {"Accept-Language": "de"}
RU = {"Accept-Language": "ru"}
LOGIN = ("team@amt.example", "team-password-1")


@dataclass(frozen=True)
class Fair:
    app: Flask
    tokens: dict[str, str]
    ids: dict[str, int]


def make_fair(app: Flask, **event: Any) -> Fair:
    """A German firm (reads de, en) and a Russian one (writes and reads Russian)."""
    with app.app_context():
        session = db.session()
        create_staff(session, *LOGIN)
        fair = create_open_event(session, "walk", timezone="Europe/Berlin", **event)
        firms = {
            "elbe": create_participant(
                session, fair, "E1", name="Elbe Medizintechnik GmbH", country="DE",
                languages=["de", "en"], email="anna@elbe.example", contact_person="Anna",
                offer="Sterile Einwegprodukte", request="Vertriebspartner in Russland",
            ),
            "omsk": create_participant(
                session, fair, "O1", name="ООО «Омск Мед»", country="RU", locale="ru",
                languages=["ru"], email="olga@omsk.example", contact_person="Ольга",
                offer="Дистрибуция медицинского оборудования", request="Производитель",
                description="Дистрибьютор в Сибири",
            ),
        }  # fmt: skip
        session.commit()
        tokens = {key: link_token(firm) for key, firm in firms.items()}
        return Fair(app, tokens, {key: firm.id for key, firm in firms.items()})


@pytest.fixture
def fair(app: Flask) -> Fair:
    return make_fair(app)


@pytest.fixture
def mailing(tmp_path: Path, database: str, inbox: tuple[Inbox, int]) -> Iterator[Fair]:
    with app_with(tmp_path, database, **mail_settings(inbox)) as app:
        yield make_fair(app)


def page(web: FlaskClient, url: str, headers: dict[str, str] = DE, status: int = 200) -> str:
    response = web.get(url, headers=headers)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def ask(
    fair: Fair, sender: str, partner: str, message: str = "", headers: dict[str, str] = DE
) -> int:
    web = fair.app.test_client()
    url = f"/p/{fair.tokens[sender]}/partners/{fair.ids[partner]}"
    answer = web.post(
        f"/p/{fair.tokens[sender]}/requests",
        data={
            "csrf_token": csrf_token(page(web, url, headers)),
            "partner": fair.ids[partner],
            "priority": 2,
            "message": message,
        },
        headers=headers,
    )
    return answer.status_code


def set_state(fair: Fair, state: EventState) -> None:
    with fair.app.app_context():
        db.session.scalars(select(Event)).one().state = state
        db.session.commit()


# --- finding 1: a fair not open yet ------------------------------------------------------


def test_a_firm_of_a_draft_fair_reads_not_open_yet_and_may_edit_its_profile(fair: Fair) -> None:
    set_state(fair, EventState.DRAFT)
    web, omsk = fair.app.test_client(), f"/p/{fair.tokens['omsk']}"
    overview = page(web, f"{omsk}/", RU)
    assert "Организаторы ещё не открыли биржу" in overview
    assert "(закрыто)" not in overview
    assert "срок истёк" not in overview
    profile = page(web, f"{omsk}/profile", RU)
    assert "Срок внесения изменений истёк" not in profile
    assert "Вы уже можете заполнить свой профиль." in profile
    assert "<fieldset disabled" not in profile
    partners = page(web, f"{omsk}/partners?all=1", RU)
    assert "больше не принимаются" not in partners
    assert "запрашивать встречи можно будет после её открытия" in partners
    # the profile is saved, not refused with "deadline passed"
    form = {
        "csrf_token": csrf_token(profile), "name": "ООО «Омск Мед»", "email": "olga@omsk.example",
        "country": "RU", "offer": "Дистрибуция медтехники", "request": "Производитель",
        "languages": "ru", "contact_person": "Ольга", "text_language": "ru", "locale": "ru",
    }  # fmt: skip
    saved = web.post(f"{omsk}/profile", data=form, headers=RU)
    assert saved.status_code == 303, saved.get_data(as_text=True)
    with fair.app.app_context():
        assert db.session.get_one(Participant, fair.ids["omsk"]).offer == "Дистрибуция медтехники"
    # asking for a meeting (the form is not offered) is refused with the true reason
    token = csrf_token(page(web, f"{omsk}/profile", RU))
    data = {"csrf_token": token, "partner": fair.ids["elbe"], "priority": 2}
    refused = web.post(f"{omsk}/requests", data=data, headers=RU)
    assert refused.status_code == 409
    assert "запрашивать встречи можно будет после её открытия" in refused.get_data(as_text=True)


def test_a_closed_fair_and_a_passed_deadline_are_worded_apart(fair: Fair) -> None:
    web, elbe = fair.app.test_client(), f"/p/{fair.tokens['elbe']}"
    set_state(fair, EventState.CLOSED)
    profile = page(web, f"{elbe}/profile")
    assert "Die Veranstalter haben die Profile für Änderungen geschlossen." in profile
    assert "<fieldset disabled" in profile
    assert "(geschlossen)" in page(web, f"{elbe}/")


def test_staff_are_warned_before_inviting_into_a_draft_fair(fair: Fair) -> None:
    set_state(fair, EventState.DRAFT)
    web = fair.app.test_client()
    assert staff_login(web, *LOGIN) == 303
    firms = page(web, "/staff/e/walk/firms")
    assert "Die Börse ist noch in Vorbereitung." in firms
    answer = web.post(
        "/staff/e/walk/firms/invite",
        data={"csrf_token": csrf_token(firms), "which": "all"},
        follow_redirects=True,
    )
    assert "Niemand wurde eingeladen" in answer.get_data(as_text=True)
    with fair.app.app_context():
        assert db.session.scalars(select(OutboxMail)).all() == []


# --- finding 2: firms told of requests and answers ---------------------------------------


def test_a_request_and_its_answer_are_mailed_in_the_recipients_language(
    mailing: Fair, inbox: tuple[Inbox, int]
) -> None:
    fair = mailing
    assert ask(fair, "elbe", "omsk", "Guten Tag!") == 303
    assert run_queued_jobs(fair.app) == 1
    ((to, subject, body),) = mails(inbox)
    assert to == "olga@omsk.example"
    assert subject == "Elbe Medizintechnik GmbH просит вас о встрече"
    assert "/requests" in body
    web = fair.app.test_client()
    omsk = f"/p/{fair.tokens['omsk']}"
    overview = page(web, f"{omsk}/", RU)
    assert "1 запрос ждёт вашего ответа." in overview
    with fair.app.app_context():
        request_id = db.session.scalars(select(MeetingRequest.id)).one()
    requests = page(web, f"{omsk}/requests", RU)
    accepted = web.post(
        f"{omsk}/requests/{request_id}/accept", data={"csrf_token": csrf_token(requests)}
    )
    assert accepted.status_code == 303
    assert run_queued_jobs(fair.app) == 1
    to, subject, body = mails(inbox)[1]
    assert (to, subject) == ("anna@elbe.example", "ООО «Омск Мед» hat Ihre Anfrage angenommen")
    assert "von beiden gewünscht" in body
    assert "Anfrage wartet" not in page(web, f"{omsk}/")


# --- finding 9 and 22: mails ----------------------------------------------------------------


def publish(fair: Fair) -> None:
    with fair.app.app_context():
        session = db.session()
        event = session.scalars(select(Event)).one()
        omsk = session.get_one(Participant, fair.ids["omsk"])
        omsk.languages = ["ru", "de"]
        session.add(MeetingRequest(
            event_id=event.id, from_participant_id=fair.ids["elbe"],
            to_participant_id=omsk.id, status=RequestStatus.ACCEPTED,
        ))  # fmt: skip
        run = generate_draft(session, event, options=ScheduleOptions(time_limit=10))
        publish_version(session, event, run.version)
        session.commit()


def test_every_mail_ends_its_sentences_with_one_stop_and_the_agenda_lists_meetings(
    fair: Fair,
) -> None:
    publish(fair)
    values = {"added": 1, "moved": 1, "removed": 0, "partner": "X", "accepted": 1}
    with fair.app.app_context(), fair.app.test_request_context():
        firm = db.session.get_one(Participant, fair.ids["omsk"])
        for language in ("de", "ru", "en"):
            for kind in MailKind:
                mail = firm_mail(kind, firm, "https://x.example/p/t/", values, language)
                text = (mail.subject + mail.body).replace("...", "")
                assert ".." not in text, (language, kind, text)
        agenda = firm_mail(MailKind.AGENDA, firm, "https://x.example/p/t/", values, "ru").body
    assert "Встречи компании ООО «Омск Мед»" in agenda
    assert "(местное время, Берлин)" in agenda
    assert ", стол 1: Elbe Medizintechnik GmbH" in agenda
    assert "перенесённых: 1" in agenda


# --- findings 12, 14, 27, 28, 29: pages ---------------------------------------------------------


def test_a_requests_message_carries_its_language_and_the_form_says_what_the_recipient_reads(
    fair: Fair,
) -> None:
    web = fair.app.test_client()
    form = page(web, f"/p/{fair.tokens['omsk']}/partners/{fair.ids['elbe']}", RU)
    assert "Elbe Medizintechnik GmbH читает на языках: немецкий, английский." in form
    assert ask(fair, "omsk", "elbe", "Здравствуйте! Мы ищем производителя.", RU) == 303
    requests = page(web, f"/p/{fair.tokens['elbe']}/requests")
    assert '<span lang="ru">Здравствуйте! Мы ищем производителя.</span>' in requests
    assert 'title="Russisch">RU</abbr>' in requests


def test_the_overview_speaks_in_whole_sentences(fair: Fair) -> None:
    web = fair.app.test_client()
    german = page(web, f"/p/{fair.tokens['elbe']}/")
    assert "Prüfen Sie Ihr Profil." in german
    assert "Sehen Sie sich Ihre empfohlenen Partner an und fragen Sie Gespräche an." in german
    assert "ansehen und fragen" not in german
    assert "veröffentlichen:" not in german
    russian = page(web, f"/p/{fair.tokens['omsk']}/", RU)
    assert "Посмотрите рекомендованных партнёров и запросите у них встречи." in russian
    assert "Посмотреть" not in russian
    assert "опубликуют расписание:" not in russian


def test_the_agenda_names_the_time_zone_as_a_place_and_shows_now_and_next_only_that_day(
    fair: Fair,
) -> None:
    publish(fair)
    web = fair.app.test_client()
    agenda = page(web, f"/p/{fair.tokens['omsk']}/agenda", RU)
    assert "местное время, Берлин" in agenda
    assert "Europe/Berlin" not in agenda
    assert "Сейчас и далее" not in agenda  # the fair is two months ahead
    assert "Ortszeit Berlin" in page(web, f"/p/{fair.tokens['elbe']}/agenda/print")


def test_the_partner_page_heads_the_description_about_the_firm(fair: Fair) -> None:
    web = fair.app.test_client()
    html = page(web, f"/p/{fair.tokens['elbe']}/partners/{fair.ids['omsk']}")
    assert "<dt>Über das Unternehmen</dt>" in html
    assert "Über uns" not in html
    russian = page(web, f"/p/{fair.tokens['elbe']}/partners/{fair.ids['omsk']}", RU)
    assert "<dt>О компании</dt>" in russian


def test_the_registration_error_summary_names_and_links_each_field(fair: Fair) -> None:
    web = fair.app.test_client()
    form = page(web, "/e/walk/register", RU)
    answer = web.post("/e/walk/register", data={"csrf_token": csrf_token(form)}, headers=RU)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    summary = html.split('class="notice error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#name"' in summary
    assert 'href="#email"' in summary
    assert "Пожалуйста, проверьте эти поля:" in summary
