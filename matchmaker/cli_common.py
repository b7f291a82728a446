"""What the command-line commands share: reading times and breaks from options, and the
one way they report unusable input files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time

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
