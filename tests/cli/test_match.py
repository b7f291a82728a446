"""`matchmaker match` on real files: results, reasons, refusals, nothing half-written."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from matchmaker.cli import main
from matchmaker.io.writers import safe_cell, write_table

DEMO = Path(__file__).resolve().parents[2] / "matchmaker" / "demo" / "barleben_profiles.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_match_writes_ranked_partners_with_reasons(tmp_path: Path) -> None:
    out = tmp_path / "matches.csv"
    result = CliRunner().invoke(
        main, ["match", str(DEMO), "--top", "3", "--cross-group", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 198 recommendations for 66 firms" in result.output
    rows = read_csv(out)
    assert list(rows[0]) == [
        "participant_id", "rank", "partner_id", "score", "reason",
        "mutual", "partner_offers", "partner_seeks", "peer",
    ]  # fmt: skip
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for Cyrillic
    groups = {r["participant_id"][:2] for r in rows}
    assert groups == {"BK", "OM"}
    assert all(r["participant_id"][:2] != r["partner_id"][:2] for r in rows)  # cross-group
    agro = [r for r in rows if r["participant_id"] == "OM-004"]
    assert [r["rank"] for r in agro] == ["1", "2", "3"]
    top = {r["partner_id"] for r in agro}
    assert top & {"BK-005", "BK-009", "BK-033"}, "the agro-holding meets seed and grain firms"
    shop = next(r for r in rows if r["participant_id"] == "BK-001" and r["partner_id"] == "OM-002")
    # a sentence in the chosen language (German by default), quoting both firms' words as
    # the phrases they wrote (the clause the titanium item stands in, core/matching/phrases.py)
    assert (
        "Ihr Gesuch „Bezugsquellen für Titan-Halbzeuge (Grade 5, Grade 23) und "
        "Edelstahlstangen 1.4441“ passt zu seinem Angebot „" in (shop["reason"])
    )


def test_reasons_in_russian_and_xlsx_output(tmp_path: Path) -> None:
    out = tmp_path / "matches.xlsx"
    result = CliRunner().invoke(
        main, ["match", str(DEMO), "--top", "2", "--cross-group", "--lang", "ru", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][:5] == ("participant_id", "rank", "partner_id", "score", "reason")
    assert any("соответствует его предложению «" in str(row[4]) for row in rows[1:])


def test_bad_profiles_exit_2_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "firms.csv"
    bad.write_text("id,available_from\nA,9:00\nA,25:00\n", encoding="utf-8")
    out = tmp_path / "matches.csv"
    result = CliRunner().invoke(main, ["match", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert "error: firms.csv, row 3, column 'available_from': '25:00' is not a valid time" in (
        result.output
    )
    assert "error: firms.csv, row 3, column 'id': id 'A' is already used in row 2" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind either


def test_tfidf_alone_still_works(tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    result = CliRunner().invoke(main, ["match", str(DEMO), "--no-semantic", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "(TF-IDF)" in result.output
    assert read_csv(out)


@pytest.mark.parametrize(
    ("value", "written"),
    [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+7 3812", "'+7 3812"), ("@sum", "'@sum"),
     ("-1", "'-1"), ("Titan", "Titan"), (-0.5, -0.5), (3, 3)],
)  # fmt: skip
def test_spreadsheet_formulas_are_made_inert(value: str | float, written: str | float) -> None:
    assert safe_cell(value) == written


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> Iterator[tuple[str]]:
        yield ("a",)
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_table(tmp_path / "out.csv", ["x"], rows())
    assert list(tmp_path.iterdir()) == []
