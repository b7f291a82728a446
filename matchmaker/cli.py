"""The `matchmaker` command. Each command parses its input, calls one service or core
function, and reports. Commands that work on files need no database and no app."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from matchmaker.cli_common import input_errors_exit_2, no_semantic_option, output_option
from matchmaker.cli_organisations import create_organisation_command, create_staff_command
from matchmaker.cli_schedule import repair_command, schedule_command
from matchmaker.cli_tables import tables_command
from matchmaker.config import PAGE_LANGUAGES, ConfigurationError


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
    """Load the demo fairs (Kooperationsbörse Barleben; Korea Business Day Aachen) with
    their recommendations; a fair already there is left as it is. Refused in production: a
    demo fair with a public staff password has no place there."""
    from matchmaker.extensions import db
    from matchmaker.services.demo import load_demos
    from matchmaker.services.recommendations import compute_recommendations
    from matchmaker.urls import public_url
    from matchmaker.views.helpers import personal_link

    if current_app.config["MATCHMAKER_ENV"] == "production":
        raise click.ClickException(
            "`matchmaker demo` is for trying matchmaker out and is refused in production "
            "(MATCHMAKER_ENV=production). Run it with MATCHMAKER_ENV=development on a "
            "database of its own."
        )
    results = load_demos(db.session())
    for result in results:
        if result.created:  # so that the firms' pages show partners at once
            compute_recommendations(db.session(), result.event)
    db.session.commit()
    for result in results:
        event = result.event
        verb = "Loaded" if result.created else "Already there:"
        click.echo(f"{verb} demo fair '{event.name}' with {result.participants} firms.")
        click.echo(f"  Its public page: {public_url('public.event_page', slug=event.slug)}")
        for group in sorted(event.groups, key=lambda g: g.id):  # a way into the firms' pages
            firms = sorted(
                (p for p in event.participants if p.group_id == group.id), key=lambda p: p.id
            )
            if firms:  # which have no login
                link = personal_link(firms[0])
                db.session.commit()
                click.echo(f"  A demo firm's own pages ({firms[0].name}, {group.name}): {link}")
    if current_app.config["MATCHMAKER_ENV"] == "development":
        from matchmaker.services.demo import DEMO_LOGIN, demo_logins, ensure_demo_login

        ensure_demo_login(db.session())
        db.session.commit()
        login = public_url("staff.login")  # a whole address, as the firms' links above
        click.echo(f"Demo staff logins (development only; password {DEMO_LOGIN[1]}): {login}")
        click.echo(f"  {DEMO_LOGIN[0]}  (administrator of the installation)")
        for email, organisation in demo_logins():
            click.echo(f"  {email}  ({organisation})")


@click.command("purge-personal-data")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Retention: events that ended more than this many days ago (default: the "
    "RETENTION_DAYS setting, else 365).",
)
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete the personal data of every firm of events past their retention, and old
    records of refused logins (run it daily, e.g. from cron). The firms' personal links
    stopped working when the retention period ended."""
    from matchmaker.config import retention_days
    from matchmaker.extensions import db
    from matchmaker.services.privacy import purge_expired

    keep = days if days is not None else retention_days(current_app.config)
    count = purge_expired(db.session(), keep)
    db.session.commit()
    click.echo(f"Deleted the personal data of {count} firms of events over {keep} days past.")


@click.command("purge-uploads")
@with_appcontext
def purge_uploads_command() -> None:
    """Delete uploaded spreadsheets whose import was abandoned over an hour ago (they hold
    firms' contact data; run it e.g. hourly from cron)."""
    from matchmaker.services.firm_import import purge_abandoned_uploads

    count = purge_abandoned_uploads(Path(current_app.instance_path) / "uploads")
    click.echo(f"Deleted {count} files of abandoned uploads.")


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
    """Serve the app with waitress, a production-grade WSGI server.

    Waitress drops X-Forwarded-* headers unless told to keep them; with PROXY_HOPS set the
    app's ProxyFix reads them (the one place that decides what to trust), so waitress passes
    them through.
    """
    from waitress import serve

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    behind_proxy = int(app.config.get("PROXY_HOPS") or 0) > 0
    click.echo(f"matchmaker serves on http://{host}:{port}/  (Ctrl+C stops it)")
    serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="matchmaker",
        clear_untrusted_proxy_headers=not behind_proxy,
    )


@click.command("worker")
@click.option(
    "--threads", type=click.IntRange(1, 8), default=1, show_default=True,
    help="Runs at once (each scheduling run uses a core).",
)  # fmt: skip
@with_appcontext
def worker_command(threads: int) -> None:
    """Run the background runs (matching, scheduling) that staff start on the pages. Keep
    one running beside the web server; Ctrl+C lets the current run end, SIGTERM stops at
    once (the run is marked failed)."""
    import logging

    from matchmaker.jobs.worker import run_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    click.echo(f"matchmaker worker on {_database_label()} (Ctrl+C stops it)")
    run_worker(current_app._get_current_object(), threads)  # type: ignore[attr-defined]


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
    type=click.Choice(PAGE_LANGUAGES),
    default="de",
    show_default=True,
    help="Language of the reasons.",
)
@no_semantic_option
@output_option("Matches file")
def match_command(
    profiles: Path, top_k: int, cross_group: bool, language: str, no_semantic: bool, output: Path
) -> None:
    """Recommend complementary partners for every firm of a profiles file (CSV or XLSX)."""
    from matchmaker.batch import match_file

    with input_errors_exit_2():
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


@click.command("export-links")
@click.argument("event_slug")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the list (.csv or .xlsx).",
)
@click.option(
    "--base-url",
    default=None,
    help="The site's public address, e.g. https://boerse.example.org (default: BASE_URL "
    "from the configuration).",
)
@with_appcontext
def export_links_command(event_slug: str, output: Path, base_url: str | None) -> None:
    """Write every firm's personal link of an event, for a mail merge."""
    from matchmaker.extensions import db
    from matchmaker.io.writers import write_table
    from matchmaker.services.events import find_event
    from matchmaker.services.participants import active_participants
    from matchmaker.views.helpers import personal_link

    event = find_event(db.session(), event_slug)
    if event is None:
        raise click.ClickException(f"no event with the short name '{event_slug}'")
    if base_url:
        current_app.config["BASE_URL"] = base_url.rstrip("/")
    rows = [
        (p.external_id, p.name, p.contact_person, p.email, personal_link(p))
        for p in active_participants(db.session(), event)
    ]
    try:
        count = write_table(output, LINK_COLUMNS, rows)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()  # links handed out for the first time keep their hashes
    click.echo(f"Wrote {count} personal links of '{event.name}' to {output}.")


LINK_COLUMNS = ("id", "name", "contact_person", "email", "link")


def _database_label() -> str:
    from sqlalchemy.engine import make_url

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.render_as_string(hide_password=True)


COMMANDS = (
    upgrade_command,
    demo_command,
    recommend_command,
    export_links_command,
    create_organisation_command,
    create_staff_command,
    purge_command,
    purge_uploads_command,
    serve_command,
    worker_command,
)


def register(app: Flask) -> None:
    """Make the commands reachable as `flask --app matchmaker ...` too."""
    for command in COMMANDS:
        app.cli.add_command(command)


FILE_COMMANDS = (match_command, schedule_command, repair_command, tables_command)


class _Group(FlaskGroup):
    """Flask's command group, but listing the commands (`--help`) needs no app: every
    command is registered on the group itself, and loading the app without its settings
    (a secret key in production) printed a traceback instead of the help (issue 16, 5)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)


main = _Group(
    create_app=_create_app,
    add_version_option=False,
    help="matchmaker: B2B matchmaking for cooperation fairs.",
)
for _command in (*COMMANDS, *FILE_COMMANDS):
    main.add_command(_command)
