"""Hostile input and the headers every answer carries: a CSP without inline script and
without framing, formula injection in exports made inert, uploads over the size limit
refused. The real app and database."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from flask import Flask

from matchmaker import PROJECT_ROOT, create_app
from matchmaker.extensions import db
from matchmaker.services.staff import create_staff
from tests.conftest import dispose, make_config, staff_login
from tests.factories import create_open_event, create_participant, link_token


@pytest.fixture
def sicher(app: Flask) -> str:
    """Event "sicher", open for registration, with a firm; its link's token."""
    with app.app_context():
        event = create_open_event(db.session(), "sicher")
        return link_token(create_participant(db.session(), event, "A"))


@pytest.mark.parametrize(
    "url", ["/", "/e/sicher", "/e/sicher/register", "/staff/login", "/static/style.css"]
)
def test_every_answer_carries_the_security_headers(app: Flask, sicher: str, url: str) -> None:
    response = app.test_client().get(url)
    response.close()  # the stylesheet is sent from an open file
    assert response.status_code == 200
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_a_firms_pages_are_kept_private_and_refer_nowhere(app: Flask, sicher: str) -> None:
    firm_page = app.test_client().get(f"/p/{sicher}/")
    assert firm_page.headers["Referrer-Policy"] == "same-origin"  # the link goes nowhere else
    assert firm_page.headers["Cache-Control"] == "private, no-store"


def test_no_template_has_inline_script() -> None:
    """Scripts come only from the app's static files (the CSP allows 'self' only): a template
    may load one by `src`, never hold script text."""
    loaded = re.compile(
        r"<script src=\"\{\{ url_for\('static', filename='[a-z_]+\.js'\) \}\}\" defer></script>"
    )
    templates = sorted((PROJECT_ROOT / "templates").rglob("*.html"))
    assert len(templates) > 40, "no templates found: has the folder moved?"
    for path in templates:
        text = loaded.sub("", path.read_text(encoding="utf-8"))
        assert "<script" not in text, path
        assert not re.search(r"\son[a-z]+\s*=", text), path  # no onclick= and the like


def test_exports_make_formulas_inert(app: Flask) -> None:
    with app.app_context():
        create_staff(db.session(), "s@amt.example", "s-password-123")
        event = create_open_event(db.session(), "formel")
        create_participant(db.session(), event, "A", name='=HYPERLINK("http://evil","x")',
                           contact_person="@SUM(1+1)")  # fmt: skip
        db.session.commit()
    web = app.test_client()
    assert staff_login(web, "s@amt.example", "s-password-123") == 303
    text = web.get("/staff/e/formel/export/firms.csv").data.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["name"].startswith("'=")
    assert row["contact_person"].startswith("'@")


def test_an_upload_over_the_size_limit_is_refused(tmp_path: Path, database: str) -> None:
    app = create_app(
        make_config(tmp_path, MAX_CONTENT_LENGTH=2048, SQLALCHEMY_DATABASE_URI=database)
    )
    with app.app_context():
        create_staff(db.session(), "s@amt.example", "s-password-123")
        create_open_event(db.session(), "gross")
        db.session.commit()
    web = app.test_client()
    staff_login(web, "s@amt.example", "s-password-123")
    response = web.post(
        "/staff/e/gross/import",
        data={"file": (io.BytesIO(b"id\n" + b"x" * 4096), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert not (tmp_path / "instance" / "uploads").exists()
    dispose(app)  # its database pool and its queue\'s connections
