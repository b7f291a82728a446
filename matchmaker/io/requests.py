"""The requests file (docs/FORMATS.md): one row per wanted meeting, into `MeetingWish`es.

A pair listed twice (in either order) is one mutual wish with the higher priority; its time
windows must then agree.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from matchmaker.core.scheduling.types import MeetingWish
from matchmaker.io.cells import optional_time, reporter
from matchmaker.io.errors import InputFileError, Problem
from matchmaker.io.tabular import Row, Table, read_table

MAX_PROBLEMS = 50


def read_requests(path: Path, firm_ids: Collection[str]) -> list[MeetingWish]:
    """Read and check a requests file against the known firms; raises InputFileError
    listing every problem found."""
    return parse_requests(read_table(path), firm_ids)


def parse_requests(table: Table, firm_ids: Collection[str]) -> list[MeetingWish]:
    table.require_columns(["from_id", "to_id"])
    problems: list[Problem] = []
    wishes: dict[frozenset[str], tuple[MeetingWish, int]] = {}
    for row in table.rows:
        wish = _parse_row(table, row, firm_ids, problems)
        if wish is None:
            continue
        earlier = wishes.get(wish.pair)
        if earlier is None:
            wishes[wish.pair] = (wish, row.number)
            continue
        first, first_row = earlier
        if (first.earliest, first.latest) != (wish.earliest, wish.latest):
            problems.append(
                Problem(
                    table.name,
                    f"the pair {wish.a}-{wish.b} is also asked for in row {first_row} with "
                    "another time window; give both rows the same one",
                    row.number,
                    "earliest",
                )
            )
            continue
        merged = MeetingWish(
            first.a,
            first.b,
            priority=max(first.priority, wish.priority),
            earliest=first.earliest,
            latest=first.latest,
            mutual=first.mutual or (first.a, first.b) == (wish.b, wish.a),
        )
        wishes[wish.pair] = (merged, first_row)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return [wish for wish, _ in wishes.values()]


def _parse_row(
    table: Table, row: Row, firm_ids: Collection[str], problems: list[Problem]
) -> MeetingWish | None:
    found: list[Problem] = []

    problem = reporter(table.name, row, found)

    ids = {}
    for column in ("from_id", "to_id"):
        value = row.get(column)
        if not value:
            problem(column, "is empty; give the id of a firm in the profiles file")
        elif value not in firm_ids:
            problem(column, f"'{value}' is not the id of a firm in the profiles file")
        ids[column] = value
    if ids["from_id"] and ids["from_id"] == ids["to_id"]:
        problem("to_id", "a firm cannot meet itself")
    priority = 1
    if raw := row.get("priority"):
        if raw.isdigit() and int(raw) > 0:
            priority = int(raw)
        else:
            problem("priority", f"'{raw}' is not a whole number of 1 or more")
    earliest = optional_time(row, "earliest", problem)
    latest = optional_time(row, "latest", problem)
    if earliest and latest and latest <= earliest:
        problem("latest", "must be later than earliest")
    problems.extend(found)
    if found:
        return None
    return MeetingWish(ids["from_id"], ids["to_id"], priority, earliest, latest)
