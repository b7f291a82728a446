"""Reading profiles files as staff keep them: CSV from Excel (BOM, semicolons) and XLSX."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from matchmaker.io.errors import InputFileError
from matchmaker.io.profiles import read_profiles
from matchmaker.io.tabular import read_table


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        read_profiles(path)
    return [str(p) for p in caught.value.problems]


def test_excel_csv_with_bom_and_semicolons(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "firms.csv",
        "\ufeffID ; Name;Sectors;Languages;Available_From;unavailable;max_meetings;extra\n"
        'ru-1;ООО «Сибирский титан»;"Metallverarbeitung; Titan ";RU;10:00;12:00-13:00;5;x\n'
        'de-1;Börde GmbH;;"de, en";;;;\n',
    )
    first, second = read_profiles(csv)
    assert first.id == "ru-1"
    assert first.name == "ООО «Сибирский титан»"
    assert first.sectors == ("Metallverarbeitung", "Titan")
    assert first.languages == ("ru",)
    assert first.available_from == time(10, 0)
    assert [str(r) for r in first.unavailable] == ["12:00-13:00"]
    assert first.max_meetings == 5
    assert second.languages == ("de", "en")


def test_comma_csv_with_quoted_lists(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "firms.csv",
        'id,name,languages,offer\nA,"Firm A, Ltd.","de;en","CNC-Fräsen, Drehen"\n',
    )
    (profile,) = read_profiles(csv)
    assert profile.name == "Firm A, Ltd."
    assert profile.languages == ("de", "en")
    assert profile.offer == "CNC-Fräsen, Drehen"


def test_xlsx_first_sheet_with_time_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "available_from", "available_to", "max_meetings"])
    sheet.append(["om-7", "Омская IT-группа", time(9, 30), "14:00", 8])
    sheet.append([None, None, None, None, None])  # empty rows are skipped
    book.save(tmp_path / "firms.xlsx")
    (profile,) = read_profiles(tmp_path / "firms.xlsx")
    assert profile.name == "Омская IT-группа"
    assert (profile.available_from, profile.available_to) == (time(9, 30), time(14, 0))
    assert profile.max_meetings == 8


def test_every_problem_names_file_row_and_column(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "firms.csv",
        "id,country,languages,available_from,available_to,unavailable,max_meetings,email\n"
        "A,Germania,de,9:00,8:00,,,\n"
        ",DE,,,,,,\n"
        "A,DE,deutsch,25:00,,12-13,-1,not-an-address\n",
    )
    assert problems_of(csv) == [
        "firms.csv, row 2, column 'country': 'Germania' is not a country: write its two-letter"
        " code (DE) or its name in one of the page languages (Deutschland, Russia, Україна,"
        " Polska, 대한민국)",
        "firms.csv, row 2, column 'available_to': must be later than available_from",
        "firms.csv, row 3, column 'id': is empty; every firm needs a unique id",
        "firms.csv, row 4, column 'languages': 'deutsch' is not a two-letter ISO 639-1 code"
        " like de",
        "firms.csv, row 4, column 'available_from': '25:00' is not a valid time of day",
        "firms.csv, row 4, column 'unavailable': '12' is not a time of the form HH:MM",
        "firms.csv, row 4, column 'max_meetings': '-1' is not a whole number of meetings"
        " (0 or more)",
        "firms.csv, row 4, column 'email': 'not-an-address' is not an e-mail address",
    ]


def test_duplicate_id_names_the_first_row(tmp_path: Path) -> None:
    csv = write(tmp_path / "f.csv", "id\nA\nB\nA\n")
    assert problems_of(csv) == ["f.csv, row 4, column 'id': id 'A' is already used in row 2"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "f.csv: is empty: expected a header row naming the columns"),
        ("id,id\nA,B\n", "f.csv, row 1: column 'id' appears twice"),
        ("id\nA,surplus\n", "f.csv, row 2: has more cells than the header has columns"),
        ('id\n"A\n', "f.csv, row 2: broken CSV"),
    ],
)
def test_unusable_files(tmp_path: Path, content: str, message: str) -> None:
    (problem,) = problems_of(write(tmp_path / "f.csv", content))
    assert problem.startswith(message)


def test_non_utf8_file_says_how_to_fix_it(tmp_path: Path) -> None:
    path = write(tmp_path / "f.csv", "id,name\nA,Müller\n", encoding="cp1252")
    assert problems_of(path) == [
        "f.csv, row 2: is not UTF-8 text; save it as 'CSV UTF-8' and try again"
    ]


def test_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nope.csv") == ["nope.csv: file not found"]


def test_damaged_xlsx(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", "this is not a zip file")
    (problem,) = problems_of(path)
    assert problem.startswith("f.xlsx: cannot be read as XLSX")


def test_header_names_are_folded(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "f.csv", " ID ,Name \n1,x\n"))
    assert table.columns == ("id", "name")
    assert table.rows[0].get("name") == "x"


def test_a_file_without_ids_gets_them_from_the_names(tmp_path: Path) -> None:
    """Issue 16, finding 5: an organiser's list has no id column; each firm gets one made
    from its name (umlauts written out, Cyrillic transliterated), the same on every read."""
    csv = write(tmp_path / "f.csv", "name,email\nMüller GmbH,\nАО «Иртыш»,\n,x@example.de\n")
    first, second, third = read_profiles(csv)
    assert [p.id for p in (first, second)] == ["mueller-gmbh", "ao-irtysh"]
    assert (third.id, third.name) == ("x-example-de", "x-example-de")
    assert [p.id for p in read_profiles(csv)] == ["mueller-gmbh", "ao-irtysh", "x-example-de"]
    twice = write(tmp_path / "g.csv", "name\nMüller GmbH\nMüller GmbH\n")
    assert problems_of(twice) == [
        "g.csv, row 3, column 'name': the same firm as row 2; each firm has one row (or give "
        "both an id)"
    ]
