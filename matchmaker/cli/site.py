"""Running an installation: the database schema, the web server and its worker, and the
retention jobs (personal data of past fairs, abandoned uploads) to run from cron."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def database_label() -> str:
    """The database's address without its password, to say which one a command works on."""
    from sqlalchemy.engine import make_url

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    return url.render_as_string(hide_password=True)


@click.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Create or migrate the database to the newest schema."""
    from flask_migrate import upgrade

    upgrade()
    click.echo(f"Database is up to date: {database_label()}")


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
    click.echo(f"matchmaker worker on {database_label()} (Ctrl+C stops it)")
    run_worker(current_app._get_current_object(), threads)  # type: ignore[attr-defined]


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
