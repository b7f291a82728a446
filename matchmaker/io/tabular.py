"""Spreadsheet rows from CSV (UTF-8, with or without BOM, comma or semicolon) or XLSX.

Both formats become the same `Table`: header names folded to lower case and stripped (for
matching; `Table.written` gives a header as the file writes it, for showing), each row a dict
of text cells with the row number a spreadsheet program would show.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from matchmaker.core.messages import N_
from matchmaker.core.text.clean import clean_text
from matchmaker.io.errors import InputFileError, Problem

# What one input file may hold, checked while it is read (before anything is kept in memory):
# spreadsheet rows (empty ones count: a file that declares a million empty rows is refused
# without padding them out), columns with a value, cell positions read (including the
# empty cells a row has before its last value), characters in one cell (Excel's own
# limit), and the unpacked size of an XLSX workbook (a zip file can hide gigabytes).
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELLS = 2_000_000
MAX_CELL_CHARS = 32_767
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    headers: tuple[str, ...] = ()  # the columns as the file writes them ("E-Mail")

    def written(self, column: str) -> str:
        """A column's header as the file writes it (the column itself if not known)."""
        return dict(zip(self.columns, self.headers, strict=False)).get(column, column)

    def require_columns(self, required: Iterable[str]) -> None:
        missing = [c for c in required if c not in self.columns]
        if missing:
            raise InputFileError(
                [
                    Problem(
                        self.name,
                        N_("required column '%(column)s' is missing"),
                        1,
                        None,
                        {"column": c},
                    )
                    for c in missing
                ]
            )


def read_table(path: Path, *, name: str | None = None) -> Table:
    """Read a CSV or XLSX file into a Table; raises InputFileError for an unusable file."""
    label = name or path.name
    if not path.is_file():
        raise InputFileError([Problem(label, N_("file not found"))])
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _from_grid(label, _xlsx_grid(path, label))
    return read_csv_bytes(path.read_bytes(), name=label)


def read_csv_bytes(data: bytes, *, name: str) -> Table:
    """Read CSV bytes (an upload or a file); the delimiter is whichever of , and ; Excel used."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            [Problem(name, N_("is not UTF-8 text; save it as 'CSV UTF-8' and try again"), row=line)]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        grid = _bounded(name, reader)
    except csv.Error as exc:
        broken = Problem(name, N_("broken CSV: %(reason)s"), reader.line_num, None, {"reason": exc})
        raise InputFileError([broken]) from None
    return _from_grid(name, grid)


def _xlsx_grid(path: Path, label: str) -> list[list[str]]:
    """The first sheet's cells as text, read row by row (openpyxl's read-only mode) within
    the limits. The sheet's declared size is not trusted: openpyxl would pad every row out
    to it, so a few kilobytes that declare 16,384 columns would fill the memory."""
    from zipfile import BadZipFile, ZipFile

    from openpyxl import load_workbook  # imported here: only XLSX reading pays for it

    try:
        with ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (BadZipFile, OSError) as exc:
        raise InputFileError([_unreadable(label, exc)]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        too_big = Problem(label, N_("unpacks to more than %(num)d MB"), values={"num": limit})
        raise InputFileError([too_big])
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputFileError([_unreadable(label, exc)]) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read-only sheets have it
        rows = sheet.iter_rows(values_only=True)
        return _bounded(label, ([_cell_text(v) for v in row] for row in rows))
    finally:
        workbook.close()


def _unreadable(label: str, exc: Exception) -> Problem:
    return Problem(label, N_("cannot be read as XLSX: %(reason)s"), values={"reason": exc})


def _bounded(name: str, rows: Iterable[Sequence[str]]) -> list[list[str]]:
    """The rows, each cut after its last non-empty cell, read one at a time and refused as
    soon as the file passes one of the limits (rows, columns, cells, characters in a cell)."""
    grid: list[list[str]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_big(name, N_("has more than %(num)d rows"), MAX_ROWS, number)
        cells += len(row)
        if cells > MAX_CELLS:
            raise _too_big(name, N_("has more than %(num)d cells"), MAX_CELLS, number)
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        if width > MAX_COLUMNS:
            raise _too_big(name, N_("has more than %(num)d columns"), MAX_COLUMNS, number)
        kept = list(row[:width])
        if any(len(cell) > MAX_CELL_CHARS for cell in kept):
            long_cell = N_("has a cell of more than %(num)d characters")
            raise _too_big(name, long_cell, MAX_CELL_CHARS, number)
        grid.append(kept)
    return grid


def _too_big(name: str, template: str, limit: int, row: int) -> InputFileError:
    return InputFileError([Problem(name, template, row, None, {"num": limit})])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%H:%M") if value.date().year < 1901 else value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _from_grid(name: str, grid: Sequence[Sequence[str]]) -> Table:
    rows_iter: Iterator[tuple[int, Sequence[str]]] = iter(enumerate(grid, start=1))
    header: Sequence[str] | None = None
    for _, cells in rows_iter:
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise InputFileError(
            [Problem(name, N_("is empty: expected a header row naming the columns"))]
        )
    headers = tuple(clean_text(c) for c in header)
    columns = tuple(c.lower() for c in headers)
    seen: set[str] = set()
    for column in columns:
        if column and column in seen:
            twice = Problem(
                name, N_("column '%(column)s' appears twice"), 1, None, {"column": column}
            )
            raise InputFileError([twice])
        seen.add(column)
    rows: list[Row] = []
    for number, cells in rows_iter:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise InputFileError(
                [Problem(name, N_("has more cells than the header has columns"), row=number)]
            )
        rows.append(
            Row(
                number,
                {
                    col: clean_text(cells[i], multiline=True) if i < len(cells) else ""
                    for i, col in enumerate(columns)
                },
            )
        )
    return Table(name, columns, tuple(rows), headers)
