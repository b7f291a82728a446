"""Spreadsheet rows from CSV (UTF-8, with or without BOM, comma or semicolon) or XLSX.

Both formats become the same `Table`: header names folded to lower case and stripped, each
row a dict of text cells with the row number a spreadsheet program would show.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from matchmaker.io.errors import InputFileError, Problem
from matchmaker.messages import N_

MAX_ROWS = 200_000


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
        grid = list(reader)
    except csv.Error as exc:
        broken = Problem(name, N_("broken CSV: %(reason)s"), reader.line_num, None, {"reason": exc})
        raise InputFileError([broken]) from None
    return _from_grid(name, grid)


def _xlsx_grid(path: Path, label: str) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only XLSX reading pays for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        unreadable = Problem(
            label, N_("cannot be read as XLSX: %(reason)s"), values={"reason": exc}
        )
        raise InputFileError([unreadable]) from None
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


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
    columns = tuple(c.strip().lower() for c in header)
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
        if len(rows) >= MAX_ROWS:
            too_many = Problem(
                name, N_("has more than %(num)d rows"), number, None, {"num": MAX_ROWS}
            )
            raise InputFileError([too_many])
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            raise InputFileError(
                [Problem(name, N_("has more cells than the header has columns"), row=number)]
            )
        rows.append(
            Row(number, {col: cells[i] if i < len(cells) else "" for i, col in enumerate(columns)})
        )
    return Table(name, columns, tuple(rows))
