"""Paper and the wide grid in a real browser (chromium through Playwright, against
gunicorn; skipped like tests/e2e/test_browser.py when chromium is missing): the printed table
plan and "all agendas" as PDF have a page per slot in use and per firm with meetings plus
one summary page, not a page per empty slot or per firm without meetings; the staff
timetable grid takes the screen's width (it was held to 60rem, about 930 px)."""

from __future__ import annotations

import re

from flask import Flask

from matchmaker.extensions import db
from matchmaker.models import Event, EventTable
from tests.e2e.test_browser import chromium
from tests.servers import Server
from tests.web.test_staff_paper import LOGIN, make_office


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_paper_and_the_grid_in_a_browser(app: Flask, server: Server) -> None:
    with app.app_context():
        make_office(db.session())
        event = db.session.query(Event).one()
        event.tables += [EventTable(number=n) for n in range(4, 13)]  # twelve tables
        db.session.commit()
    with chromium() as browser:
        page = browser.new_page(locale="de-DE", viewport={"width": 1600, "height": 900})
        page.goto(f"{server.url}/staff/login")
        page.get_by_label("E-Mail").fill(LOGIN[0])
        page.get_by_label("Passwort").fill(LOGIN[1])
        page.get_by_role("button", name="Anmelden").click()
        page.goto(f"{server.url}/staff/e/druck/timetable/2")
        main = page.locator("main").bounding_box()
        assert main is not None
        assert main["width"] > 1400, main  # the screen's width, not 60rem
        page.goto(f"{server.url}/staff/e/druck/print/plan")
        assert _pdf_pages(page.pdf(format="A4")) == 2  # the two slots with meetings
        page.goto(f"{server.url}/staff/e/druck/print/agendas")
        assert _pdf_pages(page.pdf(format="A4")) == 5  # A, B, C, D and the summary
