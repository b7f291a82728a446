"""The `matchmaker` command group, through Flask's CLI runner and as a real process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, inspect, select

from matchmaker.cli import main
from matchmaker.extensions import db
from matchmaker.models import Event, Participant


def test_upgrade_creates_every_table(tmp_path: Path, runner_on_empty_db: FlaskCliRunner) -> None:
    result = runner_on_empty_db.invoke(args=["upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database is up to date" in result.output
    app = runner_on_empty_db.app
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"event", "participant", "meeting", "meeting_attendee", "table_seat"} <= tables


def test_demo_loads_once_and_is_idempotent(app: Flask, runner: FlaskCliRunner) -> None:
    """The demo fairs (Barleben; Korea Business Day Aachen; Barleben 2026 as held, issue 22),
    each once, with a way into a firm's pages of each group of the coming fairs, and into
    the committee's report for the past one."""
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Loaded demo fair 'Kooperationsbörse Barleben 2027' with 66 firms." in first.output
    assert "Loaded demo fair 'Korea Business Day Aachen 2027' with 74 firms." in first.output
    assert "/e/korea-business-day-aachen-2027" in first.output
    assert "Its delegation's week: 5 programme items, 11 members, 14 firms" in first.output
    assert first.output.count("Its delegation's week") == 1  # Aachen has none
    assert "A demo firm's own pages ((주)대성정밀금형, Korea): http" in first.output
    assert "Loaded demo fair 'Kooperationsbörse Barleben 2026' with 66 firms." in first.output
    assert (
        "What it brought, for Unternehmerbüro Barleben's committee: "
        "http://localhost/staff/organisations/unternehmerbuero-barleben/report"
    ) in first.output
    assert second.output.count("Already there: demo fair") == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 3
        from matchmaker.models import Recommendation

        # recommendations come with the demo, so that the firms' pages show partners
        stored = db.session.scalar(select(func.count()).select_from(Recommendation))
        assert stored is not None
        assert stored >= (66 + 74) * 5
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 66 + 74 + 66
        with_partners = select(func.count(func.distinct(Recommendation.participant_id)))
        assert db.session.scalar(with_partners) == 66 + 74  # the past fair needs none


@pytest.mark.parametrize("command", ["upgrade", "demo", "serve"])
def test_console_script_lists_the_command(command: str) -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert command in result.output


def test_console_script_reports_missing_production_key(tmp_path: Path) -> None:
    env = {"MATCHMAKER_ENV": "production", "MATCHMAKER_INSTANCE_PATH": str(tmp_path)}
    result = CliRunner().invoke(main, ["upgrade"], env=env | {"MATCHMAKER_SECRET_KEY": ""})
    assert result.exit_code != 0
    assert "No secret key is configured" in result.output


def test_serve_answers_http_with_the_demo(tmp_path: Path) -> None:
    """`matchmaker upgrade`, `demo` and `serve` as a user runs them, in a real process."""
    bin_dir = Path(sys.executable).parent
    env = os.environ | {
        "MATCHMAKER_ENV": "development",
        "MATCHMAKER_INSTANCE_PATH": str(tmp_path),
        "PORT": str(free_port()),
    }
    env.pop("DATABASE_URL", None)
    for command in ("upgrade", "demo"):
        subprocess.run([bin_dir / "matchmaker", command], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [bin_dir / "matchmaker", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        body = fetch(f"http://127.0.0.1:{env['PORT']}/", attempts=50)
        assert "Kooperationsbörse Barleben 2027" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, attempts: int) -> str:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture(scope="module")
def help_without_settings(
    tmp_path_factory: pytest.TempPathFactory,
) -> subprocess.CompletedProcess[str]:
    """`matchmaker --help` run once in a fresh shell: no MATCHMAKER_* settings, no
    DATABASE_URL, no FLASK_APP (the tests below read its answer)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHMAKER_")}
    env.pop("DATABASE_URL", None)
    env.pop("FLASK_APP", None)
    return subprocess.run(
        [Path(sys.executable).parent / "matchmaker", "--help"],
        env=env, cwd=tmp_path_factory.mktemp("help"), capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def test_help_without_any_settings_prints_the_help(
    help_without_settings: subprocess.CompletedProcess[str],
) -> None:
    """Issue 16, finding 5: `matchmaker --help` in a fresh shell (no secret key, production
    by default) printed a traceback from loading the app before the help."""
    result = help_without_settings
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "secret key" not in result.stderr


@pytest.mark.parametrize("command", ["upgrade", "demo", "serve", "create-staff", "worker"])
def test_help_without_any_settings_lists_the_command(
    help_without_settings: subprocess.CompletedProcess[str], command: str
) -> None:
    assert command in help_without_settings.stdout
