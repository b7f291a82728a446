"""Reading single cells of an input table: bounded texts, lists and optional times."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import time
from typing import Protocol

from matchmaker.core.messages import N_, Explained
from matchmaker.core.text.clean import clean_text
from matchmaker.core.timeparse import parse_time
from matchmaker.io.errors import Problem
from matchmaker.io.tabular import Row


class Report(Protocol):
    """Records one problem of the row being read: its column, the message template (marked
    by `N_`) and the values to put in."""

    def __call__(self, column: str, template: str, /, **values: object) -> None: ...


def reporter(file: str, row: Row, found: list[Problem]) -> Report:
    """A `Report` that adds the problems of `row` of `file` to `found`."""

    def problem(column: str, template: str, /, **values: object) -> None:
        found.append(Problem(file, template, row.number, column, values))

    return problem


def split_list(cell: str) -> tuple[str, ...]:
    """A `;`-separated list cell, without empty items or surrounding spaces."""
    return tuple(item.strip() for item in cell.split(";") if item.strip())


def split_codes(cell: str) -> tuple[str, ...]:
    """A list of codes (languages): `;` as the format says, but also commas or spaces, as
    people type them (`de, ru`); a code never holds any of these."""
    return tuple(re.split(r"[;,\s]+", cell.strip())) if cell.strip() else ()


def optional_time(row: Row, column: str, problem: Report) -> time | None:
    """The `HH:MM` in a cell, None when it is empty; a bad time is reported, not raised."""
    raw = row.get(column)
    if not raw:
        return None
    try:
        return parse_time(raw)
    except Explained as exc:
        problem(column, exc.template, **exc.values)
        return None


TOO_LONG = N_("is %(length)d characters long; at most %(limit)d fit")


def bounded_text(
    row: Row,
    column: str,
    problem: Report,
    limits: Mapping[str, int],
    *,
    multiline: bool = False,
) -> str:
    """The cell's text as it is stored (`core.clean.clean_text`: a single-line column loses
    its line breaks too); longer than `limits[column]` is reported, not cut."""
    text = clean_text(row.cells.get(column, ""), multiline=multiline)
    limit = limits.get(column)
    if limit is not None and len(text) > limit:
        problem(column, TOO_LONG, length=len(text), limit=limit)
    return text
