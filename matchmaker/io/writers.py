"""Writing result tables as CSV or XLSX (and printable pages as HTML), whole or not at all.

A file is written to a temporary name beside its target and renamed into place only when it is
complete, so a failure never leaves half a file where staff expect a result. CSV is UTF-8 with
a byte-order mark, which Excel needs to show umlauts and Cyrillic. Text cells that a spreadsheet
would run as a formula (=, +, -, @ ...) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from matchmaker.core.text.clean import remove_controls

Cell = str | int | float | bool | None
T = TypeVar("T")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Cell) -> Cell:
    """The value, with text that a spreadsheet would evaluate made inert, and without the
    control characters XLSX cannot hold (text stored before input was cleaned, or by a
    database tool, must not make an export fail)."""
    if not isinstance(value, str):
        return value
    value = remove_controls(value, multiline=True)
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write a table to path (.xlsx or CSV), atomically; returns the number of data rows."""
    if path.suffix.lower() == ".xlsx":
        return _atomically(path, lambda part: _write_xlsx(part, header, rows))
    return _atomically(path, lambda part: _write_csv(part, header, rows))


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]  # name, header, rows


def write_sheets(path: Path, sheets: Sequence[Sheet]) -> list[Path]:
    """Write several tables at once, all or none: into one workbook, a sheet each (.xlsx),
    or as CSV files, the first at `path` and each further one beside it as
    `<stem>.<sheet name>.csv` (CSV holds one table). Returns the files written."""
    if path.suffix.lower() == ".xlsx":
        _atomically(path, lambda part: _write_workbook(part, sheets))
        return [path]
    paths = [path, *(path.with_name(f"{path.stem}.{name.lower()}.csv") for name, *_ in sheets[1:])]
    parts: list[Path] = []
    try:
        for target, (_, header, rows) in zip(paths, sheets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
            os.close(handle)
            parts.append(Path(temporary))
            _write_csv(parts[-1], header, rows)
        for part, target in zip(parts, paths, strict=True):
            part.replace(target)
    except BaseException:
        for part in parts:
            part.unlink(missing_ok=True)
        raise
    return paths


def _write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    from openpyxl import Workbook

    # The rows first: a failure while making them must not leave openpyxl's sheet writers
    # half-way (they complain when collected).
    tables = [(name, header, list(rows)) for name, header, rows in sheets]
    book = Workbook(write_only=True)
    for name, header, rows in tables:
        sheet = book.create_sheet(title=name)
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    book.save(path)


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file (a printable HTML page), atomically."""
    _atomically(path, lambda part: part.write_text(text, encoding="utf-8"))


def _atomically(path: Path, write: Callable[[Path], T]) -> T:
    """Write to a temporary file beside `path`, then rename it into place: readers see the
    old file or the whole new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        result = write(Path(temporary))
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_cell(v) for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(list(header))
    count = 0
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
        count += 1
    book.save(path)
    return count
