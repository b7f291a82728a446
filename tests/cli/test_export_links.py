"""`matchmaker export-links`: every firm's personal link for a mail merge, from the database."""

from __future__ import annotations

import csv
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Participant, ParticipantStatus

SLUG = "kooperationsboerse-barleben-2027"


def test_export_links_writes_one_working_link_per_firm(
    demo_app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with demo_app.app_context():
        firm = db.session.scalars(select(Participant).order_by(Participant.id)).first()
        assert firm is not None
        firm.status = ParticipantStatus.WITHDRAWN  # a withdrawn firm gets no link
        withdrawn = firm.external_id
        db.session.commit()
    out = tmp_path / "links.csv"
    result = runner.invoke(
        args=["export-links", SLUG, "-o", str(out), "--base-url", "https://boerse.example.org"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 65 personal links" in result.output
    with out.open(encoding="utf-8-sig", newline="") as f:  # Excel-friendly BOM
        rows = list(csv.DictReader(f))
    assert len(rows) == 65
    assert withdrawn not in {r["id"] for r in rows}
    assert list(rows[0]) == ["id", "name", "contact_person", "email", "link"]
    first = rows[0]
    assert first["link"].startswith("https://boerse.example.org/p/")
    token = first["link"].removeprefix("https://boerse.example.org/p/").rstrip("/")
    page = demo_app.test_client().get(f"/p/{token}/")
    assert page.status_code == 200
    assert first["name"] in page.get_data(as_text=True)


def test_export_links_as_xlsx(demo_app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "links.xlsx"
    result = runner.invoke(args=["export-links", SLUG, "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("id", "name", "contact_person", "email", "link")
    assert len(values) == 67
    assert str(values[1][4]).startswith("http://localhost/p/")  # the configured BASE_URL


def test_export_links_of_an_unknown_event(runner: FlaskCliRunner, tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    result = runner.invoke(args=["export-links", "nowhere", "-o", str(out)])
    assert result.exit_code != 0
    assert "no event with the short name 'nowhere'" in result.output
    assert not out.exists()
