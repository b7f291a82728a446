"""A Russian reader in a real browser (chromium, as in tests/e2e/test_browser.py) sees the fair's
texts in Russian: on the public event page and on the firm's own agenda and partner pages
(issue 16, finding 3, event side). Skipped, like the other journeys, without chromium."""

from __future__ import annotations

from flask import Flask

from matchmaker.extensions import db
from matchmaker.models import Participant
from tests.e2e.test_browser import chromium
from tests.factories import link_token
from tests.servers import Server
from tests.web.test_event_texts import fair, translate

__all__ = ["fair"]  # the fixture, shared with the page tests


def test_a_russian_reader_sees_the_fairs_texts_in_russian(
    app: Flask, fair: dict[str, int], public_server: Server
) -> None:
    translate(app, fair)
    with app.app_context():
        omsk = db.session.get(Participant, fair["ru"])
        assert omsk is not None
        token = link_token(omsk)
    base = public_server.url
    with chromium() as browser:
        page = browser.new_page(locale="ru-RU", ignore_https_errors=True)
        page.goto(f"{base}/e/messe")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("p.lead").inner_text() == "Компании встречаются."
        programme = page.locator("table.programme").inner_text()
        assert "Обед" in programme
        assert "Mittag" not in programme
        assert "Медицинская техника" in page.locator("ul.tags").inner_text()
        assert page.get_by_role("heading", name="Делегация Омска").is_visible()
        page.goto(f"{base}/p/{token}/agenda")
        table = page.locator("table.agenda").inner_text()
        assert "Медтехника 1" in table
        assert "Медицинская техника" in table
        page.goto(f"{base}/p/{token}/partners")
        sectors = page.locator("select#sector option").all_text_contents()
        assert "Медицинская техника" in sectors
