"""In a real browser (see tests/e2e/test_browser.py), walk 16, finding 8: staff follow the
checklist's step "Texts in other languages", give the fair's name in Russian, and a Russian
reader sees it as the public page's heading."""

from __future__ import annotations

from flask import Flask

from tests.e2e.test_browser import chromium, german_staff
from tests.servers import Server
from tests.web.test_event_texts import LOGIN, fair

__all__ = ["fair"]  # the fixture: a German fair with a Russian and a German firm


def test_staff_translate_the_fairs_name_from_the_checklist(
    app: Flask, server: Server, fair: dict[str, int]
) -> None:
    base = server.url
    with chromium() as browser:
        staff = german_staff(browser, base, LOGIN)
        staff.goto(f"{base}/staff/e/messe/")
        staff.locator("ol.steps").get_by_role("link", name="Texte in anderen Sprachen").click()
        staff.locator(f'[name="event-{fair["event"]}-name-ru"]').fill("Биржа Мессе")
        staff.get_by_role("button", name="Speichern").click()
        assert "gespeichert" in staff.content()
        reader = browser.new_page(locale="ru-RU")
        reader.goto(f"{base}/e/messe")
        assert reader.get_by_role("heading", level=1).inner_text() == "Биржа Мессе"
