"""The interpreters file (docs/FORMATS.md): one row per interpreter the fair books."""

from __future__ import annotations

from pathlib import Path

from matchmaker.core.scheduling.types import Interpreter
from matchmaker.io.cells import optional_time, reporter, split_codes
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.tabular import Row, Table, read_table


def read_interpreters(path: Path) -> list[Interpreter]:
    """Read and check an interpreters file; raises InputFileError listing every problem."""
    return parse_interpreters(read_table(path))


def parse_interpreters(table: Table) -> list[Interpreter]:
    table.require_columns(["id", "languages"])
    problems: list[Problem] = []
    found: list[Interpreter] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        interpreter = _parse_row(table, row, problems)
        if interpreter is None:
            continue
        if interpreter.id in first_row:
            again = (
                f"id '{interpreter.id}' is used again (first in row {first_row[interpreter.id]})"
            )
            problems.append(Problem(table.name, again, row.number, "id"))
            continue
        first_row[interpreter.id] = row.number
        found.append(interpreter)
    if problems:
        raise InputFileError(problems[:50])
    return found


def _parse_row(table: Table, row: Row, problems: list[Problem]) -> Interpreter | None:
    found: list[Problem] = []

    problem = reporter(table.name, row, found)

    pid = row.get("id")
    if not pid:
        problem("id", "is empty; give each interpreter an id")
    languages = split_codes(row.get("languages"))
    if len(languages) < 2:
        problem("languages", "name at least two languages, separated by ';' (e.g. ru;de)")
    start = optional_time(row, "available_from", problem)
    end = optional_time(row, "available_to", problem)
    if start and end and end <= start:
        problem("available_to", "must be later than available_from")
    limit = None
    if raw := row.get("max_meetings"):
        if raw.isdigit():
            limit = int(raw)
        else:
            problem("max_meetings", f"'{raw}' is not a whole number of 0 or more")
    problems.extend(found)
    if found:
        return None
    return Interpreter(pid, languages, start, end, limit)
