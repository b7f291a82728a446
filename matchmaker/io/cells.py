"""Reading single cells of an input table: lists and optional times."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time

from matchmaker.core.timeparse import parse_time
from matchmaker.io.tabular import Row


def split_list(cell: str) -> tuple[str, ...]:
    """A `;`-separated list cell, without empty items or surrounding spaces."""
    return tuple(item.strip() for item in cell.split(";") if item.strip())


def split_codes(cell: str) -> tuple[str, ...]:
    """A list of codes (languages): `;` as the format says, but also commas or spaces, as
    people type them (`de, ru`); a code never holds any of these."""
    return tuple(re.split(r"[;,\s]+", cell.strip())) if cell.strip() else ()


def optional_time(row: Row, column: str, problem: Callable[[str, str], None]) -> time | None:
    """The `HH:MM` in a cell, None when it is empty; a bad time is reported, not raised."""
    raw = row.get(column)
    if not raw:
        return None
    try:
        return parse_time(raw)
    except ValueError as exc:
        problem(column, str(exc))
        return None
