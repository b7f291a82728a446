"""A schedule file (docs/FORMATS.md) read back: the published timetable a repair starts from.

Every row is checked against the fair it belongs to: known firms and interpreters, a slot of
the grid (and, when the file gives times, the same times: a file made for another grid is
refused rather than read wrongly), a table that exists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from matchmaker.core.scheduling.types import Placement
from matchmaker.core.types import Slot
from matchmaker.io.cells import Report, reporter
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.tabular import Row, Table, read_table

MAX_PROBLEMS = 50


def read_schedule(
    path: Path,
    firm_ids: Collection[str],
    slots: Sequence[Slot],
    tables: int,
    interpreter_ids: Collection[str] = (),
) -> list[Placement]:
    """The meetings of a schedule file; raises InputFileError listing every problem."""
    return parse_schedule(read_table(path), firm_ids, slots, tables, interpreter_ids)


def parse_schedule(
    table: Table,
    firm_ids: Collection[str],
    slots: Sequence[Slot],
    tables: int,
    interpreter_ids: Collection[str] = (),
) -> list[Placement]:
    table.require_columns(["slot", "table", "participant_a", "participant_b"])
    by_number = {s.number: s for s in slots}
    problems: list[Problem] = []
    placements: list[Placement] = []
    for row in table.rows:
        found: list[Problem] = []

        problem = reporter(table.name, row, found)

        slot = _number(row, "slot", 1, len(slots), problem)
        if slot is not None:
            for column, expected in (
                ("start", by_number[slot].start),
                ("end", by_number[slot].end),
            ):
                given = row.get(column)
                if given and given != f"{expected:%H:%M}":
                    grid = "was the file made for another slot grid?"
                    problem(column, f"'{given}' is not the {column} of slot {slot} "
                            f"({expected:%H:%M}); {grid}")  # fmt: skip
        number = _number(row, "table", 1, tables, problem)
        firms = []
        for column in ("participant_a", "participant_b"):
            value = row.get(column)
            if value not in firm_ids:
                problem(column, f"'{value}' is not the id of a firm in the profiles file")
            firms.append(value)
        if firms[0] == firms[1] and firms[0]:
            problem("participant_b", "a firm cannot meet itself")
        interpreter = row.get("interpreter") or None
        if interpreter is not None and interpreter not in interpreter_ids:
            problem("interpreter", f"'{interpreter}' is not in the interpreters file")
        problems += found
        if not found and slot is not None and number is not None:
            placements.append(Placement(firms[0], firms[1], slot, number, interpreter))
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return placements


def _number(row: Row, column: str, low: int, high: int, problem: Report) -> int | None:
    raw = row.get(column)
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    problem(column, f"'{raw}' is not a {column} number from {low} to {high}")
    return None
