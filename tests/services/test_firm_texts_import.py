"""A firm's texts in two languages from the import, and reasons as sentences (issue 16,
findings 3, 4, 9): translation columns, country names and bare websites taken, unknown
countries and languages refused by row and column, countries named in three languages, and
which words of the partner a reason quotes, escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.matching.explain import Reason, ReasonPart
from matchmaker.core.text.countries import country_code
from matchmaker.core.text.localised import choose_item
from matchmaker.i18n import reason_html
from matchmaker.io.errors import InputFileError
from matchmaker.io.tabular import read_table
from matchmaker.models import Event, Participant, StaffRole, StaffUser
from matchmaker.services.firm_import import EXPORT_COLUMNS, export_rows, import_table
from matchmaker.services.match_reasons import local_reason
from tests.factories import create_open_event, create_participant
from tests.firm_texts import RUSSIAN_OFFER, RUSSIAN_REQUEST


def staff_member(session: Session) -> StaffUser:
    known: StaffUser | None = session.scalar(select(StaffUser))
    if known is not None:
        return known
    user = StaffUser(email="staff@fair.example", password_hash="-", role=StaffRole.STAFF)
    session.add(user)
    session.flush()
    return user


def import_csv(session: Session, event: Event, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    import_table(session, event, read_table(path), staff_member(session), secrets=["k"])


# --- import ------------------------------------------------------------------------------


def test_import_takes_translation_columns_country_names_and_bare_websites(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    event = create_open_event(session)
    import_csv(
        session,
        event,
        tmp_path / "firms.csv",
        "id,name,country,offer,request,offer_de,request_de,description_en,text_language,website\n"
        f'OM-1,ООО «Сибтитан»,Россия,"{RUSSIAN_OFFER}",{RUSSIAN_REQUEST},'
        '"Titanstangen; Titanbleche",Bearbeitung von Titan,Titanium supplier,ru,www.sibtitan.ru\n'
        "BK-1,Börde Präzision,Deutschland,Frästeile,Titanstangen,,,,,https://boerde.example\n"
        "EN-1,Kent Tools,russia,Tools,Steel,,,,,\n",
    )
    firms = {p.external_id: p for p in session.scalars(select(Participant))}
    sibtitan = firms["OM-1"]
    assert (sibtitan.country, firms["BK-1"].country, firms["EN-1"].country) == ("RU", "DE", "RU")
    assert sibtitan.text_language == "ru"
    assert sibtitan.translations == {
        "de": {"offer": "Titanstangen; Titanbleche", "request": "Bearbeitung von Titan"},
        "en": {"description": "Titanium supplier"},
    }
    assert sibtitan.website == "https://www.sibtitan.ru"
    assert firms["BK-1"].translations == {}
    # a later file with one translation cell adds it and keeps the others (empty cells wipe nothing)
    import_csv(
        session,
        event,
        tmp_path / "more.csv",
        "id,offer_de,request_de,offer_ru\n"
        "OM-1,Titanstangen und -bleche,,\n"
        "BK-1,,,Фрезерные детали\n",
    )
    assert sibtitan.translations["de"] == {
        "offer": "Titanstangen und -bleche",
        "request": "Bearbeitung von Titan",
    }
    assert firms["BK-1"].translations == {"ru": {"offer": "Фрезерные детали"}}
    # and the export carries them, so that it imports again
    (row,) = export_rows([sibtitan])
    cells = dict(zip(EXPORT_COLUMNS, row, strict=True))
    assert (cells["text_language"], cells["offer_de"], cells["request_de"]) == (
        "ru",
        "Titanstangen und -bleche",
        "Bearbeitung von Titan",
    )
    assert (cells["description_en"], cells["offer_en"]) == ("Titanium supplier", "")
    assert cells["status"] == "approved"


def test_an_unknown_country_or_text_language_is_refused_naming_row_and_column(
    app: Flask, session: Session, tmp_path: Path
) -> None:
    event = create_open_event(session)
    with pytest.raises(InputFileError) as refused:
        import_csv(
            session,
            event,
            tmp_path / "firms.csv",
            "id,name,country,text_language\nA,Alpha,Deutschland,de\nB,Beta,Narnia,\nC,Gamma,DE,klingonisch\n",
        )
    assert [(p.row, p.column, p.values.get("value")) for p in refused.value.problems] == [
        (3, "country", "Narnia"),
        (4, "text_language", "klingonisch"),
    ]
    assert session.scalars(select(Participant)).all() == []  # nothing half-written


@pytest.mark.parametrize(
    "written", ["Россия", "Russland", "Russia", "ru", " RU ", "Российская Федерация"]
)
def test_a_country_is_found_by_its_name_in_three_languages_and_its_code(written: str) -> None:
    assert country_code(written) == "RU"


def test_korea_by_two_names_and_no_code_for_empty_unknown_or_a_region() -> None:
    assert country_code("Südkorea") == country_code("Республика Корея") == "KR"
    assert country_code("") == ""
    assert country_code("Narnia") is None
    assert country_code("EU") is None  # a region, not a country


# --- which words a reason quotes --------------------------------------------------------


def test_a_reason_quotes_the_same_item_of_the_partners_translation() -> None:
    quoted = choose_item(
        [(RUSSIAN_OFFER, "Titanstangen; Titanbleche")], "ru", "титановых прутков", "de"
    )
    assert (quoted.text, quoted.language, quoted.foreign) == ("Titanstangen", "de", False)
    # a translation with other items cannot be matched item by item: the whole translation,
    # in the reader's language, rather than a foreign fragment (walk 16, finding 10)
    other = choose_item([(RUSSIAN_OFFER, "Titan aller Art")], "ru", "титановых прутков", "de")
    assert (other.text, other.language, other.foreign) == ("Titan aller Art", "de", False)
    long = "Vertrieb von Medizintechnik in Sibirien, Service und Wartung " * 4
    cut = choose_item([(RUSSIAN_OFFER, long)], "ru", "титановых прутков", "de")
    assert cut.text.endswith(" …")
    assert len(cut.text) <= 122
    assert not cut.foreign
    own = choose_item([(RUSSIAN_OFFER, "")], "ru", "титановых прутков", "ru")
    assert not own.foreign
    # a sentence of the partner's description is quoted from the description's translation
    described = choose_item(
        [(RUSSIAN_OFFER, "Titanstangen; Titanbleche"), ("Завод в Омске.", "Ein Werk in Omsk.")],
        "ru",
        "Завод в Омске",
        "de",
    )
    assert described.text == "Ein Werk in Omsk"


def test_a_reason_escapes_the_partners_words(app: Flask, session: Session) -> None:
    event = create_open_event(session)
    partner = create_participant(  # its language stated: detection reads this as English
        session, event, "X", offer="<script>alert(1)</script>", text_language="de"
    )
    part = ReasonPart("partner_offers", "<script>alert(1)</script>", "Titan & Stahl", 0.9)
    with app.test_request_context(), force_locale("de"):
        html = str(reason_html(local_reason(Reason((part,), False, 0.0), partner, "de")))
    assert "<script>" not in html
    assert "„&lt;script&gt;alert(1)&lt;/script&gt;“" in html
    assert "„Titan &amp; Stahl“" in html
