"""The event's own texts in other languages (services/event_texts.py), called directly on a
real database: which languages are offered besides the event's own, which texts there are to
translate (empty ones left out, each with its column's limit), and storing translations: only
the offered languages, an empty text removing one, unchanged ones not counted, the change
logged."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy.orm import Session

from matchmaker.config import PAGE_LANGUAGES
from matchmaker.models import EventBreak, Sector, StaffUser
from matchmaker.services.audit import audit_log
from matchmaker.services.event_texts import (
    any_translation,
    event_texts,
    offered_languages,
    save_translations,
)
from matchmaker.services.staff import create_staff
from tests.factories import create_event


@pytest.fixture
def staff(session: Session) -> StaffUser:
    return create_staff(session, "clerk@amt.example", "a-long-password-1")


@pytest.mark.parametrize(
    ("language", "chosen", "offered"),
    [
        ("de", None, ("en", "ru", "uk", "pl", "ko")),
        ("de", "de,ru,ko", ("ru", "ko")),
        ("ru", "de,ko", ("de", "ko")),  # its own language offered though not ticked
    ],
    ids=["every-language", "chosen", "own-always"],
)
def test_the_languages_offered_besides_the_events_own(
    session: Session, language: str, chosen: str | None, offered: tuple[str, ...]
) -> None:
    event = create_event(session, language=language)
    event.languages = chosen
    assert offered_languages(event, PAGE_LANGUAGES) == offered


def test_every_text_with_an_original_is_listed_with_its_limit(session: Session) -> None:
    event = create_event(session, description="Die Börse der Börde.")
    event.sectors = [Sector(name="Pflege")]
    event.breaks = [EventBreak(start=time(10, 0), end_time=time(10, 20), label="Kaffee")]
    event.tables[0].theme = "Medizintechnik"
    session.flush()
    texts = event_texts(event)
    assert [(t.kind, t.original, t.limit, t.multiline) for t in texts] == [
        ("event-name", "Fair fair", 200, False),
        ("event-description", "Die Börse der Börde.", texts[1].limit, True),
        ("sector-name", "Pflege", 120, False),
        ("break-label", "Kaffee", 120, False),
        ("table-theme", "Medizintechnik", 200, False),  # no name; tables 2 and 3 neither
        ("group-name", "Börde", 200, False),
        ("group-name", "Omsk", 200, False),  # group descriptions are empty
    ]
    assert texts[1].limit > 200
    assert texts[4].values == {"num": 1}
    assert len({t.key for t in texts}) == len(texts)


def test_translations_are_stored_for_the_offered_languages_and_logged(
    session: Session, staff: StaffUser
) -> None:
    event = create_event(session)
    event.sectors = [Sector(name="Pflege")]
    session.flush()
    keys = {t.kind: t.key for t in event_texts(event)}
    assert not any_translation(event)
    changed = save_translations(
        session,
        event,
        {
            keys["event-name"]: {"ru": " Ярмарка ", "ko": "박람회"},
            keys["sector-name"]: {"ru": "Уход"},
        },
        ["ru"],
        staff,
    )
    assert changed == 2
    assert event.translations == {"ru": {"name": "Ярмарка"}}  # trimmed; Korean not offered
    assert event.sectors[0].translations == {"ru": {"name": "Уход"}}
    assert any_translation(event)
    entry = audit_log(session, event)[0]
    assert (entry.action, entry.detail, entry.staff_email) == (
        "event.texts",
        {"texts": 2},
        "clerk@amt.example",
    )


def test_unchanged_texts_count_nothing_and_an_empty_one_removes_it(
    session: Session, staff: StaffUser
) -> None:
    event = create_event(session)
    key = event_texts(event)[0].key
    save_translations(session, event, {key: {"ru": "Ярмарка", "en": "Fair"}}, ["ru", "en"], staff)
    logged = len(audit_log(session, event))
    assert save_translations(session, event, {key: {"ru": "Ярмарка"}}, ["ru", "en"], staff) == 0
    assert len(audit_log(session, event)) == logged  # nothing changed, nothing logged
    assert save_translations(session, event, {key: {"ru": ""}}, ["ru", "en"], staff) == 1
    assert event.translations == {"en": {"name": "Fair"}}
    assert event_texts(event)[0].translation("ru") == ""
    assert event_texts(event)[0].translation("en") == "Fair"
