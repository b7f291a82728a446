"""Texts of firms and events in the reader's language (services/texts.py), called directly on
real rows: which language a record's own text is in, the reader's translation where there is
one, else the English one, else the original, marked as foreign when not the reader's; a
seating plan's theme through the table that has it."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from matchmaker.core.text.localised import LocalText
from matchmaker.models import Sector
from matchmaker.services.texts import local_text, local_theme, original_language, theme_table
from tests.factories import create_event, create_participant

RUSSIAN = "Мы производим муку и крупы для хлебозаводов"


def test_the_language_of_a_records_own_texts(session: Session) -> None:
    event = create_event(session, language="ru")
    sector = Sector(name="Уход")
    event.sectors = [sector]
    session.flush()
    german = create_participant(session, event, "D", offer="Wir fertigen Präzisionsteile "
                                "aus Aluminium für den Maschinenbau")  # fmt: skip
    chosen = create_participant(session, event, "U", offer=RUSSIAN, text_language="uk")
    silent = create_participant(session, event, "S")
    assert original_language(event) == "ru"
    assert original_language(sector) == "ru"
    assert original_language(event.tables[0]) == "ru"
    assert original_language(german) == "de"  # detected from its texts
    assert original_language(chosen) == "uk"  # as the firm said
    assert original_language(silent) == "ru"  # nothing written: the fair's language


@pytest.mark.parametrize(
    ("translations", "reader", "shown"),
    [
        ({}, "de", LocalText("Kooperationsbörse", "de", foreign=False)),
        ({"ru": {"name": "Биржа"}}, "ru", LocalText("Биржа", "ru", foreign=False)),
        ({"en": {"name": "Fair"}}, "ko", LocalText("Fair", "en", foreign=True)),
        ({"en": {"name": "Fair"}, "ko": {"name": " "}}, "ko",
         LocalText("Fair", "en", foreign=True)),
        ({"ru": {"description": "Описание"}}, "ru",
         LocalText("Kooperationsbörse", "de", foreign=True)),
        ({"ru": {"name": "Биржа"}}, "de", LocalText("Kooperationsbörse", "de", foreign=False)),
    ],
    ids=["own-language", "translated", "english-fallback", "blank-translation",
         "other-field-only", "original-reader"],
)  # fmt: skip
def test_a_text_in_the_readers_language(
    session: Session, translations: dict[str, dict[str, str]], reader: str, shown: LocalText
) -> None:
    event = create_event(session, name="Kooperationsbörse")
    event.translations = translations
    assert local_text(event, "name", reader) == shown


def test_a_firms_offer_in_the_readers_language(session: Session) -> None:
    event = create_event(session)
    firm = create_participant(session, event, "R", offer=RUSSIAN,
                              translations={"de": {"offer": "Mehl und Grieß"}})  # fmt: skip
    assert local_text(firm, "offer", "de") == LocalText("Mehl und Grieß", "de", foreign=False)
    assert local_text(firm, "offer", "pl") == LocalText(RUSSIAN, "ru", foreign=True)
    assert local_text(firm, "request", "de") == LocalText("", "ru", foreign=False)  # nothing


def test_a_seating_themes_words_through_its_table(session: Session) -> None:
    event = create_event(session)
    table = event.tables[1]
    table.theme = "Medizintechnik"
    table.translations = {"ru": {"theme": "Медицинская техника"}}
    assert theme_table(event, "  medizintechnik ") is table
    assert theme_table(event, "") is None  # the tables without a theme are not found by it
    assert local_theme(event, "MEDIZINTECHNIK", "ru") == "Медицинская техника"
    assert local_theme(event, "Medizintechnik", "ko") == "Medizintechnik"
    assert local_theme(event, "Robotik", "ru") == "Robotik"  # no table has it: as typed
