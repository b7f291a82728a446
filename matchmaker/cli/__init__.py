"""The `matchmaker` command, one module per subject: `site` (schema, server, worker,
retention), `fairs` (demo, recommendations, links), `organisations` (organisations and staff),
and the file commands that need no database, `matching`, `schedule` and `tables`, over the
batch jobs of `batch`, and `visits` (a delegation's company visits, its job beside it);
`common` holds what they share. Each command parses its input, calls one service or core
function, and reports."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup

from matchmaker.cli.fairs import demo_command, export_links_command, recommend_command
from matchmaker.cli.matching import match_command
from matchmaker.cli.organisations import create_organisation_command, create_staff_command
from matchmaker.cli.schedule import repair_command, schedule_command
from matchmaker.cli.site import (
    purge_command,
    purge_uploads_command,
    serve_command,
    upgrade_command,
    worker_command,
)
from matchmaker.cli.tables import tables_command
from matchmaker.cli.visits import visits_command
from matchmaker.config import ConfigurationError


def _create_app() -> Flask:
    from matchmaker import create_app

    try:
        return create_app()
    except ConfigurationError as exc:
        raise click.ClickException(str(exc)) from None


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


FILE_COMMANDS = (match_command, schedule_command, repair_command, tables_command, visits_command)


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
