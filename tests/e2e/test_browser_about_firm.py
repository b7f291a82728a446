"""At a phone's width (390 px) in a real browser (see tests/e2e/test_browser.py), walk 16 #18 and
#19: the statistics' bar labels wrap instead of running under the bars, and the public page's
participant tables stack, every cell on the screen, nothing scrolling sideways."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import ViewportSize

from tests.e2e.test_browser import _staff_login, chromium
from tests.servers import Server
from tests.web.test_staff_about_firm import make_fair

PHONE = ViewportSize(width=390, height=844)


def test_statistics_and_public_tables_fit_a_phone(app: Flask, server: Server) -> None:
    make_fair(app)
    with chromium() as browser:
        page = browser.new_page(locale="de-DE", viewport=PHONE)
        _staff_login(page, server.url)
        page.goto(f"{server.url}/language/ru")
        page.goto(f"{server.url}/staff/e/omsk/stats")
        labels = page.locator("svg text.label")
        assert labels.count() >= 3
        words = "e => [...e.children].map(t => t.textContent).join(' ')"
        shown = [labels.nth(i).evaluate(words) for i in range(labels.count())]
        assert "Medizinische Gerätetechnik (DE)" in shown  # whole, on two lines
        for i in range(labels.count()):  # each label ends before the bars start (x = 120)
            assert labels.nth(i).evaluate("e => e.getBBox().x + e.getBBox().width") < 120, i
        page.goto(f"{server.url}/e/omsk")
        cells = page.locator("table.firms td")
        assert cells.count() == 2 * 4
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= PHONE["width"], i
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
