"""A firm's texts in the reader's language (issue 16, findings 3, 4, 9): translations given at
registration, on the profile or by staff; pages that show them to other firms; a received
request with its context (the import and reasons: test_firm_texts_import.py)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from matchmaker.extensions import db
from matchmaker.models import MeetingRequest, Participant, Recommendation
from matchmaker.services.staff import create_staff
from tests.conftest import staff_login
from tests.factories import create_open_event, create_participant, link_token
from tests.firm_texts import RUSSIAN_OFFER, RUSSIAN_REQUEST

# --- pages other firms read --------------------------------------------------------------


@pytest.fixture
def fair(app: Flask) -> dict[str, Any]:
    """A German and a Russian firm that were recommended to each other, the Russian one with
    a German translation of its offer and request; the German firm asked the Russian one."""
    with app.app_context():
        session = db.session()
        event = create_open_event(session)
        sector = event.sectors[2]  # Metallverarbeitung
        sector.translations = {"ru": {"name": "Металлообработка"}}
        german = create_participant(
            session,
            event,
            "BK-1",
            name="Börde Präzision GmbH",
            country="DE",
            city="Barleben",
            offer="CNC-Fräsen von Bauteilen; Drehteile",
            request="Titanstangen für Implantate",
            sectors=[sector],
        )
        russian = create_participant(
            session,
            event,
            "OM-1",
            name="ООО «Сибтитан»",
            country="RU",
            city="Омск",
            offer=RUSSIAN_OFFER,
            request=RUSSIAN_REQUEST,
            description="Металлургический завод",
            email="sales@sibtitan.example",
            translations={
                "de": {"offer": "Titanstangen; Titanbleche", "request": "Bearbeitung von Titan"}
            },
            sectors=[sector],
        )
        part = {"offer": "титановых прутков", "request": "Titanstangen für Implantate"}
        session.add(
            Recommendation(
                event_id=event.id,
                participant_id=german.id,
                partner_id=russian.id,
                rank=1,
                score=0.049,
                forward=0.05,
                backward=0.04,
                peer=0.0,
                mutual=False,
                reason=[{"direction": "partner_offers", "strength": 0.8, **part}],
                scorer="test",
            )
        )
        session.add(
            MeetingRequest(
                event_id=event.id,
                from_participant_id=german.id,
                to_participant_id=russian.id,
                priority=3,
                message="Wir kommen mit zwei Ingenieuren.",
            )
        )
        session.commit()
        return {
            "german": link_token(german),
            "russian": link_token(russian),
            "ids": (german.id, russian.id),
        }


def page(client: FlaskClient, url: str, language: str) -> str:
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_german_reader_sees_the_russian_firms_german_translation(
    client: FlaskClient, fair: dict[str, Any]
) -> None:
    partners = page(client, f"/p/{fair['german']}/partners", "de")
    assert "Titanstangen; Titanbleche" in partners
    assert RUSSIAN_OFFER not in partners
    # the reason: a German sentence quoting the partner's German words, with no raw score
    assert (
        "Ihr Gesuch „Titanstangen für Implantate“ passt zu seinem Angebot „Titanstangen“."
        in partners
    )
    assert re.search(r"(starke|gute|mögliche) Übereinstimmung", partners)  # a band in words
    assert "0.049" not in partners
    assert "0,049" not in partners
    partner_id = fair["ids"][1]
    profile = page(client, f"/p/{fair['german']}/partners/{partner_id}", "de")
    assert "Bearbeitung von Titan" in profile
    # no German description: the Russian original, marked as Russian
    assert '<span lang="ru">Металлургический завод</span>' in profile
    assert 'title="Russisch">RU</abbr>' in profile
    # the firm's own words are one click away
    assert "Wie das Unternehmen es geschrieben hat (Russisch)" in profile
    assert RUSSIAN_OFFER in profile
    assert "Russland" in profile  # the country by its name
    assert "sales@sibtitan.example" not in profile  # contact only once a meeting is published


def test_a_russian_reader_sees_the_german_original_marked_and_own_language_texts(
    client: FlaskClient, fair: dict[str, Any]
) -> None:
    german_id = fair["ids"][0]
    profile = page(client, f"/p/{fair['russian']}/partners/{german_id}", "ru")
    assert '<span lang="de">CNC-Fräsen von Bauteilen; Drehteile</span>' in profile
    assert 'title="немецкий">DE</abbr>' in profile
    assert "Германия" in profile
    assert "Металлообработка" in profile  # the sector in the reader's language
    # the pair was recommended to the German firm only: the reason is turned round
    assert "Его запрос «" in profile
    assert "соответствует вашему предложению «титановых прутков»" in profile


def test_a_received_request_shows_who_asks_and_why(
    client: FlaskClient, fair: dict[str, Any]
) -> None:
    requests = page(client, f"/p/{fair['russian']}/requests", "ru")
    card = requests[requests.index('id="request-') :]
    assert "Börde Präzision GmbH" in card
    assert f"/partners/{fair['ids'][0]}" in card  # the link to the full profile
    assert "Barleben, Германия" in card
    assert "Металлообработка" in card
    assert '<span lang="de">CNC-Fräsen von Bauteilen; Drehteile</span>' in card
    assert "Приоритет: высокий" in card
    assert "Wir kommen mit zwei Ingenieuren." in card
    assert "Почему предложено:" in card
    assert "соответствует вашему предложению «титановых прутков»" in card


def test_a_partner_page_is_only_for_firms_of_the_same_fair(
    app: Flask, client: FlaskClient, fair: dict[str, Any]
) -> None:
    german_id, russian_id = fair["ids"]
    with app.app_context():
        session = db.session()
        other_event = create_open_event(session, "other")
        stranger = create_participant(session, other_event, "X")
        session.commit()
        stranger_id = stranger.id
    base = f"/p/{fair['german']}/partners"
    assert client.get(f"{base}/{stranger_id}").status_code == 404
    assert client.get(f"{base}/{german_id}").status_code == 404  # itself
    assert client.get(f"{base}/{russian_id}").status_code == 200


# --- what a firm gives about its languages -----------------------------------------------


def test_the_profile_form_keeps_a_second_language_its_text_language_and_mail_language(
    app: Flask, client: FlaskClient, fair: dict[str, Any]
) -> None:
    url = f"/p/{fair['russian']}/profile"
    form = page(client, url, "ru")
    # preselected: the texts' language (detected), the fair's language for the translation
    assert re.search(r'<option selected value="ru">', form)
    assert 'name="translation_shown" type="hidden" value="de"' in form
    assert '<option value="RU" selected>' in form or '<option selected value="RU">' in form
    values = form_values(form)
    values |= {
        "offer_translation": "Titanstangen und Titanbleche",
        "request_translation": "",
        "description_translation": "Metallwerk",
        "locale": "de",
        "website": "www.sibtitan.ru",
        "country": "KZ",
    }
    response = client.post(url, data=values)
    assert response.status_code == 303
    with app.app_context():
        firm = db.session.get(Participant, fair["ids"][1])
        assert firm is not None
        assert firm.translations == {
            "de": {"offer": "Titanstangen und Titanbleche", "description": "Metallwerk"}
        }
        assert (firm.text_language, firm.locale) == ("ru", "de")
        assert (firm.website, firm.country) == ("https://www.sibtitan.ru", "KZ")
    # the same texts marked as English instead: moved, not copied
    form = page(client, url, "ru")
    values = form_values(form) | {"translation_language": "en"}
    assert client.post(url, data=values).status_code == 303
    with app.app_context():
        firm = db.session.get(Participant, fair["ids"][1])
        assert firm is not None
        assert set(firm.translations) == {"en"}


def test_staff_add_a_translation_by_hand_on_the_firms_staff_page(
    app: Flask, client: FlaskClient, fair: dict[str, Any]
) -> None:
    with app.app_context():
        create_staff(db.session(), "staff@amt.example", "staff-password-1")
        db.session.commit()
    staff_login(client, "staff@amt.example", "staff-password-1")
    url = f"/staff/e/open/firms/{fair['ids'][0]}/edit"
    form = page(client, url, "de")
    assert 'name="translation_shown" type="hidden" value="ru"' in form  # the fair's other one
    values = form_values(form) | {"request_translation": "Титановые прутки для имплантатов"}
    assert client.post(url, data=values).status_code == 303
    with app.app_context():
        firm = db.session.get(Participant, fair["ids"][0])
        assert firm is not None
        assert firm.translations == {"ru": {"request": "Титановые прутки для имплантатов"}}
    # the Russian firm now reads the German firm's request in Russian
    profile = page(client, f"/p/{fair['russian']}/partners/{fair['ids'][0]}", "ru")
    assert "Титановые прутки для имплантатов" in profile


def test_a_translation_in_the_texts_own_language_is_refused(
    client: FlaskClient, fair: dict[str, Any]
) -> None:
    url = f"/p/{fair['russian']}/profile"
    values = form_values(page(client, url, "ru"))
    values |= {"translation_language": "ru", "offer_translation": "Титан"}
    response = client.post(url, data=values, headers={"Accept-Language": "ru"})
    assert response.status_code == 422
    assert "Выберите язык, отличный от языка ваших текстов выше." in response.get_data(as_text=True)


def test_registration_offers_the_fairs_other_language_and_mails_in_the_page_language(
    app: Flask, client: FlaskClient, fair: dict[str, Any]
) -> None:
    form = page(client, "/e/open/register", "de")
    # a German firm at a fair whose other firm writes Russian: Russian is suggested
    assert re.search(r'name="translation_language"[^>]*>.*?<option selected value="ru"', form, re.S)
    assert re.search(r'name="locale"[^>]*>.*?<option selected value="de"', form, re.S)
    # the common countries of these fairs come first, in the reader's language
    countries = re.search(r'<select id="country".*?</select>', form, re.S)
    assert countries is not None
    names = re.findall(r"<option[^>]*>([^<]+)</option>", countries.group())
    assert names[1:4] == ["Deutschland", "Russland", "Ukraine"]


def form_values(page_html: str) -> dict[str, Any]:
    """The profile form as the browser would send it back unchanged (the required contact
    fields filled in: the fixture's firms have none)."""
    form = page_html[page_html.index('<form method="post" novalidate') :]
    form = form[: form.index("</form>")]
    values: dict[str, Any] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name is None or value is None:
            continue
        if 'type="checkbox"' not in tag:
            values.setdefault(name[1], unescape(value[1]))
        elif "checked" in tag:
            values.setdefault(name[1], []).append(value[1])
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = unescape(body.strip())
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        values[name] = chosen[1] if chosen else ""
    required = {"languages": ["ru"], "contact_person": "Иван", "email": "ivan@sibtitan.example"}
    return values | {k: v for k, v in required.items() if not values.get(k)}
