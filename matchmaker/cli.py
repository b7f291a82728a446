"""The `matchmaker` command. Each command parses its input, calls one service or core
function, and reports. Commands that work on files need no database and no app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from matchmaker.config import ConfigurationError

if TYPE_CHECKING:
    from matchmaker.core.types import TimeRange


def _create_app() -> Flask:
    from matchmaker import create_app

    try:
        return create_app()
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


@click.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Create or migrate the database to the newest schema."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"Database is up to date: {_database_label()}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo fair (Kooperationsbörse Barleben); does nothing when it is there."""
    from matchmaker.extensions import db
    from matchmaker.services.demo import load_demo

    result = load_demo(db.session())
    db.session.commit()
    verb = "Loaded" if result.created else "Already there:"
    click.echo(f"{verb} demo fair '{result.event.name}' with {result.participants} firms.")


@click.command("recommend")
@click.argument("event_slug")
@click.option("--top", "top_k", type=click.IntRange(min=1), default=10, show_default=True)
@with_appcontext
def recommend_command(event_slug: str, top_k: int) -> None:
    """Compute and store partner recommendations for an event (replaces the previous list)."""
    from matchmaker.extensions import db
    from matchmaker.services.events import find_event
    from matchmaker.services.recommendations import compute_recommendations

    event = find_event(db.session(), event_slug)
    if event is None:
        raise click.ClickException(f"no event with the short name '{event_slug}'")
    run = compute_recommendations(db.session(), event, top_k=top_k)
    db.session.commit()
    click.echo(
        f"Stored {run.recommendations} recommendations for {run.firms} firms of "
        f"'{event.name}' in {run.seconds:.1f} s ({run.scorer})."
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=int,
    default=lambda: int(os.environ.get("PORT", "5000")),
    show_default="5000, or $PORT",
    help="Port to listen on.",
)
@click.option("--threads", type=int, default=8, show_default=True)
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the app with waitress, a production-grade WSGI server."""
    from waitress import serve

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    click.echo(f"matchmaker serves on http://{host}:{port}/  (Ctrl+C stops it)")
    serve(app, host=host, port=port, threads=threads, ident="matchmaker")


@click.command("match")
@click.argument("profiles", type=click.Path(path_type=Path))
@click.option(
    "--top",
    "top_k",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Partners per firm.",
)
@click.option(
    "--cross-group",
    is_flag=True,
    help="Only pairs from different groups (a delegation meets local firms).",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(["de", "en", "ru"]),
    default="de",
    show_default=True,
    help="Language of the reasons.",
)
@click.option(
    "--no-semantic", is_flag=True, help="TF-IDF alone, without the multilingual sentence encoder."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Matches file to write (.csv or .xlsx).",
)
def match_command(
    profiles: Path, top_k: int, cross_group: bool, language: str, no_semantic: bool, output: Path
) -> None:
    """Recommend complementary partners for every firm of a profiles file (CSV or XLSX)."""
    from matchmaker.batch import match_file

    with _input_errors_exit_2():
        job = match_file(
            profiles,
            output,
            top_k=top_k,
            cross_group=cross_group,
            language=language,
            semantic=not no_semantic,
        )
    click.echo(
        f"Wrote {job.matches} recommendations for {job.firms} firms to {output} ({job.scorer}).",
        err=True,
    )


def _time_option(value: str) -> time:
    from matchmaker.core.timeparse import parse_time

    try:
        return parse_time(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _breaks_option(value: str) -> tuple[TimeRange, ...]:
    from matchmaker.core.timeparse import parse_time_range

    try:
        return tuple(parse_time_range(part) for part in value.split(",") if part.strip())
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("schedule")
@click.argument("profiles", type=click.Path(path_type=Path))
@click.option(
    "--requests",
    "requests_path",
    type=click.Path(path_type=Path),
    help="Requests file; without it the best mutual matches are scheduled.",
)
@click.option("--start", required=True, help="Start of the first slot, HH:MM.")
@click.option("--slot-minutes", type=click.IntRange(min=1), required=True)
@click.option("--slots", type=click.IntRange(min=1), required=True, help="Number of slots.")
@click.option("--tables", type=click.IntRange(min=1), required=True, help="Number of tables.")
@click.option("--breaks", default="", help="Breaks as HH:MM-HH:MM, comma-separated.")
@click.option(
    "--per-participant",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Without --requests: matches per firm to look for mutual partners in.",
)
@click.option("--cross-group", is_flag=True, help="Without --requests: only across groups.")
@click.option(
    "--interpreters",
    "interpreters_path",
    type=click.Path(path_type=Path),
    help="Interpreters file: meetings of firms without a common language get one of them.",
)
@click.option(
    "--fixed-seats",
    metavar="GROUP",
    help="Each firm of this group keeps one table all day (tables 1, 2, ...); the others "
    "come to them.",
)
@click.option(
    "--time-limit", type=click.FloatRange(min=1), default=60, show_default=True, help="Seconds."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--unplaced",
    "unplaced_path",
    type=click.Path(path_type=Path),
    help="File for the wishes left unplaced and why (otherwise they go to standard error).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Schedule file to write (.csv or .xlsx).",
)
def schedule_command(
    profiles: Path,
    requests_path: Path | None,
    start: str,
    slot_minutes: int,
    slots: int,
    tables: int,
    breaks: str,
    per_participant: int,
    cross_group: bool,
    interpreters_path: Path | None,
    fixed_seats: str | None,
    time_limit: float,
    seed: int,
    unplaced_path: Path | None,
    output: Path,
) -> None:
    """Place meetings into slots and tables: every one that can be placed, fewest breaks."""
    from matchmaker.batch import SeatingError, schedule_file
    from matchmaker.core.scheduler import ScheduleOptions
    from matchmaker.core.slots import build_slots
    from matchmaker.core.types import SlotGrid

    grid = SlotGrid(_time_option(start), slot_minutes, slots, _breaks_option(breaks))
    try:
        build_slots(grid)
    except ValueError as exc:
        raise click.UsageError(f"the slot grid cannot be used: {exc}") from None
    with _input_errors_exit_2():
        try:
            job = schedule_file(
                profiles,
                output,
                grid=grid,
                tables=tables,
                requests_path=requests_path,
                per_participant=per_participant,
                cross_group=cross_group,
                unplaced_path=unplaced_path,
                options=ScheduleOptions(time_limit=time_limit, seed=seed),
                fixed_seats=fixed_seats,
                interpreters_path=interpreters_path,
            )
        except SeatingError as exc:
            raise click.UsageError(str(exc)) from None
    r = job.result
    if unplaced_path is None:
        for a, b, _, reason in job.unplaced_rows:
            click.echo(f"unplaced: {a}-{b}: {reason}", err=True)
    click.echo(
        f"Placed {len(r.placements)} of {job.wishes} wishes in {output}; {r.breaks} breaks "
        f"(lower bound {r.breaks_bound}), at most {r.max_breaks} for one firm"
        f"{'; proven optimal' if r.proven_optimal else ''}.",
        err=True,
    )


@contextmanager
def _input_errors_exit_2() -> Iterator[None]:
    """Unusable input: every problem on standard error, exit status 2, nothing written."""
    from matchmaker.io.errors import InputFileError

    try:
        yield
    except InputFileError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(2) from None


def _database_label() -> str:
    from sqlalchemy.engine import make_url

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.render_as_string(hide_password=True)


COMMANDS = (upgrade_command, demo_command, recommend_command, serve_command)


def register(app: Flask) -> None:
    """Make the commands reachable as `flask --app matchmaker ...` too."""
    for command in COMMANDS:
        app.cli.add_command(command)


FILE_COMMANDS = (match_command, schedule_command)

main = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    help="matchmaker: B2B matchmaking for cooperation fairs.",
)
for _command in (*COMMANDS, *FILE_COMMANDS):
    main.add_command(_command)
