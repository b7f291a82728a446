"""What the command-line commands share: reading times and breaks from options, and the
one way they report unusable input files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path
from typing import Any

import click

from matchmaker.core.types import TimeRange


def time_option(value: str) -> time:
    from matchmaker.core.timeparse import parse_time

    try:
        return parse_time(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def breaks_option(value: str) -> tuple[TimeRange, ...]:
    from matchmaker.core.timeparse import parse_time_range

    try:
        return tuple(parse_time_range(part) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@contextmanager
def input_errors_exit_2() -> Iterator[None]:
    """Unusable input: every problem on standard error, exit status 2, nothing written."""
    from matchmaker.io.errors import InputFileError

    try:
        yield
    except InputFileError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(2) from None


def output_option(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The `-o/--output` option of a command that writes a file."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        required=True,
        help=f"{what} to write (.csv or .xlsx).",
    )


no_semantic_option = click.option(
    "--no-semantic", is_flag=True, help="TF-IDF alone, without the multilingual sentence encoder."
)
