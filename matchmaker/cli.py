"""The `matchmaker` command. Each command parses its input, calls one service or core
function, and reports. Commands that work on files need no database and no app."""

from __future__ import annotations

import os

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from matchmaker.config import ConfigurationError


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


def _database_label() -> str:
    from sqlalchemy.engine import make_url

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.render_as_string(hide_password=True)


COMMANDS = (upgrade_command, demo_command, serve_command)


def register(app: Flask) -> None:
    """Make the commands reachable as `flask --app matchmaker ...` too."""
    for command in COMMANDS:
        app.cli.add_command(command)


main = FlaskGroup(
    create_app=_create_app,
    add_version_option=False,
    help="matchmaker: B2B matchmaking for cooperation fairs.",
)
for _command in COMMANDS:
    main.add_command(_command)
