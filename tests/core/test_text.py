"""Text preparation for German, English and Russian profile texts."""

from __future__ import annotations

import pytest

from matchmaker.core.text.analysis import (
    detect_language,
    split_items,
    stems,
    stop_words,
    strip_cues,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wir fertigen Drehteile und Frästeile für den Maschinenbau.", "de"),
        ("Präzisionsteile aus Edelstahl", "de"),
        ("We offer precision parts for the machine building industry.", "en"),
        ("Поставка титановых прутков и листов", "ru"),
        ("ООО «Сибирский титан», Grade 5", "ru"),
    ],
)
def test_language_is_detected(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_inflected_forms_share_a_stem() -> None:
    assert stems("Bauteile")[0] == stems("Bauteilen")[0]
    assert stems("титановые прутки") == stems("титановых прутков")
    assert stems("surgical instruments") == stems("surgical instrument")


def test_hyphenated_compounds_yield_their_parts() -> None:
    assert stems("Titan-Halbzeuge") == ["titan-halbzeug", "titan", "halbzeug"]


def test_stop_words_go_but_content_words_stay() -> None:
    assert stems("Wir suchen die Partner für den Vertrieb") == ["such", "partn", "vertrieb"]
    assert "system" not in stop_words("en")
    assert "parts" not in stop_words("en")
    assert stems("spare parts and systems", "en") == ["spare", "part", "system"]


def test_items_split_at_lists_but_not_suspended_hyphens() -> None:
    text = "Wir liefern Drehteile, CNC-Frästeile und Titanstangen in Klein- und Großserien."
    assert split_items(text) == [
        "Wir liefern Drehteile",
        "CNC-Frästeile",
        "Titanstangen in Klein- und Großserien",
    ]
    assert split_items("Ищем поставщиков поковок и отливок; сварка.") == [
        "Ищем поставщиков поковок",
        "отливок",
        "сварка",
    ]


def test_an_abbreviation_ends_no_item() -> None:
    """ "bzw." and "ca." once cut a need in two ("Vertriebspartner bzw"), and reasons quoted
    the stump."""
    text = "Vertriebspartner bzw. Händler in Kasachstan; Montage (ca. 40 MW), z. B. Rammarbeiten."
    assert split_items(text) == [
        "Vertriebspartner bzw. Händler in Kasachstan",
        "Montage (ca. 40 MW)",
        "z. B. Rammarbeiten",
    ]
    assert split_items("Lubawa Sp. z o.o. szuka partnerów, np. hurtowni.") == [
        "Lubawa Sp. z o.o. szuka partnerów",
        "np. hurtowni",
    ]


@pytest.mark.parametrize(
    ("item", "core"),
    [
        ("Wir suchen Lieferanten für Patientenlifter", "Patientenlifter"),
        ("Ищем поставщиков токарных деталей", "токарных деталей"),
        ("Manufacturer and supplier of rapid diagnostic tests", "rapid diagnostic tests"),
        ("Gesucht: Brückenkrane", "Brückenkrane"),
        ("Wir suchen Aufträge für Stahlkonstruktionen", "Stahlkonstruktionen"),
        ("Ищем заказы на металлоконструкции", "металлоконструкции"),
        ("Поставщики металла", "Поставщики металла"),
        ("CNC-Frästeile", "CNC-Frästeile"),
    ],
)
def test_list_openers_are_stripped(item: str, core: str) -> None:
    assert strip_cues(item) == core
