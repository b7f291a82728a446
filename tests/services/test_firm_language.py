"""Which language a firm is written to in (services/firm_language.py), called directly on
real rows: its own choice, else its texts' language (a Ukrainian firm writing Russian gets
Ukrainian where offered), else its country's; only languages the fair offers, English or the
fair's own language for the others; and the second language offered for its texts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from matchmaker.config import PAGE_LANGUAGES
from matchmaker.services.firm_language import (
    event_languages,
    fallback_language,
    firm_locale,
    second_language,
    text_language,
)
from tests.factories import create_event, create_participant

GERMAN = "Wir fertigen Präzisionsteile aus Aluminium für den Maschinenbau"
RUSSIAN = "Мы производим муку и крупы для хлебозаводов"
KOREAN = "우리는 제분소입니다"


@pytest.mark.parametrize(
    ("chosen", "language", "offered"),
    [
        (None, "de", PAGE_LANGUAGES),
        ("", "de", PAGE_LANGUAGES),
        ("ru,de", "de", ("de", "ru")),  # in the installation's order
        ("ru", "de", ("de", "ru")),  # the event's own language is always offered
        ("xx", "fr", PAGE_LANGUAGES),  # nothing of the installation: all of them
    ],
    ids=["not-chosen", "empty", "chosen", "own-added", "none-installed"],
)
def test_the_languages_an_event_offers(
    session: Session, chosen: str | None, language: str, offered: tuple[str, ...]
) -> None:
    event = create_event(session, language=language)
    event.languages = chosen
    assert event_languages(event, PAGE_LANGUAGES) == offered


@pytest.mark.parametrize(
    ("language", "offered", "fallback"),
    [("de", ("de", "en", "ru"), "en"), ("de", ("de", "ru"), "de"), ("pl", ("ru", "uk"), "ru")],
    ids=["english", "own", "first-offered"],
)
def test_the_fallback_language(
    session: Session, language: str, offered: tuple[str, ...], fallback: str
) -> None:
    assert fallback_language(create_event(session, language=language), offered) == fallback


def test_the_texts_language_is_chosen_or_detected(session: Session) -> None:
    event = create_event(session)
    assert text_language(create_participant(session, event, "1", offer=RUSSIAN)) == "ru"
    assert text_language(create_participant(session, event, "2", request=GERMAN)) == "de"
    chosen = create_participant(session, event, "3", offer=RUSSIAN, text_language="uk")
    assert text_language(chosen) == "uk"
    assert text_language(create_participant(session, event, "4")) == ""


@pytest.mark.parametrize(
    ("firm", "offered", "locale"),
    [
        ({"locale": "pl", "offer": RUSSIAN, "country": "RU"}, ("de", "pl", "ru"), "pl"),
        ({"offer": RUSSIAN, "country": "DE"}, ("de", "ru"), "ru"),
        ({"offer": RUSSIAN, "country": "UA"}, ("de", "ru", "uk"), "uk"),
        ({"offer": RUSSIAN, "country": "UA"}, ("de", "ru"), "ru"),
        ({"country": "KZ"}, ("de", "ru"), "ru"),
        ({"offer": KOREAN}, ("de", "en"), "en"),
        ({"offer": KOREAN, "country": "FR"}, ("de", "ru"), "de"),
        ({"country": "FR"}, ("de", "ru"), "ru"),
        ({}, ("de", "ru"), "ru"),
        ({}, ("de", "en"), "en"),
    ],
    ids=["own-choice", "texts", "ukrainian-over-russian", "russian-when-no-ukrainian",
         "country", "not-offered-english", "not-offered-own", "unknown-country", "default",
         "default-not-offered"],
)  # fmt: skip
def test_the_language_a_firm_is_written_to_in(
    session: Session, firm: dict[str, str], offered: tuple[str, ...], locale: str
) -> None:
    event = create_event(session)
    participant = create_participant(session, event, "F", **firm)
    default = "ru" if "ru" in offered else "fr"
    assert firm_locale(participant, offered, default) == locale


def test_the_second_language_for_a_firms_texts(session: Session) -> None:
    event = create_event(session)  # in German
    create_participant(session, event, "R1", offer=RUSSIAN)
    create_participant(session, event, "R2", offer=RUSSIAN)
    create_participant(session, event, "D1", offer=GERMAN)
    assert second_language(event, "de", {"ko": {}, "de": {}}) == "ko"  # one it has already
    assert second_language(event, "ru", {"ko": {}, "de": {}}) == "de"  # the fair's own first
    assert second_language(event, "ru", {}) == "de"  # the fair's language for a foreign firm
    assert second_language(event, "de", {}) == "ru"  # what most of the others write in


def test_the_second_language_is_english_when_the_others_write_alike(session: Session) -> None:
    event = create_event(session, language="en")
    create_participant(session, event, "E1", offer="We make flour for bakeries and hotels")
    assert second_language(event, "en", {}) == "de"
    german = create_event(session, "de-only")
    create_participant(session, german, "D1", offer=GERMAN)
    assert second_language(german, "de", {}) == "en"
