"""The one error type for unusable input files: it names the file, row and column.

A problem's text is an English template with named values (marked by `N_`, so that
pybabel extracts it): the command line prints it in English, pages in the reader's
language (`matchmaker.i18n.problem_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from matchmaker.core.messages import Explained


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file; `row` counts as a spreadsheet shows it (header = 1)."""

    file: str
    template: str
    row: int | None = None
    column: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The English text."""
        return self.template % dict(self.values) if self.values else self.template

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


def problem_from(
    file: str, error: Explained, row: int | None = None, column: str | None = None
) -> Problem:
    """A problem saying what an `Explained` error (a time that is no time, ...) says."""
    return Problem(file, error.template, row, column, error.values)


class InputFileError(Exception):
    """A file that cannot be used; it is rejected whole, with every problem found listed."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputFileError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
