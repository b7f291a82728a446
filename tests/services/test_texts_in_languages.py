"""Texts in the reader's language: which version a reader sees, how a foreign original is
marked, and which language a firm is written to in."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from matchmaker.core.text.localised import choose, with_translation
from matchmaker.extensions import db
from matchmaker.i18n import firm_language, localised
from matchmaker.models import Sector
from tests.factories import create_event, create_participant


def test_the_reader_sees_a_translation_else_the_marked_original() -> None:
    texts = {"ru": {"offer": "Фрезерные детали"}}
    assert choose("Frästeile", "de", texts, "offer", "ru").text == "Фрезерные детали"
    german = choose("Frästeile", "de", texts, "offer", "de")
    assert (german.text, german.language, german.foreign) == ("Frästeile", "de", False)
    english = choose("Frästeile", "de", texts, "offer", "en")
    assert (english.text, english.language, english.foreign) == ("Frästeile", "de", True)
    assert not choose("", "de", texts, "request", "en").foreign  # nothing to mark


def test_setting_a_translation_makes_a_new_mapping_and_empty_removes_it() -> None:
    texts = {"ru": {"offer": "Фрезерные детали"}}
    added = with_translation(texts, "en", "offer", " milled parts ")
    assert added == {"ru": {"offer": "Фрезерные детали"}, "en": {"offer": "milled parts"}}
    assert texts == {"ru": {"offer": "Фрезерные детали"}}  # the old one is untouched
    assert with_translation(added, "ru", "offer", "") == {"en": {"offer": "milled parts"}}


def test_pages_show_the_readers_version_and_mark_a_foreign_original(
    app: Flask, session: Session
) -> None:
    event = create_event(session)
    firm = create_participant(
        session,
        event,
        "A",
        offer="Фрезерные детали <b>из стали</b>",
        translations={"de": {"request": "Vertriebspartner"}},
        request="дистрибьюторы",
    )
    sector = Sector(name="Medizintechnik", translations={"ru": {"name": "Медтехника"}})
    event.sectors.append(sector)
    session.flush()
    with app.test_request_context(), force_locale("de"):
        offer = str(localised(firm, "offer"))
        assert offer.startswith('<span lang="ru">Фрезерные детали &lt;b&gt;из стали&lt;/b&gt;')
        assert 'title="Russisch">RU</abbr>' in offer
        assert str(localised(firm, "request")) == "Vertriebspartner"
        assert str(localised(sector, "name")) == "Medizintechnik"
    with app.test_request_context(), force_locale("ru"):
        assert str(localised(sector, "name")) == "Медтехника"
        assert str(localised(firm, "offer")) == "Фрезерные детали &lt;b&gt;из стали&lt;/b&gt;"


def test_a_firm_is_written_to_in_its_choice_else_its_texts_else_its_country(
    app: Flask, session: Session
) -> None:
    event = create_event(session)
    chosen = create_participant(session, event, "A", locale="en", offer="Frästeile")
    russian_text = create_participant(session, event, "B", offer="Фрезерные детали")
    kazakh = create_participant(session, event, "C", country="KZ")
    korean = create_participant(session, event, "D", country="KR")
    with app.app_context():
        assert [firm_language(p) for p in (chosen, russian_text, kazakh, korean)] == [
            "en",
            "ru",
            "ru",
            "ko",  # issue 17: the app speaks Korean
        ]
    db.session.remove()
