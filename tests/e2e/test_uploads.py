"""Uploaded spreadsheets are read within limits (rows, columns, cells, characters, unpacked
size) while they are read, whatever size they declare; a refused or abandoned upload is
not kept. Real files built here, the real app, a real subprocess with a memory ceiling."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from openpyxl.styles import Font

from matchmaker.io.errors import InputFileError
from matchmaker.io.tabular import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, read_table
from matchmaker.services.firm_import import purge_abandoned_uploads, store_upload
from tests.web.test_input_boundary import web  # noqa: F401  (fixture: staff logged in)
from tests.web.test_staff_firms import upload

XFD = 16_384  # the last column a sheet can have


def workbook(fill: int = 0, *, styled_only: bool = False, last_row: int = 0) -> bytes:
    """A sheet with a header and one firm; rows 3.. get one cell in the last column (a value
    or, `styled_only`, just bold type); another firm in `last_row`, when given; the sheet
    declares the largest size there is."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name"])
    sheet.append(["B1", "Börde GmbH"])
    if last_row:
        sheet.cell(row=last_row, column=1, value="B2")
    for row in range(3, 3 + fill):
        cell = sheet.cell(row=row, column=XFD)
        if styled_only:
            cell.font = Font(bold=True)
        else:
            cell.value = "x"
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<dimension ")
                end = data.index(b"/>", start) + 2
                data = data[:start] + b'<dimension ref="A1:XFD1048576"/>' + data[end:]
            target.writestr(item, data)
    return out.getvalue()


READ_WITH_A_MEMORY_CEILING = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 ** 2, 512 * 1024 ** 2))
from pathlib import Path
from matchmaker.io.errors import InputFileError
from matchmaker.io.tabular import read_table
try:
    table = read_table(Path(sys.argv[1]))
except InputFileError as error:
    print("refused:", error)
else:
    print("rows:", len(table.rows))
"""


def read_in_a_child(path: Path) -> str:
    """Read the file in a child process that may use 512 MB at most (the old reader padded a
    sheet out to its declared size: 16,384 columns times a million rows)."""
    done = subprocess.run(
        [sys.executable, "-c", READ_WITH_A_MEMORY_CEILING, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_small_sheet_that_declares_a_huge_size_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "firmen.xlsx"
    path.write_bytes(workbook(last_row=5000))  # the old reader: 5,000 x 16,384 cells
    assert path.stat().st_size < 10_000
    assert read_in_a_child(path) == "rows: 2"


def test_a_few_kilobytes_with_cells_far_out_are_refused_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "firmen.xlsx"
    path.write_bytes(workbook(1000))
    assert path.stat().st_size < 20_000
    assert read_in_a_child(path) == (
        f"refused: firmen.xlsx, row 3: has more than {MAX_COLUMNS} columns"
    )


def test_empty_styled_cells_count_against_the_cell_limit(tmp_path: Path) -> None:
    path = tmp_path / "firmen.xlsx"
    path.write_bytes(workbook(200, styled_only=True))
    assert read_in_a_child(path).startswith("refused: firmen.xlsx, row ")
    assert "has more than 2000000 cells" in read_in_a_child(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id\n" + "x\n" * MAX_ROWS, f"row {MAX_ROWS + 1}: has more than {MAX_ROWS} rows"),
        (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n", "row 1: has more than 100"),
        ("id,offer\n1," + "o" * (MAX_CELL_CHARS + 1) + "\n", "row 2: has a cell of more than"),
    ],
)
def test_csv_beyond_the_limits_is_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "firmen.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_table(path)
    assert f"firmen.csv, {message}" in str(caught.value)


def test_the_import_page_refuses_it_and_keeps_nothing(app: Flask, web: FlaskClient) -> None:  # noqa: F811
    status, page = upload(web, "firmen.xlsx", workbook(10))
    assert status == 422
    assert f"firmen.xlsx, Zeile 3: hat mehr als {MAX_COLUMNS} Spalten" in page
    assert list((Path(app.instance_path) / "uploads").iterdir()) == []


def test_abandoned_uploads_are_deleted_after_an_hour(app: Flask, web: FlaskClient) -> None:  # noqa: F811
    folder = Path(app.instance_path) / "uploads"
    old = store_upload(folder, "alt.csv", b"id,name,email\nB1,Alt,alt@firma.example\n")
    two_hours_ago = time.time() - 7200
    for path in folder.glob(f"{old}.*"):
        os.utime(path, (two_hours_ago, two_hours_ago))
    status, _ = upload(web, "neu.csv", b"id,name\nB2,Neu\n")  # a new one, not imported
    assert status == 200
    kept = sorted(p.suffix for p in folder.iterdir())
    assert kept == [".csv", ".name"]  # only the new upload
    assert not list(folder.glob(f"{old}.*"))
    assert web.get("/staff/e/import/import").status_code == 200  # a visit purges too


def test_the_purge_command_deletes_abandoned_uploads(app: Flask) -> None:
    folder = Path(app.instance_path) / "uploads"
    token = store_upload(folder, "alt.csv", b"id\nB1\n")
    fresh = store_upload(folder, "neu.csv", b"id\nB2\n")
    for path in folder.glob(f"{token}.*"):
        os.utime(path, (time.time() - 3700, time.time() - 3700))
    result = app.test_cli_runner().invoke(args=["purge-uploads"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 files of abandoned uploads." in result.output
    assert sorted(p.name for p in folder.iterdir()) == [f"{fresh}.csv", f"{fresh}.name"]
    assert purge_abandoned_uploads(folder) == 0
